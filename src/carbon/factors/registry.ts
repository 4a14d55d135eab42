import { contentHash } from '../../core/canonical';
import type { Decimal } from '../../core/decimal';
import { GepError, type Path, fail } from '../../core/errors';
import { MAX_JSON_DEPTH, valueTooDeep } from '../../io/json';
import { carbonFail, carbonZodFallback } from '../errors';
import { fromZodIssues } from '../../core/zod-issues';
import type { Grade, Source } from '../../coefficients/schema';
import { type FactorUnit, gramsPerBase, parseFactorUnit } from '../activity-units';
import { type DateWindow, type FactorRecord, type FactorSetData, type Grid, factorSetSchema } from './schema';
import { type ProvinceGridTable, gridOf } from './province-grid';
import {
  DEFAULT_UTC_OFFSET,
  INSTANT_FORM,
  UTC_OFFSET,
  instantProblem,
  localDate,
  offsetMs,
  parseInstant,
} from '../time';

/** A validated factor set with its content hash (computed here, never typed by hand). */
export interface FactorSet extends FactorSetData {
  readonly ref: string;
  readonly hash: string;
}

/**
 * The code prefix a record's region covers: a GB/T 2260 code with its trailing "00" pairs left out, as the standard
 * writes a province (360000 = 36, Jiangxi) and a prefecture (440300 = 4403, Shenzhen) in six digits; a county code
 * (440305) and a prefix (44, 4403) as written. An activity's code starts with it when the record covers it.
 */
function regionPrefix(code: string): string {
  let p = code;
  while (p.length > 2 && p.endsWith('00')) p = p.slice(0, -2);
  return p;
}

const scopeOf = (r: FactorRecord) =>
  `${r.key}|${r.applies.region === undefined ? '' : regionPrefix(r.applies.region)}|${r.applies.grid ?? ''}`;
const overlaps = (a: DateWindow | undefined, b: DateWindow | undefined): boolean =>
  a === undefined ||
  b === undefined ||
  ((a.to === null || a.to >= b.from) && (b.to === null || b.to >= a.from));

/** The area a factor record covers, as messages name it: `region 36`, `grid central`, `the whole country`. */
export function factorArea(a: { region?: string | null; grid?: string }): string {
  if (a.region !== undefined && a.region !== null) return `region ${a.region}`;
  return a.grid !== undefined ? `grid ${a.grid}` : 'the whole country';
}

/**
 * Validate a factor set (JSON already parsed) and hash it; problems are CARBON_FACTORS_INVALID issues. Two
 * records of one key and region (or grid) whose effective windows overlap are refused: a date would have two
 * values (a record without a window is in force whenever the set is).
 */
export function loadFactorSet(json: unknown, path: Path = []): FactorSet {
  const deep = valueTooDeep(json);
  if (deep !== undefined)
    fail('INPUT_TOO_DEEP', [...path, ...deep], { file: 'the factor set', limit: MAX_JSON_DEPTH });
  const parsed = factorSetSchema.safeParse(json, { reportInput: true });
  if (!parsed.success)
    throw new GepError(fromZodIssues(parsed.error.issues, path, carbonZodFallback('CARBON_FACTORS_INVALID')));
  const byScope = new Map<string, FactorRecord[]>();
  const setWindow = parsed.data.effective;
  parsed.data.factors.forEach((r, i) => {
    // A record's window lies inside its set's: a day outside would never take the record, silently (the bundled
    // factor applying instead). A record without an end ends with its set.
    const w = r.applies.effective;
    if (
      w !== undefined &&
      setWindow !== undefined &&
      (w.from < setWindow.from || (w.to !== null && setWindow.to !== null && w.to > setWindow.to))
    )
      carbonFail('CARBON_FACTORS_INVALID', [...path, 'factors', i, 'applies', 'effective'], {
        detail: `factor ${r.key}'s effective window (${windowText(w)}) is not inside its set's (${windowText(setWindow)})`,
      });
    const s = scopeOf(r);
    const same = byScope.get(s) ?? [];
    const clash = same.find((o) => overlaps(o.applies.effective, r.applies.effective));
    if (clash !== undefined)
      carbonFail('CARBON_FACTORS_INVALID', [...path, 'factors', i], {
        detail: `factor ${r.key} for ${factorArea(r.applies)} has overlapping effective windows (${windowText(clash.applies.effective)} and ${windowText(r.applies.effective)})`,
      });
    same.push(r);
    byScope.set(s, same);
  });
  return { ...parsed.data, ref: `${parsed.data.id}@${parsed.data.version}`, hash: contentHash(parsed.data) };
}

const windowText = (w: DateWindow | undefined): string =>
  w === undefined ? 'always' : `${w.from} to ${w.to ?? 'open'}`;

