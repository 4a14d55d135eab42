import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  type BatchOptions,
  type CertificateSeen,
  type ParcelResult,
  VepBatch,
  valueParcels,
  valueParcelsAsync,
} from '../../src/vep/batch';
import { vepCommand } from '../../src/cli/vep';
import { GepError } from '../../src/core/errors';
import { normalizeId } from '../../src/core/ids';
import { prepareContext } from '../../src/vep/context';
import { ParcelValuer } from '../../src/vep/valuer';
import { EXAMPLES, TYPES, exampleContext, parcel } from './helpers';

const ctx = exampleContext();
const prepared = prepareContext(ctx);

function run(lines: unknown[], opts: BatchOptions = {}) {
  const out: ParcelResult[] = [];
  const { fastPath, ...batchOpts } = opts;
  const gen = valueParcels(lines, new ParcelValuer(prepared, { fastPath }), batchOpts);
  let s = gen.next();
  while (s.done !== true) {
    out.push(s.value);
    s = gen.next();
  }
  return { results: out, summary: s.value };
}

describe('a context whose table cannot be loaded', () => {
  it('is refused before any parcel is valued: the batch, valueParcels and valueParcelsAsync throw, nothing yielded', async () => {
    const bad = structuredClone(ctx) as { tables: { records: { unit: string }[] }[] };
    (bad.tables[0]?.records[0] as { unit: string }).unit = 't_per_m3x';
    const where = (e: GepError) => e.issues.map((i) => [i.code, i.path]);
    const expected = [['TABLE_INVALID', ['context', 'tables', 0, 'records', 0, 'unit']]];
    const caught = (f: () => unknown) => {
      try {
        f();
      } catch (e) {
        return e as GepError;
      }
      throw new Error('not refused');
    };
    expect(where(caught(() => new VepBatch(bad)))).toEqual(expected);
    const lines = readFileSync(join(EXAMPLES, 'parcels.csv'), 'utf8').split('\n');
    const gen = valueParcels(lines, bad, { format: 'csv' });
    expect(where(caught(() => gen.next()))).toEqual(expected);
    const agen = valueParcelsAsync(lines, bad, { format: 'csv' });
    await expect(agen.next()).rejects.toMatchObject({ code: 'TABLE_INVALID' });
  });
});

describe('batch over CSV', () => {
  const csv = readFileSync(join(EXAMPLES, 'parcels.csv'), 'utf8').split('\n');
  const { results, summary } = run(csv, { format: 'csv' });

  it('values the good rows and reports each bad row by line with its code', () => {
    const bad = results.filter((r) => !r.ok).map((r) => [r.line, r.issues.map((i) => i.code)]);
    expect(bad).toEqual([
      [8, ['VEP_PARCEL_DUPLICATE']],
      [9, ['VEP_KEY_UNKNOWN']],
      [10, ['NEGATIVE_VALUE']],
      [11, ['VEP_KEY_MISSING']],
      [12, ['VEP_PARCEL_INVALID']],
    ]);
    expect(summary.valued).toBe(6);
    expect(summary.refused).toBe(5);
    expect(results.find((r) => r.id === 'ZX-0002')?.issues[0]?.code).toBe('VEP_PARCEL_ENCUMBERED');
  });

  it('summary parts add up: Σ packages = Σ types = Σ indicators = total (fen)', () => {
    const fen = (s: string) => BigInt(s.replace('.', ''));
    const total = fen(summary.value);
    expect(summary.byPackage.reduce((a, p) => a + fen(p.value), 0n)).toBe(total);
    expect(summary.byType.reduce((a, p) => a + fen(p.value), 0n)).toBe(total);
    expect(summary.byIndicator.reduce((a, p) => a + fen(p.value), 0n)).toBe(total);
    expect(results.filter((r) => r.ok).reduce((a, r) => a + fen(r.value as string), 0n)).toBe(total);
  });

  it('areas are summed exactly: 120 + 80 + 36 + 30 亩 = 266/15 hm², + 6.25 hm² = 1439/60 hm²', () => {
    // (120 + 80 + 36 + 30) / 15 = 266/15 = 1064/60 hm²; + 6.25 = 375/60 → 1439/60 = 23.98333… hm², not a finite
    // decimal: the exact fraction, and the value rounded half to even to 10 places (23.9833333333|33…).
    expect(summary.byType.find((t) => t.type === 'forest.broadleaf')?.area).toEqual({
      value: '23.9833333333',
      unit: 'hm2',
      fraction: '1439/60',
    });
  });

  it('the same parcels as JSON Lines give the same values', () => {
    const header = csv[0] as string;
    const rows = new VepBatch(prepared, { format: 'csv' });
    rows.process(header, 1);
    const json = csv.slice(1, 7).map((l) => {
      const {
        id,
        key,
        package: pkg,
        areas,
      } = (rows as unknown as { csv: { row(t: string, n: number): Record<string, unknown> } }).csv.row(l, 2);
      return JSON.stringify({ id, key, package: pkg, areas });
    });
    const a = run(json).summary;
    expect(a.value).toBe('17824669.16');
    expect(a.value).toBe(summary.value);
  });
});

