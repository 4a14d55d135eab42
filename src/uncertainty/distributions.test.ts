import { describe, expect, it } from 'vitest';
import { dec } from '../core/decimal';
import { GepError } from '../core/errors';
import {
  type Multiplier,
  checkMultiplier,
  defaultFor,
  multiplierOf,
  normalQuantile,
  quantile,
  sample,
  span,
} from './distributions';
import { Xoshiro128 } from './prng';

const issueOf = (f: () => unknown) => {
  try {
    f();
  } catch (e) {
    if (e instanceof GepError) return e.issues[0];
    throw e;
  }
  return undefined;
};
const codeOf = (f: () => unknown) => issueOf(f)?.code;

/**
 * The largest distance between the empirical CDF of `xs` and `cdf` (the Kolmogorov–Smirnov statistic). Under the
 * distribution it exceeds 1.63/√n with probability 1 %; the seeds below are fixed, so each test is deterministic.
 */
function ks(xs: number[], cdf: (x: number) => number): number {
  const sorted = [...xs].sort((a, b) => a - b);
  const n = sorted.length;
  let d = 0;
  sorted.forEach((x, i) => {
    const f = cdf(x);
    d = Math.max(d, Math.abs(f - (i + 1) / n), Math.abs(f - i / n));
  });
  return d;
}
const draws = (m: Multiplier, n: number, seed: number): number[] => {
  const rng = new Xoshiro128(seed);
  return Array.from({ length: n }, () => sample(m, rng));
};
const about = { source: { document: 'test' }, grade: 'derived' as const };

describe('generator and distributions', () => {
  it('xoshiro128** is reproducible and uniform on [0, 1)', () => {
    const a = new Xoshiro128(7);
    const b = new Xoshiro128(7);
    const xs = Array.from({ length: 20_000 }, () => a.next());
    expect(xs).toEqual(Array.from({ length: 20_000 }, () => b.next()));
    expect(Math.min(...xs)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...xs)).toBeLessThan(1);
    // mean of U(0,1) is 1/2 with sd 1/sqrt(12·20000) ≈ 0.002: within 0.01 is 5 sd
    expect(Math.abs(xs.reduce((s, x) => s + x, 0) / xs.length - 0.5)).toBeLessThan(0.01);
    expect(new Xoshiro128(8).next()).not.toBe(xs[0]);
  });

  it('samples have the moments of their distribution', () => {
    const rng = new Xoshiro128(1);
    const moments = (m: Multiplier) => {
      const xs = Array.from({ length: 40_000 }, () => sample(m, rng));
      const mean = xs.reduce((s, x) => s + x, 0) / xs.length;
      return { mean, sd: Math.sqrt(xs.reduce((s, x) => s + (x - mean) ** 2, 0) / (xs.length - 1)), xs };
    };
    // normal(1, 0.1): mean 1, sd 0.1
    const n = moments({ distribution: 'normal', sd: 0.1 });
    expect(n.mean).toBeCloseTo(1, 2);
    expect(n.sd).toBeCloseTo(0.1, 2);
    // triangular(0.7, 1, 1.3): mean (0.7+1+1.3)/3 = 1, variance (a²+b²+c²−ab−ac−bc)/18 = 0.09·3/18 = 0.015 → sd 0.1225
    const t = moments({ distribution: 'triangular', min: 0.7, mode: 1, max: 1.3 });
    expect(t.mean).toBeCloseTo(1, 2);
    expect(t.sd).toBeCloseTo(0.1225, 2);
    expect(Math.min(...t.xs)).toBeGreaterThanOrEqual(0.7);
    // PERT(0, 1, 4): mean (0 + 4·1 + 4)/6 = 4/3
    expect(moments({ distribution: 'pert', min: 0, mode: 1, max: 4 }).mean).toBeCloseTo(4 / 3, 1);
    // lognormal σ = ln 1.5: median 1, mean exp(σ²/2) = exp(0.0822) = 1.0857
    expect(moments({ distribution: 'lognormal', sigma: Math.log(1.5) }).mean).toBeCloseTo(1.0857, 1);
  });

  it('quantiles: Φ⁻¹(0.975) = 1.959964, triangular and PERT inverse CDFs', () => {
    expect(normalQuantile(0.975)).toBeCloseTo(1.959964, 6);
    expect(normalQuantile(0.01)).toBeCloseTo(-2.326348, 6);
    // triangular(0, 1, 2) at p = 0.125: 0 + sqrt(0.125·2·1) = 0.5
    expect(quantile({ distribution: 'triangular', min: 0, mode: 1, max: 2 }, 0.125)).toBeCloseTo(0.5, 12);
    // PERT symmetric (0, 1, 2): the median is the mode
    expect(quantile({ distribution: 'pert', min: 0, mode: 1, max: 2 }, 0.5)).toBeCloseTo(1, 3);
  });

  it("a record's distribution becomes a multiplier of its value", () => {
    // value 2, uniform [1, 3] → multipliers [0.5, 1.5]
    expect(multiplierOf({ distribution: 'uniform', min: dec(1), max: dec(3), ...about }, dec(2), [])).toEqual(
      {
        distribution: 'uniform',
        min: 0.5,
        max: 1.5,
      },
    );
    // value 8, normal sd 1 → sd 0.125; lognormal gsd e → σ 1
    expect(multiplierOf({ distribution: 'normal', sd: dec(1), ...about }, dec(8), [])).toEqual({
      distribution: 'normal',
      sd: 0.125,
    });
    expect(multiplierOf({ distribution: 'lognormal', gsd: dec(Math.E), ...about }, dec(4), [])).toEqual({
      distribution: 'lognormal',
      sigma: 1,
    });
    // value −2, triangular [−3, −1]: multipliers reverse: min 0.5 (from −1), max 1.5 (from −3)
    expect(
      multiplierOf({ distribution: 'triangular', min: dec(-3), max: dec(-1), ...about }, dec(-2), []),
    ).toEqual({
      distribution: 'triangular',
      min: 0.5,
      mode: 1,
      max: 1.5,
    });
    expect(
      codeOf(() => multiplierOf({ distribution: 'pert', min: dec(3), max: dec(4), ...about }, dec(2), ['x'])),
    ).toBe('UNCERTAINTY_INVALID');
    expect(codeOf(() => multiplierOf({ distribution: 'normal', sd: dec(1), ...about }, dec(0), ['x']))).toBe(
      'UNCERTAINTY_INVALID',
    );
  });
});

