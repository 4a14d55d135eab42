import { describe, expect, it } from 'vitest';
import { GepError, type Issue } from '../core/errors';
import { SQUARE_001, exampleContext, parcel } from '../../test/vep/helpers';
import {
  type BatchOptions,
  type BatchSummary,
  type CertificateSeen,
  type DuplicateIndex,
  type ParcelResult,
  VepBatch,
  valueParcels,
} from './batch';
import type { ParcelKeys } from './duplicates';
import { PoolCoordinator } from './pool';
import { type ChunkKeys, type ChunkOut, type PoolSetup, PoolWorker, encodeKeys } from './pool-worker';
import { resultCsvRow } from './result-csv';
import { toCompactLine } from './result-line';
import { vepIssue } from './errors';
import { toJsonLine } from '../io/jsonl';

/** The example context with R6 and R7 only (as src/vep/batch.test.ts values by hand). */
const handContext = () => ({ ...exampleContext(), exclude: ['R1', 'R2', 'R3', 'R8', 'R9'] });

const keysOf = (id: string, extra: Partial<ParcelKeys> = {}): ParcelKeys => ({
  id,
  package: null,
  rights: [],
  ...extra,
});

/** A chunk's keys as a worker sends them: per entry its line, kind, keys (none for kind 0) and local warnings. */
function chunk(
  n: number,
  entries: { line: number; kind: 0 | 1 | 2; keys?: ParcelKeys; local?: number[] }[],
  newKeys: string[] = [],
  firstKey = 0,
): ChunkKeys {
  return {
    chunk: n,
    lines: Int32Array.from(entries.map((e) => e.line)),
    kinds: Uint8Array.from(entries.map((e) => e.kind)),
    keys: entries.map((e) => (e.keys === undefined ? '' : encodeKeys(e.keys))).join(''),
    counts: Int32Array.from(entries.map((e) => e.local?.length ?? 0)),
    warnings: Int32Array.from(entries.flatMap((e) => e.local ?? [])),
    newKeys,
    firstKey,
  };
}

/** A warning as a worker answers it (the catalogue's entries keep it as it is). */
const warning = (id: string): Issue =>
  vepIssue('VEP_PARCEL_ENCUMBERED', ['line', 1, 'rights'], { id, kinds: 'mortgage' });

/** A DuplicateIndex over plain Maps, counting its closes. */
function memoryIndex(closed: string[] = []): DuplicateIndex {
  return {
    ids: new Map<string, number>(),
    certificates: new Map<string, CertificateSeen>(),
    close: () => closed.push('closed'),
  };
}

