import ExcelJS from 'exceljs';
import fc from 'fast-check';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { account } from '../account/account';
import { bundledClassification } from '../coefficients/bundled';
import { DEFAULT_PROFILE, bundledProfile } from '../profiles/bundled';
import { GepError, type Issue } from '../core/errors';
import { locateIssues, readInputWorkbook } from './input-read';
import { FIXED_LISTS, INPUT_SHEETS, LIST_NAMES_ZH, columnsOf } from './input-sheets';
import { inputTemplate } from './input-template';

const example = JSON.parse(
  readFileSync(new URL('../../examples/jiangxi-county/input.json', import.meta.url), 'utf8'),
) as Record<string, unknown>;

async function load(bytes: Uint8Array): Promise<ExcelJS.Workbook> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(bytes as unknown as ArrayBuffer);
  return wb;
}
async function bytesOf(wb: ExcelJS.Workbook): Promise<Uint8Array> {
  return new Uint8Array((await wb.xlsx.writeBuffer()) as ArrayBuffer);
}
async function issuesOf(f: () => Promise<unknown>): Promise<readonly Issue[]> {
  try {
    await f();
  } catch (e) {
    if (e instanceof GepError) return e.issues;
    throw e;
  }
  throw new Error('expected a GepError');
}

describe('the input template', () => {
  it('has the instructions, one sheet per input section, the JSON sheet and the code lists', async () => {
    const wb = await load(await inputTemplate());
    expect(wb.worksheets.map((w) => w.name)).toEqual([
      '说明',
      ...INPUT_SHEETS.map((s) => s.name),
      'JSON',
      '代码表',
    ]);
    const areas = wb.getWorksheet('生态系统面积') as ExcelJS.Worksheet;
    expect(areas.getRow(1).values).toEqual([
      undefined,
      '分区 Zone',
      '生态系统类型 Ecosystem type',
      '面积 Area',
      '面积单位 Area unit',
      '备注 Note',
    ]);
    // Row 2 states the default unit; the type column lists the profile's codes from the 代码表 sheet.
    expect(areas.getCell('D2').value).toBe('空 = km2 / blank = km2');
    const dv = (areas as unknown as { dataValidations: { model: Record<string, ExcelJS.DataValidation> } })
      .dataValidations.model;
    // exceljs reads a range's validation back as one entry per cell.
    expect(dv.B3?.formulae).toEqual([
      `'代码表'!$A$2:$A$${bundledClassification(bundledProfile(DEFAULT_PROFILE).classification).types.length + 1}`,
    ]);
    expect(dv.D1003?.formulae[0]).toContain('hm2');
    // Types and units outside the list are read too (a name, a land-use code, 公顷): Excel warns and lets them stay.
    expect([dv.B3?.errorStyle, dv.D3?.errorStyle]).toEqual(['warning', 'warning']);
    // A level or sector outside its list is refused by the reader: Excel stops it.
    const level = wb.getWorksheet('基本信息') as ExcelJS.Worksheet as unknown as {
      dataValidations: { model: Record<string, ExcelJS.DataValidation> };
    };
    expect(level.dataValidations.model.C3).toMatchObject({
      errorStyle: 'stop',
      error: '请从列表中选择 / choose a value from the list',
    });
    const codes = wb.getWorksheet('代码表') as ExcelJS.Worksheet;
    expect(codes.getColumn(1).values).toContain('forest.broadleaf');
    const readme = wb.getWorksheet('说明') as ExcelJS.Worksheet;
    expect(String(readme.getCell('A2').value)).toContain('jx-db36-1402-2021');
  });

  it('is byte-identical for identical options', async () => {
    const [a, b] = [await inputTemplate(), await inputTemplate()];
    expect(Buffer.from(a).equals(Buffer.from(b))).toBe(true);
  });

  it('round trip: the example written into the workbook reads back as the same input and the same GEP', async () => {
    const book = await readInputWorkbook(await inputTemplate({ input: example }));
    const { $schema: _schema, ...expected } = example;
    // The example's empty lake list has no rows, so it comes back absent (the schema's default is the same []).
    (expected.waterBodies as Record<string, unknown>).lakes = undefined;
    expect(JSON.parse(JSON.stringify(book.input))).toEqual(JSON.parse(JSON.stringify(expected)));
    const [a, b] = [account(example), account(book.input)];
    expect(b.totals).toEqual(a.totals);
    expect(b.indicators.map((i) => i.value)).toEqual(a.indicators.map((i) => i.value));
  }, 60_000);
});

