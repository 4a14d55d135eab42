import * as z from 'zod/mini';
import { formatPath } from '../core/errors';
import { sheetCsvLine } from '../io/csv';
import { aRecord, anArray, checkArgument } from '../core/options';
import type { CompareResult } from './compare-schema';
import { priceIndicesText } from './price-indices-text';

/** A comparison as Markdown (a page a county can paste) and as one CSV table (every level, one row each). */

type Row = CompareResult['gep'];
const CATEGORY = {
  material: '物质产品 Material',
  regulating: '调节服务 Regulating',
  cultural: '文化服务 Cultural',
};

const growth = (r: Row) => (r.growthPercent === null ? '—' : `${r.growthPercent} %`);
const cells = (r: Row) =>
  [r.v0, r.v1, r.change, growth(r), r.quantityEffect, r.mixEffect, r.priceEffect, r.unsplit].join(' | ');
const HEAD =
  '| | V₀ (元) | V₁ (元) | ΔV (元) | growth | volume | mix | price | unsplit |\n|---|---:|---:|---:|---:|---:|---:|---:|---:|';
const named = (n: { zh: string; en: string } | null, code: string | null) =>
  n === null ? (code ?? '—') : `${code ?? ''} ${n.zh} ${n.en}`.trim();

/**
 * A township of a comparison by its code and name (`Z03 石门乡`), or its code alone: a renumbered township, whose
 * name is the same in both years, is two rows that only the codes tell apart.
 */
export function zoneNamed(zone: string, name: string | null): string {
  return name === null ? zone : `${zone} ${name}`;
}

function table(rows: { label: string; row: Row }[]): string {
  return [HEAD, ...rows.map((r) => `| ${r.label.replace(/\|/g, '\\|')} | ${cells(r.row)} |`)].join('\n');
}

/** The outline of a comparison that its renderings read: its parts and their kinds, not their contents. */
/** A side of the comparison: its `skipped` indicators are listed by every rendering. */
const sideOutline = z.looseObject({ skipped: anArray });
const comparisonOutline = z.looseObject({
  before: sideOutline,
  after: sideOutline,
  prices: aRecord,
  gep: aRecord,
  nominal: aRecord,
  byCategory: anArray,
  byIndicator: anArray,
  byEcosystem: anArray,
  byZone: anArray,
  identity: aRecord,
  warnings: anArray,
});

/**
 * Refuse what is not a result of compare() (null, a number, an account result): ARGUMENT_INVALID at `comparison`
 * and the part's path, a TypeError before. Constant time: the parts are read as the renderings read them.
 */
export function checkCompareResult(c: unknown): void {
  checkArgument(comparisonOutline, c, ['comparison']);
}

/** The indicators either account left out (`skipped`), each with its reason: one line, and a blank one after it. */
function skippedLines(c: CompareResult): string[] {
  const list = (s: CompareResult['before']) =>
    s.skipped.length === 0 ? 'none' : s.skipped.map((x) => `${x.code} (${x.reason})`).join(', ');
  const [a, b] = [list(c.before), list(c.after)];
  if (c.before.skipped.length + c.after.skipped.length === 0) return [];
  return [
    a === b
      ? `Not accounted in either year (两期均未核算): ${a}.`
      : `Not accounted (未核算): before (${c.before.year}) ${a}; after (${c.after.year}) ${b}.`,
    '',
  ];
}

/**
 * The comparison as Markdown: header, the price basis, GEP, categories, indicators, ecosystem types, zones.
 *
 * @example
 * const md = compareMarkdown(compare(input2020, input2021)); // "# GEP 2020 → 2021: year-on-year comparison …"
 */
