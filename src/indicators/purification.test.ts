import { describe, expect, it } from 'vitest';
import { inputSchema } from '../input/input';
import { errorOf, only, tinyInput, userTable } from '../../test/helpers';
import { airPurification, waterPurification } from './purification';

const rates = (key: string, forest: string, shrub: string) => [
  {
    key,
    value: forest,
    unit: 't_per_hm2_a',
    applies: { ecosystem: 'forest.broadleaf' },
    source: { document: 'test' },
    grade: 'assumed',
  },
  {
    key,
    value: shrub,
    unit: 't_per_hm2_a',
    applies: { ecosystem: 'shrub' },
    source: { document: 'test' },
    grade: 'assumed',
  },
];
function withRates(records: unknown[]) {
  const input = tinyInput();
  (input.overrides as { tables: unknown[] }).tables.push({
    kind: 'coefficients',
    id: 'rates',
    version: '1.0.0',
    title: { zh: '净化率', en: 'Rates' },
    effective: { from: '2020-01-01' },
    records,
  });
  return input;
}

describe('R4 water purification and R5 air purification', () => {
  it('tax equivalent at Jiangxi rates: 1000 / kg-per-equivalent × 元 per equivalent, by hand', () => {
    // COD: 1000/1 × 1.4 = 1400 元/t × 100 t = 140 000; NH₃-N: 1000/0.8 × 1.4 = 1750 × 8 = 14 000;
    // TP: 1000/0.25 × 1.4 = 5600 × 1 = 5 600 → 159 600 元 at 2018 prices → × 686.5 / 650.9 = 168 329.0828…
    const { ind, result } = only('R4', tinyInput());
    expect(ind.subItems.map((s) => [s.key, s.physical?.value])).toEqual([
      ['cod', '100'],
      ['nh3n', '8'],
      ['tp', '1'],
    ]);
    expect(ind.lines.map((l) => l.valuations[0]?.atPriceYear)).toEqual(['140000', '14000', '5600']);
    expect(ind.value.current.startsWith('168329.0828')).toBe(true);
    expect(result.coefficients.find((c) => c.key === 'envtax.rate.water')).toMatchObject({
      value: '1.4',
      region: '36',
      // read in the standing committee's announcement, not the decision's text
      grade: 'published',
    });
  });

  it('R5 SO₂ and NOx: 95 t → 100 000 equivalents × 1.2 = 120 000 元; 19 t → 24 000 元 (2018 prices)', () => {
    // The price 1000 × 1.2 / 0.95 = 1263.157894… 元/t does not terminate, so the products agree with the
    // hand values to the 40th digit, not exactly.
    const { ind } = only('R5', tinyInput());
    const [so2, nox] = ind.lines.map((l) => Number(l.valuations[0]?.atPriceYear));
    expect(so2).toBeCloseTo(120000, 8);
    expect(nox).toBeCloseTo(24000, 8);
  });

  it('treatment cost from the RCEES table: COD 100 t × 700 = 70 000; NH₃-N 8 t × 875 = 7 000 (2010)', () => {
    const { ind } = only('R4', tinyInput(), {
      switches: { R4: { pricing: 'treatment-cost', pollutants: ['cod', 'nh3n'] } },
    });
    expect(ind.lines.map((l) => l.valuations[0]?.atPriceYear)).toEqual(['70000', '7000']);
  });

  it('a pollutant without a treatment price is refused (TP has none in the RCEES table)', () => {
    const err = errorOf(() => only('R4', tinyInput(), { switches: { R4: { pricing: 'treatment-cost' } } }));
    expect(err.code).toBe('COEFFICIENT_MISSING');
    expect(err.message).toContain('price.treatment.tp');
  });

  it('TN and PM have no tax equivalent: refused, not invented', () => {
    const input = tinyInput();
    (input.emissions as { water: unknown[] }).water.push({
      pollutant: 'tn',
      amount: { value: '5', unit: 't' },
    });
    const err = errorOf(() => only('R4', input, { switches: { R4: { pollutants: ['cod', 'tn'] } } }));
    expect(err.code).toBe('TAX_EQUIVALENT_UNDEFINED');
    expect(err.message).toContain('tn');
  });

  it('capped rule: min(emission, Σ A × rate), shared by capacity', () => {
    // COD capacity: 1000 hm² × 0.05 + 200 hm² × 0.1 = 50 + 20 = 70 t < 100 t emitted → 70 t (50 forest, 20 shrub)
    // NH₃-N capacity: 1000 × 0.01 + 200 × 0.01 = 12 t > 8 t → 8 t: forest 8 × 10/12 = 6.6667, shrub 1.3333
    const input = withRates([
      ...rates('purification.water.cod', '0.05', '0.1'),
      ...rates('purification.water.nh3n', '0.01', '0.01'),
    ]);
    const { ind } = only('R4', input, {
      switches: { R4: { rule: 'capped', pollutants: ['cod', 'nh3n'], groups: ['forest', 'shrub'] } },
    });
    expect(ind.subItems.map((s) => [s.key, s.physical?.value])).toEqual([
      ['cod', '70'],
      ['nh3n', '8'],
    ]);
    expect(ind.lines.filter((l) => l.subItem === 'cod').map((l) => [l.ecosystem, l.physical?.value])).toEqual(
      [
        ['forest.broadleaf', '50'],
        ['shrub', '20'],
      ],
    );
    // COD and NH₃-N are different pollutants: neither the indicator nor a type has a physical total across them
    // (50 t COD + 6.67 t NH₃-N on broadleaf forest is not 56.67 t of anything); the value still adds up.
    expect(ind.physical).toBeNull();
    expect(ind.byEcosystem.find((e) => e.key === 'forest.broadleaf')?.physical).toBeNull();
    expect(ind.byEcosystem.find((e) => e.key === 'forest.broadleaf')?.value.current).not.toBe('0');
  });

  it('area rule: absorption per area × area without emissions; emissions entered are named, not used', () => {
    // SO₂: forest 1000 hm² × 0.1 = 100 t, shrub 200 hm² × 0.05 = 10 t → 110 t × 1200 元/t = 132 000 元 (2010)
    // NOx: forest 1000 × 0.02 = 20 t, shrub 200 × 0.01 = 2 t → 22 t × 630 元/t = 13 860 元; V = 145 860 元 (2010)
    const input = withRates([
      ...rates('purification.air.so2', '0.1', '0.05'),
      ...rates('purification.air.nox', '0.02', '0.01'),
    ]);
    const { ind } = only('R5', input, {
      switches: {
        R5: {
          rule: 'area',
          pricing: 'treatment-cost',
          pollutants: ['so2', 'nox'],
          groups: ['forest', 'shrub'],
        },
      },
    });
    expect(ind.lines.map((l) => [l.subItem, l.ecosystem, l.physical?.value])).toEqual([
      ['so2', 'forest.broadleaf', '100'],
      ['so2', 'shrub', '10'],
      ['nox', 'forest.broadleaf', '20'],
      ['nox', 'shrub', '2'],
    ]);
    expect(ind.lines[0]?.terms).toEqual({ A: '1000 hm²', r: '0.1 t/(hm²·a)', Q: '100 t' });
    expect(ind.subItems.map((x) => [x.key, x.physical?.value])).toEqual([
      ['so2', '110'],
      ['nox', '22'],
    ]);
    const atPriceYear = ind.lines.flatMap((l) => l.valuations).reduce((a, v) => a + Number(v.atPriceYear), 0);
    expect(atPriceYear).toBeCloseTo(145_860, 6);
    // The tiny input's emissions (SO₂ 95 t, NOx 19 t) are named with their amounts.
    expect(ind.warnings.filter((w) => w.code === 'INPUT_IGNORED').map((w) => w.params?.field)).toEqual([
      'emissions.air so2 95 t',
      'emissions.air nox 19 t',
    ]);
  });

  it('area rule: only the rows of the groups; each line named and zoned; a missing rate is refused per row', () => {
    // groups: forest only → the shrub row (200 hm²) is not valued: SO₂ 1000 hm² × 0.1 = 100 t on the forest
    const input = withRates(rates('purification.air.so2', '0.1', '0.05'));
    const sw = { rule: 'area', pricing: 'treatment-cost', pollutants: ['so2'], groups: ['forest'] };
    const { ind } = only('R5', input, { switches: { R5: sw } });
    expect(ind.lines.map((l) => [l.ecosystem, l.zone, l.physical?.value])).toEqual([
      ['forest.broadleaf', null, '100'],
    ]);
    expect(ind.lines[0]?.valuations[0]?.label).toBe('so2 (treatment-cost)');
    expect(ind.warnings.find((w) => w.code === 'INPUT_IGNORED')).toMatchObject({
      path: ['emissions', 'air', 0],
      params: { reason: 'rule "area" values absorption per area × area, not emissions' },
    });
    // no NOx rate for either row: each row of each pollutant is refused at its own path, all in one error
    const e = errorOf(() =>
      only('R5', input, {
        switches: { R5: { ...sw, pollutants: ['so2', 'nox'], groups: ['forest', 'shrub'] } },
      }),
    );
    expect(e.issues.map((i) => i.path)).toEqual([
      ['ecosystems', 0],
      ['ecosystems', 1],
    ]);
  });

  it('area rule: has input with ecosystem rows, without any emission', () => {
    const input = inputSchema.parse({ ...tinyInput(), emissions: { water: [], air: [] } });
    const s = {
      pollutants: ['so2'],
      rule: 'area' as const,
      pricing: 'treatment-cost' as const,
      groups: ['forest'],
    };
    expect(airPurification.hasInput(input, s)).toBe(true);
    expect(airPurification.hasInput(input, { ...s, rule: 'emissions' })).toBe(false);
  });

  it('refuses a pollutant with both a region-wide and a zone emission', () => {
    const input = tinyInput();
    input.zones = [{ id: 'A', name: 'A' }];
    (input.emissions as { water: unknown[] }).water.push({
      pollutant: 'cod',
      zone: 'A',
      amount: { value: '1', unit: 't' },
    });
    expect(errorOf(() => only('R4', input)).code).toBe('EMISSION_SCOPES_OVERLAP');
  });

  it('a pollutant of the profile list without emission data is an error, not a zero', () => {
    const input = tinyInput();
    (input.emissions as { water: { pollutant: string }[] }).water = (
      input.emissions as { water: { pollutant: string }[] }
    ).water.filter((e) => e.pollutant !== 'tp');
    const err = errorOf(() => only('R4', input));
    expect(err.code).toBe('INDICATOR_INPUT_MISSING');
    expect(err.message).toContain('tp');
  });

  it('emissions rule: one line per emission with its zone, trace, label and price per t; no warning', () => {
    // COD by zone: A 60 t + B 40 t = 100 t × 1400 元/t = 140 000 元 (2018 prices), as the region-wide case
    const input = tinyInput();
    input.zones = [
      { id: 'A', name: 'A' },
      { id: 'B', name: 'B' },
    ];
    (input.emissions as { water: unknown[] }).water = [
      { pollutant: 'cod', zone: 'A', amount: { value: '60', unit: 't' } },
      { pollutant: 'cod', zone: 'B', amount: { value: '40000', unit: 'kg' } },
    ];
    const { ind } = only('R4', input, { switches: { R4: { pollutants: ['cod'] } } });
    expect(ind.warnings).toEqual([]);
    expect(
      ind.lines.map((l) => [
        l.subItem,
        l.ecosystem,
        l.zone,
        l.physical?.value,
        l.terms,
        l.path,
        l.valuations[0]?.label,
      ]),
    ).toEqual([
      ['cod', null, 'A', '60', { E: '60 t' }, ['emissions', 'water', 0], 'cod (tax-equivalent)'],
      ['cod', null, 'B', '40', { E: '40 t' }, ['emissions', 'water', 1], 'cod (tax-equivalent)'],
    ]);
    expect(ind.lines.map((l) => l.valuations[0]?.atPriceYear)).toEqual(['84000', '56000']);
    expect(ind.subItems.map((s) => [s.key, s.physical?.value])).toEqual([['cod', '100']]);
  });

  it('an emission of a pollutant outside the list is ignored with a warning naming it', () => {
    const input = tinyInput();
    (input.emissions as { air: unknown[] }).air.push({
      pollutant: 'dust',
      amount: { value: '3', unit: 't' },
    });
    const { ind } = only('R5', input);
    expect(ind.warnings.map((w) => [w.code, w.path, w.params])).toEqual([
      [
        'INPUT_IGNORED',
        ['emissions', 'air', 2],
        { field: 'dust', reason: 'not in the pollutant list of the method' },
      ],
    ]);
    expect(ind.lines.map((l) => l.subItem)).toEqual(['so2', 'nox']);
  });

  it('capped rule by zone: only the rows of the zone count; the trace gives E, capacity and the emission', () => {
    // zone A holds the shrub (200 hm² × 0.1 = 20 t COD capacity); 5 t emitted in A → all 5 t purified on shrub.
    const input = withRates(rates('purification.water.cod', '0.05', '0.1'));
    input.zones = [{ id: 'A', name: 'A' }];
    (input.ecosystems as { zone?: string }[])[1]!.zone = 'A';
    (input.emissions as { water: unknown[] }).water = [
      { pollutant: 'cod', zone: 'A', amount: { value: '5', unit: 't' } },
    ];
    const { ind } = only('R4', input, {
      switches: { R4: { rule: 'capped', pollutants: ['cod'], groups: ['forest', 'shrub'] } },
    });
    expect(ind.warnings).toEqual([]);
    expect(ind.lines.map((l) => [l.ecosystem, l.zone, l.physical?.value, l.path, l.terms])).toEqual([
      [
        'shrub',
        'A',
        '5',
        ['ecosystems', 1],
        { E: '5 t', capacity: '20 t', capacity_i: '20 t', emission: 'emissions.water[0]' },
      ],
    ]);
  });

  it('capped rule by zone: every row of the zone shares the emission in proportion to its capacity', () => {
    // zone A holds both rows: forest 1000 hm² × 0.05 = 50 t, shrub 200 hm² × 0.1 = 20 t → capacity 70 t;
    // 35 t emitted in A → forest 35 × 50/70 = 25 t, shrub 35 × 20/70 = 10 t
    const input = withRates(rates('purification.water.cod', '0.05', '0.1'));
    input.zones = [{ id: 'A', name: 'A' }];
    (input.ecosystems as { zone?: string }[])[0]!.zone = 'A';
    (input.ecosystems as { zone?: string }[])[1]!.zone = 'A';
    (input.emissions as { water: unknown[] }).water = [
      { pollutant: 'cod', zone: 'A', amount: { value: '35', unit: 't' } },
    ];
    const { ind } = only('R4', input, {
      switches: { R4: { rule: 'capped', pollutants: ['cod'], groups: ['forest', 'shrub'] } },
    });
    expect(ind.lines.map((l) => [l.ecosystem, l.physical?.value, l.terms?.capacity])).toEqual([
      ['forest.broadleaf', '25', '70 t'],
      ['shrub', '10', '70 t'],
    ]);
  });

  it('capped rule by zone: an emission in a zone without ecosystem rows purifies nothing and says so', () => {
    // zone B has no ecosystem row: no capacity in its scope → no line, one INPUT_IGNORED warning
    const input = withRates(rates('purification.water.cod', '0.05', '0.1'));
    input.zones = [
      { id: 'A', name: 'A' },
      { id: 'B', name: 'B' },
    ];
    (input.ecosystems as { zone?: string }[])[0]!.zone = 'A';
    (input.ecosystems as { zone?: string }[])[1]!.zone = 'A';
    (input.emissions as { water: unknown[] }).water = [
      { pollutant: 'cod', zone: 'B', amount: { value: '5', unit: 't' } },
    ];
    const { ind } = only('R4', input, {
      switches: { R4: { rule: 'capped', pollutants: ['cod'], groups: ['forest', 'shrub'] } },
    });
    expect(ind.lines).toEqual([]);
    expect(ind.warnings.map((w) => w.code)).toEqual(['INPUT_IGNORED']);
  });

  it('capped rule: emission equal to capacity credits each row its own capacity, zoned rows included', () => {
    // capacity 1000 × 0.05 + 200 × 0.1 (shrub, in zone A) = 70 t = region-wide emission 70 t → forest 50, shrub 20
    const input = withRates(rates('purification.water.cod', '0.05', '0.1'));
    input.zones = [{ id: 'A', name: 'A' }];
    (input.ecosystems as { zone?: string }[])[1]!.zone = 'A';
    (input.emissions as { water: unknown[] }).water = [
      { pollutant: 'cod', amount: { value: '70', unit: 't' } },
    ];
    const { ind } = only('R4', input, {
      switches: { R4: { rule: 'capped', pollutants: ['cod'], groups: ['forest', 'shrub'] } },
    });
    expect(ind.lines.map((l) => l.physical?.value)).toEqual(['50', '20']);
    expect(ind.subItems.map((s) => [s.key, s.physical?.value])).toEqual([['cod', '70']]);
  });

  it('capped rule with zero capacity: every row credited 0 t', () => {
    const input = withRates(rates('purification.water.cod', '0', '0'));
    const { ind } = only('R4', input, {
      switches: { R4: { rule: 'capped', pollutants: ['cod'], groups: ['forest', 'shrub'] } },
    });
    expect(ind.lines.map((l) => [l.physical?.value, l.terms?.capacity])).toEqual([
      ['0', '0 t'],
      ['0', '0 t'],
    ]);
  });

  it('capped rule: a type without a purification rate is refused at its ecosystem row', () => {
    const input = withRates(rates('purification.water.cod', '0.05', '0.1').slice(0, 1)); // forest only
    (input.emissions as { water: unknown[] }).water.splice(1, 2); // COD only
    const err = errorOf(() =>
      only('R4', input, {
        switches: { R4: { rule: 'capped', pollutants: ['cod'], groups: ['forest', 'shrub'] } },
      }),
    );
    expect(err.issues.map((i) => [i.code, i.path, i.params?.key])).toEqual([
      ['COEFFICIENT_MISSING', ['ecosystems', 1], 'purification.water.cod'],
    ]);
  });

  it('capped rule with no ecosystem of the groups in scope: nothing purified, and a warning says why', () => {
    const input = tinyInput();
    (input.emissions as { water: unknown[] }).water.splice(1, 2); // COD only
    const { ind } = only('R4', input, {
      switches: { R4: { rule: 'capped', pollutants: ['cod'], groups: ['wetland', 'cropland'] } },
    });
    expect(ind.lines).toEqual([]);
    expect(ind.warnings.map((w) => [w.code, w.path, w.params])).toEqual([
      [
        'INPUT_IGNORED',
        ['emissions', 'water', 0],
        {
          field: 'emissions.water cod',
          reason: 'no ecosystem of the groups wetland, cropland in its scope: purification counted as 0',
        },
      ],
    ]);
  });

  it('refusals carry their parameters and paths', () => {
    const overlap = tinyInput();
    overlap.zones = [{ id: 'A', name: 'A' }];
    (overlap.emissions as { water: unknown[] }).water.push({
      pollutant: 'cod',
      zone: 'A',
      amount: { value: '1', unit: 't' },
    });
    expect(errorOf(() => only('R4', overlap)).issues.map((i) => [i.code, i.path, i.params])).toEqual([
      ['EMISSION_SCOPES_OVERLAP', ['emissions', 'water', 3], { pollutant: 'cod' }],
    ]);

    const noTp = tinyInput();
    (noTp.emissions as { water: { pollutant: string }[] }).water.splice(1, 2); // COD only
    expect(errorOf(() => only('R4', noTp)).issues.map((i) => [i.code, i.path, i.params])).toEqual([
      [
        'INDICATOR_INPUT_MISSING',
        ['emissions', 'water'],
        { indicator: 'R4', field: 'emissions.water for nh3n' },
      ],
      [
        'INDICATOR_INPUT_MISSING',
        ['emissions', 'water'],
        { indicator: 'R4', field: 'emissions.water for tp' },
      ],
    ]);

    const tn = tinyInput();
    (tn.emissions as { water: unknown[] }).water.push({ pollutant: 'tn', amount: { value: '5', unit: 't' } });
    expect(
      errorOf(() => only('R4', tn, { switches: { R4: { pollutants: ['tn'] } } })).issues.map((i) => [
        i.code,
        i.path,
        i.params,
      ]),
    ).toEqual([['TAX_EQUIVALENT_UNDEFINED', ['emissions', 'water', 3], { pollutant: 'tn' }]]);
  });

  it('a tax rate not per pollution equivalent is refused as a unit mismatch', () => {
    const input = tinyInput();
    (input.overrides as { tables: unknown[] }).tables.push(
      userTable('rate', [
        {
          key: 'envtax.rate.water',
          value: '1.4',
          unit: 'yuan/t',
          priceYear: 2018,
          applies: { region: '36' },
        },
      ]),
    );
    const err = errorOf(() => only('R4', input, { switches: { R4: { pollutants: ['cod'] } } }));
    expect(err.issues.map((i) => [i.code, i.path, i.params])).toEqual([
      [
        'COEFFICIENT_UNIT_MISMATCH',
        ['emissions', 'water', 0],
        { key: 'envtax.rate.water', actual: 'yuan/t', expected: 'yuan/pollution_equivalent' },
      ],
    ]);
  });

  it('has input when its medium has emissions, and only then', () => {
    const input = inputSchema.parse(tinyInput());
    expect(waterPurification.hasInput(input, {} as never)).toBe(true);
    expect(airPurification.hasInput(input, {} as never)).toBe(true);
    input.emissions.air = [];
    expect(airPurification.hasInput(input, {} as never)).toBe(false);
    expect(waterPurification.hasInput(input, {} as never)).toBe(true);
    input.emissions.water = [];
    expect(waterPurification.hasInput(input, {} as never)).toBe(false);
  });
});
