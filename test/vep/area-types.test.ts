import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { vepCommand } from '../../src/cli/vep';
import type { Issue } from '../../src/core/errors';
import { toJsonLine } from '../../src/io/jsonl';
import { AreaTypes } from '../../src/vep/area-types';
import { type BatchOptions, type BatchSummary, type ParcelResult, valueParcels } from '../../src/vep/batch';
import { CsvParcels } from '../../src/vep/csv';
import { valueParcel } from '../../src/vep/parcel';
import { type PoolItem, valueParcelsPooled } from '../../src/vep/pool-node';
import { bundledWorker } from '../worker-bundle';
import { EXAMPLES, exampleContext, parcel } from './helpers';

const ctx = exampleContext();
const csv = readFileSync(join(EXAMPLES, 'parcels.csv'), 'utf8').trimEnd().split('\n');
const header = csv[0] as string;

/**
 * The example's four types written otherwise: by the classification's Chinese or English name (read silently) and
 * by land-use classes of the crosswalk (0305 灌木林地 → shrub, 0101 水田 → cropland.paddy: warned).
 */
const NAMED: Record<string, string> = {
  'forest.broadleaf': '阔叶林',
  'forest.coniferous': 'Coniferous forest',
  shrub: '0305',
  'cropland.paddy': '0101',
};
/** The example CSV with its area columns named so. */
const namedCsv = [
  Object.entries(NAMED).reduce((h, [code, form]) => h.replace(`area:${code},`, `area:${form},`), header),
  ...csv.slice(1),
];

/** The example's rows as JSON Lines parcels, the types of every other row written as `forms` writes them. */
function jsonLines(forms: (row: number) => Record<string, string>): string[] {
  const rows = new CsvParcels(header);
  return csv.slice(1).map((text, i) => {
    const r = rows.row(text, i + 2) as { areas: Record<string, unknown> };
    const names = forms(i);
    const areas = Object.fromEntries(Object.entries(r.areas).map(([t, a]) => [names[t] ?? t, a]));
    return JSON.stringify({ ...r, areas });
  });
}
const codedJson = jsonLines(() => ({}));
// ZX-0002 (shrub) and ZX-0003 (paddy) as NAMED writes them, the others by other forms of the same types: ZX-0004's
// shrub and paddy as 灌木林地 (0305's name in the crosswalk, warned) and 水田 (the classification's name, silent).
const OTHER = { 'forest.broadleaf': 'Broadleaf forest', shrub: '灌木林地', 'cropland.paddy': '水田' };
const namedJson = jsonLines((i) => (i === 1 || i === 2 ? NAMED : OTHER));

function run(lines: string[], opts: BatchOptions) {
  const results: ParcelResult[] = [];
  const gen = valueParcels(lines, ctx, opts);
  for (let s = gen.next(); ; s = gen.next()) {
    if (s.done === true) return { results, summary: s.value };
    results.push(s.value);
  }
}

/** Results of namedCsv as those of the coded file would be: a refusal at its column names 阔叶林's by its code. */
const asCoded = (text: string) => text.replaceAll('area:阔叶林', 'area:forest.broadleaf');

/** The summary's ECOSYSTEM_TYPE_MAPPED warnings as [given, code], and the summary without them. */
function mappedOf(summary: BatchSummary): { mapped: string[][]; rest: BatchSummary } {
  const mapped = (w: Issue) => w.code === 'ECOSYSTEM_TYPE_MAPPED';
  return {
    mapped: summary.referenceWarnings
      .filter(mapped)
      .map((w) => [String(w.params?.given), String(w.params?.code)]),
    rest: { ...summary, referenceWarnings: summary.referenceWarnings.filter((w) => !mapped(w)) },
  };
}

