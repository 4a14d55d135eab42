import type { PriceIndexTable } from '../coefficients/registry';
import { type IndexPoint, indexPoint } from '../coefficients/price-index';
import type { Decimal } from '../core/decimal';
import { type Path, fail } from '../core/errors';
import { closest } from '../core/suggest';
import { convertValue, dimensionOf } from '../core/units';
import type { Line, Valuation } from '../indicators/spec';
import { sumInOrder } from './sum';
import type { RecordFound } from './cache';

/** The input's accounting year. */
const YEAR: Path = ['year'];
/** The base year, a year the index lacks there, said once (account options' `baseYear`, the CLI's --base-year). */
const BASE_YEAR: Path = ['options', 'baseYear'];

export type PricePolicy = 'deflate-to-accounting-year' | 'as-published';

/** A valuation priced: at its own price year, at current prices of the accounting year, at base-year prices. */
export interface PricedValuation {
  v: Valuation;
  /** The price index (ref) that moved this valuation between years. */
  index: string;
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
  /** Index values read, keyed "index-ref|year", with the index they come from. */
  readonly used = new Map<string, IndexPoint & { index: string }>();
  constructor(
    readonly index: PriceIndexTable,
    readonly year: number,
    readonly baseYear: number,
    readonly policy: PricePolicy,
    /** Per-price deflator choice: the first rule whose `match` starts the price's key (or "input:<path>"). */
    readonly rules: readonly { match: string; index: PriceIndexTable }[] = [],
  ) {}

  private point(index: PriceIndexTable, y: number, path: Path): IndexPoint {
    const k = `${index.ref}|${y}`;
    const p = this.used.get(k) ?? { ...indexPoint(index, y, path), index: index.ref };
    this.used.set(k, p);
    return p;
  }

  /** I(to)/I(from) by index, year from and year to: computed once per account (40 significant digits). */
  private readonly ratios = new Map<PriceIndexTable, Map<number, Map<number, Decimal>>>();

  /**
   * amount × I(to) / I(from); the identity when the years are equal (no index value needed). A year the index
   * lacks is reported where it was given: `from` of a valuation priced in the input at its price's `priceYear`,
   * the accounting year at the input's `year`, the base year at `options.baseYear` (once: the lines that need it
   * give one issue), else at `path`.
   */
  move(
    amount: Decimal,
    from: number,
    to: number,
    path: Path,
    index: PriceIndexTable = this.index,
    v?: Valuation,
  ): Decimal {
    if (from === to) return amount;
    let byFrom = this.ratios.get(index);
    if (byFrom === undefined) this.ratios.set(index, (byFrom = new Map()));
    let byTo = byFrom.get(from);
    if (byTo === undefined) byFrom.set(from, (byTo = new Map()));
    let ratio = byTo.get(to);
    if (ratio === undefined) {
      const toPath = to === this.year ? YEAR : to === this.baseYear ? BASE_YEAR : path;
      const fromPath = v?.origin.kind === 'input' ? [...v.origin.path, 'priceYear'] : path;
      ratio = this.point(index, to, toPath).value.div(this.point(index, from, fromPath).value);
      byTo.set(to, ratio);
    }
    return amount.times(ratio);
  }

  /** The keys of the prices looked up (`price.…`, `input:<path>`), and the rules that chose an index for one. */
  private readonly keysPriced = new Set<string>();
  private readonly rulesMatched = new Set<number>();

  /** The index for a valuation: a deflator rule matching its origin, else the profile's index. */
  indexFor(v: Valuation): PriceIndexTable {
    const key = v.origin.kind === 'coefficient' ? v.origin.key : `input:${v.origin.path.join('.')}`;
    this.keysPriced.add(key);
    const i = this.rules.findIndex((r) => key.startsWith(r.match));
    if (i < 0) return this.index;
    this.rulesMatched.add(i);
    return (this.rules[i] as (typeof this.rules)[number]).index;
  }

  /**
   * The first `count` rules (the caller's, before the profile's) that chose the index of no price priced so far: a
   * misspelt prefix, or prices an earlier rule takes. `near` is a priced key's start a slip away from the match.
   */
  rulesUnmatched(count: number): { at: number; match: string; index: string; near: string | undefined }[] {
    const keys = [...this.keysPriced];
    return this.rules.slice(0, count).flatMap((r, at) =>
      this.rulesMatched.has(at)
        ? []
        : [
            {
              at,
              match: r.match,
              index: r.index.ref,
              // a rule whose prefix some price has is shadowed by an earlier rule: no slip to suggest
              near: keys.some((k) => k.startsWith(r.match))
                ? undefined
                : closest(r.match, [...new Set(keys.map((k) => k.slice(0, r.match.length)))]),
            },
          ],
    );
  }

  /**
   * A line's valuations at current and comparable prices. `recordPath` locates a price record of the user's tables
   * (a price per another dimension than the line's quantity is the record's fault, reported at the record).
   */
  priceLine(line: Line, recordPath: (c: RecordFound) => Path | undefined = () => undefined): PricedLine {
    const path = line.path ?? [];
    const valuations = line.valuations.map((v): PricedValuation => {
      let atPriceYear: Decimal;
      let priceYear: number;
      if (v.kind === 'unit-price') {
        // The physical quantity in the price's own unit (m³ for a 元/m³ price), then × price.
        const priced = v.quantity ?? line.physical;
        if (priced === null) throw new TypeError(`a unit-price valuation needs a quantity (${v.label})`);
        // A table's price per another dimension (a 元/t reservoir price) is the table's error: named by its key.
        if (v.origin.kind === 'coefficient' && dimensionOf(priced.unit) !== dimensionOf(v.price.per))
          fail('COEFFICIENT_UNIT_MISMATCH', recordPath(v.origin) ?? path, {
            key: v.origin.key,
            actual: `${v.price.money}/${v.price.per}`,
            expected: `money per ${dimensionOf(priced.unit)}`,
          });
        const q = convertValue(priced.value, priced.unit, v.price.per, path);
        atPriceYear = convertValue(q.times(v.price.value), v.price.money, 'yuan');
        priceYear = v.price.priceYear;
      } else {
        atPriceYear = convertValue(v.money.amount, v.money.unit, 'yuan');
        priceYear = v.money.priceYear;
      }
      if (v.factor !== undefined) atPriceYear = atPriceYear.times(v.factor.value);
      const index = this.indexFor(v);
      const current =
        this.policy === 'deflate-to-accounting-year'
          ? this.move(atPriceYear, priceYear, this.year, path, index, v)
          : atPriceYear;
      // At base-year prices: the same operation as the current value when the base year is the year deflated to,
      // so the same Decimal (values are immutable), computed once.
      const comparable =
        this.policy === 'deflate-to-accounting-year' && this.baseYear === this.year
          ? current
          : this.move(atPriceYear, priceYear, this.baseYear, path, index, v);
      return { v, index: index.ref, atPriceYear, current, comparable };
    });
    const current = sumInOrder(valuations.map((p) => p.current));
    // Equal operands in equal order give the same sum: one sum when every comparable value is its current one.
    const comparable = valuations.every((p) => p.comparable === p.current)
      ? current
      : sumInOrder(valuations.map((p) => p.comparable));
    return { line, valuations, current, comparable };
  }
}
