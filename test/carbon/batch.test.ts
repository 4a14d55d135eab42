import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  CarbonBatch,
  type LineResult,
  processActivities,
  processActivitiesAsync,
} from '../../src/carbon/batch';
import { bundledFactorSets } from '../../src/carbon/factors/bundled';
import { FactorChain } from '../../src/carbon/factors/registry';
import { splitLines } from '../../src/io/jsonl';
import { verifyLedger } from '../../src/carbon/ledger/verify';
import { bundledRuleSet } from '../../src/carbon/rules/bundled';
import { userFactors } from './helpers';

const EXAMPLE = new URL('../../examples/carbon/activities.jsonl', import.meta.url);
const lines = readFileSync(EXAMPLE, 'utf8').split('\n');

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

const act = (o: Record<string, unknown>) => ({ user: 'u1', ts: '2024-05-01T08:00:00+08:00', ...o });

describe('bundled factor sets', () => {
  it('load with hashes and grades; the 2022 set has national, excl. traded, fossil and regional values', () => {
    const sets = bundledFactorSets();
    expect(sets.map((s) => s.ref)).toContain('cn-grid-mee-nbs-2022@1.0.0');
    const chain = new FactorChain([], [sets.find((s) => s.id === 'cn-grid-mee-nbs-2022')!]);
    expect(chain.find('grid.national.average', null)?.value.toFixed()).toBe('0.5366');
    expect(chain.find('grid.national.excl_traded_non_fossil', null)?.value.toFixed()).toBe('0.5856');
    expect(chain.find('grid.regional.southwest', null)?.value.toFixed()).toBe('0.2268');
    // Jiangxi → 华中 0.5395; another province has no mapping
    expect(chain.find('grid.regional', '360100')?.value.toFixed()).toBe('0.5395');
    expect(chain.find('grid.regional', '420100')).toBeUndefined();
    for (const s of sets) {
      expect(s.hash).toMatch(/^sha256:[0-9a-f]{64}$/);
      for (const f of s.factors) expect(['verified', 'published', 'secondary']).toContain(f.grade);
    }
    const g2021 = new FactorChain([], [sets.find((s) => s.id === 'cn-grid-mee-nbs-2021')!]);
    expect(g2021.find('grid.national.average', null)).toMatchObject({ dataYear: 2021, grade: 'verified' });
    expect(g2021.find('grid.national.average', null)?.value.toFixed()).toBe('0.5568');
  });
  it('a user set overlays the bundled ones (searched first)', () => {
    const chain = new FactorChain([], bundledFactorSets()).overlay([
      userFactors([{ key: 'grid.national.average', value: '0.5', unit: 'kg_CO2/kWh', kind: 'emission' }]),
    ]);
    expect(chain.find('grid.national.average', null)).toMatchObject({
      set: 'user-test@1.0.0',
      grade: 'assumed',
    });
  });
});

