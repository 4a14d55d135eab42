import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { account } from '../../src/account/account';
import { canonicalJson } from '../../src/core/canonical';
import { dec } from '../../src/core/decimal';
import { GepError } from '../../src/core/errors';
import {
  CHECK_TOLERANCE,
  MAX_DRAWS,
  MAX_SEED,
  MAX_SOBOL_ROWS,
  buildPlan,
  evaluatePlan,
  relativeError,
  runDraws,
  sobolFirstOrder,
  targetCount,
  tornado,
  uncertainty,
} from '../../src/uncertainty';
import { type Multiplier, sample, span } from '../../src/uncertainty/distributions';
import { Xoshiro128 } from '../../src/uncertainty/prng';
import { probe } from '../../src/uncertainty/probe';
import { tinyInput } from '../helpers';

const example = () =>
  JSON.parse(
    readFileSync(new URL('../../examples/jiangxi-county/input.json', import.meta.url), 'utf8'),
  ) as unknown;
const ZERO: Multiplier = { distribution: 'uniform', min: 1, max: 1 };
const zeroDefaults = { verified: ZERO, published: ZERO, derived: ZERO, secondary: ZERO, assumed: ZERO };
const codeOf = (f: () => unknown) => {
  try {
    f();
  } catch (e) {
    if (e instanceof GepError) return e.issues[0]?.code;
    throw e;
  }
  return undefined;
};

describe('uncertainty() on the example county', () => {
  it(
    '--uncertainty 2000 --seed 7 twice: identical JSON, p5 < p50 < p95, the point estimate unchanged',
    { timeout: 120_000 },
    () => {
      const input = example();
      const a = uncertainty(input, { draws: 2000, seed: 7 });
      const b = uncertainty(input, { draws: 2000, seed: 7 });
      expect(canonicalJson(a)).toBe(canonicalJson(b));
      for (const s of [
        a.uncertainty.gep.current,
        a.uncertainty.gep.comparable,
        a.uncertainty.categories.regulating.current,
      ]) {
        expect(Number(s.p5)).toBeLessThan(Number(s.p50));
        expect(Number(s.p50)).toBeLessThan(Number(s.p95));
      }
      const { uncertainty: u, ...point } = a;
      expect(canonicalJson(point)).toBe(canonicalJson(account(input)));
      // The example's own tables carry no distributions: its parameters take the default of their grade, and say so,
      // except the bundled records that carry one (the latent heat's physical range; zero width for the values a law
      // or a standard fixes).
      const own = u.parameters.filter((p) => p.origin === 'record').map((p) => p.key);
      expect(own.sort()).toEqual([
        'climate.latent_heat',
        'envtax.equivalent.cod',
        'envtax.equivalent.nh3n',
        'envtax.equivalent.nox',
        'envtax.equivalent.so2',
        'envtax.equivalent.tp',
        'envtax.rate.air',
        'envtax.rate.water',
        'ions.threshold',
      ]);
      expect(u.defaults.used).toEqual(u.parameters.filter((p) => p.origin === 'default').map((p) => p.id));
      expect(u.defaults.used.length + own.length).toBe(u.parameters.length);
      expect(u.plan.check.points).toBe(8);
      expect(Number(u.plan.check.maxRelativeError)).toBeLessThan(1e-9);
      const other = uncertainty(input, { draws: 2000, seed: 8 });
      expect(other.uncertainty.gep.current.mean).not.toBe(u.gep.current.mean);
    },
  );

  it(
    'zero-width distributions: every draw equals the exact account to 1e-12 relative',
    { timeout: 120_000 },
    () => {
      const input = example();
      // Zero width for every grade, and for the one record of the example's that carries a distribution of width.
      const plan = buildPlan(
        input,
        { baseYear: 2015 },
        { defaults: zeroDefaults, distributions: { 'climate.latent_heat': ZERO } },
      );
      const exact = account(input, { baseYear: 2015, rounding: 'exact' });
      const T = targetCount(plan);
      const m = runDraws(plan, 50, 3);
      const n = plan.indicators.length;
      const rel = (a: number, b: string) => Math.abs(a - Number(b)) / Math.max(Math.abs(Number(b)), 1e-300);
      for (let d = 0; d < 50; d++) {
        exact.indicators.forEach((ind, k) => {
          if (Number(ind.value.current) === 0) expect(m[d * T + 2 * k]).toBe(0);
          else expect(rel(m[d * T + 2 * k] as number, ind.value.current)).toBeLessThan(1e-12);
          if (Number(ind.value.comparable) !== 0)
            expect(rel(m[d * T + 2 * k + 1] as number, ind.value.comparable)).toBeLessThan(1e-12);
        });
        expect(rel(m[d * T + 2 * n + 6] as number, exact.totals.gep.current)).toBeLessThan(1e-12);
        expect(rel(m[d * T + 2 * n + 7] as number, exact.totals.gep.comparable)).toBeLessThan(1e-12);
        expect(rel(m[d * T + 2 * n + 2] as number, exact.totals.regulating.current)).toBeLessThan(1e-12);
      }
    },
  );
});

