// Search at scale: `npx tsx bench/search-scale.ts [--messages N] [--keep]` (default 1,000,000 messages).
// Builds 100k conversations (one of them with 10,000 messages) of mixed Chinese and English into a temp DB with
// the app's schema, indexes it with the app's indexer, and prints write and index rates, the time to list
// conversations and to open the big one, and search latency p50/p95 per query kind.
// Targets (benchmark issue): p50 ≤ 20 ms for 3+-character queries, ≤ 50 ms for 1–2-character Chinese at 1M.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { pathToFileURL } from 'node:url';
import { conversationsRepo, messagesRepo, openDatabase } from '../src/main/core/store';
import { createSearchService } from '../src/main/core/search';
import { textGenerator } from './searchCorpus';
import { percentile as pct, type BenchRow } from './lib/report';

const BIG = 10_000;

const queries = {
  '1-char zh': ['猫', '雪', '鱼', '花', '风', '山', '贵', '狗', '树', '海'],
  '2-char zh': ['量子', '代码', '火锅', '北京', '密码', '春节', '小猫', '论文', '天气', '索引'],
  '3+-char zh': ['量子力学', '服务器', '人工智能', '数据库', '神经网络', '思维链', '深度学习', '流式输出', '番茄钟', '提示词'],
  english: ['python', 'quantum', 'sqlite', 'coffee', 'redis', 'kubernetes', 'prompt', 'electron', 'novel', 'salary'],
};

const log = (line: string) => process.stderr.write(`${line}\n`);
const ms = (t: number) => `${t.toFixed(1)} ms`;
function percentile(samples: number[], p: number): number {
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}
async function timeAsync<T>(fn: () => Promise<T>): Promise<[T, number]> {
  const started = performance.now();
  const value = await fn();
  return [value, performance.now() - started];
}

function time<T>(fn: () => T): [T, number] {
  const started = performance.now();
  const value = fn();
  return [value, performance.now() - started];
}

