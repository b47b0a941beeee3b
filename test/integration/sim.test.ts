// The provider simulator, driven by the official SDKs (as the app will drive the real gateways) and by raw
// fetch where the wire format itself is the point.
import Anthropic from '@anthropic-ai/sdk';
import OpenAI from 'openai';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  DEFAULT_REPLY_TEXT,
  EMBEDDING_DIMENSIONS,
  SIM_PNG_BASE64,
  ZYINFO_INITIAL_CREDIT,
  simEmbedding,
  startSimulator,
  type Simulator,
} from '../sim/server';

let sim: Simulator;

beforeAll(async () => {
  sim = await startSimulator();
});
afterAll(async () => {
  await sim.close();
});
beforeEach(() => {
  sim.reset();
});

const USER = [{ role: 'user' as const, content: '你好，simulator' }];

const baystone = (opts: { apiKey?: string; maxRetries?: number } = {}): OpenAI =>
  new OpenAI({ baseURL: sim.baseUrls.baystone, apiKey: opts.apiKey ?? 'sk-test', maxRetries: opts.maxRetries ?? 0 });

const zyinfoBase = (node: 'overseas' | 'domestic', openid = 'test', userid = 'u1', aiSystem = 'qwen'): string =>
  `${node === 'overseas' ? sim.baseUrls.zyinfoOverseas : sim.baseUrls.zyinfoDomestic}/llm_api/${openid}/${userid}/${aiSystem}/v1`;

const zyinfo = (node: 'overseas' | 'domestic', openid = 'test', userid = 'u1', aiSystem = 'qwen'): OpenAI =>
  // "api_key 可以是一个伪造的key"
  new OpenAI({ baseURL: zyinfoBase(node, openid, userid, aiSystem), apiKey: 'sk-fake-anything', maxRetries: 0 });

const szaiai = (apiKey = 'sk-test'): Anthropic => new Anthropic({ baseURL: sim.baseUrls.szaiai, apiKey, maxRetries: 0 });
const szaiaiOpenAI = (): OpenAI => new OpenAI({ baseURL: `${sim.baseUrls.szaiai}/v1`, apiKey: 'sk-test', maxRetries: 0 });

function post(url: string, body: unknown, headers: Record<string, string> = {}): Promise<Response> {
  return fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
}
const bearerHeaders = { authorization: 'Bearer sk-test' };

/** Raw JSON from the wire, asserted on field by field. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- deliberately loose: these tests read wire bodies
type Wire = Record<string, any>;

interface RawEvent {
  event: string | null;
  data: string;
}
/** Test-only reading of the wire format (the app itself uses the SDKs' parsers). */
function parseSse(text: string): RawEvent[] {
  return text
    .split('\n\n')
    .filter((block) => block.trim() !== '')
    .map((block) => {
      let event: string | null = null;
      const data: string[] = [];
      for (const line of block.split('\n')) {
        if (line.startsWith('event: ')) event = line.slice(7);
        else if (line.startsWith('data: ')) data.push(line.slice(6));
      }
      return { event, data: data.join('\n') };
    });
}
const jsonData = (events: RawEvent[]): Wire[] =>
  events.filter((e) => e.data !== '[DONE]').map((e) => JSON.parse(e.data) as Wire);

