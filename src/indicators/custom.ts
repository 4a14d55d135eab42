import * as z from 'zod/mini';
import type { ResolvedCoefficient } from '../coefficients/registry';
import type { Grade } from '../coefficients/schema';
import { contentHash } from '../core/canonical';
import type { Decimal } from '../core/decimal';
import { type Path, formatPath } from '../core/errors';
import { type UnitId, dimensionOf, unitSymbol } from '../core/units';
import type { Line, MethodSpec } from './spec';
import { customFail, customIssue } from '../custom/errors';
import { type CompiledFormula, compileFormula, evaluate } from '../custom/sandbox';
import { type CustomIndicator, type CustomInputValue, formulaValue } from '../custom/schema';

const switches = z.strictObject({});
export type CustomSwitches = z.output<typeof switches>;

/** The method id of a custom indicator: `custom/x1` for code X1 (version 1). */
export function customMethodId(code: string): string {
  return `custom/${code.toLowerCase()}`;
}

/** A custom indicator's method, with the evaluation steps of its two formulas (sandbox.ts HEAVY_STEPS). */
export type CustomMethod = MethodSpec<CustomSwitches> & { readonly steps: number };

/**
 * Most evaluation steps of an account's custom indicators when `customWorkLimit` is not given (docs/limits.md): about
 * 1.3 s of CPU at the worst (1,877 powers of 40-digit decimals measured), ten times the service's default.
 */
export const DEFAULT_CUSTOM_WORK_LIMIT = 100_000;

/** CUSTOM_WORK_EXCEEDED, at customIndicators, when `steps` exceed `limit` (DEFAULT_CUSTOM_WORK_LIMIT when absent). */
export function checkCustomWork(steps: number, limit: number = DEFAULT_CUSTOM_WORK_LIMIT): void {
  if (steps > limit)
    customFail('CUSTOM_WORK_EXCEEDED', ['customIndicators'], { amount: steps, unit: 'steps', limit });
}

/**
 * The method of one declared custom indicator. Both formulas are compiled here (a refused formula throws
 * GepError at `path`.physical / `path`.value before anything is computed); `compute` returns one line:
 * physical = the physical formula in the declared unit, valued as an amount of 元 at `priceYear` given by
 * the value formula (which reads the physical result as `physical`). The engine deflates and aggregates it
 * like any other line. `path` is where the declaration sits in the input, e.g. ["customIndicators", 0].
 */
export function customMethod(decl: CustomIndicator, path: Path, cache?: FormulaMemo): CustomMethod {
  const names = Object.keys(decl.inputs);
  const physical = compileFormula(decl.physical, names, [...path, 'physical']);
  const value = compileFormula(decl.value, [...names, 'physical'], [...path, 'value']);
  const graded = gradedInputs(decl);
  return {
    steps: physical.steps + value.steps,
    id: customMethodId(decl.code),
    version: 1,
    title: decl.name,
    category: decl.category,
    physicalUnit: decl.unit,
    subItems: [],
    coefficientKeys: [],
    inputs: [formatPath(path)],
    switches,
    hasInput: () => true,
    compute(ctx) {
      const scope: Record<string, Decimal> = {};
      const terms: Record<string, string> = {};
      for (const name of names) {
        const v = decl.inputs[name] as CustomInputValue;
        scope[name] = formulaValue(v);
        terms[name] = describeInput(v, scope[name]);
      }
      const q = valueOf(physical, scope, cache);
      const money = valueOf(value, { ...scope, physical: q }, cache);
      for (const c of graded) ctx.declared(c);
      terms['formula.physical'] = decl.physical;
      terms['formula.value'] = decl.value;
      const negative = (what: string, d: Decimal, field: string) => {
        if (d.isNegative() && !d.isZero())
          ctx.warn(
            customIssue('CUSTOM_RESULT_NEGATIVE', [...path, field], {
              code: decl.code,
              what,
              value: d.toFixed(),
            }),
          );
      };
      for (const name of names) {
        const expected = unitReadAsWritten(decl.inputs[name] as CustomInputValue, decl.unit);
        if (expected !== undefined)
          ctx.warn(
            customIssue('CUSTOM_INPUT_UNIT_AS_WRITTEN', [...path, 'inputs', name], {
              code: decl.code,
              input: name,
              unit: unitSymbol((decl.inputs[name] as CustomInputValue).unit as UnitId),
              value: (scope[name] as Decimal).toFixed(),
              expected: unitSymbol(expected),
            }),
          );
      }
      negative('physical quantity', q, 'physical');
      negative('value', money, 'value');
      const line: Line = {
        subItem: null,
        ecosystem: decl.ecosystem ?? null,
        zone: decl.zone ?? null,
        physical: { value: q, unit: decl.unit },
        valuations: [
          {
            kind: 'amount',
            label: 'value formula',
            money: { amount: money, unit: 'yuan', priceYear: decl.priceYear },
            origin: { kind: 'input', path: [...path, 'value'] },
          },
        ],
        terms,
        path: [...path],
      };
      return [line];
    },
  };
}

