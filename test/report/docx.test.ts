import { readFileSync } from 'node:fs';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inflateRawSync } from 'node:zlib';
import { gradeZh, warningNotice } from '../../src/report/words';
import { describe, expect, it } from 'vitest';
import { account } from '../../src/account/account';
import { compare } from '../../src/account/compare';
import { formatPath } from '../../src/core/errors';
import { runCli } from '../../src/cli/main';
import { reportDocx } from '../../src/report/docx';
import { grouped } from '../../src/report/figures';
import { wan } from '../../src/report/html';
import { tinyInput } from '../helpers';

const BEFORE = new URL('../../examples/jiangxi-county/input.json', import.meta.url).pathname;
const AFTER = new URL('../../examples/jiangxi-county/input-2021.json', import.meta.url).pathname;
const read = (f: string): unknown => JSON.parse(readFileSync(f, 'utf8'));

/** One file of a zip archive (a .docx), found through the central directory and inflated. */
function unzip(zip: Uint8Array, name: string): string {
  const b = Buffer.from(zip);
  const end = b.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  let at = b.readUInt32LE(end + 16);
  for (let n = b.readUInt16LE(end + 10); n > 0; n--) {
    const method = b.readUInt16LE(at + 10);
    const size = b.readUInt32LE(at + 20);
    const nameLength = b.readUInt16LE(at + 28);
    const skip = nameLength + b.readUInt16LE(at + 30) + b.readUInt16LE(at + 32);
    const local = b.readUInt32LE(at + 42);
    if (b.toString('utf8', at + 46, at + 46 + nameLength) === name) {
      const data = local + 30 + b.readUInt16LE(local + 26) + b.readUInt16LE(local + 28);
      const raw = b.subarray(data, data + size);
      return (method === 0 ? raw : inflateRawSync(raw)).toString('utf8');
    }
    at += 46 + skip;
  }
  throw new Error(`${name} is not in the archive`);
}
const text = (xml: string) => [...xml.matchAll(/<w:t[^>]*>([^<]*)<\/w:t>/g)].map((m) => m[1]).join('|');

describe('the Word report options', () => {
  it('are checked as the HTML report’s: a language other than zh or en, a misspelt key, a bad comparison', () => {
    const r = account(tinyInput());
    for (const [o, path] of [
      [{ lang: 'fr' }, ['options', 'lang']],
      [{ langs: 'en' }, ['options']],
      [{ compare: { foo: 1 } }, ['options', 'compare', 'compare']],
    ] as const)
      expect(() => reportDocx(r, o as never)).toThrow(
        expect.objectContaining({
          issues: expect.arrayContaining([expect.objectContaining({ code: 'OPTIONS_INVALID', path })]),
        }),
      );
  });
});

