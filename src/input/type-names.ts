/**
 * Ecosystem types written the way researchers have them: the classification's own names (阔叶林, "Broadleaf
 * forest"), land-use codes and names of GB/T 21010—2017 and the third national land survey (0101, 水田, 1103), or a
 * mapping the user gives. Before the input is parsed, every type reference (`ecosystems[].type` and every
 * `ecosystem` field) that is not a code of the classification is resolved to one, and each resolution is recorded;
 * a land-use class that does not determine one type is refused with its candidates, never guessed.
 */
import { shortValue } from '../core/decimal';
import type { Classification } from '../coefficients/classification';
import type { Crosswalk, CrosswalkEntry } from '../coefficients/crosswalk';
import type { Grade } from '../coefficients/schema';
import { type Issue, type Path, issue } from '../core/errors';

/** One resolved type reference: what was written, the code it became, and by what. */
export interface TypeMapping {
  given: string;
  code: string;
  via: 'name' | 'user' | 'crosswalk';
  /** The crosswalk's reference (`id@version`), hash and the evidence grade of its mapping, for `via: 'crosswalk'`. */
  crosswalk?: { ref: string; hash: string; grade: Grade };
  /** Every place in the input where it was written. */
  paths: Path[];
}

export interface ResolvedTypes {
  /** The input with type references replaced by codes (a copy; the given object is not changed). */
  json: unknown;
  mappings: TypeMapping[];
  issues: Issue[];
}

type Rule =
  | { kind: 'code' }
  | { kind: 'name' | 'user'; code: string }
  | { kind: 'crosswalk'; entry: CrosswalkEntry; crosswalk: Crosswalk };

/** How each written form is read: codes first, then names, the user's mapping, then the crosswalk. */
function rules(
  c: Classification,
  crosswalks: readonly Crosswalk[],
  user: Readonly<Record<string, string>>,
): Map<string, Rule> {
  const m = new Map<string, Rule>();
  for (const w of crosswalks.filter((x) => x.classification === c.id))
    for (const e of w.entries)
      for (const k of [e.code, e.name]) {
        const prior = m.get(k);
        // A name used by two entries of different types (none does in the bundled data) is left ambiguous.
        if (prior?.kind === 'crosswalk' && prior.entry.type !== e.type)
          m.set(k, {
            kind: 'crosswalk',
            crosswalk: w,
            entry: { ...e, type: null, candidates: candidatesOf(prior.entry, e) },
          });
        else if (prior === undefined) m.set(k, { kind: 'crosswalk', crosswalk: w, entry: e });
      }
  const codes = new Set(c.types.map((t) => t.code));
  // A mapping to a code the classification lacks is refused by the caller and not used.
  for (const [given, code] of Object.entries(user))
    if (codes.has(code)) m.set(given.trim(), { kind: 'user', code });
  for (const t of c.types) {
    m.set(t.name.zh, { kind: 'name', code: t.code });
    m.set(t.name.en, { kind: 'name', code: t.code });
  }
  for (const t of c.types) m.set(t.code, { kind: 'code' });
  return m;
}

function candidatesOf(a: CrosswalkEntry, b: CrosswalkEntry): string[] {
  return [...new Set([...(a.candidates ?? [a.type]), ...(b.candidates ?? [b.type])])].filter(
    (x): x is string => x !== null,
  );
}

/** How one written form reads: undefined for a code of the classification, or a form no rule reads (left as written). */
export type TypeReading =
  | { kind: 'name' | 'user'; code: string }
  | { kind: 'crosswalk'; code: string; crosswalk: { ref: string; hash: string; grade: Grade } }
  | { kind: 'ambiguous'; candidates: string[]; note: string; noteZh: string };

/**
 * How written forms of ecosystem types read against a classification (codes first, then its names, the user's
 * mapping, then the crosswalks), one form at a time: the rule resolveTypeNames applies to every type reference of an
 * input, for callers that read types one by one (a parcel's areas). A form is trimmed before it is looked up; a
 * mapping to a code the classification lacks is not used.
 */
export function typeReader(
  classification: Classification,
  crosswalks: readonly Crosswalk[],
  typeMapping: Readonly<Record<string, string>> = {},
): (given: string) => TypeReading | undefined {
  const codes = new Set(classification.types.map((t) => t.code));
  const byForm = rules(classification, crosswalks, typeMapping);
  return (given) => {
    const r = byForm.get(given.trim());
    if (r === undefined || r.kind === 'code') return undefined;
    if (r.kind !== 'crosswalk') return { kind: r.kind, code: r.code };
    const code = r.entry.type;
    if (code === null || !codes.has(code))
      return {
        kind: 'ambiguous',
        candidates: r.entry.candidates ?? [],
        note: r.entry.note ?? '',
        noteZh: r.entry.noteZh ?? r.entry.note ?? '',
      };
    const { ref, hash, grades } = r.crosswalk;
    return { kind: 'crosswalk', code, crosswalk: { ref, hash, grade: grades.mapping } };
  };
}

