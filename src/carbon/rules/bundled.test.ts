import { describe, expect, it } from 'vitest';
import { GepError } from '../../core/errors';
import { bundledRuleSet, bundledRuleSets } from './bundled';

describe('bundled point rule sets', () => {
  it('are the two example files, loaded once', () => {
    expect(bundledRuleSets().map((r) => r.ref)).toEqual([
      'jx-lvbao-example@1.0.0',
      'evidence-paths-demo@1.0.0',
    ]);
    expect(bundledRuleSets()).toBe(bundledRuleSets());
  });

  it('are found by id or by id@version', () => {
    const r = bundledRuleSet('jx-lvbao-example');
    expect(bundledRuleSet('jx-lvbao-example@1.0.0')).toBe(r);
    expect(bundledRuleSet('evidence-paths-demo').id).toBe('evidence-paths-demo');
  });

  it('TABLE_UNKNOWN for a rule set not bundled, naming what was asked', () => {
    let e: unknown;
    try {
      bundledRuleSet('jx-lvbao-example@2.0.0');
    } catch (x) {
      e = x;
    }
    expect(e).toBeInstanceOf(GepError);
    const i = (e as GepError).issues[0];
    expect([i?.code, i?.path, i?.params?.table]).toEqual(['TABLE_UNKNOWN', [], 'jx-lvbao-example@2.0.0']);
  });
});
