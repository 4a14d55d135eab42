import { describe, expect, it } from 'vitest';
import { carbonAssetValue, collateral, incomeCapitalisation, realisationRate } from '../../src/vep/appraisal';
import { errorOf } from '../helpers';

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
});
