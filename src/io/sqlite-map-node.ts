/**
 * A string-keyed map on disk: one SQLite table (better-sqlite3) behind a write buffer. For the keys a stream
 * must remember whatever its length (the ids a batch has seen, the refs a ledger has credited) without memory
 * growing with them: memory holds the buffer (at most `buffer` rows), SQLite's page cache (`cacheKiB`) and the
 * last row read, nothing per key written.
 *
 * The database is private to its run (synchronous = OFF: a crash may lose it, which only matters to a run that
 * is lost with it). Used by the carbon id store (openSqliteIdStore) and the VEP duplicate index (vep/index-node).
 *
 * @example
 * const seen = openSqliteMap<{ line: number }>('/tmp/run/ids.sqlite', {
 *   table: 'ids', key: 'id', columns: { line: 'INTEGER NOT NULL' },
 * });
 * seen.set('P1', { line: 2 });
 * seen.get('P1'); // { line: 2 }
 * seen.close();
 */
import type Database from 'better-sqlite3';
import { BloomFilter } from './bloom';
import { createRequire } from 'node:module';

/** A column value as SQLite gives it back (INTEGER columns as numbers, TEXT as strings). */
export type SqliteValue = string | number | null;

export interface SqliteMapSpec<R extends { [K in keyof R]: SqliteValue }> {
  /** The table and its key column (plain SQL identifiers). */
  table: string;
  key: string;
  /** Every value column with its SQL declaration (`'INTEGER NOT NULL'`, `'TEXT'`), in table order. */
  columns: { [K in keyof R]: string };
  /** Rows kept in memory before they are written in one transaction (default 65,536). */
  buffer?: number;
  /** SQLite's page cache, KiB (default 65,536). */
  cacheKiB?: number;
  /**
   * Bits of a Bloom filter (io/bloom.ts) of the keys set, a power of two (memory: bits / 8 bytes, fixed): a key
   * it has never seen is answered without reading the disk. Used only when the table is empty at open (the
   * filter must know every key of the table); default none.
   */
  filterBits?: number;
}

export interface SqliteMap<R> {
  get(key: string): R | undefined;
  /** Insert or replace the row of `key` (written at the next flush; read back at once). */
  set(key: string, row: R): void;
  /** Write the buffered rows to the database. */
  flush(): void;
  /** Flush and close (the file stays; a second close does nothing). */
  close(): void;
}

/** Rows written by one INSERT statement when the buffer is flushed. */
const ROWS = 64;

/**
 * Open (creating it if needed) the table of `spec` in the SQLite file `file`. Throws what SQLite throws, and Node's
 * MODULE_NOT_FOUND when better-sqlite3 (an optional dependency, loaded here on first use) is not installed: a caller
 * that reports it as DEPENDENCY_MISSING loads it first (core/optional-node.ts requireOptional).
 */
export function openSqliteMap<R extends { [K in keyof R]: SqliteValue }>(
  file: string,
  spec: SqliteMapSpec<R>,
): SqliteMap<R> {
  const names = Object.keys(spec.columns) as (keyof R & string)[];
  const db = new (createRequire(import.meta.url)('better-sqlite3') as typeof Database)(file);
  let get: Database.Statement<[string], R>;
  let filter: BloomFilter | undefined;
  let set: Database.Statement<SqliteValue[]>;
  let setMany: Database.Statement<[SqliteValue[]]>;
  try {
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = OFF');
    db.pragma(`cache_size = -${spec.cacheKiB ?? 65_536}`);
    const decl = names.map((n) => `${n} ${spec.columns[n]}`).join(', ');
    db.exec(`CREATE TABLE IF NOT EXISTS ${spec.table} (${spec.key} TEXT PRIMARY KEY, ${decl}) WITHOUT ROWID`);
    get = db.prepare<[string], R>(`SELECT ${names.join(', ')} FROM ${spec.table} WHERE ${spec.key} = ?`);
    const empty = db.prepare(`SELECT 1 FROM ${spec.table} LIMIT 1`).get() === undefined;
    if (spec.filterBits !== undefined && empty) filter = new BloomFilter(spec.filterBits);
    const marks = `(${['?', ...names.map(() => '?')].join(', ')})`;
    const insert = `INSERT OR REPLACE INTO ${spec.table} (${spec.key}, ${names.join(', ')}) VALUES `;
    set = db.prepare<SqliteValue[]>(`${insert}${marks}`);
    setMany = db.prepare<[SqliteValue[]]>(`${insert}${new Array<string>(ROWS).fill(marks).join(', ')}`);
  } catch (e) {
    db.close();
    throw e;
  }
  const limit = spec.buffer ?? 65_536;
  const buffer = new Map<string, R>();
  const width = names.length + 1;
  const args: SqliteValue[] = new Array<SqliteValue>(ROWS * width);
  // The buffer's keys are distinct (a Map), so the order of the writes cannot change what the table holds. In key
  // order, SQLite walks its B-tree forward a page after another instead of jumping between pages for scattered
  // keys, and ROWS rows per statement make fewer calls into SQLite: ×1.17 parcels per CPU-second on the VEP bench
  // with scattered ids (`IDS=scattered N=1000000 node bench/vep-ab.mjs`, docs/performance.md).
  const write = db.transaction(() => {
    const keys = [...buffer.keys()].sort();
    let i = 0;
    for (; i + ROWS <= keys.length; i += ROWS) {
      let n = 0;
      for (let j = i; j < i + ROWS; j++) {
        const key = keys[j] as string;
        const row = buffer.get(key) as R;
        args[n++] = key;
        for (const c of names) args[n++] = row[c];
      }
      setMany.run(args);
    }
    for (; i < keys.length; i++) {
      const key = keys[i] as string;
      const row = buffer.get(key) as R;
      set.run(key, ...names.map((n) => row[n]));
    }
  });
  const flush = (): void => {
    write();
    buffer.clear();
  };
  // A caller often reads one key several times in a row (look up, then set): the last read is kept.
  let lastKey: string | undefined;
  let last: R | undefined;
  return {
    get(key) {
      if (key !== lastKey) {
        lastKey = key;
        last = filter !== undefined && !filter.has(key) ? undefined : (buffer.get(key) ?? get.get(key));
      }
      return last;
    },
    set(key, row) {
      lastKey = key;
      last = row;
      filter?.add(key);
      buffer.set(key, row);
      if (buffer.size >= limit) flush();
    },
    flush,
    close() {
      if (!db.open) return;
      try {
        flush();
      } finally {
        // a flush that fails (a full disk) still closes the file: a second close would only fail again
        db.close();
      }
    },
  };
}
