import { availableParallelism } from 'node:os';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    typecheck: { enabled: true, include: ['test/**/*.test-d.ts', 'src/**/*.test-d.ts'] },
    // One test file per core. Vitest's default for a run is one fewer than the cores: a single file at a time on the
    // two-core CI machines, where two at once take the suite from 594 s to 452 s (docs/testing.md). The files that
    // share a server keep out of each other's way: a PostgreSQL schema per ledger, a Redis database per file.
    maxWorkers: availableParallelism(),
    // Two files at once nearly double a busy test's time; a test's limit catches a hang, not a slow machine.
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // The default report, then the ten slowest tests.
    reporters: ['default', './test/slowest-reporter.ts'],
    // The Chinese-message probe of scripts/zh-probe.mjs, only when it names its log.
    setupFiles: process.env.GEPKIT_ZH_PROBE ? ['./test/zh-probe.setup.ts'] : [],
  },
});
