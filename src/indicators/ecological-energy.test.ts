import { describe, expect, it } from 'vitest';
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
