import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { exampleContext, parcel } from '../../test/vep/helpers';
import { GepError } from '../core/errors';
import {
  type BatchOptions,
  type CertificateOwner,
  type DuplicateIndex,
  VepBatch,
  indexOptions,
  valueParcels,
} from './batch';
import { prepareContext } from './context';
import { type DiskIndexSizes, openDiskIndex } from './disk-index-node';

const parent = mkdtempSync(join(tmpdir(), 'gepkit-vep-index-test-'));
afterAll(() => rmSync(parent, { recursive: true, force: true }));

const prepared = prepareContext(exampleContext());

/** A parcel of id `id` whose one right carries `certificate` under `holder` (none: undefined; package PKG). */
const withRight = (id: string, certificate: string, holder: string | undefined, pkg: string | null = 'PKG') =>
  parcel(
    id,
    'hills',
    { 'forest.broadleaf': ['1.5', 'mu'] },
    {
      ...(pkg === null ? {} : { package: pkg }),
      rights: [{ kind: 'forest', certificate, ...(holder === undefined ? {} : { holder }) }],
    },
  );

/** A certificate's owner: its package and holder, null for none. */
const owner = (pkg: string | null, holder: string | null): CertificateOwner => ({ package: pkg, holder });

/** Every result and the summary of a run, as JSON text (what the CLI and the service write). */
function run(records: readonly unknown[], opts: BatchOptions): string {
  const out: unknown[] = [];
  const gen = valueParcels(records, prepared, { warnings: 'refs', ...opts });
  let step = gen.next();
  while (step.done !== true) {
    out.push(step.value);
    step = gen.next();
  }
  return JSON.stringify({ out, summary: step.value });
}

/** The disk index (with `sizes`), counting how often the batch opened one and checking each is closed. */
function counted(sizes: DiskIndexSizes = {}) {
  const opened: DuplicateIndex[] = [];
  const closed: boolean[] = [];
  return {
    opened,
    closed,
    open: () => {
      const index = openDiskIndex(parent, sizes);
      const k = opened.length;
      closed.push(false);
      opened.push({
        ...index,
        close: () => {
          closed[k] = true;
          index.close();
        },
      });
      return opened[k] as DuplicateIndex;
    },
  };
}

