import { describe, expect, it } from 'vitest';
import { Decimal } from '../../core/decimal';
import { errorOf, ruleSetWith, writtenRuleSet } from '../../../test/carbon/helpers';
import {
  type Award,
  type Measures,
  PointEngine,
  type PointsRecord,
  type RuleSet,
  accrueInt,
  loadRuleSet,
} from './rules';

/** A rule of the test rule set: scenario, basis and points given, source and grade filled in. */
const rule = (r: Record<string, unknown>) => ({ source: { document: 'test' }, grade: 'assumed', ...r });
const conversion = (id: string, from: string | null, to: string | null, gramsPerPoint = '1000') => ({
  id,
  version: '1.0.0',
  effective: { from, to },
  gramsPerPoint,
  source: { document: 'test' },
  grade: 'assumed',
});
const rules = (list: Record<string, unknown>[], extra: Record<string, unknown> = {}): RuleSet =>
  ruleSetWith({ rules: list.map(rule), ...extra });

/** An instant given in Beijing time (+08:00, the rule set's default offset), as epoch ms. */
const bj = (local: string) => Date.parse(`${local}+08:00`);
/** The points of one booked award (the award must exist). */
const pts = (a: Award | undefined) => (a as Award).points;

describe('loadRuleSet: refusals name the rule and the reason', () => {
  it('a rule set nested more than 100 levels deep: INPUT_TOO_DEEP where the 101st level opens, under the path given', () => {
    // {x: {x: … 100 levels}} under "note": the rule set is level 1, note level 2, … the 101st level is at note
    // and "x" 99 times.
    const deep: Record<string, unknown> = {};
    let at = deep;
    for (let i = 1; i < 100; i++) at = at.x = {} as Record<string, unknown>;
    const e = errorOf(() => loadRuleSet({ ...writtenRuleSet({}), note: deep }, ['r.json']));
    expect(e.issues.map((i) => [i.code, i.path, i.params])).toEqual([
      [
        'INPUT_TOO_DEEP',
        ['r.json', 'note', ...Array.from({ length: 99 }, () => 'x')],
        { file: 'the rule set', limit: 100 },
      ],
    ]);
    // deep.x under note: 100 levels, read by the schema (which refuses the unknown key, not the depth).
    expect(errorOf(() => loadRuleSet({ ...writtenRuleSet({}), note: deep.x })).issues[0]?.code).not.toBe(
      'INPUT_TOO_DEEP',
    );
  });

  it('a rule set the schema refuses: each problem at its place, a non-finite number named as such', () => {
    const { rules: _r, ...noRules } = writtenRuleSet({});
    const e = errorOf(() => loadRuleSet(noRules, ['r.json']));
    expect(e.issues.map((i) => [i.code, i.path])).toEqual([['CARBON_RULES_INVALID', ['r.json', 'rules']]]);
    const inf = errorOf(() =>
      loadRuleSet(
        writtenRuleSet({
          rules: [rule({ id: 'a', scenario: 's', basis: 'steps', per: Infinity, points: '1' })],
        }),
      ),
    );
    expect(inf.issues.map((i) => [i.code, i.path, i.params])).toEqual([
      ['NUMBER_NOT_FINITE', ['rules', 0, 'per'], { value: 'a number too large for a double' }],
    ]);
  });

  it('utcOffset: ±hh:mm within ±14:00, minutes below 60; anything else refused at utcOffset', () => {
    // +25:00 and +99:99 would move the local day by more than a day (UTC+14:00, Kiribati, is the farthest offset
    // in use); +08:60 is not a time of day; -14:01 is past the far end.
    for (const utcOffset of ['+25:00', '+99:99', '+08:60', '-14:01', '+14:30', '+15:00'])
      expect(
        errorOf(() => ruleSetWith({ utcOffset }, ['r.json'])).issues.map((i) => [i.code, i.path]),
        utcOffset,
      ).toEqual([['CARBON_RULES_INVALID', ['r.json', 'utcOffset']]]);
    for (const utcOffset of ['+14:00', '-14:00', '+13:59', '-09:30', '+05:45', '+00:00'])
      expect(ruleSetWith({ utcOffset }).utcOffset, utcOffset).toBe(utcOffset);
  });

  it('a duplicate rule id', () => {
    const e = errorOf(() =>
      ruleSetWith(
        {
          rules: [
            rule({ id: 'a', scenario: 'walking', basis: 'event', points: '1' }),
            rule({ id: 'a', scenario: 'cycling', basis: 'event', points: '1' }),
          ],
        },
        ['r.json'],
      ),
    );
    expect(e.issues[0]).toMatchObject({
      code: 'CARBON_RULES_INVALID',
      path: ['r.json', 'rules', 1],
      params: { detail: 'duplicate rule id a' },
    });
  });

  it('two rules for one scenario and evidence path; different paths of one scenario are accepted', () => {
    const any = errorOf(() =>
      rules([
        { id: 'a', scenario: 'walking', basis: 'event', points: '1' },
        { id: 'b', scenario: 'walking', basis: 'steps', per: '2000', points: '1' },
      ]),
    );
    expect(any.issues[0]).toMatchObject({
      code: 'CARBON_RULES_INVALID',
      path: ['rules', 1],
      params: { detail: 'two rules for scenario walking, evidence (any)' },
    });
    const upload = errorOf(() =>
      rules([
        { id: 'a', scenario: 'walking', evidence: 'upload', basis: 'event', points: '1' },
        { id: 'b', scenario: 'walking', evidence: 'upload', basis: 'event', points: '2' },
      ]),
    );
    expect(upload.issues[0]?.params).toEqual({ detail: 'two rules for scenario walking, evidence upload' });
    // one rule per path and one path-less rule: three slots, no refusal
    const ok = rules([
      { id: 'a', scenario: 'walking', evidence: 'upload', basis: 'event', points: '1' },
      { id: 'b', scenario: 'walking', evidence: 'checkin', basis: 'event', points: '2' },
      { id: 'c', scenario: 'walking', basis: 'event', points: '3' },
      { id: 'd', scenario: 'cycling', basis: 'event', points: '4' },
    ]);
    expect(ok.rules.map((r) => r.id)).toEqual(['a', 'b', 'c', 'd']);
  });

  it('a reduction rule must pay per 1 (the conversion divides); other bases may pay per more', () => {
    const e = errorOf(() => rules([{ id: 'r', scenario: 'bus', basis: 'reduction', per: '2', points: '1' }]));
    expect(e.issues[0]).toMatchObject({
      code: 'CARBON_RULES_INVALID',
      path: ['rules', 0],
      params: { detail: 'a reduction rule converts through the conversion; per must be 1' },
    });
    expect(
      rules([
        { id: 'r', scenario: 'bus', basis: 'reduction', points: '1' },
        { id: 's', scenario: 'walking', basis: 'steps', per: '2', points: '1' },
      ]).rules.length,
    ).toBe(2);
  });

  it('a duplicate redemption id', () => {
    const item = (id: string) => ({
      id,
      points: '10',
      label: { zh: id, en: id },
      source: { document: 'test' },
      grade: 'assumed',
    });
    const e = errorOf(() => ruleSetWith({ redemptions: [item('x'), item('y'), item('x')] }));
    expect(e.issues[0]).toMatchObject({
      code: 'CARBON_RULES_INVALID',
      path: ['redemptions', 2],
      params: { detail: 'duplicate redemption id x' },
    });
    expect(ruleSetWith({ redemptions: [item('x'), item('y')] }).redemptions.length).toBe(2);
  });

  it('conversions follow one another day after day but do not overlap, in whatever order they are written', () => {
    // written latest first: sorted by start, the open start (null) first; each `to` is the last day in force
    const ok = ruleSetWith({
      conversions: [
        conversion('c3', '2024-07-01', null),
        conversion('c1', null, '2023-12-31'),
        conversion('c2', '2024-01-01', '2024-06-30'),
      ],
    });
    expect(ok.conversions.length).toBe(3);
    const overlap = (list: unknown[]) => errorOf(() => ruleSetWith({ conversions: list }, ['r.json']));
    const cases: [unknown[], string][] = [
      // c2 starts 2024-06-01, before c1 ends on 2024-06-30 (c2 written first)
      [
        [conversion('c2', '2024-06-01', null), conversion('c1', '2024-01-01', '2024-06-30')],
        'c1@1.0.0 and c2@1.0.0 overlap (2024-01-01 to 2024-06-30 and 2024-06-01 to open',
      ],
      // c1's last day is c2's first: 2024-07-01 would have two conversions
      [
        [conversion('c1', '2024-01-01', '2024-07-01'), conversion('c2', '2024-07-01', null)],
        'c1@1.0.0 and c2@1.0.0 overlap (2024-01-01 to 2024-07-01 and 2024-07-01 to open',
      ],
      // c1 never ends
      [
        [conversion('c1', '2024-01-01', null), conversion('c2', '2025-01-01', null)],
        'c1@1.0.0 and c2@1.0.0 overlap (2024-01-01 to open and 2025-01-01 to open',
      ],
      // both open at the start
      [
        [conversion('c1', null, '2024-01-01'), conversion('c2', null, '2025-01-01')],
        'c1@1.0.0 and c2@1.0.0 overlap (open to 2024-01-01 and open to 2025-01-01',
      ],
    ];
    for (const [list, text] of cases)
      expect(overlap(list).issues[0]).toMatchObject({
        code: 'CARBON_RULES_INVALID',
        path: ['r.json', 'conversions'],
        params: { detail: `conversions ${text}, both end days in force)` },
      });
    // the Chinese message names both windows too
    expect(
      overlap([conversion('c1', null, '2024-07-01'), conversion('c2', '2024-07-01', null)]).issues[0]?.message
        .zh,
    ).toBe(
      '积分规则格式错误：换算 c1@1.0.0 与 c2@1.0.0 的有效期重叠（不限 至 2024-07-01 与 2024-07-01 至 不限，首尾两日均在有效期内）',
    );
  });

  it('the rule set is known by id@version and the hash of what was written', () => {
    const a = ruleSetWith({});
    expect(a.ref).toBe('test-rules@1.0.0');
    expect(a.hash).toMatch(/^sha256:[0-9a-f]{64}$/);
    expect(ruleSetWith({}).hash).toBe(a.hash);
    expect(ruleSetWith({ description: 'changed' }).hash).not.toBe(a.hash);
  });
});

