import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    typecheck: { enabled: true, include: ['test/**/*.test-d.ts', 'src/**/*.test-d.ts'] },
    // The default report, then the ten slowest tests.
    reporters: ['default', './test/slowest-reporter.ts'],
    // The Chinese-message probe of scripts/zh-probe.mjs, only when it names its log.
    setupFiles: process.env.GEPKIT_ZH_PROBE ? ['./test/zh-probe.setup.ts'] : [],
  },
});