/** ECOSYSTEM_TYPE_AMBIGUOUS of a form that reads as no one type, at `path`. */
export function ambiguousType(
  given: string,
  r: Extract<TypeReading, { kind: 'ambiguous' }>,
  path: Path,
): Issue {
  return issue('ECOSYSTEM_TYPE_AMBIGUOUS', path, {
    given,
    candidates: r.candidates.join(', '),
    note: r.note,
    noteZh: r.noteZh,
  });
}

/** ECOSYSTEM_TYPE_MAPPED of a form a crosswalk read as a code, at `path`. */
export function mappedType(given: string, r: Extract<TypeReading, { kind: 'crosswalk' }>, path: Path): Issue {
  return issue('ECOSYSTEM_TYPE_MAPPED', path, {
    given,
    code: r.code,
    via: `the crosswalk ${r.crosswalk.ref}`,
    viaZh: `对照表 ${r.crosswalk.ref}`,
    grade: r.crosswalk.grade,
  });
}

/**
 * Resolve the type references of a raw input. `typeMapping` maps written forms to codes (it wins over the
 * crosswalk); a mapping to a code the classification does not have is an ECOSYSTEM_TYPE_UNKNOWN issue.
 */
export function resolveTypeNames(
  json: unknown,
  classification: Classification,
  crosswalks: readonly Crosswalk[],
  typeMapping: Readonly<Record<string, string>> = {},
): ResolvedTypes {
  const issues: Issue[] = [];
  const codes = new Set(classification.types.map((t) => t.code));
  const allowed = classification.types.map((t) => t.code).join(', ');
  for (const [given, code] of Object.entries(typeMapping))
    if (!codes.has(code))
      issues.push(
        issue('ECOSYSTEM_TYPE_UNKNOWN', ['options', 'typeMapping', given], {
          type: shortValue(code),
          classification: classification.ref,
          allowed,
        }),
      );
  const read = typeReader(classification, crosswalks, typeMapping);
  const found = new Map<string, TypeMapping>();

  const resolve = (given: string, path: Path): string => {
    const r = read(given);
    if (r === undefined) return given;
    if (r.kind === 'ambiguous') {
      issues.push(ambiguousType(given, r, path));
      return given;
    }
    const prior = found.get(given);
    if (prior !== undefined) prior.paths.push(path);
    else
      found.set(given, {
        given,
        code: r.code,
        via: r.kind,
        ...(r.kind === 'crosswalk' ? { crosswalk: r.crosswalk } : {}),
        paths: [path],
      });
    return r.code;
  };

  // Copies only what changes: an input written in codes comes back as the same object, with no allocation (an
  // account runs this on every call, once per parcel on the VEP decimal path).
  const walk = (v: unknown, path: Path, section: string | undefined): unknown => {
    if (Array.isArray(v)) {
      let out: unknown[] | undefined;
      v.forEach((x, i) => {
        const y = walk(x, [...path, i], section);
        if (y !== x) (out ??= [...v])[i] = y;
      });
      return out ?? v;
    }
    if (v === null || typeof v !== 'object') return v;
    let out: Record<string, unknown> | undefined;
    for (const [k, x] of Object.entries(v as Record<string, unknown>)) {
      const isType = (section === 'ecosystems' && path.length === 2 && k === 'type') || k === 'ecosystem';
      const value =
        isType && typeof x === 'string' ? resolve(x, [...path, k]) : walk(x, [...path, k], section ?? k);
      if (value === x) continue;
      out ??= copyOf(v as Record<string, unknown>);
      Object.defineProperty(out, k, { value, enumerable: true, writable: true, configurable: true });
    }
    return out ?? v;
  };

  const resolved = walk(json, [], undefined);
  const mappings = [...found.values()];
  // A name of the classification or the user's own mapping is what the user meant; a crosswalk entry is an
  // assumption of the crosswalk's, so it is shown as a warning.
  for (const m of mappings)
    if (m.crosswalk !== undefined)
      issues.push(
        mappedType(m.given, { kind: 'crosswalk', code: m.code, crosswalk: m.crosswalk }, m.paths[0] ?? []),
      );
  return { json: resolved, mappings, issues };
}

/** A shallow copy with own data properties only (a key named `__proto__` stays a key, as in JSON.parse). */
function copyOf(o: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, x] of Object.entries(o))
    Object.defineProperty(out, k, { value: x, enumerable: true, writable: true, configurable: true });
  return out;
}
