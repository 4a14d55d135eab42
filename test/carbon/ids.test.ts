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
    // "ａ-1" (full-width a) is the id a-1 already credited: refused as a double credit
    expect(results[3]?.ok).toBe(false);
    expect(results[3]?.issues.map((i) => i.code)).toContain('LEDGER_DOUBLE_CREDIT');
  });
});
