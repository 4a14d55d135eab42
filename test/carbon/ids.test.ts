import { describe, expect, it } from 'vitest';
import { type LineResult, processActivities } from '../../src/carbon/batch';
import { bundledRuleSet } from '../../src/carbon/rules/bundled';

const bus = (id: string, user: string, minute: number) =>
  JSON.stringify({
    id,
    user,
    ts: `2024-05-01T08:${String(minute).padStart(2, '0')}:00+08:00`,
    scenario: 'bus',
    region: '420102',
    rides: '1',
  });

describe('carbon ids by the id rule (trim, NFKC; case kept)', () => {
  it('"b1 ", "ｂ1" and "b1" are one user and one activity id; "B1" is another user', () => {
    const lines = [bus('a-1', 'b1 ', 0), bus('a-2', 'ｂ1', 1), bus('a-3', 'B1', 2), bus('ａ-1', 'b1', 3)];
    const results = [
      ...processActivities(lines, { rules: bundledRuleSet('jx-lvbao-example') }),
    ] as LineResult[];
    expect(results.map((r) => r.user)).toEqual(['b1', 'b1', 'B1', 'b1']);
    expect(results.slice(0, 3).map((r) => r.ok)).toEqual([true, true, true]);
    expect(results[0]?.entries[0]?.to).toBe('user:b1');
    expect(results[1]?.entries[0]?.to).toBe('user:b1');
    expect(results[2]?.entries[0]?.to).toBe('user:B1');
    // each id the rule changed is named in a warning with the id as read; ids written as read have none
    // (a refused line names the refusal first, then the ids the rule changed)
    expect(
      results.map((r) => r.issues.map((i) => [i.code, i.path.at(-1), i.params?.id ?? i.params?.ref])),
    ).toEqual([
      [['CARBON_ID_NORMALISED', 'user', 'b1']],
      [['CARBON_ID_NORMALISED', 'user', 'b1']],
      [],
      [
        ['LEDGER_DOUBLE_CREDIT', 'id', 'a-1'],
        ['CARBON_ID_NORMALISED', 'id', 'a-1'],
      ],
    ]);
    // "ａ-1" (full-width a) is the id a-1 already credited: refused as a double credit
    expect(results[3]?.ok).toBe(false);
    expect(results[3]?.issues.map((i) => i.code)).toContain('LEDGER_DOUBLE_CREDIT');
  });
});

describe('future-dated activities', () => {
  // now = 2024-05-01T00:00:00Z; the tolerance is one day, so the last instant accepted is 2024-05-02T00:00:00Z
  // (= 2024-05-02T08:00:00+08:00) and one millisecond later is refused.
  const now = Date.parse('2024-05-01T00:00:00Z');
  const at = (id: string, ts: string) =>
    JSON.stringify({ id, user: 'u1', ts, scenario: 'bus', region: '420102', rides: '1' });

  it('a line dated 2099 is refused with CARBON_TIMESTAMP_FUTURE and does not block the real lines after it', () => {
    const lines = [
      at('a-1', '2024-04-30T09:00:00+08:00'),
      at('a-2', '2099-01-01T08:00:00+08:00'),
      at('a-3', '2024-04-30T10:00:00+08:00'),
      at('a-4', '2024-05-02T08:00:00+08:00'), // exactly now + 1 day: accepted
      at('a-5', '2024-05-02T08:00:00.001+08:00'), // 1 ms beyond: refused
    ];
    const rs = [...processActivities(lines, { now })] as LineResult[];
    expect(rs.map((r) => r.ok)).toEqual([true, false, true, true, false]);
    expect(rs[1]?.issues[0]).toMatchObject({ code: 'CARBON_TIMESTAMP_FUTURE', path: ['line', 2, 'ts'] });
    expect(rs[1]?.issues[0]?.message.en).toContain('2024-05-01T00:00:00.000Z');
    expect(rs[4]?.issues[0]?.code).toBe('CARBON_TIMESTAMP_FUTURE');
  });

  it('without `now` the library refuses nothing for its date', () => {
    const rs = [...processActivities([at('a-1', '2099-01-01T08:00:00+08:00')])] as LineResult[];
    expect(rs[0]?.ok).toBe(true);
  });
});
