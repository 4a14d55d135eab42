import { unitSymbol } from '../core/units';
import type { AccountInput } from '../input/input';
import type { IndicatorResult } from './result-schema';
import type { Fmt } from './rounding';
import type { PricedLine, PricedValuation } from './valuation';

type LineOut = IndicatorResult['lines'][number];

/** A priced line as the result prints it: physical quantity, exact fraction, terms, valuations, value. */
export function lineOut(l: PricedLine, fmt: Fmt): LineOut {
  const { line } = l;
  return {
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
    ...(line.exact ? { exact: `${line.exact.num.toFixed()}/${line.exact.den.toFixed()}` } : {}),
    ...(line.terms ? { terms: line.terms } : {}),
    valuations: l.valuations.map((p) => valuationOut(p, fmt)),
    value: { current: fmt.money(l.current), comparable: fmt.money(l.comparable) },
    ...(line.path ? { path: [...line.path] } : {}),
  };
}

/** One valuation of a line: its price or money with price year, factor, index and the three values. */
function valuationOut(p: PricedValuation, fmt: Fmt): LineOut['valuations'][number] {
  return {
    label: p.v.label,
    kind: p.v.kind,
    ...(p.v.subItem !== undefined ? { subItem: p.v.subItem } : {}),
    ...(p.v.quantity !== undefined
      ? {
          quantity: {
            value: fmt.quantity(p.v.quantity.value),
            unit: p.v.quantity.unit,
            symbol: unitSymbol(p.v.quantity.unit),
          },
        }
      : {}),
    ...(p.v.kind === 'unit-price'
      ? {
          price: {
            value: p.v.price.value.toFixed(),
            unit: `${p.v.price.money}/${p.v.price.per}`,
            priceYear: p.v.price.priceYear,
          },
        }
      : {
          money: {
            value: p.v.money.amount.toFixed(),
            unit: p.v.money.unit,
            priceYear: p.v.money.priceYear,
          },
        }),
    ...(p.v.factor
      ? {
          factor: { value: p.v.factor.value.toFixed(), label: p.v.factor.label, origin: p.v.factor.origin },
        }
      : {}),
    origin: p.v.origin,
    index: p.index,
    atPriceYear: fmt.money(p.atPriceYear),
    value: { current: fmt.money(p.current), comparable: fmt.money(p.comparable) },
  };
}

/** A zone's name in both languages; the lines of no zone are "not zoned"; null for an unknown zone id. */
export function zoneName(input: AccountInput, id: string | null) {
  if (id === null) return { zh: '未分区（全域）', en: 'Not zoned (whole region)' };
  const z = input.zones.find((x) => x.id === id);
  return z ? { zh: z.name, en: z.name } : null;
}
