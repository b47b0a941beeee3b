// zyinfo 展映 against the provider simulator: URL scheme, nodes, stop (suspend), quota, openid secrecy, cost.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startSimulator, type Simulator } from '../../sim/server';
import type { ProviderEvent } from '../../../src/main/core/providers/types';
import { createUsageMeter } from '../../../src/main/core/providers/usage';
import { clientFor, req, rows, run } from './setup';

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

describe('zyinfo', () => {
  it('sends /llm_api/{openid}/{userid}/{AI_system}/v1/chat/completions with AI_system = model', async () => {
    const r = await run(clientFor(P.zyinfo).stream(req(P.zyinfo, { model: 'yi-34b' })));
    expect(r.error).toBeUndefined();
    const rec = sim.chatRequests()[0]!;
    expect(rec.gateway).toBe('zyinfo-overseas');
    expect(rec.zyinfo).toEqual({ openid: 'test', userid: 'u-1', aiSystem: 'yi-34b', model: 'yi-34b' });
    expect(rec.body).toMatchObject({ model: 'yi-34b' });
  });

  it('aiSystemInPath=false leaves the segment empty; the body model decides', async () => {
    const p = { ...P.zyinfo, options: { ...P.zyinfo.options, aiSystemInPath: false } };
    await run(clientFor(p).stream(req(p, { model: 'qwen' })));
    expect(sim.chatRequests()[0]!.zyinfo).toEqual({ openid: 'test', userid: 'u-1', aiSystem: '', model: 'qwen' });
  });

  it('domestic node: stream:false is sent even when the conversation streams', async () => {
    const r = await run(clientFor(P.zyinfoDomestic).stream(req(P.zyinfoDomestic, { params: { stream: true } })));
    expect(r.error).toBeUndefined();
    expect(sim.chatRequests()[0]).toMatchObject({ gateway: 'zyinfo-domestic', body: { stream: false } });
    expect(r.events.map((e) => e.type)).toEqual(['text', 'finish', 'usage']);
  });

  it('an unknown openid → unauthorized, and the openid appears in no error text', async () => {
    const openid = 'private-openid-4711';
    const r = await run(clientFor(P.zyinfo).stream(req(P.zyinfo, { credentials: { openid } })));
    expect(r.error).toMatchObject({ code: 'unauthorized', status: 401 });
    expect(sim.chatRequests()[0]!.zyinfo?.openid).toBe(openid); // it was in the URL
    const e = r.error!;
    for (const s of [e.message, e.gatewayMessage ?? '', JSON.stringify(e), e.stack ?? '']) expect(s).not.toContain(openid);
  });

  it('stop(): suspend_current_generate is called with openid and userid, and the stream ends', async () => {
    sim.enqueue({ text: '这是一段很长的回复，'.repeat(40), chunkSize: 2, delayMs: 20 });
    const c = clientFor(P.zyinfo);
    const events: ProviderEvent[] = [];
    let stopped = false;
    for await (const e of c.stream(req(P.zyinfo))) {
      events.push(e);
      if (!stopped && e.type === 'text') {
        stopped = true;
        await c.stop!(P.zyinfo, { openid: 'test' });
      }
    }
    const suspend = sim.requests.find((r) => r.kind === 'suspend');
    expect(suspend).toMatchObject({ gateway: 'zyinfo-overseas', method: 'GET', path: '/llm_api/suspend_current_generate', query: { openid: 'test', userid: 'u-1' } });
    expect(sim.chatRequests()[0]!.outcome).toBe('suspended');
    const text = events.filter((e) => e.type === 'text').map((e) => (e as { text: string }).text).join('');
    expect(text.length).toBeLessThan('这是一段很长的回复，'.repeat(40).length);
    expect(events.some((e) => e.type === 'finish')).toBe(true);
  });

  it('stop via abort + suspend: the request is aborted and the generation suspended', async () => {
    sim.enqueue({ text: '慢慢地生成'.repeat(50), chunkSize: 1, delayMs: 20 });
    const c = clientFor(P.zyinfo);
    const ac = new AbortController();
    const events: ProviderEvent[] = [];
    let error: unknown;
    try {
      for await (const e of c.stream(req(P.zyinfo, { signal: ac.signal }))) {
        events.push(e);
        if (events.length === 3) {
          ac.abort();
          await c.stop!(P.zyinfo, { openid: 'test' });
        }
      }
    } catch (e) {
      error = e;
    }
    expect(error).toMatchObject({ code: 'aborted' });
    expect(sim.requests.some((r) => r.kind === 'suspend')).toBe(true);
  });

  it('suspendUrl option moves the stop call', async () => {
    const p = { ...P.zyinfo, options: { ...P.zyinfo.options, suspendUrl: `${sim.baseUrls.zyinfoDomestic}/llm_api` } };
    await clientFor(p).stop!(p, { openid: 'test' });
    expect(sim.requests.at(-1)).toMatchObject({ gateway: 'zyinfo-domestic', kind: 'suspend' });
  });

  it('quota(): {node}/api_user/info?openid=&type=json, and quotaUrl moves it', async () => {
    await run(clientFor(P.zyinfo).stream(req(P.zyinfo)));
    const q = await clientFor(P.zyinfo).quota!(P.zyinfo, { openid: 'test' });
    expect(q).toMatchObject({ openid: 'test', requests: 1, unit: '元' });
    expect(sim.requests.at(-1)).toMatchObject({ kind: 'quota', query: { openid: 'test', type: 'json' }, gateway: 'zyinfo-overseas' });
    const p = { ...P.zyinfo, options: { ...P.zyinfo.options, quotaUrl: `${sim.baseUrls.zyinfoDomestic}/api_user/info` } };
    await clientFor(p).quota!(p, { openid: 'test' });
    expect(sim.requests.at(-1)).toMatchObject({ kind: 'quota', gateway: 'zyinfo-domestic' });
    await expect(clientFor(P.zyinfo).quota!(P.zyinfo, { openid: 'nobody-9999' })).rejects.toMatchObject({ code: 'unauthorized' });
  });

  it('testConnection uses the quota endpoint', async () => {
    const t = await clientFor(P.zyinfo).testConnection!(P.zyinfo, { openid: 'test' });
    expect(t).toMatchObject({ ok: true, detail: 'quota' });
  });

  it('cost per 1K tokens from the gateway’s usage (qwen: 0.04 元/1K)', async () => {
    sim.enqueue({ usage: { prompt: 1200, completion: 300 } });
    const meter = createUsageMeter({ provider: P.zyinfo, model: 'qwen' });
    for await (const e of clientFor(P.zyinfo).stream(req(P.zyinfo, { model: 'qwen' }))) meter.observe(e);
    const u = meter.finish();
    expect(u).toMatchObject({ promptTokens: 1200, completionTokens: 300, costYuan: 0.06 });
    expect(u.estimated).toBeUndefined();
    expect(u.timeToFirstTokenMs).toBeGreaterThanOrEqual(0);
  });

  it('cost per second for -t models (qwen-14b-t: 0.015 元/s) and estimated tokens when usage is missing', async () => {
    sim.enqueue({ usage: null, text: '按处理时间计费的模型回复。', chunkSize: 2, delayMs: 100 });
    const system = '你是一个乐于助人的助手。';
    const messages = [{ role: 'user' as const, parts: [{ type: 'text' as const, text: '你好' }] }];
    const meter = createUsageMeter({ provider: P.zyinfo, model: 'qwen-14b-t', system, messages });
    const t0 = Date.now();
    for await (const e of clientFor(P.zyinfo).stream(req(P.zyinfo, { model: 'qwen-14b-t', system, messages }))) meter.observe(e);
    const seconds = (Date.now() - t0) / 1000;
    const u = meter.finish();
    expect(u.estimated).toBe(true);
    expect(u.completionTokens).toBe(13); // 13 CJK characters
    expect(u.costYuan!).toBeGreaterThan(0.015 * 0.5);
    expect(u.costYuan!).toBeCloseTo(0.015 * seconds, 2);
    expect(u.tokensPerSecond).toBeGreaterThan(0);
  });

  it('chat5-v (vision): the image travels inline as a data URL', async () => {
    const png = Buffer.from('89504e470d0a1a0a0000', 'hex');
    const r = await run(
      clientFor(P.zyinfo).stream(
        req(P.zyinfo, {
          model: 'chat5-v',
          messages: [{ role: 'user', parts: [{ type: 'image', hash: 'd'.repeat(64), mime: 'image/png' }, { type: 'text', text: '图里有什么？' }] }],
          loadImage: async () => ({ mime: 'image/png', data: png }),
        }),
      ),
    );
    expect(r.error).toBeUndefined();
    const content = (sim.chatRequests()[0]!.body as { messages: Array<{ content: unknown }> }).messages[1]!.content as Array<Record<string, unknown>>;
    expect(content[0]).toEqual({ type: 'image_url', image_url: { url: `data:image/png;base64,${png.toString('base64')}` } });
  });
});
