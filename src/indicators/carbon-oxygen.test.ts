import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Decimal } from '../core/decimal';
import { errorOf, only, some, tinyInput, userTable } from '../../test/helpers';

const withTable = (records: Record<string, unknown>[]) => {
  const input = tinyInput();
  (input.overrides as { tables: unknown[] }).tables.push(userTable('extra', records));
  return input;
};

describe('R6 carbon sequestration', () => {
  it('NEP method: Q = 44/12 × NEP, priced per t CO₂, by hand', () => {
    // forest 3 t C/(hm²·a) × 1000 hm² = 3000 t C → × 44/12 = 11 000 t CO₂;
    // shrub 1.5 × 200 = 300 t C → 1 100 t CO₂; total 12 100 t CO₂.
    // × 42.85 元/t CO₂ (CEA 2021 average) = 518 485 元 at 2021 prices → × 686.5 / 692.7 = 513 844.3085…
    const { ind } = only('R6', tinyInput());
    expect(ind.physical).toEqual({ value: '12100', unit: 't_CO2', symbol: 't CO₂' });
    expect(ind.lines[0]?.valuations[0]?.atPriceYear).toBe('471350');
    expect(ind.value.current.startsWith('513844.3085')).toBe(true);
  });

  it('NEP from α × NPP × 72/162 when NEP is not given', () => {
    // NPP 9 t d.m./(hm²·a) × 1000 hm² = 9000 t d.m.; α 0.5 → 4500 × 72/162 = 2000 t C → 7333.33… t CO₂
    const input = withTable([{ key: 'carbon.nep_npp_ratio', value: '0.5', unit: 'one' }]);
    input.productivity = [{ ecosystem: 'forest.broadleaf', npp: { value: '9', unit: 't_DM_per_hm2_a' } }];
    const { ind } = only('R6', input, { switches: { R6: { groups: ['forest'] } } });
    expect(ind.lines[0]?.terms?.NEP).toBe('2000 t C');
    expect(ind.physical?.value.startsWith('7333.333333')).toBe(true);
  });

  it('NPP stoichiometry: 1.63 t CO₂ per t dry matter', () => {
    // 9000 t d.m. × 1.63 = 14 670 t CO₂
    const input = tinyInput();
    input.productivity = [{ ecosystem: 'forest.broadleaf', npp: { value: '900', unit: 'g_DM_per_m2_a' } }]; // 900 g/m² = 9 t/hm²
    const { ind } = only('R6', input, {
      methods: { R6: 'carbon-sequestration/npp-stoichiometry@1' },
      switches: { R6: { groups: ['forest'], priceKey: 'price.carbon.cea-average-2021' } },
    });
    expect(ind.physical?.value).toBe('14670');
  });

  it('rates method: 44/12 × Σ A × rate, sub-items by group (FCS, GSCS, …)', () => {
    // forest 1.2 t C/(hm²·a) × 1000 = 1200 t C → 4400 t CO₂; shrub 0.6 × 200 = 120 t C → 440 t CO₂ (both FCS)
    const input = withTable([
      {
        key: 'carbon.sequestration_rate',
        value: '1.2',
        unit: 't_C_per_hm2_a',
        applies: { ecosystem: 'forest' },
      },
      {
        key: 'carbon.sequestration_rate',
        value: '0.6',
        unit: 't_C_per_hm2_a',
        applies: { ecosystem: 'shrub' },
      },
    ]);
    const { ind } = only('R6', input, {
      methods: { R6: 'carbon-sequestration/rates@1' },
      switches: { R6: { groups: ['forest', 'shrub'], priceKey: 'price.carbon.cea-average-2021' } },
    });
    expect(ind.subItems.map((s) => [s.key, s.physical?.value])).toEqual([['FCS', '4840']]);
  });

  it('forest inventory: 44/12 × D × BEF × (1 + R) × CF × (V × GR − V × CR)', () => {
    // V = 100 000 m³, GR 0.05, CR 0.02 → 3000 m³; × 0.4 t/m³ × 1.5 × 1.25 × 0.5 = 1125 t C → 4125 t CO₂
    const input = withTable([
      {
        key: 'wood.basic_density',
        value: '0.4',
        unit: 't_per_m3',
        applies: { ecosystem: 'forest.broadleaf' },
      },
      { key: 'biomass.bef', value: '1.5', unit: 'one' },
      { key: 'biomass.root_shoot_ratio', value: '0.25', unit: 'one' },
      { key: 'biomass.carbon_fraction', value: '0.5', unit: 'one' },
    ]);
    input.forestInventory = [
      {
        ecosystem: 'forest.broadleaf',
        stockVolume: { value: '10', unit: 'wan_m3' },
        grossGrowthRate: '0.05',
        harvestRate: '0.02',
      },
    ];
    const { ind } = only('R6', input, {
      methods: { R6: 'carbon-sequestration/forest-inventory@1' },
      switches: { R6: { priceKey: 'price.carbon.cea-average-2021' } },
    });
    expect(ind.physical?.value).toBe('4125');
  });

  it('a price per t C is applied to the carbon content (× 12/44), never to the CO₂', () => {
    // 12 100 t CO₂ = 3300 t C × 1200 元/t C (LY/T 1721, 2008 prices) = 3 960 000 元
    const { ind } = only('R6', tinyInput(), { switches: { R6: { priceKey: 'price.carbon.lyt-1721' } } });
    const v = ind.lines.flatMap((l) => l.valuations);
    expect(v.map((x) => x.quantity?.unit)).toEqual(['t_C', 't_C']);
    expect(v.reduce((a, x) => a.plus(x.atPriceYear), new Decimal(0)).toFixed()).toBe('3960000');
  });

  it('property: via NEP, CO₂ is exactly 44/12 × NEP (no rounding drift)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 10_000_000 }),
        fc.integer({ min: 1, max: 100_000 }),
        (nepCentiT, hm2) => {
          const input = tinyInput();
          const nep = new Decimal(nepCentiT).div(100);
          input.ecosystems = [{ type: 'forest.broadleaf', area: { value: String(hm2), unit: 'hm2' } }];
          input.productivity = [
            { ecosystem: 'forest.broadleaf', nep: { value: nep.toFixed(), unit: 't_C_per_hm2_a' } },
          ];
          const q = new Decimal(only('R6', input).ind.physical?.value ?? 'NaN');
          expect(q.equals(nep.times(hm2).times(44).div(12))).toBe(true);
          expect(q.times(12).equals(nep.times(hm2).times(44))).toBe(true); // 12 Q = 44 NEP exactly
        },
      ),
      { numRuns: 60 },
    );
  }, 60_000);
});