describe('PointEngine: which rule pays', () => {
  const r = rules([
    { id: 'walk-upload', scenario: 'walking', evidence: 'upload', basis: 'event', points: '5' },
    { id: 'walk', scenario: 'walking', basis: 'event', points: '1' },
    { id: 'bike-checkin', scenario: 'cycling', evidence: 'checkin', basis: 'event', points: '2' },
  ]);
  const e = new PointEngine(r);

  it('the path’s own rule, else the path-less rule of the scenario, else none', () => {
    expect(e.scenarios()).toEqual(['walking', 'cycling']);
    expect(e.rulesOf('walking').map((x) => x.id)).toEqual(['walk-upload', 'walk']);
    expect(e.rulesOf('bus')).toEqual([]);
    expect(e.ruleFor('walking', 'upload')?.id).toBe('walk-upload');
    expect(e.ruleFor('walking', 'checkin')?.id).toBe('walk');
    expect(e.ruleFor('walking', undefined)?.id).toBe('walk');
    expect(e.ruleFor('cycling', 'checkin')?.id).toBe('bike-checkin');
    // cycling has no path-less rule: an activity without the check-in path earns nothing
    expect(e.ruleFor('cycling', undefined)).toBeUndefined();
    expect(e.ruleFor('cycling', 'upload')).toBeUndefined();
    expect(e.ruleFor('bus', undefined)).toBeUndefined();
  });

  it('an activity no rule pays for gets no award and books nothing', () => {
    const eng = new PointEngine(r);
    expect(eng.award('u', bj('2024-05-10T10:00:00'), 'cycling', undefined, {})).toBeUndefined();
    expect(eng.userState('u')).toBeUndefined();
    expect(eng.award('u', bj('2024-05-10T10:00:00'), 'walking', 'upload', {})).toMatchObject({
      rule: 'walk-upload',
      ruleSet: 'test-rules@1.0.0',
      points: 5n,
    });
  });
});

