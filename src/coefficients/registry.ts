import * as z from 'zod/mini';
import { contentHash } from '../core/canonical';
import type { Decimal } from '../core/decimal';
import { GepError, type Path, fail, issue } from '../core/errors';
import { anArray, checkArgument } from '../core/options';
import { PARSE_OPTIONS, fromZodIssues } from '../core/zod-issues';
import { MAX_JSON_DEPTH, valueTooDeep } from '../io/json';
import { BUNDLED_IDS } from './data';
import {
  type CoefficientRecord,
  type CoefficientTableData,
  type Grade,
  type PriceIndexData,
  type Source,
  coefficientTableSchema,
  priceIndexSchema,
} from './schema';

/**
 * Where a table's records come from: shipped with gepkit, declared by the user (their grades are the user's own
 * claim), or a bundled table with a user's overlay merged in.
 */
export type TableOrigin = 'bundled' | 'user' | 'overlaid';

/** A validated table with its content hash (computed here, never typed by hand). */
export interface CoefficientTable extends CoefficientTableData {
  readonly ref: string;
  readonly hash: string;
  readonly origin: TableOrigin;
  /** In an overlaid table, the records the overlay brought (declared by the user). */
  readonly overlayRecords?: readonly CoefficientRecord[];
}
export interface PriceIndexTable extends PriceIndexData {
  readonly ref: string;
  readonly hash: string;
}

/** Replaced records when an overlay is applied: what was there and what is used now. */
export interface OverrideRecord {
  table: string;
  overlay: string;
  /** The overlay table's own content hash. */
  overlayHash: string;
  key: string;
  ecosystem: string | null;
  region: string | null;
  /** The record replaced (null: a scope the base table did not hold) and its replacement, each at its price year. */
  from: OverriddenValue | null;
  to: OverriddenValue;
}

/** A record's value as an override names it: the price year beside the value (null where the unit is no price). */
export interface OverriddenValue {
  value: string;
  unit: string;
  priceYear: number | null;
  grade: Grade;
  source: Source;
}

const overridden = (r: CoefficientRecord): OverriddenValue => ({
  value: r.value.toFixed(),
  unit: r.unit,
  priceYear: r.priceYear ?? null,
  grade: r.grade,
  source: r.source,
});

function scopeOf(r: CoefficientRecord): string {
  return `${r.key}|${r.applies.ecosystem ?? '*'}|${r.applies.region ?? '*'}`;
}

/**
 * Validate a user's coefficient table (JSON already parsed) and hash it. Its id may not be a bundled table's,
 * price index's or classification's (TABLE_ID_RESERVED): a result naming a bundled id means the bundled content;
 * to change bundled values, write an overlay (`overlays`), which result.overrides lists.
 */
export function loadCoefficientTable(json: unknown, path: Path = []): CoefficientTable {
  // A value built in JavaScript may nest without bound: refused before zod walks it (docs/limits.md).
  const deep = valueTooDeep(json);
  if (deep !== undefined)
    fail('INPUT_TOO_DEEP', [...path, ...deep], { file: 'the coefficient table', limit: MAX_JSON_DEPTH });
  const t = loadTable(json, path, 'user');
  reserved(t.id, path);
  return t;
}

/** A bundled table (src/coefficients/data.ts): validated and hashed like any, not subject to the reserved ids. */
export function loadBundledTable(json: unknown, path: Path = []): CoefficientTable {
  return loadTable(json, path, 'bundled');
}

function reserved(id: string, path: Path): void {
  if (BUNDLED_IDS.has(id)) fail('TABLE_ID_RESERVED', [...path, 'id'], { id });
}

function loadTable(json: unknown, path: Path, origin: 'bundled' | 'user'): CoefficientTable {
  const parsed = coefficientTableSchema.safeParse(json, PARSE_OPTIONS);
  if (!parsed.success) throw new GepError(fromZodIssues(parsed.error.issues, path, 'TABLE_INVALID'));
  const data = parsed.data;
  const seen = new Set<string>();
  data.records.forEach((r, i) => {
    const s = scopeOf(r);
    if (seen.has(s)) fail('TABLE_DUPLICATE_RECORD', [...path, 'records', i], { key: r.key, scope: s });
    seen.add(s);
  });
  return withHash(data, origin);
}

function withHash(data: CoefficientTableData, origin: TableOrigin): CoefficientTable {
  return { ...data, ref: `${data.id}@${data.version}`, hash: contentHash(data), origin };
}

/** Validate a user's price index; a bundled index's id is TABLE_ID_RESERVED, as for coefficient tables. */
export function loadPriceIndex(json: unknown, path: Path = []): PriceIndexTable {
  const t = loadBundledPriceIndex(json, path);
  reserved(t.id, path);
  return t;
}

