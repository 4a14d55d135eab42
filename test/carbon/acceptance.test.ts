/**
 * The acceptance list of the carbon correctness work: the right factor for the date and place, no gram lost
 * to rounding, bounded claims, pkm as its own dimension, methodologies as modules, points vs grams, no hidden
 * state. One describe per item; the arithmetic is in the comments.
 */
import { existsSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Decimal } from '../../src/core/decimal';
import { type BatchSummary, CarbonBatch, type LineResult, processActivities } from '../../src/carbon/batch';
import { SCENARIOS_REDUCTION } from '../../src/carbon/activity';
import { bundledFactorSet } from '../../src/carbon/factors/bundled';
import { loadFactorSet } from '../../src/carbon/factors/registry';
import { Ledger } from '../../src/carbon/ledger/ledger';
import { microgramsText, toMicrograms } from '../../src/carbon/ledger/micrograms';
import { registryPolicy } from '../../src/carbon/ledger/registry';
import { bundledRuleSet } from '../../src/carbon/rules/bundled';
import { methodologies } from '../../src/carbon/methodologies/registry';
import { distanceIn } from '../../src/carbon/methodologies/spec';
import { RETIRED, busRide, errorOf, ruleSetWith, userFactors } from './helpers';

type Opts = ConstructorParameters<typeof CarbonBatch>[0];

function run(items: unknown[], opts: Opts = {}): { results: LineResult[]; summary: BatchSummary } {
  const gen = processActivities(items, opts);
  const results: LineResult[] = [];
  let s = gen.next();
  while (!s.done) {
    results.push(s.value);
    s = gen.next();
  }
  return { results, summary: s.value };
}

/** A time n seconds after 2024-05-01 08:00 Beijing time. */
const at = (n: number) => new Date(Date.UTC(2024, 4, 1, 0, 0, n)).toISOString().replace('Z', '+00:00');
const codes = (r: LineResult | undefined) => r?.issues.map((i) => i.code) ?? [];

