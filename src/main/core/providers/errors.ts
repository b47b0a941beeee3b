// ProviderError: the one error type the provider layer throws. Its message never carries a credential:
// everything that may contain one (SDK messages, URLs with zyinfo's openid, gateway bodies) is scrubbed.
import { APIConnectionError as OpenAIConnectionError, APIError as OpenAIAPIError, APIUserAbortError as OpenAIAbortError } from 'openai';
import {
  APIConnectionError as AnthropicConnectionError,
  APIError as AnthropicAPIError,
  APIUserAbortError as AnthropicAbortError,
} from '@anthropic-ai/sdk';
import { providerErrorCodes, type ProviderErrorCode } from '../../../shared/i18n/providerErrors';

export { providerErrorCodes, type ProviderErrorCode };

/** Codes that the user (or the retry loop) may sensibly try again. */
const RETRYABLE: ReadonlySet<ProviderErrorCode> = new Set([
  'rate_limited',
  'server_error',
  'unavailable',
  'upstream',
  'network',
  'stalled',
]);

export interface ProviderErrorInit {
  status?: number;
  gatewayMessage?: string;
  retryable?: boolean;
  retryAfterMs?: number;
  /** Overrides the generated English message (it is scrubbed like everything else). */
  message?: string;
  secrets?: readonly string[];
  cause?: unknown;
}

export class ProviderError extends Error {
  readonly code: ProviderErrorCode;
  readonly status?: number;
  readonly gatewayMessage?: string;
  readonly retryable: boolean;
  readonly retryAfterMs?: number;

  constructor(code: ProviderErrorCode, init: ProviderErrorInit = {}) {
    const secrets = init.secrets ?? [];
    const gatewayMessage =
      init.gatewayMessage !== undefined ? truncate(scrubSecrets(init.gatewayMessage, secrets), 500) : undefined;
    const base = init.message !== undefined ? scrubSecrets(init.message, secrets) : defaultMessage(code, init.status);
    super(gatewayMessage && !base.includes(gatewayMessage) ? `${base}: ${gatewayMessage}` : base);
    this.name = 'ProviderError';
    this.code = code;
    if (init.status !== undefined) this.status = init.status;
    if (gatewayMessage) this.gatewayMessage = gatewayMessage;
    this.retryable = init.retryable ?? RETRYABLE.has(code);
    if (init.retryAfterMs !== undefined) this.retryAfterMs = init.retryAfterMs;
    // The cause is deliberately not attached: SDK errors carry request URLs and headers.
  }

  /** Plain data for persistence and IPC (matches domain.ts messageErrorSchema plus extras). */
  toJSON(): { code: ProviderErrorCode; status?: number; message: string; gatewayMessage?: string; retryable: boolean } {
    return {
      code: this.code,
      ...(this.status !== undefined ? { status: this.status } : {}),
      message: this.message,
      ...(this.gatewayMessage ? { gatewayMessage: this.gatewayMessage } : {}),
      retryable: this.retryable,
    };
  }
}

export function isProviderError(e: unknown): e is ProviderError {
  return e instanceof ProviderError;
}

function defaultMessage(code: ProviderErrorCode, status?: number): string {
  const text: Record<ProviderErrorCode, string> = {
    bad_request: 'The gateway rejected the request',
    unauthorized: 'The API key or openid was rejected',
    forbidden: 'Access to this resource is forbidden',
    not_found: 'The endpoint or model was not found',
    rate_limited: 'Rate limited by the gateway',
    server_error: 'The gateway had an internal error',
    unavailable: 'The gateway is temporarily unavailable',
    upstream: 'The gateway’s upstream service failed',
    network: 'Network error talking to the gateway',
    stalled: 'No data arrived from the gateway in time',
    stream_error: 'The gateway reported an error mid-stream',
    aborted: 'The request was aborted',
    payload_too_large: 'The request body is too large for the gateway',
    invalid_response: 'The gateway sent a response that could not be understood',
  };
  return status !== undefined ? `${text[code]} (HTTP ${status})` : text[code];
}

