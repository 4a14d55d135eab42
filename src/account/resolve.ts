import { bundledPriceIndex, bundledTable } from '../coefficients/bundled';
import type { Classification } from '../coefficients/classification';
import {
  type CoefficientTable,
  CoefficientSet,
  type OverrideRecord,
  type PriceIndexTable,
  applyOverlay,
  userTableOverrides,
  loadCoefficientTable,
  loadPriceIndex,
} from '../coefficients/registry';
import { GepError, type Issue, type Path, fail, issue } from '../core/errors';
import type { AccountInput } from '../input/input';
import { DEFAULT_PROFILE, bundledProfile } from '../profiles/bundled';
import type { Profile } from '../profiles/schema';
import { plainJsonKey } from './cache';
import type { AccountOptions } from './options';
import { PriceLevels } from './valuation';

/** Everything an account reads besides its input: profile, classification, coefficient tables, price levels. */
export interface Resolved {
  profile: Profile;
  classification: Classification;
  set: CoefficientSet;
  /** The tables searched, the user's own first. */
  tables: CoefficientTable[];
  /** Records replaced by overlay tables. */
  overrides: OverrideRecord[];
  levels: PriceLevels;
  /** The user's price indices that no deflator rule names (PRICE_INDEX_UNUSED). */
  warnings: Issue[];
}

/** The profile named by the options (a bundled id or a loaded profile; the default profile when none). */
export function resolveProfile(options: AccountOptions): Profile {
  return typeof options.profile === 'object'
    ? options.profile
    : bundledProfile(options.profile ?? DEFAULT_PROFILE);
}

/**
 * Resolve the coefficient tables (bundled, overlaid, the user's own) and the price levels (the profile's index,
 * the deflator rules, the accounting and base years) of one account.
 */
export function resolve(
  input: AccountInput,
  profile: Profile,
  classification: Classification,
  options: AccountOptions,
): Resolved {
  const userTables = [...(input.overrides?.tables ?? []), ...(options.tables ?? [])];
  const read = () => coefficientSet(profile, userTables);
  const { set, tables, overrides } =
    options.cache === undefined ? read() : options.cache.tables(coefficientSetKey(profile, userTables), read);
  const indices = priceIndices([...(input.overrides?.priceIndices ?? []), ...(options.priceIndices ?? [])]);
  const rules = [...(options.deflators ?? []), ...profile.deflators].map((r, i) => ({
    match: r.match,
    index: indices.get(r.index, ['deflators', i, 'index']),
  }));
  const named = new Set(rules.map((r) => r.index.ref));
  const fromInput = input.overrides?.priceIndices?.length ?? 0;
  const warnings = indices.loaded.flatMap((t, i) =>
    named.has(t.ref)
      ? []
      : [
          issue(
            'PRICE_INDEX_UNUSED',
            i < fromInput ? ['overrides', 'priceIndices', i] : ['options', 'priceIndices', i - fromInput],
            { index: t.ref, profileIndex: profile.priceIndex },
          ),
        ],
  );
  const levels = new PriceLevels(
    indices.get(profile.priceIndex, ['profile', 'priceIndex']),
    input.year,
    options.baseYear ?? input.year,
    profile.pricePolicy,
    rules,
  );
  return { profile, classification, set, tables, overrides, levels, warnings };
}

/** Bundled price indices and the user's, by id or ref. */
function priceIndices(user: unknown[]) {
  const loaded = user.map((json, i) => loadPriceIndex(json, ['overrides', 'priceIndices', i]));
  return {
    loaded,
    get(idOrRef: string, path: Path): PriceIndexTable {
      const own = loaded.find((t) => t.id === idOrRef || t.ref === idOrRef);
      if (own) return own;
      try {
        return bundledPriceIndex(idOrRef);
      } catch (e) {
        if (e instanceof GepError) fail('TABLE_UNKNOWN', path, { table: idOrRef });
        throw e;
      }
    },
  };
}

/**
 * What coefficientSet reads, as a cache key: the profile's table ids and the user's tables as JSON text; undefined
 * when those tables are not plain JSON (then nothing is cached).
 */
function coefficientSetKey(profile: Profile, userTables: unknown[]): string | undefined {
  const text = plainJsonKey(userTables);
  return text === undefined ? undefined : `${JSON.stringify(profile.tables)}\u0000${text}`;
}

/** The profile's tables with the user's overlays applied, and the user's own tables searched first. */
function coefficientSet(profile: Profile, userTables: unknown[]) {
  let tables: CoefficientTable[] = profile.tables.map((id) => bundledTable(id));
  const extra: CoefficientTable[] = [];
  const overrides: OverrideRecord[] = [];
  userTables.forEach((json, i) => {
    const t = loadCoefficientTable(json, ['overrides', 'tables', i]);
    if (t.overlays === undefined) {
      extra.push(t);
      return;
    }
    const k = tables.findIndex((b) => b.id === t.overlays);
    if (k < 0) fail('OVERLAY_TARGET_UNKNOWN', ['overrides', 'tables', i, 'overlays'], { target: t.overlays });
    const merged = applyOverlay(tables[k] as CoefficientTable, t);
    tables = tables.map((b, j) => (j === k ? merged.table : b));
    overrides.push(...merged.overrides);
  });
  // The user's own tables are searched first: they are the most specific knowledge the account has. Each of
  // their records is listed as an override too, with the table's hash (ADR 0010).
  for (const t of extra) overrides.push(...userTableOverrides(t, tables));
  const all = [...extra, ...tables];
  return { set: new CoefficientSet(all), tables: all, overrides };
}