describe('PointEngine: conversions by local date', () => {
  const r = rules([{ id: 'bus', scenario: 'bus', basis: 'reduction', points: '1' }], {
    conversions: [
      conversion('early', null, '2024-05-31', '1000'),
      conversion('late', '2024-06-01', '2024-06-30', '500'),
    ],
  });

  it('the conversion in force on the local date, both end dates included', () => {
    const e = new PointEngine(r);
    expect(e.conversionAt(bj('2024-05-31T23:59:59.999'))?.id).toBe('early');
    // 2024-06-01 00:00 in Beijing is 2024-05-31 16:00Z: already June locally
    expect(e.conversionAt(bj('2024-06-01T00:00:00'))?.id).toBe('late');
    expect(e.conversionAt(bj('2024-06-30T23:59:59'))?.id).toBe('late');
    expect(e.conversionAt(bj('2024-07-01T00:00:00'))).toBeUndefined();
  });

  it('grams pay through the day’s conversion, on the day’s running total', () => {
    const e = new PointEngine(r);
    // 31 May at 1000 g per point: 2500 g → ⌊2500 / 1000⌋ = 2; then 600 g → ⌊3100 / 1000⌋ − 2 = 1
    const a1 = e.award('u', bj('2024-05-31T09:00:00'), 'bus', undefined, { grams: 2500n });
    expect(a1).toMatchObject({ points: 2n, wanted: 2n, accrued: '2500', conversion: 'early@1.0.0' });
    const a2 = e.award('u', bj('2024-05-31T18:00:00'), 'bus', undefined, { grams: 600n });
    expect(a2).toMatchObject({ points: 1n, accrued: '3100', conversion: 'early@1.0.0' });
    // 1 June at 500 g per point, a new day: ⌊600 / 500⌋ = 1 (not ⌊3700 / 500⌋ − 3 = 4)
    const a3 = e.award('u', bj('2024-06-01T08:00:00'), 'bus', undefined, { grams: 600n });
    expect(a3).toMatchObject({ points: 1n, accrued: '600', conversion: 'late@1.0.0' });
  });

  it('before the first conversion starts there is none', () => {
    const later = new PointEngine(
      rules([{ id: 'bus', scenario: 'bus', basis: 'reduction', points: '1' }], {
        conversions: [conversion('late', '2024-06-01', null)],
      }),
    );
    expect(later.conversionAt(bj('2024-05-31T23:59:59'))).toBeUndefined();
    expect(later.conversionAt(bj('2024-06-01T00:00:00'))?.id).toBe('late');
  });

  it('a day total past 10¹⁵ g is still exact', () => {
    const e = new PointEngine(r);
    // 10¹⁵ g at 1000 g per point: 10¹² points; then 999 g more: ⌊(10¹⁵ + 999) / 1000⌋ − 10¹² = 0; then 1 g: 1
    const big = e.award('u', bj('2024-05-10T09:00:00'), 'bus', undefined, { grams: 10n ** 15n }) as Award;
    expect([big.points, big.accrued]).toEqual([10n ** 12n, '1000000000000000']);
    expect(pts(e.award('u', bj('2024-05-10T10:00:00'), 'bus', undefined, { grams: 999n }))).toBe(0n);
    const last = e.award('u', bj('2024-05-10T11:00:00'), 'bus', undefined, { grams: 1n }) as Award;
    expect([last.points, last.accrued]).toEqual([1n, '1000000000001000']);
  });

  it('no conversion in force, or no reduction computed: refused with the date and the rule', () => {
    const e = new PointEngine(r);
    const missing = errorOf(() =>
      e.award('u', bj('2024-07-02T10:00:00'), 'bus', undefined, { grams: 1n }, ['x']),
    );
    expect(missing.issues[0]).toMatchObject({
      code: 'CARBON_CONVERSION_MISSING',
      path: ['x'],
      params: { date: '2024-07-02', rules: 'test-rules@1.0.0' },
    });
    const nograms = errorOf(() => e.award('u', bj('2024-06-02T10:00:00'), 'bus', undefined, {}, ['y']));
    expect(nograms.issues[0]).toMatchObject({
      code: 'CARBON_ACTIVITY_INVALID',
      path: ['y'],
      params: { detail: 'rule bus converts the reduction, which was not computed' },
    });
  });
});

describe('PointEngine: each basis pays on the day’s running total', () => {
  const one = (basis: string, per: string, points: string, ms: Measures[]): Award[] => {
    const e = new PointEngine(rules([{ id: 'r', scenario: 's', basis, per, points }]));
    return ms.map((m, i) => e.award('u', bj('2024-05-10T08:00:00') + i, 's', undefined, m) as Award);
  };

  it('steps: 1999 then 1 at 2000 steps per award of 3 points', () => {
    // ⌊1999 / 2000⌋ = 0; ⌊2000 / 2000⌋ − 0 = 1 award × 3 = 3; ⌊5999 / 2000⌋ − 1 = 1 → 3; ⌊6000 / 2000⌋ − 2 = 1 → 3
    const a = one('steps', '2000', '3', [
      { steps: new Decimal(1999) },
      { steps: new Decimal(1) },
      { steps: new Decimal(3999) },
      { steps: new Decimal(1) },
    ]);
    expect(a.map((x) => [x.wanted, x.points, x.accrued])).toEqual([
      [0n, 0n, '1999'],
      [3n, 3n, '2000'],
      [3n, 3n, '5999'],
      [3n, 3n, '6000'],
    ]);
  });

  it('hours from minutes: 90, 60 and 30 minutes at 1 hour per award', () => {
    // 1.5 h → ⌊1.5⌋ = 1; 1.5 + 1 = 2.5 h → ⌊2.5⌋ − 1 = 1; 2.5 + 0.5 = 3 h → 3 − 2 = 1
    const a = one('hours', '1', '2', [
      { minutes: new Decimal(90) },
      { minutes: new Decimal(60) },
      { minutes: new Decimal(30) },
    ]);
    expect(a.map((x) => [x.points, x.accrued])).toEqual([
      [2n, '1.5'],
      [2n, '2.5'],
      [2n, '3'],
    ]);
  });

  it('hours total the day’s minutes: three records of 20 minutes make the hour (not 3 × 0.333…3 h)', () => {
    // 20 + 20 + 20 = 60 min against 1 h × 60 = 60 min: ⌊20/60⌋ = 0, ⌊40/60⌋ = 0, ⌊60/60⌋ = 1 award × 20 points.
    // Summed in hours, each 20/60 rounded to 40 digits, the total would be 0.999…9 and earn nothing.
    const a = one('hours', '1', '20', [
      { minutes: new Decimal(20) },
      { minutes: new Decimal(20) },
      { minutes: new Decimal(20) },
    ]);
    expect(a.map((x) => [x.points, x.accrued])).toEqual([
      [0n, '0.3333333333333333333333333333333333333333'],
      [0n, '0.6666666666666666666666666666666666666667'],
      [20n, '1'],
    ]);
    // a decimal number of minutes takes the Decimal path the same way: 12.5 × 4 = 50 min at 0.5 h (30 min) per award
    const b = one('hours', '0.5', '1', [
      { minutes: new Decimal('12.5') },
      { minutes: new Decimal('12.5') },
      { minutes: new Decimal('12.5') },
      { minutes: new Decimal('12.5') },
    ]);
    expect(b.map((x) => [x.points, x.accrued])).toEqual([
      [0n, '0.2083333333333333333333333333333333333333'],
      [0n, '0.4166666666666666666666666666666666666667'],
      [1n, '0.625'],
      [0n, '0.8333333333333333333333333333333333333333'],
    ]);
  });

  it('minutes, count and distance read their own measure', () => {
    // 25 + 10 = 35 minutes at 10 per award: ⌊25/10⌋ = 2, ⌊35/10⌋ − 2 = 1
    expect(
      one('minutes', '10', '1', [{ minutes: new Decimal(25) }, { minutes: new Decimal(10) }]).map(pts),
    ).toEqual([2n, 1n]);
    // 3 sorted items at 2 per award: ⌊3/2⌋ = 1 award × 4 points
    expect(one('count', '2', '4', [{ count: new Decimal(3), steps: new Decimal(9999) }]).map(pts)).toEqual([
      4n,
    ]);
    // 1.2 km then 0.9 km at 0.5 km per award: ⌊1.2/0.5⌋ = 2; ⌊2.1/0.5⌋ − 2 = 4 − 2 = 2
    const d = one('distance', '0.5', '1', [
      { distanceKm: new Decimal('1.2') },
      { distanceKm: new Decimal('0.9') },
    ]);
    expect(d.map((x) => [x.points, x.accrued])).toEqual([
      [2n, '1.2'],
      [2n, '2.1'],
    ]);
  });

  it('a whole measure at a fractional quantity per award', () => {
    // 3 km at 1.5 km per award: 2; then 2 km: ⌊5 / 1.5⌋ − 2 = 3 − 2 = 1
    expect(
      one('distance', '1.5', '1', [{ distanceKm: new Decimal(3) }, { distanceKm: new Decimal(2) }]).map(pts),
    ).toEqual([2n, 1n]);
    // 2 km at 0.5 km per award: 4
    expect(one('distance', '0.5', '1', [{ distanceKm: new Decimal(2) }]).map(pts)).toEqual([4n]);
  });

  it('an integer measure after a fractional one, and a fractional one after an integer, keep the exact total', () => {
    // steps 1999 then 1.5: 2000.5 → ⌊2000.5 / 2000⌋ = 1; then 1999.5 → 4000 → 2 − 1 = 1
    expect(
      one('steps', '2000', '1', [
        { steps: new Decimal(1999) },
        { steps: new Decimal('1.5') },
        { steps: new Decimal('1999.5') },
      ]).map((x) => [x.points, x.accrued]),
    ).toEqual([
      [0n, '1999'],
      [1n, '2000.5'],
      [1n, '4000'],
    ]);
  });

  it('events pay one award each', () => {
    expect(one('event', '1', '7', [{}, {}]).map((x) => [x.points, x.accrued])).toEqual([
      [7n, '1'],
      [7n, '2'],
    ]);
  });

  it('a measure the rule needs and the activity lacks is refused, naming both', () => {
    const e = new PointEngine(rules([{ id: 'st', scenario: 's', basis: 'steps', per: '2000', points: '1' }]));
    const err = errorOf(() => e.award('u', 0, 's', undefined, { minutes: new Decimal(5) }, ['line', 3]));
    expect(err.issues[0]).toMatchObject({
      code: 'CARBON_ACTIVITY_INVALID',
      path: ['line', 3],
      params: { detail: "rule st needs the activity's steps" },
    });
  });

  it('hours are read from minutes: an activity without minutes is refused', () => {
    const e = new PointEngine(rules([{ id: 'h', scenario: 'yoga', basis: 'hours', points: '1' }]));
    expect(
      errorOf(() => e.award('u', 0, 'yoga', undefined, { steps: new Decimal(60) })).issues[0],
    ).toMatchObject({
      code: 'CARBON_ACTIVITY_INVALID',
      path: [],
      params: { detail: "rule h needs the activity's hours" },
    });
  });

  it('a new local day starts a new total: the day ends at midnight Beijing time, not UTC', () => {
    const e = new PointEngine(rules([{ id: 'st', scenario: 's', basis: 'steps', per: '2000', points: '1' }]));
    const s = (n: number) => ({ steps: new Decimal(n) });
    // 1999 steps at 23:59:59.999 on the 10th, 1 step at 00:00 on the 11th (16:00Z, the same UTC day): 0 and 0
    expect(pts(e.award('u', bj('2024-05-10T23:59:59.999'), 's', undefined, s(1999)))).toBe(0n);
    const next = e.award('u', bj('2024-05-11T00:00:00'), 's', undefined, s(1)) as Award;
    expect([next.points, next.accrued]).toEqual([0n, '1']);
    // another user's steps are theirs: 1999 for v on the 11th earns nothing, 1999 more for u earns 0 (2000 → 1)
    expect(pts(e.award('v', bj('2024-05-11T01:00:00'), 's', undefined, s(1999)))).toBe(0n);
    expect(pts(e.award('u', bj('2024-05-11T02:00:00'), 's', undefined, s(1999)))).toBe(1n);
  });
});

