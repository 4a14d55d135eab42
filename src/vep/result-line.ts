/**
 * Parcel results as compact JSON lines (`gepkit vep value --format compact`, POST /v1/vep/value?format=compact):
 * what the full line holds, with the cells grouped under their ecosystem type and the basis hash left to the
 * summary line (`summary.basis.hash`, the same for every parcel of a batch). A valued parcel:
 *
 *   {"line":2,"ok":true,"id":"ZX-0001","package":"PKG-A","key":"hills","path":"fast","value":"5500838.34",
 *    "types":{"forest.broadleaf":{"area":["120","mu"],"value":"4022858.33","cells":{"R1":"710054.55",…}},…},
 *    "warnings":["W1","W2"]}
 *
 * `types` follows the full line's `byType` order, each type's `cells` the full line's `cells` order; a type that
 * has cells and no area of the parcel (none is produced by the parcel-level methods) has `cells` alone, and cells
 * without a type (likewise) go under `untyped`. `issues` is written when it is not empty (warnings inline, or a
 * refused parcel's refusal). A refused parcel's line is its full line: it has no cells.
 */
import * as z from 'zod/mini';
import { anArray, checkArgument } from '../core/options';
import { toJsonLine } from '../io/jsonl';
import type { ParcelResult } from './batch';

/** One ecosystem type of a compact line: its area [value, unit], its value in 元, and its cells by indicator. */
export interface CompactType {
  area?: [string, string];
  value?: string;
  cells: Record<string, string>;
}

/** A valued parcel as the compact line writes it (CompactType per ecosystem type). */
export interface CompactParcelResult {
  line: number;
  ok: true;
  id?: string;
  package?: string | null;
  key?: string;
  path?: 'fast' | 'decimal';
  value?: string;
  types: Record<string, CompactType>;
  untyped?: Record<string, string>;
  issues?: ParcelResult['issues'];
  warnings?: string[];
}

/**
 * The outline of a parcel result that the compact line and the CSV row read (a result of valueParcels or VepBatch):
 * its members and their kinds, not their contents.
 */
const parcelResultOutline = z.looseObject({
  line: z.number(),
  ok: z.boolean(),
  byType: z.optional(anArray),
  cells: z.optional(anArray),
  issues: anArray,
  warnings: z.optional(anArray),
});

/**
 * Refuse what is not a parcel result (null, a line of text, `{}`): ARGUMENT_INVALID at `result` and the member's
 * path, a TypeError before. Constant time.
 */
export function checkParcelResult(r: unknown): void {
  checkArgument(parcelResultOutline, r, ['result']);
}

/**
 * A result as one compact JSON line (with its newline); a refused parcel as its full line. A result of another kind
 * is ARGUMENT_INVALID at `result`.
 */
export function toCompactLine(r: ParcelResult): string {
  checkParcelResult(r);
  return compactLine(r);
}

/** toCompactLine without its check: the batches' loop over the results they made. */
export function compactLine(r: ParcelResult): string {
  return r.ok ? toJsonLine(compactOf(r)) : toJsonLine(r);
}

/**
 * A valued parcel's result in the compact shape (the full result's fields but `basis`, cells by type). A result of
 * another kind is ARGUMENT_INVALID at `result`.
 */
export function compactResult(r: ParcelResult): CompactParcelResult {
  checkParcelResult(r);
  return compactOf(r);
}

function compactOf(r: ParcelResult): CompactParcelResult {
  const types: Record<string, CompactType> = {};
  for (const t of r.byType ?? [])
    put(types, t.type, { area: [t.area.value, t.area.unit], value: t.value, cells: {} });
  let untyped: Record<string, string> | undefined;
  for (const c of r.cells ?? []) {
    if (c.type === null) put((untyped ??= {}), c.indicator, c.value);
    else {
      const t = Object.hasOwn(types, c.type)
        ? (types[c.type] as CompactType)
        : put(types, c.type, { cells: {} });
      put(t.cells, c.indicator, c.value);
    }
  }
  // Fields in the full line's order, each optional one only when the result has it.
  const out = { line: r.line, ok: true } as CompactParcelResult;
  if (r.id !== undefined) out.id = r.id;
  if (r.package !== undefined) out.package = r.package;
  if (r.key !== undefined) out.key = r.key;
  if (r.path !== undefined) out.path = r.path;
  if (r.value !== undefined) out.value = r.value;
  out.types = types;
  if (untyped !== undefined) out.untyped = untyped;
  if (r.issues.length > 0) out.issues = r.issues;
  if (r.warnings !== undefined) out.warnings = r.warnings;
  return out;
}

/**
 * `o[key] = value` as an own property, also for a key "__proto__" (a classification code may be one: its pattern
 * allows underscores), which assignment would take for the prototype.
 */
function put<T>(o: Record<string, T>, key: string, value: T): T {
  if (key === '__proto__')
    Object.defineProperty(o, key, { value, enumerable: true, writable: true, configurable: true });
  else o[key] = value;
  return value;
}
