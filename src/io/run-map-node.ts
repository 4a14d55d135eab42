/**
 * A string-keyed map on disk as sorted runs, for keys a stream must remember whatever their number (the ids and
 * certificates a VEP batch has seen) when most lookups are of keys never set.
 *
 * - `set` appends the key's record to a write buffer (at most `buffer` keys). A full buffer is written as one run:
 *   a new file of its records in run order, appended sequentially whatever the keys (no page of an older file is
 *   touched, unlike a B-tree's inserts at scattered places).
 * - Run order is (hash, key): a 32-bit FNV-1a hash of the key's UTF-16 code units first, the key's code units on
 *   equal hashes (the order of `<` on strings). Sorting a buffer then sorts numbers (a Float64Array of
 *   hash × 2^21 + slot), not strings, and a block is scanned by comparing hashes; the order has no relation to the
 *   keys' own, so ids in file order and scattered ids cost the same.
 * - `get` asks the buffer, then a Bloom filter of every key set (io/bloom.ts: a key never set is answered without
 *   reading the disk), then the runs newest first: the newest value of a key wins, as a Map's `set` replaces.
 *   In a run, a binary search of its fences (the hash of the first record of every `fence`-th record, in memory)
 *   picks the first block that can hold the key; blocks are read with one positional read each and scanned until
 *   a greater hash (one block, unless records of one hash straddle a fence).
 * - Runs are merged by size tier: when the newest `fanIn` runs are of one level, they become one run of the next
 *   level (a streaming k-way merge that copies records as they are, the newest value of a key kept). At most
 *   (fanIn − 1) runs per level, levels log_fanIn(keys / buffer).
 *
 * Record, in UTF-16 code units: the key's hash, key length and value length (three u32, each as two code units,
 * low first), then the key and the value, which keeps any JavaScript string exactly (lone surrogates included).
 * The buffer holds records in this form from `set` on (no string or value object stays alive until the run is
 * written); the files hold the same code units in the machine's byte order (they are private to the process).
 *
 * Memory: the buffer's records, the filter (bits / 8 bytes), the fences (one number per `fence` records) and,
 * while merging, one read buffer per run merged and one write buffer. The files are removed by `close()` (and a run
 * whose write fails is removed before the error is thrown).
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
  /** Records per block of a run (default 64): a lookup reads about one block. */
  fence?: number;
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

/** Code units of a write or merge read buffer (128 KiB). */
const CHUNK = 1 << 16;
/** Code units of a record's header (hash, key and value lengths, two each). */
const HEAD = 6;
/** Slots of a buffer: hash × SLOTS + slot stays an exact double (32 + 21 bits). */
const SLOTS = 2 ** 21;

/** FNV-1a over the UTF-16 code units of `key`, unsigned 32-bit. */
export function keyHash(key: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < key.length; i++) h = Math.imul(h ^ key.charCodeAt(i), 0x01000193);
  return h >>> 0;
}

/** The u32 stored as two code units at `at` (low first). */
const u32 = (u: Uint16Array, at: number): number => ((u[at] as number) | ((u[at + 1] as number) << 16)) >>> 0;

/** The text of code units `from` … `to` of `u` (in slices, so that a long key stays within the call's limits). */
function text(u: Uint16Array, from: number, to: number): string {
  let s = '';
  for (let i = from; i < to; i += 8192)
    s += String.fromCharCode.apply(null, u.subarray(i, Math.min(to, i + 8192)) as unknown as number[]);
  return s;
}

/**
 * Order of the keys of two records of one hash, by code units as `<` orders strings: negative, zero or positive
 * as the key of the record at `a` in `ua` is before, equal to or after the one at `b` in `ub`.
 */
function compareKeys(ua: Uint16Array, a: number, ub: Uint16Array, b: number): number {
  const la = u32(ua, a + 2);
  const lb = u32(ub, b + 2);
  const n = Math.min(la, lb);
  for (let i = 0; i < n; i++) {
    const d = (ua[a + HEAD + i] as number) - (ub[b + HEAD + i] as number);
    if (d !== 0) return d;
  }
  return la - lb;
}

