import { describe, expect, it } from 'vitest';
import { account } from '../src/account/account';
import { countedOf } from '../src/account/quality';
import { Decimal } from '../src/core/decimal';
import { ALL, errorOf, some, tinyInput, userTable } from './helpers';
import gbt from '../profiles/gbt-46869-2025.json';
import { loadProfile } from '../src/profiles/schema';

describe('strict mode (--min-grade)', () => {
  it('refuses an account that reads anything below the grade, listing each offender with table, grade and source', () => {
    // tinyInput's local table (bulk density, storm runoff, ion lifetime) is graded assumed.
    const err = errorOf(() => account(tinyInput(), { minGrade: 'secondary' }));
    expect(new Set(err.issues.map((i) => i.code))).toEqual(new Set(['GRADE_BELOW_MINIMUM']));
    const items = err.issues.map((i) => i.params?.item);
    expect(items).toEqual(
      expect.arrayContaining([
        'soil.bulk_density @ test-local@1.0.0',
        'runoff.storm_coefficient [forest.broadleaf] @ test-local@1.0.0',
        'ions.lifetime @ test-local@1.0.0',
      ]),
    );
    expect(err.issues[0]?.path[0]).toBe('coefficients');
  });

  it('passes when every value meets the grade', () => {
    // R1 alone reads runoff coefficients (secondary), the reservoir cost (published) and CPI values (secondary).
    const r = some(['R1'], tinyInput(), { minGrade: 'secondary' });
    expect(r.quality.grades.below).toEqual([]);
    expect(r.quality.grades.threshold).toBe('secondary');
  });

  it('without strict mode the account is computed and the offenders are warnings', () => {
    const r = account(tinyInput());
    expect(r.warnings.filter((w) => w.code === 'GRADE_BELOW_THRESHOLD').length).toBe(
      r.quality.grades.below.length,
    );
    expect(r.quality.grades.counts.assumed).toBeGreaterThan(0);
  });
});

describe('custom indicator inputs in the grade review', () => {
  /** X1 at the accounting year's prices (no price-index value read): its inputs are all the account grades. */
  const x1 = (inputs: Record<string, unknown>) => ({
    ...tinyInput(),
    customIndicators: [
      {
        code: 'X1',
        name: { zh: '油茶籽', en: 'Camellia oil seed' },
        category: 'material',
        unit: 't',
        inputs,
        physical: 'area * yield',
        value: 'physical * price',
        priceYear: 2020,
      },
    ],
  });
  const verified = (value: string) => ({
    value,
    source: 'County statistical yearbook 2020, table 4-2',
    grade: 'verified',
  });

  it('--min-grade verified refuses an input graded assumed and passes one graded verified', () => {
    const assumed = { value: '1.2', source: 'expert guess', grade: 'assumed' };
    const input = x1({ area: verified('20'), yield: assumed, price: verified('9000') });
    const err = errorOf(() => some(['X1'], input, { minGrade: 'verified' }));
    expect(err.issues.map((i) => [i.code, i.path, i.params?.item])).toEqual([
      ['GRADE_BELOW_MINIMUM', ['coefficients', 1], 'X1.yield @ customIndicators'],
    ]);
    expect(err.issues[0]?.message.en).toBe(
      'Evidence grade below the minimum verified: X1.yield @ customIndicators is assumed (source: expert guess)',
    );
    // 20 hm² × 1.2 t/hm² = 24 t; × 9000 元/t = 216 000 元 (2020 prices, no index)
    const r = some(['X1'], x1({ area: verified('20'), yield: verified('1.2'), price: verified('9000') }), {
      minGrade: 'verified',
    });
    expect(r.indicators[0]?.value.current).toBe('216000');
    expect(r.quality.grades).toEqual({
      threshold: 'verified',
      counts: { verified: 3, published: 0, derived: 0, secondary: 0, assumed: 0 },
      below: [],
    });
  });

  it('an input without source and grade counts as assumed, named as such, at its place in the input', () => {
    const input = x1({ area: verified('20'), yield: verified('1.2'), price: '9000' });
    const err = errorOf(() => some(['X1'], input, { minGrade: 'derived' }));
    expect(err.issues).toHaveLength(1);
    expect(err.issues[0]).toMatchObject({
      code: 'GRADE_BELOW_MINIMUM',
      path: ['customIndicators', 0, 'inputs', 'price'],
      params: {
        item: "X1.price (a custom indicator's input without source or grade)",
        grade: 'assumed',
        threshold: 'derived',
        source: '',
      },
      message: {
        en: "Evidence grade below the minimum derived: X1.price (a custom indicator's input without source or grade) is assumed (source: none)",
        zh: '证据等级低于要求（derived）：X1.price（自定义指标的输入，未注明来源和证据等级） 为 assumed（来源：无）',
      },
    });
    expect(err.issues[0]?.hint).toContain("a custom indicator's input with its source and grade");
    // --min-grade assumed accepts it, as it accepts an assumed coefficient.
    expect(some(['X1'], input, { minGrade: 'assumed' }).quality.grades.counts.assumed).toBe(1);
    // Without strict mode: counted as assumed, listed and warned below the profile's level (secondary).
    const r = some(['X1'], input);
    expect(r.quality.grades).toEqual({
      threshold: 'secondary',
      counts: { verified: 2, published: 0, derived: 0, secondary: 0, assumed: 1 },
      below: [{ kind: 'custom-input', id: 'X1.price', grade: 'assumed', source: '' }],
    });
    expect(r.warnings.filter((w) => w.code === 'GRADE_BELOW_THRESHOLD')).toMatchObject([
      {
        path: ['customIndicators', 0, 'inputs', 'price'],
        message: {
          en: "Evidence grade below secondary: X1.price (a custom indicator's input without source or grade) is assumed",
          zh: '证据等级低于转引（secondary）：X1.price（自定义指标的输入，未注明来源和证据等级） 为假定（assumed）',
        },
      },
    ]);
    // Not listed among the coefficients: it has no source to show.
    expect(r.coefficients.map((c) => c.key)).toEqual(['X1.area', 'X1.yield']);
  });

  it('the inputs of a custom indicator left out of the account are not reviewed', () => {
    const input = x1({ area: '20', yield: '1.2', price: '9000' });
    const r = account(input, { exclude: [...ALL, 'X1'], minGrade: 'verified' });
    expect(r.skipped.map((s) => s.code)).toContain('X1');
    expect(r.quality.grades.counts.assumed).toBe(0);
  });
});

