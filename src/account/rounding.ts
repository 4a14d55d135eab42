import type { Decimal, RoundingName } from '../core/decimal';
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
  const f = (places: number) => again((d: Decimal) => toFixedPlaces(d, places, mode));
  return {
    fmt: { money: f(money), quantity: f(quantity), share: f(share) },
    rounding: { money, quantity, share, mode },
  };
}

/**
 * `d.toFixed(places, Rounding[mode])`, the same string, from the digits decimal.js prints without rounding
 * (`d.toFixed()`: every digit, never an exponent, "-" only before a non-zero negative value): the digits after the
 * place kept decide, by the mode, whether the kept digits go one unit away from zero. decimal.js rounds through a
 * copy of the value and its digit arithmetic; this reads the string once. The sign is the value's, as decimal.js
 * gives it: -0.001 to two places is "-0.00". Property-tested against decimal.js in rounding.test.ts.
 */
export function toFixedPlaces(d: Decimal, places: number, mode: RoundingName): string {
  const plain = d.toFixed();
  const point = plain.indexOf('.');
  const fraction = point < 0 ? 0 : plain.length - point - 1;
  if (fraction <= places) {
    if (places === 0) return plain;
    return (point < 0 ? `${plain}.` : plain) + '0'.repeat(places - fraction);
  }
  // point ≥ 0 here: there are more fraction digits than places.
  const cut = point + 1 + places; // the first digit dropped
  const kept = plain.slice(0, places === 0 ? point : cut);
  const first = plain.charCodeAt(cut) - 48;
  let rest = false;
  for (let i = cut + 1; i < plain.length && !rest; i++) rest = plain.charCodeAt(i) !== 48;
  const last = kept.charCodeAt(kept.length - 1) - 48;
  return awayFromZero(mode, plain.charCodeAt(0) === 45, first, rest, last % 2 === 1)
    ? plusOneUnit(kept)
    : kept;
}

/** Whether dropping digits (the first one dropped, any other non-zero) moves the kept digits away from zero. */
function awayFromZero(
  mode: RoundingName,
  negative: boolean,
  first: number,
  rest: boolean,
  odd: boolean,
): boolean {
  const dropped = first > 0 || rest;
  switch (mode) {
    case 'down':
      return false;
    case 'up':
      return dropped;
    case 'ceil':
      return dropped && !negative;
    case 'floor':
      return dropped && negative;
    case 'halfUp':
      return first >= 5;
    case 'halfEven':
      return first > 5 || (first === 5 && (rest || odd));
  }
}

/** The digits one unit of their last place further from zero ("-0.99" → "-1.00", "9" → "10"). */
function plusOneUnit(kept: string): string {
  // The last digit below 9 goes up by one and the nines after it become zeros ("." and "-" are passed over).
  let i = kept.length - 1;
  for (; i >= 0; i--) {
    const c = kept.charCodeAt(i);
    if (c >= 48 && c <= 56) return kept.slice(0, i) + String.fromCharCode(c + 1) + nines(kept.slice(i + 1));
  }
  // Every digit was 9: a new leading 1, after the sign if any.
  return kept.startsWith('-') ? `-1${nines(kept.slice(1))}` : `1${nines(kept)}`;
}

function nines(s: string): string {
  return s.replaceAll('9', '0');
}
