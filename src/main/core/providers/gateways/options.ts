// Reading gateway options (Provider.options holds strings, numbers and booleans) and shared gateway helpers.
import type { ModelInfo, Provider } from '../../../../shared/domain';
import { mergeModelInfo, rateLimitPerMinute } from '../catalog';
import { ProviderError, codeForStatus, gatewayMessageOf } from '../errors';
import { looksLikeReasoningModel } from '../reasoningSplitter';
import type { ProviderCredentials, RateLimitRule, TurnRequest } from '../types';

export function optString(provider: Provider, key: string): string | undefined {
  const v = provider.options[key];
  return typeof v === 'string' && v.trim() ? v.trim() : undefined;
}

export function optBool(provider: Provider, key: string, fallback: boolean): boolean {
  const v = provider.options[key];
  if (typeof v === 'boolean') return v;
  if (v === 'true') return true;
  if (v === 'false') return false;
  return fallback;
}

export function optNumber(provider: Provider, key: string): number | undefined {
  const v = provider.options[key];
  if (typeof v === 'number' && Number.isFinite(v)) return v;
  if (typeof v === 'string' && v.trim() && Number.isFinite(Number(v))) return Number(v);
  return undefined;
}

export function trimSlash(url: string): string {
  return url.trim().replace(/\/+$/, '');
}

/** Content is reasoning until `</think>`: options.implicitReasoning, else guessed from the model id (R1 & co). */
export function implicitReasoningFor(provider: Provider, model: string): boolean {
  return optBool(provider, 'implicitReasoning', looksLikeReasoningModel(model));
}

export function requireApiKey(req: Pick<TurnRequest, 'credentials'>): void {
  if (!req.credentials.apiKey || !req.credentials.apiKey.trim()) {
    throw new ProviderError('unauthorized', { message: 'No API key is set for this provider' });
  }
}

export function secretsOf(credentials: ProviderCredentials): string[] {
  return [credentials.apiKey, credentials.openid].filter((s): s is string => typeof s === 'string' && s.trim().length > 0);
}

/** The rate-limit rule for (provider, model) from the catalog / options. */
export function rateLimitRule(provider: Provider, model: string): RateLimitRule | null {
  const r = rateLimitPerMinute(provider, model);
  if (!r) return null;
  return { key: r.scope === 'model' ? `${provider.id}:${model}` : provider.id, limit: r.perMinute, windowMs: 60_000 };
}

/** Catalog models plus any the user added to the provider row (the row's edits win). */
export function catalogPlusOwn(provider: Provider, catalog: ModelInfo[]): ModelInfo[] {
  const out = catalog.map((m) => ({ ...m }));
  for (const own of provider.models) {
    const i = out.findIndex((m) => m.id === own.id);
    if (i >= 0) out[i] = { ...out[i]!, ...own };
    else out.push({ ...own });
  }
  return out;
}

/** Live ids merged with catalog knowledge and the row's own entries. */
export function liveModels(provider: Provider, ids: string[]): ModelInfo[] {
  return mergeModelInfo(provider.kind, ids).map((m) => {
    const own = provider.models.find((o) => o.id === m.id);
    return own ? { ...m, ...own } : m;
  });
}

/** A bounded GET for the small side endpoints (stop, quota). */
export async function sideRequest(
  fetchImpl: typeof fetch,
  url: string,
  secrets: string[],
  signal?: AbortSignal,
  timeoutMs = 15_000,
): Promise<Response> {
  const timeout = AbortSignal.timeout(timeoutMs);
  const res = await fetchImpl(url, {
    method: 'GET',
    headers: { Accept: 'application/json' },
    signal: signal ? AbortSignal.any([signal, timeout]) : timeout,
  });
  if (!res.ok) {
    const text = await res.text().catch(() => '');
    let body: unknown = text;
    try {
      body = JSON.parse(text);
    } catch {
      /* plain text */
    }
    const gatewayMessage = gatewayMessageOf(body);
    throw new ProviderError(codeForStatus(res.status), { status: res.status, ...(gatewayMessage ? { gatewayMessage } : {}), secrets });
  }
  return res;
}
