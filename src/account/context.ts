import type { Classification } from '../coefficients/classification';
import type { CoefficientSet, ResolvedCoefficient } from '../coefficients/registry';
import { parsePriceUnit } from '../core/schema';
import { type Issue, type Path, fail } from '../core/errors';
import type { Price } from '../core/money';
import { type Quantity, type UnitId, convertValue, dimensionOf, parseUnit, unitSymbol } from '../core/units';
import type { MethodContext, Named } from '../indicators/spec';
import type { AccountInput } from './input';

/** Every coefficient an account read, keyed so that each distinct record appears once in the result. */
export class CoefficientLog {
  readonly used = new Map<string, { c: ResolvedCoefficient; usedBy: Set<string> }>();
  record(c: ResolvedCoefficient, indicator: string): string {
    const id = `${c.key}|${c.ecosystem ?? '*'}|${c.region ?? '*'}|${c.table}`;
    const entry = this.used.get(id) ?? { c, usedBy: new Set<string>() };
    entry.usedBy.add(indicator);
    this.used.set(id, entry);
    return id;
  }
}

export type ClimateField = 'precipitation' | 'evapotranspiration' | 'stormPrecipitation';

/** Resolves climate fields: the most specific record wins (zone + type > type > zone > region-wide). */
export function climateResolver(input: AccountInput) {
  return (field: ClimateField, zone: string | null, ecosystem: string, at: Path = ['climate']) => {
    let best: { q: Quantity; path: Path; score: number } | undefined;
    input.climate.forEach((c, i) => {
      const q = c[field];
      if (q === undefined) return;
      if (c.zone !== undefined && c.zone !== zone) return;
      if (c.ecosystem !== undefined && c.ecosystem !== ecosystem) return;
      const score = (c.ecosystem !== undefined ? 2 : 0) + (c.zone !== undefined ? 1 : 0);
      if (best === undefined || score > best.score) best = { q, path: ['climate', i, field], score };
    });
    if (best === undefined) fail('CLIMATE_MISSING', at, { field, zone: zone ?? '(region)', type: ecosystem });
    const found: { q: Quantity; path: Path } = best;
    return {
      value: { value: convertValue(found.q.value, found.q.unit, 'mm', found.path), unit: 'mm' as const },
      path: found.path,
    };
  };
}

export function makeContext<S>(args: {
  input: AccountInput;
  region: string | null;
  indicator: { code: string; name: Named; path: Path };
  switches: S;
  classification: Classification;
  coefficients: CoefficientSet;
  log: CoefficientLog;
  keys: Set<string>;
  warnings: Issue[];
}): MethodContext<S> {
  const { input, region, indicator, switches, classification, coefficients, log, keys, warnings } = args;
  const climate = climateResolver(input);
  const coefficient = (key: string, ecosystem: string | null, path: Path = []) => {
    const c = coefficients.require(key, ecosystem, region, path);
    keys.add(log.record(c, indicator.code));
    return c;
  };
  return {
    input,
    indicator,
    switches,
    classification,
    coefficient,
    scalar(key, ecosystem, unit: UnitId, path = []) {
      const c = coefficient(key, ecosystem, path);
      const u = parseUnit(c.unit);
      if (u === undefined || dimensionOf(u) !== dimensionOf(unit)) {
        fail('COEFFICIENT_UNIT_MISMATCH', path, { key, actual: c.unit, expected: unitSymbol(unit) });
      }
      return convertValue(c.value, u, unit, path);
    },
    tablePrice(key, ecosystem, path = []) {
      const c = coefficient(key, ecosystem, path);
      const pu = parsePriceUnit(c.unit);
      if (pu === undefined || c.priceYear === undefined) {
        fail('COEFFICIENT_UNIT_MISMATCH', path, {
          key,
          actual: c.unit,
          expected: 'a price (money/unit with a price year)',
        });
      }
      const price: Price = { value: c.value, money: pu.money, per: pu.per, priceYear: c.priceYear };
      return { price, origin: { kind: 'coefficient', key, table: c.table, ecosystem: c.ecosystem } };
    },
    climate,
    groupOf(ecosystem) {
      const t = classification.types.find((x) => x.code === ecosystem);
      if (t === undefined) {
        fail('ECOSYSTEM_TYPE_UNKNOWN', [], {
          type: ecosystem,
          classification: classification.ref,
          allowed: classification.types.map((x) => x.code).join(', '),
        });
      }
      return t.group;
    },
    warn(i) {
      warnings.push(i);
    },
  };
}