/** A bundled price index (src/coefficients/data.ts). */
export function loadBundledPriceIndex(json: unknown, path: Path = []): PriceIndexTable {
  const parsed = priceIndexSchema.safeParse(json, PARSE_OPTIONS);
  if (!parsed.success) throw new GepError(fromZodIssues(parsed.error.issues, path, 'TABLE_INVALID'));
  const years = parsed.data.values.map((v) => v.year);
  const dup = years.find((y, i) => years.indexOf(y) !== i);
  if (dup !== undefined) fail('TABLE_DUPLICATE_RECORD', [...path, 'values'], { key: `${dup}`, scope: 'year' });
  // The base year resolves to base.value (indexPoint): a different value listed for it would be silently unused.
  const { base } = parsed.data;
  const k = parsed.data.values.findIndex((v) => v.year === base.year && !v.value.equals(base.value));
  if (k >= 0) fail('TABLE_DUPLICATE_RECORD', [...path, 'values', k], { key: `${base.year}`, scope: 'base year' });
  return { ...parsed.data, ref: `${parsed.data.id}@${parsed.data.version}`, hash: contentHash(parsed.data) };
}

/**
 * The outline of a loaded table that applyOverlay and CoefficientSet read (loadCoefficientTable's value): its parts
 * and their kinds, not its records' contents.
 */
const tableOutline = z.looseObject({ ref: z.string(), hash: z.string(), records: anArray });
// one outline per table: the few tables of a profile, checked once per set
const tablesOutline = z.array(tableOutline);

/**
 * Layer `overlay` over `base`: records of the same key and scope are replaced, new ones added. The result is
 * a new table (its ref names both, its hash covers the merged content) plus the list of replaced records. A table
 * of another kind (null, a table's JSON not loaded by loadCoefficientTable) is ARGUMENT_INVALID at `base` or
 * `overlay`.
 */
export function applyOverlay(
  base: CoefficientTable,
  overlay: CoefficientTable,
): { table: CoefficientTable; overrides: OverrideRecord[] } {
  checkArgument(tableOutline, base, ['base']);
  checkArgument(tableOutline, overlay, ['overlay']);
  const byScope = new Map(base.records.map((r) => [scopeOf(r), r] as const));
  const overrides: OverrideRecord[] = [];
  for (const r of overlay.records) {
    const old = byScope.get(scopeOf(r));
    overrides.push({
      table: base.ref,
      overlay: overlay.ref,
      overlayHash: overlay.hash,
      key: r.key,
      ecosystem: r.applies.ecosystem ?? null,
      region: r.applies.region ?? null,
      from: old ? overridden(old) : null,
      to: overridden(r),
    });
    byScope.set(scopeOf(r), r);
  }
  // origin and overlayRecords say where records come from, not what they are: they stay out of the hash.
  const { origin: _origin, overlayRecords: _records, ...content } = base;
  const merged: CoefficientTableData = {
    ...content,
    version: base.version,
    records: [...byScope.values()],
  };
  const table = withHash(merged, 'overlaid');
  const overlayRecords = [...(base.overlayRecords ?? []), ...overlay.records];
  return { table: { ...table, ref: `${base.ref}+${overlay.ref}`, overlayRecords }, overrides };
}

function declaredByUser(t: CoefficientTable, r: CoefficientRecord): boolean {
  return t.origin === 'user' || (t.origin === 'overlaid' && (t.overlayRecords ?? []).includes(r));
}

/**
 * The records of a user's own table (one without `overlays`) as overrides: that table is searched before the
 * bundled ones, so each of its records is listed in result.overrides with the table's hash, and with the bundled
 * record of the same key and scope it shadows (`from`), if any.
 */
export function userTableOverrides(user: CoefficientTable, bundled: readonly CoefficientTable[]): OverrideRecord[] {
  const scopes = new Map<string, { table: CoefficientTable; record: CoefficientRecord }>();
  for (const t of bundled)
    for (const r of t.records) if (!scopes.has(scopeOf(r))) scopes.set(scopeOf(r), { table: t, record: r });
  return user.records.map((r) => {
    const old = scopes.get(scopeOf(r));
    return {
      table: old?.table.ref ?? '(none)',
      overlay: user.ref,
      overlayHash: user.hash,
      key: r.key,
      ecosystem: r.applies.ecosystem ?? null,
      region: r.applies.region ?? null,
      from: old ? overridden(old.record) : null,
      to: overridden(r),
    };
  });
}

/** A coefficient as found: the value with everything a reader of the result needs to check it. */
export interface ResolvedCoefficient {
  key: string;
  ecosystem: string | null;
  region: string | null;
  value: Decimal;
  unit: string;
  priceYear?: number;
  table: string;
  hash: string;
  grade: Grade;
  /** Present when the record comes from a user's table or overlay: its grade is the user's own claim. */
  gradeDeclaredBy?: 'user';
  source: Source;
  note?: string;
}