/** Every string of `x` that passes `test`, changed by `f` (a deep copy). */
function mapStrings(x: unknown, test: RegExp, f: (s: string) => string): unknown {
  if (typeof x === 'string') return test.test(x) ? f(x) : x;
  if (Array.isArray(x)) return x.map((y) => mapStrings(y, test, f));
  if (typeof x === 'object' && x !== null)
    return Object.fromEntries(Object.entries(x).map(([k, v]) => [k, mapStrings(v, test, f)]));
  return x;
}

/** The decimal texts of an input. */
const decimalTexts = (x: unknown): string[] =>
  typeof x === 'string'
    ? /^[-+]?(\d+\.?\d*|\.\d+)(e[-+]?\d+)?$/i.test(x)
      ? [x]
      : []
    : Array.isArray(x)
      ? x.flatMap(decimalTexts)
      : typeof x === 'object' && x !== null
        ? Object.values(x).flatMap(decimalTexts)
        : [];

describe('decimal texts through the input workbook (JSON → workbook → JSON)', () => {
  const { $schema: _schema, ...plain } = example;
  const soil = (C: string) => {
    const input = structuredClone(plain);
    ((input.soilFactors as Record<string, unknown>[])[0] as Record<string, unknown>).C = C;
    ((input.ecosystems as Record<string, unknown>[])[0] as { area: { value: string } }).area.value = C;
    return input;
  };

  it('keeps every decimal text of the example with its trailing zeros: 0.30 stays 0.30, 120 as 120.00', async () => {
    // Each decimal with a point gets a trailing zero (0.3 → 0.30); each whole quantity value two (120 → 120.00).
    const input = mapStrings(plain, /^-?\d+\.\d+$/, (s) => `${s}0`) as Record<string, unknown>;
    for (const e of input.ecosystems as { area: { value: string } }[])
      if (/^\d+$/.test(e.area.value)) e.area.value = `${e.area.value}.00`;
    const book = await readInputWorkbook(await inputTemplate({ input }));
    const back = JSON.parse(JSON.stringify(book.input)) as Record<string, unknown>;
    (input.waterBodies as Record<string, unknown>).lakes = undefined;
    // The same decimal texts (the sheets order a record's fields by their columns), and the same input.
    expect(decimalTexts(back).sort()).toEqual(decimalTexts(JSON.parse(JSON.stringify(input))).sort());
    expect(back).toEqual(JSON.parse(JSON.stringify(input)));
    expect(decimalTexts(input).filter((t) => /\.\d*0$/.test(t)).length).toBeGreaterThan(20);
  }, 60_000);

  it('writes 0.30 as the number 0.3 shown with two decimals; forms no format can show stay text', async () => {
    // The first record's cell of a field (row 3), on the sheet the field is written to.
    const at = (wb: ExcelJS.Workbook, sheet: string, key: string) => {
      const spec = INPUT_SHEETS.find((x) => x.name === sheet);
      const k = columnsOf(spec as (typeof INPUT_SHEETS)[number]).findIndex(
        (c) => c.field.key === key && c.part === 'value',
      );
      return (wb.getWorksheet(sheet) as ExcelJS.Worksheet).getRow(3).getCell(k + 1);
    };
    const wb = await load(await inputTemplate({ input: soil('0.30') }));
    for (const c of [at(wb, '土壤因子', 'C'), at(wb, '生态系统面积', 'area')])
      expect([c.value, c.numFmt]).toEqual([0.3, '0.00']);
    // A plain number keeps Excel's general format: 0.3 is 0.3.
    expect(
      at(await load(await inputTemplate({ input: soil('0.3') })), '土壤因子', 'C').numFmt,
    ).toBeUndefined();
    // Read back by format: the decimals a 0.00… or #,##0.00… format shows pad the number, never round it.
    const shown: [number, string, string][] = [
      [3, '0.000', '3.000'],
      [1234.5, '#,##0.00', '1234.50'],
      [0.125, '0.00', '0.125'],
    ];
    for (const [n, numFmt, text] of shown) {
      const cells = [at(wb, '土壤因子', 'C'), at(wb, '生态系统面积', 'area')];
      for (const c of cells) [c.value, c.numFmt] = [n, numFmt];
      const back = (await readInputWorkbook(await bytesOf(wb))).input as {
        ecosystems: { area: { value: unknown } }[];
        soilFactors: { C: unknown }[];
      };
      expect([back.ecosystems[0]?.area.value, back.soilFactors[0]?.C], numFmt).toEqual([text, text]);
    }
    // A percent format in a column of fractions (C) shows the fraction held: 0.3 under 0.0% is 30.0%, read as 0.3.
    // (a style of its own: the loaded cells share one style object, whose format is the area's too)
    const c = at(wb, '土壤因子', 'C');
    c.value = 0.3;
    c.style = { ...c.style, numFmt: '0.0%' };
    const back = (await readInputWorkbook(await bytesOf(wb))).input as { soilFactors: { C: unknown }[] };
    expect(back.soilFactors[0]?.C).toBe('0.3');
    // A text Number() reads, but whose number Excel shows otherwise, is written as the text itself.
    for (const t of ['1e3', '+5', '007', '-0', '.5', '0.30000000000000004', '12345678901234567890']) {
      const w = await load(await inputTemplate({ input: soil(t) }));
      expect(at(w, '生态系统面积', 'area').value, t).toBe(t);
    }
  }, 60_000);

  it('any decimal text reads back as written (property)', async () => {
    const text = fc.oneof(
      fc
        .tuple(
          fc.boolean(),
          fc.bigInt({ min: 0n, max: 10n ** 20n }),
          fc.integer({ min: 0, max: 12 }),
          fc.integer({ min: 0, max: 4 }),
        )
        .map(([neg, digits, scale, zeros]) => {
          const s = digits.toString().padStart(scale + 1, '0');
          const frac = s.slice(s.length - scale) + '0'.repeat(zeros);
          const whole = s.slice(0, s.length - scale);
          return `${neg ? '-' : ''}${whole}${frac === '' ? '' : `.${frac}`}`;
        }),
      fc.constantFrom(
        '1e3',
        '1E-7',
        '2.50e+2',
        '+5',
        '007',
        '-0',
        '-0.00',
        '.5',
        '5.',
        '0.30000000000000004',
      ),
    );
    await fc.assert(
      fc.asyncProperty(text, async (t) => {
        const book = await readInputWorkbook(await inputTemplate({ input: soil(t) }));
        const input = book.input as {
          ecosystems: { area: { value: unknown } }[];
          soilFactors: { C: unknown }[];
        };
        expect(input.ecosystems[0]?.area.value).toBe(t);
        expect(input.soilFactors[0]?.C).toBe(t);
      }),
      { numRuns: 40 },
    );
  }, 120_000);
});

