import {
  type Decomposition,
  type Effects,
  type PricedLine,
  decomposeChange,
  roundFen,
  yuanOfFen,
} from '../change';
import { Decimal } from '../core/decimal';
import { GepError, type Issue, type Path, fail, issue } from '../core/errors';
import { checkDepth } from './validate';
import { parseUnit } from '../core/units';
import * as z from 'zod/mini';
import { anObject, checkOptions, optionsSchema } from '../core/options';
import { PARSE_OPTIONS, fromZodIssues } from '../core/zod-issues';
import { account } from './account';
import { priceIndicesText } from './price-indices-text';
import type { CompareResult } from './compare-schema';
import { type CompareSide, compareSideSchema, roundedSides } from './compare-side-schema';
import type { AccountOptions } from './options';

export { compareResultSchema, type CompareResult } from './compare-schema';

/**
 * Year-on-year comparison of two GEP accounts at comparable prices (the growth figure assessments use). Each side
 * is an account input (accounted here, exactly) or an account result (read as written). Both are valued at the
 * price level of one base year; their lines (indicator × ecosystem type × sub-item × zone) go to the change
 * accounting of src/change, which splits each change into volume, mix, price and unsplit effects with
 *
 *   ΔV = V₁ − V₀ = volume + mix + price + unsplit     exact to the fen, at every level
 *   growth % = ΔV / V₀ × 100                           two decimals, half to even (null when V₀ = 0)
 *
 * Each zone's line keeps its own base unit value p₀; a cell (indicator × ecosystem type) adds the zones up, so
 * quantity moved from a cheap zone to a dear one at unchanged prices is the region's mix effect, with a zero
 * price effect. By zone, each line takes its share of its cell's effects (its change of quantity at the cell's
 * average base unit value as volume, the rest of its quantity effect as mix): the zones add up to the region exactly
 * in every effect.
 */
export interface CompareOptions {
  /**
   * Base year of comparable prices. Default: the base year of a side given as a result, else the accounting year
   * of `before`. A result whose base year differs is refused (COMPARE_INCOMPARABLE).
   */
  baseYear?: number;
  /** Options for a side given as an input (profile, type mapping, price indices, deflators, scenario, …). */
  account?: Omit<AccountOptions, 'baseYear' | 'rounding'>;
}

type Which = 'before' | 'after';
interface Side {
  r: CompareSide;
  from: 'input' | 'result';
  /** The input as given, for a side given as an input: warnings about what it gives point at its fields. */
  input?: unknown;
}

/**
 * A side given as a result: an object with `gepkit` (what `gepkit account` writes first; an input cannot have it, its
 * schema being strict). A result missing its `totals` is then refused at them (COMPARE_RESULT_INVALID), not read as an
 * input.
 */
function isResult(json: unknown): json is Record<string, unknown> {
  return typeof json === 'object' && json !== null && 'gepkit' in json;
}

function resultBaseYear(json: unknown): number | undefined {
  if (!isResult(json)) return undefined;
  const y = (json.prices as { baseYear?: unknown } | undefined)?.baseYear;
  return Number.isInteger(y) ? (y as number) : undefined;
}

/** Issues of one side, their paths under `before`/`after`. */
function under(which: Which, issues: readonly Issue[]): Issue[] {
  return issues.map((i) => ({ ...i, path: [which, ...i.path] }));
}

/**
 * An account result read as compare() reads a side given as a result: parsed with `schema` (what compare() reads,
 * compareSideSchema; a reader of more fields passes a schema extending it), every problem thrown as a GepError of
 * `problem` issues at their paths under `at`.
 */
export function checkResult<S extends z.ZodMiniType>(
  json: unknown,
  at: Path,
  problem: (path: Path, detail: string) => Issue,
  schema: S,
): z.output<S> {
  const p = schema.safeParse(json, PARSE_OPTIONS);
  if (!p.success) throw new GepError(fromZodIssues(p.error.issues, at, problem));
  return p.data;
}

