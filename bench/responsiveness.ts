// Main-process responsiveness: the event loop's longest stall while a reply streams and, at the same time,
// searches run, a 10,000-message conversation is exported and then read page by page as the chat pane opens it — all through api.ts, as the app's IPC would.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { createCore } from '../src/main/core/core';
import { createApi } from '../src/main/api';
import type { ApiOutput } from '../src/shared/contract';
import { conversationsRepo, providersRepo } from '../src/main/core/store';
import { accountFor } from '../src/main/core/secrets/secretStore';
import { benchReplyText } from './pipeline';
import { textGenerator } from './searchCorpus';
import { median, type BenchRow } from './lib/report';
import { startSimProcess } from './lib/simProcess';
import { describeStall, watchStalls } from './lib/stallWitness';

function seed(core: ReturnType<typeof createCore>): string {
  const { db } = core;
  const gen = textGenerator(7);
  const addMessage = db.prepare(
    `INSERT INTO messages (id, conversation_id, parent_id, role, parts, status, created_at, updated_at) VALUES (?, ?, ?, ?, ?, 'done', ?, ?)`,
  );
  let clock = Date.UTC(2024, 0, 1);
  const write = (id: string, count: number) => {
    db.prepare('INSERT INTO conversations (id, title, created_at, updated_at) VALUES (?, ?, ?, ?)').run(id, gen.title(), clock, clock);
    let parent: string | null = null;
    for (let i = 0; i < count; i++) {
      const messageId = `${id}-${i}`;
      clock += 1000;
      addMessage.run(messageId, id, parent, i % 2 ? 'assistant' : 'user', JSON.stringify([{ type: 'text', text: gen.message(20 + Math.floor(gen.random() * 100)) }]), clock, clock);
      parent = messageId;
    }
    db.prepare('UPDATE conversations SET active_leaf_id = ? WHERE id = ?').run(parent, id);
  };
  db.transaction(() => {
    write('big', 10_000);
    for (let c = 0; c < 1000; c++) write(`c${c}`, 20);
  })();
  core.search.indexAll();
  // The seed's write-ahead log (tens of MB) is moved into the database now: left for later, the first commit of the
  // first window would copy it (the main connection's own checkpoint, past 10,000 pages), which is set-up, not load.
  db.pragma('wal_checkpoint(TRUNCATE)');
  return 'big';
}