export function compareMarkdown(c: CompareResult): string {
  checkCompareResult(c);
  const side = (s: CompareResult['before']) => `${s.region} ${s.year} (${s.profile}, from its ${s.from})`;
  const warn = c.warnings.map(
    (w) =>
      `- ${w.code}${w.path.length > 0 ? ` (${formatPath(w.path)})` : ''}: ${w.message.zh} / ${w.message.en}`,
  );
  return `${[
    `# GEP ${c.before.year} → ${c.after.year}: year-on-year comparison`,
    '',
    `Before: ${side(c.before)}  `,
    `After: ${side(c.after)}`,
    '',
    ...skippedLines(c),
    `Both years at comparable prices of ${c.prices.baseYear} (可比价, ${c.prices.baseYear} 年价格; index ` +
      `${priceIndicesText(c.prices.index, c.prices.deflators)}). ΔV = volume + mix + price + unsplit, exact to the fen; growth in %, two decimals.`,
    '',
    `Nominal GEP (current prices of ${c.nominal.priceYears[0]} and ${c.nominal.priceYears[1]}): ` +
      `${c.nominal.v0} → ${c.nominal.v1} 元 (` +
      `${c.nominal.growthPercent === null ? 'no growth rate from a GEP of 0' : `${c.nominal.growthPercent} %`}).`,
    '',
    `The accounts’ own GEP totals at comparable prices of ${c.prices.baseYear}, each rounded once: ` +
      `${c.identity.totals.v0} → ${c.identity.totals.v1} 元. V₀ and V₁ below add the lines, each rounded to the ` +
      `fen; rounding (total − V): ${c.identity.rounding.v0} and ${c.identity.rounding.v1} 元.`,
    '',
    '## GEP and categories',
    '',
    table([
      { label: 'GEP', row: c.gep },
      ...c.byCategory.map((r) => ({ label: CATEGORY[r.category], row: r })),
    ]),
    '',
    '## Indicators',
    '',
    table(c.byIndicator.map((r) => ({ label: named(r.name, r.indicator), row: r }))),
    '',
    '## Ecosystem types',
    '',
    table(
      c.byEcosystem.map((r) => ({ label: named(r.name, r.ecosystem ?? '(未归属 not attributed)'), row: r })),
    ),
    '',
    '## Zones',
    '',
    table(
      c.byZone.map((r) => ({ label: r.zone === null ? '(region-wide)' : zoneNamed(r.zone, r.name), row: r })),
    ),
    '',
    `Identity: effects ${c.identity.effects} 元, direct ${c.identity.direct} 元, residual ${c.identity.residual} ` +
      `元 (rounding, at most ${c.identity.bound}).`,
    ...(warn.length > 0 ? ['', '## Warnings', '', ...warn] : []),
  ].join('\n')}\n`;
}

/**
 * The comparison as one CSV table for a spreadsheet (UTF-8 with a byte-order mark, so that Excel and WPS read its
 * Chinese; a text that would run as a formula written after an apostrophe, sheetCsvLine). A row per level (gep,
 * category, indicator, ecosystem, zone) and key, then the identity's rows (account_total, rounding), nominal GEP
 * (nominal), the indicators an account left out (skipped) and the warnings (warning: the code as key, the path and
 * message as name). Every row carries the comparison's header in columns of its own, as `base_year`: the two years,
 * regions and profiles, so that a row read alone, filtered or sorted still says what it compares (a reversed-year or
 * cross-county comparison shows in them; the warnings say it too).
 *
 * @example
 * const csv = compareCsv(compare(input2020, input2021)); // "\uFEFFlevel,key,name,base_year,v0,v1,…\ngep,,GEP,2020,…"
 */
export function compareCsv(c: CompareResult): string {
  checkCompareResult(c);
  const head = [
    'level',
    'key',
    'name',
    'base_year',
    'v0',
    'v1',
    'change',
    'growth_percent',
    'volume',
    'mix',
    'price',
    'unsplit',
    'before_year',
    'after_year',
    'before_region',
    'after_region',
    'before_profile',
    'after_profile',
  ];
  const header = [
    c.before.year,
    c.after.year,
    c.before.region,
    c.after.region,
    c.before.profile,
    c.after.profile,
  ];
  // a row: level, key, name, base year, the figures (or none), the header
  const rowOf = (level: string, key: string | null, name: string, figures: readonly (string | null)[]) =>
    sheetCsvLine([
      level,
      key,
      name,
      c.prices.baseYear,
      ...figures,
      ...Array(8 - figures.length).fill(''),
      ...header,
    ]);
  const line = (level: string, key: string | null, name: string, r: Row) =>
    rowOf(level, key, name, [
      r.v0,
      r.v1,
      r.change,
      r.growthPercent,
      r.quantityEffect,
      r.mixEffect,
      r.priceEffect,
      r.unsplit,
    ]);
  const zh = (n: { zh: string } | null) => n?.zh ?? '';
  // the indicators left out, each once, with the reason in each year that left it out
  const skipped = new Map<string, string[]>();
  for (const [which, s] of [
    ['before', c.before],
    ['after', c.after],
  ] as const)
    for (const x of s.skipped)
      skipped.set(x.code, [...(skipped.get(x.code) ?? []), `${which} (${s.year}): ${x.reason}`]);
  return `\uFEFF${[
    sheetCsvLine(head),
    line('gep', null, 'GEP', c.gep),
    ...c.byCategory.map((r) => line('category', r.category, CATEGORY[r.category], r)),
    ...c.byIndicator.map((r) => line('indicator', r.indicator, zh(r.name), r)),
    ...c.byEcosystem.map((r) =>
      line('ecosystem', r.ecosystem, r.ecosystem === null ? '(未归属 not attributed)' : zh(r.name), r),
    ),
    ...c.byZone.map((r) => line('zone', r.zone, r.name ?? '', r)),
    // The accounts' own GEP totals (each rounded once) and what rounding leaves between them and the lines' sums:
    // total = gep row + rounding in each year, and the totals' direct change = Σ effects + the rounding row's change.
    rowOf('account_total', null, '核算 GEP 总值 Account total (rounded once)', [
      c.identity.totals.v0,
      c.identity.totals.v1,
      c.identity.direct,
    ]),
    rowOf('rounding', null, '舍入差 Rounding (account total − Σ lines)', [
      c.identity.rounding.v0,
      c.identity.rounding.v1,
      c.identity.residual,
    ]),
    rowOf(
      'nominal',
      null,
      `名义 GEP Nominal (当年价 current prices of ${c.nominal.priceYears[0]} and ${c.nominal.priceYears[1]})`,
      [c.nominal.v0, c.nominal.v1, c.nominal.change, c.nominal.growthPercent],
    ),
    ...[...skipped].map(([code, why]) => rowOf('skipped', code, why.join('; '), [])),
    ...c.warnings.map((w) =>
      rowOf(
        'warning',
        w.code,
        `${w.path.length > 0 ? `${formatPath(w.path)}: ` : ''}${w.message.zh} / ${w.message.en}`,
        [],
      ),
    ),
  ].join('')}`;
}
