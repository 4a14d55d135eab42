/**
 * Fixed timestamps in a zip archive, so that the same workbook or Word document gives the same bytes on every run: the zip library
 * stamps each entry with the time of writing (MS-DOS time and date fields of the local headers and of the central
 * directory). Those fields are not covered by the entries' CRCs, so they can be rewritten in place.
 */
import { directoryEnd } from './zip';

/**
 * The document time written into generated files (workbook and Word properties), matching the zip entry times
 * below: identical input gives byte-identical files.
 */
export const FIXED_TIME = new Date(Date.UTC(1980, 0, 1));

/** 1980-01-01 00:00:00, the earliest MS-DOS date (date: (1980 − 1980) << 9 | 1 << 5 | 1; time: 0). */
const DOS_DATE = 0x0021;
const DOS_TIME = 0;

export function fixZipTimes(zip: Uint8Array): Uint8Array {
  const out = new Uint8Array(zip);
  const v = new DataView(out.buffer, out.byteOffset, out.byteLength);
  const end = directoryEnd(v);
  if (end < 0) throw new RangeError('not a zip archive: no end of central directory');
  const entries = v.getUint16(end + 10, true);
  let p = v.getUint32(end + 16, true);
  for (let k = 0; k < entries; k++) {
    if (v.getUint32(p, true) !== 0x02014b50) throw new RangeError(`zip central directory entry ${k} damaged`);
    v.setUint16(p + 12, DOS_TIME, true);
    v.setUint16(p + 14, DOS_DATE, true);
    const local = v.getUint32(p + 42, true);
    if (v.getUint32(local, true) !== 0x04034b50) throw new RangeError(`zip local header ${k} damaged`);
    v.setUint16(local + 10, DOS_TIME, true);
    v.setUint16(local + 12, DOS_DATE, true);
    p += 46 + v.getUint16(p + 28, true) + v.getUint16(p + 30, true) + v.getUint16(p + 32, true);
  }
  return out;
}
