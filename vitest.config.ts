import { BaseSequencer, type TestSpecification } from 'vitest/node';
import { defineConfig } from 'vitest/config';

/** The browser test files: the suite's long poles (see test/e2e/fixture.ts). */
const isBrowserFile = (spec: TestSpecification): boolean => /\/test\/(e2e\/[^/]+|classroom\/(browser|teacherView))\.test\.ts$/.test(spec.moduleId);

/**
 * Browser files first, the rest after. Vitest orders files by their last run's durations, or on a
 * fresh clone (no cache: CI) by size, which would leave a 100-second browser file to start last;
 * with the long files first, the short ones fill the two workers' gaps at the end.
 */
class BrowserFilesFirst extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const sorted = await super.sort(files);
    return [...sorted.filter(isBrowserFile), ...sorted.filter((f) => !isBrowserFile(f))];
  }
}

// One `vitest run` covers every suite; the JSON report lets .ci/run print the totals line and
// `npm run test:report` each file's time and expect() calls.
export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    reporters: ['default', ['json', { outputFile: '.vitest-report.json' }]],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    pool: 'forks',
    // Two files at a time (vitest runs one at a time on two cores): a browser file spends most of
    // its time waiting on its page and the game clock, so two side by side nearly halve the suite.
    // Every file has its own server on a free port, its own Chromium and its own temp files.
    maxWorkers: 2,
    sequence: { sequencer: BrowserFilesFirst },
    setupFiles: ['test/support/countAssertions.ts'],
  },
});
