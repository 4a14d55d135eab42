import fc from 'fast-check';
import { describe, it } from 'vitest';
import { account } from '../../src/account/account';
import { parseInput } from '../../src/account/validate';
import { bundledClassification } from '../../src/coefficients/bundled';
import { assertFinite } from '../../src/core/finite';
import { tinyInput } from '../helpers';
import { mutate, mutation, outcome } from './arbitraries';

const classification = bundledClassification('jx-ecosystem-types');

describe('fuzz: mutated account inputs give a finite account or a structured error, quickly', () => {
  const accounted = fc.asyncProperty(fc.array(mutation, { minLength: 1, maxLength: 4 }), async (ms) => {
    const input = mutate(tinyInput(), ms);
    const r = await outcome(() => account(input), 5000);
    if (r !== undefined) assertFinite(r);
  });
  it('account()', async () => {
    await fc.assert(accounted, { numRuns: 60 });
  }, 60_000);
  it('account(): the case fast-check found (seed -1076856605), a table source titled "Infinity"', async () => {
    // the overlay's source document "Infinity" is copied into the result's coefficients: a citation, not a figure
    await fc.assert(accounted, { seed: -1076856605, path: '14:3:5:5:1:19:20:20', numRuns: 1 });
  }, 60_000);
  it('validation (parseInput with the classification)', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(mutation, { minLength: 1, maxLength: 6 }), async (ms) => {
        await outcome(() => parseInput(mutate(tinyInput(), ms), classification), 2000);
      }),
      { numRuns: 150 },
    );
  }, 60_000);
});
