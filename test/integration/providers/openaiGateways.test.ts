// Baystone, zyinfo (both nodes) and szaiai's OpenAI-compatible endpoint against the provider simulator.
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

const gateways = ['baystone', 'zyinfo', 'zyinfoDomestic', 'szaiaiChat'] as const;

describe.each(gateways)('%s (OpenAI protocol)', (name) => {
  it('streamed reply → text, finish, usage', async () => {
    const r = await run(clientFor(P[name]).stream(req(P[name])));
    expect(r.error).toBeUndefined();
    expect(r.text()).toBe(DEFAULT_REPLY_TEXT);
    expect(r.finish()).toBe('stop');
    expect(r.usage()?.completionTokens).toBeGreaterThan(0);
    expect(sim.chatRequests()).toHaveLength(1);
    // Only the domestic zyinfo node is asked for a non-streamed reply.
    expect((sim.chatRequests()[0]!.body as { stream: boolean }).stream).toBe(name !== 'zyinfoDomestic');
    // Text arrived in several deltas where the node streams.
    const deltas = r.events.filter((e) => e.type === 'text').length;
    if (name === 'zyinfoDomestic') expect(deltas).toBe(1);
    else expect(deltas).toBeGreaterThan(3);
  });

  it('non-streamed reply (stream:false) → the same events', async () => {
    const r = await run(clientFor(P[name]).stream(req(P[name], { params: { stream: false } })));
    expect(r.error).toBeUndefined();
    expect(r.text()).toBe(DEFAULT_REPLY_TEXT);
    expect(r.finish()).toBe('stop');
    expect(r.usage()).toMatchObject({ promptTokens: expect.any(Number), completionTokens: expect.any(Number) });
    expect((sim.chatRequests()[0]!.body as { stream: boolean }).stream).toBe(false);
  });

  it('a stream:true request answered with a plain JSON completion is still delivered', async () => {
    sim.enqueue({ ignoreStream: true, text: '整段返回的 JSON 回复' });
    const r = await run(clientFor(P[name]).stream(req(P[name])));
    expect(r.error).toBeUndefined();
    expect(r.text()).toBe('整段返回的 JSON 回复');
    expect(r.finish()).toBe('stop');
  });

  it.each(['reasoning_content', 'reasoning', 'think-tags', 'think-close-only'] as const)('reasoning style %s is separated', async (style) => {
    sim.enqueue({ reasoning: '先想一想：用户在打招呼。', reasoningStyle: style, text: '你好！', chunkSize: 3 });
    // The lone </think> style is what R1-distill models send: the model id tells the client to expect it.
    const model = style === 'think-close-only' && name !== 'zyinfo' && name !== 'zyinfoDomestic' ? 'deepseek-r1-distill-qwen-14b' : undefined;
    const p = style === 'think-close-only' && (name === 'zyinfo' || name === 'zyinfoDomestic') ? { ...P[name], options: { ...P[name].options, implicitReasoning: true } } : P[name];
    const r = await run(clientFor(p).stream(req(p, model ? { model } : {})));
    expect(r.error).toBeUndefined();
    expect(r.reasoning()).toBe('先想一想：用户在打招呼。');
    expect(r.text()).toBe('你好！');
  });

  it('byte-by-byte delivery (UTF-8 split inside characters and tags)', async () => {
    sim.enqueue({ byteByByte: true, reasoning: '思考', reasoningStyle: 'think-tags', text: '中文与 English 混排。' });
    const r = await run(clientFor(P[name]).stream(req(P[name])));
    expect(r.error).toBeUndefined();
    expect(r.reasoning()).toBe('思考');
    expect(r.text()).toBe('中文与 English 混排。');
  });

  it('n > 1 → events per choice', async () => {
    sim.enqueue({ choices: ['甲方案', '乙方案'] });
    const r = await run(clientFor(P[name]).stream(req(P[name], { params: { n: 2 } })));
    expect(r.error).toBeUndefined();
    expect(r.text(0)).toBe('甲方案');
    expect(r.text(1)).toBe('乙方案');
    expect(r.finish(0)).toBe('stop');
    expect(r.finish(1)).toBe('stop');
  });

  it('logprobs → logprobs events with top alternatives', async () => {
    sim.enqueue({ text: 'Hello world' });
    const r = await run(clientFor(P[name]).stream(req(P[name], { params: { logprobs: 2 } })));
    expect(r.error).toBeUndefined();
    const lp = r.events.filter((e) => e.type === 'logprobs');
    expect(lp.length).toBeGreaterThan(0);
    const tokens = lp.flatMap((e) => (e.type === 'logprobs' ? e.tokens : []));
    expect(tokens.map((t) => t.token).join('')).toBe('Hello world');
    expect(tokens[0]!.top.length).toBe(2);
    expect(sim.chatRequests()[0]!.body).toMatchObject({ logprobs: true, top_logprobs: 2 });
  });

  it('every parameter reaches the request body', async () => {
    await run(
      clientFor(P[name]).stream(
        req(P[name], {
          params: {
            temperature: 0.7,
            maxTokens: 300,
            topP: 0.8,
            frequencyPenalty: 0.5,
            presencePenalty: -0.5,
            stop: ['STOP1', 'STOP2'],
            logprobs: 1,
            n: 1,
            user: 'user-42',
          },
        }),
      ),
    );
    const body = sim.chatRequests()[0]!.body as Record<string, unknown>;
    expect(body).toMatchObject({
      temperature: 0.7,
      max_tokens: 300,
      top_p: 0.8,
      frequency_penalty: 0.5,
      presence_penalty: -0.5,
      stop: ['STOP1', 'STOP2'],
      logprobs: true,
      top_logprobs: 1,
      n: 1,
      user: 'user-42',
    });
    expect(body['messages']).toEqual([
      { role: 'system', content: '你是一个乐于助人的助手。' },
      { role: 'user', content: '你好，请介绍一下你自己' },
    ]);
  });

  it('max_tokens cut → finish length; a stop word → stop', async () => {
    sim.enqueue({ text: 'one two three four five six seven eight nine ten' });
    const a = await run(clientFor(P[name]).stream(req(P[name], { params: { maxTokens: 3 } })));
    expect(a.finish()).toBe('length');
    sim.enqueue({ text: 'alpha beta STOP gamma' });
    const b = await run(clientFor(P[name]).stream(req(P[name], { params: { stop: ['STOP'] } })));
    expect(b.finish()).toBe('stop');
    expect(b.text()).not.toContain('gamma');
  });

  it('mid-stream {"error":…} → stream_error (after the partial text where the node streams)', async () => {
    sim.enqueue({ text: '这段回复会在中途出错，后面的内容不会到达。', chunkSize: 2, errorAfterChunks: 3, errorMessage: 'boom' });
    const sleep = instantSleep();
    const r = await run(clientFor(P[name], { sleep: sleep.sleep }).stream(req(P[name])));
    if (name === 'zyinfoDomestic') {
      // Non-streamed: the simulator answers HTTP 500 (retried, then the default reply succeeds).
      expect(r.retries()).toHaveLength(1);
      expect(r.error).toBeUndefined();
      return;
    }
    expect(r.text()).toBe('这段回复会在'); // 3 deltas of 2 characters
    expect(r.error).toMatchObject({ code: 'stream_error', gatewayMessage: 'boom' });
    expect(sim.chatRequests()).toHaveLength(1);
  });
});