/** A factor as a result line names it: its set (id@version), hash, data year and the region or grid it covers. */
export interface FactorUse {
  key: string;
  value: string;
  unit: string;
  kind: 'emission' | 'reduction';
  set: string;
  hash: string;
  grade: string;
  /** The data year of the set (null when the source states none). */
  year: number | null;
  /** The administrative code prefix the record covers; null for a grid or national record. */
  region: string | null;
  /** The regional grid the record covers, when it is a grid record. */
  grid?: Grid;
  /** Set when the methodology uses this factor as a fallback of gepkit's choosing. */
  assumption?: { grade: string; note: string };
}

/** When an activity happened, as the factor lookup reads it: its local date and year in the batch's time zone. */
export interface ActivityWhen {
  readonly date: string;
  readonly year: number;
}

/**
 * The local date and year of an ISO 8601 time in the time zone `utcOffset` (a rule set's `utcOffset`, Beijing time
 * by default), as a batch reads an activity's time for its factor (ADR 0050): `2022-12-31T16:30:00Z` and
 * `2023-01-01T00:30:00+08:00` are one instant, both 2023-01-01 at +08:00. A time without an offset or on a date
 * that does not exist is refused (CARBON_ACTIVITY_INVALID at `ts`), an offset not of the form ±hh:mm within ±14:00
 * too (CARBON_RULES_INVALID at `utcOffset`).
 */
export function whenOf(ts: string, utcOffset: string = DEFAULT_UTC_OFFSET): ActivityWhen {
  if (!UTC_OFFSET.test(utcOffset))
    carbonFail('CARBON_RULES_INVALID', ['utcOffset'], {
      detail: `utcOffset: a UTC offset ±hh:mm from -14:00 to +14:00, not ${JSON.stringify(utcOffset)}`,
    });
  const ms = parseInstant(ts);
  if (ms === undefined)
    carbonFail('CARBON_ACTIVITY_INVALID', ['ts'], { detail: `ts: ${instantProblem(ts) ?? INSTANT_FORM}` });
  const date = localDate(ms, offsetMs(utcOffset));
  return { date, year: Number(date.slice(0, 4)) };
}

/** A factor as found, with everything a reader of the result needs to check it. */
export interface ResolvedFactor {
  key: string;
  region: string | null;
  grid?: Grid;
  value: Decimal;
  unit: string;
  parsedUnit: FactorUnit;
  kind: 'emission' | 'reduction';
  set: string;
  hash: string;
  dataYear: number | null;
  grade: Grade;
  source: Source;
  note?: string;
  /** The record's capacity limit in kW (applies.capacityMax), when it has one. */
  capacityMaxKw?: Decimal;
  /** The activity's year, when it is later than the data year (no factor of that year applies): CARBON_FACTOR_YEAR_FALLBACK. */
  fallbackFor?: number;
  /** The value in g CO₂ per base unit of its dimension (km, pkm, ride, kWh), derived once per resolved factor. */
  gramsPerBase: Decimal;
  /** The record as a result line names it (frozen: results share it). */
  use: FactorUse;
}

const kw = (c: { value: Decimal; unit: 'kW' | 'MW' }): Decimal =>
  c.unit === 'MW' ? c.value.times(1000) : c.value;

const inWindow = (w: DateWindow | undefined, date: string): boolean =>
  w === undefined || (date >= w.from && (w.to === null || date <= w.to));

/**
 * How specifically a record covers a region, higher is more specific (−1: it does not apply): a county (6
 * digits), a prefecture (4), a province (2), the province's regional grid (1), everywhere (0) (a record's region
 * has 2, 4 or 6 digits: factorSchema); a six-digit code of a province or prefecture (360000, 440300) is its
 * prefix (regionPrefix). A national record of a key given by grid (`offGrid`: the region's
 * province is in no grid of the province → grid table, as 71, 81 and 82 are in none of the mainland's) does not
 * apply: it is the average of the grids, which do not supply that region.
 */
function specificity(
  r: FactorRecord,
  region: string | null,
  grid: Grid | undefined,
  offGrid: boolean,
): number {
  const g = r.applies.region;
  if (g !== undefined) {
    const p = regionPrefix(g);
    return region !== null && region.startsWith(p) ? 1 + p.length : -1;
  }
  if (r.applies.grid !== undefined) return grid !== undefined && r.applies.grid === grid ? 1 : -1;
  return offGrid ? -1 : 0;
}

const CACHE_MAX = 4096;

