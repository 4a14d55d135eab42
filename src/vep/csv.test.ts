import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { errorOf } from '../../test/helpers';
import type { Issue } from '../core/errors';
import { csvLine } from '../io/csv';
import { CsvParcels, csvText } from './csv';
import { parseParcel } from './parse-parcel';

/** code, path and detail of each issue: what a refusal is checked by. */
const brief = (issues: readonly Issue[]) =>
  issues.map((i) => ({ code: i.code, path: i.path, detail: i.params?.detail }));

/** The issues of a header the reader refuses (the constructor throws them all at once). */
const headerIssues = (header: string, line?: number) =>
  brief(errorOf(() => new CsvParcels(header, line)).issues);

/** The issues of a row the reader refuses (it returns them). */
function rowIssues(csv: CsvParcels, text: string, line: number) {
  const r = csv.row(text, line);
  if (!Array.isArray(r)) throw new Error(`expected a refusal, got ${JSON.stringify(r)}`);
  return brief(r);
}

const HEADER = (detail: string, line = 1) => ({ code: 'VEP_CSV_HEADER', path: ['line', line], detail });
const INVALID = (detail: string, line: number, ...at: string[]) => ({
  code: 'VEP_CSV_INVALID',
  path: ['line', line, ...at],
  detail,
});
const mm = (value: string) => ({ value, unit: 'mm' });
const CR_ONLY =
  'its lines end in a carriage return alone (CR), as Excel for Mac saves “CSV (Macintosh)”; gepkit reads lines ending in LF or CRLF';

/** The text of the "unknown column" refusal: the detail lists every column the header may name. */
const unknown = (n: string) =>
  `unknown column "${n}" (expected id, package, key, unit, right, certificate, holder, right_until, encumbrances, note, area:<type>, precipitation_mm, evapotranspiration_mm, storm_precipitation_mm)`;

