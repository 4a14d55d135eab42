/**
 * The account as one self-contained HTML file: summary, the year-on-year change (when a comparison is given),
 * composition charts, uncertainty bands and tornado (when the result carries them), township table, quality
 * control and warnings, and a trace explorer (click a number: its method, terms, valuations and coefficients with
 * source and grade). Chinese and English in one file (a button switches); a print stylesheet. No network, no
 * external file: styles, charts (inline SVG), data and script are all inside.
 */
import { checkAccountResult } from '../account/format';
import type { CompareResult } from '../account/compare-schema';
import { zoneNamed } from '../account/compare-format';
import { priceIndicesText } from '../account/price-indices-text';
import type { AccountResult } from '../account/result-schema';
import { Decimal } from '../core/decimal';
import { type Issue, formatPath } from '../core/errors';
import { type Bar, bandChart, barChart, esc, tornadoChart, zoneMap } from './svg';
import { REPORT_CSS, REPORT_SCRIPT } from './assets';
import {
  type FigureRow,
  grouped,
  indicatorRows,
  physicalFigure,
  summaryRows,
  wan,
  zoneLabel,
  zoneRows,
} from './figures';
import { type ReportOptions, checkReportOptions } from './options';
import { traceData } from './trace';
import {
  CATEGORY,
  CHECK_STATUS,
  checkDetailZh,
  gradeNameZh,
  gradeOrder,
  gradeZh,
  identityText,
  physicalUnit,
  ROUNDING_NOTE,
  warningNotice,
  yearOrderNotice,
} from './words';

interface Stats {
  mean: string;
  sd: string;
  p5: string;
  p50: string;
  p95: string;
}
type Pair = { current: Stats; comparable: Stats };

/**
 * What the report reads of a result's `uncertainty` (gepkit/uncertainty's UncertaintyResult has this shape; the
 * report, a sibling layer, does not import it).
 */
export interface ReportUncertainty {
  draws: number;
  seed: number;
  gep: Pair;
  categories: Record<'material' | 'regulating' | 'cultural', Pair>;
  indicators: ({ code: string } & Pair)[];
  parameters: readonly unknown[];
  defaults: { used: readonly string[] };
  plan: { check: { maxRelativeError: string } };
  sensitivity?: {
    tornado?: {
      range: string;
      bars: { key: string; ecosystem: string | null; low: { gep: string }; high: { gep: string } }[];
      /** With ± p %: parameters whose account fails at an end (no bar), with the refusal's message. */
      unmoved?: { parameter: string; detail: string }[];
    };
  };
}

export type ReportableResult = AccountResult & { uncertainty?: ReportUncertainty };

/** Both languages; CSS shows one. */
const t = (zh: string, en: string) => `<span lang="zh">${esc(zh)}</span><span lang="en">${esc(en)}</span>`;

/** 元 → 万元 with thousands separators, two places, half to even as the account's tables (locale-free). */
export { wan };

const num = (value: string, trace?: string) =>
  trace === undefined
    ? `<span class="val">${wan(value)}</span>`
    : `<button type="button" class="num" data-trace="${esc(trace)}">${wan(value)}</button>`;

const tc = (c: keyof typeof CATEGORY) => t(CATEGORY[c][0], CATEGORY[c][1]);

/** Chart twice, one per language (SVG text cannot switch language by itself). */
function chart(make: (lang: 'zh' | 'en') => string): string {
  return `<div lang="zh">${make('zh')}</div><div lang="en">${make('en')}</div>`;
}

const ROUNDING = t('舍入差', 'Rounding');
/** The figure cells of a row (from index 1), right-aligned; those of a part or total that traces, as buttons. */
const figures = (row: FigureRow, trace?: string) =>
  row.cells
    .slice(1)
    .map(
      (c) =>
        `<td class="r">${trace === undefined || row.kind === 'rounding' ? `<span class="val">${grouped(c)}</span>` : `<button type="button" class="num" data-trace="${esc(trace)}">${grouped(c)}</button>`}</td>`,
    )
    .join('');

