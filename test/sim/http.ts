// HTTP plumbing: reading bodies with a limit, and a response writer that knows about byte-by-byte output,
// client aborts and dropped sockets.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { errorBody, type ErrorSpec } from './errors';
import type { RecordedRequest, RequestKind, RequestOutcome, SimGateway } from './types';
import type { SimState } from './state';

export interface ReadBody {
  /** Parsed JSON, or null. */
  json: unknown;
  /** Raw size in bytes (of what was kept; 0 when too large). */
  size: number;
  tooLarge: boolean;
  /** Why the body is not JSON (set when there was a non-empty body that did not parse). */
  parseError?: string;
}

/** Reads the whole body. Above `limit` it keeps draining (up to 4× the limit, then gives up on the socket). */
export function readBody(req: IncomingMessage, limit: number): Promise<ReadBody> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let tooLarge = Number(req.headers['content-length'] ?? 0) > limit;
    let settled = false;
    const finish = (): void => {
      if (settled) return;
      settled = true;
      if (tooLarge) return resolve({ json: null, size: 0, tooLarge: true });
      const text = Buffer.concat(chunks).toString('utf8').replace(/^\uFEFF/, '');
      if (text.trim() === '') return resolve({ json: null, size, tooLarge: false });
      try {
        resolve({ json: JSON.parse(text) as unknown, size, tooLarge: false });
      } catch (err) {
        resolve({ json: null, size, tooLarge: false, parseError: err instanceof Error ? err.message : String(err) });
      }
    };
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) tooLarge = true;
      if (!tooLarge) chunks.push(chunk);
      else chunks.length = 0;
      if (size > limit * 4) req.destroy();
    });
    req.on('end', finish);
    req.on('error', finish);
    req.on('close', finish);
  });
}

export function lowerCaseHeaders(req: IncomingMessage): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(req.headers)) {
    if (value === undefined) continue;
    out[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : value;
  }
  return out;
}

const nextTick = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

/** A response writer. All writes wait until the data is handed to the socket (or the socket is gone). */
export class Out {
  /** Write every body byte in its own write, with a setImmediate between. */
  byteByByte = false;
  /** Do not wait for each write to reach the socket; wait only for 'drain' when Node's buffer is full. */
  buffered = false;
  private closeWaiters = new Set<() => void>();
  private _closed = false;

  constructor(
    readonly res: ServerResponse,
    private readonly record: RecordedRequest,
  ) {
    res.on('error', () => undefined);
    res.on('close', () => {
      this._closed = true;
      if (!res.writableFinished && this.record.outcome === undefined) this.record.outcome = 'aborted';
      for (const waiter of this.closeWaiters) waiter();
      this.closeWaiters.clear();
    });
  }

  /** True once the connection is gone (client abort, drop, server close) or the response has ended. */
  get closed(): boolean {
    return this._closed || this.res.destroyed;
  }

  get headersSent(): boolean {
    return this.res.headersSent;
  }

  onClose(fn: () => void): void {
    if (this.closed) fn();
    else this.closeWaiters.add(fn);
  }

  untilClosed(): Promise<void> {
    return new Promise((resolve) => this.onClose(resolve));
  }

  head(status: number, headers: Record<string, string | number>): void {
    if (this.res.headersSent || this.closed) return;
    this.record.status = status;
    this.res.writeHead(status, headers);
  }

  /** Send the headers now (streams: the client's request resolves before the first delta). */
  flushHeaders(): void {
    if (!this.closed) this.res.flushHeaders();
  }

  async write(data: string | Buffer): Promise<void> {
    const buf = typeof data === 'string' ? Buffer.from(data, 'utf8') : data;
    if (this.buffered && !this.byteByByte) return this.writeBuffered(buf);
    if (!this.byteByByte) return this.writeRaw(buf);
    for (let i = 0; i < buf.length; i++) {
      if (this.closed) return;
      await this.writeRaw(buf.subarray(i, i + 1));
      await nextTick();
    }
  }

