import { Decimal } from '../core/decimal';
import { type Quantity, type UnitId, convertValue, dimensionOf } from '../core/units';
import { sumInOrder } from './sum';
import type { PricedLine, PricedValuation } from './valuation';

/** Sum of the physical quantities of lines in one unit, or null when any line has none or the unit is mixed. */
export function physicalSum(lines: readonly PricedLine[], unit: UnitId | null): Decimal | null {
  if (unit === null || lines.length === 0) return null;
  const values: Decimal[] = [];
  for (const { line } of lines) {
    if (line.physical === null) return null;
    values.push(convertValue(line.physical.value, line.physical.unit, unit));
  }
  return sumInOrder(values);
}

/** Items (lines) grouped by a key, in order of first appearance. */
export function groupBy<T, K>(lines: readonly T[], key: (l: T) => K): Map<K, T[]> {
  const m = new Map<K, T[]>();
  for (const l of lines) {
    const k = key(l);
    const list = m.get(k);
    if (list) list.push(l);
    else m.set(k, [l]);
  }
  return m;
}

/**
 * Current and comparable sums of groups of lines, and their physical totals. A group's sums are asked for several
 * times (value, shares, per km², the indicator's table and the zone table): they are memoised per group array, for
 * the life of this object (one account). Where every line's comparable value is its current value (the same
 * Decimal: base year = accounting year), the comparable sum is the current one, the same additions in the same
 * order.
 */
export class GroupSums {
  private readonly memo = new WeakMap<readonly PricedLine[], [Decimal, Decimal]>();
  private readonly physical = new WeakMap<readonly PricedLine[], Map<UnitId, Decimal | null>>();
  private of(ls: readonly PricedLine[]): [Decimal, Decimal] {
    let r = this.memo.get(ls);
    if (r === undefined) {
      const current = sumInOrder(ls.map((l) => l.current));
      const same = ls.every((l) => l.comparable === l.current);
      r = [current, same ? current : sumInOrder(ls.map((l) => l.comparable))];
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
  /** physicalSum of a group, memoised per group array and unit. */
  physicalSum(ls: readonly PricedLine[], unit: UnitId | null): Decimal | null {
    if (unit === null) return null;
    let byUnit = this.physical.get(ls);
    if (byUnit === undefined) this.physical.set(ls, (byUnit = new Map()));
    let s = byUnit.get(unit);
    if (s === undefined) byUnit.set(unit, (s = physicalSum(ls, unit)));
    return s;
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
    return { value: sumInOrder(quantities.map((q) => convertValue(q.value, q.unit, unit))), unit };
  } catch {
    return null; // quantities of different dimensions (m³ of sediment, t of nutrients) have no common total
  }
}
