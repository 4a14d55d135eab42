/**
 * What an .xlsx archive expands to, checked before a workbook library opens it. A workbook is compressed (shared
 * strings and repeated cells, often 10–20 times), so a body under a server's size limit can expand to millions of
 * cells; `checkExpansion` bounds that before any cell is read.
 */
import { GepError } from '../core/errors';
import { zipEntries } from '../io/zip';
import { xlsxIssue } from './errors';

/**
 * Refuse a workbook whose entries expand to more than `limit` bytes: XLSX_TOO_LARGE when the sizes its central
 * directory declares add up to more, and XLSX_NOT_WORKBOOK when a deflated entry holds more than it declares (an
 * archive made to expand past any declared bound). Each deflated entry is inflated once, as a stream stopped at its
 * declared size, with the platform's DecompressionStream (Node 18 and later, current browsers); where there is none,
 * only the declared sizes are checked.
 */
export async function checkExpansion(zip: Uint8Array, limit: number, file: string): Promise<void> {
  const entries = zipEntries(zip);
  const declared = entries.reduce((n, e) => n + e.size, 0);
  if (declared > limit)
    throw new GepError(
      xlsxIssue('XLSX_TOO_LARGE', [], { file, expanded: String(declared), limit: String(limit) }),
    );
  const Stream = (globalThis as { DecompressionStream?: DecompressionStreamClass }).DecompressionStream;
  if (Stream === undefined) return;
  const v = new DataView(zip.buffer, zip.byteOffset, zip.byteLength);
  for (const e of entries) {
    if (e.method !== 8 || e.offset + 30 > zip.length || v.getUint32(e.offset, true) !== 0x04034b50) continue;
    const start = e.offset + 30 + v.getUint16(e.offset + 26, true) + v.getUint16(e.offset + 28, true);
    const held = await inflatedLength(Stream, zip.subarray(start, start + e.compressedSize), e.size);
    if (held > e.size)
      throw new GepError(
        xlsxIssue('XLSX_NOT_WORKBOOK', [], {
          file,
          detail: `the zip entry ${e.name} expands to more than the ${e.size} bytes it declares`,
        }),
      );
  }
}

/**
 * The text of the zip entry `name` (UTF-8), or undefined when the archive has no such entry, it cannot be inflated here
 * (no DecompressionStream) or it is damaged. For parts the workbook library has already read whole.
 */
export async function partText(zip: Uint8Array, name: string): Promise<string | undefined> {
  const e = zipEntries(zip).find((x) => x.name === name);
  const v = new DataView(zip.buffer, zip.byteOffset, zip.byteLength);
  if (e === undefined || e.offset + 30 > zip.length || v.getUint32(e.offset, true) !== 0x04034b50)
    return undefined;
  const start = e.offset + 30 + v.getUint16(e.offset + 26, true) + v.getUint16(e.offset + 28, true);
  const data = zip.subarray(start, start + e.compressedSize);
  if (e.method === 0) return new TextDecoder().decode(data);
  const Stream = (globalThis as { DecompressionStream?: DecompressionStreamClass }).DecompressionStream;
  if (e.method !== 8 || Stream === undefined) return undefined;
  const ds = new Stream('deflate-raw');
  const writer = ds.writable.getWriter();
  writer.write(data).catch(() => {});
  writer.close().catch(() => {});
  const reader = ds.readable.getReader();
  const chunks: Uint8Array[] = [];
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      chunks.push(value);
    }
  } catch {
    return undefined;
  }
  const all = new Uint8Array(chunks.reduce((n, c) => n + c.length, 0));
  let at = 0;
  for (const c of chunks) {
    all.set(c, at);
    at += c.length;
  }
  return new TextDecoder().decode(all);
}

/**
 * The first cell of a worksheet that names a shared string the workbook does not have (`<c r="B3" t="s"><v>99999</v>`,
 * or -1, or text): `sheet!cell`, the index as written and the number of shared strings; undefined when there is none or
 * the parts cannot be read. The workbook library fails on such a cell with an exception of its own.
 */
export async function missingSharedString(
  zip: Uint8Array,
): Promise<{ at: string; index: string; count: number } | undefined> {
  const strings = (await partText(zip, 'xl/sharedStrings.xml')) ?? '';
  const count = (strings.match(/<si[\s>/]/g) ?? []).length;
  for await (const { name, xml } of sheetParts(zip))
    for (const c of xml.matchAll(/<c\b([^>]*)>\s*<v>([^<]*)<\/v>/g)) {
      const attrs = c[1] as string;
      if (!/\bt="s"/.test(attrs)) continue;
      const index = (c[2] as string).trim();
      if (/^\d+$/.test(index) && Number(index) < count) continue;
      const cell = /\br="([^"]*)"/.exec(attrs)?.[1] ?? '';
      return { at: `${name}!${cell}`, index, count };
    }
  return undefined;
}

