/**
 * The on-disk index of a batch's duplicate checks (BatchOptions.diskIndex): parcel ids and certificates as two maps
 * of sorted runs (io/run-map-node) in a fresh temporary directory, removed when the batch closes. A failure of
 * the file system (a full disk, a directory removed under the run) is OUTPUT_UNWRITABLE naming the directory.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GepError, fail } from '../core/errors';
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
 * A certificate's first sighting as text: the owner's length in UTF-16 code units as two code units (low, high),
 * the owner, the id (exact both ways).
 */
const encodeSeen = (s: CertificateSeen): string =>
  String.fromCharCode(s.owner.length & 0xffff, s.owner.length >>> 16) + s.owner + s.id;
function decodeSeen(text: string): CertificateSeen {
  const end = 2 + (text.charCodeAt(0) | (text.charCodeAt(1) << 16));
  return { owner: text.slice(2, end), id: text.slice(end) };
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
  let dir: string;
  try {
    dir = mkdtempSync(join(parent, 'gepkit-vep-index-'));
  } catch (e) {
    return fail('OUTPUT_UNWRITABLE', [], { file: parent, detail: (e as Error).message });
  }
  const here = dir;
  /** A file system error as OUTPUT_UNWRITABLE naming the index's directory (a GepError passes as it is). */
  const failed = (e: unknown): never => {
    if (e instanceof GepError) throw e;
    return fail('OUTPUT_UNWRITABLE', [], { file: here, detail: (e as Error).message });
  };
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
    // try/catch in each method, not a wrapping closure: these run twice per parcel.
    ids: {
      get(id) {
        try {
          return ids.get(id);
        } catch (e) {
          return failed(e);
        }
      },
      set(id, line) {
        try {
          ids.set(id, line);
        } catch (e) {
          failed(e);
        }
      },
    },
    certificates: {
      get(c) {
        try {
          return certificates.get(c);
        } catch (e) {
          return failed(e);
        }
      },
      set(c, seen) {
        try {
          certificates.set(c, { owner: seen.owner, id: seen.id });
        } catch (e) {
          failed(e);
        }
      },
    },
    close() {
      if (!open) return;
      open = false;
      try {
        ids.close();
        certificates.close();
      } finally {
        rmSync(here, { recursive: true, force: true });
      }
    },
  };
}
