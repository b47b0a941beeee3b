import { createContext, useCallback, useContext, useEffect, useState, type ReactNode } from 'react';
import { defaultSettings, type Settings } from '../../shared/domain';
import { api } from './api';
import { applyLanguage } from './i18n';
import { applyTheme } from './theme';

interface SettingsState {
  settings: Settings;
  loaded: boolean;
  update(patch: Partial<Settings>): Promise<void>;
}

const SettingsContext = createContext<SettingsState | null>(null);

export function SettingsProvider({ children }: { children: ReactNode }) {
  const [settings, setSettings] = useState<Settings>(defaultSettings);
  const [loaded, setLoaded] = useState(false);

  useEffect(() => {
    api.settings.get().then(
      (value) => {
        setSettings(value);
        setLoaded(true);
      },
      () => setLoaded(true),
    );
  }, []);

  useEffect(() => applyTheme(settings.theme), [settings.theme]);
  useEffect(() => applyLanguage(settings.language), [settings.language]);
  useEffect(() => {
    document.documentElement.style.setProperty('--font-size', `${settings.fontSize}px`);
  }, [settings.fontSize]);

  const update = useCallback(async (patch: Partial<Settings>) => {
    setSettings((current) => ({ ...current, ...patch }));
    setSettings(await api.settings.update(patch));
  }, []);

  return <SettingsContext.Provider value={{ settings, loaded, update }}>{children}</SettingsContext.Provider>;
}

export function useSettings(): SettingsState {
  const state = useContext(SettingsContext);
  if (!state) throw new Error('useSettings outside SettingsProvider');
  return state;
}
