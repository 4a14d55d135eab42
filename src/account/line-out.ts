import { unitSymbol } from '../core/units';
import type { AccountInput } from '../input/input';
import type { IndicatorResult } from './result-schema';
import type { Fmt } from './rounding';
import type { PricedLine, PricedValuation } from './valuation';

type LineOut = IndicatorResult['lines'][number];

/**
 * A priced line as the result prints it: physical quantity, exact fraction, terms, valuations, value. Optional
 * fields are assigned in the result's key order (one object per line, no spread of temporary objects: this runs
 * for every line of an account).
 */
export function lineOut(l: PricedLine, fmt: Fmt): LineOut {
  const { line } = l;
  const out: Partial<Mutable<LineOut>> = {
    subItem: line.subItem,
    ecosystem: line.ecosystem,
    zone: line.zone,
    physical:
      line.physical === null
        ? null
        : {
            value: fmt.quantity(line.physical.value),
            unit: line.physical.unit,
            symbol: unitSymbol(line.physical.unit),
          },
  };
  if (line.exact) out.exact = `${line.exact.num.toFixed()}/${line.exact.den.toFixed()}`;
  if (line.terms) out.terms = line.terms;
  out.valuations = l.valuations.map((p) => valuationOut(p, fmt));
  out.value = { current: fmt.money(l.current), comparable: fmt.money(l.comparable) };
  if (line.path) out.path = [...line.path];
  return out as LineOut;
}

type ValuationOut = LineOut['valuations'][number];
type Mutable<T> = { -readonly [K in keyof T]: T[K] };

/** One valuation of a line: its price or money with price year, factor, index and the three values. */
function valuationOut(p: PricedValuation, fmt: Fmt): ValuationOut {
  const { v } = p;
  const out: Partial<Mutable<ValuationOut>> = { label: v.label, kind: v.kind };
  if (v.subItem !== undefined) out.subItem = v.subItem;
  if (v.quantity !== undefined)
    out.quantity = {
      value: fmt.quantity(v.quantity.value),
      unit: v.quantity.unit,
      symbol: unitSymbol(v.quantity.unit),
    };
  if (v.kind === 'unit-price')
    out.price = {
      value: v.price.value.toFixed(),
      unit: `${v.price.money}/${v.price.per}`,
      priceYear: v.price.priceYear,
    };
  else out.money = { value: v.money.amount.toFixed(), unit: v.money.unit, priceYear: v.money.priceYear };
  if (v.factor)
    out.factor = { value: v.factor.value.toFixed(), label: v.factor.label, origin: v.factor.origin };
  out.origin = v.origin;
  out.index = p.index;
  out.atPriceYear = fmt.money(p.atPriceYear);
  out.value = { current: fmt.money(p.current), comparable: fmt.money(p.comparable) };
  return out as ValuationOut;
}

/** A zone's name in both languages; the lines of no zone are "not zoned"; null for an unknown zone id. */
export function zoneName(input: AccountInput, id: string | null) {
  if (id === null) return { zh: '未分区（全域）', en: 'Not zoned (whole region)' };
  const z = input.zones.find((x) => x.id === id);
  return z ? { zh: z.name, en: z.name } : null;
}