describe('defaults, refusals and modes', () => {
  it('the default of a grade is triangular around 1 with its half-width, unless one is given for the grade', () => {
    // half-widths 5, 10, 20, 30, 50 %: verified 0.95 … 1.05, …, assumed 0.5 … 1.5
    const tri = (min: number, max: number) => ({ distribution: 'triangular', min, mode: 1, max });
    expect(defaultFor('verified')).toEqual(tri(0.95, 1.05));
    expect(defaultFor('published')).toEqual(tri(0.9, 1.1));
    expect(defaultFor('derived')).toEqual(tri(0.8, 1.2));
    expect(defaultFor('secondary')).toEqual(tri(0.7, 1.3));
    expect(defaultFor('assumed')).toEqual(tri(0.5, 1.5));
    const own: Multiplier = { distribution: 'uniform', min: 0.6, max: 1.4 };
    expect(defaultFor('assumed', { assumed: own })).toBe(own);
    expect(defaultFor('verified', { assumed: own })).toEqual(tri(0.95, 1.05));
  });

  it('a multiplier given by the caller is checked as a record’s distribution is', () => {
    const refused = (m: unknown) => {
      const i = issueOf(() => checkMultiplier(m, ['distributions', 'k']));
      return [i?.code, i?.path, i?.params?.detail];
    };
    // Each of these was sampled as given: a reversed triangle (0.5, 3, 1.5) put R1's mean at 16.74bn for 10.8bn.
    expect(refused({ distribution: 'triangular', min: 0.5, mode: 3, max: 1.5 })).toEqual([
      'UNCERTAINTY_INVALID',
      ['distributions', 'k'],
      'triangular needs min ≤ mode ≤ max, got 0.5, 3, 1.5',
    ]);
    expect(refused({ distribution: 'uniform', min: 1.8, max: 0.2 })).toEqual([
      'UNCERTAINTY_INVALID',
      ['distributions', 'k'],
      'uniform needs min ≤ max, got 1.8, 0.2',
    ]);
    expect(refused({ distribution: 'normal', sd: -0.1 })).toEqual([
      'UNCERTAINTY_INVALID',
      ['distributions', 'k', 'sd'],
      'sd -0.1 < 0',
    ]);
    expect(refused({ distribution: 'lognormal', sigma: -1 })[1]).toEqual(['distributions', 'k', 'sigma']);
    expect(refused({ distribution: 'normal' })[2]).toBe('sd must be a finite number, got undefined');
    expect(refused({ distribution: 'gamma' })[1]).toEqual(['distributions', 'k', 'distribution']);
    expect(refused(null)[1]).toEqual(['distributions', 'k', 'distribution']);
    const fine: Multiplier = { distribution: 'pert', min: 0.5, mode: 1, max: 1.5 };
    expect(checkMultiplier(fine, [])).toBe(fine);
    expect(checkMultiplier({ distribution: 'normal', sd: 0 }, [])).toEqual({ distribution: 'normal', sd: 0 });
  });

  it('each refusal names its reason and the path', () => {
    const refused = (f: () => unknown) => {
      const i = issueOf(f);
      return [i?.code, i?.path, i?.params?.detail];
    };
    expect(
      refused(() => multiplierOf({ distribution: 'normal', sd: dec(1), ...about }, dec(0), ['x'])),
    ).toEqual(['UNCERTAINTY_INVALID', ['x'], 'the point value is 0: a distribution around it cannot scale']);
    expect(
      refused(() => multiplierOf({ distribution: 'normal', sd: dec(-1), ...about }, dec(4), ['x'])),
    ).toEqual(['UNCERTAINTY_INVALID', ['x'], 'sd -1 < 0']);
    expect(
      refused(() => multiplierOf({ distribution: 'lognormal', gsd: dec('0.5'), ...about }, dec(4), ['x'])),
    ).toEqual(['UNCERTAINTY_INVALID', ['x'], 'gsd 0.5 < 1']);
    expect(
      refused(() => multiplierOf({ distribution: 'lognormal', gsd: dec(2), ...about }, dec(-4), ['x'])),
    ).toEqual(['UNCERTAINTY_INVALID', ['x'], 'a lognormal needs a positive value']);
    expect(
      refused(() =>
        multiplierOf({ distribution: 'pert', min: dec(3), mode: dec(1), max: dec(4), ...about }, dec(2), [
          'x',
        ]),
      ),
    ).toEqual(['UNCERTAINTY_INVALID', ['x'], 'pert needs min ≤ mode ≤ max, got 3, 1, 4']);
    expect(
      refused(() =>
        multiplierOf({ distribution: 'triangular', min: dec(3), max: dec(4), ...about }, dec(2), ['x']),
      ),
    ).toEqual(['UNCERTAINTY_INVALID', ['x'], 'triangular needs min ≤ value ≤ max, got 3, 2, 4']);
    expect(
      refused(() =>
        multiplierOf({ distribution: 'uniform', min: dec(1), max: dec('1.5'), ...about }, dec(2), ['x']),
      ),
    ).toEqual(['UNCERTAINTY_INVALID', ['x'], 'uniform needs min ≤ value ≤ max, got 1, 2, 1.5']);
    expect(
      refused(() =>
        multiplierOf({ distribution: 'pert', min: dec(3), mode: undefined, max: dec(4), ...about }, dec(2), [
          'x',
        ]),
      ),
    ).toEqual(['UNCERTAINTY_INVALID', ['x'], 'pert needs min ≤ value ≤ max, got 3, 2, 4']);
  });

  it('a distribution that reaches 0 or below is refused; a normal up to 1/6 of the value passes', () => {
    const why = (f: () => unknown) => {
      const i = issueOf(f);
      return [i?.code, i?.path, i?.params?.detail];
    };
    // options: a normal of relative sd 0.4 (Φ(−2.5) = 0.6 % of draws at 0 or below) and a uniform from −0.5
    expect(why(() => checkMultiplier({ distribution: 'normal', sd: 0.4 }, ['distributions', 'k']))).toEqual([
      'UNCERTAINTY_INVALID',
      ['distributions', 'k'],
      'a normal with a relative sd of 0.4, above 1/6, draws the parameter at 0 or below with a probability of 1e-9 or more (use a lognormal or a bounded distribution above 0)',
    ]);
    expect(why(() => checkMultiplier({ distribution: 'uniform', min: -0.5, max: 1.5 }, ['d']))).toEqual([
      'UNCERTAINTY_INVALID',
      ['d'],
      'uniform reaches -0.5 (a multiplier of -0.5): the parameter would be drawn at 0 or of the other sign; its range must stay above 0',
    ]);
    // a min of exactly 0 is refused too (the parameter drawn at 0); triangular and PERT alike
    expect(why(() => checkMultiplier({ distribution: 'triangular', min: 0, mode: 1, max: 2 }, []))[0]).toBe(
      'UNCERTAINTY_INVALID',
    );
    expect(why(() => checkMultiplier({ distribution: 'pert', min: 0, mode: 1, max: 2 }, []))[0]).toBe(
      'UNCERTAINTY_INVALID',
    );
    // the edge: 1/6 passes, a hair above does not; a lognormal of any sigma passes
    expect(checkMultiplier({ distribution: 'normal', sd: 1 / 6 }, [])).toEqual({
      distribution: 'normal',
      sd: 1 / 6,
    });
    expect(why(() => checkMultiplier({ distribution: 'normal', sd: 1 / 6 + 1e-12 }, []))[0]).toBe(
      'UNCERTAINTY_INVALID',
    );
    expect(checkMultiplier({ distribution: 'lognormal', sigma: 3 }, [])).toEqual({
      distribution: 'lognormal',
      sigma: 3,
    });
    // a record: electricity price 0.53 元/kWh, uniform −0.5 … 1.5 → multipliers −0.943… and 2.83…; its value at the
    // lower end is −0.5 元/kWh
    expect(
      why(() =>
        multiplierOf({ distribution: 'uniform', min: dec('-0.5'), max: dec('1.5'), ...about }, dec('0.53'), [
          'x',
        ]),
      )[2],
    ).toBe(
      `uniform reaches -0.5 (a multiplier of ${-0.5 / 0.53}): the parameter would be drawn at 0 or of the other sign; its range must stay above 0`,
    );
    // a negative value −4 with triangular −6 … −1: multipliers 0.25 … 1.5, above 0; with max +1 the multiplier −0.25
    // is the value +1, of the other sign: its range must stay below 0
    expect(
      multiplierOf({ distribution: 'triangular', min: dec(-6), max: dec(-1), ...about }, dec(-4), []),
    ).toEqual({ distribution: 'triangular', min: 0.25, mode: 1, max: 1.5 });
    expect(
      why(() =>
        multiplierOf({ distribution: 'triangular', min: dec(-6), max: dec(1), ...about }, dec(-4), ['x']),
      )[2],
    ).toBe(
      'triangular reaches 1 (a multiplier of -0.25): the parameter would be drawn at 0 or of the other sign; its range must stay below 0',
    );
    // a record's normal: sd 1 around 4 is a relative 0.25, above 1/6
    expect(why(() => multiplierOf({ distribution: 'normal', sd: dec(1), ...about }, dec(4), ['x']))[0]).toBe(
      'UNCERTAINTY_INVALID',
    );
  });

  it('a normal draw at 0 or below is refused, never passed on', () => {
    // sd 1/6 draws below 0 with a probability of 1e-9: a generator whose uniforms give z ≤ −6 shows the guard. Box–
    // Muller's cosine branch: z = √(−2 ln u₁) cos(2π u₂); u₁ = 1e-9, u₂ = 0.5: z = −√41.45 = −6.438, x = 1 − 6.438 / 6
    // = −0.073.
    const rng = { nextOpen: () => 1e-9, next: () => 0.5 };
    expect(
      issueOf(() => sample({ distribution: 'normal', sd: 1 / 6 }, rng as never))?.params?.detail,
    ).toMatch(/^a normal multiplier \(sd 0\.1666+\) was drawn at -0\.0729830131/);
  });

  it('a given mode is divided by the value; a mode given as undefined is the value', () => {
    // value 2, triangular (1, 1.5, 3) → multipliers (0.5, 0.75, 1.5); PERT without a mode → mode 2/2 = 1
    expect(
      multiplierOf(
        { distribution: 'triangular', min: dec(1), mode: dec('1.5'), max: dec(3), ...about },
        dec(2),
        [],
      ),
    ).toEqual({ distribution: 'triangular', min: 0.5, mode: 0.75, max: 1.5 });
    expect(
      multiplierOf({ distribution: 'pert', min: dec(1), mode: undefined, max: dec(3), ...about }, dec(2), []),
    ).toEqual({ distribution: 'pert', min: 0.5, mode: 1, max: 1.5 });
    // value −8, normal sd 1 → sd |1 / −8| = 0.125
    expect(multiplierOf({ distribution: 'normal', sd: dec(1), ...about }, dec(-8), [])).toEqual({
      distribution: 'normal',
      sd: 0.125,
    });
  });
});