describe('PoolCoordinator: the duplicate checks over the chunks in line order', () => {
  it('refuses an id valued in an earlier chunk, read by another worker, naming the line it was valued on', () => {
    const c = new PoolCoordinator(handContext(), {}, 2);
    const v0 = c.check(0, chunk(0, [{ line: 3, kind: 2, keys: keysOf('A') }]));
    expect(v0).toEqual({ chunk: 0, duplicates: [], refs: [], ask: [] });
    const v1 = c.check(
      1,
      chunk(1, [
        { line: 7, kind: 0 },
        { line: 8, kind: 2, keys: keysOf('A') },
      ]),
    );
    expect(v1.chunk).toBe(1);
    // entry 1 of the chunk (the refused line 7 has no keys, so line 8's are the first read)
    expect(v1.duplicates.map(([i, d]) => [i, d.code, d.path, d.params])).toEqual([
      [1, 'VEP_PARCEL_DUPLICATE', ['line', 8, 'id'], { id: 'A', first: 3 }],
    ]);
  });

  it('claims only valued parcels: an id refused by its valuation (kind 1) is free for a later line', () => {
    const c = new PoolCoordinator(handContext(), {}, 1);
    // B refused by the valuation on line 1, then valued on line 2: not a duplicate; B again on line 3 is one
    expect(c.check(0, chunk(0, [{ line: 1, kind: 1, keys: keysOf('B') }])).duplicates).toEqual([]);
    expect(c.check(0, chunk(1, [{ line: 2, kind: 2, keys: keysOf('B') }])).duplicates).toEqual([]);
    const v = c.check(0, chunk(2, [{ line: 3, kind: 1, keys: keysOf('B') }]));
    expect(v.duplicates.map(([i, d]) => [i, d.code, d.params])).toEqual([
      [0, 'VEP_PARCEL_DUPLICATE', { id: 'B', first: 2 }],
    ]);
  });

  it('claims a valued parcel’s certificates: one under another holder later is refused, under the same one not', () => {
    const c = new PoolCoordinator(handContext(), {}, 1);
    const right = (holder: string) => ({ rights: [{ certificate: 'C1', holder }], package: 'P' });
    expect(c.check(0, chunk(0, [{ line: 1, kind: 2, keys: keysOf('A', right('H1')) }])).duplicates).toEqual(
      [],
    );
    const v = c.check(
      0,
      chunk(1, [
        { line: 2, kind: 2, keys: keysOf('B', right('H1')) },
        { line: 3, kind: 2, keys: keysOf('C', right('H2')) },
      ]),
    );
    expect(v.duplicates.map(([i, d]) => [i, d.code, d.path, d.params])).toEqual([
      [
        1,
        'VEP_CERTIFICATE_DUPLICATE',
        ['line', 3, 'rights', 0, 'certificate'],
        { certificate: 'C1', first: 'A: package P, holder H1', id: 'C' },
      ],
    ]);
  });

  it('reads each entry’s keys once: a parcel without package and a certificate alone in its chunk', () => {
    // Its keys text, "1:A-1:2:C12:H1", is the whole chunk's; nothing is read past its last entry.
    const c = new PoolCoordinator(handContext(), {}, 1);
    const keys = keysOf('A', { rights: [{ certificate: 'C1', holder: 'H1' }] });
    expect(encodeKeys(keys)).toBe('1:A-1:2:C12:H1');
    expect(c.check(0, chunk(0, [{ line: 1, kind: 2, keys }]))).toEqual({
      chunk: 0,
      duplicates: [],
      refs: [],
      ask: [],
    });
    const v = c.check(
      0,
      chunk(1, [{ line: 2, kind: 2, keys: keysOf('B', { rights: [{ certificate: 'C1' }] }) }]),
    );
    expect(v.duplicates.map(([i, d]) => [i, d.code, d.params])).toEqual([
      [0, 'VEP_CERTIFICATE_DUPLICATE', { certificate: 'C1', first: 'A: package (none), holder H1', id: 'B' }],
    ]);
  });

  it('with checkDuplicates false, refuses nothing', () => {
    const c = new PoolCoordinator(handContext(), { checkDuplicates: false }, 1);
    c.check(0, chunk(0, [{ line: 1, kind: 2, keys: keysOf('A') }]));
    expect(c.check(0, chunk(1, [{ line: 2, kind: 2, keys: keysOf('A') }])).duplicates).toEqual([]);
    c.close();
  });

  it('moves the keys to the disk index past memoryKeys, and close releases it once', () => {
    const closed: string[] = [];
    let opened = 0;
    const c = new PoolCoordinator(
      handContext(),
      { diskIndex: () => (opened++, memoryIndex(closed)), memoryKeys: 1 },
      1,
    );
    c.check(0, chunk(0, [{ line: 1, kind: 2, keys: keysOf('A') }]));
    expect(opened).toBe(0);
    // a second key is past memoryKeys = 1: the index opens, and still knows A
    c.check(0, chunk(1, [{ line: 2, kind: 2, keys: keysOf('B') }]));
    expect(opened).toBe(1);
    const v = c.check(0, chunk(2, [{ line: 3, kind: 2, keys: keysOf('A') }]));
    expect(v.duplicates.map(([, d]) => d.params)).toEqual([{ id: 'A', first: 1 }]);
    c.close();
    expect(closed).toEqual(['closed']);
  });

  it('keeps the keys in memory up to the default bound (100,000) when memoryKeys is not given', () => {
    let opened = 0;
    const c = new PoolCoordinator(handContext(), { diskIndex: () => (opened++, memoryIndex()) }, 1);
    c.check(
      0,
      chunk(
        0,
        [1, 2, 3].map((line) => ({ line, kind: 2 as const, keys: keysOf(`P${line}`) })),
      ),
    );
    expect(opened).toBe(0);
    c.close();
  });
});

