import { Decimal } from '../core/decimal';
import { formatPath } from '../core/errors';
import type { AccountResult } from './result-schema';

/**
 * Human-facing renderings of a result: a Markdown report and a CSV summary table (UTF-8 with BOM so that
 * Excel shows the Chinese headers). Values are shown in 万元 with two decimals; the JSON result keeps 元.
 */

const CATEGORY_NAMES = {
  material: '物质产品 Material',
  regulating: '调节服务 Regulating',
  cultural: '文化服务 Cultural',
} as const;

function wan(yuan: string): string {
  return new Decimal(yuan).div(10_000).toFixed(2);
}
function pct(share: string | null): string {
  return share === null ? '—' : new Decimal(share).times(100).toFixed(2);
}

interface Row {
  name: string;
  physical: string;
  unit: string;
  current: string;
  comparable: string;
  ofCategory: string;
  ofGep: string;
}

function summaryRows(r: AccountResult): Row[] {
  const rows: Row[] = [];
  for (const cat of ['material', 'regulating', 'cultural'] as const) {
    const inds = r.indicators.filter((i) => i.category === cat);
    const t = r.totals[cat];
    rows.push({
      name: CATEGORY_NAMES[cat],
      physical: '',
      unit: '',
      current: wan(t.current),
      comparable: wan(t.comparable),
      ofCategory: '',
      ofGep: pct(shareOf(t.current, r.totals.gep.current)),
    });
    for (const i of inds) {
      rows.push({
        name: `${i.code} ${i.name.zh} ${i.name.en}`,
        physical: i.physical?.value ?? '',
        unit: i.physical?.symbol ?? '',
        current: wan(i.value.current),
        comparable: wan(i.value.comparable),
        ofCategory: pct(i.shares.ofCategory),
        ofGep: pct(i.shares.ofGep),
      });
      for (const s of i.subItems) {
        rows.push({
          name: `  └ ${s.name === null ? '' : s.name.zh === s.name.en ? s.name.zh : `${s.name.zh} ${s.name.en}`}`,
          physical: s.physical?.value ?? '',
          unit: s.physical?.symbol ?? '',
          current: wan(s.value.current),
          comparable: wan(s.value.comparable),
          ofCategory: '',
          ofGep: '',
        });
      }
    }
  }
  rows.push({
    name: 'GEP 生态系统生产总值',
    physical: '',
    unit: '',
    current: wan(r.totals.gep.current),
    comparable: wan(r.totals.gep.comparable),
    ofCategory: '',
    ofGep: '100.00',
  });
  return rows;
}

function shareOf(part: string, whole: string): string | null {
  const w = new Decimal(whole);
  return w.isZero() ? null : new Decimal(part).div(w).toFixed();
}

const HEADERS = (r: AccountResult) => [
  '指标 Indicator',
  '功能量 Physical',
  '单位 Unit',
  `价值量 Value (万元, ${r.prices.currentYear} 当年价)`,
  `可比价值量 Value (万元, ${r.prices.baseYear} 可比价)`,
  '占类别比例 % of category',
  '占 GEP 比例 % of GEP',
];

/** A Markdown report: summary table, ecosystem and zone tables, coefficient grades, checks and warnings. */
export function toMarkdown(r: AccountResult): string {
  const out: string[] = [];
  out.push(`# GEP account — ${r.region.name} ${r.year}`, '');
  out.push(
    `Profile \`${r.profile.id}@${r.profile.version}\` (${r.profile.status}); prices: current ${r.prices.currentYear}, comparable ${r.prices.baseYear} (index \`${r.prices.index.ref}\`, ${r.prices.policy}).`,
    '',
  );
  out.push(
    table(
      HEADERS(r),
      summaryRows(r).map((x) => [x.name, x.physical, x.unit, x.current, x.comparable, x.ofCategory, x.ofGep]),
    ),
  );
  if (r.byEcosystem.length > 0) {
    out.push('', '## By ecosystem type 按生态系统类型', '');
    out.push(
      table(
        ['类型 Type', '面积 Area (km²)', '价值量 (万元)', '可比价值量 (万元)', '单位面积价值 (万元/km²)'],
        r.byEcosystem.map((e) => [
          `${e.name.zh} ${e.ecosystem}`,
          e.area?.value ?? '',
          wan(e.value.current),
          wan(e.value.comparable),
          e.valuePerKm2 ? wan(e.valuePerKm2.current) : '—',
        ]),
      ),
    );
    out.push('', 'Only indicators with lines by ecosystem type (area-driven ones) are attributed to types.');
  }
  if (r.byZone.length > 0) {
    out.push('', '## By zone 按分区', '');
    out.push(
      table(
        ['分区 Zone', '面积 Area (km²)', '价值量 (万元)', '可比价值量 (万元)', '单位面积价值 (万元/km²)'],
        r.byZone.map((z) => [
          `${z.name} ${z.zone ?? ''}`,
          z.area?.value ?? '—',
          wan(z.value.current),
          wan(z.value.comparable),
          z.valuePerKm2 ? wan(z.valuePerKm2.current) : '—',
        ]),
      ),
    );
  }
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
        ['Table', 'Overlay', 'Key', 'Ecosystem', 'From', 'To', 'Grade'],
        r.overrides.map((o) => [
          o.table,
          o.overlay,
          o.key,
          o.ecosystem ?? '*',
          o.from?.value ?? '(new)',
          o.to.value,
          o.to.grade,
        ]),
      ),
    );
  }
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

function table(headers: string[], rows: string[][]): string {
  const esc = (s: string) => s.replace(/\|/g, '\\|');
  return [
    `| ${headers.map(esc).join(' | ')} |`,
    `|${headers.map((_, i) => (i === 0 ? '---' : '---:')).join('|')}|`,
    ...rows.map((r) => `| ${r.map(esc).join(' | ')} |`),
  ].join('\n');
}

/** The summary table as CSV, UTF-8 with BOM, CRLF line ends (what Excel expects). */
export function toCsv(r: AccountResult): string {
  const cell = (s: string) => (/[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s);
  const lines = [
    HEADERS(r),
    ...summaryRows(r).map((x) => [
      x.name.trim(),
      x.physical,
      x.unit,
      x.current,
      x.comparable,
      x.ofCategory,
      x.ofGep,
    ]),
  ];
  return `\uFEFF${lines.map((l) => l.map(cell).join(',')).join('\r\n')}\r\n`;
}
