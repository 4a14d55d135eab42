import { readFileSync } from 'node:fs';
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { GepError, type Issue, issue } from '../core/errors';
import { account } from '../account/account';
import { XLSX_ERRORS } from './errors';
import { locateIssues, readInputWorkbook } from './input-read';
import { inputTemplate } from './input-template';
import { ALL, tinyInput, userTable } from '../../test/helpers';

/** A workbook built cell by cell (a researcher's own, or the template edited). */
async function bytesOf(wb: ExcelJS.Workbook): Promise<Uint8Array> {
  return new Uint8Array((await wb.xlsx.writeBuffer()) as ArrayBuffer);
}
async function fromTemplate(f: (wb: ExcelJS.Workbook) => void, input?: unknown): Promise<Uint8Array> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load((await inputTemplate(input === undefined ? {} : { input })) as unknown as ArrayBuffer);
  f(wb);
  return bytesOf(wb);
}
async function read(bytes: Uint8Array) {
  return readInputWorkbook(bytes, 't.xlsx');
}
async function refusal(bytes: Uint8Array): Promise<readonly Issue[]> {
  try {
    await read(bytes);
  } catch (e) {
    if (e instanceof GepError) return e.issues;
    throw e;
  }
  throw new Error('expected a GepError');
}
const sheet = (wb: ExcelJS.Workbook, name: string) => wb.getWorksheet(name) as ExcelJS.Worksheet;
const codesAt = (issues: readonly Issue[]) => issues.map((i) => [i.code, i.path[0]]);

/** 基本信息 with the template's note row, then one sheet of ecosystem areas built by `rows`. */
function areasBook(rows: unknown[][]): ExcelJS.Workbook {
  const wb = new ExcelJS.Workbook();
  const info = wb.addWorksheet('基本信息');
  info.addRow(['区域名称', '区域级别', '核算年份']);
  info.addRow([]);
  info.addRow(['测试县', 'county', 2020]);
  const areas = wb.addWorksheet('生态系统面积');
  for (const r of rows) areas.addRow(r);
  return wb;
}

describe('row 1: the headers, not a title or a blank row above them (XLSX_TITLE_ROW)', () => {
  it("a title or a blank row inserted above the headers is one error at the sheet's A1, the sheet unread", async () => {
    const title = await refusal(
      await bytesOf(areasBook([['2020年示例县生态系统面积表'], ['生态系统类型', '面积'], [], ['shrub', 1]])),
    );
    expect(title.map((i) => [i.code, i.path[0], i.params?.title])).toEqual([
      ['XLSX_TITLE_ROW', '生态系统面积!A1', '2020年示例县生态系统面积表'],
    ]);
    expect(title[0]?.message.en).toBe(
      'Row 1 of sheet "生态系统面积" is a title (2020年示例县生态系统面积表) and the template\'s headers are in row 2: the sheet was not read',
    );
    const blank = await refusal(await bytesOf(areasBook([[], ['生态系统类型', '面积'], [], ['shrub', 1]])));
    expect(blank.map((i) => [i.code, i.path[0]])).toEqual([['XLSX_TITLE_ROW', '生态系统面积!A1']]);
    expect(blank[0]?.message.zh).toBe('工作表“生态系统面积”第 1 行为空行，模板的列标题在第 2 行：该表未读入');
    expect(blank[0]?.message.en).toBe(
      'Row 1 of sheet "生态系统面积" is blank and the template\'s headers are in row 2: the sheet was not read',
    );
    // one header in row 2 is not a header row: row 1's words are an unknown header, as before
    const one = await refusal(await bytesOf(areasBook([['总表'], ['面积'], [], ['shrub', 1]])));
    expect(one.map((i) => i.code)).not.toContain('XLSX_TITLE_ROW');
  });
});

describe('row 2: the note row or the first record', () => {
  it('a sheet whose records start in row 2 (the note row deleted) loses none of them', async () => {
    const book = await read(
      await bytesOf(
        areasBook([
          ['生态系统类型', '面积'],
          ['forest.broadleaf', 60],
          ['shrub', 40],
        ]),
      ),
    );
    expect(book.input.ecosystems).toEqual([
      { type: 'forest.broadleaf', area: { value: '60', unit: 'km2' } },
      { type: 'shrub', area: { value: '40', unit: 'km2' } },
    ]);
    expect(book.locate(['ecosystems', 0, 'area', 'value'])).toBe('生态系统面积!B2');
    // Read, and said: row 2 is not the template's note row.
    expect(codesAt(book.warnings)).toEqual([['XLSX_NOTE_ROW_READ', '生态系统面积!A2']]);
  });

  it('the template with its note row deleted reads the first record of every sheet', async () => {
    const input = {
      region: { name: '测试县', level: 'county' },
      year: 2020,
      ecosystems: [
        { type: 'forest.broadleaf', area: { value: '60', unit: 'km2' } },
        { type: 'shrub', area: { value: '40', unit: 'km2' } },
      ],
      notes: ['一', '二'],
    };
    const bytes = await fromTemplate((wb) => {
      for (const name of ['基本信息', '生态系统面积', 'JSON']) sheet(wb, name).spliceRows(2, 1);
    }, input);
    const book = await read(bytes);
    expect(book.input).toEqual(input);
    expect(book.warnings.map((w) => w.path[0])).toEqual(['基本信息!A2', '生态系统面积!A2', 'JSON!A2']);
  });

  it('the template’s own note row (or a blank row 2) is skipped without a word', async () => {
    const book = await read(
      await fromTemplate((wb) => (sheet(wb, '分区').getCell('B2').value = null), {
        region: { name: '测试县', level: 'county' },
        year: 2020,
        zones: [{ id: 'Z1', name: '东乡' }],
        ecosystems: [{ type: 'shrub', area: { value: '40', unit: 'km2' } }],
      }),
    );
    expect(book.input.zones).toEqual([{ id: 'Z1', name: '东乡' }]);
    expect(book.warnings).toEqual([]);
  });
  it('a note row written by a template whose column was required (年换水次数) is still the note row', async () => {
    const book = await read(
      await fromTemplate(
        (wb) => {
          const lakes = sheet(wb, '湖泊');
          expect(lakes.getCell('E2').value).toBe('数值 number; 选填 optional');
          lakes.getCell('E2').value = '数值 number; 必填 required';
        },
        {
          region: { name: '测试县', level: 'county' },
          year: 2020,
          ecosystems: [{ type: 'shrub', area: { value: '40', unit: 'km2' } }],
          waterBodies: { lakes: [{ name: '东湖', area: { value: '2', unit: 'km2' }, exchangeCount: '3' }] },
        },
      ),
    );
    expect(book.warnings).toEqual([]);
    expect(book.input.waterBodies).toEqual({
      lakes: [{ name: '东湖', area: { value: '2', unit: 'km2' }, exchangeCount: '3' }],
    });
  });
});

describe('columns: every non-empty cell is read or reported', () => {
  it('two columns for one field are refused at the second header', async () => {
    const issues = await refusal(
      await bytesOf(areasBook([['生态系统类型', '面积', '面积 Area'], [], ['forest.broadleaf', 60, 70]])),
    );
    expect(codesAt(issues)).toEqual([['XLSX_COLUMN_DUPLICATE', '生态系统面积!C1']]);
    expect(issues[0]?.message.en).toContain('B1');
  });

  it('a header merged across two columns is refused (its second column would be lost)', async () => {
    const wb = areasBook([['生态系统类型', '面积', null], [], ['forest.broadleaf', 60, 'hm2']]);
    sheet(wb, '生态系统面积').mergeCells('B1:C1');
    const issues = await refusal(await bytesOf(wb));
    expect(issues.map((i) => i.code)).toContain('XLSX_COLUMN_DUPLICATE');
    expect(issues.map((i) => i.path[0])).toContain('生态系统面积!C1');
  });

  it('cells under no header are refused, once per column, at the first of them', async () => {
    const issues = await refusal(
      await bytesOf(
        areasBook([
          ['生态系统类型', '面积'],
          [],
          ['forest.broadleaf', 60, null, 999],
          ['shrub', 40, null, 5],
        ]),
      ),
    );
    expect(codesAt(issues)).toEqual([['XLSX_COLUMN_NO_HEADER', '生态系统面积!D3']]);
    expect(issues[0]?.message.en).toContain('2 cell(s)');
  });

  it('a data sheet without its header row is refused, not read as nothing', async () => {
    const wb = areasBook([]);
    sheet(wb, '生态系统面积').getRow(3).values = ['forest.broadleaf', 60];
    const issues = await refusal(await bytesOf(wb));
    expect(codesAt(issues)).toEqual([
      ['XLSX_COLUMN_NO_HEADER', '生态系统面积!A3'],
      ['XLSX_COLUMN_NO_HEADER', '生态系统面积!B3'],
    ]);
  });
});

