// The provider simulator: one loopback HTTP server (node:http only) that speaks each gateway's protocol as the
// seeds in /work/shared/seeds describe it, under a path prefix per gateway:
//
//   /baystone/v1/…                   Baystone 英智: OpenAI chat/completions, completions, edits, images, models
//   /zyinfo-overseas/llm_api/…       zyinfo 展映 overseas node (streams)   + /llm_api/suspend_current_generate,
//   /zyinfo-domestic/llm_api/…       zyinfo 展映 domestic node (no stream)   /api_user/info (quota)
//   /szaiai/v1/…                     szaiai 小艾引擎: Anthropic messages, OpenAI chat/completions, embeddings
//
// Tests drive it with enqueue()/setDefault() (SimReply: text, reasoning styles, n>1, logprobs, pacing, faults)
// and read back `requests`. `npm run sim` (cli.ts) runs it for a person.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { routeBaystone } from './baystone';
import { lowerCaseHeaders, Out, readBody, sendError, type Ctx, type Route } from './http';
import { SimState } from './state';
import { routeSzaiai } from './szaiai';
import type { RecordedRequest, SimGateway, Simulator, SimulatorOptions } from './types';
import { routeZyinfo } from './zyinfo';

export type { RecordedRequest, RequestKind, RequestOutcome, SimGateway, SimReply, Simulator, SimulatorOptions } from './types';
export { DEFAULT_REPLY_TEXT, simEmbedding, tokenize, countTokens } from './text';
export { BAYSTONE_MODELS, EMBEDDING_DIMENSIONS, SIM_PNG_BASE64 } from './openai-misc';
export { ZYINFO_MODELS, ZYINFO_INITIAL_CREDIT, type ZyinfoModel } from './zyinfo';

export const DEFAULT_MAX_BODY_BYTES = 50 * 1024 * 1024;

const GATEWAYS: readonly SimGateway[] = ['baystone', 'zyinfo-overseas', 'zyinfo-domestic', 'szaiai'];

function route(gateway: SimGateway, method: string, path: string): Route {
  switch (gateway) {
    case 'baystone':
      return routeBaystone(method, path);
    case 'zyinfo-overseas':
    case 'zyinfo-domestic':
      return routeZyinfo(gateway, method, path);
    case 'szaiai':
      return routeSzaiai(method, path);
  }
}

function splitUrl(url: string): { path: string; query: Record<string, string> } {
  // Not `new URL()`: it would read a path like "//x" as a host, and we must keep "…/{userid}//v1/…" as sent.
  const q = url.indexOf('?');
  const path = q < 0 ? url : url.slice(0, q);
  const query: Record<string, string> = {};
  if (q >= 0) for (const [key, value] of new URLSearchParams(url.slice(q + 1))) query[key] = value;
  return { path: path === '' ? '/' : path, query };
}

export async function startSimulator(options: SimulatorOptions = {}): Promise<Simulator> {
  const state = new SimState();
  const maxBody = options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;
  const sockets = new Set<Socket>();
  let origin = '';

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const { path: rawPath, query } = splitUrl(req.url ?? '/');
    const method = (req.method ?? 'GET').toUpperCase();
    const prefix = /^\/([^/]+)(\/.*)?$/.exec(rawPath);
    const gateway = GATEWAYS.find((g) => g === prefix?.[1]);
    const body = await readBody(req, maxBody);
    if (gateway === undefined) {
      // Not a gateway: nothing to record (RecordedRequest needs a gateway).
      const text = JSON.stringify({ error: { message: `Unknown gateway prefix; use one of ${GATEWAYS.map((g) => `/${g}`).join(', ')}`, type: 'not_found' } });
      res.writeHead(404, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(text) });
      res.end(text);
      return;
    }
    const path = prefix?.[2] ?? '/';
    const found = route(gateway, method, path);
    const record: RecordedRequest = {
      gateway,
      method,
      path: found.path ?? path,
      rawPath,
      query,
      headers: lowerCaseHeaders(req),
      body: body.json,
      receivedAt: Date.now(),
      kind: found.kind,
    };
    if (found.zyinfo) record.zyinfo = { ...found.zyinfo };
    state.requests.push(record);
    const out = new Out(res, record);
    const ctx: Ctx = { gateway, state, req, out, record, method, path, query, body, origin };
    if (options.onRequest) out.onClose(() => options.onRequest?.(record));
    if (body.tooLarge) {
      const mb = Math.round((maxBody / 1024 / 1024) * 100) / 100;
      await sendError(ctx, 413, { message: `Request body too large: the limit is ${mb} MB.` }, { connection: 'close' });
      return;
    }
    try {
      await found.handle(ctx);
    } catch (err) {
      const message = err instanceof Error ? err.message : String(err);
      if (!out.headersSent && !out.closed) await sendError(ctx, 500, { message: `Simulator error: ${message}` });
      else out.destroy('dropped');
    }
  }

  const server = createServer((req, res) => {
    handle(req, res).catch(() => {
      if (!res.headersSent) {
        res.statusCode = 500;
        res.end();
      } else res.destroy();
    });
  });
  server.on('connection', (socket) => {
    socket.setNoDelay(true);
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  server.on('clientError', (_err, socket) => socket.destroy());

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address() as AddressInfo;
  // A wildcard bind is still reached over loopback.
  const bound = address.address === '0.0.0.0' ? '127.0.0.1' : address.address === '::' ? '::1' : address.address;
  const url = `http://${address.family === 'IPv6' || bound.includes(':') ? `[${bound}]` : bound}:${address.port}`;
  origin = url;

  let closing: Promise<void> | undefined;
  const close = (): Promise<void> => {
    closing ??= new Promise<void>((resolve) => {
      server.close(() => resolve());
      for (const socket of sockets) socket.destroy();
      server.closeAllConnections();
    });
    return closing;
  };

  return {
    url,
    baseUrls: {
      baystone: `${url}/baystone/v1`,
      zyinfoOverseas: `${url}/zyinfo-overseas`,
      zyinfoDomestic: `${url}/zyinfo-domestic`,
      szaiai: `${url}/szaiai`,
    },
    enqueue: (...replies) => {
      state.queue.push(...replies);
    },
    setDefault: (reply) => {
      state.defaultReply = reply;
    },
    get requests() {
      return state.requests;
    },
    chatRequests: () => state.requests.filter((r) => r.kind === 'chat' || r.kind === 'messages'),
    validKeys: state.validKeys,
    validOpenids: state.validOpenids,
    rateLimits: state.rateLimits,
    reset: () => state.reset(),
    close,
  };
}
