import type { z } from 'zod/mini';
import type { AccountInput } from '../input/input';
import type { Classification } from '../coefficients/classification';
import type { ResolvedCoefficient } from '../coefficients/registry';
import type { Decimal } from '../core/decimal';
import type { Issue, Path } from '../core/errors';
import type { Money, Price } from '../core/money';
import type { Quantity, UnitId } from '../core/units';
import type { Found, Scoped } from './scope';

export type Category = 'material' | 'regulating' | 'cultural';

export interface Named {
  zh: string;
  en: string;
}

/** Where a price came from: a coefficient table record, or a field of the input. */
export type PriceOrigin =
  | { kind: 'coefficient'; key: string; table: string; ecosystem: string | null }
  | { kind: 'input'; path: Path };

/**
 * One valuation of a line: a physical quantity priced per unit, or a money amount taken as it is
 * (yearbook output), optionally scaled by a dimensionless factor (an ecological share).
 */
export type Valuation = (
  | { kind: 'unit-price'; label: string; price: Price; origin: PriceOrigin }
  | { kind: 'amount'; label: string; money: Money; origin: PriceOrigin }
) & {
  factor?: Factor;
  /** The sub-item this valuation belongs to, when it is not the line's own (R2: siltation, nutrients). */
  subItem?: string;
  /** The quantity priced, when it is not the line's physical quantity (m³ of sediment, t of N). */
  quantity?: Quantity;
};

/** A dimensionless multiplier of a valuation (an ecological share), with where it came from. */
export interface Factor {
  value: Decimal;
  label: string;
  origin: PriceOrigin;
}

/**
 * The atom of an account: one sub-item, for one ecosystem type and zone where they apply, with its physical
 * quantity and how it is valued. Methods return lines; the engine prices, deflates and aggregates them.
 */
export interface Line {
  subItem: string | null;
  ecosystem: string | null;
  zone: string | null;
  physical: Quantity | null;
  valuations: Valuation[];
  /**
   * The physical value as an exact fraction num/den, where a formula multiplies by an exact ratio (44/12, 32/44):
   * `physical` is its correctly rounded quotient, and later formulas (O₂ from CO₂) keep working on the fraction.
   */
  exact?: { num: Decimal; den: Decimal };
  /** Inputs and intermediate terms of the formula for this line, for the trace (decimal strings with units). */
  terms?: Record<string, string>;
  path?: Path;
}

/** What a method can read while computing. */
export interface MethodContext<S> {
  readonly input: AccountInput;
  readonly indicator: { code: string; name: Named; path: Path };
  readonly switches: S;
  readonly classification: Classification;
  /** A coefficient, traced; throws COEFFICIENT_MISSING naming key and ecosystem type. */
  coefficient(key: string, ecosystem: string | null, path?: Path): ResolvedCoefficient;
  /** A coefficient if any table has it (traced when found); for methods that treat absence specially. */
  coefficientIfAny(key: string, ecosystem: string | null): ResolvedCoefficient | undefined;
  /**
   * A value the indicator's own declaration gives with a source and a grade (a custom indicator's graded input):
   * listed among the coefficients the account read, and reviewed, like a table's record.
   */
  declared(c: ResolvedCoefficient): void;
  /** A coefficient as a number in `unit` (converted within a dimension; COEFFICIENT_UNIT_MISMATCH otherwise). */
  scalar(key: string, ecosystem: string | null, unit: UnitId, path?: Path): Decimal;
  /** A price coefficient as a Price with its origin. */
  tablePrice(key: string, ecosystem: string | null, path?: Path): { price: Price; origin: PriceOrigin };
  /** Climate/hydrology field for a zone and type (most specific record), traced by input path. */
  climate(
    field: 'precipitation' | 'evapotranspiration' | 'stormPrecipitation',
    zone: string | null,
    ecosystem: string,
    path?: Path,
  ): {
    value: Quantity<'mm'>;
    path: Path;
  };
  /** Air-conditioning days (in days) or relative humidity (a fraction) for a zone and type; undefined if none. */
  climateOther(
    field: 'acDays' | 'relativeHumidity',
    zone: string | null,
    ecosystem: string,
  ): { value: Decimal; path: Path } | undefined;
  /**
   * The most specific record of an input section (a field of `input`) for a zone and an ecosystem type, by the rule
   * of mostSpecific (scope.ts), looked up in an index of the section built once per account.
   */
  specific<T extends Scoped>(
    records: readonly T[],
    zone: string | null,
    ecosystem: string,
    has?: (r: T) => boolean,
  ): Found<T>;
  /** The lines of an indicator computed earlier in this account (INDICATOR_DEPENDENCY_MISSING otherwise). */
  linesOf(code: string): readonly Line[];
  /** The group (forest, wetland, …) of an ecosystem type. */
  groupOf(ecosystem: string): string;
  warn(i: Issue): void;
}

export interface SubItemSpec {
  code: string;
  name: Named;
}

/** A method of accounting one indicator: declarative parts for validation and docs, and one pure function. */
export interface MethodSpec<S = Record<string, unknown>> {
  id: string;
  version: number;
  title: Named;
  category: Category;
  /** Unit of the indicator's physical quantity, or null when lines are not summable (mixed products). */
  physicalUnit: UnitId | null;
  subItems: SubItemSpec[];
  /** Coefficient keys the method may read (documentation and profile diffs). */
  coefficientKeys: string[];
  /** Input fields the method reads (documentation). */
  inputs: string[];
  /** Switches with defaults; a profile or the caller sets them. */
  switches: z.ZodMiniType<S>;
  /** Whether the input has anything for this method (optional indicators are skipped when not). */
  hasInput(input: AccountInput, switches: S): boolean;
  /**
   * The input `hasInput` reads under these switches (one of `inputs`), for a method whose switches choose it:
   * INDICATOR_INPUT_MISSING names it as its field, and its section as its path. Without it, the first of `inputs`
   * is the path.
   */
  missingInput?(switches: S): string;
  compute(ctx: MethodContext<S>): Line[];
}

export function methodRef(m: Pick<MethodSpec<unknown>, 'id' | 'version'>): string {
  return `${m.id}@${m.version}`;
}
