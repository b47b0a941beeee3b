import { describe, expect, it } from 'vitest';
import { createProviderClient } from '../../../src/main/core/providers/client';
import type { ProviderError } from '../../../src/main/core/providers/errors';
import { RateLimiter } from '../../../src/main/core/providers/rateLimiter';
import type { ProviderEvent } from '../../../src/main/core/providers/types';
import { collect, createFakeFetch, type Step } from './fakeFetch';
import { builtin, custom, fakeSleep, turn } from './helpers';

const szaiai = builtin('szaiai');
const KEY = 'sk-gw-unit-0123456789abcdef';

function client(f: typeof fetch) {
  return createProviderClient(szaiai, { fetch: f, sleep: fakeSleep().sleep, rateLimiter: new RateLimiter() });
}
const sz = (o: Parameters<typeof turn>[1] = {}) => turn(szaiai, { model: 'xiaoai-chat-v1', credentials: { apiKey: KEY }, ...o });
const ev = (event: string, data: Record<string, unknown>) => ({ event, data: { type: event, ...data } });

/** The seed's minimal sequence: no content_block_start, no index, no message_delta. */
const minimal: Step = {
  kind: 'sse',
  done: false,
  events: [
    ev('message_start', { message: { model: 'xiaoai-chat-v1' } }),
    ev('content_block_delta', { delta: { type: 'text_delta', text: '你好' } }),
    ev('content_block_delta', { delta: { type: 'text_delta', text: '' } }),
    ev('content_block_delta', { delta: { type: 'text_delta', text: '！' } }),
    ev('message_stop', {}),
  ],
};

const text = (events: ProviderEvent[], type: 'text' | 'reasoning' = 'text') =>
  events.filter((e) => e.type === type).map((e) => (e as { text: string }).text).join('');

