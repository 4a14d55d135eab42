import { describe, expect, it } from 'vitest';
import { errorOf, only, tinyInput } from '../../test/helpers';

describe('R3 flood regulation (storage, shadow project)', () => {
  it('vegetation (P_storm − R_storm) × A plus reservoirs 0.35 × total storage, by hand', () => {
    // forest: 600 − 600 × 0.2 = 480 mm × 10 km² = 0.48 × 10⁷ = 4 800 000 m³
    // shrub:  600 − 600 × 0.3 = 420 mm × 200 hm² = 0.42 × 2 × 10⁶ = 840 000 m³
    // reservoir: 1000 万m³ = 10 000 000 m³ × 0.35 = 3 500 000 m³
    // total 9 140 000 m³ × 7.06 = 64 528 400 元 (2010) → × 686.5 / 536.1 = 82 631 498.974072…
    const { ind } = only('R3', tinyInput());
    expect(ind.physical?.value).toBe('9140000');
    expect(ind.subItems.map((s) => [s.key, s.physical?.value])).toEqual([
      ['vegetation', '5640000'],
      ['reservoir', '3500000'],
    ]);
    expect(ind.value.current.startsWith('82631498.974072')).toBe(true);
  });

  it('a storm above the annual precipitation of the same zone and type is warned once per storm record, and used', () => {
    type Climate = {
      zone?: string;
      ecosystem?: string;
      precipitation?: unknown;
      stormPrecipitation?: unknown;
    }[];
    const storms = (input: Record<string, unknown>) =>
      only('R3', input).result.warnings.filter((w) => w.code === 'STORM_PRECIPITATION_IMPLAUSIBLE');
    // the tiny input: one region-wide record, precipitation 1800 mm, storm 600 mm: no warning
    expect(storms(tinyInput())).toEqual([]);
    // storm 1.9 m = 1900 mm > 1800 mm: one warning for the record both vegetation rows read, at the storm's path;
    // vegetation 1900 − 1900 × 0.2 = 1520 mm × 10 km² = 15 200 000 m³, + 1900 − 1900 × 0.3 = 1330 mm × 2 km² =
    // 2 660 000 m³: 17 860 000 m³, the storm used as given
    const above = tinyInput();
    (above.climate as Climate)[0]!.stormPrecipitation = { value: '1.9', unit: 'm' };
    const warned = storms(above);
    expect(warned.map((w) => [w.path, w.params, w.severity])).toEqual([
      [['climate', 0, 'stormPrecipitation'], { storm: '1900 mm', annual: '1800 mm' }, 'warning'],
    ]);
    expect(only('R3', above).ind.subItems.find((s) => s.key === 'vegetation')?.physical?.value).toBe(
      '17860000',
    );
    // equal to the year's: not warned
    const equal = tinyInput();
    (equal.climate as Climate)[0]!.stormPrecipitation = { value: '1800', unit: 'mm' };
    expect(storms(equal)).toEqual([]);
    // a shrub record of its own with a storm above: each storm record once, the annual of the region applying
    const two = tinyInput();
    (two.climate as Climate)[0]!.stormPrecipitation = { value: '2000', unit: 'mm' };
    (two.climate as Climate).push({ ecosystem: 'shrub', stormPrecipitation: { value: '1900', unit: 'mm' } });
    expect(storms(two).map((w) => [w.path, w.params])).toEqual([
      [['climate', 0, 'stormPrecipitation'], { storm: '2000 mm', annual: '1800 mm' }],
      [['climate', 3, 'stormPrecipitation'], { storm: '1900 mm', annual: '1800 mm' }],
    ]);
    // no annual precipitation applies: nothing to compare with
    const none = tinyInput();
    const first = (none.climate as Climate)[0]!;
    delete first.precipitation;
    first.stormPrecipitation = { value: '5000', unit: 'mm' };
    expect(storms(none)).toEqual([]);
  });

  it('uses flood-control storage where given, and marsh area × depth', () => {
    // reservoir flood storage 200 万m³ = 2 000 000 m³; marsh 1 km² × 0.3 m = 300 000 m³
    const input = tinyInput();
    input.waterBodies = {
      reservoirs: [
        {
          name: 'R',
          totalStorage: { value: '1000', unit: 'wan_m3' },
          floodStorage: { value: '200', unit: 'wan_m3' },
        },
      ],
    };
    (input.ecosystems as unknown[]).push({ type: 'wetland.marsh', area: { value: '1', unit: 'km2' } });
    const { ind } = only('R3', input);
    expect(ind.subItems.find((s) => s.key === 'reservoir')?.physical?.value).toBe('2000000');
    expect(ind.subItems.find((s) => s.key === 'marsh')?.physical?.value).toBe('300000');
    expect(ind.byEcosystem.find((e) => e.key === 'wetland.marsh')?.physical?.value).toBe('300000');
  });

  it('lakes: C = e^a × A^b × T (万m³) with the regional pair', () => {
    // plateau pair: e^6.636 = 762.0407…; 100^0.678 = 22.6986…; × T 2 → 34 594.589… 万m³ = 345 945 891.77… m³
    const input = tinyInput();
    input.waterBodies = { lakes: [{ name: 'L', area: { value: '100', unit: 'km2' }, exchangeCount: '2' }] };
    const { ind } = only('R3', input, {
      switches: { R3: { components: ['lake'], lakeRegion: 'qinghai-tibet-plateau' } },
    });
    expect(Number(ind.physical?.value)).toBeCloseTo(345945891.7736849, 4);
  });

  it('lakes without a regional pair: the Jiangxi profile names one no table has → COEFFICIENT_MISSING', () => {
    const input = tinyInput();
    input.waterBodies = { lakes: [{ name: 'L', area: { value: '100', unit: 'km2' }, exchangeCount: '2' }] };
    const err = errorOf(() => only('R3', input));
    expect(err.code).toBe('COEFFICIENT_MISSING');
    expect(err.message).toContain('flood.lake.middle-lower-yangtze.a');
    const noRegion = errorOf(() => only('R3', input, { switches: { R3: { lakeRegion: null } } }));
    expect(noRegion.code).toBe('SWITCH_INVALID');
  });

  it('refuses a lake of area 0', () => {
    const input = tinyInput();
    input.waterBodies = { lakes: [{ name: 'L', area: { value: '0', unit: 'km2' }, exchangeCount: '2' }] };
    const err = errorOf(() => only('R3', input));
    expect(err.code).toBe('VALUE_NOT_POSITIVE');
    expect(err.path).toEqual(['waterBodies', 'lakes', 0, 'area', 'value']);
  });

  it('a lake of known storage: C_l as given, no regional pair needed, an exchange count beside it named', () => {
    // 1.2 亿m³ = 120 000 000 m³ × 7.06 元/m³ = 847 200 000 元 (2010), without any (a, b) pair.
    const input = tinyInput();
    input.waterBodies = {
      lakes: [
        {
          name: 'L',
          area: { value: '100', unit: 'km2' },
          exchangeCount: '2',
          floodStorage: { value: '1.2', unit: 'yi_m3' },
        },
      ],
    };
    const { ind } = only('R3', input, { switches: { R3: { components: ['lake'], lakeRegion: null } } });
    expect(ind.physical?.value).toBe('120000000');
    expect(ind.lines[0]?.valuations[0]?.atPriceYear).toBe('847200000');
    const w = ind.warnings.find((x) => x.code === 'INPUT_IGNORED');
    expect(w?.path).toEqual(['waterBodies', 'lakes', 0, 'exchangeCount']);
    expect(w?.params).toEqual({
      field: 'exchangeCount 2 of L',
      reason: 'the known floodStorage replaces e^a × A^b × T',
    });
  });

  it('a lake with neither an exchange count nor a known storage is INDICATOR_INPUT_MISSING', () => {
    const input = tinyInput();
    input.waterBodies = { lakes: [{ name: 'L', area: { value: '100', unit: 'km2' } }] };
    const err = errorOf(() => only('R3', input, { switches: { R3: { components: ['lake'] } } }));
    expect(err.code).toBe('INDICATOR_INPUT_MISSING');
    expect(err.path).toEqual(['waterBodies', 'lakes', 0]);
  });

  it('a wetland of known storage replaces S × h for the marsh rows of its zone and type', () => {
    // Z1 marsh: known storage 50 万m³ = 500 000 m³ (not 2 km² × 0.3 m = 600 000 m³);
    // Z2 marsh: 1 km² × 0.3 m = 300 000 m³; marsh total 800 000 m³.
    const input = tinyInput();
    input.zones = [
      { id: 'Z1', name: 'A' },
      { id: 'Z2', name: 'B' },
    ];
    (input.ecosystems as unknown[]).push(
      { zone: 'Z1', type: 'wetland.marsh', area: { value: '2', unit: 'km2' } },
      { zone: 'Z2', type: 'wetland.marsh', area: { value: '1', unit: 'km2' } },
    );
    input.waterBodies = {
      wetlands: [
        { name: 'W', zone: 'Z1', ecosystem: 'wetland.marsh', floodStorage: { value: '50', unit: 'wan_m3' } },
      ],
    };
    const { ind } = only('R3', input, { switches: { R3: { components: ['marsh'] } } });
    expect(ind.lines.map((l) => [l.zone, l.physical?.value, l.path])).toEqual([
      ['Z1', '500000', ['waterBodies', 'wetlands', 0]],
      ['Z2', '300000', ['ecosystems', 3]],
    ]);
    expect(ind.physical?.value).toBe('800000');
  });
});

