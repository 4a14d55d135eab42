import { relative } from 'node:path';
import type { Reporter, TestModule } from 'vitest/node';

/**
 * Prints the ten slowest tests after the default reporter, so that a test creeping towards its timeout is seen
 * before a loaded machine makes it fail. Wired in vitest.config.ts.
 */
export default class SlowestReporter implements Reporter {
  onTestRunEnd(modules: readonly TestModule[]): void {
    const tests = modules.flatMap((m) =>
      [...m.children.allTests()].map((t) => ({
        name: `${relative(process.cwd(), m.moduleId)} > ${t.fullName}`,
        ms: t.diagnostic()?.duration ?? 0,
      })),
    );
    if (tests.length === 0) return;
    const slowest = tests.sort((a, b) => b.ms - a.ms).slice(0, 10);
    const lines = slowest.map((t) => `  ${`${(t.ms / 1000).toFixed(2)} s`.padStart(9)}  ${t.name}`);
    process.stdout.write(`\nSlowest tests:\n${lines.join('\n')}\n`);
  }
}