/**
 * The cells of type `d` (`<c r="D3" t="d"><v>2020-01-05T00:00:00Z</v></c>`: a date written as ISO 8601 text, which
 * the workbook library reads as the number its text starts with, 2020), as `sheet!cell` → the text. Cells and rows
 * without their `r` are placed after the one before, as the library places them; a cell without a value (`<c t="d"/>`)
 * is none. Empty when the parts cannot be read here (no DecompressionStream).
 */
export async function dateCells(zip: Uint8Array): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  for await (const { name, xml } of sheetParts(zip)) {
    let row = 0;
    let col = 0;
    // each <row …> and <c …> or <c …/> opening, in order (attribute values may hold '>' inside their quotes)
    for (const m of xml.matchAll(/<(row|c)\b((?:[^>"']|"[^"]*"|'[^']*')*?)(\/?)>/g)) {
      const attrs = m[2] as string;
      const r = /\br\s*=\s*["']([^"']*)["']/.exec(attrs)?.[1];
      if (m[1] === 'row') {
        row = r === undefined ? row + 1 : Number(r);
        col = 0;
        continue;
      }
      const at = r === undefined ? null : /^([A-Z]+)(\d+)$/.exec(r.toUpperCase());
      if (at === null) col += 1;
      else {
        col = columnIndex(at[1] as string);
        row = Number(at[2]);
      }
      if (m[3] === '/' || !/\bt\s*=\s*["']d["']/.test(attrs)) continue;
      const end = xml.indexOf('</c>', (m.index ?? 0) + m[0].length);
      const value = /<v>([^<]*)<\/v>/.exec(
        xml.slice((m.index ?? 0) + m[0].length, end < 0 ? undefined : end),
      )?.[1];
      if (value !== undefined) out.set(`${name}!${columnName(col)}${row}`, unescapeXml(value));
    }
  }
  return out;
}

/** A column's number from its letters (A → 1, AA → 27). */
function columnIndex(letters: string): number {
  let n = 0;
  for (const ch of letters) n = n * 26 + (ch.charCodeAt(0) - 64);
  return n;
}

/** A column's letters from its number (1 → A, 27 → AA). */
function columnName(index: number): string {
  let s = '';
  for (let n = index; n > 0; n = Math.floor((n - 1) / 26)) s = String.fromCharCode(65 + ((n - 1) % 26)) + s;
  return s;
}

/** Each worksheet's name (as the workbook names it) and XML, in the workbook's order; none when its parts are unread. */
async function* sheetParts(zip: Uint8Array): AsyncGenerator<{ name: string; xml: string }> {
  const book = await partText(zip, 'xl/workbook.xml');
  const rels = await partText(zip, 'xl/_rels/workbook.xml.rels');
  if (book === undefined || rels === undefined) return;
  const targets = new Map<string, string>();
  for (const m of rels.matchAll(/<Relationship\b[^>]*>/g)) {
    const id = /\bId="([^"]*)"/.exec(m[0])?.[1];
    const target = /\bTarget="([^"]*)"/.exec(m[0])?.[1];
    if (id !== undefined && target !== undefined) targets.set(id, target.replace(/^\/?(xl\/)?/, 'xl/'));
  }
  for (const m of book.matchAll(/<sheet\b[^>]*>/g)) {
    const name = /\bname="([^"]*)"/.exec(m[0])?.[1];
    const id = /\br:id="([^"]*)"/.exec(m[0])?.[1];
    const part = id === undefined ? undefined : targets.get(id);
    if (name === undefined || part === undefined) continue;
    const xml = await partText(zip, part);
    if (xml !== undefined) yield { name: unescapeXml(name), xml };
  }
}

const unescapeXml = (s: string) =>
  s.replace(
    /&(lt|gt|quot|apos|amp);/g,
    (_, e: string) => ({ lt: '<', gt: '>', quot: '"', apos: "'", amp: '&' })[e] ?? '',
  );

/** The bytes `data` inflates to, counted until they pass `bound` (then bound + 1); a damaged stream counts as read. */
async function inflatedLength(
  Stream: DecompressionStreamClass,
  data: Uint8Array,
  bound: number,
): Promise<number> {
  const ds = new Stream('deflate-raw');
  const writer = ds.writable.getWriter();
  // A damaged stream rejects these as well as the reads below; its fault is the workbook library's to name.
  writer.write(data).catch(() => {});
  writer.close().catch(() => {});
  const reader = ds.readable.getReader();
  let n = 0;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) return n;
      n += value.length;
      if (n > bound) {
        reader.cancel().catch(() => {});
        return bound + 1;
      }
    }
  } catch {
    return n;
  }
}

/** The part of the web platform's DecompressionStream that checkExpansion uses (the project's types name no DOM). */
type DecompressionStreamClass = new (format: 'deflate-raw') => {
  writable: { getWriter(): { write(chunk: Uint8Array): Promise<void>; close(): Promise<void> } };
  readable: {
    getReader(): {
      read(): Promise<{ done: true; value?: undefined } | { done: false; value: Uint8Array }>;
      cancel(): Promise<void>;
    };
  };
};
