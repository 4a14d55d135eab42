import { type AreaUnit, UNITS, type UnitId, dimensionOf } from '../core/units';
import { pow10 } from './fen';
import { gcd, lcm } from './ratio';

/**
 * An exact sum of areas in hm², as a fraction of integers (亩 = 1/15 hm² never rounds), so that a summary does
 * not depend on the order of the parcels. Printed exactly where the sum is a finite decimal (exact()).
 */
export class AreaSum {
  private num = 0n;
  private den = 1n;

  add(value: string, unit: AreaUnit): void {
    const dot = value.indexOf('.');
    const int = BigInt(dot < 0 ? value : value.slice(0, dot) + value.slice(dot + 1));
    const scale = dot < 0 ? 0 : value.length - dot - 1;
    const f = FACTORS.get(unit) as readonly [bigint, bigint];
    const n = int * f[0];
    const d = pow10(scale) * f[1];
    if (this.den % d === 0n) this.num += n * (this.den / d);
    else {
      const l = lcm(this.den, d);
      this.num = this.num * (l / this.den) + n * (l / d);
      this.den = l;
    }
  }

  /** The sum as numerator and denominator (in hm², not reduced): what `addSum` of another AreaSum reads. */
  parts(): readonly [bigint, bigint] {
    return [this.num, this.den];
  }

  /** Add another sum given by its parts (`parts()`: a worker's sum, merged by a pool's coordinator). */
  addSum([num, den]: readonly [bigint, bigint]): void {
    const l = lcm(this.den, den);
    this.num = this.num * (l / this.den) + num * (l / den);
    this.den = l;
  }

  /**
   * The sum in hm²: exactly, as a decimal, when it is one (a sum of areas in hm², m² or km² always is, and a sum of
   * 亩 when its fifteenths cancel); otherwise rounded half to even to ROUNDED_PLACES decimals, with the exact sum
   * as `fraction` (numerator/denominator in lowest terms), so that what the rounding removes is kept.
   */
  exact(): { value: string; fraction?: string } {
    const g = gcd(this.num, this.den);
    const num = this.num / g;
    const den = this.den / g;
    // den = 2^a × 5^b × r: a finite decimal with max(a, b) places when r = 1.
    let r = den;
    let twos = 0;
    let fives = 0;
    while (r % 2n === 0n) [r, twos] = [r / 2n, twos + 1];
    while (r % 5n === 0n) [r, fives] = [r / 5n, fives + 1];
    if (r === 1n) return { value: fixed((num * pow10(Math.max(twos, fives))) / den, Math.max(twos, fives)) };
    return { value: this.toFixed(ROUNDED_PLACES), fraction: `${num}/${den}` };
  }

  /** The sum in hm², rounded half to even to `places` decimals. */
  toFixed(places = 4): string {
    const scale = pow10(places);
    let q = (this.num * scale) / this.den;
    const twice = 2n * (this.num * scale - q * this.den);
    if (twice > this.den || (twice === this.den && q % 2n === 1n)) q += 1n;
    return fixed(q, places);
  }
}

/** Decimals of a sum that is not a finite decimal (10⁻¹⁰ hm² = 10⁻⁶ m²). */
const ROUNDED_PLACES = 10;

/** q × 10^-places as decimal text. */
function fixed(q: bigint, places: number): string {
  const s = q.toString().padStart(places + 1, '0');
  return places === 0 ? s : `${s.slice(0, -places)}.${s.slice(-places)}`;
}

/** (num, den × 10 000) of each area unit as bigints, made once when the module loads rather than per parcel. */
const FACTORS: ReadonlyMap<string, readonly [bigint, bigint]> = new Map(
  (Object.keys(UNITS) as UnitId[])
    .filter((u) => dimensionOf(u) === 'area')
    .map((u) => [u, [BigInt(UNITS[u].num), BigInt(UNITS[u].den) * 10_000n] as const]),
);
