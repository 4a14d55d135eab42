import { describe, expect, it } from 'vitest';
import { inputSchema } from '../input/input';
import { errorOf, only, tinyInput, userTable } from '../../test/helpers';
import {
  carbonForestInventory,
  carbonNep,
  carbonNppStoichiometry,
  carbonRates,
} from './carbon-sequestration';

// Edges, warnings and error details of the four R6 methods; the hand-computed main cases are in carbon-oxygen.test.ts.

const withTable = (records: Record<string, unknown>[]) => {
  const input = tinyInput();
  (input.overrides as { tables: unknown[] }).tables.push(userTable('extra', records));
  return input;
};

const INVENTORY_TABLE = [
  { key: 'wood.basic_density', value: '0.4', unit: 't_per_m3', applies: { ecosystem: 'forest.broadleaf' } },
  { key: 'biomass.bef', value: '1.5', unit: 'one' },
  { key: 'biomass.root_shoot_ratio', value: '0.25', unit: 'one' },
  { key: 'biomass.carbon_fraction', value: '0.5', unit: 'one' },
];
const INVENTORY = {
  methods: { R6: 'carbon-sequestration/forest-inventory@1' },
  switches: { R6: { priceKey: 'price.carbon.cea-average-2021' } },
};
const stratum = (grossGrowthRate: string, harvestRate: string, zone?: string) => ({
  ecosystem: 'forest.broadleaf',
  ...(zone === undefined ? {} : { zone }),
  stockVolume: { value: '10', unit: 'wan_m3' },
  grossGrowthRate,
  harvestRate,
});

describe('R6 forest inventory: harvest against growth', () => {
  it('harvest above growth is a net emission: negative CO₂ kept, with a NEGATIVE_TERM warning naming it', () => {
    // V = 10 万m³ = 100 000 m³; V × GR − V × CR = 100 000 × 0.02 − 100 000 × 0.05 = 2000 − 5000 = −3000 m³
    // C = 0.4 × 1.5 × (1 + 0.25) × 0.5 × (−3000) = 0.375 × (−3000) = −1125 t C → × 44/12 = −4125 t CO₂
    const input = withTable(INVENTORY_TABLE);
    input.forestInventory = [stratum('0.02', '0.05')];
    const { ind } = only('R6', input, INVENTORY);
    expect(ind.physical?.value).toBe('-4125');
    expect(ind.lines[0]?.exact).toBe('-49500/12'); // −1125 × 44 / 12
    expect(ind.warnings).toEqual([
      expect.objectContaining({
        code: 'NEGATIVE_TERM',
        path: ['forestInventory', 0],
        params: {
          what: 'net growth of stratum forest.broadleaf',
          value: '-1125 t C',
          rule: 'kept: harvest exceeds growth, a net emission',
        },
      }),
    ]);
  });

  it('growth above harvest: every term of the formula in the trace, and no warning', () => {
    // V × GR − V × CR = 5000 − 2000 = 3000 m³; C = 0.375 × 3000 = 1125 t C → 4125 t CO₂
    const input = withTable(INVENTORY_TABLE);
    input.zones = [{ id: 'A', name: 'A' }];
    input.forestInventory = [stratum('0.05', '0.02', 'A')];
    const { ind } = only('R6', input, INVENTORY);
    expect(ind.warnings).toEqual([]);
    expect(ind.lines[0]).toMatchObject({
      ecosystem: 'forest.broadleaf',
      zone: 'A',
      physical: { value: '4125', unit: 't_CO2' },
      terms: {
        V: '100000 m³',
        'V×GR−V×CR': '3000 m³',
        D: '0.4',
        BEF: '1.5',
        R: '0.25',
        CF: '0.5',
        C: '1125 t C',
      },
    });
  });

  it('harvest equal to growth: zero, no warning; two strata add up', () => {
    // stratum 0: 100 000 × (0.03 − 0.03) = 0 → 0 t CO₂; stratum 1: 100 000 × (0.05 − 0.02) → 4125 t CO₂; Σ 4125
    const input = withTable(INVENTORY_TABLE);
    input.zones = [
      { id: 'A', name: 'A' },
      { id: 'B', name: 'B' },
    ];
    input.forestInventory = [stratum('0.03', '0.03', 'A'), stratum('0.05', '0.02', 'B')];
    const { ind } = only('R6', input, INVENTORY);
    expect(ind.warnings).toEqual([]);
    expect(ind.lines.map((l) => l.physical?.value)).toEqual(['0', '4125']);
    expect(ind.lines.map((l) => l.path)).toEqual([
      ['forestInventory', 0],
      ['forestInventory', 1],
    ]);
    expect(ind.physical?.value).toBe('4125');
  });
});