describe('a header the reader does not know', () => {
  it('is refused with the nearest header, measured against full headers and their Chinese parts', async () => {
    // 产品名 is one edit from 产品名称 (the Chinese part, which is read alone), far from 产品名称 Product;
    // 面积 Aera is two edits from 面积 Area; a header near none has no suggestion.
    for (const [sheetName, typed, want] of [
      ['产品', '产品名', '产品名称 Product'],
      ['生态系统面积', '面 积', '面积 Area'],
      ['生态系统面积', '面积 Aera', '面积 Area'],
      // a note in brackets dropped; the English part alone
      ['生态系统面积', '面积（km2）', '面积 Area'],
      ['生态系统面积', 'Area', '面积 Area'],
      ['生态系统面积', '完全不同的列 Something else', ''],
    ] as const) {
      const issues = await refusal(
        await fromTemplate((wb) => {
          const ws = sheet(wb, sheetName);
          const col = ws.getRow(1).cellCount + 1;
          ws.getRow(1).getCell(col).value = typed;
        }),
      );
      const unknown = issues.find((i) => i.code === 'XLSX_COLUMN_UNKNOWN');
      expect(unknown?.params, typed).toMatchObject({ header: typed.replace(/\s+/g, ' '), suggestion: want });
    }
  });
});

describe('headers of earlier templates', () => {
  it('价格价格年 Price price year and 水价（空=系数表）单位 … are read as 价格年 Price year and 水价单位 Water price unit', async () => {
    const example = JSON.parse(readFileSync('examples/jiangxi-county/input.json', 'utf8')) as unknown;
    const renamed: Record<string, Record<string, string>> = {
      产品: { '价格年 Price year': '价格价格年 Price price year' },
      水资源: {
        '水价单位 Water price unit': '水价（空=系数表）单位 Water price (blank = table) unit',
        '水价价格年 Water price year': '水价（空=系数表）价格年 Water price (blank = table) price year',
      },
      生产力: { '净初级生产力NPP单位 NPP unit': '净初级生产力NPP单位 NPP (dry matter) unit' },
    };
    let renames = 0;
    const today = await read(await fromTemplate(() => undefined, example));
    const earlier = await read(
      await fromTemplate((wb) => {
        for (const [name, headers] of Object.entries(renamed))
          sheet(wb, name)
            .getRow(1)
            .eachCell((cell) => {
              const to = headers[String(cell.value)];
              if (to === undefined) return;
              cell.value = to;
              renames++;
            });
      }, example),
    );
    expect(renames).toBe(4);
    expect(earlier.input).toEqual(today.input);
    expect(earlier.warnings).toEqual(today.warnings);
  });
});

describe('invisible characters pasted with a value', () => {
  it('a zero-width space or joiner, a word joiner or a byte-order mark is not part of the value', async () => {
    const book = await read(
      await bytesOf(
        areasBook([
          ['分区', '生态系统类型', '面积'],
          [],
          [null, 'shrub\u2060', '\u200b110'],
          [null, '\ufeffgrassland', '2\u200d0'],
        ]),
      ),
    );
    expect(
      (book.input.ecosystems as { type: string; area: { value: string } }[]).map((e) => [
        e.type,
        e.area.value,
      ]),
    ).toEqual([
      ['shrub', '110'],
      ['grassland', '20'],
    ]);
  });
});

describe('merged cells in the record rows', () => {
  it('a zone merged down two rows is refused at its range, not read into both rows', async () => {
    // Excel keeps a merge's value in its top-left cell: A4 has no zone of its own, and reading it as Z1 or as blank
    // would each be a guess.
    const wb = areasBook([
      ['分区', '生态系统类型', '面积'],
      [],
      ['Z1', 'forest.broadleaf', 60],
      [null, 'shrub', 40],
      ['Z2', 'grassland', 10],
    ]);
    sheet(wb, '生态系统面积').mergeCells('A3:A4');
    const issues = await refusal(await bytesOf(wb));
    expect(issues.map((i) => [i.code, i.path, i.params])).toEqual([
      ['XLSX_CELL_MERGED', ['生态系统面积!A3:A4'], { sheet: '生态系统面积', range: 'A3:A4' }],
    ]);
    expect(issues[0]?.message.zh).toContain('合并');
    expect(issues[0]?.message.en).toContain('A3:A4');
    expect(issues[0]?.hint).toContain('Unmerge the cells');
  });

  it('each merge is one issue, across columns too; a merge in row 2 counts when row 2 holds a record', async () => {
    const wb = areasBook([
      ['生态系统类型', '面积', '面积单位'],
      ['forest.broadleaf', 60, null],
      ['shrub', 40, 'hm2'],
    ]);
    const ws = sheet(wb, '生态系统面积');
    ws.mergeCells('A2:A3');
    ws.mergeCells('B3:C3');
    const issues = await refusal(await bytesOf(wb));
    expect(codesAt(issues)).toEqual([
      ['XLSX_CELL_MERGED', '生态系统面积!A2:A3'],
      ['XLSX_CELL_MERGED', '生态系统面积!B3:C3'],
    ]);
  });

  it('the template’s own note row may be merged: only merges reaching the records are refused', async () => {
    const bytes = await fromTemplate((wb) => {
      const ws = sheet(wb, '生态系统面积');
      ws.getCell('D2').value = null;
      ws.mergeCells('C2:D2');
    });
    await expect(read(bytes)).resolves.toBeDefined();
  });

  it('a merge on the JSON sheet is refused the same way', async () => {
    const bytes = await fromTemplate((wb) => {
      const ws = sheet(wb, 'JSON');
      ws.getRow(3).values = ['notes', '["a"'];
      ws.getRow(4).values = [null, ',"b"]'];
      ws.mergeCells('A3:A4');
    });
    expect(codesAt(await refusal(bytes))).toEqual([['XLSX_CELL_MERGED', 'JSON!A3:A4']]);
  });
});

describe('the JSON sheet', () => {
  it('keeps spaces where the writer cut the text into 30,000-character cells', async () => {
    // The note is cut at 30,000 characters of its JSON text `["…"]`: the text starts with `["` (2 characters),
    // so the note's characters 29,998 and 29,999 (0-based) end the first cell and start the second.
    const note = `${'a'.repeat(29_997)}  b  ${'c'.repeat(10)} `;
    const input = {
      region: { name: '测试县', level: 'county' },
      year: 2020,
      ecosystems: [{ type: 'shrub', area: { value: '40', unit: 'km2' } }],
      notes: [note],
    };
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load((await inputTemplate({ input })) as unknown as ArrayBuffer);
    const json = sheet(wb, 'JSON');
    expect(String(json.getCell('B3').value).endsWith(' ')).toBe(true);
    expect(String(json.getCell('B4').value).startsWith(' ')).toBe(true);
    const book = await read(await inputTemplate({ input }));
    expect(book.input.notes).toEqual([note]);
  });

  it('a wholly blank text cell is skipped', async () => {
    const book = await read(
      await fromTemplate((wb) => {
        sheet(wb, 'JSON').addRow(['notes', '["a",']);
        sheet(wb, 'JSON').addRow(['notes', '   ']);
        sheet(wb, 'JSON').addRow(['notes', ' "b"]']);
      }),
    );
    expect(book.input.notes).toEqual(['a', 'b']);
  });
});

describe('a custom indicator on the JSON sheet', () => {
  const input = {
    ...tinyInput(),
    customIndicators: [
      {
        code: 'X1',
        name: { zh: '油茶籽', en: 'Camellia oil seed' },
        category: 'material',
        unit: 't',
        inputs: {
          area: { value: '300', unit: 'mu', as: 'hm2', source: 'County land survey 2020', grade: 'verified' },
          yield: { value: '1.2', source: 'County forestry bureau survey 2020, table 3', grade: 'published' },
          price: '9000',
        },
        physical: 'area * yield',
        value: 'physical * price',
        priceYear: 2020,
      },
    ],
  };

  it('keeps its inputs’ sources and grades: the account lists them as from a JSON input', async () => {
    const book = await read(await inputTemplate({ input }));
    expect(book.input.customIndicators).toEqual(input.customIndicators);
    const r = account(book.input, { exclude: ALL });
    expect(r.coefficients.filter((c) => c.table === 'customIndicators').map((c) => [c.key, c.grade])).toEqual(
      [
        ['X1.area', 'verified'],
        ['X1.yield', 'published'],
      ],
    );
  });

  it('a source without its grade is refused at the JSON sheet’s cell', async () => {
    const bad = structuredClone(input);
    bad.customIndicators[0]!.inputs.price = { value: '9000', source: 'purchase price' } as never;
    const book = await read(await inputTemplate({ input: bad }));
    let issues: readonly Issue[] = [];
    try {
      account(book.input, { exclude: ALL });
    } catch (e) {
      if (!(e instanceof GepError)) throw e;
      issues = locateIssues(e.issues, book);
    }
    expect(issues.map((i) => i.code)).toEqual(['CUSTOM_INDICATOR_INVALID']);
    expect(issues[0]?.path).toEqual([
      `${String(book.locate(['customIndicators', 0, 'inputs', 'price', 'grade']))} (customIndicators[0].inputs.price.grade)`,
    ]);
    // the JSON sheet holds all custom indicators in one cell: the path within it follows the cell
    expect(issues[0]?.path[0]).toMatch(/^JSON!B\d+ \(customIndicators\[0\]\.inputs\.price\.grade\)$/);
  });
});

