import { bundledPriceIndex, bundledTable, bundledTables } from '../coefficients/bundled';
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
import { GepError, type Issue, type Path, fail, formatPath, issue } from '../core/errors';
import type { AccountInput } from '../input/input';
import { closest } from '../core/suggest';
import { METHODS } from '../indicators';
import { DEFAULT_PROFILE, bundledProfile } from '../profiles/bundled';
import type { Profile } from '../profiles/schema';
import { type RecordFound, type TablePeriod, type UserRecord, plainJsonKey } from './cache';
import type { CoefficientLog } from './context';
import type { AccountOptions, RecordRead } from './options';
import type { OptionPlaces } from './scenario';
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
  /** The records of the user's tables, to tell which of them the account read (unreadRecords). */
  userRecords: readonly UserRecord[];
  /** Where each of the user's tables was given: the input's, then the options' (OptionPlaces). */
  tablePaths: readonly Path[];
}

/** The profile named by the options (a bundled id or a loaded profile; the default profile when none). */
export function resolveProfile(options: AccountOptions): Profile {
  return typeof options.profile === 'object'
    ? options.profile
    : bundledProfile(options.profile ?? DEFAULT_PROFILE);
}

/** The paths of the input's `overrides[name]` entries, then `placed` (the options' entries, OptionPlaces). */
const pathsOf = (name: string, given: readonly unknown[] | undefined, placed: readonly Path[]): Path[] => [
  ...(given ?? []).map((_, i) => ['overrides', name, i]),
  ...placed,
];

/**
 * Resolve the coefficient tables (bundled, overlaid, the user's own) and the price levels (the profile's index,
 * the deflator rules, the accounting and base years) of one account. `places` says where each entry of the options
 * was given, for the paths of issues about it.
 */
export function resolve(
  input: AccountInput,
  profile: Profile,
  classification: Classification,
  options: AccountOptions,
  places: OptionPlaces,
): Resolved {
  const userTables = [...(input.overrides?.tables ?? []), ...(options.tables ?? [])];
  const tablePaths = pathsOf('tables', input.overrides?.tables, places.tables);
  const read = () => coefficientSet(profile, userTables, tablePaths);
  const { set, tables, overrides, userRecords, periods } =
    options.cache === undefined ? read() : options.cache.tables(coefficientSetKey(profile, userTables), read);
  const indexPaths = pathsOf('priceIndices', input.overrides?.priceIndices, places.priceIndices);
  const indices = priceIndices(
    [...(input.overrides?.priceIndices ?? []), ...(options.priceIndices ?? [])],
    indexPaths,
  );
  const own = options.deflators ?? [];
  const rules = [...own, ...profile.deflators].map((r, i) => ({
    match: r.match,
    index: indices.get(r.index, [
      ...(i < own.length ? (places.deflators[i] as Path) : ['profile', 'deflators', i - own.length]),
      'index',
    ]),
  }));
  const named = new Set(rules.map((r) => r.index.ref));
  const warnings = indices.loaded.flatMap((t, i) =>
    named.has(t.ref)
      ? []
      : [
          issue('PRICE_INDEX_UNUSED', indexPaths[i] as Path, {
            index: t.ref,
            profileIndex: profile.priceIndex,
          }),
        ],
  );
  const levels = new PriceLevels(
    indices.get(profile.priceIndex, ['profile', 'priceIndex']),
    input.year,
    options.baseYear ?? input.year,
    profile.pricePolicy,
    rules,
  );
  warnings.push(...tablesNotInForce(periods, input.year, tablePaths));
  return { profile, classification, set, tables, overrides, levels, warnings, userRecords, tablePaths };
}

/**
 * COEFFICIENT_RECORDS_UNREAD, one per user table with records that no indicator of the account read (nor the caller,
 * `readElsewhere`): a misspelt
 * key, a scope that never matches (a region code that does not start the input's, a group record beside a type
 * record of the same table, a type record of a key looked up without a type), a record an earlier table answers
 * first, or a key only an indicator this profile does not compute reads. Such a record changes nothing, yet is listed
 * in result.overrides: the warning says so.
 */