describe('the plan against exact accounts', () => {
  it(
    'property: at random multipliers the plan equals the exact account (tiny input) to 1e-9',
    { timeout: 120_000 },
    () => {
      const input = tinyInput();
      const plan = buildPlan(input, {}, {});
      const exact = account(input, { rounding: 'exact' });
      const uses = new Map(exact.coefficients.map((c) => [c.id, c]));
      const P = plan.parameters.length;
      fc.assert(
        fc.property(
          fc.array(fc.double({ min: 0.6, max: 1.4, noNaN: true }), { minLength: P, maxLength: P }),
          (random) => {
            // a parameter held at its value (zero width at 1) is 1 in every draw, and the plan has it so
            const xs = random.map((v, i) => {
              const [lo, hi] = span((plan.parameters[i] as { distribution: Multiplier }).distribution);
              return lo === 1 && hi === 1 ? 1 : v;
            });
            const x = Float64Array.from(xs);
            const flat = probe(
              { json: input, options: {}, uses },
              plan.parameters,
              new Map(xs.map((v, i) => [i, v])),
            );
            const sums = new Float64Array(plan.indicators.length);
            flat.indicator.forEach((i, v) => (sums[i] = (sums[i] as number) + (flat.current[v] as number)));
            const cur = new Float64Array(plan.indicators.length);
            evaluatePlan(plan, x, cur, new Float64Array(plan.indicators.length));
            sums.forEach((e, i) =>
              expect(Math.abs((cur[i] as number) - e)).toBeLessThanOrEqual(1e-9 * Math.abs(e)),
            );
          },
        ),
        { numRuns: 6 },
      );
    },
  );

  it('a record with its own distribution is used, with its source and grade', { timeout: 60_000 }, () => {
    const input = tinyInput() as Record<string, unknown>;
    const price = account(input).coefficients.find((c) => c.key.startsWith('price.'));
    expect(price).toBeDefined();
    const p = price as NonNullable<typeof price>;
    const v = dec(p.value);
    const prior = input.overrides as { tables?: unknown[] } | undefined;
    input.overrides = {
      ...prior,
      tables: [
        ...(prior?.tables ?? []),
        {
          kind: 'coefficients',
          id: 'own-prices',
          version: '1.0.0',
          title: { zh: '自有', en: 'Own' },
          effective: { from: '2020-01-01' },
          records: [
            {
              key: p.key,
              value: p.value,
              unit: p.unit,
              ...(p.priceYear !== undefined ? { priceYear: p.priceYear } : {}),
              ...(p.ecosystem !== null ? { applies: { ecosystem: p.ecosystem } } : {}),
              source: { document: 'local price survey' },
              grade: 'published',
              uncertainty: {
                distribution: 'uniform',
                min: v.times(0.8).toFixed(),
                max: v.times(1.2).toFixed(),
                source: { document: 'survey spread' },
                grade: 'derived',
              },
            },
          ],
        },
      ],
    };
    const r = uncertainty(input, { draws: 200, seed: 1 });
    const own = r.uncertainty.parameters.find((q) => q.key === p.key && q.origin === 'record');
    expect(own?.distribution).toEqual({ distribution: 'uniform', min: 0.8, max: 1.2 });
    expect(own?.grade).toBe('derived');
    expect(own?.source?.document).toBe('survey spread');
  });

  it(
    'the RCEES afforestation carbon price, read per t CO₂ in its source, takes the default of its grade',
    { timeout: 60_000 },
    () => {
      const r = uncertainty(example(), { draws: 200, seed: 3, account: { profile: 'rcees-2013' } });
      const p = r.uncertainty.parameters.find((q) => q.key === 'price.carbon.rcees-afforestation');
      // Graded published: triangular 0.90 · 1 · 1.10 of the value (342 · 380 · 418 yuan/t CO₂).
      expect(p?.origin).toBe('default');
      expect(p?.grade).toBe('published');
      expect(p?.distribution).toMatchObject({ distribution: 'triangular', mode: 1 });
      expect((p?.distribution as { min: number }).min).toBeCloseTo(0.9, 12);
      expect((p?.distribution as { max: number }).max).toBeCloseTo(1.1, 12);
      expect(r.uncertainty.defaults.used).toContain(p?.id);
    },
  );

  it(
    'the latent heat of vaporisation is drawn within its physical range (FAO-56 over 0–40 °C)',
    { timeout: 60_000 },
    () => {
      // Only R8 reads it: the other coefficients are held, so the plan probes the latent heat and R8's own.
      const keys = account(example()).coefficients.map((c) => c.key);
      const r = uncertainty(example(), {
        draws: 2000,
        seed: 7,
        tornado: true,
        fixed: keys.filter((k) => k !== 'climate.latent_heat'),
      });
      const p = r.uncertainty.parameters.find((q) => q.key === 'climate.latent_heat');
      expect([p?.origin, p?.grade, p?.source?.document.startsWith('Allen R. G.')]).toEqual([
        'record',
        'derived',
        true,
      ]);
      // λ = 2.501 − 2.361 × 10⁻³ T MJ/kg: 2501 J/g at 0 °C, 2501 − 2.361 × 40 = 2406.56 J/g at 40 °C; as
      // multipliers of the value 2450: 2406.56 / 2450 = 0.98227 and 2501 / 2450 = 1.02082 (the grade's default
      // gave 0.7 … 1.3, 1715 … 3185 J/g).
      const d = p?.distribution as { distribution: string; min: number; mode: number; max: number };
      expect(d.distribution).toBe('triangular');
      expect(d.min).toBeCloseTo(2406.56 / 2450, 12);
      expect(d.mode).toBe(1);
      expect(d.max).toBeCloseTo(2501 / 2450, 12);
      // Every draw stays within the range: 200 000 draws of the sampler, each × 2450 J/g.
      const rng = new Xoshiro128(7);
      for (let k = 0; k < 200_000; k++) {
        const q = 2450 * sample(d as Multiplier, rng);
        expect(q >= 2406.56 - 1e-9 && q <= 2501 + 1e-9, String(q)).toBe(true);
      }
      // R8 is linear in the latent heat's terms (E_we = E_w × q × 10³ / 3600 + …; EPP from q with "et"), so its
      // draws span at most −1.8 % … +2.1 % of the exact value, and the tornado's ends are inside the range.
      const exact = Number(r.indicators.find((i) => i.code === 'R8')?.value.current);
      const r8 = r.uncertainty.indicators.find((i) => i.code === 'R8')?.current;
      expect(Number(r8?.p5)).toBeGreaterThanOrEqual(exact * (2406.56 / 2450) * (1 - 1e-12));
      expect(Number(r8?.p95)).toBeLessThanOrEqual(exact * (2501 / 2450) * (1 + 1e-12));
      const bar = r.uncertainty.sensitivity?.tornado?.bars.find((b) => b.key === 'climate.latent_heat');
      expect(Number(bar?.low.multiplier)).toBeGreaterThan(2406.56 / 2450);
      expect(Number(bar?.high.multiplier)).toBeLessThan(2501 / 2450);
    },
  );

  it(
    'values a law or a standard fixes are not drawn: tax equivalents and rates, the ion threshold',
    { timeout: 60_000 },
    () => {
      // Everything else held: R4 and R5 (tax-equivalent pricing) and R9 (threshold) then read only such values.
      const fixedByLaw = (k: string) => k.startsWith('envtax.') || k === 'ions.threshold';
      const keys = account(example()).coefficients.map((c) => c.key);
      const r = uncertainty(example(), {
        draws: 500,
        seed: 7,
        tornado: true,
        sobol: 50,
        fixed: keys.filter((k) => !fixedByLaw(k)),
      });
      const ps = r.uncertainty.parameters;
      expect(ps.length).toBeGreaterThan(0);
      for (const p of ps) {
        expect(fixedByLaw(p.key), p.key).toBe(true);
        // A zero-width distribution of the record, with the law or the standard as its source.
        expect([p.origin, p.distribution], p.key).toEqual([
          'record',
          { distribution: 'uniform', min: 1, max: 1 },
        ]);
        expect(p.source?.clause, p.key).toContain('no spread');
      }
      expect(r.uncertainty.defaults.used).toEqual([]);
      // Every draw is the exact account: p5 = p50 = p95 = the value, sd 0.
      for (const code of ['R4', 'R5', 'R9']) {
        const value = r.indicators.find((i) => i.code === code)?.value.current;
        const s = r.uncertainty.indicators.find((i) => i.code === code)?.current;
        expect([s?.p5, s?.p50, s?.p95, s?.sd], code).toEqual([value, value, value, '0.00']);
      }
      expect(r.uncertainty.sensitivity?.tornado?.bars.every((b) => Number(b.swing) === 0)).toBe(true);
    },
  );

  it('input quantities may be drawn too', { timeout: 60_000 }, () => {
    const input = tinyInput();
    const r = uncertainty(input, {
      draws: 500,
      seed: 2,
      defaults: zeroDefaults,
      inputs: [
        {
          path: ['materialProducts', 0, 'grossOutput'],
          distribution: { distribution: 'uniform', min: 0.5, max: 1.5 },
        },
      ],
    });
    const m1 = r.uncertainty.indicators.find(
      (i) => i.code === r.indicators.find((x) => x.category === 'material')?.code,
    );
    // Only M1's agriculture output (100 万元 = 1,000,000 元) moves: uniform × [0.5, 1.5] → p5 ≈ 0.55·10⁶ below the point
    expect(Number(m1?.current.p95) - Number(m1?.current.p5)).toBeGreaterThan(800_000);
    expect(Number(m1?.current.p95) - Number(m1?.current.p5)).toBeLessThan(1_000_000);
  });

  it(
    'a custom indicator’s graded input is drawn as a coefficient of its grade, where the input declares it',
    { timeout: 60_000 },
    () => {
      // X1 alone at the accounting year's prices: value = area × y × price = 20 × y × 9000 = 180 000 × y, y = 1.2
      // graded derived → default triangular × [0.8, 1, 1.2]: mean 216 000, sd 216 000 × 0.2 / √6 = 17 636.3;
      // area and price, without a grade, are not drawn.
      const input = {
        ...tinyInput(),
        customIndicators: [
          {
            code: 'X1',
            name: { zh: '测试', en: 'Test' },
            category: 'material',
            unit: 't',
            inputs: { area: '20', y: { value: '1.2', source: 'survey', grade: 'derived' }, price: '9000' },
            physical: 'area * y',
            value: 'physical * price',
            priceYear: 2020,
          },
        ],
      };
      const exclude = account(tinyInput()).indicators.map((i) => i.code);
      const r = uncertainty(input, { draws: 2000, seed: 5, account: { exclude } });
      expect(r.uncertainty.parameters).toEqual([
        {
          id: 'X1.y|*|*|customIndicators',
          kind: 'coefficient',
          key: 'X1.y',
          ecosystem: null,
          grade: 'derived',
          origin: 'default',
          distribution: { distribution: 'triangular', min: 0.8, mode: 1, max: 1.2 },
          source: null,
        },
      ]);
      const x1 = r.uncertainty.indicators[0]!.current;
      expect(Math.abs(Number(x1.mean) - 216_000)).toBeLessThan(1_500); // 3 standard errors: 3 × 17 636 / √2000
      expect(Number(x1.sd) / 17_636.3).toBeGreaterThan(0.9);
      expect(Number(x1.sd) / 17_636.3).toBeLessThan(1.1);
      expect(Number(x1.p5)).toBeGreaterThan(0.8 * 216_000);
      expect(Number(x1.p95)).toBeLessThan(1.2 * 216_000);
      expect(Number(r.uncertainty.plan.check.maxRelativeError)).toBeLessThan(1e-9);
      // By its key like any coefficient; under `inputs` it would be drawn twice: refused.
      const fixed = uncertainty(input, { draws: 4, seed: 5, account: { exclude }, fixed: ['X1.y'] });
      expect(fixed.uncertainty.parameters).toEqual([]);
      const twice = () =>
        uncertainty(input, {
          draws: 4,
          seed: 5,
          account: { exclude },
          inputs: [{ path: ['customIndicators', 0, 'inputs', 'y'], distribution: ZERO }],
        });
      expect(codeOf(twice)).toBe('UNCERTAINTY_INVALID');
      try {
        twice();
      } catch (e) {
        expect((e as GepError).issues[0]).toMatchObject({
          path: ['inputs', 0, 'path'],
          message: {
            en: 'Invalid uncertainty setting: the input at customIndicators.0.inputs.y has a source and grade: it is drawn as the coefficient X1.y; give its distribution under distributions["X1.y"], not under inputs',
            zh: '不确定性设置无效：customIndicators.0.inputs.y 处的输入注明了来源和证据等级，已作为系数 X1.y 抽样：请在 distributions["X1.y"] 下给出其分布，而非在 inputs 下',
          },
        });
      }
    },
  );

  it(
    'tornado: ranked by swing; each end equals the exact account with that coefficient at ±10 %',
    { timeout: 60_000 },
    () => {
      const input = tinyInput();
      const plan = buildPlan(input, {}, {});
      const bars = tornado(plan, 10);
      const swings = bars.map((b) => Number(b.swing));
      expect(swings.length).toBeGreaterThan(3);
      expect(swings).toEqual([...swings].sort((a, b) => b - a));
      const exact = account(input, { rounding: 'exact' });
      const uses = new Map(exact.coefficients.map((c) => [c.id, c]));
      const gepAt = (id: string, x: number) => {
        const k = plan.parameters.findIndex((p) => p.id === id);
        const flat = probe({ json: input, options: {}, uses }, plan.parameters, new Map([[k, x]]));
        return flat.current.reduce((s, v) => s + v, 0);
      };
      for (const bar of bars.slice(0, 2)) {
        expect(Number(bar.low.multiplier)).toBe(0.9);
        const low = gepAt(bar.parameter, 0.9);
        const high = gepAt(bar.parameter, 1.1);
        // the bar's ends are printed to the fen (2 places)
        expect(Math.abs(Number(bar.low.gep) - low)).toBeLessThan(0.01);
        expect(Math.abs(Number(bar.high.gep) - high)).toBeLessThan(0.01);
        expect(Math.abs(Number(bar.swing) - Math.abs(high - low))).toBeLessThan(0.02);
      }
    },
  );

  it(
    'fallbacks: a factor neither power nor affine is tabulated; a dropped cross term shows in the check',
    { timeout: 60_000 },
    () => {
      // X1 = area · (y² + e) · price. In y it is neither a power nor affine (tabulated); in e it is affine.
      // y and e meet inside one sum, so the product form drops the cross term: at x_y = 1.2, x_e = 1.5 the truth is
      // (1.44·1.44 + 0.5·1.5)/1.94 = 1.4555, the plan (1.44·1.44 + 0.5)/1.94 · (1.44 + 0.75)/1.94 = 1.4976 (2.9 % off).
      const input = {
        ...tinyInput(),
        customIndicators: [
          {
            code: 'X1',
            name: { zh: '测试', en: 'Test' },
            category: 'material',
            unit: 't',
            inputs: { area: { value: '300', unit: 'mu', as: 'hm2' }, y: '1.2', extra: '0.5', price: '9000' },
            physical: 'area * (y * y + extra)',
            value: 'physical * price',
            priceYear: 2020,
          },
        ],
      };
      const inputs = [
        {
          path: ['customIndicators', 0, 'inputs', 'y'],
          distribution: { distribution: 'uniform' as const, min: 0.8, max: 1.2 },
        },
        {
          path: ['customIndicators', 0, 'inputs', 'extra'],
          distribution: { distribution: 'uniform' as const, min: 0.5, max: 1.5 },
        },
      ];
      const r = uncertainty(input, { draws: 200, seed: 3, defaults: zeroDefaults, inputs });
      const fb = r.uncertainty.plan.fallbacks;
      expect(fb.find((f) => f.parameter === 'input:customIndicators.0.inputs.y')).toMatchObject({
        tabulated: 1,
      });
      expect(fb.find((f) => f.parameter === 'input:customIndicators.0.inputs.extra')).toMatchObject({
        affine: 1,
        tabulated: 0,
      });
      const err = Number(r.uncertainty.plan.check.maxRelativeError);
      expect(err).toBeGreaterThan(1e-6);
      expect(err).toBeLessThan(0.1);
    },
  );

  it(
    'first-order Sobol indices lie in [0, 1], sum to at most 1, and rank like the tornado',
    { timeout: 60_000 },
    () => {
      const plan = buildPlan(tinyInput(), {}, {});
      const s = sobolFirstOrder(plan, 4000, 11);
      const values = s.map((x) => Number(x.index));
      for (const v of values) {
        expect(v).toBeGreaterThan(-0.1);
        expect(v).toBeLessThan(1.1);
      }
      // an account is close to additive in its coefficients: first-order indices explain most of the variance
      expect(values.reduce((a, b) => a + b, 0)).toBeGreaterThan(0.6);
      expect(values.reduce((a, b) => a + b, 0)).toBeLessThan(1.2);
      expect(s[0]?.parameter).toBe(tornado(plan)[0]?.parameter);
    },
  );

  it('refusals: draws, Sobol rows and the tornado percent out of their bounds, before any work', () => {
    const issueOf = (options: Parameters<typeof uncertainty>[1]) => {
      try {
        uncertainty(tinyInput(), options);
      } catch (e) {
        if (e instanceof GepError) return e.issues[0];
        throw e;
      }
      return undefined;
    };
    // 10⁹ draws used to reach `new Float64Array(40 × 10⁹)`: a RangeError, exit 70 in the CLI.
    expect(MAX_DRAWS).toBe(1_000_000);
    expect(MAX_SOBOL_ROWS).toBe(100_000);
    for (const draws of [1, 1.5, MAX_DRAWS + 1, 1e9, Number.NaN]) {
      const i = issueOf({ draws });
      expect(i?.code).toBe('UNCERTAINTY_INVALID');
      expect(i?.path).toEqual(['draws']);
      expect(i?.message.en).toContain(`draws must be an integer from 2 to 1,000,000, got ${draws}`);
    }
    // Sobol rows of 0 gave indices "0.0000" from an empty sample (0 / 0), and of −3 no sensitivity at all.
    for (const sobol of [0, 1, -3, 2.5, MAX_SOBOL_ROWS + 1]) {
      const i = issueOf({ draws: 10, sobol });
      expect(i?.code).toBe('UNCERTAINTY_INVALID');
      expect(i?.path).toEqual(['sobol']);
      expect(i?.message.en).toContain(`sobol must be an integer from 2 to 100,000, got ${sobol}`);
    }
    for (const percent of [0, 100, -5, 1e308, Number.NaN]) {
      const i = issueOf({ draws: 10, tornado: { percent } });
      expect(i?.code).toBe('UNCERTAINTY_INVALID');
      expect(i?.path).toEqual(['tornado', 'percent']);
      expect(i?.message.en).toContain(`percent must be between 0 and 100, got ${percent}`);
    }
    // Not a number: true, "10" and [5] compared with 0 and 100 as 1, 10 and 5 and ran (range "±true%"); { } ran
    // at the distributions' p5/p95 as if the object were `true`.
    for (const [percent, got] of [
      [true, 'true'],
      ['10', '"10"'],
      [[5], '[5]'],
      [undefined, 'undefined'],
    ] as const) {
      const i = issueOf({
        draws: 10,
        tornado: (percent === undefined ? {} : { percent }) as unknown as { percent: number },
      });
      expect(i?.code).toBe('UNCERTAINTY_INVALID');
      expect(i?.path).toEqual(['tornado', 'percent']);
      expect(i?.message.en).toContain(`percent must be between 0 and 100, got ${got}`);
    }
    // The generator takes a 32-bit seed: −1 and 4,294,967,295 (and 2³² + 7 and 7) were one seed under two names.
    expect(MAX_SEED).toBe(4_294_967_295);
    for (const seed of [-1, 2 ** 32 + 7, 1e20, 2.5, Number.NaN]) {
      const i = issueOf({ draws: 10, seed });
      expect(i?.code).toBe('UNCERTAINTY_INVALID');
      expect(i?.path).toEqual(['seed']);
      expect(i?.message.en).toContain(`seed must be an integer from 0 to 4,294,967,295, got ${seed}`);
    }
    // the Chinese messages give the same details in Chinese
    expect(issueOf({ draws: 1 })?.message.zh).toBe(
      '不确定性设置无效：draws 必须是 2 到 1,000,000 之间的整数，实际为 1',
    );
    expect(issueOf({ draws: 10, sobol: 0 })?.message.zh).toBe(
      '不确定性设置无效：sobol 必须是 2 到 100,000 之间的整数，实际为 0',
    );
    expect(issueOf({ draws: 10, tornado: { percent: 100 } })?.message.zh).toBe(
      '不确定性设置无效：龙卷风图的百分比必须在 0 与 100 之间，实际为 100',
    );
    expect(issueOf({ draws: 10, seed: -1 })?.message.zh).toBe(
      '不确定性设置无效：seed 必须是 0 到 4,294,967,295 之间的整数，实际为 -1',
    );
    expect(issueOf({ draws: 2, seed: 0 })).toBeUndefined();
    expect(issueOf({ draws: 2, seed: MAX_SEED })).toBeUndefined();
  });

  it(
    'refusals: draws below 2, and a parameter that breaks the account when moved',
    { timeout: 60_000 },
    () => {
      expect(codeOf(() => uncertainty(tinyInput(), { draws: 1 }))).toBe('UNCERTAINTY_INVALID');
      expect(
        codeOf(() =>
          uncertainty(tinyInput(), {
            draws: 10,
            inputs: [{ path: ['year'], distribution: { distribution: 'uniform', min: 0.9, max: 1.1 } }],
          }),
        ),
      ).toBe('UNCERTAINTY_PROBE_FAILED');
      // The year held at its value (zero width at 1), as the refusal's hint advises: not probed (2020 × 1.01 is no
      // year), so the run compiles, and the year draws nothing: GEP's p5 and p95 are its exact value.
      const held = uncertainty(tinyInput(), {
        draws: 10,
        inputs: [{ path: ['year'], distribution: { distribution: 'uniform', min: 1, max: 1 } }],
        fixed: account(tinyInput()).coefficients.map((c) => c.id),
      });
      const gep = account(tinyInput(), { rounding: 'exact' }).totals.gep.current;
      expect(Number(held.uncertainty.gep.current.p5)).toBeCloseTo(Number(gep), 2);
      expect(held.uncertainty.gep.current.p95).toBe(held.uncertainty.gep.current.p5);
      expect(
        codeOf(() =>
          uncertainty(tinyInput(), {
            draws: 10,
            inputs: [{ path: ['nothing', 'here'], distribution: ZERO }],
          }),
        ),
      ).toBe('UNCERTAINTY_INVALID');
      // √y with y drawn from a normal (sd 1) that reaches below 0 a draw in six: refused before any draw
      const rooted = {
        ...tinyInput(),
        customIndicators: [
          {
            code: 'X1',
            name: { zh: '测试', en: 'Test' },
            category: 'material',
            unit: 't',
            inputs: { area: { value: '300', unit: 'mu', as: 'hm2' }, y: '4', price: '9000' },
            physical: 'area * sqrt(y)',
            value: 'physical * price',
            priceYear: 2020,
          },
        ],
      };
      const path = ['customIndicators', 0, 'inputs', 'y'];
      const refused = (() => {
        try {
          uncertainty(rooted, {
            draws: 500,
            inputs: [{ path, distribution: { distribution: 'normal', sd: 1 } }],
          });
        } catch (e) {
          if (e instanceof GepError) return e.issues[0];
          throw e;
        }
        return undefined;
      })();
      expect(refused?.code).toBe('UNCERTAINTY_INVALID');
      expect(refused?.path).toEqual(['inputs', 0, 'distribution']);
      expect(refused?.message.en).toContain('a normal with a relative sd of 1, above 1/6');
    },
  );
});