/** A side: a result parsed (COMPARE_RESULT_INVALID), or an input accounted exactly at `baseYear`. */
function readSide(
  json: unknown,
  which: Which,
  baseYear: number | undefined,
  opts: CompareOptions,
  asked = false,
): Side {
  if (isResult(json)) {
    const r = checkResult(
      json,
      [which],
      (path, detail) => issue('COMPARE_RESULT_INVALID', path, { detail }),
      compareSideSchema,
    );
    // An account's current prices are those of its year (src/account/assemble.ts): another year is an edited header,
    // which would put its nominal growth and its year apart.
    if (r.prices.currentYear !== r.year)
      fail('COMPARE_RESULT_INVALID', [which, 'prices', 'currentYear'], {
        detail: `current prices of ${r.prices.currentYear} in an account of ${r.year}: an account's current prices are those of its year`,
      });
    if (baseYear !== undefined && r.prices.baseYear !== baseYear)
      fail('COMPARE_INCOMPARABLE', [which, 'prices', 'baseYear'], {
        detail: asked
          ? `comparable prices of base year ${r.prices.baseYear}, the comparison's base year is ${baseYear}`
          : `comparable prices of base year ${r.prices.baseYear}, the other year at ${baseYear}`,
      });
    return { r, from: 'result' };
  }
  let result: unknown;
  try {
    result = account(json, {
      ...opts.account,
      ...(baseYear === undefined ? {} : { baseYear }),
      rounding: 'exact',
    });
  } catch (e) {
    if (e instanceof GepError) throw new GepError(under(which, e.issues));
    throw e;
  }
  return { r: compareSideSchema.parse(result), from: 'input', input: json };
}

/**
 * The lines of an account as priced lines (indicator × ecosystem type × sub-item × zone, the zone null for a
 * region-wide line): each line's own physical quantity and unit, its value at `prices`. An indicator to which the account gives no physical total (its `physical` null: R4's and R5's
 * pollutants, M1's products) has sub-items that are goods of their own (`separateItem`), each a cell of the
 * decomposition by itself. Change accounting of gepkit/vep (src/vep/change.ts) reads its accounts with it too.
 */
export function pricedLines(r: CompareSide, prices: 'current' | 'comparable' = 'comparable'): PricedLine[] {
  const out: PricedLine[] = [];
  for (const ind of r.indicators)
    for (const l of ind.lines) {
      const unit = l.physical === null ? null : (parseUnit(l.physical.unit) ?? null);
      out.push({
        indicator: ind.code,
        ecosystem: l.ecosystem,
        item: l.subItem ?? null,
        zone: l.zone ?? null,
        separateItem: ind.physical === null,
        quantity: l.physical === null || unit === null ? null : new Decimal(l.physical.value),
        unit,
        value: new Decimal(l.value[prices]),
      });
    }
  return out;
}

/**
 * How far, in fen, an account's GEP total rounded to the fen may lie from the sum of its `lines` distinct lines
 * each rounded to the fen, by rounding alone: ½ fen per line and ½ fen for the total, plus, when the account was
 * written rounded (`rounding.money` decimals), the rounding of each written line and of the total (½ unit of the
 * last place for the half modes, a whole unit for the directed ones). Rounded down to whole fen.
 */
export function roundingBound(
  r: { rounding: CompareSide['rounding']; indicators: readonly { lines: readonly unknown[] }[] },
  lines: number,
): bigint {
  let bound = new Decimal(lines + 1).div(2);
  if (r.rounding !== 'exact') {
    const written = r.indicators.reduce((n, i) => n + i.lines.length, 0);
    const unit = new Decimal(10).pow(2 - r.rounding.money); // one unit of the last place, in fen
    const perValue = r.rounding.mode.startsWith('half') ? unit.div(2) : unit;
    bound = bound.plus(perValue.times(written + 1));
  }
  return BigInt(bound.toFixed(0, Decimal.ROUND_FLOOR));
}

const fen = (yuan: string): bigint => BigInt(yuan.replace('.', ''));

/**
 * (v1 − v0) / |v0| × 100 to two decimals, half to even; null when v0 is 0. The base is taken without its sign, so
 * that a value that rose grows and one that fell shrinks whatever the base's sign (a net sink R6 of −3,649,462.42
 * that becomes −729,892.48 rose by 2,919,569.94: +80.00 %, where ΔV / V₀ gave −80.00 %).
 */
export function growth(v0: bigint, v1: bigint): string | null {
  if (v0 === 0n) return null;
  const base = v0 < 0n ? -v0 : v0;
  return new Decimal((v1 - v0).toString())
    .times(100)
    .div(base.toString())
    .toFixed(2, Decimal.ROUND_HALF_EVEN);
}