describe('PoolCoordinator: warning refs numbered as one batch meets them', () => {
  it('makes a catalogue entry for each warning first met, asks its worker for it, and counts every parcel', () => {
    const c = new PoolCoordinator(handContext(), { warnings: 'refs' }, 2);
    // Worker 0, chunk 0: line 1 refused on reading (no keys), line 2 valued with local warnings 0 and 1, line 3
    // valued with local warning 1 (counts [0, 2, 1]: line 3's warnings start at index 2 of `warnings`).
    const v0 = c.check(
      0,
      chunk(
        0,
        [
          { line: 1, kind: 0 },
          { line: 2, kind: 2, keys: keysOf('A'), local: [0, 1] },
          { line: 3, kind: 2, keys: keysOf('B'), local: [1] },
        ],
        ['k-enc', 'k-area'],
      ),
    );
    expect(v0).toEqual({
      chunk: 0,
      duplicates: [],
      refs: [
        [0, 'W1'],
        [1, 'W2'],
      ],
      // entry 1 (line 2), its warnings 0 and 1
      ask: [
        [1, 0],
        [1, 1],
      ],
    });
    // Worker 1, chunk 1: its own local numbers: 0 is k-area (known: W2), 1 a new key k-other (W3).
    const v1 = c.check(
      1,
      chunk(1, [{ line: 4, kind: 2, keys: keysOf('C'), local: [1, 0] }], ['k-area', 'k-other']),
    );
    expect(v1).toEqual({
      chunk: 1,
      duplicates: [],
      refs: [
        [1, 'W3'],
        [0, 'W2'],
      ],
      ask: [[0, 0]],
    });
    // Worker 0 again: its local numbers already have refs, so none is sent again; a refused parcel's (kind 1)
    // warnings are not counted.
    const v2 = c.check(
      0,
      chunk(2, [
        { line: 5, kind: 1, keys: keysOf('D'), local: [] },
        { line: 6, kind: 2, keys: keysOf('E'), local: [0] },
      ]),
    );
    expect(v2).toEqual({ chunk: 2, duplicates: [], refs: [], ask: [] });
    // A duplicate's warnings are not counted either.
    const v3 = c.check(0, chunk(3, [{ line: 7, kind: 2, keys: keysOf('A'), local: [0] }]));
    expect([v3.refs, v3.ask, v3.duplicates.map(([i, d]) => [i, d.code])]).toEqual([
      [],
      [],
      [[0, 'VEP_PARCEL_DUPLICATE']],
    ]);
    const answers = [warning('A'), warning('A2')];
    c.settle({ chunk: 0, parts: [], counts: [], answers } as ChunkOut);
    c.settle({ chunk: 1, parts: [], counts: [], answers: [warning('C')] } as ChunkOut);
    // a chunk that asked for nothing is settled without anything to take
    c.settle({ chunk: 2, parts: [], counts: [], answers: [] } as ChunkOut);
    const s = c.summary([]);
    // W1 (k-enc): lines 2 and 6; W2 (k-area): lines 2, 3 and 4; W3: line 4
    expect(s.warningCatalogue).toEqual([
      { ref: 'W1', count: 2, firstLine: 2, issue: answers[0] },
      { ref: 'W2', count: 3, firstLine: 2, issue: answers[1] },
      { ref: 'W3', count: 1, firstLine: 4, issue: warning('C') },
    ]);
  });

  it('a parcel first meeting a warning already met elsewhere in the chunk is not asked twice', () => {
    const c = new PoolCoordinator(handContext(), { warnings: 'refs' }, 1);
    const v = c.check(
      0,
      chunk(
        0,
        [
          { line: 1, kind: 2, keys: keysOf('A'), local: [0] },
          { line: 2, kind: 2, keys: keysOf('B'), local: [0] },
        ],
        ['k'],
      ),
    );
    expect([v.refs, v.ask]).toEqual([[[0, 'W1']], [[0, 0]]]);
    c.settle({ chunk: 0, parts: [], counts: [], answers: [warning('A')] });
    expect(c.summary([]).warningCatalogue?.map((e) => [e.ref, e.count, e.firstLine])).toEqual([['W1', 2, 1]]);
  });

  it('with inline warnings there is no catalogue: no refs and nothing asked', () => {
    const c = new PoolCoordinator(handContext(), { warnings: 'inline' }, 1);
    const v = c.check(0, chunk(0, [{ line: 1, kind: 2, keys: keysOf('A'), local: [0] }], ['k']));
    expect(v).toEqual({ chunk: 0, duplicates: [], refs: [], ask: [] });
    expect(c.summary([]).warningCatalogue).toBeUndefined();
  });

  it('refuses a summary while chunks wait for their warnings, naming them', () => {
    const c = new PoolCoordinator(handContext(), { warnings: 'refs' }, 1);
    c.check(0, chunk(0, [{ line: 1, kind: 2, keys: keysOf('A'), local: [0] }], ['k0']));
    c.check(0, chunk(1, [{ line: 2, kind: 2, keys: keysOf('B'), local: [0] }]));
    c.check(0, chunk(2, [{ line: 3, kind: 2, keys: keysOf('C'), local: [1] }], ['k1'], 1));
    expect(() => c.summary([])).toThrow(new Error('chunks 0, 2: warnings asked and never sent'));
    c.settle({ chunk: 2, parts: [], counts: [], answers: [warning('C')] });
    expect(() => c.summary([])).toThrow(new Error('chunks 0: warnings asked and never sent'));
    c.settle({ chunk: 0, parts: [], counts: [], answers: [warning('A')] });
    expect(c.summary([]).warningCatalogue?.map((e) => e.issue.params?.id)).toEqual(['A', 'C']);
  });
});

