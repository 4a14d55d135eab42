import { mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { vepCommand } from '../../src/cli/vep';
import { GepError, issue } from '../../src/core/errors';
import { toJsonLine } from '../../src/io/jsonl';
import { type BatchOptions, type ParcelResult, valueParcels, valueParcelsAsync } from '../../src/vep/batch';
import { type PoolItem, valueParcelsPooled } from '../../src/vep/pool-node';
import { PoolCoordinator } from '../../src/vep/pool';
import { ByteRun, decodeKeys, encodeKeys } from '../../src/vep/pool-worker';
import { resultCsvRow } from '../../src/vep/result-csv';
import { toCompactLine } from '../../src/vep/result-line';
import { prepareContext } from '../../src/vep/context';
import { EXAMPLES, TYPES, exampleContext } from './helpers';
import { bundledWorker } from '../worker-bundle';

const file = bundledWorker('src/vep/pool-worker-node.ts', 'vep-pool-worker');
const ctx = exampleContext();
const indicators = prepareContext(ctx).basis.indicators.map((i) => i.code);

type Output = { format: 'jsonl' | 'compact' } | { format: 'csv'; indicators: string[] };
type Opts = Pick<BatchOptions, 'format' | 'warnings' | 'fastPath' | 'checkDuplicates' | 'memoryKeys'>;

/** What `vep value` writes of one batch: every result as a JSON line (or valued ones as CSV rows), then the summary. */
function sequential(lines: string[], opts: Opts, output: Output): { text: string; summary: string } {
  const gen = valueParcels(lines, ctx, opts);
  let text = '';
  for (let s = gen.next(); ; s = gen.next()) {
    if (s.done === true) return { text, summary: toJsonLine(s.value) };
    text += written(s.value, output);
  }
}

function written(r: ParcelResult, output: Output): string {
  if (output.format === 'csv') return r.ok ? resultCsvRow(r, output.indicators) : '';
  return output.format === 'compact' ? toCompactLine(r) : toJsonLine(r);
}

/** The same through a pool: its bytes and refused results in the order it yields them. */
async function pooled(
  lines: string[],
  opts: Opts,
  output: Output,
  workers: number,
  chunkLines: number,
  blockSize = 0,
): Promise<{ text: string; summary: string; results: number }> {
  const source = blockSize === 0 ? lines : blocks(lines, blockSize);
  const gen = valueParcelsPooled(source, ctx, { ...opts, output, workers, chunkLines, workerFile: file });
  const decoder = new TextDecoder();
  let text = '';
  let results = 0;
  for (let s = await gen.next(); ; s = await gen.next()) {
    if (s.done === true) return { text, summary: toJsonLine(s.value), results };
    const item: PoolItem = s.value;
    if ('bytes' in item) {
      text += decoder.decode(item.bytes);
      results += item.results;
    } else {
      text += written(item, output);
      results += 1;
    }
  }
}

/** The lines in blocks of `size` (as a file's lines are read: splitLineBlocks). */
async function* blocks(lines: string[], size: number): AsyncGenerator<string[]> {
  for (let i = 0; i < lines.length; i += size) yield lines.slice(i, i + size);
}

const square = (x: number, y: number) => ({
  type: 'Polygon',
  coordinates: [
    [
      [120 + x, 30 + y],
      [120.004 + x, 30 + y],
      [120.004 + x, 30.004 + y],
      [120 + x, 30.004 + y],
      [120 + x, 30 + y],
    ],
  ],
});

/**
 * A line of a batch: parcels whose ids, certificates and packages repeat (duplicates of both kinds; some written
 * padded or full-width, which the id rule reads as the plain ones, warned), unknown keys and types (refused by the
 * valuation), types by name or land-use class, expired rights and mortgages (warnings shared by many parcels), outlines that overlap, and lines that
 * are not parcels at all.
 */
const lineArb = fc.oneof(
  { weight: 12, arbitrary: parcelArb() },
  // '\uDC001048576': what splitLines yields for a line past 2²⁰ characters (src/io/jsonl.test.ts), LINE_TOO_LONG.
  {
    weight: 1,
    arbitrary: fc.constantFrom('', '{not json', '{"id": 5}', '{"id":"X","areas":{}}', '\uDC001048576'),
  },
);

function parcelArb() {
  return fc
    .record({
      id: fc.constantFrom('A', 'B', 'C', 'D', 'E', 'F', 'long-parcel-identifier-0001', 'ｇ-1'),
      key: fc.constantFrom('hills', 'hills', 'valley', 'nowhere'),
      // types by code, by name (阔叶林), by a land-use class (0305 → shrub, warned once in the summary; 0301, of
      // several types, refused), and one type twice (阔叶林 beside forest.broadleaf, refused)
      types: fc.subarray([...TYPES, 'bogus.type', '阔叶林', '0305', '0301'], { minLength: 1, maxLength: 3 }),
      value: fc.integer({ min: 0, max: 99999 }),
      unit: fc.constantFrom('mu', 'hm2', 'm2'),
      // packages, certificates and holders the id rule reads as others (' P1' and 'Ｐ2' as P1 and P2)
      pkg: fc.constantFrom('P1', 'P2', ' P1', 'Ｐ2', undefined),
      rights: fc.array(
        fc.record({
          certificate: fc.constantFrom(
            'C1',
            'C2',
            ' C1',
            'Ｃ2',
            '赣(2024)示例县不动产权第0000001号',
            '赣（2024）示例县不动产权第0000001号', // full-width brackets: the same certificate by the rule
            undefined,
          ),
          holder: fc.constantFrom('甲', '乙', '甲 ', undefined),
          until: fc.constantFrom(undefined, undefined, '2020-01-01'),
        }),
        { maxLength: 2 },
      ),
      mortgage: fc.boolean(),
      outline: fc.option(fc.constantFrom([0, 0], [0.002, 0], [0.01, 0.01]), { freq: 4 }),
    })
    .map((p) =>
      JSON.stringify({
        id: p.id,
        ...(p.pkg === undefined ? {} : { package: p.pkg }),
        key: p.key,
        areas: Object.fromEntries(
          p.types.map((t, i) => [t, { value: ((p.value + 37 * i) / 100).toFixed(2), unit: p.unit }]),
        ),
        rights: p.rights.map((r) => ({
          kind: 'forest',
          ...(r.certificate === undefined ? {} : { certificate: r.certificate }),
          ...(r.holder === undefined ? {} : { holder: r.holder }),
          ...(r.until === undefined ? {} : { until: r.until }),
        })),
        ...(p.mortgage ? { encumbrances: [{ kind: 'mortgage', until: '2030-12-31' }] } : {}),
        ...(p.outline === null ? {} : { geometry: square(p.outline[0], p.outline[1]) }),
      }),
    );
}

describe('the parcel pool writes what one batch writes', () => {
  it('property: JSON lines in and out, full or compact (one by one or in blocks), any workers and chunk size, warnings as refs or inline', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(lineArb, { minLength: 0, maxLength: 60 }),
        fc.integer({ min: 1, max: 3 }),
        fc.integer({ min: 1, max: 9 }),
        fc.constantFrom<Opts['warnings']>('refs', 'inline'),
        fc.boolean(),
        fc.integer({ min: 0, max: 7 }),
        fc.constantFrom<'jsonl' | 'compact'>('jsonl', 'compact'),
        async (lines, workers, chunkLines, warnings, checkDuplicates, blockSize, format) => {
          const opts: Opts = { warnings, checkDuplicates };
          const out: Output = { format };
          const a = sequential(lines, opts, out);
          const b = await pooled(lines, opts, out, workers, chunkLines, blockSize);
          expect(b.text).toBe(a.text);
          expect(b.summary).toBe(a.summary);
        },
      ),
      { numRuns: 25 },
    );
  }, 120_000);

  it('keys moved to an index part-way (memoryKeys 3), and every parcel on the decimal path', async () => {
    const lines = fc.sample(lineArb, { numRuns: 80, seed: 7 });
    for (const opts of [
      { memoryKeys: 3, warnings: 'refs' },
      { fastPath: false, warnings: 'refs' },
    ] as Opts[]) {
      const a = sequential(lines, opts, { format: 'jsonl' });
      const b = await pooled(lines, opts, { format: 'jsonl' }, 2, 4);
      expect(b.text).toBe(a.text);
      expect(b.summary).toBe(a.summary);
    }
  }, 120_000);

  it('CSV in and CSV rows out; results counted', async () => {
    const header = `id,package,key,unit,${TYPES.map((t) => `area:${t}`).join(',')},right,certificate,holder,encumbrances`;
    const rows = [
      '',
      header,
      'ZX-1,PKG-A,hills,mu,120,45.5,,,forest,C-1,甲,',
      'ZX-2,PKG-A,hills,mu,80,,12,,forest,C-2,乙,mortgage@2030-06-30',
      'ZX-1,PKG-A,hills,mu,1,,,,forest,C-9,甲,', // the id again
      'ZX-3,PKG-B,valley,hm2,,,4.75,1.2,forest,C-1,丙,', // C-1 under another package and holder
      'ZX-4,PKG-B,nowhere,hm2,1,,,,forest,C-4,丙,', // unknown key
      'ZX-5,PKG-B,valley,hm2,abc,,,,forest,C-5,丙,', // not a number
      'ZX-4,PKG-B,valley,hm2,1,,,,forest,C-4,丙,', // the corrected copy of a refused parcel
      'ZX-6,ＰＫＧ-A,hills,mu,2,,,,forest,Ｃ-2, 乙,', // PKG-A, C-2, 乙 by the id rule: ZX-2's, valued (package warned)
    ];
    const opts: Opts = { format: 'csv', warnings: 'refs' };
    for (const out of [
      { format: 'jsonl' },
      { format: 'compact' },
      { format: 'csv', indicators },
    ] as Output[]) {
      const a = sequential(rows, opts, out);
      const b = await pooled(rows, opts, out, 2, 2);
      expect(b.text).toBe(a.text);
      expect(b.summary).toBe(a.summary);
      // Eight rows after the header, one result each (refused rows included).
      expect(b.results).toBe(8);
    }
    const summary = JSON.parse(sequential(rows, opts, { format: 'jsonl' }).summary) as {
      valued: number;
      refused: number;
      byPackage: { package: string; parcels: number }[];
      warningCatalogue: { count: number; issue: { code: string; path: unknown[] } }[];
    };
    // Valued: ZX-1 (line 3), ZX-2 (4), ZX-4 corrected (9), ZX-6 (10); refused: the id again (5), C-1 (6), nowhere
    // (7), abc (8).
    expect([summary.valued, summary.refused]).toEqual([4, 4]);
    expect(summary.byPackage.map((g) => [g.package, g.parcels])).toEqual([
      ['PKG-A', 3],
      ['PKG-B', 1],
    ]);
    // ZX-6's full-width package is warned; its full-width certificate is read as C-2 without a word (as registers
    // write certificates) and its padded holder is a trimmed cell, not warned.
    expect(
      summary.warningCatalogue
        .filter((e) => e.issue.code === 'VEP_FIELD_NORMALISED')
        .map((e) => [e.count, e.issue.path]),
    ).toEqual([[1, ['line', 10, 'package']]]);
  }, 60_000);

  it('a CSV header that cannot describe parcels throws before any worker starts; an empty CSV is VEP_CSV_HEADER', async () => {
    for (const rows of [['id,nothing-else'], [], ['', '  ']]) {
      const err = await pooled(rows, { format: 'csv' }, { format: 'jsonl' }, 2, 2).catch((e) => e);
      expect(err).toBeInstanceOf(GepError);
      expect((err as GepError).issues[0]?.code).toBe('VEP_CSV_HEADER');
    }
  });

  it('gives its input back however the run ends: a refused header, a caller that stops early, the end', async () => {
    // Each input is a generator whose finally records that it was given back (return()): a file streamed into the
    // pool (fileLines) closes its file there.
    const given: string[] = [];
    async function* input(name: string, rows: string[]) {
      try {
        for (const r of rows) yield r;
      } finally {
        given.push(name);
      }
    }
    const csv = readFileSync(join(EXAMPLES, 'parcels.csv'), 'utf8').split('\n');
    const header = valueParcelsPooled(input('header', ['id,nothing-else', 'A,1']), ctx, {
      format: 'csv',
      workers: 1,
      output: { format: 'jsonl' },
      workerFile: file,
    });
    expect(((await header.next().catch((e) => e)) as GepError).issues[0]?.code).toBe('VEP_CSV_HEADER');
    const early = valueParcelsPooled(input('early', csv), ctx, {
      format: 'csv',
      workers: 1,
      output: { format: 'jsonl' },
      workerFile: file,
    });
    expect((await early.next()).done).toBe(false);
    await early.return(undefined as never);
    const whole = valueParcelsPooled(input('whole', csv), ctx, {
      format: 'csv',
      workers: 1,
      output: { format: 'jsonl' },
      workerFile: file,
    });
    for await (const item of whole) expect(item).toBeDefined();
    expect(given).toEqual(['header', 'early', 'whole']);
  });

  it('an input that fails part-way: the lines before it answered as one batch answers them, then the failure', async () => {
    // 150 parcels, then the input fails (as a text whose encoding breaks does): every result of the 150 lines, in
    // chunks of 64 lines in flight to 2 workers, comes out before the failure; in blocks of 7 lines the failure
    // comes in the middle of a chunk (150 = 21 × 7 + 3)
    const lines = Array.from({ length: 150 }, (_, i) =>
      JSON.stringify({ id: `P${i}`, key: 'hills', areas: { shrub: { value: String(i + 1), unit: 'mu' } } }),
    );
    const broken = new GepError(
      issue('INPUT_ENCODING', ['line', 151], { file: 'parcels.jsonl', detail: 'test' }),
    );
    for (const size of [1, 7]) {
      async function* input() {
        for (let i = 0; i < lines.length; i += size) yield lines.slice(i, i + size);
        throw broken;
      }
      const want: string[] = [];
      async function* single() {
        yield* lines;
        throw broken;
      }
      const one = valueParcelsAsync(single(), ctx, {});
      await expect(
        (async () => {
          for await (const r of one) want.push(toCompactLine(r));
        })(),
      ).rejects.toBe(broken);
      expect(want).toHaveLength(150);
      for (const workers of [1, 2, 3]) {
        const got: string[] = [];
        const gen = valueParcelsPooled(input(), ctx, {
          workers,
          output: { format: 'compact' },
          workerFile: file,
        });
        const decoder = new TextDecoder();
        await expect(
          (async () => {
            for await (const item of gen)
              got.push(
                ...('bytes' in item ? decoder.decode(item.bytes).split(/(?<=\n)/) : [toCompactLine(item)]),
              );
          })(),
        ).rejects.toBe(broken);
        expect(got.join('')).toBe(want.join(''));
      }
    }
  });

  it('a worker file that cannot be loaded stops the run with VEP_WORKER_FAILED', async () => {
    const gen = valueParcelsPooled(['{"id":"A"}'], ctx, {
      workers: 1,
      output: { format: 'jsonl' },
      workerFile: join(process.cwd(), 'no-such-worker.mjs'),
    });
    const err = await gen.next().catch((e) => e);
    expect((err as GepError).issues[0]?.code).toBe('VEP_WORKER_FAILED');
  });
});

