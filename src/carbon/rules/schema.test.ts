import { describe, expect, it } from 'vitest';
import { errorOf, ruleSetWith } from '../../../test/carbon/helpers';

/** A rule of the test rule set (id a, scenario s), source and grade filled in. */
const rule = (r: Record<string, unknown>) => ({
  id: 'a',
  scenario: 's',
  source: { document: 'test' },
  grade: 'assumed',
  ...r,
});
const withRule = (r: Record<string, unknown>) => ruleSetWith({ rules: [rule(r)] });
/** The one refusal of a rule set: code, path, detail and both messages. */
function refusal(extra: Record<string, unknown>) {
  const issues = errorOf(() => ruleSetWith(extra)).issues;
  expect(issues).toHaveLength(1);
  const i = issues[0];
  return { code: i?.code, path: i?.path, detail: i?.params?.detail, en: i?.message.en, zh: i?.message.zh };
}
const SOURCE = { source: { document: 'test' }, grade: 'assumed' };

describe('ruleSchema: points and counts are positive integers', () => {
  it('read as bigints from a string or a number, exactly beyond 2⁵³', () => {
    expect(withRule({ basis: 'event', points: '12' }).rules[0]?.points).toBe(12n);
    expect(withRule({ basis: 'event', points: 7 }).rules[0]?.points).toBe(7n);
    expect(withRule({ basis: 'event', points: '123456789012345678901' }).rules[0]?.points).toBe(
      123456789012345678901n,
    );
    const capped = withRule({ basis: 'event', points: '1', caps: { daily: { points: '30' } } });
    expect(capped.rules[0]?.caps?.daily?.points).toBe(30n);
  });

  it('anything else refused where it stands, the value named in English and Chinese', () => {
    // a zero, a leading zero, a sign, a fraction, a letter before or after the digits, an empty string
    for (const points of ['0', '01', '-1', '+1', 1.5, '1.0', 'x1', '1x', '1 ', ''])
      expect(refusal({ rules: [rule({ basis: 'event', points })] }), String(points)).toEqual({
        code: 'CARBON_RULES_INVALID',
        path: ['rules', 0, 'points'],
        detail: `a positive integer, got ${points}`,
        en: `Invalid point rules: a positive integer, got ${points}`,
        zh: `积分规则格式错误：应为正整数，实际为 ${points}`,
      });
    expect(
      refusal({ rules: [rule({ basis: 'event', points: '1', caps: { monthly: { points: '0' } } })] }),
    ).toMatchObject({
      path: ['rules', 0, 'caps', 'monthly', 'points'],
      detail: 'a positive integer, got 0',
    });
    const item = { id: 'x', points: '00', label: { zh: 'x', en: 'x' }, ...SOURCE };
    expect(refusal({ redemptions: [item] })).toMatchObject({
      path: ['redemptions', 0, 'points'],
      detail: 'a positive integer, got 00',
    });
    expect(ruleSetWith({ redemptions: [{ ...item, points: 20 }] }).redemptions[0]?.points).toBe(20n);
  });
});

describe('ruleSchema: per', () => {
  it('defaults to 1; an event rule pays per 1 event, other bases per any positive quantity', () => {
    const steps = withRule({ basis: 'steps', points: '1' }).rules[0]?.per;
    expect(steps?.toString()).toBe('1');
    expect(withRule({ basis: 'event', points: '1' }).rules[0]?.per.toString()).toBe('1');
    expect(withRule({ basis: 'event', per: '1', points: '1' }).rules[0]?.per.toString()).toBe('1');
    expect(withRule({ basis: 'steps', per: '2000', points: '1' }).rules[0]?.per.toString()).toBe('2000');
    expect(withRule({ basis: 'distance', per: '0.5', points: '1' }).rules[0]?.per.toString()).toBe('0.5');
    for (const per of ['2', '0.5'])
      expect(refusal({ rules: [rule({ basis: 'event', per, points: '1' })] }), per).toEqual({
        code: 'CARBON_RULES_INVALID',
        path: ['rules', 0, 'per'],
        detail: 'an event rule pays per 1 event',
        en: 'Invalid point rules: an event rule pays per 1 event',
        zh: '积分规则格式错误：事件规则按每 1 次事件计分（per 必须为 1）',
      });
  });

  it('a per of 0 or below is refused (must be > 0)', () => {
    for (const per of ['0', '-1', '-0.5'])
      expect(refusal({ rules: [rule({ basis: 'steps', per, points: '1' })] }), per).toMatchObject({
        code: 'CARBON_RULES_INVALID',
        path: ['rules', 0, 'per'],
        detail: 'must be > 0',
        en: 'Invalid point rules: must be > 0',
      });
  });
});

