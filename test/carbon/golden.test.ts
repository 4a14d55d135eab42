/**
 * Golden outputs of `gepkit carbon`: results.jsonl, ledger.jsonl and summary.json, byte for byte, for the example
 * and for a generated 10,000-line input (test/carbon/golden/generate.ts, seeded). The example's outputs are kept
 * whole in test/carbon/golden/example/; the generated run's are kept as sha256 digests, line counts and sizes
 * (test/carbon/golden/generated.json). Regenerate on purpose only: `UPDATE_GOLDEN=1 npx vitest run test/carbon/golden.test.ts`.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Decimal } from '../../src/core/decimal';
import { carbonCommand } from '../../src/cli/carbon';
import { generate } from './golden/generate';

const UPDATE = process.env.UPDATE_GOLDEN === '1';
const here = (p: string) => new URL(p, import.meta.url).pathname;
const EXAMPLE = here('../../examples/carbon/activities.jsonl');
const RULES = here('../../examples/carbon/rules.json');
const FILES = ['results.jsonl', 'ledger.jsonl', 'summary.json'] as const;

async function cli(input: string): Promise<{ code: number; dir: string }> {
  const dir = mkdtempSync(join(tmpdir(), 'gepkit-golden-'));
  const code = await carbonCommand(
    [input, '--rules', RULES, '--reductions', 'when-available', '--out-dir', dir],
    {
      out: () => undefined,
      err: () => undefined,
    },
  );
  return { code, dir };
}

describe('golden CLI outputs', () => {
  it('the example: results, ledger and summary byte for byte', async () => {
    const { code, dir } = await cli(EXAMPLE);
    expect(code).toBe(0);
    const golden = here('./golden/example/');
    if (UPDATE) mkdirSync(golden, { recursive: true });
    for (const f of FILES) {
      const got = readFileSync(join(dir, f), 'utf8');
      if (UPDATE) writeFileSync(join(golden, f), got);
      expect(got, f).toBe(readFileSync(join(golden, f), 'utf8'));
    }
  }, 60_000);

  it('a generated 10,000-line input: the same digests of results, ledger and summary', async () => {
    const input = join(mkdtempSync(join(tmpdir(), 'gepkit-golden-in-')), 'activities.jsonl');
    writeFileSync(input, `${generate(10_000).join('\n')}\n`);
    const { code, dir } = await cli(input);
    expect(code).toBe(1); // the input holds bad lines on purpose
    const got: Record<string, { sha256: string; lines: number; bytes: number }> = {};
    for (const f of FILES) {
      const b = readFileSync(join(dir, f));
      got[f] = {
        sha256: createHash('sha256').update(b).digest('hex'),
        lines: b.toString('utf8').split('\n').length - 1,
        bytes: b.length,
      };
    }
    const file = here('./golden/generated.json');
    if (UPDATE) writeFileSync(file, `${JSON.stringify(got, null, 2)}\n`);
    expect(got).toEqual(JSON.parse(readFileSync(file, 'utf8')));
    // and the run is what the generator intends: every kind of line, most accepted
    const summary = JSON.parse(readFileSync(join(dir, 'summary.json'), 'utf8'));
    expect(summary.lines).toBe(10_000);
    expect(summary.accepted).toBeGreaterThan(9000);
    expect(summary.refused).toBeGreaterThan(100);
    // no gram created or lost, to the last digit (7-day means are counted to the microgram)
    expect(new Decimal(summary.grams).plus(summary.remainderGrams).equals(summary.exactGrams)).toBe(true);
  }, 120_000);
});
