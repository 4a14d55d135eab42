import { Decimal } from '../../core/decimal';
import { type Path, fail } from '../../core/errors';
import type { Quantity } from '../../core/units';
import { carbonFail } from '../errors';

/**
 * The edge checks of the forestry functions: each parameter is a finite Decimal (a missing one is refused, never
 * read as zero), never negative, and a fraction (carbon fraction, crown cover, growth and harvest rates) lies in
 * [0, 1] — so a percentage written for a fraction (CF 47, crown cover 30) is refused, not multiplied in.
 * Refusals: CARBON_FORESTRY_PARAMETER_INVALID at the parameter; UNIT_MISMATCH for a quantity not in t CO₂.
 */
type ParameterKind = 'fraction' | 'non-negative';

const EXPECTED: Record<ParameterKind, string> = {
  fraction: 'a fraction in [0, 1] (0.47, not 47)',
  'non-negative': 'a decimal ≥ 0',
};

const shown = (v: unknown): string => {
  if (v === undefined) return 'missing';
  if (Decimal.isDecimal(v)) return (v as Decimal).toString();
  return typeof v === 'string' || typeof v === 'number' ? `${typeof v} ${String(v)}` : typeof v;
};

/** A Decimal within the kind's range, or the refusal naming it. */
export function checked(value: unknown, name: string, kind: ParameterKind, path: Path): Decimal {
  const ok =
    Decimal.isDecimal(value) &&
    (value as Decimal).isFinite() &&
    !(value as Decimal).lt(0) &&
    !(kind === 'fraction' && (value as Decimal).gt(1));
  if (!ok)
    carbonFail('CARBON_FORESTRY_PARAMETER_INVALID', path, {
      parameter: name,
      value: shown(value),
      expected: Decimal.isDecimal(value) ? EXPECTED[kind] : `a Decimal, ${EXPECTED[kind]}`,
    });
  return value as Decimal;
}

/** Member `name` of `o`, checked (path: `[...path, name]`). */
export function member(o: object, name: string, kind: ParameterKind, path: Path): Decimal {
  return checked((o as Record<string, unknown>)[name], name, kind, [...path, name]);
}

/** A quantity in t CO₂ with a finite Decimal value (of either sign); t C or any other unit is UNIT_MISMATCH. */
export function tonnesCO2(q: Quantity<'t_CO2'>, path: Path): Decimal {
  if ((q as Quantity<'t_CO2'> | undefined) === undefined)
    carbonFail('CARBON_FORESTRY_PARAMETER_INVALID', path, {
      parameter: String(path[path.length - 1] ?? 'quantity'),
      value: 'missing',
      expected: 'a Decimal',
    });
  const unit: unknown = q.unit;
  if (unit !== 't_CO2')
    fail('UNIT_MISMATCH', [...path, 'unit'], {
      expected: 't_CO2',
      actual: String(unit),
    });
  const v: unknown = q.value;
  if (!Decimal.isDecimal(v) || !(v as Decimal).isFinite())
    carbonFail('CARBON_FORESTRY_PARAMETER_INVALID', [...path, 'value'], {
      parameter: 'value',
      value: shown(v),
      expected: 'a Decimal',
    });
  return v as Decimal;
}
