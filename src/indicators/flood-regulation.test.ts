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
    expect(w?.params?.field).toBe('exchangeCount 2 of L');
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
