import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Decimal } from '../../core/decimal';
import type { GepError, Issue } from '../../core/errors';
import type { Activity } from '../activity';
import { CarbonBatch } from '../batch';
import { bundledBounds, checkBounds, pointsOnlyBounds, speedExceeds } from './bounds';
import { bundledRuleSet } from '../rules/bundled';
import { ruleSetWith } from '../../../test/carbon/helpers';

const trip = (km: string, duration: string, unit: 'min' | 'h' = 'min', distanceUnit: 'km' | 'm' = 'km') =>
  ({
    id: 'a',
    user: 'u',
    ts: '2024-05-01T08:00:00+08:00',
    scenario: 'shared_bike',
    distance: { value: new Decimal(km), unit: distanceUnit },
    duration: { value: new Decimal(duration), unit },
  }) as Activity;
const d = (s: string) => new Decimal(s);

describe('the implied-speed bound is decided exactly', () => {
  it('a trip exactly at the bound is within it (by hand)', () => {
    // 4 km in 8 min: 60 × 4 = 240 = 30 × 8, so exactly 30 km/h, not above a 30 km/h bound.
    // (Dividing first, 8 ÷ 60 = 0.1333…3 h to 40 digits, and 4 ÷ 0.1333…3 = 30.000…03 exceeded it.)
    expect(speedExceeds(trip('4', '8'), d('30'), undefined)).toBe(false);
    // 10 km in 20 min: 600 = 30 × 20. 31 km in 62 min: 1860 = 30 × 62.
    expect(speedExceeds(trip('10', '20'), d('30'), undefined)).toBe(false);
    expect(speedExceeds(trip('31', '62'), d('30'), undefined)).toBe(false);
    // 4.001 km in 8 min: 240.06 > 240.
    expect(speedExceeds(trip('4.001', '8'), d('30'), undefined)).toBe(true);
    // 25 km in 1 h: 60 × 25 = 1500 = 25 × (1 × 60); 25 001 m in 1 h: 60 × 25.001 = 1500.06 > 1500.
    expect(speedExceeds(trip('25', '1', 'h'), d('25'), undefined)).toBe(false);
    expect(speedExceeds(trip('25001', '1', 'h', 'm'), d('25'), undefined)).toBe(true);
  });

  it('a zero duration exceeds every bound, unless the distance is zero too (no speed)', () => {
    expect(speedExceeds(trip('0.001', '0'), d('1000'), undefined)).toBe(true);
    expect(speedExceeds(trip('0', '0'), d('30'), undefined)).toBeUndefined();
  });

  it('agrees with integer arithmetic on 40-digit inputs', () => {
    // A decimal string as an integer over a power of ten: "12.5" → [125n, 1].
    const scaled = (s: string): [bigint, number] => {
      const [i, f = ''] = s.split('.');
      return [BigInt(`${i}${f}`), f.length];
    };
    const digits = (max: number) =>
      fc
        .tuple(fc.stringMatching(new RegExp(`^[1-9][0-9]{0,${max - 1}}$`)), fc.nat({ max }))
        .map(([m, point]) =>
          point === 0 || point >= m.length ? m : `${m.slice(0, m.length - point)}.${m.slice(-point)}`,
        );
    fc.assert(
      fc.property(
        digits(40),
        digits(40),
        digits(40),
        fc.constantFrom('min', 'h') as fc.Arbitrary<'min' | 'h'>,
        fc.constantFrom('km', 'm') as fc.Arbitrary<'km' | 'm'>,
        (km, t, max, unit, distanceUnit) => {
          // 60·D/10^p (÷ 1000 for m) > X/10^r · T/10^q (× 60 for h), both sides over 10^(p+q+r+3):
          const [D, p] = scaled(km);
          const [T, q] = scaled(t);
          const [X, r] = scaled(max);
          const left = 60n * D * 10n ** BigInt(q + r + (distanceUnit === 'km' ? 3 : 0));
          const right = X * T * (unit === 'h' ? 60n : 1n) * 10n ** BigInt(p + 3);
          expect(speedExceeds(trip(km, t, unit, distanceUnit), d(max), undefined)).toBe(left > right);
        },
      ),
      { numRuns: 2000 },
    );
  }, 60_000);

  it('a shared-bike trip at exactly 30 km/h is credited, not refused as implausible', () => {
    const line = JSON.stringify({
      id: 'b1',
      user: 'u1',
      ts: '2024-05-01T08:00:00+08:00',
      scenario: 'shared_bike',
      region: '420102',
      distance: { value: '4', unit: 'km' },
      duration: { value: '8', unit: 'min' },
    });
    const r = new CarbonBatch().process(line, 1);
    expect(r?.ok).toBe(true);
    // 40 g/km × 4 km = 160 g (wuhan-travel-2023, shared bike)
    expect(r?.reduction?.grams).toBe('160');
  });
});

