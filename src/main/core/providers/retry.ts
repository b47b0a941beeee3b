// Retry policy: only before the first content event, only for transient failures, 1 s / 2 s / 4 s
// (at most 3 retries), a gateway's Retry-After wins. Never on 400/401/403/404, never after text was shown.
import { ProviderError, type ProviderErrorCode } from './errors';

export const DEFAULT_MAX_RETRIES = 3;
export const BASE_DELAY_MS = 1000;
export const DEFAULT_MAX_RETRY_AFTER_MS = 60_000;

/** Codes retried automatically: 429, every 5xx, and connection errors. */
const AUTO_RETRY: ReadonlySet<ProviderErrorCode> = new Set(['rate_limited', 'server_error', 'unavailable', 'upstream', 'network']);

export interface RetryPolicy {
  maxRetries: number;
  baseDelayMs: number;
  maxRetryAfterMs: number;
}

export const defaultRetryPolicy: RetryPolicy = {
  maxRetries: DEFAULT_MAX_RETRIES,
  baseDelayMs: BASE_DELAY_MS,
  maxRetryAfterMs: DEFAULT_MAX_RETRY_AFTER_MS,
};

/** The wait before retry number `retry` (1-based): 1 s, 2 s, 4 s … */
export function backoffDelay(retry: number, baseDelayMs: number = BASE_DELAY_MS): number {
  return baseDelayMs * 2 ** Math.max(0, retry - 1);
}

/**
 * Decides whether to retry after `error`, given how many retries were already made and whether content was
 * already emitted. Returns the delay in ms, or null to give up.
 */
export function retryDelay(
  error: ProviderError,
  retriesSoFar: number,
  contentEmitted: boolean,
  policy: RetryPolicy = defaultRetryPolicy,
): number | null {
  if (contentEmitted) return null;
  if (!AUTO_RETRY.has(error.code)) return null;
  if (retriesSoFar >= policy.maxRetries) return null;
  if (error.retryAfterMs !== undefined) {
    if (error.retryAfterMs > policy.maxRetryAfterMs) return null;
    return error.retryAfterMs;
  }
  return backoffDelay(retriesSoFar + 1, policy.baseDelayMs);
}

/** setTimeout as a promise that rejects with ProviderError('aborted') as soon as the signal aborts. */
export function abortableSleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    if (signal?.aborted) {
      reject(new ProviderError('aborted'));
      return;
    }
    const onAbort = () => {
      clearTimeout(timer);
      reject(new ProviderError('aborted'));
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, Math.max(0, ms));
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