describe('R7 oxygen release', () => {
  it('molar: 32/44 of the CO₂ of R6, line by line, at the oxygen price', () => {
    // 12 100 t CO₂ × 32/44 = 8 800 t O₂ (forest 8 000, shrub 800) × 727 元/t (2010) = 6 397 600 元
    //   → × 686.5 / 536.1 = 8 192 412.6095…
    const r7 = some(['R6', 'R7'], tinyInput()).indicators.find((i) => i.code === 'R7');
    expect(r7?.physical?.value).toBe('8800');
    expect(r7?.lines.map((l) => l.physical?.value)).toEqual(['8000', '800']);
    expect(r7?.value.current.startsWith('8192412.6095')).toBe(true);
  });

  it('property: O₂ / CO₂ is exactly 8/11 under the molar method', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 1_000_000 }), (centi) => {
        const input = tinyInput();
        input.productivity = [
          {
            ecosystem: 'forest.broadleaf',
            nep: { value: new Decimal(centi).div(100).toFixed(), unit: 't_C_per_hm2_a' },
          },
        ];
        input.ecosystems = [{ type: 'forest.broadleaf', area: { value: '1', unit: 'km2' } }];
        const r = some(['R6', 'R7'], input);
        // Each line carries its value as an exact fraction: 11 × O₂ = 8 × CO₂ holds on the fractions with no rounding.
        const frac = (code: string) => {
          const [num, den] = (r.indicators.find((i) => i.code === code)?.lines[0]?.exact ?? 'NaN/1').split(
            '/',
          );
          return { num: new Decimal(num!), den: new Decimal(den!) };
        };
        const co2 = frac('R6');
        const o2 = frac('R7');
        expect(o2.num.times(11).times(co2.den).equals(co2.num.times(8).times(o2.den))).toBe(true);
        // and the rounded O₂ is the correctly rounded value of that fraction
        const o2Value = new Decimal(r.indicators.find((i) => i.code === 'R7')?.physical?.value ?? 'NaN');
        expect(o2Value.equals(o2.num.div(o2.den))).toBe(true);
      }),
      { numRuns: 60 },
    );
  }, 60_000);

  it('without R6 in the account, the molar method fails naming the dependency', () => {
    const err = errorOf(() => only('R7', tinyInput()));
    expect(err.code).toBe('INDICATOR_DEPENDENCY_MISSING');
    expect(err.message).toContain('R6');
  });

  it('NPP method: 1.19 t O₂ per t dry matter', () => {
    // 9000 t d.m. × 1.19 = 10 710 t O₂
    const input = tinyInput();
    input.productivity = [{ ecosystem: 'forest.broadleaf', npp: { value: '9', unit: 't_DM_per_hm2_a' } }];
    const { ind } = only('R7', input, {
      methods: { R7: 'oxygen-release/npp@1' },
      switches: { R7: { groups: ['forest'] } },
    });
    expect(ind.physical?.value).toBe('10710');
  });
});