describe('a walk given as steps is bounded by the distance and speed it credits (steps × step length)', () => {
  const walk = (steps: string, stepLength: string, minutes?: string) =>
    ({
      id: 'w',
      user: 'u',
      ts: '2024-05-01T08:00:00+08:00',
      scenario: 'walking',
      steps: new Decimal(steps),
      stepLength: { value: new Decimal(stepLength), unit: 'm' },
      ...(minutes !== undefined ? { duration: { value: new Decimal(minutes), unit: 'min' } } : {}),
    }) as Activity;
  const bounds = bundledBounds('travel/per-trip');
  const refusal = (a: Activity) => {
    try {
      checkBounds(a, bounds, undefined, 'refuse', ['line', 1], []);
    } catch (e) {
      const i = (e as GepError).issues[0];
      return [i?.code, i?.path, i?.params?.measure, i?.params?.value, i?.params?.max];
    }
    return undefined;
  };

  it('refuses 50,000 steps of 100 m: 5,000 km, above the 50 km of a walk, at the steps', () => {
    // 50 000 × 100 m = 5 000 000 m = 5 000 km > 50 km (50 000 steps are within the 100 000-step bound)
    expect(refusal(walk('50000', '100'))).toEqual([
      'CARBON_IMPLAUSIBLE',
      ['line', 1, 'steps'],
      'distance',
      '5000',
      '50',
    ]);
  });

  it('refuses 10,000 steps of 0.7 m in 1 minute: 7 km at 420 km/h, above 10 km/h', () => {
    // 10 000 × 0.7 m = 7 km; 7 km in 1/60 h = 420 km/h > 10 km/h
    expect(refusal(walk('10000', '0.7', '1'))).toEqual([
      'CARBON_IMPLAUSIBLE',
      ['line', 1, 'steps'],
      'speed',
      '420',
      '10',
    ]);
  });

  it('passes 10,000 steps of 0.7 m in 70 minutes (7 km at 6 km/h), and a steps line without a step length', () => {
    // 7 km in 70/60 h = 6 km/h ≤ 10; without stepLength no distance is implied (the methodology refuses the line)
    expect(refusal(walk('10000', '0.7', '70'))).toBeUndefined();
    const noLength = { ...walk('10000', '0.7'), stepLength: undefined } as Activity;
    expect(refusal(noLength)).toBeUndefined();
  });

  it('caps 50,000 steps of 100 m at the 50 km of a walk, warned at the steps', () => {
    const warnings: Issue[] = [];
    const out = checkBounds(walk('50000', '100'), bounds, undefined, 'cap', ['line', 1], warnings);
    // the capped distance is what the methodology credits (a distance is read before steps)
    expect(out.distance).toEqual({ value: new Decimal(50), unit: 'km' });
    expect(warnings.map((w) => [w.code, w.path, w.params?.value])).toEqual([
      ['CARBON_QUANTITY_CAPPED', ['line', 1, 'steps'], '5000'],
    ]);
  });
});

/** A residential electricity line of a Jiangxi household on 2024-05-01: its use, N, b_pc (kWh) and previous days. */
const household = (use: string, n: string, bpc: string, previous?: string[]) =>
  JSON.stringify({
    id: 'e1',
    user: 'h1',
    ts: '2024-05-01T22:00:00+08:00',
    scenario: 'residential_electricity',
    region: '361002',
    use: { value: use, unit: 'kWh' },
    householdSize: n,
    perCapitaBaseline: { value: bpc, unit: 'kWh' },
    ...(previous ? { previousDays: previous.map((v) => ({ value: v, unit: 'kWh' })) } : {}),
  });

