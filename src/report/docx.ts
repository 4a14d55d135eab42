/**
 * The account as a Word document in the layout of a county GEP report: summary, one section per category (物质产品,
 * 调节服务, 文化服务) with its indicator table, the township table, the year-on-year change and the uncertainty
 * when given, method notes (method, coefficients with source and grade per indicator), quality control. Built
 * with the `docx` package, an optional dependency loaded when a document is first made (DEPENDENCY_MISSING without
 * it), so that this module (gepkit/report/docx) loads without it; the CLI loads this module only for `gepkit report
 * --format docx`, so the library's browser entry does not carry it.
 */
import type * as Docx from 'docx';
import { importOptional } from '../core/optional';
import type { CompareResult } from '../account/compare-schema';
import { type Issue, formatPath } from '../core/errors';
import { FIXED_TIME, fixZipTimes } from '../io/zip-times';
import { grouped, indicatorRows, physicalFigure, summaryRows, wan, zoneLabel, zoneRows } from './figures';
import type { ReportableResult } from './html';
import { checkReportOptions } from './options';
import { traceData } from './trace';
import {
  CATEGORY,
  CHECK_STATUS,
  checkDetailZh,
  gradeZh,
  identityText,
  physicalUnit,
  ROUNDING_NOTE,
  warningNotice,
  yearOrderNotice,
} from './words';

export interface DocxOptions {
  /** Language of the document. Default zh. */
  lang?: 'zh' | 'en';
  /** A year-on-year comparison (compare() from gepkit) for the change section. */
  compare?: CompareResult;
}

type Lang = 'zh' | 'en';
type Category = keyof typeof CATEGORY;

const p = (text: string, opts: { bold?: boolean; right?: boolean } = {}) =>
  new docx.Paragraph({
    ...(opts.right === true ? { alignment: docx.AlignmentType.RIGHT } : {}),
    children: [new docx.TextRun({ text, ...(opts.bold === true ? { bold: true } : {}) })],
  });
const heading = (text: string, level: 1 | 2 = 1) =>
  new docx.Paragraph({
    text,
    heading: level === 1 ? docx.HeadingLevel.HEADING_1 : docx.HeadingLevel.HEADING_2,
  });

/** A table: a header row, then rows; columns after the first are figures, right-aligned. */
function table(head: string[], rows: string[][]): Docx.Table {
  const row = (cells: string[], bold: boolean) =>
    new docx.TableRow({
      tableHeader: bold,
      children: cells.map((c, k) => new docx.TableCell({ children: [p(c, { bold, right: k > 0 })] })),
    });
  return new docx.Table({
    width: { size: 100, type: docx.WidthType.PERCENTAGE },
    rows: [row(head, true), ...rows.map((r) => row(r, false))],
  });
}

function summary(r: ReportableResult, L: (zh: string, en: string) => string, lang: Lang) {
  const notice = warningNotice(r.warnings);
  return [
    heading(L('核算结果', 'Summary')),
    p(
      L(
        `${r.region.name} ${r.year} 年生态系统生产总值（GEP）为 ${wan(r.totals.gep.current)} 万元（当年价），按 ${r.prices.baseYear} 年可比价为 ${wan(r.totals.gep.comparable)} 万元。`,
        `The Gross Ecosystem Product of ${r.region.name} in ${r.year} is ${wan(r.totals.gep.current)} × 10⁴ yuan at current prices, ${wan(r.totals.gep.comparable)} × 10⁴ yuan at comparable prices of ${r.prices.baseYear}.`,
      ),
    ),
    table(
      [
        L('类别', 'Category'),
        L('当年价（万元）', 'Current (10⁴ yuan)'),
        L('可比价（万元）', 'Comparable (10⁴ yuan)'),
      ],
      summaryRows(r).map(({ kind, key, cells }) => [
        kind === 'rounding'
          ? L('舍入差', 'Rounding')
          : key === 'gep'
            ? 'GEP'
            : CATEGORY[key as Category][lang === 'zh' ? 0 : 1],
        ...cells.slice(1).map(grouped),
      ]),
    ),
    p(ROUNDING_NOTE[lang]),
    ...(notice === undefined ? [] : [p(notice[lang].join(''), { bold: true })]),
  ];
}