  private writeBuffered(buf: Buffer): Promise<void> {
    if (this.closed || buf.length === 0 || this.res.write(buf)) return Promise.resolve();
    return new Promise((resolve) => {
      const settle = (): void => {
        this.res.off('drain', settle);
        this.closeWaiters.delete(settle);
        resolve();
      };
      this.closeWaiters.add(settle);
      this.res.once('drain', settle);
    });
  }

  private writeRaw(buf: Buffer): Promise<void> {
    if (this.closed || buf.length === 0) return Promise.resolve();
    return new Promise((resolve) => {
      let done = false;
      const settle = (): void => {
        if (done) return;
        done = true;
        this.closeWaiters.delete(settle);
        resolve();
      };
      this.closeWaiters.add(settle);
      this.res.write(buf, settle);
    });
  }

  async end(outcome: RequestOutcome = 'completed'): Promise<void> {
    if (this.closed) return;
    if (this.record.outcome === undefined) this.record.outcome = outcome;
    await new Promise<void>((resolve) => {
      this.onClose(resolve);
      this.res.end(resolve);
    });
  }

  /** Kill the connection without finishing the response. */
  destroy(outcome: RequestOutcome): void {
    if (this.record.outcome === undefined) this.record.outcome = outcome;
    this.res.socket?.destroy();
    this.res.destroy();
  }
}

/** What a gateway's router found for a method and path. */
export interface Route {
  kind: RequestKind;
  handle: (ctx: Ctx) => Promise<void>;
  /** The path to record when it is not the path after the gateway prefix (zyinfo's llm_api routes). */
  path?: string;
  zyinfo?: RecordedRequest['zyinfo'];
}

/** Everything a route handler gets. */
export interface Ctx {
  gateway: SimGateway;
  state: SimState;
  req: IncomingMessage;
  out: Out;
  record: RecordedRequest;
  method: string;
  /** Path after the gateway prefix, without the query. */
  path: string;
  query: Record<string, string>;
  body: ReadBody;
  /** The simulator's own base, e.g. http://127.0.0.1:1234 (for URLs it hands out). */
  origin: string;
}

export function requestIdHeaders(gateway: SimGateway, id: string): Record<string, string> {
  return gateway === 'szaiai' ? { 'request-id': id, 'x-request-id': id } : { 'x-request-id': id };
}

export async function sendJson(ctx: Ctx, status: number, body: unknown, headers: Record<string, string> = {}): Promise<void> {
  const payload = Buffer.from(JSON.stringify(body), 'utf8');
  ctx.out.head(status, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': payload.length,
    ...requestIdHeaders(ctx.gateway, `req_${ctx.record.receivedAt.toString(36)}${ctx.state.requests.length}`),
    ...headers,
  });
  await ctx.out.write(payload);
  await ctx.out.end();
}

export async function sendText(ctx: Ctx, status: number, text: string, contentType: string): Promise<void> {
  const payload = Buffer.from(text, 'utf8');
  ctx.out.head(status, { 'content-type': contentType, 'content-length': payload.length });
  await ctx.out.write(payload);
  await ctx.out.end();
}

export async function sendError(ctx: Ctx, status: number, spec: ErrorSpec = {}, headers: Record<string, string> = {}): Promise<void> {
  await sendJson(ctx, status, errorBody(ctx.gateway, status, spec), headers);
}

export async function sendSseHead(ctx: Ctx, id: string): Promise<void> {
  ctx.out.head(200, {
    'content-type': 'text/event-stream; charset=utf-8',
    'cache-control': 'no-cache',
    connection: 'keep-alive',
    ...requestIdHeaders(ctx.gateway, id),
  });
  ctx.out.flushHeaders();
}

/** The bearer token of `authorization`, or undefined. */
export function bearer(ctx: Ctx): string | undefined {
  const auth = ctx.record.headers['authorization'];
  const match = auth === undefined ? null : /^Bearer\s+(.+)$/i.exec(auth.trim());
  return match?.[1]?.trim();
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