describe('a user record in the wrong unit, in the JSON sheet', () => {
  it('is located at the overrides cell of the JSON sheet, not at the area row that read it', async () => {
    const example = JSON.parse(
      readFileSync(new URL('../../examples/jiangxi-county/input.json', import.meta.url), 'utf8'),
    ) as Record<string, any>;
    const n = (example.overrides?.tables ?? []).length;
    // A reservoir price per t where R1 prices m³ of water.
    const mine = userTable('mine', [
      { key: 'price.reservoir_storage', value: '8', unit: 'yuan/t', priceYear: 2020 },
    ]);
    const input = {
      ...example,
      overrides: { ...example.overrides, tables: [...(example.overrides?.tables ?? []), mine] },
    };
    const book = await read(await inputTemplate({ input }));
    let issues: readonly Issue[] = [];
    try {
      account(book.input);
    } catch (e) {
      if (!(e instanceof GepError)) throw e;
      issues = locateIssues(e.issues, book);
    }
    const found = issues.filter((i) => i.code === 'COEFFICIENT_UNIT_MISMATCH');
    expect(found.map((i) => i.path)).toEqual([
      [
        `${String(book.locate(['overrides', 'tables', n, 'records', 0]))} (overrides.tables[${n}].records[0])`,
      ],
    ]);
    expect(found[0]?.path[0]).toMatch(
      new RegExp(`^JSON!B\\d+ \\(overrides\\.tables\\[${n}\\]\\.records\\[0\\]\\)$`),
    );
  });
});

describe('a figure in a default unit of 万, its unit cell blank (XLSX_DEFAULT_UNIT_LARGE)', () => {
  const large = (w: { warnings: readonly Issue[] }) =>
    w.warnings.filter((i) => i.code === 'XLSX_DEFAULT_UNIT_LARGE');

  it('1,200,000 visits typed without their unit: read as 万人次 (the default of row 2), and warned at the cell', async () => {
    // 旅游人次: A 游客类别, B 分区, C 人次, D 人次单位 (blank = 万人次), E 人均花费, F its unit, G its price year
    const book = (visits: number, unit: string | null) =>
      fromTemplate((wb) => {
        sheet(wb, '旅游人次').getRow(3).values = ['国内游客', null, visits, unit, 650, null, 2020];
      });
    const r = await read(await book(1_200_000, null));
    // the figure is read as written, in the default unit: the warning says so, it changes nothing
    expect((r.input as { tourism: { segments: { visits: unknown }[] } }).tourism.segments[0]?.visits).toEqual(
      {
        value: '1200000',
        unit: 'wan_person_time',
      },
    );
    const [w] = large(r);
    expect(w?.path).toEqual(['旅游人次!C3']);
    // 1 200 000 万人次 = 1 200 000 × 10⁴ = 1.2 × 10¹⁰ 人次 = 120 亿人次
    expect(w?.message).toEqual({
      zh: '单位为空，按该列的默认单位读作 1200000 万人次，即 120 亿人次：数值如此之大，像是以 人次 计',
      en: "The unit cell is blank, so 1200000 is read in the column's default unit, 万人次: 120 亿人次, a figure that large looks written in 人次",
    });
    expect(w?.hint).toBe(
      'If the figure is in 人次, write 人次 in its unit cell; if it is in 万人次, write 万人次 there, and the figure is read without this warning.',
    );
    // just below the level (999 999 万人次 ≈ 100 亿人次): not warned; its unit written: not warned, in either unit
    expect(large(await read(await book(999_999, null)))).toEqual([]);
    expect(large(await read(await book(1_200_000, '万人次')))).toEqual([]);
    const plain = await read(await book(1_200_000, '人次'));
    expect(large(plain)).toEqual([]);
    expect(
      (plain.input as { tourism: { segments: { visits: unknown }[] } }).tourism.segments[0]?.visits,
    ).toEqual({
      value: '1200000',
      unit: '人次', // read as a unit by the schema, as every unit cell
    });
  });

  it('money in 万元 and water in 万m³ alike; a default unit not of 万 is never warned', async () => {
    const r = await read(
      await fromTemplate((wb) => {
        // 产业: A 产业, B 分区, C 总产值, D its unit (blank = 万元), E its price year
        sheet(wb, '产业').getRow(3).values = ['agriculture', null, 2_500_000, null, 2020];
        // 水资源: A 用途, B 分区, C 用水量 (blank = 万m³), D its unit, E 水价 (blank unit = yuan/m3)
        sheet(wb, '水资源').getRow(3).values = ['domestic', null, 1_000_000, null, 1_000_000, null, 2020];
      }),
    );
    expect(large(r).map((w) => [w.path[0], w.params?.yi, w.params?.yiUnit, w.params?.plain])).toEqual([
      // 2 500 000 万元 = 250 亿元; 1 000 000 万m³ = 100 亿m³ (the price, 1 000 000 yuan/m³, in its own unit: no word)
      ['产业!C3', '250', '亿元', '元'],
      ['水资源!C3', '100', '亿m³', 'm³'],
    ]);
  });
});

