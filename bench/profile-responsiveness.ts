// Profiles the main-loop responsiveness scenario (npx tsx bench/profile-responsiveness.ts [windows]: the last window is
// profiled, so 3 profiles a warm one) and lists the longest synchronous stretches of main-thread work with the
// functions that filled them: what stalls the loop.
import { Session } from 'node:inspector/promises';
import fs from 'node:fs';
import { benchResponsiveness } from './responsiveness';
import { longestTasks, workBetween, type CpuProfile } from './lib/longTasks';

const session = new Session();
session.connect();
await session.post('Profiler.enable');
await session.post('Profiler.setSamplingInterval', { interval: 200 });
let profile: CpuProfile | undefined;
// The loop's own stalls, timed from the profile's start: a 1 ms interval that notes how late each tick came.
let profileStarted = 0;
let lastTick = 0;
let ticker: ReturnType<typeof setInterval> | undefined;
const stalls: Array<{ atMs: number; lateMs: number }> = [];
const rows = await benchResponsiveness({
  beforeMeasure: async () => {
    stalls.length = 0;
    await session.post('Profiler.start');
    profileStarted = lastTick = performance.now();
    ticker = setInterval(() => {
      const now = performance.now();
      if (now - lastTick > 9) stalls.push({ atMs: now - profileStarted, lateMs: now - lastTick - 1 });
      lastTick = now;
    }, 1);
  },
  afterMeasure: async () => {
    clearInterval(ticker);
    ({ profile } = (await session.post('Profiler.stop')) as { profile: CpuProfile });
  },
}, { runs: Number(process.argv[2] ?? 1) });
if (!profile) throw new Error('no profile was taken');
fs.mkdirSync('bench-results', { recursive: true });
fs.writeFileSync('bench-results/responsiveness.cpuprofile', JSON.stringify(profile));
for (const row of rows) console.log(`${row.metric}: ${row.value.toFixed(1)} ${row.unit}`);
console.log('\nthe longest stalls of the loop, and what the main thread ran meanwhile (idle = not sampled as running JS or GC):');
for (const stall of [...stalls].sort((a, b) => b.lateMs - a.lateMs).slice(0, 6)) {
  const work = workBetween(profile, stall.atMs - stall.lateMs - 1, stall.atMs);
  console.log(`\n${stall.lateMs.toFixed(1)} ms late at ${stall.atMs.toFixed(0)} ms: ${work.busyMs.toFixed(1)} ms busy, ${work.idleMs.toFixed(1)} ms idle`);
  for (const [name, ms] of work.top) console.log(`  ${ms.toFixed(1).padStart(6)} ms  ${name}`);
}
console.log('\nlongest stretches of main-thread work:');
for (const task of longestTasks(profile, 6)) {
  console.log(`\n${task.cpuMs.toFixed(1)} ms of work (${task.wallMs.toFixed(1)} ms wall) at ${task.startMs.toFixed(0)} ms`);
  for (const [name, ms] of task.top) console.log(`  ${ms.toFixed(1).padStart(6)} ms  ${name}`);
}