function summary(r: ReportableResult): string {
  const rows = summaryRows(r).map((row) => {
    const c = row.key as keyof typeof CATEGORY | 'gep' | undefined;
    if (row.kind === 'rounding') return `<tr class="rounding"><td>${ROUNDING}</td>${figures(row)}</tr>`;
    if (c === 'gep' || c === undefined) return `<tr class="total"><td>GEP</td>${figures(row, 'gep')}</tr>`;
    return `<tr><td>${tc(c)}</td>${figures(row, `cat:${c}`)}</tr>`;
  });
  return `<section id="summary"><h2>${t('核算结果', 'Summary')}</h2>
<p class="gep">${t('生态系统生产总值 GEP', 'Gross Ecosystem Product')}: <strong>${num(r.totals.gep.current, 'gep')}</strong> ${t('万元（当年价）', '10⁴ yuan (current prices)')};
${num(r.totals.gep.comparable, 'gep')} ${t(`万元（${r.prices.baseYear} 年可比价）`, `10⁴ yuan (${r.prices.baseYear} comparable prices)`)}</p>
<table><thead><tr><th>${t('类别', 'Category')}</th><th class="r">${t('当年价（万元）', 'Current (10⁴ yuan)')}</th><th class="r">${t('可比价（万元）', 'Comparable (10⁴ yuan)')}</th></tr></thead>
<tbody>${rows.join('')}</tbody></table><p class="note">${t(ROUNDING_NOTE.zh, ROUNDING_NOTE.en)}</p>${warningLine(r.warnings)}</section>`;
}

/** A line under the summary when the account carries warnings (words.ts warningNotice), linking to their section. */
function warningLine(warnings: readonly Issue[]): string {
  const n = warningNotice(warnings);
  if (n === undefined) return '';
  return `<p class="notice">${t(n.zh[0], n.en[0])}<a href="#quality">${t(n.zh[1], n.en[1])}</a>${t(n.zh[2], n.en[2])}</p>`;
}

function composition(r: ReportableResult): string {
  const cat = (lang: 'zh' | 'en') =>
    barChart(
      (['material', 'regulating', 'cultural'] as const).map((c) => ({
        label: CATEGORY[c][lang === 'zh' ? 0 : 1],
        value: Number(r.totals[c].current),
        text: wan(r.totals[c].current),
        trace: `cat:${c}`,
      })),
    );
  const ind = (lang: 'zh' | 'en') =>
    barChart(
      r.indicators
        .map((i, k): Bar => ({
          label: `${i.code} ${i.name[lang]}`,
          value: Number(i.value.current),
          text: wan(i.value.current),
          trace: `ind:${k}`,
        }))
        .sort((a, b) => b.value - a.value),
    );
  // The lines attributed to no type (material products, tourism, reservoirs): a bar of their own after the types, as
  // the township chart ends with the region-wide lines, so that the chart accounts for all of GEP.
  const unattributed = unattributedValue(r);
  const eco = (lang: 'zh' | 'en') =>
    barChart([
      ...r.byEcosystem
        .map((e) => ({ label: e.name[lang], value: Number(e.value.current), text: wan(e.value.current) }))
        .sort((a, b) => b.value - a.value),
      ...(unattributed.isZero()
        ? []
        : [
            {
              label: lang === 'zh' ? '未归属' : 'Not attributed',
              value: unattributed.toNumber(),
              text: wan(unattributed.toFixed()),
            },
          ]),
    ]);
  const zone = (lang: 'zh' | 'en') =>
    barChart(
      r.byZone.map((z) => ({
        label: zoneLabel(z, lang),
        value: Number(z.value.current),
        text: wan(z.value.current),
      })),
    );
  return `<section id="composition"><h2>${t('构成', 'Composition')} <small>${t('（当年价，万元）', '(current prices, 10⁴ yuan)')}</small></h2>
<h3>${t('按类别', 'By category')}</h3>${chart(cat)}
<h3>${t('按指标', 'By indicator')}</h3>${chart(ind)}
<h3>${t('按生态系统类型', 'By ecosystem type')}</h3>${chart(eco)}
${r.byZone.length > 0 ? `<h3>${t('按乡镇（分区）', 'By township (zone)')}</h3>${chart(zone)}` : ''}</section>`;
}

/** A change in 元 as signed 万元: +1,234.56, −1,234.56, 0.00. */
const signedWan = (d: Decimal): string =>
  `${d.gt(0) && wan(d.toFixed()) !== '0.00' ? '+' : ''}${wan(d.toFixed())}`;

