import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { exampleContext, TYPES } from '../../test/vep/helpers';
import type { Issue } from '../core/errors';
import {
  type BatchOptions,
  type ParcelResult,
  type ValuedParcel,
  VepBatch,
  valueParcelsAsync,
  valuedResult,
} from './batch';
import { type CompactItem, CompactLineWriter, compactLinesAsync } from './compact-bytes';
import { toCompactLine } from './result-line';
import type { Parcel } from './schema';
import type { ParcelValue } from './valuer';

const utf8 = (s: string) => new TextEncoder().encode(s);
const text = (b: Uint8Array) => new TextDecoder().decode(b);

/** The reference: the compact line of the parcel's result, as `vep value --format compact` wrote it, in UTF-8. */
const reference = (p: ValuedParcel) => utf8(toCompactLine(valuedResult(p)));

/** A valued parcel from its parts (the writer reads the parcel's id, package and areas only). */
function valued(o: {
  line: number;
  id: string;
  pkg: string | null;
  key: string;
  path: 'fast' | 'decimal';
  areas: { type: string; value: string; unit: string; fen: bigint }[];
  cells: { code: string; type: string | null; fen: bigint }[];
  total: bigint;
  issues?: Issue[];
  warnings?: string[];
}): ValuedParcel {
  const parcel = {
    id: o.id,
    package: o.pkg,
    areas: o.areas.map(({ type, value, unit }) => ({ type, value, unit })),
  };
  const value = {
    parcel: parcel as unknown as Parcel,
    key: o.key,
    path: o.path,
    cells: o.cells,
    total: o.total,
    warnings: o.issues ?? [],
  } satisfies ParcelValue;
  return {
    line: o.line,
    valued: value,
    typeFen: o.areas.map((a) => a.fen),
    basis: 'sha256:00',
    issues: o.issues ?? [],
    ...(o.warnings === undefined ? {} : { warnings: o.warnings }),
  };
}

const example = valued({
  line: 2,
  id: 'ZX-0001',
  pkg: 'PKG-A',
  key: 'hills',
  path: 'fast',
  areas: [
    { type: 'forest.broadleaf', value: '120', unit: 'mu', fen: 450n },
    { type: 'shrub', value: '1.5', unit: 'hm2', fen: 150n },
  ],
  cells: [
    { code: 'R1', type: 'forest.broadleaf', fen: 400n },
    { code: 'R8', type: 'forest.broadleaf', fen: 50n },
    { code: 'R1', type: 'shrub', fen: 150n },
  ],
  total: 600n,
  warnings: ['W1', 'W2'],
});