describe('a clamp the account crosses inside a distribution’s range', () => {
  // R9 values the excess of negative air ions over LY/T 1721's threshold (600 /cm³), clamped at 0. The threshold
  // drawn triangular 0.7–1.3 (420 … 780).
  const withIons = (c: string) => {
    const input = example() as { airIons: { concentration: { value: string } }[] };
    for (const a of input.airIons) a.concentration.value = c;
    return input;
  };
  const opts = {
    draws: 400,
    seed: 5,
    defaults: zeroDefaults,
    distributions: {
      'ions.threshold': { distribution: 'triangular', min: 0.7, mode: 1, max: 1.3 } as Multiplier,
    },
  };
  const r9 = (r: ReturnType<typeof uncertainty>) =>
    r.uncertainty.indicators.find((i) => i.code === 'R9')?.current;

  it(
    'above the threshold at the point (700): no draw below 0, where the straight line past 1.167 went negative',
    { timeout: 60_000 },
    () => {
      // 700 − 600x < 0 for x > 1.1667: an affine factor gave R9 a p5 of −127,219.85 元; every draw is ≥ 0 now
      const s = r9(uncertainty(withIons('700'), opts));
      expect(Number(s?.p5)).toBeGreaterThanOrEqual(0);
      expect(Number(s?.mean)).toBeGreaterThan(0);
    },
  );

  it(
    'below the threshold at the point (590): R9 moves with the draws, where the plan held it at 0',
    { timeout: 60_000 },
    () => {
      // 590 − 600x > 0 for x < 0.9833: P = (0.9833 − 0.7)² / (0.6 × 0.3) = 0.446 of the draws value R9 above 0
      const s = r9(uncertainty(withIons('590'), opts));
      expect(s?.p5).toBe('0.00');
      expect(Number(s?.p95)).toBeGreaterThan(0);
      expect(Number(s?.mean)).toBeGreaterThan(0);
    },
  );
});

