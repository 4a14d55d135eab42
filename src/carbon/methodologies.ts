import { z } from 'zod';
import data from '../../coefficients/carbon/methodologies.json';
import { GRADES, sourceSchema } from '../coefficients/schema';
import { carbonFail } from './errors';
import { bilingual } from '../core/schema';

/**
 * Methodologies as data (coefficients/carbon/methodologies.json): id, version, jurisdiction, scenarios,
 * formulas and the pinned factor sets (searched after the user's own sets). The arithmetic lives in the
 * small pure modules of src/carbon/methods.
 */
export const methodologySchema = z
  .object({
    id: z.string().regex(/^[a-z0-9-]+\/[a-z0-9-]+$/),
    version: z.string().regex(/^\d+$/),
    title: bilingual,
    jurisdiction: z.string().min(1),
    scenarios: z.array(z.string()).min(1),
    formulas: z.array(z.string()).min(1),
    factorSets: z.array(z.string()),
    factorKeys: z.array(z.string()),
    fallbacks: z
      .array(z.object({ key: z.string().min(1), grade: z.enum(GRADES), note: z.string().min(1) }).strict())
      .optional()
      .meta({
        description:
          "Factor keys used when the methodology's own factor does not apply: gepkit's choice, graded and explained; results carry it with the factor.",
      }),
    source: sourceSchema,
    grade: z.enum(GRADES),
  })
  .strict();
export type Methodology = z.output<typeof methodologySchema> & { ref: string };

let cache: Methodology[] | undefined;

export function methodologies(): readonly Methodology[] {
  cache ??= z
    .object({
      kind: z.literal('carbon-methodologies'),
      version: z.string(),
      methodologies: z.array(methodologySchema),
    })
    .parse(data)
    .methodologies.map((m) => ({ ...m, ref: `${m.id}@${m.version}` }));
  return cache;
}

/** The methodology for a scenario (each built-in scenario has one). */
export function methodologyFor(scenario: string): Methodology | undefined {
  return methodologies().find((m) => m.scenarios.includes(scenario));
}

export function methodology(ref: string): Methodology {
  const m = methodologies().find((x) => x.ref === ref || x.id === ref);
  if (m === undefined)
    carbonFail('CARBON_METHODOLOGY_UNKNOWN', [], {
      methodology: ref,
      allowed: methodologies()
        .map((x) => x.ref)
        .join(', '),
    });
  return m;
}
