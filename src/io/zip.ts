/**
 * A zip archive's central directory, read as bytes: where it ends, and its entries (names, methods, sizes, where
 * each entry's local header is). The workbook and Word writers fix its times (zip-times.ts); the workbook reader
 * reads its entries before a workbook library opens it (src/xlsx/zip.ts).
 */

/** Where the end-of-central-directory record begins (searched from the end, past a comment); −1 when there is none. */
export function directoryEnd(v: DataView): number {
  for (let p = v.byteLength - 22; p >= 0 && p >= v.byteLength - 22 - 0xffff; p--)
    if (v.getUint32(p, true) === 0x06054b50) return p;
  return -1;
}

/** One entry of a zip archive's central directory. */
export interface ZipEntry {
  /** Its name, a leading `/` dropped; each byte read as one character (exact for the ASCII part names of a workbook). */
  name: string;
  /** 0 stored, 8 deflated (the two an .xlsx uses). */
  method: number;
  compressedSize: number;
  /** The bytes it expands to, as the directory declares them. */
  size: number;
  /** Where its local header begins. */
  offset: number;
}

/**
 * The entries of a zip archive's central directory; none when the end of the central directory is not found, and
 * those before an entry cut short.
 */
export function zipEntries(zip: Uint8Array): ZipEntry[] {
  const v = new DataView(zip.buffer, zip.byteOffset, zip.byteLength);
  const end = directoryEnd(v);
  if (end < 0) return [];
  const entries: ZipEntry[] = [];
  let p = v.getUint32(end + 16, true);
  for (let k = v.getUint16(end + 10, true); k > 0; k--) {
    if (p + 46 > zip.length || v.getUint32(p, true) !== 0x02014b50) return entries;
    const length = v.getUint16(p + 28, true);
    let name = '';
    for (let i = p + 46; i < p + 46 + length && i < zip.length; i++)
      name += String.fromCharCode(zip[i] as number);
    entries.push({
      name: name.replace(/^\//, ''),
      method: v.getUint16(p + 10, true),
      compressedSize: v.getUint32(p + 20, true),
      size: v.getUint32(p + 24, true),
      offset: v.getUint32(p + 42, true),
    });
    p += 46 + length + v.getUint16(p + 30, true) + v.getUint16(p + 32, true);
  }
  return entries;
}
