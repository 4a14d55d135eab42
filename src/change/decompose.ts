import { Decimal, shortValue } from '../core/decimal';
import { fail } from '../core/errors';
import { anArray, checkArgument, failArgument } from '../core/options';
import { type UnitId, convertValue, dimensionOf, isUnitId, unitList } from '../core/units';
import { roundFen, yuanOfFen } from './fen';

/**
 * Change of value between two sets of priced lines (two years of a GEP account, two valuations of a parcel),
 * decomposed line by line. A line is one indicator × ecosystem type × sub-item (pollutant, product, …) × zone
 * (where the lines carry one); lines of the same key in one set are added first. Each zone's line keeps its own
 * base unit value, so quantity moved from a cheap zone to a dear one at unchanged prices is a mix effect of the
 * cell, never a price effect. Symbols, per line i, money in 元:
 *
 *   q₀, q₁   physical quantity in the two sets (one unit per line, converted where the units differ)
 *   v₀, v₁   value; p₀ = v₀ / q₀ the base unit value (the price when v = q × p)
 *   QEᵢ = (q₁ − q₀) × p₀          line quantity effect (Laspeyres, at base prices)
 *   PEᵢ = (p₁ − p₀) × q₁          line price effect (Paasche, at current quantities)
 *
 * Lines are then grouped into cells: indicator × ecosystem type, and × sub-item where the indicator's sub-items are
 * goods of their own that no quantity adds up (`separateItem`: COD, NH₃-N and TP; rice and tea: an indicator whose
 * account gives no physical total). Where the lines of a cell share a dimension (one good's lines in several zones;
 * water of three uses; overnight and day visitors), the cell's quantity effect is split into a volume effect at the
 * cell's average base price and a mix (composition) effect:
 *
 *   Q = Σ qᵢ,  P̄₀ = Σ v₀ᵢ / Q₀,   volume VE = (Q₁ − Q₀) × P̄₀,   mix ME = Σ QEᵢ − VE
 *
 * so that, per cell and at every level above it, ΔV = VE + ME + PE + unsplit exactly. In fen, with [x] the
 * rounding of x 元 to the fen (half to even): QEᵢ = [q₁ × p₀] − [v₀], PEᵢ = [v₁] − [q₁ × p₀], VE = [(Q₁ − Q₀) × P̄₀]
 * and ME = Σ QEᵢ − VE, so the identity holds to the fen; each line's QEᵢ and PEᵢ lies within a fen of its real
 * value, VE within ½ fen, and ME (the rest) within a fen per line. Unchanged prices give [q₁ × p₀] = [v₁], so PEᵢ = 0
 * exactly on every line, and an unchanged total quantity gives VE = 0 (but in a cell at one unit value, below): a
 * shift from a cheap zone to a dear one is a mix effect, not a price effect; a shift from one good of its own to
 * another (COD to TP) is the volume effects of their cells.
 *
 * A line without a summable quantity (null quantity, units of different dimensions in the two sets, or a value
 * with zero base quantity) is `unsplit`: its whole change is reported as such, never as a price or quantity
 * effect. A line absent or of zero quantity and value in the first set is `entry`: its whole change is a quantity
 * effect, but where the two sets are zoned differently and the good is held in the base set in other zones: its
 * quantity at the good's base unit value is then its quantity effect, the rest its price effect (atGoodsBase).
 * Where an indicator × ecosystem type is given with quantities in one set and as values alone in the other (products
 * against a gross output), the lines of one set alone there are `unsplit` too (basisChanges). A cell has no
 * volume/mix split, its volume effect Σ QEᵢ (the lines' effects as rounded) and its mix effect 0, when its lines are not of one dimension (`unit` null), its base quantity is zero, it has one summable
 * line only, or all its summable lines are at one unit value (p₀ᵢ = P̄₀, an entering line at v₁/q₁; equal to 30
 * significant digits): then ME = Σ (q₁ᵢ − q₀ᵢ)(p₀ᵢ − P̄₀) is 0 exactly, and the rounding of the lines, which a
 * re-rounded [(Q₁ − Q₀) × P̄₀] could leave as a fen of mix, stays in the volume effect (also when Q₁ = Q₀).
 *
 * By zone (where the lines carry one), each line takes its share of its cell's volume, [(q₁ᵢ − q₀ᵢ) × P̄₀], and the
 * rest of its quantity effect as its share of the mix (zoneShares): the zones add up to the total in every effect.
 */
