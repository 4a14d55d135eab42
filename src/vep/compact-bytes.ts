/**
 * Compact result lines (toCompactLine) written as UTF-8 bytes straight from a valued parcel (VepBatch.take): the
 * parcel's fen as digits, its id, package and areas as JSON strings, between the fixed pieces of a template made
 * once per (key, path, area types, cells). No ParcelResult, no compact object, no 元 text and no line as a string
 * is made: the bytes are those `toCompactLine(valuedResult(p))` encodes to, which a parcel that no template fits
 * (and any value a template cannot write) still gets, through that reference.
 *
 * Why a template gives the reference's bytes. A template is the compact line of a stand-in result of the parcel:
 * the same key, path, area types and cells (type and indicator, in order), its id, package, total, each area's
 * value, unit and type value, and each cell's value replaced by a sentinel string `\u0000<tag><slot>\u0000`, its
 * line 0, no issues and no warnings, serialised by compactResult and JSON.stringify as toCompactLine does.
 * JSON.stringify writes an object as its members in key order, each `"key":` then the value's own text, and a
 * string's text depends on the string alone; the order of a compact line's keys depends on the codes and on which
 * fields are present, not on the values (compactResult writes `id`, `package`, `key`, `path`, `value` and `types`
 * for every valued parcel, `untyped` when a cell has no type, which the stand-in's cells share; `issues` and
 * `warnings` come last, and the stand-in has neither). So the parcel's line is the template with each sentinel's
 * text replaced by its slot's text, the line number after `{"line":`, and `"issues":` or `"warnings":` put before
 * the final `}` as the parcel has them. The tag is chosen so that the text `\u0000<tag>` is in none of the names
 * the stand-in holds (its key, types and codes, the only other strings of its line): every text a sentinel's
 * pattern finds is a sentinel. A template is used only when every slot is found exactly once: two cells of one type
 * and indicator, of which the compact line keeps the last, leave a slot out, and such a parcel gets the reference.
 */
import { toJsonLine } from '../io/jsonl';
import {
  type BatchOptions,
  type BatchSummary,
  type ParcelResult,
  type ValuedParcel,
  VepBatch,
  valuedResult,
} from './batch';
import type { ParcelValue } from './valuer';
import { compactLine } from './result-line';
import { yuanOfFen } from './fen';
import { BLOCK_BYTES } from '../io/utf8-blocks';

/** Slots of a template: the parcel's id, package and total, then per area its value, unit and fen, then each cell's fen. */
const ID = 0;
const PACKAGE = 1;
const TOTAL = 2;
const AREA0 = 3;

/** What a line starts with before its number, and what a stand-in's line (line 0) starts with. */
const LINE_HEAD = [0x7b, 0x22, 0x6c, 0x69, 0x6e, 0x65, 0x22, 0x3a]; // {"line":
const STAND_IN_HEAD = '{"line":0';

interface Template {
  /** The parcels it fits: their key, path, area types, and each cell's type and indicator. */
  key: string;
  path: string;
  types: string[];
  cellTypes: (string | null)[];
  cellCodes: string[];
  /**
   * The line's fixed pieces after `{"line":<n>`, up to (not with) its final `}`, as UTF-8 bytes; null when the
   * stand-in's slots were not each found once (the parcels it fits get the reference's bytes).
   */
  bytes: Uint8Array | null;
  /** Where each slot's text goes in `bytes` (ascending), and which slot it is. */
  at: Int32Array;
  slot: Int32Array;
}

/**
 * Writes the compact lines of valued parcels as UTF-8 bytes (see above). Its templates are its own (one writer per
 * batch or stream), at most `cacheSize` of them (all dropped when it is reached).
 *
 * @example
 * const batch = new VepBatch(context, { format: 'csv' }); // context: examples/vep/context.json
 * const lines = new CompactLineWriter();
 * for (const [i, text] of csvLines.entries()) {
 *   const r = batch.take(text, i + 1);
 *   if (r === undefined) continue; // a blank line or the header
 *   // a refused line as its full line; a valued one as bytes, those of toCompactLine(valuedResult(r))
 *   stream.write('ok' in r ? toCompactLine(r) : lines.bytes(r));
 * }
 */