describe('the pool coordinator', () => {
  it('a catalogue entry whose warning never came with its chunk’s output stops the summary (an internal error)', () => {
    const c = new PoolCoordinator(ctx, { warnings: 'refs', checkDuplicates: false }, 1);
    // One valued parcel (kind 2) on line 2 with one warning, local number 0, first seen in this chunk.
    const verdicts = c.check(0, {
      chunk: 0,
      lines: Int32Array.of(2),
      kinds: Uint8Array.of(2),
      keys: encodeKeys({ id: 'A', package: null, rights: [] }),
      counts: Int32Array.of(1),
      warnings: Int32Array.of(0),
      newKeys: ['VEP_RIGHT_EXPIRED|key'],
      firstKey: 0,
    });
    // The warning starts the catalogue: W1, and the coordinator asks the worker for it (entry 0, warning 0).
    expect(verdicts).toMatchObject({ refs: [[0, 'W1']], ask: [[0, 0]], duplicates: [] });
    expect(() => c.summary([])).toThrow('chunks 0: warnings asked and never sent');
  });
});

describe('parcel keys cross the thread as one text', () => {
  it('property: decodeKeys reads what encodeKeys wrote, for any strings, one after another', () => {
    const keys = fc.record({
      id: fc.string({ unit: 'binary' }),
      package: fc.option(fc.string({ unit: 'binary' })),
      rights: fc.array(
        fc.record({
          certificate: fc.option(fc.string({ unit: 'binary' }), { nil: undefined }),
          holder: fc.option(fc.string({ unit: 'binary' }), { nil: undefined }),
        }),
        { maxLength: 3 },
      ),
    });
    fc.assert(
      fc.property(fc.array(keys, { maxLength: 5 }), (ks) => {
        const text = ks.map(encodeKeys).join('');
        let at = 0;
        for (const k of ks) {
          const [got, next] = decodeKeys(text, at);
          at = next;
          // Rights without any certificate are not sent (the checks read only certificates).
          const rights = k.rights.some((r) => r.certificate !== undefined) ? k.rights : [];
          expect(got).toEqual({ ...k, rights });
        }
        expect(at).toBe(text.length);
      }),
      { numRuns: 300 },
    );
  });

  it('a parcel with an id and a package and one right: lengths, then the strings', () => {
    // "A1" → 2:A1; package "P" → 1:P; 1 right; certificate "C-1" → 3:C-1; no holder → -
    expect(encodeKeys({ id: 'A1', package: 'P', rights: [{ certificate: 'C-1' }] })).toBe('2:A11:P1:3:C-1-');
    expect(encodeKeys({ id: 'A1', package: null, rights: [{ holder: '甲' }] })).toBe('2:A1-0:');
  });
});