describe('parcel areas by type name or land-use class', () => {
  it('CSV: the header read once; every result as with codes, on the fast path and the engine; each class warned once in the summary', () => {
    const of = vi.spyOn(AreaTypes.prototype, 'of');
    try {
      for (const fastPath of [true, false]) {
        of.mockClear();
        const coded = run(csv, { format: 'csv', fastPath });
        expect(of).not.toHaveBeenCalled();
        const named = run(namedCsv, { format: 'csv', fastPath });
        // once per column of the header, not per row (11 rows)
        expect(of.mock.calls.map(([t]) => t)).toEqual(['阔叶林', 'Coniferous forest', '0305', '0101']);
        // the same results, but that a refusal is said at its column as the header writes it (line 10's area)
        const negative = named.results.find((r) => r.line === 10)?.issues[0]?.path;
        expect(negative).toEqual(['line', 10, 'area:阔叶林']);
        expect(JSON.parse(asCoded(JSON.stringify(named.results)))).toEqual(coded.results);
        expect(named.results.filter((r) => r.ok)).toHaveLength(6);
        const { mapped, rest } = mappedOf(named.summary);
        expect(rest).toEqual(coded.summary);
        expect(mapped).toEqual([
          ['0101', 'cropland.paddy'],
          ['0305', 'shrub'],
        ]);
        const w = named.summary.referenceWarnings.find((x) => x.code === 'ECOSYSTEM_TYPE_MAPPED');
        expect([w?.path, w?.params?.grade, w?.params?.via]).toEqual([
          [],
          'assumed',
          'the crosswalk landuse-to-jx-ecosystem-types@0.1.1',
        ]);
        expect(named.summary.value).toBe('17824669.16');
      }
    } finally {
      of.mockRestore();
    }
  });

  it('JSON Lines: names and classes as the keys of areas, every result as with codes; each written form warned once in the summary, none on the lines', () => {
    for (const fastPath of [true, false]) {
      const coded = run(codedJson, { fastPath });
      const named = run(namedJson, { fastPath });
      // ZX-0008's negative area is refused as it is read, at the key as written; every other line is as with codes
      const at = (r: ParcelResult[]) => r.findIndex((x) => x.id === 'ZX-0008');
      expect(named.results[at(named.results)]?.issues.map((i) => [i.code, i.path])).toEqual([
        ['NEGATIVE_VALUE', ['line', 9, 'areas', 'Broadleaf forest', 'value']],
      ]);
      expect(named.results.filter((_, i) => i !== at(named.results))).toEqual(
        coded.results.filter((_, i) => i !== at(coded.results)),
      );
      for (const r of named.results)
        expect(r.issues.map((i) => i.code)).not.toContain('ECOSYSTEM_TYPE_MAPPED');
      const { mapped, rest } = mappedOf(named.summary);
      expect(rest).toEqual(coded.summary);
      expect(mapped).toEqual([
        ['0101', 'cropland.paddy'],
        ['0305', 'shrub'],
        ['灌木林地', 'shrub'],
      ]);
    }
  });

  it('refuses a class of several types, a type it does not know, and a type given twice in one parcel', () => {
    const lines = [
      parcel('A', 'hills', { '0301': ['1', 'hm2'] }),
      parcel('B', 'hills', { 火星: ['1', 'hm2'] }),
      parcel('C', 'hills', { 阔叶林: ['1', 'hm2'], 'forest.broadleaf': ['2', 'hm2'] }),
      parcel('D', 'hills', { '0305': ['1', 'hm2'], 灌丛: ['2', 'hm2'] }),
    ].map((p) => JSON.stringify(p));
    const { results, summary } = run(lines, {});
    expect(results.map((r) => [r.ok, r.issues.map((i) => [i.code, i.path, i.params])])).toEqual([
      [
        false,
        [
          [
            'ECOSYSTEM_TYPE_AMBIGUOUS',
            ['line', 1, 'areas', '0301'],
            expect.objectContaining({
              given: '0301',
              candidates: 'forest.broadleaf, forest.coniferous, forest.mixed',
            }),
          ],
        ],
      ],
      [
        false,
        [['ECOSYSTEM_TYPE_UNKNOWN', ['line', 2, 'areas', '火星'], expect.objectContaining({ type: '火星' })]],
      ],
      [false, [['DUPLICATE_ID', ['line', 3, 'areas', '阔叶林'], { id: 'forest.broadleaf' }]]],
      [false, [['DUPLICATE_ID', ['line', 4, 'areas', '灌丛'], { id: 'shrub' }]]],
    ]);
    expect(results[2]?.issues[0]?.hint).toBe(
      '"forest.broadleaf" and "阔叶林" are both ecosystem type forest.broadleaf: give the type once, with its whole area.',
    );
    expect(results[2]?.issues[0]?.hintZh).toBe(
      '“forest.broadleaf”与“阔叶林”是同一生态系统类型 forest.broadleaf：该类型只写一次，填写其全部面积。',
    );
    // D read 0305 before it was refused: the reading is warned, as a reference read by a refused parcel is
    expect(mappedOf(summary).mapped).toEqual([['0305', 'shrub']]);
  });

  it('CSV: two columns of one type keep their names; a row giving one is valued as with the code, a row giving both is refused', () => {
    const lines = [
      'id,key,unit,area:阔叶林,area:forest.broadleaf',
      'P1,hills,hm2,3,',
      'P2,hills,hm2,,3',
      'P3,hills,hm2,1,2',
    ];
    const { results } = run(lines, { format: 'csv' });
    const coded = run(['id,key,unit,area:forest.broadleaf', 'P1,hills,hm2,3', 'P2,hills,hm2,3'], {
      format: 'csv',
    }).results;
    expect(results.slice(0, 2)).toEqual(coded);
    expect(results[2]?.issues.map((i) => [i.code, i.path])).toEqual([
      ['DUPLICATE_ID', ['line', 4, 'area:阔叶林']],
    ]);
  });

  it('valueParcel: the class warned among the issues of the one parcel, at the area as written', () => {
    const coded = valueParcel(parcel('P', 'hills', { 'cropland.paddy': ['2', 'hm2'] }), ctx);
    const named = valueParcel(parcel('P', 'hills', { '0101': ['2', 'hm2'] }), ctx);
    expect(named.value).toBe(coded.value);
    expect(named.byType).toEqual(coded.byType);
    expect(named.issues.slice(0, -1)).toEqual(coded.issues);
    expect(named.issues.at(-1)?.code).toBe('ECOSYSTEM_TYPE_MAPPED');
    expect(named.issues.at(-1)?.path).toEqual(['line', 1, 'areas', '0101']);
    expect(valueParcel(parcel('P', 'hills', { 水田: ['2', 'hm2'] }), ctx)).toEqual(coded);
  });
});

