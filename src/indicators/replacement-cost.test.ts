import { describe, expect, it } from 'vitest';
import { account } from '../account/account';
import { only, tinyInput, userTable } from '../../test/helpers';

// Each method is tried in the place of R9 (the only indicator left in the account).
const value = (input: Record<string, unknown>, method: string) =>
  only('R9', input, { methods: { R9: method } }).ind;

describe('replacement-cost indicators (any profile may include them)', () => {
  it('sand fixation: Q / (ρ × h) × c', () => {
    // 1000 t / (1.28 t/m³ × 0.1 m) = 7812.5 m² × 3.75 元/m² = 29 296.875 元 (2010, RCEES)
    const input = tinyInput();
    input.sandFixation = [{ amount: { value: '1000', unit: 't' } }];
    const ind = value(input, 'sand-fixation/restoration-cost@1');
    expect(ind.lines[0]?.valuations[0]?.quantity?.value).toBe('7812.5');
    expect(ind.lines[0]?.valuations[0]?.atPriceYear).toBe('29296.875');
  });

  it('pest control: area × cost per hm², the forest price applying to every forest type (group record)', () => {
    // 100 hm² broadleaf × 375 = 37 500 元; 20 hm² grassland × 112.5 = 2 250 元 (2010)
    const input = tinyInput();
    input.ecosystems = [
      ...(input.ecosystems as unknown[]),
      { type: 'grassland', area: { value: '1', unit: 'km2' } },
    ];
    input.pestControl = [
      { ecosystem: 'forest.broadleaf', area: { value: '100', unit: 'hm2' } },
      { ecosystem: 'grassland', area: { value: '20', unit: 'hm2' } },
    ];
    const ind = value(input, 'pest-control/replacement-cost@1');
    expect(ind.lines.map((l) => l.valuations[0]?.atPriceYear)).toEqual(['37500', '2250']);
  });

  it('coastal protection and noise reduction: length × cost per m', () => {
    // 2 km × 500 元/m = 1 000 000 元; 300 m × 800 元/m = 240 000 元 (2020, user table)
    const input = tinyInput();
    (input.overrides as { tables: unknown[] }).tables.push(
      userTable('costs', [
        { key: 'price.coastal_protection', value: '500', unit: 'yuan/m', priceYear: 2020 },
        { key: 'price.noise_reduction', value: '800', unit: 'yuan/m', priceYear: 2020 },
      ]),
    );
    input.coastalProtection = [{ name: 'sea wall', length: { value: '2000', unit: 'm' } }];
    input.noiseReduction = [{ name: 'belt', length: { value: '300', unit: 'm' } }];
    expect(value(input, 'coastal-protection/replacement-cost@1').value.current).toBe('1000000');
    expect(value(input, 'noise-reduction/replacement-cost@1').value.current).toBe('240000');
  });

  it('landscape value: Σ benefiting area × premium (C2 in the Jiangxi profile, optional)', () => {
    // 2000 m² × 150 元/m² = 300 000 元
    const input = tinyInput();
    input.landscape = [
      {
        name: 'lakeside',
        area: { value: '2000', unit: 'm2' },
        premium: { value: '150', unit: 'yuan/m2', priceYear: 2020 },
      },
    ];
    const r = only('C2', input).result;
    expect(r.indicators.find((i) => i.code === 'C2')?.value.current).toBe('300000');
    const without = account(tinyInput(), { exclude: ['C1'] });
    expect(without.skipped).toContainEqual({
      code: 'C2',
      reason: 'optional, and the input has no data for it',
    });
  });
});