describe('the flood-regulation water bodies and what the workbook cannot hold', () => {
  /** The example with a wetland of known storage (2,500,000 m³, Z02 marsh) and a lake with a known storage. */
  const withWater = (): Record<string, unknown> => {
    const { $schema: _schema, ...input } = structuredClone(example);
    const water = input.waterBodies as Record<string, unknown>;
    water.lakes = [
      {
        name: '东湖',
        zone: 'Z01',
        area: { value: '2.5', unit: 'km2' },
        floodStorage: { value: '1200000', unit: 'm3' },
        note: '已知调蓄量',
      },
    ];
    water.wetlands = [
      {
        name: '清溪湿地',
        zone: 'Z02',
        ecosystem: 'wetland.marsh',
        floodStorage: { value: '2500000', unit: 'm3' },
      },
    ];
    return input;
  };

  it('round trip: wetlands and a lake’s flood storage read back as the same input and the same GEP', async () => {
    const input = withWater();
    const book = await readInputWorkbook(await inputTemplate({ input }));
    expect(JSON.parse(JSON.stringify(book.input))).toEqual(input);
    expect(book.locate(['waterBodies', 'wetlands', 0, 'floodStorage', 'value'])).toBe('湿地!D3');
    const [a, b] = [account(input), account(book.input)];
    expect(b.totals).toEqual(a.totals);
    expect(b.indicators.map((i) => i.value)).toEqual(a.indicators.map((i) => i.value));
    // The wetland and the lake count: without them the GEP is another figure.
    const without = { ...input, waterBodies: example.waterBodies };
    expect(b.totals.gep).not.toEqual(account(without).totals.gep);
  }, 60_000);

  it('an input with a member the workbook has no place for is refused, naming it, not written in part', async () => {
    const input = withWater();
    const zones = input.zones as Record<string, unknown>[];
    const square = {
      type: 'Polygon',
      coordinates: [
        [
          [116, 27],
          [116.1, 27],
          [116.1, 27.1],
          [116, 27],
        ],
      ],
    };
    for (const z of zones) z.geometry = square;
    (input.ecosystems as Record<string, unknown>[])[0] = {
      ...(input.ecosystems as Record<string, unknown>[])[0],
      area: { value: '120', unit: 'km2', source: '二调' },
    };
    const issues = await issuesOf(() => inputTemplate({ input }));
    expect(issues.map((i) => [i.code, i.path, i.message.en])).toEqual([
      [
        'XLSX_INPUT_UNPLACED',
        ['zones', 0, 'geometry'],
        `The input's zones[].geometry (${zones.length} place(s)) has no place in the input workbook; written as a workbook it would be lost`,
      ],
      [
        'XLSX_INPUT_UNPLACED',
        ['ecosystems', 0, 'area', 'source'],
        "The input's ecosystems[].area.source (1 place(s)) has no place in the input workbook; written as a workbook it would be lost",
      ],
    ]);
  });
});

