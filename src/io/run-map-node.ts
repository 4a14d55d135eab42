/**
 * A string-keyed map on disk as sorted runs, for keys a stream must remember whatever their number (the ids and
 * certificates a VEP batch has seen) when most lookups are of keys never set.
 *
 * - `set` puts the key in a write buffer (at most `buffer` keys). A full buffer is written as one run: a new file
 *   of its records in run order, appended sequentially whatever the keys (no page of an older file is touched,
 *   unlike a B-tree's inserts at scattered places).
 * - Run order is (hash, key): a 32-bit FNV-1a hash of the key's UTF-16 code units first, the key (`<`) on equal
 *   hashes. Sorting a buffer then sorts numbers (a Float64Array of hash × 2^21 + slot), not strings, and a block is
 *   scanned by comparing hashes; the order has no relation to the keys' own, so ids in file order and scattered ids
 *   cost the same.
 * - `get` asks the buffer, then a Bloom filter of every key set (io/bloom.ts: a key never set is answered without
 *   reading the disk), then the runs newest first: the newest value of a key wins, as a Map's `set` replaces.
 *   In a run, a binary search of its fences (the first key of every FENCE-th record, in memory) picks one block,
 *   read with one positional read and scanned.
 * - Runs are merged by size tier: when the newest `fanIn` runs are of one level, they become one run of the next
 *   level (a streaming k-way merge, the newest value of a key kept). At most (fanIn − 1) runs per level, levels
 *   log_fanIn(keys / buffer).
 *
 * Record: the key's hash, key length and value length in UTF-16 code units (three u32, little-endian), then key
 * and value as UTF-16LE, which keeps any JavaScript string exactly (lone surrogates included).
 *
 * Memory: the buffer, the filter (bits / 8 bytes), the fences (one key in FENCE: 1,000,000 keys of 12 characters
 * hold about 0.4 MB) and, while merging, one read buffer per run merged and one write buffer. The files are private
 * to the process and removed by `close()` (and a run whose write fails is removed before the error is thrown).
 *
 * @example
 * const seen = openRunMap<number>({ dir: '/tmp/run', name: 'ids', encode: String, decode: Number });
 * seen.set('P1', 2);
 * seen.get('P1'); // 2
 * seen.close();
 */
import { closeSync, openSync, readSync, rmSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { BloomFilter } from './bloom';

export interface RunMapSpec<V> {
  /** An existing directory, private to the map's owner, for the run files. */
  dir: string;
  /** Prefix of the run files' names (several maps may share `dir`). */
  name: string;
  /** A value as text and back (`decode(encode(v))` equal to `v`). */
  encode(value: V): string;
  decode(text: string): V;
  /** Keys kept in memory before they are written as a run (default 65,536; at most 2^21). */
  buffer?: number;
  /** Runs of one level merged into one of the next (default 8, at least 2). */
  fanIn?: number;
  /** Bits of the Bloom filter of the keys set, a power of two (default 2^20). */
  filterBits?: number;
}

export interface RunMap<V> {
  get(key: string): V | undefined;
  /** Set `key` to `value` (a later set of the key wins). */
  set(key: string, value: V): void;
  /** Write the buffered keys as a run. */
  flush(): void;
  /** The runs on disk (for tests and measurements). */
  runs(): number;
  /** Close and remove the run files (a second close does nothing). */
  close(): void;
}

/** Records per fence: a lookup reads one block of at most this many records. */
const FENCE = 64;
/** Bytes of a write or merge read buffer. */
const CHUNK = 1 << 16;
/** Bytes of a record's header (hash, key and value lengths). */
const HEAD = 12;
/** Slots of a buffer: hash × SLOTS + slot stays an exact double (32 + 21 bits). */
const SLOTS = 2 ** 21;

/** FNV-1a over the UTF-16 code units of `key`, unsigned 32-bit. */
export function keyHash(key: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < key.length; i++) h = Math.imul(h ^ key.charCodeAt(i), 0x01000193);
  return h >>> 0;
}

/** Run order: (hash, key). Negative, zero or positive as (ha, ka) is before, equal to or after (hb, kb). */
function compare(ha: number, ka: string, hb: number, kb: string): number {
  if (ha !== hb) return ha - hb;
  return ka < kb ? -1 : ka === kb ? 0 : 1;
}

