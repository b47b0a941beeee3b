import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router-dom';
import type { ApiOutput } from '../../../shared/contract';
import type { Language, Theme } from '../../../shared/domain';
import { api } from '../api';
import { languages } from '../i18n';
import { useSettings } from '../settingsContext';
import { shortcutList } from '../shortcuts';
import { useProviders } from '../state/providers';
import { ProviderCard } from './ProviderCard';
import { DataSettings } from '../dataTransfer/DataSettings';

const themes: Theme[] = ['system', 'light', 'dark'];

export function SettingsPage() {
  const { t } = useTranslation();
  const { settings, update } = useSettings();
  const { providers } = useProviders();
  const [info, setInfo] = useState<ApiOutput<'app.info'> | null>(null);
  const [search] = useSearchParams();
  const focus = search.get('provider');

  useEffect(() => {
    void api.app.info().then(setInfo);
  }, []);

  return (
    <section className="settings-page page" data-testid="settings-page">
      <h1>{t('settings.title')}</h1>

      <fieldset>
        <legend>{t('settings.providers')}</legend>
        {info?.keychain === 'unavailable' && <p className="notice warn">{t('keys.keychainUnavailable')}</p>}
        {providers?.length === 0 && <p className="muted">{t('settings.noProviders')}</p>}
        <div className="provider-list">
          {providers?.map((state) => (
            <ProviderCard key={state.provider.id} state={state} highlighted={focus === state.provider.id} />
          ))}
        </div>
      </fieldset>

      <fieldset>
        <legend>{t('settings.appearance')}</legend>
        <label>
          <span className="field-label">{t('settings.language')}</span>
          <select data-testid="language-select" value={settings.language} onChange={(e) => void update({ language: e.target.value as Language })}>
            {languages.map((lang) => (
              <option key={lang} value={lang}>
                {t(`language.${lang}`)}
              </option>
            ))}
          </select>
        </label>
        <label>
          <span className="field-label">{t('settings.theme')}</span>
          <select data-testid="theme-select" value={settings.theme} onChange={(e) => void update({ theme: e.target.value as Theme })}>
            {themes.map((theme) => (
              <option key={theme} value={theme}>
                {t(`settings.themes.${theme}`)}
              </option>
            ))}
          </select>
        </label>
        <label>
          <span className="field-label">{t('settings.fontSize')}</span>
          <input type="range" min={12} max={22} value={settings.fontSize} data-testid="font-size" onChange={(e) => void update({ fontSize: Number(e.target.value) })} />
          <span>{settings.fontSize}px</span>
        </label>
      </fieldset>

      <fieldset>
        <legend>{t('settings.shortcuts')}</legend>
        <table className="shortcuts" data-testid="shortcuts">
          <tbody>
            {shortcutList.map((s) => (
              <tr key={s.id}>
                <td>
                  <kbd>{s.keys}</kbd>
                </td>
                <td>{t(`shortcuts.${s.id}`)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </fieldset>

      <DataSettings />

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