type Row = Effects & { growthPercent: string | null };
const row = (e: Effects): Row => ({ ...e, growthPercent: growth(fen(e.v0), fen(e.v1)) });

const FIELDS = ['v0', 'v1', 'change', 'quantityEffect', 'mixEffect', 'priceEffect', 'unsplit'] as const;

/** Σ of effects, field by field in fen (exact). */
function added(es: readonly Effects[]): Row {
  const s = Object.fromEntries(FIELDS.map((f) => [f, es.reduce((n, e) => n + fen(e[f]), 0n)])) as Record<
    (typeof FIELDS)[number],
    bigint
  >;
  const out = Object.fromEntries(FIELDS.map((f) => [f, yuanOfFen(s[f])]));
  return row(out as unknown as Effects);
}

type SideLine = CompareSide['indicators'][number]['lines'][number];

/** A line's place in its account: indicator × ecosystem × sub-item × zone. */
const lineKey = (code: string, l: SideLine): string =>
  JSON.stringify([code, l.ecosystem, l.subItem ?? null, l.zone ?? null]);

/** Number of distinct lines (indicator × ecosystem × sub-item × zone) of an account, each rounded once to the fen. */
export function lineCount(r: CompareSide): number {
  return new Set(r.indicators.flatMap((i) => i.lines.map((l) => lineKey(i.code, l)))).size;
}

/** Σ of an account's distinct lines (indicator × ecosystem × sub-item × zone) at `prices`, each rounded to the fen. */
function linesFen(r: CompareSide, prices: 'current' | 'comparable'): bigint {
  const by = new Map<string, Decimal>();
  for (const i of r.indicators)
    for (const l of i.lines) {
      const k = lineKey(i.code, l);
      by.set(k, (by.get(k) ?? new Decimal(0)).plus(l.value[prices]));
    }
  return [...by.values()].reduce((n, v) => n + roundFen(v), 0n);
}

/**
 * Each account's lines must make its own GEP totals within rounding, at comparable prices (the decomposition's) and at
 * current prices (the nominal figures'); the identity against the comparable totals. The totals, each rounded once,
 * are recorded beside the sums of the lines each rounded to the fen (`gep.v0`, `gep.v1`), with what that rounding
 * removed: `rounding` = total − Σ lines, and residual = rounding.v1 − rounding.v0.
 */
function identity(a: CompareSide, b: CompareSide, d: Decomposition): CompareResult['identity'] {
  const effects = d.cells.reduce(
    (s, c) => s + fen(c.quantityEffect) + fen(c.mixEffect) + fen(c.priceEffect) + fen(c.unsplit),
    0n,
  );
  const gepFen = (r: CompareSide) => roundFen(new Decimal(r.totals.gep.comparable));
  const issues: Issue[] = [];
  let bound = 0n;
  for (const [which, r, cellsFen] of [
    ['before', a, d.fen.v0],
    ['after', b, d.fen.v1],
  ] as const) {
    const own = roundingBound(r, lineCount(r));
    for (const [prices, total, lines] of [
      ['comparable', gepFen(r), cellsFen],
      ['current', roundFen(new Decimal(r.totals.gep.current)), linesFen(r, 'current')],
    ] as const) {
      const gap = total - lines;
      if ((gap < 0n ? -gap : gap) > own)
        issues.push(
          issue('COMPARE_RESULT_INVALID', [which, 'totals', 'gep', prices], {
            detail:
              `the GEP total${prices === 'current' ? ' at current prices' : ''} ${yuanOfFen(total)} differs from ` +
              `the sum of its indicator lines ${yuanOfFen(lines)} by ${yuanOfFen(gap)} yuan, more than rounding ` +
              `explains (${yuanOfFen(own)})`,
          }),
        );
    }
    bound += own;
  }
  if (issues.length > 0) throw new GepError(issues);
  const direct = gepFen(b) - gepFen(a);
  return {
    effects: yuanOfFen(effects),
    direct: yuanOfFen(direct),
    residual: yuanOfFen(direct - effects),
    bound: yuanOfFen(bound),
    totals: { v0: yuanOfFen(gepFen(a)), v1: yuanOfFen(gepFen(b)) },
    rounding: { v0: yuanOfFen(gepFen(a) - d.fen.v0), v1: yuanOfFen(gepFen(b) - d.fen.v1) },
  };
}

