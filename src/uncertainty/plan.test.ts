import { describe, expect, it } from 'vitest';
import { account } from '../account/account';
import type { Path } from '../core/errors';
import { tinyInput } from '../../test/helpers';
import { type Multiplier, span } from './distributions';
import type { Parameter } from './parameters';
import { evaluatePlan } from './evaluate';
import { GepError } from '../core/errors';
import { planOf } from '../../test/uncertainty/plan-fixture';
import {
  CROSSING_BUDGET,
  Kind,
  MAX_ANCHORS,
  checkPlanArgument,
  compilePlan,
  fit,
  fitHolds,
  tabulate,
} from './plan';
import type { Flat } from './probe';

/** A custom indicator of one line: `physical` over `inputs`, valued at `price` 元 per unit (10; 2020 prices). */
const custom = (code: string, physical: string, inputs: Record<string, string>, price = '10') => ({
  code,
  name: { zh: '测试', en: 'Test' },
  category: 'material',
  unit: 't',
  inputs: { ...inputs, price },
  physical,
  value: 'physical * price',
  priceYear: 2020,
});

/**
 * The tiny county with five custom indicators whose dependence on their inputs is known:
 *   X1 = a · b² / c · √s · 10 = 3 · 4 / 4 · 2 · 10 = 60    x, a power 2, 1/x, a power ½
 *   X2 = k · (y + g) · 10 = 2 · 2 · 10 = 40                 affine in y (slope 1.5 / 2 = 0.75) and g (0.5 / 2 = 0.25)
 *   X3 = (q · q + r) · 10 = 20                              in q neither power nor affine: tabulated; affine in r (½)
 *   X4 = (z − w) · 10 = 0                                   0 at the point: shifts of 10 · 2 = 20 and −20 per unit of x
 *   X5 = (t − 1) · 10 = 0.05                                affine (slope 10 · 1.005 / 0.05 = 201): the probes change sign
 *   X6 = max(m, 1) · 10, X7 = min(n, 1) · 10 = 10           flat on one side of the point: tabulated
 *   X8 = (1.005u − 1 + 5·10⁻⁹ u²) · 1000 = 5.000005         affine within the tolerance 10⁻¹⁰ · max(|v|) of its probes
 *   X9 = min(h − 1, 0) · 10, X10 = max(j − 1, 0) · 10 = 0   0 at the point and on one side of it: tabulated
 *   X11 = (o − 1) · 10 = 0                                  o not drawn: a valuation of 0 without factors
 *   X12 = (max(l − 1, 0) + 10⁻¹² (l − 1)²) · 10 = 0         0 at the point, 10⁻¹⁵ below it: tabulated, no power
 *   X13 = max(v − 0.9999999, 0) · 10 = 10⁻⁶                 ×10⁵ above, 0 below: tabulated, no power
 */
function county() {
  return {
    ...tinyInput(),
    customIndicators: [
      custom('X1', 'a * b * b / c * sqrt(s)', { a: '3', b: '2', c: '4', s: '4' }),
      custom('X2', 'k * (y + g)', { k: '2', y: '1.5', g: '0.5' }),
      custom('X3', 'q * q + r', { q: '1', r: '1' }),
      custom('X4', 'z - w', { z: '2', w: '2' }),
      custom('X5', 't - 1', { t: '1.005' }),
      custom('X6', 'max(m, 1)', { m: '1' }),
      custom('X7', 'min(n, 1)', { n: '1' }),
      custom('X8', 'u * 1.005 - 1 + 0.000000005 * u * u', { u: '1' }, '1000'),
      custom('X9', 'min(h - 1, 0)', { h: '1' }),
      custom('X10', 'max(j - 1, 0)', { j: '1' }),
      custom('X11', 'o - 1', { o: '1' }),
      custom('X12', 'max(l - 1, 0) + 0.000000000001 * (l - 1) * (l - 1)', { l: '1' }),
      custom('X13', 'max(v - 0.9999999, 0)', { v: '1' }),
    ],
  };
}
const U: Multiplier = { distribution: 'uniform', min: 0.8, max: 1.2 };
const inputOf = (i: number, name: string, distribution: Multiplier = U): Parameter => {
  const path: Path = ['customIndicators', i, 'inputs', name];
  return {
    id: `input:${path.join('.')}`,
    kind: 'input',
    key: path.join('.'),
    ecosystem: null,
    table: null,
    path,
    value: '',
    unit: '',
    grade: null,
    distribution,
    origin: 'option',
    source: null,
  };
};
const NAMES: [number, string][] = [
  [0, 'a'],
  [0, 'b'],
  [0, 'c'],
  [0, 's'],
  [1, 'y'],
  [1, 'g'],
  [2, 'q'],
  [2, 'r'],
  [3, 'z'],
  [3, 'w'],
  [4, 't'],
  [5, 'm'],
  [6, 'n'],
  [7, 'u'],
  [8, 'h'],
  [9, 'j'],
  [11, 'l'],
  [12, 'v'],
];