describe('R6 NEP, NPP and rates: several cells, traces and refusals', () => {
  it('NEP lines per ecosystem carry zone, term and exact fraction; the total is their sum', () => {
    // forest 3 t C/(hm²·a) × 1000 hm² = 3000 t C → 11 000 t CO₂ (exact 132 000/12);
    // shrub in zone A 1.5 × 200 = 300 t C → 1100 t CO₂ (13 200/12); Σ 12 100 t CO₂
    const input = tinyInput();
    input.zones = [{ id: 'A', name: 'A' }];
    (input.ecosystems as { zone?: string }[])[1]!.zone = 'A';
    const { ind } = only('R6', input);
    expect(ind.lines.map((l) => [l.ecosystem, l.zone, l.physical?.value, l.exact, l.terms])).toEqual([
      ['forest.broadleaf', null, '11000', '132000/12', { NEP: '3000 t C' }],
      ['shrub', 'A', '1100', '13200/12', { NEP: '300 t C' }],
    ]);
    expect(ind.physical?.value).toBe('12100');
    expect(ind.warnings).toEqual([]);
  });

  it('NEP from α × NPP: the trace gives NPP, α and NEP', () => {
    // NPP 9 t d.m./(hm²·a) × 1000 hm² = 9000 t d.m.; α 0.5 → 4500 × 72/162 = 2000 t C → 2000 × 44/12 t CO₂
    const input = withTable([{ key: 'carbon.nep_npp_ratio', value: '0.5', unit: 'one' }]);
    input.productivity = [{ ecosystem: 'forest.broadleaf', npp: { value: '9', unit: 't_DM_per_hm2_a' } }];
    const { ind } = only('R6', input, { switches: { R6: { groups: ['forest'] } } });
    expect(ind.lines[0]?.terms).toEqual({ NPP: '9000 t d.m.', alpha: '0.5', NEP: '2000 t C' });
    expect(ind.lines[0]?.exact).toBe('88000/12');
  });

  it('NPP stoichiometry over two ecosystems: each line and the sum, with the trace', () => {
    // forest 9 t d.m./(hm²·a) × 1000 hm² = 9000 t d.m. × 1.63 = 14 670 t CO₂
    // shrub 4 × 200 = 800 t d.m. × 1.63 = 1304 t CO₂; Σ 15 974 t CO₂
    const input = tinyInput();
    input.productivity = [
      { ecosystem: 'forest.broadleaf', npp: { value: '9', unit: 't_DM_per_hm2_a' } },
      { ecosystem: 'shrub', npp: { value: '4', unit: 't_DM_per_hm2_a' } },
    ];
    const { ind } = only('R6', input, {
      methods: { R6: 'carbon-sequestration/npp-stoichiometry@1' },
      switches: { R6: { priceKey: 'price.carbon.cea-average-2021' } },
    });
    expect(ind.lines.map((l) => [l.ecosystem, l.physical?.value, l.terms])).toEqual([
      ['forest.broadleaf', '14670', { NPP: '9000 t d.m.', 'CO2/DM': '1.63' }],
      ['shrub', '1304', { NPP: '800 t d.m.', 'CO2/DM': '1.63' }],
    ]);
    expect(ind.physical?.value).toBe('15974');
  });

  it('a type with no productivity record: SPATIAL_INPUT_MISSING with its zone, type and section', () => {
    const input = tinyInput();
    input.zones = [{ id: 'A', name: 'A' }];
    (input.ecosystems as { zone?: string }[])[1]!.zone = 'A';
    input.productivity = [{ ecosystem: 'forest.broadleaf', nep: { value: '3', unit: 't_C_per_hm2_a' } }];
    const err = errorOf(() => only('R6', input));
    expect(err.issues.map((i) => [i.code, i.path, i.params])).toEqual([
      [
        'SPATIAL_INPUT_MISSING',
        ['ecosystems', 1],
        { field: 'productivity (NPP/NEP)', zone: 'A', type: 'shrub', section: 'productivity' },
      ],
    ]);
  });

  it('region-wide rows: the refusal says "(region)"; a type without a sequestration rate is refused at its row', () => {
    const none = tinyInput();
    none.productivity = [{ ecosystem: 'forest.broadleaf', nep: { value: '3', unit: 't_C_per_hm2_a' } }];
    expect(errorOf(() => only('R6', none)).issues.map((i) => [i.path, i.params?.zone])).toEqual([
      [['ecosystems', 1], '(region)'],
    ]);
    const nepOnly = tinyInput(); // forest with NPP, shrub with NEP only
    nepOnly.productivity = [
      { ecosystem: 'forest.broadleaf', npp: { value: '9', unit: 't_DM_per_hm2_a' } },
      { ecosystem: 'shrub', nep: { value: '1.5', unit: 't_C_per_hm2_a' } },
    ];
    const npp = errorOf(() =>
      only('R6', nepOnly, {
        methods: { R6: 'carbon-sequestration/npp-stoichiometry@1' },
        switches: { R6: { priceKey: 'price.carbon.cea-average-2021' } },
      }),
    );
    expect(npp.issues.map((i) => [i.path, i.params?.field, i.params?.zone])).toEqual([
      [['ecosystems', 1], 'npp', '(region)'],
    ]);
    const rates = withTable([
      {
        key: 'carbon.sequestration_rate',
        value: '1.2',
        unit: 't_C_per_hm2_a',
        applies: { ecosystem: 'forest' },
      },
    ]);
    const err = errorOf(() =>
      only('R6', rates, {
        methods: { R6: 'carbon-sequestration/rates@1' },
        switches: { R6: { priceKey: 'price.carbon.cea-average-2021' } },
      }),
    );
    expect(err.issues.map((i) => [i.code, i.path, i.params?.key])).toEqual([
      ['COEFFICIENT_MISSING', ['ecosystems', 1], 'carbon.sequestration_rate'],
    ]);
  });

  it('a record without the value the method needs: refused per method, naming the field', () => {
    const input = tinyInput();
    input.productivity = [{ ecosystem: 'forest.broadleaf' }, { ecosystem: 'shrub' }];
    const nep = errorOf(() => only('R6', input));
    expect(nep.issues.map((i) => [i.path, i.params])).toEqual([
      [
        ['ecosystems', 0],
        { field: 'nep or npp', zone: '(region)', type: 'forest.broadleaf', section: 'productivity' },
      ],
      [['ecosystems', 1], { field: 'nep or npp', zone: '(region)', type: 'shrub', section: 'productivity' }],
    ]);
    input.zones = [{ id: 'Z', name: 'Z' }];
    (input.ecosystems as { zone?: string }[])[0]!.zone = 'Z';
    input.productivity = [
      { ecosystem: 'forest.broadleaf', nep: { value: '3', unit: 't_C_per_hm2_a' } },
      { ecosystem: 'shrub', npp: { value: '4', unit: 't_DM_per_hm2_a' } },
    ];
    const npp = errorOf(() =>
      only('R6', input, {
        methods: { R6: 'carbon-sequestration/npp-stoichiometry@1' },
        switches: { R6: { priceKey: 'price.carbon.cea-average-2021' } },
      }),
    );
    expect(npp.issues.map((i) => [i.code, i.path, i.params])).toEqual([
      [
        'SPATIAL_INPUT_MISSING',
        ['ecosystems', 0],
        { field: 'npp', zone: 'Z', type: 'forest.broadleaf', section: 'productivity' },
      ],
    ]);
  });

  it('rates: one sub-item per group, renamed by the subItems switch, a group without a name keeps its own', () => {
    // forest 1.2 × 1000 = 1200 t C → 4400 t CO₂; shrub 0.6 × 200 = 120 t C → 440; wetland 2 × 50 = 100 → 366.66…;
    // cropland 0.4 × 300 = 120 t C → 440 t CO₂
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
      {
        key: 'carbon.sequestration_rate',
        value: '2',
        unit: 't_C_per_hm2_a',
        applies: { ecosystem: 'wetland' },
      },
      {
        key: 'carbon.sequestration_rate',
        value: '0.4',
        unit: 't_C_per_hm2_a',
        applies: { ecosystem: 'cropland' },
      },
    ]);
    (input.ecosystems as unknown[]).push(
      { type: 'wetland.lake', area: { value: '50', unit: 'hm2' } },
      { type: 'cropland.paddy', area: { value: '300', unit: 'hm2' } },
    );
    const opts = {
      methods: { R6: 'carbon-sequestration/rates@1' },
      switches: { R6: { priceKey: 'price.carbon.cea-average-2021' } },
    };
    const { ind } = only('R6', input, opts);
    expect(ind.lines.map((l) => [l.subItem, l.terms])).toEqual([
      ['FCS', { rate: '1.2 t C/(hm²·a)', C: '1200 t C' }],
      ['FCS', { rate: '0.6 t C/(hm²·a)', C: '120 t C' }],
      ['WCS', { rate: '2 t C/(hm²·a)', C: '100 t C' }],
      ['CSCS', { rate: '0.4 t C/(hm²·a)', C: '120 t C' }],
    ]);
    expect(ind.subItems.map((s) => [s.key, s.physical?.value.slice(0, 10)])).toEqual([
      ['FCS', '4840'],
      ['WCS', '366.666666'],
      ['CSCS', '440'],
    ]);
    const renamed = only('R6', input, {
      ...opts,
      switches: { R6: { ...opts.switches.R6, groups: ['forest', 'wetland'], subItems: { forest: 'F' } } },
    });
    expect(renamed.ind.lines.map((l) => [l.ecosystem, l.subItem])).toEqual([
      ['forest.broadleaf', 'F'],
      ['wetland.lake', 'wetland'],
    ]);
  });
});

