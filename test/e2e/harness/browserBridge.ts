// Runs in the page, before the app: implements `window.api` over a WebSocket to the real api.ts in Node,
// using the same `buildWindowApi` and method list as the Electron preload.
import { buildWindowApi } from '../../../src/shared/bridge';
import type { ApiResult } from '../../../src/shared/apiError';

declare const __QIAO_HARNESS_TOKEN__: string;

type Incoming = { id: number; result: ApiResult } | { event: string; payload: unknown };

const socket = new WebSocket(`${location.origin.replace(/^http/, 'ws')}/__qiao_harness__/ws?token=${encodeURIComponent(__QIAO_HARNESS_TOKEN__)}`);
const opened = new Promise<void>((resolve, reject) => {
  socket.addEventListener('open', () => resolve(), { once: true });
  socket.addEventListener('error', () => reject(new Error('harness WebSocket failed')), { once: true });
});
const pending = new Map<number, (result: ApiResult) => void>();
let nextId = 1;
let deliverEvent: (event: string, payload: unknown) => void = () => {};

socket.addEventListener('message', (message) => {
  const data = JSON.parse(String(message.data)) as Incoming;
  if ('id' in data) {
    pending.get(data.id)?.(data.result);
    pending.delete(data.id);
  } else deliverEvent(data.event, data.payload);
});

(window as unknown as { api: unknown }).api = buildWindowApi({
  async invoke(method, input) {
    await opened;
    const id = nextId++;
    return new Promise<ApiResult>((resolve) => {
      pending.set(id, resolve);
      socket.send(JSON.stringify({ id, method, input }));
    });
  },
  subscribe(deliver) {
    deliverEvent = deliver;
  },
});