/** The plan of the county, every input drawn from U unless `given` names another distribution. */
function compiled(given: Record<string, Multiplier> = {}) {
  const json = county();
  const exact = account(json, { rounding: 'exact' });
  const parameters = NAMES.map(([i, n]) => inputOf(i, n, given[n]));
  const plan = compilePlan({ json, options: {}, uses: new Map() }, exact, parameters);
  const valueOf = (code: string) => exact.indicators.find((i) => i.code === code)?.value;
  /** comparable / current of a 2020 price in the county's account */
  const ratio = Number(valueOf('X1')?.comparable) / Number(valueOf('X1')?.current);
  /** The monomials of indicator `code`: weights and factors as (parameter name, kind, a). */
  const monomials = (code: string) => {
    const ind = plan.indicators.findIndex((i) => i.code === code);
    const out: { wc: number; wk: number; factors: [string, Kind, number][] }[] = [];
    plan.monomialIndicator.forEach((mi, m) => {
      if (mi !== ind) return;
      const factors: [string, Kind, number][] = [];
      for (let f = plan.factorStart[m] as number; f < (plan.factorStart[m + 1] as number); f++)
        factors.push([
          (NAMES[plan.factorParameter[f] as number] as [number, string])[1],
          plan.factorKind[f] as Kind,
          plan.factorA[f] as number,
        ]);
      out.push({ wc: plan.weightCurrent[m] as number, wk: plan.weightComparable[m] as number, factors });
    });
    return out;
  };
  return { plan, exact, monomials, ratio };
}

