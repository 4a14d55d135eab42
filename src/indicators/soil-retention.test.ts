import { describe, expect, it } from 'vitest';
import { inputSchema } from '../input/input';
import { errorOf, only, tinyInput, userTable } from '../../test/helpers';
import { soilRetention } from './soil-retention';

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

  it('c-only: a record read by rows of several zones has its P said ignored once', () => {
    // two townships, each with 100 hm² of the 200 hm² of shrub, read the one region-wide shrub record
    const input = tinyInput();
    input.zones = [
      { id: 'z1', name: '甲镇' },
      { id: 'z2', name: '乙镇' },
    ];
    input.ecosystems = [
      { type: 'forest.broadleaf', zone: 'z1', area: { value: '10', unit: 'km2' } },
      { type: 'shrub', zone: 'z1', area: { value: '100', unit: 'hm2' } },
      { type: 'shrub', zone: 'z2', area: { value: '100', unit: 'hm2' } },
    ];
    const { ind } = only('R2', input, { switches: { R2: { practice: 'c-only' } } });
    // 1 069 200 + 2 × (513 × 100) = 1 171 800 t, as with one row
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
    expect(err.issues[0]?.params?.zone).toBe('(region)'); // a row without a zone is region-wide
  });

  it('without a bulk density in any table, fails naming the key', () => {
    const input = tinyInput();
    input.overrides = { tables: [] };
    const err = errorOf(() => only('R2', input));
    expect(err.code).toBe('COEFFICIENT_MISSING');
    expect(err.message).toContain('soil.bulk_density');
  });

  it('each line traces every RUSLE term, λ, ρ and the sediment volume; no warning when nothing is ignored', () => {
    // shrub: A = 200 hm²; R×K×LS = 9000 × 0.03 × 2 = 540; 1 − 0.05 × 0.5 = 0.975 → 526.5 t/(hm²·a) × 200 = 105 300 t
    //   sediment 0.24 × 105 300 / 1.25 = 20 217.6 m³
    const { ind } = only('R2', tinyInput());
    expect(ind.warnings).toEqual([]);
    expect(ind.lines[1]).toMatchObject({
      ecosystem: 'shrub',
      zone: null,
      path: ['ecosystems', 1],
      physical: { value: '105300', unit: 't' },
      terms: {
        A: '200 hm²',
        R: '9000',
        K: '0.03',
        LS: '2',
        C: '0.05',
        P: '0.5',
        'R×K×LS': '540 t/(hm²·a)',
        retained: '526.5 t/(hm²·a)',
        source: 'soilFactors[1]',
        lambda: '0.24',
        rho: '1.25 t/m³',
        sediment: '20217.6 m³',
      },
    });
    // forest has no P: taken as 1
    expect(ind.lines[0]?.terms?.P).toBe('1');
    // siltation priced on the sediment volume, N and P on the nutrient mass (105 300 × 0.0037 = 389.61 t N)
    expect(
      ind.lines[1]?.valuations.map((v) => [v.label, v.subItem, v.quantity?.value, v.quantity?.unit]),
    ).toEqual([
      ['siltation (dredging cost)', 'siltation', '20217.6', 'm3'],
      ['N (treatment-cost)', 'non-point-pollution', '389.61', 't'],
      ['P (treatment-cost)', 'non-point-pollution', '113.724', 't'],
    ]);
  });

  it('c-only: the ignored P is named with its path, field and reason', () => {
    const { ind } = only('R2', tinyInput(), { switches: { R2: { practice: 'c-only' } } });
    expect(ind.warnings.map((w) => [w.path, w.params])).toEqual([
      [['soilFactors', 1, 'P'], { field: 'P', reason: 'practice "c-only" takes P = 1' }],
    ]);
    expect(ind.lines[1]?.terms?.P).toBe('1');
  });

  it('a source without its data: INDICATOR_INPUT_MISSING names that input, both ways', () => {
    const totals = errorOf(() => only('R2', tinyInput(), { switches: { R2: { source: 'totals' } } }));
    expect(totals.issues.map((i) => [i.code, i.path, i.params])).toEqual([
      ['INDICATOR_INPUT_MISSING', ['soilRetention'], { indicator: 'R2', field: 'soilRetention[]' }],
    ]);
    const input = tinyInput();
    input.soilFactors = [];
    input.soilRetention = [{ ecosystem: 'forest.broadleaf', amount: { value: '5', unit: 'wan_t' } }];
    const factors = errorOf(() => only('R2', input));
    expect(factors.issues.map((i) => [i.code, i.path, i.params])).toEqual([
      ['INDICATOR_INPUT_MISSING', ['soilFactors'], { indicator: 'R2', field: 'soilFactors[]' }],
    ]);
  });

  it('data of the source not chosen is ignored with a warning, both ways', () => {
    const input = tinyInput();
    input.soilRetention = [{ ecosystem: 'forest.broadleaf', amount: { value: '5', unit: 'wan_t' } }];
    const factors = only('R2', input);
    expect(factors.ind.physical?.value).toBe('1174500'); // the factors, not the 50 000 t total
    expect(factors.ind.warnings.map((w) => [w.code, w.path, w.params])).toEqual([
      ['INPUT_IGNORED', ['soilRetention'], { field: 'soilRetention', reason: 'source is "factors"' }],
    ]);
    const totals = only('R2', input, { switches: { R2: { source: 'totals' } } });
    expect(totals.ind.warnings.map((w) => [w.code, w.path, w.params])).toEqual([
      ['INPUT_IGNORED', ['soilFactors'], { field: 'soilFactors', reason: 'source is "totals"' }],
    ]);
  });

  it('totals: several rows add up, each traced, a type outside the groups left out with its amount named', () => {
    // forest 5 万t = 50 000 t + shrub in zone A 2000 kg = 2 t → 50 002 t; the wetland row (7 t) is outside the
    // groups: not counted, and the warning states the amount.
    const input = tinyInput();
    input.zones = [{ id: 'A', name: 'A' }];
    input.soilFactors = [];
    input.soilRetention = [
      { ecosystem: 'forest.broadleaf', amount: { value: '5', unit: 'wan_t' } },
      { ecosystem: 'wetland.lake', amount: { value: '7', unit: 't' } },
      { ecosystem: 'shrub', zone: 'A', amount: { value: '2000', unit: 'kg' } },
    ];
    const { ind } = only('R2', input, { switches: { R2: { source: 'totals' } } });
    expect(ind.warnings.map((w) => [w.code, w.path, w.params?.field])).toEqual([
      ['INPUT_IGNORED', ['soilRetention', 1], 'soilRetention 7 t of wetland.lake'],
    ]);
    expect(ind.lines.map((l) => [l.ecosystem, l.zone, l.physical?.value, l.path, l.terms?.source])).toEqual([
      ['forest.broadleaf', null, '50000', ['soilRetention', 0], 'soilRetention[0]'],
      ['shrub', 'A', '2', ['soilRetention', 2], 'soilRetention[2]'],
    ]);
    expect(ind.physical?.value).toBe('50002');
  });

  it('only the groups the switch names; a potassium or organic-matter content missing is named', () => {
    // shrub alone: 105 300 t
    expect(only('R2', tinyInput(), { switches: { R2: { groups: ['shrub'] } } }).ind.physical?.value).toBe(
      '105300',
    );
    for (const [k, key] of [
      ['k', 'soil.potassium_content'],
      ['om', 'soil.organic_matter_content'],
    ] as const) {
      const err = errorOf(() => only('R2', tinyInput(), { switches: { R2: { nutrients: [k] } } }));
      expect(err.code).toBe('COEFFICIENT_MISSING');
      expect(err.issues[0]?.params?.key).toBe(key);
    }
  });

  it('a type without factors: SPATIAL_INPUT_MISSING with zone, type and section', () => {
    const input = tinyInput();
    input.zones = [{ id: 'A', name: 'A' }];
    (input.ecosystems as { zone?: string }[])[1]!.zone = 'A';
    (input.soilFactors as unknown[]).pop();
    const err = errorOf(() => only('R2', input));
    expect(err.issues.map((i) => i.params)).toEqual([
      { field: 'RUSLE factors', zone: 'A', type: 'shrub', section: 'soilFactors' },
    ]);
  });

  it('a fertiliser with zero nutrient content is refused, naming the coefficient', () => {
    const input = tinyInput();
    (input.overrides as { tables: unknown[] }).tables.push(
      userTable('fert', [
        { key: 'price.fertiliser.n', value: '2000', unit: 'yuan/t', priceYear: 2020 },
        { key: 'fertiliser.n_content', value: '0', unit: 'one' },
      ]),
    );
    const err = errorOf(() =>
      only('R2', input, { switches: { R2: { nutrients: ['n'], nutrientPricing: 'fertiliser' } } }),
    );
    expect(err.issues[0]).toMatchObject({
      code: 'VALUE_NOT_POSITIVE',
      path: ['ecosystems', 0],
      params: { what: 'fertiliser.n_content', value: '0' },
    });
  });

  it('has input when the chosen source has rows, and only then', () => {
    const input = inputSchema.parse(tinyInput());
    const factors = { source: 'factors' } as never;
    const totals = { source: 'totals' } as never;
    expect(soilRetention.hasInput(input, factors)).toBe(true);
    expect(soilRetention.hasInput(input, totals)).toBe(false);
    input.soilRetention = [{} as never]; // any row (hasInput counts rows)
    input.soilFactors = [];
    expect(soilRetention.hasInput(input, factors)).toBe(false);
    expect(soilRetention.hasInput(input, totals)).toBe(true);
  });
});
