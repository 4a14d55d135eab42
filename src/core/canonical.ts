import { sha256 } from '@noble/hashes/sha2';
import { bytesToHex, utf8ToBytes } from '@noble/hashes/utils';

/**
 * Canonical JSON: object keys sorted, no whitespace, undefined members dropped. Used for content hashes and
 * for deterministic output, so two runs with the same inputs give byte-identical results.
 */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(sortKeys(value));
}

/**
 * Canonical JSON as gepkit writes a JSON file or response: canonicalJson's keys in its order, indented by two spaces,
 * a final newline. The same text as `JSON.stringify(JSON.parse(canonicalJson(value)), null, 2)`, made in one walk
 * of the value (src/core/canonical.test.ts holds the two alike).
 */
export function prettyJson(value: unknown): string {
  let text = '';
  writePrettyJson(value, (chunk) => (text += chunk), Number.POSITIVE_INFINITY);
  return text;
}

/**
 * prettyJson's text handed to `sink` in chunks of about `chunkLength` characters (the last one shorter), so that a
 * large result is written without its whole text, or a sorted copy of it, in memory at once.
 */
export function writePrettyJson(value: unknown, sink: (chunk: string) => void, chunkLength = 65_536): void {
  let buf = '';
  const put = (s: string) => {
    buf += s;
    if (buf.length >= chunkLength) {
      sink(buf);
      buf = '';
    }
  };
  const walk = (v: unknown, indent: string): void => {
    const x = resolved(v);
    if (x === null || typeof x !== 'object') {
      put(scalarJson(x));
      return;
    }
    const inner = `${indent}  `;
    if (Array.isArray(x)) {
      if (x.length === 0) return put('[]');
      put('[\n');
      for (let i = 0; i < x.length; i++) {
        put(inner);
        walk(x[i], inner); // what JSON leaves out of an object is null in an array (scalarJson)
        put(i < x.length - 1 ? ',\n' : '\n');
      }
      return put(`${indent}]`);
    }
    let first = true;
    for (const k of canonicalKeys(x)) {
      const e = resolved((x as Record<string, unknown>)[k]);
      if (omitted(e)) continue;
      put(first ? `{\n${inner}${JSON.stringify(k)}: ` : `,\n${inner}${JSON.stringify(k)}: `);
      first = false;
      walk(e, inner);
    }
    put(first ? '{}' : `\n${indent}}`);
  };
  walk(value, '');
  put('\n');
  if (buf.length > 0) sink(buf);
}

/** A value as JSON.stringify writes it: its toJSON form (Decimals as their text), as sortKeys reads it. */
function resolved(v: unknown): unknown {
  let x = v;
  while (x !== null && typeof x === 'object' && typeof (x as { toJSON?: unknown }).toJSON === 'function')
    x = (x as { toJSON: () => unknown }).toJSON();
  return x;
}

/** What JSON leaves out of an object and writes as null in an array. */
const omitted = (v: unknown) => v === undefined || typeof v === 'function' || typeof v === 'symbol';

/** A scalar's JSON, as JSON.stringify writes it (a number that is not finite is null, a bigint throws); null for what JSON leaves out. */
function scalarJson(v: unknown): string {
  return omitted(v) ? 'null' : (JSON.stringify(v) as string);
}

/**
 * An object's keys in the order of the object sortKeys builds, which JSON.stringify and JSON.parse keep: array
 * indices ("0" … "4294967294") first by value, then the other keys sorted by code unit. Object.keys of an ordinary
 * object lists its array indices first, by value, already.
 */
function canonicalKeys(o: object): string[] {
  const keys = Object.keys(o);
  const indices = keys.filter(isArrayIndex);
  if (indices.length === 0) return keys.sort();
  return [...indices, ...keys.slice(indices.length).sort()];
}

const isArrayIndex = (k: string) => /^(?:0|[1-9]\d*)$/.test(k) && Number(k) < 4_294_967_295;

export function sortKeys(value: unknown): unknown {
  // Decimals (and anything else with toJSON) are written as their JSON form, as JSON.stringify would.
  if (
    value !== null &&
    typeof value === 'object' &&
    typeof (value as { toJSON?: unknown }).toJSON === 'function'
  ) {
    return sortKeys((value as { toJSON: () => unknown }).toJSON());
  }
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value !== null && typeof value === 'object') {
    // A null-prototype object, so that a key named "__proto__" stays an own key (and in the JSON) instead of
    // setting the prototype.
    const out: Record<string, unknown> = Object.create(null) as Record<string, unknown>;
    for (const k of Object.keys(value).sort()) {
      const v = (value as Record<string, unknown>)[k];
      if (v !== undefined) out[k] = sortKeys(v);
    }
    return out;
  }
  return value;
}

/** sha256 of the canonical JSON, as `sha256:<hex>` (pure JS: runs in browsers and workers). */
export function contentHash(value: unknown): string {
  return `sha256:${bytesToHex(sha256(utf8ToBytes(canonicalJson(value))))}`;
}