describe('R3: what each line names, the switches checked, the inputs a switch leaves out', () => {
  const facts = (ind: ReturnType<typeof only>['ind']) =>
    ind.lines.map((l) => [l.subItem, l.ecosystem, l.zone, l.path, l.valuations[0]?.label]);
  const zoned = () => {
    const input = tinyInput();
    input.zones = [{ id: 'Z1', name: 'A', area: { value: '20', unit: 'km2' } }];
    return input;
  };

  it('vegetation counts only the vegetation groups, each row with its terms', () => {
    const input = zoned();
    (input.ecosystems as unknown[]).push({
      zone: 'Z1',
      type: 'cropland.paddy',
      area: { value: '1', unit: 'km2' },
    });
    const { ind } = only('R3', input, { switches: { R3: { components: ['vegetation'] } } });
    expect(facts(ind)).toEqual([
      ['vegetation', 'forest.broadleaf', null, ['ecosystems', 0], 'reservoir construction cost'],
      ['vegetation', 'shrub', null, ['ecosystems', 1], 'reservoir construction cost'],
    ]);
    // 600 − 600 × 0.2 = 480 mm over 10 km²
    expect(ind.lines[0]?.terms).toEqual({
      A: '10 km2',
      P_storm: '600 mm',
      alpha_storm: '0.2',
      retained: '480 mm',
    });
  });

  it('reservoirs: flood storage up to the total storage, or the share of the total; their terms and zones', () => {
    const input = zoned();
    input.waterBodies = {
      reservoirs: [
        {
          name: 'full',
          zone: 'Z1',
          totalStorage: { value: '100', unit: 'wan_m3' },
          floodStorage: { value: '100', unit: 'wan_m3' },
        },
        { name: 'share', totalStorage: { value: '100', unit: 'wan_m3' } },
      ],
    };
    const { ind } = only('R3', input, { switches: { R3: { components: ['reservoir'] } } });
    expect(facts(ind)).toEqual([
      ['reservoir', null, 'Z1', ['waterBodies', 'reservoirs', 0], 'reservoir construction cost'],
      ['reservoir', null, null, ['waterBodies', 'reservoirs', 1], 'reservoir construction cost'],
    ]);
    // a flood storage equal to the total is allowed; 1 000 000 m³ × 0.35 = 350 000 m³
    expect(ind.lines.map((l) => [l.physical?.value, l.terms])).toEqual([
      ['1000000', { name: 'full', floodStorage: '1000000 m³' }],
      ['350000', { name: 'share', totalStorage: '1000000 m³', share: '0.35' }],
    ]);
    expect(ind.warnings).toEqual([]);
    const over = zoned();
    over.waterBodies = {
      reservoirs: [
        {
          name: 'R',
          totalStorage: { value: '100', unit: 'wan_m3' },
          floodStorage: { value: '101', unit: 'wan_m3' },
        },
      ],
    };
    expect(errorOf(() => only('R3', over)).issues[0]).toMatchObject({
      code: 'VALUE_OUT_OF_RANGE',
      path: ['waterBodies', 'reservoirs', 0, 'floodStorage'],
      params: {
        what: 'flood-control storage',
        min: '0',
        max: 'total storage 1000000 m³',
        value: '1010000 m³',
      },
    });
  });

  it('lakes: the formula’s terms; a known storage without an exchange count says nothing', () => {
    const input = zoned();
    input.waterBodies = {
      lakes: [
        { name: 'L', zone: 'Z1', area: { value: '100', unit: 'km2' }, exchangeCount: '2' },
        { name: 'K', area: { value: '1', unit: 'km2' }, floodStorage: { value: '1', unit: 'wan_m3' } },
      ],
    };
    const { ind } = only('R3', input, {
      switches: { R3: { components: ['lake'], lakeRegion: 'qinghai-tibet-plateau' } },
    });
    expect(facts(ind)).toEqual([
      ['lake', null, 'Z1', ['waterBodies', 'lakes', 0], 'reservoir construction cost'],
      ['lake', null, null, ['waterBodies', 'lakes', 1], 'reservoir construction cost'],
    ]);
    const t = ind.lines[0]?.terms ?? {};
    expect([t.name, t.A, t.T, t.a, t.b, t['e^a×A^b×T']?.slice(0, 10)]).toEqual([
      'L',
      '100 km²',
      '2',
      '6.636',
      '0.678',
      '34594.5891',
    ]);
    expect(ind.lines[1]?.terms).toEqual({ name: 'K', floodStorage: '10000 m³ (known storage)' });
    expect(ind.warnings).toEqual([]);
  });

  it('a lake’s missing exchange count and a missing region are named', () => {
    const input = tinyInput();
    input.waterBodies = { lakes: [{ name: 'L', area: { value: '100', unit: 'km2' } }] };
    expect(errorOf(() => only('R3', input)).issues[0]?.params).toEqual({
      indicator: 'R3',
      field: 'waterBodies.lakes[0].exchangeCount or .floodStorage',
    });
    input.waterBodies = { lakes: [{ name: 'L', area: { value: '100', unit: 'km2' }, exchangeCount: '2' }] };
    expect(
      errorOf(() => only('R3', input, { switches: { R3: { lakeRegion: null } } })).issues[0],
    ).toMatchObject({
      path: ['waterBodies', 'lakes', 0],
      params: {
        detail:
          'R3: lakes are given, so the switch lakeRegion must name the regional (a, b) pair (flood.lake.<region>.a/.b)',
      },
    });
  });

  it('wetlands of known storage: their own line and terms; a wetland and a marsh row without a zone meet', () => {
    const input = tinyInput();
    (input.ecosystems as unknown[]).push({ type: 'wetland.marsh', area: { value: '2', unit: 'km2' } });
    input.waterBodies = {
      wetlands: [{ name: 'W', ecosystem: 'wetland.marsh', floodStorage: { value: '50', unit: 'wan_m3' } }],
    };
    const { ind } = only('R3', input, { switches: { R3: { components: ['marsh'] } } });
    expect(facts(ind)).toEqual([
      ['marsh', 'wetland.marsh', null, ['waterBodies', 'wetlands', 0], 'reservoir construction cost'],
    ]);
    expect(ind.lines[0]?.terms).toEqual({ name: 'W', floodStorage: '500000 m³ (known storage)' });
    expect(ind.warnings).toEqual([]);
  });

  it('marsh rows by S × h, with their terms', () => {
    const input = zoned();
    (input.ecosystems as unknown[]).push({
      zone: 'Z1',
      type: 'wetland.marsh',
      area: { value: '1', unit: 'km2' },
    });
    const { ind } = only('R3', input, { switches: { R3: { components: ['marsh'] } } });
    expect(facts(ind)).toEqual([
      ['marsh', 'wetland.marsh', 'Z1', ['ecosystems', 2], 'reservoir construction cost'],
    ]);
    expect(ind.lines[0]?.terms).toEqual({ S: '1 km2', h: '0.3 m' });
  });

  it('water bodies of a component switched off are named as ignored; none given, nothing said', () => {
    const input = tinyInput();
    input.waterBodies = {
      lakes: [{ name: 'L', area: { value: '1', unit: 'km2' }, exchangeCount: '1' }],
      wetlands: [{ name: 'W', ecosystem: 'wetland.marsh', floodStorage: { value: '1', unit: 'm3' } }],
      reservoirs: [{ name: 'R', totalStorage: { value: '1', unit: 'm3' } }],
    };
    const { ind } = only('R3', input, { switches: { R3: { components: ['vegetation'] } } });
    expect(ind.warnings.map((w) => [w.code, w.path, w.params])).toEqual([
      [
        'INPUT_IGNORED',
        ['waterBodies', 'lakes'],
        { field: 'waterBodies.lakes', reason: 'component lake is off' },
      ],
      [
        'INPUT_IGNORED',
        ['waterBodies', 'wetlands'],
        { field: 'waterBodies.wetlands', reason: 'component marsh is off' },
      ],
      [
        'INPUT_IGNORED',
        ['waterBodies', 'reservoirs'],
        { field: 'waterBodies.reservoirs', reason: 'component reservoir is off' },
      ],
    ]);
    const plain = tinyInput();
    plain.waterBodies = {};
    expect(only('R3', plain, { switches: { R3: { components: ['vegetation'] } } }).ind.warnings).toEqual([]);
  });

  it('marsh types must be known types, and not counted as vegetation as well', () => {
    const detail = (sw: Record<string, unknown>) =>
      errorOf(() => only('R3', tinyInput(), { switches: { R3: sw } })).issues.map((i) => [i.code, i.params]);
    expect(detail({ marshTypes: ['wetland.nowhere'] })).toEqual([
      ['SWITCH_INVALID', { detail: 'R3: marshTypes names an unknown type wetland.nowhere' }],
    ]);
    expect(detail({ marshTypes: ['shrub'] })).toEqual([
      ['SWITCH_INVALID', { detail: 'R3: shrub would be counted as vegetation and as marsh' }],
    ]);
    // without vegetation, a shrub may be a marsh type: 200 hm² × 0.3 m = 600 000 m³
    const { ind } = only('R3', tinyInput(), {
      switches: { R3: { components: ['marsh'], marshTypes: ['shrub'] } },
    });
    expect(ind.physical?.value).toBe('600000');
  });
});