/** One sorted file: its fences (hash, key and offset of the first record of each block), last key and size. */
interface Run {
  file: string;
  fd: number;
  level: number;
  fenceHashes: number[];
  fenceKeys: string[];
  fenceOffsets: number[];
  lastHash: number;
  last: string;
  bytes: number;
}

/**
 * Appends records to a new file; `fences` record every FENCE-th record. Records gather as one string of UTF-16
 * code units (the header's u32s as two code units each, low first: their UTF-16LE bytes are the u32s' little-endian
 * bytes) written once per CHUNK bytes: one native write per chunk instead of one per record.
 */
class RunWriter {
  private buf = Buffer.allocUnsafe(CHUNK);
  private pending = '';
  private pos = 0;
  private count = 0;
  private lastKey = '';
  private lastHash = 0;
  readonly fd: number;
  readonly fenceHashes: number[] = [];
  readonly fenceKeys: string[] = [];
  readonly fenceOffsets: number[] = [];

  constructor(readonly file: string) {
    this.fd = openSync(file, 'wx+');
  }

  add(hash: number, key: string, value: string): void {
    if (this.count % FENCE === 0) {
      this.fenceHashes.push(hash);
      this.fenceKeys.push(key);
      this.fenceOffsets.push(this.pos + 2 * this.pending.length);
    }
    const k = key.length;
    const v = value.length;
    this.pending +=
      String.fromCharCode(hash & 0xffff, hash >>> 16, k & 0xffff, k >>> 16, v & 0xffff, v >>> 16) +
      key +
      value;
    this.count += 1;
    this.lastKey = key;
    this.lastHash = hash;
    if (2 * this.pending.length >= CHUNK) this.drain();
  }

  /** Write what is buffered and give the run (read-only from then on). */
  finish(level: number): Run {
    this.drain();
    return {
      file: this.file,
      fd: this.fd,
      level,
      fenceHashes: this.fenceHashes,
      fenceKeys: this.fenceKeys,
      fenceOffsets: this.fenceOffsets,
      lastHash: this.lastHash,
      last: this.lastKey,
      bytes: this.pos,
    };
  }

  /** Close and remove a run that could not be written. */
  abandon(): void {
    closeSync(this.fd);
    rmSync(this.file, { force: true });
  }

  private drain(): void {
    const size = 2 * this.pending.length;
    if (size > this.buf.length) this.buf = Buffer.allocUnsafe(size);
    this.buf.write(this.pending, 0, 'utf16le');
    this.pending = '';
    let off = 0;
    while (off < size) off += writeSync(this.fd, this.buf, off, size - off, this.pos + off);
    this.pos += size;
  }
}

/** Reads a run's records in order, for a merge. */
class RunReader {
  private buf = Buffer.allocUnsafe(CHUNK);
  /** File offset of buf[0], valid bytes in buf, and the next record's start in buf. */
  private base = 0;
  private len = 0;
  private at = 0;
  hash = 0;
  key = '';
  value = '';

  constructor(private readonly run: Run) {}

  /** Read the next record into key and value; false at the end of the run. */
  next(): boolean {
    if (this.base + this.at >= this.run.bytes) return false;
    this.need(HEAD);
    this.hash = this.buf.readUInt32LE(this.at);
    const k = this.buf.readUInt32LE(this.at + 4);
    const v = this.buf.readUInt32LE(this.at + 8);
    const size = HEAD + 2 * (k + v);
    this.need(size);
    const s = this.at + HEAD;
    this.key = this.buf.toString('utf16le', s, s + 2 * k);
    this.value = this.buf.toString('utf16le', s + 2 * k, s + size - HEAD);
    this.at += size;
    return true;
  }

  /** Make `size` bytes from `at` available in buf. */
  private need(size: number): void {
    if (this.at + size <= this.len) return;
    this.base += this.at;
    if (size > this.buf.length) this.buf = Buffer.allocUnsafe(size);
    this.len = readSync(this.run.fd, this.buf, 0, this.buf.length, this.base);
    this.at = 0;
    if (this.len < size) throw new Error(`${this.run.file}: a record ends past the end of the file`);
  }
}

/** Open an empty map whose runs are files `<name>-<n>.run` in `spec.dir`. Throws what the file system throws. */
export function openRunMap<V>(spec: RunMapSpec<V>): RunMap<V> {
  return new SortedRunMap(spec);
}