describe('cell addresses and values', () => {
  it('XLSX_SHEET_ONE_ROW points at the second record’s own row', async () => {
    const wb = areasBook([['生态系统类型', '面积'], [], ['shrub', 40]]);
    sheet(wb, '基本信息').getRow(9).getCell(1).value = '另一个县';
    const issues = await refusal(await bytesOf(wb));
    expect(codesAt(issues)).toEqual([['XLSX_SHEET_ONE_ROW', '基本信息!A9']]);
  });

  it('numbers are read with Excel’s 15 significant digits: a formula’s 0.1+0.2 is 0.3', async () => {
    const wb = areasBook([
      ['生态系统类型', '面积'],
      [],
      ['forest.broadleaf', { formula: '0.1+0.2', result: 0.1 + 0.2 }],
      ['shrub', 1e-7],
      ['grassland', 123456.789],
    ]);
    const book = await read(await bytesOf(wb));
    expect((book.input.ecosystems as { area: { value: string } }[]).map((e) => e.area.value)).toEqual([
      '0.3',
      '1e-7',
      '123456.789',
    ]);
  });

  it('a land-use code typed as a number that is a code only with its leading zero is read with it, said', async () => {
    const book = await read(
      await bytesOf(areasBook([['生态系统类型', '面积'], [], [301, 60], ['0301', 40], [1, 5], [101, 3]])),
    );
    expect((book.input.ecosystems as { type: string }[]).map((e) => e.type)).toEqual([
      '0301',
      '0301',
      '01',
      '0101',
    ]);
    expect(codesAt(book.warnings)).toEqual([
      ['XLSX_TYPE_NUMBER', '生态系统面积!A3'],
      ['XLSX_TYPE_NUMBER', '生态系统面积!A5'],
      ['XLSX_TYPE_NUMBER', '生态系统面积!A6'],
    ]);
    expect(book.warnings[0]?.message.en).toBe(
      'The ecosystem-type cell holds the number 301; it was read as the land-use code 0301, with the leading zero Excel drops restored',
    );
    expect(book.warnings[0]?.message.zh).toBe(
      '生态系统类型单元格是数字 301；已补回 Excel 去掉的前导零，按地类编码 0301 读取',
    );
    expect(book.warnings[0]?.hint).toContain("'0301");
  });

  it('a number that is a land-use code as it stands and another with the zero restored is refused at its cell', async () => {
    // 0202 茶园 typed into a General cell is 202, the third survey's 建制镇 (urban): never accounted as either.
    const issues = await refusal(
      await bytesOf(areasBook([['生态系统类型', '面积'], [], ['forest.broadleaf', 60], [202, 19], [201, 4]])),
    );
    expect(codesAt(issues)).toEqual([
      ['XLSX_TYPE_NUMBER_AMBIGUOUS', '生态系统面积!A4'],
      ['XLSX_TYPE_NUMBER_AMBIGUOUS', '生态系统面积!A5'],
    ]);
    expect(issues[0]?.message.en).toBe(
      'The ecosystem-type cell holds the number 202, which reads two ways: as the land-use code 202 (建制镇), or with the leading zero Excel drops restored as 0202 (茶园)',
    );
    expect(issues[0]?.message.zh).toBe(
      '生态系统类型单元格是数字 202，有两种读法：地类编码 202（建制镇），或补回 Excel 去掉的前导零后的 0202（茶园）',
    );
    expect(issues[0]?.hint).toContain('Format the column as Text');
    expect(issues[0]?.hint).toContain('--type-map 0202=TYPE');
    expect(issues[1]?.message.en).toContain('201 (城市)');
    expect(issues[1]?.message.en).toContain('0201 (果园)');
  });

  it('the type mapping decides such a number: the reading it names is read', async () => {
    const bytes = await bytesOf(areasBook([['生态系统类型', '面积'], [], [202, 19]]));
    const types = async (typeMapping: Record<string, string>) => {
      const book = await readInputWorkbook(bytes, 't.xlsx', { typeMapping });
      expect(codesAt(book.warnings)).toEqual([['XLSX_TYPE_NUMBER', '生态系统面积!A3']]);
      return { type: (book.input.ecosystems as { type: string }[])[0]?.type, warning: book.warnings[0] };
    };
    const tea = await types({ ' 0202 ': 'cropland.orchard' });
    expect(tea.type).toBe('0202');
    expect(tea.warning?.message.en).toBe(
      'The ecosystem-type cell holds the number 202; it was read as 0202, which the type mapping (--type-map) names',
    );
    expect((await types({ '202': 'urban' })).type).toBe('202');
    // A mapping of other forms leaves the number ambiguous.
    expect(codesAt(await refusal(bytes))).toEqual([['XLSX_TYPE_NUMBER_AMBIGUOUS', '生态系统面积!A3']]);
    await expect(
      readInputWorkbook(bytes, 't.xlsx', { typeMapping: { '0301': 'forest.mixed' } }),
    ).rejects.toThrow(/XLSX_TYPE_NUMBER_AMBIGUOUS/);
  });

  it('a number that is a land-use code only as it stands, or none at all, is read as its digits, said', async () => {
    const book = await read(await bytesOf(areasBook([['生态系统类型', '面积'], [], [205, 2], [7777, 1]])));
    expect((book.input.ecosystems as { type: string }[]).map((e) => e.type)).toEqual(['205', '7777']);
    expect(book.warnings.map((w) => w.message.en)).toEqual([
      'The ecosystem-type cell holds the number 205; it was read as the land-use code 205 (there is no code 0205)',
      'The ecosystem-type cell holds the number 7777; it was read as 7777, which is no land-use code with or without a leading zero',
    ]);
    expect(book.warnings.map((w) => w.message.zh)).toEqual([
      '生态系统类型单元格是数字 205；已按地类编码 205 读取（不存在编码 0205）',
      '生态系统类型单元格是数字 7777；已按 7777 读取：无论是否补回前导零，它都不是地类编码',
    ]);
  });
});

describe('the template keeps codes as typed', () => {
  it('its code and id columns are Text (0202 stays 0202), its number columns are not', async () => {
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load((await inputTemplate()) as unknown as ArrayBuffer);
    const formats = (name: string) => {
      const ws = sheet(wb, name);
      const out: Record<string, string | undefined> = {};
      ws.getRow(1).eachCell((cell, i) => {
        // A cell typed into later takes its column's format.
        out[String(cell.value)] = ws.getRow(500).getCell(i).numFmt;
      });
      return out;
    };
    expect(formats('生态系统面积')).toMatchObject({
      '分区 Zone': '@',
      '生态系统类型 Ecosystem type': '@',
      '面积 Area': undefined,
    });
    expect(formats('分区')).toMatchObject({ '分区编号 Zone id': '@', '分区名称 Zone name': undefined });
    expect(formats('基本信息')).toMatchObject({ '行政区划代码 Division code': '@', '区域级别 Level': '@' });
    expect(formats('产品')).toMatchObject({ '产业 Sector': '@', '产量 Quantity': undefined });
    for (const ws of wb.worksheets)
      ws.getRow(1).eachCell((cell, i) => {
        if (/类型 Ecosystem type/.test(String(cell.value))) expect(ws.getColumn(i).numFmt, ws.name).toBe('@');
      });
  });
});

/** CRC-32 (IEEE 802.3, reflected polynomial 0xEDB88320), as zip entries carry it. */
function crc32(bytes: Uint8Array): number {
  let c = 0xffffffff;
  for (const b of bytes) {
    c ^= b;
    for (let k = 0; k < 8; k++) c = c & 1 ? (c >>> 1) ^ 0xedb88320 : c >>> 1;
  }
  return (c ^ 0xffffffff) >>> 0;
}

/** A zip archive of stored (uncompressed) files: local headers, the central directory, its end record. */
function zipOf(files: Record<string, string>): Uint8Array {
  const enc = new TextEncoder();
  const local: number[] = [];
  const central: number[] = [];
  const u16 = (n: number) => [n & 0xff, n >>> 8];
  const u32 = (n: number) => [n & 0xff, (n >>> 8) & 0xff, (n >>> 16) & 0xff, n >>> 24];
  for (const [name, text] of Object.entries(files)) {
    const [n, data] = [enc.encode(name), enc.encode(text)];
    const common = [...u16(20), ...u16(0), ...u16(0), ...u16(0), ...u16(0x21)];
    const sizes = [
      ...u32(crc32(data)),
      ...u32(data.length),
      ...u32(data.length),
      ...u16(n.length),
      ...u16(0),
    ];
    central.push(...u32(0x02014b50), ...u16(20), ...common, ...sizes, ...u16(0), ...u16(0), ...u16(0));
    central.push(...u32(0), ...u32(local.length), ...n);
    local.push(...u32(0x04034b50), ...common, ...sizes, ...n, ...data);
  }
  const count = Object.keys(files).length;
  const end = [...u32(0x06054b50), ...u16(0), ...u16(0), ...u16(count), ...u16(count)];
  end.push(...u32(central.length), ...u32(local.length), ...u16(0));
  return new Uint8Array([...local, ...central, ...end]);
}

describe('a file that is not an input workbook', () => {
  it('a zip archive without a workbook part (xl/workbook.xml) is XLSX_NOT_WORKBOOK, not an empty input', async () => {
    const issues = await refusal(zipOf({ 'hello.txt': 'hello' }));
    expect(issues).toHaveLength(1);
    expect(issues[0]?.code).toBe('XLSX_NOT_WORKBOOK');
    expect(issues[0]?.path).toEqual([]);
    expect(issues[0]?.message.en).toBe(
      't.xlsx cannot be read as an Excel workbook (.xlsx): the zip archive holds no workbook part (xl/workbook.xml)',
    );
    expect(issues[0]?.message.zh).toBe(
      '无法作为 Excel 工作簿（.xlsx）读取 t.xlsx：该 zip 压缩包中没有工作簿部件（xl/workbook.xml）',
    );
  });

  it('a file that is no zip archive keeps the zip library’s message as written in the Chinese message', async () => {
    const [issue] = await refusal(new TextEncoder().encode('{"region":'));
    expect(issue?.code).toBe('XLSX_NOT_WORKBOOK');
    const detail = String(issue?.params?.detail);
    expect(detail).not.toBe('');
    expect(issue?.message.zh).toBe(`无法作为 Excel 工作簿（.xlsx）读取 t.xlsx：${detail}`);
  });

  it('a workbook with none of the template’s sheets names the sheets every input workbook has', async () => {
    const wb = new ExcelJS.Workbook();
    wb.addWorksheet('Sheet1').addRow(['hello']);
    const issues = await refusal(await bytesOf(wb));
    expect(codesAt(issues)).toEqual([
      ['XLSX_SHEET_MISSING', '基本信息'],
      ['XLSX_SHEET_MISSING', '生态系统面积'],
    ]);
    expect(issues[0]?.params).toEqual({
      sheet: '基本信息',
      expected: '基本信息, 生态系统面积',
      found: 'Sheet1',
    });
    expect(issues[1]?.message.en).toBe(
      'The workbook has no sheet "生态系统面积" (every input workbook has the sheets 基本信息, 生态系统面积; this one has Sheet1)',
    );
  });

  it('one of the two missing: only it is named', async () => {
    const wb = areasBook([['生态系统类型', '面积'], [], ['shrub', 40]]);
    wb.removeWorksheet((wb.getWorksheet('基本信息') as ExcelJS.Worksheet).id);
    const issues = await refusal(await bytesOf(wb));
    expect(codesAt(issues)).toEqual([['XLSX_SHEET_MISSING', '基本信息']]);
    expect(issues[0]?.params).toMatchObject({ found: '生态系统面积' });
  });
});

