import type { PriceIndexTable } from '../coefficients/registry';
import { type IndexPoint, indexPoint } from '../coefficients/price-index';
import { Decimal } from '../core/decimal';
import { type Path } from '../core/errors';
import { convertValue } from '../core/units';
import type { Line, Valuation } from '../indicators/spec';

export type PricePolicy = 'deflate-to-accounting-year' | 'as-published';

/** A valuation priced: at its own price year, at current prices of the accounting year, at base-year prices. */
export interface PricedValuation {
  v: Valuation;
  atPriceYear: Decimal;
  current: Decimal;
  comparable: Decimal;
}
export interface PricedLine {
  line: Line;
  valuations: PricedValuation[];
  current: Decimal;
  comparable: Decimal;
}

/**
 * Moves values between price levels with one index, remembering which index values it read (they are part
 * of the trace, with their grades).
 */
export class PriceLevels {
  readonly used = new Map<number, IndexPoint>();
  constructor(
    readonly index: PriceIndexTable,
    readonly year: number,
    readonly baseYear: number,
    readonly policy: PricePolicy,
  ) {}

  private point(y: number, path: Path): IndexPoint {
    const p = this.used.get(y) ?? indexPoint(this.index, y, path);
    this.used.set(y, p);
    return p;
  }

  /** amount × I(to) / I(from); the identity when the years are equal (no index value needed). */
  move(amount: Decimal, from: number, to: number, path: Path): Decimal {
    if (from === to) return amount;
    return amount.times(this.point(to, path).value).div(this.point(from, path).value);
  }

  priceLine(line: Line): PricedLine {
    const path = line.path ?? [];
    const valuations = line.valuations.map((v): PricedValuation => {
      let atPriceYear: Decimal;
      let priceYear: number;
      if (v.kind === 'unit-price') {
        // The physical quantity in the price's own unit (m³ for a 元/m³ price), then × price.
        const priced = v.quantity ?? line.physical;
        if (priced === null) throw new TypeError(`a unit-price valuation needs a quantity (${v.label})`);
        const q = convertValue(priced.value, priced.unit, v.price.per, path);
        atPriceYear = convertValue(q.times(v.price.value), v.price.money, 'yuan');
        priceYear = v.price.priceYear;
      } else {
        atPriceYear = convertValue(v.money.amount, v.money.unit, 'yuan');
        priceYear = v.money.priceYear;
      }
      if (v.factor !== undefined) atPriceYear = atPriceYear.times(v.factor.value);
      const current =
        this.policy === 'deflate-to-accounting-year'
          ? this.move(atPriceYear, priceYear, this.year, path)
          : atPriceYear;
      const comparable = this.move(atPriceYear, priceYear, this.baseYear, path);
      return { v, atPriceYear, current, comparable };
    });
    return {
      line,
      valuations,
      current: valuations.reduce((a, p) => a.plus(p.current), new Decimal(0)),
      comparable: valuations.reduce((a, p) => a.plus(p.comparable), new Decimal(0)),
    };
  }
}