/** Close a run's file and remove it. */
function remove(r: Run): void {
  closeSync(r.fd);
  rmSync(r.file, { force: true });
}

/**
 * The map behind openRunMap: a buffer of the newest keys, runs on disk oldest first, a Bloom filter over every key
 * set. The buffer keeps each slot's key, hash and newest value, and an open-addressing table (linear probing, at
 * most half full) of slot + 1 by hash, 0 for free: no per-key allocation, cleared in one fill.
 */
class SortedRunMap<V> implements RunMap<V> {
  private readonly limit: number;
  private readonly fanIn: number;
  private readonly filter: BloomFilter;
  private readonly keys: string[] = [];
  private readonly values: V[] = [];
  private readonly hashes: Float64Array;
  private readonly bits: number;
  private readonly table: Int32Array;
  private readonly mask: number;
  /** Where the last `probe` stopped: the key's entry, or the free entry for it. */
  private at = 0;
  /** Oldest first. */
  private readonly stored: Run[] = [];
  private files = 0;
  private block = Buffer.allocUnsafe(CHUNK);
  private closed = false;
  // A caller often reads one key several times in a row (look up, then set): the last read is kept.
  private lastKey: string | undefined;
  private last: V | undefined;

  constructor(private readonly spec: RunMapSpec<V>) {
    this.limit = Math.min(spec.buffer ?? 65_536, SLOTS);
    this.fanIn = Math.max(2, spec.fanIn ?? 8);
    this.filter = new BloomFilter(spec.filterBits ?? 2 ** 20);
    this.hashes = new Float64Array(this.limit);
    this.bits = Math.max(4, Math.ceil(Math.log2(2 * this.limit)));
    this.table = new Int32Array(2 ** this.bits);
    this.mask = this.table.length - 1;
  }

  get(key: string): V | undefined {
    if (key !== this.lastKey) {
      this.lastKey = key;
      this.last = this.lookup(key);
    }
    return this.last;
  }

  set(key: string, value: V): void {
    // A key just looked up and not found is not in the buffer (the usual sequence: get, then set).
    this.lastKey = key;
    this.last = value;
    const hash = this.filter.add(key);
    const slot = this.probe(hash, key);
    if (slot >= 0) {
      this.values[slot] = value;
      return;
    }
    this.table[this.at] = this.keys.length + 1;
    this.hashes[this.keys.length] = hash;
    this.keys.push(key);
    this.values.push(value);
    if (this.keys.length >= this.limit) this.flush();
  }

  flush(): void {
    const n = this.keys.length;
    if (n === 0) return;
    const order = new Float64Array(n);
    for (let i = 0; i < n; i++) order[i] = (this.hashes[i] as number) * SLOTS + i;
    order.sort();
    this.stored.push(this.write(0, (w) => this.writeBuffer(w, order)));
    this.table.fill(0);
    this.keys.length = 0;
    this.values.length = 0;
    const runs = this.stored;
    while (
      runs.length >= this.fanIn &&
      runs.slice(-this.fanIn).every((r) => r.level === (runs.at(-1) as Run).level)
    )
      this.merge();
  }

  runs(): number {
    return this.stored.length;
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.table.fill(0);
    this.keys.length = 0;
    this.values.length = 0;
    for (const r of this.stored.splice(0)) remove(r);
  }

  /** The slot of `key` (of hash `hash`) in the buffer, or −1 (`at` is then its free entry). */
  private probe(hash: number, key: string): number {
    const { table, hashes, keys, mask } = this;
    // Fibonacci hashing: the top bits of hash × 2^32/φ spread keys whose hashes differ in high bits only.
    for (let at = Math.imul(hash, 0x9e3779b1) >>> (32 - this.bits); ; at = (at + 1) & mask) {
      const e = table[at] as number;
      if (e === 0) {
        this.at = at;
        return -1;
      }
      if (hashes[e - 1] === hash && keys[e - 1] === key) {
        this.at = at;
        return e - 1;
      }
    }
  }

