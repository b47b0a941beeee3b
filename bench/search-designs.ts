// The quick comparison behind the search index design (see src/main/core/search/README.md):
// `npx tsx bench/search-designs.ts [--messages N]` builds N messages into one temp DB per design and prints
// build time, index size and query latency for 1-, 2-, 3+-character Chinese queries and English words.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import Database from 'better-sqlite3';
import { indexWords, runTokens } from '../src/main/core/search/tokens';
import { textGenerator } from './searchCorpus';

const { values } = parseArgs({ options: { messages: { type: 'string', default: '200000' }, only: { type: 'string' } } });
const total = Number(values.messages);
const WINDOW = 2000;

interface Design {
  name: string;
  schema: string;
  insert: (db: Database.Database) => (rowid: number, text: string) => void;
  /** FTS expression for a query, or null when the design cannot answer it from the index. */
  expr: (query: string) => string | null;
  /** Fallback for what the index cannot answer (trigram < 3 chars): a LIKE scan. */
  like?: boolean;
}

const q = (s: string) => `"${s.replace(/"/g, '""')}"`;
/** Every CJK character once per occurrence (the unigram column of the first design). */
const cjkUnigrams = (text: string) =>
  Array.from(text.normalize('NFKC').matchAll(/[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\u30fc\u3005\u3007]+/gu), (run) => Array.from(run[0]).join(' ')).join(' ');
const unigramText = (text: string) => text.normalize('NFKC').replace(/[\p{Script=Han}]/gu, (c) => ` ${c} `);

const designs: Design[] = [
  {
    name: 'bigram+uni column',
    schema: "CREATE VIRTUAL TABLE f USING fts5(body, uni, tokenize='unicode61 remove_diacritics 2', content='', contentless_delete=1)",
    insert: (db) => {
      const stmt = db.prepare('INSERT INTO f(rowid, body, uni) VALUES (?, ?, ?)');
      return (rowid, text) => {
        stmt.run(rowid, indexWords(text), cjkUnigrams(text));
      };
    },
    expr: (query) => {
      const chars = Array.from(query);
      if (!/\p{Script=Han}/u.test(query)) return `body : ${q(query)}`;
      return chars.length === 1 ? `uni : ${q(query)}` : `body : ${q(runTokens(chars, false).join(' '))}`;
    },
  },
  {
    name: 'bigram+prefix=1',
    schema: "CREATE VIRTUAL TABLE f USING fts5(body, tokenize='unicode61 remove_diacritics 2', prefix='1', content='', contentless_delete=1)",
    insert: (db) => {
      const stmt = db.prepare('INSERT INTO f(rowid, body) VALUES (?, ?)');
      return (rowid, text) => void stmt.run(rowid, indexWords(text));
    },
    expr: (query) => {
      const chars = Array.from(query);
      if (!/\p{Script=Han}/u.test(query)) return q(query);
      return chars.length === 1 ? `${q(query)}*` : q(runTokens(chars, false).join(' '));
    },
  },
  {
    name: 'bigram, 1-char by prefix scan',
    schema: "CREATE VIRTUAL TABLE f USING fts5(body, tokenize='unicode61 remove_diacritics 2', content='', contentless_delete=1)",
    insert: (db) => {
      const stmt = db.prepare('INSERT INTO f(rowid, body) VALUES (?, ?)');
      return (rowid, text) => void stmt.run(rowid, indexWords(text));
    },
    expr: (query) => {
      const chars = Array.from(query);
      if (!/\p{Script=Han}/u.test(query)) return q(query);
      return chars.length === 1 ? `${q(query)}*` : q(runTokens(chars, false).join(' '));
    },
  },
  {
    name: 'unigram phrases',
    schema: "CREATE VIRTUAL TABLE f USING fts5(body, tokenize='unicode61 remove_diacritics 2', content='', contentless_delete=1)",
    insert: (db) => {
      const stmt = db.prepare('INSERT INTO f(rowid, body) VALUES (?, ?)');
      return (rowid, text) => void stmt.run(rowid, unigramText(text));
    },
    expr: (query) => q(unigramText(query)),
  },
  {
    name: 'trigram (+LIKE scan <3)',
    schema:
      "CREATE TABLE m(id INTEGER PRIMARY KEY, text TEXT); CREATE VIRTUAL TABLE f USING fts5(body, tokenize='trigram', content='m', content_rowid='id')",
    insert: (db) => {
      const m = db.prepare('INSERT INTO m(id, text) VALUES (?, ?)');
      const f = db.prepare('INSERT INTO f(rowid, body) VALUES (?, ?)');
      return (rowid, text) => {
        m.run(rowid, text);
        f.run(rowid, text);
      };
    },
    expr: (query) => (Array.from(query).length >= 3 ? q(query) : null),
    like: true,
  },
  {
    name: 'trigram + unigram table',
    schema:
      "CREATE VIRTUAL TABLE f USING fts5(body, tokenize='trigram', content='', contentless_delete=1); CREATE VIRTUAL TABLE u USING fts5(body, tokenize='unicode61', content='', contentless_delete=1)",
    insert: (db) => {
      const f = db.prepare('INSERT INTO f(rowid, body) VALUES (?, ?)');
      const u = db.prepare('INSERT INTO u(rowid, body) VALUES (?, ?)');
      return (rowid, text) => {
        f.run(rowid, text.normalize('NFKC'));
        u.run(rowid, unigramText(text));
      };
    },
    // Only the size and build time differ from the two designs it combines; queries go to one of them.
    expr: (query) => (Array.from(query).length >= 3 ? q(query) : null),
  },
];