async function collectChat(stream: AsyncIterable<OpenAI.Chat.Completions.ChatCompletionChunk>) {
  const chunks: OpenAI.Chat.Completions.ChatCompletionChunk[] = [];
  for await (const chunk of stream) chunks.push(chunk);
  const content = chunks.map((c) => c.choices[0]?.delta?.content ?? '').join('');
  return { chunks, content };
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

describe('Baystone 英智 (OpenAI protocol)', () => {
  it('answers a non-streamed chat completion in the seed shape and records the request', async () => {
    const res = await baystone().chat.completions.create({
      model: 'deepseek-r1-distill-qwen-14b',
      messages: [{ role: 'system', content: 'You are a helpful assistant.' }, ...USER],
      temperature: 0.7,
    });
    expect(res.object).toBe('chat.completion');
    expect(res.id).toMatch(/^chatcmpl-/);
    expect(res.model).toBe('deepseek-r1-distill-qwen-14b');
    expect(res.choices).toHaveLength(1);
    expect(res.choices[0]?.message).toMatchObject({ role: 'assistant', content: DEFAULT_REPLY_TEXT });
    expect(res.choices[0]?.finish_reason).toBe('stop');
    expect(res.usage?.prompt_tokens).toBeGreaterThan(0);
    expect(res.usage?.completion_tokens).toBeGreaterThan(0);
    expect(res.usage?.total_tokens).toBe((res.usage?.prompt_tokens ?? 0) + (res.usage?.completion_tokens ?? 0));

    expect(sim.requests).toHaveLength(1);
    const rec = sim.chatRequests()[0]!;
    expect(rec).toMatchObject({ gateway: 'baystone', method: 'POST', path: '/v1/chat/completions', kind: 'chat', status: 200, outcome: 'completed' });
    expect(rec.headers['authorization']).toBe('Bearer sk-test');
    expect(rec.headers['content-type']).toContain('application/json');
    expect(rec.body).toMatchObject({ model: 'deepseek-r1-distill-qwen-14b', temperature: 0.7 });
  });

  it('streams role, content deltas, finish_reason, a usage chunk with choices:[] and [DONE]', async () => {
    sim.enqueue({ text: '量子力学 is the study of tiny things.', chunkSize: 5 });
    const { chunks, content } = await collectChat(
      await baystone().chat.completions.create({ model: 'llama-3.1-instruct', messages: USER, stream: true }),
    );
    expect(content).toBe('量子力学 is the study of tiny things.');
    expect(chunks[0]?.object).toBe('chat.completion.chunk');
    expect(chunks[0]?.choices[0]?.delta.role).toBe('assistant');
    const finishes = chunks.flatMap((c) => c.choices.map((ch) => ch.finish_reason)).filter((f) => f !== null);
    expect(finishes).toEqual(['stop']);
    const last = chunks.at(-1)!;
    expect(last.choices).toEqual([]);
    expect(last.usage).toMatchObject({ completion_tokens: expect.any(Number), prompt_tokens: expect.any(Number) });
    // 5 code points per delta
    const deltas = chunks.map((c) => c.choices[0]?.delta.content).filter((d): d is string => !!d);
    expect(deltas[0]).toBe('量子力学 ');
    expect(deltas.every((d) => Array.from(d).length <= 5)).toBe(true);

    const raw = await post(`${sim.baseUrls.baystone}/chat/completions`, { model: 'm', messages: USER, stream: true }, bearerHeaders);
    expect(raw.headers.get('content-type')).toContain('text/event-stream');
    const text = await raw.text();
    expect(text.endsWith('data: [DONE]\n\n')).toBe(true);
    expect(text).not.toContain('"usage":null'); // not asked for include_usage
  });

  it('with stream_options.include_usage puts usage:null on every other chunk', async () => {
    const raw = await post(
      `${sim.baseUrls.baystone}/chat/completions`,
      { model: 'm', messages: USER, stream: true, stream_options: { include_usage: true } },
      bearerHeaders,
    );
    const chunks = jsonData(parseSse(await raw.text()));
    const usageChunk = chunks.at(-1)!;
    expect(usageChunk['choices']).toEqual([]);
    expect(usageChunk['usage']['total_tokens']).toBeGreaterThan(0);
    expect(chunks.slice(0, -1).every((c) => c['usage'] === null)).toBe(true);
  });

  it('usage:null sends no usage at all; explicit usage is passed through', async () => {
    sim.enqueue({ usage: null }, { usage: null }, { usage: { prompt: 11, completion: 22 } });
    const plain = await baystone().chat.completions.create({ model: 'm', messages: USER });
    expect(plain.usage).toBeUndefined();
    const { chunks } = await collectChat(
      await baystone().chat.completions.create({ model: 'm', messages: USER, stream: true, stream_options: { include_usage: true } }),
    );
    expect(chunks.some((c) => c.usage)).toBe(false);
    expect(chunks.some((c) => c.choices.length === 0)).toBe(false);
    const given = await baystone().chat.completions.create({ model: 'm', messages: USER });
    expect(given.usage).toEqual({ prompt_tokens: 11, completion_tokens: 22, total_tokens: 33 });
  });

  it('paces deltas by chunkSize and delayMs', async () => {
    sim.enqueue({ text: 'abcdefgh', chunkSize: 2, delayMs: 40 });
    const started = Date.now();
    const { chunks, content } = await collectChat(
      await baystone().chat.completions.create({ model: 'm', messages: USER, stream: true }),
    );
    expect(Date.now() - started).toBeGreaterThanOrEqual(3 * 40 - 5);
    expect(content).toBe('abcdefgh');
    expect(chunks.map((c) => c.choices[0]?.delta.content).filter(Boolean)).toEqual(['ab', 'cd', 'ef', 'gh']);
  });

  it('accepts every documented parameter (logprobs as the seed\'s integer ≤ 5)', async () => {
    const res = await post(
      `${sim.baseUrls.baystone}/chat/completions`,
      {
        model: 'llama-3.1-instruct',
        messages: [{ role: 'system', content: 'sys' }, { role: 'user', content: 'q' }, { role: 'assistant', content: 'a' }, { role: 'user', content: 'q2' }],
        temperature: 2,
        max_tokens: 100,
        top_p: 0.1,
        frequency_penalty: -2,
        presence_penalty: 2,
        stop: ['\n\n'],
        stream: false,
        logprobs: 5,
        n: 2,
        user: 'qiao-user-1',
      },
      bearerHeaders,
    );
    expect(res.status).toBe(200);
    const body = (await res.json()) as Wire;
    expect(body['choices']).toHaveLength(2);
    expect(body['choices'][0]['logprobs']['content'][0]['top_logprobs']).toHaveLength(5);
  });

  it.each([
    [{ messages: USER }, 'model'],
    [{ model: 'm' }, 'messages'],
    [{ model: 'm', messages: [] }, 'messages'],
    [{ model: 'm', messages: [{ role: 'bot', content: 'x' }] }, 'messages[0].role'],
    [{ model: 'm', messages: USER, temperature: 2.5 }, 'temperature'],
    [{ model: 'm', messages: USER, temperature: '0.5' }, 'temperature'],
    [{ model: 'm', messages: USER, top_p: 1.5 }, 'top_p'],
    [{ model: 'm', messages: USER, max_tokens: 0 }, 'max_tokens'],
    [{ model: 'm', messages: USER, max_tokens: 1.5 }, 'max_tokens'],
    [{ model: 'm', messages: USER, frequency_penalty: -3 }, 'frequency_penalty'],
    [{ model: 'm', messages: USER, presence_penalty: 2.1 }, 'presence_penalty'],
    [{ model: 'm', messages: USER, n: 0 }, 'n'],
    [{ model: 'm', messages: USER, logprobs: 6 }, 'logprobs'],
    [{ model: 'm', messages: USER, logprobs: true, top_logprobs: 6 }, 'top_logprobs'],
    [{ model: 'm', messages: USER, top_logprobs: 2 }, 'top_logprobs'],
    [{ model: 'm', messages: USER, stream: 'yes' }, 'stream'],
    [{ model: 'm', messages: USER, stop: 5 }, 'stop'],
    [{ model: 'm', messages: USER, user: 42 }, 'user'],
    [{ model: 'm', messages: USER, stream_options: { include_usage: true } }, 'stream_options'],
  ])('rejects bad input %j with 400 and the seed error shape (param %s)', async (body, param) => {
    const res = await post(`${sim.baseUrls.baystone}/chat/completions`, body, bearerHeaders);
    expect(res.status).toBe(400);
    const json = (await res.json()) as Wire;
    expect(json).toEqual({ error: { message: expect.any(String), type: 'invalid_request_error', param, code: '400' } });
  });

  it('rejects a body that is not JSON with 400', async () => {
    const res = await post(`${sim.baseUrls.baystone}/chat/completions`, '{"model": "m", "messages": [', bearerHeaders);
    expect(res.status).toBe(400);
    expect(((await res.json()) as Wire)['error']['code']).toBe('400');
    expect(sim.requests[0]?.body).toBeNull();
  });

  it('rejects a bad or missing key with the seed\'s exact 401 body', async () => {
    const res = await post(`${sim.baseUrls.baystone}/chat/completions`, { model: 'm', messages: USER }, { authorization: 'Bearer sk-wrong' });
    expect(res.status).toBe(401);
    expect(await res.json()).toEqual({ error: { message: 'Invalid API key provided', type: 'invalid_request_error', param: null, code: '401' } });
    const missing = await post(`${sim.baseUrls.baystone}/chat/completions`, { model: 'm', messages: USER });
    expect(missing.status).toBe(401);
    await expect(baystone({ apiKey: 'sk-nope' }).chat.completions.create({ model: 'm', messages: USER })).rejects.toBeInstanceOf(
      OpenAI.AuthenticationError,
    );
    sim.validKeys.add('sk-nope');
    await expect(baystone({ apiKey: 'sk-nope' }).chat.completions.create({ model: 'm', messages: USER })).resolves.toBeTruthy();
  });

  it.each([400, 401, 403, 404, 429, 500, 502, 503])('injects HTTP %i with the seed error body and Retry-After', async (status) => {
    sim.enqueue({ status, retryAfter: '7' });
    const res = await post(`${sim.baseUrls.baystone}/chat/completions`, { model: 'm', messages: USER }, bearerHeaders);
    expect(res.status).toBe(status);
    expect(res.headers.get('retry-after')).toBe('7');
    const body = (await res.json()) as Wire;
    expect(body).toEqual({ error: { message: expect.any(String), type: expect.any(String), param: null, code: String(status) } });
    expect(sim.chatRequests()[0]?.status).toBe(status);
  });

  it('lets the SDK honour Retry-After and retry onto the next queued reply', async () => {
    sim.enqueue({ status: 429, retryAfter: '1', errorMessage: 'slow down' }, { text: 'second try 第二次' });
    const started = Date.now();
    const res = await baystone({ maxRetries: 1 }).chat.completions.create({ model: 'm', messages: USER });
    expect(Date.now() - started).toBeGreaterThanOrEqual(950);
    expect(res.choices[0]?.message.content).toBe('second try 第二次');
    expect(sim.chatRequests().map((r) => r.status)).toEqual([429, 200]);
  });

  it('n>1: interleaves choices by index when streaming, and generates variants', async () => {
    sim.enqueue({ choices: ['A1A1', 'B2B2', 'C3C3'], chunkSize: 2 });
    const raw = await post(`${sim.baseUrls.baystone}/chat/completions`, { model: 'm', messages: USER, stream: true, n: 3 }, bearerHeaders);
    const chunks = jsonData(parseSse(await raw.text()));
    const contentOrder = chunks
      .filter((c) => c['choices'][0]?.['delta']?.['content'])
      .map((c) => `${c['choices'][0]['index']}:${c['choices'][0]['delta']['content']}`);
    expect(contentOrder).toEqual(['0:A1', '1:B2', '2:C3', '0:A1', '1:B2', '2:C3']);
    const finishes = chunks.filter((c) => c['choices'][0]?.['finish_reason']).map((c) => c['choices'][0]['index']);
    expect(finishes.sort()).toEqual([0, 1, 2]);

    sim.enqueue({ text: '同一个问题' });
    const res = await baystone().chat.completions.create({ model: 'm', messages: USER, n: 2 });
    expect(res.choices.map((c) => c.index)).toEqual([0, 1]);
    expect(res.choices[0]?.message.content).toBe('同一个问题');
    expect(res.choices[1]?.message.content).toContain('同一个问题');
    expect(res.choices[1]?.message.content).not.toBe(res.choices[0]?.message.content);
  });

  it('sends logprobs in the OpenAI chat shape when asked, or when forced', async () => {
    sim.enqueue({ text: 'Hello 世界', chunkSize: 3 });
    const { chunks, content } = await collectChat(
      await baystone().chat.completions.create({ model: 'm', messages: USER, stream: true, logprobs: true, top_logprobs: 2 }),
    );
    expect(content).toBe('Hello 世界');
    const contentChunks = chunks.filter((c) => c.choices[0]?.delta.content);
    for (const c of contentChunks) {
      const lp = c.choices[0]!.logprobs!.content!;
      expect(lp.map((t) => t.token).join('')).toBe(c.choices[0]!.delta.content);
      for (const t of lp) {
        expect(t.logprob).toBeLessThan(0);
        expect(t.bytes).toEqual([...Buffer.from(t.token, 'utf8')]);
        expect(t.top_logprobs).toHaveLength(2);
        expect(t.top_logprobs[0]?.token).toBe(t.token);
      }
    }

    sim.enqueue({ logprobs: true, text: 'forced' });
    const forced = await baystone().chat.completions.create({ model: 'm', messages: USER });
    expect(forced.choices[0]?.logprobs?.content?.map((t) => t.token).join('')).toBe('forced');
    const none = await baystone().chat.completions.create({ model: 'm', messages: USER });
    expect(none.choices[0]?.logprobs).toBeNull();
  });

  it('sends reasoning as reasoning_content or reasoning, streamed and not', async () => {
    sim.enqueue({ reasoning: '先想一想 step by step', text: '答案是 2' });
    const { chunks, content } = await collectChat(await baystone().chat.completions.create({ model: 'm', messages: USER, stream: true }));
    const reasoning = chunks.map((c) => (c.choices[0]?.delta as Record<string, unknown> | undefined)?.['reasoning_content'] ?? '').join('');
    expect(reasoning).toBe('先想一想 step by step');
    expect(content).toBe('答案是 2');
    // reasoning comes first
    const firstReasoning = chunks.findIndex((c) => (c.choices[0]?.delta as Record<string, unknown> | undefined)?.['reasoning_content']);
    const firstContent = chunks.findIndex((c) => c.choices[0]?.delta.content);
    expect(firstReasoning).toBeLessThan(firstContent);
    expect(chunks.at(-1)?.usage?.completion_tokens_details?.reasoning_tokens).toBeGreaterThan(0);

    sim.enqueue({ reasoning: 'think', text: 'answer', reasoningStyle: 'reasoning' });
    const plain = await baystone().chat.completions.create({ model: 'm', messages: USER });
    const message = plain.choices[0]!.message as unknown as Record<string, unknown>;
    expect(message['reasoning']).toBe('think');
    expect(message['reasoning_content']).toBeUndefined();
    expect(message['content']).toBe('answer');
  });

  it('think-tags: <think>…</think> inside content, split across deltas mid-tag', async () => {
    sim.enqueue({ reasoning: '推理 reasoning', text: 'final answer', reasoningStyle: 'think-tags', chunkSize: 6 });
    const { chunks, content } = await collectChat(await baystone().chat.completions.create({ model: 'm', messages: USER, stream: true }));
    expect(content).toBe('<think>\n推理 reasoning\n</think>\n\nfinal answer');
    const deltas = chunks.map((c) => c.choices[0]?.delta.content).filter((d): d is string => !!d);
    expect(deltas.some((d) => d.includes('<think>'))).toBe(false);
    expect(deltas.some((d) => d.includes('</think>'))).toBe(false);
    expect(deltas.some((d) => d.endsWith('<th'))).toBe(true);
    expect(deltas.some((d) => d.endsWith('</th'))).toBe(true);
  });

  it('think-close-only: R1-distill content "reasoning</think>answer" with no opening tag', async () => {
    sim.enqueue({ reasoning: 'r1 reasoning', text: 'the answer', reasoningStyle: 'think-close-only' });
    const { content } = await collectChat(await baystone().chat.completions.create({ model: 'm', messages: USER, stream: true }));
    expect(content).toBe('r1 reasoning\n</think>\n\nthe answer');
    expect(content).not.toContain('<think>');
  });

  it('cuts at stop sequences and at max_tokens (finish_reason length)', async () => {
    sim.enqueue({ text: 'Hello，world' }, { text: 'one two three four' });
    const stopped = await baystone().chat.completions.create({ model: 'm', messages: USER, stop: '，' });
    expect(stopped.choices[0]?.message.content).toBe('Hello');
    expect(stopped.choices[0]?.finish_reason).toBe('stop');
    const capped = await baystone().chat.completions.create({ model: 'm', messages: USER, max_tokens: 2 });
    expect(capped.choices[0]?.message.content).toBe('one two');
    expect(capped.choices[0]?.finish_reason).toBe('length');
    expect(capped.usage?.completion_tokens).toBe(2);
  });

  it('errorAfterChunks: an in-stream error chunk after N deltas, then the end (no [DONE])', async () => {
    sim.enqueue({ text: 'abcdefgh', chunkSize: 2, errorAfterChunks: 2, errorMessage: '上游出错 upstream failed' });
    const stream = await baystone().chat.completions.create({ model: 'm', messages: USER, stream: true });
    const seen: string[] = [];
    const failure = await (async () => {
      try {
        for await (const c of stream) if (c.choices[0]?.delta.content) seen.push(c.choices[0].delta.content);
      } catch (err) {
        return err;
      }
      return null;
    })();
    expect(seen).toEqual(['ab', 'cd']);
    expect(failure).toBeInstanceOf(OpenAI.APIError);
    expect((failure as InstanceType<typeof OpenAI.APIError>).message).toContain('上游出错 upstream failed');
    expect(sim.chatRequests()[0]?.outcome).toBe('stream-error');

    sim.enqueue({ errorAfterChunks: 1 });
    const raw = await post(`${sim.baseUrls.baystone}/chat/completions`, { model: 'm', messages: USER, stream: true }, bearerHeaders);
    const text = await raw.text();
    expect(text).not.toContain('[DONE]');
    const last = jsonData(parseSse(text)).at(-1)!;
    expect(last).toEqual({ error: { message: expect.any(String), type: 'server_error', param: null, code: '500' } });
  });

  it('dropAfterChunks: the socket is destroyed mid-stream, the client sees a connection error', async () => {
    sim.enqueue({ text: 'abcdefgh', chunkSize: 2, dropAfterChunks: 2 });
    const stream = await baystone().chat.completions.create({ model: 'm', messages: USER, stream: true });
    const seen: string[] = [];
    await expect(
      (async () => {
        for await (const c of stream) if (c.choices[0]?.delta.content) seen.push(c.choices[0].delta.content);
      })(),
    ).rejects.toThrow();
    expect(seen).toEqual(['ab', 'cd']);
    expect(sim.chatRequests()[0]?.outcome).toBe('dropped');

    sim.enqueue({ dropAfterChunks: 0 });
    const raw = await post(`${sim.baseUrls.baystone}/chat/completions`, { model: 'm', messages: USER, stream: true }, bearerHeaders);
    await expect(raw.text()).rejects.toThrow();
  });

  it('stallAfterChunks: nothing more arrives until the client aborts; the server carries on', async () => {
    sim.enqueue({ text: 'abcdefgh', chunkSize: 2, stallAfterChunks: 1 });
    const controller = new AbortController();
    const stream = await baystone().chat.completions.create(
      { model: 'm', messages: USER, stream: true },
      { signal: controller.signal },
    );
    const iterator = stream[Symbol.asyncIterator]();
    expect((await iterator.next()).value?.choices[0]?.delta.role).toBe('assistant');
    expect((await iterator.next()).value?.choices[0]?.delta.content).toBe('ab');
    const pending = iterator.next();
    const raced = await Promise.race([pending.then(() => 'chunk'), sleep(200).then(() => 'silence')]);
    expect(raced).toBe('silence');
    controller.abort();
    await pending.catch(() => undefined);
    await sleep(20);
    expect(sim.chatRequests()[0]?.outcome).toBe('stalled');
    const after = await baystone().chat.completions.create({ model: 'm', messages: USER });
    expect(after.choices[0]?.message.content).toBe(DEFAULT_REPLY_TEXT);
  });

  it('a client abort during a paced stream is recorded and does not disturb the server', async () => {
    sim.enqueue({ text: 'x'.repeat(100), chunkSize: 1, delayMs: 10 });
    const controller = new AbortController();
    const stream = await baystone().chat.completions.create({ model: 'm', messages: USER, stream: true }, { signal: controller.signal });
    let n = 0;
    for await (const _ of stream) {
      if (++n === 5) controller.abort();
    }
    await sleep(30);
    expect(sim.chatRequests()[0]?.outcome).toBe('aborted');
    const ok = await baystone().chat.completions.create({ model: 'm', messages: USER });
    expect(ok.choices[0]?.finish_reason).toBe('stop');
  });

  it('byteByByte: one byte per write still parses, multi-byte characters included', async () => {
    sim.enqueue({ text: '逐字节 byte by byte ✓', byteByByte: true });
    const raw = await post(`${sim.baseUrls.baystone}/chat/completions`, { model: 'm', messages: USER, stream: true }, bearerHeaders);
    const reader = raw.body!.getReader();
    const parts: Uint8Array[] = [];
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      parts.push(value);
    }
    const bytes = Buffer.concat(parts);
    expect(parts.length).toBeGreaterThan(bytes.length / 4); // many tiny reads, not a few big ones
    const text = bytes.toString('utf8');
    expect(text.endsWith('data: [DONE]\n\n')).toBe(true);
    const content = jsonData(parseSse(text))
      .map((c) => c['choices'][0]?.['delta']?.['content'] ?? '')
      .join('');
    expect(content).toBe('逐字节 byte by byte ✓');

    sim.enqueue({ text: '逐字节 SDK', byteByByte: true }, { text: '非流式 JSON', byteByByte: true });
    const { content: viaSdk } = await collectChat(await baystone().chat.completions.create({ model: 'm', messages: USER, stream: true }));
    expect(viaSdk).toBe('逐字节 SDK');
    const plain = await baystone().chat.completions.create({ model: 'm', messages: USER });
    expect(plain.choices[0]?.message.content).toBe('非流式 JSON');
  });

  it('bufferedWrites: the same frames, coalesced into far fewer reads', async () => {
    const text = '缓冲写入 buffered writes，'.repeat(400);
    const read = async (bufferedWrites: boolean) => {
      sim.enqueue({ text, chunkSize: 4, bufferedWrites });
      const raw = await post(`${sim.baseUrls.baystone}/chat/completions`, { model: 'm', messages: USER, stream: true }, bearerHeaders);
      const reader = raw.body!.getReader();
      const parts: Uint8Array[] = [];
      for (let chunk = await reader.read(); !chunk.done; chunk = await reader.read()) parts.push(chunk.value);
      const body = Buffer.concat(parts).toString('utf8');
      const frames = jsonData(parseSse(body));
      return { reads: parts.length, frames: frames.length, content: frames.map((c) => c['choices'][0]?.['delta']?.['content'] ?? '').join(''), done: body.endsWith('data: [DONE]\n\n') };
    };
    const buffered = await read(true);
    const each = await read(false);
    expect(buffered.content).toBe(text);
    expect(buffered.done).toBe(true);
    expect(buffered.frames).toBe(each.frames);
    // Node joins the frames written while the socket was busy; each 4-character frame on its own is ~1 read apiece.
    expect(buffered.reads).toBeLessThan(buffered.frames / 4);
  });

  it('ignoreStream: a stream:true request gets a plain JSON completion', async () => {
    sim.enqueue({ ignoreStream: true, text: 'not streamed' });
    const raw = await post(`${sim.baseUrls.baystone}/chat/completions`, { model: 'm', messages: USER, stream: true }, bearerHeaders);
    expect(raw.headers.get('content-type')).toContain('application/json');
    const body = (await raw.json()) as Wire;
    expect(body['object']).toBe('chat.completion');
    expect(body['choices'][0]['message']['content']).toBe('not streamed');
  });

  it('lists models and answers completions, edits and images/generations', async () => {
    const models = await baystone().models.list();
    expect(models.data.map((m) => m.id)).toEqual(expect.arrayContaining(['deepseek-r1-distill-qwen-14b', 'llama-3.1-instruct']));
    expect(models.data[0]?.object).toBe('model');
    const one = await baystone().models.retrieve('llama-3.1-instruct');
    expect(one.id).toBe('llama-3.1-instruct');

    const completion = await baystone().completions.create({ model: 'llama-3.1-instruct', prompt: 'Once upon a time', max_tokens: 3, logprobs: 2 });
    expect(completion.object).toBe('text_completion');
    expect(completion.choices[0]?.finish_reason).toBe('length');
    expect(completion.choices[0]?.logprobs?.tokens).toHaveLength(3);
    expect(completion.usage?.completion_tokens).toBe(3);

    const streamed = await baystone().completions.create({ model: 'm', prompt: 'x', stream: true });
    let text = '';
    for await (const c of streamed) text += c.choices[0]?.text ?? '';
    expect(text).toBe(DEFAULT_REPLY_TEXT);

    const edit = await post(`${sim.baseUrls.baystone}/edits`, { model: 'm', input: 'teh cat', instruction: 'Fix the spelling' }, bearerHeaders);
    expect(edit.status).toBe(200);
    const editBody = (await edit.json()) as Wire;
    expect(editBody['object']).toBe('edit');
    expect(editBody['choices'][0]['text']).toContain('teh cat');
    const badEdit = await post(`${sim.baseUrls.baystone}/edits`, { model: 'm', input: 'x' }, bearerHeaders);
    expect(badEdit.status).toBe(400);

    const b64 = await baystone().images.generate({ prompt: '一座桥', n: 2, response_format: 'b64_json' });
    expect(b64.data).toHaveLength(2);
    expect(b64.data?.[0]?.b64_json).toBe(SIM_PNG_BASE64);
    const byUrl = await baystone().images.generate({ prompt: '一座桥' });
    const image = await fetch(byUrl.data![0]!.url!);
    expect(image.headers.get('content-type')).toBe('image/png');
    expect(Buffer.from(await image.arrayBuffer()).equals(Buffer.from(SIM_PNG_BASE64, 'base64'))).toBe(true);

    expect(sim.requests.map((r) => r.kind)).toEqual(['models', 'models', 'completions', 'completions', 'edits', 'edits', 'images', 'images', 'file']);
    expect(sim.chatRequests()).toEqual([]);
  });

  it('answers unknown paths with 404 in the seed shape', async () => {
    const res = await fetch(`${sim.baseUrls.baystone}/audio/speech`, { headers: bearerHeaders });
    expect(res.status).toBe(404);
    expect(await res.json()).toEqual({ error: { message: expect.any(String), type: 'invalid_request_error', param: null, code: '404' } });
    const noGateway = await fetch(`${sim.url}/nowhere`);
    expect(noGateway.status).toBe(404);
  });
});

