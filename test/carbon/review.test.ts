import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CarbonBatch, type LineResult, processActivities } from '../../src/carbon/batch';
import { bundledFactorSet } from '../../src/carbon/factors/bundled';
import { Ledger } from '../../src/carbon/ledger/ledger';
import { verifyLedger } from '../../src/carbon/ledger/verify';
import { methodology } from '../../src/carbon/methodologies/registry';
import { bundledRuleSet } from '../../src/carbon/rules/bundled';
import { PointEngine, type RuleSet, loadRuleSet } from '../../src/carbon/rules/rules';
import { parseInstant } from '../../src/carbon/time';
import { errorOf } from './helpers';

/** Regression tests for the carbon-inclusion code review (one block per finding). */

const T = (d: number, h = 8) =>
  `2024-05-${String(d).padStart(2, '0')}T${String(h).padStart(2, '0')}:00:00+08:00`;
const act = (o: Record<string, unknown>) => ({ user: 'u1', ts: T(1), ...o });
const codes = (r: LineResult | undefined) => r?.issues.map((i) => i.code) ?? [];

function run(items: unknown[], opts = {}) {
  const out: LineResult[] = [];
  const gen = processActivities(items, opts);
  let s = gen.next();
  while (!s.done) {
    out.push(s.value);
    s = gen.next();
  }
  return { results: out, summary: s.value };
}

const RULE_SOURCE = { source: { document: 'test' }, grade: 'assumed' };
function rules(rs: Record<string, unknown>[], extra: Record<string, unknown> = {}): RuleSet {
  return loadRuleSet({
    kind: 'carbon-point-rules',
    id: 'review-test',
    version: '1.0.0',
    title: { zh: '测试', en: 'Test' },
    jurisdiction: 'test',
    pointName: { zh: '分', en: 'point' },
    ...RULE_SOURCE,
    rules: rs.map((r) => ({ ...RULE_SOURCE, ...r })),
    ...extra,
  });
}