/** Σ of the lines attributed to no ecosystem type, at current prices (元, as the lines give them). */
function unattributedValue(r: ReportableResult): Decimal {
  return r.indicators
    .flatMap((i) => i.lines)
    .filter((l) => l.ecosystem === null)
    .reduce((s, l) => s.plus(l.value.current), new Decimal(0));
}

function indicatorTable(r: ReportableResult): string {
  const share = (s: string | undefined) =>
    s === undefined || s === '—' || s === '' ? '' : `${grouped(s)} %`;
  const rows = indicatorRows(r).map((row) => {
    const [, current = '', comparable = '', ofGep] = row.cells;
    if (row.kind !== 'part')
      return (
        `<tr class="${row.kind === 'total' ? 'total' : 'rounding'}"><td></td><td>${row.kind === 'total' ? 'GEP' : ROUNDING}</td><td></td><td></td>` +
        `<td class="r">${row.kind === 'total' ? num(r.totals.gep.current, 'gep') : grouped(current)}</td>` +
        `<td class="r">${row.kind === 'total' ? num(r.totals.gep.comparable, 'gep') : grouped(comparable)}</td><td class="r">${share(ofGep)}</td></tr>`
      );
    const k = Number(row.key);
    const i = r.indicators[k] as ReportableResult['indicators'][number];
    return (
      `<tr><td>${esc(i.code)}</td><td>${t(i.name.zh, i.name.en)}</td><td>${tc(i.category)}</td>` +
      `${i.physical === null ? '<td class="r"></td>' : physicalCell(i.physical)}` +
      `<td class="r">${num(i.value.current, `ind:${k}`)}</td><td class="r">${num(i.value.comparable, `ind:${k}`)}</td>` +
      `<td class="r">${share(ofGep)}</td></tr>`
    );
  });
  return `<section id="indicators"><h2>${t('指标', 'Indicators')}</h2><p class="hint">${t('点击数字查看其来源：方法与开关、各行的各项与计算式（数量 × 价格 × 指数因子）、系数及其出处与证据等级。', 'Click a number to see where it comes from: method and switches, each line’s terms and calculation (quantity × price × index factor), coefficients with source and grade.')}</p>
<table><thead><tr><th>${t('代码', 'Code')}</th><th>${t('指标', 'Indicator')}</th><th>${t('类别', 'Category')}</th><th class="r">${t('实物量', 'Physical')}</th><th class="r">${t('当年价（万元）', 'Current (10⁴ yuan)')}</th><th class="r">${t('可比价（万元）', 'Comparable (10⁴ yuan)')}</th><th class="r">${t('占 GEP', 'Of GEP')}</th></tr></thead>
<tbody>${rows.join('')}</tbody></table></section>`;
}

/**
 * A physical quantity's cell: read as physicalFigure gives it, its unit in each language (万t, 10⁴ t), the exact figure
 * as its title when rounded.
 */
function physicalCell(p: { value: string; unit: string; symbol: string }): string {
  const f = physicalFigure(p.value);
  const title = f.exact ? '' : ` title="${esc(p.value)}"`;
  const [zh, en] = [physicalUnit(p, 'zh'), physicalUnit(p, 'en')];
  return `<td class="r"${title}>${esc(f.text)} ${zh === en ? esc(zh) : t(zh, en)}</td>`;
}

function zones(r: ReportableResult): string {
  if (r.byZone.length === 0) return '';
  const rows = zoneRows(r).map((row) => {
    const [, area = '', ...money] = row.cells;
    const name =
      row.kind === 'part'
        ? ((z) =>
            z === undefined ? '' : z.zone === null ? t(zoneLabel(z, 'zh'), zoneLabel(z, 'en')) : esc(z.name))(
            r.byZone[Number(row.key)],
          )
        : row.kind === 'total'
          ? t('合计', 'Total')
          : ROUNDING;
    const cls = row.kind === 'part' ? '' : ` class="${row.kind}"`;
    return `<tr${cls}><td>${name}</td><td class="r">${area === '—' ? '' : esc(area)}</td>${money.map((c) => `<td class="r">${c === '—' ? '' : `<span class="val">${grouped(c)}</span>`}</td>`).join('')}</tr>`;
  });
  return `<section id="zones"><h2>${t('乡镇（分区）', 'Townships (zones)')}</h2><table><thead><tr><th>${t('名称', 'Name')}</th><th class="r">${t('面积 km²', 'Area km²')}</th><th class="r">${t('当年价（万元）', 'Current (10⁴ yuan)')}</th><th class="r">${t('可比价（万元）', 'Comparable (10⁴ yuan)')}</th><th class="r">${t('单位面积（当年价，万元/km²）', 'Per km² (current prices, 10⁴ yuan/km²)')}</th></tr></thead><tbody>${rows.join('')}</tbody></table></section>`;
}

