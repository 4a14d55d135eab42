import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Decimal } from '../core/decimal';
import { climateRegulation } from './climate-regulation';
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

/** epp() with a reservoir in zone A (idx 2, ET 900 mm, RH 0.4), an urban patch (3) and a zone A forest (4). */
const mixed = () => {
  const input = epp();
  input.zones = [{ id: 'A', name: 'A' }];
  (input.ecosystems as unknown[]).push(
    { zone: 'A', type: 'wetland.reservoir', area: { value: '1', unit: 'km2' } },
    { type: 'urban', area: { value: '1', unit: 'km2' } },
    { zone: 'A', type: 'forest.broadleaf', area: { value: '1', unit: 'km2' } },
  );
  (input.climate as unknown[]).push({
    ecosystem: 'wetland.reservoir',
    evapotranspiration: { value: '900', unit: 'mm' },
    relativeHumidity: '0.4',
  });
  return input;
};
const BELOW_45 = { R8: { transpiration: 'epp', humidifying: 'below-45-percent' } };

describe('R8 climate regulation: lines, switches and refusals', () => {
  it('one line per vegetated or water ecosystem, with its sub-item, zone, path and terms; none for urban', () => {
    // transpiration (EPP): forest 1080 × 10⁷ m² × 100 d / (3600 × 3) = 10⁸ kWh; shrub 540 × 2 × 10⁶ × 100 / 10 800
    //   = 10⁷ kWh; zone A forest 1080 × 10⁶ × 100 / 10 800 = 10⁷ kWh
    // evaporation: E_w = 900 mm × 1 km² = 900 000 m³; heat 900 000 × 2450 × 10³ / 3600 = 612 500 000 kWh;
    //   RH 0.4 < 0.45 → humidifying 900 000 × 120 kWh/m³ = 108 000 000 kWh; 720 500 000 kWh
    // × 0.53 元/kWh (2010): 53 000 000, 5 300 000, 381 865 000, 5 300 000 元
    const { ind } = only('R8', mixed(), { switches: BELOW_45 });
    const R = { D: '100 d', r: '3' };
    expect(
      ind.lines.map((l) => [l.subItem, l.ecosystem, l.zone, l.path, l.physical?.value, l.terms]),
    ).toEqual([
      [
        'transpiration',
        'forest.broadleaf',
        null,
        ['ecosystems', 0],
        '100000000',
        { EPP: '1080 kJ/(m²·d)', S: '10000000 m²', ...R },
      ],
      [
        'transpiration',
        'shrub',
        null,
        ['ecosystems', 1],
        '10000000',
        { EPP: '540 kJ/(m²·d)', S: '2000000 m²', ...R },
      ],
      [
        'evaporation',
        'wetland.reservoir',
        'A',
        ['ecosystems', 2],
        '720500000',
        {
          E_w: '900000 m³',
          q: '2450 kJ/kg',
          heat: '612500000 kWh',
          RH: '0.4',
          y: '120 kWh/m³',
          humidifying: '108000000 kWh',
        },
      ],
      [
        'transpiration',
        'forest.broadleaf',
        'A',
        ['ecosystems', 4],
        '10000000',
        { EPP: '1080 kJ/(m²·d)', S: '1000000 m²', ...R },
      ],
    ]);
    expect(ind.lines.map((l) => [l.valuations[0]?.label, l.valuations[0]?.atPriceYear])).toEqual([
      ['electricity price', '53000000'],
      ['electricity price', '5300000'],
      ['electricity price', '381865000'],
      ['electricity price', '5300000'],
    ]);
    // no climateRegulation totals given, so nothing to warn about
    expect(ind.warnings).toEqual([]);
  });

  it('components: with transpiration alone the reservoir has no line', () => {
    // 10⁸ + 10⁷ + 10⁷ kWh of transpiration (as above), no evaporation
    const { ind } = only('R8', mixed(), {
      switches: { R8: { ...BELOW_45.R8, components: ['transpiration'] } },
    });
    expect(ind.lines.map((l) => [l.subItem, l.path])).toEqual([
      ['transpiration', ['ecosystems', 0]],
      ['transpiration', ['ecosystems', 1]],
      ['transpiration', ['ecosystems', 4]],
    ]);
    expect(ind.physical?.value).toBe('120000000');
  });

  it('humidifying "never": the evaporation is the latent heat alone, whatever the humidity', () => {
    // 612 500 000 kWh (heat only; RH 0.4 is not read)
    const { ind } = only('R8', mixed(), { switches: { R8: { transpiration: 'epp', humidifying: 'never' } } });
    const line = ind.lines.find((l) => l.subItem === 'evaporation');
    expect(line?.physical?.value).toBe('612500000');
    expect(line?.terms).toEqual({ E_w: '900000 m³', q: '2450 kJ/kg', heat: '612500000 kWh' });
  });

  it('humidifying "below-45-percent" without a relative humidity: CLIMATE_MISSING at the water ecosystem', () => {
    const input = mixed();
    delete (input.climate as Record<string, unknown>[])[3]!.relativeHumidity;
    const err = errorOf(() => only('R8', input, { switches: BELOW_45 }));
    expect(err.issues.map((i) => [i.code, i.path, i.params])).toEqual([
      [
        'CLIMATE_MISSING',
        ['ecosystems', 2],
        { field: 'relativeHumidity', zone: 'A', type: 'wetland.reservoir' },
      ],
    ]);
    // the same reservoir outside any zone is named as the region's
    delete (input.ecosystems as Record<string, unknown>[])[2]!.zone;
    const region = errorOf(() => only('R8', input, { switches: BELOW_45 }));
    expect(region.issues.map((i) => [i.path, i.params?.zone])).toEqual([[['ecosystems', 2], '(region)']]);
  });

  it('transpiration "et": the ET and latent heat behind EPP are terms of the line', () => {
    // EPP = 800 mm × 2450 kJ/kg / 365 = 1 960 000 / 365 = 5369.863013698630136986… kJ/(m²·d) (40 digits kept)
    const { ind } = only('R8', tinyInput());
    expect(ind.lines[0]?.terms).toEqual({
      ET: '800 mm (climate.1.evapotranspiration)',
      q: '2450 kJ/kg',
      EPP: '5369.86301369863013698630136986301369863 kJ/(m²·d)',
      S: '10000000 m²',
      D: '100 d',
      r: '3',
    });
  });

  it('without air-conditioning days every vegetated line is refused, naming field, zone and type', () => {
    const input = tinyInput();
    delete (input.climate as Record<string, unknown>[])[0]!.acDays;
    const err = errorOf(() => only('R8', input));
    expect(err.issues.map((i) => [i.code, i.path, i.params])).toEqual([
      ['CLIMATE_MISSING', ['ecosystems', 0], { field: 'acDays', zone: '(region)', type: 'forest.broadleaf' }],
      ['CLIMATE_MISSING', ['ecosystems', 1], { field: 'acDays', zone: '(region)', type: 'shrub' }],
    ]);
  });

  it('source "model" with totals given: the warning counts them and says how to use them', () => {
    const input = {
      ...tinyInput(),
      climateRegulation: [
        { ecosystem: 'shrub', amount: { value: '1', unit: 'kWh' } },
        { ecosystem: 'forest.broadleaf', amount: { value: '2', unit: 'kWh' } },
      ],
    };
    const { ind } = only('R8', input);
    expect(ind.warnings.map((w) => w.params)).toEqual([
      {
        field: 'climateRegulation (2 totals)',
        reason: 'source is "model"; set R8’s switch source to "totals" to use them',
      },
    ]);
  });
});