export interface PricedLine {
  indicator: string;
  ecosystem: string | null;
  /** Sub-item or pollutant; null for an indicator with one line per ecosystem type. */
  item: string | null;
  /** Zone (township) of the line, part of its key; left out where the lines have none (a parcel's valuation). */
  zone?: string | null;
  /**
   * Whether the indicator's sub-items are goods of their own, never added (COD, NH₃-N and TP; rice and tea: the
   * account gives the indicator no physical total): each sub-item is then a cell of its own. An indicator is so when
   * any of its lines, in either set, says so. Default false: the indicator's sub-items form one cell.
   */
  separateItem?: boolean;
  /** Physical quantity in `unit`; null where the line has none that can be summed. */
  quantity: Decimal | null;
  unit: UnitId | null;
  /** Value in 元. */
  value: Decimal;
}

export interface LineChange {
  indicator: string;
  ecosystem: string | null;
  item: string | null;
  /** The line's zone; present only when the priced lines carry one. */
  zone?: string | null;
  kind: 'split' | 'entry' | 'unsplit';
  unit: UnitId | null;
  q0: string | null;
  q1: string | null;
  v0: string;
  v1: string;
  change: string;
  quantityEffect: string;
  priceEffect: string;
  unsplit: string;
}

/** Effects of a group of lines in 元: ΔV = quantityEffect + mixEffect + priceEffect + unsplit. */
export interface Effects {
  v0: string;
  v1: string;
  change: string;
  /** Volume effect: the change of the summed quantity at the average base price (Σ line effects if no sum). */
  quantityEffect: string;
  /** Composition effect: Σ line quantity effects − volume effect. */
  mixEffect: string;
  priceEffect: string;
  unsplit: string;
}

export interface CellChange extends Effects {
  indicator: string;
  ecosystem: string | null;
  /** The sub-item of a cell of one good of its own (`separateItem`); null where the cell holds the indicator's sub-items. */
  item: string | null;
  /** Unit of the summed quantity; null when the cell's lines have no common dimension. */
  unit: UnitId | null;
  q0: string | null;
  q1: string | null;
  /** Number of lines (sub-items) in the cell. */
  lines: number;
}

export interface Decomposition {
  lines: LineChange[];
  cells: CellChange[];
  byIndicator: ({ indicator: string } & Effects)[];
  byEcosystem: ({ ecosystem: string | null } & Effects)[];
  /**
   * By zone, where the lines carry one (null: region-wide lines), in order of first appearance: the sums of the
   * lines' shares of their cells' effects (zoneShares), so that the zones add up to the total in every effect.
   */
  byZone?: ({ zone: string | null } & Effects)[];
  total: Effects;
  /** Σ fen of each set (for reconciliation against reported totals). */
  fen: { v0: bigint; v1: bigint };
  /** The zones of each set's lines, present when they differ: entering lines of a good were valued at its base. */
  rezoned?: { a: string[]; b: string[] };
  /**
   * Where the sets carry the same zones: goods held region-wide (zone null) in one set and by zone alone in the
   * other, with the zones of their lines in each; their entering lines were valued at the good's base.
   */
  rezonedGoods?: {
    indicator: string;
    ecosystem: string | null;
    item: string | null;
    a: (string | null)[];
    b: (string | null)[];
  }[];
  /** Indicator × ecosystem type groups given with quantities in one set and as values alone in the other. */
  basisChanged?: { indicator: string; ecosystem: string | null }[];
  /** Indicator × ecosystem type groups where each set has sub-items the other lacks (a rename, or two goods). */
  unmatchedItems?: { indicator: string; ecosystem: string | null; a: string[]; b: string[] }[];
}

interface Parts {
  v0: bigint;
  v1: bigint;
  qe: bigint;
  mix: bigint;
  pe: bigint;
  un: bigint;
}
const zero = (): Parts => ({ v0: 0n, v1: 0n, qe: 0n, mix: 0n, pe: 0n, un: 0n });
function add(a: Parts, b: Parts): void {
  a.v0 += b.v0;
  a.v1 += b.v1;
  a.qe += b.qe;
  a.mix += b.mix;
  a.pe += b.pe;
  a.un += b.un;
}
function effects(p: Parts): Effects {
  return {
    v0: yuanOfFen(p.v0),
    v1: yuanOfFen(p.v1),
    change: yuanOfFen(p.v1 - p.v0),
    quantityEffect: yuanOfFen(p.qe),
    mixEffect: yuanOfFen(p.mix),
    priceEffect: yuanOfFen(p.pe),
    unsplit: yuanOfFen(p.un),
  };
}
function bucket<K>(m: Map<K, Parts>, k: K): Parts {
  let p = m.get(k);
  if (p === undefined) m.set(k, (p = zero()));
  return p;
}

