import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Decimal } from '../core/decimal';
import type { AreaUnit } from '../core/units';
import { AreaSum } from './area-sum';

function sumOf(parts: readonly (readonly [string, AreaUnit])[]): AreaSum {
  const s = new AreaSum();
  for (const [v, u] of parts) s.add(v, u);
  return s;
}

describe('AreaSum: an exact sum of areas in hm²', () => {
  it('empty is zero, at any number of places', () => {
    const s = new AreaSum();
    expect(s.toFixed()).toBe('0.0000');
    expect(s.toFixed(0)).toBe('0');
    expect(s.toFixed(2)).toBe('0.00');
  });

  it('each area unit in hm²', () => {
    // 1 hm² = 1; 2.5 km² = 250 hm²; 12 345 m² = 1.2345 hm²; 3 亩 = 3/15 = 0.2 hm²
    expect(sumOf([['1', 'hm2']]).toFixed()).toBe('1.0000');
    expect(sumOf([['2.5', 'km2']]).toFixed()).toBe('250.0000');
    expect(sumOf([['12345', 'm2']]).toFixed()).toBe('1.2345');
    expect(sumOf([['3', 'mu']]).toFixed()).toBe('0.2000');
    // 1.5 万亩 = 15 000 亩 = 1 000 hm²; 0.25 千hm² = 250 hm²; 0.001 万hm² = 10 hm²; 0.0001 万km² = 100 hm²
    expect(sumOf([['1.5', 'wan_mu']]).toFixed()).toBe('1000.0000');
    expect(sumOf([['0.25', 'qian_hm2']]).toFixed()).toBe('250.0000');
    expect(sumOf([['0.001', 'wan_hm2']]).toFixed()).toBe('10.0000');
    expect(sumOf([['0.0001', 'wan_km2']]).toFixed()).toBe('100.0000');
  });

  it('亩 never rounds before the end: fifteen 1 亩 parcels are exactly 1 hm²', () => {
    // 1 亩 = 1/15 hm² = 0.0666… → 0.0667 printed alone
    expect(sumOf([['1', 'mu']]).toFixed()).toBe('0.0667');
    // 15 × 1/15 = 1 exactly (fifteen rounded 0.0667 would give 1.0005)
    expect(sumOf(Array.from({ length: 15 }, () => ['1', 'mu'] as const)).toFixed()).toBe('1.0000');
    // 1 亩 + 0.5 m² + 1 hm²: 1/15 + 1/20 000 + 1 = (4 000 + 3 + 60 000) / 60 000 = 64 003 / 60 000 = 1.06671666…
    expect(
      sumOf([
        ['1', 'mu'],
        ['0.5', 'm2'],
        ['1', 'hm2'],
      ]).toFixed(6),
    ).toBe('1.066717');
    // the same parts in another order: the same sum
    expect(
      sumOf([
        ['0.5', 'm2'],
        ['1', 'hm2'],
        ['1', 'mu'],
      ]).toFixed(6),
    ).toBe('1.066717');
  });

  it('mixes denominators that do not divide each other', () => {
    // 0.3 hm² (3/10) + 1 亩 (1/15): common denominator 30 → 9/30 + 2/30 = 11/30 = 0.36666… → 0.3667
    expect(
      sumOf([
        ['0.3', 'hm2'],
        ['1', 'mu'],
      ]).toFixed(),
    ).toBe('0.3667');
    // 1 亩 (1/15) + 0.01 hm² (1/100): 20/300 + 3/300 = 23/300 = 0.07666… → 0.0767
    expect(
      sumOf([
        ['1', 'mu'],
        ['0.01', 'hm2'],
      ]).toFixed(),
    ).toBe('0.0767');
    // 2 亩 + 0.7 m²: 2/15 + 7/100 000 = 40 000/300 000 + 21/300 000 = 40 021/300 000 = 0.13340333… → 0.1334
    expect(
      sumOf([
        ['2', 'mu'],
        ['0.7', 'm2'],
      ]).toFixed(8),
    ).toBe('0.13340333');
  });

  it('rounds half to even at the last place', () => {
    // 0.5 m² = 0.00005 hm²: a tie between 0.0000 and 0.0001 → the even 0.0000
    expect(sumOf([['0.5', 'm2']]).toFixed()).toBe('0.0000');
    // 1.5 m² = 0.00015 hm² → 0.0002 (even); 2.5 m² = 0.00025 → 0.0002 (even)
    expect(sumOf([['1.5', 'm2']]).toFixed()).toBe('0.0002');
    expect(sumOf([['2.5', 'm2']]).toFixed()).toBe('0.0002');
    // just above and below a tie: 2.51 m² = 0.000251 → 0.0003; 1.49 m² = 0.000149 → 0.0001
    expect(sumOf([['2.51', 'm2']]).toFixed()).toBe('0.0003');
    expect(sumOf([['1.49', 'm2']]).toFixed()).toBe('0.0001');
    // at 0 places: 2.5 hm² → 2, 3.5 hm² → 4, 0.5 hm² → 0, 0.6 hm² → 1
    expect(sumOf([['2.5', 'hm2']]).toFixed(0)).toBe('2');
    expect(sumOf([['3.5', 'hm2']]).toFixed(0)).toBe('4');
    expect(sumOf([['0.5', 'hm2']]).toFixed(0)).toBe('0');
    expect(sumOf([['0.6', 'hm2']]).toFixed(0)).toBe('1');
    // 12.345 hm² to 2 places: a tie → 12.34; 12.355 → 12.36
    expect(sumOf([['12.345', 'hm2']]).toFixed(2)).toBe('12.34');
    expect(sumOf([['12.355', 'hm2']]).toFixed(2)).toBe('12.36');
  });

  it('pads small sums with leading zeros, never loses digits of large ones', () => {
    // 1 m² = 0.0001 hm²; 0.01 m² = 0.000001 hm² → 0.0000 at 4 places, 0.000001 at 6
    expect(sumOf([['1', 'm2']]).toFixed()).toBe('0.0001');
    expect(sumOf([['0.01', 'm2']]).toFixed(6)).toBe('0.000001');
    // 123 456 789 km² = 12 345 678 900 hm²
    expect(sumOf([['123456789', 'km2']]).toFixed(1)).toBe('12345678900.0');
  });

  it('property: the sum of decimal areas is the exact decimal sum rounded half to even, in any order', () => {
    const part = fc.record({
      units: fc.integer({ min: 0, max: 10_000_000 }),
      scale: fc.integer({ min: 0, max: 6 }),
      unit: fc.constantFrom<AreaUnit>('hm2', 'm2', 'km2', 'qian_hm2'),
    });
    const toHm2: Record<string, string> = { hm2: '1', m2: '0.0001', km2: '100', qian_hm2: '1000' };
    fc.assert(
      fc.property(
        fc.array(part, { minLength: 1, maxLength: 20 }),
        fc.integer({ min: 0, max: 6 }),
        (ps, places) => {
          const parts = ps.map(
            (p) => [new Decimal(p.units).div(new Decimal(10).pow(p.scale)).toFixed(p.scale), p.unit] as const,
          );
          let exact = new Decimal(0);
          for (const [v, u] of parts) exact = exact.plus(new Decimal(v).times(toHm2[u] as string));
          const want = exact.toDecimalPlaces(places, Decimal.ROUND_HALF_EVEN).toFixed(places);
          expect(sumOf(parts).toFixed(places)).toBe(want);
          expect(sumOf([...parts].reverse()).toFixed(places)).toBe(want);
        },
      ),
      { numRuns: 200 },
    );
  }, 60_000);

  it('property: 15 k 亩 is k hm², whatever else is added and in any order', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 1, max: 1000 }), { minLength: 1, maxLength: 15 }), (ks) => {
        // each k as 15 parcels of k 亩: Σ 15 k / 15 = Σ k hm²
        const parts = ks.flatMap((k) => Array.from({ length: 15 }, () => [String(k), 'mu'] as const));
        const total = ks.reduce((a, b) => a + b, 0);
        expect(sumOf(parts).toFixed(4)).toBe(`${total}.0000`);
      }),
      { numRuns: 100 },
    );
  }, 60_000);
});