describe('CsvParcels: the header', () => {
  it('id, unit and one area column make a header; a row becomes a parcel record', () => {
    const csv = new CsvParcels('id,unit,area:forest.broadleaf');
    expect(csv.row('P1,hm2,12.5', 2)).toStrictEqual({
      id: 'P1',
      areas: { 'forest.broadleaf': { value: '12.5', unit: 'hm2' } },
    });
  });

  it('names are trimmed and may come in any order, the unit column first included', () => {
    const csv = new CsvParcels(' unit , area:shrub ,  id ,area:forest  ');
    expect(csv.row('mu,3,B7,4', 2)).toStrictEqual({
      id: 'B7',
      areas: { shrub: { value: '3', unit: 'mu' }, forest: { value: '4', unit: 'mu' } },
    });
  });

  it('each missing column is refused, at line 1 by default or the line given', () => {
    expect(headerIssues('unit,area:forest')).toEqual([HEADER('no "id" column')]);
    expect(headerIssues('id,unit')).toEqual([HEADER('no area:<type> column')]);
    expect(headerIssues('id,area:forest', 3)).toEqual([
      HEADER('no "unit" column (the unit of the areas)', 3),
    ]);
  });

  it('a column named twice (after trimming) is refused', () => {
    expect(headerIssues('id, unit,area:forest,unit ')).toEqual([HEADER('column "unit" appears twice')]);
    expect(headerIssues('id,unit,area:forest,area:forest')).toEqual([
      HEADER('column "area:forest" appears twice'),
    ]);
  });

  it('an unknown column is refused with the list of known ones: "area:" alone names no type', () => {
    expect(headerIssues('id,unit,area:forest,area:')).toEqual([HEADER(unknown('area:'))]);
    expect(headerIssues('id,unit,area:forest,Area:shrub')).toEqual([HEADER(unknown('Area:shrub'))]);
    expect(headerIssues('id,unit,area:forest,precipitation')).toEqual([HEADER(unknown('precipitation'))]);
  });

  it('a column named like a property every object inherits is unknown too, not a climate column', () => {
    expect(headerIssues('id,unit,area:forest,constructor,toString')).toEqual([
      HEADER(unknown('constructor')),
      HEADER(unknown('toString')),
    ]);
  });

  it('every problem of a header is listed at once, in order; the error carries the first', () => {
    // "x": unknown; the second "x": twice, then unknown again; then the three missing columns
    const e = errorOf(() => new CsvParcels('x,x', 5));
    expect(brief(e.issues)).toEqual([
      HEADER(unknown('x'), 5),
      HEADER('column "x" appears twice', 5),
      HEADER(unknown('x'), 5),
      HEADER('no "id" column', 5),
      HEADER('no area:<type> column', 5),
      HEADER('no "unit" column (the unit of the areas)', 5),
    ]);
    expect(e.code).toBe('VEP_CSV_HEADER');
    expect(e.path).toEqual(['line', 5]);
    expect(e.issues[0]?.message.en).toBe(`Invalid CSV header: ${unknown('x')}`);
  });

  it('a header that cannot be split is refused with the reason', () => {
    expect(headerIssues('id,"unit,area:forest')).toEqual([
      HEADER('unterminated quoted field (a field cannot span lines)'),
    ]);
  });

  it('a header holding the rows of a file whose lines end in CR alone is refused as such, with how to save the file', () => {
    const e = errorOf(() => new CsvParcels('id,key,unit,area:shrub\rP1,hills,hm2,1', 3));
    expect(brief(e.issues)).toEqual([HEADER(CR_ONLY, 3)]);
    expect(e.issues[0]?.message.zh).toBe(
      'CSV 表头错误：各行以单独的回车符（CR）结尾（Mac 版 Excel 以“CSV (Macintosh)”保存时如此）；gepkit 读取以 LF 或 CRLF 结尾的行',
    );
    expect(e.issues[0]?.hint).toContain('“CSV UTF-8 (Comma delimited)”');
    expect(e.issues[0]?.hintZh).toContain('“CSV UTF-8（逗号分隔）”');
    // a CR inside a quoted name is the name's text, not a line end
    expect(new CsvParcels('id,unit,"area:\rx"').row('P1,hm2,1', 2)).toStrictEqual({
      id: 'P1',
      areas: { '\rx': { value: '1', unit: 'hm2' } },
    });
  });

  it('areaType reads each area column once: a name becomes its code; two columns of one code keep their names', () => {
    // 阔叶林 and forest.broadleaf are one type: both columns keep their names, for the valuation to read row by row;
    // 灌丛 is shrub alone: its column is renamed; a type the reader does not know it returns as written (x)
    const codes: Record<string, string> = {
      阔叶林: 'forest.broadleaf',
      'forest.broadleaf': 'forest.broadleaf',
      灌丛: 'shrub',
    };
    const read: string[] = [];
    const c = new CsvParcels(
      'id,unit,area:阔叶林,area:灌丛,area:forest.broadleaf,area:x',
      1,
      undefined,
      (t) => {
        read.push(t);
        return codes[t] ?? t;
      },
    );
    expect(read).toEqual(['阔叶林', '灌丛', 'forest.broadleaf', 'x']);
    expect(c.row('P1,hm2,1,2,3,4', 2)).toStrictEqual({
      id: 'P1',
      areas: {
        阔叶林: { value: '1', unit: 'hm2' },
        shrub: { value: '2', unit: 'hm2' },
        'forest.broadleaf': { value: '3', unit: 'hm2' },
        x: { value: '4', unit: 'hm2' },
      },
    });
    // without a reader the names are kept as written
    expect(new CsvParcels('id,unit,area:灌丛').row('P1,hm2,2', 2)).toStrictEqual({
      id: 'P1',
      areas: { 灌丛: { value: '2', unit: 'hm2' } },
    });
  });

  it('quoted column names are read like any field', () => {
    const csv = new CsvParcels('"id","unit","area:forest"');
    expect(csv.row('P1,hm2,1', 2)).toStrictEqual({
      id: 'P1',
      areas: { forest: { value: '1', unit: 'hm2' } },
    });
  });
});

