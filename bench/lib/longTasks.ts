// Long stretches of main-thread work in a V8 CPU profile: consecutive samples that are not idle, with the
// functions (self time) and the outermost callers of our own code that filled each stretch.
export interface CpuProfile {
  nodes: Array<{ id: number; parent?: number; children?: number[]; callFrame: { functionName: string; url: string; lineNumber: number } }>;
  samples: number[];
  timeDeltas: number[];
  startTime: number;
}

export interface LongTask {
  startMs: number;
  wallMs: number;
  /** Sampled time in the stretch (sum of the sample intervals), insensitive to the process being descheduled. */
  cpuMs: number;
  top: Array<[string, number]>;
}

const IDLE = new Set(['(idle)', '(program)', '(garbage collector)']);

export function longestTasks(profile: CpuProfile, count: number, intervalUs = 200): LongTask[] {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parentOf = new Map<number, number>();
  for (const n of profile.nodes) for (const c of n.children ?? []) parentOf.set(c, n.id);
  const label = (id: number) => {
    const f = byId.get(id)!.callFrame;
    return `${f.functionName || '(anonymous)'} ${f.url.replace(/^.*\/(node_modules|src|bench|test)\//, '$1/')}:${f.lineNumber + 1}`;
  };
  /** The frame of our own code nearest the root of the stack: the task's entry point. */
  const entry = (id: number) => {
    let found = label(id);
    for (let cur: number | undefined = id; cur !== undefined; cur = parentOf.get(cur)) {
      const url = byId.get(cur)!.callFrame.url;
      if (url.includes('/src/') || url.includes('/bench/')) found = label(cur);
    }
    return found;
  };
  const tasks: Array<LongTask & { samples: number[] }> = [];
  let t = 0;
  let current: (LongTask & { samples: number[] }) | null = null;
  profile.samples.forEach((id, i) => {
    t += profile.timeDeltas[i] ?? 0;
    const name = byId.get(id)!.callFrame.functionName;
    const busy = !IDLE.has(name) || (name === '(garbage collector)' && current !== null);
    if (busy) {
      current ??= { startMs: t / 1000, wallMs: 0, cpuMs: 0, top: [], samples: [] };
      current.samples.push(id);
      current.cpuMs += intervalUs / 1000;
      current.wallMs = t / 1000 - current.startMs;
    } else if (current) {
      tasks.push(current);
      current = null;
    }
  });
  if (current) tasks.push(current);
  return tasks
    .sort((a, b) => b.cpuMs - a.cpuMs)
    .slice(0, count)
    .map(({ samples, ...task }) => {
      const self = new Map<string, number>();
      const entries = new Map<string, number>();
      for (const id of samples) {
        self.set(label(id), (self.get(label(id)) ?? 0) + intervalUs / 1000);
        const e = `entry: ${entry(id)}`;
        entries.set(e, (entries.get(e) ?? 0) + intervalUs / 1000);
      }
      const top = [...[...entries].sort((a, b) => b[1] - a[1]).slice(0, 3), ...[...self].sort((a, b) => b[1] - a[1]).slice(0, 6)];
      return { ...task, top };
    });
}

/** What the main thread ran between two times (ms from the profile's start): sampled busy time and its top functions. */
export function workBetween(profile: CpuProfile, fromMs: number, toMs: number, intervalUs = 200): { busyMs: number; idleMs: number; top: Array<[string, number]> } {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const self = new Map<string, number>();
  let t = 0;
  let busyMs = 0;
  let idleMs = 0;
  profile.samples.forEach((id, i) => {
    t += profile.timeDeltas[i] ?? 0;
    const ms = t / 1000;
    if (ms < fromMs || ms > toMs) return;
    const f = byId.get(id)!.callFrame;
    if (f.functionName === '(idle)') {
      idleMs += intervalUs / 1000;
      return;
    }
    busyMs += intervalUs / 1000;
    const name = `${f.functionName || '(anonymous)'} ${f.url.replace(/^.*\/(node_modules|src|bench|test)\//, '$1/')}:${f.lineNumber + 1}`;
    self.set(name, (self.get(name) ?? 0) + intervalUs / 1000);
  });
  return { busyMs, idleMs, top: [...self].sort((a, b) => b[1] - a[1]).slice(0, 8) };
}