describe('a worker’s run of result bytes (ByteRun)', () => {
  /** A writer as CompactLineWriter.writeInto is: the line's bytes from `at`, or −1 when they might not fit. */
  const writer = (line: Uint8Array) => (buf: Uint8Array, at: number) => {
    if (at + line.length > buf.length) return -1;
    buf.set(line, at);
    return at + line.length;
  };
  const bytes = (n: number, b: number) => new Uint8Array(n).fill(b);

  it('grows for a line longer than the whole buffer, first in the run or after others, and keeps every byte', () => {
    // a buffer of 8 bytes: a first line of 20 needs 8 → 16 → 32; then 3 bytes fit (23 of 32); then 40 more need
    // 64 (63 bytes in all)
    const run = new ByteRun(8);
    expect(run.write(writer(bytes(20, 1)))).toEqual([0, 20]);
    expect(run.write(writer(bytes(3, 2)))).toEqual([20, 23]);
    expect(run.add('三')).toEqual([23, 26]); // 三 is 3 bytes of UTF-8 (E4 B8 89)
    expect(run.write(writer(bytes(37, 4)))).toEqual([26, 63]);
    expect([...run.take()]).toEqual([...bytes(20, 1), ...bytes(3, 2), 0xe4, 0xb8, 0x89, ...bytes(37, 4)]);
    // the next run starts in a new buffer: nothing of the last one
    expect(run.write(writer(bytes(2, 9)))).toEqual([0, 2]);
    expect([...run.take()]).toEqual([9, 9]);
  });
});

