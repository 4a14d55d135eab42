import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { account } from '../src/account/account';
import type { AccountResult } from '../src/account/result-schema';
import { Decimal } from '../src/core/decimal';
import { LOCAL_TABLE } from './helpers';

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
      storm: fc.integer({ min: 200, max: 900 }),
      storage: amount(5_000),
      emissions: fc.tuple(amount(500), amount(50), amount(10), amount(300), amount(300)),
      rows: fc.uniqueArray(fc.record({ type: fc.constantFrom(...TYPES), km2: amount(300) }), {
        minLength: 1,
        maxLength: 5,
        selector: (r) => r.type,
      }),
    }),
    { minLength: 2, maxLength: 5 },
  ),
  et: fc.tuple(...TYPES.map(() => fc.integer({ min: 500, max: 1100 }))),
  // RUSLE factors by type: LS, C, P as integers of 1/100 (C × P always within [0, 1]).
  soil: fc.tuple(
    ...TYPES.map(() =>
      fc.tuple(
        fc.integer({ min: 0, max: 800 }),
        fc.integer({ min: 0, max: 100 }),
        fc.integer({ min: 0, max: 100 }),
      ),
    ),
  ),
  storm: fc.tuple(...TYPES.map(() => fc.integer({ min: 0, max: 100 }))),
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
      ...zones.map((z) => ({
        zone: z.id,
        precipitation: { value: String(z.precipitation), unit: 'mm' },
        stormPrecipitation: { value: String(z.storm), unit: 'mm' },
        acDays: { value: String(60 + (z.storm % 90)), unit: 'day' },
      })),
      ...TYPES.map((t, i) => ({ ecosystem: t, evapotranspiration: { value: String(c.et[i]), unit: 'mm' } })),
    ],
    soilFactors: TYPES.map((t, i) => ({
      ecosystem: t,
      R: { value: '8500', unit: 'MJ_mm_per_hm2_h_a' },
      K: { value: '0.031', unit: 't_hm2_h_per_hm2_MJ_mm' },
      LS: new Decimal(c.soil[i]![0]).div(100).toFixed(),
      C: new Decimal(c.soil[i]![1]).div(100).toFixed(),
      P: new Decimal(c.soil[i]![2]).div(100).toFixed(),
    })),
    productivity: TYPES.map((t, i) => ({
      ecosystem: t,
      nep: { value: new Decimal(c.soil[i]![1]).div(20).toFixed(), unit: 't_C_per_hm2_a' },
    })),
    airIons: TYPES.filter((t) => t.startsWith('forest')).map((t, i) => ({
      ecosystem: t,
      concentration: { value: String(300 + c.et[i]! * 2), unit: 'ions_per_cm3' },
      standHeight: { value: '12', unit: 'm' },
    })),
    waterBodies: {
      reservoirs: zones.map((z) => ({
        name: z.id,
        zone: z.id,
        totalStorage: { value: z.storage, unit: 'wan_m3' },
      })),
    },
    emissions: {
      water: zones.flatMap((z) =>
        (['cod', 'nh3n', 'tp'] as const).map((p, k) => ({
          pollutant: p,
          zone: z.id,
          amount: { value: z.emissions[k]!, unit: 't' },
        })),
      ),
      air: zones.flatMap((z) =>
        (['so2', 'nox'] as const).map((p, k) => ({
          pollutant: p,
          zone: z.id,
          amount: { value: z.emissions[k + 3]!, unit: 't' },
        })),
      ),
    },
    overrides: {
      tables: [
        {
          ...LOCAL_TABLE,
          records: [
            ...LOCAL_TABLE.records.filter((r) => r.key !== 'runoff.storm_coefficient'),
            ...TYPES.map((t, i) => ({
              key: 'runoff.storm_coefficient',
              value: new Decimal(c.storm[i]!).div(100).toFixed(),
              unit: 'one',
              applies: { ecosystem: t },
              source: { document: 'generated' },
              grade: 'assumed',
            })),
            ...TYPES.flatMap((t) =>
              ['cod', 'nh3n', 'tp'].map((p) => ({
                key: `purification.water.${p}`,
                value: '0.5',
                unit: 't_per_hm2_a',
                applies: { ecosystem: t },
                source: { document: 'generated' },
                grade: 'assumed',
              })),
            ),
          ],
        },
      ],
    },
    // Each sector and tourism segment has two records, one on each side of the split (a note tells a sector's two
    // apart: identical records would be one copied, DUPLICATE_ID).
    materialProducts: SECTORS.flatMap((s, i) =>
      ([0, 1] as const)
        .filter((k) => part === undefined || part === k)
        .map((k) => ({
          sector: s,
          grossOutput: { value: c.sectors[i]![k], unit: 'wan_yuan', priceYear: 2020 },
          note: `record ${k}`,
        })),
    ),
    // Each record its own (a note tells them apart): identical records would be one copied (DUPLICATE_ID).
    waterSupply: c.water
      .map((w, i) => ({ use: w.use, volume: { value: w.wanM3, unit: 'wan_m3' }, note: `record ${i}` }))
      .filter((_, i) => keep(i + 7)),
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
        for (const code of [
          'M1',
          'M2',
          'M3',
          'M4',
          'M5',
          'R1',
          'R2',
          'R3',
          'R4',
          'R5',
          'R6',
          'R7',
          'R8',
          'R9',
          'C1',
        ]) {
          expect(close(value(a, code).plus(value(b, code)), value(whole, code))).toBe(true);
        }
        // Sums of terminating products are exact; R6 (× 44/12) and R9 (÷ L) carry 40-digit quotients.
        for (const code of ['R1', 'R2', 'R3', 'R4', 'R5']) {
          expect(physical(a, code).plus(physical(b, code)).toFixed()).toBe(physical(whole, code).toFixed());
        }
        for (const code of ['R6', 'R7', 'R8', 'R9']) {
          expect(close(physical(a, code).plus(physical(b, code)), physical(whole, code))).toBe(true);
        }
        const gep = (r: AccountResult) => new Decimal(r.totals.gep.comparable);
        expect(close(gep(a).plus(gep(b)), gep(whole))).toBe(true);
      }),
      { numRuns: 60 },
    );
  }, 60_000);

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
  }, 60_000);

  it('scaling: doubling every area doubles water conservation', () => {
    fc.assert(
      fc.property(county, (c) => {
        const one = run(build(c));
        const two = run(build(c, undefined, 'km2', 2));
        for (const code of ['R1', 'R2']) {
          expect(physical(two, code).toFixed()).toBe(physical(one, code).times(2).toFixed());
          expect(close(value(two, code), value(one, code).times(2))).toBe(true);
        }
        // Flood regulation: vegetation doubles; reservoirs are not area-driven and stay.
        const veg = (r: AccountResult) =>
          new Decimal(
            r.indicators.find((i) => i.code === 'R3')?.subItems.find((x) => x.key === 'vegetation')?.physical
              ?.value ?? '0',
          );
        expect(veg(two).toFixed()).toBe(veg(one).times(2).toFixed());
      }),
      { numRuns: 40 },
    );
  }, 60_000);

  it('RUSLE retention is never negative when 0 ≤ C × P ≤ 1', () => {
    fc.assert(
      fc.property(county, (c) => {
        for (const l of run(build(c)).indicators.find((i) => i.code === 'R2')?.lines ?? []) {
          expect(new Decimal(l.physical?.value ?? '0').isNegative()).toBe(false);
        }
      }),
      { numRuns: 40 },
    );
  }, 60_000);

  it('under the capped rule, purification never exceeds emissions (by zone and pollutant)', () => {
    fc.assert(
      fc.property(county, (c) => {
        const input = build(c);
        const r = account(input, {
          rounding: 'exact',
          switches: { R4: { rule: 'capped', groups: ['forest', 'shrub', 'grassland'] } },
        });
        const r4 = r.indicators.find((i) => i.code === 'R4');
        const emissions = (
          input.emissions as { water: { pollutant: string; zone: string; amount: { value: string } }[] }
        ).water;
        for (const e of emissions) {
          const purified = (r4?.lines ?? [])
            .filter((l) => l.subItem === e.pollutant && l.zone === e.zone)
            .reduce((a, l) => a.plus(l.physical?.value ?? '0'), new Decimal(0));
          expect(purified.lte(new Decimal(e.amount.value).plus('1e-25'))).toBe(true);
        }
      }),
      { numRuns: 40 },
    );
  }, 60_000);

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
  }, 60_000);

  it('determinism: the same input gives the same JSON', () => {
    fc.assert(
      fc.property(county, (c) => {
        expect(JSON.stringify(run(build(c)))).toBe(JSON.stringify(run(build(c))));
      }),
      { numRuns: 20 },
    );
  }, 60_000);
});
