import { describe, expect, it } from 'vitest';
import { planOf } from '../../test/uncertainty/plan-fixture';
import { type Multiplier, sample } from './distributions';
import { evaluatePlan, runDraws, stats, targetCount } from './evaluate';
import { Kind, type Plan } from './plan';
import { Xoshiro128 } from './prng';

const fixed = (x: number): Multiplier => ({ distribution: 'uniform', min: x, max: x });

/** evaluatePlan at x into fresh arrays, or into the ones given. */
function at(plan: Plan, x: number[], cur = new Float64Array(plan.indicators.length)) {
  const cmp = new Float64Array(plan.indicators.length);
  evaluatePlan(plan, Float64Array.from(x), cur, cmp);
  return { cur: [...cur], cmp: [...cmp] };
}

describe('evaluatePlan: each kind of factor', () => {
  it('hand-computed: x, 1/x, a power, affine, shift, a table and a monomial without factors', () => {
    // x = (2, 4, 0.5)
    // m0 → I0, weights 10 / 20: x₀ · x₁^0.5 / x₂ = 2 · 2 / 0.5 = 8           → 80 / 160
    // m1 → I0, weights 3 / 3: 1 + 0.25 · (x₀ − 1) = 1.25                      → 3.75 / 3.75
    // m2 → I1, weights 1 / 2: 5 · (x₁ − 1) = 15                               → 15 / 30
    // m3 → I1, weights 2 / 1: table (0, 1), (1, 3), (2, 4) at x₂ = 0.5: 1 + (3 − 1) · 0.5 = 2   → 4 / 2
    // m4 → I2, weights 7 / 9: no factor, 1                                    → 7 / 9
    // I0 = 83.75 / 163.75 (+ 1 already in cur: 84.75), I1 = 19 / 32, I2 = 7 / 9
    const plan = planOf(
      ['material', 'regulating', 'cultural'],
      [fixed(1), fixed(1), fixed(1)],
      [
        {
          ind: 0,
          wc: 10,
          wk: 20,
          factors: [
            { p: 0, kind: Kind.X },
            { p: 1, kind: Kind.Pow, a: 0.5 },
            { p: 2, kind: Kind.InvX },
          ],
        },
        { ind: 0, wc: 3, wk: 3, factors: [{ p: 0, kind: Kind.Affine, a: 0.25 }] },
        { ind: 1, wc: 1, wk: 2, factors: [{ p: 1, kind: Kind.Shift, a: 5 }] },
        {
          ind: 1,
          wc: 2,
          wk: 1,
          factors: [
            {
              p: 2,
              kind: Kind.Table,
              table: [
                [0, 1],
                [1, 3],
                [2, 4],
              ],
            },
          ],
        },
        { ind: 2, wc: 7, wk: 9, factors: [] },
      ],
    );
    expect(at(plan, [2, 4, 0.5], Float64Array.from([1, 0, 0]))).toEqual({
      cur: [84.75, 19, 7],
      cmp: [163.75, 32, 9],
    });
    // at x = 1 every factor is its value at the point: x, 1/x, powers, affine and tables 1 (here 3), shift 0
    expect(at(plan, [1, 1, 1])).toEqual({ cur: [13, 6, 7], cmp: [23, 3, 9] });
  });

  it('hand-computed: tables are linear between points and along the end segments beyond them', () => {
    // table A (0.8, 0.5), (1, 1), (1.2, 2); table B, after A in the arrays: one point (1, 3), a constant
    //   A at 0.7: 0.5 + (1 − 0.5) · (0.7 − 0.8) / 0.2 = 0.25;  at 1: 1;  at 1.1: 1 + 1 · 0.1 / 0.2 = 1.5
    //   A at 1.3: 1 + (2 − 1) · (1.3 − 1) / 0.2 = 2.5;  at 0.8 and 1.2 its points 0.5 and 2
    const plan = planOf(
      ['material', 'material'],
      [fixed(1), fixed(1)],
      [
        {
          ind: 0,
          wc: 1,
          wk: 1,
          factors: [
            {
              p: 0,
              kind: Kind.Table,
              table: [
                [0.8, 0.5],
                [1, 1],
                [1.2, 2],
              ],
            },
          ],
        },
        { ind: 1, wc: 1, wk: 1, factors: [{ p: 1, kind: Kind.Table, table: [[1, 3]] }] },
      ],
    );
    const a = (v: number) => at(plan, [v, 5]).cur;
    expect(a(0.7)[0]).toBeCloseTo(0.25, 12);
    expect(a(0.8)[0]).toBeCloseTo(0.5, 12);
    expect(a(1)[0]).toBeCloseTo(1, 12);
    expect(a(1.1)[0]).toBeCloseTo(1.5, 12);
    expect(a(1.2)[0]).toBeCloseTo(2, 12);
    expect(a(1.3)[0]).toBeCloseTo(2.5, 12);
    expect(a(1)[1]).toBe(3);
  });
});

