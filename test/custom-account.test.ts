import { describe, expect, it } from 'vitest';
import { account } from '../src/account/account';
import { traceData } from '../src/report/trace';
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

  it('a code that is not X and at least one capital letter or digit is CUSTOM_INDICATOR_INVALID at the code', () => {
    for (const code of ['R1', 'X', 'x1', 'X-1']) {
      const err = errorOf(() => account({ ...tinyInput(), customIndicators: [{ ...camellia, code }] }));
      expect(
        err.issues.map((i) => [i.code, i.path]),
        code,
      ).toEqual([['CUSTOM_INDICATOR_INVALID', ['customIndicators', 0, 'code']]]);
      expect(err.issues[0]?.message.en).toBe(
        `Invalid custom indicator declaration: code "${code}" must be X followed by capital letters or digits (X1, XTEA)`,
      );
      expect(err.issues[0]?.message.zh).toBe(
        `自定义指标声明格式错误：代码“${code}”须为 X 后接大写字母或数字（如 X1、XTEA）`,
      );
    }
    // Any other shape problem of a declaration is the input's, as in every section.
    const { name: _, ...nameless } = camellia;
    expect(errorOf(() => account({ ...tinyInput(), customIndicators: [nameless] })).issues).toMatchObject([
      { code: 'INPUT_INVALID', path: ['customIndicators', 0, 'name'] },
    ]);
  });

  it('can be excluded, and may not take a profile indicator code', () => {
    const input = { ...tinyInput(), customIndicators: [camellia] };
    expect(account(input, { exclude: ['X1'] }).skipped).toContainEqual({
      code: 'X1',
      reason: 'excluded by the caller',
    });
  });
});

describe('custom indicator inputs with a source and a grade', () => {
  const graded = {
    ...camellia,
    inputs: {
      area: { value: '300', unit: 'mu', as: 'hm2', source: 'County land survey 2020', grade: 'verified' },
      yield: { value: '1.2', source: 'County forestry bureau survey 2020, table 3', grade: 'published' },
      price: { value: '9000', source: 'Purchase price, county supply cooperative 2016', grade: 'secondary' },
    },
  };

  it('are listed among the coefficients the account read; the figures are those without grades', () => {
    // As above: 300 亩 = 20 hm²; × 1.2 t/hm² = 24 t; × 9000 元/t = 216 000 元 at 2016 prices → × 686.5 / 627.5
    //   = 236 309.1633…: a source and a grade change no figure.
    const r = some(['X1'], { ...tinyInput(), customIndicators: [graded] });
    const plain = some(['X1'], { ...tinyInput(), customIndicators: [camellia] });
    const x1 = r.indicators[0]!;
    expect(x1.value.current.startsWith('236309.1633')).toBe(true);
    expect(x1.lines).toEqual(plain.indicators[0]!.lines);
    // Each graded input once, as written (a decimal has no unit), its grade the user's claim.
    const ids = ['X1.area', 'X1.yield', 'X1.price'].map((k) => `${k}|*|*|customIndicators`);
    expect(x1.coefficients).toEqual([...ids].sort());
    expect(r.coefficients.map((c) => [c.id, c.value, c.unit, c.grade, c.gradeDeclaredBy, c.source])).toEqual([
      [ids[0], '300', 'mu', 'verified', 'user', { document: 'County land survey 2020' }],
      [ids[1], '1.2', '', 'published', 'user', { document: 'County forestry bureau survey 2020, table 3' }],
      [
        ids[2],
        '9000',
        '',
        'secondary',
        'user',
        { document: 'Purchase price, county supply cooperative 2016' },
      ],
    ]);
    expect(new Set(r.coefficients.map((c) => c.usedBy.join()))).toEqual(new Set(['X1']));
    // The trace explorer shows them with the indicator, like a table's coefficients.
    expect(traceData(r)['ind:0']?.coefficients).toContainEqual({
      id: ids[1],
      value: '1.2',
      unit: { zh: '', en: '' },
      grade: { zh: '已公开发布 published', en: 'published' },
      source: 'County forestry bureau survey 2020, table 3',
    });
    // Counted by grade with the price-index values the deflation read (2016 and 2020).
    const { counts } = r.quality.grades;
    const { counts: before } = plain.quality.grades;
    expect(counts.verified - before.verified).toBe(1);
    expect(counts.published - before.published).toBe(1);
    expect(counts.secondary - before.secondary).toBe(1);
    // Without grades the three inputs counted as assumed.
    expect(before.assumed - counts.assumed).toBe(3);
  });

  it('without grades the coefficients and lines are as before: none listed', () => {
    const r = some(['X1'], { ...tinyInput(), customIndicators: [camellia] });
    expect(r.coefficients).toEqual([]);
    expect(r.indicators[0]?.coefficients).toEqual([]);
  });
});
