import { defineConfig } from 'vitest/config';

/**
 * The vitest configuration Stryker runs (stryker.config.mjs): the same tests as vitest.config.ts without the
 * type-test pass (`*.test-d.ts`), which checks types and can kill no mutant.
 */
export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    typecheck: { enabled: false },
  },
});
