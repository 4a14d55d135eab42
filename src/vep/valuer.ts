import * as z from 'zod/mini';
import { inputSchema } from '../input/input';
import { canonicalJson } from '../core/canonical';
import { GepError, type Issue, type Path, issue } from '../core/errors';
import { type Prepared, isPrepared, parcelRecords, prepareContext, repoint } from './context';
import { type Cell, valueByEngine } from './decimal-path';
import { AreaTypes } from './area-types';
import { vepIssue } from './errors';
import { AREA_TOLERANCE, areaCheck } from './geometry';
import { Decimal } from '../core/decimal';
import { type OptionsShape, callback, checkOptions, optionsSchema, wholeFrom } from '../core/options';
import { convertValue } from '../core/units';
import type { Parcel } from './schema';
import { type UnitValues, fastCells, referenceValues } from './unit-values';

/** A parcel valued: its cells (indicator × ecosystem type, fen), total, and which path computed them. */
export interface ParcelValue {
  parcel: Parcel;
  /** The key name, "inline", or "<key>+inline" (a key with inline fields over it). */
  key: string;
  path: 'fast' | 'decimal';
  cells: Cell[];
  total: bigint;
  warnings: Issue[];
}

export interface ValuerOptions {
  /** Use the fast path where it is exact (default true); false values every parcel by the engine. */
  fastPath?: boolean;
  /** Most reference entries kept (keys × types, inline contexts included); oldest dropped first. Default 10 000. */
  cacheSize?: number;
  /**
   * Called with the warnings of each reference a parcel's valuation reads (hit or computed; references that
   * fail are not reported), and of each of its area types a crosswalk read (ECOSYSTEM_TYPE_MAPPED): a pool's
   * worker values parcels before their duplicate checks and keeps only the reference warnings of parcels the
   * checks let through (ParcelValuer.referenceWarnings keeps all).
   */
  onReference?: (warnings: readonly Issue[]) => void;
}

export const valuerShape: OptionsShape<ValuerOptions> = {
  fastPath: z.boolean(),
  cacheSize: wholeFrom(1),
  onReference: callback,
};
const valuerOptions = optionsSchema(valuerShape);

type Reference = { ok: true; uv: UnitValues } | { ok: false; issues: Issue[] };

/**
 * Values parcels against one valuation context. Reference values are computed once per (key, type) on first
 * use and kept; everything else is per parcel and pure, so the order of parcels never changes a value.
 */
export class ParcelValuer {
  readonly prepared: Prepared;
  private readonly refs = new Map<string, Reference>();
  private readonly order: Map<string, number>;
  private readonly fast: boolean;
  private readonly cacheSize: number;
  private readonly onReference: ((warnings: readonly Issue[]) => void) | undefined;
  /** Located fast-path warnings by (key, types), with the line left out (fastWarnings). */
  private readonly warningTemplates = new Map<string, { w: Issue; rest: Path | undefined }[]>();
  /**
   * Warnings of reference runs, and of the types a crosswalk read (ECOSYSTEM_TYPE_MAPPED, once per written form), by
   * code and message (deduplicated), without a path.
   */
  readonly referenceWarnings = new Map<string, Issue>();
  /** How the parcels' areas name their types (codes, names, land-use classes). */
  private readonly types: AreaTypes;
  /** The warnings lists of written forms entered in referenceWarnings already. */
  private readonly typesEntered = new WeakSet<readonly Issue[]>();

  /** OPTIONS_INVALID for options it cannot read (a key it does not have, a cache size below 1). */
  constructor(context: unknown, opts: ValuerOptions = {}) {
    checkOptions(valuerOptions, opts);
    // Only a context prepareContext returned is taken as prepared; any other object is read as a context.
    this.prepared = isPrepared(context) ? context : prepareContext(context);
    this.order = new Map(this.prepared.profile.indicators.map((e, i) => [e.code, i]));
    this.fast = opts.fastPath ?? true;
    this.cacheSize = opts.cacheSize ?? 10_000;
    this.onReference = opts.onReference;
    this.types = new AreaTypes(this.prepared.profile.classification);
  }

  get basis() {
    return this.prepared.basis;
  }

