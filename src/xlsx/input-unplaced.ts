/**
 * What of an account input the workbook has no place for. The input sheets and the JSON sheet (input-sheets.ts)
 * are turned into a shape of the input (objects, lists of records, leaf fields); an input walked against it yields
 * each member the shape lacks (`zones[].geometry`), so that `inputTemplate` refuses an input it would write only in
 * part instead of dropping members without a word.
 */
import type { Issue, Path } from '../core/errors';
import { xlsxIssue } from './errors';
import { type Field, INPUT_SHEETS, JSON_SHEET } from './input-sheets';

type Shape =
  | { kind: 'any' }
  /** A cell: `parts` for a quantity, price or amount (an object of value, unit and price year). */
  | { kind: 'leaf'; parts?: readonly string[] }
  | { kind: 'object'; keys: Map<string, Shape> }
  | { kind: 'list'; of: Shape };

const object = (): Extract<Shape, { kind: 'object' }> => ({ kind: 'object', keys: new Map() });

/** The parts a field's columns hold (columnsOf: value and unit, and a price year for prices and money). */
function leaf(f: Field): Shape {
  if (f.kind === 'quantity') return { kind: 'leaf', parts: ['value', 'unit'] };
  if (f.kind === 'price' || f.kind === 'money')
    return { kind: 'leaf', parts: ['value', 'unit', 'priceYear'] };
  return { kind: 'leaf' };
}

/** The object at a key path of `root`, made where absent. */
function objectAt(root: Extract<Shape, { kind: 'object' }>, keys: readonly string[]) {
  let o = root;
  for (const k of keys) {
    const next = o.keys.get(k);
    if (next?.kind === 'object') o = next;
    else {
      const made = object();
      o.keys.set(k, made);
      o = made;
    }
  }
  return o;
}

function recordShape(fields: readonly Field[], skip: readonly string[] = []) {
  const record = object();
  for (const f of fields) {
    if (skip.includes(f.key)) continue;
    const keys = f.key.split('.');
    objectAt(record, keys.slice(0, -1)).keys.set(keys[keys.length - 1] as string, leaf(f));
  }
  return record;
}

/** The shape of an input as the workbook holds it. */
function inputShape(): Shape {
  const root = object();
  root.keys.set('$schema', { kind: 'any' });
  for (const s of JSON_SHEET.sections) root.keys.set(s, { kind: 'any' });
  for (const sheet of INPUT_SHEETS) {
    if (sheet.single === true) {
      for (const [k, v] of recordShape(sheet.fields).keys) root.keys.set(k, v);
      continue;
    }
    const records: Shape = { kind: 'list', of: recordShape(sheet.fields, sheet.parent?.keys) };
    if (sheet.parent === undefined) {
      objectAt(root, sheet.path.slice(0, -1)).keys.set(sheet.path[sheet.path.length - 1] as string, records);
      continue;
    }
    const parent = root.keys.get('materialProducts');
    if (parent?.kind === 'list' && parent.of.kind === 'object')
      parent.of.keys.set(sheet.parent.field, records);
  }
  return root;
}

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/** Each member of `value` that `shape` has no place for, by path. */
function walk(value: unknown, shape: Shape, path: Path, out: Path[]): void {
  if (value === undefined || value === null || shape.kind === 'any') return;
  if (shape.kind === 'leaf') {
    if (shape.parts === undefined) {
      if (typeof value === 'object') out.push(path);
    } else if (!isObject(value)) out.push(path);
    else for (const k of Object.keys(value)) if (!shape.parts.includes(k)) out.push([...path, k]);
    return;
  }
  if (shape.kind === 'list') {
    if (!Array.isArray(value)) return void out.push(path);
    value.forEach((v, i) => walk(v, shape.of, [...path, i], out));
    return;
  }
  if (!isObject(value)) return void out.push(path);
  for (const [k, v] of Object.entries(value)) {
    const s = shape.keys.get(k);
    if (s === undefined) {
      if (v !== undefined) out.push([...path, k]);
    } else walk(v, s, [...path, k], out);
  }
}

/**
 * The products of a `materialProducts` record whose sector and zone an earlier record has: the 产品 sheet joins
 * products to the first record of their sector and zone, so these would move to that record.
 */
function productsOfRepeatedSectors(input: unknown): Path[] {
  const records = isObject(input) ? input.materialProducts : undefined;
  if (!Array.isArray(records)) return [];
  const seen = new Set<string>();
  const out: Path[] = [];
  records.forEach((r, i) => {
    if (!isObject(r)) return;
    const id = JSON.stringify([r.sector ?? null, r.zone ?? null]);
    if (seen.has(id) && Array.isArray(r.products) && r.products.length > 0)
      out.push(['materialProducts', i, 'products']);
    seen.add(id);
  });
  return out;
}

/**
 * Issues for the members of an input that the workbook has no place for: one per field (`zones[].geometry`), at its
 * first occurrence, with how many there are.
 */
export function unplacedIssues(input: unknown): Issue[] {
  const paths: Path[] = [];
  walk(input, inputShape(), [], paths);
  paths.push(...productsOfRepeatedSectors(input));
  const byField = new Map<string, { at: Path; count: number }>();
  for (const p of paths) {
    const field = p
      .map((k) => (typeof k === 'number' ? '[]' : `.${k}`))
      .join('')
      .replace(/^\./, '');
    const prior = byField.get(field);
    byField.set(field, { at: prior?.at ?? p, count: (prior?.count ?? 0) + 1 });
  }
  return [...byField].map(([field, { at, count }]) => xlsxIssue('XLSX_INPUT_UNPLACED', at, { field, count }));
}
