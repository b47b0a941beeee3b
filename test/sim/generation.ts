// Pacing a generation: deltas one after another with delayMs between them, the planned faults
// (errorAfterChunks / dropAfterChunks / stallAfterChunks), suspension (zyinfo) and client aborts.
import type { Out } from './http';
import type { SimReply } from './types';

export type StopCause = 'end' | 'suspend' | 'abort' | 'error' | 'drop' | 'stall';

/** One running generation: can be suspended; wakes its sleeps when suspended or when the connection goes. */
export class Generation {
  suspended = false;
  private readonly sleepers = new Set<() => void>();

  constructor(readonly out: Out) {
    out.onClose(() => this.wake());
  }

  get interrupted(): boolean {
    return this.suspended || this.out.closed;
  }

  suspend(): void {
    this.suspended = true;
    this.wake();
  }

  sleep(ms: number): Promise<void> {
    if (ms <= 0 || this.interrupted) return Promise.resolve();
    return new Promise((resolve) => {
      const done = (): void => {
        clearTimeout(timer);
        this.sleepers.delete(done);
        resolve();
      };
      const timer = setTimeout(done, ms);
      this.sleepers.add(done);
    });
  }

  private wake(): void {
    for (const done of [...this.sleepers]) done();
  }
}

/** The first planned fault, clamped to the number of deltas ("after N deltas" with N ≥ total = after the last). */
export function plannedFault(reply: SimReply, total: number): { cause: 'error' | 'drop' | 'stall'; at: number } | null {
  const candidates: { cause: 'error' | 'drop' | 'stall'; at: number | undefined }[] = [
    { cause: 'error', at: reply.errorAfterChunks },
    { cause: 'drop', at: reply.dropAfterChunks },
    { cause: 'stall', at: reply.stallAfterChunks },
  ];
  let best: { cause: 'error' | 'drop' | 'stall'; at: number } | null = null;
  for (const c of candidates) {
    if (c.at === undefined || !Number.isFinite(c.at)) continue;
    const at = Math.min(Math.max(0, Math.floor(c.at)), total);
    if (best === null || at < best.at) best = { cause: c.cause, at };
  }
  return best;
}

/**
 * Runs `steps` through `emit`, one delta each, with the reply's delay between deltas. Returns how many were
 * emitted and why it stopped; the caller writes the closing frames (or the error, or drops/stalls).
 */
export async function pace<T>(
  gen: Generation,
  reply: SimReply,
  steps: readonly T[],
  emit: (step: T, index: number) => Promise<void>,
): Promise<{ emitted: number; cause: StopCause }> {
  const fault = plannedFault(reply, steps.length);
  const delay = Math.max(0, reply.delayMs ?? 0);
  for (let i = 0; ; i++) {
    if (gen.out.closed) return { emitted: i, cause: 'abort' };
    if (gen.suspended) return { emitted: i, cause: 'suspend' };
    if (fault && fault.at === i) return { emitted: i, cause: fault.cause };
    const step = steps[i];
    if (step === undefined) return { emitted: i, cause: 'end' };
    if (i > 0 && delay > 0) {
      await gen.sleep(delay);
      if (gen.out.closed) return { emitted: i, cause: 'abort' };
      if (gen.suspended) return { emitted: i, cause: 'suspend' };
    }
    await emit(step, i);
  }
}

/** SSE frame helpers. */
export const sse = {
  data: (payload: unknown): string => `data: ${JSON.stringify(payload)}\n\n`,
  event: (name: string, payload: unknown): string => `event: ${name}\ndata: ${JSON.stringify(payload)}\n\n`,
  done: 'data: [DONE]\n\n',
};