describe('parcel areas by type name or land-use class, with workers', () => {
  const file = bundledWorker('src/vep/pool-worker-node.ts', 'vep-pool-worker');

  /** What `vep value` writes: every result as a JSON line, then the summary; by one batch or a pool. */
  async function written(lines: string[], opts: BatchOptions, workers: number): Promise<string> {
    if (workers === 0) {
      const { results, summary } = run(lines, opts);
      return results.map(toJsonLine).join('') + toJsonLine(summary);
    }
    const output = { format: 'jsonl' as const };
    const gen = valueParcelsPooled(lines, ctx, { ...opts, output, workers, chunkLines: 2, workerFile: file });
    const decoder = new TextDecoder();
    let text = '';
    for (let s = await gen.next(); ; s = await gen.next()) {
      if (s.done === true) return text + toJsonLine(s.value);
      const item: PoolItem = s.value;
      text += 'bytes' in item ? decoder.decode(item.bytes) : toJsonLine(item);
    }
  }

  it('a pool of 2 writes what one batch writes, CSV and JSON Lines, warnings inline or as refs', async () => {
    for (const warnings of ['inline', 'refs'] as const) {
      const csvOne = await written(namedCsv, { format: 'csv', warnings }, 0);
      expect(await written(namedCsv, { format: 'csv', warnings }, 2)).toBe(csvOne);
      const jsonOne = await written(namedJson, { warnings }, 0);
      expect(await written(namedJson, { warnings }, 2)).toBe(jsonOne);
      const summary = (JSON.parse(jsonOne.trimEnd().split('\n').at(-1) as string) as BatchSummary)
        .referenceWarnings;
      expect(summary.map((w) => w.params?.given).filter((g) => g !== undefined)).toEqual([
        '0101',
        '0305',
        '灌木林地',
      ]);
    }
  }, 120_000);

  it('gepkit vep value --workers 2: the same output as one thread, as the coded file gives but the summary’s warnings', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'vep-types-'));
    const cli = async (input: string, workers: string) => {
      let out = '';
      const code = await vepCommand(
        ['value', input, '--context', join(EXAMPLES, 'context.json'), '--workers', workers],
        { out: (s) => (out += s), err: () => undefined, poolWorkerFile: file },
      );
      return { code, out };
    };
    writeFileSync(join(dir, 'named.csv'), `${namedCsv.join('\n')}\n`);
    const one = await cli(join(dir, 'named.csv'), '0');
    expect(await cli(join(dir, 'named.csv'), '2')).toEqual(one);
    const coded = await cli(join(EXAMPLES, 'parcels.csv'), '0');
    const [lines, codedLines] = [one, coded].map((r) => r.out.trimEnd().split('\n'));
    expect(lines?.slice(0, -1).map(asCoded)).toEqual(codedLines?.slice(0, -1));
    const summary = (JSON.parse(lines?.at(-1) as string) as { summary: BatchSummary }).summary;
    expect(mappedOf(summary).mapped).toEqual([
      ['0101', 'cropland.paddy'],
      ['0305', 'shrub'],
    ]);
  }, 120_000);
});
