import { z } from 'zod';
import { Decimal, Rounding, type RoundingName } from '../core/decimal';
import { GepError, type Issue, type Path } from '../core/errors';
import { type UnitId, convertValue, parseUnit } from '../core/units';
import { vepIssue } from './errors';
import { roundFen, yuanOfFen } from './fen';
import { vepZodIssues } from './issues';

/**
 * Change accounting between two accounts (two years, or two scenarios): the change of each indicator on each
 * ecosystem type is split into
 *
 *   quantity effect (Laspeyres, at base prices)  QE = (Q₁ − Q₀) × P₀,   P₀ = V₀ / Q₀
 *   price effect    (Paasche, at current quantities) PE = (P₁ − P₀) × Q₁
 *
 * with QE + PE = Q₁P₁ − Q₀P₀ = V₁ − V₀ exactly in real arithmetic. In fen: V₀, V₁ and QE are each rounded once to
 * the fen (half to even) and PE is V₁ − V₀ − QE, so the identity holds to the fen at every level (cell, indicator,
 * type, total) — sums of fen are exact. PE then differs from (P₁ − P₀) × Q₁ by at most one fen (rounding of QE).
 *
 * Cells without a summable physical quantity (mixed products, a money-only line) cannot be split: their whole
 * change is reported as `unsplit`, never as a price or quantity effect. A cell absent or of zero quantity in the
 * first account (Q₀ = 0, P₀ undefined) is `entry`: its whole change is a quantity effect.
 */
export interface ChangeCell {
  indicator: string;
  type: string | null;
  kind: 'split' | 'entry' | 'unsplit';
  unit: string | null;
  q0: string | null;
  q1: string | null;
  v0: string;
  v1: string;
  change: string;
  quantityEffect: string;
  priceEffect: string;
  unsplit: string;
}

interface Parts {
  v0: bigint;
  v1: bigint;
  qe: bigint;
  pe: bigint;
  un: bigint;
}
const zero = (): Parts => ({ v0: 0n, v1: 0n, qe: 0n, pe: 0n, un: 0n });
const add = (a: Parts, b: Parts) => {
  a.v0 += b.v0;
  a.v1 += b.v1;
  a.qe += b.qe;
  a.pe += b.pe;
  a.un += b.un;
};
const out = (p: Parts) => ({
  v0: yuanOfFen(p.v0),
  v1: yuanOfFen(p.v1),
  change: yuanOfFen(p.v1 - p.v0),
  quantityEffect: yuanOfFen(p.qe),
  priceEffect: yuanOfFen(p.pe),
  unsplit: yuanOfFen(p.un),
});

function bucket<K>(m: Map<K, Parts>, k: K): Parts {
  let p = m.get(k);
  if (p === undefined) m.set(k, (p = zero()));
  return p;
}

export interface ChangeOptions {
  /** Values compared: current prices of each account's year (default), or comparable prices (same base year). */
  prices?: 'current' | 'comparable';
}

export interface ChangeResult {
  a: { region: string; year: number; profile: string; priceYear: number };
  b: { region: string; year: number; profile: string; priceYear: number };
  prices: 'current' | 'comparable';
  decomposition: string;
  total: ReturnType<typeof out>;
  byIndicator: ({ indicator: string } & ReturnType<typeof out>)[];
  byEcosystem: ({ type: string | null } & ReturnType<typeof out>)[];
  cells: ChangeCell[];
  /** Σ cells of V₁ − V₀ against the accounts' own reported GEP change (rounded sums differ by rounding only). */
  reconciliation: { reportedChange: string; cellsChange: string; difference: string };
  /**
   * The identity against the inputs: Σ over cells of QE + PE + unsplit (`effects`) beside the direct difference
   * of the two accounts' own GEP totals, each rounded to the fen (`direct`); `residual` = direct − effects is
   * rounding only, |residual| ≤ `bound`. It is checked account by account: the cells of each account must
   * reproduce that account's own GEP total to within its rounding bound (`roundingBound`), or the account is
   * refused (VEP_RESULT_INVALID at its `totals.gep`); the residual is the difference of the two accounts' gaps,
   * so its bound is the sum of theirs.
   */
  identity: { effects: string; direct: string; residual: string; bound: string };
  warnings: Issue[];
}

const dec = z.string().regex(/^-?\d+(\.\d+)?$/, 'a decimal string');
const pair = z.object({ current: dec, comparable: dec });
// A physical unit must be one of the catalogue's: an unknown one cannot be compared, so it is refused rather than
// turning its cell into an "unsplit" change.
const phys = z
  .object({
    value: dec,
    unit: z.string().refine((u) => parseUnit(u) !== undefined, 'a unit of the catalogue'),
  })
  .nullable();