describe('a row holding only a note', () => {
  it('is refused at its note cell, naming what a record needs, in place of one error per blank field', async () => {
    // Row 4 of 生态系统面积 is a heading written in the note column D between two records.
    const issues = await refusal(
      await bytesOf(
        areasBook([
          ['生态系统类型', '面积', '面积单位', '备注'],
          [],
          ['shrub', 10, 'km2'],
          [null, null, null, '以下为林地'],
          ['forest.broadleaf', 5, 'km2'],
        ]),
      ),
    );
    expect(issues).toHaveLength(1);
    expect(issues[0]).toMatchObject({
      code: 'XLSX_ROW_NOTE_ONLY',
      path: ['生态系统面积!D4'],
      message: {
        zh: '工作表“生态系统面积”第 4 行只有备注（以下为林地），不是一条完整的记录：记录需填写生态系统类型、面积',
        en: 'Row 4 of sheet "生态系统面积" holds only a note (以下为林地), not a record: a record needs 生态系统类型 Ecosystem type, 面积 Area',
      },
    });
  });

  it('a record with a note and values is read with its note', async () => {
    const book = await read(
      await bytesOf(
        areasBook([['生态系统类型', '面积', '面积单位', '备注'], [], ['shrub', 10, 'km2', '二调']]),
      ),
    );
    expect(book.input.ecosystems).toEqual([
      { type: 'shrub', area: { value: '10', unit: 'km2' }, note: '二调' },
    ]);
  });
});

describe('a missing value is located where it belongs', () => {
  const input = {
    region: { name: '测试县', level: 'county' },
    year: 2020,
    ecosystems: [
      { type: 'forest.broadleaf', area: { value: '60', unit: 'km2' } },
      { type: 'shrub', area: { value: '40', unit: 'km2' } },
    ],
  };

  it('a blank cell of a record: at that cell (基本信息 columns A 区域名称 … D 核算年份; 生态系统面积 A 分区, B 类型, C 面积)', async () => {
    const book = await read(
      await fromTemplate((wb) => {
        sheet(wb, '基本信息').getCell('D3').value = null;
        sheet(wb, '生态系统面积').getCell('C4').value = null;
        sheet(wb, '生态系统面积').getCell('D4').value = null;
      }, input),
    );
    expect(book.input.year).toBeUndefined();
    expect(book.locate(['year'])).toBe('基本信息!D3');
    // The second row's area (value and unit) is blank: the area and its value at C4, its unit at D4.
    expect((book.input.ecosystems as unknown[])[1]).toEqual({ type: 'shrub' });
    expect(book.locate(['ecosystems', 1, 'area'])).toBe('生态系统面积!C4');
    expect(book.locate(['ecosystems', 1, 'area', 'value'])).toBe('生态系统面积!C4');
    expect(book.locate(['ecosystems', 1, 'area', 'unit'])).toBe('生态系统面积!D4');
    expect(book.locate(['ecosystems', 1, 'zone'])).toBe('生态系统面积!A4');
    // Values that are there keep their cells.
    expect(book.locate(['ecosystems', 1, 'type'])).toBe('生态系统面积!B4');
    expect(book.locate(['region', 'name'])).toBe('基本信息!A3');
  });

  it('a price whose columns are moved is at its value’s cell, wherever its unit and price year stand', async () => {
    const example = JSON.parse(readFileSync('examples/jiangxi-county/input.json', 'utf8')) as unknown;
    const headers = async (bytes: Uint8Array) => {
      const wb = new ExcelJS.Workbook();
      await wb.xlsx.load(bytes as unknown as ArrayBuffer);
      return (sheet(wb, '产品').getRow(1).values as unknown[]).map(String);
    };
    const template = await fromTemplate(() => undefined, example);
    const cols = await headers(template);
    const value = cols.indexOf('价格 Price');
    const year = cols.indexOf('价格年 Price year');
    expect(year).toBeGreaterThan(value);
    // The price and price-year columns swapped, headers with their data: the value now stands right of its year.
    const swapped = await fromTemplate((wb) => {
      const ws = sheet(wb, '产品');
      for (let r = 1; r <= ws.rowCount; r++) {
        const [a, b] = [ws.getRow(r).getCell(value), ws.getRow(r).getCell(year)];
        [a.value, b.value] = [b.value, a.value];
      }
    }, example);
    const letter = (i: number) => String.fromCharCode(64 + i);
    const price = ['materialProducts', 0, 'products', 0, 'price'];
    for (const [bytes, at, yearAt] of [
      [template, value, year],
      [swapped, year, value],
    ] as const) {
      const book = await read(bytes);
      expect(book.locate(price)).toBe(`产品!${letter(at)}3`);
      expect(book.locate([...price, 'value'])).toBe(`产品!${letter(at)}3`);
      expect(book.locate([...price, 'priceYear'])).toBe(`产品!${letter(yearAt)}3`);
    }
    // A row whose price is blank: the price is missing at its value column's cell, not at its year's.
    const blank = await read(
      await fromTemplate((wb) => {
        const ws = sheet(wb, '产品');
        for (let r = 1; r <= ws.rowCount; r++) {
          const [a, b] = [ws.getRow(r).getCell(value), ws.getRow(r).getCell(year)];
          [a.value, b.value] = [b.value, a.value];
        }
        for (const c of [value, year, cols.indexOf('价格单位 Price unit')])
          ws.getRow(3).getCell(c).value = null;
      }, example),
    );
    expect(blank.locate(price)).toBe(`产品!${letter(year)}3`);
  });

  it('the value blank and its unit given: the value at its own cell', async () => {
    const book = await read(
      await fromTemplate((wb) => (sheet(wb, '生态系统面积').getCell('C3').value = null), input),
    );
    expect((book.input.ecosystems as unknown[])[0]).toEqual({
      type: 'forest.broadleaf',
      area: { unit: 'km2' },
    });
    expect(book.locate(['ecosystems', 0, 'area', 'value'])).toBe('生态系统面积!C3');
  });

  it('a unit typed in full-width forms (ｋｍ２, 元／吨, as an input method types them) is read in ASCII', async () => {
    const book = await read(
      await fromTemplate((wb) => (sheet(wb, '生态系统面积').getCell('D3').value = 'ｋｍ２'), input),
    );
    expect((book.input.ecosystems as { area: unknown }[])[0]?.area).toEqual({ value: '60', unit: 'km2' });
  });

  it('a sheet without records: at its first record row; an absent sheet: at the sheet', async () => {
    const book = await read(
      await fromTemplate((wb) => {
        sheet(wb, '基本信息').spliceRows(3, 1);
        wb.removeWorksheet(sheet(wb, '气候').id);
      }, input),
    );
    expect(book.input.region).toBeUndefined();
    expect(book.locate(['region'])).toBe('基本信息!A3');
    expect(book.locate(['region', 'level'])).toBe('基本信息!C3');
    expect(book.locate(['year'])).toBe('基本信息!D3');
    // 分区 is in the workbook without rows; 气候 is not in it.
    expect(book.locate(['zones'])).toBe('分区!A3');
    expect(book.locate(['zones', 0, 'id'])).toBe('分区!A3');
    expect(book.locate(['climate', 0, 'precipitation'])).toBe('气候');
  });

  it('the account’s issues about missing values are located at those cells', async () => {
    const book = await read(
      await fromTemplate((wb) => (sheet(wb, '基本信息').getCell('D3').value = null), input),
    );
    let issues: readonly Issue[] = [];
    try {
      account(book.input);
    } catch (e) {
      issues = (e as GepError).issues;
    }
    expect(codesAt(locateIssues(issues, book))).toEqual([['INPUT_INVALID', '基本信息!D3']]);
  });
});

/**
 * A workbook written part by part (what Excel never writes: a number cell holding 1e309): each sheet's rows, a string
 * as an inline string, a number as the text of its `<v>`.
 */
