// `npm run bench`: every benchmark, one table, a JSON copy under bench-results/. Each suite runs in a process of its
// own, so none measures what an earlier one left behind (the store suite builds a million messages in this heap,
// and the renderer suite's harness serves the page from the same process).
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { benchPipeline } from './pipeline';
import { benchRenderer } from './renderer';
import { benchResponsiveness } from './responsiveness';
import { benchStoreScale } from './search-scale';
import { printTable, writeResults, type BenchRow } from './lib/report';

// `npm run bench [-- pipeline responsiveness store renderer] [--messages N] [--stream-tokens N]`
const { values, positionals: only } = parseArgs({
  options: {
    messages: { type: 'string', default: '1000000' },
    'stream-tokens': { type: 'string', default: '20000' },
    /** Internal: run this one suite here and write its rows to `--rows`. */
    suite: { type: 'string' },
    rows: { type: 'string' },
  },
  allowPositionals: true,
});
const suites: Array<[string, () => Promise<BenchRow[]>]> = [
  ['pipeline', () => benchPipeline()],
  ['responsiveness', () => benchResponsiveness()],
  ['store', () => benchStoreScale({ messages: Number(values.messages) })],
  ['renderer', () => benchRenderer({ streamTokens: Number(values['stream-tokens']) })],
];

if (values.suite) {
  const suite = suites.find(([name]) => name === values.suite);
  if (!suite || !values.rows) throw new Error(`unknown suite ${values.suite}`);
  fs.writeFileSync(values.rows, JSON.stringify(await suite[1]()));
  process.exit(0);
}

/** Runs one suite in a fresh process (this file, under the same tsx) and returns its rows. */
async function runInChild(name: string): Promise<BenchRow[]> {
  const rowsFile = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'qiao-bench-rows-')), 'rows.json');
  const args = [...process.execArgv, fileURLToPath(import.meta.url), '--suite', name, '--rows', rowsFile, '--messages', values.messages, '--stream-tokens', values['stream-tokens']];
  const code = await new Promise<number | null>((resolve, reject) => {
    const child = spawn(process.execPath, args, { stdio: ['ignore', 'inherit', 'inherit'] });
    child.once('error', reject);
    child.once('exit', resolve);
  });
  if (code !== 0) throw new Error(`the ${name} suite failed (exit code ${code})`);
  const rows = JSON.parse(fs.readFileSync(rowsFile, 'utf8')) as BenchRow[];
  fs.rmSync(path.dirname(rowsFile), { recursive: true, force: true });
  return rows;
}

const rows: BenchRow[] = [];
for (const [name] of suites) {
  if (only.length && !only.includes(name)) continue;
  process.stderr.write(`running ${name}…\n`);
  const started = performance.now();
  rows.push(...(await runInChild(name)));
  process.stderr.write(`  ${name} took ${((performance.now() - started) / 1000).toFixed(1)} s\n`);
}
console.log(printTable(rows));
console.log(`\nwritten: ${writeResults(rows)}`);
