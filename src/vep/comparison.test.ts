import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { errorOf } from '../../test/helpers';
import { marketComparison, replacementCost } from './comparison';

const y = (value: string, priceYear = 2024) => ({ value, unit: 'yuan', priceYear });

/** Three comparables of 2024: A and B corrected, B priced per 亩, C of weight 2. */
const market = () => ({
  subject: { area: { value: '30', unit: 'mu' } },
  comparables: [
    {
      id: 'A',
      price: { value: '30000', unit: 'yuan/hm2', priceYear: 2024 },
      factors: { date: '1.02', individual: '0.95' },
    },
    {
      id: 'B',
      price: { value: '2100', unit: 'yuan/mu', priceYear: 2024 },
      factors: { regional: '0.98' },
    },
    { id: 'C', price: { value: '28000', unit: 'yuan/hm2', priceYear: 2024 }, weight: '2' },
  ],
});

describe('market comparison', () => {
  it('weighted mean of corrected unit prices × area', () => {
    // A 30 000 元/hm² × 1.02 × 0.95 = 29 070; B 2 100 元/亩 × 15 亩/hm² = 31 500 元/hm² × 0.98 = 30 870;
    // C 28 000, weight 2. P = (29 070 + 30 870 + 2 × 28 000) / (1 + 1 + 2) = 115 940 / 4 = 28 985 元/hm²;
    // the subject's 30 亩 = 30 / 15 = 2 hm²; V = 28 985 × 2 = 57 970.00
    expect(marketComparison(market())).toEqual({
      method: 'market-comparison',
      comparables: [
        { id: 'A', unitPrice: '30000', corrected: '29070', weight: '1' },
        { id: 'B', unitPrice: '31500', corrected: '30870', weight: '1' },
        { id: 'C', unitPrice: '28000', corrected: '28000', weight: '2' },
      ],
      unitPrice: { value: '28985', unit: 'yuan/hm2' },
      // highest B 30 870, lowest C 28 000: 30 870 / 28 000 = 1.1025, within 1.2
      spread: { highest: 'B', lowest: 'C', ratio: '1.1025' },
      area: { value: '2', unit: 'hm2' },
      value: '57970.00',
      exact: '57970',
      priceYear: 2024,
      warnings: [],
    });
  });

  it('a factor typed as an index (102 for 1.02) is warned, and so are factors large together', () => {
    // The reviewer's case: 10 亩; a 2 000 元/亩 × 102 = 204 000, b 2 100 × 0.98 = 2 058, c 1 900 (per 亩, i.e. × 15
    // per hm²): P = (204 000 + 2 058 + 1 900) / 3 = 69 319.33… 元/亩; V = 10 × 69 319.33… = 693 193.33. Computed,
    // but the factor 102 is outside [0.8, 1.2] and said so.
    const r = marketComparison({
      subject: { area: { value: '10', unit: 'mu' } },
      comparables: [
        { id: 'a', price: { value: '2000', unit: 'yuan/mu', priceYear: 2024 }, factors: { date: '102' } },
        { id: 'b', price: { value: '2100', unit: 'yuan/mu', priceYear: 2024 }, factors: { date: '0.98' } },
        { id: 'c', price: { value: '1900', unit: 'yuan/mu', priceYear: 2024 } },
      ],
    });
    expect(r.value).toBe('693193.33');
    expect(r.warnings.map((w) => [w.code, w.path, w.params])).toEqual([
      [
        'VEP_COMPARISON_ADJUSTMENT_LARGE',
        ['market', 'comparables', 0, 'factors', 'date'],
        { id: 'a', factor: 'date', value: '102', band: '[0.8, 1.2]' },
      ],
      // a 204 000 元/亩 over c 1 900: 2 040 / 19 = 107.368421052631578947… (40 digits shown), far above 1.2
      [
        'VEP_COMPARISON_SPREAD',
        ['market', 'comparables'],
        { highest: 'a', lowest: 'c', ratio: '107.3684210526315789473684210526315789474', limit: '1.2' },
      ],
    ]);
    expect(r.warnings[0]?.message.en).toBe('Comparable "a": correction date = 102 is outside [0.8, 1.2]');
    expect(r.warnings[0]?.message.zh).toBe('可比实例“a”的修正系数 date = 102，超出 [0.8, 1.2]');
    // 1.2 and 0.8 are inside the band (closed); 1.15 × 1.15 = 1.3225 is outside [0.7, 1.3] for the two together
    const factors: Record<string, string>[] = [
      { date: '1.2', regional: '0.8' },
      { date: '1.15', individual: '1.15' },
      {},
    ];
    const m = {
      ...market(),
      comparables: market().comparables.map((c, i) => ({ ...c, factors: factors[i] })),
    };
    expect(marketComparison(m).warnings.map((w) => [w.path, w.params])).toEqual([
      [
        ['market', 'comparables', 1, 'factors'],
        { id: 'B', factor: 'date × individual', value: '1.3225', band: '[0.7, 1.3]' },
      ],
      // A 30 000 × 1.2 × 0.8 = 28 800, B 31 500 × 1.3225 = 41 658.75, C 28 000: 41 658.75 / 28 000 = 1.4878125
      [['market', 'comparables'], { highest: 'B', lowest: 'C', ratio: '1.4878125', limit: '1.2' }],
    ]);
  });

  it('corrected prices that disagree by more than 1.2 times are warned (VEP_COMPARISON_SPREAD), the value kept', () => {
    const three = (a: string, b: string, c: string) =>
      marketComparison({
        subject: { area: { value: '1', unit: 'hm2' } },
        comparables: [
          { id: 'a', price: { value: a, unit: 'yuan/hm2', priceYear: 2024 } },
          { id: 'b', price: { value: b, unit: 'yuan/hm2', priceYear: 2024 } },
          { id: 'c', price: { value: c, unit: 'yuan/hm2', priceYear: 2024 } },
        ],
      });
    // 1 200 / 1 000 = 1.2 exactly: at the limit, not above it
    const at = three('1000', '1100', '1200');
    expect(at.spread).toEqual({ highest: 'c', lowest: 'a', ratio: '1.2' });
    expect(at.warnings).toEqual([]);
    // 1 200.01 / 1 000 = 1.20001: above; the mean (1 000 + 1 100 + 1 200.01) / 3 = 1 100.003333… × 1 hm² → 1 100.00
    const above = three('1000', '1100', '1200.01');
    expect(above.value).toBe('1100.00');
    expect(above.warnings.map((w) => [w.code, w.params])).toEqual([
      ['VEP_COMPARISON_SPREAD', { highest: 'c', lowest: 'a', ratio: '1.20001', limit: '1.2' }],
    ]);
    expect(above.warnings[0]?.message.en).toBe(
      'Corrected unit prices disagree: the highest ("c") is 1.20001 times the lowest ("a"), above 1.2',
    );
    expect(above.warnings[0]?.message.zh).toBe(
      '可比实例修正后单价相差过大：最高（“c”）为最低（“a”）的 1.20001 倍，超过 1.2 倍',
    );
    // equal prices: the first of equals is named, ratio 1; prices per 亩 compare as per m² (900 元/亩 = 13 500 元/hm²)
    const mixed = marketComparison({
      subject: { area: { value: '1', unit: 'hm2' } },
      comparables: [
        { id: 'a', price: { value: '13500', unit: 'yuan/hm2', priceYear: 2024 } },
        { id: 'b', price: { value: '900', unit: 'yuan/mu', priceYear: 2024 } },
        { id: 'c', price: { value: '13500', unit: 'yuan/hm2', priceYear: 2024 } },
      ],
    });
    expect(mixed.spread).toEqual({ highest: 'a', lowest: 'a', ratio: '1' });
    expect(three('5', '5', '5').spread).toEqual({ highest: 'a', lowest: 'a', ratio: '1' });
  });

  it('prices in 万元 and areas in km², the value rounded to the fen half to even', () => {
    // three comparables of 0.3 万元/hm² = 3 000 元/hm², no factors, weights 1: P = 3 000 元/hm²;
    // 0.0000333 km² = 0.00333 hm²; V = 3 000 × 0.00333 = 9.99 exactly.
    // With weights 1, 1 and 0.5 and the third at 0.3001 万元/hm² = 3 001 元/hm²:
    // P = (3 000 + 3 000 + 0.5 × 3 001) / 2.5 = 7 500.5 / 2.5 = 3 000.2 元/hm²; V = 3 000.2 × 0.00333 = 9.990666 → 9.99
    const c = (id: string, value: string, weight?: string) => ({
      id,
      price: { value, unit: 'wan_yuan/hm2', priceYear: 2020 },
      ...(weight === undefined ? {} : { weight }),
    });
    const area = { value: '0.0000333', unit: 'km2' };
    const even = marketComparison({
      subject: { area },
      comparables: [c('x', '0.3'), c('y', '0.3'), c('z', '0.3')],
    });
    expect(even).toMatchObject({
      unitPrice: { value: '3000', unit: 'yuan/hm2' },
      area: { value: '0.00333', unit: 'hm2' },
      value: '9.99',
      exact: '9.99',
      priceYear: 2020,
    });
    const weighted = marketComparison({
      subject: { area },
      comparables: [c('x', '0.3'), c('y', '0.3'), c('z', '0.3001', '0.5')],
    });
    expect(weighted.comparables[2]).toEqual({ id: 'z', unitPrice: '3001', corrected: '3001', weight: '0.5' });
    expect(weighted).toMatchObject({ unitPrice: { value: '3000.2' }, value: '9.99', exact: '9.990666' });
  });

  it('a half-fen tie is rounded once, from the exact value (亩 → m² as 2000/3, no 40-digit detour through hm²)', () => {
    // The reviewer's cases, prices per 亩, weights 1:
    // 0.5 亩 × (1 234.55 × 3) / 3 = 617.275 exactly → half to even 617.28 (it was 617.27 from 617.27499…9)
    // 29.5 亩 × (2 211.63 + 1 339.45 + 3 329.57) / 3 = 29.5 × 6 880.65 / 3 = 29.5 × 2 293.55 = 67 659.725 → 67 659.72
    // (it was 67 659.73 from 67 659.72500…01)
    const perMu = (area: string, ...prices: string[]) =>
      marketComparison({
        subject: { area: { value: area, unit: 'mu' } },
        comparables: prices.map((value, i) => ({
          id: `c${i}`,
          price: { value, unit: 'yuan/mu', priceYear: 2024 },
        })),
      });
    expect(perMu('0.5', '1234.55', '1234.55', '1234.55')).toMatchObject({
      // 1 234.55 元/亩 × 15 亩/hm² = 18 518.25 元/hm²; 0.5 亩 = 1/30 hm² (40 digits shown)
      unitPrice: { value: '18518.25', unit: 'yuan/hm2' },
      area: { value: '0.03333333333333333333333333333333333333333', unit: 'hm2' },
      value: '617.28',
      exact: '617.275',
    });
    expect(perMu('29.5', '2211.63', '1339.45', '3329.57')).toMatchObject({
      value: '67659.72',
      exact: '67659.725',
    });
  });

  it('property: prices of whole fen per 亩 and areas of half 亩 give the value a fen reference computes', () => {
    // reference in integers: V = (k/2 亩) × (c₁ + c₂ + c₃ fen/亩) / 3 = k (c₁ + c₂ + c₃) / 6 fen, rounded half to even
    const reference = (k: number, fen: number[]) => {
      const n = BigInt(k) * fen.reduce((a, b) => a + BigInt(b), 0n);
      const [q, r] = [n / 6n, n % 6n];
      return 2n * r > 6n || (2n * r === 6n && q % 2n === 1n) ? q + 1n : q;
    };
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 20_000 }),
        fc.array(fc.integer({ min: 1, max: 100_000_000 }), { minLength: 3, maxLength: 3 }),
        (k, fen) => {
          const yuan = (f: number) => (f / 100).toFixed(2);
          const r = marketComparison({
            subject: { area: { value: (k / 2).toString(), unit: 'mu' } },
            comparables: fen.map((f, i) => ({
              id: `c${i}`,
              price: { value: yuan(f), unit: 'yuan/mu', priceYear: 2024 },
            })),
          });
          const want = reference(k, fen);
          expect(r.value).toBe(`${want / 100n}.${(want % 100n).toString().padStart(2, '0')}`);
        },
      ),
      { numRuns: 2000 },
    );
  });

  it('fewer than three comparables are refused under market', () => {
    const two = { ...market(), comparables: market().comparables.slice(0, 2) };
    const e = errorOf(() => marketComparison(two)).issues;
    expect(e).toHaveLength(1);
    expect(e[0]).toMatchObject({
      code: 'VEP_APPRAISAL_INVALID',
      path: ['market', 'comparables'],
      params: { detail: 'at least three comparables' },
    });
    expect(e[0]!.message.en).toBe('Invalid appraisal input: at least three comparables');
  });

  it('a correction factor out of (0, 1000) is refused at its path (zh and en)', () => {
    const m = market();
    m.comparables[1]!.factors = { regional: '0' };
    const e = errorOf(() => marketComparison(m)).issues;
    expect(e).toHaveLength(1);
    expect(e[0]).toMatchObject({
      code: 'VEP_APPRAISAL_INVALID',
      path: ['market', 'comparables', 1, 'factors', 'regional'],
      params: { detail: 'correction factor 0 is outside (0, 1000)' },
    });
    expect(e[0]!.message.en).toBe('Invalid appraisal input: correction factor 0 is outside (0, 1000)');
    expect(e[0]!.message.zh).toBe('评估参数错误：修正系数 0 超出范围 (0, 1000)');
  });

  it('a comparable given twice, or at a price of 0, is refused, every one named', () => {
    // The reviewer's case: three comparables all "a", the third at 0 元/hm²: one comparable counted three times
    // (its price weighing thrice) and a price that is no transaction
    const c = (id: string, value: string) => ({ id, price: { value, unit: 'yuan/hm2', priceYear: 2024 } });
    const e = errorOf(() =>
      marketComparison({
        subject: { area: { value: '1', unit: 'hm2' } },
        comparables: [c('a', '1000'), c('a', '1000'), c('a', '0')],
      }),
    ).issues;
    expect(e.map((i) => [i.code, i.path, i.params])).toEqual([
      ['DUPLICATE_ID', ['market', 'comparables', 1, 'id'], { id: 'a' }],
      ['DUPLICATE_ID', ['market', 'comparables', 2, 'id'], { id: 'a' }],
      [
        'VEP_APPRAISAL_INVALID',
        ['market', 'comparables', 2, 'price', 'value'],
        { detail: 'comparable unit price 0 must be positive' },
      ],
    ]);
    expect(e[2]?.message.en).toBe('Invalid appraisal input: comparable unit price 0 must be positive');
    expect(e[2]?.message.zh).toBe('评估参数错误：可比实例单价 0 应为正数');
    // ids are compared by the id rule: "b " and "ｂ" are b
    const dup = errorOf(() =>
      marketComparison({
        subject: { area: { value: '1', unit: 'hm2' } },
        comparables: [c('b', '1'), c('b ', '1'), c('ｂ', '1')],
      }),
    ).issues;
    expect(dup.map((i) => [i.code, i.params])).toEqual([
      ['DUPLICATE_ID', { id: 'b' }],
      ['DUPLICATE_ID', { id: 'b' }],
    ]);
  });

  it('a comparable at another price year than the first is refused with both years (zh and en)', () => {
    const m = market();
    m.comparables[2]!.price.priceYear = 2023;
    const e = errorOf(() => marketComparison(m)).issues;
    expect(e).toHaveLength(1);
    expect(e[0]).toMatchObject({
      code: 'VEP_PRICE_YEAR_MISMATCH',
      path: ['market', 'comparables', 2, 'price', 'priceYear'],
      params: { what: 'comparable C', a: 2023, b: 2024 },
    });
    expect(e[0]!.message.en).toBe(
      'Price years differ: comparable C is at 2023 prices, where 2024 prices are needed',
    );
    expect(e[0]!.message.zh).toBe('价格年份不一致：可比实例 C 为 2023 年价格，应为 2024 年价格');
  });
});

