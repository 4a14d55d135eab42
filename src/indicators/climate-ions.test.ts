import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Decimal } from '../core/decimal';
import { errorOf, only, tinyInput, userTable } from '../../test/helpers';

const withTable = (records: Record<string, unknown>[]) => {
  const input = tinyInput();
  (input.overrides as { tables: unknown[] }).tables.push(userTable('extra', records));
  return input;
};
const epp = () =>
  withTable([
    {
      key: 'climate.transpiration_heat',
      value: '1080',
      unit: 'kJ_per_m2_d',
      applies: { ecosystem: 'forest.broadleaf' },
    },
    { key: 'climate.transpiration_heat', value: '540', unit: 'kJ_per_m2_d', applies: { ecosystem: 'shrub' } },
  ]);
const EPP = { R8: { transpiration: 'epp' } };

describe('R8 climate regulation', () => {
  it('transpiration: EPP × S × D / (3600 × r), by hand', () => {
    // forest: 1080 kJ/(m²·d) × 10⁷ m² × 100 d / (3600 × 3) = 1.08 × 10¹² / 10 800 = 10⁸ kWh
    // shrub:   540 × 2 × 10⁶ × 100 / 10 800 = 10⁷ kWh; total 1.1 × 10⁸ kWh × 0.53 元/kWh = 58 300 000 元 (2010)
    const { ind } = only('R8', epp(), { switches: EPP });
    expect(ind.physical?.value).toBe('110000000');
    expect(
      ind.lines
        .flatMap((l) => l.valuations)
        .reduce((a, v) => a.plus(v.atPriceYear), new Decimal(0))
        .toFixed(),
    ).toBe('58300000');
  });

  it('transpiration heat derived from the water-conservation ET input: EPP = ET × q / 365', () => {
    // forest: 800 mm × 2450 kJ/kg / 365 = 5369.863… kJ/(m²·d); × 10⁷ m² × 100 d / 10 800 = 497 209 538.305… kWh
    // shrub: 700 × 2450 / 365 × 2 × 10⁶ × 100 / 10 800 = 87 011 669.203… kWh
    const { ind } = only('R8', tinyInput());
    expect(ind.lines[0]?.terms?.ET).toBe('800 mm (climate.1.evapotranspiration)');
    expect(Number(ind.lines[0]?.physical?.value)).toBeCloseTo(497209538.3054287, 5);
    expect(Number(ind.lines[1]?.physical?.value)).toBeCloseTo(87011669.20345, 4);
  });

  it('water-surface evaporation: E_w × q × 10³ / 3600 + E_w × y, humidifying by switch', () => {
    // reservoir 1 km², ET 900 mm → E_w = 900 000 m³; heat 900 000 × 2450 × 1000 / 3600 = 612 500 000 kWh;
    // humidifying 900 000 × 120 = 108 000 000 kWh → 720 500 000 kWh with "always"; RH 0.78 ≥ 0.45 → none.
    const input = epp();
    (input.ecosystems as unknown[]).push({ type: 'wetland.reservoir', area: { value: '1', unit: 'km2' } });
    (input.climate as unknown[]).push({
      ecosystem: 'wetland.reservoir',
      evapotranspiration: { value: '900', unit: 'mm' },
    });
    const always = only('R8', input, {
      switches: { R8: { transpiration: 'epp', humidifying: 'always' } },
    }).ind;
    expect(always.subItems.find((s) => s.key === 'evaporation')?.physical?.value).toBe('720500000');
    (input.climate as Record<string, unknown>[])[0]!.relativeHumidity = '0.78';
    const humid = only('R8', input, {
      switches: { R8: { transpiration: 'epp', humidifying: 'below-45-percent' } },
    }).ind;
    expect(humid.subItems.find((s) => s.key === 'evaporation')?.physical?.value).toBe('612500000');
  });

  it('property: climate regulation scales linearly in D', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 365 }), fc.integer({ min: 2, max: 5 }), (d, k) => {
        const at = (days: number) => {
          const input = epp();
          (input.climate as Record<string, unknown>[])[0]!.acDays = { value: String(days), unit: 'day' };
          return new Decimal(only('R8', input, { switches: EPP }).ind.physical?.value ?? 'NaN');
        };
        if (d * k <= 365) expect(at(d * k).equals(at(d).times(k))).toBe(true);
      }),
      { numRuns: 40 },
    );
  }, 60_000);

  it('needs the air-conditioning days', () => {
    const input = tinyInput();
    delete (input.climate as Record<string, unknown>[])[0]!.acDays;
    const err = errorOf(() => only('R8', input));
    expect(err.code).toBe('CLIMATE_MISSING');
    expect(err.message).toContain('acDays');
  });
});