describe('a valuation of 0 at the point, and the check of the plan', () => {
  // R9 with the concentration at 590 under the threshold 600: 0 at the point, where the price of ions moves
  // nothing. Drawn with the threshold (triangular 0.7–1.3) and the price (lognormal, gsd e^0.5), R9 = price ×
  // excess: wherever the excess is above 0, the price's spread is R9's too.
  const below = () => {
    const input = example() as { airIons: { concentration: { value: string } }[] };
    for (const a of input.airIons) a.concentration.value = '590';
    return input;
  };
  const threshold = { distribution: 'triangular', min: 0.7, mode: 1, max: 1.3 } as Multiplier;
  const price: Multiplier = { distribution: 'lognormal', sigma: 0.5 };
  const r9 = (r: ReturnType<typeof uncertainty>) =>
    r.uncertainty.indicators.find((i) => i.code === 'R9')?.current;

  it(
    'the price multiplies the excess that is 0 at the point: its spread is in R9, and the plan checks exact',
    { timeout: 120_000 },
    () => {
      const run = (distributions: Record<string, Multiplier>) =>
        uncertainty(below(), { draws: 4000, seed: 9, defaults: zeroDefaults, distributions });
      const alone = run({ 'ions.threshold': threshold });
      const both = run({ 'ions.threshold': threshold, 'price.negative_ion': price });
      // E[price multiplier] = e^(0.5²/2) = 1.133: R9's mean grows by about that; its sd by more (the price's own
      // spread), where the plan that dropped the price gave the same band with and without it
      const [m1, m2] = [Number(r9(alone)?.mean), Number(r9(both)?.mean)];
      expect(m2 / m1).toBeGreaterThan(1.05);
      expect(m2 / m1).toBeLessThan(1.25);
      expect(Number(r9(both)?.sd) / Number(r9(alone)?.sd)).toBeGreaterThan(1.2);
      // the plan is R9 = table(threshold) × price at its anchor: exact at every check draw
      expect(Number(both.uncertainty.plan.check.maxRelativeError)).toBeLessThan(1e-9);
      expect(both.warnings.map((w) => w.code)).not.toContain('UNCERTAINTY_PLAN_APPROXIMATE');
    },
  );

  it(
    'a ±p % tornado is accounted exactly at its ends: no impossible value past a clamp, held values moved too',
    { timeout: 120_000 },
    () => {
      // at 640 with the threshold triangular 0.95–1.05 (its span ends at 1.0499), ±10 % puts it at 660, above 640:
      // R9 is 0 there, not the −963.97 the plan's straight line gave past its span
      const input = example() as { airIons: { concentration: { value: string } }[] };
      for (const a of input.airIons) a.concentration.value = '640';
      const r = uncertainty(input, {
        draws: 50,
        seed: 1,
        defaults: zeroDefaults,
        distributions: {
          'ions.threshold': { distribution: 'triangular', min: 0.95, mode: 1, max: 1.05 } as Multiplier,
        },
        tornado: { percent: 10 },
      });
      const bar = r.uncertainty.sensitivity?.tornado?.bars.find((b) => b.key === 'ions.threshold');
      expect(bar?.high.multiplier).toBe('1.1');
      // GEP with R9 at 0 is GEP less R9 at the point; never below it
      const gep = Number(r.totals.gep.current);
      const r9point = Number(r.indicators.find((i) => i.code === 'R9')?.value.current);
      expect(Number(bar?.high.gep)).toBeCloseTo(gep - r9point, 0);
      // the values every draw holds (here all but the threshold: zeroDefaults, and the tax equivalents' records) are
      // moved ±10 % too: an environmental tax equivalent moves R5's value, so it has a bar
      const bars = r.uncertainty.sensitivity?.tornado?.bars ?? [];
      expect(bars.length).toBeGreaterThan(20);
      expect(bars.some((b) => b.key.startsWith('envtax.'))).toBe(true);
      expect(r.uncertainty.sensitivity?.tornado?.unmoved ?? []).toEqual([]);
    },
  );

  it('relativeError: finite where the exact value is 0, relative to the larger otherwise', () => {
    expect(relativeError(0, 0)).toBe(0);
    expect(relativeError(5, 0)).toBe(1);
    expect(relativeError(-5, 5)).toBe(2);
    // |1.001 − 1| / 1.001 = 0.000999
    expect(relativeError(1.001, 1)).toBeCloseTo(0.000999001, 9);
    // a difference within the noise (float64 rounding at GEP's scale) is none, one above it is measured
    expect(relativeError(5e-13, 0, 7e-3)).toBe(0);
    expect(relativeError(0.008, 0, 7e-3)).toBe(1);
  });

  it(
    'a plan off by more than the tolerance at a check draw is warned UNCERTAINTY_PLAN_APPROXIMATE',
    { timeout: 60_000 },
    () => {
      // X1 = area · (y² + e) · price with y and e drawn: the product form drops the cross term (2.9 % at the
      // corners of their ranges, test above): above CHECK_TOLERANCE (10⁻³) at one of the check draws
      const input = {
        ...tinyInput(),
        customIndicators: [
          {
            code: 'X1',
            name: { zh: '测试', en: 'Test' },
            category: 'material',
            unit: 't',
            inputs: { area: '300', y: '1.2', extra: '0.5', price: '9000' },
            physical: 'area * (y * y + extra)',
            value: 'physical * price',
            priceYear: 2020,
          },
        ],
      };
      const u = (min: number, max: number) => ({ distribution: 'uniform' as const, min, max });
      const r = uncertainty(input, {
        draws: 100,
        seed: 3,
        defaults: zeroDefaults,
        inputs: [
          { path: ['customIndicators', 0, 'inputs', 'y'], distribution: u(0.8, 1.2) },
          { path: ['customIndicators', 0, 'inputs', 'extra'], distribution: u(0.5, 1.5) },
        ],
      });
      expect(CHECK_TOLERANCE).toBe(1e-3);
      const err = Number(r.uncertainty.plan.check.maxRelativeError);
      expect(err).toBeGreaterThan(CHECK_TOLERANCE);
      const w = r.warnings.find((x) => x.code === 'UNCERTAINTY_PLAN_APPROXIMATE');
      expect(w).toMatchObject({
        severity: 'warning',
        path: ['uncertainty', 'plan', 'check'],
        params: { error: err.toExponential(2), points: 8, tolerance: '1e-3' },
      });
      expect(['X1', 'GEP']).toContain(w?.params?.where);
      expect(w?.message.zh).toContain('近似');
    },
  );
});