describe('CsvParcels: rows, quoting and blank cells', () => {
  const csv = new CsvParcels('id,unit,area:forest');

  it('cells are trimmed; quotes, doubled quotes, commas and line ends inside quotes are kept', () => {
    expect(csv.row('  P1 ,  hm2  , 2 ', 2)).toStrictEqual({
      id: 'P1',
      areas: { forest: { value: '2', unit: 'hm2' } },
    });
    expect(csv.row('"P ""north"", 1",hm2,"2"', 3)).toStrictEqual({
      id: 'P "north", 1',
      areas: { forest: { value: '2', unit: 'hm2' } },
    });
    expect(csv.row('"a\nb","hm2","1,5"', 4)).toStrictEqual({
      id: 'a\nb',
      areas: { forest: { value: '1,5', unit: 'hm2' } },
    });
    expect(csv.row('"x\r\ny",hm2,3', 5)).toStrictEqual({
      id: 'x\r\ny',
      areas: { forest: { value: '3', unit: 'hm2' } },
    });
    // trimming applies to a quoted cell's text too
    expect(csv.row('" P1 ",hm2,3', 6)).toStrictEqual({
      id: 'P1',
      areas: { forest: { value: '3', unit: 'hm2' } },
    });
  });

  it('a row with too few or too many fields is refused with both counts', () => {
    expect(rowIssues(csv, 'P1,hm2', 4)).toEqual([INVALID('2 fields, the header has 3', 4)]);
    expect(rowIssues(csv, 'P1,hm2,1,', 9)).toEqual([INVALID('4 fields, the header has 3', 9)]);
    expect(rowIssues(csv, '', 2)).toEqual([INVALID('1 fields, the header has 3', 2)]);
  });

  it('a row that cannot be split is refused with the reason', () => {
    expect(rowIssues(csv, '"P1,hm2,1', 2)).toEqual([
      INVALID('unterminated quoted field (a field cannot span lines)', 2),
    ]);
    // "P1" ends at position 4; the x after it is at position 5
    expect(rowIssues(csv, '"P1"x,hm2,1', 3)).toEqual([
      INVALID('unexpected character after a quoted field at position 5', 3),
    ]);
    expect(rowIssues(csv, 'P1,h"m2,1', 4)).toEqual([
      INVALID('a quote inside an unquoted field at position 4', 4),
    ]);
    const [issue] = csv.row('P1', 7) as Issue[];
    expect(issue?.message.en).toBe('Invalid CSV: 1 fields, the header has 3');
  });

  it('an empty or blank cell is an absent field, never a zero; "0" is a value', () => {
    const c = new CsvParcels('id,package,key,unit,area:forest,area:shrub,note');
    expect(c.row('P1,,  ,hm2,,0,', 2)).toStrictEqual({
      id: 'P1',
      areas: { shrub: { value: '0', unit: 'hm2' } },
    });
    // no area cell: no areas (the schema then refuses the parcel); no id: the empty id
    expect(c.row(',,,hm2,,,', 3)).toStrictEqual({ id: '', areas: {} });
    // no unit and no area: no areas (the unit is asked for by the areas it would measure)
    expect(c.row('P3,,,,,,', 5)).toStrictEqual({ id: 'P3', areas: {} });
    // no unit for the row's areas: refused at the blank unit cell (it is no unit "")
    expect(c.row('P2,,,,5,,', 4)).toEqual([
      expect.objectContaining({
        code: 'VEP_PARCEL_INVALID',
        path: ['line', 4, 'unit'],
        params: { detail: "blank: the row's areas need their unit (mu, hm2, km2, m2, 亩, 公顷 …)" },
      }),
    ]);
  });

  it('the unit cell gives the unit of every area of its row', () => {
    const c = new CsvParcels('area:forest,id,area:shrub,unit,area:water');
    expect(c.row('1.5,P1,2,mu,', 2)).toStrictEqual({
      id: 'P1',
      areas: { forest: { value: '1.5', unit: 'mu' }, shrub: { value: '2', unit: 'mu' } },
    });
    expect(c.row(' 7 ,P2,, km2 ,0.25', 3)).toStrictEqual({
      id: 'P2',
      areas: { forest: { value: '7', unit: 'km2' }, water: { value: '0.25', unit: 'km2' } },
    });
  });

  it('a type named "unit" is an area, not the unit column, wherever it stands', () => {
    const c = new CsvParcels('id,area:unit,unit');
    expect(c.row('P1,3,hm2', 2)).toStrictEqual({ id: 'P1', areas: { unit: { value: '3', unit: 'hm2' } } });
  });

  it('a column area:__proto__ gives an own area of that name (as Object.fromEntries would), not a prototype', () => {
    const c = new CsvParcels('id,unit,area:__proto__,area:forest');
    const rec = c.row('P1,hm2,3,4', 2) as { areas: object };
    expect(Object.getPrototypeOf(rec.areas)).toBe(Object.prototype);
    expect(Object.getOwnPropertyDescriptors(rec.areas)).toEqual(
      Object.getOwnPropertyDescriptors(
        Object.fromEntries([
          ['__proto__', { value: '3', unit: 'hm2' }],
          ['forest', { value: '4', unit: 'hm2' }],
        ]),
      ),
    );
    expect(JSON.stringify(rec)).toBe(
      '{"id":"P1","areas":{"__proto__":{"value":"3","unit":"hm2"},"forest":{"value":"4","unit":"hm2"}}}',
    );
  });

  it('every column given: the record has the keys of a JSON Lines parcel, in their order', () => {
    const c = new CsvParcels(
      'note,encumbrances,right_until,holder,certificate,right,precipitation_mm,area:shrub,unit,key,package,id',
    );
    const rec = c.row('checked,lease,2030-12-31,Li,C-9,forest,1500,2,hm2,hills,PKG-A,P1', 2);
    expect(rec).toStrictEqual({
      id: 'P1',
      package: 'PKG-A',
      key: 'hills',
      areas: { shrub: { value: '2', unit: 'hm2' } },
      context: { climate: [{ precipitation: mm('1500') }] },
      rights: [{ kind: 'forest', certificate: 'C-9', holder: 'Li', until: '2030-12-31' }],
      encumbrances: [{ kind: 'lease' }],
      note: 'checked',
    });
    expect(Object.keys(rec)).toEqual([
      'id',
      'package',
      'key',
      'areas',
      'context',
      'rights',
      'encumbrances',
      'note',
    ]);
  });
});