export function unreadRecords(
  resolved: Resolved,
  log: CoefficientLog,
  readElsewhere: readonly RecordRead[] = [],
): Issue[] {
  const read = new Set<string>();
  for (const c of [...[...log.used.values()].map((u) => u.c), ...readElsewhere])
    read.add(`${c.table}\u0000${c.key}\u0000${c.ecosystem ?? ''}\u0000${c.region ?? ''}`);
  const unread = new Map<number, UserRecord[]>();
  for (const u of resolved.userRecords) {
    const r = u.record;
    const id = `${u.holder.ref}\u0000${r.key}\u0000${r.applies.ecosystem ?? ''}\u0000${r.applies.region ?? ''}`;
    // A record a later overlay replaced is no longer in the table searched, whatever was read for its scope.
    if (read.has(id) && u.holder.records.includes(r)) continue;
    const list = unread.get(u.table);
    if (list) list.push(u);
    else unread.set(u.table, [u]);
  }
  if (unread.size === 0) return [];
  const { keys, patterns } = knownKeys();
  return [...unread].map(([i, list]) => {
    // "Did you mean" only for a key no bundled table has and no method reads: a real key is unread for its scope.
    const suggestions = [
      ...new Set(
        list.flatMap(({ record: { key } }) => {
          if (keys.has(key) || patterns.some((p) => p.test(key))) return [];
          const near = closest(key, [...keys]);
          return near === undefined ? [] : [`${key} → ${near}`];
        }),
      ),
    ];
    return issue('COEFFICIENT_RECORDS_UNREAD', resolved.tablePaths[i] as Path, {
      table: (list[0] as UserRecord).ref,
      count: list.length,
      records: list.map(({ record: r }) => scopeLabel(r)).join(', '),
      suggestions: suggestions.join(', '),
    });
  });
}

/**
 * The keys gepkit knows: those of the bundled tables and those the methods name, the latter partly as patterns
 * (`price.treatment.<pollutant>`, `price.carbon…`).
 */
function knownKeys(): { keys: Set<string>; patterns: RegExp[] } {
  const keys = new Set(bundledTables().flatMap((t) => t.records.map((r) => r.key)));
  const patterns: RegExp[] = [];
  for (const m of METHODS.values())
    for (const k of m.coefficientKeys) {
      if (!/[<…]/.test(k)) {
        keys.add(k);
        continue;
      }
      const body = k
        .split(/(<[^>]*>|…)/)
        .map((part) =>
          part === '…' ? '.*' : part.startsWith('<') ? '[a-z0-9_|-]+' : part.replace(/[.]/g, '\\.'),
        )
        .join('');
      patterns.push(new RegExp(`^${body}$`));
    }
  return { keys, patterns };
}

/** "key", "key [forest.broadleaf]", "key [region 3610]", "key [forest, region 36]". */
function scopeLabel(r: UserRecord['record']): string {
  const scope = [
    r.applies.ecosystem,
    r.applies.region === undefined ? undefined : `region ${r.applies.region}`,
  ]
    .filter((x) => x !== undefined)
    .join(', ');
  return scope === '' ? r.key : `${r.key} [${scope}]`;
}

