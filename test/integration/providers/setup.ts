// Shared set-up for the provider integration tests: the simulator, provider rows pointing at it, and helpers.
import type { ChatParams, Provider } from '../../../src/shared/domain';
import { defaultProviders } from '../../../src/main/core/providers/catalog';
import { createProviderClient } from '../../../src/main/core/providers/client';
import { ProviderError } from '../../../src/main/core/providers/errors';
import { RateLimiter } from '../../../src/main/core/providers/rateLimiter';
import type { ContextMessage, ProviderCredentials, ProviderDeps, ProviderEvent, TurnRequest } from '../../../src/main/core/providers/types';
import type { Simulator } from '../../sim/server';

export const SK = 'sk-test';

export function rows(sim: Simulator) {
  const [b, z, s] = defaultProviders(0) as [Provider, Provider, Provider];
  const { quotaUrl: _q, ...zOptions } = z.options;
  return {
    baystone: { ...b, baseUrl: sim.baseUrls.baystone },
    zyinfo: { ...z, baseUrl: sim.baseUrls.zyinfoOverseas, options: { ...zOptions, node: 'overseas', userid: 'u-1' } },
    zyinfoDomestic: { ...z, id: 'zyinfo-cn', baseUrl: sim.baseUrls.zyinfoDomestic, options: { ...zOptions, node: 'domestic', userid: 'u-1' } },
    szaiai: { ...s, baseUrl: sim.baseUrls.szaiai },
    szaiaiChat: { ...s, id: 'szaiai-chat', baseUrl: sim.baseUrls.szaiai, options: { ...s.options, endpoint: 'chat' } },
  };
}

export function credsFor(p: Provider): ProviderCredentials {
  return p.kind === 'zyinfo' ? { openid: 'test' } : { apiKey: SK };
}

export function defaultModel(p: Provider): string {
  return p.kind === 'zyinfo' ? 'qwen' : p.kind === 'szaiai' ? 'xiaoai-chat-v1' : 'gpt-4';
}

export function req(
  p: Provider,
  o: {
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
    provider: p,
    credentials: o.credentials ?? credsFor(p),
    model: o.model ?? defaultModel(p),
    system: o.system ?? '你是一个乐于助人的助手。',
    messages: o.messages ?? [{ role: 'user', parts: [{ type: 'text', text: '你好，请介绍一下你自己' }] }],
    params: o.params ?? {},
    signal: o.signal ?? new AbortController().signal,
    ...(o.loadImage ? { loadImage: o.loadImage } : {}),
  };
}

/** A sleep that returns at once but records the waits (abort honoured). */
export function instantSleep() {
  const waits: number[] = [];
  return {
    waits,
    sleep: async (ms: number, signal?: AbortSignal) => {
      waits.push(ms);
      if (signal?.aborted) throw new ProviderError('aborted');
    },
  };
}

export function clientFor(p: Provider, deps: ProviderDeps = {}) {
  return createProviderClient(p, { rateLimiter: new RateLimiter(), ...deps });
}

export interface Collected {
  events: ProviderEvent[];
  error?: ProviderError;
  text: (choice?: number) => string;
  reasoning: (choice?: number) => string;
  finish: (choice?: number) => string | undefined;
  usage: () => Extract<ProviderEvent, { type: 'usage' }> | undefined;
  retries: () => Array<Extract<ProviderEvent, { type: 'retry' }>>;
}

export async function run(it: AsyncIterable<ProviderEvent>): Promise<Collected> {
  const events: ProviderEvent[] = [];
  let error: ProviderError | undefined;
  try {
    for await (const e of it) events.push(e);
  } catch (e) {
    if (!(e instanceof ProviderError)) throw e;
    error = e;
  }
  const join = (type: 'text' | 'reasoning', choice: number) =>
    events
      .filter((e): e is Extract<ProviderEvent, { type: 'text' | 'reasoning' }> => e.type === type && e.choice === choice)
      .map((e) => e.text)
      .join('');
  return {
    events,
    ...(error ? { error } : {}),
    text: (choice = 0) => join('text', choice),
    reasoning: (choice = 0) => join('reasoning', choice),
    finish: (choice = 0) => events.find((e): e is Extract<ProviderEvent, { type: 'finish' }> => e.type === 'finish' && e.choice === choice)?.reason,
    usage: () => events.find((e): e is Extract<ProviderEvent, { type: 'usage' }> => e.type === 'usage'),
    retries: () => events.filter((e): e is Extract<ProviderEvent, { type: 'retry' }> => e.type === 'retry'),
  };
}
