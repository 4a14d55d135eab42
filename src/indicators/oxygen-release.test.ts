import { describe, expect, it } from 'vitest';
import { Decimal } from '../core/decimal';
import type { Price } from '../core/money';
import { errorOf, only, some, tinyInput } from '../../test/helpers';
import { oxygenMolar } from './oxygen-release';
import type { Line, MethodContext, PriceOrigin } from './spec';

// Lines, terms, paths and refusals of the two R7 methods; the main hand-computed cases and the 8/11 property are in
// carbon-oxygen.test.ts.

const NPP = { methods: { R7: 'oxygen-release/npp@1' } };

describe('R7 oxygen release, molar (32/44 of the carbon indicator’s CO₂)', () => {
  it('each line keeps the CO₂ line’s ecosystem, zone and path, with the CO₂ it converted as its term', () => {
    // forest 11 000 t CO₂ × 32/44 = 8 000 t O₂ × 727 元/t = 5 816 000 元; shrub 1 100 × 32/44 = 800 t O₂ → 581 600 元
    const r7 = some(['R6', 'R7'], tinyInput()).indicators.find((i) => i.code === 'R7');
    expect(
      r7?.lines.map((l) => [l.ecosystem, l.zone, l.path, l.physical?.unit, l.physical?.value, l.terms]),
    ).toEqual([
      ['forest.broadleaf', null, ['ecosystems', 0], 't_O2', '8000', { CO2: '11000 t CO₂' }],
      ['shrub', null, ['ecosystems', 1], 't_O2', '800', { CO2: '1100 t CO₂' }],
    ]);
    expect(r7?.lines.map((l) => [l.valuations[0]?.label, l.valuations[0]?.atPriceYear])).toEqual([
      ['industrial oxygen price', '5816000'],
      ['industrial oxygen price', '581600'],
    ]);
  });

  it('refuses lines of an indicator that are not in t CO₂ (UNIT_MISMATCH at each line, naming its unit)', () => {
    // R1 (water conservation) lines are in m³, one per vegetated ecosystem
    const err = errorOf(() =>
      some(['R1', 'R7'], tinyInput(), { switches: { R7: { carbonIndicator: 'R1' } } }),
    );
    expect(err.issues.map((i) => [i.code, i.path, i.params])).toEqual([
      [
        'UNIT_MISMATCH',
        ['ecosystems', 0],
        { expected: 't CO₂ lines from the carbon indicator', actual: 'm3' },
      ],
      [
        'UNIT_MISMATCH',
        ['ecosystems', 1],
        { expected: 't CO₂ lines from the carbon indicator', actual: 'm3' },
      ],
    ]);
  });

  it('refuses lines without a physical quantity (M2 gross output: actual "none")', () => {
    const err = errorOf(() =>
      some(['M2', 'R7'], tinyInput(), { switches: { R7: { carbonIndicator: 'M2' } } }),
    );
    expect(err.issues.map((i) => [i.code, i.path, i.params])).toEqual([
      [
        'UNIT_MISMATCH',
        ['materialProducts', 1],
        { expected: 't CO₂ lines from the carbon indicator', actual: 'none' },
      ],
    ]);
  });
});

describe('oxygenMolar.compute on lines of another producer', () => {
  it('a t CO₂ line without an exact fraction or a path: O₂ = CO₂ × 32/44 on CO₂/1, at the path []', () => {
    // 110 t CO₂ × 32/44 = 3520/44 = 80 t O₂
    const price = { price: {} as Price, origin: { kind: 'input', path: ['p'] } as PriceOrigin };
    const co2: Line = {
      subItem: null,
      ecosystem: 'forest.broadleaf',
      zone: 'Z',
      physical: { value: new Decimal(110), unit: 't_CO2' },
      valuations: [],
    };
    const ctx = {
      switches: { carbonIndicator: 'X' },
      linesOf: (code: string) => (code === 'X' ? [co2] : []),
      tablePrice: () => price,
    } as unknown as MethodContext<{ carbonIndicator: string }>;
    const [line, ...rest] = oxygenMolar.compute(ctx);
    expect(rest).toEqual([]);
    expect([
      line?.ecosystem,
      line?.zone,
      line?.path,
      line?.physical?.unit,
      line?.physical?.value.toFixed(),
    ]).toEqual(['forest.broadleaf', 'Z', [], 't_O2', '80']);
    expect([line?.exact?.num.toFixed(), line?.exact?.den.toFixed()]).toEqual(['3520', '44']);
    expect(line?.terms).toEqual({ CO2: '110 t CO₂' });
  });
});

