// The event-stream reader under the OpenAI and Anthropic adapters: wire forms real gateways send, batching per
// network read, keep-alives seen by the stall watchdog, and the connection released when reading stops early.
import { describe, expect, it } from 'vitest';
import { deferredIterable, sseBatches, type SseMapper, type SseMessage } from '../../../src/main/core/providers/protocols/sse';
import { sseChunkEvents } from '../../../src/main/core/providers/protocols/openai';
import { sseMessageEvents } from '../../../src/main/core/providers/protocols/anthropic';
import type { ProviderEvent } from '../../../src/main/core/providers/types';

/** The identity mapper: the messages themselves. */
const rawMessages: SseMapper<SseMessage> = {
  message: (message, out) => void out.push(message),
  end: () => undefined,
};

/** A body delivering exactly these reads (strings or raw bytes), and whether it was cancelled. */
function bodyOf(reads: Array<string | Uint8Array>) {
  const state = { cancelled: false, pulled: 0 };
  const enc = new TextEncoder();
  const body = new ReadableStream<Uint8Array>({
    pull(controller) {
      const next = reads[state.pulled++];
      if (next === undefined) controller.close();
      else controller.enqueue(typeof next === 'string' ? enc.encode(next) : next);
    },
    cancel() {
      state.cancelled = true;
    },
  });
  return { body, state };
}

async function batchesOf(reads: Array<string | Uint8Array>, onRead?: () => void): Promise<SseMessage[][]> {
  const out: SseMessage[][] = [];
  for await (const batch of sseBatches(bodyOf(reads).body, rawMessages, onRead)) out.push(batch);
  return out;
}

const data = (batches: SseMessage[][]) => batches.flat().map((m) => m.data);

describe('sseBatches', () => {
  it('parses LF, CRLF and CR line ends, fields without the space, multi-line data and event names', async () => {
    const batches = await batchesOf(['data: one\n\n', 'data:two\r\n\r\n', 'event: delta\rdata: a\rdata: b\r\r']);
    expect(batches.flat()).toEqual([
      { data: 'one', event: undefined, id: undefined },
      { data: 'two', event: undefined, id: undefined },
      { data: 'a\nb', event: 'delta', id: undefined },
    ]);
  });

  it('gives each network read its complete events as one batch and joins events split across reads', async () => {
    const batches = await batchesOf(['data: 1\n\ndata: 2\n\ndata: 3', '\n\ndata: 4\n\n']);
    expect(batches.map((b) => b.map((m) => m.data))).toEqual([['1', '2'], ['3', '4']]);
  });

  it('joins a multi-byte character split across reads', async () => {
    const bytes = new TextEncoder().encode('data: 桥梁\n\n');
    const batches = await batchesOf([bytes.slice(0, 7), bytes.slice(7)]);
    expect(data(batches)).toEqual(['桥梁']);
  });

  it('skips comments but reports every read, so keep-alives feed the stall watchdog', async () => {
    let reads = 0;
    const batches = await batchesOf([': ping\n\n', ': ping\n\n', 'data: x\n\n'], () => reads++);
    expect(reads).toBe(3);
    expect(data(batches)).toEqual(['x']);
  });

  it('delivers a last event that lacks its closing blank line', async () => {
    expect(data(await batchesOf(['data: 1\n\ndata: last\n']))).toEqual(['1', 'last']);
    expect(data(await batchesOf(['data: 1\n\ndata: last']))).toEqual(['1', 'last']);
  });

  it('cancels the body when the reader stops early', async () => {
    const { body, state } = bodyOf(['data: 1\n\n', 'data: 2\n\n', 'data: 3\n\n']);
    for await (const batch of sseBatches(body, rawMessages)) {
      expect(batch[0]!.data).toBe('1');
      break;
    }
    expect(state.cancelled).toBe(true);
  });
});

const sse = (reads: string[], headers: Record<string, string> = { 'content-type': 'text/event-stream' }) => new Response(bodyOf(reads).body, { headers });

async function events(gen: AsyncIterable<ProviderEvent[]>): Promise<{ events: ProviderEvent[]; error?: unknown }> {
  const out: ProviderEvent[] = [];
  try {
    for await (const batch of gen) out.push(...batch);
  } catch (error) {
    return { events: out, error };
  }
  return { events: out };
}

const text = (evs: ProviderEvent[]) => evs.map((e) => (e.type === 'text' ? e.text : '')).join('');