/**
 * The factor sets one computation reads: the user's sets first (a tier of their own: any applicable user
 * record beats the bundled ones), then the methodology's pinned sets. Within a tier a record applies when its
 * set and its own effective windows cover the activity's local date, its set's data year is not after the
 * activity's year, and its region (or grid) covers the activity's; the most specific region wins
 * (county → prefecture → province → regional grid → national), then the latest data year, then the set listed
 * first. A data year earlier than the activity's is marked (`fallbackFor`) for the CARBON_FACTOR_YEAR_FALLBACK warning.
 */
export class FactorChain {
  /** key → region ('' for none) → date → the factor found (null: none); bounded, cleared past CACHE_MAX. */
  private readonly cache = new Map<string, Map<string, Map<string, ResolvedFactor | null>>>();
  private cached = 0;
  readonly sets: readonly FactorSet[];

  constructor(
    readonly user: readonly FactorSet[],
    readonly pinned: readonly FactorSet[],
    private readonly grids?: ProvinceGridTable,
  ) {
    this.sets = [...user, ...pinned];
    for (const s of this.sets)
      for (const r of s.factors) if (r.applies.grid !== undefined) this.byGrid.add(r.key);
  }

  /** The keys some record of these sets gives for a regional grid: their national records are the grids' average. */
  private readonly byGrid = new Set<string>();

  /**
   * Whether `region` lies outside every grid of the province → grid table (its province is not in it) while `key`
   * is given by grid: then no national record of `key` applies to it (`specificity`).
   */
  private offGrid(key: string, region: string | null, grid: Grid | undefined): boolean {
    return region !== null && this.grids !== undefined && grid === undefined && this.byGrid.has(key);
  }

  /**
   * The chain of the user's sets alone, or undefined when this chain has no user sets or nothing after them: a
   * computation with two forms of factor (a reduction factor, or an emission pair) searches it first in both
   * forms, since an applicable user record beats every bundled one whatever its form.
   */
  userTier(): FactorChain | undefined {
    if (this.user.length === 0 || this.pinned.length === 0) return undefined;
    this.userOnly ??= new FactorChain(this.user, [], this.grids);
    return this.userOnly;
  }
  private userOnly: FactorChain | undefined;

  /** A chain with `user` sets searched before these. */
  overlay(user: readonly FactorSet[]): FactorChain {
    return new FactorChain([...user, ...this.user], this.pinned, this.grids);
  }

  /**
   * The factor for `key` in `region` at `when` (without `when`, windows are not checked and the latest data
   * year wins). With `capacityKw`, records limited to a smaller capacity (applies.capacityMax) do not apply;
   * without it they do, and the caller warns (capacityMaxKw is set).
   */
  find(
    key: string,
    region: string | null,
    when?: ActivityWhen,
    capacityKw?: Decimal,
  ): ResolvedFactor | undefined {
    // Capacity-specific lookups are not cached: their values are per project, and the cache must stay small.
    if (capacityKw !== undefined || when === undefined) return this.search(key, region, when, capacityKw);
    let byRegion = this.cache.get(key);
    if (byRegion === undefined) {
      byRegion = new Map();
      this.cache.set(key, byRegion);
    }
    let byDate = byRegion.get(region ?? '');
    if (byDate === undefined) {
      byDate = new Map();
      byRegion.set(region ?? '', byDate);
    }
    const hit = byDate.get(when.date);
    if (hit !== undefined) return hit ?? undefined;
    const found = this.search(key, region, when, undefined);
    if (++this.cached > CACHE_MAX) {
      this.cache.clear();
      this.cached = 1;
      byDate = new Map();
      this.cache.set(key, new Map([[region ?? '', byDate]]));
    }
    byDate.set(when.date, found ?? null);
    return found;
  }

  private search(
    key: string,
    region: string | null,
    when: ActivityWhen | undefined,
    capacityKw: Decimal | undefined,
  ): ResolvedFactor | undefined {
    const grid = region !== null && this.grids !== undefined ? gridOf(this.grids, region) : undefined;
    const offGrid = this.offGrid(key, region, grid);
    for (const tier of [this.user, this.pinned]) {
      let best: { s: FactorSet; r: FactorRecord } | undefined;
      let bestRank = -1;
      let bestYear = Number.NEGATIVE_INFINITY;
      for (const s of tier) {
        if (when !== undefined && !inWindow(s.effective, when.date)) continue;
        if (when !== undefined && s.dataYear !== null && s.dataYear > when.year) continue;
        const year = s.dataYear ?? Number.NEGATIVE_INFINITY;
        for (const r of s.factors) {
          if (r.key !== key) continue;
          const rank = specificity(r, region, grid, offGrid);
          if (rank < 0 || rank < bestRank || (rank === bestRank && year <= bestYear)) continue;
          if (when !== undefined && !inWindow(r.applies.effective, when.date)) continue;
          const cap = r.applies.capacityMax;
          if (cap !== undefined && capacityKw !== undefined && capacityKw.greaterThan(kw(cap))) continue;
          best = { s, r };
          bestRank = rank;
          bestYear = year;
        }
      }
      if (best !== undefined) return resolved(best.s, best.r, when);
    }
    return undefined;
  }