describe('replacement cost', () => {
  it('C × (1 − a/L) × K', () => {
    // 120 000 × (1 − 8/20) × 0.9 = 120 000 × 0.6 × 0.9 = 64 800.00
    expect(replacementCost({ cost: y('120000'), age: 8, life: 20, condition: '0.9' })).toEqual({
      method: 'replacement-cost',
      cost: '120000',
      remainingShare: '0.6',
      value: '64800.00',
      exact: '64800',
      priceYear: 2024,
      warnings: [],
    });
  });

  it('a remaining share without a finite decimal form is kept exact: a half fen rounds half to even', () => {
    // 20 283.05 × (1 − 2/3) × 0.9 = 20 283.05 × 0.3 = 6 084.915 元 exactly: a tie, to the even fen 6 084.92.
    // With 1 − 2/3 rounded to 40 digits first the product read 6 084.91499… and went down.
    const r = replacementCost({ cost: y('20283.05'), age: 2, life: 3, condition: '0.9' });
    expect([r.value, r.exact]).toEqual(['6084.92', '6084.915']);
    expect(r.remainingShare).toBe(`0.${'3'.repeat(40)}`);
  });

  it('a condition factor above 1 values the asset above its depreciated replacement cost: warned', () => {
    // 120 000 × (1 − 8/20) × 1.5 = 108 000.00 against 72 000.00 depreciated: VEP_CONDITION_HIGH; 1 exactly is not
    const r = replacementCost({ cost: y('120000'), age: 8, life: 20, condition: '1.5' });
    expect(r.value).toBe('108000.00');
    expect(r.warnings.map((w) => [w.code, w.path, w.params])).toEqual([
      [
        'VEP_CONDITION_HIGH',
        ['replacement', 'condition'],
        { condition: '1.5', remaining: '0.6', value: '108000.00' },
      ],
    ]);
    expect(replacementCost({ cost: y('120000'), age: 8, life: 20, condition: '1' }).warnings).toEqual([]);
  });

  it('a cost in 万元 without a condition factor (K = 1), rounded to the fen half to even', () => {
    // 1.2345 万元 = 12 345 元; 1 − 1/8 = 0.875; 12 345 × 0.875 = 10 801.875 元 = 1 080 187.5 fen → 1 080 188 (even)
    expect(
      replacementCost({ cost: { value: '1.2345', unit: 'wan_yuan', priceYear: 2021 }, age: 1, life: 8 }),
    ).toEqual({
      method: 'replacement-cost',
      cost: '12345',
      remainingShare: '0.875',
      value: '10801.88',
      exact: '10801.875',
      priceYear: 2021,
      warnings: [],
    });
  });

  it('an age equal to the economic life leaves nothing; past it the age is refused (zh and en)', () => {
    // 1 − 20/20 = 0: 0 元
    expect(replacementCost({ cost: y('1000'), age: 20, life: 20 })).toMatchObject({
      remainingShare: '0',
      value: '0.00',
    });
    const e = errorOf(() => replacementCost({ cost: y('1'), age: 21, life: 20 })).issues;
    expect(e).toHaveLength(1);
    expect(e[0]).toMatchObject({
      code: 'VEP_APPRAISAL_INVALID',
      path: ['replacement', 'age'],
      params: { detail: 'age must not exceed the economic life' },
    });
    expect(e[0]!.message.en).toBe('Invalid appraisal input: age must not exceed the economic life');
    expect(e[0]!.message.zh).toBe('评估参数错误：age（已使用年限）不得超过经济寿命');
  });
});