describe('1. a refused line writes nothing; caps are booked for accepted lines only', () => {
  const demo = bundledRuleSet('evidence-paths-demo');
  it('a claim after its window is refused before any expiry is written; the ledger verifies', () => {
    const { results, summary } = run(
      [
        // 105 points pending from 2024-05-03 00:00 +08:00, claimable until 2024-05-10 00:00 +08:00
        act({ id: 'k1', scenario: 'bus', region: '4201', rides: '1', evidence: 'upload' }),
        { claim: 'k1', user: 'u1', ts: T(11) },
        act({ id: 'k2', scenario: 'bus', region: '4201', rides: '1', evidence: 'upload', ts: T(12) }),
      ],
      { rules: demo },
    );
    expect(results[1]).toMatchObject({ ok: false, kind: 'claim', entries: [] });
    expect(codes(results[1])).toEqual(['LEDGER_CLAIM_WINDOW']);
    // the expiry of k1 is written with the next accepted line: expire, then its g_CO2 and point issues
    expect(results[2]?.entries.map((e) => [e.type, e.ref])).toEqual([
      ['expire', 'k1'],
      ['issue', 'k2'],
      ['issue', 'k2'],
    ]);
    // returned entries = the ledger: 2 (k1) + 0 (refused claim) + 3 (k2) = 5, verified against the anchor
    const entries = results.flatMap((r) => r.entries);
    expect(entries).toHaveLength(5);
    const v = verifyLedger(entries, { anchor: summary.ledger });
    expect(v.issues).toEqual([]);
    expect(v.balances).toEqual(summary.balances);
  });
  it('a claim by another user is refused with nothing written', () => {
    const b = new CarbonBatch({ rules: demo });
    b.process(act({ id: 'k1', scenario: 'bus', region: '4201', rides: '1', evidence: 'upload' }), 1);
    const r = b.process({ claim: 'k1', user: 'u2', ts: T(4) }, 2);
    expect(r).toMatchObject({ ok: false, entries: [] });
    expect(r?.issues[0]).toMatchObject({ code: 'LEDGER_REF_UNKNOWN', path: ['line', 2, 'user'] });
    expect(b.ledger.anchor().count).toBe(2);
  });
  it('continuing a ledger: a double credit due for expiry is refused before the expiry is written', () => {
    const b1 = new CarbonBatch({ rules: demo });
    b1.process(act({ id: 'a', scenario: 'bus', region: '4201', rides: '1', evidence: 'upload' }), 1);
    const before = b1.ledger.anchor();
    const b2 = new CarbonBatch({ rules: demo, ledger: b1.ledger });
    // after a's claim window closed (2024-05-10 00:00 +08:00): the old code appended the expiry, then failed
    const r = b2.process(
      act({ id: 'a', scenario: 'bus', region: '4201', rides: '1', evidence: 'upload', ts: T(11) }),
      1,
    );
    expect(r).toMatchObject({ ok: false, entries: [] });
    expect(codes(r)).toEqual(['LEDGER_DOUBLE_CREDIT']);
    expect(b1.ledger.anchor()).toEqual(before);
  });
  it('continuing a ledger: a line earlier than its last entry is booked at that entry’s time, its own in meta', () => {
    const b1 = new CarbonBatch();
    b1.process(act({ id: 'a', scenario: 'bus', region: '4201', rides: '1', ts: T(5) }), 1);
    const b2 = new CarbonBatch({ ledger: b1.ledger });
    const r = b2.process(act({ id: 'b', scenario: 'bus', region: '4201', rides: '1', ts: T(4) }), 1);
    expect(r?.ok).toBe(true);
    // 2024-05-05T08:00+08:00 = 05-05T00:00Z (the ledger clock); the activity's 05-04T00:00Z in meta.activityTs
    expect(r?.entries.map((e) => [e.ts, e.meta?.activityTs])).toEqual([
      ['2024-05-05T00:00:00.000Z', '2024-05-04T00:00:00.000Z'],
    ]);
  });
  it('a refused line consumes no cap', () => {
    const capped = rules([
      { id: 'bus', scenario: 'bus', basis: 'event', points: '3', caps: { daily: { events: 1 } } },
    ]);
    const b1 = new CarbonBatch({ rules: capped });
    b1.process(act({ id: 'a', scenario: 'bus', region: '4201', rides: '1' }), 1);
    const b2 = new CarbonBatch({ rules: capped, ledger: b1.ledger });
    // 'a' again: refused (double credit in the continued ledger); the daily cap of 1 event stays unused
    expect(codes(b2.process(act({ id: 'a', scenario: 'bus', region: '4201', rides: '1' }), 1))).toEqual([
      'LEDGER_DOUBLE_CREDIT',
    ]);
    const r = b2.process(act({ id: 'b', scenario: 'bus', region: '4201', rides: '1', ts: T(1, 9) }), 2);
    // 1 event × 3 points = 3, not capped
    expect(r?.points).toMatchObject({ points: '3', wanted: '3' });
    expect(codes(r)).toEqual([]);
  });
});

describe('2. only an accepted line moves the clock', () => {
  it('a refused line with a later time does not block the valid lines after it', () => {
    const { results } = run([
      act({ id: 'a', scenario: 'bus', region: '4201', rides: '1', ts: T(1) }),
      // refused: no metro factor for Jiangxi (3601)
      act({ id: 'x', scenario: 'metro', region: '3601', distance: { value: '1', unit: 'km' }, ts: T(20) }),
      act({ id: 'b', scenario: 'bus', region: '4201', rides: '1', ts: T(2) }),
    ]);
    expect(results.map((r) => [r.id, r.ok, codes(r)[0] ?? null])).toEqual([
      ['a', true, null],
      ['x', false, 'CARBON_FACTOR_MISSING'],
      ['b', true, null],
    ]);
  });
});