/** One section per category: its indicators, physical quantity, value, share of GEP. */
function categories(r: ReportableResult, L: (zh: string, en: string) => string, lang: Lang) {
  return (['material', 'regulating', 'cultural'] as const).flatMap((c) => {
    const inds = r.indicators.filter((i) => i.category === c);
    if (inds.length === 0) return [];
    return [
      heading(CATEGORY[c][lang === 'zh' ? 0 : 1]),
      p(
        L(
          `${CATEGORY[c][0]}价值 ${wan(r.totals[c].current)} 万元（当年价）。`,
          `${CATEGORY[c][1]}: ${wan(r.totals[c].current)} × 10⁴ yuan at current prices.`,
        ),
      ),
      table(
        [
          L('指标', 'Indicator'),
          L('实物量', 'Physical quantity'),
          L('当年价（万元）', 'Current (10⁴ yuan)'),
          L('可比价（万元）', 'Comparable (10⁴ yuan)'),
          L('占 GEP', 'Of GEP'),
        ],
        indicatorRows(r, c).map(({ kind, key, cells }) => {
          const i = kind === 'part' ? r.indicators[Number(key)] : undefined;
          const [, current = '', comparable = '', share = ''] = cells;
          return [
            i !== undefined
              ? `${i.code} ${i.name[lang]}`
              : kind === 'rounding'
                ? L('舍入差', 'Rounding')
                : L(`${CATEGORY[c][0]}合计`, `Total ${CATEGORY[c][1].toLowerCase()}`),
            i === undefined
              ? ''
              : i.physical === null
                ? '—'
                : `${physicalFigure(i.physical.value).text} ${physicalUnit(i.physical, lang)}`,
            grouped(current),
            grouped(comparable),
            share === '—' ? '—' : `${share} %`,
          ];
        }),
      ),
    ];
  });
}

function townships(r: ReportableResult, L: (zh: string, en: string) => string, lang: Lang) {
  if (r.byZone.length === 0) return [];
  return [
    heading(L('乡镇核算结果', 'Townships')),
    table(
      [
        L('乡镇（分区）', 'Township (zone)'),
        L('面积（km²）', 'Area (km²)'),
        L('当年价（万元）', 'Current (10⁴ yuan)'),
        L('可比价（万元）', 'Comparable (10⁴ yuan)'),
        L('单位面积（当年价，万元/km²）', 'Per km² (current prices, 10⁴ yuan/km²)'),
      ],
      zoneRows(r).map(({ kind, key, cells }) => [
        kind === 'part'
          ? ((z) => (z === undefined ? '' : zoneLabel(z, lang)))(r.byZone[Number(key)])
          : kind === 'rounding'
            ? L('舍入差', 'Rounding')
            : L('合计', 'Total'),
        ...cells.slice(1, 2),
        ...cells.slice(2).map((x) => (x === '' ? '' : grouped(x))),
      ]),
    ),
  ];
}

function change(c: CompareResult | undefined, L: (zh: string, en: string) => string, lang: Lang) {
  if (c === undefined) return [];
  const g = (x: string | null) => (x === null ? '—' : `${grouped(x)} %`);
  // Each row as the HTML report's, in 元 to the fen as compare() gives them: before, after, change and its four
  // parts, so that after − before = change = volume + mix + price + unsplit can be read off the row exactly (a value
  // without a quantity, yearbook gross output, is all unsplit).
  const row = (label: string, x: CompareResult['gep']) => [
    label,
    grouped(x.v0),
    grouped(x.v1),
    grouped(x.change),
    g(x.growthPercent),
    grouped(x.quantityEffect),
    grouped(x.mixEffect),
    grouped(x.priceEffect),
    grouped(x.unsplit),
  ];
  return [
    heading(L(`${c.before.year}—${c.after.year} 年变化`, `Change ${c.before.year}–${c.after.year}`)),
    ...yearOrderNotice(c).map((w) => p(warningText(w, lang), { bold: true })),
    p(
      L(
        `两期均按 ${c.prices.baseYear} 年可比价计：GEP 增长 ${g(c.gep.growthPercent)}（当年价名义增长 ${g(c.nominal.growthPercent)}）。变化 = 数量 + 结构 + 价格 + 未分解，精确到分。`,
        `Both years at comparable prices of ${c.prices.baseYear}: GEP growth ${g(c.gep.growthPercent)} (nominal growth at current prices ${g(c.nominal.growthPercent)}). Change = volume + mix + price + unsplit, exact to the fen.`,
      ),
    ),
    table(
      [
        L('指标', 'Indicator'),
        L('上期（元）', 'Before (yuan)'),
        L('本期（元）', 'After (yuan)'),
        L('变化（元）', 'Change (yuan)'),
        L('增长率', 'Growth'),
        L('数量（元）', 'Volume (yuan)'),
        L('结构（元）', 'Mix (yuan)'),
        L('价格（元）', 'Price (yuan)'),
        L('未分解（元）', 'Unsplit (yuan)'),
      ],
      [...c.byIndicator.map((i) => row(`${i.indicator} ${i.name?.[lang] ?? ''}`, i)), row('GEP', c.gep)],
    ),
    p(L(...identityText(c, grouped))),
    ...(c.warnings.length === 0 ? [] : [heading(L('比较的警告', 'Warnings of the comparison'), 2)]),
    ...c.warnings.map((w) => p(warningText(w, lang))),
  ];
}