describe('CsvParcels: issues said at their columns (named)', () => {
  const at = (path: (string | number)[]): Issue => ({
    code: 'X',
    severity: 'error',
    path,
    message: { zh: '', en: '' },
    hint: '',
  });
  const header =
    'id,package,key,unit,area:阔叶林,area:shrub,right,certificate,holder,right_until,encumbrances,precipitation_mm,note';
  // 阔叶林 is read as forest.broadleaf (areaType), so records carry the code and issues are said by the header
  const c = new CsvParcels(header, 1, undefined, (t) => (t === '阔叶林' ? 'forest.broadleaf' : t));
  const said = (...rest: (string | number)[]) => c.named([at(['line', 4, ...rest])])[0]?.path.join('.');

  it('each field of the record at the column of its cell, the area by its header as written', () => {
    expect(said('id')).toBe('line.4.id');
    expect(said('package')).toBe('line.4.package');
    expect(said('key')).toBe('line.4.key');
    expect(said('note')).toBe('line.4.note');
    expect(said('areas', 'forest.broadleaf', 'value')).toBe('line.4.area:阔叶林');
    expect(said('areas', 'forest.broadleaf')).toBe('line.4.area:阔叶林');
    expect(said('areas', 'shrub', 'unit')).toBe('line.4.unit');
    expect(said('rights', 0, 'kind')).toBe('line.4.right');
    expect(said('rights', 0, 'certificate')).toBe('line.4.certificate');
    expect(said('rights', 0, 'holder')).toBe('line.4.holder');
    expect(said('rights', 0, 'until')).toBe('line.4.right_until');
    expect(said('encumbrances', 0, 'until')).toBe('line.4.encumbrances');
    expect(said('context', 'climate', 0, 'precipitation', 'value')).toBe('line.4.precipitation_mm');
  });

  it('an issue of no one cell keeps its path: the row, its areas as a whole, a field no column gives', () => {
    expect(said()).toBe('line.4');
    expect(said('areas')).toBe('line.4.areas');
    expect(said('rights')).toBe('line.4.rights');
    expect(said('rights', 1, 'kind')).toBe('line.4.rights.1.kind'); // a row gives one right
    expect(said('areas', 'water', 'value')).toBe('line.4.areas.water.value'); // no area:water column
    // evapotranspiration from the key's climate: the file has no column for it
    expect(said('context', 'climate', 1, 'evapotranspiration')).toBe(
      'line.4.context.climate.1.evapotranspiration',
    );
    expect(said('context', 'climate')).toBe('line.4.context.climate');
    // fields the record of a row does not have, and paths of no row, are left as they are
    expect(said('geometry')).toBe('line.4.geometry');
    expect(said('waterBodies', 0, 'area')).toBe('line.4.waterBodies.0.area');
    expect(said('shrub')).toBe('line.4.shrub'); // an area's type is no field of the record
    expect(said('rights', 0, 'constructor')).toBe('line.4.rights.0.constructor');
    expect(said('rights', 0)).toBe('line.4.rights.0');
    expect(said('context', 'zones', 0, 'precipitation')).toBe('line.4.context.zones.0.precipitation');
    expect(c.named([at(['summary', 'value', 'id'])])[0]?.path).toEqual(['summary', 'value', 'id']);
    // the issue itself is kept, only its path changes
    const [moved] = c.named([{ ...at(['line', 4, 'rights', 0, 'holder']), params: { detail: 'd' } }]);
    expect(moved).toEqual({ ...at(['line', 4, 'holder']), params: { detail: 'd' } });
  });

  it('the list itself where no issue moves; else a new list, the one given unchanged', () => {
    const still = [at(['line', 4]), at(['line', 4, 'areas'])];
    expect(c.named(still)).toBe(still);
    const given = [at(['line', 4]), at(['line', 4, 'areas', 'shrub', 'unit'])];
    const out = c.named(given);
    expect(out).not.toBe(given);
    expect(out[0]).toBe(given[0]);
    expect(given[1]?.path).toEqual(['line', 4, 'areas', 'shrub', 'unit']);
    expect(out[1]?.path).toEqual(['line', 4, 'unit']);
  });

  it('an area by its own column where a scalar column has the name of its type', () => {
    const odd = new CsvParcels('id,unit,note,area:note');
    const [i] = odd.named([at(['line', 2, 'areas', 'note', 'value'])]);
    expect(i?.path).toEqual(['line', 2, 'area:note']);
  });

  it('in a file without a right column, a warning at the right stays a warning, said at the column', () => {
    const noRight = new CsvParcels('id,unit,area:shrub,holder');
    const warning: Issue = { ...at(['line', 2, 'rights', 0, 'kind']), severity: 'warning' };
    expect(noRight.named([warning])).toEqual([{ ...warning, path: ['line', 2, 'right'] }]);
  });
});

