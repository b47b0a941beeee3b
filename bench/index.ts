// `npm run bench`: every benchmark, one table, a JSON copy under bench-results/.
import { benchPipeline } from './pipeline';
import { printTable, writeResults, type BenchRow } from './lib/report';

const only = process.argv.slice(2).filter((a) => !a.startsWith('--'));
const suites: Array<[string, () => Promise<BenchRow[]>]> = [['pipeline', () => benchPipeline()]];

const rows: BenchRow[] = [];
for (const [name, run] of suites) {
  if (only.length && !only.includes(name)) continue;
  process.stderr.write(`running ${name}…\n`);
  const started = performance.now();
  rows.push(...(await run()));
  process.stderr.write(`  ${name} took ${((performance.now() - started) / 1000).toFixed(1)} s\n`);
}
console.log(printTable(rows));
console.log(`\nwritten: ${writeResults(rows)}`);
