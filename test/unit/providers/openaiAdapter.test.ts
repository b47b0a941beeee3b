import { describe, expect, it } from 'vitest';
import { createProviderClient } from '../../../src/main/core/providers/client';
import { ProviderError } from '../../../src/main/core/providers/errors';
import { RateLimiter } from '../../../src/main/core/providers/rateLimiter';
import type { ProviderEvent } from '../../../src/main/core/providers/types';
import { chunk, collect, completion, createFakeFetch } from './fakeFetch';
import { builtin, custom, fakeSleep, turn } from './helpers';

const baystone = builtin('baystone');

function client(f: typeof fetch, extra: Parameters<typeof createProviderClient>[1] = {}) {
  return createProviderClient(baystone, { fetch: f, sleep: fakeSleep().sleep, rateLimiter: new RateLimiter(), ...extra });
}

function texts(events: ProviderEvent[], type: 'text' | 'reasoning' = 'text', choice = 0): string {
  return events
    .filter((e): e is Extract<ProviderEvent, { type: 'text' | 'reasoning' }> => e.type === type && e.choice === choice)
    .map((e) => e.text)
    .join('');
}

describe('OpenAI adapter (Baystone)', () => {
  it('maps every ChatParam onto the request body and sends Bearer auth', async () => {
    const { fetch, calls } = createFakeFetch([{ kind: 'sse', events: [chunk({ content: 'hi' }, { finish: 'stop' })] }]);
    await collect(
      client(fetch).stream(
        turn(baystone, {
          params: {
            temperature: 1.3,
            maxTokens: 77,
            topP: 0.5,
            frequencyPenalty: 0.4,
            presencePenalty: -0.3,
            stop: ['END', '###'],
            stream: true,
            logprobs: 3,
            n: 2,
            user: 'u-1',
          },
        }),
      ),
    );
    expect(calls).toHaveLength(1);
    const c = calls[0]!;
    expect(c.url).toBe('https://api.baystoneai.cn/v1/chat/completions');
    expect(c.headers['authorization']).toBe('Bearer sk-unit-test-key-0123456789');
    expect(c.body).toMatchObject({
      model: 'gpt-4',
      temperature: 1.3,
      max_tokens: 77,
      top_p: 0.5,
      frequency_penalty: 0.4,
      presence_penalty: -0.3,
      stop: ['END', '###'],
      stream: true,
      logprobs: true,
      top_logprobs: 3,
      n: 2,
      user: 'u-1',
      stream_options: { include_usage: true },
      messages: [
        { role: 'system', content: 'You are helpful.' },
        { role: 'user', content: '你好' },
      ],
    });
  });

  it('sends a single stop word as a string and omits unset parameters', async () => {
    const { fetch, calls } = createFakeFetch([{ kind: 'json', body: completion('ok') }]);
    await collect(client(fetch).stream(turn(baystone, { params: { stop: ['END'], stream: false } })));
    const body = calls[0]!.body as Record<string, unknown>;
    expect(body['stop']).toBe('END');
    expect(body['stream']).toBe(false);
    for (const k of ['temperature', 'max_tokens', 'top_p', 'n', 'logprobs', 'top_logprobs', 'user', 'stream_options']) {
      expect(body, k).not.toHaveProperty(k);
    }
  });

  it('streamUsage can be switched off', async () => {
    const p = builtin('baystone', { options: { streamUsage: false } });
    const { fetch, calls } = createFakeFetch([{ kind: 'sse', events: [chunk({ content: 'x' }, { finish: 'stop' })] }]);
    await collect(client(fetch).stream(turn(p)));
    expect(calls[0]!.body).not.toHaveProperty('stream_options');
  });

  it('drops reasoning parts from the context and sends images as data URLs', async () => {
    const { fetch, calls } = createFakeFetch([{ kind: 'sse', events: [chunk({ content: 'ok' }, { finish: 'stop' })] }]);
    const hash = 'a'.repeat(64);
    await collect(
      client(fetch).stream(
        turn(baystone, {
          messages: [
            { role: 'user', parts: [{ type: 'text', text: 'q1' }] },
            { role: 'assistant', parts: [{ type: 'reasoning', text: 'secret thoughts' }, { type: 'text', text: 'a1' }] },
            { role: 'user', parts: [{ type: 'text', text: 'look' }, { type: 'image', hash, mime: 'image/png' }] },
          ],
          loadImage: async () => ({ mime: 'image/png', data: Buffer.from([1, 2, 3]) }),
        }),
      ),
    );
    const body = calls[0]!.body as { messages: unknown[] };
    expect(JSON.stringify(body)).not.toContain('secret thoughts');
    expect(body.messages).toEqual([
      { role: 'system', content: 'You are helpful.' },
      { role: 'user', content: 'q1' },
      { role: 'assistant', content: 'a1' },
      {
        role: 'user',
        content: [
          { type: 'text', text: 'look' },
          { type: 'image_url', image_url: { url: 'data:image/png;base64,AQID' } },
        ],
      },
    ]);
  });

  it('an image without a loader is a clear bad_request', async () => {
    const { fetch, calls } = createFakeFetch([{ kind: 'json', body: completion('x') }]);
    const r = await collect(
      client(fetch).stream(turn(baystone, { messages: [{ role: 'user', parts: [{ type: 'image', hash: 'b'.repeat(64), mime: 'image/png' }] }] })),
    );
    expect((r.error as ProviderError).code).toBe('bad_request');
    expect(calls).toHaveLength(0);
  });

  it('streams text, reasoning_content / reasoning, finish and usage', async () => {
    const { fetch } = createFakeFetch([
      {
        kind: 'sse',
        events: [
          chunk({ role: 'assistant', content: '' }),
          chunk({ reasoning_content: '想一想' }),
          chunk({ reasoning: '…再想' }),
          chunk({ content: '答案' }),
          chunk({ content: '是 4' }, { finish: 'length' }),
          { id: 'x', object: 'chat.completion.chunk', created: 1, model: 'm', choices: [], usage: { prompt_tokens: 12, completion_tokens: 34, total_tokens: 46 } },
        ],
      },
    ]);
    const { events, error } = await collect(client(fetch).stream(turn(baystone)));
    expect(error).toBeUndefined();
    expect(texts(events, 'reasoning')).toBe('想一想…再想');
    expect(texts(events)).toBe('答案是 4');
    expect(events).toContainEqual({ type: 'finish', choice: 0, reason: 'length' });
    expect(events[events.length - 1]).toEqual({ type: 'usage', promptTokens: 12, completionTokens: 34 });
  });

  it('separates <think> tags in streamed content, and the R1-distill lone </think>', async () => {
    const { fetch } = createFakeFetch([
      { kind: 'sse', events: [chunk({ content: '<thi' }), chunk({ content: 'nk>推理' }), chunk({ content: '</th' }), chunk({ content: 'ink>回答' }, { finish: 'stop' })] },
      { kind: 'sse', events: [chunk({ content: 'Let me see' }), chunk({ content: '.</think>\n\n' }), chunk({ content: 'Answer' }, { finish: 'stop' })] },
    ]);
    const c = client(fetch);
    const a = await collect(c.stream(turn(baystone)));
    expect(texts(a.events, 'reasoning')).toBe('推理');
    expect(texts(a.events)).toBe('回答');
    const b = await collect(c.stream(turn(baystone, { model: 'deepseek-r1-distill-qwen-14b' })));
    expect(texts(b.events, 'reasoning')).toBe('Let me see.');
    expect(texts(b.events)).toBe('Answer');
  });

  it('n > 1: events per choice, each with its own finish', async () => {
    const { fetch } = createFakeFetch([
      {
        kind: 'sse',
        events: [
          chunk({ content: 'A1' }, { index: 0 }),
          chunk({ content: 'B1' }, { index: 1 }),
          chunk({ content: 'A2' }, { index: 0, finish: 'stop' }),
          chunk({ content: 'B2' }, { index: 1, finish: 'length' }),
        ],
      },
    ]);
    const { events } = await collect(client(fetch).stream(turn(baystone, { params: { n: 2 } })));
    expect(texts(events, 'text', 0)).toBe('A1A2');
    expect(texts(events, 'text', 1)).toBe('B1B2');
    expect(events).toContainEqual({ type: 'finish', choice: 0, reason: 'stop' });
    expect(events).toContainEqual({ type: 'finish', choice: 1, reason: 'length' });
  });

  it('maps logprobs with their top alternatives', async () => {
    const lp = { content: [{ token: '你', logprob: -0.1, top_logprobs: [{ token: '你', logprob: -0.1 }, { token: '您', logprob: -2.5 }] }] };
    const { fetch } = createFakeFetch([{ kind: 'sse', events: [chunk({ content: '你' }, { logprobs: lp, finish: 'stop' })] }]);
    const { events } = await collect(client(fetch).stream(turn(baystone, { params: { logprobs: 2 } })));
    expect(events).toContainEqual({
      type: 'logprobs',
      choice: 0,
      tokens: [{ token: '你', logprob: -0.1, top: [{ token: '你', logprob: -0.1 }, { token: '您', logprob: -2.5 }] }],
    });
  });

  it('a stream:true request answered with plain JSON is delivered as events', async () => {
    const { fetch } = createFakeFetch([
      { kind: 'json', body: completion('<think>r</think>整段回答', { usage: { prompt_tokens: 5, completion_tokens: 6 } }) },
    ]);
    const { events, error } = await collect(client(fetch).stream(turn(baystone, { params: { stream: true } })));
    expect(error).toBeUndefined();
    expect(events).toEqual([
      { type: 'reasoning', choice: 0, text: 'r' },
      { type: 'text', choice: 0, text: '整段回答' },
      { type: 'finish', choice: 0, reason: 'stop' },
      { type: 'usage', promptTokens: 5, completionTokens: 6 },
    ]);
  });

  it('non-streamed reply with reasoning_content and a lone </think>', async () => {
    const { fetch } = createFakeFetch([
      { kind: 'json', body: completion('答', { reasoning_content: '想' }) },
      { kind: 'json', body: completion('想法</think>答案') },
    ]);
    const c = client(fetch);
    const a = await collect(c.stream(turn(baystone, { params: { stream: false } })));
    expect(texts(a.events, 'reasoning')).toBe('想');
    expect(texts(a.events)).toBe('答');
    const b = await collect(c.stream(turn(baystone, { params: { stream: false } })));
    expect(texts(b.events, 'reasoning')).toBe('想法');
    expect(texts(b.events)).toBe('答案');
  });

  it('a mid-stream {"error":…} chunk → stream_error after the partial text', async () => {
    const { fetch, calls } = createFakeFetch([
      { kind: 'sse', events: [chunk({ content: '部分' }), { error: { message: 'upstream exploded', type: 'server_error' } }] },
    ]);
    const { events, error } = await collect(client(fetch).stream(turn(baystone)));
    expect(texts(events)).toBe('部分');
    expect(error).toBeInstanceOf(ProviderError);
    expect((error as ProviderError).code).toBe('stream_error');
    expect((error as ProviderError).gatewayMessage).toBe('upstream exploded');
    expect(calls).toHaveLength(1);
  });

  it('a 200 JSON body carrying {error:{code:"401"}} maps to unauthorized', async () => {
    const { fetch } = createFakeFetch([
      { kind: 'json', body: { error: { message: 'Invalid API key provided', type: 'invalid_request_error', param: null, code: '401' } } },
    ]);
    const { error } = await collect(client(fetch).stream(turn(baystone, { params: { stream: false } })));
    expect((error as ProviderError).code).toBe('unauthorized');
    expect((error as ProviderError).gatewayMessage).toBe('Invalid API key provided');
  });

  it('an empty stream is invalid_response', async () => {
    const { fetch } = createFakeFetch([{ kind: 'sse', events: [] }]);
    const { error } = await collect(client(fetch).stream(turn(baystone)));
    expect((error as ProviderError).code).toBe('invalid_response');
  });

  it('requires an API key before sending anything', async () => {
    const { fetch, calls } = createFakeFetch([{ kind: 'json', body: completion('x') }]);
    const { error } = await collect(client(fetch).stream(turn(baystone, { credentials: {} })));
    expect((error as ProviderError).code).toBe('unauthorized');
    expect(calls).toHaveLength(0);
  });

  it('custom OpenAI provider without a key sends no Authorization header', async () => {
    const p = custom('openai', 'http://localhost:11434/v1');
    const { fetch, calls } = createFakeFetch([{ kind: 'sse', events: [chunk({ content: 'x' }, { finish: 'stop' })] }]);
    const c = createProviderClient(p, { fetch, rateLimiter: new RateLimiter() });
    const { error } = await collect(c.stream(turn(p, { model: 'm1', credentials: {} })));
    expect(error).toBeUndefined();
    expect(calls[0]!.url).toBe('http://localhost:11434/v1/chat/completions');
    expect(calls[0]!.headers['authorization']).toBeUndefined();
  });
});