// Each test compiles the plan itself (no shared state made while the file loads): Stryker's per-test coverage
// then runs each test against the mutants it reaches.
describe('compilePlan: each factor found from its probes', { timeout: 60_000 }, () => {
  it('hand-computed: x, powers and 1/x as exact exponents, a fractional power as found', () => {
    const { monomials, ratio } = compiled();
    const [m, ...rest] = monomials('X1');
    expect(rest).toEqual([]);
    expect(m?.wc).toBeCloseTo(60, 9);
    expect(m?.wk).toBeCloseTo(60 * ratio, 9);
    expect(m?.factors.map(([n, k, a]) => [n, k, a])).toEqual([
      ['a', Kind.X, 1],
      ['b', Kind.Pow, 2],
      ['c', Kind.InvX, -1],
      ['s', Kind.Pow, expect.closeTo(0.5, 9) as number],
    ]);
  });

  it('hand-computed: affine factors, as a slope relative to the value', () => {
    const { monomials } = compiled();
    const [m, ...rest] = monomials('X2');
    expect(rest).toEqual([]);
    expect(m?.wc).toBeCloseTo(40, 9);
    expect(m?.factors).toEqual([
      ['y', Kind.Affine, expect.closeTo(0.75, 8) as number],
      ['g', Kind.Affine, expect.closeTo(0.25, 8) as number],
    ]);
    // X5 = (t − 1) · 10: at 1 ± 1 % the value is 0.1505 and −0.0505 (down / v⁰ < 0: no power), slope 10.05 / 0.05
    const [m5] = monomials('X5');
    expect(m5?.wc).toBeCloseTo(0.05, 12);
    expect(m5?.factors).toEqual([['t', Kind.Affine, expect.closeTo(201, 6) as number]]);
  });

  it('hand-computed: a factor neither power nor affine is tabulated on a grid over the span', () => {
    const { plan, monomials } = compiled();
    // q: (x² + 1) / 2 relative to the point. Grid: 17 points from 0.8002 to 1.1998 (uniform 0.8–1.2 at 0.05 %,
    // 99.95 %), step 0.3996 / 16 = 0.024975; at 0.8002: (0.64032004 + 1) / 2 = 0.82016002; at 1: 1
    const [m] = monomials('X3');
    expect(m?.wc).toBeCloseTo(20, 9);
    expect(m?.factors).toEqual([
      ['q', Kind.Table, 0],
      ['r', Kind.Affine, expect.closeTo(0.5, 8) as number],
    ]);
    // seven tables, numbered in the order of their factors: q (X3), m (X6), n (X7), h (X9), j (X10), l, v; v's has one
    // point more, where X13 = max(v − 0.9999999, 0) · 10 reaches 0 between the grid points 0.975025 (0) and 1 (10⁻⁶):
    // the line through 1 and 1.024975 (0.24975 × 10 … ) gives 0.9999999, and the account there is 0
    expect(plan.tableStart).toEqual(Int32Array.from([0, 17, 34, 51, 68, 85, 102, 120]));
    expect(plan.tableX[102 + 8]).toBeCloseTo(0.9999999, 12);
    expect(plan.tableY[102 + 8]).toBe(0);
    expect([...plan.factorTable].filter((t) => t !== -1)).toEqual([0, 1, 2, 3, 4, 5, 6]);
    const [lo, hi] = span(U);
    expect([lo, hi]).toEqual([expect.closeTo(0.8002, 12), expect.closeTo(1.1998, 12)]);
    expect(plan.tableX[0]).toBeCloseTo(0.8002, 12);
    expect(plan.tableX[1]).toBeCloseTo(0.825175, 12);
    expect(plan.tableX[8]).toBeCloseTo(1, 12);
    expect(plan.tableX[16]).toBeCloseTo(1.1998, 12);
    expect(plan.tableY[0]).toBeCloseTo(0.82016002, 9);
    expect(plan.tableY[8]).toBeCloseTo(1, 9);
    expect(plan.tableY[16]).toBeCloseTo((1.1998 ** 2 + 1) / 2, 9);
  });

  it('hand-computed: a valuation of 0 is a sum of shifts, one monomial each, comparable by its probe', () => {
    const { monomials, ratio } = compiled();
    // X4 = (z − w) · 10: at z = 1.01 the value is 0.02 · 10 = 0.2, a slope of 0.2 / 0.01 = 20 per unit of x_z
    expect(monomials('X4')).toEqual([
      { wc: 1, wk: expect.closeTo(ratio, 12) as number, factors: [['z', Kind.Shift, expect.closeTo(20, 8)]] },
      {
        wc: 1,
        wk: expect.closeTo(ratio, 12) as number,
        factors: [['w', Kind.Shift, expect.closeTo(-20, 8)]],
      },
    ]);
  });

  it('hand-computed: flat on one side of the point, or affine only within the tolerance of the probes', () => {
    const { monomials } = compiled();
    // X6 = max(m, 1) · 10: 10.1 above, 10 below; X7 = min(n, 1) · 10: 10 above, 9.9 below — neither a power nor affine
    expect(monomials('X6')).toEqual([
      { wc: 10, wk: expect.any(Number) as number, factors: [['m', Kind.Table, 0]] },
    ]);
    expect(monomials('X7')).toEqual([
      { wc: 10, wk: expect.any(Number) as number, factors: [['n', Kind.Table, 0]] },
    ]);
    // X8 = (1.005u − 1 + 5·10⁻⁹ u²) · 1000: v⁰ = 5.000005, up 15.0500051, down −5.0499951 (no power: the signs differ);
    // 2v⁰ − up − down = −1000 · 5·10⁻⁹ · 0.0002 = −10⁻⁹, within 10⁻¹⁰ × 15.05 = 1.5·10⁻⁹ (not within 10⁻¹⁰ × the
    // smallest, 5·10⁻¹⁰): affine, slope (15.0500051 − 5.000005) / 0.01 / 5.000005 = 200.9998
    const [m8] = monomials('X8');
    expect(m8?.factors).toEqual([['u', Kind.Affine, expect.closeTo(200.9998, 3) as number]]);
    // X12: 0 at the point, 0.1 above, 10⁻¹⁵ below; X13: 10⁻⁶ at the point, 0.100001 above (× 10⁵, a power of 1157
    // that 0.99¹¹⁵⁷ × 10⁻⁶ = 9·10⁻¹² would match below within the tolerance), 0 below. Neither is a power: X12 is 0 at
    // the point, X13 is 0 below it; neither is affine.
    expect(monomials('X12')[0]?.factors).toEqual([['l', Kind.Table, 0]]);
    expect(monomials('X13')[0]?.factors).toEqual([['v', Kind.Table, 0]]);
  });

  it('hand-computed: a valuation of 0 that one probe moves is tabulated in 元, comparable by the probe that moved', () => {
    const { plan, monomials, ratio } = compiled();
    // X9 = min(h − 1, 0) · 10: 0 at 1 and 1.01, −0.1 at 0.99; X10 = max(j − 1, 0) · 10: 0.1 at 1.01, 0 at 0.99
    expect(monomials('X9')).toEqual([
      { wc: 1, wk: expect.closeTo(ratio, 12) as number, factors: [['h', Kind.Table, 0]] },
    ]);
    expect(monomials('X10')).toEqual([
      { wc: 1, wk: expect.closeTo(ratio, 12) as number, factors: [['j', Kind.Table, 0]] },
    ]);
    // the tables hold values, not ratios to the point (0): h's (table 3) at 0.8002 is 10 × (0.8002 − 1) = −1.998,
    // 0 from the grid's middle on; j's (table 4) at 1.1998 is 1.998
    expect(plan.tableY[51]).toBeCloseTo(-1.998, 9);
    expect(plan.tableY[51 + 8]).toBe(0);
    expect(plan.tableY[68 + 16]).toBeCloseTo(1.998, 9);
    // drawn at h = 0.9 (the others at 1), X9 is 10 × (0.9 − 1) = −1 at current prices and −1 × ratio at comparable
    const x = new Float64Array(NAMES.length).fill(1);
    x[NAMES.findIndex(([, n]) => n === 'h')] = 0.9;
    const cur = new Float64Array(plan.indicators.length);
    const cmp = new Float64Array(plan.indicators.length);
    evaluatePlan(plan, x, cur, cmp);
    const i9 = plan.indicators.findIndex((i) => i.code === 'X9');
    expect(cur[i9]).toBeCloseTo(-1, 9);
    expect(cmp[i9]).toBeCloseTo(-ratio, 9);
    // X11 = (o − 1) · 10, o not drawn: its monomial of weight 0, no factor
    expect(monomials('X11')).toEqual([{ wc: 0, wk: 0, factors: [] }]);
  });

  it('hand-computed: a clamp or threshold between 1 ± 1 % and the span’s ends is tabulated, not extrapolated', () => {
    // XK1 = max(1.1 − ee, 0) · 10: 1 at the point, affine at 1 ± 1 % (slope −10 relative), 0 from ee = 1.1 on; the
    // affine fit gives −0.998 at the span's end 1.1998 where the account gives 0: tabulated.
    // XK2 = max(ff − 1.1, 0) · 10: 0 at 1 ± 1 % (no factor at all), 0.998 at 1.1998: tabulated (a valuation of 0).
    const json = {
      ...tinyInput(),
      customIndicators: [
        custom('XK1', 'max(1.1 - ee, 0)', { ee: '1' }),
        custom('XK2', 'max(ff - 1.1, 0)', { ff: '1' }),
      ],
    };
    const exact = account(json, { rounding: 'exact' });
    const parameters = [inputOf(0, 'ee'), inputOf(1, 'ff')];
    const plan = compilePlan({ json, options: {}, uses: new Map() }, exact, parameters);
    expect(plan.fallbacks).toEqual([
      { parameter: 'input:customIndicators.0.inputs.ee', affine: 0, tabulated: 1 },
      { parameter: 'input:customIndicators.1.inputs.ff', affine: 0, tabulated: 1 },
    ]);
    const at = (e: number, f: number) => {
      const cur = new Float64Array(plan.indicators.length);
      const cmp = new Float64Array(plan.indicators.length);
      evaluatePlan(plan, Float64Array.from([e, f]), cur, cmp);
      const k = (code: string) => cur[plan.indicators.findIndex((i) => i.code === code)] as number;
      return [k('XK1'), k('XK2')];
    };
    // ee = ff = 1.15 lies between grid points 1.14985 and 1.174825 (0.8002 + 14 and 15 × 0.024975), where XK1 is 0 and XK2
    // is (1.14985 − 1.1) · 10 = 0.4985 and 0.74825: XK1 0 (an affine factor gave 1 − 10 × 0.15 = −0.5), XK2 by linear
    // interpolation (1.15 − 1.14985) / 0.024975 = 0.0060060 of the way: 0.4985 + 0.0060060 × 0.24975 = 0.5
    const [k1, k2] = at(1.15, 1.15);
    expect(k1).toBeCloseTo(0, 12);
    expect(k2).toBeCloseTo(0.5, 9);
    // at the point both are as exact: 1 and 0
    expect(at(1, 1).map((v) => Number(v.toFixed(9)))).toEqual([1, 0]);
  });

  it('hand-computed: a valuation of 0 at the point keeps the factors of what multiplies it (its anchor)', () => {
    // XA = max(a − 1.05, 0) · k · 10, a = 1 and k = 2: 0 at the point, where k moves nothing. a's table is in 元 (a
    // valuation of 0); the anchor is a's probe that moves XA most, its span's end 1.1998: (1.1998 − 1.05) · 2 · 10 =
    // 2.996, where XA is x_k times that: k's factor is X (a power of 1).
    const json = {
      ...tinyInput(),
      customIndicators: [custom('XA', 'max(a - 1.05, 0) * k', { a: '1', k: '2' })],
    };
    const exact = account(json, { rounding: 'exact' });
    const plan = compilePlan({ json, options: {}, uses: new Map() }, exact, [
      inputOf(0, 'a'),
      inputOf(0, 'k'),
    ]);
    const at = (a: number, k: number) => {
      const cur = new Float64Array(plan.indicators.length);
      evaluatePlan(plan, Float64Array.from([a, k]), cur, new Float64Array(plan.indicators.length));
      return cur[plan.indicators.findIndex((i) => i.code === 'XA')] as number;
    };
    // a = 1.15, k = 1.2: (1.15 − 1.05) · 2.4 · 10 = 2.4 (a sum of moves alone gave (1.15 − 1.05) · 2 · 10 = 2: k lost)
    expect(at(1.15, 1.2)).toBeCloseTo(2.4, 9);
    expect(at(1.15, 0.8)).toBeCloseTo(1.6, 9);
    // below the threshold nothing moves it: 0 at any k
    expect(at(1.02, 1.2)).toBe(0);
    // the crossing: a reaches 1.05 between the grid points 1.04995 (0) and 1.074925 (0.4985); the line through
    // 1.074925 and 1.0999 (0.998) gives 1.05, where the account is 0, added to the grid: at a = 1.0501 the plan gives
    // (1.0501 − 1.05) · 2 · 10 = 0.002, where the grid alone interpolated 0.4985 × 0.00015 / 0.024975 = 0.003
    expect(at(1.0501, 1)).toBeCloseTo(0.002, 9);
    // 1 + 4 + 4 (a, k) + 17 (a's table) + 1 (the crossing at 1.05) + 4 (k at the anchor) = 31
    expect(plan.accounts).toBe(31);
  });

  it('charge is told of every exact account beyond the point, with the parameters it moves; a throw stops the plan', () => {
    const json = {
      ...tinyInput(),
      customIndicators: [custom('XA', 'max(a - 1.05, 0) * k', { a: '1', k: '2' })],
    };
    const exact = account(json, { rounding: 'exact' });
    const params = [inputOf(0, 'a'), inputOf(0, 'k')];
    const calls: number[][] = [];
    const plan = compilePlan({ json, options: {}, uses: new Map() }, exact, params, (m) =>
      calls.push([...m]),
    );
    expect(calls).toHaveLength(plan.accounts - 1);
    // the probes of a alone (4, its table of 17 and the crossing), of k alone (4), and of k at a's anchor (4, both moved)
    expect(calls.filter((c) => c.join() === '0')).toHaveLength(22);
    expect(calls.filter((c) => c.join() === '1')).toHaveLength(4);
    expect(calls.filter((c) => c.join() === '0,1')).toHaveLength(4);
    let n = 0;
    const stop = () => {
      if (++n > 5) throw new Error('work exceeded');
    };
    expect(() => compilePlan({ json, options: {}, uses: new Map() }, exact, params, stop)).toThrow(
      'work exceeded',
    );
    expect(n).toBe(6);
  });

  it('a parameter held at its value (zero width at 1) is not probed and has no factor', () => {
    const { plan, monomials } = compiled({ q: { distribution: 'uniform', min: 1, max: 1 } });
    // X3 = (q · q + r) · 10 keeps only r's factor (affine, ½); q has no table
    const x3 = monomials('X3');
    expect(x3).toHaveLength(1);
    expect(x3[0]?.factors).toHaveLength(1);
    expect(x3[0]?.factors[0]?.slice(0, 2)).toEqual(['r', Kind.Affine]);
    expect(x3[0]?.factors[0]?.[2]).toBeCloseTo(0.5, 12);
    expect(plan.fallbacks.map((f) => f.parameter)).not.toContain('input:customIndicators.2.inputs.q');
    // 1 + 4 × 17 + 6 × 17 = 171: the point, four probes of each of the 17 drawn parameters (1 ± 1 %, the span's two
    // ends) and six tables of 17; q's probes and its table are not run. Then the two anchors of the valuations of 0
    // (X4 at z = 1.01, X9 at h = 0.99; the counts test): four probes of each drawn parameter but the anchor's and, at
    // z, w (which moves X4 at the point already): 15 × 4 + 16 × 4 = 124; and X13's crossing, 1: 296
    expect(plan.accounts).toBe(296);
  });

  it('a tabulated parameter of zero width away from 1 has a table of one point', () => {
    const { plan, monomials } = compiled({ q: { distribution: 'uniform', min: 1.1, max: 1.1 } });
    expect(monomials('X3')[0]?.factors[0]).toEqual(['q', Kind.Table, 0]);
    expect(plan.tableStart.slice(0, 3)).toEqual(Int32Array.from([0, 1, 18]));
    // X3 at q × 1.1: (1.21 + 1) · 10 = 22.1 against 20, a factor of 1.105
    expect(plan.tableX[0]).toBe(1.1);
    expect(plan.tableY[0]).toBeCloseTo(1.105, 12);
    // 1 + 4 × 17 + 3 + 1 + 6 × 17 = 175: q's span has one end (1.1), probed once, and a table of one point; the two
    // anchors probe q three times each beside the others' four (15 × 4 + 3 + 16 × 4 + 3 = 130), X13's crossing 1: 306
    expect(plan.accounts).toBe(306);
  });

  it('valuations that no parameter moves merge into one monomial per indicator, weighted by their sum', () => {
    const { exact, monomials } = compiled();
    for (const ind of exact.indicators.filter((i) => !i.code.startsWith('X'))) {
      const ms = monomials(ind.code);
      expect(ms.map((m) => m.factors)).toEqual([[]]);
      expect(ms[0]?.wc).toBeCloseTo(Number(ind.value.current), 6);
      expect(ms[0]?.wk).toBeCloseTo(Number(ind.value.comparable), 6);
    }
  });

  it('counts: one account, four probes a parameter and one a grid point; the fallbacks by parameter', () => {
    const { plan, exact } = compiled();
    // 1 + 4 × 18 + 7 × 17 = 192 for the point, the probes and the tables. The valuations of 0 that parameters move
    // (X4 by z and w, X9 by h, X10 by j, X12 by l) get MAX_ANCHORS = 2 anchors, each the probe that moves most of them
    // (one each here, the first in parameter order): z at 1.01 (X4) and h at 0.99 (X9). At z every drawn parameter
    // but z and w is probed four times (16 × 4 = 64), at h every one but h (17 × 4 = 68). X13's crossing adds 1:
    // 192 + 64 + 68 + 1 = 325
    expect(plan.accounts).toBe(325);
    expect(plan.fallbacks).toEqual([
      { parameter: 'input:customIndicators.1.inputs.y', affine: 1, tabulated: 0 },
      { parameter: 'input:customIndicators.1.inputs.g', affine: 1, tabulated: 0 },
      { parameter: 'input:customIndicators.2.inputs.q', affine: 0, tabulated: 1 },
      { parameter: 'input:customIndicators.2.inputs.r', affine: 1, tabulated: 0 },
      { parameter: 'input:customIndicators.3.inputs.z', affine: 1, tabulated: 0 },
      { parameter: 'input:customIndicators.3.inputs.w', affine: 1, tabulated: 0 },
      { parameter: 'input:customIndicators.4.inputs.t', affine: 1, tabulated: 0 },
      { parameter: 'input:customIndicators.5.inputs.m', affine: 0, tabulated: 1 },
      { parameter: 'input:customIndicators.6.inputs.n', affine: 0, tabulated: 1 },
      { parameter: 'input:customIndicators.7.inputs.u', affine: 1, tabulated: 0 },
      { parameter: 'input:customIndicators.8.inputs.h', affine: 0, tabulated: 1 },
      { parameter: 'input:customIndicators.9.inputs.j', affine: 0, tabulated: 1 },
      { parameter: 'input:customIndicators.11.inputs.l', affine: 0, tabulated: 1 },
      { parameter: 'input:customIndicators.12.inputs.v', affine: 0, tabulated: 1 },
    ]);
    expect(plan.parameters.map((p) => p.id)).toEqual(NAMES.map(([i, n]) => inputOf(i, n).id));
    expect(plan.indicators.map((i) => i.code)).toEqual(exact.indicators.map((i) => i.code));
    expect(plan.indicators.find((i) => i.code === 'X1')?.category).toBe('material');
  });
});

