// One gateway in Settings: credentials (state only, never the secret), base URL, zyinfo's account options,
// connection test, quota and the model list.
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { KeyStatus } from '../../../shared/domain';
import { api } from '../api';
import { useProviders, type ProviderState } from '../state/providers';
import { saveSecret } from './keychain';

/** zyinfo's two nodes as its document names them (the overseas one streams). */
const zyinfoNodes = { overseas: 'https://v.stylee.top:8899', domestic: 'https://ai.zyinfo.pro:8882' } as const;

function SecretField({ providerId, field, state, label, onChanged }: { providerId: string; field: 'apiKey' | 'openid'; state: KeyStatus['state']; label: string; onChanged(): void }) {
  const { t } = useTranslation();
  const [value, setValue] = useState('');
  const [problem, setProblem] = useState<{ message: string; keychainUnavailable: boolean } | null>(null);
  const [busy, setBusy] = useState(false);

  const save = async (sessionOnly: boolean) => {
    setBusy(true);
    const outcome = await saveSecret(providerId, value.trim(), field, sessionOnly);
    setBusy(false);
    if (outcome.ok) {
      setValue('');
      setProblem(null);
      onChanged();
    } else setProblem(outcome);
  };
  const remove = async () => {
    setBusy(true);
    try {
      await api.keys.delete({ providerId, field });
      onChanged();
    } catch (e) {
      setProblem({ message: (e as Error).message, keychainUnavailable: false });
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="secret-field" data-testid={`secret-${field}`}>
      <div className="row">
        <span className="field-label">{label}</span>
        <span className={`key-state ${state}`} data-testid={`${field}-state`} data-state={state}>
          {t(`settings.keyState.${state}`)}
        </span>
      </div>
      <form
        className="row"
        onSubmit={(e) => {
          e.preventDefault();
          if (value.trim()) void save(false);
        }}
      >
        <input
          type="password"
          autoComplete="off"
          spellCheck={false}
          value={value}
          placeholder={state === 'unset' ? t('keys.enter') : t('keys.replacePlaceholder')}
          onChange={(e) => setValue(e.target.value)}
          data-testid={`${field}-input`}
        />
        <button type="submit" className="primary" disabled={busy || !value.trim()} data-testid={`${field}-save`}>
          {state === 'unset' ? t('keys.save') : t('keys.replace')}
        </button>
        {state !== 'unset' && (
          <button type="button" className="danger-outline" disabled={busy} onClick={() => void remove()} data-testid={`${field}-delete`}>
            {t('keys.delete')}
          </button>
        )}
      </form>
      {problem && (
        <div className="notice error" role="alert">
          <p>{problem.keychainUnavailable ? t('keys.keychainUnavailable') : problem.message}</p>
          {problem.keychainUnavailable && (
            <button type="button" disabled={busy} onClick={() => void save(true)} data-testid={`${field}-session-only`}>
              {t('keys.sessionOnly')}
            </button>
          )}
        </div>
      )}
    </div>
  );
}

type Outcome = { ok: boolean; text: string } | null;

export function ProviderCard({ state, highlighted }: { state: ProviderState; highlighted: boolean }) {
  const { t } = useTranslation();
  const { reload } = useProviders();
  const { provider } = state;
  const [baseUrl, setBaseUrl] = useState(provider.baseUrl);
  const [userid, setUserid] = useState(String(provider.options.userid ?? ''));
  const [test, setTest] = useState<Outcome>(null);
  const [quota, setQuota] = useState<Record<string, unknown> | string | null>(null);
  const [modelsOutcome, setModelsOutcome] = useState<Outcome>(null);
  const [busy, setBusy] = useState<string | null>(null);
  const [showModels, setShowModels] = useState(false);
  const ref = useRef<HTMLElement>(null);
  const zyinfo = provider.kind === 'zyinfo';

  useEffect(() => setBaseUrl(provider.baseUrl), [provider.baseUrl]);
  useEffect(() => {
    if (highlighted) ref.current?.scrollIntoView({ block: 'start' });
  }, [highlighted]);

  const run = async <T,>(name: string, work: () => Promise<T>): Promise<T | undefined> => {
    setBusy(name);
    try {
      return await work();
    } finally {
      setBusy(null);
    }
  };
  const update = (patch: Omit<Parameters<typeof api.providers.update>[0] & object, 'id'>) =>
    run('update', async () => {
      await api.providers.update({ id: provider.id, ...patch });
      await reload();
    });

  const testConnection = () =>
    run('test', async () => {
      try {
        const result = await api.providers.test({ id: provider.id });
        setTest({ ok: true, text: t('providers.testOk', { ms: Math.round(result.latencyMs), detail: result.detail }) });
      } catch (e) {
        setTest({ ok: false, text: (e as Error).message });
      }
    });
  const loadQuota = () =>
    run('quota', async () => {
      try {
        setQuota(await api.providers.quota({ id: provider.id }));
      } catch (e) {
        setQuota((e as Error).message);
      }
    });
  const refreshModels = () =>
    run('models', async () => {
      try {
        const fresh = await api.providers.refreshModels({ id: provider.id });
        setModelsOutcome({ ok: true, text: t('providers.modelsRefreshed', { count: fresh.models.length }) });
        await reload();
      } catch (e) {
        setModelsOutcome({ ok: false, text: (e as Error).message });
      }
    });

  return (
    <section ref={ref} className={`provider-card ${highlighted ? 'highlighted' : ''} ${provider.enabled ? '' : 'disabled'}`} data-testid="provider-row" data-provider={provider.id}>
      <header>
        <div>
          <h3>{provider.name}</h3>
          <span className="muted small">{t(`providers.protocol.${provider.protocol}`)}</span>
        </div>
        <span className={`badge ${state.configured ? 'ok' : 'warn'}`} data-testid="provider-configured">
          {state.configured ? t('providers.ready') : t('providers.notReady')}
        </span>
        <label className="switch">
          <input type="checkbox" checked={provider.enabled} onChange={(e) => void update({ enabled: e.target.checked })} data-testid="provider-enabled" />
          {t('providers.enabled')}
        </label>
      </header>

      <SecretField providerId={provider.id} field="apiKey" state={state.apiKey} label={zyinfo ? t('providers.apiKeyOptional') : t('providers.apiKey')} onChanged={() => void reload()} />

      {zyinfo && (
        <div className="zyinfo-account">
          <SecretField providerId={provider.id} field="openid" state={state.openid ?? 'unset'} label={t('providers.openid')} onChanged={() => void reload()} />
          <label className="switch">
            <input
              type="checkbox"
              checked={provider.options.useTestAccount === true}
              onChange={(e) => void update({ options: { useTestAccount: e.target.checked ? true : null } })}
              data-testid="use-test-account"
            />
            {t('providers.useTestAccount')}
          </label>
          <div className="row">
            <label className="field-label" htmlFor={`${provider.id}-userid`}>
              {t('providers.userid')}
            </label>
            <input id={`${provider.id}-userid`} value={userid} onChange={(e) => setUserid(e.target.value)} data-testid="zyinfo-userid" />
            <button type="button" disabled={userid === String(provider.options.userid ?? '')} onClick={() => void update({ options: { userid: userid.trim() || null } })}>
              {t('common.save')}
            </button>
          </div>
          <div className="row">
            <label className="field-label" htmlFor={`${provider.id}-node`}>
              {t('providers.node')}
            </label>
            <select
              id={`${provider.id}-node`}
              value={provider.options.node === 'domestic' ? 'domestic' : 'overseas'}
              onChange={(e) => {
                const node = e.target.value as keyof typeof zyinfoNodes;
                void update({ options: { node }, baseUrl: zyinfoNodes[node] });
              }}
              data-testid="zyinfo-node"
            >
              <option value="overseas">{t('providers.nodeOverseas')}</option>
              <option value="domestic">{t('providers.nodeDomestic')}</option>
            </select>
          </div>
        </div>
      )}

      <div className="row">
        <label className="field-label" htmlFor={`${provider.id}-url`}>
          {t('providers.baseUrl')}
        </label>
        <input id={`${provider.id}-url`} value={baseUrl} onChange={(e) => setBaseUrl(e.target.value)} spellCheck={false} data-testid="provider-base-url" />
        <button type="button" disabled={baseUrl.trim() === provider.baseUrl || busy !== null} onClick={() => void update({ baseUrl: baseUrl.trim() }).catch((e: Error) => setTest({ ok: false, text: e.message }))} data-testid="provider-base-url-save">
          {t('common.save')}
        </button>
      </div>

      <div className="row actions">
        <button type="button" disabled={busy !== null} onClick={() => void testConnection()} data-testid="provider-test">
          {busy === 'test' ? t('providers.testing') : t('providers.test')}
        </button>
        {zyinfo && (
          <button type="button" disabled={busy !== null} onClick={() => void loadQuota()} data-testid="provider-quota">
            {t('providers.quota')}
          </button>
        )}
        <button type="button" disabled={busy !== null} onClick={() => void refreshModels()} data-testid="provider-refresh-models">
          {t('providers.refreshModels')}
        </button>
        <button type="button" className="ghost" onClick={() => setShowModels(!showModels)} aria-expanded={showModels} data-testid="provider-models-toggle">
          {t('providers.models', { count: provider.models.length })} {showModels ? '▾' : '▸'}
        </button>
      </div>
      {test && (
        <p className={test.ok ? 'ok small' : 'error small'} role="status" data-testid="provider-test-result">
          {test.ok ? '✓ ' : '✗ '}
          {test.text}
        </p>
      )}
      {modelsOutcome && <p className={modelsOutcome.ok ? 'ok small' : 'error small'}>{modelsOutcome.text}</p>}
      {quota !== null &&
        (typeof quota === 'string' ? (
          <p className="error small">{quota}</p>
        ) : (
          <dl className="quota" data-testid="provider-quota-result">
            {Object.entries(quota)
              .filter(([key]) => key !== 'openid')
              .map(([key, value]) => (
                <div key={key} className="quota-item">
                  <dt>{t(`providers.quotaField.${key}`, { defaultValue: key })}</dt>
                  <dd>{typeof value === 'object' ? JSON.stringify(value) : String(value)}</dd>
                </div>
              ))}
          </dl>
        ))}
      {showModels && (
        <ul className="model-list" data-testid="provider-models">
          {provider.models.map((m) => (
            <li key={m.id}>
              <code>{m.id}</code> {m.label && m.label !== m.id && <span className="muted">{m.label}</span>}
              {m.note && <span className="muted small"> · {m.note}</span>}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
