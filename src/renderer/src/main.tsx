import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App';
import { initI18n } from './i18n';
import { warmUpMarkdownWhenIdle } from './markdown/warmUp';
import './styles/app.css';

initI18n('zh-CN');
createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
// The first conversation opened should not pay for the Markdown pipeline's first run (see warmUp.tsx).
warmUpMarkdownWhenIdle();
