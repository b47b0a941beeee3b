// Sliding-window request limiter keyed by provider (or provider+model). It waits — abortably — for a free slot
// rather than failing. Slots are reserved in order, so concurrent waiters are served first come, first served.
import { abortableSleep } from './retry';

export interface RateLimiterDeps {
  now?: () => number;
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
}

export class RateLimiter {
  private readonly now: () => number;
  private readonly sleep: (ms: number, signal?: AbortSignal) => Promise<void>;
  /** Per key: ascending start times of requests in the window (future ones are reservations). */
  private readonly logs = new Map<string, number[]>();

  constructor(deps: RateLimiterDeps = {}) {
    this.now = deps.now ?? Date.now;
    this.sleep = deps.sleep ?? abortableSleep;
  }

  /**
   * Takes a slot for `key` (at most `limit` starts per `windowMs`), waiting if needed. Resolves with the time
   * waited in ms. Rejects (and gives the slot back) if the signal aborts while waiting.
   */
  async acquire(key: string, limit: number, windowMs: number, signal?: AbortSignal): Promise<number> {
    if (limit <= 0 || windowMs <= 0) return 0;
    const now = this.now();
    let log = this.logs.get(key);
    if (!log) {
      log = [];
      this.logs.set(key, log);
    }
    while (log.length && log[0]! <= now - windowMs) log.shift();
    if (log.length < limit) {
      log.push(now);
      return 0;
    }
    // The slot frees when the request `limit` places back leaves the window.
    const at = log[log.length - limit]! + windowMs;
    log.push(at);
    const wait = at - now;
    try {
      await this.sleep(wait, signal);
    } catch (e) {
      const i = log.lastIndexOf(at);
      if (i >= 0) log.splice(i, 1);
      throw e;
    }
    return wait;
  }

  /** Requests counted in the window for `key` right now (reservations included). */
  pending(key: string, windowMs: number): number {
    const now = this.now();
    return (this.logs.get(key) ?? []).filter((t) => t > now - windowMs).length;
  }

  reset(key?: string): void {
    if (key === undefined) this.logs.clear();
    else this.logs.delete(key);
  }
}

/** The process-wide limiter used when createProviderClient gets none. */
export const sharedRateLimiter = new RateLimiter();