/** The zone map, when zones carry outlines: each shaded by its value per km² (current prices). */
function mapSection(r: ReportableResult): string {
  const drawn = r.byZone.filter((z) => z.geometry !== undefined);
  if (drawn.length === 0) return '';
  const map = zoneMap(
    drawn.map((z) => ({
      label: z.name,
      value: z.valuePerKm2 === null ? null : Number(z.valuePerKm2.current),
      text: z.valuePerKm2 === null ? '—' : wan(z.valuePerKm2.current),
      geometry: z.geometry as NonNullable<typeof z.geometry>,
    })),
  );
  return `<section id="zone-map"><h2>${t('乡镇分布图', 'Zone map')} <small>${t('（单位面积 GEP，当年价，万元/km²）', '(GEP per km², current prices, 10⁴ yuan)')}</small></h2>${map}</section>`;
}

function uncertaintySection(r: ReportableResult): string {
  const u = r.uncertainty;
  if (u === undefined) return '';
  const band = (label: string, s: Stats, point: string) => ({
    label,
    p5: Number(s.p5),
    p50: Number(s.p50),
    p95: Number(s.p95),
    point: Number(point),
  });
  const bands = (lang: 'zh' | 'en') =>
    bandChart([
      band('GEP', u.gep.current, r.totals.gep.current),
      ...(['material', 'regulating', 'cultural'] as const).map((c) =>
        band(CATEGORY[c][lang === 'zh' ? 0 : 1], u.categories[c].current, r.totals[c].current),
      ),
      ...u.indicators.map((i, k) =>
        band(
          `${i.code} ${r.indicators[k]?.name[lang] ?? ''}`,
          i.current,
          r.indicators[k]?.value.current ?? '0',
        ),
      ),
    ]);
  const coefficientsDrawn = u.parameters.filter(
    (p) => (p as { kind?: unknown }).kind === 'coefficient',
  ).length;
  const stat = (label: string, s: Stats) =>
    `<tr><td>${label}</td>${[s.mean, s.sd, s.p5, s.p50, s.p95].map((v) => `<td class="r">${wan(v)}</td>`).join('')}</tr>`;
  const bars = u.sensitivity?.tornado?.bars.slice(0, 15) ?? [];
  const unmoved = u.sensitivity?.tornado?.unmoved ?? [];
  // parameters the tornado could not move to an end: named, so that a missing bar is never read as no effect
  const notMoved =
    unmoved.length === 0
      ? ''
      : `<p class="hint">${t(`以下 ${unmoved.length} 个参数在区间端点处核算不成立，未画出：`, `Not drawn, ${unmoved.length} parameter(s) whose account fails at an end of the range:`)}</p><ul class="hint">${unmoved.map((m) => `<li><code>${esc(m.parameter)}</code>: ${esc(m.detail)}</li>`).join('')}</ul>`;
  const tornado =
    bars.length === 0
      ? notMoved
      : `<h3>${t('敏感性（龙卷风图）', 'Sensitivity (tornado)')} <small>${esc(u.sensitivity?.tornado?.range ?? '')}</small></h3>` +
        `<p class="hint">${t('每个系数单独取低端（蓝）与高端（绿），其他取点值；按对 GEP（当年价）的影响排序。条端数字为 GEP 的变化（万元），轴上为点估计 GEP。', 'Each coefficient alone at its low end (blue) and high end (green), the others at their values; ranked by the swing of GEP at current prices. The figure at each bar’s end is the change of GEP (10⁴ yuan); the axis marks the point GEP.')}</p>` +
        chart((lang) =>
          tornadoChart(
            bars.map((b) => ({
              label: `${b.key}${b.ecosystem === null ? '' : ` [${b.ecosystem}]`}`,
              low: Number(b.low.gep),
              high: Number(b.high.gep),
              lowText: signedWan(new Decimal(b.low.gep).minus(r.totals.gep.current)),
              highText: signedWan(new Decimal(b.high.gep).minus(r.totals.gep.current)),
            })),
            Number(r.totals.gep.current),
            640,
            `GEP ${wan(r.totals.gep.current)} ${lang === 'zh' ? '万元' : '× 10⁴ yuan'}`,
          ),
        ) +
        notMoved;
  return `<section id="uncertainty"><h2>${t('不确定性', 'Uncertainty')}</h2>
<p>${t(`${u.draws} 次抽样（种子 ${u.seed}）；条带为 5%–95% 区间，以精确核算值为 0%（红线），深色竖线为中位数。`, `${u.draws} draws (seed ${u.seed}); bands span p5–p95 relative to the exact account (0 %, red line); the dark tick is the median.`)}</p>
${chart(bands)}
<table><caption>${t('万元，当年价', '10⁴ yuan, current prices')}</caption><thead><tr><th></th><th class="r">${t('均值', 'Mean')}</th><th class="r">${t('标准差', 'SD')}</th><th class="r">P5</th><th class="r">P50</th><th class="r">P95</th></tr></thead><tbody>
${stat('GEP', u.gep.current)}${(['material', 'regulating', 'cultural'] as const).map((c) => stat(tc(c), u.categories[c].current)).join('')}</tbody></table>
<p class="hint">${t(`${u.defaults.used.length} / ${u.parameters.length} 个抽样参数（其中系数 ${coefficientsDrawn} 个）采用按证据等级的默认分布（三角分布，半宽：${HALF_WIDTHS.map(([g, w]) => `${gradeNameZh(g)} ${w}%`).join('、')}）。抽样计划与精确核算的最大相对误差：${u.plan.check.maxRelativeError}。`, `${u.defaults.used.length} of ${u.parameters.length} parameters drawn (${coefficientsDrawn} of them coefficients) use the default distribution of their evidence grade (triangular, half-width ${HALF_WIDTHS.map(([g, w]) => `${g} ${w} %`).join(', ')}). Largest relative error of the draw plan against exact accounts: ${u.plan.check.maxRelativeError}.`)}</p>
${tornado}</section>`;
}

