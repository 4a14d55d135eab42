import * as z from 'zod/mini';
import { type Path, formatPath, issue } from '../core/errors';
import { aRecord, anArray, callback, checkArgument, checkOptions, optionsSchema } from '../core/options';
import type { AccountResult } from './result-schema';
import { detailTable, locatedOrigin } from './detail';
import { priceIndicesText } from './price-indices-text';
import { TABLE_IDS, type Table, allTables } from './tables';

/**
 * Human-facing renderings of a result: a Markdown report and a CSV summary table (UTF-8 with BOM so that
 * Excel shows the Chinese headers). Values are shown in 万元 with two decimals; the JSON result keeps 元.
 */

/**
 * The outline of an account result that the renderings read first (toMarkdown, toCsv, reportHtml, traceData,
 * toXlsx): its parts and their kinds, not their contents. A JavaScript caller's null, number or object of another
 * shape is refused by checkAccountResult before a TypeError is met deep inside.
 */
const resultOutline = z.looseObject({
  gepkit: aRecord,
  region: aRecord,
  year: z.number(),
  profile: aRecord,
  prices: aRecord,
  totals: z.looseObject({ gep: aRecord, material: aRecord, regulating: aRecord, cultural: aRecord }),
  indicators: anArray,
  skipped: anArray,
  byEcosystem: anArray,
  byZone: anArray,
  coefficients: anArray,
  quality: z.looseObject({ checks: anArray, grades: aRecord }),
  warnings: anArray,
});

/**
 * Refuse what is not an account result, as given to the function `fn`: REPORT_RESULT_INVALID at `result` and the
 * part's path (a TypeError before). Constant time: the parts' contents are read as the renderings read them.
 */
export function checkAccountResult(r: unknown, fn: string): void {
  checkArgument(resultOutline, r, ['result'], (path, detail) =>
    issue('REPORT_RESULT_INVALID', path, { file: `${fn}(result)`, detail }),
  );
}

/**
 * How the result's figures are rounded, as the Markdown report states it: the money places and mode of the result
 * (or exact), and the tables' rule (万元 from the result's 元, each part and total rounded separately, 舍入差).
 */
function roundingText(r: AccountResult): string {
  const money =
    r.rounding === 'exact'
      ? 'the result is exact (no rounding);'
      : `the result's 元 to ${r.rounding.money} decimals, ${r.rounding.mode};`;
  return `${money} the tables' 万元 are those 元 ÷ 10,000 to two decimals, half to even, each part and each total rounded separately, their difference shown as a 舍入差 Rounding row or column.`;
}

/** A Markdown report: summary table, ecosystem and zone tables, coefficient grades, checks and warnings. */
export function toMarkdown(r: AccountResult): string {
  checkAccountResult(r, 'toMarkdown');
  const out: string[] = [];
  out.push(`# GEP account — ${r.region.name} ${r.year}`, '');
  out.push(
    `Profile \`${r.profile.id}@${r.profile.version}\` (${r.profile.status}); prices: current ${r.prices.currentYear}, comparable ${r.prices.baseYear} (index \`${priceIndicesText(r.prices.index.ref, r.prices.deflators)}\`, ${r.prices.policy}).`,
    '',
    `Rounding 舍入: ${roundingText(r)}`,
    '',
  );
  const [county, township, ecosystem, seeaPhysical, seeaMonetary] = allTables(r) as [
    Table,
    Table,
    Table,
    Table,
    Table,
  ];
  out.push(markdownTable(county));
  if (r.byEcosystem.length > 0) {
    out.push('', '## By ecosystem type 按生态系统类型', '', markdownTable(ecosystem));
    out.push('', 'Only lines with an ecosystem type (area-driven indicators) are attributed to types.');
  }
  if (r.byZone.length > 0) out.push('', '## By zone 乡镇核算表', '', markdownTable(township));
  out.push('', `## ${seeaPhysical.title}`, '', markdownTable(seeaPhysical));
  out.push('', `## ${seeaMonetary.title}`, '', markdownTable(seeaMonetary));
  out.push(...coefficientSections(r));
  if (r.skipped.length > 0)
    out.push('', '## Skipped 未核算', '', ...r.skipped.map((s) => `- ${s.code}: ${s.reason}`));
  out.push(
    '',
    '## Quality control 质量控制',
    '',
    ...r.quality.checks.map((c) => `- ${c.status.toUpperCase()} ${c.detail}`),
  );
  const g = r.quality.grades;
  out.push(
    '',
    `Evidence grades of what the account read: ${Object.entries(g.counts)
      .map(([k, n]) => `${k} ${n}`)
      .join(', ')}; below ${g.threshold}: ${g.below.length}.`,
  );
  if (r.scenario)
    out.push('', `Scenario \`${r.scenario.id}@${r.scenario.version}\` (${r.scenario.hash}) applied.`);
  if (r.warnings.length > 0) {
    out.push(
      '',
      '## Warnings 警告',
      '',
      ...r.warnings.map(
        (w) =>
          `- \`${w.code}\` ${w.path.length ? `(${formatPath(w.path)}) ` : ''}${w.message.zh} / ${w.message.en}`,
      ),
    );
  }
  return `${out.join('\n')}\n`;
}