describe('PointEngine: late lines', () => {
  const r = rules([{ id: 'w', scenario: 'walking', basis: 'event', points: '1' }], { lateWindowHours: 24 });

  it('a line more than the window before the user’s latest is refused with both instants and the window; at the edge it is accepted', () => {
    const e = new PointEngine(r);
    e.award('u', Date.parse('2024-05-10T02:00:00Z'), 'walking', undefined, {});
    // another user's clock is their own: v's first line, a day earlier, is on time
    expect(pts(e.award('v', Date.parse('2024-05-09T02:00:00Z'), 'walking', undefined, {}))).toBe(1n);
    // exactly 24 h before u's latest: latest − window = 2024-05-09T02:00Z, not earlier → accepted
    expect(pts(e.award('u', Date.parse('2024-05-09T02:00:00Z'), 'walking', undefined, {}))).toBe(1n);
    const err = errorOf(() =>
      e.award('u', Date.parse('2024-05-09T01:59:59.999Z'), 'walking', undefined, {}, [4]),
    );
    expect(err.issues[0]).toMatchObject({
      code: 'CARBON_TOO_LATE',
      path: [4],
      params: { ts: '2024-05-09T01:59:59.999Z', latest: '2024-05-10T02:00:00.000Z', window: '24' },
    });
    // a late line does not move the latest back: the window is still measured from 05-10T02:00Z
    expect(
      errorOf(() => e.quote('u', Date.parse('2024-05-09T01:00:00Z'), 'walking', undefined, {})).code,
    ).toBe('CARBON_TOO_LATE');
  });

  it('a refusal without a path given is at the root', () => {
    const e = new PointEngine(r);
    e.award('u', 100_000_000, 'walking', undefined, {});
    // 100,000,000 − 24 × 3,600,000 = 13,600,000: one ms earlier is too late
    expect(errorOf(() => e.award('u', 13_599_999, 'walking', undefined, {})).issues[0]?.path).toEqual([]);
    expect(errorOf(() => e.quote('u', 13_599_999, 'walking', undefined, {})).issues[0]?.path).toEqual([]);
    expect(pts(e.award('u', 13_600_000, 'walking', undefined, {}))).toBe(1n);
  });

  it('the default window is 168 h (7 days)', () => {
    const e = new PointEngine(rules([{ id: 'w', scenario: 'walking', basis: 'event', points: '1' }]));
    expect(e.rules.lateWindowHours).toBe(168);
    e.award('u', bj('2024-05-10T12:00:00'), 'walking', undefined, {});
    expect(pts(e.award('u', bj('2024-05-03T12:00:00'), 'walking', undefined, {}))).toBe(1n);
    expect(errorOf(() => e.award('u', bj('2024-05-03T11:59:59'), 'walking', undefined, {})).code).toBe(
      'CARBON_TOO_LATE',
    );
  });

  it('a late line counts in its own day’s total and caps, not the latest day’s', () => {
    const e = new PointEngine(
      rules([
        {
          id: 'st',
          scenario: 's',
          basis: 'steps',
          per: '2000',
          points: '1',
          caps: { daily: { points: '2' }, monthly: { points: '5' } },
        },
      ]),
    );
    const steps = (n: number) => ({ steps: new Decimal(n) });
    // 05-10: 1500 steps → ⌊1500/2000⌋ = 0
    expect(pts(e.award('u', bj('2024-05-10T09:00:00'), 's', undefined, steps(1500)))).toBe(0n);
    // 05-12: 4000 → 2 (the daily cap of 2 is reached on 05-12)
    expect(pts(e.award('u', bj('2024-05-12T09:00:00'), 's', undefined, steps(4000)))).toBe(2n);
    // late, 05-10: 1500 + 1000 = 2500 → ⌊2500/2000⌋ − 0 = 1, under 05-10's cap (0 + 1 ≤ 2), not 05-12's (full)
    const late = e.award('u', bj('2024-05-10T20:00:00'), 's', undefined, steps(1000)) as Award;
    expect([late.points, late.wanted, late.accrued, late.warnings]).toEqual([1n, 1n, '2500', []]);
    // 05-12 again: 4000 + 2000 = 6000 → 3 − 2 = 1 wanted, 05-12's cap leaves 0
    const capped = e.award('u', bj('2024-05-12T10:00:00'), 's', undefined, steps(2000)) as Award;
    expect([capped.points, capped.wanted]).toEqual([0n, 1n]);
    expect(capped.warnings.map((w) => w.params?.period)).toEqual(['daily']);
    // late 05-11: 6000 → 3 wanted; its day's cap (2) and May's room (5 − (0 + 2 + 1 + 0) = 2) both leave 2
    const month = e.award('u', bj('2024-05-11T09:00:00'), 's', undefined, steps(6000)) as Award;
    expect([month.points, month.wanted]).toEqual([2n, 3n]);
    expect(e.userState('u')?.daily).toEqual([
      ['st', { period: 19853, points: '1', events: 2 }],
      ['st', { period: 19854, points: '2', events: 1 }],
      ['st', { period: 19855, points: '2', events: 2 }],
    ]);
  });

  it('a late line in another month counts in that month', () => {
    const e = new PointEngine(
      rules([
        { id: 'w', scenario: 'walking', basis: 'event', points: '1', caps: { monthly: { points: '1' } } },
      ]),
    );
    // 06-01 takes June's one point; 05-31 (late, within 7 days) still has May's
    expect(pts(e.award('u', bj('2024-06-01T09:00:00'), 'walking', undefined, {}))).toBe(1n);
    expect(pts(e.award('u', bj('2024-05-31T09:00:00'), 'walking', undefined, {}))).toBe(1n);
    expect(pts(e.award('u', bj('2024-06-01T10:00:00'), 'walking', undefined, {}))).toBe(0n);
    expect(pts(e.award('u', bj('2024-05-31T10:00:00'), 'walking', undefined, {}))).toBe(0n);
    // months 2024 × 12 + 4 (May) and + 5 (June)
    expect(e.userState('u')?.monthly).toEqual([
      ['w', { period: 24292, points: '1', events: 2 }],
      ['w', { period: 24293, points: '1', events: 2 }],
    ]);
  });

  it('days and months the window has left are dropped when a new one is booked', () => {
    const e = new PointEngine(
      rules([{ id: 'w', scenario: 'walking', basis: 'event', points: '1' }], { lateWindowHours: 48 }),
    );
    for (const d of ['2024-05-29', '2024-05-30', '2024-05-31', '2024-06-02'])
      e.award('u', bj(`${d}T12:00:00`), 'walking', undefined, {});
    const s = e.userState('u');
    // latest 06-02 12:00 (+08:00); window 48 h → 05-31 12:00: days from 05-31 (19874) kept, 05-29 and 05-30 dropped;
    // months from May (24292) kept
    expect(s?.latest).toBe('2024-06-02T04:00:00.000Z');
    expect(s?.accruals.map(([, a]) => a.day)).toEqual([19874, 19876]);
    expect(s?.daily.map(([, c]) => c.period)).toEqual([19874, 19876]);
    expect(s?.monthly.map(([, c]) => c.period)).toEqual([24292, 24293]);
  });

  it('a quote never committed moves neither the clock nor the totals', () => {
    const e = new PointEngine(rules([{ id: 'st', scenario: 's', basis: 'steps', per: '2000', points: '1' }]));
    const q = e.quote('u', bj('2024-05-10T12:00:00'), 's', undefined, { steps: new Decimal(1999) });
    expect(q?.award.points).toBe(0n);
    expect(q?.rule.id).toBe('st');
    expect(e.userState('u')).toBeUndefined();
    // earlier than the quote, and it starts from zero: 1 step → 0; had the quote been booked, 2000 → 1
    const a = e.award('u', bj('2024-05-10T11:00:00'), 's', undefined, { steps: new Decimal(1) }) as Award;
    expect([a.points, a.accrued]).toEqual([0n, '1']);
    // a committed quote books like award
    const q2 = e.quote('u', bj('2024-05-10T13:00:00'), 's', undefined, { steps: new Decimal(1999) });
    expect(q2?.award.points).toBe(1n);
    q2?.commit();
    expect(e.userState('u')?.daily).toEqual([['st', { period: 19853, points: '1', events: 2 }]]);
  });
});