describe('fit and fitHolds: a factor from its probes at 1 ± 1 %, checked at the span’s ends', () => {
  it('hand-computed: none, x, 1/x, a power, affine, a shift, a table', () => {
    expect(fit(5, 5, 5)).toBe('none');
    // 10x: 10.1 and 9.9 → x (e = ln 1.01 / ln 1.01 = 1)
    expect(fit(10, 10.1, 9.9)).toEqual({ kind: Kind.X, a: 1 });
    // 10 / x: 10 / 1.01 and 10 / 0.99 → 1/x (e = −1)
    expect(fit(10, 10 / 1.01, 10 / 0.99)).toEqual({ kind: Kind.InvX, a: -1 });
    // 10x²: 10.201 and 9.801 → e = 2
    expect(fit(10, 10 * 1.01 ** 2, 10 * 0.99 ** 2)).toEqual({ kind: Kind.Pow, a: 2 });
    // 10√x: e = 0.5, not rounded (|0.5 − 1| > 1e-9)
    const half = fit(10, 10 * Math.sqrt(1.01), 10 * Math.sqrt(0.99)) as { kind: Kind; a: number };
    expect(half.kind).toBe(Kind.Pow);
    expect(half.a).toBeCloseTo(0.5, 9);
    // 10 + 30(x − 1): 10.3 and 9.7; as a power e = ln 1.03 / ln 1.01 = 2.9707, which gives 10 × 0.99^2.9707 = 9.7058
    // below, not 9.7: affine, slope 30 / 10 = 3 relative to the value
    const affine = fit(10, 10.3, 9.7) as { kind: Kind; a: number };
    expect(affine.kind).toBe(Kind.Affine);
    expect(affine.a).toBeCloseTo(3, 9);
    // 0 at the point, ±0.2: a shift of 20 per unit of x
    const shift = fit(0, 0.2, -0.2) as { kind: Kind; a: number };
    expect(shift.kind).toBe(Kind.Shift);
    expect(shift.a).toBeCloseTo(20, 9);
    // signs that differ at the probes (0.05 → 0.1505 and −0.0505): no power, affine (slope 10.05 / 0.05 = 201)
    expect((fit(0.05, 0.1505, -0.0505) as { a: number }).a).toBeCloseTo(201, 6);
    // flat on one side (10.1 above, 10 below): neither
    expect(fit(10, 10.1, 10)).toBe('table');
    // a value of 0 at the point moved on one side only: neither
    expect(fit(0, 0.1, 0)).toBe('table');
  });

  it('hand-computed: a fit holds at a multiplier where it gives the probe to 1e-6 relative', () => {
    // 10x at 1.2: 12; 10 / x at 0.8: 12.5; 10x² at 1.2: 14.4; 10(1 + 3(x − 1)) at 1.2: 16; shift 20(x − 1) at 0.8: −4
    expect(fitHolds({ kind: Kind.X, a: 1 }, 10, 1.2, 12)).toBe(true);
    expect(fitHolds({ kind: Kind.InvX, a: -1 }, 10, 0.8, 12.5)).toBe(true);
    expect(fitHolds({ kind: Kind.Pow, a: 2 }, 10, 1.2, 14.4)).toBe(true);
    expect(fitHolds({ kind: Kind.Affine, a: 3 }, 10, 1.2, 16)).toBe(true);
    expect(fitHolds({ kind: Kind.Shift, a: 20 }, 0, 0.8, -4)).toBe(true);
    expect(fitHolds('none', 10, 1.2, 10)).toBe(true);
    // a clamp crossed: 10x gives 12 at 1.2 where the account gives 0; none where the value moved
    expect(fitHolds({ kind: Kind.X, a: 1 }, 10, 1.2, 0)).toBe(false);
    expect(fitHolds('none', 0, 1.2, 0.5)).toBe(false);
    // within 1e-6 relative holds, beyond does not: 12 × (1 ± 5e-7) holds, 12 × (1 + 2e-6) does not
    expect(fitHolds({ kind: Kind.X, a: 1 }, 10, 1.2, 12 * (1 + 5e-7))).toBe(true);
    expect(fitHolds({ kind: Kind.X, a: 1 }, 10, 1.2, 12 * (1 - 5e-7))).toBe(true);
    expect(fitHolds({ kind: Kind.X, a: 1 }, 10, 1.2, 12 * (1 + 2e-6))).toBe(false);
    expect(fitHolds({ kind: Kind.Affine, a: 3 }, 10, 1.2, 16 * (1 + 2e-6))).toBe(false);
    expect(fitHolds({ kind: Kind.Shift, a: 20 }, 0, 0.8, -4 * (1 + 2e-6))).toBe(false);
  });
});

