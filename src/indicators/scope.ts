/** A record of an input section that may be given for a zone, an ecosystem type, both or neither. */
export interface Scoped {
  zone?: string | undefined;
  ecosystem?: string | undefined;
}

/** A found record and its index in its section. */
export type Found<T> = { record: T; index: number } | undefined;

/**
 * The most specific record for a zone and an ecosystem type: zone + type beats type, which beats zone, which
 * beats a region-wide record. Records that name another zone or type never match. Shared by every input
 * section that may be given at several levels (climate, soil factors, soil retention totals). A scan of the whole
 * section: the reference for ScopeIndex, which accounts use.
 */
export function mostSpecific<T extends Scoped>(
  records: readonly T[],
  zone: string | null,
  ecosystem: string,
  has: (r: T) => boolean = () => true,
): Found<T> {
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

/**
 * mostSpecific over a section indexed once by zone and type, so that a lookup reads the few records of its own
 * zone and type instead of the whole section (a section by township would make a row-by-row scan quadratic).
 *
 * Equivalence with mostSpecific: a record matches exactly when its zone is absent or equal to `zone` and its type
 * absent or equal to `ecosystem`, so the matching records are those of the four lists (zone, type), (–, type),
 * (zone, –), (–, –), whose scores are 3, 2, 1, 0. mostSpecific keeps the highest score and, within a score, the
 * first record (a later one must score strictly higher to replace it); each list keeps section order, so the first
 * record passing `has` in the first non-empty list, in that order, is the same record.
 */
export class ScopeIndex<T extends Scoped> {
  /** Indices of records by zone (undefined: any zone), then by type (undefined: any type), in section order. */
  private readonly byZone = new Map<string | undefined, Map<string | undefined, number[]>>();

  constructor(private readonly records: readonly T[]) {
    records.forEach((r, i) => {
      let byType = this.byZone.get(r.zone);
      if (byType === undefined) this.byZone.set(r.zone, (byType = new Map()));
      const list = byType.get(r.ecosystem);
      if (list === undefined) byType.set(r.ecosystem, [i]);
      else list.push(i);
    });
  }

  find(zone: string | null, ecosystem: string, has: (r: T) => boolean = () => true): Found<T> {
    const own = zone === null ? undefined : this.byZone.get(zone);
    const any = this.byZone.get(undefined);
    for (const list of [own?.get(ecosystem), any?.get(ecosystem), own?.get(undefined), any?.get(undefined)])
      for (const index of list ?? []) {
        const record = this.records[index] as T;
        if (has(record)) return { record, index };
      }
    return undefined;
  }
}

/**
 * The indices of one account's sections, each built on first use: `of(records)` gives the same ScopeIndex for the
 * same section array for the life of this object.
 */
export class ScopeIndices {
  private readonly built = new WeakMap<readonly Scoped[], ScopeIndex<Scoped>>();
  of<T extends Scoped>(records: readonly T[]): ScopeIndex<T> {
    let index = this.built.get(records) as ScopeIndex<T> | undefined;
    if (index === undefined) {
      index = new ScopeIndex(records);
      this.built.set(records, index as ScopeIndex<Scoped>);
    }
    return index;
  }
}