describe('quantiles by hand', () => {
  it('Φ⁻¹ in its centre and both tails, odd about 1/2 (Acklam: within 1.2e-9 relative)', () => {
    // reference values of Φ⁻¹ (Wichura's AS 241, to 1e-16)
    expect(normalQuantile(0.5)).toBe(0);
    expect(normalQuantile(0.75)).toBeCloseTo(0.6744897502, 9);
    expect(normalQuantile(0.999)).toBeCloseTo(3.0902323062, 8);
    expect(normalQuantile(0.9995)).toBeCloseTo(3.2905267315, 8);
    expect(normalQuantile(0.001)).toBeCloseTo(-3.0902323062, 8);
    for (const p of [0.0005, 0.01, 0.2, 0.4])
      expect(normalQuantile(1 - p)).toBeCloseTo(-normalQuantile(p), 8);
  });

  it('the quantile of each multiplier', () => {
    // normal sd 0.1 at 97.5 %: 1 + 0.1 × 1.959964 = 1.1959964
    expect(quantile({ distribution: 'normal', sd: 0.1 }, 0.975)).toBeCloseTo(1.1959964, 7);
    // lognormal σ = ln 2 at 97.5 %: exp(ln 2 × 1.959964) = 2^1.959964 = 3.890523
    expect(quantile({ distribution: 'lognormal', sigma: Math.log(2) }, 0.975)).toBeCloseTo(3.890523, 6);
    // uniform (0.8, 1.2) at 25 %: 0.8 + 0.4 × 0.25 = 0.9
    expect(quantile({ distribution: 'uniform', min: 0.8, max: 1.2 }, 0.25)).toBeCloseTo(0.9, 12);
    // triangular (0, 1, 2) at 87.5 %, past the mode: 2 − √(0.125 × 2 × 1) = 1.5
    expect(quantile({ distribution: 'triangular', min: 0, mode: 1, max: 2 }, 0.875)).toBeCloseTo(1.5, 12);
    // triangular (1, 1.5, 3): width 2, the mode at F = 0.5 / 2 = 0.25
    //   6.25 %: 1 + √(0.0625 × 2 × 0.5) = 1.25;  50 %: 3 − √(0.5 × 2 × 1.5) = 3 − √1.5 = 1.7752551
    const tri: Multiplier = { distribution: 'triangular', min: 1, mode: 1.5, max: 3 };
    expect(quantile(tri, 0.0625)).toBeCloseTo(1.25, 12);
    expect(quantile(tri, 0.5)).toBeCloseTo(1.7752551286, 9);
    // zero width: the one value
    expect(quantile({ distribution: 'triangular', min: 1.2, mode: 1.2, max: 1.2 }, 0.3)).toBe(1.2);
    expect(quantile({ distribution: 'pert', min: 1.2, mode: 1.2, max: 1.2 }, 0.3)).toBe(1.2);
  });

  it('PERT quantiles against the closed-form Beta CDF of integer shapes', () => {
    // PERT (1, 2, 5): width 4, Beta(1 + 4 × 1/4, 1 + 4 × 3/4) = Beta(2, 4), whose CDF is P(Bin(5, x) ≥ 2)
    //   = 1 − (1 − x)⁵ − 5x(1 − x)⁴; at x = 1/2: 1 − 1/32 − 5/32 = 0.8125 → the 81.25 % quantile is 1 + 4 × 0.5 = 3
    expect(quantile({ distribution: 'pert', min: 1, mode: 2, max: 5 }, 0.8125)).toBeCloseTo(3, 6);
    // PERT (1, 1, 2): Beta(1, 5), CDF 1 − (1 − x)⁵; 1 − 1/32 = 0.96875 at x = 1/2 → 1.5; 1 − 0.9⁵ = 0.40951 at 0.1 → 1.1
    const pert: Multiplier = { distribution: 'pert', min: 1, mode: 1, max: 2 };
    expect(quantile(pert, 0.96875)).toBeCloseTo(1.5, 6);
    expect(quantile(pert, 0.40951)).toBeCloseTo(1.1, 6);
    // the ends: 0 % is min, 100 % is max
    expect(quantile({ distribution: 'pert', min: 1, mode: 2, max: 5 }, 0)).toBe(1);
    expect(quantile({ distribution: 'pert', min: 1, mode: 2, max: 5 }, 1)).toBe(5);
  });

  it('span is the 0.05 % and 99.95 % quantiles', () => {
    // triangular (0.9, 1, 1.1): 0.9 + √(0.0005 × 0.2 × 0.1) = 0.9 + √1e-5 = 0.9031623; 1.1 − √1e-5 = 1.0968377
    const [lo, hi] = span({ distribution: 'triangular', min: 0.9, mode: 1, max: 1.1 });
    expect(lo).toBeCloseTo(0.9031622777, 9);
    expect(hi).toBeCloseTo(1.0968377223, 9);
  });
});

