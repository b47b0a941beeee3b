// The shared client loop around every gateway: validation, rate limiting, the stall watchdog, retries before the
// first token, and normalization of every failure into a scrubbed ProviderError.
import type { ModelInfo, Provider } from '../../../shared/domain';
import { ProviderError, toProviderError } from './errors';
import { gatewayFor } from './gateways';
import { secretsOf } from './gateways/options';
import { dataUrlTransport } from './protocols/common';
import { sharedRateLimiter, type RateLimiter } from './rateLimiter';
import { abortableSleep, defaultRetryPolicy, retryDelay, type RetryPolicy } from './retry';
import type {
  AttemptContext,
  ConnectionTestResult,
  Gateway,
  ImageTransport,
  ProviderClient,
  ProviderCredentials,
  ProviderDeps,
  ProviderEvent,
  TurnRequest,
} from './types';

export const DEFAULT_STALL_TIMEOUT_MS = 60_000;
export const DEFAULT_NON_STREAM_TIMEOUT_MS = 300_000;

interface ResolvedDeps {
  fetch: typeof fetch;
  sleep: (ms: number, signal?: AbortSignal) => Promise<void>;
  now: () => number;
  stallTimeoutMs?: number;
  nonStreamTimeoutMs?: number;
  rateLimiter: RateLimiter;
  imageTransport: ImageTransport;
  policy: RetryPolicy;
}

function numOption(provider: Provider, key: string): number | undefined {
  const v = provider.options[key];
  return typeof v === 'number' && Number.isFinite(v) && v > 0 ? v : undefined;
}

/**
 * Fires `onStall` when kick() has not been called for `ms`. kick() only records the time: a stream delivers
 * thousands of chunks, and re-arming a timer for each one costs more than the rest of the pipeline's work.
 * One timer re-checks at the deadline instead.
 */
class Watchdog {
  fired = false;
  private lastKick = 0;
  private timer: ReturnType<typeof setTimeout> | undefined;
  constructor(
    private readonly ms: number,
    private readonly onStall: () => void,
  ) {}
  kick(): void {
    if (this.fired) return;
    this.lastKick = performance.now();
    if (!this.timer) this.arm(this.ms);
  }
  clear(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
  }
  private arm(delay: number): void {
    this.timer = setTimeout(() => {
      const idle = performance.now() - this.lastKick;
      if (idle >= this.ms) {
        this.timer = undefined;
        this.fired = true;
        this.onStall();
      } else this.arm(this.ms - idle);
    }, delay);
  }
}

/**
 * fetch whose response arrival and body chunks call `onActivity` (feeds the stall watchdog). Event-stream bodies
 * are left alone: sseBatches reads them and reports every read itself, without a TransformStream hop per chunk.
 */
export function watchedFetch(base: typeof fetch, onActivity: () => void): typeof fetch {
  const wrapped = async (input: Parameters<typeof fetch>[0], init?: Parameters<typeof fetch>[1]): Promise<Response> => {
    const res = await base(input, init);
    onActivity();
    if (!res.body || [101, 204, 205, 304].includes(res.status) || isEventStream(res)) return res;
    const body = res.body.pipeThrough(
      new TransformStream<Uint8Array, Uint8Array>({
        transform(chunk, controller) {
          onActivity();
          controller.enqueue(chunk);
        },
      }),
    );
    return new Response(body, { status: res.status, statusText: res.statusText, headers: res.headers });
  };
  return wrapped as typeof fetch;
}

function isEventStream(res: Response): boolean {
  return res.headers.get('content-type')?.toLowerCase().includes('text/event-stream') ?? false;
}

const CONTENT_EVENTS: ReadonlySet<ProviderEvent['type']> = new Set(['text', 'reasoning', 'logprobs']);

