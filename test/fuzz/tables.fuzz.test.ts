import fc from 'fast-check';
import { describe, it } from 'vitest';
import { loadCoefficientTable, loadPriceIndex } from '../../src/coefficients/registry';
import { canonicalJson } from '../../src/core/canonical';
import { bundledPriceIndex } from '../../src/coefficients/bundled';
import { LOCAL_TABLE } from '../helpers';
import { mutate, mutation, outcome } from './arbitraries';

describe('fuzz: mutated coefficient tables and price indices load or give a structured error', () => {
  it('coefficient tables', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(mutation, { minLength: 1, maxLength: 5 }), async (ms) => {
        const t = await outcome(() => loadCoefficientTable(mutate(LOCAL_TABLE, ms)), 2000);
        // What loads is within the limits: every value finite.
        for (const r of t?.records ?? [])
          if (!r.value.isFinite()) throw new Error('a non-finite value loaded');
      }),
      { numRuns: 200 },
    );
  }, 60_000);
  it('price indices', async () => {
    const cpi = JSON.parse(canonicalJson(bundledPriceIndex('cn-cpi-1978'))) as Record<string, unknown>;
    delete cpi.ref;
    delete cpi.hash;
    cpi.id = 'my-cpi';
    await fc.assert(
      fc.asyncProperty(fc.array(mutation, { minLength: 1, maxLength: 5 }), async (ms) => {
        await outcome(() => loadPriceIndex(mutate(cpi, ms)), 2000);
      }),
      { numRuns: 100 },
    );
  }, 60_000);
});