describe('Anthropic adapter (szaiai /v1/messages)', () => {
  it('handles the minimal SSE sequence of the seed', async () => {
    const { fetch, calls } = createFakeFetch([minimal]);
    const { events, error } = await collect(client(fetch).stream(sz()));
    expect(error).toBeUndefined();
    expect(events).toEqual([
      { type: 'text', choice: 0, text: '你好' },
      { type: 'text', choice: 0, text: '！' },
    ]);
    expect(calls[0]!.url).toBe('https://api1.szaiai.com/v1/messages');
  });

  it('sends X-Api-Key (no Authorization), system top-level, max_tokens default 4096, params mapped', async () => {
    const { fetch, calls } = createFakeFetch([minimal]);
    await collect(
      client(fetch).stream(
        sz({
          system: '你是法律顾问',
          params: { temperature: 0.3, topP: 0.9, stop: ['END'], user: 'u1', frequencyPenalty: 1 },
          messages: [
            { role: 'user', parts: [{ type: 'text', text: '我叫小明' }] },
            { role: 'assistant', parts: [{ type: 'reasoning', text: 'hidden' }, { type: 'text', text: '你好小明' }] },
            { role: 'user', parts: [{ type: 'text', text: '我叫什么？' }] },
          ],
        }),
      ),
    );
    const c = calls[0]!;
    expect(c.headers['x-api-key']).toBe(KEY);
    expect(c.headers['authorization']).toBeUndefined();
    expect(c.body).toEqual({
      model: 'xiaoai-chat-v1',
      max_tokens: 4096,
      stream: true,
      system: '你是法律顾问',
      temperature: 0.3,
      top_p: 0.9,
      stop_sequences: ['END'],
      metadata: { user_id: 'u1' },
      messages: [
        { role: 'user', content: '我叫小明' },
        { role: 'assistant', content: '你好小明' },
        { role: 'user', content: '我叫什么？' },
      ],
    });
  });

  it('options.auth = bearer sends Authorization instead', async () => {
    const p = builtin('szaiai', { options: { auth: 'bearer' } });
    const { fetch, calls } = createFakeFetch([minimal]);
    await collect(createProviderClient(p, { fetch, rateLimiter: new RateLimiter() }).stream(turn(p, { model: 'xiaoai-chat-v1', credentials: { apiKey: KEY } })));
    expect(calls[0]!.headers['authorization']).toBe(`Bearer ${KEY}`);
    expect(calls[0]!.headers['x-api-key']).toBeUndefined();
  });

  it('uses the conversation’s max_tokens when set', async () => {
    const { fetch, calls } = createFakeFetch([minimal]);
    await collect(client(fetch).stream(sz({ params: { maxTokens: 256 } })));
    expect((calls[0]!.body as { max_tokens: number }).max_tokens).toBe(256);
  });

  it('rejects temperature > 1 and n > 1 before sending', async () => {
    const { fetch, calls } = createFakeFetch([minimal]);
    const a = await collect(client(fetch).stream(sz({ params: { temperature: 1.5 } })));
    expect(a.error).toMatchObject({ code: 'bad_request' });
    expect((a.error as ProviderError).message).toMatch(/0–1/);
    const b = await collect(client(fetch).stream(sz({ params: { n: 2 } })));
    expect(b.error).toMatchObject({ code: 'bad_request' });
    expect(calls).toHaveLength(0);
  });

  it('full event sequence: thinking → reasoning, stop_reason → finish, usage from message_start/message_delta', async () => {
    const { fetch } = createFakeFetch([
      {
        kind: 'sse',
        done: false,
        events: [
          ev('message_start', { message: { id: 'm', model: 'x', usage: { input_tokens: 15, output_tokens: 1 } } }),
          ev('content_block_start', { index: 0, content_block: { type: 'thinking', thinking: '' } }),
          ev('content_block_delta', { index: 0, delta: { type: 'thinking_delta', thinking: '嗯…' } }),
          ev('content_block_delta', { index: 0, delta: { type: 'signature_delta', signature: 'sig' } }),
          ev('content_block_stop', { index: 0 }),
          { event: 'ping', data: { type: 'ping' } },
          ev('content_block_start', { index: 1, content_block: { type: 'text', text: '' } }),
          ev('content_block_delta', { index: 1, delta: { type: 'text_delta', text: '答案' } }),
          ev('content_block_stop', { index: 1 }),
          ev('message_delta', { delta: { stop_reason: 'max_tokens' }, usage: { output_tokens: 42 } }),
          ev('message_stop', {}),
        ],
      },
    ]);
    const { events, error } = await collect(client(fetch).stream(sz()));
    expect(error).toBeUndefined();
    expect(events).toEqual([
      { type: 'reasoning', choice: 0, text: '嗯…' },
      { type: 'text', choice: 0, text: '答案' },
      { type: 'finish', choice: 0, reason: 'length' },
      { type: 'usage', promptTokens: 15, completionTokens: 42 },
    ]);
  });

  it('end_turn → stop, stop_sequence stays stop_sequence', async () => {
    const mk = (reason: string): Step => ({
      kind: 'sse',
      done: false,
      events: [ev('content_block_delta', { delta: { type: 'text_delta', text: 'x' } }), ev('message_delta', { delta: { stop_reason: reason } }), ev('message_stop', {})],
    });
    const { fetch } = createFakeFetch([mk('end_turn'), mk('stop_sequence')]);
    const c = client(fetch);
    expect((await collect(c.stream(sz()))).events).toContainEqual({ type: 'finish', choice: 0, reason: 'stop' });
    expect((await collect(c.stream(sz()))).events).toContainEqual({ type: 'finish', choice: 0, reason: 'stop_sequence' });
  });

  it('event: error mid-stream → stream_error after the partial text', async () => {
    const { fetch, calls } = createFakeFetch([
      {
        kind: 'sse',
        done: false,
        events: [
          ev('content_block_delta', { delta: { type: 'text_delta', text: '一部分' } }),
          { event: 'error', data: { type: 'error', error: { type: 'upstream_error', message: '服务暂时不可用' } } },
        ],
      },
    ]);
    const { events, error } = await collect(client(fetch).stream(sz()));
    expect(text(events)).toBe('一部分');
    expect(error).toMatchObject({ code: 'stream_error', gatewayMessage: '服务暂时不可用' });
    expect(calls).toHaveLength(1);
  });

  it('HTTP errors {error:{type,message}} map by status; 429/502 are retried', async () => {
    const err = (status: number, type: string): Step => ({ kind: 'json', status, body: { error: { type, message: `${type}!` } } });
    const { fetch, calls } = createFakeFetch([err(429, 'rate_limit_error'), err(502, 'upstream_error'), minimal]);
    const { events, error } = await collect(client(fetch).stream(sz()));
    expect(error).toBeUndefined();
    expect(calls).toHaveLength(3);
    expect(events.filter((e) => e.type === 'retry').map((e) => (e as { error: ProviderError }).error.code)).toEqual(['rate_limited', 'upstream']);
    for (const [status, type, code] of [
      [400, 'invalid_request_error', 'bad_request'],
      [401, 'authentication_error', 'unauthorized'],
      [403, 'permission_error', 'forbidden'],
    ] as const) {
      const f = createFakeFetch([err(status, type)]);
      const r = await collect(client(f.fetch).stream(sz()));
      expect(r.error).toMatchObject({ code, status, gatewayMessage: `${type}!` });
    }
  });

  it('images become base64 image blocks', async () => {
    const { fetch, calls } = createFakeFetch([minimal]);
    await collect(
      client(fetch).stream(
        sz({
          messages: [{ role: 'user', parts: [{ type: 'text', text: '这是什么' }, { type: 'image', hash: 'c'.repeat(64), mime: 'image/jpeg' }] }],
          loadImage: async () => ({ mime: 'image/jpeg', data: Buffer.from('JPEG') }),
        }),
      ),
    );
    expect((calls[0]!.body as { messages: unknown }).messages).toEqual([
      {
        role: 'user',
        content: [
          { type: 'text', text: '这是什么' },
          { type: 'image', source: { type: 'base64', media_type: 'image/jpeg', data: Buffer.from('JPEG').toString('base64') } },
        ],
      },
    ]);
  });

  it('non-streamed Message and a JSON answer to stream:true', async () => {
    const msg = {
      model: 'xiaoai-chat-v1',
      id: 'msg-1',
      type: 'message',
      role: 'assistant',
      content: [{ type: 'text', text: '你好我是小艾引擎' }],
      stop_reason: 'end_turn',
      usage: { input_tokens: 15, output_tokens: 42 },
    };
    const { fetch, calls } = createFakeFetch([{ kind: 'json', body: msg }]);
    const want = [
      { type: 'text', choice: 0, text: '你好我是小艾引擎' },
      { type: 'finish', choice: 0, reason: 'stop' },
      { type: 'usage', promptTokens: 15, completionTokens: 42 },
    ];
    const c = client(fetch);
    expect((await collect(c.stream(sz({ params: { stream: false } })))).events).toEqual(want);
    expect((calls[0]!.body as { stream: boolean }).stream).toBe(false);
    expect((await collect(c.stream(sz({ params: { stream: true } })))).events).toEqual(want);
  });

  it('the OpenAI-compatible endpoint (options.endpoint = chat) uses /v1/chat/completions with Bearer', async () => {
    const p = builtin('szaiai', { options: { endpoint: 'chat' } });
    const { fetch, calls } = createFakeFetch([
      { kind: 'sse', events: [{ choices: [{ index: 0, delta: { content: '你好' }, finish_reason: 'stop' }] }] },
    ]);
    const c = createProviderClient(p, { fetch, rateLimiter: new RateLimiter() });
    const { events } = await collect(c.stream(turn(p, { model: 'xiaoai-chat-v1', credentials: { apiKey: KEY }, params: { temperature: 1.5 } })));
    expect(text(events)).toBe('你好');
    expect(calls[0]!.url).toBe('https://api1.szaiai.com/v1/chat/completions');
    expect(calls[0]!.headers['authorization']).toBe(`Bearer ${KEY}`);
    expect(calls[0]!.body).toMatchObject({ temperature: 1.5, model: 'xiaoai-chat-v1' });
    expect(calls[0]!.body).not.toHaveProperty('stream_options');
  });

  it('custom Anthropic-compatible provider: base with or without /v1', async () => {
    for (const base of ['https://gw.example.com', 'https://gw.example.com/v1']) {
      const p = custom('anthropic', base);
      const { fetch, calls } = createFakeFetch([minimal]);
      await collect(createProviderClient(p, { fetch, rateLimiter: new RateLimiter() }).stream(turn(p, { model: 'm1' })));
      expect(calls[0]!.url).toBe('https://gw.example.com/v1/messages');
      expect(calls[0]!.headers['x-api-key']).toBeDefined();
    }
  });
});
