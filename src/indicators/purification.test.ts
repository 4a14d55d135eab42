import { describe, expect, it } from 'vitest';
import { errorOf, only, tinyInput } from '../../test/helpers';

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
      grade: 'verified',
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
});