describe('no gram created or lost', () => {
  it('10,000 trips of 24 m by one user credit 9,600 g (each 0.96 g)', () => {
    // Wuhan shared bike 40 g/km × 0.024 km = 0.96 g per trip; 10,000 trips = 9,600 g exactly
    const trips = Array.from({ length: 10_000 }, (_, i) => ({
      id: `t${i}`,
      user: 'u1',
      ts: at(i),
      scenario: 'shared_bike',
      region: '420102',
      distance: { value: '24', unit: 'm' },
    }));
    const { results, summary } = run(trips);
    expect(results.every((r) => r.ok)).toBe(true);
    expect(results[0]?.reduction).toMatchObject({ grams: '0', exact: '0.96', remainder: '0.96' });
    // 0.96 + 0.96 = 1.92 → 1 g credited, 0.92 carried
    expect(results[1]?.reduction).toMatchObject({ grams: '1', remainder: '0.92' });
    expect(BigInt(summary.grams)).toBeGreaterThanOrEqual(9599n);
    expect(summary).toMatchObject({ grams: '9600', exactGrams: '9600', remainderGrams: '0' });
    expect(summary.balances['user:u1']?.g_CO2?.available).toBe('9600');
  }, 60_000);

  it('10,000 users with 0.4 g each: grams + remainderGrams = exactGrams = 4000', () => {
    const f = userFactors([
      { key: 'travel.walking.reduction', value: '0.4', unit: 'g_CO2/ride', kind: 'reduction' },
    ]);
    const acts = Array.from({ length: 10_000 }, (_, i) => ({
      id: `w${i}`,
      user: `u${i}`,
      ts: at(i),
      scenario: 'walking',
      rides: '1',
    }));
    const { summary } = run(acts, { factorSets: [f] });
    // 10,000 × 0.4 g = 4,000 g exact, each user below 1 g: none credited, all carried
    expect(summary).toMatchObject({ grams: '0', remainderGrams: '4000', exactGrams: '4000' });
    expect(new Decimal(summary.grams).plus(summary.remainderGrams).equals(summary.exactGrams)).toBe(true);
  }, 60_000);

  it('splitting a trip into parts changes the user’s credit by less than 1 g', () => {
    // Credited grams are ⌊cumulative exact⌋ per user, so any split of one trip's distance credits the same.
    const km = fc.integer({ min: 1, max: 40_000 }).map((m) => new Decimal(m).div(1000)); // 0.001 … 40 km
    fc.assert(
      fc.property(
        km,
        fc.array(fc.integer({ min: 1, max: 1000 }), { minLength: 1, maxLength: 12 }),
        (d, w) => {
          const total = w.reduce((a, b) => a + b, 0);
          // parts proportional to w, the last one taking what rounding to metres leaves
          const parts = w.map((x) => d.times(x).div(total).toDecimalPlaces(3, Decimal.ROUND_DOWN));
          const last = d.minus(parts.slice(0, -1).reduce((a, b) => a.plus(b), new Decimal(0)));
          parts[parts.length - 1] = last;
          const trip = (id: string, i: number, q: Decimal) => ({
            id,
            user: 'u',
            ts: at(i),
            scenario: 'shared_bike',
            region: '420102',
            distance: { value: q.toFixed(), unit: 'km' },
          });
          const whole = run([trip('whole', 0, d)]).summary;
          const split = run(parts.filter((p) => p.gt(0)).map((p, i) => trip(`p${i}`, i, p))).summary;
          const diff = BigInt(whole.grams) - BigInt(split.grams);
          expect(diff < 1n && diff > -1n).toBe(true);
          expect(split.exactGrams).toBe(whole.exactGrams);
        },
      ),
      { numRuns: 200 },
    );
  }, 60_000);

  it('a reduction without end (a 7-day mean) is counted to the microgram, rounded down; the sums stay exact', () => {
    // Jiangxi (36) 2023 factor 583.6 g/kWh; BE = 1 × 1 × 583.6 ≤ PE = 2 × 583.6 = 1167.2 → MA7 of 10,10,10,10,10,10,11
    // kWh = 71 × 583.6 / 7 = 41435.6 / 7 = 5919.3714285714…; ER = 5919.3714285714… − 1167.2 = 4752.1714285714…
    const e = {
      id: 'e',
      user: 'u',
      ts: '2023-03-01T20:00:00+08:00',
      scenario: 'residential_electricity',
      region: '360102',
      use: { value: '2', unit: 'kWh' },
      householdSize: '1',
      perCapitaBaseline: { value: '1', unit: 'kWh' },
      previousDays: [10, 10, 10, 10, 10, 10, 11].map((v) => ({ value: String(v), unit: 'kWh' })),
    };
    const { results, summary } = run([e]);
    expect(results[0]?.reduction?.exact.startsWith('4752.171428571428571')).toBe(true);
    expect(results[0]?.reduction).toMatchObject({
      grams: '4752',
      counted: '4752.171428',
      remainder: '0.171428',
    });
    expect(summary).toMatchObject({ grams: '4752', exactGrams: '4752.171428', remainderGrams: '0.171428' });
  });

  it('remainders are ledger state: a batch continuing the ledger credits what the first one carried', () => {
    // Shenzhen metro 46.7 g/pkm × 1.5 km = 70.05 g → 70 g, 0.05 carried; again 70.05 + 0.05 = 70.1 → 70 g, 0.1 carried
    const metro = (id: string, n: number) => ({
      id,
      user: 'u',
      ts: at(n),
      scenario: 'metro',
      region: '440305',
      distance: { value: '1.5', unit: 'km' },
    });
    const first = new CarbonBatch();
    first.process(metro('a', 0), 1);
    expect(first.ledger.state.remainders.get('user:u')).toBe(50_000n); // 0.05 g in µg
    const second = new CarbonBatch({ ledger: first.ledger });
    expect(second.process(metro('b', 1), 1)?.reduction).toMatchObject({ grams: '70', remainder: '0.1' });
    // grams + remainderGrams = exactGrams + carriedInGrams: 70 + 0.1 = 70.05 + 0.05
    expect(second.summary()).toMatchObject({
      grams: '70',
      exactGrams: '70.05',
      remainderGrams: '0.1',
      carriedInGrams: '0.05',
    });
  });
});