export class CompactLineWriter {
  private readonly templates = new Map<string, Template>();
  /** The templates used last (at most RECENT), looked at before the map: a batch's parcels share a few. */
  private readonly recent: Template[] = [];
  private nextRecent = 0;
  /** Where the line is being written (writeInto's block), and up to where. */
  private buf: Uint8Array = EMPTY;
  private at = 0;
  /** The buffer of `bytes`, grown as lines need. */
  private scratch = new Uint8Array(4096);

  constructor(private readonly cacheSize = 10_000) {}

  /**
   * The compact line of a valued parcel (with its newline) as UTF-8 bytes: what `toCompactLine(valuedResult(p))`
   * encodes to.
   */
  bytes(p: ValuedParcel): Uint8Array {
    for (;;) {
      const end = this.writeInto(p, this.scratch, 0);
      if (end >= 0) return this.scratch.slice(0, end);
      this.scratch = new Uint8Array(2 * this.scratch.length);
    }
  }

  /**
   * The compact line of a valued parcel (the bytes of `bytes`) written into `block` from `at`: returns where it ends,
   * or -1 when it might not fit (what the block holds from `at` on is then undefined: write the line again into
   * another block, or take `bytes`).
   */
  writeInto(p: ValuedParcel, block: Uint8Array, at: number): number {
    this.buf = block;
    this.at = at;
    try {
      this.line(p);
      return this.at;
    } catch (e) {
      if (e === FULL) return -1;
      throw e;
    } finally {
      this.buf = EMPTY;
    }
  }

  /** The line into `buf` from `at` (`room` throws FULL where a piece might not fit). */
  private line(p: ValuedParcel): void {
    const v = p.valued;
    const t = this.template(v);
    const src = t.bytes;
    if (src === null || !Number.isSafeInteger(p.line)) {
      const text = compactLine(valuedResult(p));
      this.text(text, text.length);
      return;
    }
    for (const b of LINE_HEAD) this.byte(b);
    this.int(p.line);
    const areas = v.parcel.areas;
    const cells0 = AREA0 + 3 * areas.length;
    let from = 0;
    for (let k = 0; k < t.slot.length; k++) {
      const to = t.at[k] as number;
      this.copy(src, from, to);
      from = to;
      const s = t.slot[k] as number;
      if (s >= cells0) this.yuan((v.cells[s - cells0] as ParcelValue['cells'][number]).fen);
      else if (s >= AREA0) {
        const a = areas[((s - AREA0) / 3) | 0] as ParcelValue['parcel']['areas'][number];
        const r = (s - AREA0) % 3;
        if (r === 0) this.string(a.value);
        else if (r === 1) this.string(a.unit);
        else this.yuan(p.typeFen[((s - AREA0) / 3) | 0] as bigint);
      } else if (s === ID) this.string(v.parcel.id);
      else if (s === PACKAGE) {
        if (v.parcel.package === null) for (const b of NULL) this.byte(b);
        else this.string(v.parcel.package);
      } else this.yuan(v.total);
    }
    this.copy(src, from, src.length);
    if (p.issues.length > 0) {
      // Issues are written as JSON.stringify writes them (toJsonLine: a detail that is a bigint as its digits).
      const text = toJsonLine(p.issues);
      for (const b of ISSUES) this.byte(b);
      this.text(text, text.length - 1);
    }
    if (p.warnings !== undefined) {
      for (const b of WARNINGS) this.byte(b);
      for (let i = 0; i < p.warnings.length; i++) {
        if (i > 0) this.byte(0x2c);
        this.string(p.warnings[i] as string);
      }
      this.byte(0x5d);
    }
    this.byte(0x7d);
    this.byte(0x0a);
  }

