import fc from 'fast-check';
import { GepError } from '../../src/core/errors';

/**
 * Shared pieces of the fuzz suite: hostile values, mutations of a valid JSON document, and the outcome check
 * (a structured error or a normal return, within a time budget; anything else fails the property).
 */

/** Values a careless or hostile input puts where a number or a string belongs. */
export const hostileValue: fc.Arbitrary<unknown> = fc.oneof(
  fc.constantFrom(
    '1e9000000000000000',
    '1e1000000',
    '-1e90000000000000000',
    '1e-90000000000000000',
    'NaN',
    'Infinity',
    '',
    ' ',
    '0x10',
    '1,5',
    '١٢',
    '１２',
    '9'.repeat(200),
    `0.${'3'.repeat(60)}`,
    '__proto__',
    'constructor',
    null,
    true,
    [],
    {},
    -0,
    Number.MAX_VALUE,
    Number.MIN_VALUE,
    2 ** 53 + 1,
  ),
  fc.double(),
  fc.integer(),
  fc.string({ maxLength: 20 }),
  fc.stringMatching(/^-?[0-9]{1,25}(\.[0-9]{0,25})?(e[-+]?[0-9]{1,7})?$/),
);

type Json = unknown;

/** Every path to a leaf or a node of a JSON document. */
export function pathsOf(doc: Json, prefix: (string | number)[] = [], out: (string | number)[][] = []) {
  out.push(prefix);
  if (Array.isArray(doc)) doc.forEach((v, i) => pathsOf(v, [...prefix, i], out));
  else if (doc !== null && typeof doc === 'object')
    for (const [k, v] of Object.entries(doc)) pathsOf(v, [...prefix, k], out);
  return out;
}

/** One change to a document: replace a node by a hostile value, delete it, or duplicate an array element. */
export type Mutation = { at: number; kind: 'replace' | 'delete' | 'duplicate'; value: unknown };
export const mutation: fc.Arbitrary<Mutation> = fc.record({
  at: fc.nat(),
  kind: fc.constantFrom('replace', 'replace', 'delete', 'duplicate'),
  value: hostileValue,
});

export function mutate(doc: Json, ms: readonly Mutation[]): Json {
  let d = structuredClone(doc);
  for (const m of ms) {
    const paths = pathsOf(d);
    const path = paths[m.at % paths.length] as (string | number)[];
    if (path.length === 0) {
      if (m.kind === 'replace') d = m.value;
      continue;
    }
    const parent = path.slice(0, -1).reduce<any>((o, k) => o[k], d);
    const key = path[path.length - 1] as string | number;
    if (m.kind === 'replace') parent[key] = structuredClone(m.value);
    else if (m.kind === 'delete') {
      if (Array.isArray(parent)) parent.splice(key as number, 1);
      else delete parent[key];
    } else if (Array.isArray(parent)) parent.push(structuredClone(parent[key as number]));
  }
  return d;
}

/**
 * Run `f`: it must return, or throw a GepError with at least one issue carrying a code, a path and both messages;
 * and it must finish within `budgetMs`. Returns what f returned (undefined after a GepError).
 */
export async function outcome<T>(f: () => T | Promise<T>, budgetMs: number): Promise<T | undefined> {
  const t = performance.now();
  let value: T | undefined;
  try {
    value = await f();
  } catch (e) {
    if (!(e instanceof GepError)) throw e;
    for (const i of e.issues) {
      if (typeof i.code !== 'string' || !Array.isArray(i.path) || i.message.zh === '' || i.message.en === '')
        throw new Error(`malformed issue ${JSON.stringify(i)}`);
    }
  }
  const ms = performance.now() - t;
  if (ms > budgetMs) throw new Error(`took ${ms.toFixed(0)} ms, over the budget of ${budgetMs} ms`);
  return value;
}