describe('3. ledger times need their offset', () => {
  it('an offset-less time is refused (it would hash differently in different host zones)', () => {
    const l = new Ledger();
    const e = errorOf(() =>
      l.append({ type: 'issue', ts: '2024-05-01T08:00:00', amount: 1n, unit: 'point', to: 'u', ref: 'a' }),
    );
    expect(e.issues[0]).toMatchObject({ code: 'LEDGER_ENTRY_INVALID' });
    expect(e.issues[0]?.message.en).toContain('offset');
    const w = errorOf(() =>
      l.append({
        type: 'issue',
        ts: T(1),
        amount: 1n,
        unit: 'point',
        to: 'u',
        ref: 'a',
        availableFrom: '2024-05-03T00:00:00',
        claimBy: '2024-05-10T00:00:00+08:00',
      }),
    );
    expect(w.code).toBe('LEDGER_ENTRY_INVALID');
    expect(l.anchor().count).toBe(0);
    // with the offset it is accepted and normalised to UTC: 08:00 +08:00 = 00:00Z
    expect(l.append({ type: 'issue', ts: T(1), amount: 1n, unit: 'point', to: 'u', ref: 'a' }).ts).toBe(
      '2024-05-01T00:00:00.000Z',
    );
  });
});

describe('4. the quantity a travel factor uses is required; others are warned as unused', () => {
  it('a per-ride factor needs rides (never a default of 1); a given distance is warned', () => {
    const { results } = run([
      act({ id: 'a', scenario: 'bus', region: '4201' }),
      // Wuhan bus 150 g/ride × 2 rides = 300 g; the 5 km is not used
      act({ id: 'b', scenario: 'bus', region: '4201', rides: '2', distance: { value: '5', unit: 'km' } }),
      // Wuhan shared bike 40 g/km × 2 km = 80 g; the ride count is not used
      act({
        id: 'c',
        scenario: 'shared_bike',
        region: '4201',
        rides: '1',
        distance: { value: '2', unit: 'km' },
      }),
    ]);
    expect(results[0]).toMatchObject({ ok: false, entries: [] });
    expect(results[0]?.issues[0]).toMatchObject({
      code: 'CARBON_ACTIVITY_INVALID',
      path: ['line', 1, 'rides'],
    });
    expect(results[1]?.reduction?.grams).toBe('300');
    expect(results[1]?.issues).toMatchObject([
      { code: 'CARBON_QUANTITY_UNUSED', path: ['line', 2, 'distance'] },
    ]);
    expect(results[2]?.reduction?.grams).toBe('80');
    expect(results[2]?.issues).toMatchObject([
      { code: 'CARBON_QUANTITY_UNUSED', path: ['line', 3, 'rides'] },
    ]);
  });
  it('passengers on a per-trip line are not multiplied in, and the line says so', () => {
    // Shenzhen metro 46.7 g/pkm (shenzhen-travel-2021): 10 km of one traveller = 10 pkm → 467 g, with or without
    // passengers 3; the passengers are warned unused (30 pkm, one line per traveller, would be 1,401 g)
    const { results } = run([
      act({
        id: 'p1',
        scenario: 'metro',
        region: '440305',
        distance: { value: '10', unit: 'km' },
        passengers: '3',
      }),
      act({ id: 'p2', scenario: 'metro', region: '440305', distance: { value: '10', unit: 'km' } }),
    ]);
    expect(results.map((r) => r.reduction?.grams)).toEqual(['467', '467']);
    expect(results[0]?.issues).toMatchObject([
      { code: 'CARBON_QUANTITY_UNUSED', path: ['line', 1, 'passengers'] },
    ]);
    expect(results[0]?.issues[0]?.message.zh).toBe(
      '给出的“passengers”未被使用：一次出行只计一名出行者：请每名出行者一行，或以人公里（pkm）给出距离',
    );
    expect(codes(results[1])).toEqual([]);
  });
  it('a distance a rule pays on is not warned', () => {
    const byKm = rules([{ id: 'bus-km', scenario: 'bus', basis: 'distance', per: '1', points: '1' }]);
    const { results } = run(
      [act({ id: 'b', scenario: 'bus', region: '4201', rides: '1', distance: { value: '5', unit: 'km' } })],
      { rules: byKm },
    );
    // 150 g × 1 ride; ⌊5 km / 1 km⌋ × 1 = 5 points
    expect(results[0]).toMatchObject({ ok: true, issues: [] });
    expect(results[0]?.points?.points).toBe('5');
  });
});

