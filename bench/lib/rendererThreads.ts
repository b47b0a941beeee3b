// What Chromium's renderer main thread did during a long task: ran on a CPU, or waited for one. The Long Tasks API
// reports wall time, and on a busy 2-core machine (the browser, its renderer, the harness's Node process and the
// simulator share the cores) a task can be long because its thread was runnable but not scheduled. This samples
// every renderer main thread's Linux schedstat (nanoseconds run, nanoseconds waited on a run queue) every few ms,
// stamped with the epoch time the page's tasks are converted to; a task is then attributed from the samples around it.
import fs from 'node:fs';

interface Sample {
  /** Epoch ms (performance.timeOrigin + performance.now(), as in the page). */
  at: number;
  runNs: number;
  waitNs: number;
}

export interface ThreadShare {
  /** The interval the samples around the task cover (a little longer than the task). */
  spanMs: number;
  runMs: number;
  waitMs: number;
}

export interface RendererThreadWitness {
  /** How the busiest renderer main thread spent [startMs, endMs] (epoch ms); undefined without schedstat. */
  during(startMs: number, endMs: number): ThreadShare | undefined;
  /** How it spent the whole time watched. */
  whole(): ThreadShare | undefined;
  stop(): void;
}

const SAMPLE_EVERY_MS = 4;

/** The main thread (thread id = process id) of every process whose command line marks it a Chromium renderer. */
function rendererMainThreads(): string[] {
  const found: string[] = [];
  for (const pid of fs.readdirSync('/proc').filter((name) => /^\d+$/.test(name))) {
    try {
      if (fs.readFileSync(`/proc/${pid}/cmdline`, 'latin1').includes('--type=renderer')) found.push(`/proc/${pid}/task/${pid}/schedstat`);
    } catch {
      // The process ended while being looked at.
    }
  }
  return found;
}

export function watchRendererThreads(): RendererThreadWitness {
  const paths = rendererMainThreads();
  const samples = new Map<string, Sample[]>(paths.map((p) => [p, []]));
  const read = () => {
    const at = performance.timeOrigin + performance.now();
    for (const [file, list] of samples) {
      try {
        const [run, wait] = fs.readFileSync(file, 'latin1').split(' ');
        list.push({ at, runNs: Number(run), waitNs: Number(wait) });
      } catch {
        samples.delete(file);
      }
    }
  };
  read();
  const timer = setInterval(read, SAMPLE_EVERY_MS);
  // The page's thread is the one that ran most while watched (a spare renderer, if any, idles).
  const busiest = (): Sample[] | undefined => {
    let best: Sample[] | undefined;
    let bestRun = -1;
    for (const list of samples.values()) {
      const run = list.length > 1 ? list.at(-1)!.runNs - list[0]!.runNs : 0;
      if (run > bestRun) [best, bestRun] = [list, run];
    }
    return best;
  };
  return {
    during(startMs, endMs) {
      const list = busiest();
      if (!list || list.length < 2) return undefined;
      // The last sample at or before the start and the first at or after the end.
      let before = list[0]!;
      let after = list.at(-1)!;
      for (const sample of list) {
        if (sample.at <= startMs) before = sample;
        if (sample.at >= endMs) {
          after = sample;
          break;
        }
      }
      return between(before, after);
    },
    whole() {
      const list = busiest();
      return list && list.length > 1 ? between(list[0]!, list.at(-1)!) : undefined;
    },
    stop() {
      clearInterval(timer);
      read();
    },
  };
}

function between(before: Sample, after: Sample): ThreadShare {
  return { spanMs: after.at - before.at, runMs: (after.runNs - before.runNs) / 1e6, waitMs: (after.waitNs - before.waitNs) / 1e6 };
}

export function describeShare(share: ThreadShare | undefined): string {
  if (!share) return '';
  return ` (renderer thread over ${share.spanMs.toFixed(0)} ms: ran ${share.runMs.toFixed(1)}, waited for a CPU ${share.waitMs.toFixed(1)})`;
}
