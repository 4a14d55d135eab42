import { afterEach, describe, expect, it, vi } from 'vitest';
import { account } from '../../src/account/account';
import { AccountCache } from '../../src/account/cache';
import type { Decimal } from '../../src/core/decimal';
import { GepError } from '../../src/core/errors';
import { uncertainty } from '../../src/uncertainty';
import { PROBES_PER_PARAMETER } from '../../src/uncertainty/plan';
import { tinyInput } from '../helpers';

const input = {
  ...tinyInput(),
  customIndicators: [
    {
      code: 'X1',
      name: { zh: '测试', en: 'Test' },
      category: 'material',
      unit: 't',
      inputs: { area: '20', y: '1.2', price: '9000' },
      physical: 'area * y ^ 1.5', // area, y, 1.5, ^ (50), *: 54 steps
      value: 'physical * price', // 3 steps
      priceYear: 2020,
    },
  ],
};
const zero = { distribution: 'triangular' as const, min: 1, mode: 1, max: 1 };
const zeroDefaults = { verified: zero, published: zero, derived: zero, secondary: zero, assumed: zero };

afterEach(() => vi.restoreAllMocks());

/** Custom formulas evaluated (not read from the cache) while `f` runs. */
function evaluations(f: () => unknown): number {
  let n = 0;
  const original = AccountCache.prototype.formulaValue;
  vi.spyOn(AccountCache.prototype, 'formulaValue').mockImplementation(function (
    this: AccountCache,
    key: string,
    evaluate: () => Decimal,
  ) {
    return original.call(this, key, () => {
      n++;
      return evaluate();
    });
  });
  f();
  return n;
}

describe('an uncertainty run evaluates a custom formula again only where a probe moves its inputs', () => {
  it('a run whose parameters are coefficients evaluates each formula once, the numbers unchanged', () => {
    const r = uncertainty(input, { draws: 4, seed: 2 });
    expect(r.uncertainty.plan.exactAccounts).toBeGreaterThan(10);
    // physical and value: once each, over every exact account of the run
    expect(evaluations(() => uncertainty(input, { draws: 4, seed: 2 }))).toBe(2);
    // the same bytes as accounts without a cache: the point estimate of the run is the account's
    const plain = account(input);
    const x1 = (res: { indicators: { code: string }[] }) => res.indicators.find((i) => i.code === 'X1');
    expect(x1(r)).toEqual(x1(plain));
  });

  it('a parameter on a custom input re-evaluates that indicator at its probes only', () => {
    const inputs = [
      {
        path: ['customIndicators', 0, 'inputs', 'y'],
        distribution: { distribution: 'uniform' as const, min: 0.9, max: 1.1 },
      },
    ];
    const n = evaluations(() => uncertainty(input, { draws: 4, seed: 2, defaults: zeroDefaults, inputs }));
    // the point (2), then per probe of y that moves it: 1.01, 0.99, 0.9, 1.1 (+ a grid when tabulated), and the eight
    // joint draws of the check: at most 2 × (1 + PROBES_PER_PARAMETER + 8)
    expect(n).toBeGreaterThan(2);
    expect(n).toBeLessThanOrEqual(2 * (1 + PROBES_PER_PARAMETER + 8));
  });

  it('refuses before any probe when the formulas’ steps over the run exceed the limit', () => {
    const inputs = [
      {
        path: ['customIndicators', 0, 'inputs', 'y'],
        distribution: { distribution: 'uniform' as const, min: 0.9, max: 1.1 },
      },
    ];
    // 57 steps once, then (21 probes + 8 check points) × 57 for the parameter on y: 57 × 30 = 1710
    expect(PROBES_PER_PARAMETER).toBe(21);
    let e: unknown;
    try {
      uncertainty(input, { draws: 4, defaults: zeroDefaults, inputs, account: { customWorkLimit: 1709 } });
    } catch (x) {
      e = x;
    }
    expect(e).toBeInstanceOf(GepError);
    expect((e as GepError).issues[0]).toMatchObject({
      code: 'CUSTOM_WORK_EXCEEDED',
      path: ['customIndicators'],
      params: { amount: 1710, limit: 1709, unit: 'steps' },
    });
    expect(() =>
      uncertainty(input, { draws: 4, defaults: zeroDefaults, inputs, account: { customWorkLimit: 1710 } }),
    ).not.toThrow();
    // without a parameter on it, the formulas count once: 57
    expect(() => uncertainty(input, { draws: 4, account: { customWorkLimit: 57 } })).not.toThrow();
  });
});
