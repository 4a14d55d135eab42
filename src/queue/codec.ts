/**
 * Job payloads as text: JSON, with what JSON cannot carry tagged so that it comes back bit for bit — typed
 * arrays (their bytes in base64, little-endian as every platform Node runs on stores them), NaN, ±Infinity and
 * −0. A task's parameters hold NaN ("class not modelled") and its partial sums are Float64Arrays; plain JSON
 * would turn the first into null and the second into objects.
 *
 * A Float64Array that is mostly +0 (a tile's partial sums over every zone × class group, of which a tile meets a
 * few) is sent sparse: the positions (Int32, base64) and the values (Float64, base64) of its other elements, so
 * a partial's size follows the groups the tile meets, not all groups of the run. −0 counts as a value.
 *
 * @example
 * ```ts
 * decodePayload(encodePayload({ s: Float64Array.of(0.1, Number.NaN), v: -0 })); // the same values, same bits
 * ```
 */
const ARRAYS = {
  f64: Float64Array,
  f32: Float32Array,
  i32: Int32Array,
  u8: Uint8Array,
} as const;
type Kind = keyof typeof ARRAYS;

function kindOf(v: unknown): Kind | undefined {
  if (v instanceof Float64Array) return 'f64';
  if (v instanceof Float32Array) return 'f32';
  if (v instanceof Int32Array) return 'i32';
  if (v instanceof Uint8Array) return 'u8';
  return undefined;
}

function toBase64(bytes: Uint8Array): string {
  let s = '';
  for (let i = 0; i < bytes.length; i += 0x8000)
    s += String.fromCharCode(...bytes.subarray(i, Math.min(i + 0x8000, bytes.length)));
  return btoa(s);
}

function fromBase64(b64: string): Uint8Array {
  const s = atob(b64);
  const out = new Uint8Array(s.length);
  for (let i = 0; i < s.length; i++) out[i] = s.charCodeAt(i);
  return out;
}

export function encodePayload(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) => {
    if (typeof v === 'number') {
      if (Number.isNaN(v)) return { $num: 'NaN' };
      if (v === Infinity) return { $num: 'Infinity' };
      if (v === -Infinity) return { $num: '-Infinity' };
      if (Object.is(v, -0)) return { $num: '-0' };
      return v;
    }
    const kind = kindOf(v);
    if (kind === undefined) return v;
    const a = v as Float64Array;
    if (kind === 'f64' && a.length >= 64) {
      const sparse = sparseOf(a);
      if (sparse !== undefined) return sparse;
    }
    return { $array: kind, b64: toBase64(new Uint8Array(a.buffer, a.byteOffset, a.byteLength)) };
  });
}

/** The sparse form of a Float64Array whose elements other than +0 take less than a third of its bytes. */
function sparseOf(a: Float64Array): { $sparse: number; at: string; v: string } | undefined {
  let n = 0;
  for (let i = 0; i < a.length; i++) if (!Object.is(a[i], 0)) n++;
  if (n * 12 * 3 >= a.length * 8) return undefined;
  const at = new Int32Array(n);
  const v = new Float64Array(n);
  let k = 0;
  for (let i = 0; i < a.length; i++)
    if (!Object.is(a[i], 0)) {
      at[k] = i;
      v[k++] = a[i] as number;
    }
  return {
    $sparse: a.length,
    at: toBase64(new Uint8Array(at.buffer)),
    v: toBase64(new Uint8Array(v.buffer)),
  };
}

export function decodePayload(text: string): unknown {
  return JSON.parse(text, (_key, v: unknown) => {
    if (v === null || typeof v !== 'object' || Array.isArray(v)) return v;
    const o = v as Record<string, unknown>;
    if (typeof o.$num === 'string' && Object.keys(o).length === 1) return Number(o.$num);
    if (typeof o.$sparse === 'number' && typeof o.at === 'string' && typeof o.v === 'string') {
      const out = new Float64Array(o.$sparse);
      const at = new Int32Array(fromBase64(o.at).buffer);
      const v = new Float64Array(fromBase64(o.v).buffer);
      for (let k = 0; k < at.length; k++) out[at[k] as number] = v[k] as number;
      return out;
    }
    if (typeof o.$array === 'string' && typeof o.b64 === 'string' && o.$array in ARRAYS) {
      const bytes = fromBase64(o.b64);
      const Ctor = ARRAYS[o.$array as Kind];
      return new Ctor(bytes.buffer as ArrayBuffer, 0, bytes.byteLength / Ctor.BYTES_PER_ELEMENT);
    }
    return v;
  });
}