describe('checkPlanArgument: the quick test of the outline refuses whatever the outline refuses', () => {
  const plan = planOf(
    ['material'],
    [{ distribution: 'uniform', min: 0.9, max: 1.1 }],
    [{ ind: 0, wc: 1, wk: 1, factors: [{ p: 0, kind: Kind.X }] }],
  );
  /** Where checkPlanArgument refuses `v` (zod, asked only when the quick test fails), or undefined. */
  const refusedAt = (v: unknown) => {
    try {
      checkPlanArgument(v);
    } catch (e) {
      if (!(e instanceof GepError)) throw e;
      return e.issues.map((i) => [i.code, i.path.join('.')]);
    }
    return undefined;
  };
  const members = Object.keys(plan).filter((k) => k !== 'accounts' && k !== 'fallbacks');

  it('passes a plan, and one with members besides', () => {
    expect(refusedAt(plan)).toBeUndefined();
    expect(refusedAt({ ...plan, extra: 1 })).toBeUndefined();
  });

  it('each member the kernel reads, left out or of another kind alone, is refused at its path', () => {
    expect(members).toHaveLength(13);
    for (const k of members)
      for (const bad of [undefined, null, [], {}, new Float32Array(1), new Uint8ClampedArray(1)]) {
        // an array is a list of parameters or indicators; a Float32Array is none of the kernel's arrays
        if (Array.isArray(bad) && (k === 'parameters' || k === 'indicators')) continue;
        expect(refusedAt({ ...plan, [k]: bad })).toEqual([['ARGUMENT_INVALID', `plan.${k}`]]);
      }
    // an array of one kind where another goes: Int32Array for Float64Array and back, Uint8Array's place
    expect(refusedAt({ ...plan, factorA: new Int32Array(1) })).toEqual([
      ['ARGUMENT_INVALID', 'plan.factorA'],
    ]);
    expect(refusedAt({ ...plan, factorStart: new Float64Array(2) })).toEqual([
      ['ARGUMENT_INVALID', 'plan.factorStart'],
    ]);
    expect(refusedAt({ ...plan, factorKind: new Int32Array(1) })).toEqual([
      ['ARGUMENT_INVALID', 'plan.factorKind'],
    ]);
  });
});

