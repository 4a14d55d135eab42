import { describe, expect, it } from 'vitest';
import { planOf } from '../../test/uncertainty/plan-fixture';
import { type Multiplier, sample } from './distributions';
import { Kind } from './plan';
import { Xoshiro128 } from './prng';
import { sobolFirstOrder, tornado } from './sensitivity';

const uniform = (min: number, max: number): Multiplier => ({ distribution: 'uniform', min, max });

/**
 * GEP = 100·x₀ + 10·x₁ + 5 + 10 / x₄ (current prices; comparable twice that), x₂ and x₃ moving nothing but x₃
 * renamed "a3" and x₁ "q1". x₀ ~ U(0.8, 1.2), x₁ ~ U(0.5, 1.5), x₂ ~ U(0.9, 1.1), x₃ ~ U(0.5, 1.5), x₄ ~ U(0.5, 1.5);
 * a second term 10·x₃ in I1 gives x₃ the swing of x₁.
 */
function county() {
  const plan = planOf(
    ['material', 'regulating', 'cultural', 'regulating'],
    [uniform(0.8, 1.2), uniform(0.5, 1.5), uniform(0.9, 1.1), uniform(0.5, 1.5), uniform(0.5, 1.5)],
    [
      { ind: 0, wc: 100, wk: 200, factors: [{ p: 0, kind: Kind.X }] },
      { ind: 1, wc: 10, wk: 20, factors: [{ p: 1, kind: Kind.X }] },
      { ind: 1, wc: 10, wk: 20, factors: [{ p: 3, kind: Kind.X }] },
      { ind: 2, wc: 5, wk: 10, factors: [] },
      { ind: 3, wc: 10, wk: 20, factors: [{ p: 4, kind: Kind.InvX }] },
    ],
  );
  plan.parameters[1] = { ...plan.parameters[1]!, id: 'q1' };
  plan.parameters[3] = { ...plan.parameters[3]!, id: 'a3' };
  return plan;
}

describe('tornado', () => {
  it('hand-computed at ±10 %: each parameter alone, the others at 1; ranked by swing, ties by id', () => {
    // at x = 1: GEP = 100 + 10 + 10 + 5 + 10 = 135
    // x₀: 0.9 → 135 − 10 = 125, 1.1 → 145: swing 20
    // q1 and a3: 0.9 → 134, 1.1 → 136: swing 2 each, a3 before q1
    // x₄: 0.9 → 125 + 10/0.9 = 136.11, 1.1 → 125 + 10/1.1 = 134.09: swing |134.0909 − 136.1111| = 2.0202
    // x₂ moves nothing: no bar
    const bars = tornado(county(), 10);
    expect(bars).toEqual([
      {
        parameter: 'p0',
        key: 'k0',
        ecosystem: 'forest',
        low: { multiplier: '0.9', gep: '125.00' },
        high: { multiplier: '1.1', gep: '145.00' },
        swing: '20.00',
      },
      {
        parameter: 'p4',
        key: 'k4',
        ecosystem: 'forest',
        low: { multiplier: '0.9', gep: '136.11' },
        high: { multiplier: '1.1', gep: '134.09' },
        swing: '2.02',
      },
      {
        parameter: 'a3',
        key: 'k3',
        ecosystem: 'forest',
        low: { multiplier: '0.9', gep: '134.00' },
        high: { multiplier: '1.1', gep: '136.00' },
        swing: '2.00',
      },
      {
        parameter: 'q1',
        key: 'k1',
        ecosystem: 'forest',
        low: { multiplier: '0.9', gep: '134.00' },
        high: { multiplier: '1.1', gep: '136.00' },
        swing: '2.00',
      },
    ]);
  });

  it('hand-computed without a percent: each distribution’s 5 % and 95 % quantiles', () => {
    // x₀ ~ U(0.8, 1.2): 0.82 and 1.18 → 135 − 18 = 117 and 153, swing 36
    // q1, a3 ~ U(0.5, 1.5): 0.55 and 1.45 → 130.5 and 139.5, swing 9
    // x₄ ~ U(0.5, 1.5): 10/0.55 = 18.1818 and 10/1.45 = 6.8966 → 143.18 and 131.90, swing 11.2853
    const bars = tornado(county());
    expect(
      bars.map((b) => [b.parameter, b.low.multiplier, b.low.gep, b.high.multiplier, b.high.gep, b.swing]),
    ).toEqual([
      ['p0', '0.82', '117.00', '1.18', '153.00', '36.00'],
      ['p4', '0.55', '143.18', '1.45', '131.90', '11.29'],
      ['a3', '0.55', '130.50', '1.45', '139.50', '9.00'],
      ['q1', '0.55', '130.50', '1.45', '139.50', '9.00'],
    ]);
  });
});

