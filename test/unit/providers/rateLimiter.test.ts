import { describe, expect, it } from 'vitest';
import { createProviderClient } from '../../../src/main/core/providers/client';
import { RateLimiter } from '../../../src/main/core/providers/rateLimiter';
import { ProviderError } from '../../../src/main/core/providers/errors';
import { collect, createFakeFetch } from './fakeFetch';
import { builtin, turn } from './helpers';

/** A fake clock whose sleep advances time instead of waiting. */
function fakeClock(start = 1_000_000) {
  let t = start;
  const sleeps: number[] = [];
  return {
    now: () => t,
    advance: (ms: number) => {
      t += ms;
    },
    sleeps,
    sleep: async (ms: number, signal?: AbortSignal) => {
      if (signal?.aborted) throw new ProviderError('aborted');
      sleeps.push(ms);
      t += ms;
    },
  };
}

describe('RateLimiter (sliding window)', () => {
  it('lets `limit` requests through per window, then waits for the oldest to leave', async () => {
    const clock = fakeClock();
    const rl = new RateLimiter(clock);
    for (let i = 0; i < 60; i++) {
      expect(await rl.acquire('szaiai', 60, 60_000)).toBe(0);
      clock.advance(100); // 60 requests over 6 s
    }
    // 61st at t0+6000: must wait until t0+60000.
    expect(await rl.acquire('szaiai', 60, 60_000)).toBe(54_000);
    expect(clock.sleeps).toEqual([54_000]);
    // The 62nd follows the second-oldest: t0+100+60000.
    expect(await rl.acquire('szaiai', 60, 60_000)).toBe(100);
  });

  it('keeps keys independent', async () => {
    const clock = fakeClock();
    const rl = new RateLimiter(clock);
    await rl.acquire('a', 1, 60_000);
    expect(await rl.acquire('b', 1, 60_000)).toBe(0);
    expect(await rl.acquire('a', 1, 60_000)).toBe(60_000);
  });

  it('concurrent waiters get successive slots (first come, first served)', async () => {
    let t = 0;
    const waits: number[] = [];
    const rl = new RateLimiter({
      now: () => t,
      sleep: async (ms) => {
        waits.push(ms);
      },
    });
    await rl.acquire('k', 2, 1000);
    t = 10;
    await rl.acquire('k', 2, 1000);
    t = 20;
    const [a, b, c] = await Promise.all([rl.acquire('k', 2, 1000), rl.acquire('k', 2, 1000), rl.acquire('k', 2, 1000)]);
    expect([a, b, c]).toEqual([980, 990, 1980]);
  });

  it('an abort while waiting rejects and gives the slot back', async () => {
    const rl = new RateLimiter({
      now: () => 0,
      sleep: (_ms, signal) =>
        new Promise((_r, reject) => signal?.addEventListener('abort', () => reject(new ProviderError('aborted')), { once: true })),
    });
    await rl.acquire('k', 1, 1000);
    const ac = new AbortController();
    const p = rl.acquire('k', 1, 1000, ac.signal);
    expect(rl.pending('k', 1000)).toBe(2);
    ac.abort();
    await expect(p).rejects.toMatchObject({ code: 'aborted' });
    expect(rl.pending('k', 1000)).toBe(1);
  });

  it('limit 0 means no limit', async () => {
    const rl = new RateLimiter({ now: () => 0 });
    for (let i = 0; i < 1000; i++) expect(await rl.acquire('k', 0, 60_000)).toBe(0);
  });
});

describe('rate limits in the client', () => {
  const anthropicOk = {
    kind: 'sse' as const,
    done: false,
    events: [
      { event: 'message_start', data: { type: 'message_start', message: { model: 'xiaoai-chat-v1' } } },
      { event: 'content_block_delta', data: { type: 'content_block_delta', delta: { type: 'text_delta', text: 'hi' } } },
      { event: 'message_stop', data: { type: 'message_stop' } },
    ],
  };

  it('szaiai: the 61st request within a minute waits (per provider)', async () => {
    const clock = fakeClock();
    const rl = new RateLimiter(clock);
    const p = builtin('szaiai');
    const f = createFakeFetch([anthropicOk]);
    const c = createProviderClient(p, { fetch: f.fetch, rateLimiter: rl });
    for (let i = 0; i < 61; i++) {
      const { error } = await collect(c.stream(turn(p, { model: 'xiaoai-chat-v1' })));
      expect(error).toBeUndefined();
    }
    expect(f.calls).toHaveLength(61);
    expect(clock.sleeps).toEqual([60_000]);
  });

  it('zyinfo: only baichuan is limited (60/min)', async () => {
    const clock = fakeClock();
    const rl = new RateLimiter(clock);
    const p = builtin('zyinfo');
    const f = createFakeFetch([{ kind: 'sse', events: [{ choices: [{ index: 0, delta: { content: 'x' }, finish_reason: 'stop' }] }] }]);
    const c = createProviderClient(p, { fetch: f.fetch, rateLimiter: rl });
    const creds = { openid: 'test' };
    for (let i = 0; i < 61; i++) await collect(c.stream(turn(p, { model: 'qwen', credentials: creds })));
    expect(clock.sleeps).toEqual([]);
    for (let i = 0; i < 61; i++) await collect(c.stream(turn(p, { model: 'baichuan', credentials: creds })));
    expect(clock.sleeps).toEqual([60_000]);
  });

  it('options.rateLimitPerMinute overrides the catalog', async () => {
    const clock = fakeClock();
    const rl = new RateLimiter(clock);
    const p = builtin('baystone', { options: { rateLimitPerMinute: 2 } });
    const f = createFakeFetch([{ kind: 'sse', events: [{ choices: [{ index: 0, delta: { content: 'x' }, finish_reason: 'stop' }] }] }]);
    const c = createProviderClient(p, { fetch: f.fetch, rateLimiter: rl });
    for (let i = 0; i < 3; i++) await collect(c.stream(turn(p)));
    expect(clock.sleeps).toEqual([60_000]);
  });
});