/** One side of a line key: quantity (null when not summable) in `unit`, and value. */
interface Side {
  unit: UnitId | null;
  q: Decimal | null;
  v: Decimal;
}

/** Whether a quantity in `from` converts into `to`: the units are of one dimension. */
function convertible(from: UnitId, to: UnitId): boolean {
  return dimensionOf(from) === dimensionOf(to);
}

/** Σ of decimals (0 for none). */
function sum(xs: readonly Decimal[]): Decimal {
  return xs.reduce((s, x) => s.plus(x), new Decimal(0));
}

/** Key of a line: indicator × ecosystem × item, × zone when the line carries one (undefined drops out). */
const lineKey = (l: PricedLine): string =>
  JSON.stringify(
    l.zone === undefined ? [l.indicator, l.ecosystem, l.item] : [l.indicator, l.ecosystem, l.item, l.zone],
  );

function sidesOf(lines: readonly PricedLine[]): Map<string, Side> {
  const m = new Map<string, Side>();
  for (const l of lines) {
    const k = lineKey(l);
    const s = m.get(k);
    if (s === undefined) {
      const q = l.unit === null ? null : l.quantity;
      m.set(k, { unit: q === null ? null : l.unit, q, v: l.value });
      continue;
    }
    s.v = s.v.plus(l.value);
    // A side with a quantity has its unit (s.unit is set with s.q and never changed).
    s.q =
      s.q === null || l.quantity === null || l.unit === null || !convertible(l.unit, s.unit as UnitId)
        ? null
        : s.q.plus(convertValue(l.quantity, l.unit, s.unit as UnitId));
  }
  return m;
}

interface LineWork {
  out: LineChange;
  parts: Parts;
  /** Exact quantities and values for the cell's volume (null quantities for an unsplit line). */
  q0: Decimal | null;
  q1: Decimal | null;
  v0: Decimal;
  v1: Decimal;
  /** An entering line of a good the base set holds in other zones: its quantity at that good's base unit value. */
  atGoodBase?: Decimal;
  /** The set that alone holds the line ('a' or 'b'); undefined for a line of both. */
  only?: 'a' | 'b';
  /** The line's share of its cell's volume and mix effects, in fen (set by cellOf; Σ over the cell = the cell's). */
  volume?: bigint;
  mix?: bigint;
}

/** One line: kind, quantities in one unit, fen parts. */
function lineOf(key: string, x: Side | undefined, y: Side | undefined): LineWork {
  const [indicator, ecosystem, item, ...zone] = JSON.parse(key) as [string, ...(string | null)[]];
  const unit = x?.unit ?? y?.unit ?? null;
  const absent = unit === null ? null : new Decimal(0); // the quantity of a side without the line
  const q0 = x === undefined ? absent : x.q;
  // b's quantity in the line's unit, a's where a has one (a side with a quantity has a unit, so `unit` is not null)
  const q1 =
    y === undefined
      ? absent
      : y.q === null || !convertible(y.unit as UnitId, unit as UnitId)
        ? null
        : convertValue(y.q, y.unit as UnitId, unit as UnitId);
  const v0 = x?.v ?? new Decimal(0);
  const v1 = y?.v ?? new Decimal(0);
  const p: Parts = { ...zero(), v0: roundFen(v0), v1: roundFen(v1) };
  const dv = p.v1 - p.v0;
  let kind: LineChange['kind'];
  if (q0 === null || q1 === null || (q0.isZero() && !v0.isZero())) {
    kind = 'unsplit';
    p.un = dv;
  } else if (q0.isZero()) {
    kind = 'entry';
    p.qe = dv;
  } else {
    kind = 'split';
    const atBase = roundFen(q1.times(v0).div(q0)); // [q₁ × p₀], p₀ = v₀/q₀: one division, one rounding
    p.qe = atBase - p.v0;
    p.pe = p.v1 - atBase;
  }
  const e = effects(p);
  const out: LineChange = {
    indicator,
    ecosystem: ecosystem as string | null,
    item: item as string | null,
    ...(zone.length === 0 ? {} : { zone: zone[0] as string | null }),
    kind,
    unit,
    q0: q0?.toFixed() ?? null,
    q1: q1?.toFixed() ?? null,
    v0: e.v0,
    v1: e.v1,
    change: e.change,
    quantityEffect: e.quantityEffect,
    priceEffect: e.priceEffect,
    unsplit: e.unsplit,
  };
  const split = kind !== 'unsplit';
  const only = y === undefined ? 'a' : x === undefined ? 'b' : undefined;
  return {
    out,
    parts: p,
    q0: split ? q0 : null,
    q1: split ? q1 : null,
    v0,
    v1,
    ...(only !== undefined ? { only } : {}),
  };
}

