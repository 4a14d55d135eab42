import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { account } from '../src/account/account';
import type { AccountResult } from '../src/account/result-schema';
import { Decimal } from '../src/core/decimal';

/**
 * Property tests on generated counties. Physical quantities are sums of exact decimal products and must match
 * exactly; money passes through price-index ratios (non-terminating divisions rounded at 40 significant
 * digits), so money is compared to 1e-20 relative — far below the fen.
 */

const TYPES = ['forest.broadleaf', 'forest.coniferous', 'forest.mixed', 'shrub', 'grassland'] as const;
const SECTORS = ['agriculture', 'forestry', 'animal_husbandry', 'fishery'] as const;
const amount = (max: number) =>
  fc.integer({ min: 0, max: max * 100 }).map((n) => new Decimal(n).div(100).toFixed());

const county = fc.record({
  zones: fc.array(
    fc.record({
      precipitation: fc.integer({ min: 1200, max: 2400 }),
      rows: fc.uniqueArray(fc.record({ type: fc.constantFrom(...TYPES), km2: amount(300) }), {
        minLength: 1,
        maxLength: 5,
        selector: (r) => r.type,
      }),
    }),
    { minLength: 2, maxLength: 5 },
  ),
  et: fc.tuple(...TYPES.map(() => fc.integer({ min: 500, max: 1100 }))),
  sectors: fc.tuple(...SECTORS.map(() => fc.tuple(amount(50_000), amount(50_000)))),
  visits: fc.tuple(amount(200), amount(200)),
  water: fc.array(
    fc.record({ use: fc.constantFrom('domestic', 'industrial', 'agricultural'), wanM3: amount(10_000) }),
    { minLength: 2, maxLength: 6 },
  ),
  side: fc.array(fc.boolean(), { minLength: 20, maxLength: 20 }),
});
type County = typeof county extends fc.Arbitrary<infer T> ? T : never;

/** Build the input; `part` keeps only zones/records on one side of the split (undefined = the whole). */
function build(
  c: County,
  part?: 0 | 1,
  areaUnit: 'km2' | 'hm2' | 'm2' | 'mu' = 'km2',
  scale = 1,
): Record<string, unknown> {
  const factor = { km2: 1, hm2: 100, m2: 1_000_000, mu: 1500 }[areaUnit];
  // Zone 0 goes to side 0 and zone 1 to side 1, so neither half is empty; the rest by the generated sides.
  const sideOf = (i: number) => (i === 0 ? 0 : i === 1 ? 1 : c.side[i % c.side.length] ? 0 : 1);
  const keep = (i: number) => part === undefined || sideOf(i) === part;
  const zones = c.zones.map((z, i) => ({ ...z, id: `Z${i}` })).filter((_, i) => keep(i));
  return {
    region: { name: 'generated', code: '361099', level: 'county' },
    year: 2020,
    zones: zones.map((z) => ({ id: z.id, name: z.id })),
    ecosystems: zones.flatMap((z) =>
      z.rows.map((r) => ({
        zone: z.id,
        type: r.type,
        area: { value: new Decimal(r.km2).times(factor).times(scale).toFixed(), unit: areaUnit },
      })),
    ),
    climate: [
      ...zones.map((z) => ({ zone: z.id, precipitation: { value: String(z.precipitation), unit: 'mm' } })),
      ...TYPES.map((t, i) => ({ ecosystem: t, evapotranspiration: { value: String(c.et[i]), unit: 'mm' } })),
    ],
    // Each sector and tourism segment has two records, one on each side of the split.
    materialProducts: SECTORS.flatMap((s, i) =>
      ([0, 1] as const)
        .filter((k) => part === undefined || part === k)
        .map((k) => ({
          sector: s,
          grossOutput: { value: c.sectors[i]![k], unit: 'wan_yuan', priceYear: 2020 },
        })),
    ),
    waterSupply: c.water
      .filter((_, i) => keep(i + 7))
      .map((w) => ({ use: w.use, volume: { value: w.wanM3, unit: 'wan_m3' } })),
    tourism: {
      segments: ([0, 1] as const)
        .filter((k) => part === undefined || part === k)
        .map((k) => ({
          name: `s${k}`,
          visits: { value: c.visits[k], unit: 'wan_person_time' },
          spendingPerVisit: { value: '150', unit: 'yuan/person_time', priceYear: 2018 },
        })),
    },
  };
}

const run = (input: Record<string, unknown>): AccountResult =>
  account(input, { rounding: 'exact', baseYear: 2015, switches: { R1: { negativeTerms: 'keep' } } });
const value = (r: AccountResult, code: string) =>
  new Decimal(r.indicators.find((i) => i.code === code)?.value.current ?? '0');
const physical = (r: AccountResult, code: string) =>
  new Decimal(r.indicators.find((i) => i.code === code)?.physical?.value ?? '0');
const close = (a: Decimal, b: Decimal) => a.minus(b).abs().lte(b.abs().plus(1).times('1e-20'));

describe('properties of the account', () => {
  it('partition invariance: accounting two halves and adding equals accounting the whole', () => {
    fc.assert(
      fc.property(county, (c) => {
        const whole = run(build(c));
        const a = run(build(c, 0));
        const b = run(build(c, 1));
        for (const code of ['M1', 'M2', 'M3', 'M4', 'R1', 'C1', 'M5']) {
          expect(close(value(a, code).plus(value(b, code)), value(whole, code))).toBe(true);
        }
        expect(physical(a, 'R1').plus(physical(b, 'R1')).toFixed()).toBe(physical(whole, 'R1').toFixed());
        const gep = (r: AccountResult) => new Decimal(r.totals.gep.comparable);
        expect(close(gep(a).plus(gep(b)), gep(whole))).toBe(true);
      }),
      { numRuns: 60 },
    );
  });

  it('unit invariance: areas in km², hm², m² or 亩 give the same account', () => {
    fc.assert(
      fc.property(
        county,
        fc.constantFrom('hm2', 'm2', 'mu') as fc.Arbitrary<'hm2' | 'm2' | 'mu'>,
        (c, unit) => {
          const km2 = run(build(c));
          const other = run(build(c, undefined, unit));
          expect(physical(other, 'R1').toFixed()).toBe(physical(km2, 'R1').toFixed());
          expect(other.totals.gep.current).toBe(km2.totals.gep.current);
        },
      ),
      { numRuns: 60 },
    );
  });

  it('scaling: doubling every area doubles water conservation', () => {
    fc.assert(
      fc.property(county, (c) => {
        const one = run(build(c));
        const two = run(build(c, undefined, 'km2', 2));
        expect(physical(two, 'R1').toFixed()).toBe(physical(one, 'R1').times(2).toFixed());
        expect(close(value(two, 'R1'), value(one, 'R1').times(2))).toBe(true);
      }),
      { numRuns: 40 },
    );
  });

  it('non-negativity: with negativeTerms = zero, water conservation is never negative', () => {
    fc.assert(
      fc.property(county, (c) => {
        const r = account(build(c), { rounding: 'exact' });
        for (const l of r.indicators.find((i) => i.code === 'R1')?.lines ?? []) {
          expect(new Decimal(l.physical?.value ?? '0').isNegative()).toBe(false);
        }
      }),
      { numRuns: 40 },
    );
  });

  it('determinism: the same input gives the same JSON', () => {
    fc.assert(
      fc.property(county, (c) => {
        expect(JSON.stringify(run(build(c)))).toBe(JSON.stringify(run(build(c))));
      }),
      { numRuns: 20 },
    );
  });
});