describe('5. rules pay on the running total of the day (user × rule × local day)', () => {
  const lvbao = bundledRuleSet('jx-lvbao-example');
  const opts = { rules: lvbao, reductions: 'when-available' };
  it('two records of 1999 steps earn 1 coin; the next day starts again', () => {
    const { results } = run(
      [
        act({ id: 'w1', scenario: 'walking', steps: '1999', ts: T(1, 9) }),
        act({ id: 'w2', scenario: 'walking', steps: '1999', ts: T(1, 20) }),
        act({ id: 'w3', user: 'u2', scenario: 'walking', steps: '1999', ts: T(1, 21) }),
        act({ id: 'w4', scenario: 'walking', steps: '1999', ts: T(2, 9) }),
      ],
      opts,
    );
    // u1 day 1: ⌊1999/2000⌋ = 0; ⌊3998/2000⌋ = 1 → 1 − 0 = 1; u2: ⌊1999/2000⌋ = 0; u1 day 2: 0 again
    expect(results.map((r) => [r.id, r.points?.points, r.points?.accrued])).toEqual([
      ['w1', '0', '1999'],
      ['w2', '1', '3998'],
      ['w3', '0', '1999'],
      ['w4', '0', '1999'],
    ]);
  });
  it('garbage sorting morning + evening as two records earns 1 coin', () => {
    const { results, summary } = run(
      [
        act({ id: 'g1', scenario: 'garbage_sorting', count: '1', ts: T(1, 7) }),
        act({ id: 'g2', scenario: 'garbage_sorting', count: '1', ts: T(1, 19) }),
      ],
      opts,
    );
    // ⌊1/2⌋ = 0; ⌊2/2⌋ = 1 → 1
    expect(results.map((r) => r.points?.points)).toEqual(['0', '1']);
    expect(summary.points).toBe('1');
  });
  it('the local day is the rule set’s (+08:00): 23:30 and 00:30 local are two days', () => {
    const { results } = run(
      [
        act({ id: 'g1', scenario: 'garbage_sorting', count: '1', ts: '2024-05-01T15:30:00Z' }),
        act({ id: 'g2', scenario: 'garbage_sorting', count: '1', ts: '2024-05-01T16:30:00Z' }),
      ],
      opts,
    );
    // 15:30Z = 23:30 on 05-01 local, 16:30Z = 00:30 on 05-02 local: ⌊1/2⌋ = 0 each day
    expect(results.map((r) => r.points?.points)).toEqual(['0', '0']);
  });
  it('caps apply to the increments; what a cap withholds is not carried over', () => {
    const capped = rules([
      {
        id: 'steps',
        scenario: 'walking',
        basis: 'steps',
        per: '2000',
        points: '1',
        caps: { daily: { points: '10' } },
      },
    ]);
    const { results } = run(
      [
        act({ id: 'w1', scenario: 'walking', steps: '15000', ts: T(1, 9) }),
        act({ id: 'w2', scenario: 'walking', steps: '7000', ts: T(1, 12) }),
        act({ id: 'w3', scenario: 'walking', steps: '2000', ts: T(1, 18) }),
      ],
      { rules: capped, reductions: 'when-available' },
    );
    // w1: ⌊15000/2000⌋ = 7 → 7 (room 10)
    // w2: ⌊22000/2000⌋ = 11 → wants 11 − 7 = 4, room 10 − 7 = 3 → 3, capped
    // w3: ⌊24000/2000⌋ = 12 → wants 12 − 11 = 1, room 0 → 0, capped
    expect(results.map((r) => [r.points?.wanted, r.points?.points])).toEqual([
      ['7', '7'],
      ['4', '3'],
      ['1', '0'],
    ]);
    expect(codes(results[1])).toContain('CARBON_POINTS_CAPPED');
    expect(codes(results[2])).toContain('CARBON_POINTS_CAPPED');
  });
  it('reduction rules accumulate grams over the day’s conversion', () => {
    const conv = rules([{ id: 'bike', scenario: 'shared_bike', basis: 'reduction', points: '1' }], {
      conversions: [
        {
          id: 'c100',
          version: '1.0.0',
          effective: { from: '2024-01-01', to: null },
          gramsPerPoint: '100',
          ...RULE_SOURCE,
        },
      ],
    });
    const ride = (id: string, h: number) =>
      act({ id, scenario: 'shared_bike', region: '4201', distance: { value: '2', unit: 'km' }, ts: T(1, h) });
    const { results } = run([ride('b1', 8), ride('b2', 18)], { rules: conv });
    // 40 g/km × 2 km = 80 g each: ⌊80/100⌋ = 0; ⌊160/100⌋ = 1 → 1
    expect(results.map((r) => [r.reduction?.grams, r.points?.points])).toEqual([
      ['80', '0'],
      ['80', '1'],
    ]);
  });
});