describe('the example activities', () => {
  it('computes every line with its factor, rule and ledger entries', () => {
    const { results, summary } = run(lines, {
      rules: bundledRuleSet('jx-lvbao-example'),
      reductions: 'when-available',
    });
    expect(results.filter((r) => !r.ok)).toEqual([]);
    const by = (id: string) => results.find((r) => r.id === id)!;
    // Wuhan bus: 150 g/ride × 1; 绿宝 bus ride → 1 point
    expect(by('wh-0001').reduction).toMatchObject({ grams: '150', rule: 'reduction-factor' });
    expect(by('wh-0001').points).toMatchObject({ points: '1', rule: 'bus-ride' });
    // Wuhan shared bike 40 g/km × 2.5 km = 100 g; 14 min / 10 → 1 point
    expect(by('wh-0002').reduction?.grams).toBe('100');
    expect(by('wh-0002').points?.points).toBe('1');
    // Shenzhen metro 46.7 × 12.4 = 579.08 → 579 g; no metro rule in 绿宝
    expect(by('sz-0001').reduction).toMatchObject({ grams: '579', exact: '579.08' });
    expect(by('sz-0001').points).toBeUndefined();
    // Guangzhou metro 0.5155 kg/trip = 515.5 → 515 g
    expect(by('gz-0001').reduction?.grams).toBe('515');
    // Jiangxi walking: no walking factor anywhere → reduction skipped (warned); 8650 / 2000 → 4 coins
    expect(by('jx-0001').reduction).toBeUndefined();
    expect(by('jx-0001').issues.map((i) => i.code)).toEqual(['CARBON_REDUCTION_SKIPPED']);
    expect(by('jx-0001').points?.points).toBe('4');
    // garbage sorting 2 sessions → 1 coin
    expect(by('jx-0002').points?.points).toBe('1');
    // residential electricity in Jiangxi (36), 2024: the province's 2023 factor 0.5836 (latest data year, warned):
    // BE 3 × 2.5 × 583.6 = 4377, PE 6.2 × 583.6 = 3618.32 → 758.68 → 758 g credited, 0.68 g carried
    expect(by('jx-0003').reduction).toMatchObject({
      grams: '758',
      exact: '758.68',
      remainder: '0.68',
      rule: 'baseline',
      be: '4377',
      pe: '3618.32',
    });
    expect(by('jx-0003').reduction?.factors[0]).toMatchObject({
      set: 'cn-grid-co2-2023@1.0.0',
      year: 2023,
      region: '36',
    });
    expect(by('jx-0003').issues.map((i) => i.code)).toEqual(['CARBON_FACTOR_YEAR_FALLBACK']);
    // Shanghai PV: 1.25 MWh × 0.42 kg/kWh = 1250 × 420 = 525000 g
    expect(by('sh-0001').reduction).toMatchObject({ grams: '525000' });
    expect(by('sh-0001').reduction?.factors[0]).toMatchObject({
      set: 'shanghai-pv@1.1.0',
      grade: 'secondary',
    });
    // totals: 150 + 100 + 579 + 515 + 758 + 525000 = 527102 g; points 1 + 1 + 4 + 1 = 7
    expect(summary).toMatchObject({ lines: 8, accepted: 8, refused: 0, grams: '527102', points: '7' });
    // the ledger written along the way verifies and replays to the same balances
    const entries = results.flatMap((r) => r.entries);
    const v = verifyLedger(entries, { anchor: summary.ledger });
    expect(v.ok).toBe(true);
    expect(v.balances).toEqual(summary.balances);
    expect(summary.balances['user:u4']?.point?.available).toBe('5');
  });
  it('async over chunks gives the same results as sync over lines', async () => {
    const text = readFileSync(EXAMPLE, 'utf8');
    const chunks = [text.slice(0, 37), text.slice(37, 400), text.slice(400)];
    const out: LineResult[] = [];
    for await (const r of processActivitiesAsync(splitLines(chunks), {
      rules: bundledRuleSet('jx-lvbao-example'),
      reductions: 'when-available',
    }))
      out.push(r);
    expect(out).toEqual(
      run(lines, { rules: bundledRuleSet('jx-lvbao-example'), reductions: 'when-available' }).results,
    );
  });
});