/**
 * The indicator × ecosystem type groups whose data basis changed between the sets: goods (indicator × ecosystem ×
 * sub-item, whatever their zone) of one set alone with quantities (rice, tea: products) against goods of the other
 * alone without one (a gross output in 元), or the other way. The quantities of the one did not fall to zero; they
 * were given another way. Every line of a good of one set alone in such a group is made `unsplit` (its whole change,
 * neither a quantity nor a price effect), so a switch from products to gross output is not a fall of volume and a
 * rise of unsplit value. A good of both sets in other zones (a county zoned anew) is no good of one set alone.
 */
function basisChanges(works: LineWork[]): { indicator: string; ecosystem: string | null }[] {
  const inA = new Set(works.filter((w) => w.only !== 'b').map((w) => goodOf(w.out)));
  const inB = new Set(works.filter((w) => w.only !== 'a').map((w) => goodOf(w.out)));
  const aloneIn = (w: LineWork): 'a' | 'b' | undefined => {
    const g = goodOf(w.out);
    return inB.has(g) ? (inA.has(g) ? undefined : 'b') : 'a';
  };
  const groups = new Map<string, { w: LineWork; only: 'a' | 'b' }[]>();
  for (const w of works) {
    const only = aloneIn(w);
    if (only === undefined) continue;
    const k = JSON.stringify([w.out.indicator, w.out.ecosystem]);
    const g = groups.get(k);
    if (g === undefined) groups.set(k, [{ w, only }]);
    else g.push({ w, only });
  }
  const changed: { indicator: string; ecosystem: string | null }[] = [];
  for (const ws of groups.values()) {
    const counted = (side: 'a' | 'b') => ws.some((x) => x.only === side && x.w.out.kind !== 'unsplit');
    const uncounted = (side: 'a' | 'b') => ws.some((x) => x.only === side && x.w.out.kind === 'unsplit');
    if (!((counted('a') && uncounted('b')) || (counted('b') && uncounted('a')))) continue;
    const first = (ws[0] as { w: LineWork }).w;
    changed.push({ indicator: first.out.indicator, ecosystem: first.out.ecosystem });
    for (const { w } of ws) {
      if (w.out.kind === 'unsplit') continue;
      w.out.kind = 'unsplit';
      w.parts.qe = 0n;
      w.parts.pe = 0n;
      w.parts.un = w.parts.v1 - w.parts.v0;
      const e = effects(w.parts);
      w.out.quantityEffect = e.quantityEffect;
      w.out.priceEffect = e.priceEffect;
      w.out.unsplit = e.unsplit;
      w.q0 = null;
      w.q1 = null;
    }
  }
  return changed;
}

/** The good of a line: indicator × ecosystem × item, its zone left out. */
const goodOf = (l: LineChange): string => JSON.stringify([l.indicator, l.ecosystem, l.item]);

/**
 * Where the two sets are zoned differently (zoningsDiffer), an entering line (absent from the base set, a positive
 * quantity in the later one) of a good the base set holds in other zones (the same indicator, ecosystem type and
 * sub-item: a county that begins to report by township, or renumbers its townships) is the same good, not a new
 * one: its quantity effect is its quantity at the good's base unit value, P₀ = Σ v₀ / Σ q₀ over the good's base
 * lines, [q₁ × P₀], and its price effect the rest, [v₁] − [q₁ × P₀]. Without it a price change of the good would be
 * the whole value of the entering line against the leaving one, a mix effect of the cell. Where both sets carry the same zones, a zone's entering line is a zone that begins
 * to hold the good at its own unit value (a township's first hydropower): its whole change is a quantity effect,
 * and its unit value a part of the cell's composition; so is a good new to the cell in any case.
 */