describe('the 500 kWh household-day bound holds for the 7 previous days too (they enter MA7)', () => {
  // A Jiangxi household, 2024-05-01: grid.average 0.5836 kg/kWh (cn-grid-co2-2023, region 36), N = 3,
  // b_pc = 2.5 kWh: BE = 7.5 kWh; a use of 499 kWh is ≥ BE, so ER = max(0, MA7 − PE) on the previous days.
  const line = (previous: string[]) => household('499', '3', '2.5', previous);
  const history = ['480', '490', '700', '490', '480', '490', '480'];

  it('refuses a previous day of 700 kWh at previousDays[2] (it was credited: (3610 / 7 − 499) × 583.6 g)', () => {
    // Before: MA7 = (480 + 490 + 700 + 490 + 480 + 490 + 480) / 7 = 3610 / 7 kWh, ER = (3610/7 − 499) × 583.6
    // = (3610 − 3493) / 7 × 583.6 = 117 × 583.6 / 7 = 9,754.457… g credited from a day no household uses; now
    // refused, as a use of 700 kWh is.
    const r = new CarbonBatch().process(line(history), 1);
    expect(r?.ok).toBe(false);
    expect(r?.issues.map((i) => [i.code, i.path, i.params?.value, i.params?.max])).toEqual([
      ['CARBON_IMPLAUSIBLE', ['line', 1, 'previousDays', 2], '700', '500'],
    ]);
  });

  it('caps it to 500 kWh where the rule set caps: MA7 falls, the reduction never rises', () => {
    const rules = ruleSetWith({ plausibility: 'cap' });
    const r = new CarbonBatch({ rules }).process(line(history), 1);
    // MA7 = (480 + 490 + 500 + 490 + 480 + 490 + 480) / 7 = 3410 / 7 kWh; ER = (3410/7 − 499) × 583.6
    //     = (3410 − 3493) / 7 × 583.6 < 0 → 0 g, recorded as negative: (−83 / 7) × 583.6 = −6,919.828…
    expect(r?.ok).toBe(true);
    expect(r?.reduction?.grams).toBe('0');
    expect(r?.reduction?.rule).toBe('own-7-day');
    expect(r?.reduction?.negative?.slice(0, 10)).toBe('-6919.8285');
    expect(r?.issues.filter((i) => i.code === 'CARBON_QUANTITY_CAPPED').map((i) => i.path)).toEqual([
      ['line', 1, 'previousDays', 2],
    ]);
  });

  it('passes a history within the bound (500 kWh is at it, not above)', () => {
    // Seven days of 500 kWh: MA7 = 500 kWh; ER = (500 − 499) × 583.6 = 583.6 g → 583 g credited, 0.6 g carried.
    const r = new CarbonBatch().process(line(Array(7).fill('500')), 1);
    expect(r?.ok).toBe(true);
    expect(r?.reduction?.exact).toBe('583.6');
    expect(r?.reduction?.grams).toBe('583');
  });
});

