import { describe, expect, it } from 'vitest';
import { type LineResult, processActivities } from '../../src/carbon/batch';
import { bundledRuleSet } from '../../src/carbon/rules/bundled';

function run(items: unknown[], opts = {}): LineResult[] {
  return [...processActivities(items, opts)];
}

const act = (o: Record<string, unknown>) => ({
  user: 'u1',
  ts: '2024-05-01T08:00:00+08:00',
  scenario: 'bus',
  region: '4201',
  rides: '1',
  ...o,
});

describe('a behaviour credited again is LEDGER_DOUBLE_CREDIT unless another evidence path is named', () => {
  it('a behaviour named as an earlier line’s activity id, or first credited without evidence, is credited again', () => {
    const results = run(
      [
        act({ id: 'e1', behaviour: 'trip-1', evidence: 'checkin' }),
        // e1 is a ref already (the first line's activity id): no evidence path credited it
        act({ id: 'e2', behaviour: 'e1', evidence: 'checkin' }),
        act({ id: 'e3', behaviour: 'trip-3' }),
        // trip-3 was credited without evidence: a second crediting, not another path
        act({ id: 'e4', behaviour: 'trip-3', evidence: 'upload' }),
        // trip-1 was credited on checkin: upload is another path
        act({ id: 'e5', behaviour: 'trip-1', evidence: 'upload' }),
      ],
      { rules: bundledRuleSet('evidence-paths-demo') },
    );
    expect(results.map((r) => [r.id, r.ok, r.issues[0]?.code, r.issues[0]?.params])).toEqual([
      ['e1', true, undefined, undefined],
      ['e2', false, 'LEDGER_DOUBLE_CREDIT', { ref: 'e1', unit: 'any unit' }],
      // (credited without points: this rule set pays only on its evidence paths)
      ['e3', true, 'CARBON_NO_RULE', expect.objectContaining({ evidence: '(none)' })],
      ['e4', false, 'LEDGER_DOUBLE_CREDIT', { ref: 'trip-3', unit: 'any unit' }],
      ['e5', false, 'CARBON_EVIDENCE_EXCLUSIVE', { behaviour: 'trip-1', first: 'checkin', second: 'upload' }],
    ]);
  });
});