describe('the on-disk duplicate index', () => {
  // Lines 1–8: P1 twice (line 4 refused: first seen on line 1); certificate C1 under holder 甲 for P1 and P3 (one
  // holder: allowed), then under 乙 for P5 (refused: VEP_CERTIFICATE_DUPLICATE naming P1); C2 under another
  // package for P7 after P6 (refused); P2 again on line 8 (refused, first line 2).
  const records = [
    withRight('P1', 'C1', '甲'),
    withRight('P2', 'C9', '丙'),
    withRight('P3', 'C1', '甲'),
    withRight('P1', 'C4', '甲'),
    withRight('P5', 'C1', '乙'),
    withRight('P6', 'C2', '丁', 'PKG-A'),
    withRight('P7', 'C2', '丁', 'PKG-B'),
    withRight('P2', 'C8', '丙'),
  ];

  it('gives the results of the memory maps, on disk from the start and when the keys move mid-batch', () => {
    const memory = run(records, {});
    const codes = (JSON.parse(memory) as { out: { ok: boolean; issues: { code: string }[] }[] }).out.map(
      (r) => (r.ok ? 'ok' : r.issues.map((i) => i.code).join()),
    );
    expect(codes).toEqual([
      'ok',
      'ok',
      'ok',
      'VEP_PARCEL_DUPLICATE',
      'VEP_CERTIFICATE_DUPLICATE',
      'ok',
      'VEP_CERTIFICATE_DUPLICATE',
      'VEP_PARCEL_DUPLICATE',
    ]);
    // Runs of 2 keys merged 2 by 2: every key after the move is read back from a run or a merged run.
    for (const sizes of [{}, { buffer: 2, fanIn: 2 }])
      for (const memoryKeys of [0, 1, 3, 5]) {
        const c = counted(sizes);
        expect(run(records, { diskIndex: c.open, memoryKeys }), `memoryKeys ${memoryKeys}`).toBe(memory);
        expect(c.opened).toHaveLength(1);
        expect(c.closed).toEqual([true]);
      }
    // Never reached: the keys stay in memory and no index is opened.
    const c = counted();
    expect(run(records, { diskIndex: c.open, memoryKeys: 100 })).toBe(memory);
    expect(c.opened).toHaveLength(0);
    expect(readdirSync(parent)).toEqual([]);
  });

  it('compares owners as (package, holder) pairs on disk as in memory: none is not "(none)"', () => {
    // the reviewer's batch: P2 (package "(none)") and P5 (package A, holder "X, holder (none)") are other owners
    // than P1 (no package) and P4 (package "A, holder X", no holder), whose texts they used to share
    const tricky = [
      withRight('P1', 'CERT-9', 'H', null),
      withRight('P2', 'CERT-9', 'H', '(none)'),
      withRight('P3', 'CERT-9', 'H', 'B'),
      withRight('P4', 'CERT-7', undefined, 'A, holder X'),
      withRight('P5', 'CERT-7', 'X, holder (none)', 'A'),
      withRight('P6', 'CERT-9', 'H', null),
      withRight('P7', 'CERT-7', undefined, 'A, holder X'),
    ];
    const memory = run(tricky, {});
    const out = (JSON.parse(memory) as { out: { ok: boolean; issues: { code: string; params: object }[] }[] })
      .out;
    expect(out.map((r) => (r.ok ? 'ok' : r.issues.map((i) => [i.code, i.params])))).toEqual([
      'ok',
      [
        [
          'VEP_CERTIFICATE_DUPLICATE',
          { certificate: 'CERT-9', first: 'P1: package (none), holder H', id: 'P2' },
        ],
      ],
      [
        [
          'VEP_CERTIFICATE_DUPLICATE',
          { certificate: 'CERT-9', first: 'P1: package (none), holder H', id: 'P3' },
        ],
      ],
      'ok',
      [
        [
          'VEP_CERTIFICATE_DUPLICATE',
          { certificate: 'CERT-7', first: 'P4: package "A, holder X", holder (none)', id: 'P5' },
        ],
      ],
      'ok',
      'ok',
    ]);
    // on disk from the start (every lookup read back from a run of one key) and when the keys move mid-batch
    for (const memoryKeys of [0, 3])
      expect(run(tricky, { diskIndex: counted({ buffer: 1, fanIn: 2 }).open, memoryKeys })).toBe(memory);
  });

  it('keeps each owner exactly: none apart from "(none)" and the empty text, commas, long texts', () => {
    const index = openDiskIndex(parent, { buffer: 1 });
    const long = '林'.repeat(70_000); // a length beyond one code unit (65 535)
    const owners = [
      owner(null, null),
      owner('(none)', null),
      owner(null, '(none)'),
      owner('', ''),
      owner('A, holder X', null),
      owner('A', 'X, holder (none)'),
      owner(long, 'H'),
      owner('P', long),
    ];
    owners.forEach((o, i) => index.certificates.set(`C${i}`, { owner: o, id: `P${i}:x` }));
    owners.forEach((o, i) => expect(index.certificates.get(`C${i}`)).toEqual({ owner: o, id: `P${i}:x` }));
    index.close();
  });

  it('keeps no index without duplicate checks', () => {
    const c = counted();
    const b = new VepBatch(prepared, { checkDuplicates: false, diskIndex: c.open, memoryKeys: 0 });
    expect(b.process(withRight('P1', 'C1', '甲'), 1)?.ok).toBe(true);
    expect(b.process(withRight('P1', 'C1', '乙'), 2)?.ok).toBe(true);
    b.close();
    expect(c.opened).toHaveLength(0);
  });

  it('removes its directory on close, and survives the write buffer being flushed', () => {
    const index = openDiskIndex(parent, { buffer: 4096 });
    const dir = readdirSync(parent).map((d) => join(parent, d));
    expect(dir).toHaveLength(1);
    // Keys are kept as bytes in the runs: the checks need not copy them first.
    expect(index.copiesKeys).toBe(true);
    // 20,000 ids: four runs of 4,096 keys and 3,616 in the buffer, so most are read back from runs.
    for (let i = 0; i < 20_000; i++) index.ids.set(`P${i}`, i + 1);
    expect(readdirSync(dir[0] as string)).toHaveLength(4);
    index.certificates.set('赣(2024)示例县不动产权第1号', { owner: owner('P', '甲'), id: 'P1' });
    expect(index.ids.get('P0')).toBe(1);
    expect(index.ids.get('P19999')).toBe(20_000);
    expect(index.ids.get('P20000')).toBeUndefined();
    expect(index.certificates.get('赣(2024)示例县不动产权第1号')).toEqual({
      owner: owner('P', '甲'),
      id: 'P1',
    });
    index.close();
    expect(existsSync(dir[0] as string)).toBe(false);
  });

  it('agrees with the memory maps on random batches of repeated ids and certificates', () => {
    const arb = fc.array(
      fc.record({
        id: fc.integer({ min: 0, max: 12 }),
        certificate: fc.integer({ min: 0, max: 6 }),
        holder: fc.constantFrom('甲', '乙', undefined, '(none)', '甲, holder (none)'),
        pkg: fc.constantFrom('A', 'B', null, '(none)', 'A, holder 甲'),
      }),
      { minLength: 1, maxLength: 25 },
    );
    fc.assert(
      fc.property(
        arb,
        fc.integer({ min: 0, max: 30 }),
        fc.integer({ min: 1, max: 5 }),
        (specs, memoryKeys, buffer) => {
          const recs = specs.map((s) => withRight(`P${s.id}`, `C${s.certificate}`, s.holder, s.pkg));
          const c = counted({ buffer, fanIn: 2 });
          expect(run(recs, { diskIndex: c.open, memoryKeys })).toBe(run(recs, {}));
          expect(c.closed.every((x) => x)).toBe(true);
        },
      ),
      { numRuns: 40 },
    );
  }, 60_000);

  it('a file system failure is thrown as the file system gives it, named VEP_INDEX_FAILED by the batch, and leaves no files', () => {
    // The parent does not exist: the directory cannot be made.
    expect(() => openDiskIndex(join(parent, 'missing'))).toThrow(/ENOENT/);
    // The directory removed under the index: the first run cannot be written.
    let dir = '';
    const b = new VepBatch(prepared, {
      ...indexOptions('disk', () => {
        const index = openDiskIndex(parent, { buffer: 2 });
        dir = join(parent, readdirSync(parent)[0] as string);
        rmSync(dir, { recursive: true });
        return index;
      }),
    });
    // P1: its id and certificate fill the buffer of the ids' map and the certificates' map by one each; P2's id
    // is the second key of the ids' map, which writes the run.
    expect(b.process(withRight('P1', 'C1', '甲'), 1)?.ok).toBe(true);
    let caught: unknown;
    try {
      b.process(withRight('P2', 'C2', '甲'), 2);
    } catch (e) {
      caught = e;
    }
    expect(caught).toBeInstanceOf(GepError);
    expect((caught as GepError).code).toBe('VEP_INDEX_FAILED');
    expect((caught as GepError).issues[0]?.params?.['detail']).toContain(dir);
    b.close();
    expect(readdirSync(parent)).toEqual([]);
  });
});
