import * as z from 'zod/mini';
import { Decimal } from '../core/decimal';
import { GepError, type Issue, type Path } from '../core/errors';
import {
  type CellChange,
  type Decomposition,
  type Effects,
  type LineChange,
  decomposeChange,
} from '../change';
import {
  decompositionWarnings,
  lineCount,
  oneSideWarnings,
  pricedLines,
  profileAndYearWarnings,
  regionWarnings,
  roundingBound,
} from '../account/compare';
import { type CompareSide, compareSideSchema, roundedSides } from '../account/compare-side-schema';
import { type OptionsShape, checkOptions, optionsSchema } from '../core/options';
import { PARSE_OPTIONS } from '../core/zod-issues';
import { vepIssue } from './errors';
import { roundFen, yuanOfFen } from './fen';
import { vepZodIssues } from './issues';

/**
 * Change accounting between two account results (two years, or two scenarios): the accounts are read, checked
 * (comparable classification and prices; each account's cells reproduce its own GEP total within rounding) and
 * their lines (indicator × ecosystem type × sub-item × zone, read as the year-on-year comparison reads them:
 * `pricedLines` of src/account/compare.ts) handed to the line decomposition of src/change, which gives volume,
 * mix, price and unsplit effects with ΔV = volume + mix + price + unsplit exact to the fen. Each zone's line keeps
 * its own base unit value, so quantity moved between zones at unchanged prices is a mix effect (ADR 0039); accounts
 * zoned differently, a changed basis and unmatched sub-items are handled and warned as in the comparison (ADR 0062),
 * and so are another region, another profile, an account of b earlier than a's and an indicator accounted in one of
 * them only (the comparison's codes, COMPARE_*, at `a`/`b`).
 */
export interface ChangeOptions {
  /** Values compared: current prices of each account's year (default), or comparable prices (same base year). */
  prices?: 'current' | 'comparable';
}

const changeOptions = optionsSchema<ChangeOptions>({
  prices: z.enum(['current', 'comparable']),
} satisfies OptionsShape<ChangeOptions>);

export interface ChangeResult {
  a: { region: string; year: number; profile: string; priceYear: number };
  b: { region: string; year: number; profile: string; priceYear: number };
  prices: 'current' | 'comparable';
  decomposition: string;
  total: Effects;
  byIndicator: Decomposition['byIndicator'];
  byEcosystem: Decomposition['byEcosystem'];
  /** Indicator × ecosystem type: the lines summed, with the volume/mix split of their quantity effects. */
  cells: CellChange[];
  /**
   * Indicator × ecosystem type × sub-item (pollutant, product) × zone (null for a region-wide line): quantity and
   * price effects line by line.
   */
  lines: LineChange[];
  /**
   * Σ cells of V₁ − V₀ against the accounts' own reported GEP change, the difference of their totals each rounded
   * to the fen (identity.direct); they differ by rounding only (difference = identity.residual).
   */
  reconciliation: { reportedChange: string; cellsChange: string; difference: string };
  /**
   * The identity against the inputs: Σ over cells of QE + PE + unsplit (`effects`) beside the direct difference
   * of the two accounts' own GEP totals, each rounded to the fen (`direct`); `residual` = direct − effects is
   * rounding only, |residual| ≤ `bound`. It is checked account by account: the cells of each account must
   * reproduce that account's own GEP total to within its rounding bound (`roundingBound`), or the account is
   * refused (VEP_RESULT_INVALID at its `totals.gep`); the residual is the difference of the two accounts' gaps,
   * so its bound is the sum of theirs. `totals` are the two accounts' own GEP totals, each rounded to the fen
   * (direct = totals.v1 − totals.v0), and `rounding` what the lines' rounding removed from each: the total − the
   * sum of its lines each rounded to the fen (`total.v0`, `total.v1`); residual = rounding.v1 − rounding.v0.
   */
  identity: {
    effects: string;
    direct: string;
    residual: string;
    bound: string;
    totals: { v0: string; v1: string };
    rounding: { v0: string; v1: string };
  };
  warnings: Issue[];
}

/**
 * What change accounting reads of an account result: the schema year-on-year comparison reads too
 * (`compareSideSchema`, src/account/compare-side-schema.ts), one description of an account result for both.
 */
type AccountResult = CompareSide;

/** Parse an account result (as written by `gepkit account`); VEP_RESULT_INVALID lists the problems. */
export function parseAccountResult(json: unknown, path: Path = []): AccountResult {
  const r = compareSideSchema.safeParse(json, PARSE_OPTIONS);
  if (!r.success) throw new GepError(vepZodIssues(r.error.issues, path, 'VEP_RESULT_INVALID'));
  return r.data;
}

/**
 * VEP_CHANGE_INCOMPARABLE at `path` when two classifications (refs, `id@version`) differ, else undefined: values by
 * ecosystem type of two classifications do not compare, type by type. Change accounting refuses its two accounts
 * with it, and reconciliation the parcels against the county account (with a hint of its own).
 */
export function classificationsDiffer(a: string, b: string, path: Path): Issue | undefined {
  return a === b
    ? undefined
    : vepIssue('VEP_CHANGE_INCOMPARABLE', path, { detail: `classifications differ (${a}, ${b})` });
}

/**
 * Decompose the change from account `a` to account `b` (AccountResult objects or their JSON). Options it cannot read
 * (`prices: 'Comparable'`, a misspelt `price`) are OPTIONS_INVALID, never read as current prices.
 */
