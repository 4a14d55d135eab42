/**
 * The on-disk index of a batch's duplicate checks (BatchOptions.diskIndex): parcel ids and certificates as two maps
 * of sorted runs (io/run-map-node) in a fresh temporary directory, removed when the index closes. Its failures are
 * what the file system throws; indexOptions names them VEP_INDEX_FAILED (./index-guard.ts).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openRunMap } from '../io/run-map-node';
import type { CertificateSeen, DuplicateIndex } from './batch';

/**
 * Per map: keys buffered in memory before they are written as one sorted run (a sequential append whatever the
 * keys), runs of one level merged into one, and the bits of the Bloom filter that answers "never seen" (most
 * parcels) without reading the disk: 2^26 bits (8 MiB) keep its false "maybe" below 2·10⁻⁴ up to 2,000,000 keys;
 * beyond, more lookups read a block of each run, the answers stay exact. Figures in docs/performance.md.
 */
const BUFFER = 65_536;
const FAN_IN = 8;
const FILTER_BITS = 2 ** 26;

/**
 * A certificate's first sighting as text: its package, then its holder, each as one code unit 0 when there is
 * none, else 1, its length in UTF-16 code units as two code units (low, high) and the text; then the parcel id.
 * Exact both ways: no package and a package named `(none)` stay two owners.
 */
const field = (t: string | null): string =>
  t === null ? '\u0000' : `\u0001${String.fromCharCode(t.length & 0xffff, t.length >>> 16)}${t}`;
const encodeSeen = (s: CertificateSeen): string => field(s.owner.package) + field(s.owner.holder) + s.id;
function decodeSeen(text: string): CertificateSeen {
  let at = 0;
  const next = (): string | null => {
    if (text.charCodeAt(at) === 0) {
      at += 1;
      return null;
    }
    const end = at + 3 + (text.charCodeAt(at + 1) | (text.charCodeAt(at + 2) << 16));
    const t = text.slice(at + 3, end);
    at = end;
    return t;
  };
  const pkg = next();
  const holder = next();
  return { owner: { package: pkg, holder }, id: text.slice(at) };
}

/** Sizes of the index's maps: keys per run and runs per merge (BUFFER and FAN_IN unless given; small in tests). */
export interface DiskIndexSizes {
  buffer?: number;
  fanIn?: number;
}

/**
 * A duplicate index in a new directory under `parent` (default the system's temporary directory); `close()`
 * removes it.
 *
 * @example
 * const batch = new VepBatch(context, { diskIndex: () => openDiskIndex() });
 * // … batch.process(line, n) for each line …
 * batch.close();
 */
export function openDiskIndex(parent: string = tmpdir(), sizes: DiskIndexSizes = {}): DuplicateIndex {
  const dir = mkdtempSync(join(parent, 'gepkit-vep-index-'));
  const common = {
    dir,
    buffer: sizes.buffer ?? BUFFER,
    fanIn: sizes.fanIn ?? FAN_IN,
    filterBits: FILTER_BITS,
  };
  const ids = openRunMap<number>({ ...common, name: 'ids', encode: String, decode: Number });
  const certificates = openRunMap<CertificateSeen>({
    ...common,
    name: 'certificates',
    encode: encodeSeen,
    decode: decodeSeen,
  });
  let open = true;
  return {
    ids,
    certificates,
    copiesKeys: true,
    close() {
      if (!open) return;
      open = false;
      try {
        ids.close();
        certificates.close();
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
  };
}
