import { describe, expect, it } from 'vitest';
import { account } from '../account/account';
import { errorOf, only, tinyInput } from '../../test/helpers';

describe('M6 ecological energy', () => {
  it('generation × tariff, by kind', () => {
    // 9800 万kWh = 98 000 000 kWh × 0.33 元/kWh = 32 340 000 元; 1 亿kWh solar × 0.4 = 40 000 000 元
    const input = tinyInput();
    input.energy = [
      {
        kind: 'hydropower',
        generation: { value: '9800', unit: 'wan_kWh' },
        tariff: { value: '0.33', unit: 'yuan/kWh', priceYear: 2020 },
      },
      {
        kind: 'solar',
        generation: { value: '1', unit: 'yi_kWh' },
        tariff: { value: '0.4', unit: '元/kWh', priceYear: 2020 },
      },
    ];
    const { ind } = only('M6', input);
    expect(ind.physical).toEqual({ value: '198000000', unit: 'kWh', symbol: 'kWh' });
    expect(ind.subItems.map((s) => [s.key, s.value.current])).toEqual([
      ['hydropower', '32340000'],
      ['solar', '40000000'],
    ]);
    expect(ind.value.current).toBe('72340000');
  });

  it('a tariff per the wrong unit is refused', () => {
    const input = tinyInput();
    input.energy = [
      {
        kind: 'hydropower',
        generation: { value: '1', unit: 'kWh' },
        tariff: { value: '0.33', unit: 'yuan/m3', priceYear: 2020 },
      },
    ];
    const err = errorOf(() => only('M6', input));
    expect(err.code).toBe('UNIT_MISMATCH');
    expect(err.path).toEqual(['energy', 0, 'tariff', 'unit']);
  });
});

describe('M6 ecological energy: what each line names', () => {
  it('its path, zone and tariff label, the tariff’s origin its own path', () => {
    const input = tinyInput();
    input.zones = [{ id: 'A', name: 'A', area: { value: '20', unit: 'km2' } }];
    input.energy = [
      {
        kind: 'wind',
        generation: { value: '1', unit: 'kWh' },
        tariff: { value: '0.5', unit: 'yuan/kWh', priceYear: 2020 },
        zone: 'A',
      },
      {
        kind: 'hydropower',
        generation: { value: '1', unit: 'kWh' },
        tariff: { value: '0.3', unit: 'yuan/kWh', priceYear: 2020 },
      },
    ];
    const { ind } = only('M6', input);
    expect(ind.lines.map((l) => [l.path, l.zone, l.valuations[0]?.label, l.valuations[0]?.origin])).toEqual([
      [['energy', 0], 'A', 'tariff', { kind: 'input', path: ['energy', 0, 'tariff'] }],
      [['energy', 1], null, 'tariff', { kind: 'input', path: ['energy', 1, 'tariff'] }],
    ]);
  });

  it('is skipped, with the reason, when the input has no generation', () => {
    expect(account(tinyInput()).skipped).toContainEqual({
      code: 'M6',
      reason: 'optional, and the input has no data for it',
    });
  });
});
