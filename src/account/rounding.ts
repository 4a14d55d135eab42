import { type Decimal, Rounding } from '../core/decimal';
import type { AccountOptions } from './options';
import type { AccountResult } from './result-schema';

/** How the result prints decimals: money, physical quantities and shares, each to its own places. */
export interface Fmt {
  money(d: Decimal): string;
  quantity(d: Decimal): string;
  share(d: Decimal): string;
}

/**
 * A printer that remembers the last Decimal it printed: a value is often printed twice in a row (a valuation's value
 * at its price year that is its current value, a current value that is also the comparable one), and a Decimal
 * never changes, so the second print is the first one's string. The memo lives as long as the printer (one account).
 */
function again(f: (d: Decimal) => string): (d: Decimal) => string {
  let last: Decimal | undefined;
  let printed = '';
  return (d) => {
    if (d !== last) {
      printed = f(d);
      last = d;
    }
    return printed;
  };
}

/** The printers for the caller's rounding option, and the rounding as the result records it. */
export function formatter(r: AccountOptions['rounding']): { fmt: Fmt; rounding: AccountResult['rounding'] } {
  if (r === 'exact') {
    const f = again((d: Decimal) => d.toFixed());
    return { fmt: { money: f, quantity: f, share: f }, rounding: 'exact' };
  }
  const money = r?.money ?? 2;
  const quantity = r?.quantity ?? 4;
  const share = r?.share ?? 6;
  const mode = r?.mode ?? 'halfEven';
  const f = (places: number) => again((d: Decimal) => d.toFixed(places, Rounding[mode]));
  return {
    fmt: { money: f(money), quantity: f(quantity), share: f(share) },
    rounding: { money, quantity, share, mode },
  };
}