async function* runTurn(gw: Gateway, req: TurnRequest, d: ResolvedDeps): AsyncGenerator<ProviderEvent[]> {
  const secrets = secretsOf(req.credentials);
  if (req.signal.aborted) throw new ProviderError('aborted');
  try {
    gw.validate(req);
  } catch (e) {
    throw toProviderError(e, { secrets });
  }
  const streams = gw.streams(req);
  const timeoutMs = streams
    ? (numOption(req.provider, 'stallTimeoutMs') ?? d.stallTimeoutMs ?? DEFAULT_STALL_TIMEOUT_MS)
    : (numOption(req.provider, 'nonStreamTimeoutMs') ?? d.nonStreamTimeoutMs ?? DEFAULT_NON_STREAM_TIMEOUT_MS);
  const rule = gw.rateLimit(req.provider, req.model);
  let retries = 0;

  for (;;) {
    if (rule) {
      try {
        await d.rateLimiter.acquire(rule.key, rule.limit, rule.windowMs, req.signal);
      } catch (e) {
        throw toProviderError(e, { secrets, userAborted: req.signal.aborted });
      }
    }
    const ctl = new AbortController();
    const onUserAbort = () => ctl.abort();
    req.signal.addEventListener('abort', onUserAbort, { once: true });
    const dog = new Watchdog(timeoutMs, () => ctl.abort());
    let contentEmitted = false;
    let anyEvent = false;
    let failure: ProviderError | undefined;
    try {
      dog.kick();
      const kick = () => dog.kick();
      const ctx: AttemptContext = {
        fetch: watchedFetch(d.fetch, kick),
        onActivity: kick,
        signal: ctl.signal,
        imageTransport: d.imageTransport,
      };
      for await (const batch of gw.attempt(req, ctx)) {
        if (ctl.signal.aborted) break;
        if (!batch.length) continue;
        dog.kick();
        anyEvent = true;
        if (!contentEmitted) contentEmitted = batch.some((ev) => CONTENT_EVENTS.has(ev.type));
        yield batch;
      }
      // The SDKs end a stream quietly when its request is aborted: say why.
      if (ctl.signal.aborted) throw new ProviderError(dog.fired ? 'stalled' : 'aborted');
      if (!anyEvent) {
        throw new ProviderError('invalid_response', { message: 'The gateway ended the reply without sending anything' });
      }
      return;
    } catch (e) {
      dog.clear();
      failure = toProviderError(e, {
        secrets,
        userAborted: req.signal.aborted,
        stalled: dog.fired,
        midStream: contentEmitted,
        now: d.now(),
      });
    } finally {
      dog.clear();
      req.signal.removeEventListener('abort', onUserAbort);
      // Ends the HTTP request if the consumer stopped iterating early (and is a no-op after a complete reply).
      ctl.abort();
    }
    const delay = req.signal.aborted ? null : retryDelay(failure, retries, contentEmitted, d.policy);
    if (delay === null) throw failure;
    retries++;
    yield [{ type: 'retry', attempt: retries, delayMs: delay, error: failure }];
    try {
      await d.sleep(delay, req.signal);
    } catch (e) {
      throw toProviderError(e, { secrets, userAborted: true });
    }
    if (req.signal.aborted) throw new ProviderError('aborted');
  }
}

async function guarded<T>(secrets: string[], fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (e) {
    throw toProviderError(e, { secrets });
  }
}

/**
 * The provider client for a provider row. The gateway module is chosen by each call's `provider.kind`, so one
 * client serves fresh settings; `provider` here only picks the optional capabilities (stop, quota).
 */
export function createProviderClient(provider: Provider, deps: ProviderDeps = {}): ProviderClient {
  const d: ResolvedDeps = {
    fetch: deps.fetch ?? globalThis.fetch.bind(globalThis),
    sleep: deps.sleep ?? abortableSleep,
    now: deps.now ?? Date.now,
    ...(deps.stallTimeoutMs !== undefined ? { stallTimeoutMs: deps.stallTimeoutMs } : {}),
    ...(deps.nonStreamTimeoutMs !== undefined ? { nonStreamTimeoutMs: deps.nonStreamTimeoutMs } : {}),
    rateLimiter: deps.rateLimiter ?? sharedRateLimiter,
    imageTransport: deps.imageTransport ?? dataUrlTransport,
    policy: {
      ...defaultRetryPolicy,
      ...(deps.maxRetries !== undefined ? { maxRetries: deps.maxRetries } : {}),
      ...(deps.maxRetryAfterMs !== undefined ? { maxRetryAfterMs: deps.maxRetryAfterMs } : {}),
    },
  };
  const base = gatewayFor(provider.kind);

  const client: ProviderClient = {
    async *stream(req: TurnRequest): AsyncIterable<ProviderEvent> {
      for await (const batch of runTurn(gatewayFor(req.provider.kind), req, d)) yield* batch;
    },
    streamBatches(req: TurnRequest): AsyncIterable<ProviderEvent[]> {
      return runTurn(gatewayFor(req.provider.kind), req, d);
    },
    listModels(p: Provider, credentials: ProviderCredentials, signal?: AbortSignal): Promise<ModelInfo[]> {
      return guarded(secretsOf(credentials), () =>
        gatewayFor(p.kind).listModels(p, credentials, { fetch: d.fetch, ...(signal ? { signal } : {}) }),
      );
    },
    testConnection(p: Provider, credentials: ProviderCredentials, signal?: AbortSignal): Promise<ConnectionTestResult> {
      return guarded(secretsOf(credentials), async () => {
        const started = d.now();
        const detail = await gatewayFor(p.kind).testConnection(p, credentials, { fetch: d.fetch, ...(signal ? { signal } : {}) });
        return { ok: true as const, latencyMs: Math.max(0, d.now() - started), detail };
      });
    },
  };
  if (base.stop) {
    client.stop = (p: Provider, credentials: ProviderCredentials) =>
      guarded(secretsOf(credentials), async () => {
        const gw = gatewayFor(p.kind);
        if (gw.stop) await gw.stop(p, credentials, { fetch: d.fetch });
      });
  }
  if (base.quota) {
    client.quota = (p: Provider, credentials: ProviderCredentials, signal?: AbortSignal) =>
      guarded(secretsOf(credentials), async () => {
        const gw = gatewayFor(p.kind);
        if (!gw.quota) throw new ProviderError('not_found', { message: 'This provider has no quota endpoint' });
        return gw.quota(p, credentials, { fetch: d.fetch, ...(signal ? { signal } : {}) });
      });
  }
  return client;
}
