import { describe, expect, it } from 'vitest';
import { account } from '../src/account/account';
import { errorOf, some, tinyInput } from './helpers';

const camellia = {
  code: 'X1',
  name: { zh: '油茶籽', en: 'Camellia oil seed' },
  category: 'material',
  unit: 't',
  inputs: { area: { value: '300', unit: 'mu', as: 'hm2' }, yield: '1.2', price: '9000' },
  physical: 'area * yield',
  value: 'physical * price',
  priceYear: 2016,
};

describe('custom indicators in an account', () => {
  it('are accounted, deflated, traced and reported like built-in ones', () => {
    // 300 亩 = 20 hm²; × 1.2 t/hm² = 24 t; × 9000 元/t = 216 000 元 at 2016 prices → × 686.5 / 627.5 (2020)
    //   = 236 309.1633…; it adds to the material category and to GEP.
    const input = { ...tinyInput(), customIndicators: [camellia] };
    const r = some(['M1', 'X1'], input);
    const x1 = r.indicators.find((i) => i.code === 'X1');
    expect(x1).toMatchObject({
      category: 'material',
      method: 'custom/x1@1',
      physical: { value: '24', unit: 't' },
    });
    expect(x1?.lines[0]?.valuations[0]?.atPriceYear).toBe('216000');
    expect(x1?.value.current.startsWith('236309.1633')).toBe(true);
    expect(x1?.lines[0]?.terms?.['formula.physical']).toBe('area * yield');
    const m1 = r.indicators.find((i) => i.code === 'M1');
    expect(Number(r.totals.material.current)).toBeCloseTo(
      Number(m1?.value.current) + Number(x1?.value.current),
      6,
    );
  });

  it('a malicious formula is refused with a structured error pointing at it, and nothing is accounted', () => {
    const input = {
      ...tinyInput(),
      customIndicators: [{ ...camellia, physical: 'import({}, {override: true})' }],
    };
    const err = errorOf(() => account(input));
    expect(err.code.startsWith('CUSTOM_')).toBe(true);
    expect(err.path).toEqual(['customIndicators', 0, 'physical']);
  });

  it('can be excluded, and may not take a profile indicator code', () => {
    const input = { ...tinyInput(), customIndicators: [camellia] };
    expect(account(input, { exclude: ['X1'] }).skipped).toContainEqual({
      code: 'X1',
      reason: 'excluded by the caller',
    });
  });
});
