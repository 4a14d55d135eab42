import { coefficientSet } from '../account/resolve';
import { bundledClassification, bundledPriceIndex, bundledTable } from '../coefficients/bundled';
import { indexPoint } from '../coefficients/price-index';
import { contentHash } from '../core/canonical';
import { GepError, type Issue, type Path, fail } from '../core/errors';
import { MAX_JSON_DEPTH, valueTooDeep } from '../io/json';
import type { Profile } from '../profiles/schema';
import { VERSION } from '../version';
import { vepIssue } from './errors';
import { vepZodIssues } from './issues';
import { parcelProfile } from './profile';
import { type Parcel, type VepContext, contextSchema } from './schema';

/** Fields of a key (and of an inline context) that go into the engine input. */
export const KEY_FIELDS = ['climate', 'soilFactors', 'productivity', 'airIons'] as const;

/**
 * Everything a parcel valuation rests on, named and hashed: the parcel profile (and the profile it was derived
 * from), each method, the classification, coefficient tables and price index with their content hashes, the
 * price year, the valuation date and how long the valuation is valid. Each parcel result refers to it by hash.
 */
export interface ValuationBasis {
  kind: 'vep-valuation-basis';
  gepkit: string;
  region: { name: string; code: string | null };
  year: number;
  priceYear: number;
  valuationDate: string;
  validUntil: string;
  profile: { id: string; version: string; hash: string; derivedFrom: { ref: string; hash: string } };
  indicators: { code: string; method: string }[];
  excluded: { code: string; reason: string }[];
  classification: { ref: string; hash: string };
  tables: { ref: string; hash: string }[];
  userTables: { ref: string; hash: string }[];
  priceIndex: { ref: string; hash: string };
  keys: { key: string; hash: string }[];
  rounding: string;
  /** The lowest evidence grade accepted (`minGrade`), or null when grades below the profile's are only warned. */
  minGrade: string | null;
  hash: string;
}

/** A parsed valuation context with what the engine needs, prepared once per batch. */
export interface Prepared {
  context: VepContext;
  /** The keys as written (JSON), passed to the engine as account-input records. */
  keys: Map<string, Record<string, unknown>>;
  profile: Profile;
  classification: Set<string>;
  classificationRef: string;
  basis: ValuationBasis;
  /** VEP_METHOD_NOT_PARCEL for each indicator of the base profile whose method cannot apply to parcels. */
  warnings: Issue[];
}

/**
 * The contexts prepareContext returned: only these are taken as prepared by ParcelValuer (and VepBatch). A context
 * read from JSON is never one, whatever keys it has (a `basis` among them is VEP_CONTEXT_INVALID as any key the
 * context does not have).
 */
const PREPARED = new WeakSet<object>();

/** Whether `x` is a context prepareContext returned (the same object, not a copy). */
export function isPrepared(x: unknown): x is Prepared {
  return PREPARED.has(x as object); // a WeakSet holds no primitive: has() answers false for one
}

/**
 * Parse and prepare a valuation context; throws one GepError listing every problem. The context's `tables` are
 * loaded here as every parcel's valuation loads them (coefficientSet, over the parcel profile's tables): a table
 * that cannot be loaded, or overlays a table the profile does not have, refuses the context (TABLE_INVALID,
 * TABLE_DUPLICATE_RECORD, TABLE_ID_RESERVED, OVERLAY_TARGET_UNKNOWN at `context.tables[i]`) before any parcel.
 */