describe('scenarios through the batch', () => {
  const user = userFactors([
    { key: 'travel.baseline.emission', value: '135', unit: 'g_CO2/pkm', kind: 'emission' },
    { key: 'travel.walking.emission', value: '0', unit: 'g_CO2/pkm', kind: 'emission' },
    { key: 'travel.bus.emission', value: '40', unit: 'g_CO2/pkm', kind: 'emission' },
    { key: 'travel.car.emission', value: '200', unit: 'g_CO2/pkm', kind: 'emission' },
    { key: 'travel.metro.emission', value: '30', unit: 'g_CO2/pkm', kind: 'emission' },
    { key: 'travel.carpool.car.emission', value: '180', unit: 'g_CO2/km', kind: 'emission' },
    { key: 'travel.carpool.system.emission', value: '5', unit: 'g_CO2/ride', kind: 'emission' },
  ]);
  it('emission-difference route, walking by step length, regional form, carpooling, own 7-day rule', () => {
    const { results } = run(
      [
        // (135 − 40) × 5 = 475 g (no bus reduction factor outside Wuhan/Shenzhen)
        act({ id: 'b', scenario: 'bus', region: '110101', distance: { value: '5', unit: 'km' } }),
        // (135 − 0) × 6.055 km = 817.425 → 817 g
        act({ id: 'w', scenario: 'walking', steps: '8650', stepLength: { value: '0.7', unit: 'm' } }),
        // BE = 200 × 10 = 2000; PE = 40 × 6 + 30 × 4 = 360; ER = 1640
        act({
          id: 'r',
          scenario: 'travel_regional',
          baseline: [{ mode: 'car', distance: { value: '10', unit: 'km' } }],
          project: [
            { mode: 'bus', distance: { value: '6', unit: 'km' } },
            { mode: 'metro', distance: { value: '4000', unit: 'm' } },
          ],
        }),
        // BE = 2 × 135 × 10 = 2700; PE = 180 × 10 × 1.2 + 5 = 2165; ER = 535
        act({
          id: 'c',
          scenario: 'carpooling',
          passengers: '2',
          distance: { value: '10', unit: 'km' },
          detour: '1.2',
        }),
        // national 2023 factor 0.5306 (no region): PE = 8 × 530.6 = 4244.8 ≥ BE 3979.5 → MA7 = 9 × 530.6
        // = 4775.4 → ER 530.6; u1 carries 0.425 g (walking 817.425) → 531.025 → 531 g, 0.025 g carried
        act({
          id: 'e',
          scenario: 'residential_electricity',
          use: { value: '8', unit: 'kWh' },
          householdSize: '3',
          perCapitaBaseline: { value: '2.5', unit: 'kWh' },
          previousDays: Array.from({ length: 7 }, () => ({ value: '9', unit: 'kWh' })),
        }),
        // PE = 10 × 530.6 = 5306 > MA7 4775.4 → −530.6: zero, warned
        act({
          id: 'n',
          scenario: 'residential_electricity',
          use: { value: '0.01', unit: 'MWh' },
          householdSize: '3',
          perCapitaBaseline: { value: '2.5', unit: 'kWh' },
          previousDays: Array.from({ length: 7 }, () => ({ value: '9', unit: 'kWh' })),
        }),
      ],
      { factorSets: [user] },
    );
    expect(results.map((r) => [r.id, r.ok, r.reduction?.grams])).toEqual([
      ['b', true, '475'],
      ['w', true, '817'],
      ['r', true, '1640'],
      ['c', true, '535'],
      ['e', true, '531'],
      ['n', true, '0'],
    ]);
    expect(results[4]?.reduction?.rule).toBe('own-7-day');
    expect(results[4]?.reduction?.remainder).toBe('0.025');
    expect(results[5]?.reduction?.negative).toBe('-530.6');
    expect(results[5]?.issues.map((i) => i.code)).toEqual([
      'CARBON_REDUCTION_NEGATIVE',
      'CARBON_FACTOR_YEAR_FALLBACK',
    ]);
    expect(results[5]?.entries).toEqual([]);
  });
  it('factorKey picks a published variant (Guangzhou substitution method 0.5419 kg/trip → 541 g)', () => {
    const { results } = run([
      act({
        id: 'g',
        scenario: 'metro',
        region: '440106',
        factorKey: 'travel.metro.reduction.substitution',
        rides: '1',
      }),
    ]);
    expect(results[0]?.reduction?.grams).toBe('541');
  });
});