/**
 * The table a custom indicator's graded input is listed under among the coefficients an account read: it has none,
 * the input's `customIndicators` section holds it.
 */
export const CUSTOM_INPUT_TABLE = 'customIndicators';

/** The key of a custom indicator's input among the coefficients an account read: the code and the name, `X1.yield`. */
export const customInputKey = (code: string, name: string): string => `${code}.${name}`;

/**
 * The inputs of a declaration that carry a source and a grade, as coefficient records (key `X1.yield`, table
 * CUSTOM_INPUT_TABLE, the value and unit as written, no unit for a decimal; the hash is the declaration's content
 * hash, the grade the user's claim): the account lists them among the coefficients it read and reviews their grades
 * like a table's. One object per input, made once per method (the account's log keys records by object).
 */
function gradedInputs(decl: CustomIndicator): ResolvedCoefficient[] {
  const entries = Object.entries(decl.inputs).filter(([, v]) => v.grade !== undefined);
  if (entries.length === 0) return [];
  const hash = contentHash(decl);
  return entries.map(([name, v]) => ({
    key: customInputKey(decl.code, name),
    ecosystem: null,
    region: null,
    value: v.value,
    unit: v.unit ?? '',
    table: CUSTOM_INPUT_TABLE,
    hash,
    grade: v.grade as Grade,
    gradeDeclaredBy: 'user' as const,
    source: { document: v.source as string },
  }));
}

/** Where formula values are kept between accounts (the account's AccountCache). */
export interface FormulaMemo {
  formulaValue(key: string, evaluate: () => Decimal): Decimal;
}

/**
 * A formula's value, kept in `cache` by its text and the values of the inputs it reads (an uncertainty run's probes
 * evaluate a formula whose inputs they do not move once): the same number as `evaluate`.
 */
function valueOf(f: CompiledFormula, scope: Readonly<Record<string, Decimal>>, cache?: FormulaMemo): Decimal {
  if (cache === undefined) return evaluate(f, scope);
  const key = [f.source, ...f.symbols.map((n) => `${n}=${(scope[n] as Decimal).toString()}`)].join('\u0000');
  return cache.formulaValue(key, () => evaluate(f, scope));
}

/**
 * The unit a quantity input read as written (no `as`) is likely meant in, when it differs from its own: the
 * declared unit of the physical result for an input of its dimension (2 万t CO₂ beside a result in t CO₂), 元 for
 * an amount of money (the value formula gives 元). Undefined when the input is a number, has `as`, or is in that
 * unit already.
 */
function unitReadAsWritten(v: CustomInputValue, physicalUnit: UnitId): UnitId | undefined {
  if (v.unit === undefined || v.as !== undefined) return undefined;
  const expected: UnitId | undefined =
    dimensionOf(v.unit) === dimensionOf(physicalUnit)
      ? physicalUnit
      : dimensionOf(v.unit) === 'money'
        ? 'yuan'
        : undefined;
  return expected === v.unit ? undefined : expected;
}

/** "20 hm² (300 亩)" for a converted quantity, "20 hm²" for a quantity, "1.2" for a number. */
function describeInput(v: CustomInputValue, seen: Decimal): string {
  if (v.unit === undefined) return seen.toFixed();
  const as = v.as ?? v.unit;
  const shown = `${seen.toFixed()} ${unitSymbol(as)}`;
  return as === v.unit ? shown : `${shown} (${v.value.toFixed()} ${unitSymbol(v.unit)})`;
}
