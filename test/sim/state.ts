// The simulator's mutable state: the reply queue, recorded requests, accepted credentials, running
// generations (for zyinfo's suspend), quota usage and optional rate limits.
import type { Generation } from './generation';
import type { RecordedRequest, SimGateway, SimReply } from './types';

export const DEFAULT_KEYS = ['sk-test'];
export const DEFAULT_OPENIDS = ['test'];

export class SimState {
  queue: SimReply[] = [];
  defaultReply: SimReply = {};
  readonly requests: RecordedRequest[] = [];
  readonly validKeys = new Set<string>(DEFAULT_KEYS);
  readonly validOpenids = new Set<string>(DEFAULT_OPENIDS);
  readonly rateLimits: Partial<Record<SimGateway, number>> = {};
  /** Running zyinfo generations by `${gateway}|${openid}|${userid}`. */
  readonly running = new Map<string, Set<Generation>>();
  /** zyinfo spending per openid, in 元. */
  readonly spent = new Map<string, { yuan: number; requests: number }>();
  private readonly windows = new Map<string, number[]>();

  takeReply(): SimReply {
    return this.queue.shift() ?? this.defaultReply;
  }

  reset(): void {
    this.queue = [];
    this.defaultReply = {};
    this.requests.length = 0;
    this.validKeys.clear();
    for (const key of DEFAULT_KEYS) this.validKeys.add(key);
    this.validOpenids.clear();
    for (const id of DEFAULT_OPENIDS) this.validOpenids.add(id);
    for (const key of Object.keys(this.rateLimits)) delete this.rateLimits[key as SimGateway];
    this.windows.clear();
    this.spent.clear();
  }

  /** Counts one request against the gateway's opt-in limit; returns the seconds to wait when over it. */
  overRateLimit(gateway: SimGateway, who: string): number | null {
    const limit = this.rateLimits[gateway];
    if (limit === undefined) return null;
    const now = Date.now();
    const key = `${gateway}|${who}`;
    const window = (this.windows.get(key) ?? []).filter((t) => now - t < 60_000);
    if (window.length >= limit) {
      this.windows.set(key, window);
      const oldest = window[0] ?? now;
      return Math.max(1, Math.ceil((oldest + 60_000 - now) / 1000));
    }
    window.push(now);
    this.windows.set(key, window);
    return null;
  }

  track(key: string, gen: Generation): () => void {
    let set = this.running.get(key);
    if (!set) this.running.set(key, (set = new Set()));
    set.add(gen);
    return () => {
      set.delete(gen);
      if (set.size === 0 && this.running.get(key) === set) this.running.delete(key);
    };
  }
}