describe('CsvParcels: rights and encumbrances', () => {
  const csv = new CsvParcels('id,unit,area:forest,right,certificate,holder,right_until,encumbrances');
  const area = { forest: { value: '1', unit: 'hm2' } };

  it('any one of the right columns builds the one right; none builds no rights', () => {
    expect(csv.row('P1,hm2,1,forest,,,,', 2)).toStrictEqual({
      id: 'P1',
      areas: area,
      rights: [{ kind: 'forest' }],
    });
    // without its kind: the schema refuses rights[0].kind
    expect(csv.row('P1,hm2,1,,C-1,,,', 3)).toStrictEqual({
      id: 'P1',
      areas: area,
      rights: [{ certificate: 'C-1' }],
    });
    expect(csv.row('P1,hm2,1,,,Wang,,', 4)).toStrictEqual({
      id: 'P1',
      areas: area,
      rights: [{ holder: 'Wang' }],
    });
    expect(csv.row('P1,hm2,1,,,,2031-01-01,', 5)).toStrictEqual({
      id: 'P1',
      areas: area,
      rights: [{ until: '2031-01-01' }],
    });
    expect(csv.row('P1,hm2,1,,,,,', 6)).toStrictEqual({ id: 'P1', areas: area });
  });

  it('without a right column: a right given by a row is refused naming the column, with the other problems of the row; blank right cells need none', () => {
    const noRight = new CsvParcels('id,unit,area:shrub,certificate,holder,right_until');
    const detail =
      'no "right" column: the row gives a right (certificate, holder or right_until), whose kind (forest, land-contract, land-management, homestead, water, house, ecological-rights, other) goes in a "right" column';
    for (const [row, line] of [
      ['P1,hm2,1,C-1,,', 2],
      ['P1,hm2,1,,Wang,', 3],
      ['P1,hm2,1,,,2031-01-01', 4],
    ] as const) {
      const path = ['line', line];
      const issues = noRight.named(parseParcel(noRight.row(row, line), path) as Issue[]);
      expect(issues.map((i) => [i.code, i.path, i.params])).toEqual([
        ['VEP_PARCEL_INVALID', ['line', line, 'right'], { detail }],
      ]);
    }
    // A negative area beside it: both refused, each at its path.
    const both = noRight.named(parseParcel(noRight.row('P1,hm2,-1,C-1,,', 5), ['line', 5]) as Issue[]);
    expect(both.map((i) => [i.code, i.path])).toEqual(
      expect.arrayContaining([
        ['VEP_PARCEL_INVALID', ['line', 5, 'right']],
        ['NEGATIVE_VALUE', ['line', 5, 'area:shrub']],
      ]),
    );
    expect(both.find((i) => i.code === 'VEP_PARCEL_INVALID')?.params).toEqual({ detail });
    // The right's until and an encumbrance's kind, refused beside it, keep the schema's words, each at its
    // column: only the right's kind is the missing column.
    const others = new CsvParcels('id,unit,area:shrub,certificate,right_until,encumbrances');
    const three = others.named(
      parseParcel(others.row('P1,hm2,1,C-1,2031-13-45,bogus@2026-01-01', 6), ['line', 6]) as Issue[],
    );
    const paths = three.map((i) => i.path.join('.')).sort();
    expect(paths).toEqual(['line.6.encumbrances', 'line.6.right', 'line.6.right_until']);
    expect(three.filter((i) => i.params?.detail === detail).map((i) => i.path.join('.'))).toEqual([
      'line.6.right',
    ]);
    // Every right cell blank: no right, nothing missing (a file with a certificate column left empty is read).
    expect(noRight.row('P1,hm2,1,,,', 7)).toStrictEqual({
      id: 'P1',
      areas: { shrub: { value: '1', unit: 'hm2' } },
    });
    // With a "right" column, a blank kind is the schema's refusal, at the column.
    const withRight = new CsvParcels('id,unit,area:shrub,right,certificate');
    const schema = parseParcel(withRight.row('P1,hm2,1,,C-1', 8), ['line', 8]) as Issue[];
    expect(withRight.named(schema)).toEqual(schema.map((i) => ({ ...i, path: ['line', 8, 'right'] })));
  });

  it('encumbrances: kind@until;kind, parts trimmed', () => {
    expect(csv.row('P1,hm2,1,,,,,mortgage@2026-06-30;lease', 2)).toStrictEqual({
      id: 'P1',
      areas: area,
      encumbrances: [{ kind: 'mortgage', until: '2026-06-30' }, { kind: 'lease' }],
    });
    expect(csv.row('P1,hm2,1,,,,," pledge @ 2027-01-01 ;  seizure ; lease@2028-02-29"', 3)).toStrictEqual({
      id: 'P1',
      areas: area,
      encumbrances: [
        { kind: 'pledge', until: '2027-01-01' },
        { kind: 'seizure' },
        { kind: 'lease', until: '2028-02-29' },
      ],
    });
  });

  it('an entry with more than one @, or an empty part, is refused at the encumbrances cell', () => {
    const suffix = ' (expected kind@until;kind, e.g. mortgage@2026-06-30;lease)';
    const refused = (cell: string, line: number) => rowIssues(csv, `P1,hm2,1,,,,,${cell}`, line);
    expect(refused('lease;mortgage@2026@2027', 2)).toEqual([
      INVALID('column "encumbrances": "mortgage@2026@2027" has more than one @' + suffix, 2, 'encumbrances'),
    ]);
    // two @ with nothing between: more than one @ (the count is checked first)
    expect(refused('"lease; a@@b "', 3)).toEqual([
      INVALID('column "encumbrances": "a@@b" has more than one @' + suffix, 3, 'encumbrances'),
    ]);
    expect(refused('mortgage@', 4)).toEqual([
      INVALID('column "encumbrances": "mortgage@" has an empty part' + suffix, 4, 'encumbrances'),
    ]);
    expect(refused('@2026-06-30', 5)).toEqual([
      INVALID('column "encumbrances": "@2026-06-30" has an empty part' + suffix, 5, 'encumbrances'),
    ]);
    expect(refused('"lease; ;pledge"', 6)).toEqual([
      INVALID('column "encumbrances": "lease; ;pledge" has an empty part' + suffix, 6, 'encumbrances'),
    ]);
    expect(refused('lease;', 7)).toEqual([
      INVALID('column "encumbrances": "lease;" has an empty part' + suffix, 7, 'encumbrances'),
    ]);
  });
});