function atGoodsBase(works: LineWork[], only?: ReadonlySet<string>): void {
  const base = new Map<string, { unit: UnitId; q: Decimal; v: Decimal } | null>();
  for (const w of works) {
    if (only !== undefined && !only.has(goodOf(w.out))) continue;
    // a base line of the good: split, with a quantity (an unsplit line has none, an entering one 0)
    if (w.q0 === null || w.q0.isZero()) continue;
    const k = goodOf(w.out);
    const b = base.get(k);
    const unit = w.out.unit as UnitId;
    if (b === undefined) base.set(k, { unit, q: w.q0, v: w.v0 });
    else if (b !== null)
      base.set(
        k,
        convertible(unit, b.unit)
          ? { unit: b.unit, q: b.q.plus(convertValue(w.q0, unit, b.unit)), v: b.v.plus(w.v0) }
          : null,
      );
  }
  for (const w of works) {
    if (w.out.kind !== 'entry' || w.q1 === null || w.q1.isZero()) continue;
    const b = base.get(goodOf(w.out));
    if (b === undefined || b === null || !convertible(w.out.unit as UnitId, b.unit)) continue;
    w.atGoodBase = convertValue(w.q1, w.out.unit as UnitId, b.unit)
      .times(b.v)
      .div(b.q);
    w.parts.qe = roundFen(w.atGoodBase);
    w.parts.pe = w.parts.v1 - w.parts.qe;
    const e = effects(w.parts);
    w.out.quantityEffect = e.quantityEffect;
    w.out.priceEffect = e.priceEffect;
  }
}

/**
 * Relative difference below which two unit values are one: the engine carries 40 significant digits, so lines priced
 * at one price (a value q × p, deflated, summed) give unit values v/q that differ in their last few digits only. Unit
 * values this close move a mix effect Σ (q₁ᵢ − q₀ᵢ)(p₀ᵢ − P̄₀) by at most 2 × 10⁻³⁰ of Σ |q₁ᵢ − q₀ᵢ| × p₀, the lines'
 * change of quantity at that unit value: far below a fen for any amount an account holds.
 */
const ONE_PRICE = new Decimal('1e-30');

/**
 * Whether the summable lines of a cell, their quantities in the cell's unit, are all valued at one unit value, so
 * that the composition cannot change the cell's value: mix = Σ (q₁ᵢ − q₀ᵢ)(p₀ᵢ − P̄₀) = 0 when every p₀ᵢ = P̄₀. A
 * line of the base set is valued at its base unit value v₀/q₀; a line entering (q₀ = 0) at v₁/q₁, the value its
 * quantity effect counts; a line of no quantity and no value in either set adds nothing. A line entering with a
 * value but no quantity has no unit value: not one price.
 */
function atOnePrice(
  ls: readonly { q0: Decimal; q1: Decimal; v0: Decimal; v1: Decimal; atGoodBase?: Decimal }[],
): boolean {
  let first: Decimal | undefined;
  for (const { q0, q1, v0, v1, atGoodBase } of ls) {
    let p: Decimal;
    if (!q0.isZero()) p = v0.div(q0);
    else if (!q1.isZero()) p = (atGoodBase ?? v1).div(q1);
    else if (v1.isZero()) continue;
    else return false;
    if (first === undefined) first = p;
    else if (p.minus(first).abs().gt(first.abs().times(ONE_PRICE))) return false;
  }
  return true;
}

/**
 * The summable lines' shares of a split cell's volume VE = [(Q₁ − Q₀) × P̄₀] and mix ME (zoneShares): line i's volume
 * is its own change of quantity at the cell's average base unit value, [(q₁ᵢ − q₀ᵢ) × P̄₀], and its mix the rest of its
 * quantity effect, QEᵢ − volumeᵢ, that is (q₁ᵢ − q₀ᵢ)(p₀ᵢ − P̄₀) within rounding. Since Σ (q₁ᵢ − q₀ᵢ) × P̄₀ =
 * (Q₁ − Q₀) × P̄₀, the shares rounded to the fen miss VE by the rounding alone (½ fen a line at most), which goes to
 * the line of the largest share (the first of them): Σ volumeᵢ = VE and Σ mixᵢ = ME exactly. `ws` and `inUnit` are
 * the summable lines in one order, their quantities in the cell's unit.
 */
function shareVolume(
  ws: readonly LineWork[],
  inUnit: readonly { q0: Decimal; q1: Decimal }[],
  v0: Decimal,
  q0: Decimal,
  volume: bigint,
): void {
  const exact = inUnit.map((l) => l.q1.minus(l.q0).times(v0).div(q0));
  const shares = exact.map(roundFen);
  let largest = 0;
  exact.forEach((x, i) => {
    if (x.abs().gt((exact[largest] as Decimal).abs())) largest = i;
  });
  shares[largest] = (shares[largest] as bigint) + volume - shares.reduce((n, x) => n + x, 0n);
  ws.forEach((w, i) => {
    w.volume = shares[i] as bigint;
    w.mix = w.parts.qe - w.volume;
  });
}

