import { Decimal, dec } from '../core/decimal';
import { type UnitId, convertValue } from '../core/units';
import type { AccountResult } from './result-schema';

/**
 * The summary tables of an account (核算成果汇总), as plain tables of strings that the Markdown, CSV and
 * .xlsx writers all render: the county table in the Jiangxi layout, the township table, the table by
 * ecosystem type, and the SEEA EA ecosystem-service supply tables (physical and monetary).
 * Money is shown in 万元 with two decimals; physical quantities in the indicator's unit.
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
const wan = (yuan: string) => new Decimal(yuan).div(10_000).toFixed(2);
const pct = (share: string | null) => (share === null ? '—' : new Decimal(share).times(100).toFixed(2));
const shareOf = (part: string, whole: string) =>
  new Decimal(whole).isZero() ? null : new Decimal(part).div(whole).toFixed();
const label = (n: { zh: string; en: string } | null) =>
  n === null ? '' : n.zh === n.en ? n.zh : `${n.zh} ${n.en}`;

/** 核算成果汇总表: rows in indicator order with sub-items; physical, current and comparable value, shares. */
export function countyTable(r: AccountResult): Table {
  const rows: string[][] = [];
  for (const cat of ['material', 'regulating', 'cultural'] as const) {
    const t = r.totals[cat];
    rows.push([
      CATEGORY[cat],
      '',
      '',
      wan(t.current),
      wan(t.comparable),
      '',
      pct(shareOf(t.current, r.totals.gep.current)),
    ]);
    for (const i of r.indicators.filter((x) => x.category === cat)) {
      rows.push([
        `${i.code} ${label(i.name)}`,
        i.physical?.value ?? '',
        i.physical?.symbol ?? '',
        wan(i.value.current),
        wan(i.value.comparable),
        pct(i.shares.ofCategory),
        pct(i.shares.ofGep),
      ]);
      for (const s of i.subItems) {
        rows.push([
          `  └ ${label(s.name)}`,
          s.physical?.value ?? '',
          s.physical?.symbol ?? '',
          wan(s.value.current),
          wan(s.value.comparable),
          '',
          '',
        ]);
      }
    }
  }
  rows.push([
    'GEP 生态系统生产总值',
    '',
    '',
    wan(r.totals.gep.current),
    wan(r.totals.gep.comparable),
    '',
    '100.00',
  ]);
  return {
    id: 'county',
    title: `${r.region.name} ${r.year} 年生态系统生产总值核算成果汇总表`,
    headers: [
      '指标 Indicator',
      '功能量 Physical',
      '单位 Unit',
      `价值量 Value (万元, ${r.prices.currentYear} 当年价)`,
      `可比价值量 Value (万元, ${r.prices.baseYear} 可比价)`,
      '占类别比例 % of category',
      '占 GEP 比例 % of GEP',
    ],
    rows,
  };
}

/** 乡镇核算表: per zone, area, each indicator's physical quantity and value, GEP and GEP per km². */
export function townshipTable(r: AccountResult): Table {
  const headers = ['分区 Zone', '面积 Area (km²)'];
  for (const i of r.indicators)
    headers.push(`${i.code} 功能量 (${i.physical?.symbol ?? '—'})`, `${i.code} 价值量 (万元)`);
  headers.push('GEP (万元)', 'GEP/km² (万元)');
  const rows = r.byZone.map((z) => [
    `${z.name}${z.zone ? ` ${z.zone}` : ''}`,
    z.area?.value ?? '—',
    ...z.indicators.flatMap((i) => [i.physical?.value ?? '', wan(i.value.current)]),
    wan(z.value.current),
    z.valuePerKm2 ? wan(z.valuePerKm2.current) : '—',
  ]);
  return { id: 'township', title: '乡镇生态系统生产总值核算表 (by zone)', headers, rows };
}

/** 按生态系统类型: area, each area-driven indicator's value on the type, total and per km². */
export function ecosystemTable(r: AccountResult): Table {
  const inds = r.indicators.filter((i) => i.byEcosystem.length > 0);
  const headers = [
    '生态系统类型 Ecosystem type',
    '面积 Area (km²)',
    ...inds.map((i) => `${i.code} (万元)`),
    '合计 Total (万元)',
    '单位面积 (万元/km²)',
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
  return { id: 'ecosystem', title: '按生态系统类型 (by ecosystem type)', headers, rows };
}

/**
 * SEEA EA ecosystem-service supply table: services (rows) × ecosystem types (columns). Lines not attributed to
 * a type (material products, reservoirs, emissions) go to the column "not attributed". Physical cells are in the
 * row's unit; a service without a physical total (different substances, such as COD and NH₃-N) has empty cells.
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
  return { id: kind === 'physical' ? 'seea-physical' : 'seea-monetary', title, headers, rows };
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
