import { describe, expect, it } from 'vitest';
import { createProviderClient } from '../../../src/main/core/providers/client';
import { ProviderError } from '../../../src/main/core/providers/errors';
import { RateLimiter } from '../../../src/main/core/providers/rateLimiter';
import { abortableSleep, backoffDelay, retryDelay } from '../../../src/main/core/providers/retry';
import type { ProviderEvent } from '../../../src/main/core/providers/types';
import { chunk, collect, completion, createFakeFetch, type Step } from './fakeFetch';
import { builtin, fakeSleep, turn } from './helpers';

const baystone = builtin('baystone');
const ok: Step = { kind: 'sse', events: [chunk({ content: 'ok' }, { finish: 'stop' })] };
const status = (s: number, headers: Record<string, string> = {}): Step => ({
  kind: 'json',
  status: s,
  body: { error: { message: `status ${s}` } },
  headers,
});

function setup(script: Step[], extra: Parameters<typeof createProviderClient>[1] = {}) {
  const f = createFakeFetch(script);
  const s = fakeSleep();
  const c = createProviderClient(baystone, { fetch: f.fetch, sleep: s.sleep, rateLimiter: new RateLimiter(), ...extra });
  return { ...f, sleeps: s.calls, client: c };
}

const retries = (events: ProviderEvent[]) => events.filter((e): e is Extract<ProviderEvent, { type: 'retry' }> => e.type === 'retry');

describe('retry policy', () => {
  it('backs off 1 s, 2 s, 4 s', () => {
    expect([1, 2, 3].map((n) => backoffDelay(n))).toEqual([1000, 2000, 4000]);
  });

  it('retries only transient codes, only before content, at most 3 times; Retry-After wins', () => {
    const e = (code: ProviderError['code'], retryAfterMs?: number) =>
      new ProviderError(code, retryAfterMs !== undefined ? { retryAfterMs } : {});
    expect(retryDelay(e('rate_limited'), 0, false)).toBe(1000);
    expect(retryDelay(e('server_error'), 1, false)).toBe(2000);
    expect(retryDelay(e('upstream'), 2, false)).toBe(4000);
    expect(retryDelay(e('unavailable'), 3, false)).toBeNull();
    expect(retryDelay(e('network'), 0, true)).toBeNull();
    expect(retryDelay(e('rate_limited', 7000), 0, false)).toBe(7000);
    expect(retryDelay(e('rate_limited', 3_600_000), 0, false)).toBeNull();
    for (const code of ['bad_request', 'unauthorized', 'forbidden', 'not_found', 'stream_error', 'aborted', 'stalled'] as const) {
      expect(retryDelay(e(code), 0, false), code).toBeNull();
    }
  });

  it('abortableSleep ends promptly on abort', async () => {
    const ac = new AbortController();
    const t0 = Date.now();
    const p = abortableSleep(10_000, ac.signal);
    setTimeout(() => ac.abort(), 20);
    await expect(p).rejects.toMatchObject({ code: 'aborted' });
    expect(Date.now() - t0).toBeLessThan(1000);
  });
});