function xmlBook(
  sheets: Record<string, (string | { v: string } | { s: string } | { d: string } | null)[][]>,
): Uint8Array {
  const ns = 'http://schemas.openxmlformats.org/';
  const rel = (id: number, type: string, target: string) =>
    `<Relationship Id="rId${id}" Type="${ns}officeDocument/2006/relationships/${type}" Target="${target}"/>`;
  const names = Object.keys(sheets);
  const files: Record<string, string> = {
    '[Content_Types].xml': `<Types xmlns="${ns}package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/></Types>`,
    '_rels/.rels': `<Relationships xmlns="${ns}package/2006/relationships">${rel(1, 'officeDocument', 'xl/workbook.xml')}</Relationships>`,
    'xl/workbook.xml': `<workbook xmlns="${ns}spreadsheetml/2006/main" xmlns:r="${ns}officeDocument/2006/relationships"><sheets>${names.map((n, k) => `<sheet name="${n}" sheetId="${k + 1}" r:id="rId${k + 1}"/>`).join('')}</sheets></workbook>`,
    'xl/_rels/workbook.xml.rels': `<Relationships xmlns="${ns}package/2006/relationships">${names.map((_, k) => rel(k + 1, 'worksheet', `worksheets/sheet${k + 1}.xml`)).join('')}${rel(99, 'sharedStrings', 'sharedStrings.xml')}</Relationships>`,
    // one shared string, 编号: index 0 is the only one there is
    'xl/sharedStrings.xml': `<sst xmlns="${ns}spreadsheetml/2006/main" count="1" uniqueCount="1"><si><t>编号</t></si></sst>`,
  };
  names.forEach((n, k) => {
    const rows = (sheets[n] ?? []).map((cells, r) => {
      const xml = cells.map((c, i) => {
        const at = `${String.fromCharCode(65 + i)}${r + 1}`;
        if (c === null) return '';
        if (typeof c === 'object' && 's' in c) return `<c r="${at}" t="s"><v>${c.s}</v></c>`;
        if (typeof c === 'object' && 'd' in c) return `<c r="${at}" t="d"><v>${c.d}</v></c>`;
        return typeof c === 'string'
          ? `<c r="${at}" t="inlineStr"><is><t>${c}</t></is></c>`
          : `<c r="${at}"><v>${c.v}</v></c>`;
      });
      return `<row r="${r + 1}">${xml.join('')}</row>`;
    });
    files[`xl/worksheets/sheet${k + 1}.xml`] =
      `<worksheet xmlns="${ns}spreadsheetml/2006/main"><sheetData>${rows.join('')}</sheetData></worksheet>`;
  });
  return zipOf(files);
}

describe('XLSX_CELL_INVALID in Chinese', () => {
  it('gives what the cell holds in Chinese: TRUE/FALSE, a date, an error value, a formula without its result, a section name', async () => {
    const issues = await refusal(
      await fromTemplate((wb) => {
        sheet(wb, '生态系统面积').getRow(3).values = [null, 'shrub', true];
        sheet(wb, '生态系统面积').getRow(4).values = [null, 'grassland', new Date(Date.UTC(2020, 0, 1))];
        sheet(wb, '生态系统面积').getRow(5).values = [null, 'forest.broadleaf', { error: '#N/A' }];
        sheet(wb, '生态系统面积').getRow(6).values = [null, 'cropland.paddy', { formula: '1+1' }];
        sheet(wb, 'JSON').addRow(['bogus', '{}']);
      }),
    );
    const invalid = issues.filter((i) => i.code === 'XLSX_CELL_INVALID');
    expect(invalid.map((i) => [i.params?.detail, i.message.zh])).toEqual([
      ['TRUE/FALSE (true)', '单元格内容无法读取（应为数值）：逻辑值 TRUE/FALSE（true）'],
      ['a date (2020-01-01)', '单元格内容无法读取（应为数值）：日期（2020-01-01）'],
      ['the error value #N/A', '单元格内容无法读取（应为数值）：错误值 #N/A'],
      ['a formula without a saved result', '单元格内容无法读取（应为数值）：没有保存计算结果的公式'],
      [
        '"bogus" is not one of overrides, customIndicators, notes, meta',
        '单元格内容无法读取（应为节名（overrides、customIndicators、notes 或 meta））：“bogus”不是以下节名之一：overrides, customIndicators, notes, meta',
      ],
    ]);
  });

  it('every form gepkit writes is in Chinese; a detail with extra text is kept as written', () => {
    const zh = (expected: string, detail: string) => XLSX_ERRORS.XLSX_CELL_INVALID.zh({ expected, detail });
    // What a cell should hold that the table lacks is kept, also one named like an inherited property.
    expect(zh('toString', 'x')).toBe('单元格内容无法读取（应为toString）：x');
    expect(zh('text', 'an unsupported cell value')).toBe(
      '单元格内容无法读取（应为文本）：无法识别的单元格内容',
    );
    expect(zh('text', 'TRUE/FALSE (false)')).toBe(
      '单元格内容无法读取（应为文本）：逻辑值 TRUE/FALSE（false）',
    );
    expect(zh('number', 'a number too large for a double, twice')).toBe(
      '单元格内容无法读取（应为数值）：a number too large for a double, twice',
    );
    expect(zh('number', 'not a date (2020-01-01)')).toBe(
      '单元格内容无法读取（应为数值）：not a date (2020-01-01)',
    );
    const book = (detail: string) => XLSX_ERRORS.XLSX_NOT_WORKBOOK.zh({ file: 'a.xlsx', detail });
    expect(book('the zip archive holds no workbook part (xl/workbook.xml) or more')).toBe(
      '无法作为 Excel 工作簿（.xlsx）读取 a.xlsx：the zip archive holds no workbook part (xl/workbook.xml) or more',
    );
    // jszip's own message
    expect(book("Can't find end of central directory : is this a zip file ?")).toBe(
      "无法作为 Excel 工作簿（.xlsx）读取 a.xlsx：Can't find end of central directory : is this a zip file ?",
    );
  });
});

describe('a cell naming a shared string the workbook lacks', () => {
  it('is XLSX_CELL_INVALID at sheet!cell, with no text of the workbook library’s exception', async () => {
    // The workbook has one shared string (index 0): 1, 99999, -1 and "constructor" name none.
    for (const index of ['1', '99999', '-1', 'constructor']) {
      const issues = await refusal(
        xmlBook({
          基本信息: [['区域名称', '区域级别', '核算年份'], [], ['测试县', 'county', { v: '2020' }]],
          分区: [[{ s: '0' }, '名称'], [], ['Z1', { s: index }]],
        }),
      );
      expect(codesAt(issues), index).toEqual([['XLSX_CELL_INVALID', '分区!B3']]);
      expect(issues[0]?.message.en).toBe(
        `The cell cannot be read as text: shared string ${index}, of 1 in the workbook`,
      );
      expect(issues[0]?.message.zh).toBe(
        `单元格内容无法读取（应为文本）：共享字符串 ${index}，而工作簿中只有 1 个`,
      );
      expect(JSON.stringify(issues)).not.toMatch(/Cannot read|undefined|richText/);
    }
  });
});

describe('a number cell no double holds', () => {
  it('1e309 in a number or year cell is XLSX_CELL_INVALID at the cell, never the word Infinity', async () => {
    const issues = await refusal(
      xmlBook({
        基本信息: [['区域名称', '区域级别', '核算年份'], [], ['测试县', 'county', { v: '1e309' }]],
        生态系统面积: [['生态系统类型', '面积'], [], ['shrub', { v: '-1e309' }], ['grassland', { v: '40' }]],
      }),
    );
    expect(codesAt(issues)).toEqual([
      ['XLSX_CELL_INVALID', '基本信息!C3'],
      ['XLSX_CELL_INVALID', '生态系统面积!B3'],
    ]);
    expect(issues.map((i) => i.message.en)).toEqual([
      'The cell cannot be read as year: a number too large for a double',
      // -1e309: shortValue's words, its sign said
      'The cell cannot be read as number: a negative number too large for a double',
    ]);
    expect(issues.map((i) => i.message.zh)).toEqual([
      '单元格内容无法读取（应为年份）：超出双精度浮点数范围的数',
      '单元格内容无法读取（应为数值）：超出双精度浮点数范围的负数',
    ]);
  });

  it('the same workbook with numbers a double holds is read', async () => {
    const book = await read(
      xmlBook({
        基本信息: [['区域名称', '区域级别', '核算年份'], [], ['测试县', 'county', { v: '2020' }]],
        生态系统面积: [['生态系统类型', '面积'], [], ['shrub', { v: '1e20' }]],
      }),
    );
    expect(book.input).toEqual({
      region: { name: '测试县', level: 'county' },
      year: 2020,
      ecosystems: [{ type: 'shrub', area: { value: '100000000000000000000', unit: 'km2' } }],
    });
  });
});