describe('compact lines written as bytes from a valued parcel', () => {
  it('writes the compact line toCompactLine writes, from the fen', () => {
    // 600 fen = 6.00 元 = 4.50 (broadleaf: R1 4.00 + R8 0.50) + 1.50 (shrub: R1 1.50)
    const w = new CompactLineWriter();
    expect(text(w.bytes(example))).toBe(
      '{"line":2,"ok":true,"id":"ZX-0001","package":"PKG-A","key":"hills","path":"fast","value":"6.00",' +
        '"types":{"forest.broadleaf":{"area":["120","mu"],"value":"4.50","cells":{"R1":"4.00","R8":"0.50"}},' +
        '"shrub":{"area":["1.5","hm2"],"value":"1.50","cells":{"R1":"1.50"}}},"warnings":["W1","W2"]}\n',
    );
    // the second line of the shape comes from the template: -5 fen is -0.05 元, a package of null is null
    const second = valued({
      line: 1234567,
      id: '宗地 "7"',
      pkg: null,
      key: 'hills',
      path: 'fast',
      areas: [
        { type: 'forest.broadleaf', value: '0', unit: 'mu', fen: -5n },
        { type: 'shrub', value: '2', unit: 'm2', fen: 9007199254740993n },
      ],
      cells: [
        { code: 'R1', type: 'forest.broadleaf', fen: -5n },
        { code: 'R8', type: 'forest.broadleaf', fen: 0n },
        { code: 'R1', type: 'shrub', fen: 9007199254740993n },
      ],
      total: 9007199254740988n,
      warnings: [],
    });
    expect(text(w.bytes(second))).toBe(
      '{"line":1234567,"ok":true,"id":"宗地 \\"7\\"","package":null,"key":"hills","path":"fast",' +
        '"value":"90071992547409.88","types":{"forest.broadleaf":{"area":["0","mu"],"value":"-0.05",' +
        '"cells":{"R1":"-0.05","R8":"0.00"}},"shrub":{"area":["2","m2"],"value":"90071992547409.93",' +
        '"cells":{"R1":"90071992547409.93"}}},"warnings":[]}\n',
    );
    expect(w.bytes(second)).toEqual(reference(second));
  });

  it('gives the reference’s bytes for any parcel: codes, keys, strings, fen, lines and warnings of every kind', () => {
    // Codes and keys that JSON escapes, that sort before others as object keys ("12", "3"), that are "__proto__",
    // that look like a template's sentinels, lone surrogates; cells of one type and code twice, cells without a
    // type or of a type without an area.
    const codes = [
      'R1',
      'R8',
      '__proto__',
      '12',
      '3',
      'a"b',
      'x\\y',
      '阔叶',
      '\u00001\u0000',
      '\u0000',
      '\uD800',
      '😀',
    ];
    const types = ['forest.broadleaf', 'shrub', '__proto__', '7', '"', '\u00003\u0000', '林'];
    const fen = fc.oneof(
      fc.bigInt({ min: -100_000n, max: 100_000n }),
      fc.bigInt({ min: -(2n ** 60n), max: 2n ** 60n }),
      fc.constantFrom(
        0n,
        -1n,
        99n,
        -100n,
        2n ** 31n - 1n,
        2n ** 31n,
        -(2n ** 31n) - 7n,
        2n ** 53n - 1n,
        -(2n ** 53n - 1n),
        2n ** 53n,
        2n ** 53n + 1n,
        -(2n ** 53n) - 1n,
        10n ** 30n,
      ),
    );
    const str = fc.oneof(
      fc.string({ unit: 'binary', maxLength: 12 }),
      fc.string({ maxLength: 12 }),
      fc.constantFrom('P1', '赣(2024)示例县不动产权第1号', '\uDC00x', 'a\nb', '\u2028'),
    );
    const shape = fc.record({
      key: fc.constantFrom('hills', 'valley', '丘陵', 'hills+inline', 'inline', '"', '\u00000\u0000'),
      path: fc.constantFrom<'fast' | 'decimal'>('fast', 'decimal'),
      areaTypes: fc.uniqueArray(fc.constantFrom(...types), { maxLength: 4 }),
      cells: fc.array(
        fc.record({
          code: fc.constantFrom(...codes),
          type: fc.option(fc.constantFrom(...types), { freq: 6 }),
        }),
        { maxLength: 12 },
      ),
    });
    const issue: Issue = {
      code: 'VEP_RIGHT_EXPIRED',
      severity: 'warning',
      path: ['line', 2, 'rights', 0, 'until'],
      message: { zh: '权利已到期', en: 'The right has ended' },
      hint: 'Renew the right.',
      params: { big: 12345678901234567890n } as unknown as Issue['params'],
    } as Issue;
    const fill = fc.record({
      line: fc.oneof(fc.nat(), fc.constantFrom(0, -3, 2 ** 53 - 1, 2 ** 53, 1e21, 1.5, -0)),
      id: str,
      pkg: fc.option(str),
      areaValues: fc.array(fc.tuple(str, fc.constantFrom('mu', 'hm2', 'm2', 'x"'), fen), {
        minLength: 4,
        maxLength: 4,
      }),
      fens: fc.array(fen, { minLength: 12, maxLength: 12 }),
      total: fen,
      issues: fc.constantFrom<Issue[]>([], [], [issue]),
      warnings: fc.option(fc.array(str, { maxLength: 3 })),
    });
    fc.assert(
      fc.property(
        fc.array(fc.tuple(shape, fc.array(fill, { minLength: 1, maxLength: 4 })), {
          minLength: 1,
          maxLength: 6,
        }),
        fc.constantFrom(1, 2, 10_000),
        (groups, cacheSize) => {
          const w = new CompactLineWriter(cacheSize);
          for (const [s, fills] of groups)
            for (const f of fills) {
              const p = valued({
                line: f.line,
                id: f.id,
                pkg: f.pkg,
                key: s.key,
                path: s.path,
                areas: s.areaTypes.map((type, i) => {
                  const [value, unit, fen] = f.areaValues[i] as [string, string, bigint];
                  return { type, value, unit, fen };
                }),
                cells: s.cells.map((c, i) => ({ ...c, fen: f.fens[i] as bigint })),
                total: f.total,
                issues: f.issues,
                ...(f.warnings === null ? {} : { warnings: f.warnings }),
              });
              expect(w.bytes(p)).toEqual(reference(p));
            }
        },
      ),
      { numRuns: 400 },
    );
  });

  it('writeInto writes the same bytes into a block from where it is told, or -1 and nothing before it', () => {
    const w = new CompactLineWriter();
    const want = reference(example);
    fc.assert(
      fc.property(fc.nat(300), fc.nat(600), (at, room) => {
        const block = new Uint8Array(at + room).fill(0xaa);
        const end = w.writeInto(example, block, at);
        expect(block.subarray(0, at).every((b) => b === 0xaa)).toBe(true);
        // an ASCII line asks for the room it takes, no more
        expect(end < 0).toBe(room < want.length);
        if (end >= 0) {
          expect(end - at).toBe(want.length);
          expect(block.subarray(at, end)).toEqual(want);
        }
      }),
      { numRuns: 300 },
    );
    // room for the line and nothing more is room enough
    const exact = new Uint8Array(want.length);
    expect(w.writeInto(example, exact, 0)).toBe(want.length);
    expect(exact).toEqual(want);
  });
});