describe('samples against their distributions', () => {
  it('a zero-width multiplier is its one value and takes no draw from the generator', () => {
    const zero: [Multiplier, number][] = [
      [{ distribution: 'normal', sd: 0 }, 1],
      [{ distribution: 'lognormal', sigma: 0 }, 1],
      [{ distribution: 'uniform', min: 1.2, max: 1.2 }, 1.2],
      [{ distribution: 'triangular', min: 1.2, mode: 1.2, max: 1.2 }, 1.2],
      [{ distribution: 'pert', min: 1.2, mode: 1.2, max: 1.2 }, 1.2],
    ];
    for (const [m, x] of zero) {
      const rng = new Xoshiro128(3);
      expect(sample(m, rng)).toBe(x);
      // The next draw is the generator's first: other parameters' draws do not depend on this one's width.
      expect(rng.next()).toBe(new Xoshiro128(3).next());
    }
  });

  it('normal draws (Box–Muller) follow Φ: the empirical CDF at 99 quantiles within the KS bound', () => {
    const m: Multiplier = { distribution: 'normal', sd: 0.1 };
    const n = 20_000;
    const xs = draws(m, n, 11);
    let d = 0;
    for (let k = 1; k < 100; k++) {
      const q = quantile(m, k / 100);
      d = Math.max(d, Math.abs(xs.filter((x) => x <= q).length / n - k / 100));
    }
    expect(d).toBeLessThan(1.63 / Math.sqrt(n));
  });

  it('uniform and triangular draws follow their CDFs (KS at 1 %)', () => {
    const n = 20_000;
    const u = draws({ distribution: 'uniform', min: 0.8, max: 1.2 }, n, 12);
    expect(Math.min(...u)).toBeGreaterThanOrEqual(0.8);
    expect(Math.max(...u)).toBeLessThan(1.2);
    // F(x) = (x − 0.8) / 0.4
    expect(ks(u, (x) => (x - 0.8) / 0.4)).toBeLessThan(1.63 / Math.sqrt(n));
    // triangular (1, 1.5, 3): F(x) = (x − 1)² / (2 × 0.5) up to the mode, 1 − (3 − x)² / (2 × 1.5) past it
    const t = draws({ distribution: 'triangular', min: 1, mode: 1.5, max: 3 }, n, 13);
    expect(ks(t, (x) => (x <= 1.5 ? (x - 1) ** 2 / 1 : 1 - (3 - x) ** 2 / 3))).toBeLessThan(
      1.63 / Math.sqrt(n),
    );
  });

  it('PERT draws (Marsaglia–Tsang gammas) follow the Beta CDF (KS at 1 %)', { timeout: 60_000 }, () => {
    // PERT (1, 1, 2) = 1 + Beta(1, 5): F(x) = 1 − (2 − x)⁵ — the shape where a gamma of a = 1 is drawn
    const n = 100_000;
    const a = draws({ distribution: 'pert', min: 1, mode: 1, max: 2 }, n, 14);
    expect(Math.min(...a)).toBeGreaterThanOrEqual(1);
    expect(ks(a, (x) => 1 - (2 - x) ** 5)).toBeLessThan(1.63 / Math.sqrt(n));
    // PERT (1, 2, 5) = 1 + 4 × Beta(2, 4): F = 1 − (1 − y)⁵ − 5y(1 − y)⁴ at y = (x − 1) / 4
    const m = 20_000;
    const b = draws({ distribution: 'pert', min: 1, mode: 2, max: 5 }, m, 15);
    const beta24 = (y: number) => 1 - (1 - y) ** 5 - 5 * y * (1 - y) ** 4;
    expect(ks(b, (x) => beta24((x - 1) / 4))).toBeLessThan(1.63 / Math.sqrt(m));
  });
});
