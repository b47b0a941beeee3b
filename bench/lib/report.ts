// One table for every benchmark: metric, value, the baseline measured in the same run, their ratio, the target.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export interface BenchRow {
  group: string;
  metric: string;
  value: number;
  unit: string;
  /** The same quantity for the baseline (e.g. the bare SDK loop), measured in this run. */
  baseline?: number;
  /** value / baseline. */
  ratio?: number;
  /** Human-readable target, e.g. "≥ 0.9× baseline" or "≤ 16 ms". */
  target?: string;
  /** Whether the target is met (absent when there is no target). */
  met?: boolean;
  note?: string;
}

export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

export function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
}

function fmt(n: number | undefined): string {
  if (n === undefined || Number.isNaN(n)) return '';
  if (Math.abs(n) >= 1000) return n.toFixed(0);
  if (Math.abs(n) >= 10) return n.toFixed(1);
  return n.toFixed(2);
}

export function printTable(rows: BenchRow[]): string {
  const header = ['group', 'metric', 'value', 'unit', 'baseline', 'ratio', 'target', 'met'];
  const lines = rows.map((r) => [r.group, r.metric, fmt(r.value), r.unit, fmt(r.baseline), r.ratio === undefined ? '' : `${fmt(r.ratio)}×`, r.target ?? '', r.met === undefined ? '' : r.met ? 'yes' : 'NO']);
  const widths = header.map((h, i) => Math.max(h.length, ...lines.map((l) => [...l[i]!].length)));
  const row = (cells: string[]) => cells.map((c, i) => c.padEnd(widths[i]!)).join('  ');
  const notes = rows.filter((r) => r.note).map((r) => `- ${r.group} / ${r.metric}: ${r.note}`);
  return [row(header), widths.map((w) => '-'.repeat(w)).join('  '), ...lines.map(row), ...(notes.length ? ['', 'notes:', ...notes] : [])].join('\n');
}

export function writeResults(rows: BenchRow[], dir = 'bench-results'): string {
  fs.mkdirSync(dir, { recursive: true });
  const stamp = new Date().toISOString().replace(/[:.]/g, '-');
  const file = path.join(dir, `bench-${stamp}.json`);
  const machine = { cpus: os.cpus().length, cpuModel: os.cpus()[0]?.model, memoryGiB: Math.round(os.totalmem() / 2 ** 30), node: process.version, platform: process.platform };
  fs.writeFileSync(file, `${JSON.stringify({ createdAt: new Date().toISOString(), machine, rows }, null, 2)}\n`);
  fs.copyFileSync(file, path.join(dir, 'latest.json'));
  return file;
}
