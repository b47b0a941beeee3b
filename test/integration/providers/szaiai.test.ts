// szaiai 小艾引擎 /v1/messages (Anthropic protocol) against the provider simulator.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { DEFAULT_REPLY_TEXT, startSimulator, type Simulator } from '../../sim/server';
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

describe('szaiai /v1/messages', () => {
  it('streamed reply (full event sequence) → text, finish, usage; X-Api-Key only', async () => {
    const r = await run(clientFor(P.szaiai).stream(req(P.szaiai)));
    expect(r.error).toBeUndefined();
    expect(r.text()).toBe(DEFAULT_REPLY_TEXT);
    expect(r.finish()).toBe('stop');
    expect(r.usage()).toMatchObject({ promptTokens: expect.any(Number), completionTokens: expect.any(Number) });
    const rec = sim.chatRequests()[0]!;
    expect(rec).toMatchObject({ kind: 'messages', path: '/v1/messages' });
    expect(rec.headers['x-api-key']).toBe('sk-test');
    expect(rec.headers['authorization']).toBeUndefined();
  });

  it('the seed’s minimal sequence (no content_block_start, no index) works', async () => {
    sim.enqueue({ anthropicMinimal: true, text: '你好，我是小艾引擎。' });
    const r = await run(clientFor(P.szaiai).stream(req(P.szaiai)));
    expect(r.error).toBeUndefined();
    expect(r.text()).toBe('你好，我是小艾引擎。');
  });

  it('minimal sequence byte by byte', async () => {
    sim.enqueue({ anthropicMinimal: true, byteByByte: true, text: '逐字节：中文 OK' });
    const r = await run(clientFor(P.szaiai).stream(req(P.szaiai)));
    expect(r.error).toBeUndefined();
    expect(r.text()).toBe('逐字节：中文 OK');
  });

  it('non-streamed reply', async () => {
    const r = await run(clientFor(P.szaiai).stream(req(P.szaiai, { params: { stream: false } })));
    expect(r.error).toBeUndefined();
    expect(r.text()).toBe(DEFAULT_REPLY_TEXT);
    expect(r.finish()).toBe('stop');
    expect(sim.chatRequests()[0]!.body).toMatchObject({ stream: false });
  });

  it('stream:true answered with JSON', async () => {
    sim.enqueue({ ignoreStream: true, text: 'JSON 回复' });
    const r = await run(clientFor(P.szaiai).stream(req(P.szaiai)));
    expect(r.text()).toBe('JSON 回复');
  });

  it('thinking blocks → reasoning', async () => {
    sim.enqueue({ reasoning: '让我想想……', text: '想好了。' });
    const r = await run(clientFor(P.szaiai).stream(req(P.szaiai)));
    expect(r.reasoning()).toBe('让我想想……');
    expect(r.text()).toBe('想好了。');
  });

  it('parameters: system top-level, max_tokens (default 4096), temperature, top_p, stop_sequences; reasoning not sent back', async () => {
    await run(
      clientFor(P.szaiai).stream(
        req(P.szaiai, {
          params: { temperature: 0.4, topP: 0.9, stop: ['END'] },
          messages: [
            { role: 'user', parts: [{ type: 'text', text: '我叫小明' }] },
            { role: 'assistant', parts: [{ type: 'reasoning', text: '内部思考' }, { type: 'text', text: '你好小明！' }] },
            { role: 'user', parts: [{ type: 'text', text: '我叫什么名字？' }] },
          ],
        }),
      ),
    );
    const body = sim.chatRequests()[0]!.body as Record<string, unknown>;
    expect(body).toMatchObject({
      model: 'xiaoai-chat-v1',
      max_tokens: 4096,
      system: '你是一个乐于助人的助手。',
      temperature: 0.4,
      top_p: 0.9,
      stop_sequences: ['END'],
      stream: true,
    });
    expect(body['messages']).toEqual([
      { role: 'user', content: '我叫小明' },
      { role: 'assistant', content: '你好小明！' },
      { role: 'user', content: '我叫什么名字？' },
    ]);
    await run(clientFor(P.szaiai).stream(req(P.szaiai, { params: { maxTokens: 64 } })));
    expect(sim.chatRequests()[1]!.body).toMatchObject({ max_tokens: 64 });
  });

  it('temperature above 1 is rejected before sending', async () => {
    const r = await run(clientFor(P.szaiai).stream(req(P.szaiai, { params: { temperature: 1.2 } })));
    expect(r.error).toMatchObject({ code: 'bad_request' });
    expect(sim.chatRequests()).toHaveLength(0);
  });

  it('max_tokens cut → length; stop sequence → stop_sequence', async () => {
    sim.enqueue({ text: 'one two three four five six seven' });
    expect((await run(clientFor(P.szaiai).stream(req(P.szaiai, { params: { maxTokens: 2 } })))).finish()).toBe('length');
    sim.enqueue({ text: 'alpha beta END gamma' });
    const r = await run(clientFor(P.szaiai).stream(req(P.szaiai, { params: { stop: ['END'] } })));
    expect(r.finish()).toBe('stop_sequence');
    expect(r.text()).not.toContain('gamma');
  });

  it('images as base64 blocks', async () => {
    const jpg = Buffer.from('ffd8ffe000104a464946', 'hex');
    const r = await run(
      clientFor(P.szaiai).stream(
        req(P.szaiai, {
          messages: [{ role: 'user', parts: [{ type: 'image', hash: 'f'.repeat(64), mime: 'image/jpeg' }, { type: 'text', text: '描述这张图' }] }],
          loadImage: async () => ({ mime: 'image/jpeg', data: jpg }),
        }),
      ),
    );
    expect(r.error).toBeUndefined();
    expect((sim.chatRequests()[0]!.body as { messages: unknown[] }).messages).toEqual([
      {
        role: 'user',
        content: [
          { type: 'image', source: { type: 'base64', media_type: 'image/jpeg', data: jpg.toString('base64') } },
          { type: 'text', text: '描述这张图' },
        ],
      },
    ]);
  });

  it('event: error mid-stream → stream_error after the partial text', async () => {
    sim.enqueue({ text: '小艾正在回答这个问题', chunkSize: 2, errorAfterChunks: 2 });
    const r = await run(clientFor(P.szaiai).stream(req(P.szaiai)));
    expect(r.text()).toBe('小艾正在');
    expect(r.error).toMatchObject({ code: 'stream_error', gatewayMessage: 'Overloaded' });
  });

  it('Bearer auth as an option', async () => {
    const p = { ...P.szaiai, options: { ...P.szaiai.options, auth: 'bearer' } };
    const r = await run(clientFor(p).stream(req(p)));
    expect(r.error).toBeUndefined();
    expect(sim.chatRequests()[0]!.headers['authorization']).toBe('Bearer sk-test');
    expect(sim.chatRequests()[0]!.headers['x-api-key']).toBeUndefined();
  });

  it('the gateway’s 60/min limit answered with 429 + Retry-After is waited out', async () => {
    sim.rateLimits.szaiai = 1;
    const sleep = instantSleep();
    const c = clientFor(P.szaiai, { sleep: sleep.sleep });
    expect((await run(c.stream(req(P.szaiai)))).error).toBeUndefined();
    const r = await run(c.stream(req(P.szaiai)));
    // The simulator keeps refusing (its clock does not move with our fake sleep): 3 retries honouring Retry-After.
    expect(r.retries()).toHaveLength(3);
    expect(r.retries()[0]!.error).toMatchObject({ code: 'rate_limited', status: 429 });
    expect(sleep.waits.every((w) => w > 1000 && w <= 60_000)).toBe(true);
    expect(r.error).toMatchObject({ code: 'rate_limited' });
  });
});
