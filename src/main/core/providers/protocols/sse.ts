// Reads a Server-Sent Events body with eventsource-parser (WHATWG-conformant: CRLF/CR/LF line ends, comments,
// multi-line data, fields without the space). Each network read's complete events come out as one array, so a
// fast stream costs one await per read instead of a chain of async generators per event; that is most of the
// CPU the SDKs' own SSE iterators spend (bench/pipeline.ts).
import { createParser, type EventSourceMessage } from 'eventsource-parser';

export type SseMessage = EventSourceMessage;

/**
 * The messages of an SSE body, a batch per network read (empty reads yield nothing). `onRead` is called for every
 * read, including comment-only keep-alives, so a stall watchdog sees bytes that carry no event.
 * An event left without its closing blank line when the body ends is still delivered: some gateways end that way.
 */
export async function* sseBatches(body: ReadableStream<Uint8Array>, onRead: () => void = () => undefined): AsyncGenerator<SseMessage[]> {
  let batch: SseMessage[] = [];
  const parser = createParser({ onEvent: (message) => batch.push(message) });
  const decoder = new TextDecoder();
  const reader = body.getReader();
  let finished = false;
  try {
    for (;;) {
      const { value, done } = await reader.read();
      if (done) break;
      onRead();
      parser.feed(decoder.decode(value, { stream: true }));
      if (batch.length) {
        const ready = batch;
        batch = [];
        yield ready;
      }
    }
    finished = true;
    // Two line ends complete a last line and dispatch a last event that lacks them (an empty one dispatches nothing).
    parser.feed(`${decoder.decode()}\n\n`);
    if (batch.length) yield batch;
  } finally {
    // Stopped early (the consumer returned or threw): release the connection.
    if (!finished) await reader.cancel().catch(() => undefined);
    reader.releaseLock();
  }
}