describe('R7 oxygen release, NPP (1.19 t O₂ per t dry matter)', () => {
  it('a zoned ecosystem reads the most specific productivity record that has npp', () => {
    // productivity[1] (zone A, forest) has only nep, so zone A's forest reads the type's record productivity[0]:
    // forest 1000 hm² × 9 t d.m./hm² = 9 000 t d.m. × 1.19 = 10 710 t O₂ × 727 元/t = 7 786 170 元
    // zone A 1 km² = 100 hm² × 9 = 900 t d.m. × 1.19 = 1 071 t O₂ × 727 = 778 617 元
    const input = tinyInput();
    input.zones = [{ id: 'A', name: 'A' }];
    (input.ecosystems as unknown[]).push({
      zone: 'A',
      type: 'forest.broadleaf',
      area: { value: '1', unit: 'km2' },
    });
    input.productivity = [
      { ecosystem: 'forest.broadleaf', npp: { value: '9', unit: 't_DM_per_hm2_a' } },
      { zone: 'A', ecosystem: 'forest.broadleaf', nep: { value: '3', unit: 't_C_per_hm2_a' } },
    ];
    const { ind } = only('R7', input, { ...NPP, switches: { R7: { groups: ['forest'] } } });
    expect(ind.lines.map((l) => [l.ecosystem, l.zone, l.path, l.physical?.value, l.terms])).toEqual([
      ['forest.broadleaf', null, ['ecosystems', 0], '10710', { NPP: '9000 t d.m.', 'O2/DM': '1.19' }],
      ['forest.broadleaf', 'A', ['ecosystems', 2], '1071', { NPP: '900 t d.m.', 'O2/DM': '1.19' }],
    ]);
    expect(ind.lines.map((l) => [l.valuations[0]?.label, l.valuations[0]?.atPriceYear])).toEqual([
      ['industrial oxygen price', '7786170'],
      ['industrial oxygen price', '778617'],
    ]);
  });

  it('an ecosystem of its groups without npp: SPATIAL_INPUT_MISSING at the ecosystem', () => {
    // default groups forest, shrub, grassland: the shrub (ecosystems[1]) has no npp record
    const input = tinyInput();
    input.productivity = [
      { ecosystem: 'forest.broadleaf', npp: { value: '9', unit: 't_DM_per_hm2_a' } },
      { ecosystem: 'shrub', nep: { value: '1.5', unit: 't_C_per_hm2_a' } },
    ];
    const err = errorOf(() => only('R7', input, NPP));
    expect(err.issues.map((i) => [i.code, i.path, i.params])).toEqual([
      [
        'SPATIAL_INPUT_MISSING',
        ['ecosystems', 1],
        { field: 'npp', zone: '(region)', type: 'shrub', section: 'productivity' },
      ],
    ]);
  });

  it('without any npp in productivity the indicator lacks its input (INDICATOR_INPUT_MISSING)', () => {
    // tinyInput's productivity records carry nep only
    const err = errorOf(() => only('R7', tinyInput(), NPP));
    expect(err.issues.map((i) => [i.code, i.path, i.params])).toEqual([
      ['INDICATOR_INPUT_MISSING', ['productivity'], { indicator: 'R7', field: 'productivity[].npp' }],
    ]);
  });
});
