// Providers with their credential state ("set / not set", never the secret), shared by the model picker, the
// parameters panel, settings and the first-run check.
import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import type { KeyStatus, Provider } from '../../../shared/domain';
import { api } from '../api';

export interface ProviderState {
  provider: Provider;
  apiKey: KeyStatus['state'];
  /** zyinfo only: the account id, kept in the keychain like a key. */
  openid: KeyStatus['state'] | null;
  /** Whether a request could be authorized (zyinfo needs an openid or the public test account). */
  configured: boolean;
}

interface ProvidersValue {
  providers: ProviderState[] | null;
  keychain: 'available' | 'unavailable' | null;
  reload(): Promise<void>;
}

const ProvidersContext = createContext<ProvidersValue | null>(null);

export function isConfigured(provider: Provider, apiKey: KeyStatus['state'], openid: KeyStatus['state'] | null): boolean {
  if (provider.kind === 'zyinfo') return provider.options.useTestAccount === true || (openid !== null && openid !== 'unset');
  return apiKey !== 'unset';
}

async function loadProviders(): Promise<ProviderState[]> {
  const list = await api.providers.list();
  return Promise.all(
    list.map(async (provider) => {
      const apiKey = (await api.keys.status({ providerId: provider.id })).state;
      const openid = provider.kind === 'zyinfo' ? (await api.keys.status({ providerId: provider.id, field: 'openid' })).state : null;
      return { provider, apiKey, openid, configured: isConfigured(provider, apiKey, openid) };
    }),
  );
}

export function ProvidersProvider({ children }: { children: ReactNode }) {
  const [providers, setProviders] = useState<ProviderState[] | null>(null);
  const [keychain, setKeychain] = useState<ProvidersValue['keychain']>(null);
  const reload = useCallback(async () => setProviders(await loadProviders()), []);
  useEffect(() => {
    void reload();
    void api.app.info().then((info) => setKeychain(info.keychain));
  }, [reload]);
  const value = useMemo(() => ({ providers, keychain, reload }), [providers, keychain, reload]);
  return <ProvidersContext.Provider value={value}>{children}</ProvidersContext.Provider>;
}

export function useProviders(): ProvidersValue {
  const value = useContext(ProvidersContext);
  if (!value) throw new Error('useProviders outside ProvidersProvider');
  return value;
}

const lastTargetKey = 'qiao.lastTarget';

/** Where a new chat goes: the model last picked, else the first gateway with credentials. */
export function defaultTarget(providers: ProviderState[] | null): { providerId?: string; model?: string } {
  try {
    const saved = JSON.parse(localStorage.getItem(lastTargetKey) ?? 'null') as { providerId?: unknown; model?: unknown } | null;
    const found = providers?.find((p) => p.provider.id === saved?.providerId && p.provider.enabled);
    if (found && typeof saved?.model === 'string') return { providerId: found.provider.id, model: saved.model };
  } catch {
    // A damaged value is ignored.
  }
  const configured = providers?.find((p) => p.configured && p.provider.enabled);
  return configured ? { providerId: configured.provider.id } : {};
}

export function rememberTarget(providerId: string, model: string | null): void {
  localStorage.setItem(lastTargetKey, JSON.stringify({ providerId, model }));
}
