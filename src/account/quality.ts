import { GRADES, type Grade, gradeAtLeast } from '../coefficients/schema';
import { Decimal } from '../core/decimal';
import { type Issue, issue } from '../core/errors';
import { customInputKey } from '../indicators/custom';
import type { AccountInput } from '../input/input';
import type { Profile } from '../profiles/schema';
import type { AccountResult } from './result-schema';

/**
 * Quality control in the spirit of DB36/T 1402 clause 8: evidence grades of everything the account read
 * (strict mode refuses an account below a chosen grade), the profile's double-counting rules, shared inputs.
 */

export interface GradeReview {
  threshold: Grade;
  counts: Record<Grade, number>;
  below: { kind: 'coefficient' | 'price-index' | 'custom-input'; id: string; grade: Grade; source: string }[];
}
type Below = GradeReview['below'][number] & { path: (string | number)[] };

/** A custom indicator's input given without a source and grade (`X1.price`), and where the input declares it. */
export interface UngradedInput {
  id: string;
  path: (string | number)[];
}

/** How GRADE_BELOW_MINIMUM and GRADE_BELOW_THRESHOLD name an input without source and grade (core/errors.ts, in Chinese). */
const ungradedItem = (id: string) => `${id} (a custom indicator's input without source or grade)`;

/** The inputs without source and grade of the custom indicators the account computed (`computed`: their codes). */
export function ungradedInputs(
  declarations: AccountInput['customIndicators'],
  computed: ReadonlySet<string>,
): UngradedInput[] {
  return declarations.flatMap((d, i) =>
    computed.has(d.code)
      ? Object.entries(d.inputs)
          .filter(([, v]) => v.grade === undefined)
          .map(([name]) => ({
            id: customInputKey(d.code, name),
            path: ['customIndicators', i, 'inputs', name],
          }))
      : [],
  );
}

/**
 * Every coefficient and index value below `threshold`, as issues (errors in strict mode, else warnings). A custom
 * indicator's input without a source and grade (`ungraded`) counts as `assumed`: counted, listed (kind
 * "custom-input", no source) and warned or refused like an assumed coefficient, at its place in the input (ADR 0065).
 */
export function reviewGrades(
  r: Pick<AccountResult, 'coefficients' | 'prices'>,
  threshold: Grade,
  strict: boolean,
  ungraded: readonly UngradedInput[] = [],
): { review: GradeReview; issues: Issue[] } {
  const counts = Object.fromEntries(GRADES.map((g) => [g, 0])) as Record<Grade, number>;
  const below: Below[] = [];
  r.coefficients.forEach((c, i) => {
    counts[c.grade] += 1;
    if (gradeAtLeast(c.grade, threshold)) return;
    const id = `${c.key}${c.ecosystem ? ` [${c.ecosystem}]` : ''} @ ${c.table}`;
    below.push({
      kind: 'coefficient',
      id,
      grade: c.grade,
      source: c.source.document,
      path: ['coefficients', i],
    });
  });
  r.prices.indexValuesUsed.forEach((p, i) => {
    counts[p.grade] += 1;
    if (gradeAtLeast(p.grade, threshold)) return;
    const id = `${p.index} ${p.year}`;
    below.push({
      kind: 'price-index',
      id,
      grade: p.grade,
      source: p.source.document,
      path: ['prices', 'indexValuesUsed', i],
    });
  });
  for (const u of ungraded) {
    counts.assumed += 1;
    if (gradeAtLeast('assumed', threshold)) continue;
    below.push({ kind: 'custom-input', id: u.id, grade: 'assumed', source: '', path: u.path });
  }
  const code = strict ? 'GRADE_BELOW_MINIMUM' : 'GRADE_BELOW_THRESHOLD';
  const issues = below.map((b) =>
    issue(code, b.path, {
      item: b.kind === 'custom-input' ? ungradedItem(b.id) : b.id,
      grade: b.grade,
      threshold,
      source: b.source,
    }),
  );
  return { review: { threshold, counts, below: below.map(({ path: _path, ...rest }) => rest) }, issues };
}