/** A region as `name (code)`, the code left out where the result has none. */
const regionOf = (r: CompareSide): string =>
  r.region.code === undefined ? r.region.name : `${r.region.name} (${r.region.code})`;

/**
 * The names of the two sides at the head of a warning's path: compare()'s `before` and `after`, change
 * accounting's `a` and `b` (src/vep/change.ts), which gives the warnings below under its own sides.
 */
export type SideNames = readonly [before: string, after: string];
const COMPARE_SIDES: SideNames = ['before', 'after'];

/** COMPARE_REGION_DIFFERS: another name, or another code where both sides carry one. */
export function regionWarnings(a: CompareSide, b: CompareSide, sides: SideNames = COMPARE_SIDES): Issue[] {
  const codes = a.region.code !== undefined && b.region.code !== undefined && a.region.code !== b.region.code;
  if (a.region.name === b.region.name && !codes) return [];
  return [issue('COMPARE_REGION_DIFFERS', [sides[1], 'region'], { before: regionOf(a), after: regionOf(b) })];
}

/**
 * COMPARE_PROFILE_DIFFERS (another profile id or version) and COMPARE_YEAR_ORDER (the second side not later; with
 * `sameYear` 'accepted', the second side earlier: two scenarios of one year are compared by change accounting).
 */
export function profileAndYearWarnings(
  a: CompareSide,
  b: CompareSide,
  sides: SideNames = COMPARE_SIDES,
  sameYear: 'warned' | 'accepted' = 'warned',
): Issue[] {
  const out: Issue[] = [];
  const profileOf = (r: CompareSide) => `${r.profile.id}@${r.profile.version}`;
  if (profileOf(a) !== profileOf(b))
    out.push(
      issue('COMPARE_PROFILE_DIFFERS', [sides[1], 'profile'], { before: profileOf(a), after: profileOf(b) }),
    );
  if (b.year < a.year || (b.year === a.year && sameYear === 'warned'))
    out.push(issue('COMPARE_YEAR_ORDER', [sides[1], 'year'], { before: a.year, after: b.year }));
  return out;
}

/**
 * COMPARE_INDICATOR_ONE_SIDE: an indicator accounted in one year and skipped (with the skip's reason, at the
 * skipped entry) or absent (at the side's indicators) in the other.
 */
export function oneSideWarnings(a: CompareSide, b: CompareSide, sides: SideNames = COMPARE_SIDES): Issue[] {
  const out: Issue[] = [];
  for (const [has, lacks, which] of [
    [a, b, sides[1]],
    [b, a, sides[0]],
  ] as const) {
    const there = new Set(lacks.indicators.map((i) => i.code));
    for (const { code } of has.indicators) {
      if (there.has(code)) continue;
      const k = (lacks.skipped ?? []).findIndex((s) => s.code === code);
      const skip = lacks.skipped?.[k];
      out.push(
        issue(
          'COMPARE_INDICATOR_ONE_SIDE',
          skip === undefined ? [which, 'indicators'] : [which, 'skipped', k],
          {
            indicator: code,
            accounted: String(has.year),
            missing: String(lacks.year),
            reason: skip?.reason ?? 'absent from that account',
          },
        ),
      );
    }
  }
  return out;
}

/**
 * Refusals (classification) and warnings (region, zone names, profile, the years' order, indicators of one year, methods, price
 * indices) of two sides.
 */
function checkComparable(sa: Side, sb: Side): Issue[] {
  const [a, b] = [sa.r, sb.r];
  if (a.classification.ref !== b.classification.ref)
    fail('COMPARE_INCOMPARABLE', ['after', 'classification'], {
      detail: `classifications differ (${a.classification.ref}, ${b.classification.ref})`,
    });
  const warnings: Issue[] = [
    ...regionWarnings(a, b),
    ...zoneNameWarnings(a, sb),
    ...coefficientWarnings(a, b),
    ...profileAndYearWarnings(a, b),
    ...oneSideWarnings(a, b),
  ];
  const methods = new Map(a.indicators.map((i) => [i.code, i.method]));
  for (const [k, i] of b.indicators.entries()) {
    const m = methods.get(i.code);
    if (m !== undefined && m !== i.method)
      warnings.push(
        issue('COMPARE_METHOD_DIFFERS', ['after', 'indicators', k, 'method'], {
          indicator: i.code,
          before: m,
          after: i.method,
        }),
      );
  }
  // compared as data (a prefix may hold any text); named as the reports name them (priceIndicesText), each year's
  // in brackets, so that the later year's index is not read as one more rule of the earlier's
  const rules = (r: CompareSide) =>
    JSON.stringify([r.prices.index.ref, ...(r.prices.deflators ?? []).map((d) => [d.match, d.index])]);
  const named = (r: CompareSide) => `[${priceIndicesText(r.prices.index.ref, r.prices.deflators ?? [])}]`;
  if (rules(a) !== rules(b))
    warnings.push(
      issue('COMPARE_PRICE_INDEX_DIFFERS', ['after', 'prices'], { before: named(a), after: named(b) }),
    );
  return warnings;
}

