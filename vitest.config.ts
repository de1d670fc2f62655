import { defineConfig } from 'vitest/config';

// One `vitest run` covers every suite; the JSON report lets .ci/run print the totals line.
export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    reporters: ['default', ['json', { outputFile: '.vitest-report.json' }]],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    pool: 'forks',
  },
});
