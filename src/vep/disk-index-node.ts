/**
 * The on-disk index of a batch's duplicate checks (BatchOptions.diskIndex): parcel ids and certificates in two
 * SQLite tables (io/sqlite-map-node) in a fresh temporary directory, removed when the batch closes.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openSqliteMap } from '../io/sqlite-map-node';
import type { CertificateSeen, DuplicateIndex } from './batch';

/**
 * Per table: rows buffered in memory before a write (one transaction: the more keys it holds, the more of them share
 * each page of the B-tree it touches, which matters for scattered ids; figures in docs/performance.md), SQLite's page
 * cache (KiB), and the bits of the Bloom filter that answers "never seen" (most parcels) without reading the disk:
 * 2^26 bits (8 MiB) keep its false "maybe" below 2·10⁻⁴ up to 2,000,000 keys; beyond, more lookups go to SQLite,
 * the answers stay exact.
 */
const BUFFER = 65_536;
const CACHE_KIB = 16_384;
const FILTER_BITS = 2 ** 26;

/**
 * A duplicate index in a new directory under `parent` (default the system's temporary directory); `close()`
 * removes it.
 *
 * @example
 * const batch = new VepBatch(context, { diskIndex: () => openDiskIndex() });
 * // … batch.process(line, n) for each line …
 * batch.close();
 */
export function openDiskIndex(parent: string = tmpdir()): DuplicateIndex {
  const dir = mkdtempSync(join(parent, 'gepkit-vep-index-'));
  try {
    const ids = openSqliteMap<{ line: number }>(join(dir, 'ids.sqlite'), {
      table: 'ids',
      key: 'id',
      columns: { line: 'INTEGER NOT NULL' },
      buffer: BUFFER,
      cacheKiB: CACHE_KIB,
      filterBits: FILTER_BITS,
    });
    const certificates = openSqliteMap<{ owner: string; id: string }>(join(dir, 'certificates.sqlite'), {
      table: 'certificates',
      key: 'certificate',
      columns: { owner: 'TEXT NOT NULL', id: 'TEXT NOT NULL' },
      buffer: BUFFER,
      cacheKiB: CACHE_KIB,
      filterBits: FILTER_BITS,
    });
    return {
      ids: { get: (id) => ids.get(id)?.line, set: (id, line) => ids.set(id, { line }) },
      certificates: {
        get: (c): CertificateSeen | undefined => certificates.get(c),
        set: (c, seen) => certificates.set(c, { owner: seen.owner, id: seen.id }),
      },
      close() {
        ids.close();
        certificates.close();
        rmSync(dir, { recursive: true, force: true });
      },
    };
  } catch (e) {
    rmSync(dir, { recursive: true, force: true });
    throw e;
  }
}