describe('PoolCoordinator: the header and the totals', () => {
  it('reads a CSV header, refusing one that cannot describe parcels', () => {
    const bad = new PoolCoordinator(handContext(), { format: 'csv' }, 1);
    const err = (() => {
      try {
        bad.readHeader('unit,note', 1);
      } catch (e) {
        return e as GepError;
      }
      return undefined;
    })();
    expect(err).toBeInstanceOf(GepError);
    expect([err?.code, err?.path]).toEqual(['VEP_CSV_HEADER', ['line', 1]]);
    // without a header a CSV run has nothing to sum; with one it has
    expect(() => new PoolCoordinator(handContext(), { format: 'csv' }, 1).summary([])).toThrow(GepError);
    const good = new PoolCoordinator(handContext(), { format: 'csv' }, 1);
    good.readHeader('id,key,unit,area:shrub', 1);
    expect(good.summary([]).lines).toBe(0);
  });

  it('adds the workers’ totals into the summary, as one batch sums the same lines', () => {
    const lines = [
      parcel('G1', 'hills', { shrub: ['1', 'hm2'] }, { package: 'A', geometry: SQUARE_001 }),
      parcel('G2', 'hills', { shrub: ['1', 'hm2'] }, { package: 'B' }),
      parcel('G3', 'valley', { 'forest.broadleaf': ['15', 'mu'] }, { package: 'A' }),
    ];
    const w0 = new VepBatch(handContext());
    w0.process(lines[0], 1);
    w0.process(lines[1], 2);
    const w1 = new VepBatch(handContext());
    w1.process(lines[2], 3);
    const c = new PoolCoordinator(handContext(), {}, 2);
    const s = c.summary([
      { ...w0.sums.data(), referenceWarnings: [] },
      { ...w1.sums.data(), referenceWarnings: [] },
    ]);
    const one = new VepBatch(handContext());
    lines.forEach((l, i) => one.process(l, i + 1));
    expect(s).toEqual(one.summary());
    // G1 and G2, each 1 hm² of hills shrub: 4081.33 元 (src/vep/batch.test.ts); A = G1 + G3
    expect([s.lines, s.valued, s.byPackage.map((p) => p.package)]).toEqual([3, 3, ['A', 'B']]);
    expect(s.byPackage[1]?.value).toBe('4081.33');
  });
});

