import { Decimal } from '../core/decimal';
import type { Path } from '../core/errors';
import { parsePriceUnit } from '../core/schema';
import { convertValue, dimensionOf, parseUnit, unitSymbol } from '../core/units';
import type { AccountResult } from './result-schema';
import type { Table } from './tables';

/**
 * The calculation detail (计算明细) of an account: one row per valuation of every line of every indicator, with
 * what a researcher needs to defend the number: the physical quantity and its unit, the formula's terms as the
 * method recorded them, the quantity the price multiplies (the physical one, or a valuation's own), the price or
 * amount with its unit, price year and origin (coefficient key, table and
 * evidence grade, or the input field), the share applied, the price index and its factor, the value at the price
 * year and in the accounting year's and base year's prices, the whole chain written out, and the coefficients the
 * indicator read for the line's ecosystem type (key, value, unit, table@version, grade, source). A line without a
 * valuation (a value read as a total) gives one row with its values only.
 *
 * Cells are strings ('' when empty); numbers are exact decimal strings: quantities, prices and 元 as the result
 * writes them, 万元 as the result's 元 ÷ 10 000 with every digit kept (so that the rows of an indicator add up to
 * its lines exactly), the index factor to six decimals. The CSV (`--table detail`), Markdown and the .xlsx
 * 计算明细 sheet all render these rows.
 */
export const DETAIL_HEADERS = [
  '指标 Indicator',
  '方法 Method',
  '子项 Sub-item',
  '生态系统 Ecosystem',
  '分区 Zone',
  '功能量 Physical',
  '功能量单位 Unit',
  '计算项 Terms',
  '估值 Valuation',
  '计价量 Quantity priced',
  '计价量单位 Unit priced',
  '价格或金额 Price or amount',
  '价格单位 Price unit',
  '价格年 Price year',
  '价格来源 Price source',
  '份额 Share',
  '价格指数 Index',
  '指数因子 Index factor',
  '价格年价值 At price year (元)',
  '当年价 Current (万元)',
  '可比价 Comparable (万元)',
  '计算式 Formula',
  '系数 Coefficients (value unit; table; grade; source)',
] as const;
export type DetailHeader = (typeof DETAIL_HEADERS)[number];

/** The columns that hold numbers (decimal strings or ''); every other column holds text. */
export const DETAIL_NUMBER_COLUMNS: ReadonlySet<DetailHeader> = new Set<DetailHeader>([
  '功能量 Physical',
  '计价量 Quantity priced',
  '价格或金额 Price or amount',
  '价格年 Price year',
  '份额 Share',
  '指数因子 Index factor',
  '价格年价值 At price year (元)',
  '当年价 Current (万元)',
  '可比价 Comparable (万元)',
]);

/** How a price read from the input is named in 价格来源 Price source: `input: materialProducts.0.price`. */
export type InputOrigin = (path: readonly (string | number)[]) => string;
export const inputOrigin: InputOrigin = (path) => `input: ${path.join('.')}`;

/**
 * The origin of a price read from an input workbook: its cell as well as its input path
 * (`产品!F3 (input: materialProducts.0.products.0.price)`), by `locate` (the workbook's); the input path alone for a
 * path no cell holds, or without `locate`.
 */
export function locatedOrigin(locate?: (path: Path) => string | undefined): InputOrigin {
  return (path) => {
    const origin = inputOrigin(path);
    const cell = locate?.([...path]);
    return cell === undefined ? origin : `${cell} (${origin})`;
  };
}

/**
 * The calculation detail as a table (`--table detail`). `origin` names a price read from the input (a workbook's
 * detail sheet adds the cell it came from).
 */
export function detailTable(r: AccountResult, origin: InputOrigin = inputOrigin): Table {
  return {
    id: 'detail',
    title: `${r.region.name} ${r.year} 计算明细 Calculation detail`,
    headers: [...DETAIL_HEADERS],
    rows: detailRows(r, origin),
  };
}

export type Line = AccountResult['indicators'][number]['lines'][number];
export type Valuation = Line['valuations'][number];

