/**
 * The figures of the report's tables (HTML and Word), as the account's own tables have them (src/account/tables.ts,
 * ADR 0024): money in 万元 to two decimals rounded half to even from the exact 元, shares in % likewise, and every
 * table that has a total adds up to it, what rounding the parts and the total separately left shown in a row
 * 舍入差 Rounding before the total. Cells are plain decimal strings ("1234.56", "—", ""); `grouped` adds the
 * thousands separators for display.
 */
import { Decimal } from '../core/decimal';
import type { AccountResult } from '../account/result-schema';
import { pct, roundingRow, wan as wanPlain } from '../account/tables';

/** "-1234.56" → "−1,234.56"; a cell that is not a number ("—", "") as it is. */
export function grouped(s: string): string {
  const m = /^(-?)(\d+)(\.\d+)?$/.exec(s);
  if (m === null) return s;
  return `${m[1] === '-' ? '−' : ''}${(m[2] as string).replace(/\B(?=(\d{3})+(?!\d))/g, ',')}${m[3] ?? ''}`;
}

const SUPERSCRIPT = '⁰¹²³⁴⁵⁶⁷⁸⁹';
/** Physical quantities of more integer digits than this are shown as a power of ten. */
const PLAIN_DIGITS = 15;

/**
 * A physical quantity for reading in the report: with thousands separators ("1196036339.0000" →
 * "1,196,036,339.0000"); past 15 integer digits (counts of air ions, some 10²⁴) six significant digits, half to
 * even, times a power of ten ("1505896560000000000000000.0000" → "1.50590 × 10²⁴"). `exact` says whether that is the
 * figure itself; the HTML report then gives the figure as the cell's title, and the result and the trace keep it.
 */
export function physicalFigure(value: string): { text: string; exact: boolean } {
  const m = /^-?(\d+)(\.\d+)?$/.exec(value);
  if (m === null || (m[1] as string).replace(/^0+/, '').length <= PLAIN_DIGITS)
    return { text: grouped(value), exact: true };
  const [mantissa, exponent] = new Decimal(value).toExponential(5, Decimal.ROUND_HALF_EVEN).split('e+');
  const power = [...(exponent as string)].map((d) => SUPERSCRIPT[Number(d)]).join('');
  return { text: `${grouped(mantissa as string)} × 10${power}`, exact: false };
}

/** 元 → 万元 with thousands separators, two places, half to even (the figure of the account's tables). */
export function wan(yuan: string | number): string {
  return grouped(wanPlain(String(yuan)));
}

/** A table row: what it is (a part, the rounding row, the total), the key it traces to, its cells. */
export interface FigureRow {
  kind: 'part' | 'rounding' | 'total';
  key?: string;
  cells: string[];
}

/** Parts, the rounding row in the columns `cols` when some difference is not zero, then the total. */
function addUp(parts: FigureRow[], total: FigureRow, cols: readonly number[]): FigureRow[] {
  const rest = roundingRow(
    '',
    parts.map((p) => p.cells),
    total.cells,
    cols,
  );
  return [...parts, ...(rest === undefined ? [] : [{ kind: 'rounding' as const, cells: rest }]), total];
}

const CATEGORIES = ['material', 'regulating', 'cultural'] as const;
const gepShare = (gep: string) => (new Decimal(gep).isZero() ? '—' : '100.00');

/** Categories and GEP: [label key, current 万元, comparable 万元]. */
export function summaryRows(r: AccountResult): FigureRow[] {
  return addUp(
    CATEGORIES.map((c) => ({
      kind: 'part',
      key: c,
      cells: [c, wanPlain(r.totals[c].current), wanPlain(r.totals[c].comparable)],
    })),
    {
      kind: 'total',
      key: 'gep',
      cells: ['gep', wanPlain(r.totals.gep.current), wanPlain(r.totals.gep.comparable)],
    },
    [1, 2],
  );
}

/**
 * Indicators (those of `category`, or all) and their total (the category's, or GEP): [index in r.indicators,
 * current 万元, comparable 万元, share of GEP %].
 */
export function indicatorRows(r: AccountResult, category?: (typeof CATEGORIES)[number]): FigureRow[] {
  const parts: FigureRow[] = [];
  r.indicators.forEach((i, k) => {
    if (category === undefined || i.category === category)
      parts.push({
        kind: 'part',
        key: String(k),
        cells: [String(k), wanPlain(i.value.current), wanPlain(i.value.comparable), pct(i.shares.ofGep)],
      });
  });
  const t = category === undefined ? r.totals.gep : r.totals[category];
  const share =
    category === undefined
      ? gepShare(r.totals.gep.current)
      : pct(
          new Decimal(r.totals.gep.current).isZero()
            ? null
            : new Decimal(t.current).div(r.totals.gep.current).toFixed(),
        );
  return addUp(
    parts,
    { kind: 'total', cells: ['', wanPlain(t.current), wanPlain(t.comparable), share] },
    [1, 2, 3],
  );
}

/**
 * Zones and the region: [index in r.byZone, area km², current 万元, comparable 万元, per km² 万元]; the total row
 * is the sum of the rows' areas (the not-zoned row's included), GEP and GEP over that area, as in the account's
 * township table.
 */
export function zoneRows(r: AccountResult): FigureRow[] {
  const parts: FigureRow[] = r.byZone.map((z, k) => ({
    kind: 'part',
    key: String(k),
    cells: [
      String(k),
      z.area?.value ?? '—',
      wanPlain(z.value.current),
      wanPlain(z.value.comparable),
      z.valuePerKm2 === null ? '—' : wanPlain(z.valuePerKm2.current),
    ],
  }));
  const area = r.byZone.reduce((a, z) => (z.area === null ? a : a.plus(z.area.value)), new Decimal(0));
  const total: FigureRow = {
    kind: 'total',
    cells: [
      '',
      area.toFixed(4),
      wanPlain(r.totals.gep.current),
      wanPlain(r.totals.gep.comparable),
      area.isZero() ? '—' : new Decimal(r.totals.gep.current).div(area).div(10_000).toFixed(2),
    ],
  };
  return addUp(parts, total, [1, 2, 3]);
}

/**
 * A zone's name in `lang`: the region-wide lines (zone null), which the result names in Chinese only (未分区（全域）),
 * as "Not zoned (whole region)" in English; a township by its own name.
 */
export function zoneLabel(z: AccountResult['byZone'][number], lang: 'zh' | 'en'): string {
  return z.zone === null ? (lang === 'zh' ? '未分区（全域）' : 'Not zoned (whole region)') : z.name;
}
