/**
 * `npm run bench`: runs every bench section, prints one table, and merges the figures into
 * .bench/results.json by section (a section's old figures are replaced, the others kept).
 * Add a section by appending a module to SECTIONS. `npm run bench -- search` runs only some.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { dirname, join } from 'node:path';
import { deskBench } from './desk';
import { outboxBench } from './outbox';
import { searchBench } from './search';
import { shellBench } from './shell';
import { syncBench } from './sync';
import { typingBench } from './typing';
import type { BenchRow, BenchSection } from './types';

const SECTIONS: BenchSection[] = [searchBench, syncBench, outboxBench, shellBench, typingBench, deskBench];
const RESULTS_FILE = join(process.cwd(), '.bench', 'results.json');

interface SectionResult {
  at: string;
  machine: { cpus: number; model: string | undefined; node: string };
  rows: BenchRow[];
}

function readResults(): Record<string, SectionResult> {
  try {
    return JSON.parse(readFileSync(RESULTS_FILE, 'utf8')) as Record<string, SectionResult>;
  } catch {
    return {};
  }
}

function formatValue(value: number): string {
  if (Number.isInteger(value)) return value.toLocaleString('en-US');
  return value >= 100 ? value.toFixed(0) : value >= 1 ? value.toFixed(2) : value.toFixed(3);
}

function printTable(results: Array<{ section: string; rows: BenchRow[] }>): void {
  const lines = [['section', 'metric', 'value', 'unit', 'target', 'ok', 'note']];
  for (const { section, rows } of results) {
    for (const r of rows) {
      lines.push([section, r.metric, formatValue(r.value), r.unit, r.target ?? '', r.ok === undefined ? '' : r.ok ? 'yes' : 'NO', r.note ?? '']);
    }
  }
  const widths = lines[0]?.map((_, col) => Math.max(...lines.map((line) => (line[col] ?? '').length))) ?? [];
  const render = (line: string[]) => line.map((cell, col) => (col === 2 ? cell.padStart(widths[col] ?? 0) : cell.padEnd(widths[col] ?? 0))).join('  ');
  console.log(render(lines[0] ?? []));
  console.log(widths.map((w) => '-'.repeat(w)).join('  '));
  for (const line of lines.slice(1)) console.log(render(line));
}

async function main(): Promise<void> {
  const only = process.argv.slice(2);
  const chosen = only.length > 0 ? SECTIONS.filter((s) => only.includes(s.name)) : SECTIONS;
  const results: Array<{ section: string; rows: BenchRow[] }> = [];
  for (const section of chosen) {
    console.error(`[bench] ${section.name} …`);
    results.push({ section: section.name, rows: await section.run() });
  }
  printTable(results);
  const stored = readResults();
  const machine = { cpus: cpus().length, model: cpus()[0]?.model, node: process.version };
  for (const { section, rows } of results) stored[section] = { at: new Date().toISOString(), machine, rows };
  mkdirSync(dirname(RESULTS_FILE), { recursive: true });
  writeFileSync(RESULTS_FILE, `${JSON.stringify(stored, null, 2)}\n`);
  console.error(`[bench] figures written to ${RESULTS_FILE}`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