  /** The buffer's slots in `order` (hash × SLOTS + slot, sorted), the slots of one hash in key order. */
  private writeBuffer(w: RunWriter, order: Float64Array): void {
    const { keys, values, spec } = this;
    const n = order.length;
    for (let i = 0; i < n;) {
      const hash = Math.floor((order[i] as number) / SLOTS);
      let j = i + 1;
      while (j < n && Math.floor((order[j] as number) / SLOTS) === hash) j++;
      if (j === i + 1) {
        const slot = (order[i] as number) % SLOTS;
        w.add(hash, keys[slot] as string, spec.encode(values[slot] as V));
      } else {
        // A collision of 32-bit hashes: rare, a few slots.
        const group = Array.from(order.subarray(i, j), (o) => o % SLOTS);
        group.sort((a, b) => compare(0, keys[a] as string, 0, keys[b] as string));
        for (const slot of group) w.add(hash, keys[slot] as string, spec.encode(values[slot] as V));
      }
      i = j;
    }
  }

  private write(level: number, fill: (w: RunWriter) => void): Run {
    const w = new RunWriter(join(this.spec.dir, `${this.spec.name}-${++this.files}.run`));
    try {
      fill(w);
      return w.finish(level);
    } catch (e) {
      w.abandon();
      throw e;
    }
  }

  /** Merge the newest `fanIn` runs into one of the next level; the newest value of a key wins. */
  private merge(): void {
    const runs = this.stored;
    const inputs = runs.slice(runs.length - this.fanIn);
    const readers = inputs.map((r) => new RunReader(r));
    const live = readers.filter((r) => r.next());
    const merged = this.write((inputs[0] as Run).level + 1, (w) => {
      while (live.length > 0) {
        // The smallest key; of equal keys, the newest run's (readers are oldest first).
        let min = live[0] as RunReader;
        for (let i = 1; i < live.length; i++) {
          const r = live[i] as RunReader;
          if (compare(r.hash, r.key, min.hash, min.key) <= 0) min = r;
        }
        const { hash, key } = min;
        w.add(hash, key, min.value);
        for (let i = live.length - 1; i >= 0; i--) {
          const r = live[i] as RunReader;
          if (r.hash === hash && r.key === key && !r.next()) live.splice(i, 1);
        }
      }
    });
    runs.splice(runs.length - this.fanIn, this.fanIn, merged);
    for (const r of inputs) remove(r);
  }

  private lookup(key: string): V | undefined {
    // Every key set is in the filter, the buffered ones too: a key it has never seen is in neither.
    if (!this.filter.has(key)) return undefined;
    const hash = keyHash(key);
    const slot = this.probe(hash, key);
    if (slot >= 0) return this.values[slot];
    for (let i = this.stored.length - 1; i >= 0; i--) {
      const text = this.find(this.stored[i] as Run, hash, key);
      if (text !== undefined) return this.spec.decode(text);
    }
    return undefined;
  }

  /** The value of `key` in `run`, if the run holds it: the block its fences point to, read and scanned. */
  private find(run: Run, hash: number, key: string): string | undefined {
    const fh = run.fenceHashes;
    const fk = run.fenceKeys;
    if (compare(hash, key, fh[0] as number, fk[0] as string) < 0) return undefined;
    if (compare(hash, key, run.lastHash, run.last) > 0) return undefined;
    let lo = 0;
    let hi = fk.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >>> 1;
      if (compare(fh[mid] as number, fk[mid] as string, hash, key) <= 0) lo = mid;
      else hi = mid - 1;
    }
    const start = run.fenceOffsets[lo] as number;
    const end = lo + 1 < fk.length ? (run.fenceOffsets[lo + 1] as number) : run.bytes;
    if (end - start > this.block.length) this.block = Buffer.allocUnsafe(end - start);
    const block = this.block;
    const got = readSync(run.fd, block, 0, end - start, start);
    if (got < end - start) throw new Error(`${run.file}: short read`);
    for (let at = 0; at < got;) {
      const h = block.readUInt32LE(at);
      if (h > hash) return undefined;
      const k = block.readUInt32LE(at + 4);
      const v = block.readUInt32LE(at + 8);
      const s = at + HEAD;
      if (h === hash) {
        const found = block.toString('utf16le', s, s + 2 * k);
        if (found === key) return block.toString('utf16le', s + 2 * k, s + 2 * (k + v));
        if (found > key) return undefined;
      }
      at = s + 2 * (k + v);
    }
    return undefined;
  }
}