describe('a pool writes what one batch writes: reference warnings, output formats, CSV lines, rights', () => {
  const context = exampleContext();
  const right = (certificate: string | undefined, holder: string) => ({
    kind: 'forest',
    holder,
    ...(certificate !== undefined ? { certificate } : {}),
  });
  // Rights where only some list a certificate: each certificate listed is claimed. LQ-1 comes back under another
  // holder (refused) and under the same one (accepted); blank lines open chunks; broadleaf forest reads a
  // reference run with placeholder coefficients (GRADE_BELOW_THRESHOLD) and an encumbrance warns. The second A,
  // of coniferous forest as no other parcel, is refused as one batch refuses it, before it is valued: the warning
  // of its reference run (runoff.storm_coefficient [forest.coniferous]) is not the run's, though a worker valued it.
  const json = [
    '',
    parcel('A', 'hills', { shrub: ['1', 'hm2'] }, { rights: [right(undefined, 'H0'), right('LQ-1', 'H1')] }),
    parcel('B', 'hills', { 'forest.broadleaf': ['2', 'hm2'] }),
    '',
    parcel('C', 'valley', { shrub: ['2', 'mu'] }, { rights: [right('LQ-1', 'H2')] }),
    parcel('D', 'hills', { shrub: ['3', 'mu'] }, { rights: [right('LQ-1', 'H1')] }),
    parcel('A', 'valley', { 'forest.coniferous': ['1', 'hm2'] }),
    parcel('E', 'valley', { 'forest.broadleaf': ['4', 'mu'] }, { encumbrances: [{ kind: 'seizure' }] }),
    ...Array.from({ length: 70 }, (_, i) =>
      parcel(`F${i}`, i % 2 === 0 ? 'hills' : 'valley', { shrub: [String(i + 1), 'mu'] }),
    ),
  ].map((l) => (typeof l === 'string' ? l : JSON.stringify(l)));

  it('the lines, with the run’s reference warnings, refused certificates and ids', () => {
    const want = sequential(json, { warnings: 'refs' }, { context });
    expect(want.summary.referenceWarnings.map((w) => w.code)).toContain('GRADE_BELOW_THRESHOLD');
    expect(want.summary.referenceWarnings.filter((w) => w.message.en.includes('coniferous'))).toEqual([]);
    // C claims LQ-1 under another holder; the second A repeats an id
    expect(want.summary.refused).toBe(2);
    expect(want.summary.valued).toBe(74);
    for (const warnings of ['refs', 'inline'] as const)
      for (const [workers, size] of [
        [1, 80],
        [2, 3],
        [3, 1],
      ] as const) {
        const w = sequential(json, { warnings }, { context });
        const got = pooled(json, { warnings }, workers, size, { context });
        expect(got.text, `${warnings}, ${workers} × ${size}`).toBe(w.text);
        expect(got.summary, `${warnings}, ${workers} × ${size}`).toEqual(w.summary);
      }
  });

  it('certificates and holders compared by the id rule: "H1 " is H1, "CERT-1 " is CERT-1 (refused under H2)', () => {
    const lines = [
      parcel('B1', 'hills', { shrub: ['1', 'hm2'] }, { rights: [right('CERT-1', 'H1')] }),
      parcel('B2', 'hills', { shrub: ['1', 'hm2'] }, { rights: [right('CERT-1', 'H1 ')] }),
      parcel('B3', 'hills', { shrub: ['1', 'hm2'] }, { rights: [right('CERT-1 ', 'H2')] }),
    ].map((l) => JSON.stringify(l));
    const want = sequential(lines, { warnings: 'refs' }, { context });
    expect([want.summary.valued, want.summary.refused]).toEqual([2, 1]);
    expect(want.text).toContain('"id":"B3","issues":[{"code":"VEP_CERTIFICATE_DUPLICATE"');
    for (const [workers, size] of [
      [1, 3],
      [2, 1],
    ] as const) {
      const got = pooled(lines, { warnings: 'refs' }, workers, size, { context });
      expect(got.text).toBe(want.text);
      expect(got.summary).toEqual(want.summary);
    }
  });

  it('packages, certificates and holders by the id rule: " P1" and "Ｐ1" are P1, a padded holder warned', () => {
    const line = (id: string, pkg: string, certificate?: string, holder = 'H1') =>
      JSON.stringify(
        parcel(
          id,
          'hills',
          { shrub: ['1', 'hm2'] },
          { package: pkg, ...(certificate === undefined ? {} : { rights: [right(certificate, holder)] }) },
        ),
      );
    const lines = [
      line('B1', ' P1', 'CERT-1'),
      line('B2', 'Ｐ1', 'ＣＥＲＴ－１', ' H1'),
      line('B3', 'P2 ', 'CERT-1'), // CERT-1 under another package: refused
      line('B4', 'P1'),
    ];
    for (const warnings of ['refs', 'inline'] as const) {
      const want = sequential(lines, { warnings }, { context });
      expect([
        want.summary.valued,
        want.summary.refused,
        want.summary.byPackage.map((g) => g.package),
      ]).toEqual([3, 1, ['P1']]);
      // the refused line names its package, read by the id rule ("P2 " is P2), as a valued one would be
      expect(want.text).toContain('"id":"B3","package":"P2","issues":[{"code":"VEP_CERTIFICATE_DUPLICATE"');
      for (const [workers, size] of [
        [1, 4],
        [2, 1],
      ] as const) {
        const got = pooled(lines, { warnings }, workers, size, { context });
        expect(got.text, `${warnings}, ${workers} × ${size}`).toBe(want.text);
        expect(got.summary, `${warnings}, ${workers} × ${size}`).toEqual(want.summary);
      }
    }
    const refs = sequential(lines, { warnings: 'refs' }, { context });
    // B1's and B2's packages share one entry; B2's padded holder has one; its full-width certificate is read
    // as CERT-1 without a warning (and is B1's certificate under the same package and holder: not a duplicate)
    expect(
      refs.summary.warningCatalogue
        ?.filter((e) => e.issue.code === 'VEP_FIELD_NORMALISED')
        .map((e) => [e.count, e.issue.path.slice(2)]),
    ).toEqual([
      [2, ['package']],
      [1, ['rights', 0, 'holder']],
    ]);
  });

  it('compact lines and CSV rows, as the output writes them', () => {
    const indicators = ['R6', 'R7'];
    for (const output of [{ format: 'compact' }, { format: 'csv', indicators }] as PoolSetup['output'][]) {
      const want = sequential(json, { warnings: 'refs' }, { context, output });
      const got = pooled(json, { warnings: 'refs' }, 2, 5, { context, output });
      expect(got.text).toBe(want.text);
      expect(got.summary).toEqual(want.summary);
    }
  });

  it('compact lines of one chunk past the worker’s 64 KiB buffer: the buffer grows and the line is written again', () => {
    // 400 parcels of two types in one chunk: each compact line is some 400 bytes (measured below), so the chunk's
    // bytes pass 64 KiB (65,536) part-way, where the line that might not fit is written again into a larger buffer.
    const lines = Array.from({ length: 400 }, (_, i) =>
      JSON.stringify(
        parcel(`G${i}`, i % 2 === 0 ? 'hills' : 'valley', {
          shrub: [String(i + 1), 'mu'],
          'forest.broadleaf': ['1', 'hm2'],
        }),
      ),
    );
    const output: PoolSetup['output'] = { format: 'compact' };
    // With refs, a parcel whose warning has no ref yet waits for the verdicts (written then, on its own); inline,
    // each parcel is written as it is read, into the chunk's buffer.
    for (const warnings of ['refs', 'inline'] as const) {
      const want = sequential(lines, { warnings }, { context, output });
      expect(new TextEncoder().encode(want.text).length).toBeGreaterThan(2 * 65_536);
      const got = pooled(lines, { warnings }, 1, 400, { context, output });
      expect(got.text).toBe(want.text);
      expect(got.summary).toEqual(want.summary);
    }
  });

  it('CSV lines: the header read by the coordinator and handed to each worker', () => {
    const csv = [
      'id,key,unit,area:shrub,area:forest.broadleaf',
      'A,hills,mu,3,',
      '',
      'B,valley,hm2,,1',
      'A,valley,mu,1,',
      'C,hills,mu,2,2',
    ];
    const want = sequential(csv, { format: 'csv', warnings: 'refs' }, { context });
    expect([want.summary.lines, want.summary.valued, want.summary.refused]).toEqual([4, 3, 1]);
    for (const [workers, size] of [
      [1, 10],
      [2, 1],
    ] as const) {
      const got = pooled(csv, { format: 'csv', warnings: 'refs' }, workers, size, { context });
      expect(got.text).toBe(want.text);
      expect(got.summary).toEqual(want.summary);
    }
  });
});