describe('a text in a number cell: the hint in a spreadsheet’s terms', () => {
  const notFinite = (value: string) =>
    issue('NUMBER_NOT_FINITE', ['ecosystems', 0, 'area', 'value'], { value });
  const hintOf = (value: string) =>
    locateIssues([notFinite(value)], { locate: () => '生态系统面积!C3' })[0]?.hint;
  it('names the separators, the percent sign, the unit or the words typed beside the number', () => {
    expect(hintOf('1,200')).toBe(
      'Type the number without thousands separators (1200), or enter it as a number: a cell formatted with separators still holds the number.',
    );
    // 33.3 % = 33.3 / 100 = 0.333 (exact, not the double 0.33299999999999996)
    expect(hintOf('33.3%')).toContain('(33.3 % is 0.333)');
    expect(hintOf('35 ％')).toContain('(35 % is 0.35)');
    expect(hintOf('12 km2')).toBe(
      'Leave only the number in the cell: the unit has a column of its own (…单位 unit), and notes go in 备注 Note.',
    );
    // A decimal comma and thousands in spaces hold no unit: not the unit's hint.
    expect(hintOf('120,5')).toBe(
      'Write decimals with a point (120.5), not a comma; thousands separators are not read either.',
    );
    expect(hintOf('110 000')).toBe('Type the number without spaces between its digits (110000).');
    // the full-width comma a Chinese input method types reads as the ASCII one
    expect(hintOf('3，2')).toBe(
      'Write decimals with a point (3.2), not a comma; thousands separators are not read either.',
    );
    expect(hintOf('52，000')).toContain('without thousands separators (52000)');
    expect(hintOf('1，200，000.5')).toContain('without thousands separators (1200000.5)');
    expect(hintOf('约 30')).toBe(
      'Type a number into the cell (half-width digits, a point for decimals: 1234.5); words and notes go in 备注 Note.',
    );
  });
  it('keeps the account’s hint where the issue is not at a cell, and other codes’ hints', () => {
    expect(locateIssues([notFinite('1,200')], { locate: () => undefined })[0]?.hint).toBe(
      notFinite('1,200').hint,
    );
    expect(notFinite('1,200').hint).toContain('Write numbers as decimal strings such as "1234.5"');
    const other = { ...notFinite('x'), code: 'NEGATIVE_VALUE', hint: 'Correct the sign.' };
    expect(locateIssues([other], { locate: () => '生态系统面积!C3' })[0]?.hint).toBe('Correct the sign.');
  });
});

describe('an issue about a section the workbook holds no cell of', () => {
  const nowhere = { locate: () => undefined };
  it('is at the sheet to fill in; a missing pollutant at its medium’s sheet', () => {
    const [cod] = locateIssues(
      [
        issue('INDICATOR_INPUT_MISSING', ['emissions', 'water'], {
          indicator: 'R4',
          field: 'emissions.water for COD',
        }),
      ],
      nowhere,
    );
    expect(cod?.path).toEqual(['水污染物']);
    expect(cod?.hint).toBe(
      'Fill in the sheet 水污染物 (Water pollutants), or exclude R4 (--exclude R4, or options.exclude) if the region has none.',
    );
    // tourism without the field naming a sheet: both sheets of the section, the first as the path
    const [c1] = locateIssues(
      [issue('INDICATOR_INPUT_MISSING', ['tourism'], { indicator: 'C1', field: 'tourism' })],
      nowhere,
    );
    expect(c1?.path).toEqual(['旅游人次']);
    expect(c1?.hint).toContain('Fill in the sheets 旅游人次 (Tourism visits), 旅游收入');
  });
  it('another code moves to a sheet only when one sheet holds the section; a path no sheet holds is kept', () => {
    const ignored = (path: (string | number)[]) => issue('INPUT_IGNORED', path, { field: 'x', reason: 'y' });
    const warn = (path: (string | number)[]) => locateIssues([ignored(path)], nowhere)[0];
    expect(warn(['tourism'])?.path).toEqual(['tourism']);
    expect(warn(['emissions', 'air'])?.path).toEqual(['大气污染物']);
    expect(warn(['coefficients', 6])).toEqual(ignored(['coefficients', 6]));
  });
});

describe('rows hidden or filtered out in Excel', () => {
  it('are read like any other, and said once per sheet with their numbers as ranges', async () => {
    const book = await read(
      await fromTemplate((wb) => {
        const s = sheet(wb, '生态系统面积');
        const types = [
          'shrub',
          'grassland',
          'forest.mixed',
          'cropland.paddy',
          'forest.bamboo',
          'wetland.river',
        ];
        types.forEach((type, k) => {
          s.getRow(3 + k).values = [null, type, 10];
          // rows 4–5 and 7 hidden; 3, 6 and 8 shown
          s.getRow(3 + k).hidden = [4, 5, 7].includes(3 + k);
        });
      }),
    );
    expect((book.input.ecosystems as unknown[]).length).toBe(6);
    expect(book.warnings.map((w) => [w.code, w.path, w.params])).toEqual([
      ['XLSX_ROWS_HIDDEN', ['生态系统面积!A4'], { sheet: '生态系统面积', rows: '4–5, 7' }],
    ]);
    expect(book.warnings[0]?.message.zh).toBe(
      '工作表“生态系统面积”的隐藏行 4–5, 7 已读入核算：隐藏或筛选掉的行不会被排除',
    );
  });
});

describe('columns and sheets hidden in Excel', () => {
  it('a hidden column with values in records is read and said, its columns named; an empty hidden one is not', async () => {
    // 生态系统面积: A 分区, B 类型, C 面积, D 面积单位. C (values) and D (a unit in row 4) hidden, E (empty) too.
    const book = await read(
      await fromTemplate((wb) => {
        const s = sheet(wb, '生态系统面积');
        s.getRow(3).values = [null, 'shrub', 10];
        s.getRow(4).values = [null, 'grassland', 20, 'hm2'];
        for (const c of [3, 4, 5]) s.getColumn(c).hidden = true;
      }),
    );
    // 20 hm² = 0.2 km²: both rows read, the unit of the hidden column applied.
    expect(book.input.ecosystems).toEqual([
      { type: 'shrub', area: { value: '10', unit: 'km2' } },
      { type: 'grassland', area: { value: '20', unit: 'hm2' } },
    ]);
    expect(book.warnings.map((w) => [w.code, w.path, w.params])).toEqual([
      ['XLSX_COLUMNS_HIDDEN', ['生态系统面积!C1'], { sheet: '生态系统面积', columns: 'C, D' }],
    ]);
    expect(book.warnings[0]?.message.zh).toBe(
      '工作表“生态系统面积”的隐藏列 C, D 中的值已读入核算：隐藏列不会被排除',
    );
  });

  it('a hidden or very hidden sheet with records is read and said; a hidden sheet without records is not', async () => {
    for (const state of ['hidden', 'veryHidden'] as const) {
      const book = await read(
        await fromTemplate((wb) => {
          sheet(wb, '生态系统面积').getRow(3).values = [null, 'shrub', 10];
          sheet(wb, '生态系统面积').state = state;
          sheet(wb, '气候').state = state;
        }),
      );
      expect(book.input.ecosystems).toEqual([{ type: 'shrub', area: { value: '10', unit: 'km2' } }]);
      expect(
        book.warnings.map((w) => [w.code, w.path]),
        state,
      ).toEqual([['XLSX_SHEET_HIDDEN', ['生态系统面积']]]);
    }
  });

  it('the JSON sheet hidden with a section is said too', async () => {
    const book = await read(
      await fromTemplate((wb) => {
        sheet(wb, 'JSON').addRow(['notes', '"from the hidden sheet"']);
        sheet(wb, 'JSON').state = 'hidden';
      }),
    );
    expect(book.input.notes).toBe('from the hidden sheet');
    expect(book.warnings.map((w) => [w.code, w.path])).toEqual([['XLSX_SHEET_HIDDEN', ['JSON']]]);
  });
});

describe('INPUT_INVALID at a cell: the hint in a workbook’s terms', () => {
  const invalid = (detail: string) => issue('INPUT_INVALID', ['year'], { detail });
  const own = invalid('x').hint;
  const hintOf = (detail: string) =>
    locateIssues([invalid(detail)], { locate: () => '基本信息!D3' })[0]?.hint;
  it('a missing value names its cell; a text where a number goes, what to type', () => {
    expect(hintOf('missing (expected number)')).toBe(
      'Fill in 基本信息!D3: the header in row 1 of its column names what goes there (a sheet without records needs its first one, from row 3).',
    );
    expect(hintOf('Invalid input: expected number, received string')).toBe(
      'Type a number into the cell (2020, not 2020年; 1200, not 1,200): words and units go in their own columns or in 备注 Note.',
    );
    // any other detail, or no cell: the account's hint
    expect(own).toContain('Check the field against the input format');
    expect(hintOf('Too big: expected number to be <=2100')).toBe(own);
    expect(locateIssues([invalid('missing (expected number)')], { locate: () => undefined })[0]?.hint).toBe(
      own,
    );
  });
});