describe('bad rows (JSON Lines)', () => {
  it('unknown type, negative area, duplicate id, missing and unknown keys, bad JSON: by line, others valued', () => {
    const lines = [
      JSON.stringify(parcel('A', 'hills', { 'forest.broadleaf': ['1', 'hm2'] })),
      JSON.stringify(parcel('B', 'hills', { 'forest.oak': ['1', 'hm2'] })),
      JSON.stringify(parcel('C', 'hills', { shrub: ['-1', 'hm2'] })),
      JSON.stringify(parcel('A', 'hills', { shrub: ['1', 'hm2'] })),
      JSON.stringify({ id: 'D', areas: { shrub: { value: '1', unit: 'hm2' } } }),
      JSON.stringify(parcel('E', 'nowhere', { shrub: ['1', 'hm2'] })),
      '{"id": "F",',
      '',
      JSON.stringify(parcel('G', 'valley', { shrub: ['2', 'mu'] })),
    ];
    const { results, summary } = run(lines);
    // Valued lines carry only warnings (here the engine's GRADE_BELOW_THRESHOLD for placeholder coefficients);
    // refused lines start with their error.
    const first = (r: ParcelResult) => r.issues.find((i) => i.severity === 'error') ?? null;
    expect(results.map((r) => [r.line, r.ok, first(r)?.code ?? null, first(r)?.path])).toEqual([
      [1, true, null, undefined],
      [2, false, 'ECOSYSTEM_TYPE_UNKNOWN', ['line', 2, 'areas', 'forest.oak']],
      [3, false, 'NEGATIVE_VALUE', ['line', 3, 'areas', 'shrub', 'value']],
      [4, false, 'VEP_PARCEL_DUPLICATE', ['line', 4, 'id']],
      [5, false, 'VEP_KEY_MISSING', ['line', 5]],
      [6, false, 'VEP_KEY_UNKNOWN', ['line', 6, 'key']],
      [7, false, 'VEP_LINE_NOT_JSON', ['line', 7]],
      [9, true, null, undefined],
    ]);
    expect(summary.lines).toBe(8);
  });

  it('a missing climate field for a type is an engine error re-pointed at the key, by line', () => {
    const c = exampleContext() as { keys: Record<string, { climate: unknown[] }> };
    c.keys.hills!.climate = c.keys.hills!.climate.slice(1); // no precipitation any more
    const b = new VepBatch(c);
    const r = b.process(parcel('A', 'hills', { 'forest.broadleaf': ['1', 'hm2'] }), 3);
    expect(r?.ok).toBe(false);
    expect(r?.issues[0]?.code).toBe('CLIMATE_MISSING');
    expect(r?.issues[0]?.path.slice(0, 2)).toEqual(['line', 3]);
  });

  it('inline climate replaces the key climate; identical inline contexts share one reference', () => {
    const inline = {
      climate: [
        {
          precipitation: { value: '2000', unit: 'mm' },
          evapotranspiration: { value: '800', unit: 'mm' },
          stormPrecipitation: { value: '600', unit: 'mm' },
          acDays: { value: '100', unit: 'day' },
          relativeHumidity: '0.8',
        },
      ],
    };
    const { results } = run([
      parcel('A', 'hills', { 'forest.broadleaf': ['1', 'hm2'] }, { context: inline }),
      parcel('B', 'hills', { 'forest.broadleaf': ['1', 'hm2'] }),
    ]);
    expect(results[0]?.key).toBe('hills+inline');
    expect(results[0]?.value).not.toBe(results[1]?.value);
  });
});