describe('PointEngine: caps', () => {
  it('a daily points cap: 2 points an event under 5 a day gives 2, 2, 1, 0, then 2 the next day', () => {
    const e = new PointEngine(
      rules([
        { id: 'w', scenario: 'walking', basis: 'event', points: '2', caps: { daily: { points: '5' } } },
      ]),
    );
    const at = (h: string) => e.award('u', bj(`2024-05-${h}`), 'walking', undefined, {}, ['l']) as Award;
    const a = [at('10T08:00:00'), at('10T09:00:00'), at('10T10:00:00'), at('10T11:00:00')];
    expect(a.map((x) => [x.wanted, x.points])).toEqual([
      [2n, 2n],
      [2n, 2n],
      [2n, 1n], // 5 − 4 = 1 left
      [2n, 0n],
    ]);
    expect(a[0]?.warnings).toEqual([]);
    expect(a[2]?.warnings).toMatchObject([
      {
        code: 'CARBON_POINTS_CAPPED',
        severity: 'warning',
        path: ['l'],
        params: {
          period: 'daily',
          periodZh: '每日',
          cap: '5 points',
          capZh: '5 分',
          wanted: '2',
          awarded: '1',
        },
      },
    ]);
    expect(a[3]?.warnings[0]?.params).toMatchObject({ wanted: '2', awarded: '0' });
    expect(at('11T08:00:00')).toMatchObject({ points: 2n, warnings: [] });
  });

  it('an award that fills the cap exactly is not capped', () => {
    const e = new PointEngine(
      rules([
        { id: 'w', scenario: 'walking', basis: 'event', points: '2', caps: { daily: { points: '4' } } },
      ]),
    );
    const at = (t: string) => e.award('u', bj(`2024-05-10T${t}`), 'walking', undefined, {}) as Award;
    // 2 + 2 = 4: the second award takes the last 2 points without a warning; the third gets 0 with one
    expect([at('08:00:00'), at('09:00:00')].map((a) => [a.points, a.warnings.length])).toEqual([
      [2n, 0],
      [2n, 0],
    ]);
    expect(at('10:00:00').warnings.map((w) => w.params?.awarded)).toEqual(['0']);
  });

  it('a daily events cap counts every booked event, paying or not', () => {
    const e = new PointEngine(
      rules([
        { id: 'st', scenario: 's', basis: 'steps', per: '2000', points: '3', caps: { daily: { events: 1 } } },
      ]),
    );
    const s = (t: string, n: number) =>
      e.award('u', bj(`2024-05-10T${t}`), 's', undefined, { steps: new Decimal(n) }) as Award;
    // the first record (1999 steps) earns nothing but is the day's one event
    expect(s('08:00:00', 1999)).toMatchObject({ points: 0n, warnings: [] });
    // the second completes 2000 steps (3 points wanted): over the events cap, 0 awarded
    const over = s('09:00:00', 1);
    expect([over.wanted, over.points]).toEqual([3n, 0n]);
    expect(over.warnings[0]?.params).toMatchObject({
      period: 'daily',
      cap: '1 events',
      capZh: '1 次',
      wanted: '3',
      awarded: '0',
    });
    // nothing wanted: nothing withheld, no warning
    expect(s('10:00:00', 1)).toMatchObject({ wanted: 0n, points: 0n, warnings: [] });
  });

  it('a monthly cap counts by local month and starts again when the month turns', () => {
    const e = new PointEngine(
      rules([
        { id: 'w', scenario: 'walking', basis: 'event', points: '2', caps: { monthly: { points: '3' } } },
      ]),
    );
    const at = (local: string) => e.award('u', bj(local), 'walking', undefined, {}) as Award;
    expect(at('2024-05-30T10:00:00').points).toBe(2n);
    const capped = at('2024-05-31T23:00:00');
    // 3 − 2 = 1 left in May
    expect(capped.points).toBe(1n);
    expect(capped.warnings[0]?.params).toMatchObject({
      period: 'monthly',
      periodZh: '每月',
      cap: '3 points',
      capZh: '3 分',
      wanted: '2',
      awarded: '1',
    });
    // 2024-06-01 00:30 in Beijing is still 31 May in UTC: a new month locally
    expect(at('2024-06-01T00:30:00')).toMatchObject({ points: 2n, warnings: [] });
    expect(at('2024-06-02T10:00:00').points).toBe(1n);
  });

  it('daily then monthly: each cap takes what the one before left; both warn with what was earned', () => {
    const e = new PointEngine(
      rules([
        {
          id: 'w',
          scenario: 'walking',
          basis: 'event',
          points: '4',
          caps: { daily: { points: '6' }, monthly: { points: '7' } },
        },
      ]),
    );
    const at = (local: string) => e.award('u', bj(local), 'walking', undefined, {}) as Award;
    expect(at('2024-05-10T08:00:00').points).toBe(4n);
    // day: 6 − 4 = 2 left; month: 7 − 4 = 3 left → 2
    const a = at('2024-05-10T09:00:00');
    expect(a.points).toBe(2n);
    expect(a.warnings.map((w) => [w.params?.period, w.params?.awarded])).toEqual([['daily', '2']]);
    // next day: the day allows 4, the month 7 − 6 = 1 → 1
    const b = at('2024-05-11T08:00:00');
    expect(b.points).toBe(1n);
    expect(b.warnings.map((w) => [w.params?.period, w.params?.wanted, w.params?.awarded])).toEqual([
      ['monthly', '4', '1'],
    ]);
  });

  it('rules of one cap group share the caps; other rules keep their own', () => {
    const cap = { daily: { points: '3' } };
    const e = new PointEngine(
      rules([
        { id: 'a', scenario: 'walking', basis: 'event', points: '2', capGroup: 'green', caps: cap },
        { id: 'b', scenario: 'cycling', basis: 'event', points: '2', capGroup: 'green', caps: cap },
        { id: 'c', scenario: 'bus', basis: 'event', points: '2', caps: cap },
      ]),
    );
    const at = (t: string, s: string) => e.award('u', bj(`2024-05-10T${t}`), s, undefined, {}) as Award;
    expect(at('08:00:00', 'walking').points).toBe(2n);
    // the group has 3 − 2 = 1 left
    expect(at('09:00:00', 'cycling').points).toBe(1n);
    // bus caps on its own counter
    expect(at('10:00:00', 'bus').points).toBe(2n);
    expect(e.userState('u')?.daily).toEqual([
      ['green', { period: 19853, points: '3', events: 2 }],
      ['c', { period: 19853, points: '2', events: 1 }],
    ]);
  });

  it('a counter restored above a stricter cap leaves nothing, never a negative award', () => {
    const r = rules([
      { id: 'w', scenario: 'walking', basis: 'event', points: '2', caps: { daily: { points: '5' } } },
    ]);
    const e = new PointEngine(r);
    const day = 19853; // 2024-05-10 in Beijing: 1 715 270 400 000 ms / 86 400 000 = 19 853 days after 1970-01-01
    e.restoreUser('u', {
      accruals: [],
      daily: [['w', { period: day, points: '9', events: 3 }]],
      monthly: [],
    });
    const a = e.award('u', bj('2024-05-10T12:00:00'), 'walking', undefined, {}) as Award;
    expect([a.wanted, a.points]).toEqual([2n, 0n]);
    expect(a.warnings[0]?.params).toMatchObject({ wanted: '2', awarded: '0' });
  });
});