describe('the Word report', () => {
  it(
    'has the county report layout: summary, a section per category, townships, change, method notes',
    { timeout: 60_000 },
    async () => {
      const r = account(read(AFTER));
      const c = compare(read(BEFORE), read(AFTER));
      const doc = text(unzip(await reportDocx(r, { compare: c }), 'word/document.xml'));
      expect(doc).toContain(`${r.region.name} 2021 年生态系统生产总值（GEP）核算报告`);
      expect(doc).toContain(`GEP|${wan(r.totals.gep.current)}|${wan(r.totals.gep.comparable)}`);
      for (const heading of [
        '物质产品',
        '调节服务',
        '文化服务',
        '乡镇核算结果',
        '2020—2021 年变化',
        '核算方法说明',
        '质量控制',
      ])
        expect(doc).toContain(`|${heading}|`);
      // the rounding rule under the summary table (12 250 元 → 1.22 万元, half to even)
      expect(doc).toContain(
        '|金额单位为万元，由元值按“四舍六入五成双”（半数取偶）保留两位小数（12,250 元记为 1.22 万元',
      );
      // the warning line under the summary, as words.ts warningNotice writes it (17 warnings in the example)
      expect(doc).toContain(`|${warningNotice(r.warnings)?.zh.join('')}|`);
      const z = r.byZone[0]!;
      expect(doc).toContain(`|${z.name}|${z.area?.value}|${wan(z.value.current)}|`);
      expect(doc).toContain(`GEP 增长 ${c.gep.growthPercent} %`);
      // the identity under the change table: the totals, their rounding against the lines, the residual
      expect(doc).toContain(
        `为 ${grouped(c.identity.totals.v0)} → ${grouped(c.identity.totals.v1)} 元；变化表中的上期、本期为各行分别舍入到分后之和，舍入差（总值 − 各行之和）为 ${grouped(c.identity.rounding.v0)} 与 ${grouped(c.identity.rounding.v1)} 元。`,
      );
      expect(doc).toContain(`+ 残差 ${grouped(c.identity.residual)} 元`);
      // Method notes name every coefficient with its source and grade.
      const used = r.coefficients[0]!;
      expect(doc).toContain(`${used.key}`);
      // the grade in Chinese with its code (已核实 verified … 假定 assumed), the unit by its symbol
      expect(doc).toContain(`证据等级 ${gradeZh(used.grade)}`);
      expect(doc).not.toMatch(/ (t_per_m3|J_per_g|yuan\/m3)\b/);
    },
  );

  it(
    'the change table adds up: change = volume + mix + price + unsplit, with the warnings of the comparison',
    { timeout: 60_000 },
    async () => {
      // Forestry's yearbook gross output 62 000 → 63 000 万元 (2020 prices): a value without a quantity, all
      // unsplit. M2 (元): before 620 000 000.00, after 630 000 000.00, change 10 000 000.00, growth 1 000 / 62 000 =
      // 1.6129 → 1.61 %, volume, mix and price 0.00, unsplit 10 000 000.00. Without the unsplit column the row read 62 000.00 → 63 000.00
      // with every effect 0.00. The prior year without energy data: M6 is in 2021 only, which the comparison warns.
      const before = read(BEFORE) as { energy?: unknown };
      delete before.energy;
      const after = read(AFTER) as {
        materialProducts: { sector: string; grossOutput?: { value: string } }[];
      };
      after.materialProducts.find((m) => m.sector === 'forestry')!.grossOutput!.value = '63000';
      const c = compare(before, after);
      const m2 = c.byIndicator.find((i) => i.indicator === 'M2')!;
      expect([m2.change, m2.unsplit]).toEqual(['10000000.00', '10000000.00']);
      const r = account(after, { baseYear: 2020 });
      for (const lang of ['zh', 'en'] as const) {
        const doc = text(unzip(await reportDocx(r, { compare: c, lang }), 'word/document.xml'));
        const name = lang === 'zh' ? '林业产品' : 'Forestry products';
        expect(doc).toContain(
          `|M2 ${name}|620,000,000.00|630,000,000.00|10,000,000.00|1.61 %|0.00|0.00|0.00|10,000,000.00|`,
        );
        const g = c.gep;
        expect(doc).toContain(
          `|GEP|${[g.v0, g.v1, g.change].map(grouped).join('|')}|${g.growthPercent} %|` +
            `${[g.quantityEffect, g.mixEffect, g.priceEffect, g.unsplit].map(grouped).join('|')}|`,
        );
        expect(doc).toContain(lang === 'zh' ? '|未分解（元）|' : '|Unsplit (yuan)|');
        expect(doc).toContain(lang === 'zh' ? '|上期（元）|' : '|Before (yuan)|');
        expect(c.warnings.map((w) => w.code)).toContain('COMPARE_INDICATOR_ONE_SIDE');
        // each warning with where it is: the comparison's own without a path, each year's under its side
        for (const w of c.warnings)
          expect(doc).toContain(
            `${w.code}${w.path.length > 0 ? ` (${formatPath(w.path)})` : ''}: ${w.message[lang]}`,
          );
        expect(c.warnings.some((w) => w.path[0] === 'before')).toBe(true);
      }
    },
  );

  it('its tables add up, with the rounding row: categories to GEP, indicators to their category, townships to GEP', async () => {
    // The example county, 万元 at current prices: 166 277.88 + 6 705 911.71 + 176 000.00 = 7 048 189.59 against GEP
    // 7 048 189.60 (rounding 0.01); the townships 2 179 412.57 + 2 606 453.20 + 1 918 830.23 + 343 493.59 =
    // 7 048 189.59 (rounding 0.01, total over 1 251 km²: 5 634.04 万元/km²). Material: 36 880 + 62 000 + 48 000 +
    // 9 500 + 6 663.88 + 3 234 = 166 277.88, no rounding; shares 0.52 + 0.88 + 0.68 + 0.13 + 0.09 + 0.05 = 2.35 %
    // against the category's 2.36 % of GEP (166 277.88 / 7 048 189.60 = 2.3592 %): rounding 0.01 %.
    const r = account(read(BEFORE));
    const doc = text(unzip(await reportDocx(r), 'word/document.xml'));
    expect(doc).toContain('|文化服务|176,000.00|176,000.00|舍入差|0.01|0.01|GEP|7,048,189.60|7,048,189.60|');
    expect(doc).toContain('|舍入差|0.0000|0.01|0.01||合计|1251.0000|7,048,189.60|7,048,189.60|5,634.04|');
    expect(doc).toContain(
      '|M6 生态能源|98,000,000.0000 kWh|3,234.00|3,234.00|0.05 %|舍入差||0.00|0.00|0.01 %|物质产品合计||166,277.88|166,277.88|2.36 %|',
    );
    // physical quantities with separators; the air ions (1,505,896,560,000,000,000,000,000) as 1.50590 × 10²⁴
    expect(doc).toContain('|R8 气候调节|71,688,696,727.5495 kWh|4,865,430.68|');
    expect(doc).toContain('|R9 负氧离子|1.50590 × 10²⁴ 个|840.26|');
  });

  it('gepkit report --format docx writes it; the language follows --lang', { timeout: 60_000 }, async () => {
    const out = join(mkdtempSync(join(tmpdir(), 'gepkit-docx-')), 'report.docx');
    const err: string[] = [];
    const code = await runCli(['report', AFTER, '--format', 'docx', '--lang', 'en', '--out', out], {
      out: () => undefined,
      err: (s) => err.push(s),
    });
    // the account's warnings counted, as for an HTML report
    expect(err.join('')).toMatch(
      /^警告 \d+ 条 \/ \d+ warning\(s\): [^\n]*\(见报告的“质量控制”一节 \/ see the report’s Quality control\)\n$/,
    );
    expect(code).toBe(0);
    const doc = text(unzip(readFileSync(out), 'word/document.xml'));
    expect(doc).toContain('Gross Ecosystem Product (GEP) account 2021');
    expect(doc).toContain('|Method notes|');
    // The region-wide row of the township table, which the result names in Chinese only, in English.
    expect(doc).toContain('|Not zoned (whole region)|');
    expect(doc).not.toContain('未分区');
    const bad = await runCli(['report', AFTER, '--format', 'pdf', '--out', out], {
      out: () => undefined,
      err: (s) => err.push(s),
    });
    expect(bad).toBe(1);
    expect(err.join('')).toContain('--format must be html or docx');
  });

  it(
    'its method notes let a reader recompute each value: quantities, prices, the index factor with its values',
    { timeout: 60_000 },
    async () => {
      const r = account(read(BEFORE));
      const doc = text(unzip(await reportDocx(r), 'word/document.xml'));
      // the index the values were moved by, with the values read and how they are applied
      expect(doc).toContain(
        '|价格：当年价 = 价格年价值 × I(2020) / I(价格年)；可比价（2020 年）= 价格年价值 × I(2020) / I(价格年)。',
      );
      expect(doc).toMatch(
        /\|价格指数 cn-cpi-1978@1\.0\.0：[^|]*I\(2010\) = 536\.1、[^|]*I\(2020\) = 686\.5[^|]*证据等级 转引 secondary。\|/,
      );
      // R1's first line: 123 416 280 m³ × 7.06 元/m³ = 871 318 936.80 元 (2010 prices);
      // × 686.5 / 536.1 = 1.280545 → 1 115 762 824.311… → 1 115 762 824.31 元 (2020). The notes gave the price and
      // R1's 1 196 036 339 m³, but 1 196 036 339 × 7.06 = 844 401.66 万元 against 1 081 294.04 printed: the factor
      // was named nowhere.
      expect(doc).toContain(
        '|forest.broadleaf · Z01: 123416280.0000 m³ [A = 120 km²; P = 1930 mm; alpha = 0.0267; R = 51.531 mm; ET = 850 mm; P-R-ET = 1028.469 mm]|',
      );
      expect(doc).toContain(
        '|    水库建设成本: 123416280.0000 m³ × 7.06 元/m³ = 871318936.80 元 (2010) × 686.5/536.1 (cn-cpi-1978@1.0.0, 1.280545) = 1115762824.31 元 (2020) ← price.reservoir_storage|',
      );
      // M2 (a value without a quantity: "—" in its table) and C1's visits × spending per visit
      expect(doc).toContain(
        '|    总产值: 62000 万元 = 620000000.00 元 (2020) × 1 (cn-cpi-1978@1.0.0) = 620000000.00 元 (2020) ← 输入 materialProducts.1.grossOutput|',
      );
      // 120 万人次 × 650 元/人次 = 780 000 000 元
      expect(doc).toContain('|    旅游花费: 120.0000 万人次 × 650 元/人次 = 780000000.00 元 (2020)');
      // a coefficient with its price year, source — clause (as the HTML trace joins them), table and grade
      expect(doc).toMatch(
        /\|price\.reservoir_storage = 7\.06 元\/m³ \(2010\) — [^|]+ — Table 3 [^|]+ \(rcees-2013-reference@1\.4\.0\); 证据等级 已公开发布 published\|/,
      );
      const en = text(unzip(await reportDocx(r, { lang: 'en' }), 'word/document.xml'));
      expect(en).toContain(
        '|    reservoir construction cost: 123416280.0000 m³ × 7.06 yuan/m³ = 871318936.80 yuan (2010) × 686.5/536.1 (cn-cpi-1978@1.0.0, 1.280545) = 1115762824.31 yuan (2020) ← price.reservoir_storage|',
      );
      // In English the Chinese units are written out: 120 万人次 × 650 元/人次 is 120 × 10⁴ visits × 650 yuan/visit,
      // 62000 万元 is 62000 × 10⁴ yuan, 个 is ions; no Chinese unit is left in an English line but in a source's
      // own words (a coefficient's note after " — ", quoted as the source writes it).
      expect(en).toContain(
        '|    spending: 120.0000 × 10⁴ visits × 650 yuan/visit = 780000000.00 yuan (2020)',
      );
      expect(en).toContain('|    gross output: 62000 × 10⁴ yuan = 620000000.00 yuan (2020)');
      expect(en).toContain('|R9 Negative air ions|1.50590 × 10²⁴ ions|');
      expect(
        en.split('|').filter((part) => !part.includes(' — ') && /\d (万|亿|元|亩|人次|个)/.test(part)),
      ).toEqual([]);
      expect(en).toContain('Prices: current value = value at the price year × I(2020) / I(price year)');
    },
  );

  it(
    'the same account gives the same bytes on every run, with the fixed document time',
    { timeout: 60_000 },
    async () => {
      const r = account(read(BEFORE));
      const first = await reportDocx(r);
      // The docx package stamps the time of writing; a later run must not differ by it.
      await new Promise((done) => setTimeout(done, 1100));
      const second = await reportDocx(r);
      expect(Buffer.from(second).equals(Buffer.from(first))).toBe(true);
      const core = unzip(first, 'docProps/core.xml');
      expect(core).toContain(
        '<dcterms:created xsi:type="dcterms:W3CDTF">1980-01-01T00:00:00.000Z</dcterms:created>',
      );
      expect(core).toContain(`<dc:title>${r.region.name} 2020 GEP</dc:title>`);
      expect(core).toContain(`<dc:creator>gepkit ${r.gepkit.version}</dc:creator>`);
    },
  );
});