describe('listModels', () => {
  it('Baystone: GET /v1/models, merged with what the catalog knows', async () => {
    const { fetch, calls } = createFakeFetch([
      { kind: 'json', body: { object: 'list', data: [{ id: 'gpt-4', object: 'model' }, { id: 'new-model', object: 'model' }] } },
    ]);
    const models = await client(fetch).listModels(baystone, { apiKey: 'sk-unit-test-key-0123456789' });
    expect(calls[0]!.url).toBe('https://api.baystoneai.cn/v1/models');
    expect(models.map((m) => m.id)).toEqual(['gpt-4', 'new-model']);
    expect(models[0]!.label).toBe('GPT-4');
  });

  it('Baystone: falls back to the seed examples when /models fails, but not on 401', async () => {
    const { fetch } = createFakeFetch([{ kind: 'json', status: 404, body: { error: { message: 'nope' } } }]);
    const models = await client(fetch).listModels(baystone, { apiKey: 'sk-x-0123456789' });
    expect(models.map((m) => m.id)).toEqual(['deepseek-r1-distill-qwen-14b', 'llama-3.1-instruct', 'gpt-4', 'gpt-3.5-turbo']);
    const bad = createFakeFetch([{ kind: 'json', status: 401, body: { error: { message: 'Invalid API key provided' } } }]);
    await expect(client(bad.fetch).listModels(baystone, { apiKey: 'sk-x-0123456789' })).rejects.toMatchObject({ code: 'unauthorized' });
  });
});