describe('factors for the date and the place', () => {
  const pv = (id: string, region: string, ts: string) => ({
    id,
    user: 'u',
    ts,
    scenario: 'distributed_pv',
    region,
    generation: { value: '100', unit: 'kWh' },
    capacity: { value: '5', unit: 'kW' },
  });

  it('PV in Shenzhen and in Nanchang, same year and output, are credited from their provinces’ factors', () => {
    const { results } = run([
      pv('sz', '440305', '2023-07-01T12:00:00+08:00'),
      pv('nc', '360102', '2023-07-01T12:00:00+08:00'),
    ]);
    // Guangdong (44) 2023: 100 kWh × 441.9 g/kWh = 44190 g; Jiangxi (36) 2023: 100 × 583.6 = 58360 g
    expect(results[0]?.reduction).toMatchObject({ grams: '44190' });
    expect(results[0]?.reduction?.factors[0]).toMatchObject({
      set: 'cn-grid-co2-2023@1.0.0',
      year: 2023,
      region: '44',
    });
    expect(results[1]?.reduction).toMatchObject({ grams: '58360' });
    expect(results[1]?.reduction?.factors[0]).toMatchObject({ year: 2023, region: '36' });
    expect(codes(results[0])).toEqual([]);
  });

  it('a 2021 activity uses a 2021 factor; a 2024 one the 2023 factor, warned; strict mode refuses it', () => {
    const { results } = run([
      pv('a', '360102', '2021-03-01T12:00:00+08:00'),
      pv('b', '360102', '2024-03-01T12:00:00+08:00'),
    ]);
    // Jiangxi 2021: 100 × 583.5 = 58350 g
    expect(results[0]?.reduction).toMatchObject({ grams: '58350' });
    expect(results[0]?.reduction?.factors[0]).toMatchObject({ set: 'cn-grid-co2-2021@1.0.0', year: 2021 });
    // 2024: Jiangxi 2023 (583.6) with CARBON_FACTOR_YEAR_FALLBACK
    expect(results[1]?.reduction).toMatchObject({ grams: '58360' });
    expect(codes(results[1])).toEqual(['CARBON_FACTOR_YEAR_FALLBACK']);
    const strict = run([pv('b', '360102', '2024-03-01T12:00:00+08:00')], { strict: true }).results[0];
    expect(strict).toMatchObject({ ok: false });
    expect(codes(strict)).toEqual(['CARBON_FACTOR_YEAR_UNPUBLISHED']);
  });

  it('a province without a provincial factor gets its regional grid’s; an activity before any data year has none', () => {
    // Tibet (54) → 西南 grid, 2022: 100 × 226.8 = 22680 g
    const { results } = run([
      pv('o', '360102', '2020-06-01T12:00:00+08:00'),
      pv('t', '540102', '2022-06-01T12:00:00+08:00'),
    ]);
    expect(codes(results[0])).toEqual(['CARBON_FACTOR_MISSING']);
    expect(results[1]?.reduction).toMatchObject({ grams: '22680' });
    expect(results[1]?.reduction?.factors[0]).toMatchObject({ grid: 'southwest', region: null, year: 2022 });
  });

  it('the most specific region wins: county → prefecture → province → grid → national', () => {
    const level = (region: string | undefined, value: string) => ({
      key: 'grid.average',
      value,
      unit: 'g_CO2/kWh',
      kind: 'emission',
      applies: region !== undefined ? { region } : {},
      source: { document: 'test' },
      grade: 'assumed',
    });
    const set = loadFactorSet({
      kind: 'carbon-factors',
      id: 'levels',
      version: '1.0.0',
      title: { zh: '测试', en: 'Test' },
      dataYear: 2023,
      publication: { document: 'test' },
      factors: [level(undefined, '1'), level('44', '2'), level('4403', '3'), level('440305', '4')],
    });
    const { results } = run(
      ['440305', '440306', '440106', '360102'].map((r, i) => ({
        ...pv(`p${i}`, r, '2023-07-01T12:00:00+08:00'),
        factorKey: 'grid.average',
      })),
      { factorSets: [set] },
    );
    // 100 kWh × 4, 3, 2, 1 g/kWh
    expect(results.map((r) => r.reduction?.grams)).toEqual(['400', '300', '200', '100']);
  });

  it('a set effective only in 2030 never applies to a 2024 activity', () => {
    const future = loadFactorSet({
      kind: 'carbon-factors',
      id: 'future',
      version: '1.0.0',
      title: { zh: '测试', en: 'Test' },
      dataYear: null,
      publication: { document: 'test' },
      effective: { from: '2030-01-01', to: '2030-12-31' },
      factors: [
        {
          key: 'grid.pv',
          value: '1',
          unit: 'kg_CO2/kWh',
          kind: 'emission',
          source: { document: 'test' },
          grade: 'assumed',
        },
      ],
    });
    const { results } = run(
      [pv('a', '360102', '2024-03-01T12:00:00+08:00'), pv('b', '360102', '2030-03-01T12:00:00+08:00')],
      {
        factorSets: [future],
      },
    );
    expect(results[0]?.reduction?.factors[0]?.set).toBe('cn-grid-co2-2023@1.0.0');
    // 2030: the user set applies, 100 kWh × 1000 g/kWh = 100000 g
    expect(results[1]?.reduction).toMatchObject({ grams: '100000' });
    expect(results[1]?.reduction?.factors[0]?.set).toBe('future@1.0.0');
  });

  it('records of one key and region with overlapping effective windows are refused at load', () => {
    const rec = (from: string, to: string | null) => ({
      key: 'grid.average',
      value: '500',
      unit: 'g_CO2/kWh',
      kind: 'emission',
      applies: { region: '36', effective: { from, to } },
      source: { document: 'test' },
      grade: 'assumed',
    });
    const set = (factors: unknown[]) => ({
      kind: 'carbon-factors',
      id: 'w',
      version: '1.0.0',
      title: { zh: '测试', en: 'Test' },
      dataYear: 2024,
      publication: { document: 'test' },
      factors,
    });
    expect(() =>
      loadFactorSet(set([rec('2024-01-01', '2024-06-30'), rec('2024-07-01', null)])),
    ).not.toThrow();
    const e = errorOf(() => loadFactorSet(set([rec('2024-01-01', '2024-06-30'), rec('2024-06-30', null)])));
    expect(e.code).toBe('CARBON_FACTORS_INVALID');
    expect(e.issues[0]?.path).toEqual(['factors', 1]);
  });

  it('one instant, one factor date however its time is written: the local date of the batch’s time zone', () => {
    // 2023-01-01 00:30 in Beijing, written at +08:00 and in UTC: both the local date 2023-01-01, so Wuhan's 2023
    // factor applies to both (150 g a bus ride). Read as written, the UTC line fell on 2022-12-31, before any
    // Wuhan factor (data year 2023): refused.
    const beijing = run([JSON.parse(busRide('b1', '2023-01-01T00:30:00+08:00'))]).results[0];
    const utc = run([JSON.parse(busRide('b2', '2022-12-31T16:30:00.000Z'))]).results[0];
    for (const r of [beijing, utc]) expect(r?.reduction).toMatchObject({ grams: '150' });
    // A rule set in UTC (utcOffset +00:00) reads the same instant on 2022-12-31: no Wuhan factor yet.
    const inUtc = run([JSON.parse(busRide('b3', '2022-12-31T16:30:00.000Z'))], {
      rules: ruleSetWith({ utcOffset: '+00:00' }),
    }).results[0];
    expect(inUtc).toMatchObject({ ok: false });
    expect(codes(inUtc)).toEqual(['CARBON_FACTOR_MISSING']);
    expect(inUtc?.issues[0]?.message.en).toContain('region 4201, 2022-12-31');
  });

  it('a user’s emission pair beats a bundled reduction factor of the place: any applicable user record wins', () => {
    const trip = {
      id: 'sb',
      user: 'u',
      ts: '2024-05-01T08:00:00+08:00',
      scenario: 'shared_bike',
      region: '420102',
      distance: { value: '2', unit: 'km' },
    };
    const pair = userFactors([
      { key: 'travel.baseline.emission', value: '150', unit: 'g_CO2/km', kind: 'emission', region: '420102' },
      {
        key: 'travel.shared_bike.emission',
        value: '0',
        unit: 'g_CO2/km',
        kind: 'emission',
        region: '420102',
      },
    ]);
    // The user's pair: (150 − 0) g/km × 2 km = 300 g, not Wuhan's bundled 40 g/km × 2 km = 80 g
    const r = run([trip], { factorSets: [pair] }).results[0];
    expect(r?.reduction).toMatchObject({ grams: '300', rule: 'emission-difference' });
    expect(r?.reduction?.factors.map((f) => f.set)).toEqual(['user-test@1.0.0', 'user-test@1.0.0']);
    // Half a pair is no user form: the bundled reduction factor applies (40 × 2 = 80 g)
    const half = userFactors([
      { key: 'travel.baseline.emission', value: '150', unit: 'g_CO2/km', kind: 'emission', region: '420102' },
    ]);
    const h = run([trip], { factorSets: [half] }).results[0];
    expect(h?.reduction).toMatchObject({ grams: '80', rule: 'reduction-factor' });
    expect(h?.reduction?.factors[0]?.set).toBe('wuhan-travel-2023@1.1.0');
    // A user reduction factor still comes before the user's pair (70 × 2 = 140 g)
    const both = userFactors([
      {
        key: 'travel.shared_bike.reduction',
        value: '70',
        unit: 'g_CO2/km',
        kind: 'reduction',
        region: '4201',
      },
      { key: 'travel.baseline.emission', value: '150', unit: 'g_CO2/km', kind: 'emission', region: '420102' },
      {
        key: 'travel.shared_bike.emission',
        value: '0',
        unit: 'g_CO2/km',
        kind: 'emission',
        region: '420102',
      },
    ]);
    expect(run([trip], { factorSets: [both] }).results[0]?.reduction).toMatchObject({ grams: '140' });
  });

  it('the bundled grid tables: 30 provinces and 7 grids for 2021, 2022 and 2023', () => {
    for (const y of [2021, 2022, 2023]) {
      const s = bundledFactorSet(`cn-grid-co2-${y}`);
      const avg = s.factors.filter((f) => f.key === 'grid.average');
      expect(avg.filter((f) => f.applies.region !== undefined)).toHaveLength(30);
      expect(avg.filter((f) => f.applies.grid !== undefined)).toHaveLength(7);
      expect(
        avg.find((f) => f.applies.region === undefined && f.applies.grid === undefined)?.value.toFixed(),
      ).toBe({ 2021: '0.5568', 2022: '0.5366', 2023: '0.5306' }[y]);
    }
  });
});