/** The lines of a batch: the example context's keys and types, ids that repeat (refused), bad keys and types. */
const lineArb = fc
  .record({
    id: fc.constantFrom('A', 'B', 'C', 'D', 'E', 'F', 'G', '宗地-1', 'x"y', ' P1', 'ｇ-1'),
    key: fc.constantFrom('hills', 'hills', 'valley', 'nowhere'),
    types: fc.subarray([...TYPES, 'bogus.type', '阔叶林'], { minLength: 1, maxLength: 3 }),
    value: fc.integer({ min: 0, max: 9_999_999 }),
    unit: fc.constantFrom('mu', 'hm2', 'm2'),
    pkg: fc.constantFrom('P1', '包 2', undefined),
    until: fc.constantFrom(undefined, '2020-01-01'),
  })
  .map((p) =>
    JSON.stringify({
      id: p.id,
      ...(p.pkg === undefined ? {} : { package: p.pkg }),
      key: p.key,
      areas: Object.fromEntries(
        p.types.map((t, i) => [t, { value: ((p.value + 37 * i) / 100).toFixed(2), unit: p.unit }]),
      ),
      rights: [{ kind: 'forest', ...(p.until === undefined ? {} : { until: p.until }) }],
    }),
  );

describe('VepBatch.take and compactLinesAsync', () => {
  it('take gives what process gives (valuedResult of a valued parcel), and the same totals', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.oneof({ weight: 9, arbitrary: lineArb }, { weight: 1, arbitrary: fc.constantFrom('', '{x') }),
        ),
        fc.constantFrom<BatchOptions['warnings']>('inline', 'refs'),
        (lines, warnings) => {
          const a = new VepBatch(exampleContext(), { warnings });
          const b = new VepBatch(exampleContext(), { warnings });
          const w = new CompactLineWriter();
          lines.forEach((l, i) => {
            const r = a.process(l, i + 1);
            const t = b.take(l, i + 1);
            if (t === undefined || 'ok' in t) expect(t).toEqual(r);
            else {
              expect(valuedResult(t)).toEqual(r);
              expect(text(w.bytes(t))).toBe(toCompactLine(r as ParcelResult));
            }
          });
          expect(b.summary()).toEqual(a.summary());
        },
      ),
      { numRuns: 60 },
    );
  });

  it('yields the bytes valueParcelsAsync’s results make as compact lines, in order, in blocks, and the same summary', async () => {
    // 1,500 lines: several blocks of 64 KiB, refused lines between them
    const lines = fc.sample(
      fc.oneof({ weight: 19, arbitrary: lineArb }, { weight: 1, arbitrary: fc.constant('{x') }),
      {
        numRuns: 1500,
        seed: 16,
      },
    );
    const ids = lines.map((l, i) => l.replace(/"id":"[^"]*"/, `"id":"P${i}"`));
    for (const warnings of ['inline', 'refs'] as const) {
      const ref = valueParcelsAsync(ids, exampleContext(), { warnings });
      let want = '';
      let step = await ref.next();
      for (; step.done !== true; step = await ref.next()) want += toCompactLine(step.value);
      const got = await drain(compactLinesAsync(ids, exampleContext(), { warnings }));
      expect(got.blocks).toBeGreaterThan(2);
      expect(got.text).toBe(want);
      expect(got.results).toBe(lines.length);
      expect(got.summary).toEqual(step.value);
    }
  });

  it('fills each block up to its 64 KiB: a line that does not fit in what is left opens the next block', async () => {
    // 1,200 valued parcels, no refused line between them (a refused line hands over the block before it): the
    // blocks are full ones of at most 64 KiB (65,536 bytes), then the rest
    const lines = fc
      .sample(lineArb, { numRuns: 3000, seed: 21 })
      .map((l, i) => l.replace(/"id":"[^"]*"/, `"id":"P${i}"`));
    // the ids are distinct: a line one batch refuses is refused for what it holds, and left out
    const judge = new VepBatch(exampleContext());
    const valued = lines.filter((l, i) => judge.process(l, i + 1)?.ok === true).slice(0, 1200);
    expect(valued).toHaveLength(1200);
    const want: string[] = [];
    for await (const r of valueParcelsAsync(valued, exampleContext())) {
      expect(r.ok).toBe(true);
      want.push(toCompactLine(r));
    }
    // a line is written where it fits at 3 bytes per code unit of its text pieces (writeInto's bound), so a block
    // is closed with less than 3 × the longest line's code units free
    const longest = 3 * Math.max(...want.map((l) => l.length));
    const blocks: CompactItem[] = [];
    let step;
    const gen = compactLinesAsync(valued, exampleContext());
    for (step = await gen.next(); step.done !== true; step = await gen.next()) blocks.push(step.value);
    expect(blocks.length).toBeGreaterThan(2);
    const sizes = blocks.map((b) => ('bytes' in b ? b.bytes.length : -1));
    for (const size of sizes.slice(0, -1)) {
      expect(size).toBeLessThanOrEqual(65_536);
      expect(size).toBeGreaterThan(65_536 - longest);
    }
    expect(blocks.map((b) => ('bytes' in b ? text(b.bytes) : '')).join('')).toBe(want.join(''));
    expect(blocks.reduce((n, b) => n + ('bytes' in b ? b.results : 0), 0)).toBe(1200);
    // each block's count is its lines, and no block is empty
    for (const b of blocks)
      if ('bytes' in b) {
        expect(b.results).toBeGreaterThan(0);
        expect(text(b.bytes).split('\n').length - 1).toBe(b.results);
      }
  });

  it('a batch that stops on an error hands over the lines it wrote before it', async () => {
    const good = fc
      .sample(lineArb, { numRuns: 40, seed: 3 })
      .map((l, i) => l.replace(/"id":"[^"]*"/, `"id":"P${i}"`));
    async function* failing() {
      yield* good;
      throw new Error('disk gone');
    }
    const gen = compactLinesAsync(failing(), exampleContext());
    let got = '';
    await expect(
      (async () => {
        for await (const item of gen) got += 'bytes' in item ? text(item.bytes) : toCompactLine(item);
      })(),
    ).rejects.toThrow('disk gone');
    const want: string[] = [];
    for await (const r of valueParcelsAsync(good, exampleContext())) want.push(toCompactLine(r));
    expect(got).toBe(want.join(''));
  });
});

async function drain(gen: AsyncGenerator<CompactItem, unknown>) {
  let out = '';
  let results = 0;
  let blocks = 0;
  let step = await gen.next();
  for (; step.done !== true; step = await gen.next()) {
    const item = step.value;
    if ('bytes' in item) {
      out += text(item.bytes);
      results += item.results;
      blocks += 1;
    } else {
      out += toCompactLine(item);
      results += 1;
    }
  }
  return { text: out, results, blocks, summary: step.value };
}