describe('evidence paths, caps, conversion and claim windows (demo rule set)', () => {
  const rules = bundledRuleSet('evidence-paths-demo');
  it('one behaviour earns on one evidence path only; reductions convert to points', () => {
    const { results } = run(
      [
        act({
          id: 'a1',
          scenario: 'bus',
          region: '4201',
          rides: '1',
          behaviour: 'trip-1',
          evidence: 'checkin',
        }),
        act({
          id: 'a2',
          scenario: 'bus',
          region: '4201',
          rides: '1',
          behaviour: 'trip-1',
          evidence: 'upload',
        }),
        act({
          id: 'a3',
          scenario: 'bus',
          region: '4201',
          rides: '1',
          behaviour: 'trip-2',
          evidence: 'upload',
        }),
        // 40 g/km × 3.2 km = 128 g → 128 points at 1 g = 1 point
        act({ id: 'a4', scenario: 'shared_bike', region: '4201', distance: { value: '3.2', unit: 'km' } }),
      ],
      { rules },
    );
    expect(results.map((r) => [r.id, r.ok, r.points?.points])).toEqual([
      ['a1', true, '52'],
      ['a2', false, undefined],
      ['a3', true, '105'],
      ['a4', true, '128'],
    ]);
    expect(results[1]?.issues[0]?.code).toBe('CARBON_EVIDENCE_EXCLUSIVE');
    expect(results[3]?.points?.conversion).toBe('wuhan-1g-1pt@1.0.0');
    // claim window: available 2 days after the local date, claimable within 7 days
    expect(results[0]?.points).toMatchObject({
      availableFrom: '2024-05-02T16:00:00.000Z',
      claimBy: '2024-05-09T16:00:00.000Z',
    });
  });
  it('a behaviour id is read by the id rule: "trip-1 " and full-width "ｔrip-1" are trip-1 (one evidence path)', () => {
    // a1 files 105 upload points under "trip-1 " (read trip-1, CARBON_ID_NORMALISED); a2's check-in of trip-1 and a3's
    // of ｔrip-1 are the same behaviour on another path: refused, as a2 of the test above
    const { results } = run(
      [
        act({
          id: 'a1',
          scenario: 'bus',
          region: '4201',
          rides: '1',
          behaviour: 'trip-1 ',
          evidence: 'upload',
        }),
        act({
          id: 'a2',
          scenario: 'bus',
          region: '4201',
          rides: '1',
          behaviour: 'trip-1',
          evidence: 'checkin',
        }),
        act({
          id: 'a3',
          scenario: 'bus',
          region: '4201',
          rides: '1',
          behaviour: 'ｔrip-1',
          evidence: 'checkin',
        }),
      ],
      { rules },
    );
    expect(results.map((r) => [r.id, r.ok, r.points?.points])).toEqual([
      ['a1', true, '105'],
      ['a2', false, undefined],
      ['a3', false, undefined],
    ]);
    expect(results[0]?.issues.map((i) => [i.code, i.path.at(-1)])).toEqual([
      ['CARBON_ID_NORMALISED', 'behaviour'],
    ]);
    expect(results[1]?.issues[0]?.code).toBe('CARBON_EVIDENCE_EXCLUSIVE');
    expect(results[2]?.issues.map((i) => i.code)).toContain('CARBON_EVIDENCE_EXCLUSIVE');
  });
  it('a monthly cap of 200 rides: the 201st ride earns nothing, with a warning', () => {
    const items = Array.from({ length: 201 }, (_, i) =>
      act({
        id: `r${i}`,
        scenario: 'bus',
        region: '4201',
        rides: '1',
        evidence: 'checkin',
        ts: `2024-05-${String(1 + (i % 28)).padStart(2, '0')}T08:00:00+08:00`,
      }),
    ).sort((a, b) => String(a.ts).localeCompare(String(b.ts)));
    const { results, summary } = run(items, { rules });
    // 200 × 52 = 10400 points
    expect(summary.points).toBe('10400');
    const last = results[200]!;
    expect(last.points).toMatchObject({ points: '0', wanted: '52' });
    expect(last.issues.map((i) => i.code)).toContain('CARBON_POINTS_CAPPED');
  });
  it('the monthly cap starts again with the local month: 00:30 on 1 June (+08:00) earns, 23:30 on 31 May does not', () => {
    const may = Array.from({ length: 200 }, (_, i) =>
      act({
        id: `m${i}`,
        scenario: 'bus',
        region: '4201',
        rides: '1',
        evidence: 'checkin',
        ts: `2024-05-${String(1 + (i % 28)).padStart(2, '0')}T08:00:00+08:00`,
      }),
    ).sort((a, b) => String(a.ts).localeCompare(String(b.ts)));
    const ride = (id: string, ts: string) =>
      act({ id, scenario: 'bus', region: '4201', rides: '1', evidence: 'checkin', ts });
    // 23:30 on 31 May is still May (the 201st ride of the month); 00:30 on 1 June local is 16:30Z on 31 May, a new
    // month in the rule set's time zone though not in UTC
    const { results } = run(
      [...may, ride('late', '2024-05-31T23:30:00+08:00'), ride('june', '2024-06-01T00:30:00+08:00')],
      {
        rules,
      },
    );
    expect(results.slice(200).map((r) => [r.id, r.points?.points])).toEqual([
      ['late', '0'],
      ['june', '52'],
    ]);
  });
  it('claims inside the window move points to available; unclaimed ones expire', () => {
    const { results, summary } = run(
      [
        act({ id: 'k1', scenario: 'bus', region: '4201', rides: '1', evidence: 'upload' }),
        act({ id: 'k2', user: 'u2', scenario: 'bus', region: '4201', rides: '1', evidence: 'upload' }),
        { claim: 'k1', user: 'u1', ts: '2024-05-04T09:00:00+08:00' },
        // a later activity moves the clock past k2's window (claimBy 2024-05-10 00:00 +08:00)
        act({
          id: 'k3',
          user: 'u3',
          scenario: 'bus',
          region: '4201',
          rides: '1',
          evidence: 'upload',
          ts: '2024-05-11T08:00:00+08:00',
        }),
      ],
      { rules },
    );
    expect(results[2]).toMatchObject({ ok: true, kind: 'claim' });
    expect(results[3]?.entries.map((e) => e.type)).toEqual(['expire', 'issue', 'issue']);
    expect(summary.balances['user:u1']?.point).toMatchObject({ available: '105', pending: '0' });
    expect(summary.balances['user:u2']?.point).toMatchObject({
      available: '0',
      pending: '0',
      expired: '105',
    });
  });
});