/** What a pool run and its one-batch twin share: the context, and the results' output. */
interface RunSetup {
  context?: Record<string, unknown>;
  output?: PoolSetup['output'];
}

/** A valued parcel's result line as the output writes it (refused ones as JSON lines, in both runs). */
function written(r: ParcelResult, output: PoolSetup['output']): string {
  if (!r.ok) return toJsonLine(r);
  if (output.format === 'csv') return resultCsvRow(r, output.indicators);
  return output.format === 'compact' ? toCompactLine(r) : toJsonLine(r);
}

/**
 * A pool run in one thread: chunks of `size` lines dealt to `workers` PoolWorkers in turn, each read, checked by
 * the coordinator in chunk order, written and settled (as pool-node.ts does over threads). With CSV lines
 * (`opts.format`), the first line is the header, read by the coordinator and handed to every worker.
 */
function pooled(
  lines: string[],
  opts: BatchOptions,
  workers: number,
  size: number,
  { context = handContext(), output = { format: 'jsonl' } }: RunSetup = {},
) {
  const c = new PoolCoordinator(context, opts, workers);
  const csv = opts.format === 'csv';
  if (csv) c.readHeader(lines[0] as string, 1);
  const header = csv ? { header: { text: lines[0] as string, line: 1 } } : {};
  const ws = Array.from(
    { length: workers },
    () =>
      new PoolWorker({
        context,
        batch: { warnings: opts.warnings, ...(csv ? { format: 'csv' as const } : {}) },
        output,
        ...header,
      }),
  );
  const body = csv ? lines.slice(1) : lines;
  const chunks: { text: string; first: number }[] = [];
  for (let i = 0; i < body.length; i += size)
    chunks.push({ text: body.slice(i, i + size).join('\n'), first: i + 1 + (csv ? 1 : 0) });
  const keys = chunks.map((ch, n) => (ws[n % workers] as PoolWorker).read({ chunk: n, ...ch }));
  const decoder = new TextDecoder();
  let text = '';
  for (const [n, k] of keys.entries()) {
    const out = (ws[n % workers] as PoolWorker).write(c.check(n % workers, k));
    c.settle(out);
    // Each run of bytes comes with the number of results it holds (one line each), in order.
    let run = 0;
    for (const p of out.parts) {
      if (!(p instanceof Uint8Array)) {
        text += toJsonLine(p);
        continue;
      }
      const t = decoder.decode(p);
      expect(out.counts[run++]).toBe(t.split('\n').length - 1);
      text += t;
    }
    expect(run).toBe(out.counts.length);
  }
  const summary = c.summary(ws.map((w) => w.totals()));
  c.close();
  return { text, summary };
}