describe('properties', () => {
  const arbParcels = fc.uniqueArray(
    fc.record({
      id: fc.string({ minLength: 1, maxLength: 8 }),
      key: fc.constantFrom('hills', 'valley'),
      pkg: fc.constantFrom('P1', 'P2', undefined),
      type: fc.constantFrom(...TYPES),
      area: fc.integer({ min: 0, max: 1_000_000 }),
      unit: fc.constantFrom('hm2', 'mu', 'm2'),
    }),
    // Distinct by the id rule (trimmed, NFKC): ids the rule makes equal are one parcel, a duplicate by design.
    { selector: (p) => normalizeId(p.id), minLength: 1, maxLength: 25 },
  );
  const lines = (ps: { id: string; key: string; pkg?: string; type: string; area: number; unit: string }[]) =>
    ps.map((p) =>
      JSON.stringify(
        parcel(
          p.id,
          p.key,
          { [p.type]: [(p.area / 100).toString(), p.unit] },
          p.pkg ? { package: p.pkg } : {},
        ),
      ),
    );

  it('reordering parcels changes nothing (results per id and the summary)', async () => {
    await fc.assert(
      fc.asyncProperty(arbParcels, fc.integer(), async (ps, seed) => {
        const shuffled = fc.sample(fc.shuffledSubarray(ps, { minLength: ps.length, maxLength: ps.length }), {
          seed,
          numRuns: 1,
        })[0] as typeof ps;
        const a = run(lines(ps));
        const gen = valueParcelsAsync(lines(shuffled), new ParcelValuer(prepared));
        const bRes: ParcelResult[] = [];
        let s = await gen.next();
        while (s.done !== true) {
          bRes.push(s.value);
          s = await gen.next();
        }
        expect(s.value).toEqual(a.summary);
        const byId = (rs: ParcelResult[]) =>
          Object.fromEntries(
            rs
              // the line number is where a parcel was read, in its result and in its issues' paths
              .map((r) => [
                r.id,
                {
                  ...r,
                  line: 0,
                  issues: r.issues.map((i) => ({
                    ...i,
                    path: i.path[0] === 'line' ? i.path.slice(2) : i.path,
                  })),
                },
              ])
              .sort(([x], [y]) => ((x as string) < (y as string) ? -1 : 1)),
          );
        expect(byId(bRes)).toEqual(byId(a.results));
      }),
      { numRuns: 25 },
    );
  }, 60_000);

  it('batch result equals each parcel valued alone by the engine (fast path off)', () => {
    fc.assert(
      fc.property(arbParcels, (ps) => {
        const a = run(lines(ps));
        const b = run(lines(ps), { fastPath: false });
        expect(b.summary.paths.fast).toBe(0);
        expect(a.results.map((r) => ({ ...r, path: undefined }))).toEqual(
          b.results.map((r) => ({ ...r, path: undefined })),
        );
        expect({ ...a.summary, paths: null }).toEqual({ ...b.summary, paths: null });
      }),
      { numRuns: 10 },
    );
  }, 60_000);
});

describe('areas at NUMBER_LIMITS', () => {
  // The quick parcel check declines digit strings outside the limits; the schema refuses them on both paths.
  const csv = [
    'id,package,key,unit,area:forest.broadleaf',
    'L1,P,hills,mu,12.3456789012345678901234567890123456789012',
    'L2,P,hills,hm2,0.0000000000000000000000000000001',
    'L3,P,hills,hm2,2000000000000000000000',
    'L4,P,hills,mu,15',
  ];
  const jsonl = [
    JSON.stringify(parcel('J1', 'hills', { shrub: ['2000000000000000000000', 'hm2'] })),
    '{"id":"J2","key":"hills","areas":{"shrub":{"value":2e21,"unit":"hm2"}}}',
  ];
  const codes = (rs: ParcelResult[]) => rs.map((r) => [r.line, r.ok, r.issues.map((i) => i.code), r.value]);

  it('fast and decimal paths give the same result for every row', () => {
    for (const [lines, format] of [
      [csv, 'csv'],
      [jsonl, 'jsonl'],
    ] as const) {
      const fast = run([...lines], { format });
      const slow = run([...lines], { format, fastPath: false });
      expect(codes(fast.results)).toEqual(codes(slow.results));
    }
    expect(codes(run([...csv], { format: 'csv' }).results).map(([l, ok, c]) => [l, ok, ok ? [] : c])).toEqual(
      [
        [2, false, ['NUMBER_TOO_PRECISE']],
        [3, false, ['NUMBER_OUT_OF_RANGE']],
        [4, false, ['NUMBER_OUT_OF_RANGE']],
        [5, true, []],
      ],
    );
    // The string "2000000000000000000000" and the number 2e21 are refused alike.
    expect(run([...jsonl]).results.map((r) => r.issues.map((i) => i.code))).toEqual([
      ['NUMBER_OUT_OF_RANGE'],
      ['NUMBER_OUT_OF_RANGE'],
    ]);
  });
});