describe('CsvParcels: keys and climate cells', () => {
  const HEADER_C = 'id,key,unit,area:shrub,precipitation_mm,evapotranspiration_mm,storm_precipitation_mm';
  const shrub = { shrub: { value: '1', unit: 'hm2' } };

  /** A reader whose keys have the climate lists given, recording the keys asked for. */
  function reader(keys: Record<string, unknown>) {
    const asked: string[] = [];
    const csv = new CsvParcels(HEADER_C, 1, (k) => {
      asked.push(k);
      return keys[k];
    });
    const climate = (row: string) => {
      const r = csv.row(row, 2) as { context?: { climate: unknown } };
      return r.context?.climate;
    };
    return { csv, asked, climate };
  }

  /** The key hills, as an account input writes climate: region-wide, then per type. */
  const hills = () => [
    { precipitation: mm('1800'), stormPrecipitation: mm('600'), acDays: { value: '100', unit: 'day' } },
    { ecosystem: 'forest.broadleaf', evapotranspiration: mm('800') },
    { ecosystem: 'shrub', evapotranspiration: mm('700') },
  ];

  it('no climate cell: no context, and the key climate is not asked for', () => {
    const { csv, asked } = reader({ hills: hills() });
    expect(csv.row('P1,hills,hm2,1,,,', 2)).toStrictEqual({ id: 'P1', key: 'hills', areas: shrub });
    expect(asked).toEqual([]);
  });

  it('climate cells without a key, or without a key climate: the cells are the one record', () => {
    const { csv, asked, climate } = reader({ hills: hills(), bare: { precipitation: mm('9') } });
    expect(csv.row('P1,,hm2,1,1500,650,', 2)).toStrictEqual({
      id: 'P1',
      areas: shrub,
      context: { climate: [{ precipitation: mm('1500'), evapotranspiration: mm('650') }] },
    });
    expect(asked).toEqual([]);
    // an unknown key (the valuer refuses it), and a key whose climate is not a list (the context schema refuses it)
    expect(climate('P1,nowhere,hm2,1,,,300')).toStrictEqual([{ stormPrecipitation: mm('300') }]);
    expect(climate('P1,bare,hm2,1,,,300')).toStrictEqual([{ stormPrecipitation: mm('300') }]);
    expect(asked).toEqual(['nowhere', 'bare']);
    // without a key climate function at all
    const plain = new CsvParcels(HEADER_C);
    expect(plain.row('P1,hills,hm2,1,1500,,', 2)).toStrictEqual({
      id: 'P1',
      key: 'hills',
      areas: shrub,
      context: { climate: [{ precipitation: mm('1500') }] },
    });
  });

  it("a cell replaces its field in every record of the key and is set on the key's region-wide record", () => {
    const keys = { hills: hills() };
    const { climate, asked } = reader(keys);
    // precipitation: taken out of the region-wide record and set there again; the per-type records keep theirs
    expect(climate('P1,hills,hm2,1,1500,,')).toStrictEqual([
      { stormPrecipitation: mm('600'), acDays: { value: '100', unit: 'day' }, precipitation: mm('1500') },
      { ecosystem: 'forest.broadleaf', evapotranspiration: mm('800') },
      { ecosystem: 'shrub', evapotranspiration: mm('700') },
    ]);
    // evapotranspiration: the per-type records, left with their ecosystem only, are dropped
    expect(climate('P1,hills,hm2,1,,650,')).toStrictEqual([
      {
        precipitation: mm('1800'),
        stormPrecipitation: mm('600'),
        acDays: { value: '100', unit: 'day' },
        evapotranspiration: mm('650'),
      },
    ]);
    expect(asked).toEqual(['hills', 'hills']);
    // the key's own list is left as it was
    expect(keys.hills).toStrictEqual(hills());
  });

  it('a key without a region-wide record: the cells come first, as a record of their own', () => {
    const { climate } = reader({
      k: [
        { ecosystem: 'shrub', evapotranspiration: mm('700'), precipitation: mm('1700') },
        { zone: 'north', precipitation: mm('1900'), acDays: { value: '90', unit: 'day' } },
      ],
    });
    expect(climate('P1,k,hm2,1,1500,,')).toStrictEqual([
      { precipitation: mm('1500') },
      { ecosystem: 'shrub', evapotranspiration: mm('700') },
      { zone: 'north', acDays: { value: '90', unit: 'day' } },
    ]);
  });

  it('the first record with neither zone nor ecosystem is the region-wide one, wherever it is', () => {
    const { climate } = reader({
      k: [
        { zone: 'north', precipitation: mm('1900') }, // left with its zone only: dropped
        { ecosystem: 'shrub', note: 'station 3', evapotranspiration: mm('700') }, // kept: it has a climate field
        { note: 'county', precipitation: mm('1800') }, // region-wide: the cells are set here
        { relativeHumidity: { value: '70', unit: 'percent' } }, // a second record without scope: kept as it is
      ],
    });
    expect(climate('P1,k,hm2,1,1500,,')).toStrictEqual([
      { ecosystem: 'shrub', note: 'station 3', evapotranspiration: mm('700') },
      { note: 'county', precipitation: mm('1500') },
      { relativeHumidity: { value: '70', unit: 'percent' } },
    ]);
    // a record left with ecosystem and note only is dropped as well
    expect(climate('P1,k,hm2,1,,650,')).toStrictEqual([
      { zone: 'north', precipitation: mm('1900') },
      { note: 'county', precipitation: mm('1800'), evapotranspiration: mm('650') },
      { relativeHumidity: { value: '70', unit: 'percent' } },
    ]);
  });

  it('what is not a climate record is left in place for the schema to refuse', () => {
    const { climate } = reader({ k: [null, 7, ['x'], { acDays: { value: '100', unit: 'day' } }] });
    expect(climate('P1,k,hm2,1,1500,,')).toStrictEqual([
      null,
      7,
      ['x'],
      { acDays: { value: '100', unit: 'day' }, precipitation: mm('1500') },
    ]);
  });

  it('several cells at once, and the same row twice gives the same record', () => {
    const { csv } = reader({ hills: hills() });
    const row = 'P1,hills,hm2,1,1500,650,550';
    const want = {
      id: 'P1',
      key: 'hills',
      areas: shrub,
      context: {
        climate: [
          {
            acDays: { value: '100', unit: 'day' },
            precipitation: mm('1500'),
            evapotranspiration: mm('650'),
            stormPrecipitation: mm('550'),
          },
        ],
      },
    };
    expect(csv.row(row, 2)).toStrictEqual(want);
    expect(csv.row(row, 3)).toStrictEqual(want);
  });
});

