import type { Grade } from '../coefficients/schema';
import type { RoundingName } from '../core/decimal';
import type { Path } from '../core/errors';
import type { Profile } from '../profiles/schema';
import type { AccountCache } from './cache';
import type { IndicatorCode, MethodRef, PerIndicator, ProfileId } from './ids';

/** Options of `account()`: profile, base year, method and switch choices, extra tables, scenario, rounding. */
export interface AccountOptions {
  /**
   * Written forms of ecosystem types (land-use codes or names, e.g. "0301" or "坑塘水面") and the classification
   * codes they mean; they win over the bundled land-use crosswalk (docs/input-format.md, Ecosystem types).
   */
  typeMapping?: Record<string, string>;
  /** Profile id (bundled) or a loaded profile. Default: jx-db36-1402-2021. */
  profile?: ProfileId | Profile;
  /** Base year of comparable prices (可比价). Default: the accounting year. */
  baseYear?: number;
  /** Indicator codes to leave out of this account (recorded under `skipped`). */
  exclude?: IndicatorCode[];
  /** Per indicator code, a method `id@version` replacing the profile's. */
  methods?: PerIndicator<MethodRef>;
  /** Per indicator code, switches merged over the profile's. */
  switches?: PerIndicator<Record<string, unknown>>;
  /** Extra coefficient tables (parsed JSON), like input.overrides.tables. */
  tables?: unknown[];
  /** Relative tolerance of the area balance check (e.g. "0.01"); default: the profile's checks.areaTolerance. */
  areaTolerance?: string;
  /** Price-index tables (kind "price-index") besides the bundled ones, for deflator rules. */
  priceIndices?: unknown[];
  /** Per-price deflators, before the profile's: the first rule whose `match` starts the price's coefficient key
   *  (or "input:<path>") chooses the index; others use the profile's price index. */
  deflators?: { match: string; index: string }[];
  /** Strict mode: refuse the account if anything it reads is graded below this (GRADE_BELOW_MINIMUM). */
  minGrade?: Grade;
  /** A scenario: overlay tables, switches, methods and exclusions applied over the profile, recorded in the result. */
  scenario?: unknown;
  /**
   * Where the scenario and the entries of `tables` and `priceIndices` were read from (a file name, as the command
   * line gives it: `['my-cpi.json']`): an issue about one of them is placed there, at its path inside, instead of at
   * `scenario`, `options.tables[i]` or `options.priceIndices[i]`.
   */
  places?: { scenario?: Path; tables?: readonly Path[]; priceIndices?: readonly Path[] };
  /** Decimal places of the JSON result; 'exact' prints every digit. Default money 2, quantity 4, share 6. */
  rounding?: 'exact' | { money?: number; quantity?: number; share?: number; mode?: RoundingName };
  /**
   * Records of the caller's tables (`tables`) that the caller read itself before the account, by table ref, key and
   * scope: a raster run's per-pixel factors (`rusle.c`, `rusle.p`). COEFFICIENT_RECORDS_UNREAD does not list them.
   */
  readElsewhere?: readonly RecordRead[];
  /**
   * Work kept between accounts (coefficient tables read, switches parsed) by a caller accounting many inputs
   * (src/account/cache.ts); the result is the same with or without it.
   */
  cache?: AccountCache;
  /**
   * Most evaluation steps the input's custom indicators' formulas may take together (docs/limits.md: one per number,
   * name and operation, 50 per power, exp or log), checked before any is evaluated (CUSTOM_WORK_EXCEEDED). Default
   * DEFAULT_CUSTOM_WORK_LIMIT (100,000, about 1.3 s of CPU at the worst); `gepkit serve --custom-work-limit` sets the
   * service's (10,000 by default).
   */
  customWorkLimit?: number;
}

/** A coefficient record named by its table's ref, its key and its scope (null where the record has none). */
export interface RecordRead {
  table: string;
  key: string;
  ecosystem: string | null;
  region: string | null;
}