describe('bounded claims', () => {
  const metro = (id: string, km: string, n = 0) => ({
    id,
    user: 'u',
    ts: at(n),
    scenario: 'metro',
    region: '440305',
    distance: { value: km, unit: 'km' },
  });
  it('a 100,000 km metro trip is refused, or capped where the rule set says so, never credited in full', () => {
    const refused = run([metro('a', '100000')]).results[0];
    expect(refused).toMatchObject({ ok: false, entries: [] });
    expect(codes(refused)).toEqual(['CARBON_IMPLAUSIBLE']);
    // capped at 150 km: 46.7 g/pkm × 150 km = 7005 g
    const capped = run([metro('a', '100000')], { rules: ruleSetWith({ plausibility: 'cap' }) }).results[0];
    expect(capped?.reduction?.grams).toBe('7005');
    expect(codes(capped)).toContain('CARBON_QUANTITY_CAPPED');
  });
  it('an implied speed above the bound is refused (an e-bike at 60 km/h)', () => {
    const r = run([
      {
        id: 'e',
        user: 'u',
        ts: at(0),
        scenario: 'shared_ebike',
        region: '500103',
        distance: { value: '10', unit: 'km' },
        duration: { value: '10', unit: 'min' },
      },
    ]).results[0];
    // 10 km in 10 min = 60 km/h > 25 km/h (GB 17761-2018)
    expect(codes(r)).toEqual(['CARBON_IMPLAUSIBLE']);
    expect(r?.issues[0]?.params).toMatchObject({ measure: 'speed', value: '60', max: '25' });
  });
  it('per-user daily reduction caps: what is over the cap is not counted, and not carried', () => {
    const rules = ruleSetWith({
      reductionCaps: { daily: '1000', source: { document: 'test' }, grade: 'assumed' },
    });
    // 46.7 × 10 = 467 g each: 467, 467, then 1000 − 934 = 66 counted
    const { results, summary } = run([metro('a', '10', 0), metro('b', '10', 1), metro('c', '10', 2)], {
      rules,
    });
    expect(results.map((r) => r.reduction?.grams)).toEqual(['467', '467', '66']);
    expect(results[2]?.reduction?.counted).toBe('66');
    expect(codes(results[2])).toEqual(['CARBON_REDUCTION_CAPPED']);
    expect(summary).toMatchObject({ grams: '1000', exactGrams: '1000', remainderGrams: '0' });
  });
  it('every bundled bound has a source and a grade; the assumed ones say why', () => {
    for (const m of methodologies())
      for (const b of m.bounds) {
        expect(b.source.document.length).toBeGreaterThan(0);
        if (b.grade === 'assumed') expect(b.note?.length ?? 0).toBeGreaterThan(10);
      }
    expect(methodologies().find((m) => m.id === 'travel/per-trip')?.bounds.length).toBeGreaterThan(10);
  });
});

