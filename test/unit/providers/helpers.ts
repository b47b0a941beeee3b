import type { ChatParams, Provider } from '../../../src/shared/domain';
import { createCustomProvider, defaultProviders } from '../../../src/main/core/providers/catalog';
import type { ContextMessage, ProviderCredentials, TurnRequest } from '../../../src/main/core/providers/types';

export function builtin(kind: 'baystone' | 'zyinfo' | 'szaiai', patch: Partial<Provider> = {}): Provider {
  const p = defaultProviders(0).find((x) => x.kind === kind)!;
  return { ...p, ...patch, options: { ...p.options, ...(patch.options ?? {}) } };
}

export function custom(protocol: 'openai' | 'anthropic', baseUrl: string, options: Record<string, string | number | boolean> = {}): Provider {
  return createCustomProvider({ id: 'my-gw', name: 'Mine', protocol, baseUrl, models: ['m1'], options, now: 0 });
}

export function turn(
  provider: Provider,
  opts: {
    model?: string;
    params?: ChatParams;
    credentials?: ProviderCredentials;
    system?: string;
    messages?: ContextMessage[];
    signal?: AbortSignal;
    loadImage?: TurnRequest['loadImage'];
  } = {},
): TurnRequest {
  return {
    provider,
    credentials: opts.credentials ?? { apiKey: 'sk-unit-test-key-0123456789' },
    model: opts.model ?? 'gpt-4',
    system: opts.system ?? 'You are helpful.',
    messages: opts.messages ?? [{ role: 'user', parts: [{ type: 'text', text: '你好' }] }],
    params: opts.params ?? {},
    signal: opts.signal ?? new AbortController().signal,
    ...(opts.loadImage ? { loadImage: opts.loadImage } : {}),
  };
}

/** A sleep that records its calls and returns at once (abort still honoured). */
export function fakeSleep() {
  const calls: number[] = [];
  const sleep = async (ms: number, signal?: AbortSignal) => {
    calls.push(ms);
    if (signal?.aborted) {
      const { ProviderError } = await import('../../../src/main/core/providers/errors');
      throw new ProviderError('aborted');
    }
  };
  return { sleep, calls };
}
