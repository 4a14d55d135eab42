import { type Decimal, Rounding } from '../core/decimal';
import type { AccountOptions } from './options';
import type { AccountResult } from './result-schema';

/** How the result prints decimals: money, physical quantities and shares, each to its own places. */
export interface Fmt {
  money(d: Decimal): string;
  quantity(d: Decimal): string;
  share(d: Decimal): string;
}

/** The printers for the caller's rounding option, and the rounding as the result records it. */
export function formatter(r: AccountOptions['rounding']): { fmt: Fmt; rounding: AccountResult['rounding'] } {
  if (r === 'exact') {
    const f = (d: Decimal) => d.toFixed();
    return { fmt: { money: f, quantity: f, share: f }, rounding: 'exact' };
  }
  const money = r?.money ?? 2;
  const quantity = r?.quantity ?? 4;
  const share = r?.share ?? 6;
  const mode = r?.mode ?? 'halfEven';
  const f = (places: number) => (d: Decimal) => d.toFixed(places, Rounding[mode]);
  return {
    fmt: { money: f(money), quantity: f(quantity), share: f(share) },
    rounding: { money, quantity, share, mode },
  };
}