describe('bad lines are reported with their line number; valid lines are kept', () => {
  it('malformed, unknown scenario, negative distance, missing factor, too late, duplicate', () => {
    const items = [
      JSON.stringify(act({ id: 'ok1', scenario: 'bus', region: '4201', rides: '1' })),
      '{"id": "broken"',
      JSON.stringify(act({ id: 'x1', scenario: 'teleport' })),
      JSON.stringify(
        act({ id: 'x2', scenario: 'metro', region: '4403', distance: { value: '-3', unit: 'km' } }),
      ),
      JSON.stringify(
        act({ id: 'x3', scenario: 'metro', region: '3601', distance: { value: '3', unit: 'km' } }),
      ),
      JSON.stringify(
        act({ id: 'x4', scenario: 'bus', region: '4201', rides: '1', ts: '2024-04-20T08:00:00+08:00' }),
      ),
      '',
      JSON.stringify(act({ id: 'ok1', scenario: 'bus', region: '4201', rides: '1' })),
      JSON.stringify(act({ id: 'ok2', scenario: 'bus', region: '4201', rides: '1' })),
    ];
    const { results, summary } = run(items);
    const codes = results.map((r) => [r.line, r.ok, r.issues[0]?.code ?? null]);
    expect(codes).toEqual([
      [1, true, null],
      [2, false, 'CARBON_LINE_NOT_JSON'],
      [3, false, 'CARBON_SCENARIO_UNKNOWN'],
      [4, false, 'NEGATIVE_VALUE'],
      [5, false, 'CARBON_FACTOR_MISSING'],
      [6, false, 'CARBON_TOO_LATE'],
      [8, false, 'LEDGER_DOUBLE_CREDIT'],
      [9, true, null],
    ]);
    expect(results[3]?.issues[0]?.path).toEqual(['line', 4, 'distance', 'value']);
    expect(results[2]?.issues[0]?.path).toEqual(['line', 3, 'scenario']);
    expect(summary).toMatchObject({ accepted: 2, refused: 6, grams: '300' });
  });
  it('a number no double holds (1e-400 read as 0, 1e309 as Infinity): NUMBER_OUT_OF_RANGE at its field, the next line accepted', () => {
    const line = (id: string, extra: string) =>
      `{"id":"${id}","user":"u1","ts":"2024-05-01T08:00:00+08:00",${extra}}`;
    const { results, summary } = run([
      line('r1', '"scenario":"bus","region":"4201","rides":1e-400'),
      line('r2', '"scenario":"metro","region":"4403","distance":{"value":1e309,"unit":"km"}'),
      line('r3', '"scenario":"bus","region":"4201","rides":1'),
    ]);
    expect(results.map((r) => [r.line, r.ok, r.issues.map((i) => i.code), r.issues[0]?.path])).toEqual([
      [1, false, ['NUMBER_OUT_OF_RANGE'], ['line', 1, 'rides']],
      [2, false, ['NUMBER_OUT_OF_RANGE'], ['line', 2, 'distance', 'value']],
      [3, true, [], undefined],
    ]);
    // The limits of docs/limits.md: magnitude below 1e21 and, unless zero, at least 1e-30.
    expect(results[0]?.issues[0]?.params).toEqual({ value: '1e-400', max: '1e21', min: '1e-30' });
    expect(results[1]?.issues[0]?.params?.value).toBe('1e309');
    // One bus ride: 150 g (as the first line of the test above).
    expect(summary).toMatchObject({ accepted: 1, refused: 2, grams: '150' });
  });
  it('a byte-order mark opening line 1 (a file split by hand) is no part of it; one on another line is', () => {
    const bus = (id: string) => JSON.stringify(act({ id, scenario: 'bus', region: '4201', rides: '1' }));
    const text = `\uFEFF${bus('b1')}\n${bus('b2')}\n\uFEFF${bus('b3')}`;
    const { results, summary } = run(text.split('\n'));
    expect(results.map((r) => [r.line, r.ok, r.issues[0]?.code ?? null])).toEqual([
      [1, true, null],
      [2, true, null],
      [3, false, 'CARBON_LINE_NOT_JSON'],
    ]);
    // Two bus rides of 150 g each: 300 g, as splitLines gives the same text (which removes the opening mark).
    expect(summary).toMatchObject({ accepted: 2, grams: '300' });
  });
  it('a batch can continue an existing ledger', () => {
    const b1 = new CarbonBatch();
    b1.process(act({ id: 'a', scenario: 'bus', region: '4201', rides: '1' }), 1);
    const b2 = new CarbonBatch({ ledger: b1.ledger });
    expect(
      b2.process(act({ id: 'a', scenario: 'bus', region: '4201', rides: '1' }), 1)?.issues[0]?.code,
    ).toBe('LEDGER_DOUBLE_CREDIT');
  });
  it('an id credited before in whatever unit is refused in both languages without naming a unit', () => {
    const b = new CarbonBatch();
    b.process(act({ id: 'a', scenario: 'bus', region: '4201', rides: '1' }), 1);
    const again = b.process(act({ id: 'a', scenario: 'bus', region: '4201', rides: '1' }), 2)?.issues[0];
    expect(again?.code).toBe('LEDGER_DOUBLE_CREDIT');
    expect(again?.message).toEqual({
      zh: '活动“a”已记账，拒绝重复计入',
      en: 'Activity "a" was already credited; double crediting refused',
    });
  });
});
