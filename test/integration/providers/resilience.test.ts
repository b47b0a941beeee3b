// Errors, retries, drops, stalls and aborts, for every gateway, against the provider simulator.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startSimulator, type Simulator } from '../../sim/server';
import type { ProviderEvent } from '../../../src/main/core/providers/types';
import { clientFor, instantSleep, req, rows, run } from './setup';

let sim: Simulator;
let P: ReturnType<typeof rows>;

beforeAll(async () => {
  sim = await startSimulator();
  P = rows(sim);
});
afterAll(async () => {
  await sim.close();
});
beforeEach(() => sim.reset());

const all = ['baystone', 'zyinfo', 'zyinfoDomestic', 'szaiai', 'szaiaiChat'] as const;
const streaming = ['baystone', 'zyinfo', 'szaiai', 'szaiaiChat'] as const;

describe.each(all)('%s: error statuses', (name) => {
  it.each([
    [400, 'bad_request', false],
    [401, 'unauthorized', false],
    [403, 'forbidden', false],
    [404, 'not_found', false],
    [413, 'payload_too_large', false],
    [429, 'rate_limited', true],
    [500, 'server_error', true],
    [502, 'upstream', true],
    [503, 'unavailable', true],
  ] as const)('HTTP %i → %s', async (status, code, retried) => {
    const fault = { status, errorMessage: `网关说：${status}` };
    sim.enqueue(fault, fault, fault, fault);
    const sleep = instantSleep();
    const r = await run(clientFor(P[name], { sleep: sleep.sleep }).stream(req(P[name])));
    expect(r.error).toMatchObject({ code, status, gatewayMessage: `网关说：${status}`, retryable: retried });
    expect(sim.chatRequests()).toHaveLength(retried ? 4 : 1);
    expect(sleep.waits).toEqual(retried ? [1000, 2000, 4000] : []);
    expect(r.text()).toBe('');
  });

  it('the first error’s gateway message is kept (Chinese text intact)', async () => {
    sim.enqueue({ status: 400, errorMessage: '参数错误：temperature 超出范围' });
    const r = await run(clientFor(P[name]).stream(req(P[name])));
    expect(r.error?.gatewayMessage).toBe('参数错误：temperature 超出范围');
    expect(r.error?.message).toContain('参数错误');
  });

  it('a wrong credential → unauthorized with nothing retried', async () => {
    const creds = name.startsWith('zyinfo') ? { openid: 'wrong-openid-123' } : { apiKey: 'sk-wrong-key-0123456789' };
    const r = await run(clientFor(P[name]).stream(req(P[name], { credentials: creds })));
    expect(r.error).toMatchObject({ code: 'unauthorized', status: 401 });
    expect(sim.chatRequests()).toHaveLength(1);
    expect(r.error!.message).not.toContain(Object.values(creds)[0]);
  });

  it('503 then success: retry event, then the reply', async () => {
    sim.enqueue({ status: 503 }, { text: '恢复了' });
    const sleep = instantSleep();
    const r = await run(clientFor(P[name], { sleep: sleep.sleep }).stream(req(P[name])));
    expect(r.error).toBeUndefined();
    expect(r.text()).toBe('恢复了');
    expect(r.retries()).toHaveLength(1);
    expect(r.retries()[0]).toMatchObject({ attempt: 1, delayMs: 1000, error: { code: 'unavailable', status: 503 } });
    expect(r.events[0]!.type).toBe('retry');
  });

  it('Retry-After wins over the schedule', async () => {
    sim.enqueue({ status: 429, retryAfter: '2' }, {});
    const sleep = instantSleep();
    const r = await run(clientFor(P[name], { sleep: sleep.sleep }).stream(req(P[name])));
    expect(r.error).toBeUndefined();
    expect(sleep.waits).toEqual([2000]);
  });
});