  /**
   * Value one parcel; problems come back as issues located under `at` (e.g. ['line', 12]). Its areas' types may be
   * written as codes, names or land-use classes (AreaTypes): the value, its cells and warnings name them by code.
   */
  value(given: Parcel, at: Path): ParcelValue | Issue[] {
    const p = this.prepared;
    const issues: Issue[] = [];
    if (given.key === null && given.context === null) issues.push(vepIssue('VEP_KEY_MISSING', at));
    if (given.key !== null && !p.keys.has(given.key))
      issues.push(
        vepIssue('VEP_KEY_UNKNOWN', [...at, 'key'], {
          key: given.key,
          allowed: [...p.keys.keys()].join(', ') || '(no keys declared)',
        }),
      );
    const parcel = this.typed(given, at, issues);
    if (issues.length > 0) return issues;

    const records = parcelRecords(p, parcel);
    const base = parcel.key ?? '';
    const own = parcel.context !== null || parcel.waterBodies !== null; // records of the parcel's own
    const cacheKey = own ? `${base}|${canonicalJson(records)}` : base;
    const key = !own ? base : parcel.key === null ? 'inline' : `${parcel.key}+inline`;
    const units: UnitValues[] = [];
    const engineWarnings: Issue[] = [];
    let linear = this.fast;
    for (const a of parcel.areas) {
      const ref = this.reference(cacheKey, records, a.type);
      if (!ref.ok) {
        for (const i of ref.issues) issues.push(locateWarning(i, parcel, [a.type], at));
        continue;
      }
      units.push(ref.uv);
      linear &&= ref.uv.linear;
    }
    // Reference runs of several types refuse the same shared item (a price below --min-grade) once each.
    if (issues.length > 0) return dedupeSorted(issues);
    let cells = linear ? fastCells(parcel.areas, units) : undefined;
    let path: ParcelValue['path'] = 'fast';
    let located: Issue[] | undefined;
    if (cells !== undefined) located = this.fastWarnings(cacheKey, parcel, units, at);
    else {
      path = 'decimal';
      const types = parcel.areas.map((a) => a.type);
      try {
        const run = valueByEngine(p, records, parcel.areas);
        cells = run.cells;
        // The parcel's own run gives the warnings (not the reference runs): it is what computed the values.
        for (const w of run.warnings) engineWarnings.push(locateWarning(w, parcel, types, at));
        located = dedupeSorted(engineWarnings);
      } catch (e) {
        if (!(e instanceof GepError)) throw e;
        return dedupeSorted(e.issues.map((i) => locateWarning(i, parcel, types, at)));
      }
    }
    const enc = [...this.encumbrance(parcel, at), ...this.outline(parcel, at)];
    // The fields the id rule changed, in the record's order: the id, the package, each right's certificate and holder.
    if (parcel.normalised !== undefined)
      enc.unshift(
        ...parcel.normalised.map((f) =>
          vepIssue('VEP_FIELD_NORMALISED', [...at, ...f.path], { field: f.field, id: f.read }),
        ),
      );
    if (parcel.idWritten !== undefined)
      enc.unshift(vepIssue('VEP_ID_NORMALISED', [...at, 'id'], { id: parcel.id }));
    const warnings = enc.length === 0 ? (located as Issue[]) : [...enc, ...(located as Issue[])];
    const cmp = (x: Cell, y: Cell) =>
      x.type === y.type
        ? (this.order.get(x.code) ?? 0) - (this.order.get(y.code) ?? 0)
        : (x.type ?? '') < (y.type ?? '')
          ? -1
          : 1;
    // The fast path yields its cells in this order already (types sorted, codes in profile order): a sort is
    // needed only when a neighbouring pair is out of order (a stable sort of a sorted array leaves it as it is).
    for (let i = 1; i < cells.length; i++)
      if (cmp(cells[i - 1] as Cell, cells[i] as Cell) > 0) {
        cells.sort(cmp);
        break;
      }
    let total = 0n;
    for (const c of cells) total += c.fen;
    return { parcel, key, path, cells, total, warnings };
  }

  /**
   * The parcel with its areas' types as codes: itself when every type is written as a code (no copy), otherwise a
   * copy with the areas read by AreaTypes and sorted by code again. A form that reads as no type, and a type given
   * twice (阔叶林 and forest.broadleaf in one parcel: their areas would be one row), go to `issues`, at the area as
   * written. The warning of a form a crosswalk read is entered as a reference's is (referenceWarnings, onReference).
   */
  private typed(parcel: Parcel, at: Path, issues: Issue[]): Parcel {
    const codes = this.prepared.classification;
    let areas: Parcel['areas'] | undefined;
    let written: Map<Parcel['areas'][number], string> | undefined;
    for (let i = 0; i < parcel.areas.length; i++) {
      const a = parcel.areas[i] as Parcel['areas'][number];
      if (codes.has(a.type)) continue;
      const t = this.types.of(a.type);
      if (!t.ok) {
        issues.push(t.refusal([...at, 'areas', a.type]));
        continue;
      }
      if (t.warnings.length > 0) this.enterType(t.warnings);
      const read = { ...a, type: t.code };
      (areas ??= [...parcel.areas])[i] = read;
      (written ??= new Map()).set(read, a.type);
    }
    if (areas === undefined) return parcel;
    // Stable: two areas of one type stay in the order of their written forms, the later one named.
    areas.sort(byType);
    for (let i = 1; i < areas.length; i++) {
      const [a, b] = [areas[i - 1] as Parcel['areas'][number], areas[i] as Parcel['areas'][number]];
      if (a.type !== b.type) continue;
      const [first, second] = [written?.get(a) ?? a.type, written?.get(b) ?? b.type];
      issues.push({
        ...issue('DUPLICATE_ID', [...at, 'areas', second], { id: b.type }),
        hint: `"${first}" and "${second}" are both ecosystem type ${b.type}: give the type once, with its whole area.`,
        hintZh: `“${first}”与“${second}”是同一生态系统类型 ${b.type}：该类型只写一次，填写其全部面积。`,
      });
    }
    return { ...parcel, areas };
  }

