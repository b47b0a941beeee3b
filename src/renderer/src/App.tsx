import { useEffect, useState } from 'react';
import { HashRouter, Route, Routes, useNavigate } from 'react-router-dom';
import { SettingsProvider } from './settingsContext';
import { Sidebar } from './components/Sidebar';
import { ChatPane } from './chat/ChatPane';
import { NewChat } from './chat/NewChat';
import { SettingsPage } from './settings/SettingsPage';
import { PresetsPage } from './presets/PresetsPage';
import { FirstRun, firstRunDismissed } from './firstRun/FirstRun';
import { ProvidersProvider, useProviders } from './state/providers';
import { ToastProvider } from './state/toast';
import { isShortcut } from './shortcuts';
import { SearchOverlay } from './search/SearchOverlay';
import { openSearchOverlay } from './search/searchOverlayState';

export function App() {
  return (
    <SettingsProvider>
      <ToastProvider>
        <ProvidersProvider>
          <HashRouter useTransitions={false}>
            <Shell />
          </HashRouter>
        </ProvidersProvider>
      </ToastProvider>
    </SettingsProvider>
  );
}

function Shell() {
  const { providers } = useProviders();
  const navigate = useNavigate();
  // Decided once, when the providers first load: deleting a key later in Settings must not swap the screen.
  const [setupNeeded, setSetupNeeded] = useState<boolean | null>(null);
  useEffect(() => {
    if (providers !== null && setupNeeded === null) setSetupNeeded(!providers.some((p) => p.configured) && !firstRunDismissed());
  }, [providers, setupNeeded]);

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (isShortcut(e, 'newChat')) navigate('/');
      else if (isShortcut(e, 'settings')) navigate('/settings');
      else if (isShortcut(e, 'presets')) navigate('/presets');
      else if (isShortcut(e, 'search')) openSearchOverlay();
      else return;
      e.preventDefault();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [navigate]);

  // Until the providers are known, show nothing rather than a screen that might be replaced at once.
  if (setupNeeded === null) return <div className="splash" data-testid="splash" />;
  // Nothing can be sent before some gateway has credentials: offer the short setup first.
  if (setupNeeded) return <FirstRun onDone={() => setSetupNeeded(false)} />;

  return (
    <div className="app-shell" data-testid="app-shell">
      <Sidebar />
      <main className="main-pane">
        <Routes>
          <Route path="/" element={<NewChat />} />
          <Route path="/c/:conversationId" element={<ChatPane />} />
          <Route path="/settings" element={<SettingsPage />} />
          <Route path="/presets" element={<PresetsPage />} />
        </Routes>
      </main>
      <SearchOverlay />
    </div>
  );
}