describe('OpenAI event streams', () => {
  const chunk = (content: string, finish: string | null = null) => `data: ${JSON.stringify({ choices: [{ index: 0, delta: { content }, finish_reason: finish }] })}\n\n`;

  it('ends at [DONE] and ignores empty data keep-alives', async () => {
    const r = await events(sseChunkEvents(sse([chunk('你好'), 'data: \n\n', chunk('，世界', 'stop'), 'data: [DONE]\n\n', chunk('after done')]), false));
    expect(r.error).toBeUndefined();
    expect(text(r.events)).toBe('你好，世界');
    expect(r.events.at(-1)).toEqual({ type: 'finish', choice: 0, reason: 'stop' });
  });

  it('keeps the text that came in the same read as a mid-stream error, then throws', async () => {
    const r = await events(sseChunkEvents(sse([chunk('部分') + `data: ${JSON.stringify({ error: { message: 'upstream overloaded' } })}\n\n`]), false));
    expect(text(r.events)).toBe('部分');
    expect(r.error).toMatchObject({ error: { message: 'upstream overloaded' } });
  });

  it('treats non-JSON data as an invalid reply', async () => {
    const r = await events(sseChunkEvents(sse([chunk('a'), 'data: <html>\n\n']), false));
    expect(text(r.events)).toBe('a');
    expect(r.error).toBeInstanceOf(SyntaxError);
  });
});

describe('Anthropic event streams', () => {
  const delta = (t: string) => `event: content_block_delta\ndata: ${JSON.stringify({ type: 'content_block_delta', index: 0, delta: { type: 'text_delta', text: t } })}\n\n`;

  it('skips pings and works without event: lines (dispatch on the data type)', async () => {
    const bare = `data: ${JSON.stringify({ type: 'content_block_delta', delta: { type: 'text_delta', text: '无事件名' } })}\n\n`;
    const stop = `data: ${JSON.stringify({ type: 'message_delta', delta: { stop_reason: 'end_turn' }, usage: { output_tokens: 3 } })}\n\n`;
    const r = await events(sseMessageEvents(sse(['event: ping\ndata: {"type":"ping"}\n\n', delta('有事件名，'), bare, stop])));
    expect(r.error).toBeUndefined();
    expect(text(r.events)).toBe('有事件名，无事件名');
    expect(r.events).toContainEqual({ type: 'finish', choice: 0, reason: 'stop' });
    expect(r.events).toContainEqual({ type: 'usage', completionTokens: 3 });
  });

  it('an event: error after text keeps the text and throws the gateway message', async () => {
    const r = await events(sseMessageEvents(sse([delta('小艾') + 'event: error\ndata: {"type":"error","error":{"type":"overloaded_error","message":"Overloaded"}}\n\n'])));
    expect(text(r.events)).toBe('小艾');
    expect(r.error).toMatchObject({ error: { error: { message: 'Overloaded' } } });
  });
});

describe('deferredIterable', () => {
  it('starts on the first pull, passes pulls through, and hands return() to the inner iterator', async () => {
    const { body, state } = bodyOf(['data: 1\n\n', 'data: 2\n\n', 'data: 3\n\n']);
    let started = 0;
    const iterable = deferredIterable(async () => {
      started++;
      return sseBatches(body, rawMessages);
    });
    expect(started).toBe(0);
    for await (const batch of iterable) {
      expect(batch.map((m) => m.data)).toEqual(['1']);
      break;
    }
    expect(started).toBe(1);
    expect(state.cancelled).toBe(true);
  });

  it('a failed start rejects the first pull', async () => {
    const iterable = deferredIterable<number>(async () => {
      throw new Error('no response');
    });
    await expect(iterable[Symbol.asyncIterator]().next()).rejects.toThrow('no response');
  });
});

describe('stopping at [DONE]', () => {
  it('stops reading the body and releases it', async () => {
    const { body, state } = bodyOf(['data: {"choices":[{"index":0,"delta":{"content":"完"},"finish_reason":"stop"}]}\n\ndata: [DONE]\n\n', 'data: {"choices":[]}\n\n', 'data: more\n\n']);
    const r = await events(sseChunkEvents(new Response(body), false));
    expect(text(r.events)).toBe('完');
    expect(state.pulled).toBeLessThan(3);
    expect(state.cancelled).toBe(true);
  });
});