describe('6. 碳积分 are not mixed into 碳币', () => {
  it('the 绿宝 example pays no volunteer tree care (a different point unit); such a line is warned', () => {
    const lvbao = bundledRuleSet('jx-lvbao-example');
    expect(lvbao.pointName.zh).toBe('碳币');
    expect(lvbao.rules.map((r) => r.scenario)).not.toContain('volunteer_tree_care');
    const { results, summary } = run(
      [act({ id: 't', scenario: 'volunteer_tree_care', duration: { value: '2', unit: 'h' } })],
      { rules: lvbao },
    );
    expect(results[0]).toMatchObject({ ok: true, entries: [] });
    expect(results[0]?.points).toBeUndefined();
    expect(codes(results[0])).toEqual(['CARBON_NO_RULE']);
    expect(summary.points).toBe('0');
  });
});

describe('7. instants are real calendar times', () => {
  it('refuses 2024-02-30, 2023-02-29, 24:00 and out-of-range offsets; keeps valid ones', () => {
    expect(parseInstant('2024-02-30T08:00:00+08:00')).toBeUndefined();
    // Gregorian leap years: 1900 and 2100 are not (divisible by 100), 2000 is (by 400).
    expect(parseInstant('1900-02-29T00:00:00Z')).toBeUndefined();
    expect(parseInstant('2100-02-29T00:00:00Z')).toBeUndefined();
    expect(parseInstant('2000-02-29T00:00:00Z')).toBe(Date.UTC(2000, 1, 29));
    expect(parseInstant('2024-06-31T00:00:00Z')).toBeUndefined();
    expect(parseInstant('2024-13-01T00:00:00Z')).toBeUndefined();
    expect(parseInstant('2024-00-10T00:00:00Z')).toBeUndefined();
    expect(parseInstant('2023-02-29T08:00:00Z')).toBeUndefined();
    expect(parseInstant('2024-04-31T08:00Z')).toBeUndefined();
    expect(parseInstant('2024-05-01T24:00:00+08:00')).toBeUndefined();
    expect(parseInstant('2024-05-01T08:00:00+24:00')).toBeUndefined();
    expect(parseInstant('2024-05-01T08:00:00')).toBeUndefined();
    // 2024 is a leap year: 2024-02-29 08:00 +08:00 = 2024-02-29 00:00Z
    expect(parseInstant('2024-02-29T08:00:00+08:00')).toBe(Date.UTC(2024, 1, 29));
    expect(parseInstant('2024-12-31T23:59:59.999Z')).toBe(Date.UTC(2024, 11, 31, 23, 59, 59, 999));
  });
  it('accepts a calendar date exactly when Date keeps it as written (days-in-month table vs Date round trip)', () => {
    const pad = (n: number, w: number) => String(n).padStart(w, '0');
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 9999 }),
        fc.integer({ min: 0, max: 13 }),
        fc.integer({ min: 0, max: 32 }),
        (y, mo, d) => {
          const day = new Date(0);
          day.setUTCFullYear(y, mo - 1, d);
          const real = day.getUTCFullYear() === y && day.getUTCMonth() === mo - 1 && day.getUTCDate() === d;
          const text = `${pad(y, 4)}-${pad(mo, 2)}-${pad(d, 2)}T00:00:00Z`;
          expect(parseInstant(text) !== undefined).toBe(real);
        },
      ),
      { numRuns: 3000 },
    );
  }, 60_000);
  it('an activity on 2024-02-30 is refused', () => {
    const { results } = run([
      act({ id: 'a', scenario: 'bus', region: '4201', rides: '1', ts: '2024-02-30T08:00:00+08:00' }),
    ]);
    expect(results[0]?.issues[0]).toMatchObject({ code: 'CARBON_ACTIVITY_INVALID', path: ['line', 1, 'ts'] });
  });
});

