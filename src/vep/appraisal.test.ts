import { describe, expect, it } from 'vitest';
import { GepError } from '../core/errors';
import { carbonAssetValue, collateral, incomeCapitalisation, ranged, realisationRate } from './appraisal';
import { errorOf } from '../../test/helpers';

const y = (value: string, priceYear = 2024) => ({ value, unit: 'yuan', priceYear });

describe('appraisal', () => {
  it('income capitalisation: V = Σ (R_t − C_t)/(1 + r)^t', () => {
    // r = 0.05; net 1000 in years 1 and 2: 1000/1.05 + 1000/1.1025 = 952.380952… + 907.029478… = 1859.410430… → 1859.41
    const v = incomeCapitalisation({
      rate: '0.05',
      flows: [
        { revenue: y('1500'), cost: y('500') },
        { revenue: y('1200'), cost: y('200') },
      ],
    });
    expect(v.value).toBe('1859.41');
    expect(v.terms.map((t) => t.discount)).toEqual(['1.05', '1.1025']);
    // the schedule, term by term: net = R − C; present value = net / discount
    expect(v.terms.map((t) => [t.t, t.net, t.presentValue.slice(0, 10)])).toEqual([
      [1, '1000', '952.380952'], // 1000 / 1.05
      [2, '1000', '907.029478'], // 1000 / 1.1025
    ]);
    expect(v).toMatchObject({ method: 'income-capitalisation', priceYear: 2024 });
    expect(v.exact.slice(0, 12)).toBe('1859.4104308');
    // annual form: 3 years of 100 at 10 %: 90.909… + 82.644… + 75.131… = 248.685… → 248.69
    expect(
      incomeCapitalisation({ rate: '0.1', annual: { revenue: y('100'), cost: y('0'), term: 3 } }).value,
    ).toBe('248.69');
  });

  it('income capitalisation is summed exactly: a half-fen tie is rounded half to even, not by the 40-digit terms', () => {
    // r = 0.05 = 1/20, so 1 + r = 21/20. Fifteen flows net_t = X × 21^(t−1) / 20^t (finite decimals) make every
    // term net_t / (21/20)^t = X/21, and V = 15 X / 21 = 5 X / 7. X = 7 V / 5: V = 0.025 → X = 0.035 (each term
    // 1/600, non-terminating); V = 501 424.285 → X = 701 993.999. Half to even: 0.02 and 501 424.28.
    // 1/20^t = 5^t / 10^(2t): net_t = x × 21^(t−1) × 5^t / 10^(scale + 2t), with X = x / 10^scale
    const flows = (x: bigint, scale: number) =>
      Array.from({ length: 15 }, (_, i) => {
        const places = scale + 2 * (i + 1);
        const digits = (x * 21n ** BigInt(i) * 5n ** BigInt(i + 1)).toString().padStart(places + 1, '0');
        return { revenue: y(`${digits.slice(0, -places)}.${digits.slice(-places)}`), cost: y('0') };
      });
    for (const [x, scale, value, exact] of [
      [35n, 3, '0.02', '0.025'],
      [701993999n, 3, '501424.28', '501424.285'],
    ] as const) {
      const v = incomeCapitalisation({ rate: '0.05', flows: flows(x, scale) });
      expect([v.value, v.exact]).toEqual([value, exact]);
    }
  });

  it('flows of different decimals are brought to one scale: the finest', () => {
    // r = 0.25 (1 + r = 5/4): 0.005/1.25 + 1/1.5625 = 0.004 + 0.64 = 0.644 → 0.64; the first flow's 3 decimals set
    // the scale (a scale of the last flow's 0 decimals would drop it)
    const v = incomeCapitalisation({
      rate: '0.25',
      flows: [
        { revenue: y('0.005'), cost: y('0') },
        { revenue: y('1'), cost: y('0') },
      ],
    });
    expect([v.value, v.exact]).toEqual(['0.64', '0.644']);
  });

  it('a rate outside (0, 1) is refused: −0.9 would multiply each year’s flow by 10', () => {
    for (const rate of ['-0.9', '0', '1', '1.5'])
      expect(
        errorOf(() => incomeCapitalisation({ rate, annual: { revenue: y('100'), cost: y('0'), term: 3 } }))
          .issues[0],
      ).toMatchObject({ code: 'VEP_APPRAISAL_INVALID', path: ['income', 'rate'] });
    // the boundary inside: 0.999 is accepted (100 / 1.999 = 50.025… → 50.03 for one year)
    expect(
      incomeCapitalisation({ rate: '0.999', annual: { revenue: y('100'), cost: y('0'), term: 1 } }).value,
    ).toBe('50.03');
  });

  it('a rate above 12 % is computed and warned (VEP_RATE_HIGH at rate); 12 % itself is not', () => {
    const at = (rate: string) =>
      incomeCapitalisation({ rate, annual: { revenue: y('100'), cost: y('0'), term: 1 } });
    // 100 / 1.13 = 88.495… → 88.50
    const high = at('0.13');
    expect(high.value).toBe('88.50');
    expect(high.warnings).toEqual([
      expect.objectContaining({ code: 'VEP_RATE_HIGH', path: ['income', 'rate'], severity: 'warning' }),
    ]);
    expect(high.warnings[0]?.message.en).toContain('0.13');
    expect(high.warnings[0]?.message.zh).toContain('0.13');
    // 100 / 1.12 = 89.285… → 89.29, no warning at the level itself
    expect(at('0.12')).toMatchObject({ value: '89.29', warnings: [] });
  });

  it('carbon-asset value = credited sink × price, t C ↔ t CO₂ by 44/12 exactly', () => {
    // 1200 t CO₂ × 60 元/t CO₂ = 72 000.00
    expect(
      carbonAssetValue({
        creditedSink: { value: '1200', unit: 't_CO2' },
        price: { value: '60', unit: 'yuan/t_CO2', priceYear: 2024 },
      }).value,
    ).toBe('72000.00');
    // 3 t C = 3 × 44/12 = 11 t CO₂; × 55.5 元/t CO₂ = 610.50
    const c = carbonAssetValue({
      creditedSink: { value: '3', unit: 't_C' },
      price: { value: '55.5', unit: 'yuan/t_CO2', priceYear: 2024 },
    });
    expect(c).toMatchObject({ value: '610.50', quantity: { value: '11', unit: 't_CO2' } });
    // a price per t C: 22 t CO₂ = 22 × 12/44 = 6 t C; × 200 元/t C = 1 200.00
    const perC = carbonAssetValue({
      creditedSink: { value: '22', unit: 't_CO2' },
      price: { value: '200', unit: 'yuan/t_C', priceYear: 2023 },
    });
    expect(perC).toEqual({
      method: 'carbon-asset',
      quantity: { value: '6', unit: 't_C' },
      value: '1200.00',
      exact: '1200',
      priceYear: 2023,
    });
    // both per t C: 3 t C × 200 = 600.00
    expect(
      carbonAssetValue({
        creditedSink: { value: '3', unit: 't_C' },
        price: { value: '200', unit: 'yuan/t_C', priceYear: 2023 },
      }).value,
    ).toBe('600.00');
  });

  it('carbon-asset value: a negative sink is NEGATIVE_VALUE at its value, another mass unit UNIT_MISMATCH at its unit', () => {
    const price = { value: '52.50', unit: 'yuan/t_CO2', priceYear: 2023 };
    const refused = (creditedSink: object) => {
      try {
        carbonAssetValue({ creditedSink, price });
      } catch (e) {
        return (e as GepError).issues.map((i) => [i.code, i.path, i.message.en]);
      }
      throw new Error('accepted');
    };
    for (const unit of ['t_C', 't_CO2'])
      expect(refused({ value: '-3', unit })).toEqual([
        ['NEGATIVE_VALUE', ['carbon', 'creditedSink', 'value'], 'credited sink cannot be negative (-3)'],
      ]);
    expect(refused({ value: '3', unit: 'kg' })[0]?.slice(0, 2)).toEqual([
      'UNIT_MISMATCH',
      ['carbon', 'creditedSink', 'unit'],
    ]);
  });

  it('carbon-asset value: a half fen after 44/12 rounds half to even, the exact figure exact', () => {
    // 2.75 t C × 44/12 = 10.083… t CO₂; × 52.50 = 2.75 × 44 × 52.50 / 12 = 6352.5 / 12 = 529.375 元 exactly: a tie,
    // to the even fen 529.38 (7 is odd, 8 even). Rounded to 40 digits first it read 529.37499…98 and went down.
    const low = carbonAssetValue({
      creditedSink: { value: '2.75', unit: 't_C' },
      price: { value: '52.50', unit: 'yuan/t_CO2', priceYear: 2024 },
    });
    expect([low.value, low.exact]).toEqual(['529.38', '529.375']);
    // 3.01 × 44 × 52.50 / 12 = 6953.1 / 12 = 579.425 元: a tie, to the even fen 579.42 (not 579.43).
    const high = carbonAssetValue({
      creditedSink: { value: '3.01', unit: 't_C' },
      price: { value: '52.50', unit: 'yuan/t_CO2', priceYear: 2024 },
    });
    expect([high.value, high.exact]).toEqual(['579.42', '579.425']);
    // The quantity has no finite decimal form: 2.75 × 44/12 = 10.08333…, shown to 40 significant digits.
    expect(low.quantity.value).toBe(`10.08${'3'.repeat(36)}`);
  });

  it('collateral = appraised value × pledge ratio, rounded down to the fen', () => {
    // 1 234 567.89 × 0.6 = 740 740.734 → 740 740.73 (down)
    expect(collateral({ appraisedValue: y('1234567.89'), pledgeRatio: '0.6' }).loan).toBe('740740.73');
    // 100.01 × 0.35 = 35.0035 → 35.00
    expect(collateral({ appraisedValue: y('100.01'), pledgeRatio: '0.35' }).loan).toBe('35.00');
    expect(errorOf(() => collateral({ appraisedValue: y('1'), pledgeRatio: '1.2' })).code).toBe(
      'VEP_APPRAISAL_INVALID',
    );
  });

  it('realisation rate = realised ÷ GEP at one price year', () => {
    // 9.5 亿元 realised / 37.74 亿元 GEP = 0.251722… → 0.251722
    const r = realisationRate({
      realised: { value: '9.5', unit: 'yi_yuan', priceYear: 2023 },
      gep: { value: '3774000000', unit: 'yuan', priceYear: 2023 },
    });
    expect(r.rate).toBe('0.251722');
  });

  it('refusals name the field, the bound and the figure (zh and en)', () => {
    // a pledge ratio is in (0, 1]: 1 is a whole pledge and accepted, 0 is not a pledge
    expect(collateral({ appraisedValue: y('80.05'), pledgeRatio: '1' })).toEqual({
      method: 'collateral',
      loan: '80.05',
      exact: '80.05',
      rounding: 'down to the fen',
      priceYear: 2024,
    });
    const zero = errorOf(() => collateral({ appraisedValue: y('1'), pledgeRatio: '0' })).issues;
    expect(zero).toHaveLength(1);
    expect(zero[0]).toMatchObject({
      code: 'VEP_APPRAISAL_INVALID',
      path: ['collateral', 'pledgeRatio'],
      params: { detail: 'pledge ratio 0 is outside (0, 1]' },
    });
    expect(zero[0]!.message.en).toBe('Invalid appraisal input: pledge ratio 0 is outside (0, 1]');
    expect(zero[0]!.message.zh).toBe('评估参数错误：质押率 0 超出范围 (0, 1]');
    // the discount rate's range is open at both ends
    expect(
      errorOf(() => incomeCapitalisation({ rate: '1', annual: { revenue: y('1'), cost: y('0'), term: 1 } }))
        .issues[0]!.params,
    ).toEqual({ detail: 'discount rate 1 is outside (0, 1)' });
    // a field the schema does not know is refused under the appraisal's own code and path
    expect(
      errorOf(() => collateral({ appraisedValue: y('1'), pledgeRatio: '0.5', extra: 1 })).issues[0],
    ).toMatchObject({ code: 'VEP_APPRAISAL_INVALID', path: ['collateral'] });
    expect(
      errorOf(() => carbonAssetValue({ creditedSink: { value: '1', unit: 't_CO2' } })).issues[0],
    ).toMatchObject({ code: 'VEP_APPRAISAL_INVALID', path: ['carbon', 'price'] });
    // a term that is not a finite number is named as such (the value the input held is read)
    expect(
      errorOf(() =>
        incomeCapitalisation({ rate: '0.1', annual: { revenue: y('1'), cost: y('0'), term: Infinity } }),
      ).issues[0],
    ).toMatchObject({
      code: 'NUMBER_NOT_FINITE',
      path: ['income', 'annual', 'term'],
      params: { value: 'a number too large for a double' },
    });
    expect(errorOf(() => realisationRate({ realised: y('1') })).issues[0]).toMatchObject({
      code: 'VEP_APPRAISAL_INVALID',
      path: ['realisation', 'gep'],
    });
  });

  it('income: flows or annual, exactly one; every amount at one price year, the cell named', () => {
    const annual = { revenue: y('100'), cost: y('0'), term: 2 };
    const flows = [{ revenue: y('100'), cost: y('0') }];
    for (const json of [{ rate: '0.1' }, { rate: '0.1', annual, flows }])
      expect(errorOf(() => incomeCapitalisation(json)).issues[0]).toMatchObject({
        code: 'VEP_APPRAISAL_INVALID',
        path: ['income'],
      });
    // flows: year 2's revenue at 2023 prices against year 1's 2024
    const f = errorOf(() =>
      incomeCapitalisation({
        rate: '0.1',
        flows: [
          { revenue: y('100'), cost: y('0') },
          { revenue: y('100', 2023), cost: y('0') },
        ],
      }),
    ).issues[0];
    expect(f).toMatchObject({
      code: 'VEP_PRICE_YEAR_MISMATCH',
      path: ['income', 'flows', 1, 'revenue'],
      params: { what: 'revenue of year 2', a: 2023, b: 2024 },
    });
    // annual: the cost at 2023 prices, named without a year index
    expect(
      errorOf(() =>
        incomeCapitalisation({ rate: '0.1', annual: { revenue: y('100'), cost: y('5', 2023), term: 2 } }),
      ).issues[0],
    ).toMatchObject({
      code: 'VEP_PRICE_YEAR_MISMATCH',
      path: ['income', 'annual', 'cost'],
      params: { what: 'cost of year 1', a: 2023, b: 2024 },
    });
    // the annual schedule: term 2 at 10 %, net 100 − 0: discounts 1.1 and 1.21; 90.909… + 82.644… = 173.553… → 173.55
    const a = incomeCapitalisation({ rate: '0.1', annual });
    expect(a.terms.map((t) => [t.t, t.net, t.discount])).toEqual([
      [1, '100', '1.1'],
      [2, '100', '1.21'],
    ]);
    expect(a).toMatchObject({ value: '173.55', priceYear: 2024 });
  });

  it('carbon asset: a price per kg or in 万元 is converted, the price year kept', () => {
    // 2 t CO₂ × 0.05 元/kg CO₂ = 2 000 kg × 0.05 = 100.00; the quantity stays in t
    expect(
      carbonAssetValue({
        creditedSink: { value: '2', unit: 't_CO2' },
        price: { value: '0.05', unit: 'yuan/kg_CO2', priceYear: 2022 },
      }),
    ).toEqual({
      method: 'carbon-asset',
      quantity: { value: '2', unit: 't_CO2' },
      value: '100.00',
      exact: '100',
      priceYear: 2022,
    });
  });

  it('realisation: price years must match and the GEP must not be zero', () => {
    expect(errorOf(() => realisationRate({ realised: y('1', 2023), gep: y('4') })).issues[0]).toMatchObject({
      code: 'VEP_PRICE_YEAR_MISMATCH',
      path: ['realisation', 'realised', 'priceYear'],
      params: { what: 'the realised value', a: 2023, b: 2024 },
    });
    expect(errorOf(() => realisationRate({ realised: y('1'), gep: y('0') })).issues[0]).toMatchObject({
      code: 'VEP_GEP_ZERO',
      path: ['realisation', 'gep', 'value'],
    });
    // 1 / 4 = 0.25 exactly
    expect(realisationRate({ realised: y('1'), gep: y('4') })).toEqual({
      rate: '0.250000',
      exact: '0.25',
      priceYear: 2024,
    });
  });

  it('a range closed at both ends takes its bounds; open ends refuse them', () => {
    const closed = ranged('share', '0', '1', '[]');
    expect(['0', '0.5', '1'].map((v) => closed.safeParse(v).success)).toEqual([true, true, true]);
    expect(['-0.01', '1.01'].map((v) => closed.safeParse(v).success)).toEqual([false, false]);
    expect(closed.safeParse('1.01').error?.issues[0]?.message).toBe('share 1.01 is outside [0, 1]');
    const open = ranged('share', '0', '1', '()');
    expect(['0', '0.5', '1'].map((v) => open.safeParse(v).success)).toEqual([false, true, false]);
  });
});