describe('a refused parcel claims neither its id nor its certificates', () => {
  const rights = (pkg: string, ...rs: [string, string][]) => ({
    package: pkg,
    rights: rs.map(([certificate, holder]) => ({ kind: 'forest', certificate, holder })),
  });
  const area = { 'forest.broadleaf': ['15', 'mu'] as [string, string] };
  const outcome = (rs: ParcelResult[]) => rs.map((r) => [r.line, r.id, r.ok ? 'valued' : r.issues[0]?.code]);

  it('the corrected row after a refused one is valued; a third copy names the valued line', () => {
    for (const opts of [{}, { memoryKeys: 0, diskIndex: () => memoryIndex() }]) {
      const { results } = run(
        [parcel('A1', 'nowhere', area), parcel('A1', 'hills', area), parcel('A1', 'hills', area)],
        opts,
      );
      expect(outcome(results)).toEqual([
        [1, 'A1', 'VEP_KEY_UNKNOWN'],
        [2, 'A1', 'valued'],
        [3, 'A1', 'VEP_PARCEL_DUPLICATE'],
      ]);
      expect(results[2]?.issues[0]?.params).toMatchObject({ id: 'A1', first: 2 });
    }
  });

  it('a parcel refused on its second certificate has not claimed its first', () => {
    // K2 is refused for C-OLD (K1's, under another package); C-NEW stays free for K3.
    const { results } = run([
      parcel('K1', 'hills', area, rights('A', ['C-OLD', '甲'])),
      parcel('K2', 'hills', area, rights('B', ['C-NEW', '乙'], ['C-OLD', '乙'])),
      parcel('K3', 'hills', area, rights('C', ['C-NEW', '丙'])),
      parcel('K4', 'hills', area, rights('D', ['C-NEW', '丁'])),
    ]);
    expect(outcome(results)).toEqual([
      [1, 'K1', 'valued'],
      [2, 'K2', 'VEP_CERTIFICATE_DUPLICATE'],
      [3, 'K3', 'valued'],
      [4, 'K4', 'VEP_CERTIFICATE_DUPLICATE'],
    ]);
    expect(results[3]?.issues[0]?.params).toMatchObject({ first: 'K3: package C, holder 丙' });
  });

  it('two rights of one parcel naming one certificate under two holders: refused, nothing claimed', () => {
    const { results } = run([
      parcel('M1', 'hills', area, rights('A', ['C-1', '甲'], ['C-1', '乙'])),
      parcel('M2', 'hills', area, rights('B', ['C-1', '乙'])),
    ]);
    expect(outcome(results)).toEqual([
      [1, 'M1', 'VEP_CERTIFICATE_DUPLICATE'],
      [2, 'M2', 'valued'],
    ]);
    expect(results[0]?.issues[0]?.path).toEqual(['line', 1, 'rights', 1, 'certificate']);
    expect(results[0]?.issues[0]?.params).toMatchObject({ first: 'M1: package A, holder 甲' });
  });
});

/** A DuplicateIndex over plain Maps (what a disk index keeps, without the files). */
function memoryIndex() {
  return { ids: new Map<string, number>(), certificates: new Map<string, CertificateSeen>(), close() {} };
}