/** `hooks` bracket the measured window (bench/profile-responsiveness.ts profiles exactly that). */
export async function benchResponsiveness(
  hooks: { beforeMeasure?: () => Promise<void>; afterMeasure?: () => Promise<void> } = {},
  options: { runs?: number } = {},
): Promise<BenchRow[]> {
  const sim = await startSimProcess();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'qiao-bench-loop-'));
  const core = createCore({ dataDir: dir, keychain: null });
  try {
    const big = seed(core);
    const baystone = providersRepo.getProvider(core.db, 'baystone')!;
    providersRepo.saveProvider(core.db, { ...baystone, baseUrl: sim.baseUrls.baystone, updatedAt: Date.now() });
    core.secrets.setForSession(accountFor('baystone', 'apiKey'), 'sk-test');
    const realApi = createApi(core, { face: 'trusted' });
    // The synchronous part of each call (validation + handler up to its first await): one task of the loop.
    const syncMs = new Map<string, number>();
    const api = {
      call: ((method: Parameters<typeof realApi.call>[0], input: unknown) => {
        const callStarted = performance.now();
        const answer = realApi.call(method, input);
        syncMs.set(method, Math.max(syncMs.get(method) ?? 0, performance.now() - callStarted));
        return answer;
      }) as typeof realApi.call,
    };
    // As the app does at start (core.warmUp): the worker starts and the HTTP client loads before a first message.
    core.warmUp();
    await new Promise((resolve) => setTimeout(resolve, 1000));

    /** One measured window: a reply streams while searches, an export and the pages of a conversation run. */
    const measureOnce = async (run: number) => {
      const conversation = conversationsRepo.createConversation(core.db, { providerId: 'baystone', model: 'llama-3.1-instruct' });
      // ~5 s of streaming at a steady pace (4 characters every 2 ms).
      await sim.enqueue({ text: benchReplyText(6000), chunkSize: 4, delayMs: 2 });
      await hooks.beforeMeasure?.();
      const loop = monitorEventLoopDelay({ resolution: 1 });
      loop.enable();
      const witness = watchStalls();
      const started = performance.now();
      const handle = core.chat.send({ conversationId: conversation.id, text: 'bench' });
      let searches = 0;
      let searching = true;
      const searchLoop = (async () => {
        const queries = ['量子', '猫', '数据库', 'python', '人工智能', 'coffee'];
        while (searching) {
          await api.call('search.query', { query: queries[searches % queries.length], limit: 20 });
          searches++;
          await new Promise((resolve) => setTimeout(resolve, 20));
        }
      })();
      await new Promise((resolve) => setTimeout(resolve, 500));
      const exportStarted = performance.now();
      const exported = await api.call('export.conversations', { conversationIds: [big], format: 'json', path: path.join(dir, `big-${run}.json`) });
      const exportMs = performance.now() - exportStarted;
      if (!exported.ok) throw new Error(exported.error.message);
      // Opening the conversation as the chat pane does: a short tail first, then older pages of 250.
      const listStarted = performance.now();
      let leafId: string | undefined;
      let opened = 0;
      for (let limit = 40; ; limit = 250) {
        const page = await api.call('messages.path', { conversationId: big, limit, ...(leafId ? { leafId } : {}) });
        if (!page.ok) throw new Error(page.error.message);
        const path = page.value as ApiOutput<'messages.path'>;
        opened += path.entries.length;
        const oldest = path.entries[0]?.message;
        if (!path.hasMore || !oldest?.parentId) break;
        leafId = oldest.parentId;
        // Each page is its own IPC request in the app: the event loop turns between them.
        await new Promise((resolve) => setImmediate(resolve));
      }
      const listMs = performance.now() - listStarted;
      if (opened !== 10_000) throw new Error(`opened ${opened} messages`);
      const [reply] = await handle.done;
      searching = false;
      await searchLoop;
      loop.disable();
      const stall = witness.stop();
      await hooks.afterMeasure?.();
      if (reply?.status !== 'done') throw new Error(`stream ended ${reply?.status}`);
      return { maxMs: loop.max / 1e6, stall, p99Ms: loop.percentile(99) / 1e6, searches, exportMs, listMs, seconds: (performance.now() - started) / 1000 };
    };

    // The longest stall of a window is one sample of a noisy quantity on a shared machine: five windows, the
    // median reported with all five and what filled each one's longest gap. The first is the process's first reply
    // (its request code runs cold: ~15-20 ms of main-thread work in one loop turn); on a busy 2-core machine another
    // window can lose 15+ ms waiting for a CPU. With three windows those two alone set the median.
    const runs = [];
    for (let run = 0; run < (options.runs ?? 5); run++) runs.push(await measureOnce(run));
    const maxMs = median(runs.map((r) => r.maxMs));
    const list = (values: number[]) => values.map((v) => v.toFixed(1)).join(', ');
    return [
      {
        group: 'main loop',
        metric: `longest stall (stream + ~${Math.round(median(runs.map((r) => r.searches)))} searches + export + pages), median of ${runs.length} windows`,
        value: maxMs,
        unit: 'ms',
        target: '≤ 16 ms',
        met: maxMs <= 16,
        note: `each window ~${runs[0]!.seconds.toFixed(0)} s; longest stall in each: ${list(runs.map((r) => r.maxMs))} ms (the first is the process's first reply); longest gap of a 1 ms timer in each, ms: ${runs.map((r) => describeStall(r.stall)).join('; ')}`,
      },
      { group: 'main loop', metric: 'event-loop delay p99', value: median(runs.map((r) => r.p99Ms)), unit: 'ms', note: `per window: ${list(runs.map((r) => r.p99Ms))} ms` },
      { group: 'main loop', metric: 'export of a 10,000-message conversation (JSON)', value: median(runs.map((r) => r.exportMs)), unit: 'ms' },
      ...[...syncMs].map(([method, ms]): BenchRow => ({ group: 'main loop', metric: `longest synchronous part of one ${method} call`, value: ms, unit: 'ms' })),
      { group: 'main loop', metric: 'messages.path pages of a 10,000-message conversation (40, then 250 each)', value: median(runs.map((r) => r.listMs)), unit: 'ms' },
    ];
  } finally {
    core.close();
    await sim.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
