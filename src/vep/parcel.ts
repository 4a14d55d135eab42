import { GepError } from '../core/errors';
import type { ValuationBasis } from './context';
import { VepBatch, type ParcelResult } from './batch';
import type { ValuerOptions } from './valuer';

/**
 * Value one parcel record against a valuation context. Returns the parcel's result with the full valuation
 * basis (profile, methods, tables with hashes, price year, valuation date and validity); throws one GepError
 * listing the parcel's problems. A type of its areas written as a land-use class, which a batch warns of once in
 * its summary (ECOSYSTEM_TYPE_MAPPED), is warned of among the result's issues, at the area as written.
 *
 * @example
 * const v = valueParcel(
 *   { id: 'P1', key: 'hills', areas: { 'forest.broadleaf': { value: '12', unit: 'mu' } } },
 *   context, // examples/vep/context.json
 * );
 * v.value; // "…" 元, exact to the fen; v.basis.validUntil
 */
export function valueParcel(
  parcel: unknown,
  context: unknown,
  opts: ValuerOptions = {},
): ParcelResult & { basis: string; valuation: ValuationBasis } {
  const b = new VepBatch(context, opts);
  const r = b.process(parcel, 1) as ParcelResult;
  if (!r.ok) throw new GepError(r.issues.map((i) => ({ ...i, path: i.path.slice(2) })));
  const mapped = [...b.valuer.referenceWarnings.values()]
    .filter((w) => w.code === 'ECOSYSTEM_TYPE_MAPPED')
    .map((w) => ({ ...w, path: ['line', 1, 'areas', String(w.params?.given)] }));
  return { ...r, issues: [...r.issues, ...mapped], basis: b.valuer.basis.hash, valuation: b.valuer.basis };
}
