/**
 * Crosswalks from land-use classes (GB/T 21010—2017, the third national land survey's working classification) to
 * the ecosystem types of a classification: data, versioned, with the source of the codes and the grade of the
 * mapping. An entry whose land-use class does not determine one ecosystem type has `type: null` and lists its
 * candidates; an account that meets it asks for the type (ECOSYSTEM_TYPE_AMBIGUOUS) instead of guessing.
 */
import * as z from 'zod/mini';
import landuseJx from '../../coefficients/classification/landuse-jx-crosswalk.json';
import { contentHash } from '../core/canonical';
import { GepError, type Path } from '../core/errors';
import { bilingual } from '../core/schema';
import { PARSE_OPTIONS, fromZodIssues } from '../core/zod-issues';
import { GRADES, sourceSchema } from './schema';

const typeCode = z.string().check(z.regex(/^[a-z_]+(\.[a-z_]+)*$/));

export const crosswalkSchema = z.strictObject({
    $schema: z.optional(z.string()),
    kind: z.literal('crosswalk'),
    id: z.string().check(z.regex(/^[a-z0-9][a-z0-9-]*$/)),
    version: z.string().check(z.regex(/^\d+\.\d+\.\d+$/)),
    title: bilingual,
    classification: z.string().check(z.minLength(1), z.meta({ description: 'The classification whose type codes are the targets.' })),
    source: sourceSchema,
    grades: z.strictObject({ codes: z.enum(GRADES), mapping: z.enum(GRADES) }),
    entries: z
      .array(
        z.strictObject({
            code: z.string().check(z.regex(/^[0-9]{2,4}[A-Z0-9]{0,2}$/)),
            system: z.enum(['gbt-21010-2017', 'sandiao']),
            name: z.string().check(z.minLength(1)),
            type: z.nullable(typeCode),
            candidates: z.optional(z.array(typeCode).check(z.minLength(2))),
            note: z.optional(z.string()),
            noteZh: z.optional(z.string().check(z.meta({ description: 'The note in Chinese.' }))),
          }),
      ).check(z.minLength(1)),
  }).check(z.superRefine((c, ctx) => {
    c.entries.forEach((e, i) => {
      if ((e.type === null) !== (e.candidates !== undefined))
        ctx.addIssue({
          code: 'custom',
          path: ['entries', i],
          message: 'an entry has either a type or (type null) its candidates',
        });
    });
  }));

export type CrosswalkData = z.output<typeof crosswalkSchema>;
export type CrosswalkEntry = CrosswalkData['entries'][number];
export interface Crosswalk extends CrosswalkData {
  readonly ref: string;
  readonly hash: string;
}

export function loadCrosswalk(json: unknown, path: Path = []): Crosswalk {
  const parsed = crosswalkSchema.safeParse(json, PARSE_OPTIONS);
  if (!parsed.success) throw new GepError(fromZodIssues(parsed.error.issues, path, 'TABLE_INVALID'));
  return { ...parsed.data, ref: `${parsed.data.id}@${parsed.data.version}`, hash: contentHash(parsed.data) };
}

let cache: readonly Crosswalk[] | undefined;

/** The bundled crosswalks, validated and hashed on first use (immutable data, like the bundled tables). */
export function bundledCrosswalks(): readonly Crosswalk[] {
  cache ??= [loadCrosswalk(landuseJx, ['coefficients/classification/landuse-jx-crosswalk.json'])];
  return cache;
}