describe('ruleSchema: caps', () => {
  it('a cap limits points, events or both; an empty cap is refused', () => {
    const caps = (daily: unknown) =>
      withRule({ basis: 'event', points: '1', caps: { daily } }).rules[0]?.caps;
    expect(caps({ points: '5' })).toEqual({ daily: { points: 5n } });
    expect(caps({ events: 3 })).toEqual({ daily: { events: 3 } });
    expect(caps({ points: '5', events: 3 })).toEqual({ daily: { points: 5n, events: 3 } });
    for (const [at, cap] of [
      ['daily', { daily: {} }],
      ['monthly', { daily: { events: 1 }, monthly: {} }],
    ] as const)
      expect(refusal({ rules: [rule({ basis: 'event', points: '1', caps: cap })] }), at).toMatchObject({
        code: 'CARBON_RULES_INVALID',
        path: ['rules', 0, 'caps', at],
        detail: 'a cap limits points or events',
        en: 'Invalid point rules: a cap limits points or events',
      });
  });
});

describe('conversionSchema: grams per point', () => {
  const conversion = (gramsPerPoint: unknown) => ({
    id: 'c',
    version: '1.0.0',
    effective: { from: '2024-01-01' },
    gramsPerPoint,
    ...SOURCE,
  });

  it('a positive quantity, the end of its window null when not given', () => {
    const c = ruleSetWith({ conversions: [conversion('0.25')] }).conversions[0];
    expect(c?.gramsPerPoint.toString()).toBe('0.25');
    expect(c?.effective).toEqual({ from: '2024-01-01', to: null });
    for (const g of ['0', '-3'])
      expect(refusal({ conversions: [conversion(g)] }), g).toMatchObject({
        path: ['conversions', 0, 'gramsPerPoint'],
        detail: 'must be > 0',
      });
  });
});

describe('ruleSetSchema: reduction caps and offsets', () => {
  it('reduction caps limit daily grams, monthly grams or both; neither is refused', () => {
    const caps = (c: Record<string, unknown>) =>
      ruleSetWith({ reductionCaps: { ...c, ...SOURCE } }).reductionCaps;
    expect(caps({ daily: '200' })?.daily?.toString()).toBe('200');
    expect(caps({ daily: '200' })?.monthly).toBeUndefined();
    expect(caps({ monthly: '5000' })?.monthly?.toString()).toBe('5000');
    expect(caps({ daily: '1', monthly: '2' })).toMatchObject({ source: { document: 'test' } });
    expect(refusal({ reductionCaps: SOURCE })).toMatchObject({
      code: 'CARBON_RULES_INVALID',
      path: ['reductionCaps'],
      detail: 'a cap limits daily or monthly grams',
      en: 'Invalid point rules: a cap limits daily or monthly grams',
    });
    expect(refusal({ reductionCaps: { daily: '0', ...SOURCE } })).toMatchObject({
      path: ['reductionCaps', 'daily'],
      detail: 'must be > 0',
    });
  });

  it('the offset share is in (0, 1]: 1 and a small share accepted, 0, below 0 and above 1 refused', () => {
    const share = (maxShare: string) => ruleSetWith({ offsets: { maxShare, ...SOURCE } }).offsets?.maxShare;
    expect(share('1')?.toString()).toBe('1');
    expect(share('0.05')?.toString()).toBe('0.05');
    for (const maxShare of ['0', '-0.05', '1.01', '2'])
      expect(refusal({ offsets: { maxShare, ...SOURCE } }), maxShare).toMatchObject({
        code: 'CARBON_RULES_INVALID',
        path: ['offsets', 'maxShare'],
        detail: 'a share in (0, 1]',
        en: 'Invalid point rules: a share in (0, 1]',
      });
  });
});

describe('ruleSetSchema: defaults', () => {
  it('a rule set without them: +08:00, floor, 168 h, refuse, no conversions or redemptions, g and t CO₂ transferable', () => {
    const r = ruleSetWith({});
    expect({
      utcOffset: r.utcOffset,
      rounding: r.rounding,
      lateWindowHours: r.lateWindowHours,
      plausibility: r.plausibility,
      conversions: r.conversions,
      redemptions: r.redemptions,
      transferable: r.transferable,
      reductionCaps: r.reductionCaps,
      offsets: r.offsets,
    }).toEqual({
      utcOffset: '+08:00',
      rounding: 'floor',
      lateWindowHours: 168,
      plausibility: 'refuse',
      conversions: [],
      redemptions: [],
      transferable: ['g_CO2', 't_CO2'],
      reductionCaps: undefined,
      offsets: undefined,
    });
  });
});