export interface QualityCheck {
  id: string;
  status: 'pass' | 'warn' | 'not-applicable' | 'applied';
  detail: string;
  /** The detail in Chinese, where the check's text has one (a profile rule with `textZh`). */
  detailZh?: string;
}

/** The indicators of a double-counting rule the account counts: those with a value other than zero. */
export function countedOf(
  rule: { readonly indicators: readonly string[] },
  r: Pick<AccountResult, 'indicators'>,
): string[] {
  return rule.indicators.filter((code) =>
    r.indicators.some((i) => i.code === code && !new Decimal(i.value.current).isZero()),
  );
}

/** The profile's double-counting rules, applied to what the account contains. */
export function doubleCountingChecks(profile: Profile, r: Pick<AccountResult, 'indicators'>): QualityCheck[] {
  return (profile.doubleCounting ?? []).map((rule): QualityCheck => {
    const present = countedOf(rule, r);
    const zh = rule.textZh;
    if (rule.kind === 'exclusive') {
      return present.length > 1
        ? {
            id: rule.id,
            status: 'warn',
            detail: `${rule.text} — both ${present.join(' and ')} are counted`,
            ...(zh !== undefined ? { detailZh: `${zh}（${present.join('、')} 均已计入）` } : {}),
          }
        : {
            id: rule.id,
            status: 'pass',
            detail: `${rule.text} — at most one of ${rule.indicators.join(', ')} is counted`,
            ...(zh !== undefined ? { detailZh: `${zh}（${rule.indicators.join('、')} 至多计入一项）` } : {}),
          };
    }
    if (rule.kind === 'unapplied')
      return present.length > 0
        ? {
            id: rule.id,
            status: 'warn',
            detail: `${rule.text} — not carried out by gepkit`,
            ...(zh !== undefined ? { detailZh: `${zh}（gepkit 未执行）` } : {}),
          }
        : {
            id: rule.id,
            status: 'not-applicable',
            detail: rule.text,
            ...(zh !== undefined ? { detailZh: zh } : {}),
          };
    return {
      id: rule.id,
      status: present.length > 0 ? 'applied' : 'not-applicable',
      detail: rule.text,
      ...(zh !== undefined ? { detailZh: zh } : {}),
    };
  });
}

/** R8 derives heat and evaporation from the same ET records as R1: show that they read the same input. */
export function sharedInputChecks(r: Pick<AccountResult, 'indicators'>): QualityCheck[] {
  const r1 = r.indicators.find((i) => i.code === 'R1');
  const r8 = r.indicators.find((i) => i.code === 'R8');
  const etOf = (lines: NonNullable<typeof r1>['lines']) =>
    new Map(
      lines
        .filter((l) => l.terms?.ET)
        .map((l) => [(l.path ?? []).join('.'), (l.terms?.ET ?? '').replace(/ \(.*\)$/, '')]),
    );
  if (r1 === undefined || r8 === undefined)
    return [{ id: 'shared-input:ET', status: 'not-applicable', detail: 'R1 or R8 not in the account' }];
  const a = etOf(r1.lines);
  const b = etOf(r8.lines);
  const common = [...b.keys()].filter((k) => a.has(k));
  if (common.length === 0)
    return [
      {
        id: 'shared-input:ET',
        status: 'not-applicable',
        detail: 'R8 does not read evapotranspiration (transpiration from EPP tables)',
      },
    ];
  const differ = common.filter((k) => a.get(k) !== b.get(k));
  return [
    differ.length === 0
      ? {
          id: 'shared-input:ET',
          status: 'pass',
          detail: `R1 and R8 read the same evapotranspiration for ${common.length} ecosystem rows`,
        }
      : {
          id: 'shared-input:ET',
          status: 'warn',
          detail: `R1 and R8 read different evapotranspiration for ${differ.join(', ')}`,
        },
  ];
}
