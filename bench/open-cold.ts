// Cold opens of the 10,000-message conversation (`npx tsx bench/open-cold.ts [runs]`): each in a fresh browser, as
// the renderer bench's single open is. Prints the wall time (click → a row painted, as bench/renderer.ts measures
// it) and the main thread's CPU time over the open (CDP ThreadTime), which a machine shared with other benchmarks
// disturbs far less than the wall time. QIAO_BENCH_OPEN_PROFILE=file.cpuprofile: a CPU profile of the last open.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startHarness } from '../test/e2e/harness/server';
import { providersRepo } from '../src/main/core/store';
import { accountFor } from '../src/main/core/secrets/secretStore';
import { inFreshBrowser, loadList, openConversationFromList, seedLongConversation, seedSidebar } from './renderer';

const runs = Number(process.argv[2] ?? 5);
const profileFile = process.env.QIAO_BENCH_OPEN_PROFILE;
if (!fs.existsSync('out/renderer/index.html')) throw new Error('out/renderer is missing: run `npx electron-vite build` first');

const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'qiao-bench-open-'));
const harness = await startHarness({ dataDir, keychain: null });
try {
  const { db, secrets } = harness.core;
  // Configured, so the app skips first-run setup; nothing is sent to it.
  const baystone = providersRepo.getProvider(db, 'baystone')!;
  providersRepo.saveProvider(db, { ...baystone, updatedAt: Date.now() });
  secrets.setForSession(accountFor('baystone', 'apiKey'), 'sk-test');
  const big = seedLongConversation(db);
  seedSidebar(db);

  const walls: number[] = [];
  const cpus: number[] = [];
  for (let run = 0; run < runs; run++) {
    await inFreshBrowser(async (browser) => {
      const page = await loadList(browser, harness.url);
      const cdp = await page.context().newCDPSession(page);
      await cdp.send('Performance.enable');
      const threadSeconds = async () => ((await cdp.send('Performance.getMetrics')) as { metrics: Array<{ name: string; value: number }> }).metrics.find((m) => m.name === 'ThreadTime')!.value;
      const profiling = profileFile !== undefined && run === runs - 1;
      if (profiling) {
        await cdp.send('Profiler.enable');
        await cdp.send('Profiler.start');
      }
      const before = await threadSeconds();
      const wall = await openConversationFromList(page, big.title);
      cpus.push(((await threadSeconds()) - before) * 1000);
      walls.push(wall);
      if (profiling) fs.writeFileSync(profileFile, JSON.stringify(((await cdp.send('Profiler.stop')) as { profile: unknown }).profile));
    });
  }
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
  const list = (xs: number[]) => xs.map((x) => x.toFixed(0)).join(' ');
  console.log(`open → first paint, wall ms:      ${list(walls)}  (median ${median(walls).toFixed(0)})`);
  console.log(`main-thread CPU over the open, ms: ${list(cpus)}  (median ${median(cpus).toFixed(0)})`);
} finally {
  await harness.close();
  fs.rmSync(dataDir, { recursive: true, force: true });
}
