import { account } from '../account/account';
import type { AccountResult } from '../account/result-schema';
import { Decimal } from '../core/decimal';
import type { Issue } from '../core/errors';
import { type Prepared, engineInput, engineOptions } from './context';
import { roundFen } from './fen';

/** One cell of a parcel valuation: an indicator's value on one ecosystem type of the parcel, in fen. */
export interface Cell {
  code: string;
  /** Null only for a line no ecosystem row owns (not produced by the parcel-level methods). */
  type: string | null;
  fen: bigint;
}

/** Engine values (元, every digit, at the price year) by indicator and ecosystem type, in profile order. */
export function valuesByCell(result: AccountResult): { code: string; type: string | null; yuan: Decimal }[] {
  const out: { code: string; type: string | null; yuan: Decimal }[] = [];
  for (const ind of result.indicators) {
    const byType = new Map<string | null, Decimal>();
    for (const l of ind.lines) {
      byType.set(l.ecosystem, (byType.get(l.ecosystem) ?? new Decimal(0)).plus(l.value.comparable));
    }
    for (const [type, yuan] of byType) out.push({ code: ind.code, type, yuan });
  }
  return out;
}

/**
 * The per-parcel decimal path: the parcel accounted by the GEP engine with the parcel profile, each indicator's
 * value on each ecosystem type rounded once to the fen (half to even). This is the definition of a parcel's
 * value; the fast path (unit-values.ts) reproduces it exactly or defers to it.
 */
export function valueByEngine(
  p: Prepared,
  records: Record<string, unknown>,
  areas: readonly { type: string; value: string; unit: string }[],
): { cells: Cell[]; warnings: Issue[] } {
  const result = account(engineInput(p, records, areas), engineOptions(p));
  const cells: Cell[] = [];
  for (const c of valuesByCell(result)) cells.push({ code: c.code, type: c.type, fen: roundFen(c.yuan) });
  return { cells, warnings: parcelWarnings(result) };
}

/**
 * The engine's issues about the parcel (typed loosely by the result schema). COEFFICIENT_RECORDS_UNREAD is left
 * out: the account of one parcel (or of one type's reference parcel) leaves unread the context's records for other
 * types, which parcels of those types read, so it says nothing of this parcel.
 */
export function parcelWarnings(result: AccountResult): Issue[] {
  return (result.warnings as Issue[]).filter((w) => w.code !== 'COEFFICIENT_RECORDS_UNREAD');
}