export function prepareContext(json: unknown): Prepared {
  const deep = valueTooDeep(json);
  if (deep !== undefined)
    fail('INPUT_TOO_DEEP', ['context', ...deep], { file: 'the valuation context', limit: MAX_JSON_DEPTH });
  const r = contextSchema.safeParse(json, { reportInput: true });
  if (!r.success) throw new GepError(vepZodIssues(r.error.issues, ['context'], 'VEP_CONTEXT_INVALID'));
  const context = r.data;
  const dateWarnings = valuationDateIssues(context);
  const rawKeys = ((json as { keys?: Record<string, Record<string, unknown>> }).keys ?? {}) as Record<
    string,
    Record<string, unknown>
  >;
  const keys = new Map<string, Record<string, unknown>>();
  for (const name of Object.keys(rawKeys).sort()) keys.set(name, pick(rawKeys[name] ?? {}));
  const { profile, base, left } = parcelProfile(context.profile, context.exclude, ['context', 'exclude']);
  coefficientSet(
    profile,
    context.tables,
    context.tables.map((_, i): Path => ['context', 'tables', i]),
  );
  const cls = bundledClassification(profile.classification);
  const index = bundledPriceIndex(profile.priceIndex);
  // Every parcel's prices are moved to the index values of the year and the base year: a year the index lacks is
  // refused here, once, at the context, not at every parcel (PRICE_INDEX_YEAR_MISSING).
  indexPoint(index, context.year, ['context', 'year']);
  if (context.baseYear !== undefined) indexPoint(index, context.baseYear, ['context', 'baseYear']);
  const priceYear = context.baseYear ?? context.year;
  const body: Omit<ValuationBasis, 'hash'> = {
    kind: 'vep-valuation-basis',
    gepkit: VERSION,
    region: { name: context.region.name, code: context.region.code ?? null },
    year: context.year,
    priceYear,
    valuationDate: context.valuationDate,
    validUntil: validUntil(context.valuationDate, context.validityMonths),
    profile: { id: profile.id, version: profile.version, hash: profile.hash, derivedFrom: base },
    indicators: profile.indicators
      .filter((e) => e.inclusion !== 'excluded')
      .map((e) => ({ code: e.code, method: e.method })),
    excluded: left,
    classification: { ref: cls.ref, hash: cls.hash },
    tables: profile.tables.map((id) => {
      const t = bundledTable(id);
      return { ref: t.ref, hash: t.hash };
    }),
    userTables: context.tables.map((t) => {
      const o = (t ?? {}) as { id?: unknown; version?: unknown };
      return { ref: `${String(o.id)}@${String(o.version)}`, hash: contentHash(t) };
    }),
    priceIndex: { ref: index.ref, hash: index.hash },
    keys: [...keys].map(([key, rec]) => ({ key, hash: contentHash(rec) })),
    rounding: 'fen (0.01 yuan), half to even, per indicator and ecosystem type of each parcel',
    minGrade: context.minGrade ?? null,
  };
  const prepared: Prepared = {
    context,
    keys,
    profile,
    classification: new Set(cls.types.map((t) => t.code)),
    classificationRef: cls.ref,
    basis: { ...body, hash: contentHash(body) },
    warnings: [
      ...dateWarnings,
      ...left
        .filter((l) => l.reason.startsWith('not parcel-level'))
        .map((l) =>
          vepIssue('VEP_METHOD_NOT_PARCEL', ['context', 'profile'], {
            indicator: l.code,
            method: l.reason.slice('not parcel-level ('.length, -1),
          }),
        ),
    ],
  };
  PREPARED.add(prepared);
  return prepared;
}

/** A valuation date more than this many years after the end of the context's data year is warned (VEP_DATA_OLD). */
const DATA_AGE_WARNING_YEARS = 5;

/**
 * The valuation date against the data year (`year`): before the year begins it is refused (VEP_CONTEXT_INVALID at
 * `context.valuationDate`: a valuation cannot rest on data of a year not yet begun, and the rights and encumbrances
 * in force would be judged on a date before them); more than DATA_AGE_WARNING_YEARS after the year ends it is warned
 * (VEP_DATA_OLD). Either is most often a mistyped year. Dates are YYYY-MM-DD of the years 1900–2200, compared as
 * strings.
 */
function valuationDateIssues(c: VepContext): Issue[] {
  const first = `${c.year}-01-01`;
  const at: Path = ['context', 'valuationDate'];
  if (c.valuationDate < first)
    throw new GepError(
      vepIssue('VEP_CONTEXT_INVALID', at, {
        detail: `the valuation date ${c.valuationDate} is before the data year ${c.year} begins (${first})`,
      }),
    );
  const latest = `${c.year + DATA_AGE_WARNING_YEARS}-12-31`;
  return c.valuationDate > latest
    ? [
        vepIssue('VEP_DATA_OLD', at, {
          date: c.valuationDate,
          year: c.year,
          years: DATA_AGE_WARNING_YEARS,
          latest,
        }),
      ]
    : [];
}