/** The half-widths of the default distributions by grade (gepkit/uncertainty's defaults), in %. */
const HALF_WIDTHS = [
  ['verified', 5],
  ['published', 10],
  ['derived', 20],
  ['secondary', 30],
  ['assumed', 50],
] as const;

type ChangeRow = CompareResult['gep'];
const CHANGE_HEAD = `<tr><th></th><th class="r">${t('上期（元）', 'Before (yuan)')}</th><th class="r">${t('本期（元）', 'After (yuan)')}</th><th class="r">${t('变化（元）', 'Change (yuan)')}</th><th class="r">${t('增长率', 'Growth')}</th><th class="r">${t('数量（元）', 'Volume (yuan)')}</th><th class="r">${t('结构（元）', 'Mix (yuan)')}</th><th class="r">${t('价格（元）', 'Price (yuan)')}</th><th class="r">${t('未分解（元）', 'Unsplit (yuan)')}</th></tr>`;

/**
 * A row of the change tables, in 元 to the fen as compare() gives them (and gepkit compare prints them): there
 * V₁ − V₀ = ΔV = volume + mix + price + unsplit holds exactly, which figures rounded to 万元 one by one would not
 * show (the example county's GEP: 36,609.67 = 7,084,799.27 − 7,048,189.60 against ΔV 36,609.68 and effects
 * 36,609.69 万元).
 */
function changeRow(label: string, c: ChangeRow, cls = ''): string {
  const cells = [c.v0, c.v1, c.change].map((v) => `<td class="r">${grouped(v)}</td>`);
  // a no-break space keeps the figure and its % on one line where a printed table wraps its cells
  const g = `<td class="r">${c.growthPercent === null ? '—' : `${esc(grouped(c.growthPercent))}\u00a0%`}</td>`;
  const e = [c.quantityEffect, c.mixEffect, c.priceEffect, c.unsplit].map(
    (v) => `<td class="r">${grouped(v)}</td>`,
  );
  return `<tr${cls === '' ? '' : ` class="${cls}"`}><td>${label}</td>${cells.join('')}${g}${e.join('')}</tr>`;
}