describe('AreaSum.exact: the sum as a decimal when it is one, else a fraction beside a rounded value', () => {
  it('a finite decimal exactly, with the places it needs', () => {
    // 0.4 m² = 0.4 / 10 000 hm² = 1/25 000 = 1/(2³ × 5⁵): five places, 0.00004
    expect(sumOf([['0.4', 'm2']]).exact()).toEqual({ value: '0.00004' });
    // 0.125 hm² = 1/8 = 1/2³: three places (more twos than fives)
    expect(sumOf([['0.125', 'hm2']]).exact()).toEqual({ value: '0.125' });
    // 0.04 hm² = 1/25 = 1/5²: two places (more fives than twos)
    expect(sumOf([['0.04', 'hm2']]).exact()).toEqual({ value: '0.04' });
    // 0.5 + 0.5 hm² = 1: no places; 123 km² = 12 300 hm²
    expect(
      sumOf([
        ['0.5', 'hm2'],
        ['0.5', 'hm2'],
      ]).exact(),
    ).toEqual({ value: '1' });
    expect(sumOf([['123', 'km2']]).exact()).toEqual({ value: '12300' });
    // nothing: 0
    expect(new AreaSum().exact()).toEqual({ value: '0' });
    // 15 亩 + 7.5 亩 = 22.5 / 15 = 1.5 hm²: the fifteenths cancel
    expect(
      sumOf([
        ['15', 'mu'],
        ['7.5', 'mu'],
      ]).exact(),
    ).toEqual({ value: '1.5' });
  });

  it('otherwise the fraction in lowest terms, and the value rounded half to even to 10 places', () => {
    // 1 亩 = 2000/3 m² = 2000/30 000 hm² = 1/15 = 0.0666666666|67 → 0.0666666667
    expect(sumOf([['1', 'mu']]).exact()).toEqual({ value: '0.0666666667', fraction: '1/15' });
    // 2 亩 + 0.1 hm² = 2/15 + 1/10 = 7/30 = 0.2333333333|33 → 0.2333333333
    expect(
      sumOf([
        ['2', 'mu'],
        ['0.1', 'hm2'],
      ]).exact(),
    ).toEqual({ value: '0.2333333333', fraction: '7/30' });
    // 1 亩 × 7 = 7/15 (7 and 15 coprime) = 0.4666666666|67 → 0.4666666667
    expect(sumOf(Array.from({ length: 7 }, () => ['1', 'mu'] as const)).exact()).toEqual({
      value: '0.4666666667',
      fraction: '7/15',
    });
    // 1/3 hm² of 亩 (5 亩) beside 1 m²: 1/3 + 1/10 000 = 10 003/30 000 = 0.3334333333|33 → 0.3334333333
    expect(
      sumOf([
        ['5', 'mu'],
        ['1', 'm2'],
      ]).exact(),
    ).toEqual({ value: '0.3334333333', fraction: '10003/30000' });
  });

  it('property: the value is the fraction (exactly, or within half of 10⁻¹⁰), and the fraction is in lowest terms', () => {
    const part = fc.tuple(
      fc.stringMatching(/^\d{1,6}(\.\d{1,4})?$/),
      fc.constantFrom<AreaUnit>('hm2', 'm2', 'km2', 'mu', 'wan_mu'),
    );
    fc.assert(
      fc.property(fc.array(part, { minLength: 1, maxLength: 5 }), (parts) => {
        const { value, fraction } = sumOf(parts).exact();
        const exact = parts.reduce(
          (a, [v, u]) =>
            a.plus(
              new Decimal(v).times(
                {
                  hm2: 1,
                  m2: '0.0001',
                  km2: 100,
                  mu: new Decimal(1).div(15),
                  wan_mu: new Decimal(10_000).div(15),
                }[u as 'hm2'],
              ),
            ),
          new Decimal(0),
        );
        if (fraction === undefined) {
          expect(new Decimal(value).minus(exact).abs().lte('1e-25')).toBe(true);
        } else {
          const [n, d] = fraction.split('/').map(BigInt) as [bigint, bigint];
          let [a, b] = [n, d];
          while (b !== 0n) [a, b] = [b, a % b];
          expect(a).toBe(1n);
          expect(
            new Decimal(value).minus(new Decimal(n.toString()).div(d.toString())).abs().lte('5e-11'),
          ).toBe(true);
          expect(value.split('.')[1]?.length).toBe(10);
        }
      }),
      { numRuns: 300 },
    );
  }, 60_000);
});