/** The rows of the calculation detail, in indicator and line order (cells in DETAIL_HEADERS order). */
export function detailRows(r: AccountResult, origin: InputOrigin = inputOrigin): string[][] {
  const coeffs = new Map(r.coefficients.map((c) => [c.id, c]));
  const rows: string[][] = [];
  for (const ind of r.indicators) {
    const used = ind.coefficients.flatMap((id) => coeffs.get(id) ?? []);
    for (const line of ind.lines) {
      const forLine = used
        .filter((c) => c.ecosystem === null || c.ecosystem === line.ecosystem)
        .map(
          (c) =>
            `${c.key}${c.ecosystem ? `[${c.ecosystem}]` : ''} = ${c.value} ${c.unit}${c.priceYear ? ` (${c.priceYear})` : ''}; ${c.table}; ${c.grade}; ${c.source.document}${c.source.clause ? `, ${c.source.clause}` : ''}`,
        )
        .join('\n');
      const head = [
        `${ind.code} ${ind.name.zh}`,
        ind.method,
        line.subItem ?? '',
        line.ecosystem ?? '',
        line.zone ?? '',
        line.physical?.value ?? '',
        line.physical?.symbol ?? '',
        Object.entries(line.terms ?? {})
          .map(([k, v]) => `${k} = ${v}`)
          .join('; '),
      ];
      if (line.valuations.length === 0)
        rows.push([
          ...head,
          ...Array<string>(11).fill(''),
          wan(line.value.current),
          wan(line.value.comparable),
          '',
          forLine,
        ]);
      for (const v of line.valuations) rows.push([...head, ...valuationCells(r, line, v, origin), forLine]);
    }
  }
  return rows;
}

/**
 * A quantity in the unit its price is per (`yuan/kg`: kg), so that 计价量 × price is the value in a spreadsheet:
 * 38000 t at 3.2 元/kg is 38000000 kg, 120 万人次 at 650 元/人次 is 1200000 人次. A quantity already in that unit, or
 * one the price's unit does not convert it to, is as the line has it.
 */
function inPriceUnit(
  q: { value: string; unit: string; symbol: string } | null | undefined,
  priceUnit: string | undefined,
): { value: string; symbol: string } | null | undefined {
  if (q === null || q === undefined || priceUnit === undefined) return q;
  const per = parsePriceUnit(priceUnit)?.per;
  const unit = parseUnit(q.unit);
  if (per === undefined || unit === undefined || per === unit || dimensionOf(per) !== dimensionOf(unit))
    return q;
  return { value: convertValue(new Decimal(q.value), unit, per).toFixed(), symbol: unitSymbol(per) };
}

/** The cells of one valuation, from 估值 Valuation to 计算式 Formula. */
function valuationCells(r: AccountResult, line: Line, v: Valuation, fromInput: InputOrigin): string[] {
  const amount = v.kind === 'unit-price' ? v.price : v.money;
  const origin =
    v.origin.kind === 'coefficient'
      ? `${v.origin.key} @ ${v.origin.table}${gradeOf(r, v.origin.key, v.origin.table)}`
      : fromInput(v.origin.path);
  const factor = indexFactor(r, v);
  // The quantity the price multiplies: the line's physical quantity, or the valuation's own (R9 prices the ions
  // above the background level, Q − Q₀, while its physical quantity counts them all), in the unit the price is per.
  const q = v.kind === 'unit-price' ? inPriceUnit(v.quantity ?? line.physical, v.price?.unit) : null;
  return [
    v.label,
    q?.value ?? '',
    q?.symbol ?? '',
    amount?.value ?? '',
    amount?.unit ?? '',
    amount?.priceYear?.toString() ?? '',
    origin,
    v.factor?.value ?? '',
    v.index,
    factor === null ? '' : factor.toDecimalPlaces(6).toFixed(),
    v.atPriceYear,
    wan(v.value.current),
    wan(v.value.comparable),
    formula(r, line, v, factor),
  ];
}

/**
 * The valuation written out: quantity × price (or the amount) × share = value at the price year × index factor; the
 * price's or amount's unit as `unit` writes it (as the result has it: `yuan/t`, `wan_yuan`).
 */