describe('R6 methods say whether the input has their data', () => {
  const parsed = () => inputSchema.parse(tinyInput());
  it('NEP: any productivity record; NPP stoichiometry: a record with NPP', () => {
    const input = parsed();
    expect(carbonNep.hasInput(input, {} as never)).toBe(true);
    expect(carbonNppStoichiometry.hasInput(input, {} as never)).toBe(false); // tinyInput gives NEP only
    input.productivity.push({
      ...input.productivity[0]!,
      nep: undefined,
      npp: input.productivity[0]!.nep as never,
    });
    expect(carbonNppStoichiometry.hasInput(input, {} as never)).toBe(true); // one record of two has NPP
    input.productivity = [];
    expect(carbonNep.hasInput(input, {} as never)).toBe(false);
    expect(carbonNppStoichiometry.hasInput(input, {} as never)).toBe(false);
  });
  it('rates: any ecosystem row; forest inventory: any stratum', () => {
    const input = parsed();
    expect(carbonRates.hasInput(input, {} as never)).toBe(true);
    expect(carbonForestInventory.hasInput(input, {} as never)).toBe(false);
    input.ecosystems = [];
    expect(carbonRates.hasInput(input, {} as never)).toBe(false);
    const withStratum = inputSchema.parse({ ...tinyInput(), forestInventory: [stratum('0.05', '0.02')] });
    expect(carbonForestInventory.hasInput(withStratum, {} as never)).toBe(true);
  });
});
