import * as z from 'zod/mini';
import {
  compareSideSchema,
  decimal,
  named,
  pair,
  sideIndicator,
  sideLine,
} from '../account/compare-side-schema';
import { groupBy } from '../account/groups';
import { accountResultSchema, indicatorResultSchema, lineOutSchema } from '../account/result-schema';
import { Decimal, Rounding, type RoundingName } from '../core/decimal';
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
 * tornado's range, bars (key, ecosystem, GEP at the low and high end: decimal strings) and the parameters it could not
 * move (unmoved).
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
          unmoved: z.optional(z.array(z.object({ parameter: z.string(), detail: z.string() }))),
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
  // the places of money and of shares: the sums and the shares are checked to them (totalsProblems)
  rounding: z.union([
    z.literal('exact'),
    z.object({
      money: z.number().check(z.int(), z.gte(0)),
      share: z.number().check(z.int(), z.gte(0)),
      mode: z.enum(Object.keys(Rounding) as [RoundingName]),
    }),
  ]),
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
 * its lines, each category's total against its indicators, GEP against the categories; each zone's and each
 * ecosystem type's value against the lines of that zone or type, the zones against GEP, and the types with the lines
 * attributed to no type against GEP. Each may differ from the sum of its rounded parts by rounding alone: one unit of
 * the last written place per part and for the total (a fen when the result is exact). A total edited by hand was
 * printed beside its parts with the difference as a "rounding" row (a material total set to 1 showed a rounding of
 * 1.67 bn 元; a zone raised by 1 000 000 元, a rounding of −999,999.99 万元 under the township table). Then each
 * indicator's share of GEP against its value / GEP (shareProblems).
 */
export function totalsProblems(r: Reportable): { path: (string | number)[]; detail: string }[] {
  const unit = r.rounding === 'exact' ? new Decimal('0.01') : new Decimal(10).pow(-r.rounding.money);
  const out: { path: (string | number)[]; detail: string }[] = [];
  const yuan = (d: Decimal) => d.toFixed(2);
  const lines = r.indicators.flatMap((ind) => ind.lines);
  // The lines of each zone and each ecosystem type, grouped once: a province's result has thousands of zones.
  const zones = groupBy(lines, (l) => l.zone);
  const types = groupBy(lines, (l) => l.ecosystem);
  const linesOfZone = (zone: (typeof lines)[number]['zone']) => zones.get(zone) ?? [];
  const linesOfType = (type: (typeof lines)[number]['ecosystem']) => types.get(type) ?? [];
  for (const price of ['current', 'comparable'] as const) {
    /** `total` (at `at`) against the sum of `parts`; `at` is the path of the total, the price after it unless given. */
    const check = (
      path: (string | number)[],
      what: string,
      total: string,
      parts: string[],
      of: string,
      at: (string | number)[] = [...path, price],
    ) => {
      const sum = parts.reduce((s, v) => s.plus(v), new Decimal(0));
      const gap = new Decimal(total).minus(sum);
      const bound = unit.times(parts.length + 1);
      if (gap.abs().gt(bound))
        out.push({
          path: at,
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
    const gep = r.totals.gep[price];
    check(
      ['totals', 'gep'],
      'the GEP total',
      gep,
      [r.totals.material[price], r.totals.regulating[price], r.totals.cultural[price]],
      'categories',
    );
    r.byZone.forEach((z, k) =>
      check(
        ['byZone', k, 'value'],
        `zone ${z.zone ?? '(not zoned)'}'s value`,
        z.value[price],
        linesOfZone(z.zone).map((l) => l.value[price]),
        'lines',
      ),
    );
    if (r.byZone.length > 0)
      check(
        [],
        `GEP at ${price} prices`,
        gep,
        r.byZone.map((z) => z.value[price]),
        'zones',
        ['byZone'],
      );
    r.byEcosystem.forEach((e, k) =>
      check(
        ['byEcosystem', k, 'value'],
        `ecosystem type ${e.ecosystem}'s value`,
        e.value[price],
        linesOfType(e.ecosystem).map((l) => l.value[price]),
        'lines',
      ),
    );
    if (r.byEcosystem.length > 0)
      check(
        [],
        `GEP at ${price} prices`,
        gep,
        [...r.byEcosystem.map((e) => e.value[price]), ...linesOfType(null).map((l) => l.value[price])],
        'ecosystem types and lines attributed to no type',
        ['byEcosystem'],
      );
  }
  return [...out, ...shareProblems(r)];
}

/**
 * Each indicator's share of GEP against its value / GEP (current prices), as the account computes it from the exact
 * figures and writes it to `rounding.share` places: the file's share may differ from the quotient of the file's
 * rounded figures by one unit of the share's last place (its own rounding, in any mode) and by what rounding the
 * value and GEP to `rounding.money` places moves the quotient, (1 + |share|) × unit / |GEP|. An exact result divides
 * to 40 significant digits: within 10⁻³⁰ × max(1, |share|). A GEP of zero has no shares (null), and only then.
 * (A share edited to 0.5 printed M1 at 50.00 % with a rounding of −49.47 %.)
 */
function shareProblems(r: Reportable): { path: (string | number)[]; detail: string }[] {
  const gep = new Decimal(r.totals.gep.current);
  const out: { path: (string | number)[]; detail: string }[] = [];
  r.indicators.forEach((ind, i) => {
    const path = ['indicators', i, 'shares', 'ofGep'];
    const share = ind.shares.ofGep;
    if (gep.isZero() || share === null) {
      if (gep.isZero() !== (share === null))
        out.push({
          path,
          detail: `indicator ${ind.code}'s share of GEP is ${share === null ? 'null' : share}, but GEP is ${gep.toFixed()} yuan (a share is null when GEP is zero, and only then)`,
        });
      return;
    }
    const s = new Decimal(share);
    const quotient = new Decimal(ind.value.current).div(gep);
    const bound =
      r.rounding === 'exact'
        ? new Decimal(10).pow(-30).times(Decimal.max(1, s.abs()))
        : new Decimal(10)
            .pow(-r.rounding.share)
            .plus(s.abs().plus(1).times(new Decimal(10).pow(-r.rounding.money)).div(gep.abs()));
    const gap = s.minus(quotient);
    if (gap.abs().gt(bound))
      out.push({
        path,
        detail: `indicator ${ind.code}'s share of GEP ${share} differs from its value / GEP ${quotient.toSignificantDigits(12).toFixed()} by ${gap.toSignificantDigits(6).toFixed()}, more than rounding explains (${bound.toSignificantDigits(6).toFixed()})`,
      });
  });
  return out;
}