/**
 * A workbook as a researcher makes it by hand (not from the example): Chinese type names and a land-use code,
 * Chinese headers without the English part, units in Chinese, blank units meaning the stated default, numbers as
 * text and as numbers, a formula with its saved result, and a sheet of the researcher's own notes.
 */
async function researcherWorkbook(): Promise<ExcelJS.Workbook> {
  const wb = new ExcelJS.Workbook();
  const sheet = (name: string, headers: string[], rows: unknown[][]) => {
    const ws = wb.addWorksheet(name);
    ws.addRow(headers);
    // Row 2 left blank, as the note row (a row 2 of the researcher's own words would be read as a record).
    ws.addRow([]);
    for (const r of rows) ws.addRow(r);
    return ws;
  };
  sheet(
    '基本信息',
    ['区域名称', '行政区划代码', '区域级别', '核算年份', '总面积', '总面积单位'],
    [['某县', 361099, 'county', 2021, 40, '平方千米']],
  );
  sheet(
    '分区',
    ['分区编号', '分区名称'],
    [
      ['Z1', '东乡'],
      ['Z2', '西乡'],
    ],
  );
  const areas = sheet(
    '生态系统面积',
    ['生态系统类型', '面积', '面积单位', '备注', '分区'],
    [
      ['阔叶林', 1500, '公顷', '二调', 'Z1'],
      ['0305', '10', null, '灌木林地', 'Z1'],
      ['灌丛', null, null, null, 'Z2'],
    ],
  );
  // Row 5 (the third data row) gets its area from a formula whose saved result is 500.
  areas.getCell('B5').value = { formula: '250*2', result: 500 };
  areas.getCell('C5').value = 'hm2';
  sheet(
    '气候',
    ['分区', '生态系统类型', '降水量', '降水量单位', '蒸散发量'],
    [
      [null, null, 1600, null, null],
      [null, '阔叶林', null, null, 700],
      [null, '灌丛', null, null, 650],
    ],
  );
  wb.addWorksheet('我的笔记').addRow(['数据来源：县统计年鉴 2022']);
  return wb;
}

/** The hand-made workbook has areas and climate only: water conservation (R1) is what it can account. */
const ONLY_R1 = {
  exclude: ['M1', 'M2', 'M3', 'M4', 'M5', 'M6', 'R2', 'R3', 'R4', 'R5', 'R6', 'R7', 'R8', 'R9', 'C1'],
};

