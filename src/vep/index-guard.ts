/**
 * The disk index of a batch's duplicate checks, with its failures named: the index is opened part-way through a
 * batch (`--index auto`, past MEMORY_KEYS keys) and written all along, so a folder that cannot be made or a disk
 * that fills up shows first as a file-system error in the middle of the parcels. Each such error becomes
 * VEP_INDEX_FAILED, with the detail of the error, so that callers report the index's failure (and a hint that fits
 * a batch stopped part-way) rather than a generic write error. A GepError passes through unchanged.
 */
import { GepError } from '../core/errors';
import { vepIssue } from './errors';

/** A key store of the index (batch.ts KeyStore, restated here: batch.ts imports this module). */
interface Store<V> {
  get(key: string): V | undefined;
  set(key: string, value: V): unknown;
}

/** A duplicate index (batch.ts DuplicateIndex) by its shape. */
interface Index<I, C> {
  ids: Store<I>;
  certificates: Store<C>;
  close(): void;
  copiesKeys?: boolean;
}

function failed(e: unknown): never {
  if (e instanceof GepError) throw e;
  throw new GepError(
    vepIssue('VEP_INDEX_FAILED', [], { detail: e instanceof Error ? e.message : String(e) }),
  );
}

function guardedStore<V>(s: Store<V>): Store<V> {
  return {
    get(key) {
      try {
        return s.get(key);
      } catch (e) {
        return failed(e);
      }
    },
    set(key, value) {
      try {
        return s.set(key, value);
      } catch (e) {
        return failed(e);
      }
    },
  };
}

/**
 * `open` with its failures, and those of the index it opens, thrown as VEP_INDEX_FAILED.
 *
 * @example
 * const batch = new VepBatch(context, { diskIndex: guardedIndex(() => openDiskIndex()), memoryKeys: 100_000 });
 */
export function guardedIndex<I, C>(open: () => Index<I, C>): () => Index<I, C> {
  return () => {
    let index: Index<I, C>;
    try {
      index = open();
    } catch (e) {
      return failed(e);
    }
    return {
      ids: guardedStore(index.ids),
      certificates: guardedStore(index.certificates),
      close: () => index.close(),
      ...(index.copiesKeys === undefined ? {} : { copiesKeys: index.copiesKeys }),
    };
  };
}
