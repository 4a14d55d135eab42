import { describe, expect, it } from 'vitest';
import { exampleContext } from '../../test/vep/helpers';
import { account } from '../account/account';
import type { AccountResult } from '../account/result-schema';
import { engineInput, engineOptions, prepareContext } from './context';
import { valueByEngine, valuesByCell } from './decimal-path';

/** An account result with only what valuesByCell reads: each indicator's code and its lines' ecosystem and value. */
function result(indicators: { code: string; lines: [string | null, string][] }[]): AccountResult {
  return {
    indicators: indicators.map((i) => ({
      code: i.code,
      lines: i.lines.map(([ecosystem, comparable]) => ({
        ecosystem,
        value: { current: '999', comparable },
      })),
    })),
  } as unknown as AccountResult;
}

const text = (cells: ReturnType<typeof valuesByCell>) => cells.map((c) => [c.code, c.type, c.yuan.toFixed()]);

describe('valuesByCell: engine values by indicator and ecosystem type', () => {
  it('adds the comparable values of the lines of one type, in the order each type first appears', () => {
    const r = result([
      {
        code: 'R1',
        lines: [
          ['shrub', '0.1'],
          ['forest.broadleaf', '5'],
          ['shrub', '0.2'],
        ],
      },
      { code: 'R2', lines: [['forest.broadleaf', '1.25']] },
    ]);
    // R1 shrub 0.1 + 0.2 = 0.3 exactly (decimals, not doubles: 0.30000000000000004 in doubles); R1 broadleaf 5;
    // the current values (999) are never read.
    expect(text(valuesByCell(r))).toEqual([
      ['R1', 'shrub', '0.3'],
      ['R1', 'forest.broadleaf', '5'],
      ['R2', 'forest.broadleaf', '1.25'],
    ]);
  });

  it('keeps lines no ecosystem owns under a null type; an indicator without lines has no cell', () => {
    const r = result([
      { code: 'R3', lines: [] },
      {
        code: 'R4',
        lines: [
          [null, '2'],
          ['shrub', '-1'],
          [null, '0.5'],
        ],
      },
    ]);
    // R4: null 2 + 0.5 = 2.5; shrub -1
    expect(text(valuesByCell(r))).toEqual([
      ['R4', null, '2.5'],
      ['R4', 'shrub', '-1'],
    ]);
    expect(valuesByCell(result([]))).toEqual([]);
  });
});

/**
 * The example context with R6 (carbon sequestration) and R7 (oxygen release) only, worked by hand as in
 * src/vep/batch.test.ts: carbon 42.85 yuan/t CO₂ (2021) × 708.0 / 692.7 = 43.79644867… yuan/t CO₂, oxygen
 * 727 yuan/t O₂ (2010) × 708.0 / 536.1 = 960.11191941… yuan/t O₂; per hm² of a type with NEP n t C/hm²,
 * CO₂ = n × 44/12 t and O₂ = n × 32/12 t.
 */
const prepared = prepareContext({ ...exampleContext(), exclude: ['R1', 'R2', 'R3', 'R8', 'R9'] });
const hills = prepared.keys.get('hills') as Record<string, unknown>;

describe('valueByEngine: the parcel accounted by the engine, each cell rounded once to the fen', () => {
  it('values a parcel of two types cell by cell, in profile order', () => {
    const areas = [
      { type: 'forest.broadleaf', value: '15', unit: 'mu' },
      { type: 'shrub', value: '1.5', unit: 'hm2' },
    ];
    const { cells, warnings } = valueByEngine(prepared, hills, areas);
    // hills broadleaf (NEP 3) 15 亩 = 1 hm²: CO₂ 3 × 44/12 = 11 t × 43.79644867… = 481.7609… → 481.76;
    // O₂ 3 × 32/12 = 8 t × 960.11191941… = 7680.8953… → 7680.90.
    // hills shrub (NEP 1.5) 1.5 hm²: CO₂ 2.25 × 44/12 = 8.25 t → 361.3207… → 361.32;
    // O₂ 2.25 × 32/12 = 6 t → 5760.6715… → 5760.67.
    expect(cells).toEqual([
      { code: 'R6', type: 'forest.broadleaf', fen: 48_176n },
      { code: 'R6', type: 'shrub', fen: 36_132n },
      { code: 'R7', type: 'forest.broadleaf', fen: 768_090n },
      { code: 'R7', type: 'shrub', fen: 576_067n },
    ]);
    // R6 and R7 read bundled coefficients of an adequate grade: nothing to warn of
    expect(warnings).toEqual([]);
  });

  it("passes the engine's warnings of the parcel on as they are, not those of the engine input as a whole", () => {
    // The whole example context reads placeholders of its local table (grade 'assumed', below the threshold
    // 'secondary'): the engine warns of each, and the decimal path passes the warnings on unchanged. A one-type
    // parcel's account also leaves records of the local table unread (the storm runoff of other types, …): that
    // COEFFICIENT_RECORDS_UNREAD is about the engine input gepkit built, not the parcel, and is not passed on.
    const all = prepareContext(exampleContext());
    const records = all.keys.get('hills') as Record<string, unknown>;
    const areas = [{ type: 'forest.broadleaf', value: '15', unit: 'mu' }];
    const { warnings } = valueByEngine(all, records, areas);
    const engine = account(engineInput(all, records, areas), engineOptions(all));
    expect(engine.warnings.map((w) => w.code)).toContain('COEFFICIENT_RECORDS_UNREAD');
    expect(warnings.length).toBeGreaterThan(0);
    expect(warnings).toEqual(engine.warnings.filter((w) => w.code !== 'COEFFICIENT_RECORDS_UNREAD'));
    for (const w of warnings)
      expect(w).toMatchObject({
        code: 'GRADE_BELOW_THRESHOLD',
        params: { grade: 'assumed', threshold: 'secondary' },
      });
  });

  it('gives no cell for a type without the records its indicators read', () => {
    // NEP is given for forest and shrub only: a paddy has no R6 or R7 line.
    const { cells } = valueByEngine(prepared, hills, [{ type: 'cropland.paddy', value: '1', unit: 'hm2' }]);
    expect(cells).toEqual([]);
  });
});