/**
 * A cell from its lines: Σ parts, and the volume/mix split of Σ QEᵢ where two or more summable lines share a
 * dimension and a positive base quantity, at more than one unit value. A cell of one summable line, or of lines all
 * at one unit value (atOnePrice), has no composition to change: its volume effect is Σ QEᵢ, the lines' effects as
 * rounded (the volume re-rounded as [(Q₁ − Q₀) × P̄₀] could differ from it by a fen and leave that fen as mix).
 */
function cellOf(
  indicator: string,
  ecosystem: string | null,
  item: string | null,
  ws: readonly LineWork[],
): { out: CellChange; parts: Parts } {
  const p = zero();
  for (const w of ws) add(p, w.parts);
  // A summable line has both quantities and a unit (LineWork). Its quantities in the cell's unit, the first line's:
  // none when the cell has no summable line or their units are not of one dimension.
  const summable = ws.filter((w) => w.q0 !== null);
  const unit = summable[0]?.out.unit ?? null;
  const inUnit =
    unit === null || summable.some((w) => !convertible(w.out.unit as UnitId, unit))
      ? null
      : summable.map((w) => ({
          q0: convertValue(w.q0 as Decimal, w.out.unit as UnitId, unit),
          q1: convertValue(w.q1 as Decimal, w.out.unit as UnitId, unit),
          v0: w.v0,
          v1: w.v1,
          ...(w.atGoodBase !== undefined ? { atGoodBase: w.atGoodBase } : {}),
        }));
  let q0: Decimal | null = null;
  let q1: Decimal | null = null;
  // Without a split, each line's share of the cell's volume is its quantity effect, of its mix 0 (zoneShares).
  for (const w of ws) {
    w.volume = w.parts.qe;
    w.mix = 0n;
  }
  if (inUnit !== null) {
    q0 = sum(inUnit.map((l) => l.q0));
    q1 = sum(inUnit.map((l) => l.q1));
    // One summable line is at one unit value (atOnePrice), or its base quantity is 0: no split.
    if (!q0.isZero() && !atOnePrice(inUnit)) {
      const lineQe = p.qe;
      const v0 = sum(inUnit.map((l) => l.v0));
      p.qe = roundFen(q1.minus(q0).times(v0).div(q0)); // (Q₁ − Q₀) × P̄₀, P̄₀ = Σ v₀ / Q₀
      p.mix = lineQe - p.qe;
      shareVolume(summable, inUnit, v0, q0, p.qe);
    }
  }
  const out: CellChange = {
    indicator,
    ecosystem,
    item,
    unit: inUnit === null ? null : unit,
    q0: q0?.toFixed() ?? null,
    q1: q1?.toFixed() ?? null,
    lines: ws.length,
    ...effects(p),
  };
  return { out, parts: p };
}

/**
 * Decompose the change from lines `a` to lines `b` (see the formula block above). Order of the output: lines
 * and cells in order of first appearance (a, then lines new in b).
 *
 * @example
 * // Hydropower 5,000 → 3,000 万kWh at 3,000 元/万kWh in Z01, 4,800 → 6,800 at 3,600 in Z02: price effect 0.00,
 * // volume 0.00, mix 1,200,000.00 (2,000 万kWh moved to the dearer zone)
 * const u = 'wan_kWh' as UnitId;
 * const l = (zone: string, q: number, p: number) =>
 *   ({ indicator: 'M6', ecosystem: null, item: 'hydropower', zone, quantity: new Decimal(q), unit: u, value: new Decimal(p * q) });
 * decomposeChange([l('Z01', 5000, 3000), l('Z02', 4800, 3600)], [l('Z01', 3000, 3000), l('Z02', 6800, 3600)]).total;
 */