function pick(o: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const f of KEY_FIELDS) if (o[f] !== undefined) out[f] = o[f];
  return out;
}

/**
 * The records a parcel is valued with: its key's, with the inline context's fields replacing the key's field by
 * field (an inline `climate` replaces the key's climate list; soil factors still come from the key); the
 * parcel's own lakes and reservoirs (`waterBodies`) are added.
 */
export function parcelRecords(p: Prepared, parcel: Parcel): Record<string, unknown> {
  const fromKey = parcel.key === null ? {} : (p.keys.get(parcel.key) ?? {});
  const merged = parcel.context === null ? fromKey : { ...fromKey, ...pick(parcel.context) };
  return parcel.waterBodies === null ? merged : { ...merged, waterBodies: parcel.waterBodies };
}

/** The account input of a parcel (or of a reference parcel): one ecosystem row per type, the key's records. */
export function engineInput(
  p: Prepared,
  records: Record<string, unknown>,
  areas: readonly { type: string; value: string; unit: string }[],
): Record<string, unknown> {
  const { name, code } = p.context.region;
  return {
    region: { name, ...(code !== undefined ? { code } : {}), level: 'unit' },
    year: p.context.year,
    ecosystems: areas.map((a) => ({ type: a.type, area: { value: a.value, unit: a.unit } })),
    ...records,
  };
}

/** Options of account() for parcels: the parcel profile, the price year, the context's tables, every digit. */
export function engineOptions(p: Prepared) {
  return {
    profile: p.profile,
    baseYear: p.context.baseYear ?? p.context.year,
    tables: p.context.tables,
    rounding: 'exact' as const,
    ...(p.context.minGrade !== undefined ? { minGrade: p.context.minGrade } : {}),
  };
}

/**
 * An engine issue (its path is into the synthetic account input) re-pointed at what the user wrote: the key's
 * records, the parcel's inline context or areas, or the context's tables; `prefix` locates the parcel.
 */
export function repoint(i: Issue, parcel: Parcel, types: readonly string[], prefix: Path): Issue {
  const [head, idx, ...rest] = i.path;
  let path: Path;
  if (head === 'ecosystems' && typeof idx === 'number')
    path = [...prefix, 'areas', types[idx] ?? idx, ...rest];
  else if (head === 'overrides' && idx === 'tables') path = ['context', 'tables', ...rest];
  else if (typeof head === 'string' && (KEY_FIELDS as readonly string[]).includes(head)) {
    const inline = parcel.context !== null && parcel.context[head] !== undefined;
    const at = idx === undefined ? [] : [idx];
    path = inline
      ? [...prefix, 'context', head, ...at, ...rest]
      : ['context', 'keys', parcel.key ?? '?', head, ...at, ...rest];
  } else path = [...prefix, ...i.path];
  return { ...i, path };
}

/**
 * Last day of a term of `months` that starts on (and counts) `date`: the day before the same day `months` later;
 * where that month has no such day, its last day (ADR 0058). 2024-03-31 + 12 months → 2025-03-30;
 * 2024-01-31 + 1 month → 2024-02-29 (February has no 31st); 2024-01-15 + 1 month → 2024-02-14. Terms laid end to end
 * tile the calendar: the next starts the day after this one ends.
 */
export function validUntil(date: string, months: number): string {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const target = utc(y, m - 1 + months, 1);
  const last = utc(target.getUTCFullYear(), target.getUTCMonth() + 1, 0).getUTCDate();
  if (d > last) return utc(target.getUTCFullYear(), target.getUTCMonth(), last).toISOString().slice(0, 10);
  const anniversary = utc(target.getUTCFullYear(), target.getUTCMonth(), d);
  return new Date(anniversary.getTime() - 86_400_000).toISOString().slice(0, 10);
}

/** The UTC day of (year, month from 0, day), every year as itself (Date.UTC reads the years 0–99 as 1900–1999). */
function utc(year: number, month: number, day: number): Date {
  const t = new Date(0);
  t.setUTCFullYear(year, month, day);
  return t;
}