/** Builds the corpus in a temp DB and measures it; rows for `npm run bench`. */
export async function benchStoreScale(options: { messages?: number; conversations?: number; keep?: boolean } = {}): Promise<BenchRow[]> {
  const totalMessages = options.messages ?? 1_000_000;
  if (!Number.isInteger(totalMessages) || totalMessages < 20_000) throw new Error('--messages must be an integer ≥ 20000');
  const totalConversations = options.conversations ?? Math.max(1000, Math.round(totalMessages / 10));
  const keep = options.keep ?? false;
  const rows: BenchRow[] = [];
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'qiao-search-scale-'));
  const file = path.join(dir, 'qiao.db');
  const db = openDatabase(file);
  const search = createSearchService(db);
  try {
    log(`building ${totalMessages.toLocaleString()} messages in ${totalConversations.toLocaleString()} conversations → ${file}`);
    const gen = textGenerator(2025);
    const t0 = Date.UTC(2023, 0, 1);
    // The same statements the store runs for a new message (insert, then the conversation's leaf and time);
    // the search triggers fire as in the app. Batched 2,000 per transaction.
    const addConversation = db.prepare(
      'INSERT INTO conversations (id, title, provider_id, model, params, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)',
    );
    const addMessage = db.prepare(
      `INSERT INTO messages (id, conversation_id, parent_id, role, parts, status, provider_id, model, created_at, updated_at)
       VALUES (?, ?, ?, ?, ?, 'done', ?, ?, ?, ?)`,
    );
    const touch = db.prepare('UPDATE conversations SET active_leaf_id = ?, updated_at = ? WHERE id = ?');
    const models = [
      ['baystone', 'deepseek-v3'],
      ['zyinfo', 'qwen-max'],
      ['szaiai', 'claude-sonnet'],
    ] as const;

    let written = 0;
    let clock = t0;
    const counts: number[] = [];
    for (let c = 0; c < totalConversations; c++) counts.push(c === 0 ? BIG : 0);
    // Spread the rest evenly (2–18 messages each), then top up so the total is exact.
    let rest = totalMessages - BIG;
    for (let c = 1; c < totalConversations && rest > 0; c++) {
      const n = Math.min(rest, 2 + Math.floor(gen.random() * 17));
      counts[c] = n;
      rest -= n;
    }
    for (let c = 1; rest > 0; c = (c % (totalConversations - 1)) + 1, rest--) counts[c]! += 1;

    const writeConversation = (c: number) => {
      const id = `c${c.toString(36).padStart(6, '0')}`;
      const [providerId, model] = models[c % models.length]!;
      addConversation.run(id, gen.title(), providerId, model, '{}', clock, clock);
      let parent: string | null = null;
      for (let i = 0; i < counts[c]!; i++) {
        const role = i % 2 === 0 ? 'user' : 'assistant';
        const words = role === 'user' ? 5 + Math.floor(gen.random() * 25) : 20 + Math.floor(gen.random() * 130);
        const messageId = `${id}-${i.toString(36).padStart(4, '0')}`;
        clock += 1000;
        addMessage.run(messageId, id, parent, role, JSON.stringify([{ type: 'text', text: gen.message(words) }]), role === 'assistant' ? providerId : null, role === 'assistant' ? model : null, clock, clock);
        touch.run(messageId, clock, id);
        parent = messageId;
        written++;
      }
    };
    const writeBatch = db.transaction((from: number, to: number) => {
      for (let c = from; c < to; c++) writeConversation(c);
    });
    const [, writeMs] = time(() => {
      for (let c = 0; c < totalConversations; ) {
        const from = c;
        let batch = 0;
        while (c < totalConversations && batch < 2000) batch += counts[c++]!;
        writeBatch(from, c);
        if (c % 10_000 < 200) log(`  written ${written.toLocaleString()}`);
      }
    });
    log(`written in ${(writeMs / 1000).toFixed(1)} s; indexing…`);

    const [indexed, indexMs] = time(() => search.indexAll());
    db.pragma('wal_checkpoint(TRUNCATE)');
    const sizeMb = fs.statSync(file).size / 1e6;
    const ftsPages = (db.prepare("SELECT sum(pgsize) AS bytes FROM dbstat WHERE name LIKE 'search_%'").get() as { bytes: number }).bytes / 1e6;

    const listTimes: number[] = [];
    for (let i = 0; i < 10; i++) listTimes.push(time(() => conversationsRepo.listConversations(db, { limit: 500 }))[1]);
    const openTimes: number[] = [];
    let opened = 0;
    for (let i = 0; i < 5; i++) {
      const [messages, t] = time(() => messagesRepo.listMessages(db, 'c000000'));
      opened = messages.length;
      openTimes.push(t);
    }

    const lines: string[] = [
      `messages            ${written.toLocaleString()} in ${totalConversations.toLocaleString()} conversations; DB ${sizeMb.toFixed(0)} MB (search tables ${ftsPages.toFixed(0)} MB)`,
      `write rate          ${Math.round(written / (writeMs / 1000)).toLocaleString()} messages/s (store statements + search triggers, 2,000 per transaction)`,
      `index rate          ${Math.round(indexed / (indexMs / 1000)).toLocaleString()} documents/s (${indexed.toLocaleString()} messages + titles in ${(indexMs / 1000).toFixed(1)} s)`,
      `list conversations  p50 ${ms(percentile(listTimes, 50))} (500 newest)`,
      `open conversation   p50 ${ms(percentile(openTimes, 50))} (${opened.toLocaleString()} messages, all branches)`,
    ];
    const searchRows: BenchRow[] = [];
    for (const [kind, list] of Object.entries(queries)) {
      const samples: number[] = [];
      let hits = 0;
      // A first round warms the page cache, as a running app's would be.
      for (const query of list) await search.search({ query });
      for (let round = 0; round < 5; round++) {
        for (const query of list) {
          const [out, t] = await timeAsync(() => search.search({ query, limit: 20 }));
          samples.push(t);
          hits += out.results.length;
        }
      }
      lines.push(`search ${kind.padEnd(12)} p50 ${ms(percentile(samples, 50))}  p95 ${ms(percentile(samples, 95))}  (${(hits / samples.length).toFixed(1)} results/query)`);
      const target = kind === '1-char zh' || kind === '2-char zh' ? 50 : 20;
      const p50 = pct(samples, 50);
      searchRows.push(
        { group: 'store', metric: `search ${kind} p50`, value: p50, unit: 'ms', target: `≤ ${target} ms at 1M`, met: p50 <= target },
        { group: 'store', metric: `search ${kind} p95`, value: pct(samples, 95), unit: 'ms' },
      );
    }
    const filtered: number[] = [];
    for (const query of queries['2-char zh']) {
      filtered.push((await timeAsync(() => search.search({ query, model: 'qwen-max' })))[1]);
      filtered.push((await timeAsync(() => search.search({ query, conversationId: 'c000000' })))[1]);
    }
    lines.push(`search filtered     p50 ${ms(percentile(filtered, 50))}  p95 ${ms(percentile(filtered, 95))}  (2-char, by model or in the 10,000-message conversation)`);
    log(lines.join('\n'));
    rows.push(
      { group: 'store', metric: `write rate (${written.toLocaleString()} messages)`, value: written / (writeMs / 1000), unit: 'messages/s' },
      { group: 'store', metric: 'index rate', value: indexed / (indexMs / 1000), unit: 'docs/s' },
      { group: 'store', metric: 'list conversations (500 newest) p50', value: percentile(listTimes, 50), unit: 'ms' },
      { group: 'store', metric: `open a ${opened.toLocaleString()}-message conversation p50`, value: percentile(openTimes, 50), unit: 'ms' },
      ...searchRows,
    );
    return rows;
  } finally {
    search.close();
    db.close();
    if (keep) log(`kept ${file}`);
    else fs.rmSync(dir, { recursive: true, force: true });
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const { values } = parseArgs({
    options: {
      messages: { type: 'string', default: '1000000' },
      conversations: { type: 'string' },
      keep: { type: 'boolean', default: false },
    },
  });
  await benchStoreScale({
    messages: Number(values.messages),
    ...(values.conversations ? { conversations: Number(values.conversations) } : {}),
    keep: values.keep,
  });
}