describe('PointEngine: claim windows and expiry are whole local days', () => {
  it('available after 1 day, claimable within 7, expiring 30 days after the activity’s day', () => {
    const e = new PointEngine(
      rules([
        {
          id: 'w',
          scenario: 'walking',
          basis: 'event',
          points: '1',
          claim: { availableAfterDays: 1, claimWithinDays: 7 },
          expiresAfterDays: 30,
        },
      ]),
    );
    const a = e.award('u', bj('2024-05-10T23:30:00'), 'walking', undefined, {}) as Award;
    // local day 2024-05-10: from the start of the 11th (16:00Z on the 10th), claim by the start of the 18th
    // (11 + 7), expiring at the start of the 10th + 30 + 1 = 10 June (16:00Z on 9 June)
    expect(a.availableFrom).toBe('2024-05-10T16:00:00.000Z');
    expect(a.claimBy).toBe('2024-05-17T16:00:00.000Z');
    expect(a.expiresAt).toBe('2024-06-09T16:00:00.000Z');
    // the next local day (00:10 on the 11th = 16:10Z on the 10th) shifts all three by a day
    const b = e.award('u', bj('2024-05-11T00:10:00'), 'walking', undefined, {}) as Award;
    expect([b.availableFrom, b.claimBy, b.expiresAt]).toEqual([
      '2024-05-11T16:00:00.000Z',
      '2024-05-18T16:00:00.000Z',
      '2024-06-10T16:00:00.000Z',
    ]);
  });

  it('a rule with neither gives neither; a window available at once opens at the day’s start', () => {
    const e = new PointEngine(
      rules([
        { id: 'w', scenario: 'walking', basis: 'event', points: '1' },
        {
          id: 'c',
          scenario: 'cycling',
          basis: 'event',
          points: '1',
          claim: { availableAfterDays: 0, claimWithinDays: 1 },
        },
      ]),
    );
    const a = e.award('u', bj('2024-05-10T12:00:00'), 'walking', undefined, {}) as Award;
    expect('availableFrom' in a || 'claimBy' in a || 'expiresAt' in a || 'conversion' in a).toBe(false);
    const c = e.award('u', bj('2024-05-10T12:00:00'), 'cycling', undefined, {}) as Award;
    expect([c.availableFrom, c.claimBy, c.expiresAt]).toEqual([
      '2024-05-09T16:00:00.000Z',
      '2024-05-10T16:00:00.000Z',
      undefined,
    ]);
  });

  it('windows stay right over more than two months of days', () => {
    const e = new PointEngine(
      rules([{ id: 'w', scenario: 'walking', basis: 'event', points: '1', expiresAfterDays: 1 }]),
    );
    const start = bj('2024-01-01T12:00:00');
    for (let d = 0; d < 70; d++) {
      const a = e.award('u', start + d * 86_400_000, 'walking', undefined, {}) as Award;
      // day d of 2024 (local) expires at the start of day d + 2: 16:00Z on day d + 1
      expect(a.expiresAt).toBe(new Date(Date.UTC(2024, 0, 2 + d, 16)).toISOString());
    }
  });
});