/** Year-on-year: growth at comparable prices of one base year, decomposed into volume, mix and price. */
function comparison(c: CompareResult): string {
  const y = c.prices.baseYear;
  const bars = (lang: 'zh' | 'en') =>
    barChart(
      c.byIndicator.map((i) => ({
        label: `${i.indicator} ${i.name?.[lang] ?? ''}`,
        value: Number(i.change),
        text: wan(i.change),
      })),
    );
  const named = (n: { zh: string; en: string } | null, key: string | null) =>
    n === null ? esc(key ?? '—') : t(n.zh, n.en);
  const region = t('未分区（全域）', 'Not zoned (whole region)');
  return `<section id="compare"><h2>${t(`${c.before.year}—${c.after.year} 年变化`, `Change ${c.before.year}–${c.after.year}`)}</h2>
${yearOrderNotice(c)
  .map((w) => `<p class="notice"><code>${esc(w.code)}</code> ${t(w.message.zh, w.message.en)}</p>`)
  .join(
    '',
  )}<p>${t(`两期均按 ${y} 年可比价计（价格指数 ${priceIndicesText(c.prices.index, c.prices.deflators)}）；变化 = 数量 + 结构 + 价格 + 未分解，精确到分。当年价名义增长：${c.nominal.growthPercent === null ? '—' : grouped(c.nominal.growthPercent)} %。`, `Both years at comparable prices of ${y} (price index ${priceIndicesText(c.prices.index, c.prices.deflators)}); change = volume + mix + price + unsplit, exact to the fen. Nominal growth at current prices: ${c.nominal.growthPercent === null ? '—' : grouped(c.nominal.growthPercent)} %.`)}</p>
<table><thead>${CHANGE_HEAD}</thead><tbody>${changeRow('GEP', c.gep, 'total')}${c.byCategory.map((r) => changeRow(tc(r.category), r)).join('')}</tbody></table>
<p class="identity">${t(...identityText(c, grouped))}</p>
<h3>${t('按指标（变化，万元）', 'By indicator (change, 10⁴ yuan)')}</h3>${chart(bars)}
<table><thead>${CHANGE_HEAD}</thead><tbody>${c.byIndicator.map((r) => changeRow(`${esc(r.indicator)} ${named(r.name, null)}`, r)).join('')}</tbody></table>
<h3>${t('按生态系统类型', 'By ecosystem type')}</h3>
<table><thead>${CHANGE_HEAD}</thead><tbody>${c.byEcosystem.map((r) => changeRow(r.ecosystem === null ? t('未归属', 'Not attributed') : named(r.name, r.ecosystem), r)).join('')}</tbody></table>
<h3>${t('按乡镇（分区）', 'By township (zone)')}</h3>
<table><thead>${CHANGE_HEAD}</thead><tbody>${c.byZone.map((r) => changeRow(r.zone === null ? region : esc(zoneNamed(r.zone, r.name)), r)).join('')}</tbody></table>
${c.warnings.length === 0 ? '' : `<h3>${t('比较的警告', 'Warnings of the comparison')}</h3><ul>${c.warnings.map(warningItem).join('')}</ul>`}</section>`;
}