describe('tabulate: a grid over the span, and the points where a valuation reaches 0 between two of its points', () => {
  /** `at` of valuations given as functions of the multiplier, counting its calls; the grid over [0, 1.6] steps by 0.1. */
  const of = (fs: ((x: number) => number)[]) => {
    let calls = 0;
    const at = (x: number): Flat => {
      calls++;
      const v = Float64Array.from(fs, (f) => f(x));
      return { current: v, comparable: v.slice(), indicator: new Int32Array(fs.length), shape: '' };
    };
    const t = tabulate([0, 1.6], at);
    return { ...t, calls, ys: (v: number) => t.flats.map((f) => f.current[v] as number) };
  };
  const near = (xs: number[], x: number) => xs.some((y) => Math.abs(y - x) < 1e-12);

  it('hand-computed: a clamp on either side, found from the line through the two nearest non-zero grid values', () => {
    // max(0, 1.05 − x): 0.05 at 1.0, 0 at 1.1; the line through (0.9, 0.15) and (1.0, 0.05) reaches 0 at 1.05, where
    // the valuation is 0: one account. max(0, x − 0.33): 0 at 0.3, 0.07 at 0.4; the line through (0.5, 0.17) and
    // (0.4, 0.07) gives 0.33: one account. 17 grid points + 2.
    const t = of([(x) => Math.max(0, 1.05 - x), (x) => Math.max(0, x - 0.33)]);
    expect(t.calls).toBe(19);
    expect(t.xs).toHaveLength(19);
    expect(near(t.xs, 1.05) && near(t.xs, 0.33)).toBe(true);
    expect([...t.xs].sort((a, b) => a - b)).toEqual(t.xs);
    expect(t.ys(0)[t.xs.findIndex((x) => Math.abs(x - 1.05) < 1e-12)]).toBe(0);
    expect(t.ys(1)[t.xs.findIndex((x) => Math.abs(x - 0.33) < 1e-12)]).toBe(0);
  });

  it('hand-computed: two clamps in one interval, the second found between the first and the next grid point', () => {
    // max(0, 1.03 − x) first: 1.03 (one account). max(0, 1.07 − x) is 0.04 at 1.03 and 0 at 1.1: no grid point beyond
    // 1.03, so the interval is halved, 1.065 (0.005), then the line through (1.03, 0.04) and (1.065, 0.005) gives 1.07,
    // 0 there: two accounts. 17 + 1 + 2 = 20
    const t = of([(x) => Math.max(0, 1.03 - x), (x) => Math.max(0, 1.07 - x)]);
    expect(t.calls).toBe(20);
    for (const x of [1.03, 1.065, 1.07]) expect(near(t.xs, x), String(x)).toBe(true);
    expect([...t.xs].sort((a, b) => a - b)).toEqual(t.xs);
  });

  it('a clamp the line does not predict (a curve, a step) is halved towards, at most 24 accounts, 48 a table', () => {
    // (1.05 − x)² before its clamp: each line falls short of 1.05 (a quarter of the way left each time), the valuation
    // is never 0 where it points, until the next point is within 10⁻⁹ of the interval from the last: more than ten
    // accounts, at most 24
    const curve = (c: number) => (x: number) => Math.max(0, c - x) ** 2;
    const one = of([curve(1.05)]);
    expect(one.calls).toBeGreaterThan(17 + 10);
    expect(one.calls).toBeLessThanOrEqual(17 + 24);
    const last = Math.max(...one.xs.filter((x, k) => x < 1.05 && (one.ys(0)[k] as number) > 0));
    expect(1.05 - last).toBeLessThan(1e-3);
    // three such curves: the table's budget
    expect(CROSSING_BUDGET).toBe(48);
    expect(of([curve(1.05), curve(0.75), curve(0.45)]).calls).toBe(17 + 48);
  });

  it('a crossing whose non-zero side is below 10⁻⁹ of the valuation’s size on the grid is not looked for', () => {
    // 10 up to 0.25, then 0, then 10⁻¹² from 1.05: the step at 0.25 is halved to (no line: both sides are flat),
    // 24 accounts; the 10⁻¹² at 1.1 against 0 at 1.0 is below 10⁻⁹ × 10 and left
    const t = of([(x) => (x < 0.25 ? 10 : x < 1.05 ? 0 : 1e-12)]);
    expect(t.calls).toBe(17 + 24);
    expect(t.xs.filter((x) => x > 1 && x < 1.1)).toEqual([]);
    expect(t.xs.filter((x) => x > 0.2 && x < 0.3).length).toBe(24);
  });
});