const queries: Record<string, string[]> = {
  '1-char': ['猫', '的', '雪', '鱼', '花', '风', '山', '贵'],
  '2-char': ['量子', '代码', '火锅', '北京', '密码', '春节', '小猫', '论文'],
  '3+-char': ['量子力学', '服务器', '人工智能', '数据库', '神经网络', '思维链', '深度学习', '流式输出'],
  // Two common characters that rarely stand together: worst case for phrase intersection.
  'rare 2-char': ['是了', '的在', '了我', '不的', '在是', '我了', '有的', '都了'],
  absent: ['鲸鱼', '鲸', 'zebra'],
  english: ['python', 'the', 'quantum', 'sqlite', 'coffee', 'redis', 'kubernetes', 'prompt'],
};

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'qiao-designs-'));
try {
  for (const design of designs) {
    if (values.only && !design.name.includes(values.only)) continue;
    const file = path.join(dir, `${design.name.replace(/\W+/g, '_')}.db`);
    const db = new Database(file);
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = NORMAL');
    db.exec(design.schema);
    const insert = design.insert(db);
    const gen = textGenerator(7);
    const started = performance.now();
    const batch = db.transaction((from: number, to: number) => {
      for (let i = from; i < to; i++) insert(i + 1, gen.message(10 + Math.floor(gen.random() * 50)));
    });
    for (let i = 0; i < total; i += 5000) batch(i, Math.min(total, i + 5000));
    const buildS = (performance.now() - started) / 1000;
    db.pragma('wal_checkpoint(TRUNCATE)');
    const sizeMb = fs.statSync(file).size / 1e6;
    const line: string[] = [`${design.name.padEnd(30)} build ${buildS.toFixed(1)} s (${Math.round(total / buildS)}/s), file ${sizeMb.toFixed(0)} MB`];
    const windowed = db.prepare(
      `SELECT rowid, score FROM (SELECT rowid, bm25(f) AS score FROM f WHERE f MATCH ? ORDER BY rowid DESC LIMIT ${WINDOW}) ORDER BY score LIMIT 20`,
    );
    const full = db.prepare('SELECT rowid FROM f WHERE f MATCH ? ORDER BY rank LIMIT 20');
    const like = design.like ? db.prepare("SELECT id FROM m WHERE text LIKE '%' || ? || '%' ORDER BY id DESC LIMIT 20") : undefined;
    for (const [kind, list] of Object.entries(queries)) {
      const times: number[] = [];
      const fullTimes: number[] = [];
      let how = '';
      for (let round = 0; round < 3; round++) {
        for (const query of list) {
          const expr = design.expr(query);
          const t0 = performance.now();
          if (expr) windowed.all(expr);
          else if (like) like.all(query);
          else break;
          times.push(performance.now() - t0);
          if (expr && round === 0) {
            const t1 = performance.now();
            full.all(expr);
            fullTimes.push(performance.now() - t1);
          }
          how = expr ? 'fts' : 'LIKE';
        }
      }
      if (!times.length) {
        line.push(`  ${kind}: n/a`);
        continue;
      }
      times.sort((a, b) => a - b);
      fullTimes.sort((a, b) => a - b);
      line.push(
        `  ${kind} (${how}): p50 ${percentile(times, 50).toFixed(1)} ms p95 ${percentile(times, 95).toFixed(1)} ms` +
          (fullTimes.length ? ` | rank-all p50 ${percentile(fullTimes, 50).toFixed(1)} ms` : ''),
      );
    }
    db.close();
    fs.rmSync(file, { force: true });
    console.log(line.join('\n'));
  }
} finally {
  fs.rmSync(dir, { recursive: true, force: true });
}
