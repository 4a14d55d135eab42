import { Decimal, dec } from '../core/decimal';
import { type UnitId, convertValue } from '../core/units';
import type { AccountResult } from './result-schema';

/**
 * The summary tables of an account (核算成果汇总), as plain tables of strings that the Markdown, CSV and
 * .xlsx writers all render: the county table in the Jiangxi layout, the township table, the table by
 * ecosystem type, and the SEEA EA ecosystem-service supply tables (physical and monetary).
 * Money is shown in 万元 with two decimals; physical quantities in the indicator's unit.
 *
 * Every table adds up, exactly, in its units: each total is the account's own figure rounded once for display, and
 * what rounding the parts and the total separately left between them is shown, not hidden: a row "舍入差 Rounding"
 * under a group of rows, a column "舍入差 Rounding" before a row total, present when some difference is not zero.
 * Rows and columns (rounding entries included) then sum to their totals. Physical quantities of unlike kinds
 * (COD and NH₃-N, a total with different sub-item units) are never added: their totals are blank.
 */
export interface Table {
  id: 'county' | 'township' | 'ecosystem' | 'seea-physical' | 'seea-monetary' | 'detail';
  title: string;
  headers: string[];
  rows: string[][];
}
/** Every table an account is rendered as: the summary tables (allTables) and the calculation detail (detail.ts). */
export const TABLE_IDS: Table['id'][] = [
  'county',
  'township',
  'ecosystem',
  'seea-physical',
  'seea-monetary',
  'detail',
];

const CATEGORY = {
  material: '物质产品 Material',
  regulating: '调节服务 Regulating',
  cultural: '文化服务 Cultural',
} as const;
/** 元 → 万元, two decimals, half to even (the decimal clone's rounding): "123456789.5" → "12345.68". */
export const wan = (yuan: string) => new Decimal(yuan).div(10_000).toFixed(2);
const ROUNDING = '舍入差 Rounding';
const isNumber = (s: string | undefined): s is string => s !== undefined && /^-?\d+(\.\d+)?$/.test(s);

/** total − Σ parts, exact, to the largest number of decimals among them; '' when the total is not a number. */
function remainder(total: string | undefined, parts: readonly (string | undefined)[]): string {
  if (!isNumber(total)) return '';
  const nums = parts.filter(isNumber);
  const dp = Math.max(...[total, ...nums].map((x) => (x.split('.')[1] ?? '').length));
  return nums.reduce((d, x) => d.minus(x), new Decimal(total)).toFixed(dp);
}
const nonZero = (s: string | undefined) => isNumber(s) && !new Decimal(s).isZero();

/**
 * The row of what rounding left between the rows `parts` and their `total` row in the columns `cols`, labelled
 * `label`; undefined when every difference is zero.
 */
export function roundingRow(
  label: string,
  parts: readonly string[][],
  total: readonly string[],
  cols: readonly number[],
): string[] | undefined {
  const row = total.map(() => '');
  row[0] = label;
  for (const c of cols)
    row[c] = remainder(
      total[c],
      parts.map((p) => p[c]),
    );
  return cols.some((c) => nonZero(row[c])) ? row : undefined;
}

/**
 * A grid whose rows add up along the columns `parts` to the column `total`, and whose last row holds the totals of
 * the columns `summed`: inserts a rounding column before `total` when some row needs one, then a rounding row
 * before the last row when some column needs one. Headers and rows are changed in place.
 */
function reconcile(
  t: { headers: string[]; rows: string[][] },
  parts: readonly number[],
  total: number,
  summed: readonly number[],
): void {
  const sums = t.rows.map((r) =>
    remainder(
      r[total],
      parts.map((c) => r[c]),
    ),
  );
  const inserted = sums.some(nonZero);
  if (inserted) {
    const money = t.headers[total]?.includes('万元') === true;
    t.headers.splice(total, 0, `${ROUNDING}${money ? ' (万元)' : ''}`);
    t.rows.forEach((r, i) => r.splice(total, 0, sums[i] as string));
  }
  const cols = [...summed.map((c) => (inserted && c >= total ? c + 1 : c)), ...(inserted ? [total] : [])];
  const row = roundingRow(ROUNDING, t.rows.slice(0, -1), t.rows[t.rows.length - 1] as string[], cols);
  if (row !== undefined) t.rows.splice(t.rows.length - 1, 0, row);
}