describe('zyinfo 展映 (OpenAI protocol, openid in the URL)', () => {
  it('streams on the overseas node with any key and records openid/userid/AI_system', async () => {
    sim.enqueue({ text: '1-1=0，so easy。' });
    const { content, chunks } = await collectChat(
      await zyinfo('overseas').chat.completions.create({ model: 'qwen', messages: USER, stream: true }),
    );
    expect(content).toBe('1-1=0，so easy。');
    expect(chunks[0]?.model).toBe('qwen');
    const rec = sim.chatRequests()[0]!;
    expect(rec.gateway).toBe('zyinfo-overseas');
    expect(rec.path).toBe('/v1/chat/completions');
    expect(rec.rawPath).toBe('/zyinfo-overseas/llm_api/test/u1/qwen/v1/chat/completions');
    expect(rec.zyinfo).toEqual({ openid: 'test', userid: 'u1', aiSystem: 'qwen', model: 'qwen' });
    expect(rec.headers['authorization']).toBe('Bearer sk-fake-anything');
  });

  it('uses body.model when AI_system is empty ({userid}//v1)', async () => {
    const res = await zyinfo('overseas', 'test', 'u2', '').chat.completions.create({ model: 'yi-34b', messages: USER });
    expect(res.model).toBe('yi-34b');
    const rec = sim.chatRequests()[0]!;
    expect(rec.rawPath).toBe('/zyinfo-overseas/llm_api/test/u2//v1/chat/completions');
    expect(rec.zyinfo).toEqual({ openid: 'test', userid: 'u2', aiSystem: '', model: 'yi-34b' });
    const noModel = await post(`${zyinfoBase('overseas', 'test', 'u2', '')}/chat/completions`, { messages: USER });
    expect(noModel.status).toBe(400);
  });

  it('rejects an unknown openid with a 401 error body', async () => {
    const res = await post(`${zyinfoBase('overseas', 'nobody')}/chat/completions`, { model: 'qwen', messages: USER });
    expect(res.status).toBe(401);
    expect(await res.json()).toEqual({ error: { message: expect.stringContaining('nobody'), type: 'invalid_request_error', param: null, code: '401' } });
    await expect(zyinfo('domestic', 'nobody').chat.completions.create({ model: 'qwen', messages: USER })).rejects.toBeInstanceOf(
      OpenAI.AuthenticationError,
    );
    sim.validOpenids.add('nobody');
    await expect(zyinfo('domestic', 'nobody').chat.completions.create({ model: 'qwen', messages: USER })).resolves.toBeTruthy();
  });

  it('domestic node has no native stream: stream:true gets one plain JSON completion', async () => {
    sim.enqueue({ text: '国内节点 no stream' });
    const raw = await post(`${zyinfoBase('domestic')}/chat/completions`, { model: 'qwen', messages: USER, stream: true });
    expect(raw.status).toBe(200);
    expect(raw.headers.get('content-type')).toContain('application/json');
    const body = (await raw.json()) as Wire;
    expect(body['object']).toBe('chat.completion');
    expect(body['choices'][0]['message']['content']).toBe('国内节点 no stream');
    expect(body['usage']['total_tokens']).toBeGreaterThan(0);
    expect(sim.chatRequests()[0]?.body).toMatchObject({ stream: true });
    const plain = await zyinfo('domestic').chat.completions.create({ model: 'qwen', messages: USER });
    expect(plain.choices[0]?.message.content).toBe(DEFAULT_REPLY_TEXT);
  });

  it('suspend_current_generate ends the running stream promptly with finish_reason stop', async () => {
    const full = '这是一个很长的回答。'.repeat(20);
    sim.enqueue({ text: full, chunkSize: 2, delayMs: 25 });
    const stream = await zyinfo('overseas', 'test', 'u1').chat.completions.create({ model: 'qwen', messages: USER, stream: true });
    let content = '';
    let finish: string | null = null;
    let suspendedAt = 0;
    let suspendAnswer: unknown;
    let deltas = 0;
    for await (const c of stream) {
      content += c.choices[0]?.delta.content ?? '';
      finish = c.choices[0]?.finish_reason ?? finish;
      if (c.choices[0]?.delta.content && ++deltas === 3) {
        // An unrelated userid is not touched.
        const other = await fetch(`${sim.baseUrls.zyinfoOverseas}/llm_api/suspend_current_generate?openid=test&userid=someone-else`);
        expect(await other.json()).toEqual({ code: 0, msg: 'ok', suspended: 0 });
        suspendedAt = Date.now();
        const res = await fetch(`${sim.baseUrls.zyinfoOverseas}/llm_api/suspend_current_generate?openid=test&userid=u1`);
        suspendAnswer = await res.json();
      }
    }
    expect(suspendAnswer).toEqual({ code: 0, msg: 'ok', suspended: 1 });
    expect(Date.now() - suspendedAt).toBeLessThan(200);
    expect(finish).toBe('stop');
    expect(content.length).toBeGreaterThanOrEqual(6);
    expect(content.length).toBeLessThan(full.length / 2);
    expect(full.startsWith(content)).toBe(true);
    const chat = sim.chatRequests()[0]!;
    expect(chat.outcome).toBe('suspended');
    const suspends = sim.requests.filter((r) => r.kind === 'suspend');
    expect(suspends.map((r) => r.query)).toEqual([
      { openid: 'test', userid: 'someone-else' },
      { openid: 'test', userid: 'u1' },
    ]);
    expect(suspends[0]?.path).toBe('/llm_api/suspend_current_generate');
  });

  it('suspend also cuts a slow non-streamed answer on the domestic node; bad openid → 401', async () => {
    sim.enqueue({ text: 'abcdefghij'.repeat(10), chunkSize: 1, delayMs: 10 });
    const pending = zyinfo('domestic').chat.completions.create({ model: 'qwen-14b-t', messages: USER });
    await sleep(80);
    const res = await fetch(`${sim.baseUrls.zyinfoDomestic}/llm_api/suspend_current_generate?openid=test&userid=u1`);
    expect(((await res.json()) as Record<string, unknown>)['suspended']).toBe(1);
    const answer = await pending;
    expect(answer.choices[0]?.finish_reason).toBe('stop');
    expect(answer.choices[0]?.message.content?.length).toBeLessThan(100);
    const bad = await fetch(`${sim.baseUrls.zyinfoDomestic}/llm_api/suspend_current_generate?openid=nobody&userid=u1`);
    expect(bad.status).toBe(401);
  });

  it('reports the quota as JSON (type=json) or HTML, counting spent money', async () => {
    const before = (await (await fetch(`${sim.baseUrls.zyinfoDomestic}/api_user/info?openid=test&type=json`)).json()) as Wire;
    expect(before).toEqual({ code: 0, openid: 'test', balance: ZYINFO_INITIAL_CREDIT, used: 0, total: ZYINFO_INITIAL_CREDIT, unit: '元', requests: 0 });
    await zyinfo('overseas').chat.completions.create({ model: 'qwen', messages: USER });
    const after = (await (await fetch(`${sim.baseUrls.zyinfoDomestic}/api_user/info?openid=test&type=json`)).json()) as Wire;
    expect(after['requests']).toBe(1);
    expect(after['used']).toBeGreaterThan(0);
    expect(after['balance']).toBeCloseTo(ZYINFO_INITIAL_CREDIT - after['used'], 4);
    const html = await fetch(`${sim.baseUrls.zyinfoDomestic}/api_user/info?openid=test&type=`);
    expect(html.headers.get('content-type')).toContain('text/html');
    expect(await html.text()).toContain('openid: test');
    const bad = await fetch(`${sim.baseUrls.zyinfoOverseas}/api_user/info?openid=nobody&type=json`);
    expect(bad.status).toBe(401);
    expect(sim.requests.filter((r) => r.kind === 'quota').map((r) => r.query['type'])).toEqual(['json', 'json', '', 'json']);
  });

  it('lists the seed\'s model table', async () => {
    const models = await zyinfo('overseas').models.list();
    const ids = models.data.map((m) => m.id);
    expect(ids).toEqual(expect.arrayContaining(['qwen', 'chat5-v', 'misins-moe', 'phi2-t', 'yi-34b-t']));
    const t = models.data.find((m) => m.id === 'qwen-14b-t') as unknown as Record<string, unknown>;
    expect(t).toMatchObject({ context_length: 8192, price: 0.015, price_unit: 'per_second' });
  });
});

