import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { account } from '../../src/account/account';
import { Decimal } from '../../src/core/decimal';
import { compare } from '../../src/account/compare';
import { runCli } from '../../src/cli/main';
import { warningsLine } from '../../src/cli/shared';
import { parseReportableResult, reportHtml, traceData } from '../../src/report';
import { WAN_SCRIPT } from '../../src/report/assets';
import { grouped, physicalFigure } from '../../src/report/figures';
import { wan } from '../../src/report/html';
import { warningNotice } from '../../src/report/words';
import { uncertainty } from '../../src/uncertainty';
import { tinyInput } from '../helpers';

const EXAMPLE = new URL('../../examples/jiangxi-county/input.json', import.meta.url).pathname;

async function cli(args: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCli(args, { out: (s) => out.push(s), err: (s) => err.push(s) });
  return { code, out: out.join(''), err: err.join('') };
}

describe('the HTML report', () => {
  it('refuses options it cannot read: a lang other than zh or en never reaches the markup', () => {
    const r = account(tinyInput());
    const refused = (o: unknown) => {
      try {
        reportHtml(r, o as never);
      } catch (e) {
        return (e as { issues?: { code: string; path: unknown[] }[] }).issues?.map((i) => [i.code, i.path]);
      }
      return 'accepted';
    };
    // Written unescaped into <html lang="…"> and <body class="…">: a script, or a page without its stylesheet.
    expect(refused({ lang: '"><script>alert(1)</script><x "' })).toEqual([
      ['OPTIONS_INVALID', ['options', 'lang']],
    ]);
    expect(refused({ lang: 'fr' })).toEqual([['OPTIONS_INVALID', ['options', 'lang']]]);
    expect(refused({ lnag: 'en' })).toEqual([['OPTIONS_INVALID', ['options']]]);
    // A comparison that is not compare()'s result was a raw TypeError.
    expect(refused({ compare: { foo: 1 } })?.[0]).toEqual([
      'OPTIONS_INVALID',
      ['options', 'compare', 'compare'],
    ]);
    expect(refused({ lang: 'en' })).toBe('accepted');
  });

  it('is one self-contained file: no network, both languages, the same bytes for the same result', () => {
    const r = account(tinyInput());
    const html = reportHtml(r);
    expect(html).toBe(reportHtml(account(tinyInput())));
    expect(html).not.toMatch(/(src|href)\s*=\s*["']?(https?:)?\/\//i);
    expect(html).not.toMatch(/<link\b/i);
    expect(html).not.toMatch(/<script[^>]+src=/i);
    expect(html).toContain('<span lang="zh">指标</span><span lang="en">Indicators</span>');
    expect(html).toContain('@media print');
    expect(html).not.toContain('id="uncertainty"');
    expect(reportHtml(r, { lang: 'en' })).toContain('<body class="en">');
  });

  it('states its rounding rule under the first table, and its print stylesheet keeps a section on one page where it fits', () => {
    const html = reportHtml(account(tinyInput()));
    // 12 250 元 = 1.225 万元 → 1.22 (half to even: 2 is even); 12 350 元 = 1.235 → 1.24
    expect(wan('12250')).toBe('1.22');
    expect(wan('12350')).toBe('1.24');
    const summary = html.slice(html.indexOf('<section id="summary">'), html.indexOf('</section>'));
    expect(summary).toMatch(
      /<\/table><p class="note"><span lang="zh">金额单位为万元，由元值按“四舍六入五成双”（半数取偶）保留两位小数（12,250 元记为 1\.22 万元/,
    );
    expect(summary).toContain('rounded to two decimals half to even from the yuan (12,250 yuan is 1.22');
    expect(summary).toContain('the difference between them is shown as a “Rounding” row');
    const print = html.slice(html.indexOf('@media print'));
    // every section but the change and quality ones, longer than a page for a county (held whole, they left the
    // page before them empty)
    expect(print).toMatch(/section:not\(#compare\):not\(#quality\),table\.narrow\{break-inside:avoid\}/);
    expect(print).toMatch(/h2,h3,h4\{break-after:avoid\}/);
    // the note prints (.hint does not)
    expect(print).not.toMatch(/\.note\{display:none/);
  });

  it('promises in its hint what the trace shows: method and switches, each line’s calculation (no symbolic formula)', () => {
    const html = reportHtml(account(tinyInput()));
    expect(html).not.toContain('公式、各项');
    expect(html).not.toContain('方法与公式');
    expect(html).toContain('点击数字查看其来源：方法与开关、各行的各项与计算式（数量 × 价格 × 指数因子）');
    expect(html).toContain("zh ? '方法与开关' : 'Method and switches'");
  });

  it('counts grades of the coefficients and of the price-index values apart, their sum as the review’s', () => {
    // the example county reads 42 coefficients and 6 CPI values (2008, 2010, 2016, 2018, 2020, 2021): 48 graded, which
    // the table titled "coefficients" gave as its only column while the uncertainty section drew 42
    const r = account(JSON.parse(readFileSync(EXAMPLE, 'utf8')));
    expect([r.coefficients.length, r.prices.indexValuesUsed.length]).toEqual([42, 6]);
    const html = reportHtml(r);
    expect(html).toContain('<span lang="zh">证据等级（系数与价格指数值计数）</span>');
    expect(html).toContain(
      '<th class="r"><span lang="zh">系数</span><span lang="en">Coefficients</span></th><th class="r"><span lang="zh">价格指数值</span>',
    );
    expect(html).toMatch(
      /<tr class="total"><td><span lang="zh">合计<\/span><span lang="en">Total<\/span><\/td><td class="r">42<\/td><td class="r">6<\/td><td class="r">48<\/td><\/tr>/,
    );
    // 15 secondary: 9 coefficients and the 6 CPI values
    expect(r.quality.grades.counts.secondary).toBe(15);
    expect(html).toContain(
      '<td><span lang="zh">转引 secondary</span><span lang="en">secondary</span></td><td class="r">9</td><td class="r">6</td><td class="r">15</td>',
    );
  });

  it('counts a custom indicator’s graded inputs with the coefficients, and those without a grade in a column of their own', () => {
    // X1 alone, at the accounting year's prices: area and yield graded verified (listed with the coefficients), price
    // without source and grade (counted as assumed): 2 coefficients, 0 index values, 1 custom input, 3 in all.
    const x1 = {
      code: 'X1',
      name: { zh: '油茶籽', en: 'Camellia oil seed' },
      category: 'material',
      unit: 't',
      inputs: {
        area: { value: '20', unit: 'hm2', source: 'County land survey 2020', grade: 'verified' },
        yield: { value: '1.2', source: 'County forestry bureau survey 2020', grade: 'verified' },
        price: '9000',
      },
      physical: 'area * yield',
      value: 'physical * price',
      priceYear: 2020,
    };
    const exclude = account(tinyInput()).indicators.map((i) => i.code);
    const html = reportHtml(account({ ...tinyInput(), customIndicators: [x1] }, { exclude }));
    expect(html).toContain(
      '<th class="r"><span lang="zh">未注明来源与等级的自定义输入</span><span lang="en">Custom inputs without source and grade</span></th>',
    );
    expect(html).toContain(
      '<td><span lang="zh">已核实 verified</span><span lang="en">verified</span></td><td class="r">2</td><td class="r">0</td><td class="r">0</td><td class="r">2</td>',
    );
    expect(html).toContain(
      '<td><span lang="zh">假定 assumed</span><span lang="en">assumed</span></td><td class="r">0</td><td class="r">0</td><td class="r">1</td><td class="r">1</td>',
    );
    expect(html).toMatch(
      /<tr class="total"><td><span lang="zh">合计<\/span><span lang="en">Total<\/span><\/td><td class="r">2<\/td><td class="r">0<\/td><td class="r">1<\/td><td class="r">3<\/td><\/tr>/,
    );
    // Without such inputs the column is not there (the example county above).
    expect(reportHtml(account(tinyInput()))).not.toContain('Custom inputs without source and grade');
  });

  it('formats 元 as 万元 with separators, locale-free', () => {
    // 123 456 789.5 元 = 12 345.67895 万元 → 12,345.68
    expect(wan('123456789.5')).toBe('12,345.68');
    expect(wan('-50000')).toBe('−5.00');
  });

  it('shows physical quantities with separators, and past 15 integer digits as six significant digits × 10ⁿ', () => {
    expect(physicalFigure('1196036339.0000')).toEqual({ text: '1,196,036,339.0000', exact: true });
    // 15 integer digits are still written out
    expect(physicalFigure('999999999999999.5')).toEqual({ text: '999,999,999,999,999.5', exact: true });
    // the example county's air ions: 1,505,896,560,000,000,000,000,000 = 1.50589656 × 10²⁴ → 1.50590 × 10²⁴
    // (six significant digits: 1.50589|656 rounds up)
    expect(physicalFigure('1505896560000000000000000.0000')).toEqual({
      text: '1.50590 × 10²⁴',
      exact: false,
    });
    // half to even on the digits: 1.234565 × 10¹⁶ → 1.23456 (6 is even), 1.234575 × 10¹⁶ → 1.23458
    expect(physicalFigure('12345650000000000').text).toBe('1.23456 × 10¹⁶');
    expect(physicalFigure('12345750000000000').text).toBe('1.23458 × 10¹⁶');
    expect(physicalFigure('-20000000000000000').text).toBe('−2.00000 × 10¹⁶');
    expect(physicalFigure('—')).toEqual({ text: '—', exact: true });
    // in the example's report, the ions read so, with the exact figure as the cell's title
    const html = reportHtml(account(JSON.parse(readFileSync(EXAMPLE, 'utf8'))));
    // (its unit 个 in Chinese, ions in English; m³ the same in both)
    expect(html).toContain(
      '<td class="r" title="1505896560000000000000000.0000">1.50590 × 10²⁴ <span lang="zh">个</span><span lang="en">ions</span></td>',
    );
    expect(html).toContain('<td class="r">1,196,036,339.0000 m³</td>');
  });

  it('rounds 万元 half to even on the exact 元, as the account tables do, and so does the trace panel', () => {
    // 12 250 元 = 1.225 万元 → 1.22 (2 is even), 12 350 元 = 1.235 万元 → 1.24; the binary float read 1.225 as
    // 1.22500000000000008… and printed 1.23, a figure the account's county table (1.22) does not have.
    expect(wan('12250')).toBe('1.22');
    expect(wan('12350')).toBe('1.24');
    expect(wan('12250.01')).toBe('1.23');
    expect(wan('-12250')).toBe('−1.22');
    expect(wan('-40')).toBe('−0.00');
    const panel = new Function(`${WAN_SCRIPT}; return wan;`)() as (s: string) => string;
    for (const s of [
      '12250',
      '12350',
      '12250.01',
      '-12250',
      '-40',
      '0',
      '0.00',
      '500',
      '99999950',
      '123456789.5',
    ])
      expect(panel(s), s).toBe(wan(s));
    fc.assert(
      fc.property(fc.bigInt({ min: -(10n ** 20n), max: 10n ** 20n }), fc.nat({ max: 6 }), (n, places) => {
        const digits = (n < 0n ? -n : n).toString().padStart(places + 1, '0');
        const s = `${n < 0n ? '-' : ''}${places === 0 ? digits : `${digits.slice(0, -places)}.${digits.slice(-places)}`}`;
        expect(panel(s), s).toBe(wan(s));
      }),
    );
  });

  it('the summary, indicator and township tables add up to GEP, with the rounding row', () => {
    // The example county at current prices (万元): categories 166 277.88 + 6 705 911.71 + 176 000.00 = 7 048 189.59;
    // zones 2 179 412.57 + 2 606 453.20 + 1 918 830.23 + 343 493.59 (region-wide) = 7 048 189.59; GEP 7 048 189.60.
    // Each table shows 舍入差 0.01 before GEP, as the account's county and township tables do; the indicators'
    // shares of GEP add up to 99.99 %: rounding 0.01 %, total 100.00 %.
    const r = account(JSON.parse(readFileSync(EXAMPLE, 'utf8')));
    expect(wan(r.totals.gep.current)).toBe('7,048,189.60');
    const html = reportHtml(r);
    const section = (id: string) => html.slice(html.indexOf(`<section id="${id}">`)).split('</section>')[0]!;
    const cells = (row: string) =>
      [...row.matchAll(/<td[^>]*>(.*?)<\/td>/g)].map((m) => m[1]!.replace(/<[^>]+>/g, ''));
    const rows = (id: string) =>
      section(id)
        .split('<tr')
        .slice(1)
        .map(cells)
        .filter((c) => c.length > 0);
    const rounding = '<span lang="zh">舍入差</span><span lang="en">Rounding</span>';
    const summary = rows('summary');
    expect(summary.slice(-2)).toEqual([
      ['舍入差Rounding', '0.01', '0.01'],
      ['GEP', '7,048,189.60', '7,048,189.60'],
    ]);
    expect(section('summary')).toContain(rounding);
    const zones = rows('zones');
    expect(zones.slice(-2)).toEqual([
      ['舍入差Rounding', '0.0000', '0.01', '0.01', ''],
      // 7 048 189.60 万元 / 1 251 km² = 5 634.04 万元/km²
      ['合计Total', '1251.0000', '7,048,189.60', '7,048,189.60', '5,634.04'],
    ]);
    // The region-wide row (zone null, named 未分区（全域） in the result) in both languages, table and chart.
    expect(zones.at(-3)?.[0]).toBe('未分区（全域）Not zoned (whole region)');
    // the figure per km² is of current prices (7 048 189.60 / 1 251 = 5 634.04), and its header says so
    expect(section('zones')).toContain(
      '<span lang="zh">单位面积（当年价，万元/km²）</span><span lang="en">Per km² (current prices, 10⁴ yuan/km²)</span>',
    );
    expect(section('composition')).toContain('>Not zoned (whole region)</text>');
    const indicators = rows('indicators');
    expect(indicators.slice(-2)).toEqual([
      ['', '舍入差Rounding', '', '', '0.01', '0.01', '0.01 %'],
      ['', 'GEP', '', '', '7,048,189.60', '7,048,189.60', '100.00 %'],
    ]);
  });

  it('the change by township names each by code and name: a renumbered township is two rows told apart', () => {
    // Z03 of 2020 renumbered Z05 in 2021, its name and data the same: its value leaves Z03 (−100 %) and comes to Z05
    const before = JSON.parse(readFileSync(EXAMPLE, 'utf8'));
    const after = JSON.parse(readFileSync(EXAMPLE, 'utf8').replaceAll('"Z03"', '"Z05"'));
    after.year = 2021;
    const html = reportHtml(account(after, { baseYear: 2020 }), { compare: compare(before, after) });
    const change = html.slice(html.indexOf('<section id="compare">')).split('</section>')[0] as string;
    const names = [...change.matchAll(/<tr[^>]*><td[^>]*>([^<]*石门乡[^<]*)<\/td>/g)].map((m) => m[1]);
    expect(names).toEqual(['Z03 石门乡 Shimen (illustrative)', 'Z05 石门乡 Shimen (illustrative)']);
  });

  it('says under the summary how many warnings the account carries and of which codes, linking to them', () => {
    // Z01's broadleaf forest grown from 120 to 150 km²: the region's and the zone's area balances are off
    const input = JSON.parse(readFileSync(EXAMPLE, 'utf8')) as {
      ecosystems: { zone?: string; type: string; area: { value: string } }[];
    };
    const row = input.ecosystems.find((e) => e.zone === 'Z01' && e.type === 'forest.broadleaf');
    if (row === undefined) throw new Error('the example changed: no Z01 broadleaf row');
    row.area.value = String(Number(row.area.value) + 30);
    const r = account(input);
    const areas = r.warnings.filter((w) => w.code === 'AREA_SUM_MISMATCH').length;
    expect(areas).toBe(2);
    const summary = /<section id="summary">[\s\S]*?<\/section>/.exec(reportHtml(r))?.[0] ?? '';
    expect(summary).toContain(`本核算有 ${r.warnings.length} 条警告`);
    expect(summary).toContain('AREA_SUM_MISMATCH ×2');
    // the sentence of words.ts warningNotice, the section's name a link to it
    const n = warningNotice(r.warnings);
    expect(summary).toContain(
      `<span lang="zh">${n?.zh[0]}</span><span lang="en">${n?.en[0]}</span><a href="#quality"><span lang="zh">质量控制</span><span lang="en">Quality control</span></a><span lang="zh">”一节。</span><span lang="en">.</span>`,
    );
    // an account without warnings: no notice
    expect(reportHtml({ ...r, warnings: [] })).not.toContain('class="notice"');
  });

  it('traces each indicator to its method, lines and coefficients with source and grade', () => {
    const r = account(tinyInput());
    const t = traceData(r);
    r.indicators.forEach((ind, k) => {
      const e = t[`ind:${k}`];
      expect(e?.method?.id).toBe(ind.method);
      expect(e?.coefficients?.map((c) => c.id)).toEqual(ind.coefficients);
      for (const c of e?.coefficients ?? []) {
        expect(c.grade.en).toMatch(/^(verified|published|derived|secondary|assumed)$/);
        expect(c.grade.zh).toBe(
          `${{ verified: '已核实', published: '已公开发布', derived: '推导', secondary: '转引', assumed: '假定' }[c.grade.en]} ${c.grade.en}`,
        );
        expect(c.source.length).toBeGreaterThan(0);
      }
    });
    expect(t.gep?.value).toEqual(r.totals.gep);
  });

  it('a traced valuation can be recomputed: its chain with the index values of the factor', () => {
    const r = account(tinyInput());
    const k = r.indicators.findIndex((i) => i.code === 'R7');
    const v = traceData(r)[`ind:${k}`]?.lines?.[0]?.valuations[0];
    const price = r.indicators[k]?.lines[0]?.valuations[0];
    // the oxygen price 727 元/t of 2010 moved to 2020 by the CPI: 686.5 / 536.1 = 1.280545…
    expect(price?.price?.priceYear).toBe(2010);
    // 8000 t × 727 = 5 816 000 元; × 686.5 / 536.1 = 3 992 684 000 / 536.1 = 7 447 647.826… → 7 447 647.83 元
    // the price's unit by its symbol (yuan/t_O2 in the result and the calculation detail)
    expect(price?.price?.unit).toBe('yuan/t_O2');
    expect(v?.detail.zh).toBe(
      '8000.0000 t O₂ × 727 元/t O₂ = 5816000.00 元 (2010) × 686.5/536.1 (cn-cpi-1978@1.0.0, 1.280545) = 7447647.83 元 (2020) ← price.oxygen',
    );
    // in English 元 is yuan
    expect(v?.detail.en).toBe(
      '8000.0000 t O₂ × 727 yuan/t O₂ = 5816000.00 yuan (2010) × 686.5/536.1 (cn-cpi-1978@1.0.0, 1.280545) = 7447647.83 yuan (2020) ← price.oxygen',
    );
    expect(v?.label).toEqual({ zh: '工业制氧价格', en: 'industrial oxygen price' });
  });

  it('a traced line writes its terms’ units by their symbols, and a price coefficient its price year', () => {
    const r = account(tinyInput());
    const k = r.indicators.findIndex((i) => i.code === 'R1');
    const t = traceData(r)[`ind:${k}`];
    // the result records A = "10 km2" for the broadleaf forest: shown as km², as every other unit in the panel
    expect(r.indicators[k]?.lines[0]?.terms?.A).toBe('10 km2');
    expect(t?.lines?.[0]?.terms.A).toEqual({ zh: '10 km²', en: '10 km²' });
    expect(JSON.stringify(t?.lines)).not.toMatch(/\d km2/);
    // price.reservoir_storage is a price of 2010
    expect(t?.coefficients?.find((c) => c.id.startsWith('price.reservoir_storage|'))?.priceYear).toBe(2010);
  });

  it('in Chinese, a traced valuation names its label, its share and an input field in Chinese', () => {
    // 2 亿元 of tourism revenue × 0.4, the amount and the share both from the input
    const input = tinyInput();
    input.tourism = {
      revenue: [{ amount: { value: '2', unit: 'yi_yuan', priceYear: 2020 }, ecologicalShare: '0.4' }],
    };
    const r = account(input, { methods: { C1: 'recreation/revenue-share@1' } });
    const k = r.indicators.findIndex((i) => i.code === 'C1');
    const v = traceData(r)[`ind:${k}`]?.lines?.[0]?.valuations[0];
    expect(v?.label).toEqual({ zh: '旅游收入', en: 'tourism revenue' });
    expect(v?.detail.en).toMatch(/ × 0\.4 \(ecological share\) = .* ← input tourism\.revenue\.0\.amount$/);
    expect(v?.detail.zh).toBe(
      (v?.detail.en ?? '')
        .replace('(ecological share)', '(生态贡献率)')
        .replace('← input ', '← 输入 ')
        .replace(' × 10⁸ yuan', ' 亿元')
        .replaceAll(' yuan', ' 元'),
    );
  });

  it('shows uncertainty bands and the tornado when the result carries them', { timeout: 60_000 }, () => {
    const r = uncertainty(tinyInput(), { draws: 200, seed: 1, tornado: true });
    const html = reportHtml(r);
    expect(html).toContain('id="uncertainty"');
    expect(html).toContain('Sensitivity (tornado)');
    const n = r.uncertainty.parameters.length;
    expect(html).toContain(
      `${r.uncertainty.defaults.used.length} of ${n} parameters drawn (${n} of them coefficients)`,
    );
    // in Chinese the grades by their Chinese names
    expect(html).toContain(
      `${r.uncertainty.defaults.used.length} / ${n} 个抽样参数（其中系数 ${n} 个）采用按证据等级的默认分布（三角分布，半宽：已核实 5%、已公开发布 10%、推导 20%、转引 30%、假定 50%）`,
    );
    expect(html).not.toContain('verified 5%');
    // the tornado's bars carry GEP's change at their ends, signed, in 万元; the axis the point GEP
    const top = r.uncertainty.sensitivity?.tornado?.bars[0];
    const change = (gep: string) => new Decimal(gep).minus(r.totals.gep.current);
    for (const end of [top?.low.gep, top?.high.gep]) {
      const d = change(end as string);
      expect(html).toContain(`class="end">${d.gt(0) ? '+' : ''}${wan(d.toFixed())}</text>`);
    }
    expect(html).toContain(`text-anchor="middle">GEP ${wan(r.totals.gep.current)} 万元</text>`);
  });

  it('names the parameters a ± p % tornado could not move, with the reason', { timeout: 120_000 }, () => {
    // the example's relative humidity 0.78 drawn as an input: at +40 % it is 1.092, which the account refuses
    const input = JSON.parse(
      readFileSync(new URL('../../examples/jiangxi-county/input.json', import.meta.url), 'utf8'),
    ) as { climate: { relativeHumidity?: string }[] };
    const k = input.climate.findIndex((c) => c.relativeHumidity !== undefined);
    const r = uncertainty(input, {
      draws: 20,
      seed: 1,
      tornado: { percent: 40 },
      inputs: [
        {
          path: ['climate', k, 'relativeHumidity'],
          distribution: { distribution: 'uniform', min: 0.99, max: 1.01 },
        },
      ],
    });
    const unmoved = r.uncertainty.sensitivity?.tornado?.unmoved ?? [];
    expect(unmoved.map((m) => m.parameter)).toEqual([`input:climate.${k}.relativeHumidity`]);
    const html = reportHtml(r, { lang: 'en' });
    expect(html).toContain(
      'Not drawn, 1 parameter(s) whose account fails at an end of the range:</span></p><ul class="hint"><li><code>input:climate.0.relativeHumidity</code>:',
    );
    expect(html).toContain('relative humidity must lie between 0 and 1 (got 1.092)</li></ul>');
    expect(html).toContain('以下 1 个参数在区间端点处核算不成立，未画出：');
    // a result file carrying it reads back (parseReportableResult) and reports the same
    expect(reportHtml(parseReportableResult(JSON.parse(JSON.stringify(r))), { lang: 'en' })).toBe(html);
  });
});

describe('the CLI', () => {
  it(
    'gepkit account --uncertainty N --seed S prints the result with its uncertainty, the same twice',
    { timeout: 120_000 },
    async () => {
      const dir = mkdtempSync(join(tmpdir(), 'gepkit-report-'));
      const input = join(dir, 'input.json');
      writeFileSync(input, JSON.stringify(tinyInput()));
      const a = await cli([
        'account',
        input,
        '--uncertainty',
        '300',
        '--seed',
        '7',
        '--tornado-percent',
        '10',
      ]);
      const b = await cli(['account', input, '--uncertainty=300', '--seed', '7', '--tornado-percent', '10']);
      // Nothing on standard error but the count of the result's warnings, as gepkit account prints it.
      expect(a.err).toBe(warningsLine(JSON.parse(a.out).warnings));
      expect(a.err).not.toBe('');
      expect(a.code).toBe(0);
      expect(a.out).toBe(b.out);
      const u = JSON.parse(a.out).uncertainty;
      expect(u.draws).toBe(300);
      expect(u.sensitivity.tornado.range).toBe('±10%');
      expect(Number(u.gep.current.p5)).toBeLessThan(Number(u.gep.current.p95));
    },
  );

  it(
    '--tornado-percent takes a percent written .5 (half a percent), as 0.5',
    { timeout: 60_000 },
    async () => {
      const dir = mkdtempSync(join(tmpdir(), 'gepkit-tornado-'));
      const input = join(dir, 'input.json');
      writeFileSync(input, JSON.stringify(tinyInput()));
      const a = await cli(['account', input, '--uncertainty', '20', '--tornado-percent', '.5']);
      expect(a.code).toBe(0);
      expect(JSON.parse(a.out).uncertainty.sensitivity.tornado.range).toBe('±0.5%');
    },
  );

  it(
    'gepkit report writes HTML from an input or from a result file; usage errors are CLI_USAGE',
    { timeout: 60_000 },
    async () => {
      const dir = mkdtempSync(join(tmpdir(), 'gepkit-report-'));
      const input = join(dir, 'input.json');
      const result = join(dir, 'result.json');
      writeFileSync(input, JSON.stringify(tinyInput()));
      writeFileSync(result, JSON.stringify(account(tinyInput())));
      expect((await cli(['report', input, '--out', join(dir, 'a.html')])).code).toBe(0);
      expect((await cli(['report', result, '--out', join(dir, 'b.html')])).code).toBe(0);
      expect(readFileSync(join(dir, 'a.html'), 'utf8')).toBe(readFileSync(join(dir, 'b.html'), 'utf8'));
      const bad = await cli(['report', input]);
      expect(bad.code).toBe(1);
      expect(bad.err).toContain('CLI_USAGE');
      expect((await cli(['report', input, '--out', join(dir, 'c.html'), '--lang', 'fr'])).err).toContain(
        'CLI_USAGE',
      );
      const drawn = await cli(['report', result, '--out', join(dir, 'd.html'), '--uncertainty', '100']);
      expect(drawn.err).toContain('is a result');
    },
  );

  it(
    'gepkit report applies --seed and --tornado with --uncertainty, and refuses them without it',
    { timeout: 60_000 },
    async () => {
      const dir = mkdtempSync(join(tmpdir(), 'gepkit-report-'));
      const input = join(dir, 'input.json');
      writeFileSync(input, JSON.stringify(tinyInput()));
      const out = join(dir, 'u.html');
      const drawn = await cli([
        'report',
        input,
        '--out',
        out,
        '--uncertainty',
        '50',
        '--seed',
        '7',
        '--tornado',
      ]);
      expect(drawn.code).toBe(0);
      const html = readFileSync(out, 'utf8');
      expect(html).toContain('50 draws (seed 7)');
      expect(html).toContain('Sensitivity (tornado)');
      const refused = await cli(['report', input, '--out', join(dir, 'n.html'), '--seed', '7', '--tornado']);
      expect(refused.code).toBe(1);
      expect(refused.err).toContain('--uncertainty N (the number of draws) is needed with --seed, --tornado');
      expect(existsSync(join(dir, 'n.html'))).toBe(false);
    },
  );

  it(
    'account --uncertainty and report read an input with the options of gepkit account',
    { timeout: 120_000 },
    async () => {
      const dir = mkdtempSync(join(tmpdir(), 'gepkit-report-'));
      const input = join(dir, 'input.json');
      const written = tinyInput();
      (written.ecosystems as { type: string }[])[0]!.type = '林地'; // a written form only --type-map resolves
      writeFileSync(input, JSON.stringify(written));
      // An index for every year the tiny input's prices use (2000–2025): 100 + 2k in year 2000 + k.
      const index = join(dir, 'index.json');
      writeFileSync(
        index,
        JSON.stringify({
          kind: 'price-index',
          id: 'test-index',
          version: '1.0.0',
          title: { zh: '测试指数', en: 'Test index' },
          region: 'CN',
          vintage: 'test',
          base: { year: 2000, value: '100' },
          values: Array.from({ length: 26 }, (_, k) => ({
            year: 2000 + k,
            value: String(100 + 2 * k),
            grade: 'assumed',
            source: { document: 'test' },
          })),
        }),
      );
      const options = ['--type-map', '林地=forest.broadleaf', '--price-index', index, '--exclude', 'C1'];
      const plain = account(tinyInput(), {
        priceIndices: [JSON.parse(readFileSync(index, 'utf8'))],
        deflators: [{ match: '', index: 'test-index' }],
        exclude: ['C1'],
        rounding: 'exact',
        baseYear: 2015,
      });
      const drawn = await cli([
        'account',
        input,
        '--uncertainty',
        '20',
        ...options,
        '--exact',
        '--base-year',
        '2015',
      ]);
      const r = JSON.parse(drawn.out);
      expect(drawn.err).toBe(warningsLine(r.warnings));
      expect(r.prices.deflators).toEqual([expect.objectContaining({ match: '', index: 'test-index@1.0.0' })]);
      expect(r.skipped.map((k: { code: string }) => k.code)).toContain('C1');
      expect(r.totals.gep).toEqual(plain.totals.gep);
      const html = join(dir, 'r.html');
      const reported = await cli([
        'report',
        input,
        '--out',
        html,
        ...options,
        '--profile',
        'jx-db36-1402-2021',
      ]);
      // only the account's warnings, counted (nothing about the options)
      expect(reported.err).toMatch(
        /^警告 \d+ 条 \/ \d+ warning\(s\): GRADE_BELOW_THRESHOLD ×\d+ \(见报告的“质量控制”一节 \/ see the report’s Quality control\)\n$/,
      );
      expect(readFileSync(html, 'utf8')).toContain('test-index@1.0.0');
    },
  );

  it(
    'report counts its warnings on standard error, as account and compare do; years in reverse order under the change heading',
    { timeout: 120_000 },
    async () => {
      const dir = mkdtempSync(join(tmpdir(), 'gepkit-report-'));
      const y2020 = new URL('../../examples/jiangxi-county/input.json', import.meta.url).pathname;
      const y2021 = new URL('../../examples/jiangxi-county/input-2021.json', import.meta.url).pathname;
      // the years reversed: gepkit compare counts 35 warnings, COMPARE_YEAR_ORDER among them; report printed nothing
      const compared = await cli(['compare', y2021, y2020]);
      const reversed = await cli(['report', y2020, '--compare', y2021, '--out', join(dir, 'r.html')]);
      expect(reversed.code).toBe(0);
      const line = compared.err.split('\n').find((l) => l.startsWith('警告 '));
      expect(line).toMatch(/COMPARE_YEAR_ORDER/);
      expect(reversed.err).toBe(
        `${(line as string).replace("(见结果的 warnings / see the result's warnings)", '(见报告的“变化”一节 / see the report’s Change section)')}\n`,
      );
      // …and the warning stands under the section's heading, before its figures, as well as in its list
      const html = readFileSync(join(dir, 'r.html'), 'utf8');
      const section = html.slice(html.indexOf('<section id="compare">'));
      expect(section).toMatch(
        /^<section id="compare"><h2>.*<\/h2>\n<p class="notice"><code>COMPARE_YEAR_ORDER<\/code> /,
      );
      expect(section).toContain(
        '<h3><span lang="zh">比较的警告</span><span lang="en">Warnings of the comparison</span></h3><ul>',
      );
      // the nominal fall with the minus sign of the amounts: (7,048,189.60 − 7,148,784.35) / 7,148,784.35 万元 =
      // −1.407 % → −1.41 %, written "-1.41 %" with a hyphen
      expect(section).toContain('当年价名义增长：−1.41 %');
      expect(section).toContain('Nominal growth at current prices: −1.41 %');
      // a year compared with itself: warned too
      const same = await cli(['report', y2020, '--compare', y2020, '--out', join(dir, 's.html')]);
      expect(same.err).toMatch(/^警告 \d+ 条 \/ \d+ warning\(s\): .*COMPARE_YEAR_ORDER/);
      // without --compare, the account's own (17 in the example county), as gepkit account counts them
      const alone = await cli(['report', y2020, '--out', join(dir, 'a.html')]);
      expect(alone.err).toBe(
        warningsLine(account(JSON.parse(readFileSync(y2020, 'utf8'))).warnings, [
          '见报告的“质量控制”一节',
          'see the report’s Quality control',
        ]),
      );
      expect(alone.err).toMatch(/^警告 17 条 \/ 17 warning\(s\): /);
    },
  );

  it(
    'refuses a result of gepkit compare, given as --compare or as the account, by what it is',
    { timeout: 60_000 },
    async () => {
      const dir = mkdtempSync(join(tmpdir(), 'gepkit-report-'));
      const input = join(dir, 'input.json');
      const cmp = join(dir, 'cmp.json');
      writeFileSync(input, JSON.stringify(tinyInput()));
      const later = { ...tinyInput(), year: 2021 };
      writeFileSync(cmp, JSON.stringify(compare(tinyInput(), later)));
      const what = `${cmp} is a result of gepkit compare (a comparison of two accounts), not an account input or result`;
      // was: "before.region 缺少该字段", as if the comparison were an input
      for (const args of [
        ['report', input, '--compare', cmp],
        ['report', cmp],
      ]) {
        const r = await cli([...args, '--out', join(dir, 'r.html')]);
        expect(r.code).toBe(1);
        expect(r.err).toContain('error CLI_USAGE');
        expect(r.err).toContain(what);
        expect(r.err).toContain(`${cmp} 是 gepkit compare 的结果（两期核算的比较）`);
        expect(r.err).not.toContain('before.region');
        expect(existsSync(join(dir, 'r.html'))).toBe(false);
      }
    },
  );

  it('report --compare adds the year-on-year section at one base year', { timeout: 120_000 }, async () => {
    const dir = mkdtempSync(join(tmpdir(), 'gepkit-report-'));
    const before = new URL('../../examples/jiangxi-county/input.json', import.meta.url).pathname;
    const after = new URL('../../examples/jiangxi-county/input-2021.json', import.meta.url).pathname;
    const out = join(dir, 'r.html');
    const r = await cli(['report', after, '--compare', before, '--out', out, '--lang', 'en']);
    const html = readFileSync(out, 'utf8');
    const c = compare(JSON.parse(readFileSync(before, 'utf8')), JSON.parse(readFileSync(after, 'utf8')));
    // the comparison's warnings counted, as gepkit compare counts them
    expect(r.err).toBe(warningsLine(c.warnings, ['见报告的“变化”一节', 'see the report’s Change section']));
    expect(html).toContain('<section id="compare">');
    expect(html).toContain('Both years at comparable prices of 2020 (price index cn-cpi-1978@1.0.0)');
    // GEP growth at 2020 prices, and the change in 万元, as compare() gives them.
    expect(html).toContain(`<td class="r">${c.gep.growthPercent}\u00a0%</td>`);
    expect(html).toContain(`<td class="r">${grouped(c.gep.change)}</td>`);
    // the identity: the accounts' own totals, the rounding between them and the lines' sums, and the residual
    const i = c.identity;
    expect(html).toContain(
      `each rounded once: ${grouped(i.totals.v0)} → ${grouped(i.totals.v1)} yuan; before and after in the change tables add the lines, each rounded to the fen; rounding (total − Σ lines): ${grouped(i.rounding.v0)} and ${grouped(i.rounding.v1)} yuan. The totals' direct change ${grouped(i.direct)} yuan = the effects ${grouped(i.effects)} yuan + a residual of ${grouped(i.residual)} yuan`,
    );
    expect(html).not.toMatch(/(src|href)\s*=\s*["']?(https?:)?\/\//i);
    expect(reportHtml(account(JSON.parse(readFileSync(after, 'utf8'))))).not.toContain('id="compare"');
    const misplaced = await cli(['account', after, '--uncertainty', '10', '--compare', before]);
    expect(misplaced.err).toContain('--compare belongs to gepkit report');
  });
});