describe('CsvParcels: a row written by a CSV writer reads back', () => {
  /** Text without white space at either end (cells are trimmed) and not empty (an empty cell is absent). */
  const text = fc
    .string({
      unit: fc.constantFrom('a', 'Z', '7', '.', '-', ' ', ',', '"', '\n', '\r', '中', '@', ';'),
      minLength: 1,
      maxLength: 8,
    })
    .filter((s) => s.trim() === s && s !== '');
  const COLUMNS = [
    'id',
    'package',
    'key',
    'unit',
    'right',
    'certificate',
    'holder',
    'right_until',
    'note',
    'area:forest',
    'area:shrub',
  ];

  it('csvLine of any fields, in any column order, gives the record of those fields', () => {
    fc.assert(
      fc.property(
        fc.shuffledSubarray(COLUMNS, { minLength: COLUMNS.length, maxLength: COLUMNS.length }),
        fc.array(text, { minLength: COLUMNS.length, maxLength: COLUMNS.length }),
        fc.nat(10_000),
        (order, values, line) => {
          const cell = Object.fromEntries(COLUMNS.map((c, i) => [c, values[i] as string]));
          const csv = new CsvParcels(csvLine(order).slice(0, -1), 1);
          const row = csvLine(order.map((c) => cell[c])).slice(0, -1);
          const unit = cell.unit;
          expect(csv.row(row, line)).toStrictEqual({
            id: cell.id,
            package: cell.package,
            key: cell.key,
            areas: {
              forest: { value: cell['area:forest'], unit },
              shrub: { value: cell['area:shrub'], unit },
            },
            rights: [
              {
                kind: cell.right,
                certificate: cell.certificate,
                holder: cell.holder,
                until: cell.right_until,
              },
            ],
            note: cell.note,
          });
        },
      ),
      { numRuns: 500 },
    );
  });
});