describe('CSV climate cells merge over the key climate', () => {
  const header =
    'id,key,unit,area:forest.broadleaf,precipitation_mm,evapotranspiration_mm,storm_precipitation_mm';
  const cellsOf = (r: ParcelResult | undefined) =>
    Object.fromEntries((r?.cells ?? []).map((c) => [c.indicator, c.value]));

  it('a row repeating the key values is valued as the row without climate cells', () => {
    const { results } = run([header, 'C1,hills,mu,15,1800,800,600', 'C2,hills,mu,15,,,'], { format: 'csv' });
    expect(results.map((r) => r.ok)).toEqual([true, true]);
    expect(results[0]?.cells).toEqual(results[1]?.cells);
  });

  it('a row giving its own precipitation changes R1 exactly as the water balance says', () => {
    // hills, forest.broadleaf: P = 1800 mm, ET = 800 mm (the key's type record), runoff coefficient α = 0.0267.
    // Q/A = P(1 − α) − ET: 1.8 × 0.9733 − 0.8 = 0.95194 m at the key's precipitation.
    // P = 2751.94 mm (1800 + 951.94): 2.75194 × 0.9733 − 0.8 = 1.878463202 m = 0.95194 × 1.9733,
    // so 15 亩 at that precipitation hold as much water as 15 × 1.9733 = 29.5995 亩 at the key's: the same R1 cell.
    // The key's acDays, relative humidity and storm precipitation stay, so every other cell is the 15 亩 row's.
    const { results } = run(
      [header, 'C1,hills,mu,15,2751.94,,', 'C2,hills,mu,29.5995,,,', 'C3,hills,mu,15,,,'],
      { format: 'csv' },
    );
    expect(results.map((r) => [r.id, r.ok])).toEqual([
      ['C1', true],
      ['C2', true],
      ['C3', true],
    ]);
    const own = cellsOf(results[0]);
    expect(own.R1).toBe(cellsOf(results[1]).R1);
    expect(own.R1).not.toBe(cellsOf(results[2]).R1);
    expect({ ...own, R1: undefined }).toEqual({ ...cellsOf(results[2]), R1: undefined });
  });

  it('an evapotranspiration cell applies to every type of the row (it replaces the key type records)', () => {
    // shrub's own key record says ET = 700 mm; a cell of 700 mm gives the same cells, 800 mm others.
    const h = 'id,key,unit,area:shrub,evapotranspiration_mm';
    const { results } = run([h, 'S1,hills,mu,15,700', 'S2,hills,mu,15,', 'S3,hills,mu,15,800'], {
      format: 'csv',
    });
    expect(results[0]?.cells).toEqual(results[1]?.cells);
    expect(cellsOf(results[2]).R1).not.toBe(cellsOf(results[1]).R1);
  });
});

describe('CSV rights and encumbrances', () => {
  const header = 'id,package,key,unit,area:forest.broadleaf,right,right_until,encumbrances';
  const rows = (...r: string[]) => run([header, ...r], { format: 'csv' }).results;

  it('right_until alone builds the right, and the schema asks for its kind, at the right column', () => {
    const [r] = rows('U1,P,hills,mu,15,,2020-01-01,');
    expect(r?.ok).toBe(false);
    expect(r?.issues.map((i) => [i.code, i.path])).toEqual([['VEP_PARCEL_INVALID', ['line', 2, 'right']]]);
  });

  it('an expired right given by right and right_until is warned', () => {
    const [r] = rows('U2,P,hills,mu,15,forest,2020-01-01,');
    expect(r?.ok).toBe(true);
    expect(r?.issues.map((i) => i.code)).toContain('VEP_RIGHT_EXPIRED');
  });

  it('an encumbrance with more than one @ or an empty part is refused, the cell named', () => {
    const bad = [
      'mortgage@2026-06-30@2027-12-31',
      'mortgage@',
      '@2026-06-30',
      'mortgage;;lease',
      'mortgage;',
    ];
    const results = rows(...bad.map((e, i) => `E${i},P,hills,mu,15,forest,,${e}`));
    expect(results.map((r) => [r.ok, r.issues.map((i) => [i.code, i.path])])).toEqual(
      bad.map((_, i) => [false, [['VEP_CSV_INVALID', ['line', i + 2, 'encumbrances']]]]),
    );
    expect(results[0]?.issues[0]?.params?.detail).toContain('mortgage@2026-06-30@2027-12-31');
    expect(results[0]?.issues[0]?.message.en).toContain('"encumbrances"');
  });

  it('well-formed cells still read as kind@until;kind', () => {
    const [r] = rows('E9,P,hills,mu,15,forest,, mortgage@2030-01-01 ; lease ');
    expect(r?.ok).toBe(true);
    expect(r?.issues.map((i) => i.code)).toContain('VEP_PARCEL_ENCUMBERED');
  });
});

describe('a CSV input without a header line', () => {
  it('is VEP_CSV_HEADER ("no header line"), empty or blank, not 0 parcels', () => {
    for (const lines of [[], [''], ['', '  ', '']]) {
      const e = (() => {
        try {
          run(lines, { format: 'csv' });
        } catch (err) {
          return err as GepError;
        }
        return undefined;
      })();
      expect(e).toBeInstanceOf(GepError);
      expect(e?.issues.map((i) => [i.code, i.params?.detail])).toEqual([
        ['VEP_CSV_HEADER', 'no header line'],
      ]);
    }
  });

  it('a JSON Lines input may be empty (0 parcels)', () => {
    expect(run([], { format: 'jsonl' }).summary.lines).toBe(0);
  });
});