function sequential(
  lines: string[],
  opts: BatchOptions,
  { context = handContext(), output = { format: 'jsonl' } }: RunSetup = {},
): { text: string; summary: BatchSummary } {
  const gen = valueParcels(lines, context, opts);
  let text = '';
  for (let s = gen.next(); ; s = gen.next()) {
    if (s.done === true) return { text, summary: s.value };
    text += written(s.value as ParcelResult, output);
  }
}

describe('a pool of workers in one thread writes what one batch writes', () => {
  const enc = { encumbrances: [{ kind: 'mortgage', until: '2030-12-31' }] };
  const lines = [
    parcel('A', 'hills', { shrub: ['1', 'hm2'] }, { package: 'P', geometry: SQUARE_001 }),
    parcel('B', 'hills', { shrub: ['2', 'hm2'] }, enc),
    'not json',
    parcel('A', 'valley', { shrub: ['1', 'hm2'] }),
    parcel('C', 'nowhere', { shrub: ['1', 'hm2'] }),
    parcel('D', 'valley', { 'forest.broadleaf': ['3', 'mu'] }, { ...enc, geometry: SQUARE_001 }),
    parcel('C', 'valley', { shrub: ['1', 'hm2'] }, enc),
    parcel('E', 'hills', { shrub: ['1', 'hm2'] }, { geometry: SQUARE_001 }),
  ].map((l) => (typeof l === 'string' ? l : JSON.stringify(l)));

  for (const warnings of ['refs', 'inline'] as const)
    for (const [workers, size] of [
      [1, 8],
      [2, 1],
      [3, 2],
    ] as const)
      it(`with ${warnings} warnings, ${workers} worker(s), chunks of ${size} line(s)`, () => {
        const want = sequential(lines, { warnings });
        const got = pooled(lines, { warnings }, workers, size);
        expect(got.text).toBe(want.text);
        expect(got.summary).toEqual(want.summary);
        // the run has refused lines (not JSON, an unknown key, the duplicate A) and warnings
        expect([want.summary.lines, want.summary.refused]).toEqual([8, 3]);
        expect(want.summary.warnings).toBeGreaterThan(0);
      });
});