describe('R8 climate regulation from totals', () => {
  it('source "totals": E as given, evaporation for a water type, transpiration for vegetation, others named', () => {
    const input = {
      ...tinyInput(),
      climateRegulation: [
        { ecosystem: 'forest.broadleaf', amount: { value: '2', unit: 'yi_kWh' } },
        { ecosystem: 'wetland.reservoir', amount: { value: '500', unit: 'wan_kWh' } },
        { ecosystem: 'urban', amount: { value: '1', unit: 'wan_kWh' } },
      ],
    };
    // forest: 2 亿kWh = 200 000 000 kWh (transpiration); reservoir: 500 万kWh = 5 000 000 kWh (evaporation);
    // E = 205 000 000 kWh × 0.53 元/kWh = 108 650 000 元 at 2010 prices. urban is left out with a warning.
    const { ind } = only('R8', input, { switches: { R8: { source: 'totals' } } });
    expect(ind.lines.map((l) => [l.subItem, l.ecosystem, l.physical?.value])).toEqual([
      ['transpiration', 'forest.broadleaf', '200000000'],
      ['evaporation', 'wetland.reservoir', '5000000'],
    ]);
    expect(ind.physical?.value).toBe('205000000');
    expect(
      ind.lines
        .flatMap((l) => l.valuations)
        .reduce((a, v) => a.plus(v.atPriceYear), new Decimal(0))
        .toFixed(),
    ).toBe('108650000');
    const w = ind.warnings.find((x) => x.code === 'INPUT_IGNORED');
    expect(w?.path).toEqual(['climateRegulation', 2]);
    expect(w?.params?.field).toBe('climateRegulation 1 wan_kWh of urban');
  });

  it('source "model" (default) with totals given warns that they were not used', () => {
    const input = {
      ...tinyInput(),
      climateRegulation: [{ ecosystem: 'shrub', amount: { value: '1', unit: 'kWh' } }],
    };
    const { ind } = only('R8', input);
    expect(ind.warnings.map((x) => [x.code, x.path])).toEqual([['INPUT_IGNORED', ['climateRegulation']]]);
  });
});

describe('R9 negative air ions', () => {
  it('G = 5.256e15 × Q × A × H / L and U = 5.256e15 × A × H × K × (Q − 600) / L, by hand', () => {
    // A 1000 hm², H 12 m, L 10 min, Q 2600: G = 5.256e15 × 2600 × 1000 × 12 / 10 = 1.639872e22 ions;
    // above threshold 5.256e15 × 1000 × 12 × 2000 / 10 = 1.26144e22 × 5.8185e-18 元 = 73 396.8864 元 (2008)
    const { ind } = only('R9', tinyInput());
    expect(ind.physical?.value).toBe('16398720000000000000000');
    expect(ind.lines[0]?.valuations[0]?.quantity?.value).toBe('12614400000000000000000');
    expect(ind.lines[0]?.valuations[0]?.atPriceYear).toBe('73396.8864');
  });

  it('below the threshold the value is zero with a warning, or refused', () => {
    const input = tinyInput();
    (input.airIons as Record<string, unknown>[])[0]!.concentration = { value: '400', unit: 'ions_per_cm3' };
    const { ind } = only('R9', input);
    expect(ind.value.current).toBe('0');
    expect(ind.warnings.map((w) => w.code)).toEqual(['NEGATIVE_TERM']);
    expect(errorOf(() => only('R9', input, { switches: { R9: { belowThreshold: 'refuse' } } })).code).toBe(
      'NEGATIVE_TERM_REFUSED',
    );
  });
});
