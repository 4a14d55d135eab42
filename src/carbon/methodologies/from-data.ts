/**
 * A methodology declared in data (`kind: "carbon-methodology"`), its formula evaluated in the custom-formula
 * sandbox (src/custom/sandbox.ts: decimal arithmetic, no assignments, no imports, a short list of functions).
 *
 *   ER = formula(inputs, factors)     g CO₂; inputs from the activity in their base unit, factors in g CO₂ per base
 *                                     unit of their dimension (km, pkm, ride, kWh)
 *
 * Inputs name activity quantities: `distance` (km; `pkm` only where the methodology states `passengers`),
 * `passengerDistance` (pkm), `rides`, `steps`, `minutes`, `count`, `use` (kWh), `generation` (kWh), `passengers`.
 * Factors name factor keys, each with the dimension its value must have. The spec carries its own plausibility
 * bounds. Refusals: CARBON_METHODOLOGY_INVALID at load; the sandbox's CUSTOM_* codes for a formula it refuses.
 */
import * as z from 'zod';
import { compileFormula, evaluate, symbolNameProblem } from '../../custom/sandbox';
import { GRADES, sourceSchema } from '../../coefficients/schema';
import { Decimal } from '../../core/decimal';
import { GepError, type Issue, type Path } from '../../core/errors';
import { bilingual, ownKeys } from '../../core/schema';
import { fromZodIssues } from '../../core/zod-issues';
import { type Activity, KWH, MINUTES } from '../activity';
import { carbonFail, carbonZodFallback } from '../errors';
import type { FactorUse } from '../factors/registry';
import { ownBoundSchema } from './bounds';
import {
  type CarbonMethodology,
  type MethodContext,
  type ReductionResult,
  distanceIn,
  missing,
  need,
  useFactor,
} from './spec';

export const INPUT_SOURCES = [
  'distance',
  'passengerDistance',
  'rides',
  'steps',
  'minutes',
  'count',
  'use',
  'generation',
  'passengers',
] as const;
type InputSource = (typeof INPUT_SOURCES)[number];

const name = z.string().superRefine((s, ctx) => {
  const why = symbolNameProblem(s);
  if (why !== undefined)
    ctx.addIssue({ code: 'custom', message: `"${s}" cannot name a formula input: ${why}` });
});

export const methodologyDataSchema = z
  .object({
    $schema: z.string().optional(),
    kind: z.literal('carbon-methodology'),
    id: z.string().regex(/^[a-z0-9-]+\/[a-z0-9-]+$/),
    version: z.string().regex(/^\d+$/),
    title: bilingual,
    jurisdiction: z.string().min(1),
    scenarios: z.array(z.string().regex(/^[a-z][a-z0-9_]*$/)).min(1),
    inputs: ownKeys(
      z.record(name, z.enum(INPUT_SOURCES)).meta({ description: 'Formula symbol → activity quantity.' }),
    ),
    factors: ownKeys(
      z
        .record(
          name,
          z
            .object({
              key: z.string().regex(/^[a-z0-9_.-]+$/),
              dimension: z.enum(['distance', 'passenger-distance', 'ride', 'energy']),
              kind: z.enum(['emission', 'reduction']),
            })
            .strict(),
        )
        .meta({
          description: 'Formula symbol → factor key, with the dimension and kind its value must have.',
        }),
    ),
    formula: z.string().min(1).meta({ description: 'ER in g CO₂, evaluated in the custom-formula sandbox.' }),
    passengers: z
      .union([z.literal('one'), z.literal('activity')])
      .optional()
      .meta({
        description:
          'How km and pkm relate: "one" (a personal trip: d km = d pkm), "activity" (the activity\'s passengers); absent: no conversion (UNIT_MISMATCH).',
      }),
    factorSets: z.array(z.string().min(1)).default([]).meta({
      description: "Bundled factor sets (id@version) searched after the user's, e.g. cn-grid-co2-2023@1.0.0.",
    }),
    bounds: z.array(ownBoundSchema).default([]),
    source: sourceSchema,
    grade: z.enum(GRADES),
    methodsPage: z.string().min(1),
  })
  .strict();
export type MethodologyData = z.output<typeof methodologyDataSchema>;

const ONE = new Decimal(1);

