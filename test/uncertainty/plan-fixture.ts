import type { Category } from '../../src/indicators/spec';
import type { Multiplier } from '../../src/uncertainty/distributions';
import type { Parameter } from '../../src/uncertainty/parameters';
import type { Kind, Plan } from '../../src/uncertainty/plan';

interface F {
  p: number;
  kind: Kind;
  a?: number;
  /** A tabulated factor's grid: [x, y] points. */
  table?: [number, number][];
}
interface M {
  ind: number;
  wc: number;
  wk: number;
  factors: F[];
}

/**
 * A plan written by hand: its indicators' categories (codes I0, I1, …), its parameters' distributions (ids p0, p1, …,
 * keys k0, k1, …, all of ecosystem forest) and its monomials.
 */
export function planOf(categories: Category[], dists: Multiplier[], ms: M[]): Plan {
  const factors = ms.flatMap((m) => m.factors);
  const tables = factors.flatMap((f) => (f.table === undefined ? [] : [f.table]));
  const tableStart = [0];
  for (const t of tables) tableStart.push((tableStart[tableStart.length - 1] as number) + t.length);
  const factorStart = [0];
  for (const m of ms) factorStart.push((factorStart[factorStart.length - 1] as number) + m.factors.length);
  let t = 0;
  return {
    parameters: dists.map(
      (distribution, i) => ({ id: `p${i}`, key: `k${i}`, ecosystem: 'forest', distribution }) as Parameter,
    ),
    indicators: categories.map((category, i) => ({ code: `I${i}`, category })),
    monomialIndicator: Int32Array.from(ms.map((m) => m.ind)),
    weightCurrent: Float64Array.from(ms.map((m) => m.wc)),
    weightComparable: Float64Array.from(ms.map((m) => m.wk)),
    factorStart: Int32Array.from(factorStart),
    factorParameter: Int32Array.from(factors.map((f) => f.p)),
    factorKind: Uint8Array.from(factors.map((f) => f.kind)),
    factorA: Float64Array.from(factors.map((f) => f.a ?? 0)),
    factorTable: Int32Array.from(factors.map((f) => (f.table === undefined ? -1 : t++))),
    tableStart: Int32Array.from(tableStart),
    tableX: Float64Array.from(tables.flat().map(([x]) => x)),
    tableY: Float64Array.from(tables.flat().map(([, y]) => y)),
    accounts: 0,
    fallbacks: [],
  };
}
