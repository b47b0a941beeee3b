// Builds `window.api` from the method list. The preload (over IPC) and the e2e harness (over a WebSocket) both
// call `buildWindowApi` with their own transport, so every face exposes exactly the same surface.
// `window.api` returns plain result envelopes (they survive contextBridge and JSON); the renderer's typed
// client (`createTypedApi`) turns failures into ApiError.
import { apiEventNames, apiMethodNames, type ApiEventName, type RendererMethodName } from './methods';
import { ApiError, type ApiResult } from './apiError';
import type { ApiEventPayload, ApiInput, ApiOutput } from './contract';

type Split<S extends string> = S extends `${infer NS}.${infer M}` ? [NS, M] : never;
type Namespaces = Split<RendererMethodName>[0];
type MethodNamesOf<NS extends string> = {
  [K in RendererMethodName]: Split<K>[0] extends NS ? K : never;
}[RendererMethodName];
type EventListenerApi = {
  on<E extends ApiEventName>(event: E, listener: (payload: ApiEventPayload<E>) => void): () => void;
};

/** What the preload and the harness put on `window.api`. */
export type WindowApi = {
  [NS in Namespaces]: { [K in MethodNamesOf<NS> as Split<K>[1]]: (input?: ApiInput<K>) => Promise<ApiResult<ApiOutput<K>>> };
} & EventListenerApi;

/** The renderer's typed client: same shape, resolves with the value, rejects with ApiError. */
export type QiaoApi = {
  [NS in Namespaces]: { [K in MethodNamesOf<NS> as Split<K>[1]]: (input?: ApiInput<K>) => Promise<ApiOutput<K>> };
} & EventListenerApi;

export interface BridgeTransport {
  invoke(method: RendererMethodName, input: unknown): Promise<ApiResult>;
  /** Called once; the transport calls `deliver` for every event pushed by main. */
  subscribe(deliver: (event: string, payload: unknown) => void): void;
}

export function buildWindowApi(transport: BridgeTransport): WindowApi {
  const listeners = new Map<string, Set<(payload: unknown) => void>>();
  transport.subscribe((event, payload) => {
    for (const listener of listeners.get(event) ?? []) listener(payload);
  });
  const api: Record<string, unknown> = {};
  for (const name of apiMethodNames) {
    const [ns, method] = name.split('.') as [string, string];
    const target = (api[ns] ??= {}) as Record<string, unknown>;
    target[method] = (input?: unknown) => transport.invoke(name, input);
  }
  api.on = (event: string, listener: (payload: unknown) => void) => {
    if (!(apiEventNames as readonly string[]).includes(event)) throw new Error(`Unknown event: ${event}`);
    let set = listeners.get(event);
    if (!set) listeners.set(event, (set = new Set()));
    set.add(listener);
    return () => void set.delete(listener);
  };
  return api as WindowApi;
}

export function createTypedApi(windowApi: WindowApi): QiaoApi {
  const typed: Record<string, unknown> = {};
  for (const name of apiMethodNames) {
    const [ns, method] = name.split('.') as [string, string];
    const source = (windowApi as unknown as Record<string, Record<string, (input?: unknown) => Promise<ApiResult>>>)[ns];
    const target = (typed[ns] ??= {}) as Record<string, unknown>;
    target[method] = async (input?: unknown) => {
      const result = await source![method]!(input);
      if (!result.ok) throw new ApiError(result.error);
      return result.value;
    };
  }
  typed.on = windowApi.on;
  return typed as QiaoApi;
}