describe.each(streaming)('%s: faults mid-stream', (name) => {
  it('drop after some deltas → the partial text, then network error, no retry', async () => {
    sim.enqueue({ text: '连接将在中途断开，剩下的不会到达。', chunkSize: 3, dropAfterChunks: 2 }, {});
    const r = await run(clientFor(P[name], { sleep: instantSleep().sleep }).stream(req(P[name])));
    expect(r.text()).toBe('连接将在中途');
    expect(r.error).toMatchObject({ code: 'network' });
    expect(sim.chatRequests()).toHaveLength(1);
  });

  it('drop before any delta → retried (nothing was shown)', async () => {
    sim.enqueue({ dropAfterChunks: 0 }, { text: '第二次成功' });
    const r = await run(clientFor(P[name], { sleep: instantSleep().sleep }).stream(req(P[name])));
    expect(r.error).toBeUndefined();
    expect(r.text()).toBe('第二次成功');
    expect(sim.chatRequests()).toHaveLength(2);
  });

  it('stall → stalled after stallTimeoutMs, with the partial text, request aborted', async () => {
    sim.enqueue({ text: '说到一半就卡住了', chunkSize: 2, stallAfterChunks: 2 });
    const t0 = Date.now();
    const r = await run(clientFor(P[name], { stallTimeoutMs: 400 }).stream(req(P[name])));
    const took = Date.now() - t0;
    expect(r.text()).toBe('说到一半');
    expect(r.error).toMatchObject({ code: 'stalled', retryable: true });
    expect(took).toBeGreaterThanOrEqual(350);
    expect(took).toBeLessThan(3000);
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(sim.chatRequests()[0]!.outcome).toBe('stalled');
  });

  it('slow but steady streams are not stalled', async () => {
    sim.enqueue({ text: '慢慢来，每一块都按时到达。', chunkSize: 2, delayMs: 150 });
    const r = await run(clientFor(P[name], { stallTimeoutMs: 400 }).stream(req(P[name])));
    expect(r.error).toBeUndefined();
    expect(r.text()).toBe('慢慢来，每一块都按时到达。');
  });

  it('user abort mid-stream → aborted; the gateway sees the connection go', async () => {
    sim.enqueue({ text: '这是一个会被用户停止的回复。'.repeat(10), chunkSize: 2, delayMs: 20 });
    const ac = new AbortController();
    const events: ProviderEvent[] = [];
    let error: unknown;
    try {
      for await (const e of clientFor(P[name]).stream(req(P[name], { signal: ac.signal }))) {
        events.push(e);
        if (events.filter((x) => x.type === 'text').length === 2) ac.abort();
      }
    } catch (e) {
      error = e;
    }
    expect(error).toMatchObject({ code: 'aborted' });
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(sim.chatRequests()[0]!.outcome).toBe('aborted');
  });
});

describe('zyinfo domestic (non-streamed) faults', () => {
  it('a dropped non-streamed request is retried', async () => {
    sim.enqueue({ dropAfterChunks: 3 }, { text: '好了' });
    const r = await run(clientFor(P.zyinfoDomestic, { sleep: instantSleep().sleep }).stream(req(P.zyinfoDomestic)));
    expect(r.error).toBeUndefined();
    expect(r.text()).toBe('好了');
  });

  it('a non-streamed request uses the longer first-byte timeout, not the stall timeout', async () => {
    sim.enqueue({ text: '慢慢生成的整段回复', chunkSize: 1, delayMs: 60 });
    const r = await run(clientFor(P.zyinfoDomestic, { stallTimeoutMs: 200 }).stream(req(P.zyinfoDomestic)));
    expect(r.error).toBeUndefined();
    expect(r.text()).toBe('慢慢生成的整段回复');
  });

  it('…which still ends a request that never answers', async () => {
    sim.enqueue({ stallAfterChunks: 0 });
    const r = await run(clientFor(P.zyinfoDomestic, { nonStreamTimeoutMs: 300 }).stream(req(P.zyinfoDomestic)));
    expect(r.error).toMatchObject({ code: 'stalled' });
  });
});

describe('retry timing (real clock)', () => {
  it('waits 1 s, 2 s, 4 s between attempts (spacing measured by the gateway)', { timeout: 20_000 }, async () => {
    sim.enqueue({ status: 503 }, { status: 502 }, { status: 500 }, { text: '终于成功' });
    const r = await run(clientFor(P.baystone).stream(req(P.baystone)));
    expect(r.error).toBeUndefined();
    expect(r.text()).toBe('终于成功');
    const at = sim.chatRequests().map((x) => x.receivedAt);
    expect(at).toHaveLength(4);
    const gaps = at.slice(1).map((t, i) => t - at[i]!);
    for (const [gap, want] of gaps.map((g, i) => [g, [1000, 2000, 4000][i]!] as const)) {
      expect(gap).toBeGreaterThanOrEqual(want - 20);
      expect(gap).toBeLessThan(want + 700);
    }
    expect(r.retries().map((x) => x.delayMs)).toEqual([1000, 2000, 4000]);
  });

  it('abort during a retry wait ends promptly', async () => {
    sim.enqueue({ status: 503 }, {});
    const ac = new AbortController();
    const t0 = Date.now();
    const it = clientFor(P.szaiai).stream(req(P.szaiai, { signal: ac.signal }))[Symbol.asyncIterator]();
    expect((await it.next()).value).toMatchObject({ type: 'retry', delayMs: 1000 });
    setTimeout(() => ac.abort(), 50);
    await expect(it.next()).rejects.toMatchObject({ code: 'aborted' });
    expect(Date.now() - t0).toBeLessThan(900);
    expect(sim.chatRequests()).toHaveLength(1);
  });
});