/** The index of the custom indicator `code` in a side given as an input (its `customIndicators`), else undefined. */
function customIndex(s: Side, code: string): number | undefined {
  const list = (s.input as { customIndicators?: unknown } | undefined)?.customIndicators;
  if (!Array.isArray(list)) return undefined;
  const k = list.findIndex((c) => (c as { code?: unknown } | null)?.code === code);
  return k < 0 ? undefined : k;
}

/** The physical units of an indicator's lines, each once, as the catalogue names them, sorted. */
const unitsOf = (i: CompareSide['indicators'][number]): string[] =>
  [
    ...new Set(
      i.lines.flatMap((l) => (l.physical === null ? [] : [parseUnit(l.physical.unit) ?? l.physical.unit])),
    ),
  ].sort();

/**
 * An indicator of both years given another category (COMPARE_CATEGORY_DIFFERS) or its quantities in other units
 * (COMPARE_UNIT_DIFFERS), on the later side: at a custom indicator's `category` or `unit` where that side is an input
 * that declares it, else at the indicator in its account. `reclassified` holds the codes of another category: each
 * year's value belongs to its own year's category, so their change cannot be volume or price of one service.
 */
function definitionWarnings(sa: Side, sb: Side): { warnings: Issue[]; reclassified: Set<string> } {
  const before = new Map(sa.r.indicators.map((i) => [i.code, i]));
  const warnings: Issue[] = [];
  const reclassified = new Set<string>();
  sb.r.indicators.forEach((i, k) => {
    const was = before.get(i.code);
    if (was === undefined) return;
    const custom = sb.from === 'input' ? customIndex(sb, i.code) : undefined;
    const at = (field: string): Path =>
      custom === undefined
        ? ['after', 'indicators', k, ...(field === 'category' ? [field] : [])]
        : ['after', 'customIndicators', custom, field];
    if (was.category !== i.category) {
      reclassified.add(i.code);
      warnings.push(
        issue('COMPARE_CATEGORY_DIFFERS', at('category'), {
          indicator: i.code,
          before: was.category,
          after: i.category,
        }),
      );
    }
    const [u0, u1] = [unitsOf(was), unitsOf(i)];
    if (u0.length > 0 && u1.length > 0 && u0.join() !== u1.join())
      warnings.push(
        issue('COMPARE_UNIT_DIFFERS', at('unit'), {
          indicator: i.code,
          before: u0.join(', '),
          after: u1.join(', '),
        }),
      );
  });
  return { warnings, reclassified };
}

/**
 * The warnings of a decomposition, on the later side (`after`: its path): zones that differ between the years
 * (COMPARE_ZONES_DIFFER), a good given region-wide in one year and by zone in the other (COMPARE_GOOD_REZONED), an indicator given by quantities in one year and by value in the other
 * (COMPARE_BASIS_CHANGED), sub-items of one year alone on both sides (COMPARE_ITEMS_UNMATCHED). A region-wide line's
 * zone and a line without ecosystem type are "(none)".
 */