/**
 * The parts of an account result (src/account/result-schema.ts) that change accounting reads; other fields are
 * ignored, so results of other gepkit versions with the same core fields are accepted.
 */
export const changeInputSchema = z.object({
  region: z.object({ name: z.string() }),
  year: z.number().int(),
  profile: z.object({ id: z.string(), version: z.string() }),
  classification: z.object({ ref: z.string() }),
  prices: z.object({ currentYear: z.number().int(), baseYear: z.number().int() }),
  rounding: z.union([
    z.literal('exact'),
    z.object({ money: z.number().int().min(0), mode: z.enum(Object.keys(Rounding) as [RoundingName]) }),
  ]),
  totals: z.object({ gep: pair }),
  indicators: z.array(
    z.object({
      code: z.string(),
      method: z.string(),
      physical: phys,
      lines: z.array(z.object({ ecosystem: z.string().nullable(), physical: phys, value: pair })),
    }),
  ),
});
type AccountResult = z.output<typeof changeInputSchema>;

/** Parse an account result (as written by `gepkit account`); VEP_RESULT_INVALID lists the problems. */
export function parseAccountResult(json: unknown, path: Path = []): AccountResult {
  const r = changeInputSchema.safeParse(json, { reportInput: true });
  if (!r.success) throw new GepError(vepZodIssues(r.error.issues, path, 'VEP_RESULT_INVALID'));
  return r.data;
}

interface Cell {
  unit: UnitId | null;
  q: Decimal | null;
  v: Decimal;
  method: string;
}

function cellsOf(r: AccountResult, prices: 'current' | 'comparable'): Map<string, Cell> {
  const m = new Map<string, Cell>();
  for (const ind of r.indicators) {
    const unit = ind.physical === null ? null : (parseUnit(ind.physical.unit) ?? null);
    for (const l of ind.lines) {
      const k = JSON.stringify([ind.code, l.ecosystem]);
      const c = m.get(k) ?? {
        unit,
        q: unit === null ? null : new Decimal(0),
        v: new Decimal(0),
        method: ind.method,
      };
      c.v = c.v.plus(l.value[prices]);
      const lu = l.physical === null ? undefined : parseUnit(l.physical.unit);
      if (c.q !== null && c.unit !== null && l.physical !== null && lu !== undefined) {
        try {
          c.q = c.q.plus(convertValue(new Decimal(l.physical.value), lu, c.unit));
        } catch {
          c.q = null; // a line in another dimension: the cell has no common quantity
        }
      } else c.q = null;
      m.set(k, c);
    }
  }
  return m;
}