/** Whether the record at `at` of `u` has the key `key`. */
function hasKey(u: Uint16Array, at: number, key: string): boolean {
  if (u32(u, at + 2) !== key.length) return false;
  const s = at + HEAD;
  for (let i = 0; i < key.length; i++) if (u[s + i] !== key.charCodeAt(i)) return false;
  return true;
}

/** Code units of the record at `at`. */
const recordSize = (u: Uint16Array, at: number): number => HEAD + u32(u, at + 2) + u32(u, at + 4);

/** One sorted file: its fences (hash and offset in code units of the first record of each block) and size. */
interface Run {
  file: string;
  fd: number;
  level: number;
  fenceHashes: number[];
  fenceOffsets: number[];
  /** Code units. */
  size: number;
}

/**
 * Appends records to a new file, copied from where they are; `fences` record every `fence`-th record. Records
 * gather in a buffer written once per CHUNK code units: one native write per chunk instead of one per record.
 */
class RunWriter {
  private readonly buf = new Uint16Array(CHUNK);
  private n = 0;
  /** Code units written to the file. */
  private pos = 0;
  private count = 0;
  readonly fd: number;
  readonly fenceHashes: number[] = [];
  readonly fenceOffsets: number[] = [];

  constructor(
    readonly file: string,
    private readonly fence: number,
  ) {
    this.fd = openSync(file, 'wx+');
  }

  /** Add the record at `at` of `u`, of hash `hash`. */
  add(u: Uint16Array, at: number, hash: number): void {
    if (this.count % this.fence === 0) {
      this.fenceHashes.push(hash);
      this.fenceOffsets.push(this.pos + this.n);
    }
    this.count += 1;
    const size = recordSize(u, at);
    if (this.n + size > CHUNK) this.drain();
    if (size > CHUNK) this.put(u.subarray(at, at + size));
    else {
      // A record is a few dozen code units: a loop copies them faster than a view and its set.
      const buf = this.buf;
      let n = this.n;
      for (let i = at, end = at + size; i < end; i++) buf[n++] = u[i] as number;
      this.n = n;
    }
  }

  /** Write what is buffered and give the run (read-only from then on). */
  finish(level: number): Run {
    this.drain();
    return {
      file: this.file,
      fd: this.fd,
      level,
      fenceHashes: this.fenceHashes,
      fenceOffsets: this.fenceOffsets,
      size: this.pos,
    };
  }

  /** Close and remove a run that could not be written. */
  abandon(): void {
    closeSync(this.fd);
    rmSync(this.file, { force: true });
  }

  private drain(): void {
    this.put(this.buf.subarray(0, this.n));
    this.n = 0;
  }

  /** Write code units at the end of the file. */
  private put(u: Uint16Array): void {
    const bytes = 2 * u.length;
    let off = 0;
    while (off < bytes) off += writeSync(this.fd, u, off, bytes - off, 2 * this.pos + off);
    this.pos += u.length;
  }
}

/** Reads a run's records in order, for a merge: the current record is at `at` of `buf`, its hash `hash`. */
class RunReader {
  buf = new Uint16Array(CHUNK);
  /** File offset of buf[0] and valid code units in buf (both in code units), and the record's start in buf. */
  private base = 0;
  private len = 0;
  at = 0;
  private size = 0;
  hash = 0;

  constructor(private readonly run: Run) {}

  /** Move to the next record; false at the end of the run. */
  next(): boolean {
    this.at += this.size;
    this.size = 0;
    if (this.base + this.at >= this.run.size) return false;
    this.need(HEAD);
    const size = recordSize(this.buf, this.at);
    this.need(size);
    this.size = size;
    this.hash = u32(this.buf, this.at);
    return true;
  }

