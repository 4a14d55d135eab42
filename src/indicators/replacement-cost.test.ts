import { describe, expect, it } from 'vitest';
import { account } from '../account/account';
import { errorOf, only, profileWith, tinyInput, userTable } from '../../test/helpers';

// Each method is tried in the place of R9 (the only indicator left in the account).
const value = (input: Record<string, unknown>, method: string) =>
  only('R9', input, { profile: profileWith('R9', method) }).ind;

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

describe('replacement-cost indicators: what each line names, and what each needs', () => {
  const zones = [{ id: 'A', name: 'A', area: { value: '20', unit: 'km2' } }];
  const costs = () =>
    userTable('costs', [
      { key: 'price.coastal_protection', value: '500', unit: 'yuan/m', priceYear: 2020 },
      { key: 'price.noise_reduction', value: '800', unit: 'yuan/m', priceYear: 2020 },
    ]);
  const lineFacts = (ind: ReturnType<typeof value>) =>
    ind.lines.map((l) => [l.path, l.zone, l.ecosystem, l.valuations[0]?.label]);

  it('sand fixation: path, zone, ecosystem, label and the terms of Q / (ρ × h)', () => {
    const input = tinyInput();
    input.zones = zones;
    input.sandFixation = [
      { amount: { value: '1000', unit: 't' }, zone: 'A', ecosystem: 'shrub' },
      { amount: { value: '2000', unit: 't' } },
    ];
    const ind = value(input, 'sand-fixation/restoration-cost@1');
    expect(lineFacts(ind)).toEqual([
      [['sandFixation', 0], 'A', 'shrub', 'sand-control cost'],
      [['sandFixation', 1], null, null, 'sand-control cost'],
    ]);
    // 1000 t / (1.28 t/m³ × 0.1 m) = 7812.5 m²
    expect(ind.lines[0]?.terms).toEqual({ Q: '1000 t', rho: '1.28 t/m³', h: '0.1 m', area: '7812.5 m²' });
  });

  it('sand fixation: a bulk density or a cover depth of 0 is refused, not divided by', () => {
    for (const [key, unit] of [
      ['sand.bulk_density', 't_per_m3'],
      ['sand.cover_depth', 'm'],
    ]) {
      const input = tinyInput();
      (input.overrides as { tables: unknown[] }).tables.push(userTable('zero', [{ key, value: '0', unit }]));
      input.sandFixation = [{ amount: { value: '1', unit: 't' } }];
      expect(errorOf(() => value(input, 'sand-fixation/restoration-cost@1')).issues[0]).toMatchObject({
        code: 'VALUE_NOT_POSITIVE',
        path: ['sandFixation', 0],
        params: { what: 'sand bulk density × cover depth', value: '0' },
      });
    }
  });

  it('pest control, coastal protection, noise reduction, landscape: path, zone, ecosystem and label', () => {
    const input = tinyInput();
    input.zones = zones;
    (input.overrides as { tables: unknown[] }).tables.push(costs());
    input.pestControl = [{ ecosystem: 'forest.broadleaf', area: { value: '1', unit: 'hm2' }, zone: 'A' }];
    input.coastalProtection = [
      { name: 'wall', length: { value: '1', unit: 'm' }, zone: 'A' },
      { name: 'dune', length: { value: '1', unit: 'm' } },
    ];
    input.noiseReduction = [
      { name: 'belt', length: { value: '1', unit: 'm' }, zone: 'A', ecosystem: 'shrub' },
      { name: 'hedge', length: { value: '1', unit: 'm' } },
    ];
    input.landscape = [
      {
        name: 'lakeside',
        area: { value: '1', unit: 'm2' },
        premium: { value: '150', unit: 'yuan/m2', priceYear: 2020 },
        zone: 'A',
      },
    ];
    expect(lineFacts(value(input, 'pest-control/replacement-cost@1'))).toEqual([
      [['pestControl', 0], 'A', 'forest.broadleaf', 'artificial control cost'],
    ]);
    expect(lineFacts(value(input, 'coastal-protection/replacement-cost@1'))).toEqual([
      [['coastalProtection', 0], 'A', null, 'replacement cost'],
      [['coastalProtection', 1], null, null, 'replacement cost'],
    ]);
    expect(lineFacts(value(input, 'noise-reduction/replacement-cost@1'))).toEqual([
      [['noiseReduction', 0], 'A', 'shrub', 'replacement cost'],
      [['noiseReduction', 1], null, null, 'replacement cost'],
    ]);
    const c2 = only('C2', input).ind;
    expect(lineFacts(c2)).toEqual([[['landscape', 0], 'A', null, 'landscape premium']]);
    expect(c2.lines[0]?.valuations[0]?.origin).toEqual({ kind: 'input', path: ['landscape', 0, 'premium'] });
  });

  it('each method needs its own section of the input', () => {
    for (const [method, section] of [
      ['sand-fixation/restoration-cost@1', 'sandFixation'],
      ['pest-control/replacement-cost@1', 'pestControl'],
      ['coastal-protection/replacement-cost@1', 'coastalProtection'],
      ['noise-reduction/replacement-cost@1', 'noiseReduction'],
    ])
      expect(errorOf(() => value(tinyInput(), method as string)).issues[0]).toMatchObject({
        code: 'INDICATOR_INPUT_MISSING',
        path: [section],
      });
  });
});