/** Σ of the lines' current values (元, exact) of an indicator, those with the ecosystem type `key`. */
const linesValue = (i: AccountResult['indicators'][number], key: string | null): Decimal =>
  i.lines.filter((l) => l.ecosystem === key).reduce((a, l) => a.plus(l.value.current), new Decimal(0));
const sumOf = (xs: readonly string[]) => xs.reduce((a, x) => a.plus(x), new Decimal(0));
/** A share (a fraction) in %, two decimals, half to even; "—" for none. */
export const pct = (share: string | null) =>
  share === null ? '—' : new Decimal(share).times(100).toFixed(2);
const shareOf = (part: string, whole: string) =>
  new Decimal(whole).isZero() ? null : new Decimal(part).div(whole).toFixed();
const label = (n: { zh: string; en: string } | null) =>
  n === null ? '' : n.zh === n.en ? n.zh : `${n.zh} ${n.en}`;

/**
 * 核算成果汇总表: rows in indicator order with sub-items; physical, current and comparable value, shares. The
 * indicators of a category add up to it, the categories to GEP and the sub-items of an indicator to it (a physical
 * total only where the sub-items share its unit), each with its rounding row when rounding left a difference.
 */
export function countyTable(r: AccountResult): Table {
  const rows: string[][] = [];
  const categories: string[][] = [];
  for (const cat of ['material', 'regulating', 'cultural'] as const) {
    const t = r.totals[cat];
    const catRow = [
      CATEGORY[cat],
      '',
      '',
      wan(t.current),
      wan(t.comparable),
      // A category is 100 % of itself, unless it is worth nothing (0 / 0, as its indicators' shares are).
      pct(shareOf(t.current, t.current)),
      pct(shareOf(t.current, r.totals.gep.current)),
    ];
    rows.push(catRow);
    categories.push(catRow);
    const inds: string[][] = [];
    for (const i of r.indicators.filter((x) => x.category === cat)) {
      const indRow = [
        `${i.code} ${label(i.name)}`,
        i.physical?.value ?? '',
        i.physical?.symbol ?? '',
        wan(i.value.current),
        wan(i.value.comparable),
        pct(i.shares.ofCategory),
        pct(i.shares.ofGep),
      ];
      rows.push(indRow);
      inds.push(indRow);
      const subs = i.subItems.map((s) => [
        `  └ ${label(s.name)}`,
        s.physical?.value ?? '',
        s.physical?.symbol ?? '',
        wan(s.value.current),
        wan(s.value.comparable),
        '',
        '',
      ]);
      rows.push(...subs);
      // A physical total adds sub-items only when every one is in the total's unit.
      const samePhysical =
        i.physical !== null && i.subItems.every((s) => s.physical?.symbol === i.physical?.symbol);
      const rest = roundingRow(`  └ ${ROUNDING}`, subs, indRow, samePhysical ? [1, 3, 4] : [3, 4]);
      if (subs.length > 0 && rest !== undefined) rows.push(rest);
    }
    const rest = roundingRow(`${ROUNDING} (${CATEGORY[cat]})`, inds, catRow, [3, 4, 5, 6]);
    if (rest !== undefined) rows.push(rest);
  }
  const gep = [
    'GEP 生态系统生产总值',
    '',
    '',
    wan(r.totals.gep.current),
    wan(r.totals.gep.comparable),
    '',
    '100.00',
  ];
  const rest = roundingRow(`${ROUNDING} (GEP)`, categories, gep, [3, 4, 6]);
  rows.push(...(rest === undefined ? [] : [rest]), gep);
  return {
    id: 'county',
    title: `${r.region.name} ${r.year} 年生态系统生产总值核算成果汇总表`,
    headers: [
      '指标 Indicator',
      '功能量 Physical',
      '单位 Unit',
      `价值量 Value (万元, ${r.prices.currentYear} 当年价)`,
      `可比价值量 Value (万元, ${r.prices.baseYear} 可比价)`,
      '占类别比例（当年价）% of category (current prices)',
      '占 GEP 比例（当年价）% of GEP (current prices)',
    ],
    rows,
  };
}

