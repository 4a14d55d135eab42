import { describe, expect, it } from 'vitest';
import { account } from '../src/account/account';
import { parseInput } from '../src/account/validate';
import { compileFormula } from '../src/custom/sandbox';
import { MAX_CUSTOM_FORMULA_TEXT } from '../src/custom/schema';
import { DEFAULT_CUSTOM_WORK_LIMIT } from '../src/indicators/custom';
import { DEFAULTS } from '../src/serve/app';
import { errorOf, some, tinyInput } from './helpers';

const decl = (code: string, physical: string, value = 'physical * price') => ({
  code,
  name: { zh: '自定义', en: 'Custom' },
  category: 'material',
  unit: 't',
  inputs: { area: '300', yield: '1.2', share: '0.35', price: '9000', a: '0.1234567890123', b: '33.12' },
  physical,
  value,
  priceYear: 2020,
});

/** The reviewer's heavy formula: 167 terms a^b (999 characters). */
const HEAVY = Array.from({ length: 167 }, () => 'a^b').join(' + ');

describe('the work of custom indicators is bounded (docs/limits.md)', () => {
  it('counts one step per number, name and operation, 50 per power, exp or log', () => {
    const steps = (f: string) => compileFormula(f, ['a', 'b'], []).steps;
    expect(steps('a')).toBe(1);
    expect(steps('a * b')).toBe(3); // a, b, *
    expect(steps('(a + 2) * b')).toBe(5); // parentheses count nothing
    expect(steps('a ^ b')).toBe(52); // a, b, ^ (50)
    expect(steps('pow(a, b)')).toBe(52);
    expect(steps('exp(a) + log(a, b)')).toBe(1 + 51 + 52); // +, exp(a), log(a, b)
    expect(steps('a > 0 ? a : b')).toBe(6); // ?:, >, a, 0, a, b: both branches
    // 167 powers of 52 steps and 166 additions: 167 × 52 + 166 = 8850
    expect(steps(HEAVY)).toBe(8850);
  });

  it('a realistic county (30 ordinary indicators, a power in each) passes the service default easily', () => {
    // each: physical 'area * yield * share ^ 0.75' = 3 names + 0.75 + 2 × '*' + '^' (50) = 56 steps, value
    // 'physical * price' = 3: 59 × 30 = 1770, under a fifth of 10,000.
    const customs = Array.from({ length: 30 }, (_, i) => decl(`X${i + 1}`, 'area * yield * share ^ 0.75'));
    const r = some(
      ['M1'],
      { ...tinyInput(), customIndicators: customs },
      {
        customWorkLimit: DEFAULTS.customWorkLimit,
      },
    );
    expect(r.indicators.filter((i) => i.code.startsWith('X'))).toHaveLength(30);
    expect(DEFAULTS.customWorkLimit).toBe(10_000);
    expect(DEFAULT_CUSTOM_WORK_LIMIT).toBe(100_000);
  });

  it('refuses more steps than the limit before any formula is evaluated', () => {
    // X1, X2: 8850 + 3 ('physical * price') each; X3: 3 ('1 / 0') + 3: 2 × 8853 + 6 = 17 712 > 10 000. X3 would
    // fail when evaluated (1 / 0): it is not reached.
    const customs = [decl('X1', HEAVY), decl('X2', HEAVY), decl('X3', '1 / 0')];
    const e = errorOf(() =>
      account({ ...tinyInput(), customIndicators: customs }, { customWorkLimit: 10_000 }),
    );
    expect(e.issues).toHaveLength(1);
    expect(e.issues[0]).toMatchObject({
      code: 'CUSTOM_WORK_EXCEEDED',
      path: ['customIndicators'],
      params: { amount: 17712, unit: 'steps', limit: 10000 },
    });
    expect(e.issues[0]?.message.zh).toBe('自定义指标的公式计算需 17712 步，超过上限 10000 步；未进行计算');
  });

  it('the default limit of account() is 100,000 steps; an excluded indicator does not count', () => {
    // 12 × (8850 + 3) = 106 236 > 100 000
    const customs = Array.from({ length: 12 }, (_, i) => decl(`X${i + 1}`, HEAVY));
    const input = { ...tinyInput(), customIndicators: customs };
    expect(errorOf(() => account(input)).issues[0]?.code).toBe('CUSTOM_WORK_EXCEEDED');
    // 11 × 8853 = 97 383: within (formulas are not evaluated here: X1…X12 are excluded but one, M1 kept)
    expect(() =>
      account(input, { exclude: ['X12', ...Array.from({ length: 11 }, (_, i) => `X${i + 1}`)] }),
    ).not.toThrow();
  });

  it('refuses formulas of more than 100,000 characters together before any is parsed', () => {
    // 101 declarations of 1000-character formulas (1000 + 'physical'): 101 × 1008 = 101 808 > 100 000; each is also
    // a syntax error, which is not reported: nothing was parsed.
    const bad = `${'a + '.repeat(249)}a +!`.slice(0, 1000);
    expect(bad).toHaveLength(1000);
    const customs = Array.from({ length: 101 }, (_, i) => decl(`X${i + 1}`, bad, 'physical'));
    const e = errorOf(() => parseInput({ ...tinyInput(), customIndicators: customs }));
    expect(e.issues.map((i) => i.code)).toEqual(['CUSTOM_WORK_EXCEEDED']);
    expect(e.issues[0]).toMatchObject({
      path: ['customIndicators'],
      params: { amount: '101808', unit: 'characters', limit: String(MAX_CUSTOM_FORMULA_TEXT) },
    });
    expect(e.issues[0]?.message.en).toContain('101808 characters');
    // 99 of them are within the limit (99 792) and refused as the syntax errors they are
    const e99 = errorOf(() => parseInput({ ...tinyInput(), customIndicators: customs.slice(0, 99) }));
    expect(e99.issues[0]?.code).toBe('CUSTOM_FORMULA_SYNTAX');
  });

  it('customWorkLimit is checked as an option', () => {
    expect(errorOf(() => account(tinyInput(), { customWorkLimit: 0 })).issues[0]).toMatchObject({
      code: 'OPTIONS_INVALID',
      path: ['options', 'customWorkLimit'],
    });
  });
});
