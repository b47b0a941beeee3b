// Why the main loop stalled. A 1 ms timer notes the gap between its ticks; for the longest gap it keeps what the
// main thread did meanwhile: ran on a CPU or waited for one (Linux schedstat: runnable but not scheduled, which on a
// busy 2-core machine is the scheduler's doing, not ours), and how much of it was a GC pause.
import fs from 'node:fs';
import { PerformanceObserver } from 'node:perf_hooks';

export interface StallCause {
  /** The longest gap between two ticks of the 1 ms timer. */
  gapMs: number;
  /** Of it, time the main thread ran on a CPU (JS, GC, native code); undefined where schedstat is unavailable. */
  runMs?: number;
  /** Of it, time the main thread was runnable but waiting for a CPU. */
  waitMs?: number;
  /** GC pauses within it. */
  gcMs: number;
}

/** Reads the calling thread's schedstat: nanoseconds run, nanoseconds waited on a run queue. */
function schedstatReader(): (() => [number, number]) | undefined {
  let fd: number;
  try {
    fd = fs.openSync('/proc/thread-self/schedstat', 'r');
  } catch {
    return undefined;
  }
  const buffer = Buffer.alloc(96);
  return () => {
    const length = fs.readSync(fd, buffer, 0, buffer.length, 0);
    const [run, wait] = buffer.toString('latin1', 0, length).split(' ');
    return [Number(run), Number(wait)];
  };
}

export function watchStalls(): { stop(): StallCause } {
  const readSchedstat = schedstatReader();
  const gcPauses: Array<{ start: number; end: number }> = [];
  const notePauses = (entries: PerformanceEntry[]) => {
    for (const entry of entries) gcPauses.push({ start: entry.startTime, end: entry.startTime + entry.duration });
  };
  const observer = new PerformanceObserver((list) => notePauses(list.getEntries()));
  observer.observe({ entryTypes: ['gc'] });
  let last = performance.now();
  let lastStat = readSchedstat?.();
  let longest = { start: last, end: last, runNs: NaN, waitNs: NaN };
  const timer = setInterval(() => {
    const now = performance.now();
    const stat = readSchedstat?.();
    if (now - last > longest.end - longest.start) {
      longest = {
        start: last,
        end: now,
        runNs: stat && lastStat ? stat[0] - lastStat[0] : NaN,
        waitNs: stat && lastStat ? stat[1] - lastStat[1] : NaN,
      };
    }
    last = now;
    lastStat = stat;
  }, 1);
  return {
    stop() {
      clearInterval(timer);
      notePauses(observer.takeRecords()); // entries not yet delivered
      observer.disconnect();
      const gcMs = gcPauses.reduce((sum, p) => sum + Math.max(0, Math.min(p.end, longest.end) - Math.max(p.start, longest.start)), 0);
      return {
        gapMs: longest.end - longest.start,
        ...(Number.isNaN(longest.runNs) ? {} : { runMs: longest.runNs / 1e6, waitMs: longest.waitNs / 1e6 }),
        gcMs,
      };
    },
  };
}

export function describeStall(cause: StallCause): string {
  const split = cause.runMs === undefined ? '' : `ran ${cause.runMs.toFixed(1)}, waited for a CPU ${cause.waitMs!.toFixed(1)}, `;
  return `${cause.gapMs.toFixed(1)} (${split}GC ${cause.gcMs.toFixed(1)})`;
}