export function decompositionWarnings(d: Decomposition, after: Path): Issue[] {
  const none = (x: string | null) => x ?? '(none)';
  const out: Issue[] = [];
  if (d.rezoned !== undefined)
    out.push(
      issue('COMPARE_ZONES_DIFFER', [...after, 'zones'], {
        before: d.rezoned.a.join(', ') || '(none)',
        after: d.rezoned.b.join(', ') || '(none)',
      }),
    );
  for (const g of d.rezonedGoods ?? [])
    out.push(
      issue('COMPARE_GOOD_REZONED', [...after, 'zones'], {
        indicator: g.indicator,
        ecosystem: none(g.ecosystem),
        item: none(g.item),
        before: g.a.map(none).join(', '),
        after: g.b.map(none).join(', '),
      }),
    );
  for (const g of d.basisChanged ?? [])
    out.push(
      issue('COMPARE_BASIS_CHANGED', [...after, 'indicators'], {
        indicator: g.indicator,
        ecosystem: none(g.ecosystem),
      }),
    );
  for (const g of d.unmatchedItems ?? [])
    out.push(
      issue('COMPARE_ITEMS_UNMATCHED', [...after, 'indicators'], {
        indicator: g.indicator,
        ecosystem: none(g.ecosystem),
        before: g.a.join(', '),
        after: g.b.join(', '),
      }),
    );
  return out;
}

type Category = CompareSide['indicators'][number]['category'];

/** Region, per indicator/category/ecosystem type/zone rows of the comparison. */
function breakdowns(a: CompareSide, b: CompareSide, d: Decomposition, reclassified: ReadonlySet<string>) {
  // An indicator as the later year gives it (name, category), or as the earlier one where it is gone.
  const inds = new Map([...a.indicators, ...b.indicators].map((i) => [i.code, i]));
  const byIndicator = d.byIndicator.map(({ indicator, ...e }) => {
    const i = inds.get(indicator);
    return { indicator, name: i?.name ?? null, category: i?.category ?? 'regulating', ...row(e) };
  });
  // Each year's value in its own year's category: an indicator of another category in each year (its lines unsplit,
  // COMPARE_CATEGORY_DIFFERS) leaves the earlier one (V₀ → 0, unsplit −V₀) and enters the later (0 → V₁, unsplit V₁).
  const earlier = new Map(a.indicators.map((i) => [i.code, i.category]));
  const parts = byIndicator.flatMap((r): { category: Category; e: Effects }[] => {
    const was = earlier.get(r.indicator);
    if (!reclassified.has(r.indicator) || was === undefined) return [{ category: r.category, e: r }];
    const none = '0.00';
    const flat = { quantityEffect: none, mixEffect: none, priceEffect: none };
    return [
      {
        category: was,
        e: { ...flat, v0: r.v0, v1: none, change: yuanOfFen(-fen(r.v0)), unsplit: yuanOfFen(-fen(r.v0)) },
      },
      { category: r.category, e: { ...flat, v0: none, v1: r.v1, change: r.v1, unsplit: r.v1 } },
    ];
  });
  const byCategory = (['material', 'regulating', 'cultural'] as const)
    .map((category) => ({ category, rows: parts.filter((x) => x.category === category).map((x) => x.e) }))
    .filter((c) => c.rows.length > 0)
    .map(({ category, rows }) => ({ category, ...added(rows) }));
  const ecoNames = new Map(
    [...(b.byEcosystem ?? []), ...(a.byEcosystem ?? [])].map((e) => [e.ecosystem, e.name]),
  );
  const byEcosystem = d.byEcosystem.map(({ ecosystem, ...e }) => ({
    ecosystem,
    name: ecosystem === null ? null : (ecoNames.get(ecosystem) ?? null),
    ...row(e),
  }));
  // A zone's name as the later year gives it (a township renamed keeps its id: COMPARE_ZONE_RENAMED). Each zone's
  // effects are its lines' shares of their cells' (src/change, zoneShares): every effect adds up to the region's.
  const zoneNames = new Map([...(a.byZone ?? []), ...(b.byZone ?? [])].map((z) => [z.zone, z.name]));
  const byZone = (d.byZone ?? []).map(({ zone, ...e }) => ({
    zone,
    name: zoneNames.get(zone) ?? null,
    ...row(e),
  }));
  return { byCategory, byIndicator, byEcosystem, byZone };
}

/**
 * COMPARE_COEFFICIENTS_DIFFER: coefficients read in both years (the same key, ecosystem type and region) with another
 * value, unit or price year, named up to five (a table corrected for one year only, another version of a table): at
 * comparable prices their change is part of the effects (a corrected storage price is price effect), not a change of
 * the ecosystem.
 */