/** The coefficients read (with a note on placeholders) and the overridden records. */
/** A value an override replaced or set, with its unit and, for a price, its price year: "7.06 yuan/m3 @2010". */
const overriddenText = (v: { value: string; unit: string; priceYear: number | null }) =>
  `${v.value} ${v.unit}${v.priceYear === null ? '' : ` @${v.priceYear}`}`;

function coefficientSections(r: AccountResult): string[] {
  const out: string[] = [];
  out.push('', '## Coefficients used 所用系数', '');
  out.push(
    table(
      ['Key', 'Ecosystem', 'Value', 'Unit', 'Price year', 'Grade', 'Table', 'Source'],
      r.coefficients.map((c) => [
        c.key,
        c.ecosystem ?? '*',
        c.value,
        c.unit,
        c.priceYear?.toString() ?? '',
        c.grade,
        c.table,
        `${c.source.document}${c.source.clause ? `, ${c.source.clause}` : ''}`,
      ]),
    ),
  );
  const below = r.coefficients.filter((c) => c.grade === 'assumed');
  if (below.length > 0)
    out.push(
      '',
      `**${below.length} coefficient(s) are graded \`assumed\`** (placeholders): replace them before official use.`,
    );
  if (r.overrides.length > 0) {
    out.push('', '## Overrides 覆盖的系数', '');
    out.push(
      table(
        ['Table', 'Overlay', 'Key', 'Ecosystem', 'From', 'To', 'Grade (declared by the overlay)'],
        r.overrides.map((o) => [
          o.table,
          o.overlay,
          o.key,
          o.ecosystem ?? '*',
          o.from === null ? '(new)' : overriddenText(o.from),
          overriddenText(o.to),
          o.to.grade,
        ]),
      ),
    );
  }
  return out;
}

function markdownTable(t: Table): string {
  return table(t.headers, t.rows);
}

function table(headers: string[], rows: string[][]): string {
  const esc = (s: string) => s.replace(/\|/g, '\\|').replace(/\r?\n/g, '<br>');
  return [
    `| ${headers.map(esc).join(' | ')} |`,
    `|${headers.map((_, i) => (i === 0 ? '---' : '---:')).join('|')}|`,
    ...rows.map((r) => `| ${r.map(esc).join(' | ')} |`),
  ].join('\n');
}

/** The table ids a caller may name; another is OPTIONS_INVALID at `table` (a TypeError before). */
const tableId = z.enum(TABLE_IDS as [Table['id'], ...Table['id'][]]);

/**
 * What a table's caller may add: `locate`, the input workbook's cell of an input path (`WorkbookInput.locate`), so
 * that the calculation detail names a price read from the workbook by its cell, as the workbook's 计算明细 sheet does.
 */
export interface TableOptions {
  locate?: (path: Path) => string | undefined;
}
const tableOptions = optionsSchema<TableOptions>({ locate: callback });

/** One table of an account: a summary table or the calculation detail. */
function tableOf(r: AccountResult, id: Table['id'], opts: TableOptions): Table {
  checkOptions(tableId, id ?? null, ['table']); // null: a missing id is refused too
  checkOptions(tableOptions, opts, ['options']);
  return id === 'detail'
    ? detailTable(r, locatedOrigin(opts.locate))
    : (allTables(r).find((x) => x.id === id) as Table);
}

/** One table as Markdown: its title and the table (`gepkit account --format md --table ID`). */
export function tableMarkdown(r: AccountResult, id: Table['id'], opts: TableOptions = {}): string {
  checkAccountResult(r, 'tableMarkdown');
  const t = tableOf(r, id, opts);
  return `## ${t.title}\n\n${markdownTable(t)}\n`;
}

/** One table as CSV, UTF-8 with BOM, CRLF line ends (what Excel expects). Default: the county table. */
export function toCsv(r: AccountResult, id: Table['id'] = 'county', opts: TableOptions = {}): string {
  checkAccountResult(r, 'toCsv');
  const t = tableOf(r, id, opts);
  const cell = (s: string) => (/[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s);
  const lines = [t.headers, ...t.rows.map((row) => row.map((c) => c.replace(/^\s+└ /, '└ ')))];
  return `\uFEFF${lines.map((l) => l.map(cell).join(',')).join('\r\n')}\r\n`;
}
