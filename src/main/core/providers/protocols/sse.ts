// Reads a Server-Sent Events body with eventsource-parser (WHATWG-conformant: CRLF/CR/LF line ends, comments,
// multi-line data, fields without the space) and maps its messages to the caller's events as they are parsed.
// Each network read's events come out as one batch, and the mapping runs inside this one generator, so a fast
// stream costs one await per read instead of a chain of async generators per event; that chain is most of the
// CPU the SDKs' own SSE iterators spend (bench/pipeline.ts).
import { createParser, type EventSourceMessage } from 'eventsource-parser';

export type SseMessage = EventSourceMessage;

export interface SseMapper<T> {
  /** Maps one message into `out`. Returns 'stop' to end the stream here ([DONE]); may throw (a mid-stream error). */
  message(message: SseMessage, out: T[]): 'stop' | void;
  /** The stream ended (or stopped): whatever is still held back. */
  end(out: T[]): void;
}

/**
 * The mapped events of an SSE body, a batch per network read (reads that map to nothing yield nothing). `onRead`
 * is called for every read, including comment-only keep-alives, so a stall watchdog sees bytes that carry no event.
 * An event left without its closing blank line when the body ends is still delivered: some gateways end that way.
 * When the mapper throws, the events the same read produced before it are yielded first.
 */
export async function* sseBatches<T>(body: ReadableStream<Uint8Array>, mapper: SseMapper<T>, onRead: () => void = () => undefined): AsyncGenerator<T[]> {
  let out: T[] = [];
  let stopped = false;
  const parser = createParser({
    onEvent: (message) => {
      if (!stopped && mapper.message(message, out) === 'stop') stopped = true;
    },
  });
  const decoder = new TextDecoder();
  const reader = body.getReader();
  let drained = false;
  try {
    while (!stopped) {
      const { value, done } = await reader.read();
      if (done) {
        drained = true;
        // Two line ends complete a last line and dispatch a last event that lacks them (an empty one dispatches nothing).
        parser.feed(`${decoder.decode()}\n\n`);
        break;
      }
      onRead();
      parser.feed(decoder.decode(value, { stream: true }));
      if (out.length) {
        const ready = out;
        out = [];
        yield ready;
      }
    }
    mapper.end(out);
    if (out.length) yield out;
  } catch (error) {
    // What the same read carried before the error still reaches the consumer.
    if (out.length) yield out;
    throw error;
  } finally {
    // Stopped early ([DONE], an error, or the consumer returned): release the connection.
    if (!drained) await reader.cancel().catch(() => undefined);
    reader.releaseLock();
  }
}

/**
 * An async iterable that runs `start` on the first pull and then hands every pull straight to the iterable it
 * returned: the setup of a request (await the response) without an async generator level per item (`yield*`).
 */
export function deferredIterable<T>(start: () => Promise<AsyncIterable<T>>): AsyncIterable<T> {
  return {
    [Symbol.asyncIterator](): AsyncIterator<T> {
      let inner: AsyncIterator<T> | undefined;
      let starting: Promise<AsyncIterator<T>> | undefined;
      const open = () => (starting ??= start().then((iterable) => (inner = iterable[Symbol.asyncIterator]())));
      return {
        next: () => (inner ? inner.next() : open().then((it) => it.next())),
        return: async (value?: unknown) => {
          const it = inner ?? (starting ? await starting.catch(() => undefined) : undefined);
          if (it?.return) await it.return(value);
          return { done: true, value: value as T };
        },
      };
    },
  };
}

/** One batch as an async iterable (replies that arrive whole). */
export async function* singleBatch<T>(batch: T[]): AsyncGenerator<T[]> {
  yield batch;
}
