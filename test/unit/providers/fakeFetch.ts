// A scriptable in-memory fetch for unit tests: records requests and answers with JSON, SSE or hanging streams.
export interface FakeCall {
  url: string;
  method: string;
  headers: Record<string, string>;
  body: unknown;
  at: number;
}

export type Step =
  | { kind: 'json'; status?: number; body: unknown; headers?: Record<string, string> }
  | { kind: 'text'; status?: number; body: string; headers?: Record<string, string> }
  | {
      kind: 'sse';
      /** Each item becomes one `data:` event (objects are JSON-encoded); `{event, data}` adds an event name. */
      events: Array<unknown>;
      /** Close the connection with an error after this many events (mid-stream drop). */
      dropAfter?: number;
      /** Stop sending (but keep the connection open) after this many events. */
      hangAfter?: number;
      done?: boolean;
      contentType?: string;
    }
  | { kind: 'network-error' }
  | { kind: 'hang' };

function abortError(): Error {
  const e = new Error('This operation was aborted');
  e.name = 'AbortError';
  return e;
}

export function sseText(events: Array<unknown>, done = true): string[] {
  const out = events.map((e) => {
    if (e && typeof e === 'object' && 'event' in e && 'data' in e) {
      const { event, data } = e as { event: string; data: unknown };
      return `event: ${event}\ndata: ${typeof data === 'string' ? data : JSON.stringify(data)}\n\n`;
    }
    return `data: ${typeof e === 'string' ? e : JSON.stringify(e)}\n\n`;
  });
  if (done) out.push('data: [DONE]\n\n');
  return out;
}

export function createFakeFetch(script: Step[] | ((call: FakeCall, index: number) => Step)) {
  const calls: FakeCall[] = [];
  const enc = new TextEncoder();
  const fetchImpl = async (input: unknown, init?: RequestInit): Promise<Response> => {
    const url = typeof input === 'string' ? input : input instanceof URL ? input.toString() : (input as Request).url;
    const headers: Record<string, string> = {};
    new Headers(init?.headers).forEach((v, k) => {
      headers[k] = v;
    });
    let body: unknown = undefined;
    if (typeof init?.body === 'string') {
      try {
        body = JSON.parse(init.body);
      } catch {
        body = init.body;
      }
    }
    const call: FakeCall = { url, method: (init?.method ?? 'GET').toUpperCase(), headers, body, at: Date.now() };
    calls.push(call);
    const index = calls.length - 1;
    const step = typeof script === 'function' ? script(call, index) : script[Math.min(index, script.length - 1)];
    if (!step) throw new Error(`no scripted reply for call ${index}`);
    const signal = init?.signal ?? undefined;
    if (signal?.aborted) throw abortError();
    switch (step.kind) {
      case 'network-error': {
        const e = new TypeError('fetch failed');
        (e as { cause?: unknown }).cause = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:1'), { code: 'ECONNREFUSED' });
        throw e;
      }
      case 'hang':
        return new Promise<Response>((_resolve, reject) => {
          signal?.addEventListener('abort', () => reject(abortError()), { once: true });
        });
      case 'json':
        return new Response(JSON.stringify(step.body), {
          status: step.status ?? 200,
          headers: { 'content-type': 'application/json', ...step.headers },
        });
      case 'text':
        return new Response(step.body, { status: step.status ?? 200, headers: { 'content-type': 'text/plain', ...step.headers } });
      case 'sse': {
        const parts = sseText(step.events, step.done ?? true);
        let i = 0;
        const stream = new ReadableStream<Uint8Array>({
          start(controller) {
            signal?.addEventListener('abort', () => controller.error(abortError()), { once: true });
          },
          async pull(controller) {
            if (step.dropAfter !== undefined && i >= step.dropAfter) {
              controller.error(Object.assign(new TypeError('terminated'), { cause: { code: 'UND_ERR_SOCKET' } }));
              return;
            }
            if (step.hangAfter !== undefined && i >= step.hangAfter) {
              return new Promise<void>(() => undefined);
            }
            const part = parts[i++];
            if (part === undefined) controller.close();
            else controller.enqueue(enc.encode(part));
            return undefined;
          },
        });
        return new Response(stream, { status: 200, headers: { 'content-type': step.contentType ?? 'text/event-stream' } });
      }
    }
  };
  return { fetch: fetchImpl as unknown as typeof fetch, calls };
}

/** An OpenAI chat.completion.chunk with one delta. */
export function chunk(delta: Record<string, unknown>, extra: { index?: number; finish?: string | null; logprobs?: unknown } = {}) {
  return {
    id: 'chatcmpl-1',
    object: 'chat.completion.chunk',
    created: 1,
    model: 'm',
    choices: [{ index: extra.index ?? 0, delta, finish_reason: extra.finish ?? null, ...(extra.logprobs ? { logprobs: extra.logprobs } : {}) }],
  };
}

export function completion(content: string, extra: { reasoning_content?: string; usage?: unknown; finish?: string } = {}) {
  return {
    id: 'chatcmpl-1',
    object: 'chat.completion',
    created: 1,
    model: 'm',
    choices: [
      {
        index: 0,
        message: { role: 'assistant', content, ...(extra.reasoning_content ? { reasoning_content: extra.reasoning_content } : {}) },
        finish_reason: extra.finish ?? 'stop',
      },
    ],
    ...(extra.usage ? { usage: extra.usage } : {}),
  };
}

export async function collect<T>(it: AsyncIterable<T>): Promise<{ events: T[]; error?: unknown }> {
  const events: T[] = [];
  try {
    for await (const e of it) events.push(e);
    return { events };
  } catch (error) {
    return { events, error };
  }
}
