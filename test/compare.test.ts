import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { account } from '../src/account/account';
import { GepError } from '../src/core/errors';
import { errorOf } from './helpers';
import ExcelJS from 'exceljs';
import { compare, growth } from '../src/account/compare';
import { compareCsv, compareMarkdown } from '../src/account/compare-format';
import { splitCsv } from '../src/io/csv';
import { compareXlsx } from '../src/xlsx';
import { runCli } from '../src/cli/main';
import type { Io } from '../src/cli/shared';
import { start } from '../src/cli/start';
import { inputTemplate } from '../src/xlsx';

const BEFORE = new URL('../examples/jiangxi-county/input.json', import.meta.url).pathname;
const AFTER = new URL('../examples/jiangxi-county/input-2021.json', import.meta.url).pathname;
const GOLDEN = new URL('./golden/jiangxi-county.compare.json', import.meta.url);
const read = (f: string): unknown => JSON.parse(readFileSync(f, 'utf8'));

async function cli(args: string[], via: (argv: string[], io: Io) => Promise<number> = runCli) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await via(args, { out: (s) => out.push(s), err: (s) => err.push(s) });
  return { code, out: out.join(''), err: err.join('') };
}

describe('gepkit compare on the example county, 2020 → 2021', () => {
  it('equals the golden comparison (regenerate on purpose with UPDATE_GOLDEN=1)', async () => {
    const r = await cli(['compare', BEFORE, AFTER]);
    // the two years' warnings, counted on stderr (in full in the result)
    expect(r.err).toBe(
      "警告 34 条 / 34 warning(s): COEFFICIENT_RECORDS_UNREAD ×2, INPUT_IGNORED ×8, GRADE_BELOW_THRESHOLD ×24 (见结果的 warnings / see the result's warnings)\n",
    );
    expect(JSON.parse(r.out).warnings).toHaveLength(34);
    expect(r.code).toBe(0);
    if (process.env.UPDATE_GOLDEN === '1') writeFileSync(GOLDEN, r.out);
    expect(r.out).toBe(readFileSync(GOLDEN, 'utf8'));
    const c = JSON.parse(r.out);
    // Both years at 2020 prices (the before year, by default); every effect adds up to the change, to the fen.
    expect(c.prices).toEqual({
      basis: 'comparable',
      baseYear: 2020,
      index: 'cn-cpi-1978@1.0.0',
      deflators: [],
    });
    const fen = (s: string) => BigInt(s.replace('.', ''));
    for (const row of [c.gep, ...c.byIndicator, ...c.byZone])
      expect(fen(row.quantityEffect) + fen(row.mixEffect) + fen(row.priceEffect) + fen(row.unsplit)).toBe(
        fen(row.change),
      );
    // GEP of 2020 twice, at 2020 prices: V₀ adds the lines each rounded to the fen (…959.33), the nominal V₀ is the
    // account's own total rounded once (…959.32); identity.rounding records the fen between them.
    expect([c.gep.v0, c.nominal.v0, c.identity.totals.v0, c.identity.rounding.v0]).toEqual([
      '70481895959.33',
      '70481895959.32',
      '70481895959.32',
      '-0.01',
    ]);
    expect(fen(c.identity.rounding.v1) - fen(c.identity.rounding.v0)).toBe(fen(c.identity.residual));
    // Only rice changed price (2,750 元/t in 2021 money): the only price effect is M1's.
    expect(
      c.byIndicator
        .filter((i: { priceEffect: string }) => i.priceEffect !== '0.00')
        .map((i: { indicator: string }) => i.indicator),
    ).toEqual(['M1']);
  });

  it('quantity moved between zones at unchanged tariffs is a mix effect, not a price effect', async () => {
    // The example county with its hydropower split by zone, tariffs unchanged (2020 money):
    //   Z01 0.30 元/kWh = 3,000 元/万kWh: 5,000 → 3,000 万kWh; Z02 0.36 = 3,600 元/万kWh: 4,800 → 6,800 万kWh
    //   total 9,800 万kWh both years; V₀ = 15,000,000 + 17,280,000 = 32,280,000.00,
    //   V₁ = 9,000,000 + 24,480,000 = 33,480,000.00; ΔV = 1,200,000.00 = 2,000 万kWh × (3,600 − 3,000)
    //   lines: QE(Z01) = −2,000 × 3,000 = −6,000,000.00, QE(Z02) = 2,000 × 3,600 = 7,200,000.00, price 0 each
    //   M6 cell: Q₀ = Q₁ = 9,800 → volume 0.00, mix 1,200,000.00, price 0.00
    const dir = mkdtempSync(join(tmpdir(), 'gepkit-compare-'));
    const hydro = (year: number, z01: string, z02: string) => {
      const input = read(BEFORE) as Record<string, unknown>;
      const plant = (zone: string, gen: string, tariff: string) => ({
        kind: 'hydropower',
        zone,
        generation: { value: gen, unit: 'wan_kWh' },
        tariff: { value: tariff, unit: 'yuan/kWh', priceYear: 2020 },
      });
      const f = join(dir, `hydro-${year}.json`);
      writeFileSync(
        f,
        JSON.stringify({ ...input, year, energy: [plant('Z01', z01, '0.30'), plant('Z02', z02, '0.36')] }),
      );
      return f;
    };
    const r = await cli(['compare', hydro(2020, '5000', '4800'), hydro(2021, '3000', '6800')]);
    expect(r.err).not.toMatch(/error/i);
    const c = JSON.parse(r.out);
    const m6 = c.byIndicator.find((i: { indicator: string }) => i.indicator === 'M6');
    expect(m6).toMatchObject({
      v0: '32280000.00',
      v1: '33480000.00',
      change: '1200000.00',
      quantityEffect: '0.00',
      mixEffect: '1200000.00',
      priceEffect: '0.00',
      unsplit: '0.00',
    });
    expect(
      c.lines
        .filter((l: { indicator: string }) => l.indicator === 'M6')
        .map((l: { zone: string; quantityEffect: string; priceEffect: string }) => [
          l.zone,
          l.quantityEffect,
          l.priceEffect,
        ]),
    ).toEqual([
      ['Z01', '-6000000.00', '0.00'],
      ['Z02', '7200000.00', '0.00'],
    ]);
    // Nothing else changed: the region's price effect is 0, and the zone rows add up to the region's
    // change, price effect and unsplit, and to its volume + mix.
    expect(c.gep.priceEffect).toBe('0.00');
    const fen = (s: string) => BigInt(s.replace('.', ''));
    const sum = (f: (z: Record<string, string>) => bigint) =>
      c.byZone.reduce((n: bigint, z: Record<string, string>) => n + f(z), 0n);
    expect(sum((z) => fen(z.change as string))).toBe(fen(c.gep.change));
    expect(sum((z) => fen(z.priceEffect as string))).toBe(0n);
    expect(sum((z) => fen(z.unsplit as string))).toBe(fen(c.gep.unsplit));
    expect(sum((z) => fen(z.quantityEffect as string) + fen(z.mixEffect as string))).toBe(
      fen(c.gep.quantityEffect) + fen(c.gep.mixEffect),
    );
  });

  it('prints Markdown and CSV that name the price year', async () => {
    const md = await cli(['compare', BEFORE, AFTER, '--format', 'md', '--base-year', '2015']);
    expect(md.code).toBe(0);
    expect(md.out).toContain('Both years at comparable prices of 2015 (可比价, 2015 年价格');
    // a township by code and name: a renumbered one, of the same name in both years, is two rows told apart
    expect(md.out).toContain('| Z01 东山镇 Dongshan (illustrative) |');
    const csv = await cli(['compare', BEFORE, AFTER, '--format', 'csv']);
    // UTF-8 with a byte-order mark, for Excel and WPS; a CSV reader (splitCsv) reads every row back field by field
    expect(csv.out.startsWith('\uFEFF')).toBe(true);
    const rows = csv.out
      .slice(1)
      .trim()
      .split('\n')
      .map((r) => splitCsv(r) as string[]);
    const [head, gep] = rows;
    expect(head?.join(',')).toBe(
      'level,key,name,base_year,v0,v1,change,growth_percent,volume,mix,price,unsplit,' +
        'before_year,after_year,before_region,after_region,before_profile,after_profile',
    );
    // every row says what it compares: the two years, regions and profiles
    const region = '示例县 Example County (Jiangxi, illustrative)';
    const header = ['2020', '2021', region, region, 'jx-db36-1402-2021@0.3.1', 'jx-db36-1402-2021@0.3.1'];
    for (const r of rows.slice(1)) expect(r.slice(12)).toEqual(header);
    expect(gep?.slice(0, 4)).toEqual(['gep', '', 'GEP', '2020']);
    // The identity rows: the accounts' own totals and the rounding between them and the lines' sums. In each year
    // total = gep row + rounding, and the totals' direct change = the gep row's change + the rounding row's change
    // (the residual); figures from the JSON comparison of the same accounts. Then nominal GEP, the indicators left
    // out and the warnings.
    const c = compare(read(BEFORE), read(AFTER));
    const at = (level: string) => rows.filter((r) => r[0] === level).map((r) => r.slice(0, 12));
    const none = ['', '', '', '', ''];
    const [total] = at('account_total');
    const [rounding] = at('rounding');
    expect(total).toEqual([
      'account_total',
      '',
      '核算 GEP 总值 Account total (rounded once)',
      '2020',
      c.identity.totals.v0,
      c.identity.totals.v1,
      c.identity.direct,
      ...none,
    ]);
    expect(rounding).toEqual([
      'rounding',
      '',
      '舍入差 Rounding (account total − Σ lines)',
      '2020',
      c.identity.rounding.v0,
      c.identity.rounding.v1,
      c.identity.residual,
      ...none,
    ]);
    const fen = (x: string) => BigInt(x.replace('.', ''));
    for (const y of [4, 5] as const)
      expect(fen(total?.[y] as string)).toBe(fen(gep?.[y] as string) + fen(rounding?.[y] as string));
    // nominal GEP: 70,481,895,959.32 → 71,487,240,615.72 元 at current prices, 1.43 % (CPI's 0.9 % is not growth)
    expect(at('nominal')).toEqual([
      [
        'nominal',
        '',
        '名义 GEP Nominal (当年价 current prices of 2020 and 2021)',
        '2020',
        c.nominal.v0,
        c.nominal.v1,
        c.nominal.change,
        '1.43',
        '',
        '',
        '',
        '',
      ],
    ]);
    expect(at('skipped').map((r) => r.slice(1, 3))).toEqual([
      [
        'C2',
        'before (2020): optional, and the input has no data for it; after (2021): optional, and the input has no data for it',
      ],
    ]);
    const warned = at('warning');
    expect(warned.map((r) => r[1])).toEqual(c.warnings.map((w) => w.code));
    expect(warned[0]?.[2]).toBe(
      `before.overrides.tables[2]: ${c.warnings[0]?.message.zh} / ${c.warnings[0]?.message.en}`,
    );
  });

  it('CSV: a reversed or cross-county comparison says so in every row and in its warnings', () => {
    // 2021 first, the other county's name in 2020: the year and region columns show both, and the warnings rows
    // COMPARE_YEAR_ORDER and COMPARE_REGION_DIFFERS. A name a spreadsheet would run as a formula is written after an
    // apostrophe.
    const base = read(BEFORE) as { region: Record<string, unknown> };
    const other = { ...base, region: { ...base.region, name: '=HYPERLINK("x")' } };
    const text = compareCsv(compare(read(AFTER), other, { baseYear: 2020 }));
    const rows = text
      .slice(1)
      .trim()
      .split('\n')
      .map((r) => splitCsv(r) as string[]);
    expect(rows[1]?.slice(12, 16)).toEqual([
      '2021',
      '2020',
      '示例县 Example County (Jiangxi, illustrative)',
      '\'=HYPERLINK("x")',
    ]);
    expect(rows.filter((r) => r[0] === 'warning').map((r) => r[1])).toEqual(
      expect.arrayContaining(['COMPARE_YEAR_ORDER', 'COMPARE_REGION_DIFFERS']),
    );
  });

  it('Markdown says so plainly when nominal growth has no rate (a nominal GEP of 0 before)', () => {
    const c = compare(read(BEFORE), read(AFTER));
    const md = compareMarkdown({ ...c, nominal: { ...c.nominal, v0: '0.00', growthPercent: null } });
    expect(md).toContain(`0.00 → ${c.nominal.v1} 元 (no growth rate from a GEP of 0).`);
    expect(md).not.toContain('— %');
  });

  it("carries each year's own warnings under its side: an area error of one year is not lost in its growth", () => {
    const before = read(BEFORE) as { ecosystems: { area: { value: string } }[] };
    (before.ecosystems[0] as { area: { value: string } }).area.value = '1200';
    const own = account(before).warnings.filter((w) => w.code === 'AREA_SUM_MISMATCH');
    expect(own.length).toBeGreaterThan(0);
    const c = compare(before, read(AFTER));
    expect(c.warnings.filter((w) => w.code === 'AREA_SUM_MISMATCH').map((w) => w.path)).toEqual(
      own.map((w) => ['before', ...w.path]),
    );
    // A side given as a result brings the warnings its file holds.
    const fromResult = compare(account(before, { rounding: 'exact' }), read(AFTER));
    expect(fromResult.warnings.filter((w) => w.code === 'AREA_SUM_MISMATCH').length).toBe(own.length);
  });

  it('reads a result as well as an input, with the same figures', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'gepkit-compare-'));
    const result = join(dir, 'after.json');
    writeFileSync(result, JSON.stringify(account(read(AFTER), { baseYear: 2020, rounding: 'exact' })));
    const fromInputs = compare(read(BEFORE), read(AFTER));
    const mixed = compare(read(BEFORE), read(result));
    expect(mixed.after.from).toBe('result');
    expect({ ...mixed, after: fromInputs.after }).toEqual(fromInputs);
    // A result at another base year than the input asked for is refused.
    const r = await cli(['compare', BEFORE, result, '--base-year', '2015']);
    expect(r.code).toBe(1);
    expect(r.err).toContain('COMPARE_INCOMPARABLE');
  });

  it('reads input workbooks as account does, their issues located under the side', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'gepkit-compare-'));
    const book = async (name: string, input: unknown) => {
      const f = join(dir, name);
      writeFileSync(f, await inputTemplate({ input }));
      return f;
    };
    const [b20, b21] = [await book('in2020.xlsx', read(BEFORE)), await book('in2021.xlsx', read(AFTER))];
    // The workbooks carry the same inputs: the same comparison as from the JSON files.
    const fromJson = await cli(['compare', BEFORE, AFTER]);
    const fromBooks = await cli(['compare', b20, b21]);
    expect(fromBooks.code).toBe(0);
    // The workbooks carry the same inputs: the same comparison, but for where each year's warnings are (a cell of its
    // workbook, after.产业!A3, against an input path of the JSON, after.materialProducts[0]).
    type Warned = { warnings: { code: string; path: (string | number)[] }[] };
    const apart = (text: string) => {
      const { warnings, ...rest } = JSON.parse(text) as Warned;
      return {
        rest,
        codes: warnings.map((w) => [w.code, w.path[0]]),
        paths: warnings.map((w) => w.path.join('.')),
      };
    };
    const [j, w] = [apart(fromJson.out), apart(fromBooks.out)];
    expect(w.rest).toEqual(j.rest);
    expect(w.codes).toEqual(j.codes);
    expect(j.paths).toContain('after.materialProducts.0');
    expect(w.paths).toContain('after.产业!A3');
    // A workbook beside a JSON file, and an issue of the later workbook at its cell, under `after`.
    expect(apart((await cli(['compare', BEFORE, b21])).out).rest).toEqual(j.rest);
    const bad = structuredClone(read(AFTER)) as { ecosystems: { area: { value: string } }[] };
    (bad.ecosystems[1] as { area: { value: string } }).area.value = '-5';
    const r = await cli(['compare', b20, await book('bad.xlsx', bad)]);
    expect(r.code).toBe(1);
    expect(r.err).not.toContain('INPUT_ENCODING');
    expect(r.err).toMatch(/at after\.生态系统[^!\n]*!C\d+/);
    // A file that is neither JSON nor a workbook: its side named.
    writeFileSync(join(dir, 'bad.json'), 'not json');
    const notJson = await cli(['compare', join(dir, 'bad.json'), b21]);
    expect(notJson.err).toMatch(/error INPUT_NOT_JSON\n {2}at before\n/);
  }, 60_000);

  it('a warning about what an input workbook writes is at its cell (a zone renamed: zones[1].name)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'gepkit-compare-'));
    const after = read(BEFORE) as { zones: { name: string }[] };
    (after.zones[1] as { name: string }).name = '清溪镇 Qingxi (town)';
    const book = join(dir, 'after.xlsx');
    writeFileSync(book, await inputTemplate({ input: after }));
    const r = await cli(['compare', BEFORE, book]);
    const w = (JSON.parse(r.out).warnings as { code: string; path: string[] }[]).filter(
      (x) => x.code === 'COMPARE_ZONE_RENAMED',
    );
    // the zone sheet's second zone (row 4 under the sheet's headers), its name column
    expect(w.map((x) => x.path)).toEqual([['after', '分区!B4']]);
  }, 60_000);

  it('loads lazily from the binary, has help, and refuses --exact and a bad format', async () => {
    const help = await cli(['compare', '--help'], start);
    expect(help.out).toContain('gepkit compare <before.json | before.xlsx> <after.json | after.xlsx>');
    expect((await cli(['compare', BEFORE, AFTER, '--exact'])).err).toContain('CLI_USAGE');
    expect((await cli(['compare', BEFORE, AFTER, '--format', 'xml'])).err).toContain(
      '--format must be json, csv, md or xlsx',
    );
    expect((await cli(['compare', BEFORE])).err).toContain('compare takes two files');
  });
});