describe('runDraws and the targets', () => {
  it('hand-computed: a row holds each indicator, each category and GEP, current then comparable', () => {
    // x₀ = 2 (fixed): I0 material 3·x₀ = 6 / 12·x₀ = 24; I1 regulating 5 / 6; I2 cultural 7 / 8; I3 regulating 10 / 11
    // categories: material 6 / 24, regulating 5 + 10 = 15 / 6 + 11 = 17, cultural 7 / 8; GEP 28 / 49
    const plan = planOf(
      ['material', 'regulating', 'cultural', 'regulating'],
      [fixed(2)],
      [
        { ind: 0, wc: 3, wk: 12, factors: [{ p: 0, kind: Kind.X }] },
        { ind: 1, wc: 5, wk: 6, factors: [] },
        { ind: 2, wc: 7, wk: 8, factors: [] },
        { ind: 3, wc: 10, wk: 11, factors: [] },
      ],
    );
    // 2 × (4 indicators + 3 categories + GEP) = 16
    expect(targetCount(plan)).toBe(16);
    const row = [6, 24, 5, 6, 7, 8, 10, 11, 6, 24, 15, 17, 7, 8, 28, 49];
    expect([...runDraws(plan, 2, 1)]).toEqual([...row, ...row]);
  });

  it('parameters are drawn in order from one generator, draw after draw', () => {
    // I0 = x₀, I1 = x₁ (both uniform on [0, 1)): row d holds draws 2d and 2d + 1 of the seed's sequence
    const u: Multiplier = { distribution: 'uniform', min: 0, max: 1 };
    const plan = planOf(
      ['material', 'cultural'],
      [u, u],
      [
        { ind: 0, wc: 1, wk: 1, factors: [{ p: 0, kind: Kind.X }] },
        { ind: 1, wc: 1, wk: 1, factors: [{ p: 1, kind: Kind.X }] },
      ],
    );
    const rng = new Xoshiro128(9);
    const m = runDraws(plan, 3, 9);
    expect(m.length).toBe(3 * 12);
    for (let d = 0; d < 3; d++) {
      const x0 = sample(u, rng);
      const x1 = sample(u, rng);
      expect([...m.subarray(d * 12, d * 12 + 12)]).toEqual([
        x0,
        x0,
        x1,
        x1,
        x0,
        x0,
        0,
        0,
        x1,
        x1,
        x0 + x1,
        x0 + x1,
      ]);
    }
  });
});

describe('stats', () => {
  it('hand-computed: mean, sample sd and quantiles between order statistics, of one column', () => {
    // column 1 of a 2-column matrix: 4, 1, 3, 2, 5 (column 0 is noise)
    // mean 3; sd √((1 + 4 + 0 + 1 + 4) / 4) = √2.5 = 1.5811; sorted 1 2 3 4 5:
    // p5 at h = 4 × 0.05 = 0.2: 1 + 0.2 × 1 = 1.2;  p50 at h = 2: 3;  p95 at h = 3.8: 4 + 0.8 × 1 = 4.8
    const m = Float64Array.from([100, 4, -100, 1, 100, 3, -100, 2, 100, 5]);
    expect(stats(m, 2, 1, 2)).toEqual({ mean: '3.00', sd: '1.58', p5: '1.20', p50: '3.00', p95: '4.80' });
    expect(stats(m, 2, 1, 4)).toMatchObject({ sd: '1.5811' });
    // numeric order, not text order: −10 < 2 < 10
    expect(stats(Float64Array.from([10, -10, 2]), 1, 0, 1)).toEqual({
      mean: '0.7',
      sd: '10.1',
      p5: '-8.8',
      p50: '2.0',
      p95: '9.2',
    });
  });

  it('draws whose sum passes 2⁵³ keep the fen: equal draws give their value and sd 0', () => {
    // A province's GEP of 7 048 189 595 932.17 元, 20 000 draws: the sum 1.4 × 10¹⁷ > 2⁵³, where a double's step is
    // 16. Summed as they came, the mean was 7 048 189 595 934.98 and the sd 2.81 for draws all equal (a county's
    // GEP of 7 × 10¹⁰ 元 lost the fen the same way past 130 000 draws: 0.58 元 at 1,000,000).
    const x = 7_048_189_595_932.17;
    const same = new Float64Array(20_000).fill(x);
    expect(stats(same, 1, 0, 2)).toEqual({
      mean: '7048189595932.17',
      sd: '0.00',
      p5: '7048189595932.17',
      p50: '7048189595932.17',
      p95: '7048189595932.17',
    });
    // half at x, half at x + 0.02: mean x + 0.01; sd = 0.01 × √(n / (n − 1)) = 0.0100002500 → 0.01
    const two = same.map((v, d) => (d % 2 === 0 ? v : v + 0.02));
    expect(stats(two, 1, 0, 2)).toMatchObject({ mean: '7048189595932.18', sd: '0.01' });
  });

  it('the sums are compensated: what one addition rounds off is added back, whichever term is larger', () => {
    // 0, 10¹⁶, 1, −10¹⁶: mean 1/4. Summed plainly, 10¹⁶ + 1 rounds to 10¹⁶ (a double's step there is 2) and the
    // mean comes out 0; kept aside, the 1 comes back.
    expect(stats(Float64Array.from([0, 1e16, 1, -1e16]), 1, 0, 2).mean).toBe('0.25');
    // 0, 1, 10¹⁶, −10¹⁶: now the larger term is the one added (1 + 10¹⁶), and the 1 is what the sum loses
    expect(stats(Float64Array.from([0, 1, 1e16, -1e16]), 1, 0, 2).mean).toBe('0.25');
    // sd of 0, 10¹⁶, 1, −10¹⁶ around 0.25: √((2 × 10³² + 0.0625 + 0.5625 + …) / 3) = 10¹⁶ × √(2/3) = 8.16497 × 10¹⁵
    expect(Number(stats(Float64Array.from([0, 1e16, 1, -1e16]), 1, 0, 0).sd) / 1e15).toBeCloseTo(8.16497, 4);
  });

  it('one draw: sd 0 and every quantile the draw itself', () => {
    expect(stats(Float64Array.from([7.25, 1]), 2, 0, 2)).toEqual({
      mean: '7.25',
      sd: '0.00',
      p5: '7.25',
      p50: '7.25',
      p95: '7.25',
    });
  });
});