/** Decompose the change from account `a` to account `b` (AccountResult objects or their JSON). */
export function changeAccounting(aJson: unknown, bJson: unknown, opts: ChangeOptions = {}): ChangeResult {
  const a = parseAccountResult(aJson, ['a']);
  const b = parseAccountResult(bJson, ['b']);
  const prices = opts.prices ?? 'current';
  if (a.classification.ref !== b.classification.ref)
    throw new GepError(
      vepIssue('VEP_CHANGE_INCOMPARABLE', ['b', 'classification'], {
        detail: `classifications differ (${a.classification.ref}, ${b.classification.ref})`,
      }),
    );
  if (prices === 'comparable' && a.prices.baseYear !== b.prices.baseYear)
    throw new GepError(
      vepIssue('VEP_CHANGE_INCOMPARABLE', ['b', 'prices', 'baseYear'], {
        detail: `comparable prices of different base years (${a.prices.baseYear}, ${b.prices.baseYear})`,
      }),
    );
  const ca = cellsOf(a, prices);
  const cb = cellsOf(b, prices);
  const warnings: Issue[] = [];
  const methodsA = new Map(a.indicators.map((i) => [i.code, i.method]));
  for (const i of b.indicators) {
    const m = methodsA.get(i.code);
    if (m !== undefined && m !== i.method)
      warnings.push(
        vepIssue('VEP_CHANGE_METHOD_DIFFERS', ['b', 'indicators'], { indicator: i.code, a: m, b: i.method }),
      );
  }
  const order = [...new Set([...ca.keys(), ...cb.keys()])];
  const cells: ChangeCell[] = [];
  const total = zero();
  const byInd = new Map<string, Parts>();
  const byEco = new Map<string | null, Parts>();
  let effects = 0n; // Σ over cells of QE + PE + unsplit
  for (const k of order) {
    const [indicator, type] = JSON.parse(k) as [string, string | null];
    const x = ca.get(k);
    const y = cb.get(k);
    const unit = x?.unit ?? y?.unit ?? null;
    const sameUnit = x === undefined || y === undefined || x.unit === y.unit;
    const q0 = x === undefined ? (unit === null ? null : new Decimal(0)) : x.q;
    const q1 = y === undefined ? (unit === null ? null : new Decimal(0)) : y.q;
    const v0 = x?.v ?? new Decimal(0);
    const v1 = y?.v ?? new Decimal(0);
    const p: Parts = { ...zero(), v0: roundFen(v0), v1: roundFen(v1) };
    const dv = p.v1 - p.v0;
    let kind: ChangeCell['kind'];
    if (q0 === null || q1 === null || !sameUnit || (q0.isZero() && !v0.isZero())) {
      kind = 'unsplit';
      p.un = dv;
    } else if (q0.isZero()) {
      kind = 'entry';
      p.qe = dv;
    } else {
      kind = 'split';
      p.qe = roundFen(q1.minus(q0).times(v0).div(q0)); // (Q₁ − Q₀) × V₀/Q₀, one division, one rounding
      p.pe = dv - p.qe;
    }
    cells.push({
      indicator,
      type,
      kind,
      unit,
      q0: q0?.toFixed() ?? null,
      q1: q1?.toFixed() ?? null,
      ...out(p),
    } as ChangeCell);
    effects += p.qe + p.pe + p.un;
    add(total, p);
    add(bucket(byInd, indicator), p);
    add(bucket(byEco, type), p);
  }
  // The identity against the inputs: each account's own GEP total (read, not recomputed from the cells) must be
  // reproduced by its cells to within rounding; then Σ effects = direct difference of the totals − residual.
  const gepFen = (r: AccountResult) => roundFen(new Decimal(r.totals.gep[prices]));
  const issues: Issue[] = [];
  const bounds: bigint[] = [];
  for (const [side, r, cellsFen, n] of [
    ['a', a, total.v0, ca.size],
    ['b', b, total.v1, cb.size],
  ] as const) {
    const bound = roundingBound(r, n);
    const gap = gepFen(r) - cellsFen;
    if ((gap < 0n ? -gap : gap) > bound)
      issues.push(
        vepIssue('VEP_RESULT_INVALID', [side, 'totals', 'gep', prices], {
          detail:
            `the GEP total ${yuanOfFen(gepFen(r))} differs from the sum of its indicator lines ` +
            `${yuanOfFen(cellsFen)} by ${yuanOfFen(gap)} yuan, more than rounding explains (${yuanOfFen(bound)})`,
        }),
      );
    bounds.push(bound);
  }
  if (issues.length > 0) throw new GepError(issues);
  const direct = gepFen(b) - gepFen(a);
  const residual = direct - effects;
  const bound = bounds.reduce((x, y) => x + y, 0n);
  const reported = roundFen(new Decimal(b.totals.gep[prices]).minus(a.totals.gep[prices]));
  const head = (r: AccountResult) => ({
    region: r.region.name,
    year: r.year,
    profile: `${r.profile.id}@${r.profile.version}`,
    priceYear: prices === 'current' ? r.prices.currentYear : r.prices.baseYear,
  });
  return {
    a: head(a),
    b: head(b),
    prices,
    decomposition: 'Laspeyres quantity effect (base prices) + Paasche price effect (current quantities); fen',
    total: out(total),
    byIndicator: [...byInd].map(([indicator, q]) => ({ indicator, ...out(q) })),
    byEcosystem: [...byEco].map(([type, q]) => ({ type, ...out(q) })),
    cells,
    reconciliation: {
      reportedChange: yuanOfFen(reported),
      cellsChange: yuanOfFen(total.v1 - total.v0),
      difference: yuanOfFen(reported - (total.v1 - total.v0)),
    },
    identity: {
      effects: yuanOfFen(effects),
      direct: yuanOfFen(direct),
      residual: yuanOfFen(residual),
      bound: yuanOfFen(bound),
    },
    warnings,
  };
}

/**
 * How far, in fen, an account's GEP total rounded to the fen may lie from the sum of its `cells` cells each
 * rounded to the fen, by rounding alone: ½ fen per cell and ½ fen for the total, plus, when the account was
 * written rounded (`rounding.money` decimals), the rounding of each line and of the total (½ unit of the last
 * place for the half modes, a whole unit for the directed ones). Rounded down to whole fen (gaps are integers).
 */
export function roundingBound(r: Pick<AccountResult, 'rounding' | 'indicators'>, cells: number): bigint {
  let bound = new Decimal(cells + 1).div(2);
  if (r.rounding !== 'exact') {
    const lines = r.indicators.reduce((n, i) => n + i.lines.length, 0);
    const unit = new Decimal(10).pow(2 - r.rounding.money); // one unit of the last place, in fen
    const perValue = r.rounding.mode.startsWith('half') ? unit.div(2) : unit;
    bound = bound.plus(perValue.times(lines + 1));
  }
  return BigInt(bound.toFixed(0, Decimal.ROUND_FLOOR));
}
