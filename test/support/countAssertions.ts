/**
 * Counts the expect() calls each test executed (vitest's own per-test counter) into the test's
 * meta, which the JSON report carries: `npm run test:report` sums them per file, so a change to
 * the tests can show it dropped no check.
 */
import { afterEach, expect } from 'vitest';

declare module 'vitest' {
  interface TaskMeta {
    assertions?: number;
  }
}

afterEach((context) => {
  context.task.meta.assertions = expect.getState().assertionCalls;
});
