import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ApiOutput } from '../../../shared/contract';
import type { KeyStatus, Language, Provider, Theme } from '../../../shared/domain';
import { api } from '../api';
import { languages } from '../i18n';
import { useSettings } from '../settingsContext';

const themes: Theme[] = ['system', 'light', 'dark'];

export function SettingsPage() {
  const { t } = useTranslation();
  const { settings, update } = useSettings();
  const [providers, setProviders] = useState<Array<{ provider: Provider; key: KeyStatus }>>([]);
  const [info, setInfo] = useState<ApiOutput<'app.info'> | null>(null);

  useEffect(() => {
    void api.app.info().then(setInfo);
    void api.providers.list().then(async (list) =>
      setProviders(await Promise.all(list.map(async (provider) => ({ provider, key: await api.keys.status({ providerId: provider.id }) })))),
    );
  }, []);

  return (
    <section className="settings-page" data-testid="settings-page">
      <h1>{t('settings.title')}</h1>

      <fieldset>
        <legend>{t('settings.appearance')}</legend>
        <label>
          {t('settings.language')}
          <select
            data-testid="language-select"
            value={settings.language}
            onChange={(e) => void update({ language: e.target.value as Language })}
          >
            {languages.map((lang) => (
              <option key={lang} value={lang}>
                {t(`language.${lang}`)}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t('settings.theme')}
          <select data-testid="theme-select" value={settings.theme} onChange={(e) => void update({ theme: e.target.value as Theme })}>
            {themes.map((theme) => (
              <option key={theme} value={theme}>
                {t(`settings.themes.${theme}`)}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t('settings.fontSize')}
          <input
            type="range"
            min={12}
            max={22}
            value={settings.fontSize}
            data-testid="font-size"
            onChange={(e) => void update({ fontSize: Number(e.target.value) })}
          />
          <span>{settings.fontSize}px</span>
        </label>
      </fieldset>

      <fieldset>
        <legend>{t('settings.providers')}</legend>
        {providers.length === 0 && <p className="muted">{t('settings.noProviders')}</p>}
        <ul className="provider-list">
          {providers.map(({ provider, key }) => (
            <li key={provider.id} data-testid="provider-row">
              <strong>{provider.name}</strong> <span className="muted">{provider.baseUrl}</span>
              <div>{t(`settings.keyState.${key.state}`)}</div>
            </li>
          ))}
        </ul>
      </fieldset>

      <fieldset>
        <legend>{t('settings.about')}</legend>
        {info && (
          <dl>
            <dt>{t('app.name')}</dt>
            <dd>{info.version}</dd>
            <dt>{t('settings.dataDir')}</dt>
            <dd data-testid="data-dir">{info.dataDir}</dd>
            <dt>{t('settings.keychain')}</dt>
            <dd>{t(`settings.keychainState.${info.keychain}`)}</dd>
          </dl>
        )}
      </fieldset>
    </section>
  );
}