describe('R8 climate regulation from totals: zones, components and refusals', () => {
  const totals = (records: Record<string, unknown>[]) => ({
    ...tinyInput(),
    zones: [{ id: 'A', name: 'A' }],
    climateRegulation: records,
  });
  const TOTALS = { R8: { source: 'totals' } };

  it('a total keeps its zone and records E as given; a switched-off component and a non-R8 type are named', () => {
    // zone A forest: 3 万kWh = 30 000 kWh × 0.53 元/kWh = 15 900 元 (2010)
    const input = totals([
      { zone: 'A', ecosystem: 'forest.broadleaf', amount: { value: '3', unit: 'wan_kWh' } },
      { ecosystem: 'wetland.reservoir', amount: { value: '500', unit: 'wan_kWh' } },
      { ecosystem: 'urban', amount: { value: '1', unit: 'wan_kWh' } },
    ]);
    const { ind } = only('R8', input, { switches: { R8: { ...TOTALS.R8, components: ['transpiration'] } } });
    expect(
      ind.lines.map((l) => [l.subItem, l.ecosystem, l.zone, l.path, l.physical?.value, l.terms]),
    ).toEqual([
      [
        'transpiration',
        'forest.broadleaf',
        'A',
        ['climateRegulation', 0],
        '30000',
        { E: '30000 kWh (total given)' },
      ],
    ]);
    expect(ind.lines[0]?.valuations.map((v) => [v.label, v.atPriceYear])).toEqual([
      ['electricity price', '15900'],
    ]);
    expect(ind.warnings.map((w) => [w.code, w.path, w.params])).toEqual([
      [
        'INPUT_IGNORED',
        ['climateRegulation', 1],
        {
          field: 'climateRegulation 500 wan_kWh of wetland.reservoir',
          reason: 'component evaporation is off',
        },
      ],
      [
        'INPUT_IGNORED',
        ['climateRegulation', 2],
        {
          field: 'climateRegulation 1 wan_kWh of urban',
          reason: 'urban is neither a water type nor in a vegetation group of R8',
        },
      ],
    ]);
  });

  it('source "totals" without any total: the indicator lacks its input, climateRegulation, and says so', () => {
    // The ecosystems are there (tinyInput): the missing input is the totals, not the first input R8 lists.
    const err = errorOf(() => only('R8', totals([]), { switches: TOTALS }));
    expect(err.issues.map((i) => [i.code, i.path, i.params])).toEqual([
      ['INDICATOR_INPUT_MISSING', ['climateRegulation'], { indicator: 'R8', field: 'climateRegulation[]' }],
    ]);
  });

  it('names the input each source reads (the schema refuses an input without ecosystem rows first)', () => {
    const s = (source: 'model' | 'totals') => climateRegulation.switches.parse({ source });
    expect(climateRegulation.missingInput?.(s('model'))).toBe('ecosystems[]');
    expect(climateRegulation.missingInput?.(s('totals'))).toBe('climateRegulation[]');
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

  it('below the threshold: G keeps Q, the valued quantity is 0, and the warning and refusal name Q − Q₀', () => {
    // Q 400: G = 5.256e15 × 400 × 1000 hm² × 12 m / 10 min = 2.52288e21 ions; Q − Q₀ = 400 − 600 = −200 → 0
    const input = tinyInput();
    (input.airIons as Record<string, unknown>[])[0]!.concentration = { value: '400', unit: 'ions_per_cm3' };
    const { ind } = only('R9', input);
    expect(ind.physical?.value).toBe('2522880000000000000000');
    expect(ind.lines[0]?.valuations[0]?.quantity?.value).toBe('0');
    expect(ind.warnings.map((w) => [w.code, w.path, w.params])).toEqual([
      [
        'NEGATIVE_TERM',
        ['ecosystems', 0],
        {
          what: 'Q − Q₀ for forest.broadleaf',
          value: '-200 ions/cm³',
          rule: 'valued as zero (belowThreshold = zero)',
        },
      ],
    ]);
    const err = errorOf(() => only('R9', input, { switches: { R9: { belowThreshold: 'refuse' } } }));
    expect(err.issues.map((i) => [i.code, i.path, i.params])).toEqual([
      [
        'NEGATIVE_TERM_REFUSED',
        ['ecosystems', 0],
        { what: 'Q − Q₀ for forest.broadleaf', value: '-200 ions/cm³' },
      ],
    ]);
  });

  it('a zoned line: its zone, path, label and terms, with the record it read (airIons[1])', () => {
    // zone A forest 5 km² = 500 hm², H 10 m, Q 1600, L 10 min:
    // G = 5.256e15 × 1600 × 500 × 10 / 10 = 4.2048e21 ions; above Q₀: 5.256e15 × 500 × 10 × 1000 / 10 = 2.628e21
    const input = tinyInput();
    input.zones = [{ id: 'A', name: 'A' }];
    (input.ecosystems as unknown[]).push({
      zone: 'A',
      type: 'forest.broadleaf',
      area: { value: '5', unit: 'km2' },
    });
    (input.airIons as unknown[]).push({
      zone: 'A',
      ecosystem: 'forest.broadleaf',
      concentration: { value: '1600', unit: 'ions_per_cm3' },
      standHeight: { value: '10', unit: 'm' },
    });
    const { ind } = only('R9', input);
    const line = ind.lines[1];
    expect([line?.zone, line?.ecosystem, line?.subItem, line?.path]).toEqual([
      'A',
      'forest.broadleaf',
      null,
      ['ecosystems', 2],
    ]);
    expect(line?.physical?.value).toBe('4204800000000000000000');
    expect(line?.valuations[0]?.label).toBe('production cost of ions above the threshold');
    expect(line?.valuations[0]?.quantity?.value).toBe('2628000000000000000000');
    expect(line?.terms).toEqual({
      Q: '1600 ions/cm³',
      Q0: '600',
      A: '500 hm²',
      H: '10 m',
      L: '10 min',
      source: 'airIons[1]',
    });
    // the region-wide forest line stays as in the first case, unzoned
    expect([ind.lines[0]?.zone, ind.lines[0]?.path, ind.lines[0]?.terms?.source]).toEqual([
      null,
      ['ecosystems', 0],
      'airIons[0]',
    ]);
  });

  it('a forest type without a concentration record: SPATIAL_INPUT_MISSING at its ecosystem', () => {
    const input = tinyInput();
    (input.ecosystems as unknown[]).push({ type: 'forest.coniferous', area: { value: '1', unit: 'km2' } });
    const err = errorOf(() => only('R9', input));
    expect(err.issues.map((i) => [i.code, i.path, i.params])).toEqual([
      [
        'SPATIAL_INPUT_MISSING',
        ['ecosystems', 2],
        {
          field: 'negative ion concentration',
          zone: '(region)',
          type: 'forest.coniferous',
          section: 'airIons',
        },
      ],
    ]);
  });

  it('without any airIons record the indicator lacks its input (INDICATOR_INPUT_MISSING), not a line', () => {
    const input = { ...tinyInput(), airIons: [] };
    const err = errorOf(() => only('R9', input));
    expect(err.issues.map((i) => [i.code, i.path, i.params])).toEqual([
      ['INDICATOR_INPUT_MISSING', ['airIons'], { indicator: 'R9', field: 'airIons[]' }],
    ]);
  });
});
