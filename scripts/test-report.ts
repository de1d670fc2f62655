/**
 * Per test file, from the JSON report `vitest run` writes (.vitest-report.json): tests, expect()
 * calls executed (see test/support/countAssertions.ts) and seconds, slowest first; `--tests` also
 * lists each test; `--durations` writes each file's seconds to test/durations.json, the order the
 * suite starts its files in (vitest.config.ts). Usage: npm run test:report [-- --tests] [-- --durations] [report.json]
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, relative, resolve } from 'node:path';

interface Assertion {
  title: string;
  fullName: string;
  status: string;
  duration?: number;
  meta?: { assertions?: number };
}
interface FileResult {
  name: string;
  startTime: number;
  endTime: number;
  status: string;
  assertionResults: Assertion[];
}
interface Report {
  startTime: number;
  numPassedTests: number;
  numFailedTests: number;
  testResults: FileResult[];
}

const args = process.argv.slice(2);
const withTests = args.includes('--tests');
const path = args.find((a) => !a.startsWith('--')) ?? '.vitest-report.json';
const report = JSON.parse(readFileSync(path, 'utf8')) as Report;

const rows = report.testResults.map((f) => ({
  // Paths from the project the report was written in (the report sits at its root).
  file: relative(dirname(resolve(path)), f.name),
  tests: f.assertionResults.length,
  assertions: f.assertionResults.reduce((n, t) => n + (t.meta?.assertions ?? 0), 0),
  seconds: (f.endTime - f.startTime) / 1000,
  failed: f.assertionResults.filter((t) => t.status !== 'passed').length,
  results: f.assertionResults,
}));
rows.sort((a, b) => b.seconds - a.seconds);
const end = Math.max(...report.testResults.map((f) => f.endTime));
const pad = (s: string | number, n: number): string => String(s).padStart(n);
console.log(`${'file'.padEnd(44)} ${pad('tests', 5)} ${pad('expects', 7)} ${pad('seconds', 8)}`);
for (const r of rows) {
  console.log(`${r.file.padEnd(44)} ${pad(r.tests, 5)} ${pad(r.assertions, 7)} ${pad(r.seconds.toFixed(1), 8)}${r.failed ? `  (${r.failed} not passed)` : ''}`);
  if (withTests) for (const t of r.results) console.log(`    ${pad(((t.duration ?? 0) / 1000).toFixed(1), 7)} s ${pad(t.meta?.assertions ?? 0, 5)} expects  ${t.status === 'passed' ? '' : `[${t.status}] `}${t.title}`);
}
const total = rows.reduce((a, r) => ({ tests: a.tests + r.tests, assertions: a.assertions + r.assertions }), { tests: 0, assertions: 0 });
console.log(`${'total'.padEnd(44)} ${pad(total.tests, 5)} ${pad(total.assertions, 7)} ${pad(((end - report.startTime) / 1000).toFixed(1), 8)} (wall, from the run's start)`);
console.log(`${report.numPassedTests} passed, ${report.numFailedTests} failed`);
if (args.includes('--durations')) {
  const durations = Object.fromEntries(rows.map((r) => [r.file, Math.round(r.seconds * 10) / 10]).sort(([a], [b]) => String(a).localeCompare(String(b))));
  const out = resolve(dirname(resolve(path)), 'test', 'durations.json');
  writeFileSync(out, `${JSON.stringify(durations, null, 2)}\n`);
  console.log(`wrote ${rows.length} files' seconds to ${relative(process.cwd(), out)}`);
}
