import { describe, expect, it } from 'vitest';
import { errorOf, only, tinyInput } from '../../test/helpers';

describe('R2 soil retention (RUSLE, replacement cost)', () => {
  it('Q = A × R × K × LS × (1 − C × P), valued as reduced siltation and reduced N and P loss, by hand', () => {
    // forest: R×K×LS = 9000 × 0.03 × 4 = 1080 t/(hm²·a); 1 − 0.01 × 1 = 0.99 → 1069.2 t/(hm²·a) × 1000 hm²
    //   = 1 069 200 t. shrub: 9000 × 0.03 × 2 = 540; 1 − 0.05 × 0.5 = 0.975 → 526.5 × 200 hm² = 105 300 t.
    // Q = 1 174 500 t.
    // siltation: λ Q / ρ = 0.24 × 1 174 500 / 1.25 = 225 504 m³ × 15.58 元/m³ = 3 513 352.32 元 (2010)
    // N: 1 174 500 × 0.0037 = 4 345.65 t × 875 = 3 802 443.75 元; P: × 0.00108 = 1 268.46 t × 2800 = 3 551 688 元
    // total 10 867 484.07 元 at 2010 prices → × 686.5 / 536.1 = 13 916 298.851063…
    const { ind } = only('R2', tinyInput());
    expect(ind.physical).toEqual({ value: '1174500', unit: 't', symbol: 't' });
    expect(ind.lines[0]?.terms).toMatchObject({ 'R×K×LS': '1080 t/(hm²·a)', retained: '1069.2 t/(hm²·a)' });
    expect(ind.subItems.map((s) => [s.key, s.physical?.value, s.physical?.unit])).toEqual([
      ['siltation', '225504', 'm3'],
      ['non-point-pollution', '5614.11', 't'],
    ]);
    const atPriceYear = ind.lines.flatMap((l) => l.valuations).reduce((a, v) => a + Number(v.atPriceYear), 0);
    expect(atPriceYear).toBeCloseTo(10867484.07, 4);
    expect(ind.value.current.startsWith('13916298.851063')).toBe(true);
  });

  it('variant c-only takes P = 1 and says P is ignored', () => {
    // shrub: 540 × (1 − 0.05) = 513 × 200 = 102 600 t; total 1 069 200 + 102 600 = 1 171 800 t
    const { ind } = only('R2', tinyInput(), { switches: { R2: { practice: 'c-only' } } });
    expect(ind.physical?.value).toBe('1171800');
    expect(ind.warnings.map((w) => [w.code, w.path.join('.')])).toEqual([
      ['INPUT_IGNORED', 'soilFactors.1.P'],
    ]);
  });

  it('prices nutrients by fertiliser price ÷ nutrient content when asked', () => {
    // urea 2000 元/t at 46 % N → 4347.826… 元/t N; N retained 4345.65 t → 18 894 130.43… 元 (2020 prices)
    const input = tinyInput();
    (input.overrides as { tables: unknown[] }).tables.push({
      kind: 'coefficients',
      id: 'fert',
      version: '1.0.0',
      title: { zh: '化肥', en: 'Fertiliser' },
      effective: { from: '2020-01-01' },
      records: [
        {
          key: 'price.fertiliser.n',
          value: '2000',
          unit: 'yuan/t',
          priceYear: 2020,
          source: { document: 'test' },
          grade: 'assumed',
        },
        {
          key: 'fertiliser.n_content',
          value: '0.46',
          unit: 'one',
          source: { document: 'test' },
          grade: 'assumed',
        },
      ],
    });
    const { ind } = only('R2', input, {
      switches: { R2: { nutrients: ['n'], nutrientPricing: 'fertiliser' } },
    });
    const n = ind.subItems.find((s) => s.key === 'non-point-pollution');
    expect(n?.physical?.value).toBe('4345.65');
    expect(n?.value.current.startsWith('18894130.4347826')).toBe(true);
  });

  it('values siltation at the reservoir cost when asked: 225 504 m³ × 7.06 = 1 592 058.24 元 (2010)', () => {
    const { ind } = only('R2', tinyInput(), { switches: { R2: { siltationCost: 'reservoir' } } });
    const silt = ind.lines.flatMap((l) => l.valuations).filter((v) => v.subItem === 'siltation');
    expect(silt.reduce((a, v) => a + Number(v.atPriceYear), 0)).toBeCloseTo(1592058.24, 4);
  });

  it('takes retention totals from GIS instead of factors', () => {
    // 50 000 t on forest → siltation 0.24 × 50 000 / 1.25 = 9 600 m³
    const input = tinyInput();
    input.soilRetention = [{ ecosystem: 'forest.broadleaf', amount: { value: '5', unit: 'wan_t' } }];
    const { ind } = only('R2', input, { switches: { R2: { source: 'totals' } } });
    expect(ind.physical?.value).toBe('50000');
    expect(ind.subItems[0]?.physical?.value).toBe('9600');
  });

  it('refuses C or P outside [0, 1] and a type without factors', () => {
    const bad = tinyInput();
    (bad.soilFactors as { C: string }[])[0]!.C = '1.2';
    expect(errorOf(() => only('R2', bad)).code).toBe('VALUE_OUT_OF_RANGE');
    const missing = tinyInput();
    (missing.soilFactors as unknown[]).pop();
    const err = errorOf(() => only('R2', missing));
    expect(err.code).toBe('SPATIAL_INPUT_MISSING');
    expect(err.path).toEqual(['ecosystems', 1]);
  });

  it('without a bulk density in any table, fails naming the key', () => {
    const input = tinyInput();
    input.overrides = { tables: [] };
    const err = errorOf(() => only('R2', input));
    expect(err.code).toBe('COEFFICIENT_MISSING');
    expect(err.message).toContain('soil.bulk_density');
  });
});