/** Bundled price indices and the user's (each given at its path in `paths`), by id or ref. */
function priceIndices(user: unknown[], paths: readonly Path[]) {
  const loaded = user.map((json, i) => loadPriceIndex(json, paths[i]));
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

/**
 * The profile's tables with the user's overlays applied, and the user's own tables searched first, each user table
 * given at its path in `paths`. A user's table that cannot be loaded (TABLE_INVALID, TABLE_DUPLICATE_RECORD,
 * TABLE_ID_RESERVED, INPUT_TOO_DEEP) or overlays a table the profile does not have (OVERLAY_TARGET_UNKNOWN) is
 * refused at its path (an account's `overrides.tables[i]` or the file it was read from; a valuation context's tables
 * are checked up front at `context.tables[i]`).
 */
export function coefficientSet(profile: Profile, userTables: readonly unknown[], paths: readonly Path[]) {
  let tables: CoefficientTable[] = profile.tables.map((id) => bundledTable(id));
  const extra: CoefficientTable[] = [];
  const overrides: OverrideRecord[] = [];
  const overlays: { i: number; t: CoefficientTable }[] = [];
  const userRecords: UserRecord[] = [];
  const periods: TablePeriod[] = [];
  // A ref names one content: the same id@version given twice with other records would be cited for both.
  const seen = new Map<string, { hash: string; path: Path }>();
  userTables.forEach((json, i) => {
    const path = paths[i] as Path;
    const t = loadCoefficientTable(json, path);
    const earlier = seen.get(t.ref);
    if (earlier !== undefined && earlier.hash !== t.hash)
      fail('TABLE_REF_DUPLICATE', [...path, 'version'], { ref: t.ref, earlier: formatPath(earlier.path) });
    seen.set(t.ref, { hash: t.hash, path });
    periods.push({ table: i, ref: t.ref, from: t.effective.from, to: t.effective.to });
    if (t.overlays === undefined) {
      extra.push(t);
      userRecords.push(
        ...t.records.map((record, index) => ({ table: i, ref: t.ref, record, index, holder: t })),
      );
      return;
    }
    overlays.push({ i, t });
    const k = tables.findIndex((b) => b.id === t.overlays);
    if (k < 0) fail('OVERLAY_TARGET_UNKNOWN', [...path, 'overlays'], { target: t.overlays });
    const merged = applyOverlay(tables[k] as CoefficientTable, t);
    tables = tables.map((b, j) => (j === k ? merged.table : b));
    overrides.push(...merged.overrides);
  });
  // The user's own tables are searched first: they are the most specific knowledge the account has. Each of
  // their records is listed as an override too, with the table's hash (ADR 0010).
  for (const t of extra) overrides.push(...userTableOverrides(t, tables));
  // An overlay's records sit in the table it targets, as it stands after every overlay is applied.
  for (const { i, t } of overlays) {
    const holder = tables.find((b) => b.id === t.overlays) as CoefficientTable;
    userRecords.push(...t.records.map((record, index) => ({ table: i, ref: t.ref, record, index, holder })));
  }
  userRecords.sort((a, b) => a.table - b.table);
  const all = [...extra, ...tables];
  return { set: new CoefficientSet(all), tables: all, overrides, userRecords, periods };
}

/**
 * Where a coefficient read comes from when it is a record of the user's tables: its path in the input
 * (`overrides.tables[i].records[j]`), the options (`options.tables[i].records[j]`), the scenario or the file it was
 * read from (OptionPlaces). Undefined for a bundled record. An error about the record itself (its unit) is located
 * there, not at the line that read it.
 */
export function userRecordPath(resolved: Resolved): (c: RecordFound) => Path | undefined {
  return (c) => {
    const u = resolved.userRecords.find(
      ({ holder, record: r }) =>
        holder.ref === c.table &&
        r.key === c.key &&
        (r.applies.ecosystem ?? null) === c.ecosystem &&
        (c.region === undefined || (r.applies.region ?? null) === c.region) &&
        holder.records.includes(r),
    );
    if (u === undefined) return undefined;
    return [...(resolved.tablePaths[u.table] as Path), 'records', u.index];
  };
}

/**
 * COEFFICIENT_TABLE_NOT_IN_FORCE, one per user table whose effective period (`from` to `to`, both days included)
 * has no day in the accounting year: its records are applied all the same (the lookup does not filter by date),
 * which the warning says.
 */
function tablesNotInForce(periods: readonly TablePeriod[], year: number, paths: readonly Path[]): Issue[] {
  return periods.flatMap((p) => {
    const starts = Number(p.from.slice(0, 4));
    const ends = p.to === null ? Infinity : Number(p.to.slice(0, 4));
    if (starts <= year && year <= ends) return [];
    const path = paths[p.table] as Path;
    return [
      issue('COEFFICIENT_TABLE_NOT_IN_FORCE', path, { table: p.ref, from: p.from, to: p.to ?? '', year }),
    ];
  });
}
