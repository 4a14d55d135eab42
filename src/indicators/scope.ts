/**
 * The most specific record for a zone and an ecosystem type: zone + type beats type, which beats zone, which
 * beats a region-wide record. Records that name another zone or type never match. Shared by every input
 * section that may be given at several levels (climate, soil factors, soil retention totals).
 */
export function mostSpecific<T extends { zone?: string | undefined; ecosystem?: string | undefined }>(
  records: readonly T[],
  zone: string | null,
  ecosystem: string,
  has: (r: T) => boolean = () => true,
): { record: T; index: number } | undefined {
  let best: { record: T; index: number; score: number } | undefined;
  records.forEach((r, index) => {
    if (!has(r)) return;
    if (r.zone !== undefined && r.zone !== zone) return;
    if (r.ecosystem !== undefined && r.ecosystem !== ecosystem) return;
    const score = (r.ecosystem !== undefined ? 2 : 0) + (r.zone !== undefined ? 1 : 0);
    if (best === undefined || score > best.score) best = { record: r, index, score };
  });
  return best === undefined ? undefined : { record: best.record, index: best.index };
}