  /** The template of the parcel's key, path, area types and cells, made on first use. */
  private template(v: ParcelValue): Template {
    const recent = this.recent;
    for (let i = 0; i < recent.length; i++) {
      const t = recent[i] as Template;
      if (t.key === v.key && t.path === v.path && fits(t, v)) return t;
    }
    let k = `${v.key}\u0000${v.path}`;
    for (const a of v.parcel.areas) k += `\u0000${a.type}`;
    let t = this.templates.get(k);
    if (t === undefined || !fits(t, v)) {
      t = this.make(v);
      if (this.templates.size >= this.cacheSize) this.templates.clear();
      this.templates.set(k, t);
    }
    if (recent.length < RECENT) recent.push(t);
    else recent[this.nextRecent++ % RECENT] = t;
    return t;
  }

  /** The template of a stand-in of the parcel (see above), or null when its slots are not each found once. */
  private make(v: ParcelValue): Template {
    const areas = v.parcel.areas;
    // The sentinels' tag: S, SS, … the first whose text `\u0000<tag>` is in none of the names the line holds.
    const names = JSON.stringify([
      v.key,
      ...areas.map((a) => a.type),
      ...v.cells.map((c) => [c.code, c.type]),
    ]);
    let tag = 'S';
    while (names.includes(`\\u0000${tag}`)) tag += 'S';
    const S = (slot: number) => `\u0000${tag}${slot}\u0000`;
    const cells0 = AREA0 + 3 * areas.length;
    const slots = cells0 + v.cells.length;
    const standIn: ParcelResult = {
      line: 0,
      ok: true,
      id: S(ID),
      package: S(PACKAGE),
      key: v.key,
      path: v.path,
      value: S(TOTAL),
      byType: areas.map((a, i) => ({
        type: a.type,
        area: { value: S(AREA0 + 3 * i), unit: S(AREA0 + 3 * i + 1) },
        value: S(AREA0 + 3 * i + 2),
      })),
      cells: v.cells.map((c, j) => ({ indicator: c.code, type: c.type, value: S(cells0 + j) })),
      issues: [],
    };
    const none: Template = {
      key: v.key,
      path: v.path,
      types: areas.map((a) => a.type),
      cellTypes: v.cells.map((c) => c.type),
      cellCodes: v.cells.map((c) => c.code),
      bytes: null,
      at: new Int32Array(0),
      slot: new Int32Array(0),
    };
    const text = compactLine(standIn);
    if (!text.startsWith(STAND_IN_HEAD) || !text.endsWith('}\n')) return none;
    const body = text.slice(STAND_IN_HEAD.length, -2);
    const seen = new Uint8Array(slots);
    const pieces: Uint8Array[] = [];
    const order: number[] = [];
    let last = 0;
    for (const m of body.matchAll(new RegExp(`"\\\\u0000${tag}(\\d+)\\\\u0000"`, 'g'))) {
      const s = Number(m[1]);
      if (!(s < slots) || seen[s] === 1) return none;
      seen[s] = 1;
      pieces.push(utf8(body.slice(last, m.index)));
      order.push(s);
      last = m.index + m[0].length;
    }
    if (order.length !== slots) return none;
    pieces.push(utf8(body.slice(last)));
    const bytes = new Uint8Array(pieces.reduce((n, p) => n + p.length, 0));
    const at = new Int32Array(order.length);
    let n = 0;
    for (let i = 0; i < pieces.length; i++) {
      bytes.set(pieces[i] as Uint8Array, n);
      n += (pieces[i] as Uint8Array).length;
      if (i < order.length) at[i] = n;
    }
    return { ...none, bytes, at, slot: Int32Array.from(order) };
  }

  /** Room for `n` more bytes, or FULL thrown. */
  private room(n: number): void {
    if (this.at + n > this.buf.length) throw FULL;
  }

  /** The first `end` code units of `s` in UTF-8. */
  private text(s: string, end: number): void {
    this.room(3 * end);
    const part = end === s.length ? s : s.slice(0, end);
    this.at += ENCODER.encodeInto(part, this.buf.subarray(this.at)).written;
  }

  private byte(b: number): void {
    this.room(1);
    this.buf[this.at++] = b;
  }

