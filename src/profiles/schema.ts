import * as z from 'zod/mini';
import { contentHash } from '../core/canonical';
import { GepError, type Path, fail } from '../core/errors';
import { bilingual, ownKeys, share } from '../core/schema';
import { PARSE_OPTIONS, fromZodIssues } from '../core/zod-issues';
import { MAX_JSON_DEPTH, valueTooDeep } from '../io/json';

/** A profile: which indicators an account includes, the method of each, its switches, tables and checks. */
export const profileSchema = z.strictObject({
    $schema: z.optional(z.string()),
    kind: z.literal('profile'),
    id: z.string().check(z.regex(/^[a-z0-9][a-z0-9-]*$/)),
    version: z.string().check(z.regex(/^\d+\.\d+\.\d+$/)),
    status: z.enum(['draft', 'stable']),
    title: bilingual,
    standard: z.strictObject({ document: z.string().check(z.minLength(1)), confirmed: z.string().check(z.minLength(1)), override: z.optional(z.string()) }),
    classification: z.string().check(z.minLength(1)),
    tables: z.array(z.string().check(z.minLength(1))).check(z.meta({ description: 'Coefficient table ids, searched in this order.' })),
    priceIndex: z.string().check(z.minLength(1)),
    pricePolicy: z
      .enum(['deflate-to-accounting-year', 'as-published']).check(z.meta({ description: 'Whether prices of other years are moved to the accounting year for current-price values.' })),
    checks: z.strictObject({ areaTolerance: share }),
    doubleCounting: z._default(z
      .array(
        z.strictObject({
            id: z.string().check(z.minLength(1)),
            kind: z.enum(['exclusive', 'note', 'unapplied']),
            indicators: z.array(z.string().check(z.minLength(1))).check(z.minLength(1)),
            text: z.string().check(z.minLength(1)),
            textZh: z.optional(z.string().check(z.minLength(1))).check(z.meta({ description: 'The rule in Chinese, shown by Chinese reports (the English text where it is missing).' })),
          }),
      ), []).check(z.meta({ description: 'Double-counting rules: "exclusive" warns when more than one of the indicators is counted; "note" is listed as applied; "unapplied" is a rule of the standard gepkit does not carry out, warned while any of its indicators is counted.' })),
    deflators: z._default(z
      .array(z.strictObject({ match: z.string().check(z.minLength(1)), index: z.string().check(z.minLength(1)) })), []).check(z.meta({ description: 'Per-price deflators: a coefficient key prefix (or "input:<path>") and the index that moves it.' })),
    warnBelowGrade: z._default(z
      .enum(['verified', 'published', 'derived', 'secondary', 'assumed']), 'secondary').check(z.meta({ description: 'Coefficients below this grade are listed as warnings (strict mode: options.minGrade).' })),
    indicators: z
      .array(
        z.strictObject({
            code: z.string().check(z.regex(/^[A-Z][A-Z0-9]*$/)),
            name: bilingual,
            inclusion: z.enum(['required', 'optional', 'excluded']),
            method: z.string().check(z.regex(/^[a-z0-9-]+\/[a-z0-9-]+@\d+$/)),
            switches: ownKeys(z._default(z.record(z.string(), z.unknown()), {})),
            note: z.optional(z.string()),
            noteZh: z.optional(z.string()).check(z.meta({ description: 'The note in Chinese.' })),
          }),
      ).check(z.minLength(1)),
  });

export type ProfileData = z.output<typeof profileSchema>;
export interface Profile extends ProfileData {
  readonly ref: string;
  readonly hash: string;
}

export function loadProfile(json: unknown, path: Path = []): Profile {
  // A value built in JavaScript may nest without bound (switches hold any JSON, and the content hash walks them by
  // recursion): refused before zod walks it (docs/limits.md).
  const deep = valueTooDeep(json);
  if (deep !== undefined)
    fail('INPUT_TOO_DEEP', [...path, ...deep], { file: 'the profile', limit: MAX_JSON_DEPTH });
  const parsed = profileSchema.safeParse(json, PARSE_OPTIONS);
  if (!parsed.success) throw new GepError(fromZodIssues(parsed.error.issues, path, 'PROFILE_INVALID'));
  // A double-counting rule speaks of the profile's own indicators: one naming another would be said as applied (a
  // note that water supply and conservation are both counted, in a profile without water supply) or pass unseen.
  const codes = new Set(parsed.data.indicators.map((i) => i.code));
  parsed.data.doubleCounting.forEach((r, i) =>
    r.indicators.forEach((code, j) => {
      if (!codes.has(code))
        fail('PROFILE_INVALID', [...path, 'doubleCounting', i, 'indicators', j], {
          detail: `the rule ${r.id} names ${code}, which is no indicator of the profile`,
        });
    }),
  );
  return { ...parsed.data, ref: `${parsed.data.id}@${parsed.data.version}`, hash: contentHash(parsed.data) };
}
