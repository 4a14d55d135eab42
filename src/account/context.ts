import type { Classification } from '../coefficients/classification';
import type { CoefficientSet, ResolvedCoefficient } from '../coefficients/registry';
import { parsePriceUnit } from '../core/schema';
import { type Issue, type Path, fail } from '../core/errors';
import type { Price } from '../core/money';
import { type Quantity, type UnitId, convertValue, dimensionOf, parseUnit, unitSymbol } from '../core/units';
import type { ScopeIndices } from '../indicators/scope';
import type { Line, MethodContext, Named } from '../indicators/spec';
import { type Decimal, shortValue } from '../core/decimal';
import type { AccountInput } from '../input/input';
import type { RecordFound } from './cache';

/** Every coefficient an account read, keyed so that each distinct record appears once in the result. */
export class CoefficientLog {
  readonly used = new Map<string, { c: ResolvedCoefficient; usedBy: Set<string> }>();
  /** The id of each resolved coefficient seen (CoefficientSet gives one object per record and scope). */
  private readonly ids = new WeakMap<ResolvedCoefficient, string>();
  record(c: ResolvedCoefficient, indicator: string): string {
    let id = this.ids.get(c);
    if (id === undefined) {
      id = `${c.key}|${c.ecosystem ?? '*'}|${c.region ?? '*'}|${c.table}`;
      this.ids.set(c, id);
    }
    const entry = this.used.get(id) ?? { c, usedBy: new Set<string>() };
    entry.usedBy.add(indicator);
    this.used.set(id, entry);
    return id;
  }
}

export type ClimateField = 'precipitation' | 'evapotranspiration' | 'stormPrecipitation';

/** Resolves climate fields: the most specific record wins (zone + type > type > zone > region-wide). */
export function climateResolver(input: AccountInput, indices: ScopeIndices) {
  const climate = indices.of(input.climate);
  return (field: ClimateField, zone: string | null, ecosystem: string, at: Path = ['climate']) => {
    const found = climate.find(zone, ecosystem, (c) => c[field] !== undefined);
    if (found === undefined)
      fail('CLIMATE_MISSING', at, { field, zone: zone ?? '(region)', type: ecosystem });
    const q = found.record[field] as Quantity;
    const path: Path = ['climate', found.index, field];
    return { value: { value: convertValue(q.value, q.unit, 'mm', path), unit: 'mm' as const }, path };
  };
}

/** What one indicator's context reads: the account's input, tables and logs, and the indicator's own switches. */
interface ContextArgs<S> {
  input: AccountInput;
  region: string | null;
  indicator: { code: string; name: Named; path: Path };
  switches: S;
  classification: Classification;
  coefficients: CoefficientSet;
  log: CoefficientLog;
  /** Where a record of the user's tables is: a record's own fault (its unit) is located at it. */
  recordPath: (c: RecordFound) => Path | undefined;
  keys: Set<string>;
  warnings: Issue[];
  computed: ReadonlyMap<string, readonly Line[]>;
  /** The account's indices of input sections by zone and type. */
  indices: ScopeIndices;
}