function input(a: Activity, src: InputSource, m: MethodologyData, path: Path): Decimal | undefined {
  const passengers = m.passengers === 'one' ? ONE : m.passengers === 'activity' ? a.passengers : undefined;
  switch (src) {
    case 'distance':
      return a.distance !== undefined || a.steps !== undefined
        ? distanceIn(a, 'distance', passengers, path)
        : undefined;
    case 'passengerDistance':
      return a.distance !== undefined || a.steps !== undefined
        ? distanceIn(a, 'passenger-distance', passengers, path)
        : undefined;
    case 'rides':
      return a.rides;
    case 'steps':
      return a.steps;
    case 'minutes':
      return a.duration !== undefined ? MINUTES(a.duration) : undefined;
    case 'count':
      return a.count;
    case 'use':
      return a.use !== undefined ? KWH(a.use) : undefined;
    case 'generation':
      return a.generation !== undefined ? KWH(a.generation) : undefined;
    case 'passengers':
      return a.passengers;
  }
}

/**
 * A methodology from data: validated (CARBON_METHODOLOGY_INVALID), its formula compiled in the sandbox against
 * its declared inputs and factors (the sandbox's CUSTOM_* codes), ready for the batch's `methodologies` option.
 */
export function loadMethodology(json: unknown, path: Path = []): CarbonMethodology {
  const parsed = methodologyDataSchema.safeParse(json, { reportInput: true });
  if (!parsed.success)
    throw new GepError(
      fromZodIssues(parsed.error.issues, path, carbonZodFallback('CARBON_METHODOLOGY_INVALID')),
    );
  const m = parsed.data;
  const clash = Object.keys(m.inputs).find((k) => Object.hasOwn(m.factors, k));
  if (clash !== undefined)
    carbonFail('CARBON_METHODOLOGY_INVALID', [...path, 'factors', clash], {
      detail: `"${clash}" names both an input and a factor`,
    });
  m.bounds.forEach((b, i) => {
    // A bound of a scenario the methodology does not have would never apply: a typo there leaves lines unbounded.
    if (b.scenario !== null && !m.scenarios.includes(b.scenario))
      carbonFail('CARBON_METHODOLOGY_INVALID', [...path, 'bounds', i, 'scenario'], {
        detail: `bound scenario "${b.scenario}" is not one of the methodology's scenarios (${m.scenarios.join(', ')})`,
      });
    // Without passengers a pkm line cannot be measured in km, and a km line cannot feed a passengerDistance input:
    // a distance or speed bound would never apply to a line the methodology credits.
    if (
      (b.measure === 'distance' || b.measure === 'speed') &&
      m.passengers === undefined &&
      Object.values(m.inputs).includes('passengerDistance')
    )
      carbonFail('CARBON_METHODOLOGY_INVALID', [...path, 'bounds', i, 'measure'], {
        detail: `a ${b.measure} bound (km) cannot measure the pkm of a passengerDistance input without "passengers"`,
      });
  });
  const formula = compileFormula(
    m.formula,
    [...Object.keys(m.inputs), ...Object.keys(m.factors)],
    [...path, 'formula'],
  );
  const ref = `${m.id}@${m.version}`;
  const compute = (a: Activity, ctx: MethodContext): ReductionResult => {
    const scope: Record<string, Decimal> = {};
    for (const [sym, src] of Object.entries(m.inputs)) {
      const v = input(a, src, m, ctx.path);
      if (v === undefined) missing(a, src, ctx.path, `(input ${sym} of ${ref})`);
      scope[sym] = v;
    }
    const warnings: Issue[] = [];
    const factors: FactorUse[] = [];
    for (const [sym, f] of Object.entries(m.factors)) {
      const r = ctx.chain.require(f.key, a.region ?? null, ctx.path, ctx.when);
      scope[sym] = need(r, [f.dimension], f.kind, ctx.path);
      factors.push(useFactor(r, ctx, warnings));
    }
    const r: ReductionResult = {
      methodology: ref,
      rule: 'formula',
      factors,
      exact: evaluate(formula, scope),
    };
    if (warnings.length > 0) r.warnings = warnings;
    return r;
  };
  return {
    id: m.id,
    version: m.version,
    ref,
    title: m.title,
    jurisdiction: m.jurisdiction,
    scenarios: m.scenarios,
    inputs: Object.values(m.inputs),
    formulas: [`ER = ${m.formula}`],
    source: m.source,
    grade: m.grade,
    factorSets: m.factorSets,
    factorKeys: Object.values(m.factors).map((f) => f.key),
    bounds: m.bounds.map((b) => ({ ...b, methodology: m.id })),
    ...(m.passengers === 'one'
      ? { passengers: () => ONE }
      : m.passengers === 'activity'
        ? { passengers: (a: Activity) => a.passengers }
        : {}),
    methodsPage: m.methodsPage,
    compute,
  };
}