describe('CLI: an empty CSV file', () => {
  it('stops with VEP_CSV_HEADER, exit 1', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'vep-empty-'));
    const file = join(dir, 'empty.csv');
    writeFileSync(file, '\n\n');
    let err = '';
    let out = '';
    const code = await vepCommand(['value', file, '--context', join(EXAMPLES, 'context.json')], {
      out: (s) => (out += s),
      err: (s) => (err += s),
    });
    expect(code).toBe(1);
    expect(err).toContain('error VEP_CSV_HEADER');
    expect(err).toContain('no header line');
    expect(out).not.toContain('summary');
  });
});

describe('refusals of the reference runs (minGrade)', () => {
  it('each once, at the line, the same on both paths', () => {
    const strict = prepareContext({ ...ctx, minGrade: 'verified' });
    const two = parcel('G1', 'hills', { 'forest.broadleaf': ['15', 'mu'], shrub: ['15', 'mu'] });
    const one = parcel('G1', 'hills', { 'forest.broadleaf': ['15', 'mu'] });
    const issues = (p: unknown, fastPath: boolean) =>
      (new VepBatch(new ParcelValuer(strict, { fastPath })).process(p, 1) as ParcelResult).issues;
    const fast = issues(two, true);
    expect(fast.length).toBeGreaterThan(1);
    expect(fast.every((i) => i.code === 'GRADE_BELOW_MINIMUM' && i.path.join() === 'line,1')).toBe(true);
    const texts = fast.map((i) => i.message.en);
    expect(new Set(texts).size).toBe(texts.length);
    // price.reservoir_storage is read by both types' runs: one refusal.
    expect(texts.filter((t) => t.includes('price.reservoir_storage @'))).toHaveLength(1);
    // The shrub run adds its own items (its runoff coefficient) to the broadleaf run's.
    expect(texts.length).toBeGreaterThan(issues(one, true).length);
    expect(issues(two, false)).toEqual(fast);
  });
});

describe('summary area by type', () => {
  const areaOf = (areas: [string, string][]) => {
    const { summary } = run(areas.map(([v, u], i) => parcel(`A${i}`, 'hills', { shrub: [v, u] })));
    return summary.byType[0]?.area;
  };

  it('is the exact sum in hm² when that is a finite decimal', () => {
    // 0.4 m² = 0.4 / 10 000 hm² = 0.00004 hm² (not "0.0000").
    expect(areaOf([['0.4', 'm2']])).toEqual({ value: '0.00004', unit: 'hm2' });
    // 1.5 hm² + 2500 m² (0.25 hm²) + 0.01 km² (1 hm²) = 2.75 hm²
    expect(
      areaOf([
        ['1.5', 'hm2'],
        ['2500', 'm2'],
        ['0.01', 'km2'],
      ]),
    ).toEqual({ value: '2.75', unit: 'hm2' });
    // 15 亩 + 7.5 亩 = 22.5 / 15 = 1.5 hm²: 亩 sums that come out finite print exactly too
    expect(
      areaOf([
        ['15', 'mu'],
        ['7.5', 'mu'],
      ]),
    ).toEqual({ value: '1.5', unit: 'hm2' });
    // 0.000000000000000000000000000001 hm² (1e-30, the smallest area read) twice: 2e-30 hm²
    expect(
      areaOf([
        ['0.000000000000000000000000000001', 'hm2'],
        ['0.000000000000000000000000000001', 'hm2'],
      ]),
    ).toEqual({ value: '0.000000000000000000000000000002', unit: 'hm2' });
  });

  it('otherwise the fraction in lowest terms, and the value rounded half to even to 10 places', () => {
    // 1 亩 = 1/15 hm² = 0.0666666666|67 → 0.0666666667
    expect(areaOf([['1', 'mu']])).toEqual({ value: '0.0666666667', unit: 'hm2', fraction: '1/15' });
    // 2 亩 + 0.1 hm² = 2/15 + 1/10 = 4/30 + 3/30 = 7/30 = 0.2333333333|33 → 0.2333333333
    expect(
      areaOf([
        ['2', 'mu'],
        ['0.1', 'hm2'],
      ]),
    ).toEqual({ value: '0.2333333333', unit: 'hm2', fraction: '7/30' });
  });
});