describe('pkm is its own dimension', () => {
  const user = userFactors([
    { key: 'travel.baseline.emission', value: '135', unit: 'g_CO2/pkm', kind: 'emission' },
    { key: 'travel.carpool.car.emission', value: '180', unit: 'g_CO2/km', kind: 'emission' },
    { key: 'travel.carpool.system.emission', value: '5', unit: 'g_CO2/ride', kind: 'emission' },
  ]);
  const carpool = (id: string, distance: { value: string; unit: string }) => ({
    id,
    user: 'u',
    ts: at(0),
    scenario: 'carpooling',
    passengers: '3',
    detour: '1',
    distance,
  });
  it('a carpool of 30 pkm with 3 passengers is the trip of 10 km', () => {
    const km = run([carpool('k', { value: '10', unit: 'km' })], { factorSets: [user] }).results[0];
    const pkm = run([carpool('p', { value: '30', unit: 'pkm' })], { factorSets: [user] }).results[0];
    // BE = 3 × 135 × 10 = 4050; PE = 180 × 10 × 1 + 5 = 1805; ER = 2245 g, both ways
    expect(km?.reduction).toMatchObject({ be: '4050', pe: '1805', grams: '2245' });
    expect(pkm?.reduction).toMatchObject({ be: '4050', pe: '1805', grams: '2245' });
  });
  it('a vehicle factor per pkm, or pkm without passengers, is UNIT_MISMATCH', () => {
    const perPkm = userFactors([
      { key: 'travel.baseline.emission', value: '135', unit: 'g_CO2/pkm', kind: 'emission' },
      { key: 'travel.carpool.car.emission', value: '60', unit: 'g_CO2/pkm', kind: 'emission' },
      { key: 'travel.carpool.system.emission', value: '5', unit: 'g_CO2/ride', kind: 'emission' },
    ]);
    expect(
      codes(run([carpool('k', { value: '10', unit: 'km' })], { factorSets: [perPkm] }).results[0]),
    ).toEqual(['UNIT_MISMATCH']);
    const a = {
      id: 'x',
      user: 'u',
      ts: at(0),
      scenario: 'metro',
      distance: { value: new Decimal(3), unit: 'pkm' as const },
    };
    expect(errorOf(() => distanceIn(a, 'distance', undefined, [])).code).toBe('UNIT_MISMATCH');
    expect(distanceIn(a, 'distance', new Decimal(1), []).toFixed()).toBe('3');
  });
});