export function changeAccounting(aJson: unknown, bJson: unknown, opts: ChangeOptions = {}): ChangeResult {
  checkOptions(changeOptions, opts);
  const a = parseAccountResult(aJson, ['a']);
  const b = parseAccountResult(bJson, ['b']);
  const prices = opts.prices ?? 'current';
  const differ = classificationsDiffer(a.classification.ref, b.classification.ref, ['b', 'classification']);
  if (differ !== undefined) throw new GepError(differ);
  if (prices === 'comparable' && a.prices.baseYear !== b.prices.baseYear)
    throw new GepError(
      vepIssue('VEP_CHANGE_INCOMPARABLE', ['b', 'prices', 'baseYear'], {
        detail: `comparable prices of different base years (${a.prices.baseYear}, ${b.prices.baseYear})`,
      }),
    );
  const warnings: Issue[] = [
    ...roundedSides([a, b], (which, year, money) =>
      vepIssue('VEP_CHANGE_RESULT_ROUNDED', [which, 'rounding'], { year, money }),
    ),
    // As the year-on-year comparison warns them (its codes, under the sides a and b): another region, another
    // profile, b earlier than a (two scenarios of one year are accepted), an indicator accounted in one only.
    ...regionWarnings(a, b, ['a', 'b']),
    ...profileAndYearWarnings(a, b, ['a', 'b'], 'accepted'),
    ...oneSideWarnings(a, b, ['a', 'b']),
  ];
  const methodsA = new Map(a.indicators.map((i) => [i.code, i.method]));
  for (const i of b.indicators) {
    const m = methodsA.get(i.code);
    if (m !== undefined && m !== i.method)
      warnings.push(
        vepIssue('VEP_CHANGE_METHOD_DIFFERS', ['b', 'indicators'], { indicator: i.code, a: m, b: i.method }),
      );
  }
  const d = decomposeChange(pricedLines(a, prices), pricedLines(b, prices));
  warnings.push(...decompositionWarnings(d, ['b']));
  return { ...checked(a, b, prices, d), cells: d.cells, lines: d.lines, warnings };
}

/** Header, totals and the identity against each account's own GEP total (refused beyond rounding). */
function checked(
  a: AccountResult,
  b: AccountResult,
  prices: 'current' | 'comparable',
  d: Decomposition,
): Omit<ChangeResult, 'cells' | 'lines' | 'warnings'> {
  const f = (s: string) => BigInt(s.replace('.', ''));
  const effects = d.cells.reduce(
    (s, c) => s + f(c.quantityEffect) + f(c.mixEffect) + f(c.priceEffect) + f(c.unsplit),
    0n,
  );
  // The identity against the inputs: each account's own GEP total (read, not recomputed from the cells) must be
  // reproduced by its cells to within rounding; then Σ effects = direct difference of the totals − residual.
  const gepFen = (r: AccountResult) => roundFen(new Decimal(r.totals.gep[prices]));
  const issues: Issue[] = [];
  const bounds: bigint[] = [];
  for (const [side, r, cellsFen, n] of [
    ['a', a, d.fen.v0, lineCount(a)],
    ['b', b, d.fen.v1, lineCount(b)],
  ] as const) {
    const bound = roundingBound(r, n);
    const gap = gepFen(r) - cellsFen;
    if ((gap < 0n ? -gap : gap) > bound)
      issues.push(
        vepIssue('VEP_RESULT_INVALID', [side, 'totals', 'gep', prices], {
          detail:
            `the GEP total ${yuanOfFen(gepFen(r))} differs from the sum of its indicator lines ` +
            `${yuanOfFen(cellsFen)} by ${yuanOfFen(gap)} yuan, more than rounding explains (${yuanOfFen(bound)})`,
        }),
      );
    bounds.push(bound);
  }
  if (issues.length > 0) throw new GepError(issues);
  const direct = gepFen(b) - gepFen(a);
  const residual = direct - effects;
  const bound = bounds.reduce((x, y) => x + y, 0n);
  const head = (r: AccountResult) => ({
    region: r.region.name,
    year: r.year,
    profile: `${r.profile.id}@${r.profile.version}`,
    priceYear: prices === 'current' ? r.prices.currentYear : r.prices.baseYear,
  });
  return {
    a: head(a),
    b: head(b),
    prices,
    decomposition:
      'by line (indicator × ecosystem × sub-item × zone): Laspeyres quantity effect (base prices) + Paasche price ' +
      'effect (current quantities); per cell (indicator × ecosystem, × sub-item where the sub-items have no ' +
      'physical total), quantity = volume at the average base price + mix; fen',
    total: d.total,
    byIndicator: d.byIndicator,
    byEcosystem: d.byEcosystem,
    reconciliation: {
      reportedChange: yuanOfFen(direct),
      cellsChange: yuanOfFen(d.fen.v1 - d.fen.v0),
      difference: yuanOfFen(direct - (d.fen.v1 - d.fen.v0)),
    },
    identity: {
      effects: yuanOfFen(effects),
      direct: yuanOfFen(direct),
      residual: yuanOfFen(residual),
      bound: yuanOfFen(bound),
      totals: { v0: yuanOfFen(gepFen(a)), v1: yuanOfFen(gepFen(b)) },
      rounding: { v0: yuanOfFen(gepFen(a) - d.fen.v0), v1: yuanOfFen(gepFen(b) - d.fen.v1) },
    },
  };
}