describe('account options with two results', () => {
  it('are refused: a result is not accounted again, so --exclude or a profile would change nothing', () => {
    const a = account(read(BEFORE) as never, { rounding: 'exact' });
    const b = account(read(AFTER) as never, { rounding: 'exact', baseYear: 2020 });
    expect(compare(a, b).gep.change).toBe(compare(read(BEFORE), read(AFTER)).gep.change);
    try {
      compare(a, b, { account: { exclude: ['C1'] } });
      expect.unreachable();
    } catch (e) {
      const i = (e as GepError).issues[0];
      expect([i?.code, i?.path]).toEqual(['OPTIONS_INVALID', ['options', 'account', 'exclude']]);
      expect(i?.message.zh).toBe(
        '选项无效：exclude：两侧均为核算结果，核算选项无法改变它们（如需按这些选项核算，请给出输入）',
      );
    }
    // with one side an input they apply to it (and its indicators of one side are warned)
    expect(compare(a, read(AFTER), { account: { exclude: ['C1'] } }).warnings.map((w) => w.code)).toContain(
      'COMPARE_INDICATOR_ONE_SIDE',
    );
  });
});

describe('what the accounts left out', () => {
  it('--exclude M5,M6 on both years is recorded under each side’s skipped, and said in Markdown and the workbook', async () => {
    // Excluded from both years, M5 and M6 give no COMPARE_INDICATOR_ONE_SIDE: without this record nothing in the
    // comparison said that GEP here is without water supply and energy. C2 is the profile's optional indicator the
    // example has no data for.
    const r = await cli(['compare', BEFORE, AFTER, '--exclude', 'M5,M6']);
    expect(r.code).toBe(0);
    const c = JSON.parse(r.out);
    const skipped = [
      { code: 'M5', reason: 'excluded by the caller' },
      { code: 'M6', reason: 'excluded by the caller' },
      { code: 'C2', reason: 'optional, and the input has no data for it' },
    ];
    expect([c.before.skipped, c.after.skipped]).toEqual([skipped, skipped]);
    expect(c.warnings.map((w: { code: string }) => w.code)).not.toContain('COMPARE_INDICATOR_ONE_SIDE');
    const md = await cli(['compare', BEFORE, AFTER, '--exclude', 'M5,M6', '--format', 'md']);
    expect(md.out).toContain(
      'Not accounted in either year (两期均未核算): M5 (excluded by the caller), M6 (excluded by the caller), ' +
        'C2 (optional, and the input has no data for it).',
    );
    // One year only: each side's list.
    const one = compare(read(BEFORE), read(AFTER));
    const text = compareMarkdown({ ...one, after: { ...one.after, skipped: skipped.slice(0, 1) } });
    expect(text).toContain(
      'Not accounted (未核算): before (2020) C2 (optional, and the input has no data for it); after (2021) M5 ' +
        '(excluded by the caller).',
    );
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load((await compareXlsx(c)) as unknown as ArrayBuffer);
    const rows: string[] = [];
    (wb.getWorksheet('恒等式 Identity') as ExcelJS.Worksheet).eachRow((row) =>
      rows.push(`${String(row.getCell(1).value)} = ${String(row.getCell(2).value ?? '')}`),
    );
    expect(rows).toContain(
      '后期 After: 未核算 Not accounted = M5 (excluded by the caller), M6 (excluded by the caller), C2 (optional, and the input has no data for it)',
    );
    expect(rows).toContain('前期 Before: 核算方案 Profile = jx-db36-1402-2021@0.3.1');
  });
});