  /** A crosswalk's reading of a type: in referenceWarnings once, and to onReference each time a parcel reads it. */
  private enterType(warnings: readonly Issue[]): void {
    if (!this.typesEntered.has(warnings)) {
      this.typesEntered.add(warnings);
      for (const w of warnings) this.keepWarning(w);
    }
    this.onReference?.(warnings);
  }

  /** A warning in referenceWarnings, once per code and English message (the batch summary lists it once). */
  private keepWarning(w: Issue): void {
    this.referenceWarnings.set(`${w.code}|${w.message.en}`, w);
  }

  /**
   * The code a CSV header's `area:<type>` column is read as (AreaTypes): the type itself when it is a code or
   * reads as none (each row giving it is then refused by the valuation, as a parcel naming it is); the warning of a
   * class a crosswalk read is entered in referenceWarnings.
   */
  areaType(written: string): string {
    if (this.prepared.classification.has(written)) return written;
    const t = this.types.of(written);
    if (!t.ok) return written;
    for (const w of t.warnings) this.keepWarning(w);
    return t.code;
  }

  /**
   * The reference runs' warnings located at a fast-path parcel, deduplicated and sorted (dedupeSorted). They
   * depend only on the key, the types and the location, and sorting them (JSON.stringify of each, then a sort)
   * was the largest cost per parcel; so for a location ['line', n] they are computed once per (key, types) as a
   * template and only re-located afterwards. Why re-locating preserves the result: every located path is either
   * ['line', n, ...rest] (rest independent of n) or absolute (['context', ...], independent of n); two paths are
   * equal for one n iff they are for another, and their JSON texts compare the same way for every n (a shared
   * prefix `["line",n` then the same rest, or a first difference at 'l' vs 'c'), so the dedupe and the order do
   * not depend on n. The test "fast-path warnings" checks it against the uncached computation.
   */
  private fastWarnings(cacheKey: string, parcel: Parcel, units: UnitValues[], at: Path): Issue[] {
    const lineAt = at.length === 2 && at[0] === 'line' && Number.isInteger(at[1]);
    if (!lineAt || parcel.context !== null) return this.locateAll(parcel, units, at);
    let k = cacheKey;
    for (const u of units) k += `\u0000${u.type}`;
    let t = this.warningTemplates.get(k);
    if (t === undefined) {
      t = this.locateAll(parcel, units, at).map((w) => {
        const rel = w.path[0] === 'line' && w.path[1] === at[1] && w.path.length >= 2;
        return { w, rest: rel ? w.path.slice(2) : undefined };
      });
      if (this.warningTemplates.size >= this.cacheSize) this.warningTemplates.clear();
      this.warningTemplates.set(k, t);
    }
    const out: Issue[] = new Array(t.length);
    for (let i = 0; i < t.length; i++) {
      const { w, rest } = t[i] as (typeof t)[number];
      out[i] = { ...w, path: rest === undefined ? [...w.path] : ['line', at[1] as number, ...rest] };
    }
    return out;
  }

  /** The reference runs' warnings of a parcel located at `at`, deduplicated and sorted (uncached). */
  locateAll(parcel: Parcel, units: readonly UnitValues[], at: Path): Issue[] {
    const ws: Issue[] = [];
    for (const u of units) for (const w of u.warnings) ws.push(locateWarning(w, parcel, [u.type], at));
    return dedupeSorted(ws);
  }

  private reference(cacheKey: string, records: Record<string, unknown>, type: string): Reference {
    const k = `${type}\u0000${cacheKey}`;
    let ref = this.refs.get(k);
    if (ref !== undefined) {
      if (ref.ok) this.onReference?.(ref.uv.warnings);
      return ref;
    }
    try {
      const uv = referenceValues(this.prepared, records, type);
      // The batch summary lists each distinct reference-run warning once, without a path (it concerns a key and
      // a type, not one line); each parcel valued with the reference carries it located (locateWarning).
      for (const w of uv.warnings) this.keepWarning({ ...w, path: [] });
      ref = { ok: true, uv };
      this.onReference?.(uv.warnings);
    } catch (e) {
      if (!(e instanceof GepError)) throw e;
      ref = { ok: false, issues: [...e.issues] };
    }
    if (this.refs.size >= this.cacheSize) {
      const oldest = this.refs.keys().next().value;
      if (oldest !== undefined) this.refs.delete(oldest);
    }
    this.refs.set(k, ref);
    return ref;
  }