function uncertaintyPart(r: ReportableResult, L: (zh: string, en: string) => string) {
  const u = r.uncertainty;
  if (u === undefined) return [];
  const s = u.gep.current;
  return [
    heading(L('不确定性', 'Uncertainty')),
    p(
      L(
        `${u.draws} 次抽样（种子 ${u.seed}）：GEP（当年价）P5 ${wan(s.p5)}、P50 ${wan(s.p50)}、P95 ${wan(s.p95)} 万元。`,
        `${u.draws} draws (seed ${u.seed}): GEP at current prices p5 ${wan(s.p5)}, p50 ${wan(s.p50)}, p95 ${wan(s.p95)} × 10⁴ yuan.`,
      ),
    ),
  ];
}

/**
 * Method notes, from the data of the HTML report's trace (traceData): the price indices the values were moved by,
 * with their values, table and the years; then per indicator its method, each line's physical quantity and terms
 * and each valuation written out (quantity × price = value at the price year × index factor = value; the first 80
 * lines, as the trace), and every coefficient it read with value, unit, price year, table, source and evidence
 * grade. A reader can recompute every value from them.
 */
function methods(r: ReportableResult, L: (zh: string, en: string) => string, lang: Lang) {
  const trace = traceData(r);
  return [
    heading(L('核算方法说明', 'Method notes')),
    ...indexNotes(r, L),
    ...r.indicators.flatMap((i, k) => {
      const t = trace[`ind:${k}`];
      const more = t?.moreLines ?? 0;
      return [
        heading(`${i.code} ${i.name[lang]}`, 2),
        p(`${L('方法', 'Method')}: ${i.methodTitle[lang]} (${i.method})`),
        ...(t?.lines ?? []).flatMap((l) => {
          const terms = Object.entries(l.terms)
            .map(([name, v]) => `${name} = ${v[lang]}`)
            .join('; ');
          return [
            p(
              `${l.where}${l.physical === null ? '' : `: ${l.physical[lang]}`}${terms === '' ? '' : ` [${terms}]`}`,
            ),
            ...l.valuations.map((v) => p(`    ${v.label[lang]}: ${v.detail[lang]}`)),
          ];
        }),
        ...(more === 0
          ? []
          : [
              p(
                L(
                  `… 另有 ${more} 行未列出（全部见计算明细：gepkit account --format csv --table detail）`,
                  `… ${more} more line${more === 1 ? '' : 's'} not shown (all in the calculation detail: gepkit account --format csv --table detail)`,
                ),
              ),
            ]),
        ...(t?.coefficients ?? []).map((c) => {
          const [key, ecosystem, , table] = c.id.split('|');
          return p(
            `${key}${ecosystem === undefined || ecosystem === '*' ? '' : ` [${ecosystem}]`} = ${`${c.value} ${c.unit[lang]}`.trim()}` +
              `${c.priceYear === undefined ? '' : ` (${c.priceYear})`} — ${c.source}${table === undefined ? '' : ` (${table})`}; ${L('证据等级', 'grade')} ${c.grade[lang]}`,
          );
        }),
      ];
    }),
  ];
}

/**
 * The price indices the account moved values by: per index its values by year (as the account read them), source and
 * grade, and how a value at its price year becomes the current and the comparable one.
 */
function indexNotes(r: ReportableResult, L: (zh: string, en: string) => string) {
  const { currentYear: now, baseYear: base, policy } = r.prices;
  const indices = new Map<string, ReportableResult['prices']['indexValuesUsed']>();
  for (const v of r.prices.indexValuesUsed) indices.set(v.index, [...(indices.get(v.index) ?? []), v]);
  const current =
    policy === 'as-published'
      ? L(
          '当年价 = 价格年价值（按公布价，不折算）',
          'current value = value at the price year (as published, not moved)',
        )
      : L(
          `当年价 = 价格年价值 × I(${now}) / I(价格年)`,
          `current value = value at the price year × I(${now}) / I(price year)`,
        );
  return [
    p(
      L(
        `价格：${current}；可比价（${base} 年）= 价格年价值 × I(${base}) / I(价格年)。下列各行的计算式给出当年价及其指数因子（指数：I(${now})/I(价格年)）。`,
        `Prices: ${current}; comparable value (${base}) = value at the price year × I(${base}) / I(price year). Each line below writes out its current value with its index factor (index: I(${now})/I(price year)).`,
      ),
    ),
    ...[...indices].map(([index, values]) => {
      const first = values[0] as (typeof values)[number];
      const source = `${first.source.document}${first.source.clause === undefined ? '' : ` — ${first.source.clause}`}`;
      const list = [...values]
        .sort((a, b) => a.year - b.year)
        .map((v) => `I(${v.year}) = ${v.value}`)
        .join(L('、', ', '));
      return p(
        L(
          `价格指数 ${index}：${list}。来源：${source}；证据等级 ${gradeZh(first.grade)}。`,
          `Price index ${index}: ${list}. Source: ${source}; grade ${first.grade}.`,
        ),
      );
    }),
  ];
}