/** The tables one account reads, searched in order; the first table with a matching record wins. */
export class CoefficientSet {
  /** Per table, its records by key (lookups happen once per line and coefficient: keep them cheap). */
  private readonly byKey: Map<string, CoefficientRecord[]>[];
  /**
   * What `find` gave for each key and scope asked (null: nothing): the tables never change, so every line of a
   * type reads one resolved object, built once per account.
   */
  private readonly found = new Map<string, ResolvedCoefficient | null>();

  /** `tables`: loaded tables (a list of another kind, or a member that is no table, is ARGUMENT_INVALID at `tables`). */
  constructor(readonly tables: readonly CoefficientTable[]) {
    checkArgument(tablesOutline, tables, ['tables']);
    this.byKey = tables.map((t) => {
      const m = new Map<string, CoefficientRecord[]>();
      for (const r of t.records) {
        const list = m.get(r.key);
        if (list) list.push(r);
        else m.set(r.key, [r]);
      }
      return m;
    });
  }

  /**
   * The most specific record for `key` in the first table that has one: a record for this ecosystem type beats
   * one for its group (applies.ecosystem = "forest"), which beats a general one; at each level a record for the
   * region beats one for anywhere, and of two regional records the longer code (a county's "3610…" before its
   * province's "36") wins.
   */
  find(key: string, ecosystem: string | null, region: string | null, group: string | null = null): ResolvedCoefficient | undefined {
    const scope = `${key}\u0000${ecosystem ?? '\u0001'}\u0000${region ?? '\u0001'}\u0000${group ?? '\u0001'}`;
    let c = this.found.get(scope);
    if (c === undefined) {
      c = this.search(key, ecosystem, region, group) ?? null;
      this.found.set(scope, c);
    }
    return c ?? undefined;
  }

  private search(key: string, ecosystem: string | null, region: string | null, group: string | null): ResolvedCoefficient | undefined {
    for (const [k, t] of this.tables.entries()) {
      let best: CoefficientRecord | undefined;
      let bestScore = -1;
      for (const r of this.byKey[k]?.get(key) ?? []) {
        const e = r.applies.ecosystem;
        const g = r.applies.region;
        if (e !== undefined && e !== ecosystem && (group === null || e !== group)) continue;
        if (g !== undefined && (region === null || !region.startsWith(g))) continue;
        // The ecosystem level first (type 2, group 1, general 0), then the length of the region code matched.
        const score = (e === undefined ? 0 : e === ecosystem ? 2 : 1) * 1000 + (g?.length ?? 0);
        if (score > bestScore) {
          best = r;
          bestScore = score;
        }
      }
      if (best) {
        return {
          key,
          ecosystem: best.applies.ecosystem ?? null,
          region: best.applies.region ?? null,
          value: best.value,
          unit: best.unit,
          ...(best.priceYear !== undefined ? { priceYear: best.priceYear } : {}),
          table: t.ref,
          hash: t.hash,
          grade: best.grade,
          ...(declaredByUser(t, best) ? { gradeDeclaredBy: 'user' as const } : {}),
          source: best.source,
          ...(best.note !== undefined ? { note: best.note } : {}),
        };
      }
    }
    return undefined;
  }

  /**
   * The scopes the tables hold `key` for ("region 36", "ecosystem forest", "ecosystem forest, region 36"), in table
   * order, each once: what a lookup that found nothing could have matched.
   */
  private scopesOf(key: string): string[] {
    const scopes = this.byKey.flatMap((m) =>
      (m.get(key) ?? []).map((r) =>
        [
          ...(r.applies.ecosystem !== undefined ? [`ecosystem ${r.applies.ecosystem}`] : []),
          ...(r.applies.region !== undefined ? [`region ${r.applies.region}`] : []),
        ].join(', '),
      ),
    );
    return [...new Set(scopes)];
  }

  /**
   * Like find, but a missing coefficient is an issue naming the key, the ecosystem type, the tables and the scopes
   * they hold the key for.
   */
  require(key: string, ecosystem: string | null, region: string | null, path: Path = [], group: string | null = null): ResolvedCoefficient {
    const c = this.find(key, ecosystem, region, group);
    if (c === undefined) {
      throw new GepError(
        issue('COEFFICIENT_MISSING', path, {
          key,
          ecosystem: ecosystem ?? '(any)',
          tables: this.tables.map((t) => t.ref).join(', ') || '(none)',
          held: this.scopesOf(key).join('; '),
        }),
      );
    }
    return c;
  }
}