export function decomposeChange(a: readonly PricedLine[], b: readonly PricedLine[]): Decomposition {
  checkArgument(anArray, a, ['a']);
  checkArgument(anArray, b, ['b']);
  // A line of another kind (null, a value that is no Decimal) is ARGUMENT_INVALID at its place, and a unit outside
  // the catalogue (a JavaScript caller's text) is refused, never read as a quantity of no dimension.
  for (const [set, ls] of [
    ['a', a],
    ['b', b],
  ] as const)
    ls.forEach((l, i) => {
      if (typeof l !== 'object' || l === null || Array.isArray(l)) failArgument([set, i], 'object', l);
      if (typeof l.indicator !== 'string') failArgument([set, i, 'indicator'], 'string', l.indicator);
      if (!Decimal.isDecimal(l.value)) failArgument([set, i, 'value'], 'Decimal', l.value);
      if (l.quantity !== null && !Decimal.isDecimal(l.quantity))
        failArgument([set, i, 'quantity'], 'Decimal or null', l.quantity);
      if (l.unit !== null && !isUnitId(l.unit))
        fail('UNIT_UNKNOWN', [set, i, 'unit'], { unit: shortValue(l.unit), allowed: unitList() });
    });
  const sa = sidesOf(a);
  const sb = sidesOf(b);
  const keys = [...new Set([...sa.keys(), ...sb.keys()])];
  const works = keys.map((k) => lineOf(k, sa.get(k), sb.get(k)));
  const rezoned = zoningsDiffer(a, b);
  const rezonedGoods = rezoned === undefined ? goodsRezoned(a, b) : [];
  if (rezoned !== undefined) atGoodsBase(works);
  else if (rezonedGoods.length > 0)
    atGoodsBase(works, new Set(rezonedGoods.map((g) => JSON.stringify([g.indicator, g.ecosystem, g.item]))));
  const basisChanged = basisChanges(works);
  const unmatched = unmatchedItems(a, b, basisChanged);
  const separate = new Set([...a, ...b].filter((l) => l.separateItem === true).map((l) => l.indicator));
  const groups = new Map<string, LineWork[]>();
  for (const w of works) {
    const k = JSON.stringify([
      w.out.indicator,
      w.out.ecosystem,
      separate.has(w.out.indicator) ? w.out.item : null,
    ]);
    const g = groups.get(k);
    if (g === undefined) groups.set(k, [w]);
    else g.push(w);
  }
  const cells: CellChange[] = [];
  const total = zero();
  const byInd = new Map<string, Parts>();
  const byEco = new Map<string | null, Parts>();
  for (const [k, ws] of groups) {
    const [indicator, ecosystem, item] = JSON.parse(k) as [string, string | null, string | null];
    const { out, parts: p } = cellOf(indicator, ecosystem, item, ws);
    cells.push(out);
    add(total, p);
    add(bucket(byInd, indicator), p);
    add(bucket(byEco, ecosystem), p);
  }
  const byZone = zoneShares(works);
  return {
    lines: works.map((w) => w.out),
    cells,
    byIndicator: [...byInd].map(([indicator, p]) => ({ indicator, ...effects(p) })),
    byEcosystem: [...byEco].map(([ecosystem, p]) => ({ ecosystem, ...effects(p) })),
    ...(byZone === undefined ? {} : { byZone }),
    total: effects(total),
    fen: { v0: total.v0, v1: total.v1 },
    ...(rezoned !== undefined ? { rezoned } : {}),
    ...(rezonedGoods.length > 0 ? { rezonedGoods } : {}),
    ...(basisChanged.length > 0 ? { basisChanged } : {}),
    ...(unmatched.length > 0 ? { unmatchedItems: unmatched } : {}),
  };
}

/**
 * The effects by zone, where the lines carry one (undefined where none does: a parcel's valuation): each zone the sum
 * of its lines' values, price effects and unsplit, and of their shares of their cells' volume and mix (cellOf,
 * shareVolume). Every effect of the zones then adds up to the total's exactly, also where a cell's lines lie in
 * several zones (a good moved between zones, valued at its base across zones, or given another way in another
 * zone): a line's share of its cell's volume is its change of quantity at the cell's average base unit value, its
 * share of the mix its change of quantity times the difference of its own base unit value from that average. A cell
 * without a split (one line, lines at one unit value, no summable quantity) gives each line its quantity effect as
 * volume. Zones in order of first appearance (null for region-wide lines).
 */
function zoneShares(works: readonly LineWork[]): ({ zone: string | null } & Effects)[] | undefined {
  if (!works.some((w) => w.out.zone !== undefined)) return undefined;
  const m = new Map<string | null, Parts>();
  for (const w of works)
    add(bucket(m, w.out.zone ?? null), {
      ...w.parts,
      qe: w.volume ?? w.parts.qe,
      mix: w.mix ?? 0n,
    });
  return [...m].map(([zone, p]) => ({ zone, ...effects(p) }));
}