describe('uncertainty() options it cannot read', () => {
  const issue = (options: unknown) => {
    try {
      uncertainty(tinyInput(), options as never);
    } catch (e) {
      if (e instanceof GepError) return [e.issues[0]?.code, e.issues[0]?.path];
      throw e;
    }
    return undefined;
  };
  it.each([
    ['tornado null', { draws: 10, tornado: null }, ['tornado']],
    // a misspelt percent ran at the default ±10 %
    ['tornado with a misspelt percent', { draws: 10, tornado: { precent: 5 } }, ['tornado']],
    ['inputs not a list', { draws: 10, inputs: {} }, ['inputs']],
    [
      'an input path as a string',
      { draws: 10, inputs: [{ path: 'ecosystems.0.area', distribution: ZERO }] },
      ['inputs', 0, 'path'],
    ],
    [
      'an input path to a text',
      {
        draws: 10,
        inputs: [
          { path: ['ecosystems', 0, 'type'], distribution: { distribution: 'uniform', min: 0.9, max: 1.1 } },
        ],
      },
      ['ecosystems', 0, 'type'],
    ],
    [
      'an input named twice (a quantity and its value)',
      {
        draws: 10,
        inputs: [
          { path: ['ecosystems', 0, 'area'], distribution: { distribution: 'uniform', min: 0.9, max: 1.1 } },
          {
            path: ['ecosystems', 0, 'area', 'value'],
            distribution: { distribution: 'uniform', min: 0.9, max: 1.1 },
          },
        ],
      },
      ['inputs', 1, 'path'],
    ],
    ['a seed of null', { draws: 10, seed: null }, ['seed']],
    ['fixed as a string', { draws: 10, fixed: 'price.water' }, ['fixed']],
    ['a misspelt key in fixed', { draws: 10, fixed: ['nope.key'] }, ['fixed', 0]],
    [
      'a misspelt key in distributions',
      { draws: 10, distributions: { 'nope.key': ZERO } },
      ['distributions', 'nope.key'],
    ],
  ])('%s is UNCERTAINTY_INVALID at its place', (_what, options, path) => {
    expect(issue(options)).toEqual(['UNCERTAINTY_INVALID', path]);
  });

  it('an input of 0 is UNCERTAINTY_INVALID at its path: every multiple of it is 0', () => {
    const input = tinyInput() as { ecosystems: { area: { value: string } }[] };
    (input.ecosystems[1] as { area: { value: string } }).area.value = '0';
    let e: unknown;
    try {
      uncertainty(input, {
        draws: 10,
        inputs: [
          { path: ['ecosystems', 1, 'area'], distribution: { distribution: 'uniform', min: 0.9, max: 1.1 } },
        ],
      });
    } catch (x) {
      e = x;
    }
    expect((e as GepError).issues[0]).toMatchObject({
      code: 'UNCERTAINTY_INVALID',
      path: ['ecosystems', 1, 'area'],
    });
    expect((e as GepError).issues[0]?.message.en).toContain('the input at ecosystems.1.area is 0');
    expect((e as GepError).issues[0]?.message.zh).toContain('处的输入为 0');
  });

  it('an input named twice says which entry named it first, in both languages', () => {
    const u = { distribution: 'uniform' as const, min: 0.9, max: 1.1 };
    let e: unknown;
    try {
      uncertainty(tinyInput(), {
        draws: 10,
        inputs: [
          { path: ['ecosystems', 0, 'area'], distribution: u },
          { path: ['ecosystems', 0, 'area'], distribution: u },
        ],
      });
    } catch (x) {
      e = x;
    }
    const issue0 = (e as GepError).issues[0];
    expect(issue0?.message.en).toContain('is named already by inputs[0] (ecosystems.0.area)');
    expect(issue0?.message.zh).toContain('已由 inputs[0]（ecosystems.0.area）给出');
  });

  it('a misspelt key is answered with the key it was likely meant to be', () => {
    const key = account(tinyInput()).coefficients[0]?.key as string;
    const typo = `${key.slice(0, -1)}`;
    try {
      uncertainty(tinyInput(), { draws: 10, fixed: [typo] });
      expect.unreachable();
    } catch (e) {
      expect((e as GepError).issues[0]?.params?.detail).toBe(
        `${JSON.stringify(typo)} is no coefficient id or key the account used (did you mean ${key}?)`,
      );
    }
  });
});