describe('Baystone specifics', () => {
  it('Bearer key and stream_options.include_usage by default', async () => {
    await run(clientFor(P.baystone).stream(req(P.baystone)));
    const r = sim.chatRequests()[0]!;
    expect(r.headers['authorization']).toBe('Bearer sk-test');
    expect(r.body).toMatchObject({ stream_options: { include_usage: true } });
  });

  it('listModels reads GET /v1/models', async () => {
    const { BAYSTONE_MODELS } = await import('../../sim/server');
    const models = await clientFor(P.baystone).listModels(P.baystone, { apiKey: 'sk-test' });
    expect(models.map((m) => m.id).sort()).toEqual([...BAYSTONE_MODELS].sort());
    expect(sim.requests.at(-1)).toMatchObject({ kind: 'models', path: '/v1/models' });
  });

  it('listModels with a bad key → unauthorized; testConnection reports the model count', async () => {
    await expect(clientFor(P.baystone).listModels(P.baystone, { apiKey: 'sk-wrong' })).rejects.toMatchObject({ code: 'unauthorized' });
    const t = await clientFor(P.baystone).testConnection!(P.baystone, { apiKey: 'sk-test' });
    expect(t.ok).toBe(true);
    expect(t.detail).toMatch(/^models: \d+$/);
  });

  it('images reach the request as data URLs', async () => {
    const png = Buffer.from('89504e470d0a1a0a', 'hex');
    await run(
      clientFor(P.baystone).stream(
        req(P.baystone, {
          messages: [{ role: 'user', parts: [{ type: 'text', text: '这是什么？' }, { type: 'image', hash: 'e'.repeat(64), mime: 'image/png' }] }],
          loadImage: async () => ({ mime: 'image/png', data: png }),
        }),
      ),
    );
    const body = sim.chatRequests()[0]!.body as { messages: Array<{ content: unknown }> };
    expect(body.messages[1]!.content).toEqual([
      { type: 'text', text: '这是什么？' },
      { type: 'image_url', image_url: { url: `data:image/png;base64,${png.toString('base64')}` } },
    ]);
  });
});
