// The renderer main thread's longest tasks in a Chrome trace (`QIAO_BENCH_TRACE=file.json npm run bench -- renderer`,
// optionally with QIAO_BENCH_TRACE_AFTER_S), each with its wall time, the thread's CPU time in it (a task whose CPU
// time is far below its wall time was descheduled: the machine, not the page) and what it spent them on; then the
// main thread's time per second of trace by kind of work, per 10 s (how a frame's cost grows with a reply).
//   npx tsx bench/trace-tasks.ts trace.json [count]
import fs from 'node:fs';

interface TraceEvent {
  ph: string;
  name: string;
  pid: number;
  tid: number;
  ts: number;
  dur?: number;
  tdur?: number;
  args?: { name?: string; type?: string; usedHeapSizeBefore?: number; usedHeapSizeAfter?: number };
}

const KINDS = ['FunctionCall', 'UpdateLayoutTree', 'Layout', 'PrePaint', 'Paint', 'Layerize', 'Commit', 'MajorGC', 'MinorGC', 'EventDispatch'];

const [file, countArg] = process.argv.slice(2);
if (!file) throw new Error('usage: npx tsx bench/trace-tasks.ts trace.json [count]');
const raw = JSON.parse(fs.readFileSync(file, 'utf8')) as { traceEvents?: TraceEvent[] } | TraceEvent[];
const events = Array.isArray(raw) ? raw : (raw.traceEvents ?? []);
const mains = new Set(events.filter((e) => e.ph === 'M' && e.name === 'thread_name' && e.args?.name === 'CrRendererMain').map((e) => `${e.pid}:${e.tid}`));
const onMain = events.filter((e) => mains.has(`${e.pid}:${e.tid}`) && e.ph === 'X' && e.dur !== undefined).sort((a, b) => a.ts - b.ts);
const start = onMain.reduce((min, e) => Math.min(min, e.ts), Infinity);
const tasks = onMain.filter((e) => e.name === 'RunTask');
const ms = (us: number) => us / 1000;

/** Time per kind of work among `inside`, outermost events only (Paint nests in Paint): [wall, thread CPU] in ms. */
function byKind(inside: TraceEvent[]): Map<string, [number, number]> {
  const sums = new Map<string, [number, number]>();
  const openUntil = new Map<string, number>();
  for (const e of inside) {
    if (!KINDS.includes(e.name) || (openUntil.get(e.name) ?? 0) > e.ts) continue;
    openUntil.set(e.name, e.ts + e.dur!);
    const [wall, cpu] = sums.get(e.name) ?? [0, 0];
    sums.set(e.name, [wall + ms(e.dur!), cpu + ms(e.tdur ?? e.dur!)]);
  }
  return sums;
}

console.log(`${tasks.length} tasks on the renderer main thread over ${ms(tasks.at(-1)!.ts - start) / 1000} s; ${tasks.filter((t) => t.dur! >= 50_000).length} of 50 ms or more`);
console.log('\nlongest tasks (wall / thread CPU, ms):');
for (const task of [...tasks].sort((a, b) => b.dur! - a.dur!).slice(0, Number(countArg ?? 10))) {
  const inside = onMain.filter((e) => e !== task && e.ts >= task.ts && e.ts + e.dur! <= task.ts + task.dur! + 1);
  const kinds = [...byKind(inside)].map(([name, [wall, cpu]]) => `${name} ${wall.toFixed(1)}/${cpu.toFixed(1)}`).join(', ');
  const gc = inside.find((e) => e.name === 'MajorGC');
  const gcNote = gc ? `; major GC "${gc.args?.type}" ${((gc.args?.usedHeapSizeBefore ?? 0) / 1e6).toFixed(0)}→${((gc.args?.usedHeapSizeAfter ?? 0) / 1e6).toFixed(0)} MB` : '';
  console.log(`  @${(ms(task.ts - start) / 1000).toFixed(2)} s  ${ms(task.dur!).toFixed(1)} / ${ms(task.tdur ?? task.dur!).toFixed(1)}: ${kinds}${gcNote}`);
}

console.log('\nmain-thread time per second of trace, by kind (ms), per 10 s:');
const windows = new Map<number, TraceEvent[]>();
for (const e of onMain) {
  const window = Math.floor(ms(e.ts - start) / 10_000);
  const inWindow = windows.get(window);
  if (inWindow) inWindow.push(e);
  else windows.set(window, [e]);
}
for (const [window, inside] of [...windows].sort((a, b) => a[0] - b[0])) {
  const kinds = [...byKind(inside)].sort((a, b) => b[1][0] - a[1][0]).map(([name, [wall]]) => `${name} ${(wall / 10).toFixed(0)}`);
  console.log(`  ${window * 10}–${window * 10 + 10} s: ${kinds.join(', ')}`);
}