function formula(
  r: AccountResult,
  line: Line,
  v: Valuation,
  factor: Decimal | null,
  words: Pick<ChainWords, 'unit' | 'quantity' | 'yuan'> = DETAIL_WORDS,
): string {
  const { unit, yuan } = words;
  const q = v.quantity ?? line.physical;
  const base =
    v.kind === 'unit-price' && v.price !== undefined
      ? `${q === null || q === undefined ? '?' : `${q.value} ${words.quantity(q)}`} × ${v.price.value} ${unit(v.price.unit)}`
      : v.money !== undefined
        ? `${v.money.value} ${unit(v.money.unit)}`
        : '?';
  const share = v.factor === undefined ? '' : ` × ${v.factor.value} (${v.factor.label})`;
  const year = v.price?.priceYear ?? v.money?.priceYear;
  const values = indexValues(r, v);
  // The index values themselves, so that the equation holds as written (the six-decimal factor beside them, as in
  // its column: a value of 3,527,888,127.85 × 1.280545 would miss the result by 1,148.32 元).
  const index =
    factor === null
      ? ''
      : values === null || values.from === values.to
        ? ` × ${factor.toDecimalPlaces(6).toFixed()} (${v.index})`
        : ` × ${values.to}/${values.from} (${v.index}, ${factor.toDecimalPlaces(6).toFixed()})`;
  return `${base}${share} = ${v.atPriceYear} ${yuan} (${year}) ${index} = ${v.value.current} ${yuan} (${r.prices.currentYear})`.replace(
    '  ',
    ' ',
  );
}

/** I(accounting year) / I(price year) of the valuation's index, from the index values the account used. */
function indexFactor(r: AccountResult, v: Valuation): Decimal | null {
  const year = v.price?.priceYear ?? v.money?.priceYear;
  if (year === r.prices.currentYear) return new Decimal(1);
  const values = indexValues(r, v);
  return values === null ? null : new Decimal(values.to).div(values.from);
}

/** The index values I(price year) and I(accounting year) the valuation was moved by, as the account read them. */
function indexValues(r: AccountResult, v: Valuation): { from: string; to: string } | null {
  const at = (y: number | undefined) =>
    r.prices.indexValuesUsed.find((x) => x.index === v.index && x.year === y)?.value;
  const [from, to] = [at(v.price?.priceYear ?? v.money?.priceYear), at(r.prices.currentYear)];
  return from === undefined || to === undefined ? null : { from, to };
}

/** The words and units of a valuation chain as a reader reads them. */
export interface ChainWords {
  /** The share factor's label (`ecological share`). */
  factor: (label: string) => string;
  /** The word before an input field the price came from (`input`). */
  input: string;
  /** The price's or amount's unit (`yuan/t`, `wan_yuan`). */
  unit: (unit: string) => string;
  /** The unit of the quantity priced (its symbol, `t`; `10⁴ t` in an English report). */
  quantity: (q: { unit: string; symbol: string }) => string;
  /** The word for 元 after a value. */
  yuan: string;
}

/** The words of the calculation detail: units as the result has them, the quantity's by its symbol, 元. */
const DETAIL_WORDS: ChainWords = {
  factor: (label) => label,
  input: 'input',
  unit: (unit) => unit,
  quantity: (q) => q.symbol,
  yuan: '元',
};

/**
 * One valuation written out as the calculation detail writes it, with where its price came from. The trace of a
 * report shows the same chain with the price's unit by its symbol (`words`), in Chinese with the factor's label and
 * the word for an input in Chinese.
 */
export function valuationChain(
  r: AccountResult,
  line: Line,
  v: Valuation,
  words: ChainWords = DETAIL_WORDS,
): string {
  const origin = v.origin.kind === 'coefficient' ? v.origin.key : `${words.input} ${v.origin.path.join('.')}`;
  const named =
    v.factor === undefined ? v : { ...v, factor: { ...v.factor, label: words.factor(v.factor.label) } };
  return `${formula(r, line, named, indexFactor(r, v), words)} ← ${origin}`;
}

function gradeOf(r: AccountResult, key: string, table: string): string {
  const c = r.coefficients.find((x) => x.key === key && x.table === table);
  return c === undefined ? '' : ` (${c.grade})`;
}

/** 元 → 万元, every digit kept, at least two decimals. */
function wan(yuan: string): string {
  const w = new Decimal(yuan).div(10_000);
  return w.toFixed(Math.max(2, w.decimalPlaces()));
}