describe('gepkit vep value --workers', () => {
  async function cli(...args: string[]) {
    let out = '';
    let err = '';
    const code = await vepCommand(args, {
      out: (s) => (out += s),
      err: (s) => (err += s),
      poolWorkerFile: file,
    });
    return { code, out, err };
  }
  const ex = (f: string) => join(EXAMPLES, f);

  it('value: a certificate under another (package, holder) pair is refused whatever the texts, in every index mode and with workers', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'vep-'));
    const file = join(dir, 'own.csv');
    // P1 has no package, P2 the package "(none)"; P4 the package "A, holder X" and no holder, P5 the package A
    // and the holder "X, holder (none)": each pair's text as "package …, holder …" was its neighbour's
    writeFileSync(
      file,
      [
        'id,package,key,unit,area:shrub,right,certificate,holder',
        'P1,,hills,hm2,1,forest,CERT-9,H',
        'P2,(none),hills,hm2,1,forest,CERT-9,H',
        'P3,B,hills,hm2,1,forest,CERT-9,H',
        'P4,"A, holder X",hills,hm2,1,forest,CERT-7,',
        'P5,A,hills,hm2,1,forest,CERT-7,"X, holder (none)"',
        'P6,,hills,hm2,1,forest,CERT-9,H',
        '',
      ].join('\n'),
    );
    const refused = (err: string) =>
      [...err.matchAll(/^error (\S+)\n {2}at line\[(\d+)\]/gm)].map((m) => `${m[2]} ${m[1]}`);
    const base = await cli('value', file, '--context', ex('context.json'));
    expect(base.code).toBe(1);
    expect(refused(base.err)).toEqual([
      '3 VEP_CERTIFICATE_DUPLICATE',
      '4 VEP_CERTIFICATE_DUPLICATE',
      '6 VEP_CERTIFICATE_DUPLICATE',
    ]);
    expect(base.err).toContain('(first under "P1: package (none), holder H"); parcel "P2" was not valued');
    expect(base.err).toContain(
      '(first under "P4: package "A, holder X", holder (none)"); parcel "P5" was not valued',
    );
    for (const index of ['memory', 'disk', 'auto'])
      for (const workers of ['0', '2']) {
        const r = await cli(
          'value',
          file,
          '--context',
          ex('context.json'),
          '--index',
          index,
          '--workers',
          workers,
        );
        expect({ index, workers, ...r }).toEqual({ index, workers, ...base });
      }
  });

  it('writes the same files as one thread: results, summary, rejected rows; stdout, compact lines and CSV too', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'vep-pool-'));
    const runs = [];
    for (const workers of ['0', '2']) {
      const out = join(dir, `out-${workers}`);
      const rejected = join(dir, `rejected-${workers}.csv`);
      const r = await cli(
        'value',
        ex('parcels.csv'),
        '--context',
        ex('context.json'),
        '--out-dir',
        out,
        '--rejected',
        rejected,
        '--workers',
        workers,
      );
      const stdout = await cli(
        'value',
        ex('parcels.csv'),
        '--context',
        ex('context.json'),
        '--workers',
        workers,
      );
      const csv = await cli(
        'value',
        ex('parcels.csv'),
        '--context',
        ex('context.json'),
        '--format',
        'csv',
        '--workers',
        workers,
      );
      const compact = await cli(
        'value',
        ex('parcels.csv'),
        '--context',
        ex('context.json'),
        '--format',
        'compact',
        '--workers',
        workers,
      );
      runs.push({
        code: r.code,
        compact: compact.out,
        results: readFileSync(join(out, 'results.jsonl'), 'utf8'),
        summary: readFileSync(join(out, 'summary.json'), 'utf8'),
        rejected: readFileSync(rejected, 'utf8'),
        stdout: stdout.out,
        stderr: stdout.err,
        csv: csv.out,
      });
    }
    const [one, pool] = runs;
    expect(pool).toEqual(one);
    // --format compact writes each result of the full lines as its compact line, and the same summary line.
    const full = (one?.stdout ?? '').split('\n').filter((l) => l !== '');
    expect(one?.compact).toBe(
      full
        .map((l, i) => (i === full.length - 1 ? `${l}\n` : toCompactLine(JSON.parse(l) as ParcelResult)))
        .join(''),
    );
    // The example: 11 parcels, 6 valued, 5 refused (exit 1), worth 17,824,669.16 元.
    expect(one?.code).toBe(1);
    expect(JSON.parse(one?.summary ?? '{}')).toMatchObject({
      lines: 11,
      valued: 6,
      refused: 5,
      value: '17824669.16',
    });
  }, 60_000);

  it('an overlap of two parcels is located at the same line in one thread and with workers', async () => {
    // Three parcels of 1 hm² of hills shrub: P1 (line 1) the 0.004° square at 120° E, 30° N; P2 (line 2) that
    // square 0.01° east, apart; P3 (line 3) the square shifted 0.002° east, over P1's east half:
    // R² × 0.002° × (sin 30.004° − sin 30°) = 6 371 008.8² × 3.49066e-5 × 6.04588e-5 = 85 661.0 m² (to 0.1 m²).
    // Each is warned of its area (about 17 hm² drawn for 1 hm² declared): not the overlap.
    const dir = mkdtempSync(join(tmpdir(), 'vep-pool-overlap-'));
    const input = join(dir, 'parcels.jsonl');
    const at = (id: string, x: number) =>
      JSON.stringify({
        id,
        key: 'hills',
        areas: { shrub: { value: '1', unit: 'hm2' } },
        geometry: square(x, 0),
      });
    writeFileSync(input, `${[at('P1', 0), at('P2', 0.01), at('P3', 0.002)].join('\n')}\n`);
    const overlaps = [];
    for (const workers of ['0', '2']) {
      const out = join(dir, `out-${workers}`);
      const r = await cli(
        'value',
        input,
        '--context',
        ex('context.json'),
        '--out-dir',
        out,
        '--workers',
        workers,
      );
      expect(r.code).toBe(0);
      overlaps.push(
        (JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8')) as { overlaps: unknown[] }).overlaps,
      );
    }
    expect(overlaps[1]).toEqual(overlaps[0]);
    expect(
      (overlaps[0] as { code: string; path: unknown[]; params: unknown; message: { en: string } }[]).map(
        (o) => [o.code, o.path, o.params, o.message.en],
      ),
    ).toEqual([
      [
        'VEP_PARCEL_OVERLAP',
        ['line', 3, 'geometry'],
        { a: 'P1', b: 'P3', area: '85661.0 m²', lineA: 1, lineB: 3 },
        'The outlines of parcels "P1" (line 1) and "P3" (line 3) overlap (overlapping area 85661.0 m²)',
      ],
    ]);
  });

  it('a CSV whose lines end in CR alone, past the line limit as one LF line, is refused at its header, outputs removed', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'vep-pool-cr-'));
    const [header, ...rows] = readFileSync(ex('parcels.csv'), 'utf8').trimEnd().split('\n');
    const many = Array.from({ length: 25_000 }, (_, i) =>
      (rows[i % rows.length] as string).replace(/^[^,]*/, `B-${i}`),
    );
    const big = join(dir, 'big.csv');
    writeFileSync(big, `${[header, ...many].join('\r')}\r`);
    const out = join(dir, 'out');
    const r = await cli('value', big, '--context', ex('context.json'), '--workers', '2', '--out-dir', out);
    expect(r.code).toBe(1);
    expect(r.err).toContain('error VEP_CSV_HEADER\n  at line[1]\n');
    expect(r.err).toContain('its lines end in a carriage return alone (CR)');
    expect(r.err).not.toContain('LINE_TOO_LONG');
    expect(readdirSync(out)).toEqual([]);
  });

  it('--workers takes a whole number from 0 to 64', async () => {
    for (const bad of ['--workers=-1', '1.5', 'two', '65']) {
      const option = bad.startsWith('--') ? [bad] : ['--workers', bad];
      const r = await cli('value', ex('parcels.csv'), '--context', ex('context.json'), ...option);
      // Usage errors exit 1 with the structured error on stderr (as every CLI_USAGE of the command).
      expect(r.code).toBe(1);
      expect(r.err).toContain('CLI_USAGE');
      expect(r.err).toContain('--workers must be a whole number from 0 to 64');
    }
  });
});