function coefficientWarnings(a: CompareSide, b: CompareSide): Issue[] {
  if (a.coefficients === undefined || b.coefficients === undefined) return [];
  type Scope = { key: string; ecosystem: string | null; region: string | null };
  const scope = (c: Scope) => JSON.stringify([c.key, c.ecosystem, c.region]);
  const named = (c: Scope) => {
    const where = [c.ecosystem, c.region].filter((x) => x !== null);
    return where.length === 0 ? c.key : `${c.key} (${where.join(', ')})`;
  };
  const shown = (c: NonNullable<CompareSide['coefficients']>[number]) =>
    `${c.value} ${c.unit}${c.priceYear === undefined || c.priceYear === null ? '' : ` at ${c.priceYear} prices`}`;
  const before = new Map(a.coefficients.map((c) => [scope(c), c]));
  const differ = b.coefficients.flatMap((c) => {
    const was = before.get(scope(c));
    return was === undefined ||
      (new Decimal(was.value).eq(c.value) &&
        was.unit === c.unit &&
        (was.priceYear ?? null) === (c.priceYear ?? null))
      ? []
      : [`${named(c)}: ${shown(was)} (${was.table}) → ${shown(c)} (${c.table})`];
  });
  if (differ.length === 0) return [];
  const list = differ.slice(0, 5).join('; ') + (differ.length > 5 ? `; and ${differ.length - 5} more` : '');
  return [issue('COMPARE_COEFFICIENTS_DIFFER', ['after', 'coefficients'], { count: differ.length, list })];
}

/**
 * COMPARE_ZONE_RENAMED: a zone of both years whose name differs (the later name is shown), at the later side's name of
 * the zone: `zones[k].name` of an input (where it is written), `byZone[k].name` of a result.
 */
function zoneNameWarnings(a: CompareSide, sb: Side): Issue[] {
  const before = new Map((a.byZone ?? []).map((z) => [z.zone, z.name]));
  const inputZones = (sb.input as { zones?: unknown } | undefined)?.zones;
  const at = (zone: string, k: number): Path => {
    const j = Array.isArray(inputZones)
      ? inputZones.findIndex((z) => (z as { id?: unknown } | null)?.id === zone)
      : -1;
    return sb.from === 'input' && j >= 0 ? ['after', 'zones', j, 'name'] : ['after', 'byZone', k, 'name'];
  };
  return (sb.r.byZone ?? []).flatMap((z, k) => {
    const was = before.get(z.zone);
    return z.zone === null || was === undefined || was === z.name
      ? []
      : [issue('COMPARE_ZONE_RENAMED', at(z.zone, k), { zone: z.zone, before: was, after: z.name })];
  });
}

/** The options compare() reads; their members' own members (the account options) are checked by account(). */
const compareOptionsSchema = optionsSchema<CompareOptions>({ baseYear: z.int(), account: anObject });

/**
 * Compare two accounts, `before` and `after` (inputs or results of `account()`, as objects or parsed JSON), at
 * comparable prices of one base year. Plain JSON out (compareResultSchema).
 *
 * @example
 * const r = compare(input2020, input2021, { baseYear: 2020 });
 * r.gep.growthPercent; // GEP growth at 2020 prices, e.g. "3.41"
 * r.gep.quantityEffect; // of which: change of physical quantities at 2020 unit values, 元
 */