describe('a researcher’s own workbook', () => {
  it('reads names, land-use codes, Chinese units, default units and formula results', async () => {
    const book = await readInputWorkbook(await bytesOf(await researcherWorkbook()));
    expect(book.input.region).toEqual({ name: '某县', code: '361099', level: 'county' });
    expect(book.input.year).toBe(2021);
    expect(book.input.totalArea).toEqual({ value: '40', unit: '平方千米' });
    expect(book.input.ecosystems).toEqual([
      { type: '阔叶林', area: { value: '1500', unit: '公顷' }, note: '二调', zone: 'Z1' },
      // A blank unit is the column's stated default (km2).
      { type: '0305', area: { value: '10', unit: 'km2' }, note: '灌木林地', zone: 'Z1' },
      { type: '灌丛', area: { value: '500', unit: 'hm2' }, zone: 'Z2' },
    ]);
    expect(book.warnings.map((w) => w.code)).toEqual(['XLSX_SHEET_IGNORED']);
    expect(book.locate(['ecosystems', 1, 'area', 'value'])).toBe('生态系统面积!B4');
    expect(book.locate(['ecosystems', 2])).toBe('生态系统面积!A5');
  });

  it('accounts as the same input written in codes: 阔叶林 → forest.broadleaf, land-use 0305 and 灌丛 → shrub', async () => {
    const book = await readInputWorkbook(await bytesOf(await researcherWorkbook()));
    const r = account(book.input, ONLY_R1);
    expect((r.typeMappings ?? []).map((m) => [m.given, m.code, m.via])).toEqual([
      ['阔叶林', 'forest.broadleaf', 'name'],
      ['0305', 'shrub', 'crosswalk'],
      ['灌丛', 'shrub', 'name'],
    ]);
    // 1500 hm² = 15 km²; 10 km² + 500 hm² = 10 km² + 5 km² of shrub; 40 平方千米 = 40 km².
    const inCodes = {
      region: { name: '某县', code: '361099', level: 'county' },
      year: 2021,
      totalArea: { value: '40', unit: 'km2' },
      zones: [
        { id: 'Z1', name: '东乡' },
        { id: 'Z2', name: '西乡' },
      ],
      ecosystems: [
        { zone: 'Z1', type: 'forest.broadleaf', area: { value: '15', unit: 'km2' } },
        { zone: 'Z1', type: 'shrub', area: { value: '10', unit: 'km2' } },
        { zone: 'Z2', type: 'shrub', area: { value: '5', unit: 'km2' } },
      ],
      climate: [
        { precipitation: { value: '1600', unit: 'mm' } },
        { ecosystem: 'forest.broadleaf', evapotranspiration: { value: '700', unit: 'mm' } },
        { ecosystem: 'shrub', evapotranspiration: { value: '650', unit: 'mm' } },
      ],
    };
    const expected = account(inCodes, ONLY_R1);
    expect(r.totals).toEqual(expected.totals);
    expect(r.indicators.find((i) => i.code === 'R1')?.value).toEqual(
      expected.indicators.find((i) => i.code === 'R1')?.value,
    );
    expect(r.totals.gep.current).not.toBe('0');
  });

  it('a bad cell is an issue at its cell, in both languages, with a hint', async () => {
    const wb = await researcherWorkbook();
    const areas = wb.getWorksheet('生态系统面积') as ExcelJS.Worksheet;
    areas.getCell('B4').value = '十';
    areas.getCell('C5').value = '公里';
    const book = await readInputWorkbook(await bytesOf(wb));
    const issues = await issuesOf(async () => {
      try {
        account(book.input);
      } catch (e) {
        throw e instanceof GepError ? new GepError(locateIssues(e.issues, book)) : e;
      }
    });
    expect(issues.map((i) => [i.code, i.path])).toEqual(
      expect.arrayContaining([
        ['NUMBER_NOT_FINITE', ['生态系统面积!B4']],
        ['UNIT_UNKNOWN', ['生态系统面积!C5']],
      ]),
    );
    for (const i of issues)
      expect(i.message.zh.length * i.message.en.length * i.hint.length).toBeGreaterThan(0);
  });
});