describe('methodologies as modules', () => {
  it('each is a module with id@version, formulas, source, factor keys, bounds and a methods page; one per scenario', () => {
    const ms = methodologies();
    expect(ms.map((m) => m.ref)).toEqual([
      'travel/per-trip@1',
      'travel/regional@1',
      'travel/carpool@1',
      'electricity/residential-saving@2',
      'pv/distributed@2',
    ]);
    for (const m of ms) {
      expect(m.ref).toBe(`${m.id}@${m.version}`);
      expect(m.formulas.length).toBeGreaterThan(0);
      expect(m.source.document.length).toBeGreaterThan(0);
      expect(m.factorKeys.length).toBeGreaterThan(0);
      expect(existsSync(new URL(`../../${m.methodsPage}`, import.meta.url))).toBe(true);
    }
    for (const s of SCENARIOS_REDUCTION) expect(ms.filter((m) => m.scenarios.includes(s))).toHaveLength(1);
  });
});

describe('points and grams', () => {
  it('points are a reward linked to credited grams: redeeming points leaves the grams, which retire once', () => {
    const rules = ruleSetWith({
      redemptions: [
        {
          id: 'ticket',
          points: '500',
          label: { zh: '票', en: 'ticket' },
          source: { document: 't' },
          grade: 'assumed',
        },
      ],
    });
    const l = new Ledger({ policy: registryPolicy(rules) });
    const T = '2024-05-01T00:00:00Z';
    l.append({ type: 'issue', ts: T, amount: 500n, unit: 'g_CO2', to: 'user:u', ref: 'a' });
    l.append({ type: 'issue', ts: T, amount: 500n, unit: 'point', to: 'user:u', ref: 'a' });
    l.append({
      type: 'redeem',
      ts: T,
      amount: 500n,
      unit: 'point',
      from: 'user:u',
      ref: 'order-1',
      meta: { redemption: 'ticket' },
    });
    expect(l.balances()['user:u']?.g_CO2).toMatchObject({ available: '500', retired: '0' });
    l.append({
      type: 'retire',
      ts: T,
      amount: 500n,
      unit: 'g_CO2',
      from: 'user:u',
      ref: 'offset',
      meta: RETIRED,
    });
    expect(
      errorOf(() =>
        l.append({
          type: 'retire',
          ts: T,
          amount: 1n,
          unit: 'g_CO2',
          from: 'user:u',
          ref: 'again',
          meta: RETIRED,
        }),
      ).code,
    ).toBe('LEDGER_INSUFFICIENT');
    // the points' ref names the grams' ref: the same activity
    expect(
      errorOf(() => l.append({ type: 'issue', ts: T, amount: 1n, unit: 'g_CO2', to: 'user:v', ref: 'a' }))
        .code,
    ).toBe('LEDGER_DOUBLE_CREDIT');
  });
});