  /** Make `size` code units from `at` available in buf. */
  private need(size: number): void {
    if (this.at + size <= this.len) return;
    this.base += this.at;
    if (size > this.buf.length) this.buf = new Uint16Array(size);
    const want = Math.min(this.buf.length, this.run.size - this.base);
    this.len = readSync(this.run.fd, this.buf, 0, 2 * want, 2 * this.base) / 2;
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
 * The map behind openRunMap: a buffer of the newest records, runs on disk oldest first, a Bloom filter over every
 * key set. The buffer keeps records one after another (`units`), each slot's record start and hash, and an
 * open-addressing table (linear probing, at most half full) of slot + 1 by hash, 0 for free: no per-key
 * allocation, cleared in one fill. A key set again gets a new record; its slot points to it.
 */
class SortedRunMap<V> implements RunMap<V> {
  private readonly limit: number;
  private readonly fanIn: number;
  private readonly fence: number;
  private readonly filter: BloomFilter;
  private units = new Uint16Array(CHUNK);
  private used = 0;
  private slots = 0;
  private readonly starts: Int32Array;
  private readonly hashes: Float64Array;
  private readonly bits: number;
  private readonly table: Int32Array;
  private readonly mask: number;
  /** Where the last `probe` stopped: the key's entry, or the free entry for it. */
  private at = 0;
  /** Oldest first. */
  private readonly stored: Run[] = [];
  private files = 0;
  private block = new Uint16Array(CHUNK);
  private closed = false;
  // A caller often reads one key several times in a row (look up, then set): the last read is kept.
  private lastKey: string | undefined;
  private last: V | undefined;

  constructor(private readonly spec: RunMapSpec<V>) {
    this.limit = Math.min(spec.buffer ?? 65_536, SLOTS);
    this.fanIn = Math.max(2, spec.fanIn ?? 8);
    this.fence = Math.max(1, spec.fence ?? 64);
    this.filter = new BloomFilter(spec.filterBits ?? 2 ** 20);
    this.starts = new Int32Array(this.limit);
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
    this.lastKey = key;
    this.last = value;
    const hash = this.filter.add(key);
    const slot = this.probe(hash, key);
    const at = this.append(hash, key, this.spec.encode(value));
    if (slot >= 0) {
      this.starts[slot] = at;
      return;
    }
    this.table[this.at] = this.slots + 1;
    this.hashes[this.slots] = hash;
    this.starts[this.slots] = at;
    this.slots += 1;
    if (this.slots >= this.limit) this.flush();
  }

  flush(): void {
    const n = this.slots;
    if (n === 0) return;
    const order = new Float64Array(n);
    for (let i = 0; i < n; i++) order[i] = (this.hashes[i] as number) * SLOTS + i;
    order.sort();
    this.stored.push(this.write(0, (w) => this.writeBuffer(w, order)));
    this.table.fill(0);
    this.slots = 0;
    this.used = 0;
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
    this.slots = 0;
    this.used = 0;
    for (const r of this.stored.splice(0)) remove(r);
  }

  /** Append a record to the buffer's code units; gives its start. */
  private append(hash: number, key: string, value: string): number {
    const size = HEAD + key.length + value.length;
    if (this.used + size > this.units.length) {
      const grown = new Uint16Array(Math.max(this.used + size, 2 * this.units.length));
      grown.set(this.units.subarray(0, this.used));
      this.units = grown;
    }
    const u = this.units;
    const at = this.used;
    u[at] = hash & 0xffff;
    u[at + 1] = hash >>> 16;
    u[at + 2] = key.length & 0xffff;
    u[at + 3] = key.length >>> 16;
    u[at + 4] = value.length & 0xffff;
    u[at + 5] = value.length >>> 16;
    let i = at + HEAD;
    for (let k = 0; k < key.length; k++) u[i++] = key.charCodeAt(k);
    for (let k = 0; k < value.length; k++) u[i++] = value.charCodeAt(k);
    this.used = i;
    return at;
  }

  /** The slot of `key` (of hash `hash`) in the buffer, or −1 (`at` is then its free entry). */
  private probe(hash: number, key: string): number {
    const { table, hashes, starts, mask } = this;
    // Fibonacci hashing: the top bits of hash × 2^32/φ spread keys whose hashes differ in high bits only.
    for (let at = Math.imul(hash, 0x9e3779b1) >>> (32 - this.bits); ; at = (at + 1) & mask) {
      const e = table[at] as number;
      if (e === 0) {
        this.at = at;
        return -1;
      }
      if (hashes[e - 1] === hash && hasKey(this.units, starts[e - 1] as number, key)) {
        this.at = at;
        return e - 1;
      }
    }
  }

  /** The buffer's slots in `order` (hash × SLOTS + slot, sorted), the slots of one hash in key order. */
  private writeBuffer(w: RunWriter, order: Float64Array): void {
    const { units, starts } = this;
    const n = order.length;
    for (let i = 0; i < n;) {
      const hash = Math.floor((order[i] as number) / SLOTS);
      let j = i + 1;
      while (j < n && Math.floor((order[j] as number) / SLOTS) === hash) j++;
      if (j === i + 1) w.add(units, starts[(order[i] as number) % SLOTS] as number, hash);
      else {
        // A collision of 32-bit hashes: rare, a few slots.
        const group = Array.from(order.subarray(i, j), (o) => starts[o % SLOTS] as number);
        group.sort((a, b) => compareKeys(units, a, units, b));
        for (const at of group) w.add(units, at, hash);
      }
      i = j;
    }
  }

  private write(level: number, fill: (w: RunWriter) => void): Run {
    const w = new RunWriter(join(this.spec.dir, `${this.spec.name}-${++this.files}.run`), this.fence);
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
          if (r.hash < min.hash || (r.hash === min.hash && compareKeys(r.buf, r.at, min.buf, min.at) <= 0))
            min = r;
        }
        const { hash } = min;
        w.add(min.buf, min.at, hash);
        // Every reader at the same key moves on (min last: the others compare with its record).
        for (let i = live.length - 1; i >= 0; i--) {
          const r = live[i] as RunReader;
          if (r !== min && r.hash === hash && compareKeys(r.buf, r.at, min.buf, min.at) === 0 && !r.next())
            live.splice(i, 1);
        }
        if (!min.next()) live.splice(live.indexOf(min), 1);
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
    if (slot >= 0) return this.spec.decode(this.valueAt(this.units, this.starts[slot] as number));
    for (let i = this.stored.length - 1; i >= 0; i--) {
      const found = this.find(this.stored[i] as Run, hash, key);
      if (found !== undefined) return this.spec.decode(found);
    }
    return undefined;
  }

  /** The value of the record at `at` of `u`. */
  private valueAt(u: Uint16Array, at: number): string {
    const s = at + HEAD + u32(u, at + 2);
    return text(u, s, s + u32(u, at + 4));
  }

  /**
   * The value of `key` in `run`, if the run holds it: from the last block whose first hash is below `hash` (the
   * first block if none is), blocks are read and scanned until a record of a greater hash.
   */
  private find(run: Run, hash: number, key: string): string | undefined {
    const fh = run.fenceHashes;
    let lo = 0;
    let hi = fh.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >>> 1;
      if ((fh[mid] as number) < hash) lo = mid;
      else hi = mid - 1;
    }
    for (let b = lo; b < fh.length; b++) {
      if ((fh[b] as number) > hash) return undefined;
      const start = run.fenceOffsets[b] as number;
      const end = b + 1 < fh.length ? (run.fenceOffsets[b + 1] as number) : run.size;
      if (end - start > this.block.length) this.block = new Uint16Array(end - start);
      const block = this.block;
      const got = readSync(run.fd, block, 0, 2 * (end - start), 2 * start) / 2;
      if (got < end - start) throw new Error(`${run.file}: short read`);
      for (let at = 0; at < got; at += recordSize(block, at)) {
        const h = u32(block, at);
        if (h > hash) return undefined;
        if (h === hash && hasKey(block, at, key)) return this.valueAt(block, at);
      }
    }
    return undefined;
  }
}
