import { NUMBER_LIMITS } from '../core/decimal';
import { type Issue, type Path, issue } from '../core/errors';
import { MAX_JSON_DEPTH, valueTooDeep } from '../io/json';
import { type AreaUnit, dimensionOf, parseUnit } from '../core/units';
import { normalizeId } from '../core/ids';
import type { z } from 'zod';
import { vepIssue } from './errors';
import { geometryExtent } from './geometry-extent';
import { geometryValidity } from './geometry-valid';
import { vepZodIssues } from './issues';
import {
  ENCUMBRANCE_KINDS,
  type NormalisedField,
  type Parcel,
  RIGHT_KINDS,
  type Right,
  parcelSchema,
} from './schema';

/**
 * Parcel records → Parcel. A hand-written check accepts the common, well-formed shape fast (plain decimal
 * strings within NUMBER_LIMITS, known area units, no inline context); anything it does not accept goes through the zod schema,
 * which either accepts it too or reports every problem with its path. An outline the schema accepts is then checked
 * (geometry-extent.ts, geometry-valid.ts) and the parcel refused with the first problem found; coordinates beyond
 * the schema's degree range are reported once per outline (VEP_GEOMETRY_EXTENT), not once per number. The quick check accepts a strict subset
 * of what the schema accepts (a property test holds it to that).
 */
export function parseParcel(raw: unknown, path: Path): Parcel | Issue[] {
  return readParcel(raw, path, true);
}

/**
 * parseParcel, with the depth check (INPUT_TOO_DEEP past MAX_JSON_DEPTH levels, docs/limits.md) only when
 * `checkDepth`: a record built in JavaScript may nest without bound, one JSON.parse made of a line is bounded by the
 * line limit and needs no check (the batch's own lines and CSV rows). The check runs only on a record the quick
 * path declines: the quick path takes a fixed shape three levels deep (a parcel, its areas, an area).
 */
export function readParcel(raw: unknown, path: Path, checkDepth: boolean): Parcel | Issue[] {
  const quick = quickParcel(raw);
  if (quick !== undefined) return normalIds(quick, path);
  const deep = checkDepth ? valueTooDeep(raw) : undefined;
  if (deep !== undefined)
    return [issue('INPUT_TOO_DEEP', [...path, ...deep], { file: 'the parcel', limit: MAX_JSON_DEPTH })];
  const r = parcelSchema.safeParse(raw, { reportInput: true });
  if (!r.success) return schemaIssues(r.error.issues, raw, path);
  const p = r.data;
  if (p.geometry !== undefined) {
    const at = [...path, 'geometry'];
    const bad = geometryExtent(p.geometry, at) ?? geometryValidity(p.geometry, at);
    if (bad !== undefined) return [bad];
  }
  return normalIds(
    {
      id: p.id,
      package: p.package ?? null,
      key: p.key ?? null,
      context:
        p.context === undefined ? null : ((raw as { context: Record<string, unknown> }).context ?? null),
      areas: Object.entries(p.areas)
        .map(([type, q]) => ({ type, value: q.value.toFixed(), unit: q.unit as AreaUnit }))
        .sort(byType),
      geometry: p.geometry ?? null,
      waterBodies:
        p.waterBodies === undefined
          ? null
          : ((raw as { waterBodies: Record<string, unknown> }).waterBodies ?? null),
      rights: p.rights,
      encumbrances: p.encumbrances,
    },
    path,
  );
}

/** A zod issue of a coordinate beyond ±180 or ±90 (the schema's degree range). */
const isRange = (zi: z.core.$ZodIssue) =>
  zi.path[0] === 'geometry' && (zi.code === 'too_big' || zi.code === 'too_small') && zi.origin === 'number';

/**
 * The schema's issues of a parcel, with those of its coordinates out of the degree range (one per number: a projected
 * outline gives one per position and axis) replaced by one VEP_GEOMETRY_EXTENT for the outline, where the first was,
 * and any other issue of the outline given once, at the first place it is found: an export whose every position has
 * four numbers, or an altitude as text, is one problem, not one per position.
 */
function schemaIssues(all: readonly z.core.$ZodIssue[], raw: unknown, path: Path): Issue[] {
  const said = new Set<string>();
  const issues = all.filter((zi) => {
    if (zi.path[0] !== 'geometry' || isRange(zi)) return true;
    if (said.has(zi.message)) return false;
    said.add(zi.message);
    return true;
  });
  const first = issues.findIndex(isRange);
  const extent =
    first < 0 ? undefined : geometryExtent((raw as { geometry?: unknown }).geometry, [...path, 'geometry']);
  if (extent === undefined) return vepZodIssues(issues, path, 'VEP_PARCEL_INVALID');
  return [
    ...vepZodIssues(issues.slice(0, first), path, 'VEP_PARCEL_INVALID'),
    extent,
    ...vepZodIssues(
      issues.slice(first).filter((zi) => !isRange(zi)),
      path,
      'VEP_PARCEL_INVALID',
    ),
  ];
}