describe('PointEngine: a wider window after a narrower one (`since`)', () => {
  const rule = { id: 'w', scenario: 'walking', basis: 'event', points: '1', caps: { daily: { events: 1 } } };
  it('a line whose day the narrower window dropped is refused, not paid from zero; a day still held is paid on its counters', () => {
    const narrow = new PointEngine(rules([rule], { lateWindowHours: 24 }));
    expect(pts(narrow.award('u', bj('2024-05-10T08:00:00'), 'walking', undefined, {}))).toBe(1n);
    expect(narrow.userState('u')?.since).toBeUndefined();
    // 05-12 08:00 drops 05-10 (24 h reach back to 05-11): since = 05-11 00:00 +08:00
    expect(pts(narrow.award('u', bj('2024-05-12T08:00:00'), 'walking', undefined, {}))).toBe(1n);
    const r = narrow.userState('u');
    expect(r?.since).toBe('2024-05-10T16:00:00.000Z');
    const wide = new PointEngine(rules([rule], { version: '1.1.0', lateWindowHours: 168 }));
    wide.restoreUser('u', JSON.parse(JSON.stringify(r)));
    const err = errorOf(() => wide.quote('u', bj('2024-05-10T09:00:00'), 'walking', undefined, {}, [2]));
    expect(err.issues[0]).toMatchObject({
      code: 'CARBON_TOO_LATE',
      path: [2],
      params: { window: '168', since: '2024-05-10T16:00:00.000Z' },
    });
    // 05-12 is held with its paid event: the events cap of 1 leaves nothing
    expect(pts(wide.award('u', bj('2024-05-12T09:00:00'), 'walking', undefined, {}))).toBe(0n);
    expect(pts(wide.award('u', bj('2024-05-11T09:00:00'), 'walking', undefined, {}))).toBe(1n);
    // a record without since (written before it was recorded, or that dropped nothing) refuses by the window alone
    const old = new PointEngine(rules([rule], { version: '1.1.0', lateWindowHours: 168 }));
    old.restoreUser('u', { ...(r as NonNullable<typeof r>), since: undefined });
    expect(pts(old.award('u', bj('2024-05-10T09:00:00'), 'walking', undefined, {}))).toBe(1n);
  });
});

