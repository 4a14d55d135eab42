import * as z from 'zod';
import { contentHash } from '../core/canonical';
import { GepError, type Path } from '../core/errors';
import { bilingual, share } from '../core/schema';
import { fromZodIssues } from '../core/zod-issues';

/** A profile: which indicators an account includes, the method of each, its switches, tables and checks. */
export const profileSchema = z
  .object({
    $schema: z.string().optional(),
    kind: z.literal('profile'),
    id: z.string().regex(/^[a-z0-9][a-z0-9-]*$/),
    version: z.string().regex(/^\d+\.\d+\.\d+$/),
    status: z.enum(['draft', 'stable']),
    title: bilingual,
    standard: z.object({ document: z.string().min(1), confirmed: z.string().min(1), override: z.string().optional() }).strict(),
    classification: z.string().min(1),
    tables: z.array(z.string().min(1)).meta({ description: 'Coefficient table ids, searched in this order.' }),
    priceIndex: z.string().min(1),
    pricePolicy: z
      .enum(['deflate-to-accounting-year', 'as-published'])
      .meta({ description: 'Whether prices of other years are moved to the accounting year for current-price values.' }),
    checks: z.object({ areaTolerance: share }).strict(),
    doubleCounting: z
      .array(
        z
          .object({
            id: z.string().min(1),
            kind: z.enum(['exclusive', 'note']),
            indicators: z.array(z.string().min(1)).min(1),
            text: z.string().min(1),
          })
          .strict(),
      )
      .default([])
      .meta({ description: 'Overlap rules: "exclusive" warns when more than one of the indicators is counted.' }),
    deflators: z
      .array(z.object({ match: z.string().min(1), index: z.string().min(1) }).strict())
      .default([])
      .meta({ description: 'Per-price deflators: a coefficient key prefix (or "input:<path>") and the index that moves it.' }),
    warnBelowGrade: z
      .enum(['verified', 'published', 'derived', 'secondary', 'assumed'])
      .default('secondary')
      .meta({ description: 'Coefficients below this grade are listed as warnings (strict mode: options.minGrade).' }),
    indicators: z
      .array(
        z
          .object({
            code: z.string().regex(/^[A-Z][A-Z0-9]*$/),
            name: bilingual,
            inclusion: z.enum(['required', 'optional', 'excluded']),
            method: z.string().regex(/^[a-z0-9-]+\/[a-z0-9-]+@\d+$/),
            switches: z.record(z.string(), z.unknown()).default({}),
            note: z.string().optional(),
          })
          .strict(),
      )
      .min(1),
  })
  .strict();

export type ProfileData = z.output<typeof profileSchema>;
export interface Profile extends ProfileData {
  readonly ref: string;
  readonly hash: string;
}

export function loadProfile(json: unknown, path: Path = []): Profile {
  const parsed = profileSchema.safeParse(json, { reportInput: true });
  if (!parsed.success) throw new GepError(fromZodIssues(parsed.error.issues, path, 'PROFILE_INVALID'));
  return { ...parsed.data, ref: `${parsed.data.id}@${parsed.data.version}`, hash: contentHash(parsed.data) };
}