  /** VEP_AREA_MISMATCH when the parcel's outline and its declared areas disagree beyond the tolerance. */
  private outline(parcel: Parcel, at: Path): Issue[] {
    if (parcel.geometry === null) return [];
    let m2 = new Decimal(0);
    for (const a of parcel.areas) m2 = m2.plus(convertValue(new Decimal(a.value), a.unit, 'm2'));
    const tol = this.prepared.context.areaTolerance ?? AREA_TOLERANCE;
    return areaCheck(parcel.id, parcel.geometry, m2.toNumber(), tol, at);
  }

  /**
   * Warnings on rights and encumbrances against the valuation date (the value is not reduced for them): a right
   * that ended before it (VEP_RIGHT_EXPIRED); an encumbrance that ends before it starts or outlasts every right
   * it can burden (VEP_ENCUMBRANCE_DATES); a mortgage, pledge or seizure in force on it (VEP_PARCEL_ENCUMBERED).
   */
  private encumbrance(parcel: Parcel, at: Path): Issue[] {
    if (parcel.encumbrances.length === 0 && parcel.rights.length === 0) return [];
    const date = this.prepared.context.valuationDate;
    const out: Issue[] = [];
    parcel.rights.forEach((r, i) => {
      if (r.until !== undefined && r.until < date)
        out.push(
          vepIssue('VEP_RIGHT_EXPIRED', [...at, 'rights', i, 'until'], {
            id: parcel.id,
            until: r.until,
            when: `valuation date ${date}`,
          }),
        );
    });
    const ends = parcel.rights.map((r) => r.until);
    const rightsEnd = ends.length > 0 && ends.every((u) => u !== undefined) ? ends.sort().at(-1) : undefined;
    parcel.encumbrances.forEach((e, i) => {
      const where = [...at, 'encumbrances', i];
      if (e.from !== undefined && e.until !== undefined && e.until < e.from)
        out.push(
          vepIssue('VEP_ENCUMBRANCE_DATES', where, {
            id: parcel.id,
            detail: `it ends ${e.until} before it starts ${e.from}`,
          }),
        );
      if (rightsEnd !== undefined && (e.until === undefined || e.until > rightsEnd))
        out.push(
          vepIssue('VEP_ENCUMBRANCE_DATES', where, {
            id: parcel.id,
            detail: `it runs ${e.until === undefined ? 'until released' : `until ${e.until}`}, beyond the rights' end ${rightsEnd}`,
          }),
        );
    });
    const kinds = parcel.encumbrances
      .filter(
        (e) =>
          ['mortgage', 'pledge', 'seizure'].includes(e.kind) &&
          (e.from === undefined || e.from <= date) &&
          (e.until === undefined || e.until >= date),
      )
      .map((e) => e.kind);
    if (kinds.length > 0)
      out.push(
        vepIssue('VEP_PARCEL_ENCUMBERED', [...at, 'encumbrances'], {
          id: parcel.id,
          kinds: kinds.join(', '),
        }),
      );
    return out;
  }
}

const INPUT_FIELDS: ReadonlySet<string> = new Set(Object.keys(inputSchema.shape));

/**
 * An engine warning or error of a parcel's run (or of the reference run of one of its types) located at the parcel: a
 * path into the engine input is re-pointed at what the user wrote (the parcel's areas, its key or inline
 * context, the context's tables); a path into the synthetic account result (the list of coefficients or price
 * index values used, whose positions depend on the run) becomes the parcel's own location, the message naming
 * the item.
 */
export function locateWarning(w: Issue, parcel: Parcel, types: readonly string[], at: Path): Issue {
  const head = w.path[0];
  if (typeof head === 'string' && INPUT_FIELDS.has(head)) return repoint(w, parcel, types, at);
  return { ...w, path: [...at] };
}

const byType = (a: { type: string }, b: { type: string }) => (a.type < b.type ? -1 : a.type > b.type ? 1 : 0);

/** Each issue once (code, path and message), in a fixed order, so that the fast and decimal paths agree. */
function dedupeSorted(ws: readonly Issue[]): Issue[] {
  const byKey = new Map<string, Issue>();
  for (const w of ws) byKey.set(JSON.stringify([w.code, w.message.en, w.path]), w);
  return [...byKey].sort(([x], [y]) => (x < y ? -1 : x > y ? 1 : 0)).map(([, w]) => w);
}