describe('first-order Sobol indices', () => {
  it('hand-computed: the Saltelli (2010) estimator over the seeded matrices A and B', () => {
    // Rows of A, then rows of B, each drawing x₀ … x₄ in order from the seed; f = GEP at current prices.
    // S_p = mean_j (f(B_j) − f̄) · (f(A_j with x_p from B_j) − f(A_j)) / V, f̄ and V the mean and the sample variance
    // (÷ (2n − 1)) of f(A) ∪ f(B)
    const plan = county();
    const n = 3;
    const rng = new Xoshiro128(21);
    const row = () => plan.parameters.map((p) => sample(p.distribution, rng));
    const A = [row(), row(), row()];
    const B = [row(), row(), row()];
    const f = (x: number[]) => 100 * x[0]! + 10 * x[1]! + 10 * x[3]! + 5 + 10 / x[4]!;
    const all = [...A, ...B].map(f);
    const mean = all.reduce((s, v) => s + v, 0) / 6;
    const V = all.reduce((s, v) => s + (v - mean) ** 2, 0) / 5;
    const S = plan.parameters.map((p, k) => {
      let acc = 0;
      for (let j = 0; j < n; j++) {
        const ab = [...A[j]!];
        ab[k] = B[j]![k]!;
        acc += (f(B[j]!) - mean) * (f(ab) - f(A[j]!));
      }
      return { parameter: p.id, s: acc / n / V };
    });
    const expected = S.sort((a, b) => b.s - a.s || a.parameter.localeCompare(b.parameter)).map((o) => ({
      parameter: o.parameter,
      index: o.s.toFixed(4),
    }));
    const got = sobolFirstOrder(plan, n, 21);
    expect(got).toEqual(expected);
    // x₂ moves nothing: exactly 0
    expect(got.find((g) => g.parameter === 'p2')?.index).toBe('0.0000');
  });

  it('on many rows the indices approach V(term) / V(GEP) of an additive plan', () => {
    // GEP = 100·(x₀ − 1) + 10·(x₁ − 1) + 10·(x₂ − 1), x₀ ~ U(0.8, 1.2), x₁, x₂ ~ U(0.5, 1.5), x₃ moving nothing
    // V(100 x₀) = 100² · 0.4² / 12 = 133.33; V(10 x₁) = V(10 x₂) = 100 / 12 = 8.33; V = 150
    // S = 0.8889, 0.0556, 0.0556, 0.
    const plan = planOf(
      ['material'],
      [uniform(0.8, 1.2), uniform(0.5, 1.5), uniform(0.5, 1.5), uniform(0.5, 1.5)],
      [
        { ind: 0, wc: 1, wk: 1, factors: [{ p: 0, kind: Kind.Shift, a: 100 }] },
        { ind: 0, wc: 1, wk: 1, factors: [{ p: 1, kind: Kind.Shift, a: 10 }] },
        { ind: 0, wc: 1, wk: 1, factors: [{ p: 2, kind: Kind.Shift, a: 10 }] },
      ],
    );
    const s = sobolFirstOrder(plan, 20_000, 3);
    expect(s[0]?.parameter).toBe('p0');
    expect(s[3]).toEqual({ parameter: 'p3', index: '0.0000' });
    const byId = new Map(s.map((x) => [x.parameter, Number(x.index)]));
    expect(Math.abs((byId.get('p0') as number) - 0.8889)).toBeLessThan(0.03);
    expect(Math.abs((byId.get('p1') as number) - 0.0556)).toBeLessThan(0.03);
    expect(Math.abs((byId.get('p2') as number) - 0.0556)).toBeLessThan(0.03);
    expect(byId.get('p3')).toBe(0);
  });

  it('GEP far from zero: the indices are those of the same plan shifted to a mean of 0 (f(B) is centred)', () => {
    // The additive plan above plus a constant 10,000 (GEP's mean ≈ 10,000 against an sd of √150 ≈ 12.2): the same
    // S = 0.8889, 0.0556, 0.0556, 0 at 4,000 rows. Uncentred, f(B) ≈ 10,000 multiplies the noise of
    // f(A_B^p) − f(A) by about mean / sd ≈ 800 and the indices came out beyond ±1.
    const terms = [
      { ind: 0, wc: 1, wk: 1, factors: [{ p: 0, kind: Kind.Shift, a: 100 }] },
      { ind: 0, wc: 1, wk: 1, factors: [{ p: 1, kind: Kind.Shift, a: 10 }] },
      { ind: 0, wc: 1, wk: 1, factors: [{ p: 2, kind: Kind.Shift, a: 10 }] },
    ];
    const dists = [uniform(0.8, 1.2), uniform(0.5, 1.5), uniform(0.5, 1.5), uniform(0.5, 1.5)];
    const level = planOf(['material'], dists, [...terms, { ind: 0, wc: 10_000, wk: 10_000, factors: [] }]);
    const byId = new Map(sobolFirstOrder(level, 4_000, 5).map((x) => [x.parameter, Number(x.index)]));
    expect(Math.abs((byId.get('p0') as number) - 0.8889)).toBeLessThan(0.06);
    expect(Math.abs((byId.get('p1') as number) - 0.0556)).toBeLessThan(0.06);
    expect(Math.abs((byId.get('p2') as number) - 0.0556)).toBeLessThan(0.06);
    expect(byId.get('p3')).toBe(0);
    // the same draws without the constant: f − f̄ and the differences f(A_B^p) − f(A) are unchanged, so the indices too
    const zero = sobolFirstOrder(planOf(['material'], dists, terms), 4_000, 5);
    expect(sobolFirstOrder(level, 4_000, 5)).toEqual(zero);
  });

  it('a plan that no parameter moves: every index 0, in id order', () => {
    const plan = planOf(
      ['material'],
      [uniform(0.9, 1.1), uniform(0.9, 1.1)],
      [{ ind: 0, wc: 5, wk: 5, factors: [] }],
    );
    plan.parameters[0] = { ...plan.parameters[0]!, id: 'z' };
    expect(sobolFirstOrder(plan, 10, 1)).toEqual([
      { parameter: 'p1', index: '0.0000' },
      { parameter: 'z', index: '0.0000' },
    ]);
  });
});
