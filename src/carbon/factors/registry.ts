import { contentHash } from '../../core/canonical';
import type { Decimal } from '../../core/decimal';
import { GepError, type Path } from '../../core/errors';
import { carbonFail, carbonZodFallback } from '../errors';
import { fromZodIssues } from '../../core/zod-issues';
import type { Grade, Source } from '../../coefficients/schema';
import { type FactorUnit, parseFactorUnit } from '../activity-units';
import { type FactorRecord, type FactorSetData, factorSetSchema } from './schema';

/** A validated factor set with its content hash (computed here, never typed by hand). */
export interface FactorSet extends FactorSetData {
  readonly ref: string;
  readonly hash: string;
}

const scopeOf = (r: FactorRecord) => `${r.key}|${r.applies.region ?? '*'}`;

/** Validate a factor set (JSON already parsed) and hash it; problems are CARBON_FACTORS_INVALID issues. */
export function loadFactorSet(json: unknown, path: Path = []): FactorSet {
  const parsed = factorSetSchema.safeParse(json, { reportInput: true });
  if (!parsed.success)
    throw new GepError(fromZodIssues(parsed.error.issues, path, carbonZodFallback('CARBON_FACTORS_INVALID')));
  const seen = new Set<string>();
  parsed.data.factors.forEach((r, i) => {
    const s = scopeOf(r);
    if (seen.has(s))
      carbonFail('CARBON_FACTORS_INVALID', [...path, 'factors', i], { detail: `duplicate factor ${s}` });
    seen.add(s);
  });
  return withHash(parsed.data);
}

function withHash(data: FactorSetData): FactorSet {
  return { ...data, ref: `${data.id}@${data.version}`, hash: contentHash(data) };
}

/** A factor as found, with everything a reader of the result needs to check it. */
export interface ResolvedFactor {
  key: string;
  region: string | null;
  value: Decimal;
  unit: string;
  parsedUnit: FactorUnit;
  kind: 'emission' | 'reduction';
  set: string;
  hash: string;
  dataYear: number | null;
  grade: Grade;
  source: Source;
  note?: string;
  /** The record's capacity limit in kW (applies.capacityMax), when it has one. */
  capacityMaxKw?: Decimal;
}

const kw = (c: { value: Decimal; unit: 'kW' | 'MW' }): Decimal =>
  c.unit === 'MW' ? c.value.times(1000) : c.value;

/**
 * The factor sets one computation reads, searched in order (user sets first, then the pinned bundled ones):
 * the first set with a matching record wins; within a set, a record for the longest matching region code
 * prefix beats a general one. This is the overlay rule of coefficient tables, applied to factor sets.
 */
const CACHE_MAX = 4096;

export class FactorChain {
  /**
   * key → region ('' for none) → the factor found (null: none); nested, so no `key|region` string per lookup.
   * Keys and regions come from the activities (village-level codes, user factor keys), so the cache is bounded:
   * past CACHE_MAX entries it starts again (a miss only searches the sets again and finds the same record).
   */
  private readonly cache = new Map<string, Map<string, ResolvedFactor | null>>();
  private cached = 0;
  constructor(readonly sets: readonly FactorSet[]) {}

  /** A chain with `user` sets searched before these. */
  overlay(user: readonly FactorSet[]): FactorChain {
    return new FactorChain([...user, ...this.sets]);
  }

  /**
   * The factor for `key` in `region`. With `capacityKw`, records limited to a smaller capacity
   * (applies.capacityMax) do not apply; without it they do, and the caller warns (capacityMaxKw is set).
   */
  find(key: string, region: string | null, capacityKw?: Decimal): ResolvedFactor | undefined {
    // Capacity-specific lookups are not cached: their values are per project, and the cache must stay small.
    if (capacityKw !== undefined) return this.search(key, region, capacityKw);
    let byRegion = this.cache.get(key);
    if (byRegion === undefined) {
      byRegion = new Map();
      this.cache.set(key, byRegion);
    }
    const hit = byRegion.get(region ?? '');
    if (hit !== undefined) return hit ?? undefined;
    const found = this.search(key, region, capacityKw);
    if (++this.cached > CACHE_MAX) {
      this.cache.clear();
      this.cached = 1;
      byRegion = new Map();
      this.cache.set(key, byRegion);
    }
    byRegion.set(region ?? '', found ?? null);
    return found;
  }

  private search(key: string, region: string | null, capacityKw?: Decimal): ResolvedFactor | undefined {
    for (const s of this.sets) {
      let best: FactorRecord | undefined;
      let bestLen = -1;
      for (const r of s.factors) {
        if (r.key !== key) continue;
        const g = r.applies.region;
        if (g !== undefined && (region === null || !region.startsWith(g))) continue;
        const cap = r.applies.capacityMax;
        if (cap !== undefined && capacityKw !== undefined && capacityKw.greaterThan(kw(cap))) continue;
        const len = g?.length ?? 0;
        if (len > bestLen) {
          best = r;
          bestLen = len;
        }
      }
      if (best) {
        const parsedUnit = parseFactorUnit(best.unit) as FactorUnit;
        return {
          key,
          region: best.applies.region ?? null,
          value: best.value,
          unit: best.unit,
          parsedUnit,
          kind: best.kind,
          set: s.ref,
          hash: s.hash,
          dataYear: s.dataYear,
          grade: best.grade,
          source: best.source,
          ...(best.note !== undefined ? { note: best.note } : {}),
          ...(best.applies.capacityMax !== undefined ? { capacityMaxKw: kw(best.applies.capacityMax) } : {}),
        };
      }
    }
    return undefined;
  }

  /** Like find, but a missing factor is CARBON_FACTOR_MISSING naming the key, region and sets searched. */
  require(key: string, region: string | null, path: Path = [], capacityKw?: Decimal): ResolvedFactor {
    const f = this.find(key, region, capacityKw);
    if (f === undefined) {
      carbonFail('CARBON_FACTOR_MISSING', path, {
        key,
        region: region ?? '(none)',
        sets: this.sets.map((s) => s.ref).join(', ') || '(none)',
      });
    }
    return f;
  }
}
