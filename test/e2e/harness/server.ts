// The e2e harness: serves the built renderer over loopback HTTP and gives it a `window.api` that reaches the
// real core (api.ts) over a WebSocket guarded by a random per-run token. Chromium stands in for Electron's
// renderer where the Electron binary cannot be installed.
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { WebSocketServer, type WebSocket } from 'ws';
import { createCore, type Core, type CoreOptions } from '../../../src/main/core/core';
import { createApi, type FaceDialogs } from '../../../src/main/api';

const here = path.dirname(fileURLToPath(import.meta.url));
const projectRoot = path.resolve(here, '../../..');
const rendererDir = path.join(projectRoot, 'out/renderer');
const prefix = '/__qiao_harness__';

const contentTypes: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.woff2': 'font/woff2',
  '.json': 'application/json',
};

export interface HarnessCall {
  method: string;
  input: unknown;
  /** The length of the JSON answer sent to the page. */
  answerBytes: number;
}

export interface Harness {
  url: string;
  core: Core;
  token: string;
  /** Tells `listener` about every API call the page makes (tests check what the renderer fetches). */
  onCall(listener: (call: HarnessCall) => void): () => void;
  close(): Promise<void>;
}

let bridgeSource: Promise<string> | undefined;
function bundleBridge(): Promise<string> {
  bridgeSource ??= build({
    entryPoints: [path.join(here, 'browserBridge.ts')],
    bundle: true,
    write: false,
    format: 'iife',
    target: 'chrome120',
    logLevel: 'silent',
  }).then((result) => result.outputFiles[0]!.text);
  return bridgeSource;
}

function tokenMatches(given: string | null, expected: string): boolean {
  if (!given) return false;
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

/** `dialogs` stands in for Electron's native dialogs when a test wants them; without it the page uses file inputs. */
export async function startHarness(options: CoreOptions & { dataDir: string; dialogs?: FaceDialogs }): Promise<Harness> {
  if (!fs.existsSync(path.join(rendererDir, 'index.html'))) {
    throw new Error('out/renderer is missing: run `npx electron-vite build` (npm run test:e2e does) first');
  }
  const token = randomBytes(24).toString('hex');
  const bridge = `var __QIAO_HARNESS_TOKEN__ = ${JSON.stringify(token)};\n${await bundleBridge()}`;
  const core = createCore(options);
  // As the Electron shell does right after it creates the core (src/main/index.ts).
  core.warmUp();
  const api = createApi(core, { version: 'e2e', providerDeps: options.providerDeps, face: 'renderer', dialogs: options.dialogs });

  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    if (url.pathname === `${prefix}/bridge.js`) {
      res.writeHead(200, { 'content-type': contentTypes['.js']!, 'cache-control': 'no-store' });
      res.end(bridge);
      return;
    }
    const relative = url.pathname === '/' ? 'index.html' : decodeURIComponent(url.pathname).replace(/^\/+/, '');
    const file = path.resolve(rendererDir, relative);
    if (!file.startsWith(rendererDir + path.sep) || !fs.existsSync(file) || !fs.statSync(file).isFile()) {
      res.writeHead(404).end('not found');
      return;
    }
    let body: Buffer | string = fs.readFileSync(file);
    if (relative === 'index.html') {
      // A classic script runs before the app's module script, so window.api exists when the app starts.
      body = body.toString('utf8').replace('<head>', `<head>\n    <script src="${prefix}/bridge.js"></script>`);
    }
    res.writeHead(200, { 'content-type': contentTypes[path.extname(file)] ?? 'application/octet-stream' });
    res.end(body);
  });

  const callListeners = new Set<(call: HarnessCall) => void>();
  const sockets = new Set<WebSocket>();
  const wss = new WebSocketServer({ noServer: true });
  server.on('upgrade', (req, socket, head) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const origin = req.headers.origin;
    const sameOrigin = origin === `http://127.0.0.1:${(server.address() as { port: number }).port}`;
    if (url.pathname !== `${prefix}/ws` || !sameOrigin || !tokenMatches(url.searchParams.get('token'), token)) {
      socket.write('HTTP/1.1 403 Forbidden\r\n\r\n');
      socket.destroy();
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => {
      sockets.add(ws);
      ws.on('close', () => sockets.delete(ws));
      ws.on('message', async (raw) => {
        let request: { id?: unknown; method?: unknown; input?: unknown };
        try {
          request = JSON.parse(String(raw));
        } catch {
          return;
        }
        if (typeof request.id !== 'number') return;
        const result = await api.call(String(request.method), request.input);
        const answer = JSON.stringify({ id: request.id, result });
        ws.send(answer);
        for (const listener of callListeners) listener({ method: String(request.method), input: request.input, answerBytes: answer.length });
      });
    });
  });
  const unsubscribe = core.events.subscribe((event, payload) => {
    const message = JSON.stringify({ event, payload });
    for (const ws of sockets) ws.send(message);
  });

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  return {
    url: `http://127.0.0.1:${port}`,
    core,
    token,
    onCall(listener) {
      callListeners.add(listener);
      return () => void callListeners.delete(listener);
    },
    async close() {
      unsubscribe();
      for (const ws of sockets) ws.terminate();
      wss.close();
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      // A connection the page left open (a request cut off by the page closing) would hold the close forever.
      server.closeAllConnections();
      await closed;
      core.close();
    },
  };
}