describe('a base year among the account options (a JavaScript caller’s)', () => {
  it('is the comparison’s base year, with two inputs and with one side a result alike', () => {
    const result2020 = account(read(BEFORE) as never, { rounding: 'exact' }); // comparable prices of 2020
    const opts = { account: { baseYear: 2015 } } as never;
    // Two inputs: both accounted at 2015, as with options.baseYear.
    expect(compare(read(BEFORE), read(AFTER), opts).prices.baseYear).toBe(2015);
    // A result at 2020 beside an input: refused as with baseYear 2015 (it ran at 2020 unsaid).
    const e = errorOf(() => compare(result2020, read(AFTER), opts));
    expect(e.issues.map((i) => [i.code, i.path, i.params])).toEqual([
      [
        'COMPARE_INCOMPARABLE',
        ['before', 'prices', 'baseYear'],
        { detail: "comparable prices of base year 2020, the comparison's base year is 2015" },
      ],
    ]);
    expect(errorOf(() => compare(result2020, read(AFTER), { baseYear: 2015 })).issues).toEqual(e.issues);
    // At the result's own base year it is read as that base year.
    expect(compare(result2020, read(AFTER), { account: { baseYear: 2020 } } as never).prices.baseYear).toBe(
      2020,
    );
  });
});

describe('growth', () => {
  it('is ΔV / |V₀| × 100: a negative base that rises grows', () => {
    // R6 as a net source: −3,649,462.42 → −729,892.48 元; ΔV = 2,919,569.94; 2,919,569.94 / 3,649,462.42 = 0.8.
    expect(growth(-364946242n, -72989248n)).toBe('80.00');
    // and one that falls further shrinks: −100.00 → −150.00 is −50 / 100 = −50 %.
    expect(growth(-10000n, -15000n)).toBe('-50.00');
    // a positive base as before: 100.00 → 100.52 is 0.52 %; 3 → 2 fen is −33.333… → −33.33.
    expect(growth(10000n, 10052n)).toBe('0.52');
    expect(growth(3n, 2n)).toBe('-33.33');
    // half to even at the second decimal: 1 / 800 = 0.125 % exactly → "0.12".
    expect(growth(800n, 801n)).toBe('0.12');
    expect(growth(0n, 5n)).toBeNull();
  });
});
