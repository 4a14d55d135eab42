import { account } from '../account/account';
import { Decimal } from '../core/decimal';
import type { Issue } from '../core/errors';
import { type AreaUnit, UNITS } from '../core/units';
import { type Prepared, engineInput, engineOptions } from './context';
import { type Cell, parcelWarnings, valuesByCell } from './decimal-path';
import { pow10, scaled } from './fen';
import { gcd } from './ratio';

/**
 * The fast path. For one key (records) and one ecosystem type, the engine values a reference parcel of 1 hm²
 * once; a parcel's cell is then area (hm²) × unit value, multiplied exactly as integers and rounded once to the
 * fen, half to even — the same rounding as the decimal path.
 *
 * Why the fen values are equal, not merely close: for the parcel-level methods value(A) = A × value(1 hm²)
 * exactly in real arithmetic (profile.ts). The engine computes both with 40 significant digits, a few dozen
 * roundings of relative error ≤ 5·10⁻⁴⁰ each and no cancellation, so each differs from the real value by far
 * less than ρ = 10⁻³⁰ of it; the fast product is exact. Whenever the fast product lies farther than ρ × value
 * from a half-fen (the only place where rounding to the fen can go either way), both round to the same fen.
 * Otherwise (an exact or near tie) the fast path declines and the parcel goes through the engine. Before a
 * (key, type) is used, the engine is also run at a second area to confirm proportionality within ρ and that its
 * warnings do not depend on the area; a type that fails, or whose lines do not all belong to it, is valued by
 * the engine only.
 */
export interface UnitValues {
  type: string;
  /**
   * False when this type must be valued by the engine (not proportional, lines not owned by the type, or
   * warnings that differ between the two reference areas).
   */
  linear: boolean;
  codes: string[];
  /** Unit values in fen per hm², scaled by 10^scale to integers. */
  fenPerHm2: bigint[];
  scale: number;
  /** The same, as correctly rounded doubles, for the screening step of `fastCells`. */
  approx?: number[];
  warnings: Issue[];
}

/** 1 / ρ: the relative margin kept from a half-fen. */
const RHO_INV = pow10(30);
const PROBE = '37.3';

/** area unit → exact factor to hm² as integers (num, den): 亩 = 1/15 hm², m² = 1/10 000 hm². */
/** Screening bounds: a double product within these is decided by doubles; otherwise by exact integers. */
const SAFE = 2 ** 50;
const FLOAT_MARGIN = 1e-12;

const TO_HM2 = new Map<string, readonly [bigint, bigint]>(
  (Object.keys(UNITS) as (keyof typeof UNITS)[])
    .filter((u) => UNITS[u].dim === 'area')
    .map((u) => {
      const num = BigInt(UNITS[u].num);
      const den = BigInt(UNITS[u].den) * 10_000n;
      const g = gcd(num, den);
      return [u, [num / g, den / g] as const];
    }),
);

/** Run the engine on the reference parcel (1 hm², and the probe area) of one type; throws GepError. */
export function referenceValues(p: Prepared, records: Record<string, unknown>, type: string): UnitValues {
  const one = account(engineInput(p, records, [{ type, value: '1', unit: 'hm2' }]), engineOptions(p));
  const probe = account(engineInput(p, records, [{ type, value: PROBE, unit: 'hm2' }]), engineOptions(p));
  const a = valuesByCell(one);
  const b = valuesByCell(probe);
  const k = new Decimal(PROBE);
  const rho = new Decimal(1).div(RHO_INV.toString());
  // A warning that depends on the area (a negative term's value) cannot be taken from the reference run for
  // another parcel: such a type is valued by the engine, whose run gives the parcel's own warnings.
  const warnings = parcelWarnings(one);
  const sameWarnings =
    JSON.stringify(warnings.map(warningKey)) === JSON.stringify(parcelWarnings(probe).map(warningKey));
  const linear =
    sameWarnings &&
    a.length === b.length &&
    a.every((c, i) => {
      const d = b[i];
      if (d === undefined || c.type !== type || d.type !== type || d.code !== c.code) return false;
      const expected = c.yuan.times(k);
      return expected.minus(d.yuan).abs().lte(expected.abs().times(rho));
    });
  let scale = 0;
  const s = a.map((c) => {
    const x = scaled(c.yuan.times(100));
    scale = Math.max(scale, x.scale);
    return x;
  });
  return {
    type,
    linear,
    codes: a.map((c) => c.code),
    fenPerHm2: s.map((x) => x.int * pow10(scale - x.scale)),
    scale,
    approx: a.map((c) => Number.parseFloat(c.yuan.times(100).toString())),
    warnings,
  };
}

const warningKey = (w: { code: string; path: readonly (string | number)[]; message: { en: string } }) => [
  w.code,
  w.path,
  w.message.en,
];

/**
 * Cells of a parcel by the fast path, or undefined when any cell falls within ρ of a half-fen (the parcel then
 * goes through the engine). `areas` and `units` are aligned: units[i] holds the reference of areas[i].type.
 */
export function fastCells(
  areas: readonly { type: string; value: string; unit: AreaUnit }[],
  units: readonly UnitValues[],
): Cell[] | undefined {
  const cells: Cell[] = [];
  for (let i = 0; i < areas.length; i++) {
    const a = areas[i] as (typeof areas)[number];
    const u = units[i] as UnitValues;
    const f = TO_HM2.get(a.unit) as readonly [bigint, bigint];
    // The area as exact integers (af / den hm², scaled with the unit values), made for the first cell that the
    // screening below does not decide: most parcels have none.
    let af: bigint | undefined;
    let den = 1n;
    // Screening with doubles: x = area (hm²) × unit value (fen/hm²) carries at most five roundings of relative
    // 2⁻⁵³ (parse, × num, ÷ den, parse, ×), i.e. < 6·10⁻¹⁶ of x. When x is below 2⁵⁰ and farther than
    // 10⁻¹² × x + 10⁻⁹ from a half-fen, the exact product rounds to the same fen as x (and is far outside ρ);
    // anything closer is decided by the exact integers below.
    const aHm2 = (Number.parseFloat(a.value) * Number(f[0])) / Number(f[1]);
    const ap = u.approx;
    for (let j = 0; j < u.codes.length; j++) {
      const x = ap === undefined ? -1 : aHm2 * (ap[j] as number);
      if (x >= 0 && x < SAFE) {
        const fl = Math.floor(x);
        const frac = x - fl;
        if (Math.abs(frac - 0.5) > FLOAT_MARGIN * x + 1e-9) {
          cells.push({ code: u.codes[j] as string, type: a.type, fen: BigInt(frac > 0.5 ? fl + 1 : fl) });
          continue;
        }
      }
      if (af === undefined) {
        const dot = a.value.indexOf('.');
        af = BigInt(dot < 0 ? a.value : a.value.slice(0, dot) + a.value.slice(dot + 1)) * f[0];
        den = pow10((dot < 0 ? 0 : a.value.length - dot - 1) + u.scale) * f[1];
      }
      const n = af * (u.fenPerHm2[j] as bigint);
      const neg = n < 0n;
      const m = neg ? -n : n;
      let q = m / den;
      const twice = 2n * (m - q * den);
      const gap = twice > den ? twice - den : den - twice;
      if (gap * RHO_INV <= 2n * m) return undefined; // within ρ of a half-fen: let the engine decide
      if (twice > den) q += 1n;
      cells.push({ code: u.codes[j] as string, type: a.type, fen: neg ? -q : q });
    }
  }
  return cells;
}