function quality(r: ReportableResult): string {
  const checks = r.quality.checks.map((c) => {
    const [zh, en] = CHECK_STATUS[c.status];
    return `<tr class="${esc(c.status)}"><td>${t(zh, en)}</td><td>${esc(c.id)}</td><td>${t(checkDetailZh(c), c.detail)}</td></tr>`;
  });
  // The review counts the coefficients the account read and the price-index values it moved prices by: each apart,
  // then their sum (the review's count), so that the coefficients' column agrees with the uncertainty section's. The
  // review counts one thing more, the custom indicators' inputs without source and grade (as assumed, ADR 0065): the
  // rest of its count, in a column of its own when there are any.
  const of = (xs: readonly { grade: string }[], g: string) => xs.filter((x) => x.grade === g).length;
  const counted = gradeOrder(Object.entries(r.quality.grades.counts)).map(([g, n]) => {
    const coefficients = of(r.coefficients, g);
    const indexValues = of(r.prices.indexValuesUsed, g);
    return { g, n, coefficients, indexValues, ungraded: n - coefficients - indexValues };
  });
  const ungraded = counted.reduce((a, c) => a + c.ungraded, 0);
  const ungradedCell = (n: number) => (ungraded === 0 ? '' : `<td class="r">${n}</td>`);
  const grades = counted.map(
    (c) =>
      `<tr><td>${t(gradeZh(c.g), c.g)}</td><td class="r">${c.coefficients}</td><td class="r">${c.indexValues}</td>${ungradedCell(c.ungraded)}<td class="r">${c.n}</td></tr>`,
  );
  const gradeHead = `<tr><th>${t('证据等级', 'Grade')}</th><th class="r">${t('系数', 'Coefficients')}</th><th class="r">${t('价格指数值', 'Price-index values')}</th>${ungraded === 0 ? '' : `<th class="r">${t('未注明来源与等级的自定义输入', 'Custom inputs without source and grade')}</th>`}<th class="r">${t('合计', 'Total')}</th></tr>`;
  const gradeTotal = `<tr class="total"><td>${t('合计', 'Total')}</td><td class="r">${r.coefficients.length}</td><td class="r">${r.prices.indexValuesUsed.length}</td>${ungradedCell(ungraded)}<td class="r">${Object.values(r.quality.grades.counts).reduce((a, n) => a + n, 0)}</td></tr>`;
  const warnings = r.warnings.map(warningItem);
  return `<section id="quality"><h2>${t('质量控制', 'Quality control')}</h2>
<h3>${t('证据等级（系数与价格指数值计数）', 'Evidence grades (coefficients and price-index values counted)')}</h3><table class="narrow"><thead>${gradeHead}</thead><tbody>${grades.join('')}${gradeTotal}</tbody></table>
<h3>${t('检查', 'Checks')}</h3><table>${checks.join('')}</table>
<h3>${t('警告', 'Warnings')}</h3>${warnings.length === 0 ? `<p>${t('无', 'None')}</p>` : `<ul>${warnings.join('')}</ul>`}</section>`;
}

/**
 * The report as one HTML string. Same result, same bytes. Options it cannot read (a `lang` other than zh or en, a
 * misspelt key, a `compare` that is not a result of compare()) are OPTIONS_INVALID.
 */
export function reportHtml(r: ReportableResult, options: ReportOptions = {}): string {
  checkAccountResult(r, 'reportHtml');
  checkReportOptions(options);
  const lang = options.lang ?? 'zh';
  const data = JSON.stringify(traceData(r)).replace(/</g, '\\u003c');
  return `<!doctype html>
<html lang="${lang}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="gepkit ${esc(r.gepkit.version)}">
<title>${esc(r.region.name)} ${r.year} GEP</title><style>${REPORT_CSS}</style></head>
<body class="${lang}">
<header><div class="toolbar"><button type="button" id="lang-zh">中文</button><button type="button" id="lang-en">English</button><button type="button" onclick="window.print()">${t('打印', 'Print')}</button></div>
<h1>${esc(r.region.name)} ${r.year} ${t('年生态系统生产总值（GEP）核算报告', 'Gross Ecosystem Product (GEP) account')}</h1>
<p class="meta">${t('核算规范', 'Profile')}: ${esc(r.profile.id)}@${esc(r.profile.version)} · ${t('价格基年', 'Base year')}: ${r.prices.baseYear} · gepkit ${esc(r.gepkit.version)}</p></header>
<main>${summary(r)}${options.compare === undefined ? '' : comparison(options.compare)}${composition(r)}${uncertaintySection(r)}${indicatorTable(r)}${mapSection(r)}${zones(r)}${quality(r)}</main>
<aside id="trace" class="trace-panel" hidden><button type="button" id="trace-close" title="${lang === 'zh' ? '关闭' : 'Close'}" aria-label="${lang === 'zh' ? '关闭' : 'Close'}">×</button><div id="trace-body"></div></aside>
<script type="application/json" id="trace-data">${data}</script>
<script>${REPORT_SCRIPT}</script>
</body></html>
`;
}

/** A warning as the report lists it: its code, where it is (a workbook's cell, an input path), its message. */
function warningItem(w: Issue): string {
  const at = w.path.length > 0 ? ` <span class="at">${esc(formatPath(w.path))}</span>` : '';
  return `<li><code>${esc(w.code)}</code>${at} ${t(w.message.zh, w.message.en)}</li>`;
}
