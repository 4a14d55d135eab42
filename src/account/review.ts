import { GepError, issue } from '../core/errors';
import type { Profile } from '../profiles/schema';
import type { Draft } from './assemble';
import type { AccountOptions } from './options';
import {
  type UngradedInput,
  countedOf,
  doubleCountingChecks,
  reviewGrades,
  sharedInputChecks,
} from './quality';
import type { AccountResult } from './result-schema';
import type { Scenario } from './scenario';

/**
 * Review an assembled account: evidence grades (strict mode refuses below `minGrade`; `ungraded`, the computed custom
 * indicators' inputs without source and grade, count as assumed), double-counting rules
 * (warned where an exclusive rule's indicators are counted together) and shared inputs, mixed price years under "as-published"; the scenario recorded.
 */
export function review(
  result: Draft,
  profile: Profile,
  options: AccountOptions,
  scenario: Scenario | null,
  ungraded: readonly UngradedInput[],
): AccountResult {
  const strict = options.minGrade !== undefined;
  const { review: grades, issues } = reviewGrades(
    result,
    options.minGrade ?? profile.warnBelowGrade,
    strict,
    ungraded,
  );
  if (strict && issues.length > 0) throw new GepError(issues);
  const checks = [...result.checks, ...sharedInputChecks(result), ...doubleCountingChecks(profile, result)];
  return {
    ...result,
    scenario:
      scenario === null
        ? null
        : { id: scenario.id, version: scenario.version, hash: scenario.hash, title: scenario.title },
    quality: {
      grades,
      checks,
    },
    warnings: [...result.warnings, ...ruleWarnings(profile, result), ...mixedPriceYears(result), ...issues],
  };
}

/**
 * INDICATORS_OVERLAP for each of the profile's exclusive rules whose indicators are counted together (C1 and C2: the
 * landscape premium capitalises part of the amenity that recreation values): GEP holds both, which the quality check
 * alone said. PROFILE_RULE_UNAPPLIED for each rule of the standard gepkit does not carry out (kind "unapplied": GB/T
 * 46869's deduction of products from outside the region) while any of its indicators is counted.
 */
function ruleWarnings(profile: Profile, result: Draft) {
  return (profile.doubleCounting ?? []).flatMap((rule) => {
    if (rule.kind === 'note') return [];
    const counted = countedOf(rule, result);
    if (rule.kind === 'unapplied')
      return counted.length > 0
        ? [
            issue('PROFILE_RULE_UNAPPLIED', ['indicators'], {
              rule: rule.id,
              text: rule.text,
              textZh: rule.textZh ?? rule.text,
            }),
          ]
        : [];
    return counted.length > 1
      ? [
          issue('INDICATORS_OVERLAP', ['indicators'], {
            rule: rule.id,
            indicators: counted.join(', '),
            text: rule.text,
            textZh: rule.textZh ?? rule.text,
          }),
        ]
      : [];
  });
}

/** Under "as-published" the current column adds values of their own price years: say which years are mixed. */
function mixedPriceYears(result: Draft) {
  if (result.prices.policy !== 'as-published') return [];
  const years = [
    ...new Set(
      result.indicators.flatMap((i) =>
        i.lines.flatMap((l) => l.valuations.map((v) => (v.price ?? v.money)?.priceYear)),
      ),
    ),
  ]
    .filter((y): y is number => y !== undefined && y !== result.year)
    .sort();
  return years.length > 0
    ? [issue('PRICE_LEVELS_MIXED', ['prices'], { years: [result.year, ...years].join(', ') })]
    : [];
}