describe('PointEngine: a user’s state as data, restored into a new engine', () => {
  const r = rules([
    { id: 'st', scenario: 's', basis: 'steps', per: '2000', points: '3', caps: { daily: { points: '100' } } },
    { id: 'h', scenario: 'yoga', basis: 'hours', points: '1', caps: { monthly: { events: 10 } } },
  ]);
  const day = 19853; // 2024-05-10 (local)
  const month = 24292; // 2024 × 12 + 4 (May, months counted from 0)

  it('records the day totals and the counters', () => {
    const e = new PointEngine(r);
    e.award('u', bj('2024-05-10T08:00:00'), 's', undefined, { steps: new Decimal(2500) });
    e.award('u', bj('2024-05-10T09:00:00'), 'yoga', undefined, { minutes: new Decimal(90) });
    expect(e.userState('u')).toEqual({
      latest: '2024-05-10T01:00:00.000Z',
      // 2500 steps → 1 award (integer total: no decimal kept); 90 minutes = 1.5 h → 1 award, the hours rule's
      // total kept in minutes (an integer here)
      accruals: [
        ['st', { day, q: null, qi: '2500', units: '1', basis: 'steps' }],
        ['h', { day, q: null, qi: '90', units: '1', basis: 'hours' }],
      ],
      // every rule's counters are kept, capped or not (a rule set's caps may change between runs)
      daily: [
        ['st', { period: day, points: '3', events: 1 }],
        ['h', { period: day, points: '1', events: 1 }],
      ],
      monthly: [
        ['st', { period: month, points: '3', events: 1 }],
        ['h', { period: month, points: '1', events: 1 }],
      ],
    });
  });

  it('a day of whole measures is recorded as an integer total; a fractional one as a decimal', () => {
    const e = new PointEngine(r);
    e.award('u', bj('2024-05-10T08:00:00'), 's', undefined, { steps: new Decimal(2500) });
    e.award('u', bj('2024-05-10T09:00:00'), 's', undefined, { steps: new Decimal(1500) });
    // 2500 + 1500 = 4000 steps → 2 awards
    expect(e.userState('u')?.accruals).toEqual([
      ['st', { day, q: null, qi: '4000', units: '2', basis: 'steps' }],
    ]);
    e.award('u', bj('2024-05-10T10:00:00'), 's', undefined, { steps: new Decimal('0.5') });
    expect(e.userState('u')?.accruals).toEqual([
      ['st', { day, q: '4000.5', qi: '0', units: '2', basis: 'steps' }],
    ]);
  });

  it('an engine restored from the record continues as the one that never stopped', () => {
    const acts: [string, string, Measures][] = [
      ['2024-05-10T08:00:00', 's', { steps: new Decimal(2500) }],
      ['2024-05-10T09:00:00', 'yoga', { minutes: new Decimal(90) }],
      ['2024-05-10T10:00:00', 's', { steps: new Decimal(1500) }],
      ['2024-05-10T11:00:00', 'yoga', { minutes: new Decimal(30) }],
    ];
    const whole = new PointEngine(r);
    const first = new PointEngine(r);
    const all = acts.map(([t, s, m]) => whole.award('u', bj(t), s, undefined, m) as Award);
    for (const [t, s, m] of acts.slice(0, 2)) first.award('u', bj(t), s, undefined, m);
    const second = new PointEngine(r);
    second.restoreUser('u', JSON.parse(JSON.stringify(first.userState('u'))));
    const rest = acts.slice(2).map(([t, s, m]) => second.award('u', bj(t), s, undefined, m) as Award);
    // 2500 + 1500 = 4000 steps → 2 awards, 1 new → 3 points; 1.5 + 0.5 = 2 h → 1 new award
    expect(rest.map((a) => [a.points, a.accrued])).toEqual([
      [3n, '4000'],
      [1n, '2'],
    ]);
    expect(rest).toEqual(all.slice(2));
    expect(second.userState('u')).toEqual(whole.userState('u'));
  });

  it('a new version of the rule set: the day’s total counts at the new divisor, and a total of another measure restarts', () => {
    // 3,000 steps on 05-10 under st per 1,000 (3 awards), the record stored; then two new versions of rule st:
    const v1 = rules([{ id: 'st', scenario: 's', basis: 'steps', per: '1000', points: '1' }]);
    const first = new PointEngine(v1);
    expect(
      (first.award('u', bj('2024-05-10T08:00:00'), 's', undefined, { steps: new Decimal(3000) }) as Award)
        .points,
    ).toBe(3n);
    const record = JSON.parse(JSON.stringify(first.userState('u'))) as PointsRecord;
    // per 2,000: 500 steps more → ⌊3,500 / 2,000⌋ − ⌊3,000 / 2,000⌋ = 1 − 1 = 0 (the stored 3 units at per 1,000 gave
    // −2); 2,000 more → ⌊5,500 / 2,000⌋ − ⌊3,500 / 2,000⌋ = 2 − 1 = 1
    const perTwo = new PointEngine(
      rules([{ id: 'st', scenario: 's', basis: 'steps', per: '2000', points: '1' }]),
    );
    perTwo.restoreUser('u', record);
    const award = (e: PointEngine, t: string, steps: number) =>
      (e.award('u', bj(t), 's', undefined, { steps: new Decimal(steps) }) as Award).points;
    expect([award(perTwo, '2024-05-10T12:00:00', 500), award(perTwo, '2024-05-10T13:00:00', 2000)]).toEqual([
      0n,
      1n,
    ]);
    // the same at a divisor no integer path takes (per 1,500.5): ⌊3,500 / 1,500.5⌋ − ⌊3,000 / 1,500.5⌋ = 2 − 1 = 1
    const perOdd = new PointEngine(
      rules([{ id: 'st', scenario: 's', basis: 'steps', per: '1500.5', points: '1' }]),
    );
    perOdd.restoreUser('u', record);
    expect(award(perOdd, '2024-05-10T12:00:00', 500)).toBe(1n);
    // by event: the 3,000 steps are no events; the day starts again, one award per line (not 3,001 − 3 = 2,998)
    const byEvent = new PointEngine(rules([{ id: 'st', scenario: 's', basis: 'event', points: '1' }]));
    byEvent.restoreUser('u', record);
    expect([award(byEvent, '2024-05-10T12:00:00', 500), award(byEvent, '2024-05-10T13:00:00', 2000)]).toEqual(
      [1n, 1n],
    );
    expect(byEvent.userState('u')?.accruals).toEqual([
      ['st', { day, q: null, qi: '2', units: '2', basis: 'event' }],
    ]);
    // a record stored without the basis (before it was kept) is read as of the rule's own measure
    const old = { ...record, accruals: record.accruals.map(([id, a]) => [id, { ...a, basis: undefined }]) };
    const legacy = new PointEngine(v1);
    legacy.restoreUser('u', JSON.parse(JSON.stringify(old)) as PointsRecord);
    expect(award(legacy, '2024-05-10T12:00:00', 1000)).toBe(1n);
  });

  it('a restored engine keeps the late window and every day’s totals, whatever order the record lists them in', () => {
    const first = new PointEngine(r);
    // 05-12: 2000 steps → 1 award (3 points); late 05-10: 1500 → 0; 05-11: 2000 → 1
    for (const [t, n] of [
      ['2024-05-12T08:00:00', 2000],
      ['2024-05-10T08:00:00', 1500],
      ['2024-05-11T08:00:00', 2000],
    ] as const)
      first.award('u', bj(t), 's', undefined, { steps: new Decimal(n) });
    const record = first.userState('u');
    expect(record?.accruals.map(([, a]) => a.day)).toEqual([day, day + 1, day + 2]);
    // the lists reversed, as a store might return them
    const reversed = {
      ...(record as NonNullable<typeof record>),
      accruals: [...(record?.accruals ?? [])].reverse(),
      daily: [...(record?.daily ?? [])].reverse(),
    };
    const second = new PointEngine(r);
    second.restoreUser('u', JSON.parse(JSON.stringify(reversed)));
    // the latest (05-12 08:00) came with the record: 7 days and 1 minute before it is too late
    expect(
      errorOf(() => second.quote('u', bj('2024-05-05T07:59:00'), 's', undefined, { steps: new Decimal(1) }))
        .code,
    ).toBe('CARBON_TOO_LATE');
    // late 05-10 again: 1500 + 500 = 2000 → 1 award; 05-12: 2000 + 2000 = 4000 → 2, 1 new
    const a = second.award('u', bj('2024-05-10T09:00:00'), 's', undefined, { steps: new Decimal(500) });
    const b = second.award('u', bj('2024-05-12T09:00:00'), 's', undefined, { steps: new Decimal(2000) });
    expect([a?.points, a?.accrued, b?.points, b?.accrued]).toEqual([3n, '2000', 3n, '4000']);
    expect(second.userState('u')?.daily.map(([, c]) => [c.period, c.points])).toEqual([
      [day, '3'],
      [day + 1, '3'],
      [day + 2, '6'],
    ]);
  });

  it('a record without a latest time (written before late data) refuses nothing until the next booking', () => {
    const e = new PointEngine(r);
    e.restoreUser('u', { accruals: [], daily: [], monthly: [] });
    expect(pts(e.award('u', bj('2024-05-20T08:00:00'), 's', undefined, { steps: new Decimal(2000) }))).toBe(
      3n,
    );
    expect(pts(e.award('u', bj('2024-05-13T08:00:00'), 's', undefined, { steps: new Decimal(2000) }))).toBe(
      3n,
    );
    expect(e.userState('u')?.latest).toBe('2024-05-20T00:00:00.000Z');
  });
});

describe('accrueInt: integers where they equal the decimal path, undefined outside', () => {
  it('the total and the whole awards in it', () => {
    // 1999 + 1 = 2000 → ⌊2000 / 2000⌋ = 1; 4000 + 3999 = 7999 → ⌊7999 / 2000⌋ = 3; per 1 → the total
    expect(accrueInt(1999n, 1n, 2000n)).toEqual({ total: 2000n, units: 1n });
    expect(accrueInt(4000n, 3999n, 2000n)).toEqual({ total: 7999n, units: 3n });
    expect(accrueInt(7n, 5n, 1n)).toEqual({ total: 12n, units: 12n });
  });

  it('bounds: 0 ≤ total < 10¹⁵ and 1 ≤ per < 10¹⁵', () => {
    const L = 10n ** 15n;
    expect(accrueInt(0n, L - 1n, 1n)).toEqual({ total: L - 1n, units: L - 1n });
    expect(accrueInt(1n, L - 1n, 1n)).toBeUndefined();
    expect(accrueInt(0n, 0n, 1n)).toEqual({ total: 0n, units: 0n });
    expect(accrueInt(0n, -1n, 1n)).toBeUndefined();
    expect(accrueInt(5n, 1n, L - 1n)).toEqual({ total: 6n, units: 0n });
    expect(accrueInt(5n, 1n, L)).toBeUndefined();
    expect(accrueInt(5n, 1n, 0n)).toBeUndefined();
  });
});