describe('the 500 kWh household-day bound holds for the baseline N × b_pc too (capping a use never raises ER)', () => {
  // A Jiangxi household, 2024-05-01: grid.average 0.5836 kg/kWh = 583.6 g/kWh (cn-grid-co2-2023, region 36).
  const line = household;
  const capped = (r: ReturnType<CarbonBatch['process']>) =>
    r?.issues
      .filter((i) => i.code === 'CARBON_QUANTITY_CAPPED')
      .map((i) => [i.path, i.params?.measure, i.params?.value]);

  it('refuses a baseline of 10 × 100 = 1,000 kWh a day at perCapitaBaseline', () => {
    // BE = 10 × 100 = 1,000 kWh > 500: without the bound a use of 20 kWh was credited (1000 − 20) × 583.6 =
    // 571,928 g from one household-day
    const r = new CarbonBatch().process(line('20', '10', '100'), 1);
    expect(r?.ok).toBe(false);
    expect(r?.issues.map((i) => [i.code, i.path, i.params?.measure, i.params?.value, i.params?.max])).toEqual(
      [['CARBON_IMPLAUSIBLE', ['line', 1, 'perCapitaBaseline'], 'baseline', '1000', '500']],
    );
    expect(r?.issues[0]?.message.en).toBe(
      'Implausible residential_electricity activity: baseline 1000 kWh exceeds the bound 500 kWh (assumed); refused',
    );
    expect(r?.issues[0]?.message.zh).toContain('基准用电量 1000 kWh 超过合理上限 500 kWh');
  });

  it('caps it where the rule set caps: a use of 2,000 kWh capped to 500 no longer earns (1000 − 500) × 583.6 g', () => {
    const rules = ruleSetWith({ plausibility: 'cap' });
    // use 2,000 → 500 kWh; b_pc 100 → 500 ÷ 10 = 50 kWh, BE = 500 kWh. Without the baseline's bound the capped
    // use was below BE: ER = (1000 − 500) × 583.6 = 291,800 g for a household using 2,000 kWh. Now PE = BE, so
    // ER = max(0, MA7 − PE) with MA7 = 400 kWh: (400 − 500) × 583.6 < 0 → 0 g.
    const r = new CarbonBatch({ rules }).process(line('2000', '10', '100', Array(7).fill('400')), 1);
    expect(r?.ok).toBe(true);
    expect([r?.reduction?.rule, r?.reduction?.grams, r?.reduction?.negative]).toEqual([
      'own-7-day',
      '0',
      '-58360',
    ]);
    expect(capped(r)).toEqual([
      [['line', 1, 'use'], 'use', '2000'],
      [['line', 1, 'perCapitaBaseline'], 'baseline', '1000'],
    ]);
  });

  it('caps the baseline N × b_pc to 500 kWh exactly (not b_pc to 500 ÷ N cut at 40 digits)', () => {
    const rules = ruleSetWith({ plausibility: 'cap' });
    // N = 3, b_pc = 200: BE = 600 kWh → 500 kWh exactly. A use of 499.9 kWh is below it:
    // ER = (500 − 499.9) × 583.6 = 0.1 × 583.6 = 58.36 g → 58 g credited, 0.36 g carried. With b_pc = 500 ÷ 3 cut
    // at 40 digits, N × b_pc was 499.999…98 kWh and ER 58.359…9 g: a microgram below the floor lost.
    const r = new CarbonBatch({ rules }).process(line('499.9', '3', '200'), 1);
    expect(r?.ok).toBe(true);
    expect(r?.reduction?.rule).toBe('baseline');
    expect(r?.reduction?.exact).toBe('58.36');
    expect(r?.reduction?.grams).toBe('58');
    expect(capped(r)).toEqual([[['line', 1, 'perCapitaBaseline'], 'baseline', '600']]);
    // the reviewer's line: use 100 kWh: (500 − 100) × 583.6 = 233,440 g, all of it credited, nothing carried
    const p7 = new CarbonBatch({ rules }).process(line('100', '3', '200'), 1);
    expect([p7?.reduction?.exact, p7?.reduction?.grams]).toEqual(['233440', '233440']);
  });

  it('passes a baseline at the bound (4 × 125 = 500 kWh) unchanged', () => {
    // BE = 500 kWh, use 400: ER = (500 − 400) × 583.6 = 58,360 g
    const r = new CarbonBatch().process(line('400', '4', '125'), 1);
    expect(r?.ok).toBe(true);
    expect([r?.reduction?.rule, r?.reduction?.exact, r?.reduction?.grams]).toEqual([
      'baseline',
      '58360',
      '58360',
    ]);
  });
});

