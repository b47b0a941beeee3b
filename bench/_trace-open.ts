import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startHarness } from '../test/e2e/harness/server';
import { providersRepo } from '../src/main/core/store';
import { accountFor } from '../src/main/core/secrets/secretStore';
import { launchBenchBrowser, openConversationFromList, seedLongConversation, seedSidebar } from './renderer';
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'qiao-trace-open-'));
const harness = await startHarness({ dataDir, keychain: null });
const { db, secrets } = harness.core;
const baystone = providersRepo.getProvider(db, 'baystone')!;
providersRepo.saveProvider(db, { ...baystone, updatedAt: Date.now() });
secrets.setForSession(accountFor('baystone', 'apiKey'), 'sk-test');
const big = seedLongConversation(db);
seedSidebar(db);
for (let run = 0; run < Number(process.argv[2] ?? 3); run++) {
  const browser = await launchBenchBrowser();
  const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  await page.goto(harness.url);
  await page.getByTestId('conversation-item').first().waitFor();
  if (process.env.CSS) await page.addStyleTag({ content: process.env.CSS });
  await page.waitForTimeout(300);
  await browser.startTracing(page, { categories: ['devtools.timeline', 'disabled-by-default-devtools.timeline', 'blink.user_timing'] });
  const wall = await openConversationFromList(page, big.title);
  const trace = JSON.parse((await browser.stopTracing()).toString()) as { traceEvents: Array<{ name: string; ph: string; dur?: number; ts: number; tid: number; args?: any }> };
  const events = trace.traceEvents;
  const main = events.find((e) => e.name === 'thread_name' && e.args?.name === 'CrRendererMain');
  const mine = events.filter((e) => e.tid === main?.tid && e.ph === 'X' && e.dur);
  const sums = new Map<string, { n: number; ms: number }>();
  for (const e of mine) { const s = sums.get(e.name) ?? { n: 0, ms: 0 }; s.n++; s.ms += e.dur! / 1000; sums.set(e.name, s); }
  const total = (n: string) => mine.filter((e) => e.name === n).reduce((a, e) => a + e.dur! / 1000, 0).toFixed(1);
  console.log(`run ${run}: wall ${wall.toFixed(0)} ms; layout ${total('Layout')} style ${total('UpdateLayoutTree')} js ${total('FunctionCall')} paint ${total('Paint')}`);
  if (process.env.QUIET) { await browser.close(); continue; }
  for (const [k, v] of [...sums].sort((a, b) => b[1].ms - a[1].ms).slice(0, 18)) console.log(v.ms.toFixed(1).padStart(7), String(v.n).padStart(4), k);
  const layouts = mine.filter((e) => e.name === 'Layout' || e.name === 'UpdateLayoutTree').map((e) => `${e.name === 'Layout' ? 'L' : 'S'}${(e.dur! / 1000).toFixed(1)}`);
  console.log('  sequence:', layouts.join(' '));
  const t0 = Math.min(...mine.filter((e) => e.name === 'EventDispatch').map((e) => e.ts));
  for (const e of mine.filter((e) => e.name === 'RunTask' && e.dur! > 1500)) {
    const inside = mine.filter((c) => c !== e && c.ts >= e.ts && c.ts + (c.dur ?? 0) <= e.ts + e.dur! && ['FunctionCall', 'Layout', 'UpdateLayoutTree', 'Paint', 'EventDispatch', 'FireAnimationFrame', 'TimerFire', 'MinorGC', 'EvaluateScript', 'v8.run'].includes(c.name));
    console.log(`  task @${((e.ts - t0) / 1000).toFixed(1)} ${(e.dur! / 1000).toFixed(1)} ms:`, inside.map((c) => `${c.name}${(c.dur! / 1000).toFixed(1)}${c.args?.data?.functionName ? '(' + c.args.data.functionName + ')' : ''}${c.args?.data?.type ? '[' + c.args.data.type + ']' : ''}`).join(' '));
  }
  await browser.close();
}
await harness.close();
fs.rmSync(dataDir, { recursive: true, force: true });