describe('szaiai 小艾引擎 (Anthropic Messages + OpenAI chat + embeddings)', () => {
  it('answers a non-streamed message in the seed shape (X-Api-Key)', async () => {
    // @anthropic-ai/sdk 1.x sends `apiKey` as Authorization: Bearer; the seed's "方式一" header is sent explicitly.
    const viaHeader = new Anthropic({ baseURL: sim.baseUrls.szaiai, apiKey: null, defaultHeaders: { 'X-Api-Key': 'sk-test' }, maxRetries: 0 });
    const msg = await viaHeader.messages.create({
      model: 'xiaoai-chat-v1',
      max_tokens: 1024,
      system: '你是一位专业的法律顾问。',
      messages: [{ role: 'user', content: '你好，请介绍一下你自己' }, { role: 'assistant', content: '你好！' }, { role: 'user', content: '你能做什么？' }],
    });
    expect(msg.id).toMatch(/^msg-/);
    expect(msg.type).toBe('message');
    expect(msg.role).toBe('assistant');
    expect(msg.model).toBe('xiaoai-chat-v1');
    expect(msg.content).toEqual([{ type: 'text', text: DEFAULT_REPLY_TEXT }]);
    expect(msg.stop_reason).toBe('end_turn');
    expect(msg.usage.input_tokens).toBeGreaterThan(10);
    expect(msg.usage.output_tokens).toBeGreaterThan(0);
    const rec = sim.chatRequests()[0]!;
    expect(rec).toMatchObject({ gateway: 'szaiai', path: '/v1/messages', kind: 'messages' });
    expect(rec.headers['x-api-key']).toBe('sk-test');
    expect(rec.headers['authorization']).toBeUndefined();
    expect(rec.headers['anthropic-version']).toBeTruthy();
  });

  it('accepts Authorization: Bearer too, and answers 401 authentication_error to a bad key', async () => {
    const viaBearer = new Anthropic({ baseURL: sim.baseUrls.szaiai, authToken: 'sk-test', maxRetries: 0 });
    const msg = await viaBearer.messages.create({ model: 'xiaoai-chat-v1', max_tokens: 64, messages: USER });
    expect(msg.content[0]).toMatchObject({ type: 'text' });
    await szaiai().messages.create({ model: 'xiaoai-chat-v1', max_tokens: 64, messages: USER });
    for (const rec of sim.chatRequests()) {
      expect(rec.headers['authorization']).toBe('Bearer sk-test');
      expect(rec.headers['x-api-key']).toBeUndefined();
    }

    const bad = await post(`${sim.baseUrls.szaiai}/v1/messages`, { model: 'x', max_tokens: 5, messages: USER }, { 'x-api-key': 'sk-bad' });
    expect(bad.status).toBe(401);
    expect(await bad.json()).toEqual({ type: 'error', error: { type: 'authentication_error', message: expect.any(String) } });
    await expect(szaiai('sk-bad').messages.create({ model: 'x', max_tokens: 5, messages: USER })).rejects.toBeInstanceOf(
      Anthropic.AuthenticationError,
    );
  });

  it('streams the full Anthropic event sequence', async () => {
    sim.enqueue({ text: '春眠不觉晓 spring', chunkSize: 3 });
    const stream = await szaiai().messages.create({ model: 'xiaoai-chat-v1', max_tokens: 1024, messages: USER, stream: true });
    const events: Anthropic.Messages.RawMessageStreamEvent[] = [];
    for await (const e of stream) events.push(e);
    const types = events.map((e) => e.type);
    expect(types[0]).toBe('message_start');
    expect(types[1]).toBe('content_block_start');
    expect(types.slice(-3)).toEqual(['content_block_stop', 'message_delta', 'message_stop']);
    expect(new Set(types.slice(2, -3))).toEqual(new Set(['content_block_delta']));
    const start = events[0] as Anthropic.Messages.RawMessageStartEvent;
    expect(start.message).toMatchObject({ model: 'xiaoai-chat-v1', role: 'assistant', content: [], type: 'message' });
    expect(start.message.usage.input_tokens).toBeGreaterThan(0);
    const text = events
      .filter((e): e is Anthropic.Messages.RawContentBlockDeltaEvent => e.type === 'content_block_delta')
      .map((e) => {
        expect(e.index).toBe(0);
        return e.delta.type === 'text_delta' ? e.delta.text : '';
      })
      .join('');
    expect(text).toBe('春眠不觉晓 spring');
    const delta = events.at(-2) as Anthropic.Messages.RawMessageDeltaEvent;
    expect(delta.delta.stop_reason).toBe('end_turn');
    expect(delta.usage.output_tokens).toBeGreaterThan(0);

    // On the wire: `event: X` matches data.type, and a ping follows content_block_start.
    const raw = await post(`${sim.baseUrls.szaiai}/v1/messages`, { model: 'x', max_tokens: 100, messages: USER, stream: true }, { 'x-api-key': 'sk-test' });
    const wire = parseSse(await raw.text());
    expect(wire.slice(0, 3).map((e) => e.event)).toEqual(['message_start', 'content_block_start', 'ping']);
    for (const e of wire) expect((JSON.parse(e.data) as { type: string }).type).toBe(e.event);

    // The SDK's stream helper accumulates it.
    sim.enqueue({ text: '写一首关于春天的诗' });
    const helper = szaiai().messages.stream({ model: 'xiaoai-chat-v1', max_tokens: 1024, messages: USER });
    const final = await helper.finalMessage();
    expect(final.content).toEqual([{ type: 'text', text: '写一首关于春天的诗' }]);
    expect(final.stop_reason).toBe('end_turn');
  });

  it('anthropicMinimal: exactly the seed\'s sequence (no content_block_start, no index)', async () => {
    sim.enqueue({ text: '你好呀', chunkSize: 2, anthropicMinimal: true });
    const stream = await szaiai().messages.create({ model: 'xiaoai-chat-v1', max_tokens: 1024, messages: USER, stream: true });
    const events: Wire[] = [];
    for await (const e of stream) events.push(e as unknown as Wire);
    expect(events.map((e) => e['type'])).toEqual(['message_start', 'content_block_delta', 'content_block_delta', 'content_block_delta', 'message_stop']);
    expect(events[0]?.['message']['model']).toBe('xiaoai-chat-v1');
    const deltas = events.filter((e) => e['type'] === 'content_block_delta');
    for (const d of deltas) expect('index' in d).toBe(false);
    expect(deltas.map((d) => d['delta'])).toEqual([
      { type: 'text_delta', text: '你好' },
      { type: 'text_delta', text: '呀' },
      { type: 'text_delta', text: '' },
    ]);
    sim.enqueue({ anthropicMinimal: true });
    const raw = await post(`${sim.baseUrls.szaiai}/v1/messages`, { model: 'x', max_tokens: 100, messages: USER, stream: true }, { 'x-api-key': 'sk-test' });
    const wire = parseSse(await raw.text()).map((e) => e.event);
    expect(wire).not.toContain('ping');
    expect(wire).not.toContain('content_block_start');
    expect(wire).not.toContain('message_delta');
  });

  it('anthropic-thinking: a thinking block (thinking_delta, signature_delta) before the text block', async () => {
    sim.enqueue({ reasoning: '让我想想 let me think', text: '答案', reasoningStyle: 'anthropic-thinking' });
    const stream = await szaiai().messages.create({ model: 'x', max_tokens: 1024, messages: USER, stream: true });
    const events: Anthropic.Messages.RawMessageStreamEvent[] = [];
    for await (const e of stream) events.push(e);
    const starts = events.filter((e): e is Anthropic.Messages.RawContentBlockStartEvent => e.type === 'content_block_start');
    expect(starts.map((s) => [s.index, s.content_block.type])).toEqual([
      [0, 'thinking'],
      [1, 'text'],
    ]);
    const deltas = events.filter((e): e is Anthropic.Messages.RawContentBlockDeltaEvent => e.type === 'content_block_delta');
    const thinking = deltas.map((d) => (d.delta.type === 'thinking_delta' ? d.delta.thinking : '')).join('');
    expect(thinking).toBe('让我想想 let me think');
    expect(deltas.some((d) => d.index === 0 && d.delta.type === 'signature_delta')).toBe(true);
    expect(deltas.filter((d) => d.index === 1).map((d) => (d.delta.type === 'text_delta' ? d.delta.text : '')).join('')).toBe('答案');
    expect(events.filter((e) => e.type === 'content_block_stop').map((e) => (e as Anthropic.Messages.RawContentBlockStopEvent).index)).toEqual([0, 1]);

    sim.enqueue({ reasoning: 'hmm', text: 'ok' });
    const msg = await szaiai().messages.create({ model: 'x', max_tokens: 1024, messages: USER });
    expect(msg.content).toEqual([
      { type: 'thinking', thinking: 'hmm', signature: expect.any(String) },
      { type: 'text', text: 'ok' },
    ]);
    sim.enqueue({ reasoning: 'hmm', text: 'ok', reasoningStyle: 'think-tags' });
    const tagged = await szaiai().messages.create({ model: 'x', max_tokens: 1024, messages: USER });
    expect(tagged.content).toEqual([{ type: 'text', text: '<think>\nhmm\n</think>\n\nok' }]);
  });

  it('validates: max_tokens required, temperature 0–1, no system role, system top-level, image blocks', async () => {
    const url = `${sim.baseUrls.szaiai}/v1/messages`;
    const key = { 'x-api-key': 'sk-test' };
    const expect400 = async (body: unknown, fragment: string): Promise<void> => {
      const res = await post(url, body, key);
      expect(res.status).toBe(400);
      const json = (await res.json()) as Wire;
      expect(json).toEqual({ type: 'error', error: { type: 'invalid_request_error', message: expect.stringContaining(fragment) } });
    };
    await expect400({ model: 'x', messages: USER }, 'max_tokens');
    await expect400({ model: 'x', max_tokens: 10, messages: USER, temperature: 1.5 }, 'temperature');
    await expect400({ model: 'x', max_tokens: 10, messages: [{ role: 'system', content: 'be nice' }, ...USER] }, 'system');
    await expect400({ model: 'x', max_tokens: 10, messages: USER, system: [{ type: 'image' }] }, 'system');
    await expect400({ model: 'x', max_tokens: 10, messages: USER, stop_sequences: 'STOP' }, 'stop_sequences');
    await expect400({ max_tokens: 10, messages: USER }, 'model');
    await expect400({ model: 'x', max_tokens: 10, messages: [] }, 'messages');
    await expect400(
      { model: 'x', max_tokens: 10, messages: [{ role: 'user', content: [{ type: 'image', source: { type: 'base64', media_type: 'image/bmp', data: 'AAAA' } }] }] },
      'media_type',
    );
    await expect400('{"model":', 'JSON');
    // @anthropic-ai/sdk 1.x's types no longer list temperature/top_p, but the body is passed through as given.
    const sampled = (params: Anthropic.MessageCreateParamsNonStreaming, sampling: { temperature?: number; top_p?: number }) =>
      ({ ...params, ...sampling }) as Anthropic.MessageCreateParamsNonStreaming;
    await expect(szaiai().messages.create(sampled({ model: 'x', max_tokens: 10, messages: USER }, { temperature: 1.5 }))).rejects.toBeInstanceOf(
      Anthropic.BadRequestError,
    );

    const withSystemArray = await szaiai().messages.create(
      sampled({ model: 'x', max_tokens: 10, system: [{ type: 'text', text: '系统提示' }], messages: USER }, { temperature: 1, top_p: 0.5 }),
    );
    expect(sim.chatRequests().at(-1)?.body).toMatchObject({ temperature: 1, top_p: 0.5 });
    expect(withSystemArray.type).toBe('message');
    const textOnly = await szaiai().messages.create({ model: 'x', max_tokens: 100, messages: USER });
    const withImage = await szaiai().messages.create({
      model: 'x',
      max_tokens: 100,
      messages: [
        {
          role: 'user',
          content: [
            { type: 'image', source: { type: 'base64', media_type: 'image/png', data: SIM_PNG_BASE64 } },
            { type: 'text', text: '你好，simulator' },
          ],
        },
      ],
    });
    expect(withImage.usage.input_tokens).toBeGreaterThan(textOnly.usage.input_tokens);
    expect((sim.chatRequests().at(-1)?.body as Wire)['messages'][0]['content'][0]['source']['data']).toBe(SIM_PNG_BASE64);
  });

  it('stop_sequences → stop_reason stop_sequence; max_tokens → max_tokens', async () => {
    sim.enqueue({ text: 'Hello STOP world' }, { text: 'one two three', chunkSize: 2 }, { finishReason: 'max_tokens' });
    const stopped = await szaiai().messages.create({ model: 'x', max_tokens: 100, messages: USER, stop_sequences: ['STOP'] });
    expect(stopped.content).toEqual([{ type: 'text', text: 'Hello ' }]);
    expect(stopped.stop_reason).toBe('stop_sequence');
    expect(stopped.stop_sequence).toBe('STOP');
    const stream = await szaiai().messages.create({ model: 'x', max_tokens: 2, messages: USER, stream: true });
    let text = '';
    let reason: string | null = null;
    for await (const e of stream) {
      if (e.type === 'content_block_delta' && e.delta.type === 'text_delta') text += e.delta.text;
      if (e.type === 'message_delta') reason = e.delta.stop_reason;
    }
    expect(text).toBe('one two');
    expect(reason).toBe('max_tokens');
    const forced = await szaiai().messages.create({ model: 'x', max_tokens: 100, messages: USER });
    expect(forced.stop_reason).toBe('max_tokens');
  });

  it.each([
    [400, 'invalid_request_error', Anthropic.BadRequestError],
    [401, 'authentication_error', Anthropic.AuthenticationError],
    [403, 'permission_error', Anthropic.PermissionDeniedError],
    [404, 'not_found_error', Anthropic.NotFoundError],
    [429, 'rate_limit_error', Anthropic.RateLimitError],
    [500, 'api_error', Anthropic.InternalServerError],
    [502, 'upstream_error', Anthropic.InternalServerError],
    [503, 'overloaded_error', Anthropic.InternalServerError],
  ] as const)('injects HTTP %i as {"type":"error","error":{"type":"%s"}}', async (status, type, ErrorClass) => {
    sim.enqueue({ status, retryAfter: '2' });
    const res = await post(`${sim.baseUrls.szaiai}/v1/messages`, { model: 'x', max_tokens: 5, messages: USER }, { 'x-api-key': 'sk-test' });
    expect(res.status).toBe(status);
    expect(res.headers.get('retry-after')).toBe('2');
    const body = (await res.json()) as Wire;
    expect(body).toEqual({ type: 'error', error: { type, message: expect.any(String) } });

    sim.enqueue({ status, errorMessage: '出错了' });
    const err = await szaiai()
      .messages.create({ model: 'x', max_tokens: 5, messages: USER })
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ErrorClass);
    expect((err as InstanceType<typeof Anthropic.APIError>).status).toBe(status);
    expect((err as InstanceType<typeof Anthropic.APIError>).error).toEqual({ type: 'error', error: { type, message: '出错了' } });
  });

  it('errorAfterChunks: event: error mid-stream (overloaded_error by default)', async () => {
    sim.enqueue({ text: 'abcdef', chunkSize: 2, errorAfterChunks: 2 });
    const stream = await szaiai().messages.create({ model: 'x', max_tokens: 100, messages: USER, stream: true });
    let text = '';
    const err = await (async () => {
      try {
        for await (const e of stream) if (e.type === 'content_block_delta' && e.delta.type === 'text_delta') text += e.delta.text;
      } catch (e) {
        return e;
      }
      return null;
    })();
    expect(text).toBe('abcd');
    expect(err).toBeInstanceOf(Anthropic.APIError);
    expect((err as InstanceType<typeof Anthropic.APIError>).error).toMatchObject({ type: 'error', error: { type: 'overloaded_error' } });

    sim.enqueue({ errorAfterChunks: 0, errorType: 'api_error' });
    const raw = await post(`${sim.baseUrls.szaiai}/v1/messages`, { model: 'x', max_tokens: 100, messages: USER, stream: true }, { 'x-api-key': 'sk-test' });
    const wire = parseSse(await raw.text());
    expect(wire.at(-1)?.event).toBe('error');
    expect(JSON.parse(wire.at(-1)!.data)).toEqual({ type: 'error', error: { type: 'api_error', message: expect.any(String) } });
    expect(wire.map((e) => e.event)).not.toContain('message_stop');
  });

  it('byteByByte and drop work on the Anthropic stream too', async () => {
    sim.enqueue({ text: '一字一节', byteByByte: true });
    const final = await szaiai().messages.stream({ model: 'x', max_tokens: 100, messages: USER }).finalText();
    expect(final).toBe('一字一节');
    sim.enqueue({ text: 'abcdef', chunkSize: 1, dropAfterChunks: 3 });
    const stream = await szaiai().messages.create({ model: 'x', max_tokens: 100, messages: USER, stream: true });
    const types: string[] = [];
    await expect(
      (async () => {
        for await (const e of stream) types.push(e.type);
      })(),
    ).rejects.toThrow();
    expect(types).not.toContain('message_stop');
    expect(types.filter((t) => t === 'content_block_delta')).toHaveLength(3);
  });

  it('OpenAI-compatible chat/completions: temperature up to 2, cmpl- ids, streaming', async () => {
    const res = await szaiaiOpenAI().chat.completions.create({ model: 'xiaoai-chat-v1', messages: USER, temperature: 1.5 });
    expect(res.id).toMatch(/^cmpl-/);
    expect(res.choices[0]?.message.content).toBe(DEFAULT_REPLY_TEXT);
    sim.enqueue({ text: '什么是机器学习？' });
    const { content } = await collectChat(await szaiaiOpenAI().chat.completions.create({ model: 'xiaoai-chat-v1', messages: USER, stream: true }));
    expect(content).toBe('什么是机器学习？');
    const tooHot = await post(`${sim.baseUrls.szaiai}/v1/chat/completions`, { model: 'x', messages: USER, temperature: 2.5 }, bearerHeaders);
    expect(tooHot.status).toBe(400);
    expect(await tooHot.json()).toEqual({ type: 'error', error: { type: 'invalid_request_error', message: expect.stringContaining('temperature') } });
    expect(sim.chatRequests().map((r) => [r.path, r.kind])).toEqual([
      ['/v1/chat/completions', 'chat'],
      ['/v1/chat/completions', 'chat'],
      ['/v1/chat/completions', 'chat'],
    ]);
  });

  it('embeddings: deterministic 16-dim vectors, float by default, base64 on request', async () => {
    const url = `${sim.baseUrls.szaiai}/v1/embeddings`;
    const input = '人工智能是计算机科学的一个分支';
    const asFloat = (await (await post(url, { model: 'xiaoai-embed-v1', input }, bearerHeaders)).json()) as Wire;
    expect(asFloat['object']).toBe('list');
    expect(asFloat['model']).toBe('xiaoai-embed-v1');
    expect(asFloat['data'][0]).toMatchObject({ object: 'embedding', index: 0 });
    const vector = asFloat['data'][0]['embedding'] as number[];
    expect(vector).toHaveLength(EMBEDDING_DIMENSIONS);
    expect(vector).toEqual(simEmbedding(input));
    expect(Math.hypot(...vector)).toBeCloseTo(1, 5);
    expect(asFloat['usage']).toEqual({ prompt_tokens: expect.any(Number), total_tokens: expect.any(Number) });

    const asB64 = (await (await post(url, { model: 'xiaoai-embed-v1', input, encoding_format: 'base64' }, { 'x-api-key': 'sk-test' })).json()) as Wire;
    const buf = Buffer.from(asB64['data'][0]['embedding'] as string, 'base64');
    expect(Array.from(new Float32Array(buf.buffer, buf.byteOffset, buf.length / 4))).toEqual(vector);

    // The OpenAI SDK asks for base64 behind the scenes and decodes it.
    const viaSdk = await szaiaiOpenAI().embeddings.create({ model: 'xiaoai-embed-v1', input: [input, 'another'] });
    expect(viaSdk.data.map((d) => d.index)).toEqual([0, 1]);
    expect(viaSdk.data[0]?.embedding).toEqual(vector);
    expect(viaSdk.data[1]?.embedding).not.toEqual(vector);
    expect((sim.requests.at(-1)?.body as Record<string, unknown>)['encoding_format']).toBe('base64');

    const missing = await post(url, { model: 'xiaoai-embed-v1' }, bearerHeaders);
    expect(missing.status).toBe(400);
    expect(((await missing.json()) as Wire)['error']['type']).toBe('invalid_request_error');
    const unauth = await post(url, { model: 'xiaoai-embed-v1', input }, { authorization: 'Bearer nope' });
    expect(unauth.status).toBe(401);
    expect(sim.chatRequests()).toEqual([]);
  });

  it('answers 413 request_too_large above 50 MB, and 404 not_found_error for unknown paths', async () => {
    const huge = JSON.stringify({ model: 'x', max_tokens: 5, messages: [{ role: 'user', content: 'x'.repeat(50 * 1024 * 1024 + 10) }] });
    const res = await post(`${sim.baseUrls.szaiai}/v1/messages`, huge, { 'x-api-key': 'sk-test' });
    expect(res.status).toBe(413);
    expect(await res.json()).toEqual({ type: 'error', error: { type: 'request_too_large', message: expect.stringContaining('50 MB') } });
    expect(sim.requests.at(-1)).toMatchObject({ kind: 'messages', status: 413, body: null });

    const nf = await fetch(`${sim.baseUrls.szaiai}/v1/models`, { headers: { 'x-api-key': 'sk-test' } });
    expect(nf.status).toBe(404);
    expect(await nf.json()).toEqual({ type: 'error', error: { type: 'not_found_error', message: expect.any(String) } });
  });

  it('opt-in rate limit answers 429 rate_limit_error with Retry-After', async () => {
    sim.rateLimits.szaiai = 2;
    for (let i = 0; i < 2; i++) await szaiai().messages.create({ model: 'x', max_tokens: 5, messages: USER });
    const res = await post(`${sim.baseUrls.szaiai}/v1/messages`, { model: 'x', max_tokens: 5, messages: USER }, { 'x-api-key': 'sk-test' });
    expect(res.status).toBe(429);
    expect(Number(res.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(((await res.json()) as Wire)['error']['type']).toBe('rate_limit_error');
    sim.reset();
    await expect(szaiai().messages.create({ model: 'x', max_tokens: 5, messages: USER })).resolves.toBeTruthy();
  });
});

describe('the simulator itself', () => {
  it('records every request in order with lower-cased headers and the query', async () => {
    await fetch(`${sim.baseUrls.baystone}/models?limit=5`, { headers: { 'X-Custom-Header': 'Value', Authorization: 'Bearer sk-test' } });
    await post(`${sim.baseUrls.szaiai}/v1/messages`, { model: 'x', max_tokens: 5, messages: USER }, { 'X-Api-Key': 'sk-test' });
    expect(sim.requests.map((r) => [r.gateway, r.method, r.path])).toEqual([
      ['baystone', 'GET', '/v1/models'],
      ['szaiai', 'POST', '/v1/messages'],
    ]);
    const first = sim.requests[0]!;
    expect(first.headers['x-custom-header']).toBe('Value');
    expect(Object.keys(first.headers).every((k) => k === k.toLowerCase())).toBe(true);
    expect(first.query).toEqual({ limit: '5' });
    expect(first.body).toBeNull();
    expect(first.receivedAt).toBeLessThanOrEqual(Date.now());
    expect(sim.requests[1]?.headers['x-api-key']).toBe('sk-test');
  });

  it('consumes the queue one reply per chat request across gateways; reset restores everything', async () => {
    sim.enqueue({ text: 'first' }, { text: 'second' }, { text: 'third' });
    sim.setDefault({ text: 'default 默认' });
    const a = await baystone().chat.completions.create({ model: 'm', messages: USER });
    const b = await szaiai().messages.create({ model: 'x', max_tokens: 50, messages: USER });
    const c = await zyinfo('overseas').chat.completions.create({ model: 'qwen', messages: USER });
    const d = await zyinfo('domestic').chat.completions.create({ model: 'qwen', messages: USER });
    expect([a.choices[0]?.message.content, b.content[0]?.type === 'text' ? b.content[0].text : '', c.choices[0]?.message.content, d.choices[0]?.message.content]).toEqual([
      'first',
      'second',
      'third',
      'default 默认',
    ]);
    sim.validKeys.clear();
    sim.validOpenids.clear();
    sim.enqueue({ text: 'left over' });
    sim.reset();
    expect(sim.requests).toEqual([]);
    expect([...sim.validKeys]).toEqual(['sk-test']);
    expect([...sim.validOpenids]).toEqual(['test']);
    const e = await baystone().chat.completions.create({ model: 'm', messages: USER });
    expect(e.choices[0]?.message.content).toBe(DEFAULT_REPLY_TEXT);
  });

  it('close() resolves while a response is stalled, and ends it', async () => {
    const other = await startSimulator({ maxBodyBytes: 100 });
    other.enqueue({ stallAfterChunks: 0 });
    const res = await post(`${other.baseUrls.baystone}/chat/completions`, { model: 'm', messages: USER, stream: true }, bearerHeaders);
    expect(res.status).toBe(200);
    const reading = res.text();
    // The small body limit of this instance: 413 in Baystone's shape.
    const big = await post(`${other.baseUrls.baystone}/chat/completions`, { model: 'm', messages: [{ role: 'user', content: 'y'.repeat(200) }] }, bearerHeaders);
    expect(big.status).toBe(413);
    expect(((await big.json()) as Wire)['error']['code']).toBe('413');
    const started = Date.now();
    await other.close();
    expect(Date.now() - started).toBeLessThan(1000);
    await expect(reading).rejects.toThrow();
    expect(other.requests[0]?.outcome).toBe('stalled');
  });
});