describe('CsvParcels.idOf: the id cell of a refused row, where it can be told', () => {
  // Headers made in each test: the column the id is found in is part of what a test checks.
  const first = () => new CsvParcels('id,unit,area:shrub,encumbrances');
  const third = () => new CsvParcels('unit,area:shrub,id');

  it('a row whose cells read and match the header: the id column’s cell, trimmed, wherever the column is', () => {
    expect(first().idOf(' P1 ,hm2,1,lease@')).toBe('P1'); // refused at its encumbrances cell
    expect(third().idOf('hm2,1," P3 "')).toBe('P3');
    // an empty id cell is an empty id (the row gives none), not one that cannot be told
    expect(first().idOf(',hm2,1,')).toBe('');
    expect(third().idOf('hm2,1,')).toBe('');
    // a type named "id" is an area (which the classification then refuses), not the id column
    expect(new CsvParcels('area:id,unit,id').idOf('5,hm2,P1')).toBe('P1');
  });

  it('a cell too many or too few, or a quote out of place: the first cell, only when the id column is first', () => {
    expect(first().idOf('P1,hm2,1,lease,x')).toBe('P1'); // 5 cells for 4 columns
    expect(first().idOf(' P1 ,hm2')).toBe('P1'); // 2 cells; trimmed
    expect(first().idOf(' "P1 " ,hm2,"1')).toBeUndefined(); // a quote in an unquoted cell (a space before it)
    expect(first().idOf('"P1 ",hm2,"1')).toBe('P1'); // trimmed
    expect(first().idOf('"P,1",hm2,1"')).toBe('P,1'); // a quote inside the third cell
    expect(first().idOf('P1,"hm2,1,')).toBe('P1'); // unterminated from the second cell
    expect(first().idOf(',hm2')).toBe(''); // its first cell is empty
    // the first cell itself cannot be read
    expect(first().idOf('P"1,hm2,1,')).toBeUndefined();
    expect(first().idOf('"P1,hm2,1,')).toBeUndefined();
    // the id column third: a stray or missing comma before it would shift it, so it is not told
    expect(third().idOf('hm2,1,P3,x')).toBeUndefined();
    expect(third().idOf('hm2,P3')).toBeUndefined();
    expect(third().idOf('hm2,1,"P3')).toBeUndefined();
    expect(third().idOf('h"m2,1,P3')).toBeUndefined();
  });
});

describe('csvText: the text of a CSV file whose lines end in CR alone is refused before any line is read', () => {
  /** The pieces csvText passes, or the issues it throws. */
  async function through(pieces: string[]) {
    const out: string[] = [];
    try {
      for await (const p of csvText(pieces as unknown as AsyncIterable<string>)) out.push(p);
    } catch (e) {
      return brief((e as { issues: Issue[] }).issues);
    }
    return out;
  }

  it('LF and CRLF text passes as it came, piece by piece, a CR in a quoted field and later lines included', async () => {
    const pieces = ['id,unit,area:x,note\r', '\nP1,hm2,1,"a\rb"\r\n', 'P2,hm2,1,c\rd\n'];
    expect(await through(pieces)).toEqual(pieces);
    expect(await through([])).toEqual([]);
  });

  it('a first line ending in CR alone is VEP_CSV_HEADER at line 1, in the piece where it shows or at the end', async () => {
    expect(await through(['id,unit,area:x\rP1,hm2,1\r'])).toEqual([HEADER(CR_ONLY)]);
    // refused in the piece where the CR shows: nothing of the file is passed on before the refusal
    const passed: string[] = [];
    await expect(
      (async () => {
        for await (const p of csvText([
          'id,unit,area:x\rP1,hm2,1\r',
          'P2,hm2,1\r',
        ] as unknown as AsyncIterable<string>))
          passed.push(p);
      })(),
    ).rejects.toMatchObject({ code: 'VEP_CSV_HEADER' });
    expect(passed).toEqual([]);
    expect(await through(['id,unit,area:x\r', 'P1,hm2,1\r'])).toEqual([HEADER(CR_ONLY)]);
    expect(await through(['id,unit,area:x\r'])).toEqual([HEADER(CR_ONLY)]);
  });

  it('property: any text with an LF or CRLF first line end passes whole', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.string({ unit: fc.constantFrom('a', ',', '"', '\r', '\n') }),
        fc.constantFrom('\n', '\r\n'),
        fc.string({ unit: fc.constantFrom('a', ',', '"', '\r', '\n') }),
        fc.integer({ min: 1, max: 5 }),
        async (head, end, rest, size) => {
          const text = `${head.replace(/[\r\n"]/g, '')}${end}${rest}`;
          const pieces = text.match(new RegExp(`[^]{1,${size}}`, 'g')) ?? [];
          expect((await through(pieces)).join('')).toBe(text);
        },
      ),
    );
  });
});
