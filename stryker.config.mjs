/* global process */
// Mutation testing (docs/testing.md): Stryker with the vitest runner over the formula, money and ledger modules.
// `npm run test:mutation` runs it all; scripts/mutation-ci.mjs runs it per changed module with a break threshold.
// STRYKER_BREAK (a score) makes the run fail below it; STRYKER_REPORT_DIR moves the html/json report.
const breakAt = process.env.STRYKER_BREAK === undefined ? null : Number(process.env.STRYKER_BREAK);
const reportDir = process.env.STRYKER_REPORT_DIR ?? 'reports/mutation';

export default {
  testRunner: 'vitest',
  vitest: { configFile: 'vitest.stryker.config.ts', related: true },
  coverageAnalysis: 'perTest',
  ignoreStatic: true,
  // The machine and CI have two cores shared with other work; STRYKER_CONCURRENCY=2 for a run on an idle machine.
  concurrency: Number(process.env.STRYKER_CONCURRENCY ?? 1),
  mutate: [
    'src/indicators/**/*.ts',
    'src/core/**/*.ts',
    'src/coefficients/**/*.ts',
    'src/vep/**/*.ts',
    'src/carbon/ledger/**/*.ts',
    'src/carbon/rules/**/*.ts',
    'src/carbon/cap-check.ts',
    'src/carbon/factors/registry.ts',
    'src/change/**/*.ts',
    'src/uncertainty/**/*.ts',
    'src/io/utf8-blocks.ts',
    'src/xlsx/cells.ts',
    'src/account/rounding.ts',
    'src/account/sum.ts',
    '!src/**/*.test.ts',
    '!src/**/*.test-d.ts',
    '!src/**/*-node.ts',
    '!src/**/index.ts',
  ],
  incremental: true,
  incrementalFile: 'reports/stryker-incremental.json',
  reporters: ['clear-text', 'progress', 'html', 'json'],
  htmlReporter: { fileName: `${reportDir}/mutation.html` },
  jsonReporter: { fileName: `${reportDir}/mutation.json` },
  clearTextReporter: { allowColor: false, reportScoreTable: true, reportMutants: false, reportTests: false },
  thresholds: { high: 90, low: 85, break: breakAt },
  tempDirName: '.stryker-tmp',
  cleanTempDir: 'always',
  timeoutMS: 10000,
};