  private copy(src: Uint8Array, from: number, to: number): void {
    this.room(to - from);
    const buf = this.buf;
    let at = this.at;
    for (let i = from; i < to; i++) buf[at++] = src[i] as number;
    this.at = at;
  }

  /** A string as JSON.stringify writes it, in UTF-8: printable ASCII without `"` and `\` byte for byte. */
  private string(s: string): void {
    this.room(s.length + 2);
    const buf = this.buf;
    let at = this.at;
    buf[at++] = 0x22;
    for (let i = 0; i < s.length; i++) {
      const c = s.charCodeAt(i);
      if (c < 0x20 || c > 0x7e || c === 0x22 || c === 0x5c) {
        // Escapes, characters beyond ASCII, lone surrogates: JSON.stringify's text (at most 6 bytes a code unit).
        const text = JSON.stringify(s);
        this.text(text, text.length);
        return;
      }
      buf[at++] = c;
    }
    buf[at++] = 0x22;
    this.at = at;
  }

  /** A whole number's digits as JSON.stringify writes a safe integer (`-` for a negative one; -0 as 0). */
  private int(n: number): void {
    if (n < 0) {
      this.byte(0x2d);
      n = -n;
    }
    this.digits(n);
  }

  /**
   * A non-negative safe integer's digits, last first. Below 2³¹ with `| 0`; above with Math.floor(n / 10), exact:
   * n = 10q + r (r ≤ 9) gives n / 10 = q + r/10, at least 0.1 below q + 1, and a double near q < 2⁵⁰ is exact to
   * 2⁻³, so the division rounds to q + r/10 within 1/16 and never reaches q + 1. (`%` on a double is a call into
   * the runtime, several times slower.)
   */
  private digits(n: number): void {
    let len = 1;
    while (len < 16 && n >= (POW10[len] as number)) len++;
    this.room(len);
    const buf = this.buf;
    let i = this.at + len;
    this.at = i;
    while (n >= 2147483648) {
      const q = Math.floor(n / 10);
      buf[--i] = 0x30 + (n - 10 * q);
      n = q;
    }
    let m = n | 0;
    do {
      const q = (m / 10) | 0;
      buf[--i] = 0x30 + (m - 10 * q);
      m = q;
    } while (m > 0);
  }

  /**
   * Fen as yuanOfFen's text in quotes ("-12.05"): from a double where the fen is a safe integer, otherwise yuanOfFen's
   * own text. Math.floor(m / 100) is exact as in `digits`: m / 100 = w + c/100 with c ≤ 99 is at least 0.01 below
   * w + 1, and near w < 2⁴⁷ a double is exact to 2⁻⁶, so the division never rounds up to w + 1.
   */
  private yuan(fen: bigint): void {
    let m = Number(fen);
    if (!Number.isSafeInteger(m)) {
      const text = `"${yuanOfFen(fen)}"`;
      this.room(text.length);
      for (let i = 0; i < text.length; i++) this.buf[this.at++] = text.charCodeAt(i);
      return;
    }
    this.room(2);
    this.buf[this.at++] = 0x22;
    if (m < 0) {
      this.buf[this.at++] = 0x2d;
      m = -m;
    }
    const whole = Math.floor(m / 100);
    const cents = m - 100 * whole;
    this.digits(whole);
    this.room(4);
    const buf = this.buf;
    const tens = (cents / 10) | 0;
    buf[this.at++] = 0x2e;
    buf[this.at++] = 0x30 + tens;
    buf[this.at++] = 0x30 + (cents - 10 * tens);
    buf[this.at++] = 0x22;
  }
}

/** Templates looked at before the map. */
const RECENT = 8;

/** 10⁰ … 10¹⁵: a safe integer has at most 16 digits. */
const POW10 = Array.from({ length: 16 }, (_, i) => 10 ** i);
/** Thrown by `room` when a piece might not fit in the block (caught by writeInto): an object, no stack to make. */
const FULL = Object.freeze({ full: true });
const EMPTY = new Uint8Array(0);