describe('AreaSum.parts and addSum: sums kept apart, then added (a pool of workers)', () => {
  it('parts are numerator and denominator of the sum in hm² (not reduced)', () => {
    // 1 亩 = 1/15 hm²; 0.5 hm² = 1/2 → 1/15 + 1/2 = 2/30 + 15/30 = 17/30
    const [num, den] = sumOf([
      ['1', 'mu'],
      ['0.5', 'hm2'],
    ]).parts();
    expect(num * 30n).toBe(17n * den);
    expect(new AreaSum().parts()).toEqual([0n, 1n]);
  });

  it('addSum adds another sum over the common denominator', () => {
    // 2 亩 = 2/15 hm², plus 0.25 hm² = 1/4: 8/60 + 15/60 = 23/60 = 0.38333… hm²
    const a = sumOf([['2', 'mu']]);
    a.addSum(sumOf([['0.25', 'hm2']]).parts());
    expect(a.exact()).toEqual({ value: '0.3833333333', fraction: '23/60' });
    // and onto an empty sum: the same sum
    const b = new AreaSum();
    b.addSum(a.parts());
    expect(b.exact()).toEqual(a.exact());
  });

  it('property: summing in parts and adding the parts is summing all at once', () => {
    const area = fc.tuple(
      fc.integer({ min: 0, max: 10_000_000 }).map((n) => (n / 100).toFixed(2)),
      fc.constantFrom<AreaUnit>('mu', 'hm2', 'm2', 'km2'),
    );
    fc.assert(
      fc.property(fc.array(fc.array(area, { maxLength: 6 }), { maxLength: 5 }), (groups) => {
        const whole = sumOf(groups.flat());
        const merged = new AreaSum();
        for (const g of groups) merged.addSum(sumOf(g).parts());
        expect(merged.exact()).toEqual(whole.exact());
      }),
      { numRuns: 200 },
    );
  });
});
