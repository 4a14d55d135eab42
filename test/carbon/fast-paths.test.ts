import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { PointEngine, accrueInt } from '../../src/carbon/rules/rules';
import { bundledRuleSet } from '../../src/carbon/rules/bundled';
import { Decimal } from '../../src/core/decimal';

/** The Decimal path the integer accrual replaces: total = before + q, units = ⌊total / per⌋ (per = 1: total). */
function reference(before: bigint, q: bigint, per: bigint): { total: string; units: bigint } {
  const total = new Decimal(before.toString()).plus(new Decimal(q.toString()));
  const p = new Decimal(per.toString());
  const units = BigInt((p.eq(1) ? total : total.div(p)).toFixed(0, Decimal.ROUND_FLOOR));
  return { total: total.toFixed(), units };
}

const LIMIT = 10n ** 15n;
/** Integers spread over all magnitudes up to past the bound, with the edges (0, 1, bound − 1, bound) likely. */
const wide = fc.oneof(
  fc.bigInt({ min: 0n, max: 100n }),
  fc.bigInt({ min: 0n, max: LIMIT + 10n }),
  fc.constantFrom(0n, 1n, 2n, LIMIT - 1n, LIMIT, LIMIT + 1n, LIMIT / 2n, LIMIT / 3n),
  fc.integer({ min: 0, max: 17 }).chain((k) => fc.bigInt({ min: 0n, max: 10n ** BigInt(k) })),
);

describe('accrueInt (integer day totals of event and reduction rules)', () => {
  it('equals the Decimal path wherever it answers, and answers inside its bounds', () => {
    fc.assert(
      fc.property(wide, fc.oneof(wide, fc.bigInt({ min: -LIMIT, max: -1n })), wide, (before, q, per) => {
        const fast = accrueInt(before, q, per);
        const total = before + q;
        const inside = total >= 0n && total < LIMIT && per >= 1n && per < LIMIT;
        expect(fast !== undefined).toBe(inside);
        if (fast === undefined) return;
        const ref = reference(before, q, per);
        expect(fast.total.toString()).toBe(ref.total);
        expect(fast.units).toBe(ref.units);
      }),
      { numRuns: 20000 },
    );
  });

  it('holds at the hardest quotients: per near the bound, total = k·per + per − 1', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: 1n, max: LIMIT - 1n }), fc.bigInt({ min: 0n, max: 1000n }), (per, k) => {
        const total = k * per + per - 1n;
        if (total >= LIMIT) return;
        const fast = accrueInt(0n, total, per);
        const ref = reference(0n, total, per);
        expect(fast?.units).toBe(ref.units);
        expect(fast?.total.toString()).toBe(ref.total);
      }),
      { numRuns: 5000 },
    );
  });

  it('a point engine gives the same awards whether a day total starts in integers or crosses the bound', () => {
    // Event rules accrue one per activity; past 10¹⁵ grams a reduction rule falls back to Decimals mid-day.
    const rules = bundledRuleSet('evidence-paths-demo');
    const e = new PointEngine(rules);
    const t = Date.parse('2024-05-01T02:00:00Z');
    const accrued: string[] = [];
    for (const g of [5n, LIMIT - 10n, 3n, 7n]) {
      const quote = e.quote('u1', t, 'shared_bike', undefined, { grams: g });
      quote?.commit();
      accrued.push(quote?.award.accrued ?? '');
    }
    expect(accrued).toEqual(['5', (LIMIT - 5n).toString(), (LIMIT - 2n).toString(), (LIMIT + 5n).toString()]);
  });
});