describe('coded columns: the code or its Chinese name', () => {
  /** A workbook of the coded sheets, one record each, the coded cell as given. */
  async function coded(cells: Record<string, unknown>): Promise<Record<string, unknown>> {
    const wb = new ExcelJS.Workbook();
    const sheet = (name: string, headers: string[], row: unknown[]) => {
      const ws = wb.addWorksheet(name);
      ws.addRow(headers);
      ws.addRow([]);
      ws.addRow(row);
    };
    sheet('基本信息', ['区域名称', '区域级别', '核算年份'], ['某县', cells.level, 2021]);
    sheet('生态系统面积', ['生态系统类型', '面积'], ['shrub', 10]);
    sheet('水污染物', ['污染物', '排放量', '排放量单位'], [cells.water, 10, 't']);
    sheet('大气污染物', ['污染物', '排放量', '排放量单位'], [cells.air, 10, 't']);
    sheet('水资源', ['用途', '用水量', '用水量单位'], [cells.use, 10, 'm3']);
    sheet(
      '能源',
      ['能源类型', '发电量', '发电量单位', '上网电价', '上网电价单位', '上网电价价格年'],
      [cells.energy, 10, 'kWh', 0.3, 'yuan/kWh', 2021],
    );
    sheet(
      '产品',
      ['产业', '产品名称', '产量', '产量单位', '价格', '价格单位', '价格年'],
      [cells.sector, '稻谷', 10, 't', 2000, 'yuan/t', 2021],
    );
    const { input } = await readInputWorkbook(await bytesOf(wb));
    const first = (k: string) => (input[k] as Record<string, unknown>[] | undefined)?.[0];
    const pollution = input.emissions as Record<string, Record<string, unknown>[]>;
    return {
      level: (input.region as Record<string, unknown>).level,
      water: pollution.water?.[0]?.pollutant,
      air: pollution.air?.[0]?.pollutant,
      use: first('waterSupply')?.use,
      energy: first('energy')?.kind,
      sector: first('materialProducts')?.sector,
    };
  }
  const CODES = {
    level: 'county',
    water: 'cod',
    air: 'pm',
    use: 'domestic',
    energy: 'hydropower',
    sector: 'fishery',
  };

  it('reads the codes as they are', async () => {
    expect(await coded(CODES)).toEqual(CODES);
  });

  it('reads the Chinese names of sheet 代码表, their short forms, and codes in any case', async () => {
    expect(
      await coded({
        level: '县',
        water: '化学需氧量',
        air: '颗粒物（PM）',
        use: '生活用水',
        energy: '水电',
        sector: '渔业',
      }),
    ).toEqual(CODES);
    // 颗粒物 is 颗粒物（PM） without its note; 生活 is 生活用水 without 用水; COD, PM are codes in capitals.
    expect(
      await coded({
        level: ' 县 ',
        water: 'COD',
        air: '颗粒物',
        use: '生活',
        energy: 'Hydropower',
        sector: '渔业',
      }),
    ).toEqual(CODES);
  });

  it('leaves any other text as it is, for the account to refuse at its cell', async () => {
    const wb = await researcherWorkbook();
    (wb.getWorksheet('基本信息') as ExcelJS.Worksheet).getCell('C3').value = '县级';
    const book = await readInputWorkbook(await bytesOf(wb));
    expect((book.input.region as Record<string, unknown>).level).toBe('县级');
    const issues = await issuesOf(async () => {
      try {
        account(book.input, ONLY_R1);
      } catch (e) {
        throw e instanceof GepError ? new GepError(locateIssues(e.issues, book)) : e;
      }
    });
    expect(issues.map((i) => [i.code, i.path])).toEqual([['INPUT_INVALID', ['基本信息!C3']]]);
  });

  it('the template lists each code with its Chinese name in 代码表, and its drop-downs offer both', async () => {
    const wb = await load(await inputTemplate());
    const codes = wb.getWorksheet('代码表') as ExcelJS.Worksheet;
    expect(codes.getRow(1).values).toEqual(
      expect.arrayContaining(['字段 Field', '代码 Code', '中文 Chinese']),
    );
    const rows = (codes.getSheetValues() as unknown[][]).slice(2).map((r) => [r[10], r[11], r[12]]);
    for (const [list, names] of Object.entries(LIST_NAMES_ZH))
      for (const [code, zh] of Object.entries(names))
        expect(rows, `${list} ${code}`).toContainEqual([expect.any(String), code, zh]);
    // Every code of every named list has a name: 6 levels, 4 sectors, 6 + 6 pollutants, 3 uses, 5 energy kinds.
    expect(rows.filter((r) => r[1] !== undefined)).toHaveLength(30);
    for (const list of Object.keys(LIST_NAMES_ZH) as (keyof typeof FIXED_LISTS)[])
      expect(Object.keys(LIST_NAMES_ZH[list] ?? {}).sort()).toEqual([...(FIXED_LISTS[list] ?? [])].sort());
    const dv = (
      wb.getWorksheet('基本信息') as unknown as {
        dataValidations: { model: Record<string, ExcelJS.DataValidation> };
      }
    ).dataValidations.model;
    expect(dv.C3?.formulae).toEqual([
      '"province,city,county,township,village,unit,省,市,县,乡镇,村,特定地域单元"',
    ]);
  });
});

describe('columns', () => {
  it('every header of a sheet is distinct, in full and in its Chinese part', () => {
    for (const s of INPUT_SHEETS) {
      const headers = columnsOf(s).map((c) => c.header);
      expect(new Set(headers).size).toBe(headers.length);
      expect(new Set(headers.map((h) => h.split(' ')[0])).size).toBe(headers.length);
    }
  });
});

describe('docs', () => {
  it('docs/input-format.md lists every sheet of the workbook', () => {
    const doc = readFileSync(new URL('../../docs/input-format.md', import.meta.url), 'utf8');
    for (const s of INPUT_SHEETS) expect(doc, s.name).toContain(`| ${s.name} |`);
  });
});