describe('scenarios', () => {
  const scenario = {
    kind: 'scenario',
    id: 'higher-reservoir-cost',
    version: '1.0.0',
    title: { zh: '较高水库造价', en: 'Higher reservoir cost' },
    tables: [
      {
        ...userTable('reservoir-2020', [
          {
            key: 'price.reservoir_storage',
            value: '14.12',
            unit: 'yuan/m3',
            priceYear: 2010,
            grade: 'assumed',
          },
        ]),
        overlays: 'rcees-2013-reference',
      },
    ],
    switches: { R1: { negativeTerms: 'keep' } },
  };

  it('patches coefficients and switches over the profile and is recorded in the result with its hash', () => {
    // The overlay doubles the reservoir cost (7.06 → 14.12): water conservation doubles.
    const base = some(['R1'], tinyInput());
    const r = some(['R1'], tinyInput(), { scenario });
    expect(r.scenario).toMatchObject({ id: 'higher-reservoir-cost', version: '1.0.0' });
    expect(r.scenario?.hash).toMatch(/^sha256:/);
    expect(r.overrides).toContainEqual(
      expect.objectContaining({
        key: 'price.reservoir_storage',
        from: expect.objectContaining({ value: '7.06' }),
        to: expect.objectContaining({ value: '14.12' }),
      }),
    );
    const v = (x: typeof r) => new Decimal(x.indicators[0]!.value.current);
    expect(v(r).minus(v(base).times(2)).abs().lt('1e-25')).toBe(true);
    expect(r.indicators[0]?.switches.negativeTerms).toBe('keep');
  });

  it('a malformed scenario is refused', () => {
    expect(errorOf(() => account(tinyInput(), { scenario: { kind: 'scenario', id: 'x' } })).code).toBe(
      'SCENARIO_INVALID',
    );
  });
});

describe('quality control', () => {
  it('applies the profile double-counting rules: recreation and landscape are exclusive', () => {
    const input = tinyInput();
    input.landscape = [
      {
        name: 'lake',
        area: { value: '1000', unit: 'm2' },
        premium: { value: '100', unit: 'yuan/m2', priceYear: 2020 },
      },
    ];
    const r = account(input);
    expect(r.quality.checks.find((c) => c.id === 'recreation-vs-landscape')?.status).toBe('warn');
    expect(r.quality.checks.find((c) => c.id === 'carbon-vs-oxygen')?.status).toBe('applied');
  });

  it('warns a rule of the standard gepkit does not carry out while one of its indicators is counted', () => {
    // gbt-46869-2025's outside-region rule: warned when any of its indicators is counted, not applicable when none is.
    const r = account(tinyInput(), { profile: 'gbt-46869-2025' });
    const check = r.quality.checks.find((c) => c.id === 'outside-region');
    expect(check?.status).toBe('warn');
    expect(check?.detail).toMatch(/outside the region.* — not carried out by gepkit$/);
    expect(check?.detailZh).toMatch(/（gepkit 未执行）$/);
    // the rule on one of the profile's indicators that the tiny county does not count (R11, coastal protection: no
    // coast in the input)
    const none = loadProfile({
      ...gbt,
      doubleCounting: gbt.doubleCounting.map((d) =>
        d.id === 'outside-region' ? { ...d, indicators: ['R11'] } : d,
      ),
    });
    const quiet = account(tinyInput(), { profile: none });
    expect(quiet.quality.checks.find((c) => c.id === 'outside-region')?.status).toBe('not-applicable');
    expect(quiet.warnings.map((w) => w.code)).not.toContain('PROFILE_RULE_UNAPPLIED');
  });

  it('a rule counts the indicators whose value is not zero, however the zero is written', () => {
    // One test of "counted" for the quality checks and the result's warnings: 0, 0.00 and -0.00 are zero; 0.01 is not.
    const r = (current: string) => ({ indicators: [{ code: 'C2', value: { current } }] }) as never;
    const rule = { indicators: ['C1', 'C2'] };
    for (const zero of ['0', '0.00', '-0.00']) expect(countedOf(rule, r(zero))).toEqual([]);
    expect(countedOf(rule, r('0.01'))).toEqual(['C2']);
  });

  it('shows that water conservation and climate regulation read the same evapotranspiration', () => {
    const r = account(tinyInput());
    expect(r.quality.checks.find((c) => c.id === 'shared-input:ET')).toMatchObject({ status: 'pass' });
  });
});