describe('points on grams', () => {
  it('a point issue on the reduction names the conversion and the credited grams it was issued on', () => {
    // Wuhan shared bike 40 g/km × 1 km = 40 g; the demo's conversion 1 g = 1 point → 40 points
    const r = run(
      [
        {
          id: 's',
          user: 'u',
          ts: at(0),
          scenario: 'shared_bike',
          region: '420102',
          distance: { value: '1', unit: 'km' },
        },
      ],
      { rules: bundledRuleSet('evidence-paths-demo') },
    ).results[0];
    expect(r?.entries.map((e) => [e.unit, e.amount, e.ref])).toEqual([
      ['g_CO2', '40', 's'],
      ['point', '40', 's'],
    ]);
    expect(r?.entries[1]?.meta).toMatchObject({ conversion: 'wuhan-1g-1pt@1.0.0', grams: '40' });
  });
});

describe('no hidden state', () => {
  it('two batches fed line by line in turn give exactly what each gives alone', () => {
    const lines = (u: string) =>
      Array.from({ length: 200 }, (_, i) =>
        JSON.stringify({
          id: `${u}${i}`,
          user: `${u}${i % 7}`,
          ts: at(i),
          scenario: ['bus', 'metro', 'shared_bike'][i % 3],
          region: ['420102', '440305', '420102'][i % 3],
          ...(i % 3 === 0
            ? { rides: String(1 + (i % 2)) }
            : { distance: { value: `${(i % 13) + 0.37}`, unit: 'km' } }),
        }),
      );
    const a = lines('a');
    const b = lines('b');
    const alone = (ls: string[]) => run(ls).results.map((r) => JSON.stringify(r));
    const x = new CarbonBatch();
    const y = new CarbonBatch();
    const ra: string[] = [];
    const rb: string[] = [];
    a.forEach((l, i) => {
      ra.push(JSON.stringify(x.process(l, i + 1)));
      rb.push(JSON.stringify(y.process(b[i], i + 1)));
    });
    expect(ra).toEqual(alone(a));
    expect(rb).toEqual(alone(b));
  });
});

describe('micrograms', () => {
  it('toMicrograms rounds down to the microgram; microgramsText writes it back without trailing zeros', () => {
    expect(toMicrograms(new Decimal('579.08'))).toBe(579_080_000n);
    expect(toMicrograms(new Decimal('4752.1714285714'))).toBe(4_752_171_428n);
    expect(toMicrograms(new Decimal('0.0000009'))).toBe(0n);
    expect(toMicrograms(new Decimal('123456789012345678901234.5'))).toBe(123456789012345678901234_500000n);
    expect(microgramsText(80_000n)).toBe('0.08');
    expect(microgramsText(2_000_000n)).toBe('2');
    expect(microgramsText(0n)).toBe('0');
    expect(microgramsText(1n)).toBe('0.000001');
  });
  it('round trip: text → µg → text is the decimal rounded down to 6 places', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: 0n, max: 10n ** 30n }), fc.integer({ min: 0, max: 12 }), (n, k) => {
        const d = new Decimal(n.toString()).div(new Decimal(10).pow(k));
        const u = toMicrograms(d);
        expect(new Decimal(microgramsText(u)).equals(d.toDecimalPlaces(6, Decimal.ROUND_DOWN))).toBe(true);
      }),
      { numRuns: 500 },
    );
  }, 60_000);
});