function truncate(s: string, max: number): string {
  return s.length > max ? `${s.slice(0, max)}…` : s;
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * Removes credentials from free text: every given secret, URLs (reduced to their origin, since zyinfo puts the
 * openid in the path and the query), `Bearer …` tokens and `sk-…`-shaped keys.
 */
export function scrubSecrets(text: string, secrets: readonly (string | undefined)[] = []): string {
  let out = text;
  // URLs first: keep scheme://host:port, drop path and query (they may hold the openid or a key).
  out = out.replace(/\b(https?:\/\/[^\s/"'<>?#]+)[^\s"'<>]*/gi, (_m, origin: string) => `${origin}/…`);
  for (const secret of secrets) {
    if (!secret) continue;
    const s = secret.trim();
    if (!s) continue;
    if (s.length >= 8) {
      out = out.split(s).join('***');
    } else {
      // Short secrets (zyinfo's public openid "test") only when they stand alone, so "latest" survives.
      out = out.replace(new RegExp(`(^|[^A-Za-z0-9_-])${escapeRegExp(s)}(?=$|[^A-Za-z0-9_-])`, 'g'), '$1***');
    }
  }
  out = out.replace(/\b(Bearer)\s+[^\s"',;]+/gi, '$1 ***');
  out = out.replace(/\b(sk-[A-Za-z0-9_-]{2})[A-Za-z0-9_-]{6,}/g, '$1***');
  return out;
}

/** HTTP status → error code. */
export function codeForStatus(status: number): ProviderErrorCode {
  if (status === 400 || status === 422) return 'bad_request';
  if (status === 401) return 'unauthorized';
  if (status === 402 || status === 403) return 'forbidden';
  if (status === 404) return 'not_found';
  if (status === 408) return 'network';
  if (status === 413) return 'payload_too_large';
  if (status === 429) return 'rate_limited';
  if (status === 502 || status === 504) return 'upstream';
  if (status === 503 || status === 529) return 'unavailable';
  if (status >= 500) return 'server_error';
  return 'bad_request';
}

/** Parses `Retry-After` (delta-seconds or an HTTP date) and `retry-after-ms`; undefined when absent/invalid. */
export function parseRetryAfter(headers: Headers | undefined | null, now: number = Date.now()): number | undefined {
  if (!headers || typeof headers.get !== 'function') return undefined;
  const ms = headers.get('retry-after-ms');
  if (ms && /^\d+(\.\d+)?$/.test(ms.trim())) return Math.max(0, Math.round(Number(ms)));
  const ra = headers.get('retry-after');
  if (!ra) return undefined;
  const v = ra.trim();
  if (/^\d+(\.\d+)?$/.test(v)) return Math.max(0, Math.round(Number(v) * 1000));
  const date = Date.parse(v);
  if (Number.isNaN(date)) return undefined;
  return Math.max(0, date - now);
}

/** Pulls the gateway's own explanation out of an error body ({error:{message}}, {message}, {error:"…"}, {detail}). */
export function gatewayMessageOf(body: unknown): string | undefined {
  if (body == null) return undefined;
  if (typeof body === 'string') return body.trim() || undefined;
  if (typeof body !== 'object') return String(body);
  const o = body as Record<string, unknown>;
  if (o['error'] !== undefined && o['error'] !== null) {
    const inner = gatewayMessageOf(o['error']);
    if (inner) return inner;
  }
  for (const k of ['message', 'msg', 'detail', 'error_msg', 'errmsg']) {
    const v = o[k];
    if (typeof v === 'string' && v.trim()) return v.trim();
  }
  const type = o['type'];
  if (typeof type === 'string' && type !== 'error') return type;
  return undefined;
}

function errorTypeOf(body: unknown): string | undefined {
  if (!body || typeof body !== 'object') return undefined;
  const o = body as Record<string, unknown>;
  const err = o['error'];
  if (err && typeof err === 'object') {
    const t = (err as Record<string, unknown>)['type'];
    if (typeof t === 'string') return t;
  }
  const t = o['type'];
  return typeof t === 'string' && t !== 'error' ? t : undefined;
}

/** Error `type` strings used by Anthropic-style gateways (szaiai) → codes, for errors without a status. */
function codeForErrorType(type: string | undefined): ProviderErrorCode | undefined {
  switch (type) {
    case 'invalid_request_error':
      return 'bad_request';
    case 'authentication_error':
      return 'unauthorized';
    case 'permission_error':
      return 'forbidden';
    case 'not_found_error':
      return 'not_found';
    case 'rate_limit_error':
      return 'rate_limited';
    case 'request_too_large':
      return 'payload_too_large';
    case 'upstream_error':
      return 'upstream';
    case 'overloaded_error':
      return 'unavailable';
    case 'api_error':
      return 'server_error';
    default:
      return undefined;
  }
}

export interface NormalizeContext {
  secrets: readonly (string | undefined)[];
  /** The caller's signal: aborted means the user stopped. */
  userAborted?: boolean;
  /** The stall watchdog fired. */
  stalled?: boolean;
  /** The failure happened while reading a stream that had already started. */
  midStream?: boolean;
  now?: number;
}

function isAbortLike(e: unknown): boolean {
  if (e instanceof OpenAIAbortError || e instanceof AnthropicAbortError) return true;
  if (e && typeof e === 'object' && 'name' in e && (e as { name: unknown }).name === 'AbortError') return true;
  return false;
}

/** Maps anything thrown by an SDK, fetch or our own code to a scrubbed ProviderError. */
export function toProviderError(e: unknown, ctx: NormalizeContext): ProviderError {
  const secrets = ctx.secrets.filter((s): s is string => !!s);
  if (ctx.stalled) return new ProviderError('stalled', { secrets });
  if (e instanceof ProviderError) return rescrub(e, secrets);
  if (ctx.userAborted || isAbortLike(e)) return new ProviderError('aborted', { secrets });

  if (e instanceof OpenAIConnectionError || e instanceof AnthropicConnectionError) {
    return new ProviderError('network', { secrets, gatewayMessage: describeCause(e) });
  }
  if (e instanceof OpenAIAPIError || e instanceof AnthropicAPIError) {
    const status = typeof e.status === 'number' ? e.status : undefined;
    const body: unknown = e.error;
    const gatewayMessage = gatewayMessageOf(body) ?? stripStatusPrefix(e.message);
    if (status === undefined) {
      // Thrown while iterating the SSE stream: `data: {"error":…}` or `event: error`.
      return new ProviderError('stream_error', {
        secrets,
        gatewayMessage,
        retryable: false,
        ...(codeForErrorType(errorTypeOf(body)) === 'rate_limited' ? { retryable: true } : {}),
      });
    }
    const code = codeForStatus(status);
    const retryAfterMs = parseRetryAfter(e.headers as Headers | undefined, ctx.now);
    return new ProviderError(code, {
      secrets,
      status,
      gatewayMessage,
      ...(retryAfterMs !== undefined ? { retryAfterMs } : {}),
    });
  }
  if (e instanceof SyntaxError) {
    return new ProviderError('invalid_response', { secrets, gatewayMessage: e.message });
  }
  const message = e instanceof Error ? e.message : String(e);
  if (isNetworkish(e)) {
    return new ProviderError('network', { secrets, gatewayMessage: describeCause(e) });
  }
  if (ctx.midStream) return new ProviderError('network', { secrets, gatewayMessage: message });
  return new ProviderError('invalid_response', { secrets, gatewayMessage: message });
}

/** A ProviderError built without the secrets (deep in an adapter) gets them scrubbed here, once more. */
function rescrub(e: ProviderError, secrets: string[]): ProviderError {
  const leaks = (t: string | undefined) => !!t && scrubSecrets(t, secrets) !== t;
  if (!leaks(e.message) && !leaks(e.gatewayMessage)) return e;
  const gatewayMessage = e.gatewayMessage;
  const base = gatewayMessage && e.message.endsWith(`: ${gatewayMessage}`) ? e.message.slice(0, -(gatewayMessage.length + 2)) : e.message;
  return new ProviderError(e.code, {
    secrets,
    message: base,
    retryable: e.retryable,
    ...(e.status !== undefined ? { status: e.status } : {}),
    ...(gatewayMessage !== undefined ? { gatewayMessage } : {}),
    ...(e.retryAfterMs !== undefined ? { retryAfterMs: e.retryAfterMs } : {}),
  });
}

function stripStatusPrefix(message: string): string | undefined {
  const m = message.replace(/^\d{3}\s*/, '').trim();
  return m && m !== 'status code (no body)' ? m : undefined;
}

const NETWORK_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ENOTFOUND',
  'EAI_AGAIN',
  'ETIMEDOUT',
  'EPIPE',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'UND_ERR_SOCKET',
  'UND_ERR_CONNECT_TIMEOUT',
  'UND_ERR_HEADERS_TIMEOUT',
  'UND_ERR_BODY_TIMEOUT',
  'ERR_SSL_WRONG_VERSION_NUMBER',
  'CERT_HAS_EXPIRED',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'DEPTH_ZERO_SELF_SIGNED_CERT',
]);

function isNetworkish(e: unknown): boolean {
  for (let cur: unknown = e, i = 0; cur && i < 5; cur = (cur as { cause?: unknown }).cause, i++) {
    if (typeof cur !== 'object') break;
    const code = (cur as { code?: unknown }).code;
    if (typeof code === 'string' && NETWORK_CODES.has(code)) return true;
    const msg = (cur as { message?: unknown }).message;
    if (typeof msg === 'string' && /terminated|fetch failed|socket|other side closed|ECONNRESET|network/i.test(msg)) {
      return true;
    }
  }
  return false;
}

/** A short, non-secret description of the root cause of a connection error ("ECONNREFUSED", "terminated"). */
function describeCause(e: unknown): string | undefined {
  const parts: string[] = [];
  for (let cur: unknown = e, i = 0; cur && i < 5; cur = (cur as { cause?: unknown }).cause, i++) {
    if (typeof cur !== 'object') break;
    const code = (cur as { code?: unknown }).code;
    const msg = (cur as { message?: unknown }).message;
    if (typeof code === 'string') parts.push(code);
    else if (typeof msg === 'string' && msg && msg !== 'Connection error.') parts.push(msg);
  }
  const uniq = [...new Set(parts)];
  return uniq.length ? uniq.join(': ') : undefined;
}