/**
 * 乡镇核算表: per zone, area, each indicator's physical quantity and value, GEP and GEP per km², then the total
 * row (Σ areas, each indicator's physical total and value, GEP, and GEP over Σ areas). The not-zoned row's area is
 * that of the ecosystem rows without a zone, so Σ areas is the region's (Σ ecosystem rows, where the zones' declared
 * areas match their rows). Rows add up to GEP and columns to the total row.
 */
export function townshipTable(r: AccountResult): Table {
  // Values at current prices (the county table gives comparable prices beside them): the year is in each heading.
  const wanAt = `万元，${r.prices.currentYear} 当年价`;
  const headers = ['分区 Zone', '面积 Area (km²)'];
  for (const i of r.indicators)
    headers.push(`${i.code} 功能量 (${i.physical?.symbol ?? '—'})`, `${i.code} 价值量 (${wanAt})`);
  headers.push(`GEP (${wanAt})`, `GEP/km² (${wanAt})`);
  const rows = r.byZone.map((z) => [
    `${z.name}${z.zone ? ` ${z.zone}` : ''}`,
    z.area?.value ?? '—',
    ...z.indicators.flatMap((i) => [i.physical?.value ?? '', wan(i.value.current)]),
    wan(z.value.current),
    z.valuePerKm2 ? wan(z.valuePerKm2.current) : '—',
  ]);
  const table = {
    id: 'township' as const,
    title: '乡镇生态系统生产总值核算表 (by zone)',
    headers,
    rows,
  };
  if (rows.length === 0) return table;
  const area = sumOf(r.byZone.flatMap((z) => (z.area === null ? [] : [z.area.value])));
  rows.push([
    '合计 Total',
    area.toFixed(4),
    ...r.indicators.flatMap((i) => [i.physical?.value ?? '', wan(i.value.current)]),
    wan(r.totals.gep.current),
    area.isZero() ? '—' : new Decimal(r.totals.gep.current).div(area).div(10_000).toFixed(2),
  ]);
  const values = r.indicators.map((_, k) => 3 + 2 * k);
  const physical = r.indicators.flatMap((i, k) => (i.physical === null ? [] : [2 + 2 * k]));
  const gep = 2 + 2 * r.indicators.length;
  reconcile(table, values, gep, [1, ...physical, ...values, gep]);
  return table;
}

/**
 * 按生态系统类型: area, each area-driven indicator's value on the type, total and per km²; then the value of those
 * indicators not attributed to a type (reservoirs, region-wide lines) and the total row (Σ areas, each indicator's
 * value). Rows add up to their total and columns to the total row.
 */
export function ecosystemTable(r: AccountResult): Table {
  const inds = r.indicators.filter((i) => i.byEcosystem.length > 0);
  const wanAt = `万元，${r.prices.currentYear} 当年价`;
  const headers = [
    '生态系统类型 Ecosystem type',
    '面积 Area (km²)',
    ...inds.map((i) => `${i.code} (${wanAt})`),
    `合计 Total (${wanAt})`,
    `单位面积 (万元/km²，${r.prices.currentYear} 当年价)`,
  ];
  const rows = r.byEcosystem.map((e) => [
    `${e.name.zh} ${e.ecosystem}`,
    e.area?.value ?? '',
    ...inds.map((i) => {
      const b = i.byEcosystem.find((x) => x.key === e.ecosystem);
      return b ? wan(b.value.current) : '0.00';
    }),
    wan(e.value.current),
    e.valuePerKm2 ? wan(e.valuePerKm2.current) : '—',
  ]);
  const table = {
    id: 'ecosystem' as const,
    title: '按生态系统类型 (by ecosystem type)',
    headers,
    rows,
  };
  if (rows.length === 0) return table;
  const unattributed = inds.map((i) => linesValue(i, null));
  if (unattributed.some((v) => !v.isZero()))
    rows.push([
      '未归属 not attributed',
      '',
      ...unattributed.map((v) => wan(v.toFixed())),
      wan(sumOf(unattributed.map((v) => v.toFixed())).toFixed()),
      '',
    ]);
  const area = sumOf(r.byEcosystem.flatMap((e) => (e.area === null ? [] : [e.area.value])));
  const total = sumOf(inds.map((i) => i.value.current));
  rows.push([
    '合计 Total',
    area.toFixed(4),
    ...inds.map((i) => wan(i.value.current)),
    wan(total.toFixed()),
    area.isZero() ? '—' : total.div(area).div(10_000).toFixed(2),
  ]);
  const values = inds.map((_, k) => 2 + k);
  reconcile(table, values, 2 + inds.length, [1, ...values, 2 + inds.length]);
  return table;
}