/**
 * Indicator × ecosystem type groups where each set has sub-items the other lacks (稻谷 Rice in one year, 稻谷 in the
 * next): a sub-item renamed reads as one good leaving and another entering, its price change a quantity effect. The
 * decomposition cannot tell a rename from a new product, so the caller warns with both lists. Groups whose basis
 * changed (basisChanges) are warned of as such.
 */
function unmatchedItems(
  a: readonly PricedLine[],
  b: readonly PricedLine[],
  basisChanged: readonly { indicator: string; ecosystem: string | null }[],
): { indicator: string; ecosystem: string | null; a: string[]; b: string[] }[] {
  const changed = new Set(basisChanged.map((g) => JSON.stringify([g.indicator, g.ecosystem])));
  const itemsOf = (ls: readonly PricedLine[]) => {
    const m = new Map<string, Set<string>>();
    for (const l of ls) {
      if (l.item === null) continue;
      const k = JSON.stringify([l.indicator, l.ecosystem]);
      const set = m.get(k) ?? new Set<string>();
      set.add(l.item);
      m.set(k, set);
    }
    return m;
  };
  const [ia, ib] = [itemsOf(a), itemsOf(b)];
  const out: { indicator: string; ecosystem: string | null; a: string[]; b: string[] }[] = [];
  for (const [k, xs] of ia) {
    const ys = ib.get(k);
    if (ys === undefined || changed.has(k)) continue;
    const onlyA = [...xs].filter((x) => !ys.has(x));
    const onlyB = [...ys].filter((y) => !xs.has(y));
    if (onlyA.length === 0 || onlyB.length === 0) continue;
    const [indicator, ecosystem] = JSON.parse(k) as [string, string | null];
    out.push({ indicator, ecosystem, a: onlyA, b: onlyB });
  }
  return out;
}

/**
 * Where both sets carry the same zones (zoningsDiffer undefined), the goods (indicator, ecosystem type, sub-item)
 * held region-wide (zone null) in one set and by zone alone in the other: a county that moves a good from its
 * region-wide line to a township's (hydropower given for the county, then for the township of its plant). Its
 * entering lines are the same good, valued at its base unit value (atGoodsBase), as where the sets are zoned
 * differently; without it a price change of the good was the entering line's value against the leaving one's, a mix
 * effect. Each good with the zones of its lines in each set (null: region-wide), in the order first seen.
 */
function goodsRezoned(
  a: readonly PricedLine[],
  b: readonly PricedLine[],
): {
  indicator: string;
  ecosystem: string | null;
  item: string | null;
  a: (string | null)[];
  b: (string | null)[];
}[] {
  const zonesOf = (ls: readonly PricedLine[]) => {
    const m = new Map<string, Set<string | null>>();
    for (const l of ls) {
      const k = JSON.stringify([l.indicator, l.ecosystem, l.item]);
      let z = m.get(k);
      if (z === undefined) m.set(k, (z = new Set()));
      z.add(l.zone ?? null);
    }
    return m;
  };
  const [za, zb] = [zonesOf(a), zonesOf(b)];
  const out: ReturnType<typeof goodsRezoned> = [];
  for (const [k, inA] of za) {
    const inB = zb.get(k);
    if (inB === undefined || inA.has(null) === inB.has(null)) continue;
    const [indicator, ecosystem, item] = JSON.parse(k) as [string, string | null, string | null];
    out.push({ indicator, ecosystem, item, a: [...inA], b: [...inB] });
  }
  return out;
}

/**
 * The zones each set's lines carry, when they differ (a county that begins to report by township, or renumbers its
 * townships): then a zone of one set is no zone of the other, and an entering line of a good the base set holds is
 * the same good (atGoodsBase). Undefined when both sets carry the same zones, or none (a parcel's valuation); a
 * region-wide line (zone null) is in no zone.
 */
function zoningsDiffer(
  a: readonly PricedLine[],
  b: readonly PricedLine[],
): { a: string[]; b: string[] } | undefined {
  // A region-wide line (zone null) is in no zone: a year without one is not zoned otherwise.
  const zones = (ls: readonly PricedLine[]) => [
    ...new Set(ls.flatMap((l) => (l.zone === undefined || l.zone === null ? [] : [l.zone]))),
  ];
  const [za, zb] = [zones(a), zones(b)];
  const inB = new Set(zb);
  return za.length === zb.length && za.every((z) => inB.has(z)) ? undefined : { a: za, b: zb };
}