describe('8. no silent no-points', () => {
  it('an evidence typo is warned; the reduction is still credited', () => {
    const { results } = run(
      [act({ id: 'a', scenario: 'bus', region: '4201', rides: '1', evidence: 'uplaod' })],
      { rules: bundledRuleSet('evidence-paths-demo') },
    );
    expect(results[0]).toMatchObject({ ok: true, reduction: { grams: '150' } });
    expect(results[0]?.points).toBeUndefined();
    expect(results[0]?.issues).toMatchObject([{ code: 'CARBON_NO_RULE', path: ['line', 1, 'evidence'] }]);
    expect(results[0]?.issues[0]?.message.en).toContain('upload, checkin');
  });
  it('a points-only scenario without a rule set is warned', () => {
    const { results } = run([act({ id: 'g', scenario: 'garbage_sorting', count: '2' })]);
    expect(results[0]).toMatchObject({ ok: true, entries: [] });
    expect(results[0]?.issues).toMatchObject([{ code: 'CARBON_NO_RULE', path: ['line', 1, 'scenario'] }]);
  });
  it('a reduction scenario the rule set does not cover is not warned (it earns its reduction)', () => {
    const { results } = run(
      [act({ id: 'm', scenario: 'metro', region: '4403', distance: { value: '10', unit: 'km' } })],
      { rules: bundledRuleSet('jx-lvbao-example') },
    );
    // Shenzhen metro 46.7 g/pkm × 10 km = 467 g
    expect(results[0]).toMatchObject({ ok: true, issues: [], reduction: { grams: '467' } });
  });
});