  /** Like find, but a missing factor is CARBON_FACTOR_MISSING naming the key, region, date and sets searched. */
  require(
    key: string,
    region: string | null,
    path: Path = [],
    when?: ActivityWhen,
    capacityKw?: Decimal,
  ): ResolvedFactor {
    const f = this.find(key, region, when, capacityKw);
    if (f === undefined) {
      const grid = region !== null && this.grids !== undefined ? gridOf(this.grids, region) : undefined;
      const offGrid = (k: string) => this.offGrid(k, region, grid);
      carbonFail('CARBON_FACTOR_MISSING', path, {
        key,
        region: `${region ?? '(none)'}${when !== undefined ? `, ${when.date}` : ''}`,
        sets:
          this.sets.map((s) => `${s.ref}${whyNot(s, key, region, grid, offGrid, when)}`).join(', ') ||
          '(none)',
      });
    }
    return f;
  }
}

/**
 * Why a set that holds records of `key` gave none for this lookup, as a note after its ref (`search`'s rules in its
 * order: the set's data year and window, then its records' regions, windows and capacity); '' for a set without
 * the key. CARBON_FACTOR_MISSING lists each set searched with it.
 */
function whyNot(
  s: FactorSet,
  key: string,
  region: string | null,
  grid: Grid | undefined,
  offGrid: (key: string) => boolean,
  when: ActivityWhen | undefined,
): string {
  // A lookup of several forms names them all (`k (or b with e)`): the set's records of any of them count (factor
  // keys are dotted, so the words between them match none).
  const keys = new Set(key.split(/[\s()]+/));
  const records = s.factors.filter((r) => keys.has(r.key));
  if (records.length === 0) return '';
  const held = [...new Set(records.map((r) => r.key))].join(' and ');
  if (when !== undefined && s.dataYear !== null && s.dataYear > when.year)
    return ` (data year ${s.dataYear}, after ${when.year})`;
  if (when !== undefined && !inWindow(s.effective, when.date)) return ` (not in force on ${when.date})`;
  const here = records.filter((r) => specificity(r, region, grid, offGrid(r.key)) >= 0);
  if (here.length === 0) {
    // A record without region or grid applies everywhere but off the grids: each one left has one or the other.
    const national = records.filter((r) => r.applies.region === undefined && r.applies.grid === undefined);
    if (national.length > 0) {
      const keys = [...new Set(national.map((r) => r.key))].join(' and ');
      return ` (${keys} national only for the grids of the province table, which do not supply ${(region as string).slice(0, 2)})`;
    }
    const areas = records.map((r) => factorArea(r.applies));
    return ` (${held} only for ${[...new Set(areas)].join(' and ')})`;
  }
  if (when !== undefined && here.every((r) => !inWindow(r.applies.effective, when.date)))
    return ` (${held} not in force on ${when.date})`;
  // A record of the area in force that gave no factor: only a capacity limit refuses it.
  return ` (${held} only up to a smaller capacity)`;
}

function resolved(s: FactorSet, r: FactorRecord, when: ActivityWhen | undefined): ResolvedFactor {
  const parsedUnit = parseFactorUnit(r.unit) as FactorUnit;
  const use: FactorUse = {
    key: r.key,
    value: r.value.toFixed(),
    unit: r.unit,
    kind: r.kind,
    set: s.ref,
    hash: s.hash,
    grade: r.grade,
    year: s.dataYear,
    region: r.applies.region ?? null,
  };
  if (r.applies.grid !== undefined) use.grid = r.applies.grid;
  const f: ResolvedFactor = {
    key: r.key,
    region: r.applies.region ?? null,
    value: r.value,
    unit: r.unit,
    parsedUnit,
    kind: r.kind,
    set: s.ref,
    hash: s.hash,
    dataYear: s.dataYear,
    grade: r.grade,
    source: r.source,
    gramsPerBase: gramsPerBase(r.value, parsedUnit),
    use: Object.freeze(use),
  };
  if (r.applies.grid !== undefined) f.grid = r.applies.grid;
  if (r.note !== undefined) f.note = r.note;
  if (r.applies.capacityMax !== undefined) f.capacityMaxKw = kw(r.applies.capacityMax);
  if (when !== undefined && s.validity === 'data-year' && s.dataYear !== null && s.dataYear < when.year)
    f.fallbackFor = when.year;
  return f;
}