/** The context a method computes in (spec.ts MethodContext): every read traced, every lookup indexed. */
export function makeContext<S>(args: ContextArgs<S>): MethodContext<S> {
  const { input, region, indicator, switches, classification, coefficients, log, keys, warnings, computed } =
    args;
  const at = (c: ResolvedCoefficient, path: Path) => args.recordPath(c) ?? path;
  const { indices } = args;
  const climate = climateResolver(input, indices);
  const groups = typeGroups(classification);
  const groupOrNull = (ecosystem: string | null) =>
    ecosystem === null ? null : (groups.get(ecosystem) ?? null);
  // What this indicator read, by key then ecosystem type: a method asks for the same coefficient on every row of a
  // type, and the answer (the record, the value in a unit, the price) never changes within an account. Only what
  // was found is kept: a missing coefficient or a unit mismatch is asked again, so each row reports its own path.
  const read = new Map<string, Map<string | null, ResolvedCoefficient>>();
  const coefficient = (key: string, ecosystem: string | null, path: Path = []) => {
    let byType = read.get(key);
    if (byType === undefined) read.set(key, (byType = new Map()));
    let c = byType.get(ecosystem);
    if (c === undefined) {
      c = coefficients.require(key, ecosystem, region, path, groupOrNull(ecosystem));
      keys.add(log.record(c, indicator.code));
      byType.set(ecosystem, c);
    }
    return c;
  };
  const scalars = new Map<ResolvedCoefficient, Map<UnitId, Decimal>>();
  const prices = new Map<ResolvedCoefficient, Price>();
  return {
    input,
    indicator,
    switches,
    classification,
    coefficient,
    coefficientIfAny(key, ecosystem) {
      if (read.get(key)?.has(ecosystem)) return coefficient(key, ecosystem);
      return coefficients.find(key, ecosystem, region, groupOrNull(ecosystem)) === undefined
        ? undefined
        : coefficient(key, ecosystem);
    },
    declared(c) {
      keys.add(log.record(c, indicator.code));
    },
    scalar(key, ecosystem, unit: UnitId, path = []) {
      const c = coefficient(key, ecosystem, path);
      let byUnit = scalars.get(c);
      if (byUnit === undefined) scalars.set(c, (byUnit = new Map()));
      let v = byUnit.get(unit);
      if (v === undefined) {
        const u = parseUnit(c.unit);
        if (u === undefined || dimensionOf(u) !== dimensionOf(unit)) {
          fail('COEFFICIENT_UNIT_MISMATCH', at(c, path), { key, actual: c.unit, expected: unitSymbol(unit) });
        }
        v = convertValue(c.value, u, unit, path);
        byUnit.set(unit, v);
      }
      return v;
    },
    tablePrice(key, ecosystem, path = []) {
      const c = coefficient(key, ecosystem, path);
      let price = prices.get(c);
      if (price === undefined) {
        const pu = parsePriceUnit(c.unit);
        if (pu === undefined || c.priceYear === undefined) {
          fail('COEFFICIENT_UNIT_MISMATCH', at(c, path), {
            key,
            actual: c.unit,
            expected: 'a price (money/unit with a price year)',
          });
        }
        price = { value: c.value, money: pu.money, per: pu.per, priceYear: c.priceYear };
        prices.set(c, price);
      }
      // Fresh objects for each valuation (a result's parts are never shared); the reading above is done once.
      return {
        price: { ...price },
        origin: { kind: 'coefficient', key, table: c.table, ecosystem: c.ecosystem },
      };
    },
    climate,
    specific: (records, zone, ecosystem, has) => indices.of(records).find(zone, ecosystem, has),
    climateOther(field, zone, ecosystem) {
      const found = indices.of(input.climate).find(zone, ecosystem, (c) => c[field] !== undefined);
      if (found === undefined) return undefined;
      const path: Path = ['climate', found.index, field];
      if (field === 'relativeHumidity') return { value: found.record.relativeHumidity as Decimal, path };
      const q = found.record.acDays as Quantity;
      return { value: convertValue(q.value, q.unit, 'day', path), path };
    },
    linesOf(code) {
      const lines = computed.get(code);
      if (lines === undefined)
        fail('INDICATOR_DEPENDENCY_MISSING', indicator.path, { indicator: indicator.code, needs: code });
      return lines;
    },
    groupOf(ecosystem) {
      const group = groups.get(ecosystem);
      if (group === undefined) {
        fail('ECOSYSTEM_TYPE_UNKNOWN', [], {
          type: shortValue(ecosystem),
          classification: classification.ref,
          allowed: classification.types.map((x) => x.code).join(', '),
        });
      }
      return group;
    },
    warn(i) {
      warnings.push(i);
    },
  };
}

/** The group of each type code (the first type of a code, as a search of the list would find). */
function typeGroups(classification: Classification): Map<string, string> {
  const groups = new Map<string, string>();
  for (const t of classification.types) if (!groups.has(t.code)) groups.set(t.code, t.group);
  return groups;
}