describe('9. grades and conditions of the bundled data', () => {
  it('the demo rule set’s composite rules are assumed; its conversion is open-ended', () => {
    const demo = bundledRuleSet('evidence-paths-demo');
    for (const id of ['bus-upload', 'bus-checkin', 'metro-upload', 'metro-checkin'])
      expect(demo.rules.find((r) => r.id === id)?.grade).toBe('assumed');
    expect(demo.conversions[0]?.effective.from).toBeNull();
    // no placeholder start date: a ride of any date converts (a 2023 ride: Wuhan's 2023 factors do not apply earlier) (40 g/km × 1 km = 40 g → 40 points)
    const { results } = run(
      [
        act({
          id: 's',
          scenario: 'shared_bike',
          region: '4201',
          distance: { value: '1', unit: 'km' },
          ts: '2023-06-01T08:00:00+08:00',
        }),
      ],
      { rules: demo },
    );
    expect(results[0]?.points).toMatchObject({ points: '40', conversion: 'wuhan-1g-1pt@1.0.0' });
    expect(new PointEngine(demo).conversionAt(Date.UTC(2000, 0, 1))).toBeDefined();
  });
  it('a dated conversion is still missing before its start; an open-ended one may not overlap another', () => {
    const c = (id: string, from: string | null, to: string | null) => ({
      id,
      version: '1.0.0',
      effective: { from, to },
      gramsPerPoint: '1',
      ...RULE_SOURCE,
    });
    const bike = [{ id: 'bike', scenario: 'shared_bike', basis: 'reduction', points: '1' }];
    expect(
      errorOf(() => rules(bike, { conversions: [c('a', null, null), c('b', '2024-01-01', null)] })).code,
    ).toBe('CARBON_RULES_INVALID');
    // open-ended start, closed end (its last day in force), then a dated successor from the next day: fine
    expect(() =>
      rules(bike, { conversions: [c('a', null, '2023-12-31'), c('b', '2024-01-01', null)] }),
    ).not.toThrow();
    // the successor starting on the last day of the one before: that day would have two conversions
    expect(
      errorOf(() => rules(bike, { conversions: [c('a', null, '2024-01-01'), c('b', '2024-01-01', null)] }))
        .code,
    ).toBe('CARBON_RULES_INVALID');
  });
  it('the Shenzhen electric-bus factor is not applied to a bus of unknown type', () => {
    const f = bundledFactorSet('shenzhen-travel-2021').factors.map((x) => x.key);
    expect(f).toContain('travel.bus.electric.reduction');
    expect(f).not.toContain('travel.bus.reduction');
    const { results } = run([
      act({ id: 'a', scenario: 'bus', region: '440305', distance: { value: '10', unit: 'km' } }),
      act({
        id: 'b',
        scenario: 'bus',
        region: '440305',
        distance: { value: '10', unit: 'km' },
        factorKey: 'travel.bus.electric.reduction',
      }),
    ]);
    expect(codes(results[0])).toEqual(['CARBON_FACTOR_MISSING']);
    // 26.9 g/pkm × 10 km = 269 g
    expect(results[1]?.reduction).toMatchObject({
      grams: '269',
      factors: [{ key: 'travel.bus.electric.reduction' }],
    });
  });
  it('Shanghai’s PV factor is checked against the capacity (≤ 1 MW), warned when none is given', () => {
    const pv = (id: string, region: string, capacity?: Record<string, string>) =>
      act({
        id,
        scenario: 'distributed_pv',
        region,
        generation: { value: '1.25', unit: 'MWh' },
        ...(capacity !== undefined ? { capacity } : {}),
      });
    const { results } = run([
      pv('a', '310115'),
      pv('b', '310115', { value: '1000', unit: 'kW' }),
      pv('c', '310115', { value: '2', unit: 'MW' }),
      pv('d', '420102', { value: '8', unit: 'kW' }),
    ]);
    // a, b: 1250 kWh × 420 g/kWh = 525000 g; a is warned (capacity not stated), b is within 1000 kW
    expect(results[0]?.reduction?.grams).toBe('525000');
    expect(results[0]?.issues).toMatchObject([
      { code: 'CARBON_FACTOR_CONDITION_UNCHECKED', path: ['line', 1, 'capacity'] },
    ]);
    expect(results[1]).toMatchObject({ issues: [], reduction: { grams: '525000' } });
    // c: 2 MW > 1 MW → the grid factor of Shanghai (31), data year 2023 (the latest not after 2024, warned):
    //    1250 kWh × 573.7 g/kWh = 717125 g, marked as gepkit's assumption
    // d: outside Shanghai → Hubei's (42) 2023 factor: 1250 kWh × 404.4 g/kWh = 505500 g
    const expected = [
      [results[2], '717125', '31'],
      [results[3], '505500', '42'],
    ] as const;
    for (const [r, grams, province] of expected) {
      expect(codes(r)).toEqual(['CARBON_FACTOR_YEAR_FALLBACK']);
      expect(r?.reduction?.grams).toBe(grams);
      expect(r?.reduction?.factors[0]).toMatchObject({
        key: 'grid.average',
        set: 'cn-grid-co2-2023@1.0.0',
        year: 2023,
        region: province,
        grade: 'secondary',
        assumption: { grade: 'assumed' },
      });
    }
    expect(methodology('pv/distributed').fallbacks).toMatchObject([
      { key: 'grid.average', grade: 'assumed' },
    ]);
  });
});