/**
 * SEEA EA ecosystem-service supply table: services (rows) × ecosystem types (columns). Lines not attributed to
 * a type (material products, reservoirs, emissions) go to the column "not attributed". Physical cells are in the
 * row's unit; a service without a physical total (different substances, such as COD and NH₃-N) has empty cells,
 * and the physical table has no column totals (its rows are in unlike units). The monetary table ends with the
 * total row: each type's value (the account's), the not-attributed lines and GEP.
 */
export function seeaSupplyTable(r: AccountResult, kind: 'physical' | 'monetary'): Table {
  const types = r.byEcosystem.map((e) => e.ecosystem);
  const headers = [
    '生态系统服务 Ecosystem service',
    ...(kind === 'physical' ? ['单位 Unit'] : []),
    ...types,
    '未归属 not attributed',
    '合计 Total',
  ];
  const rows = r.indicators.map((i) => {
    const cell = (key: string | null) => {
      const lines = i.lines.filter((l) => l.ecosystem === key);
      if (lines.length === 0) return '';
      if (kind === 'monetary')
        return wan(lines.reduce((a, l) => a.plus(l.value.current), new Decimal(0)).toFixed());
      const unit = i.physical?.unit;
      if (unit === undefined) return '';
      // The account's own figure for the type, rounded once, where it gives one; a sum of the lines' rounded
      // figures would drift from it in the last digit (63800 + 74433.3333 + 58483.3333 against 196716.6667).
      const own = key === null ? undefined : i.byEcosystem.find((e) => e.key === key)?.physical;
      if (own !== undefined && own !== null)
        return own.unit === unit
          ? own.value
          : convertValue(dec(own.value), own.unit as UnitId, unit as UnitId).toFixed();
      // Lines keep their own unit (an input in 万m³ gives lines in 万m³): convert each to the row's unit. A line
      // with no physical quantity leaves the cell empty rather than counting as zero.
      let s = new Decimal(0);
      for (const l of lines) {
        if (l.physical === null) return '';
        s = s.plus(convertValue(dec(l.physical.value), l.physical.unit as UnitId, unit as UnitId));
      }
      return s.toFixed();
    };
    const unattributed = cell(null);
    const total = kind === 'monetary' ? wan(i.value.current) : (i.physical?.value ?? '');
    return [
      `${i.code} ${label(i.name)}`,
      ...(kind === 'physical' ? [i.physical?.symbol ?? '—'] : []),
      ...types.map(cell),
      unattributed,
      total,
    ];
  });
  const title =
    kind === 'physical'
      ? 'SEEA EA 生态系统服务供给表（实物量）'
      : `SEEA EA 生态系统服务供给表（价值量，万元，${r.prices.currentYear} 当年价）`;
  const table = {
    id: kind === 'physical' ? ('seea-physical' as const) : ('seea-monetary' as const),
    title,
    headers,
    rows,
  };
  const first = kind === 'physical' ? 2 : 1;
  const parts = [...types, null].map((_, k) => first + k);
  const total = first + types.length + 1;
  if (kind === 'physical') {
    // Services in unlike units have no column total: a rounding column only, no total row.
    rows.push(headers.map(() => ''));
    reconcile(table, parts, total, []);
    rows.pop();
    return table;
  }
  const byType = new Map(r.byEcosystem.map((e) => [e.ecosystem, e.value.current]));
  const unattributed = sumOf(r.indicators.map((i) => linesValue(i, null).toFixed()));
  rows.push([
    '合计 GEP',
    ...types.map((t) => wan(byType.get(t) ?? '0')),
    wan(unattributed.toFixed()),
    wan(r.totals.gep.current),
  ]);
  reconcile(table, parts, total, [...parts, total]);
  return table;
}

export function allTables(r: AccountResult): Table[] {
  return [
    countyTable(r),
    townshipTable(r),
    ecosystemTable(r),
    seeaSupplyTable(r, 'physical'),
    seeaSupplyTable(r, 'monetary'),
  ];
}