/** Most characters (code points) of a parcel id or package as read by the id rule. */
export const ID_MAX_CHARACTERS = 128;

/** VEP_PARCEL_INVALID at `field` when its text as read is more than ID_MAX_CHARACTERS code points. */
function overLong(field: 'id' | 'package', text: string | null, path: Path): Issue | undefined {
  // UTF-16 units count each code point once or twice: at most ID_MAX_CHARACTERS of them is within the bound
  if (text === null || text.length <= ID_MAX_CHARACTERS) return undefined;
  const n = [...text].length;
  if (n <= ID_MAX_CHARACTERS) return undefined;
  return vepIssue('VEP_PARCEL_INVALID', [...path, field], {
    detail: `the ${field} is ${n} characters as read by the id rule (white space trimmed, NFKC), more than ${ID_MAX_CHARACTERS}`,
  });
}

/** A number in scientific notation with a positive exponent, as spreadsheets show long numbers (1.23457E+11). */
const SCIENTIFIC_ID = /^\d(\.\d+)?E\+\d+$/i;

/**
 * The parcel with its id, package, certificates and holders by the id rule (core/ids.ts: white space trimmed,
 * NFKC), so that a JSON Lines parcel reads as the same row in CSV (whose cells are trimmed): the id as written kept
 * in `idWritten` and the other fields the rule changed listed in `normalised` (the valuer warns,
 * VEP_ID_NORMALISED and VEP_FIELD_NORMALISED). An id that is only white space is refused, and so is one in scientific
 * notation (VEP_ID_SCIENTIFIC: 1.23E+11, a spreadsheet's display of a long number); a package, certificate
 * or holder that is only white space is none, as a blank CSV cell is. The record read is never changed: a right
 * the rule changes is a new object.
 */
function normalIds(p: Parcel, path: Path): Parcel | Issue[] {
  const id = normalizeId(p.id);
  if (id === '')
    return [
      vepIssue('VEP_PARCEL_INVALID', [...path, 'id'], {
        detail: 'the id is empty once white space is removed',
      }),
    ];
  const pkg = p.package === null ? null : normalizeId(p.package);
  // The bound applies to the id as read, in one count on every path: `" " + 128 letters + " "` is 128, and ㍿ read
  // as 株式会社 four.
  const long = overLong('id', id, path) ?? overLong('package', pkg, path);
  if (long !== undefined) return [long];
  // 1.23457E+11: a spreadsheet's display of a long numeric id (12 digits or more), whose digits are lost.
  if (SCIENTIFIC_ID.test(id)) return [vepIssue('VEP_ID_SCIENTIFIC', [...path, 'id'], { id })];
  let normalised: NormalisedField[] | undefined;
  if (pkg !== p.package)
    (normalised ??= []).push({ path: ['package'], field: 'package', read: pkg as string });
  // The rights array is this parse's own (the quick path's or the schema's), never the caller's: a right the rule
  // changes is replaced in it by a new object.
  let rightsChanged = false;
  for (let i = 0; i < p.rights.length; i++) {
    const r = p.rights[i] as Right;
    let read: Right | undefined;
    for (const field of ['certificate', 'holder'] as const) {
      const written = r[field];
      if (written === undefined) continue;
      const text = normalizeId(written);
      if (text === written) continue;
      // Warned where white space was trimmed (a field of white space only is none); a full-width form (赣（2023）…
      // as the register writes it) is read as its plain form without a word, as certificates are compared.
      if (written.trim() !== written)
        (normalised ??= []).push({ path: ['rights', i, field], field, read: text });
      read ??= { ...r };
      if (text === '') delete read[field];
      else read[field] = text;
    }
    if (read === undefined) continue;
    p.rights[i] = read;
    rightsChanged = true;
  }
  if (id === p.id && pkg === p.package && !rightsChanged) return p;
  const out: Parcel = { ...p, id, package: pkg === '' ? null : pkg };
  if (id !== p.id) out.idWritten = p.id;
  if (normalised !== undefined) out.normalised = normalised;
  return out;
}

const byType = (a: { type: string }, b: { type: string }) => (a.type < b.type ? -1 : a.type > b.type ? 1 : 0);
const PLAIN = /^\d+(\.\d+)?$/;

/**
 * Whether a plain digit string (PLAIN) is surely within NUMBER_LIMITS, as readDecimal would find it: at most
 * maxDigits digits (so at most maxDigits significant digits and far below maxLength), and, unless it is zero,
 * its leading digit's exponent within [minExponent, maxExponent]. A string of more digits may still be
 * acceptable (leading or trailing zeros): the quick check declines it and the schema decides, as it does for everything else.
 */
