import { Decimal } from '../core/decimal';
import { type Quantity, type UnitId, convertValue, dimensionOf } from '../core/units';
import type { PricedLine, PricedValuation } from './valuation';

/** Sum of the physical quantities of lines in one unit, or null when any line has none or the unit is mixed. */
export function physicalSum(lines: readonly PricedLine[], unit: UnitId | null): Decimal | null {
  if (unit === null || lines.length === 0) return null;
  let s = new Decimal(0);
  for (const { line } of lines) {
    if (line.physical === null) return null;
    s = s.plus(convertValue(line.physical.value, line.physical.unit, unit));
  }
  return s;
}

/** Lines grouped by a key, in order of first appearance. */
export function groupBy<K>(lines: readonly PricedLine[], key: (l: PricedLine) => K): Map<K, PricedLine[]> {
  const m = new Map<K, PricedLine[]>();
  for (const l of lines) {
    const k = key(l);
    const list = m.get(k);
    if (list) list.push(l);
    else m.set(k, [l]);
  }
  return m;
}

/**
 * Current and comparable sums of groups of lines. A group's sums are asked for several times (value, shares,
 * per km²): they are memoised per group array, for the life of this object (one account).
 */
export class GroupSums {
  private readonly memo = new WeakMap<readonly PricedLine[], [Decimal, Decimal]>();
  private of(ls: readonly PricedLine[]): [Decimal, Decimal] {
    let r = this.memo.get(ls);
    if (r === undefined) {
      let c = new Decimal(0);
      let k = new Decimal(0);
      for (const l of ls) {
        c = c.plus(l.current);
        k = k.plus(l.comparable);
      }
      r = [c, k];
      this.memo.set(ls, r);
    }
    return r;
  }
  current(ls: readonly PricedLine[]): Decimal {
    return this.of(ls)[0];
  }
  comparable(ls: readonly PricedLine[]): Decimal {
    return this.of(ls)[1];
  }
}

export interface SubPart {
  line: PricedLine;
  v: PricedValuation;
}

/**
 * Sub-items group valuations, not lines: a valuation may name its own sub-item (soil retention values one
 * retained quantity as reduced siltation and as reduced nutrient loss). Order of first appearance is kept.
 */
export function subItemsOf(lines: readonly PricedLine[]): { key: string | null; parts: SubPart[] }[] {
  const groups = new Map<string | null, SubPart[]>();
  for (const line of lines) {
    for (const v of line.valuations) {
      const key = v.v.subItem ?? line.line.subItem;
      const list = groups.get(key) ?? [];
      list.push({ line, v });
      groups.set(key, list);
    }
    if (line.valuations.length === 0) groups.set(line.line.subItem, groups.get(line.line.subItem) ?? []);
  }
  if (groups.size === 1 && groups.has(null)) return [];
  return [...groups].map(([key, parts]) => ({ key, parts }));
}

/**
 * A sub-item's physical quantity: the valuations' own quantities where they have one, else each line's
 * quantity once (a line priced twice, as R1 with operation cost, is not counted twice). Null when units differ.
 */
export function subPhysical(parts: readonly SubPart[], indicatorUnit: UnitId | null): Quantity | null {
  const quantities: Quantity[] = [];
  const seen = new Set<PricedLine>();
  for (const { line, v } of parts) {
    // A valuation's own quantity stands for its sub-item only when it defines that sub-item (R2's sediment m³);
    // a per-t-C carbon price's t C is not the line's t CO₂ sub-item.
    if (v.v.quantity !== undefined && v.v.subItem !== undefined) quantities.push(v.v.quantity);
    else if (!seen.has(line)) {
      seen.add(line);
      if (line.line.physical === null) return null;
      quantities.push(line.line.physical);
    }
  }
  const first = quantities[0];
  if (first === undefined) return null;
  // The indicator's unit where the quantities share its dimension; else their own unit if they agree.
  const own = quantities.every((q) => q.unit === first.unit) ? first.unit : null;
  const unit =
    indicatorUnit !== null && dimensionOf(indicatorUnit) === dimensionOf(first.unit) ? indicatorUnit : own;
  if (unit === null) return null;
  try {
    return {
      value: quantities.reduce((x, q) => x.plus(convertValue(q.value, q.unit, unit)), new Decimal(0)),
      unit,
    };
  } catch {
    return null; // quantities of different dimensions (m³ of sediment, t of nutrients) have no common total
  }
}
