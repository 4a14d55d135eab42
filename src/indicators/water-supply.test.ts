import { describe, expect, it } from 'vitest';
import { account } from '../account/account';
import { errorOf, only, tinyInput } from '../../test/helpers';

describe('M5 water supply', () => {
  it('Σ volume × price by use, the input price first, else the table price, each deflated', () => {
    // domestic: 650 万m³ = 6 500 000 m³ × 2.15 元/m³ (2016) = 13 975 000 元 at 2016 prices
    //   → 2020: × 686.5 / 627.5 = 15 288 984.0637…
    // industrial: 900 万m³ × 3.6 元/m³ (table, 2010) = 32 400 000 元 → × 686.5 / 536.1 = 41 489 647.4538…
    const input = tinyInput();
    input.waterSupply = [
      {
        use: 'domestic',
        volume: { value: '650', unit: 'wan_m3' },
        price: { value: '2.15', unit: 'yuan/m3', priceYear: 2016 },
      },
      { use: 'industrial', volume: { value: '900', unit: 'wan_m3' } },
    ];
    const { ind, result } = only('M5', input);
    expect(ind.physical?.value).toBe('15500000');
    expect(ind.subItems.map((s) => s.key)).toEqual(['domestic', 'industrial']);
    expect(ind.subItems[0]?.value.current.startsWith('15288984.0637')).toBe(true);
    expect(ind.subItems[1]?.value.current.startsWith('41489647.4538')).toBe(true);
    expect(ind.lines[1]?.valuations[0]?.origin).toEqual({
      kind: 'coefficient',
      key: 'price.water.industrial',
      table: 'rcees-2013-reference@1.4.0',
      ecosystem: null,
    });
    expect(result.coefficients.find((c) => c.key === 'price.water.industrial')).toMatchObject({
      value: '3.6',
      priceYear: 2010,
      grade: 'published',
      usedBy: ['M5'],
    });
  });

  it('is optional in the default profile: skipped, with the reason, when the input has none', () => {
    const r = account(tinyInput());
    expect(r.skipped).toContainEqual({ code: 'M5', reason: 'optional, and the input has no data for it' });
  });

  it('a price without a price year is refused', () => {
    const input = tinyInput();
    input.waterSupply = [
      { use: 'domestic', volume: { value: '1', unit: 'm3' }, price: { value: '2.15', unit: 'yuan/m3' } },
    ];
    const err = errorOf(() => account(input));
    expect(err.code).toBe('PRICE_YEAR_MISSING');
    expect(err.path).toEqual(['waterSupply', 0, 'price', 'priceYear']);
  });
});

describe('M5 water supply: what each line names', () => {
  it('its path, zone and price label; the input price’s origin is its own path', () => {
    const input = tinyInput();
    input.zones = [{ id: 'A', name: 'A', area: { value: '20', unit: 'km2' } }];
    input.waterSupply = [
      { use: 'agricultural', volume: { value: '1', unit: 'm3' }, zone: 'A' },
      {
        use: 'domestic',
        volume: { value: '1', unit: 'm3' },
        price: { value: '2', unit: 'yuan/m3', priceYear: 2020 },
      },
    ];
    const { ind } = only('M5', input);
    expect(ind.lines.map((l) => [l.path, l.zone, l.valuations[0]?.label])).toEqual([
      [['waterSupply', 0], 'A', 'water price'],
      [['waterSupply', 1], null, 'water price'],
    ]);
    expect(ind.lines[1]?.valuations[0]?.origin).toEqual({ kind: 'input', path: ['waterSupply', 1, 'price'] });
  });
});
