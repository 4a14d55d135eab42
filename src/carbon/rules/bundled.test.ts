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

  it('CARBON_RULES_INVALID for a rule set not bundled, naming what was asked, the nearest and the bundled ones', () => {
    let e: unknown;
    try {
      bundledRuleSet('jx-lvbao-example@2.0.0');
    } catch (x) {
      e = x;
    }
    expect(e).toBeInstanceOf(GepError);
    const i = (e as GepError).issues[0];
    expect([i?.code, i?.path]).toEqual(['CARBON_RULES_INVALID', []]);
    const bundled = 'jx-lvbao-example@1.0.0, evidence-paths-demo@1.0.0';
    expect(i?.params?.detail).toBe(
      `no bundled rule set is "jx-lvbao-example@2.0.0" (did you mean jx-lvbao-example@1.0.0?); the bundled ones are ${bundled}, and a file is given by its path`,
    );
    expect(i?.message.zh).toBe(
      `积分规则格式错误：没有名为“jx-lvbao-example@2.0.0”的内置规则集（是否应为 jx-lvbao-example@1.0.0？）；内置规则集为 ${bundled}，文件请给出其路径`,
    );
    const far = (() => {
      try {
        return bundledRuleSet('shenzhen');
      } catch (x) {
        return (x as GepError).issues[0];
      }
    })() as { params?: { detail?: unknown } };
    expect(far.params?.detail).toBe(
      `no bundled rule set is "shenzhen"; the bundled ones are ${bundled}, and a file is given by its path`,
    );
  });
});
