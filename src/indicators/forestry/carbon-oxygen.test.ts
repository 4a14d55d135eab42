import { describe, expect, it } from 'vitest';
import { Decimal } from '../../core/decimal';
import { errorOf } from '../../../test/helpers';
import { forestCarbonSequestration } from './carbon-sequestration';
import { atPriceYear, coef, forestInput, price, run, zonedInput } from '../../../test/forestry-support';

const CS = 'carbon-sequestration/forestry@1';
const F = 'forest.broadleaf'; // 100 hm², NPP B = 10 t d.m./(hm²·a) (forestInput)
const carbon = [
  coef('lyt.soil_carbon_rate', '0.5', 't_C_per_hm2_a', F),
  price('price.carbon.lyt-1721', '1200', 'yuan/t_C'),
];
const exactDiv = (num: number, den: number) => new Decimal(num).div(den).toFixed();

describe('固碳 carbon sequestration (carbon-sequestration/forestry@1)', () => {
  it('G = A × (1.63 × R_C × B + F_soil) t C, U = A × C_C × (…), by hand', () => {
    // vegetation: A × 1.63 × B = 100 × 1.63 × 10 = 1630 t CO₂; × R_C = × 12/44 → 19 560 / 44 = 444.5454… t C
    // soil: A × F_soil = 100 × 0.5 = 50 t C; G = 494.5454… t C
    // U: 19 560 / 44 × 1200 = 533 454.5454… 元 (vegetation) + 50 × 1200 = 60 000 元 (soil) = 593 454.5454… 元
    // 1.63 is photosynthesis.co2_per_dm of the bundled photosynthesis table
    const { ind } = run('R6', CS, carbon);
    const veg = ind.lines.find((l) => l.subItem === 'vegetation');
    expect(veg?.physical?.value).toBe(exactDiv(19560, 44));
    expect(veg?.exact).toBe('19560/44');
    expect(veg?.terms).toMatchObject({ 'CO2/DM': '1.63', R_C: '12/44', 'A×1.63×B': '1630 t CO₂' });
    expect(ind.lines.find((l) => l.subItem === 'soil')?.physical?.value).toBe('50');
    expect(ind.physical?.unit).toBe('t_C');
    expect(ind.physical?.value).toBe(new Decimal(19560).div(44).plus(50).toFixed());
    expect(ind.subItems.map((s) => [s.key, s.value.current])).toEqual([
      ['vegetation', new Decimal(1630).times(12).div(44).times(1200).toFixed()],
      ['soil', '60000'],
    ]);
    expect(Number(ind.value.current)).toBeCloseTo(593454.5454545, 6);
  });

  it('regression: R_C is 12/44 exactly, not 0.2727 (which gives 444.501 t C and 533 401.2 元)', () => {
    // 1630 × 0.2727 = 444.501 t C → × 1200 = 533 401.2 元; 1630 × 12/44 = 444.545454… t C → 533 454.545… 元
    const { ind } = run('R6', CS, carbon, { switches: { components: ['vegetation'] } });
    expect(ind.physical?.value).not.toBe('444.501');
    expect(ind.physical?.value.startsWith('444.54545454545454545454')).toBe(true);
    expect(ind.value.current.startsWith('533454.5454545454545454')).toBe(true);
  });

  it('a price per t CO₂ is applied to G × 44/12 (vegetation: the CO₂ itself)', () => {
    // vegetation 1630 t CO₂ × 50 = 81 500 元; soil 50 t C × 44/12 = 183.333… t CO₂ × 50 = 9166.666… 元
    const perCO2 = [...carbon, price('price.carbon.test', '50', 'yuan/t_CO2')];
    const { ind } = run('R6', CS, perCO2, { switches: { priceKey: 'price.carbon.test' } });
    expect(ind.subItems.find((s) => s.key === 'vegetation')?.value.current).toBe('81500');
    expect(Number(ind.subItems.find((s) => s.key === 'soil')?.value.current)).toBeCloseTo(9166.6666667, 6);
    // a price per anything else is refused
    const perT = [...carbon, price('price.carbon.test', '50', 'yuan/t')];
    expect(errorOf(() => run('R6', CS, perT, { switches: { priceKey: 'price.carbon.test' } })).code).toBe(
      'COEFFICIENT_UNIT_MISMATCH',
    );
  });

  it('reads the bundled LY/T 1721 carbon price (1200 元/t C, 2008) by default', () => {
    // at the price year: 533 454.5454… + 60 000 = 593 454.5454… 元 (2008 prices)
    const { ind } = run('R6', CS, [coef('lyt.soil_carbon_rate', '0.5', 't_C_per_hm2_a', F)]);
    expect(ind.lines[0]?.valuations[0]?.price?.value).toBe('1200');
    expect(Number(atPriceYear(ind))).toBeCloseTo(593454.5454545, 6);
  });

  it('needs NPP for the vegetation part and the soil rate for the soil part', () => {
    const input = forestInput();
    input.productivity = [];
    const err = errorOf(() =>
      run('R6', CS, carbon, { input, switches: { components: ['soil', 'vegetation'] } }),
    );
    expect(err.issues.map((i) => [i.code, i.path, i.params])).toEqual([
      ['INDICATOR_INPUT_MISSING', ['productivity'], { indicator: 'R6', field: 'productivity[].npp' }],
    ]);
    expect(forestCarbonSequestration.missingInput?.({ components: ['soil'] } as never)).toBe('ecosystems[]');
    expect(run('R6', CS, carbon, { input, switches: { components: ['soil'] } }).ind.physical?.value).toBe(
      '50',
    );
    expect(errorOf(() => run('R6', CS, carbon.slice(1))).message).toContain('lyt.soil_carbon_rate');
  });

  it('productivity records without an NPP are missing input for the vegetation part', () => {
    const input = forestInput();
    input.productivity = [{ ecosystem: F, nep: { value: '3', unit: 't_C_per_hm2_a' } }];
    const err = errorOf(() => run('R6', CS, carbon, { input }));
    expect([err.code, err.path]).toEqual(['INDICATOR_INPUT_MISSING', ['productivity']]);
  });

  it("the lines carry their row's type and zone and every term", () => {
    // vegetation: 100 hm² × 1.63 × 10 = 1630 t CO₂; soil: F_soil 0.5 t C/(hm²·a)
    const { ind } = run('R6', CS, carbon, { input: zonedInput() });
    expect(ind.lines.map((l) => [l.subItem, l.ecosystem, l.zone])).toEqual([
      ['vegetation', F, 'N'],
      ['soil', F, 'N'],
    ]);
    expect(ind.lines[0]?.terms).toEqual({
      A: '100 hm²',
      B: '10 t d.m./(hm²·a) (productivity[0].npp)',
      'CO2/DM': '1.63',
      R_C: '12/44',
      'A×1.63×B': '1630 t CO₂',
    });
    expect(ind.lines[1]?.terms).toEqual({ A: '100 hm²', F_soil: '0.5 t C/(hm²·a)' });
  });

  it('the soil part at a price per mass of carbon is labelled by that unit, the carbon taken as it is', () => {
    // 1200 元/t C: 50 t C × 1200 = 60 000 元; 1.2 元/kg C = 1200 元/t C: the same 60 000 元
    const soil = { switches: { components: ['soil'] } };
    expect(run('R6', CS, carbon, soil).ind.lines[0]?.valuations[0]?.label).toBe('carbon price per t C');
    const perKg = [carbon[0]!, price('price.carbon.test', '1.2', 'yuan/kg_C')];
    const { ind } = run('R6', CS, perKg, {
      switches: { components: ['soil'], priceKey: 'price.carbon.test' },
    });
    expect(ind.lines[0]?.valuations[0]?.label).toBe('carbon price per kg C');
    expect(ind.value.current).toBe('60000');
  });
});

describe('释氧 oxygen: the lineage reuses oxygen-release/npp@1 (G = 1.19 × A × B, U = 1.19 × C_O × A × B)', () => {
  const O = 'oxygen-release/npp@1';
  const oxygen = [price('price.oxygen', '1000', 'yuan/t_O2')];

  it('by hand, forest rows only', () => {
    // G = 1.19 × 100 hm² × 10 t d.m./(hm²·a) = 1190 t O₂; U = 1190 × 1000 元/t = 1 190 000 元
    const { ind } = run('R7', O, oxygen, { switches: { groups: ['forest'] } });
    expect(ind.physical).toEqual({ value: '1190', unit: 't_O2', symbol: 't O₂' });
    expect(ind.value.current).toBe('1190000');
  });

  it('regression: 1.19, not 1.91 (which gives 1910 t O₂ and 1 910 000 元)', () => {
    const { ind } = run('R7', O, oxygen, { switches: { groups: ['forest'] } });
    expect(ind.lines[0]?.terms?.['O2/DM']).toBe('1.19');
    expect(ind.physical?.value).not.toBe('1910');
    expect(ind.physical?.value).toBe('1190');
  });
});