const NULL = [0x6e, 0x75, 0x6c, 0x6c];
const ISSUES = Array.from(',"issues":', (c) => c.charCodeAt(0));
const WARNINGS = Array.from(',"warnings":[', (c) => c.charCodeAt(0));

/** The platform's TextEncoder (Node, browsers, Deno), typed here: the platform-neutral build has no DOM types. */
interface Utf8Encoder {
  encode(s: string): Uint8Array;
  encodeInto(s: string, into: Uint8Array): { read: number; written: number };
}

/** UTF-8 as the output blocks write it (Utf8Blocks): a lone surrogate as U+FFFD (JSON.stringify writes none). */
const ENCODER = new (globalThis as unknown as { TextEncoder: new () => Utf8Encoder }).TextEncoder();

/** A piece of a template in UTF-8. */
const utf8 = (s: string): Uint8Array => ENCODER.encode(s);

/** Whether a template made for a parcel of the same key and path fits this one (its area types and cells). */
function fits(t: Template, v: ParcelValue): boolean {
  const areas = v.parcel.areas;
  if (areas.length !== t.types.length) return false;
  for (let i = 0; i < areas.length; i++)
    if ((areas[i] as ParcelValue['parcel']['areas'][number]).type !== t.types[i]) return false;
  const cells = v.cells;
  if (cells.length !== t.cellCodes.length) return false;
  for (let i = 0; i < cells.length; i++) {
    const c = cells[i] as ParcelValue['cells'][number];
    if (c.code !== t.cellCodes[i] || c.type !== t.cellTypes[i]) return false;
  }
  return true;
}

/** What compactLinesAsync yields: a refused line's result, or the compact lines of valued parcels as UTF-8 bytes. */
export type CompactItem = ParcelResult | { bytes: Uint8Array; results: number };

/**
 * valueParcelsAsync for compact lines: each valued parcel's line is written as bytes (CompactLineWriter) into
 * blocks of BLOCK_BYTES, yielded with the number of lines they hold when full and before a refused line's result,
 * which is yielded as it is (its compact line is toCompactLine's, its full line), so the order is the lines'.
 * Returns the summary.
 *
 * @example
 * const gen = compactLinesAsync(splitLines(fileText), context, { format: 'csv', warnings: 'refs' });
 * for (let step = await gen.next(); !step.done; step = await gen.next())
 *   stream.write('bytes' in step.value ? step.value.bytes : toCompactLine(step.value));
 * // step.value is then the summary (toJsonLine({ summary }) ends the output, as vep value writes it)
 */
export async function* compactLinesAsync(
  items: AsyncIterable<unknown> | Iterable<unknown>,
  context: unknown,
  opts: BatchOptions = {},
): AsyncGenerator<CompactItem, BatchSummary> {
  const b = new VepBatch(context, opts);
  const lines = new CompactLineWriter();
  let block = new Uint8Array(BLOCK_BYTES);
  let at = 0;
  let results = 0;
  const full = (): CompactItem => {
    const out = { bytes: block.subarray(0, at), results };
    block = new Uint8Array(BLOCK_BYTES);
    at = 0;
    results = 0;
    return out;
  };
  try {
    let n = 0;
    try {
      for await (const item of items) {
        const r = b.take(item, ++n);
        if (r === undefined) continue;
        if ('ok' in r) {
          if (results > 0) yield full();
          yield r;
          continue;
        }
        let end = lines.writeInto(r, block, at);
        if (end < 0) {
          if (results > 0) yield full();
          end = lines.writeInto(r, block, 0);
          if (end < 0) {
            // A line that might not fit in a block goes on its own.
            yield { bytes: lines.bytes(r), results: 1 };
            continue;
          }
        }
        at = end;
        results += 1;
      }
    } catch (e) {
      // A batch that stops on an error (the index failing part-way, an unreadable input) hands over the lines it
      // wrote before it, as a writer of each line would have.
      if (results > 0) yield full();
      throw e;
    }
    if (results > 0) yield full();
    return b.summary();
  } finally {
    b.close();
  }
}