export function compare(before: unknown, after: unknown, options: CompareOptions = {}): CompareResult {
  checkDepth(before, 'the account before', ['before']);
  checkDepth(after, 'the account after', ['after']);
  checkDepth(options, 'the comparison options', ['options']);
  checkOptions(compareOptionsSchema, options);
  // Two base years for one comparison (CompareOptions' account has no baseYear, but a JavaScript caller may give one):
  // one would silently win over the other.
  const accountBase = (options.account as AccountOptions | undefined)?.baseYear;
  if (options.baseYear !== undefined && accountBase !== undefined && accountBase !== options.baseYear)
    fail('OPTIONS_INVALID', ['options', 'account', 'baseYear'], {
      detail: `baseYear ${accountBase} differs from options.baseYear ${options.baseYear}: give the comparison's base year once (options.baseYear)`,
    });
  // An input is accounted in exact rounding for the comparison (a rounded account's printing would count as change):
  // a rounding asked of the accounts would be silently replaced.
  const accountRounding = (options.account as AccountOptions | undefined)?.rounding;
  if (accountRounding !== undefined && accountRounding !== 'exact')
    fail('OPTIONS_INVALID', ['options', 'account', 'rounding'], {
      detail:
        'compare accounts its inputs in exact rounding, so that what printing removes is not counted as change: give no rounding',
    });
  // A base year given among the account options is the comparison's, as options.baseYear: with two inputs both are
  // accounted at it, and a side given as a result at another is refused (COMPARE_INCOMPARABLE), rather than the
  // comparison being run at the result's base year unsaid. (One that is no whole number is account()'s to refuse.)
  const askedBase = options.baseYear ?? (Number.isInteger(accountBase) ? accountBase : undefined);
  const fixed = askedBase ?? resultBaseYear(before) ?? resultBaseYear(after);
  // `asked`: the base year is the caller's (baseYear, --base-year), not the other result's
  const asked = askedBase !== undefined;
  const sa = readSide(before, 'before', fixed, options, asked);
  const sb = readSide(after, 'after', fixed ?? sa.r.prices.baseYear, options, asked);
  const [a, b] = [sa.r, sb.r];
  // Account options change how an input is accounted: with both sides results there is nothing for them to change.
  const given = Object.entries(options.account ?? {})
    .filter(([, v]) => v !== undefined)
    .map(([k]) => k);
  if (sa.from === 'result' && sb.from === 'result' && given.length > 0)
    fail('OPTIONS_INVALID', ['options', 'account', given[0] as string], {
      detail: `${given.join(', ')}: both sides are account results, which account options cannot change (give the inputs to account them so)`,
    });
  const definition = definitionWarnings(sa, sb);
  const warnings = [
    ...roundedSides([a, b], (which, year, money) =>
      issue('COMPARE_RESULT_ROUNDED', [which === 'a' ? 'before' : 'after', 'rounding'], { year, money }),
    ),
    ...checkComparable(sa, sb),
    ...definition.warnings,
    // Each year's own warnings (areas that do not add up, an input not used, coefficients below the grade), under
    // its side: the comparison rests on both accounts.
    ...under('before', a.warnings ?? []),
    ...under('after', b.warnings ?? []),
  ];
  // An indicator of another category in each year is no one service in two years: its lines are unsplit.
  const lines = (r: CompareSide) =>
    pricedLines(r).map((l) =>
      definition.reclassified.has(l.indicator) ? { ...l, quantity: null, unit: null } : l,
    );
  const d = decomposeChange(lines(a), lines(b));
  warnings.push(...decompositionWarnings(d, ['after']));
  const id = identity(a, b, d);
  const nominal = [a, b].map((r) => roundFen(new Decimal(r.totals.gep.current))) as [bigint, bigint];
  const head = (s: Side) => ({
    region: s.r.region.name,
    year: s.r.year,
    profile: `${s.r.profile.id}@${s.r.profile.version}`,
    from: s.from,
    // what the account left out (--exclude M5,M6 on both sides leaves no warning, but is no part of either GEP)
    skipped: (s.r.skipped ?? []).map(({ code, reason }) => ({ code, reason })),
  });
  return {
    compare: 1,
    before: head(sa),
    after: head(sb),
    prices: {
      basis: 'comparable',
      baseYear: a.prices.baseYear,
      index: a.prices.index.ref,
      deflators: (a.prices.deflators ?? []).map((d) => ({ match: d.match, index: d.index })),
    },
    gep: row(d.total),
    nominal: {
      v0: yuanOfFen(nominal[0]),
      v1: yuanOfFen(nominal[1]),
      change: yuanOfFen(nominal[1] - nominal[0]),
      growthPercent: growth(nominal[0], nominal[1]),
      priceYears: [a.prices.currentYear, b.prices.currentYear],
    },
    ...breakdowns(a, b, d, definition.reclassified),
    cells: d.cells,
    lines: d.lines.map((l) => ({ ...l, zone: l.zone ?? null })),
    identity: id,
    decomposition:
      'by line (indicator × ecosystem × sub-item × zone) at comparable prices: Laspeyres quantity effect (base-year ' +
      'unit values) + Paasche price effect (later quantities); per cell (indicator × ecosystem, × sub-item where ' +
      'the sub-items have no physical total), quantity = volume at the average base unit value + mix; fen',
    warnings,
  };
}
