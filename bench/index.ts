// `npm run bench`: every benchmark, one table, a JSON copy under bench-results/.
import { parseArgs } from 'node:util';
import { benchPipeline } from './pipeline';
import { benchRenderer } from './renderer';
import { benchResponsiveness } from './responsiveness';
import { benchStoreScale } from './search-scale';
import { printTable, writeResults, type BenchRow } from './lib/report';

// `npm run bench [-- pipeline responsiveness store renderer] [--messages N] [--stream-tokens N]`
const { values, positionals: only } = parseArgs({
  options: { messages: { type: 'string', default: '1000000' }, 'stream-tokens': { type: 'string', default: '20000' } },
  allowPositionals: true,
});
const suites: Array<[string, () => Promise<BenchRow[]>]> = [
  ['pipeline', () => benchPipeline()],
  ['responsiveness', () => benchResponsiveness()],
  ['store', () => benchStoreScale({ messages: Number(values.messages) })],
  ['renderer', () => benchRenderer({ streamTokens: Number(values['stream-tokens']) })],
];

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
