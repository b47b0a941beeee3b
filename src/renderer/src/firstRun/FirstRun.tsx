// First run: no gateway has credentials yet. Pick one and enter its key (kept in the system keychain), or try
// zyinfo's public test account.
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Provider } from '../../../shared/domain';
import { api } from '../api';
import { languages } from '../i18n';
import { saveSecret } from '../settings/keychain';
import { rememberTarget, useProviders } from '../state/providers';
import { useSettings } from '../settingsContext';

const skippedKey = 'qiao.firstRunSkipped';

export function firstRunDismissed(): boolean {
  return localStorage.getItem(skippedKey) === '1';
}

export function FirstRun({ onDone }: { onDone(): void }) {
  const { t } = useTranslation();
  const { providers, reload } = useProviders();
  const { settings, update } = useSettings();
  const builtins = (providers ?? []).filter((p) => p.provider.kind !== 'custom');
  const [chosen, setChosen] = useState<string | null>(null);
  const provider = builtins.find((p) => p.provider.id === chosen)?.provider ?? null;

  const finish = async (p: Provider) => {
    rememberTarget(p.id, null);
    await reload();
    onDone();
  };

  return (
    <div className="first-run" data-testid="first-run">
      <div className="first-run-card">
        <div className="first-run-top">
          <div className="hero-mark" aria-hidden>
            桥
          </div>
          <select value={settings.language} onChange={(e) => void update({ language: e.target.value as (typeof languages)[number] })} aria-label={t('settings.language')} data-testid="first-run-language">
            {languages.map((lang) => (
              <option key={lang} value={lang}>
                {t(`language.${lang}`)}
              </option>
            ))}
          </select>
        </div>
        <h1>{t('firstRun.title')}</h1>
        <p className="muted">{t('firstRun.intro')}</p>
        <div className="gateway-cards">
          {builtins.map(({ provider: p }) => (
            <button type="button" key={p.id} className={`gateway-card ${chosen === p.id ? 'selected' : ''}`} onClick={() => setChosen(p.id)} data-testid="first-run-gateway" data-provider={p.id}>
              <strong>{p.name}</strong>
              <span className="muted small">{t(`firstRun.gateway.${p.kind}`)}</span>
            </button>
          ))}
        </div>
        {provider && <CredentialForm key={provider.id} provider={provider} onSaved={() => void finish(provider)} />}
        <button
          type="button"
          className="link-button"
          onClick={() => {
            localStorage.setItem(skippedKey, '1');
            onDone();
          }}
          data-testid="first-run-skip"
        >
          {t('firstRun.skip')}
        </button>
      </div>
    </div>
  );
}

function CredentialForm({ provider, onSaved }: { provider: Provider; onSaved(): void }) {
  const { t } = useTranslation();
  const zyinfo = provider.kind === 'zyinfo';
  const field = zyinfo ? 'openid' : 'apiKey';
  const [secret, setSecret] = useState('');
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<{ message: string; keychainUnavailable: boolean } | null>(null);

  const save = async (sessionOnly: boolean) => {
    setBusy(true);
    const outcome = await saveSecret(provider.id, secret.trim(), field, sessionOnly);
    setBusy(false);
    if (outcome.ok) onSaved();
    else setProblem(outcome);
  };

  const chooseTestAccount = async () => {
    setBusy(true);
    await api.providers.update({ id: provider.id, options: { useTestAccount: true } });
    setBusy(false);
    onSaved();
  };

  return (
    <form
      className="credential-form"
      onSubmit={(e) => {
        e.preventDefault();
        if (secret.trim()) void save(false);
      }}
    >
      <label htmlFor="first-run-secret">{t(zyinfo ? 'firstRun.openidLabel' : 'firstRun.keyLabel', { name: provider.name })}</label>
      <input
        id="first-run-secret"
        type="password"
        autoComplete="off"
        spellCheck={false}
        value={secret}
        onChange={(e) => setSecret(e.target.value)}
        placeholder={zyinfo ? 'openid' : 'sk-…'}
        data-testid="first-run-secret"
        autoFocus
      />
      <p className="muted small">{t('firstRun.keychainNote')}</p>
      {problem && (
        <div className="notice error" role="alert" data-testid="first-run-error">
          <p>{problem.keychainUnavailable ? t('keys.keychainUnavailable') : problem.message}</p>
          {problem.keychainUnavailable && (
            <button type="button" onClick={() => void save(true)} disabled={busy} data-testid="first-run-session-only">
              {t('keys.sessionOnly')}
            </button>
          )}
        </div>
      )}
      <div className="form-actions">
        <button type="submit" className="primary" disabled={busy || !secret.trim()} data-testid="first-run-save">
          {t('firstRun.save')}
        </button>
        {zyinfo && (
          <button type="button" onClick={() => void chooseTestAccount()} disabled={busy} data-testid="first-run-test-account">
            {t('firstRun.testAccount')}
          </button>
        )}
      </div>
      {zyinfo && <p className="muted small">{t('firstRun.testAccountNote')}</p>}
    </form>
  );
}
