import * as z from 'zod/mini';
import {
  compareSideSchema,
  decimal,
  named,
  pair,
  sideIndicator,
  sideLine,
} from '../account/compare-side-schema';
import { accountResultSchema, indicatorResultSchema, lineOutSchema } from '../account/result-schema';
import { Decimal } from '../core/decimal';
import { GepError, issue } from '../core/errors';
import { PARSE_OPTIONS, fromZodIssues } from '../core/zod-issues';
import type { ReportableResult } from './html';

/** p5, p50, p95, mean and standard deviation of a figure over the draws: decimal strings. */
const stats = z.object({ mean: decimal, sd: decimal, p5: decimal, p50: decimal, p95: decimal });
const statsPair = z.object({ current: stats, comparable: stats });
const count = z.number().check(z.int());

/**
 * What the report reads of a result's `uncertainty` (ReportUncertainty, src/report/html.ts): the draws and seed
 * (integers), the statistics of GEP, of each category and of each indicator, the parameters (counted), the ids of
 * those on default distributions, the plan's largest relative error (printed as written) and, when drawn, the
 * tornado's range and bars (key, ecosystem, GEP at the low and high end: decimal strings).
 */
const uncertaintySchema = z.object({
  draws: count,
  seed: count,
  gep: statsPair,
  categories: z.object({ material: statsPair, regulating: statsPair, cultural: statsPair }),
  indicators: z.array(z.object({ code: z.string(), current: stats, comparable: stats })),
  parameters: z.array(z.unknown()),
  defaults: z.object({ used: z.array(z.string()) }),
  plan: z.object({ check: z.object({ maxRelativeError: z.string() }) }),
  sensitivity: z.optional(
    z.object({
      tornado: z.optional(
        z.object({
          range: z.string(),
          bars: z.array(
            z.object({
              key: z.string(),
              ecosystem: z.nullable(z.string()),
              low: z.object({ gep: decimal }),
              high: z.object({ gep: decimal }),
            }),
          ),
        }),
      ),
    }),
  ),
});

/**
 * What the report reads of an account result given as a file: what compare() reads of a side (compareSideSchema:
 * region, years within the input's bounds, prices, rounding, the GEP total, each indicator's lines, their units and
 * decimals), and beside it the figures the report prints that a comparison does not read (each category's total,
 * each indicator's value and share of GEP, the values by ecosystem type and by zone, all decimal strings) and the
 * parts it shows as written (gepkit's version, each indicator's method title, switches, physical quantity and
 * coefficients, each line's valuations, the coefficients read, quality checks and warnings), and the uncertainty
 * block when the result carries one (uncertaintySchema above). The CLI checks a result file with it (REPORT_RESULT_INVALID) before the report is built; other fields are not read.
 */
export const reportableResultSchema = z.extend(compareSideSchema, {
  gepkit: accountResultSchema.shape.gepkit,
  totals: z.object({ gep: pair, material: pair, regulating: pair, cultural: pair }),
  indicators: z.array(
    z.extend(sideIndicator, {
      methodTitle: indicatorResultSchema.shape.methodTitle,
      switches: indicatorResultSchema.shape.switches,
      physical: indicatorResultSchema.shape.physical,
      value: pair,
      shares: z.object({ ofGep: z.nullable(decimal) }),
      coefficients: indicatorResultSchema.shape.coefficients,
      lines: z.array(z.extend(sideLine, { valuations: lineOutSchema.shape.valuations })),
    }),
  ),
  byEcosystem: z.array(z.object({ ecosystem: z.string(), name: named, value: pair })),
  byZone: z.array(
    z.object({
      zone: z.nullable(z.string()),
      name: z.string(),
      value: pair,
      valuePerKm2: z.nullable(pair),
    }),
  ),
  coefficients: accountResultSchema.shape.coefficients,
  quality: accountResultSchema.shape.quality,
  warnings: accountResultSchema.shape.warnings,
  uncertainty: z.optional(uncertaintySchema),
});

/**
 * Check an account result read from a file (JSON of unknown shape) before it is reported: what the report reads of
 * it (reportableResultSchema) or REPORT_RESULT_INVALID, every problem at its path, naming `file`. Returns the value
 * itself, checked (fields the report does not read are kept as they are).
 *
 * @example
 * ```ts
 * const result = parseReportableResult(JSON.parse(text), 'res.json');
 * const html = reportHtml(result);
 * ```
 */
export function parseReportableResult(json: unknown, file = 'the result'): ReportableResult {
  // As compare() checks a side given as a result (checkResult, src/account/compare.ts), with this schema.
  const p = reportableResultSchema.safeParse(json, PARSE_OPTIONS);
  if (!p.success)
    throw new GepError(
      fromZodIssues(p.error.issues, [], (path, detail) =>
        issue('REPORT_RESULT_INVALID', path, { file, detail }),
      ),
    );
  const sums = totalsProblems(p.data);
  if (sums.length > 0)
    throw new GepError(
      sums.map(({ path, detail }) => issue('REPORT_RESULT_INVALID', path, { file, detail })),
    );
  return json as ReportableResult;
}

type Reportable = z.output<typeof reportableResultSchema>;

/**
 * The sums the report prints beside their parts, checked against them at both prices: each indicator's value against
 * its lines, each category's total against its indicators, GEP against the categories. Each may differ from the sum
 * of its rounded parts by rounding alone: one unit of the last written place per part and for the total (a fen when
 * the result is exact). A total edited by hand was printed beside its parts with the difference as a "rounding" row
 * (a material total set to 1 showed a rounding of 1.67 bn 元).
 */
export function totalsProblems(r: Reportable): { path: (string | number)[]; detail: string }[] {
  const unit = r.rounding === 'exact' ? new Decimal('0.01') : new Decimal(10).pow(-r.rounding.money);
  const out: { path: (string | number)[]; detail: string }[] = [];
  const yuan = (d: Decimal) => d.toFixed(2);
  for (const price of ['current', 'comparable'] as const) {
    const check = (path: (string | number)[], what: string, total: string, parts: string[], of: string) => {
      const sum = parts.reduce((s, v) => s.plus(v), new Decimal(0));
      const gap = new Decimal(total).minus(sum);
      const bound = unit.times(parts.length + 1);
      if (gap.abs().gt(bound))
        out.push({
          path: [...path, price],
          detail: `${what} ${yuan(new Decimal(total))} differs from the sum of its ${of} ${yuan(sum)} by ${yuan(gap)} yuan, more than rounding explains (${bound.toFixed()})`,
        });
    };
    r.indicators.forEach((ind, i) =>
      check(
        ['indicators', i, 'value'],
        `indicator ${ind.code}'s value`,
        ind.value[price],
        ind.lines.map((l) => l.value[price]),
        'lines',
      ),
    );
    for (const c of ['material', 'regulating', 'cultural'] as const)
      check(
        ['totals', c],
        `the ${c} total`,
        r.totals[c][price],
        r.indicators.filter((ind) => ind.category === c).map((ind) => ind.value[price]),
        'indicators',
      );
    check(
      ['totals', 'gep'],
      'the GEP total',
      r.totals.gep[price],
      [r.totals.material[price], r.totals.regulating[price], r.totals.cultural[price]],
      'categories',
    );
  }
  return out;
}
