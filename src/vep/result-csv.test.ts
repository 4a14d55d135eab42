import { describe, expect, it } from 'vitest';
import type { Issue } from '../core/errors';
import type { ParcelResult } from './batch';
import { resultCsvHeader, resultCsvRow } from './result-csv';

const issue = (code: string) => ({ code, path: [], params: {} }) as unknown as Issue;

/** A valued parcel as the batch gives it (values in 元 with two decimals). */
const valued = (over: Partial<ParcelResult> = {}): ParcelResult => ({
  line: 7,
  ok: true,
  id: 'P2',
  package: 'B',
  key: 'hills',
  path: 'fast',
  value: '14284.65',
  cells: [
    { indicator: 'R6', type: 'forest.broadleaf', value: '481.76' },
    { indicator: 'R7', type: 'forest.broadleaf', value: '7680.90' },
    { indicator: 'R6', type: 'shrub', value: '361.32' },
    { indicator: 'R7', type: 'shrub', value: '5760.67' },
  ],
  issues: [],
  ...over,
});

describe('resultCsvHeader', () => {
  it('names the fixed columns, then one column per indicator, after a byte-order mark', () => {
    expect(resultCsvHeader(['R6', 'R7'])).toBe('\uFEFFline,id,package,key,path,value,warnings,R6,R7\n');
    expect(resultCsvHeader([])).toBe('\uFEFFline,id,package,key,path,value,warnings\n');
    // a column name with a comma is quoted (RFC 4180)
    expect(resultCsvHeader(['a,b'])).toBe('\uFEFFline,id,package,key,path,value,warnings,"a,b"\n');
  });
});

describe('resultCsvRow', () => {
  it('writes an id or package a spreadsheet would run as a formula after an apostrophe (the file is for Excel)', () => {
    expect(resultCsvRow(valued({ id: '=1+2', package: '@x' }), ['R6'])).toBe(
      "7,'=1+2,'@x,hills,fast,14284.65,,843.08\n",
    );
    expect(resultCsvHeader(['=R6'])).toBe("\uFEFFline,id,package,key,path,value,warnings,'=R6\n");
  });
  it("adds an indicator's cells over the parcel's types, in 元; an indicator without a cell is blank", () => {
    // R6: 481.76 + 361.32 = 843.08; R7: 7680.90 + 5760.67 = 13441.57; R1 has no cell
    expect(resultCsvRow(valued(), ['R1', 'R6', 'R7'])).toBe('7,P2,B,hills,fast,14284.65,,,843.08,13441.57\n');
    // the columns follow the indicators asked for, in their order; a cell of an indicator not asked for is left out
    expect(resultCsvRow(valued(), ['R7'])).toBe('7,P2,B,hills,fast,14284.65,,13441.57\n');
  });

  it('adds in fen, exactly: cents that carry, negative cells, a sum of 0', () => {
    const cells = [
      { indicator: 'A', type: 'shrub', value: '0.05' },
      { indicator: 'A', type: 'forest.broadleaf', value: '0.95' },
      { indicator: 'B', type: 'shrub', value: '-0.50' },
      { indicator: 'B', type: null, value: '1.25' },
      { indicator: 'C', type: 'shrub', value: '-2.10' },
      { indicator: 'C', type: 'forest.broadleaf', value: '2.10' },
      { indicator: 'D', type: 'shrub', value: '-0.07' },
    ];
    // A: 5 + 95 = 100 fen = 1.00; B: -50 + 125 = 75 fen = 0.75; C: -210 + 210 = 0 fen = 0.00; D: -7 fen = -0.07
    expect(resultCsvRow(valued({ cells, value: '1.68' }), ['A', 'B', 'C', 'D'])).toBe(
      '7,P2,B,hills,fast,1.68,,1.00,0.75,0.00,-0.07\n',
    );
  });

  it('leaves every indicator blank for a result without cells, and a parcel without package blank there', () => {
    const { cells: _cells, ...rest } = valued();
    expect(resultCsvRow({ ...rest, package: null, value: '0.00' }, ['R6', 'R7'])).toBe(
      '7,P2,,hills,fast,0.00,,,\n',
    );
    expect(resultCsvRow(valued({ cells: [] }), ['R6'])).toBe('7,P2,B,hills,fast,14284.65,,\n');
  });

  it("writes the warning refs, or else the codes of the parcel's issues, separated by spaces", () => {
    const issues = [issue('GRADE_BELOW_THRESHOLD'), issue('VEP_AREA_MISMATCH')];
    expect(resultCsvRow(valued({ issues }), [])).toBe(
      '7,P2,B,hills,fast,14284.65,GRADE_BELOW_THRESHOLD VEP_AREA_MISMATCH\n',
    );
    // with warnings: 'refs' the refs stand in place of the issues
    expect(resultCsvRow(valued({ issues: [], warnings: ['w1', 'w3'] }), [])).toBe(
      '7,P2,B,hills,fast,14284.65,w1 w3\n',
    );
  });

  it('quotes the fields that need it', () => {
    expect(resultCsvRow(valued({ id: 'P "2", east', cells: [] }), [])).toBe(
      '7,"P ""2"", east",B,hills,fast,14284.65,\n',
    );
  });
});
