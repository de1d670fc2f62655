import { readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { BaseSequencer, type TestSpecification } from 'vitest/node';
import { configDefaults, defineConfig } from 'vitest/config';

/** The browser test files: the suite's long poles (see test/e2e/fixture.ts). */
const BROWSER_FILES = ['test/e2e/**/*.test.ts', 'test/classroom/browser.test.ts', 'test/classroom/teacherView.test.ts'];
const isBrowserFile = (spec: TestSpecification): boolean => /\/test\/(e2e\/[^/]+|classroom\/(browser|teacherView))\.test\.ts$/.test(spec.moduleId);

/** Each file's seconds in a full run (`npm run test:report -- --durations` writes them from the last run's report). */
const DURATIONS: Record<string, number> = (() => {
  try {
    return JSON.parse(readFileSync(join(import.meta.dirname, 'test', 'durations.json'), 'utf8')) as Record<string, number>;
  } catch {
    return {};
  }
})();
/** A file the list does not have yet: a browser file as long as a typical one, another as a short one. */
const expected = (spec: TestSpecification): number => DURATIONS[relative(import.meta.dirname, spec.moduleId)] ?? (isBrowserFile(spec) ? 30 : 1);

/**
 * Longest first. Vitest orders files by their last run's durations, or on a fresh clone (no
 * cache: CI) by size, which started a 22-second file with 50 s to go and left one worker idle while
 * the other finished it. Two workers taking the longest file left each time end within a few
 * seconds of each other (the longest-processing-time rule), so the suite lasts about half the
 * sum of its files.
 */
class LongestFirst extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const sorted = await super.sort(files);
    return sorted.map((spec, i) => ({ spec, i })).sort((a, b) => expected(b.spec) - expected(a.spec) || a.i - b.i).map(({ spec }) => spec);
  }
}

// One `vitest run` covers every suite; the JSON report lets .ci/run print the totals line and
// `npm run test:report` each file's time and expect() calls.
export default defineConfig({
  test: {
    // include: each project's own (below); an include here would be added to both.
    reporters: ['default', ['json', { outputFile: '.vitest-report.json' }]],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    pool: 'forks',
    // Two files at a time (vitest runs one at a time on two cores): a browser file spends most of
    // its time waiting on its page and the game clock, so two side by side nearly halve the suite.
    // Every file has its own server on a free port, its own Chromium and its own temp files.
    maxWorkers: 2,
    sequence: { sequencer: LongestFirst },
    setupFiles: ['test/support/countAssertions.ts'],
    // The short files (engine, game, server, pcap, client units: ~125 of them) share their worker
    // process: a fresh module graph per file cost ~0.5 s each in starting and importing, about a
    // quarter of the fast suite's time (96 s → 72 s), and their tests pass in any order without it
    // (checked with shuffled file orders). The browser files keep a process each: they are long,
    // and each starts its own servers and Chromium.
    projects: [
      { extends: true, test: { name: 'unit', include: ['test/**/*.test.ts'], exclude: [...configDefaults.exclude, ...BROWSER_FILES], isolate: false } },
      { extends: true, test: { name: 'browser', include: BROWSER_FILES } },
    ],
  },
});