describe('anchors of the valuations of 0 at the point', () => {
  const zeroCounty = (n: number) => ({
    ...tinyInput(),
    customIndicators: Array.from({ length: n }, (_, i) =>
      custom(`XZ${i}`, `max(a${i} - 1.05, 0) * k`, { [`a${i}`]: '1', k: '2' }),
    ),
  });

  it('at most MAX_ANCHORS: a third valuation of 0 moved by its own parameter keeps its move alone', () => {
    const json = zeroCounty(3);
    const exact = account(json, { rounding: 'exact' });
    const params = [0, 1, 2].flatMap((i) => [inputOf(i, `a${i}`), inputOf(i, 'k')]);
    const plan = compilePlan({ json, options: {}, uses: new Map() }, exact, params);
    expect(MAX_ANCHORS).toBe(2);
    const at = (code: string, k: number) => {
      const x = Float64Array.from(params, (p) => (p.id.endsWith('.k') ? k : 1.15));
      const cur = new Float64Array(plan.indicators.length);
      evaluatePlan(plan, x, cur, new Float64Array(plan.indicators.length));
      return cur[plan.indicators.findIndex((i) => i.code === code)] as number;
    };
    // XZ0 and XZ1 anchored: (1.15 − 1.05) · 2 · 1.2 · 10 = 2.4 with their k at 1.2; XZ2 not: its k is not in its plan
    expect(at('XZ0', 1.2)).toBeCloseTo(2.4, 9);
    expect(at('XZ1', 1.2)).toBeCloseTo(2.4, 9);
    expect(at('XZ2', 1.2)).toBeCloseTo(2, 9);
  });

  it('a parameter every draw holds is not probed at an anchor; one neither power nor affine there is tabulated', () => {
    // XT = max(a − 1.05, 0) · (k · k + 1): 0 at the point; at a's anchor (1.1998) k moves it as (k² + 1) / 2, neither a
    // power nor affine: a table relative to the value at the anchor, 0.5 at k = 0.8002 … (0.8002² + 1) / 2 = 0.820160
    const json = {
      ...tinyInput(),
      customIndicators: [custom('XT', 'max(a - 1.05, 0) * (k * k + 1) * h', { a: '1', k: '1', h: '3' })],
    };
    const exact = account(json, { rounding: 'exact' });
    const held = inputOf(0, 'h', { distribution: 'uniform', min: 1, max: 1 });
    const plan = compilePlan({ json, options: {}, uses: new Map() }, exact, [
      inputOf(0, 'a'),
      inputOf(0, 'k'),
      held,
    ]);
    // 1 + 4 + 4 (a, k; h held) + 17 (a's table) + 1 (a's crossing at 1.05) + 4 (k at the anchor) + 17 (k's table there)
    expect(plan.accounts).toBe(48);
    const kt =
      plan.factorTable[
        plan.factorParameter.findIndex((p, f) => p === 1 && plan.factorKind[f] === Kind.Table)
      ];
    const start = plan.tableStart[kt as number] as number;
    expect(plan.tableX[start]).toBeCloseTo(0.8002, 12);
    expect(plan.tableY[start]).toBeCloseTo((0.8002 ** 2 + 1) / 2, 9);
  });
});