describe('what a rule paying on minutes or on a count pays is bounded too', () => {
  const lvbao = bundledRuleSet('jx-lvbao-example');
  const line = (fields: Record<string, unknown>) =>
    JSON.stringify({ id: 'x1', user: 'u1', ts: '2024-05-01T08:00:00+08:00', region: '420102', ...fields });
  const run = (plausibility: 'refuse' | 'cap', fields: Record<string, unknown>) =>
    new CarbonBatch({ rules: { ...lvbao, plausibility } }).process(line(fields), 1);
  const ride = (km: string, minutes: string) => ({
    scenario: 'shared_bike',
    distance: { value: km, unit: 'km' },
    duration: { value: minutes, unit: 'min' },
  });

  it('refuses a 1 m shared-bike ride of 1,439 minutes (it paid 143 碳币), at the duration', () => {
    // 1439 min > 300 min, the 50 km distance bound at 10 km/h; the speed (0.00004 km/h) is within its bound
    const r = run('refuse', ride('0.001', '1439'));
    expect(r?.ok).toBe(false);
    expect(r?.issues.map((i) => [i.code, i.path, i.params?.measure, i.params?.value, i.params?.max])).toEqual(
      [['CARBON_IMPLAUSIBLE', ['line', 1, 'duration'], 'duration', '1439', '300']],
    );
  });

  it('caps the duration where the rule set caps: 2 km in 100,000 minutes is paid 300 minutes, 30 碳币', () => {
    // 绿宝: 10 minutes → 1 碳币, floor; 300 / 10 = 30 (100,000 / 10 = 10,000 before the bound)
    const r = run('cap', ride('2', '100000'));
    expect(r?.ok).toBe(true);
    expect(r?.points?.points).toBe('30');
    expect(r?.issues.map((i) => [i.code, i.path, i.params?.value, i.params?.max])).toContainEqual([
      'CARBON_QUANTITY_CAPPED',
      ['line', 1, 'duration'],
      '100000',
      '300',
    ]);
  });

  it('passes a shared-bike ride at the duration bound: 300 minutes pay 30 碳币', () => {
    const r = run('refuse', ride('2', '300'));
    expect([r?.ok, r?.points?.points]).toEqual([true, '30']);
  });

  it('bounds a points-only scenario (no methodology): 1,000,000 garbage-sorting sessions refused or capped to 100', () => {
    expect(
      pointsOnlyBounds('garbage_sorting').map((b) => [b.methodology, b.measure, b.max.toFixed()]),
    ).toEqual([[null, 'count', '100']]);
    const refused = run('refuse', { scenario: 'garbage_sorting', count: '1000000' });
    expect(refused?.issues.map((i) => [i.code, i.path, i.message.zh])).toEqual([
      [
        'CARBON_IMPLAUSIBLE',
        ['line', 1, 'count'],
        'garbage_sorting 活动的次数 1000000 count 超过合理上限 100 count（证据等级 assumed），拒绝计入',
      ],
    ]);
    // 绿宝: 2 sessions → 1 碳币; 100 sessions → 50 (1,000,000 → 500,000 before the bound)
    const capped = run('cap', { scenario: 'garbage_sorting', count: '1000000' });
    expect([capped?.ok, capped?.points?.points]).toEqual([true, '50']);
    // within the bound: 2 sessions, 1 碳币
    expect(run('refuse', { scenario: 'garbage_sorting', count: '2' })?.points?.points).toBe('1');
  });

  it('every bound has a measure of the scenario it names, in the unit of its measure (the table loads)', () => {
    for (const scenario of ['walking', 'bicycle', 'shared_bike', 'shared_ebike', 'bus', 'metro', 'ev_taxi'])
      expect(
        bundledBounds('travel/per-trip').some((b) => b.scenario === scenario && b.measure === 'duration'),
        scenario,
      ).toBe(true);
    expect(pointsOnlyBounds('volunteer_tree_care').map((b) => [b.measure, b.unit, b.max.toFixed()])).toEqual([
      ['duration', 'min', '720'],
    ]);
    expect(pointsOnlyBounds('bus')).toEqual([]);
  });
});

describe('the PV capacity bound is not capped: above it the installation is no distributed PV', () => {
  const pv = (kw: string) => ({
    id: 'pv1',
    user: 'u',
    ts: '2023-07-01T12:00:00+08:00',
    scenario: 'distributed_pv',
    region: '440305',
    generation: { value: '100', unit: 'kWh' },
    capacity: { value: kw, unit: 'kW' },
  });

  it('refuses 7 MW and 70 MW at capacity under either policy (capping left the whole generation credited)', () => {
    // Under cap the line was credited 100 kWh × 441.9 g/kWh = 44,190 g "computed on 6000 kW": the capacity only
    // chooses the factor, so nothing was limited
    for (const rules of [undefined, ruleSetWith({ plausibility: 'cap' })])
      for (const kw of ['7000', '70000']) {
        const r = new CarbonBatch(rules === undefined ? {} : { rules }).process(pv(kw), 1);
        expect(r?.ok).toBe(false);
        expect(r?.issues.map((i) => [i.code, i.path, i.params?.value, i.params?.max])).toEqual([
          ['CARBON_IMPLAUSIBLE', ['line', 1, 'capacity'], kw, '6000'],
        ]);
      }
    // at the bound: credited, 100 × 441.9 = 44,190 g
    const ok = new CarbonBatch({ rules: ruleSetWith({ plausibility: 'cap' }) }).process(pv('6000'), 1);
    expect([ok?.ok, ok?.reduction?.grams]).toEqual([true, '44190']);
  });
});

describe('a household line the caps bring to the 7-day rule names the values it was computed on', () => {
  it('use 600 and baseline 10 × 100 = 1,000 kWh, both capped to 500: previousDays needed, "500 kWh ≥ 500 kWh"', () => {
    const rules = ruleSetWith({ plausibility: 'cap' });
    const r = new CarbonBatch({ rules }).process(household('600', '10', '100'), 1);
    expect(r?.ok).toBe(false);
    const i = r?.issues.find((x) => x.code === 'CARBON_ACTIVITY_INVALID');
    expect(i?.path).toEqual(['line', 1, 'previousDays']);
    expect(i?.params?.detail).toBe(
      'scenario residential_electricity needs "previousDays" (the 7 previous days, needed when the use is at or above the baseline N × b_pc: 500 kWh ≥ 500 kWh, as computed)',
    );
    expect(i?.message.zh).toContain('按计算所用的值为 500 kWh ≥ 500 kWh');
  });
});
