// The contract between the provider layer and the chat engine.
import type { ChatParams, MessagePart, ModelInfo, Provider } from '../../../shared/domain';
import type { ProviderError } from './errors';
import type { RateLimiter } from './rateLimiter';

export interface ProviderCredentials {
  apiKey?: string;
  /** zyinfo's account id; it travels in the URL path, so it is treated as a secret. */
  openid?: string;
}

/** One turn of context. Reasoning parts are dropped when requests are built (never sent back). */
export interface ContextMessage {
  role: 'user' | 'assistant';
  parts: MessagePart[];
}

export interface LoadedImage {
  mime: string;
  data: Buffer;
}

export interface TurnRequest {
  provider: Provider;
  credentials: ProviderCredentials;
  model: string;
  system: string;
  messages: ContextMessage[];
  params: ChatParams;
  signal: AbortSignal;
  /** Loads an image part's bytes by content hash (required when the context has image parts). */
  loadImage?: (hash: string) => Promise<LoadedImage>;
}

export interface LogprobToken {
  token: string;
  logprob: number;
  top: Array<{ token: string; logprob: number }>;
}

export type ProviderEvent =
  | { type: 'text'; choice: number; text: string }
  | { type: 'reasoning'; choice: number; text: string }
  | { type: 'logprobs'; choice: number; tokens: LogprobToken[] }
  /** normalized: 'stop' | 'length' | 'content_filter' | 'tool_calls' | 'stop_sequence' | other raw */
  | { type: 'finish'; choice: number; reason: string }
  | { type: 'usage'; promptTokens?: number; completionTokens?: number }
  | { type: 'retry'; attempt: number; delayMs: number; error: ProviderError }
  /** Everything this choice produced so far is of kind `as` (see Segment in reasoningSplitter.ts). */
  | { type: 'relabel'; choice: number; as: 'text' | 'reasoning' };

export interface ConnectionTestResult {
  ok: true;
  latencyMs: number;
  /** What was checked, e.g. "models: 12" or "quota". */
  detail: string;
}

export interface ProviderClient {
  /** Streams one turn. Ends normally, or throws a ProviderError (never a raw SDK error). */
  stream(req: TurnRequest): AsyncIterable<ProviderEvent>;
  /** The same events in the batches they arrived in (one per network read): the chat engine's fast path. */
  streamBatches(req: TurnRequest): AsyncIterable<ProviderEvent[]>;
  listModels(provider: Provider, credentials: ProviderCredentials, signal?: AbortSignal): Promise<ModelInfo[]>;
  /** Server-side stop in addition to aborting the request (zyinfo's suspend_current_generate). */
  stop?(provider: Provider, credentials: ProviderCredentials): Promise<void>;
  /** Account quota/balance as the gateway reports it (zyinfo). */
  quota?(provider: Provider, credentials: ProviderCredentials, signal?: AbortSignal): Promise<Record<string, unknown>>;
  /** Cheapest call that proves the URL and the credentials work; throws ProviderError otherwise. */
  testConnection?(provider: Provider, credentials: ProviderCredentials, signal?: AbortSignal): Promise<ConnectionTestResult>;
}

/**
 * How an image reaches a gateway: returns the URL to put in an OpenAI `image_url` part. The default is an
 * inline `data:` URL; zyinfo's chat5-v documents an upload step (spec only linked) that can be plugged in here.
 */
export type ImageTransport = (
  image: { hash: string; mime: string; data: Buffer },
  ctx: { provider: Provider; credentials: ProviderCredentials; signal: AbortSignal; fetch: typeof fetch },
) => Promise<string>;

export interface ProviderDeps {
  fetch?: typeof fetch;
  /** Abortable sleep; rejects when the signal aborts. */
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
  now?: () => number;
  /** No bytes or events for this long → 'stalled' (default 60 s; provider.options.stallTimeoutMs overrides). */
  stallTimeoutMs?: number;
  /** How long a non-streamed request may wait for its first byte (default 300 s). */
  nonStreamTimeoutMs?: number;
  /** Shared per-provider request limiter (default: a process-wide one). */
  rateLimiter?: RateLimiter;
  imageTransport?: ImageTransport;
  /** Longest Retry-After honoured automatically; longer ones end the turn with rate_limited (default 60 s). */
  maxRetryAfterMs?: number;
  /** Automatic retries before the first token (default 3). */
  maxRetries?: number;
}

/** What a gateway's single attempt gets from the shared client loop. */
export interface AttemptContext {
  /** fetch wrapped so that the arrival of a response feeds the stall watchdog. */
  fetch: typeof fetch;
  /** Called for every read of a streamed body (sseBatches' onRead), so the watchdog also sees keep-alives. */
  onActivity: () => void;
  /** Aborted when the user stops or the watchdog fires. */
  signal: AbortSignal;
  imageTransport: ImageTransport;
}

export interface RateLimitRule {
  key: string;
  limit: number;
  windowMs: number;
}

/** A gateway module: every quirk of one gateway lives behind this interface. */
export interface Gateway {
  /** Throws ProviderError('bad_request' | 'unauthorized') before anything is sent. */
  validate(req: TurnRequest): void;
  /** One attempt of a turn, in batches of events (one per network read); may throw anything (the client normalizes it). */
  attempt(req: TurnRequest, ctx: AttemptContext): AsyncIterable<ProviderEvent[]>;
  /** Whether this turn is sent as stream:true (decides which timeout applies to the first byte). */
  streams(req: TurnRequest): boolean;
  listModels(provider: Provider, credentials: ProviderCredentials, ctx: { fetch: typeof fetch; signal?: AbortSignal }): Promise<ModelInfo[]>;
  stop?(provider: Provider, credentials: ProviderCredentials, ctx: { fetch: typeof fetch }): Promise<void>;
  quota?(provider: Provider, credentials: ProviderCredentials, ctx: { fetch: typeof fetch; signal?: AbortSignal }): Promise<Record<string, unknown>>;
  testConnection(provider: Provider, credentials: ProviderCredentials, ctx: { fetch: typeof fetch; signal?: AbortSignal }): Promise<string>;
  rateLimit(provider: Provider, model: string): RateLimitRule | null;
}