describe('what a number format shows that is not the number held', () => {
  const area = async (value: unknown, numFmt?: string) => {
    const wb = areasBook([['生态系统类型', '面积'], [], ['shrub', 1]]);
    const cell = sheet(wb, '生态系统面积').getCell('B3');
    cell.value = value as ExcelJS.CellValue;
    if (numFmt !== undefined) cell.numFmt = numFmt;
    return bytesOf(wb);
  };

  it('a format that scales the number or shows a unit is refused at the cell (XLSX_CELL_FORMAT)', async () => {
    // 620000000 under 0!.0,"万" shows 62000.0万: read as it is held it would be 620,000,000 in the column's unit
    const wan = await refusal(await area(620000000, '0!.0,"万"'));
    expect(codesAt(wan)).toEqual([['XLSX_CELL_FORMAT', '生态系统面积!B3']]);
    expect(wan[0]?.message.en).toBe(
      'The cell holds 620000000, but its number format 0!.0,"万" does not show that number as it is: it divides it by 1,000 for each comma after its digits and it adds the words "万"',
    );
    expect(wan[0]?.message.zh).toBe(
      '单元格存的数值是 620000000，但其数字格式 0!.0,"万" 并未如实显示这个数：数字后的每个逗号把它除以 1,000，并附上文字“万”',
    );
    // 180000 under 0"亩" shows 180000亩 in a column of km²
    const mu = await refusal(await area(180000, '0"亩"'));
    expect(mu[0]?.params).toMatchObject({ holds: '180000', scaled: 'no', words: '亩' });
    expect(mu[0]?.message.en).toBe(
      'The cell holds 180000, but its number format 0"亩" does not show that number as it is: it adds the words "亩"',
    );
    // 120 under 0"000" shows 120000: the literal's zeros are shown beside the number
    const zeros = await refusal(await area(120, '0"000"'));
    expect(zeros[0]?.params).toMatchObject({ holds: '120', scaled: 'no', percent: 'no', words: '000' });
    // #,##0, shows 1234567 as 1,235: scaled, no words
    const k = await refusal(await area(1234567, '#,##0,'));
    expect(k[0]?.params).toMatchObject({ holds: '1234567', scaled: 'yes', words: '' });
    // a formula's saved number is judged the same way
    const f = await refusal(await area({ formula: '600*300', result: 180000 }, '0"亩"'));
    expect(codesAt(f)).toEqual([['XLSX_CELL_FORMAT', '生态系统面积!B3']]);
  });

  it('1930 shown as "1930 mm" (letters escaped in the format) is that number refused for its unit, not a date', async () => {
    // the workbook library takes the escaped m of 0\ \m\m for a month and hands over a date: the serial it stands for
    // is 1930 (the library's date of serial 1930 is 1905-04-13)
    const issues = await refusal(await area(1930, '0\\ \\m\\m'));
    expect(codesAt(issues)).toEqual([['XLSX_CELL_FORMAT', '生态系统面积!B3']]);
    expect(issues[0]?.params).toMatchObject({ holds: '1930', scaled: 'no', words: 'mm' });
    expect(JSON.stringify(issues)).not.toContain('1905');
  });

  it('in a workbook of the 1904 date system the number held is counted from 1904 (120, not 1582)', async () => {
    const wb = areasBook([['生态系统类型', '面积'], [], ['shrub', 1]]);
    wb.properties.date1904 = true;
    const cell = sheet(wb, '生态系统面积').getCell('B3');
    cell.value = 120;
    cell.numFmt = '0\\ \\k\\m';
    const issues = await refusal(await bytesOf(wb));
    expect(issues[0]?.params).toMatchObject({ holds: '120', words: 'km' });
  });

  it('a percent format shows a hundred times the number outside a column of fractions: 0.35 under 0% is 35% km²', async () => {
    const issues = await refusal(await area(0.35, '0%'));
    expect(codesAt(issues)).toEqual([['XLSX_CELL_FORMAT', '生态系统面积!B3']]);
    expect(issues[0]?.params).toMatchObject({ holds: '0.35', percent: 'yes', scaled: 'no', words: '' });
    expect(issues[0]?.message.en).toBe(
      'The cell holds 0.35, but its number format 0% does not show that number as it is: its percent sign shows it multiplied by 100 (this column is not a share typed as a fraction)',
    );
    expect(issues[0]?.message.zh).toBe(
      '单元格存的数值是 0.35，但其数字格式 0% 并未如实显示这个数：百分号把它乘以 100 显示（本列不是以小数填写的比例）',
    );
    // with a unit beside it, both are said
    const both = await refusal(await area(0.35, '0%"亩"'));
    expect(both[0]?.params).toMatchObject({ percent: 'yes', words: '亩' });
  });

  it('a fraction column (相对湿度（0–1）) reads a percent-formatted 0.78 as 0.78, as Excel holds 78 %', async () => {
    const wb = areasBook([['生态系统类型', '面积'], [], ['shrub', 1]]);
    const climate = wb.addWorksheet('气候');
    climate.addRow(['分区', '生态系统类型', '相对湿度（0–1）']);
    climate.addRow([]);
    climate.addRow([null, null, 0.78]);
    climate.getCell('C3').numFmt = '0%';
    const book = await read(await bytesOf(wb));
    expect(book.input.climate).toEqual([{ relativeHumidity: '0.78' }]);
  });

  it('a section that does not show the value does not count: 120 under #,##0;-#,##0;"无" is read', async () => {
    const book = await read(await area(120, '#,##0;-#,##0;"无"'));
    expect((book.input.ecosystems as { area: { value: string } }[])[0]?.area.value).toBe('120');
  });

  it('formats that show the number itself are read: separators, decimals, currency, colours, padding', async () => {
    for (const numFmt of [
      'General',
      '0.00',
      '#,##0.00',
      '"¥"#,##0.00',
      '[Red]0.00;[Blue]-0.00',
      '_(* #,##0.00_)',
      '[$¥-804]#,##0.00',
      '0.00E+00',
    ]) {
      const book = await read(await area(1234.5, numFmt));
      const [e] = book.input.ecosystems as { area: { value: string } }[];
      expect(e?.area.value, numFmt).toMatch(/^1234\.50*$/);
    }
  });
});

describe('a cell of type d (an ISO date as text)', () => {
  it('is refused as a date, not read as the year its text starts with', async () => {
    const issues = await refusal(
      xmlBook({
        基本信息: [['区域名称', '区域级别', '核算年份'], [], ['测试县', 'county', { v: '2020' }]],
        生态系统面积: [['生态系统类型', '面积'], [], ['shrub', { d: '2020-01-05T00:00:00Z' }]],
      }),
    );
    expect(codesAt(issues)).toEqual([['XLSX_CELL_INVALID', '生态系统面积!B3']]);
    expect(issues[0]?.message.en).toBe('The cell cannot be read as number: a date (2020-01-05T00:00:00Z)');
  });
});

describe('the hint of a zone the sheet 分区 does not declare', () => {
  it('names the zones declared, the first ten and how many of an input by village', () => {
    const issue = {
      code: 'ZONE_UNKNOWN',
      severity: 'error',
      path: ['ecosystems', 0, 'zone'],
      message: { zh: '', en: '' },
      hint: '',
      params: { zone: 'Z1' },
    } as Issue;
    const where = (zones: number) =>
      locateIssues([issue], {
        locate: () => '生态系统面积!A3',
        input: { zones: Array.from({ length: zones }, (_, k) => ({ id: `V${k + 1}` })) },
      })[0]?.hint;
    expect(where(0)).toBe(
      'Write in 生态系统面积!A3 a zone of the sheet 分区 (Zones) (it declares none), or add the zone there.',
    );
    expect(where(2)).toBe(
      'Write in 生态系统面积!A3 a zone of the sheet 分区 (Zones): V1, V2, or add the zone there.',
    );
    expect(where(4000)).toBe(
      'Write in 生态系统面积!A3 a zone of the sheet 分区 (Zones): V1, V2, V3, V4, V5, V6, V7, V8, V9, V10 … (4000), or add the zone there.',
    );
  });
});
