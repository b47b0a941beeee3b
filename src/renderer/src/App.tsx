import { HashRouter, Route, Routes } from 'react-router-dom';
import { SettingsProvider } from './settingsContext';
import { Sidebar } from './components/Sidebar';
import { ChatPane } from './routes/ChatPane';
import { SettingsPage } from './routes/SettingsPage';

export function App() {
  return (
    <SettingsProvider>
      <HashRouter>
        <div className="app-shell" data-testid="app-shell">
          <Sidebar />
          <main className="main-pane">
            <Routes>
              <Route path="/" element={<ChatPane />} />
              <Route path="/c/:conversationId" element={<ChatPane />} />
              <Route path="/settings" element={<SettingsPage />} />
            </Routes>
          </main>
        </div>
      </HashRouter>
    </SettingsProvider>
  );
}