function quality(r: ReportableResult, L: (zh: string, en: string) => string, lang: Lang) {
  return [
    heading(L('质量控制', 'Quality control')),
    table(
      [L('检查', 'Check'), L('结果', 'Status'), L('说明', 'Detail')],
      r.quality.checks.map((c) => [
        c.id,
        L(CHECK_STATUS[c.status][0], CHECK_STATUS[c.status][1]),
        L(checkDetailZh(c), c.detail),
      ]),
    ),
    ...(r.warnings.length === 0
      ? [p(L('无警告。', 'No warnings.'))]
      : r.warnings.map((w) => p(warningText(w, lang)))),
  ];
}

/**
 * The Word document of an account (and of its comparison, when given), as the bytes of a .docx file. Options are
 * checked as reportHtml's are (OPTIONS_INVALID).
 */
export function reportDocx(r: ReportableResult, options: DocxOptions = {}): Promise<Uint8Array> {
  checkReportOptions(options);
  return importOptional(() => import('docx')).then((loaded) => {
    docx = loaded;
    return documentOf(r, options);
  });
}

/** The docx package, set by reportDocx before a document is built (the builders of this module use it). */
let docx: typeof Docx;

function documentOf(r: ReportableResult, options: DocxOptions): Promise<Uint8Array> {
  const lang = options.lang ?? 'zh';
  const L = (zh: string, en: string) => (lang === 'zh' ? zh : en);
  const doc = new docx.Document({
    sections: [
      {
        children: [
          new docx.Paragraph({
            heading: docx.HeadingLevel.TITLE,
            alignment: docx.AlignmentType.CENTER,
            text: L(
              `${r.region.name} ${r.year} 年生态系统生产总值（GEP）核算报告`,
              `${r.region.name}: Gross Ecosystem Product (GEP) account ${r.year}`,
            ),
          }),
          p(
            `${L('核算规范', 'Profile')}: ${r.profile.id}@${r.profile.version} · ${L('价格基年', 'Base year')}: ${r.prices.baseYear} · gepkit ${r.gepkit.version}`,
          ),
          ...summary(r, L, lang),
          ...categories(r, L, lang),
          ...townships(r, L, lang),
          ...change(options.compare, L, lang),
          ...uncertaintyPart(r, L),
          ...methods(r, L, lang),
          ...quality(r, L, lang),
        ],
      },
    ],
  });
  const props = coreProperties(`${r.region.name} ${r.year} GEP`, `gepkit ${r.gepkit.version}`);
  return docx.Packer.pack(doc, 'uint8array', false, [{ path: 'docProps/core.xml', data: props }]).then(
    fixZipTimes,
  );
}

const xmlText = (s: string): string => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/**
 * The document's core properties with the fixed document time instead of the time of writing (which the docx
 * package stamps as created and modified), so that the same account gives the same bytes on every run.
 */
function coreProperties(title: string, creator: string): string {
  const at = FIXED_TIME.toISOString();
  return (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>' +
    '<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" ' +
    'xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" ' +
    'xmlns:dcmitype="http://purl.org/dc/dcmitype/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">' +
    `<dc:title>${xmlText(title)}</dc:title><dc:creator>${xmlText(creator)}</dc:creator>` +
    `<cp:lastModifiedBy>${xmlText(creator)}</cp:lastModifiedBy><cp:revision>1</cp:revision>` +
    `<dcterms:created xsi:type="dcterms:W3CDTF">${at}</dcterms:created>` +
    `<dcterms:modified xsi:type="dcterms:W3CDTF">${at}</dcterms:modified></cp:coreProperties>`
  );
}

/** A warning as the Word report writes it: its code, where it is (a workbook's cell, an input path), its message. */
function warningText(w: Issue, lang: 'zh' | 'en'): string {
  return `${w.code}${w.path.length > 0 ? ` (${formatPath(w.path)})` : ''}: ${w.message[lang]}`;
}
