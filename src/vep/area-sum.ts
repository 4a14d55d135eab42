import { type AreaUnit, UNITS, type UnitId, dimensionOf } from '../core/units';
import { pow10 } from './fen';

/**
 * An exact sum of areas in hm², as a fraction of integers (亩 = 1/15 hm² never rounds), so that a summary does
 * not depend on the order of the parcels. Printed rounded only at the end.
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

  /** The sum in hm², rounded half to even to `places` decimals. */
  toFixed(places = 4): string {
    const scale = pow10(places);
    let q = (this.num * scale) / this.den;
    const twice = 2n * (this.num * scale - q * this.den);
    if (twice > this.den || (twice === this.den && q % 2n === 1n)) q += 1n;
    const s = q.toString().padStart(places + 1, '0');
    return places === 0 ? s : `${s.slice(0, -places)}.${s.slice(-places)}`;
  }
}

/** (num, den × 10 000) of each area unit as bigints, made once when the module loads rather than per parcel. */
const FACTORS: ReadonlyMap<string, readonly [bigint, bigint]> = new Map(
  (Object.keys(UNITS) as UnitId[])
    .filter((u) => dimensionOf(u) === 'area')
    .map((u) => [u, [BigInt(UNITS[u].num), BigInt(UNITS[u].den) * 10_000n] as const]),
);

function gcd(a: bigint, b: bigint): bigint {
  while (b !== 0n) [a, b] = [b, a % b];
  return a;
}
const lcm = (a: bigint, b: bigint) => (a / gcd(a, b)) * b;
