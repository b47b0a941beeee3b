// Profiles the main-loop responsiveness scenario (npx tsx bench/profile-responsiveness.ts) and lists the longest
// synchronous stretches of main-thread work with the functions that filled them: what stalls the loop.
import { Session } from 'node:inspector/promises';
import fs from 'node:fs';
import { benchResponsiveness } from './responsiveness';
import { longestTasks, type CpuProfile } from './lib/longTasks';

const session = new Session();
session.connect();
await session.post('Profiler.enable');
await session.post('Profiler.setSamplingInterval', { interval: 200 });
let profile: CpuProfile | undefined;
const rows = await benchResponsiveness({
  beforeMeasure: async () => void (await session.post('Profiler.start')),
  afterMeasure: async () => void ({ profile } = (await session.post('Profiler.stop')) as { profile: CpuProfile }),
});
if (!profile) throw new Error('no profile was taken');
fs.mkdirSync('bench-results', { recursive: true });
fs.writeFileSync('bench-results/responsiveness.cpuprofile', JSON.stringify(profile));
for (const row of rows) console.log(`${row.metric}: ${row.value.toFixed(1)} ${row.unit}`);
for (const task of longestTasks(profile, 12)) {
  console.log(`\n${task.cpuMs.toFixed(1)} ms of work (${task.wallMs.toFixed(1)} ms wall) at ${task.startMs.toFixed(0)} ms`);
  for (const [name, ms] of task.top) console.log(`  ${ms.toFixed(1).padStart(6)} ms  ${name}`);
}