describe('client retries', () => {
  it.each([429, 500, 502, 503, 504])('retries %i then succeeds, with a retry event before the wait', async (s) => {
    const { client, calls, sleeps } = setup([status(s), ok]);
    const { events, error } = await collect(client.stream(turn(baystone)));
    expect(error).toBeUndefined();
    expect(calls).toHaveLength(2);
    expect(sleeps).toEqual([1000]);
    const r = retries(events);
    expect(r).toHaveLength(1);
    expect(r[0]).toMatchObject({ attempt: 1, delayMs: 1000 });
    expect(r[0]!.error.status).toBe(s);
    expect(events.findIndex((e) => e.type === 'retry')).toBeLessThan(events.findIndex((e) => e.type === 'text'));
  });

  it('waits 1 s, 2 s, 4 s and gives up after 3 retries', async () => {
    const { client, calls, sleeps } = setup([status(503), status(503), status(503), status(503), ok]);
    const { events, error } = await collect(client.stream(turn(baystone)));
    expect(calls).toHaveLength(4);
    expect(sleeps).toEqual([1000, 2000, 4000]);
    expect(retries(events).map((r) => r.attempt)).toEqual([1, 2, 3]);
    expect(error).toBeInstanceOf(ProviderError);
    expect((error as ProviderError).code).toBe('unavailable');
    expect((error as ProviderError).status).toBe(503);
  });

  it('Retry-After (seconds and HTTP date) wins over the schedule', async () => {
    const now = Date.UTC(2026, 0, 1, 0, 0, 0);
    const date = new Date(now + 5000).toUTCString();
    const { client, sleeps } = setup([status(429, { 'retry-after': '3' }), status(429, { 'retry-after': date }), ok], { now: () => now });
    const { error } = await collect(client.stream(turn(baystone)));
    expect(error).toBeUndefined();
    expect(sleeps).toEqual([3000, 5000]);
  });

  it.each([
    [400, 'bad_request'],
    [401, 'unauthorized'],
    [403, 'forbidden'],
    [404, 'not_found'],
    [413, 'payload_too_large'],
  ])('never retries %i (→ %s)', async (s, code) => {
    const { client, calls, sleeps } = setup([status(s), ok]);
    const { events, error } = await collect(client.stream(turn(baystone)));
    expect(calls).toHaveLength(1);
    expect(sleeps).toEqual([]);
    expect(retries(events)).toHaveLength(0);
    expect(error).toMatchObject({ code, status: s, retryable: false });
  });

  it('retries connection errors', async () => {
    const { client, calls } = setup([{ kind: 'network-error' }, ok]);
    const { error } = await collect(client.stream(turn(baystone)));
    expect(error).toBeUndefined();
    expect(calls).toHaveLength(2);
  });

  it('never retries once text was emitted (no duplicated text)', async () => {
    const { client, calls } = setup([{ kind: 'sse', events: [chunk({ content: '一半' }), chunk({ content: '的' })], dropAfter: 1 }, ok]);
    const { events, error } = await collect(client.stream(turn(baystone)));
    expect(calls).toHaveLength(1);
    expect(events.filter((e) => e.type === 'text').map((e) => (e as { text: string }).text).join('')).toBe('一半');
    expect((error as ProviderError).code).toBe('network');
  });

  it('a drop before any content is retried', async () => {
    const { client, calls } = setup([{ kind: 'sse', events: [chunk({ content: 'x' })], dropAfter: 0 }, ok]);
    const { error } = await collect(client.stream(turn(baystone)));
    expect(error).toBeUndefined();
    expect(calls).toHaveLength(2);
  });

  it('abort during the retry wait ends promptly with aborted', async () => {
    const f = createFakeFetch([status(503), ok]);
    const c = createProviderClient(baystone, { fetch: f.fetch, rateLimiter: new RateLimiter() });
    const ac = new AbortController();
    const t0 = Date.now();
    const it = c.stream(turn(baystone, { signal: ac.signal }))[Symbol.asyncIterator]();
    const first = await it.next();
    expect(first.value).toMatchObject({ type: 'retry', delayMs: 1000 });
    setTimeout(() => ac.abort(), 30);
    await expect(it.next()).rejects.toMatchObject({ code: 'aborted' });
    expect(Date.now() - t0).toBeLessThan(800);
    expect(f.calls).toHaveLength(1);
  });

  it('a non-streamed reply is retried the same way', async () => {
    const { client, calls } = setup([status(502), { kind: 'json', body: completion('好') }]);
    const { events, error } = await collect(client.stream(turn(baystone, { params: { stream: false } })));
    expect(error).toBeUndefined();
    expect(calls).toHaveLength(2);
    expect(events).toContainEqual({ type: 'text', choice: 0, text: '好' });
  });
});

describe('stall and abort', () => {
  it('no bytes for stallTimeoutMs → stalled (after partial text), request aborted', async () => {
    const f = createFakeFetch([{ kind: 'sse', events: [chunk({ content: '开始' }), chunk({ content: '永远不来' })], hangAfter: 1 }]);
    const c = createProviderClient(baystone, { fetch: f.fetch, stallTimeoutMs: 150, rateLimiter: new RateLimiter() });
    const t0 = Date.now();
    const { events, error } = await collect(c.stream(turn(baystone)));
    expect(events).toEqual([{ type: 'text', choice: 0, text: '开始' }]);
    expect(error).toMatchObject({ code: 'stalled', retryable: true });
    expect(Date.now() - t0).toBeLessThan(2000);
  });

  it('no response at all → stalled, not retried automatically', async () => {
    const f = createFakeFetch([{ kind: 'hang' }, ok]);
    const c = createProviderClient(baystone, { fetch: f.fetch, stallTimeoutMs: 100, rateLimiter: new RateLimiter() });
    const { error } = await collect(c.stream(turn(baystone)));
    expect(error).toMatchObject({ code: 'stalled' });
    expect(f.calls).toHaveLength(1);
  });

  it('provider.options.stallTimeoutMs overrides the default', async () => {
    const p = builtin('baystone', { options: { stallTimeoutMs: 80 } });
    const f = createFakeFetch([{ kind: 'hang' }]);
    const c = createProviderClient(p, { fetch: f.fetch, rateLimiter: new RateLimiter() });
    const t0 = Date.now();
    const { error } = await collect(c.stream(turn(p)));
    expect(error).toMatchObject({ code: 'stalled' });
    expect(Date.now() - t0).toBeLessThan(1500);
  });

  it('user abort mid-stream → aborted, with the partial text delivered', async () => {
    const f = createFakeFetch([{ kind: 'sse', events: [chunk({ content: 'a' }), chunk({ content: 'b' })], hangAfter: 1 }]);
    const c = createProviderClient(baystone, { fetch: f.fetch, rateLimiter: new RateLimiter() });
    const ac = new AbortController();
    const events: ProviderEvent[] = [];
    let error: unknown;
    try {
      for await (const e of c.stream(turn(baystone, { signal: ac.signal }))) {
        events.push(e);
        setTimeout(() => ac.abort(), 10);
      }
    } catch (e) {
      error = e;
    }
    expect(events).toEqual([{ type: 'text', choice: 0, text: 'a' }]);
    expect(error).toMatchObject({ code: 'aborted' });
  });

  it('an already aborted signal sends nothing', async () => {
    const f = createFakeFetch([ok]);
    const c = createProviderClient(baystone, { fetch: f.fetch, rateLimiter: new RateLimiter() });
    const ac = new AbortController();
    ac.abort();
    const { error } = await collect(c.stream(turn(baystone, { signal: ac.signal })));
    expect(error).toMatchObject({ code: 'aborted' });
    expect(f.calls).toHaveLength(0);
  });
});
