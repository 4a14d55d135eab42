import fc from 'fast-check';
import {
  existsSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  truncateSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { afterEach, describe, expect, it } from 'vitest';
import {
  type RefStore,
  type RefStoreOptions,
  halfSipHash64,
  openRefStore,
} from '../../src/carbon/ref-store-node';

const dirs: string[] = [];
function tmp(): string {
  const d = mkdtempSync(join(tmpdir(), 'gepkit-refstore-'));
  dirs.push(d);
  return d;
}
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

/** Strings that break naive encodings: empty, NUL, Latin-1, CJK, lone surrogates, long (past one log read). */
const ODD = [
  '',
  'a\u0000b',
  'é',
  'ÿ\u00ff',
  '碳普惠',
  '\ud800',
  '\udfff',
  'x\ud83d',
  '😀',
  'l'.repeat(700),
  `\udc00${'中'.repeat(60)}`,
];

describe('openRefStore: the two views', () => {
  it('answers undefined before any set, keeps units and evidence apart, in the buffer, on disk and reopened', () => {
    const dir = tmp();
    let s = openRefStore(dir);
    expect(s.credited.get('a')).toBeUndefined();
    expect(s.seen.get('a')).toBeUndefined();
    s.credited.set('a', 1);
    // The ledger ORs the unit bits itself: point (1) then t_CO2 (4).
    s.credited.set('a', (s.credited.get('a') ?? 0) | 4);
    s.seen.set('a', 'photos/a.jpg');
    s.seen.set('b', '');
    s.credited.set('b', 2);
    s.credited.set('c', 0);
    s.seen.set('d', 'first');
    s.seen.set('d', 'second');
    const check = (st: RefStore) => {
      expect(st.credited.get('a')).toBe(5);
      expect(st.seen.get('a')).toBe('photos/a.jpg');
      expect(st.seen.get('b')).toBe('');
      expect(st.credited.get('b')).toBe(2);
      // A zero mask reads as "not credited"; the record exists but has never been seen.
      expect(st.credited.get('c')).toBeUndefined();
      expect(st.seen.get('c')).toBeUndefined();
      expect(st.seen.get('d')).toBe('second');
      expect(st.credited.get('d')).toBeUndefined();
      expect(st.credited.get('e')).toBeUndefined();
      expect(st.seen.get('e')).toBeUndefined();
      expect(st.stats().refs).toBe(4);
    };
    check(s);
    expect(s.stats().buffered).toBe(4);
    s.flush();
    expect(s.stats().buffered).toBe(0);
    check(s);
    s.close();
    s = openRefStore(dir);
    check(s);
    // Updates of refs already on disk: units keep the evidence, evidence keeps the units.
    s.credited.set('a', 7);
    s.seen.set('b', 'late');
    s.seen.set('c', '');
    s.close();
    s = openRefStore(dir);
    expect(s.credited.get('a')).toBe(7);
    expect(s.seen.get('a')).toBe('photos/a.jpg');
    expect(s.seen.get('b')).toBe('late');
    expect(s.credited.get('b')).toBe(2);
    expect(s.seen.get('c')).toBe('');
    expect(s.stats().refs).toBe(4);
    s.close();
  });

  it('round-trips every JS string exactly, lone surrogates included, as refs and as evidence', () => {
    const dir = tmp();
    let s = openRefStore(dir, { bufferRecords: 3 });
    ODD.forEach((r, i) => {
      s.credited.set(r, i + 1);
      s.seen.set(r, ODD[ODD.length - 1 - i] as string);
    });
    // Past the 1 MiB log chunk: written on its own.
    const huge = `${'\u00e9'.repeat(1 << 20)}\ud800`;
    s.seen.set('huge', huge);
    s.close();
    s = openRefStore(dir);
    expect(s.seen.get('huge')).toBe(huge);
    ODD.forEach((r, i) => {
      expect(s.credited.get(r)).toBe(i + 1);
      expect(s.seen.get(r)).toBe(ODD[ODD.length - 1 - i]);
    });
    // Neighbours of the lone surrogates are not confused with them (a lossy UTF-8 encoding would map both to U+FFFD).
    expect(s.credited.get('\ufffd')).toBeUndefined();
    expect(s.credited.get('\udbff')).toBeUndefined();
    expect(s.credited.get('l'.repeat(699))).toBeUndefined();
    s.close();
  });

  it('refuses a mask that is not an unsigned 32-bit integer, and use after close', () => {
    const s = openRefStore(tmp());
    expect(() => s.credited.set('a', -1)).toThrow(/unsigned 32-bit/);
    expect(() => s.credited.set('a', 1.5)).toThrow(/unsigned 32-bit/);
    expect(() => s.credited.set('a', 2 ** 32)).toThrow(/unsigned 32-bit/);
    s.credited.set('a', 2 ** 32 - 1);
    expect(s.credited.get('a')).toBe(2 ** 32 - 1);
    s.close();
    s.close();
    expect(() => s.credited.get('a')).toThrow(/after close/);
    expect(() => s.seen.set('b', '')).toThrow(/after close/);
    expect(() => s.flush()).toThrow(/after close/);
  });
});

describe('openRefStore: against a Map model', () => {
  const REFS = ['a', 'b', 'ab', '\u6261', ...ODD];
  const EVS = ['', 'ev', '证据/1.jpg', '\udfff', 'p'.repeat(600)];
  // Fingerprints: the keyed hash; one constant (every ref collides); two values (collisions and splits mixed).
  const FPS: (RefStoreOptions['fingerprint'] | undefined)[] = [
    undefined,
    () => [0x8000_0001, 7],
    (r) => [r.length % 2 === 0 ? 0 : 0xffff_ffff, 0],
  ];
  const ref = fc.nat(REFS.length - 1);
  const op = fc.oneof(
    fc.record({ k: fc.constant('cset' as const), r: ref, u: fc.constantFrom(0, 1, 2, 4, 5, 7, 2 ** 32 - 1) }),
    fc.record({ k: fc.constant('sset' as const), r: ref, e: fc.nat(EVS.length - 1) }),
    fc.record({ k: fc.constant('cget' as const), r: ref }),
    fc.record({ k: fc.constant('sget' as const), r: ref }),
    fc.record({ k: fc.constant('flush' as const) }),
    fc.record({ k: fc.constant('reopen' as const) }),
  );

  it('every get agrees with the model through flushes and reopens (tiny buffer, saturated Bloom filter)', () => {
    fc.assert(
      fc.property(
        fc.array(op, { maxLength: 60 }),
        fc.integer({ min: 1, max: 4 }),
        fc.nat(FPS.length - 1),
        (ops, bufferRecords, f) => {
          const dir = mkdtempSync(join(tmpdir(), 'gepkit-refstore-model-'));
          const opts: RefStoreOptions = { bufferRecords, bloomBits: 64 };
          const fp = FPS[f];
          if (fp !== undefined) opts.fingerprint = fp;
          let s = openRefStore(dir, opts);
          const model = new Map<string, { units: number; ev?: string }>();
          try {
            for (const o of ops) {
              if (o.k === 'flush') s.flush();
              else if (o.k === 'reopen') {
                s.close();
                s = openRefStore(dir, opts);
              } else {
                const r = REFS[o.r] as string;
                const m = model.get(r);
                if (o.k === 'cset') {
                  s.credited.set(r, o.u);
                  model.set(r, { ...(m ?? {}), units: o.u });
                } else if (o.k === 'sset') {
                  const e = EVS[o.e] as string;
                  s.seen.set(r, e);
                  model.set(r, { units: m?.units ?? 0, ev: e });
                } else if (o.k === 'cget')
                  expect(s.credited.get(r)).toBe(m && m.units !== 0 ? m.units : undefined);
                else expect(s.seen.get(r)).toBe(m?.ev);
              }
              expect(s.stats().refs).toBe(model.size);
              expect(s.stats().buffered).toBeLessThanOrEqual(bufferRecords);
            }
            s.close();
            s = openRefStore(dir, opts);
            for (const r of REFS) {
              const m = model.get(r);
              expect(s.credited.get(r)).toBe(m && m.units !== 0 ? m.units : undefined);
              expect(s.seen.get(r)).toBe(m?.ev);
            }
          } finally {
            s.close();
            rmSync(dir, { recursive: true, force: true });
          }
        },
      ),
      { numRuns: 150 },
    );
  }, 60_000);
});

describe('openRefStore: table growth', () => {
  it('doubles the table as buckets fill: every ref present afterwards, absent ones absent', () => {
    const dir = tmp();
    let s = openRefStore(dir, { bufferRecords: 1000 });
    expect(s.stats().buckets).toBe(1);
    const N = 20_000;
    for (let i = 0; i < N; i++) {
      const id = `act-${i}`;
      expect(s.seen.get(id)).toBeUndefined();
      s.credited.set(id, (i % 7) + 1);
      if (i % 2 === 0) s.seen.set(id, `ev/${i}`);
    }
    s.flush();
    // 20 000 refs at most 204 per bucket: at least 128 buckets (2^7 ≥ 20 000 / 204).
    expect(s.stats().buckets).toBeGreaterThanOrEqual(128);
    expect(s.stats().refs).toBe(N);
    const check = (st: RefStore) => {
      for (let i = 0; i < N; i++) {
        expect(st.credited.get(`act-${i}`)).toBe((i % 7) + 1);
        expect(st.seen.get(`act-${i}`)).toBe(i % 2 === 0 ? `ev/${i}` : undefined);
        expect(st.credited.get(`other-${i}`)).toBeUndefined();
      }
    };
    check(s);
    s.close();
    s = openRefStore(dir);
    expect(s.stats().refs).toBe(N);
    check(s);
    // Evidence changes of refs on disk append log records and repoint their slots.
    const bytes = s.stats().bytes;
    for (let i = 1; i < N; i += 2) s.seen.set(`act-${i}`, `ev/${i}`);
    s.close();
    s = openRefStore(dir);
    expect(s.stats().bytes).toBeGreaterThan(bytes);
    for (let i = 0; i < N; i += 97) {
      expect(s.seen.get(`act-${i}`)).toBe(`ev/${i}`);
      expect(s.credited.get(`act-${i}`)).toBe((i % 7) + 1);
    }
    s.close();
  }, 60_000);

  it('doubles several times at once when inserts crowd one prefix', () => {
    // 300 refs in the top 9 bits: the top bit alone leaves 256 in one bucket (> 204), two bits leave 128.
    const fingerprint = (r: string): [number, number] => [Number(r.slice(1)) << 23, Number(r.slice(1))];
    const dir = tmp();
    let s = openRefStore(dir, { fingerprint, bufferRecords: 1000 });
    for (let i = 0; i < 300; i++) s.credited.set(`r${i}`, 1 + (i % 3));
    s.flush();
    expect(s.stats().buckets).toBe(4);
    s.close();
    s = openRefStore(dir, { fingerprint });
    for (let i = 0; i < 300; i++) expect(s.credited.get(`r${i}`)).toBe(1 + (i % 3));
    s.close();
  });
});

describe('openRefStore: exactness and I/O', () => {
  it('keeps refs with one fingerprint distinct (the log record decides, not the fingerprint)', () => {
    const fingerprint = (): [number, number] => [0x1234_5678, 0x9abc_def0];
    const dir = tmp();
    // 'ab' (Latin-1 bytes 61 62) and '\u6261' (UTF-16LE bytes 61 62) share their bytes, not their encoding.
    const refs = ['ab', '\u6261', '', 'a', ...Array.from({ length: 60 }, (_, i) => `id-${i}`)];
    let s = openRefStore(dir, { fingerprint, bufferRecords: 7 });
    refs.forEach((r, i) => {
      s.credited.set(r, i + 1);
      s.seen.set(r, `e${i}`);
    });
    s.close();
    s = openRefStore(dir, { fingerprint });
    const before = s.stats().diskReads;
    refs.forEach((r, i) => {
      expect(s.credited.get(r)).toBe(i + 1);
      expect(s.seen.get(r)).toBe(`e${i}`);
    });
    expect(s.credited.get('b')).toBeUndefined();
    expect(s.seen.get('\u6262')).toBeUndefined();
    // All share one fingerprint: finding the i-th ref reads candidate log records one by one.
    expect(s.stats().diskReads - before).toBeGreaterThan(refs.length * 2);
    s.close();
  });

  it('refuses (and then stays refused) when more refs share one fingerprint than a bucket holds', () => {
    const s = openRefStore(tmp(), { fingerprint: () => [1, 1], bufferRecords: 10_000 });
    for (let i = 0; i < 205; i++) s.credited.set(`r${i}`, 1);
    expect(() => s.flush()).toThrow(/share one fingerprint prefix/);
    expect(() => s.credited.get('r0')).toThrow(/unusable after a failed flush/);
    s.close();
  });

  it('answers new refs from the Bloom filter without disk reads; stored refs cost a page and a log read', () => {
    const s = openRefStore(tmp(), { bufferRecords: 1000 });
    for (let i = 0; i < 10_000; i++) s.credited.set(`in-${i}`, 1);
    s.flush();
    const st = s.stats();
    for (let i = 0; i < 10_000; i++) expect(s.seen.get(`out-${i}`)).toBeUndefined();
    expect(s.stats().diskReads).toBe(st.diskReads);
    expect(s.stats().bloomPositives).toBe(st.bloomPositives);
    expect(s.credited.get('in-5')).toBe(1);
    // Asked again (the batch asks several times about one ref): the memo answers.
    expect(s.seen.get('in-5')).toBeUndefined();
    expect(s.stats().diskReads).toBe(st.diskReads + 2);
    s.close();
  });

  it('reopens what it wrote; refuses an unknown format version, a corrupt meta.json and a table without one', () => {
    const dir = tmp();
    const s = openRefStore(dir);
    s.seen.set('x', 'y');
    s.close();
    const meta = JSON.parse(readFileSync(join(dir, 'meta.json'), 'utf8'));
    expect(meta).toMatchObject({ format: 'gepkit-refstore', version: 1, depth: 0, refs: 1 });
    writeFileSync(join(dir, 'meta.json'), JSON.stringify({ ...meta, version: 2 }));
    expect(() => openRefStore(dir)).toThrow(/format version 2, this gepkit reads version 1/);
    writeFileSync(join(dir, 'meta.json'), '{"format":');
    expect(() => openRefStore(dir)).toThrow(/not valid JSON/);
    writeFileSync(join(dir, 'meta.json'), JSON.stringify({ ...meta, seed: 'zz' }));
    expect(() => openRefStore(dir)).toThrow(/corrupt/);
    writeFileSync(join(dir, 'meta.json'), JSON.stringify(meta));
    const again = openRefStore(dir);
    expect(again.seen.get('x')).toBe('y');
    again.close();
    rmSync(join(dir, 'meta.json'));
    expect(existsSync(join(dir, 'table'))).toBe(true);
    expect(() => openRefStore(dir)).toThrow(/no meta\.json/);
  });

  it('implements HalfSipHash (checked with c = 2, d = 4 against the reference 64-bit vectors)', () => {
    // Key bytes 00..07, message bytes 00..len−1, read as UTF-16LE code units (so only even lengths).
    const vectors: Record<number, string> = {
      0: '218d1f59b9b83cc8',
      2: '064f39ef7c50eb57',
      4: 'd5e78a175be52ea1',
      6: 'ce3e91358aa2bc25',
      8: 'edfee820bce4858c',
      10: '95b0469f06a6f2ee',
      22: 'e20103fa1ba776ef',
    };
    for (const [len, hex] of Object.entries(vectors)) {
      let s = '';
      for (let j = 0; j < Number(len) / 2; j++) s += String.fromCharCode(2 * j + ((2 * j + 1) << 8));
      const out = Buffer.from(hex, 'hex');
      expect(halfSipHash64(s, 0x0302_0100, 0x0706_0504, 2, 4)).toEqual([
        out.readUInt32LE(0),
        out.readUInt32LE(4),
      ]);
    }
  });
});

describe('openRefStore: memory', () => {
  it('retains nothing per ref: 300 000 refs, buffer bounded, heap flat after gc (a Map, the control, grows)', () => {
    setFlagsFromString('--expose-gc');
    const gc = runInNewContext('gc') as () => void;
    const heap = () => {
      gc();
      gc();
      return process.memoryUsage().heapUsed;
    };
    const s = openRefStore(tmp());
    let maxBuffered = 0;
    const insert = (from: number, to: number) => {
      for (let i = from; i < to; i++) {
        const id = `activity-${i}`;
        if (s.seen.get(id) !== undefined) throw new Error(`phantom ${id}`);
        s.credited.set(id, 1);
        s.seen.set(id, '');
        if ((i & 1023) === 0) maxBuffered = Math.max(maxBuffered, s.stats().buffered);
      }
      s.flush();
    };
    insert(0, 100_000);
    const h1 = heap();
    insert(100_000, 300_000);
    const h2 = heap();
    expect(maxBuffered).toBeLessThanOrEqual(65_536);
    expect(maxBuffered).toBeGreaterThan(60_000);
    expect(s.stats().refs).toBe(300_000);
    expect(s.credited.get('activity-123456')).toBe(1);
    s.close();
    // Control: the same 200 000 ids kept in a Map grow the heap by megabytes, so the bound below can fail.
    const m = new Map<string, number>();
    const h3 = heap();
    for (let i = 100_000; i < 300_000; i++) m.set(`activity-${i}`, 1);
    const h4 = heap();
    expect(m.size).toBe(200_000);
    expect(h4 - h3).toBeGreaterThan(8 * 2 ** 20);
    expect(h2 - h1).toBeLessThan(2 * 2 ** 20);
  }, 60_000);
});

describe('review', () => {
  it('credited.set keeps the mask of the ref whose insert grows the write buffer (4097th buffered ref)', () => {
    const s = openRefStore(tmp());
    for (let i = 0; i < 5000; i++) s.credited.set(`r${i}`, 1 + (i % 3));
    for (let i = 0; i < 5000; i++) expect(s.credited.get(`r${i}`)).toBe(1 + (i % 3));
    s.close();
  });

  it.skipIf(!existsSync('/proc/self/fd'))('closes its files when it refuses to open a store', () => {
    const dir = tmp();
    const s = openRefStore(dir);
    s.seen.set('x', 'y');
    s.close();
    const fds = () => readdirSync('/proc/self/fd').length;
    // A truncated log, then a slot past the log's end, then a table whose size is not a power of two of pages.
    truncateSync(join(dir, 'log'), 0);
    const before = fds();
    for (let i = 0; i < 3; i++) expect(() => openRefStore(dir)).toThrow(/truncated/);
    writeFileSync(
      join(dir, 'meta.json'),
      readFileSync(join(dir, 'meta.json'), 'utf8').replace(/"logBytes": \d+/, '"logBytes": 0'),
    );
    for (let i = 0; i < 3; i++) expect(() => openRefStore(dir)).toThrow(/points past the end of the log/);
    truncateSync(join(dir, 'table'), 5000);
    for (let i = 0; i < 3; i++) expect(() => openRefStore(dir)).toThrow(/not 4096/);
    expect(fds()).toBe(before);
  });

  it('fills a bucket to exactly 204 slots without doubling, updates in it, and doubles on the 205th insert', () => {
    // 204 refs share the whole high word (one bucket at every depth); the last ref's high word differs in bit 31.
    const fingerprint = (r: string): [number, number] => [r === 'last' ? 0x8000_0000 : 0x1234_5678, r.length];
    const dir = tmp();
    let s = openRefStore(dir, { fingerprint, bufferRecords: 50 });
    for (let i = 0; i < 204; i++) s.credited.set(`r${i}`, 1);
    s.flush();
    expect(s.stats().buckets).toBe(1);
    for (let i = 0; i < 204; i += 3) s.seen.set(`r${i}`, `e${i}`);
    s.close();
    s = openRefStore(dir, { fingerprint, bufferRecords: 50 });
    expect(s.stats()).toMatchObject({ refs: 204, buckets: 1 });
    s.credited.set('last', 2);
    s.flush();
    expect(s.stats()).toMatchObject({ refs: 205, buckets: 2 });
    s.close();
    s = openRefStore(dir, { fingerprint });
    for (let i = 0; i < 204; i++) {
      expect(s.credited.get(`r${i}`)).toBe(1);
      expect(s.seen.get(`r${i}`)).toBe(i % 3 === 0 ? `e${i}` : undefined);
    }
    expect(s.credited.get('last')).toBe(2);
    s.close();
  });

  it('reopens after a doubling whose meta.json was not rewritten (and with a leftover table.tmp)', () => {
    const dir = tmp();
    let s = openRefStore(dir, { bufferRecords: 5000 });
    s.seen.set('before', 'b');
    s.flush();
    const stale = readFileSync(join(dir, 'meta.json'), 'utf8');
    for (let i = 0; i < 2000; i++) s.credited.set(`a${i}`, 1);
    s.close();
    expect(JSON.parse(stale).depth).toBe(0);
    writeFileSync(join(dir, 'meta.json'), stale);
    writeFileSync(join(dir, 'table.tmp'), 'half a doubling');
    s = openRefStore(dir);
    expect(s.stats().refs).toBe(2001);
    expect(s.stats().buckets).toBeGreaterThanOrEqual(16);
    expect(existsSync(join(dir, 'table.tmp'))).toBe(false);
    for (let i = 0; i < 2000; i++) expect(s.credited.get(`a${i}`)).toBe(1);
    expect(s.seen.get('before')).toBe('b');
    expect(s.credited.get('a2000')).toBeUndefined();
    s.close();
  });

  it('reads and writes log records past 4 GiB (float64 offsets; a sparse log)', () => {
    const dir = tmp();
    let s = openRefStore(dir);
    s.seen.set('x', 'y');
    s.close();
    // Extending the log with a hole is how a store that has written 4 GiB of records looks to the code.
    truncateSync(join(dir, 'log'), 2 ** 32 + 12_345);
    s = openRefStore(dir, { bufferRecords: 7 });
    for (let i = 0; i < 50; i++) s.seen.set(`far-${i}`, `\u8fdc${i}`);
    s.seen.set('x', 'z');
    s.close();
    s = openRefStore(dir);
    expect(s.stats().bytes).toBeGreaterThan(2 ** 32);
    for (let i = 0; i < 50; i++) expect(s.seen.get(`far-${i}`)).toBe(`\u8fdc${i}`);
    expect(s.seen.get('x')).toBe('z');
    s.close();
  });

  // A larger model: hundreds of refs (short, Latin-1 high, CJK, lone surrogates, long, past the 1 MiB log chunk),
  // low-entropy fingerprints (buckets overflow, several doublings in one flush, exact fingerprint collisions),
  // bulk inserts, tiny buffers, tiny Bloom filters, interleaved flushes and reopens.
  const BIG = `${'\u00e9'.repeat((1 << 20) + 3)}Z`;
  const RREFS: string[] = [
    '',
    'a\u0000',
    'ab',
    '\u6261',
    BIG,
    `${'\u4e2d'.repeat(40_000)}!`,
    'L'.repeat(70_000),
    ...Array.from({ length: 300 }, (_, i) => `act-${i}`),
    ...Array.from({ length: 60 }, (_, i) => `\u00e9\u00ff${i}`),
    ...Array.from({ length: 60 }, (_, i) => `\u78b3${i}\u60e0`),
    ...Array.from({ length: 30 }, (_, i) => (i % 2 === 0 ? `\ud800${i}` : `x${i}\udfff`)),
    ...Array.from({ length: 30 }, (_, i) => `${'l'.repeat(490 + i)}${i % 3 === 0 ? '\u0100' : ''}`),
  ];
  const REVS = [
    '',
    'ev',
    '\u8bc1\u636e/1.jpg',
    '\udfff',
    'p'.repeat(600),
    `${'\u00e9'.repeat(70_000)}\u0101`,
  ];
  const word = (r: string, k: number) => halfSipHash64(r, 0x1234_5678, k, 1, 3)[0] as number;
  const RFPS: (RefStoreOptions['fingerprint'] | undefined)[] = [
    undefined,
    // 16 high words, top 4 bits zero: a full bucket doubles five times at once; 8 low words (index collisions).
    (r) => [(word(r, 1) >>> 28) << 24, word(r, 2) & 7],
    // 8 high words differing in bits 22..24 only: up to ten doublings in one flush (1024 buckets).
    (r) => [(word(r, 1) >>> 29) << 22, word(r, 2)],
    // About five refs per (high, low) pair: exact fingerprint collisions everywhere.
    (r) => [(word(r, 1) >>> 26) << 26, 0],
    // A quarter of the refs in the lower half, the rest crowded in the upper: the upper bucket overflows again
    // after the first split, in flushes that also write the lower bucket (six doublings at once, mid-flush).
    (r) => [((word(r, 1) & 3) === 0 ? 0 : 0x8000_0000) | ((word(r, 3) >>> 28) << 22), word(r, 2)],
  ];
  // Any ref, or (half the time) one of the last four an op named: the memo sees repeated refs.
  const rref = fc.oneof(fc.nat(RREFS.length - 1), fc.integer({ min: -4, max: -1 }));
  const rop = fc.oneof(
    {
      arbitrary: fc.record({
        k: fc.constant('cset' as const),
        r: rref,
        u: fc.constantFrom(0, 1, 2, 4, 7, 2 ** 32 - 1),
      }),
      weight: 3,
    },
    {
      arbitrary: fc.record({ k: fc.constant('sset' as const), r: rref, e: fc.nat(REVS.length - 1) }),
      weight: 3,
    },
    { arbitrary: fc.record({ k: fc.constant('cget' as const), r: rref, alt: fc.boolean() }), weight: 3 },
    { arbitrary: fc.record({ k: fc.constant('sget' as const), r: rref, alt: fc.boolean() }), weight: 3 },
    {
      arbitrary: fc.record({ k: fc.constant('credit' as const), r: rref, b: fc.constantFrom(1, 2, 4) }),
      weight: 2,
    },
    {
      arbitrary: fc.record({
        k: fc.constant('bulk' as const),
        r: rref,
        n: fc.integer({ min: 1, max: 500 }),
        u: fc.constantFrom(1, 3),
      }),
      weight: 1,
    },
    { arbitrary: fc.record({ k: fc.constant('flush' as const) }), weight: 1 },
    {
      arbitrary: fc.record({ k: fc.constant('reopen' as const), bloom: fc.constantFrom(1, 64, 4096) }),
      weight: 1,
    },
  );

  it('agrees with a Map model over hundreds of refs, low-entropy fingerprints and doublings mid-flush', () => {
    // A fresh string object with the same value (the memo compares values).
    const other = (r: string) => (r.length < 2 ? `${r}` : r.slice(0, 1) + r.slice(1));
    fc.assert(
      fc.property(
        fc.array(rop, { maxLength: 40 }),
        fc.constantFrom(1, 2, 3, 5, 64, 300),
        fc.constantFrom(1, 64, 512),
        fc.nat(RFPS.length - 1),
        (ops, bufferRecords, bloomBits, f) => {
          const dir = mkdtempSync(join(tmpdir(), 'gepkit-refstore-review-'));
          const fp = RFPS[f];
          const opts = (bloom: number): RefStoreOptions =>
            fp === undefined
              ? { bufferRecords, bloomBits: bloom }
              : { bufferRecords, bloomBits: bloom, fingerprint: fp };
          let s = openRefStore(dir, opts(bloomBits));
          const model = new Map<string, { units: number; ev?: string }>();
          const cset = (r: string, u: number) => {
            s.credited.set(r, u);
            const m = model.get(r);
            model.set(r, m === undefined ? { units: u } : { ...m, units: u });
          };
          const expectRef = (st: RefStore, r: string) => {
            const m = model.get(r);
            expect(st.credited.get(r)).toBe(m && m.units !== 0 ? m.units : undefined);
            expect(st.seen.get(r)).toBe(m?.ev);
          };
          try {
            const recent: number[] = [0];
            const pick = (r: number) => {
              const i = r >= 0 ? r : (recent[Math.max(0, recent.length + r)] as number);
              recent.push(i);
              return i;
            };
            for (const o of ops) {
              if (o.k === 'flush') s.flush();
              else if (o.k === 'reopen') {
                s.close();
                s = openRefStore(dir, opts(o.bloom));
              } else if (o.k === 'bulk') {
                const from = pick(o.r);
                for (let j = 0; j < o.n; j++) cset(RREFS[(from + j) % RREFS.length] as string, o.u);
              } else {
                const r = RREFS[pick(o.r)] as string;
                const m = model.get(r);
                if (o.k === 'cset') cset(r, o.u);
                else if (o.k === 'credit') cset(r, ((s.credited.get(r) ?? 0) | o.b) >>> 0);
                else if (o.k === 'sset') {
                  const e = REVS[o.e] as string;
                  s.seen.set(r, e);
                  model.set(r, { units: m?.units ?? 0, ev: e });
                } else if (o.k === 'cget')
                  expect(s.credited.get(o.alt ? other(r) : r)).toBe(m && m.units !== 0 ? m.units : undefined);
                else expect(s.seen.get(o.alt ? other(r) : r)).toBe(m?.ev);
              }
              expect(s.stats().refs).toBe(model.size);
              expect(s.stats().buffered).toBeLessThanOrEqual(bufferRecords);
            }
            for (const r of RREFS) expectRef(s, r);
            s.close();
            const meta = JSON.parse(readFileSync(join(dir, 'meta.json'), 'utf8'));
            expect(meta.refs).toBe(model.size);
            s = openRefStore(dir, opts(64));
            expect(s.stats().refs).toBe(model.size);
            expect(s.stats().buckets).toBe(2 ** meta.depth);
            for (const r of RREFS) expectRef(s, r);
          } finally {
            s.close();
            rmSync(dir, { recursive: true, force: true });
          }
        },
      ),
      { numRuns: 60 },
    );
  }, 60_000);
  it('refuses a store whose table or log was removed (CARBON_ID_STORE_INVALID, not a raw ENOENT)', () => {
    for (const f of ['table', 'log']) {
      const dir = tmp();
      openRefStore(dir).close();
      rmSync(join(dir, f));
      expect(() => openRefStore(dir)).toThrow(expect.objectContaining({ code: 'CARBON_ID_STORE_INVALID' }));
    }
  });
});