function plainWithinLimits(s: string): boolean {
  const dot = s.indexOf('.');
  if (s.length - (dot < 0 ? 0 : 1) > NUMBER_LIMITS.maxDigits) return false;
  const intEnd = dot < 0 ? s.length : dot;
  let i = 0;
  while (i < intEnd && s.charCodeAt(i) === 48) i += 1;
  // Leading digit in the integer part: exponent = digits after it.
  if (i < intEnd) return intEnd - i - 1 <= NUMBER_LIMITS.maxExponent;
  if (dot < 0) return true; // zero
  let j = dot + 1;
  while (j < s.length && s.charCodeAt(j) === 48) j += 1;
  // Zero, or a leading digit at j: exponent = -(j - dot) (0.001 → j - dot = 3 → 1e-3).
  return j === s.length || dot - j >= NUMBER_LIMITS.minExponent;
}
const PARCEL_KEYS = new Set(['id', 'package', 'key', 'areas', 'rights', 'encumbrances', 'note']);
const KEY = /^[A-Za-z0-9_.:-]{1,64}$/;
const RIGHT_SET = new Set<string>(RIGHT_KINDS);
const ENC_SET = new Set<string>(ENCUMBRANCE_KINDS);
const unitCache = new Map<string, AreaUnit | null>();

function areaUnit(s: unknown): AreaUnit | undefined {
  if (typeof s !== 'string') return undefined;
  let u = unitCache.get(s);
  if (u === undefined) {
    const p = parseUnit(s);
    u = p !== undefined && dimensionOf(p) === 'area' ? (p as AreaUnit) : null;
    if (unitCache.size < 1000) unitCache.set(s, u);
  }
  return u ?? undefined;
}

const isObj = (x: unknown): x is Record<string, unknown> =>
  x !== null && typeof x === 'object' && !Array.isArray(x);
const optStr = (x: unknown) => x === undefined || (typeof x === 'string' && x.length >= 1);
/** Dates are left to the schema (which checks the calendar); the quick path only takes records without them. */
const optDateless = (x: unknown) => x === undefined;

function quickParcel(raw: unknown): Parcel | undefined {
  if (!isObj(raw)) return undefined;
  for (const k in raw) if (!PARCEL_KEYS.has(k)) return undefined;
  const { id, package: pkg, key, areas, rights, encumbrances, note } = raw;
  if (typeof id !== 'string' || id.length < 1) return undefined;
  if (!optStr(pkg) || !(key === undefined || (typeof key === 'string' && KEY.test(key)))) return undefined;
  if (note !== undefined && typeof note !== 'string') return undefined;
  if (!isObj(areas)) return undefined;
  const list: Parcel['areas'] = [];
  for (const type in areas) {
    const q = areas[type];
    if (type.length === 0 || !isObj(q)) return undefined;
    let n = 0;
    for (const _k in q) n += 1;
    if (n !== 2 || typeof q.value !== 'string' || !PLAIN.test(q.value) || !plainWithinLimits(q.value))
      return undefined;
    const unit = areaUnit(q.unit);
    if (unit === undefined) return undefined;
    list.push({ type, value: q.value, unit });
  }
  if (list.length === 0) return undefined;
  list.sort(byType);
  const rs: Parcel['rights'] = [];
  if (rights !== undefined) {
    if (!Array.isArray(rights)) return undefined;
    for (const r of rights) {
      if (!isObj(r) || typeof r.kind !== 'string' || !RIGHT_SET.has(r.kind)) return undefined;
      for (const k in r) if (k !== 'kind' && k !== 'certificate' && k !== 'holder') return undefined;
      if (!optStr(r.certificate) || !optStr(r.holder)) return undefined;
      rs.push(r as Parcel['rights'][number]);
    }
  }
  const es: Parcel['encumbrances'] = [];
  if (encumbrances !== undefined) {
    if (!Array.isArray(encumbrances)) return undefined;
    for (const e of encumbrances) {
      if (!isObj(e) || typeof e.kind !== 'string' || !ENC_SET.has(e.kind)) return undefined;
      for (const k in e) if (k !== 'kind' && k !== 'ref' && k !== 'holder' && k !== 'until') return undefined;
      if (!optStr(e.ref) || !optStr(e.holder) || !optDateless(e.until)) return undefined;
      es.push(e as Parcel['encumbrances'][number]);
    }
  }
  return {
    id,
    package: (pkg as string | undefined) ?? null,
    key: (key as string | undefined) ?? null,
    context: null,
    areas: list,
    geometry: null,
    waterBodies: null,
    rights: rs,
    encumbrances: es,
  };
}

/** Exported for the property test only. */
export const quickParcelForTest = quickParcel;
