import { importOptional } from '../core/optional-node';
import type { LedgerStore, StoreOpenOptions } from './store';
import { openSqliteStore } from './store-sqlite-node';

/** True when `target` names a PostgreSQL server rather than a directory. */
export const isPostgresUrl = (target: string): boolean => /^postgres(ql)?:\/\//.test(target);

/**
 * Open a ledger store: a `postgres://` or `postgresql://` URL opens the PostgreSQL store, anything else is a
 * directory holding the embedded SQLite store (created when missing). `opts.partitions`: the number of
 * partitions of a ledger created now; an existing ledger of another number is refused (LEDGER_PARTITIONS_MISMATCH).
 *
 * @example
 * const store = await openLedgerStore('/data/ledger'); // or 'postgres://gepkit@db/carbon'
 */
export async function openLedgerStore(target: string, opts: StoreOpenOptions = {}): Promise<LedgerStore> {
  if (isPostgresUrl(target)) {
    // Loaded only for a URL: the embedded store needs no pg (DEPENDENCY_MISSING without it).
    const { openPostgresStore } = await importOptional(() => import('./store-postgres-node'));
    return openPostgresStore(target, opts);
  }
  return openSqliteStore(target, opts);
}
