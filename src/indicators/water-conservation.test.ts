import { describe, expect, it } from 'vitest';
import { inputSchema } from '../input/input';
import { errorOf, only, tinyInput } from '../../test/helpers';
import { waterConservation } from './water-conservation';

describe('R1 water conservation (water balance, shadow project)', () => {
  it('computes Q = Σ A × (P − P×α − ET) and V = Q × C_we, by hand', () => {
    // forest.broadleaf: α = 0.0267 (runoff table); R = 1800 × 0.0267 = 48.06 mm;
    //   P − R − ET = 1800 − 48.06 − 800 = 951.94 mm = 0.95194 m; A = 10 km² = 10 000 000 m²;
    //   Q = 0.95194 × 10 000 000 = 9 519 400 m³.
    // shrub: α = 0.0426; R = 76.68 mm; 1800 − 76.68 − 700 = 1023.32 mm; A = 200 hm² = 2 000 000 m²;
    //   Q = 1.02332 × 2 000 000 = 2 046 640 m³.
    // Q = 11 566 040 m³; at 2010 prices V = 11 566 040 × 7.06 = 81 656 242.40 元;
    // at 2020 prices × 686.5 / 536.1 = 104 564 466.345084872225…
    const { ind } = only('R1', tinyInput());
    expect(ind.physical).toEqual({ value: '11566040', unit: 'm3', symbol: 'm³' });
    const forest = ind.lines.find((l) => l.ecosystem === 'forest.broadleaf');
    expect(forest?.terms).toMatchObject({ R: '48.06 mm', 'P-R-ET': '951.94 mm' });
    expect(forest?.physical?.value).toBe('9519400');
    expect(ind.lines.find((l) => l.ecosystem === 'shrub')?.physical?.value).toBe('2046640');
    expect(ind.lines.reduce((s, l) => s + Number(l.valuations[0]?.atPriceYear), 0)).toBeCloseTo(
      81656242.4,
      4,
    );
    expect(ind.value.current.startsWith('104564466.345084872225')).toBe(true);
    expect(ind.method).toBe('water-conservation/water-balance@1');
  });

  it('reports comparable prices at a base year: × I(2015)/I(2010)', () => {
    // 81 656 242.40 × 615.2 / 536.1 = 93 704 384.1157992911…
    const { ind, result } = only('R1', tinyInput(), { baseYear: 2015 });
    expect(ind.value.comparable.startsWith('93704384.115799291')).toBe(true);
    expect(result.prices.indexValuesUsed.map((p) => p.year)).toEqual([2010, 2015, 2020]);
  });

  it('counts a negative balance as zero by default, with a warning', () => {
    const input = tinyInput();
    (input.climate as { ecosystem?: string; evapotranspiration?: unknown }[])[2]!.evapotranspiration = {
      value: '1900',
      unit: 'mm',
    };
    // shrub: 1800 − 76.68 − 1900 = −176.68 mm → 0; Q = forest only = 9 519 400 m³.
    const { ind } = only('R1', input);
    expect(ind.physical?.value).toBe('9519400');
    expect(ind.warnings.map((w) => w.code)).toEqual(['NEGATIVE_TERM']);
    expect(ind.warnings[0]?.path).toEqual(['ecosystems', 1]);
    expect(ind.warnings[0]?.params?.what).toBe('P − R − ET for shrub'); // no zone named when the row has none
  });

  it('keeps a negative balance when negativeTerms = keep, refuses it when = refuse', () => {
    const input = tinyInput();
    (input.climate as { evapotranspiration?: unknown }[])[2]!.evapotranspiration = {
      value: '1900',
      unit: 'mm',
    };
    // keep: shrub Q = −0.17668 m × 2 000 000 m² = −353 360 m³; total 9 519 400 − 353 360 = 9 166 040 m³.
    const kept = only('R1', input, { switches: { R1: { negativeTerms: 'keep' } } });
    expect(kept.ind.physical?.value).toBe('9166040');
    expect(kept.ind.warnings[0]?.code).toBe('NEGATIVE_TERM');
    const err = errorOf(() => only('R1', input, { switches: { R1: { negativeTerms: 'refuse' } } }));
    expect(err.code).toBe('NEGATIVE_TERM_REFUSED');
  });

  it('adds the reservoir operation cost when the switch is on: V = Q × (C_we + C_om)', () => {
    const input = tinyInput();
    input.overrides = {
      tables: [
        {
          kind: 'coefficients',
          id: 'om',
          version: '1.0.0',
          title: { zh: '运维', en: 'O&M' },
          effective: { from: '2020-01-01' },
          records: [
            {
              key: 'price.reservoir_operation',
              value: '0.5',
              unit: 'yuan/m3',
              priceYear: 2020,
              source: { document: 'test' },
              grade: 'assumed',
            },
          ],
        },
      ],
    };
    // O&M at 2020 prices: 11 566 040 × 0.5 = 5 783 020 元, added to 104 564 466.345… = 110 347 486.345…
    const { ind } = only('R1', input, { switches: { R1: { operationCost: true } } });
    expect(ind.value.current.startsWith('110347486.345084872225')).toBe(true);
    expect(ind.lines[0]?.valuations.map((v) => v.label)).toEqual([
      'reservoir construction cost',
      'reservoir operation cost',
    ]);
  });

  it('without an operation cost in any table, the switch fails loudly', () => {
    const err = errorOf(() => only('R1', tinyInput(), { switches: { R1: { operationCost: true } } }));
    expect(err.code).toBe('COEFFICIENT_MISSING');
    expect(err.message).toContain('price.reservoir_operation');
  });

  it('lists every type without a runoff coefficient at once', () => {
    const input = tinyInput();
    (input.ecosystems as unknown[]).push(
      { type: 'forest.bamboo', area: { value: '1', unit: 'km2' } },
      { type: 'wetland.lake', area: { value: '1', unit: 'km2' } },
    );
    (input.climate as unknown[]).push({ evapotranspiration: { value: '900', unit: 'mm' } });
    const err = errorOf(() => only('R1', input));
    expect(err.issues.map((i) => [i.code, i.path])).toEqual([
      ['COEFFICIENT_MISSING', ['ecosystems', 2]],
      ['COEFFICIENT_MISSING', ['ecosystems', 3]],
    ]);
  });

  it('only counts the groups the switch names', () => {
    const { ind } = only('R1', tinyInput(), { switches: { R1: { groups: ['shrub'] } } });
    expect(ind.physical?.value).toBe('2046640');
  });

  it('reads climate from the most specific record: zone + type > type > zone > region', () => {
    const input = tinyInput();
    input.zones = [{ id: 'A', name: 'A' }];
    (input.ecosystems as { zone?: string }[])[0]!.zone = 'A';
    (input.climate as unknown[]).push(
      { zone: 'A', precipitation: { value: '2000', unit: 'mm' } },
      { zone: 'A', ecosystem: 'forest.broadleaf', precipitation: { value: '2100', unit: 'mm' } },
    );
    // forest in zone A: P = 2100 (zone + type); R = 2100 × 0.0267 = 56.07; 2100 − 56.07 − 800 = 1243.93 mm
    //   → 1.24393 × 10⁷ = 12 439 300 m³. Shrub (no zone): P = 1800 → 2 046 640 m³.
    const { ind } = only('R1', input);
    expect(ind.lines.find((l) => l.ecosystem === 'forest.broadleaf')?.physical?.value).toBe('12439300');
    expect(ind.physical?.value).toBe('14485940');
  });

  it('fails with CLIMATE_MISSING when no record gives a field', () => {
    const input = tinyInput();
    input.climate = [{ precipitation: { value: '1800', unit: 'mm' } }];
    const err = errorOf(() => only('R1', input));
    expect(err.code).toBe('CLIMATE_MISSING');
    expect(err.message).toContain('evapotranspiration');
  });

  it('traces every term of the balance per line; a positive balance warns nothing', () => {
    // shrub: R = 1800 × 0.0426 = 76.68 mm; 1800 − 76.68 − 700 = 1023.32 mm over 200 hm²
    const { ind } = only('R1', tinyInput());
    expect(ind.warnings).toEqual([]);
    expect(ind.lines[1]).toMatchObject({
      ecosystem: 'shrub',
      zone: null,
      path: ['ecosystems', 1],
      terms: {
        A: '200 hm2',
        P: '1800 mm',
        alpha: '0.0426',
        R: '76.68 mm',
        ET: '700 mm',
        'P-R-ET': '1023.32 mm',
      },
    });
    expect(ind.lines[1]?.valuations.map((v) => v.label)).toEqual(['reservoir construction cost']);
  });

  it('a negative balance: the warning names the type, zone, value and rule; refuse names them too', () => {
    const input = tinyInput();
    input.zones = [{ id: 'A', name: 'A' }];
    (input.ecosystems as { zone?: string }[])[1]!.zone = 'A';
    (input.climate as { evapotranspiration?: unknown }[])[2]!.evapotranspiration = {
      value: '1900',
      unit: 'mm',
    };
    // shrub in A: 1800 − 76.68 − 1900 = −176.68 mm
    const zero = only('R1', input);
    expect(zero.ind.warnings.map((w) => [w.code, w.path, w.params])).toEqual([
      [
        'NEGATIVE_TERM',
        ['ecosystems', 1],
        {
          what: 'P − R − ET for shrub in A',
          value: '-176.68 mm',
          rule: 'counted as zero (negativeTerms = zero)',
        },
      ],
    ]);
    expect(zero.ind.lines[1]?.physical?.value).toBe('0');
    const kept = only('R1', input, { switches: { R1: { negativeTerms: 'keep' } } });
    expect(kept.ind.warnings[0]?.params?.rule).toBe('kept as negative (negativeTerms = keep)');
    expect(kept.ind.lines[1]?.physical?.value).toBe('-353360');
    const err = errorOf(() => only('R1', input, { switches: { R1: { negativeTerms: 'refuse' } } }));
    expect(err.issues.map((i) => [i.code, i.path, i.params])).toEqual([
      [
        'NEGATIVE_TERM_REFUSED',
        ['ecosystems', 1],
        { what: 'P − R − ET for shrub in A', value: '-176.68 mm' },
      ],
    ]);
  });

  it('a balance of exactly zero is neither warned about nor refused', () => {
    // shrub: 1800 − 76.68 − 1723.32 = 0 mm
    const input = tinyInput();
    (input.climate as { evapotranspiration?: unknown }[])[2]!.evapotranspiration = {
      value: '1723.32',
      unit: 'mm',
    };
    const { ind } = only('R1', input, { switches: { R1: { negativeTerms: 'refuse' } } });
    expect(ind.warnings).toEqual([]);
    expect(ind.lines[1]?.physical?.value).toBe('0');
    expect(ind.physical?.value).toBe('9519400');
  });

  it('has input with an ecosystem row and a group, not without', () => {
    const input = inputSchema.parse(tinyInput());
    const groups = {
      groups: ['forest'],
      negativeTerms: 'zero' as const,
      operationCost: false,
      source: 'balance' as const,
    };
    expect(waterConservation.hasInput(input, groups)).toBe(true);
    expect(waterConservation.hasInput(input, { ...groups, groups: [] })).toBe(false);
    input.ecosystems = [];
    expect(waterConservation.hasInput(input, groups)).toBe(false);
  });

  it('source "totals": Q as given per row, valued at the reservoir price; other types are named and left out', () => {
    const input = {
      ...tinyInput(),
      waterConservation: [
        { ecosystem: 'forest.broadleaf', amount: { value: '1200', unit: 'wan_m3' } },
        { ecosystem: 'shrub', amount: { value: '3000000', unit: 'm3' } },
        { ecosystem: 'urban', amount: { value: '50', unit: 'wan_m3' } },
      ],
    };
    // forest: 1200 万m³ = 12 000 000 m³; shrub 3 000 000 m³; Q = 15 000 000 m³ (urban is not in R1's groups).
    // At 2010 prices V = 15 000 000 × 7.06 = 105 900 000 元; at 2020 prices × 686.5 / 536.1 = 135 609 681.02965864…
    const { ind } = only('R1', input, { switches: { R1: { source: 'totals' } } });
    expect(ind.physical?.value).toBe('15000000');
    expect(ind.lines.map((l) => [l.ecosystem, l.physical?.value])).toEqual([
      ['forest.broadleaf', '12000000'],
      ['shrub', '3000000'],
    ]);
    expect(ind.lines.reduce((s, l) => s + Number(l.valuations[0]?.atPriceYear), 0)).toBeCloseTo(
      105_900_000,
      4,
    );
    expect(ind.value.current.startsWith('135609681.02965864')).toBe(true);
    const ignored = ind.warnings.find((w) => w.code === 'INPUT_IGNORED');
    expect(ignored?.path).toEqual(['waterConservation', 2]);
    expect(ignored?.params?.field).toBe('waterConservation 50 wan_m3 of urban');
    expect(ignored?.params?.reason).toBe('urban is not in R1’s groups forest, shrub, grassland, wetland');
    // a total carries no zone unless given; its one term is the total as given, in m³
    expect(ind.lines[0]).toMatchObject({ zone: null, terms: { Q: '12000000 m³ (total given)' } });
    // with totals as the source, the input needs totals (ecosystem rows alone are not enough) and groups
    const sw = {
      source: 'totals' as const,
      groups: ['forest'],
      negativeTerms: 'zero' as const,
      operationCost: false,
    };
    expect(waterConservation.hasInput(inputSchema.parse(input), sw)).toBe(true);
    expect(waterConservation.hasInput(inputSchema.parse(tinyInput()), sw)).toBe(false);
    expect(waterConservation.hasInput(inputSchema.parse(input), { ...sw, groups: [] })).toBe(false);
  });

  it('source "totals" without totals: INDICATOR_INPUT_MISSING names waterConservation, not the ecosystem rows', () => {
    const err = errorOf(() => only('R1', tinyInput(), { switches: { R1: { source: 'totals' } } }));
    expect(err.issues.map((i) => [i.code, i.path, i.params])).toEqual([
      ['INDICATOR_INPUT_MISSING', ['waterConservation'], { indicator: 'R1', field: 'waterConservation[]' }],
    ]);
    // The balance reads the ecosystem rows (which the input schema requires, so only the method says it).
    const s = (source: 'balance' | 'totals') => waterConservation.switches.parse({ source });
    expect(waterConservation.missingInput?.(s('balance'))).toBe('ecosystems[]');
    expect(waterConservation.missingInput?.(s('totals'))).toBe('waterConservation[]');
  });

  it('source "balance" (default) with totals given: the balance, and a warning that the totals were not used', () => {
    const input = {
      ...tinyInput(),
      waterConservation: [{ ecosystem: 'shrub', amount: { value: '1', unit: 'm3' } }],
    };
    const { ind } = only('R1', input);
    expect(ind.physical?.value).toBe('11566040');
    expect(ind.warnings.map((w) => [w.code, w.path])).toEqual([['INPUT_IGNORED', ['waterConservation']]]);
    expect(ind.warnings[0]?.params).toEqual({
      field: 'waterConservation (1 totals)',
      reason: 'source is "balance"; set R1’s switch source to "totals" to use them',
    });
  });
});
