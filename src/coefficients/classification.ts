import * as z from 'zod/mini';
import { contentHash } from '../core/canonical';
import { GepError, type Path } from '../core/errors';
import { bilingual } from '../core/schema';
import { PARSE_OPTIONS, fromZodIssues } from '../core/zod-issues';
import { sourceSchema } from './schema';

/** An ecosystem classification: codes, names and the group each type belongs to (data, not enums). */
export const classificationSchema = z.strictObject({
    $schema: z.optional(z.string()),
    kind: z.literal('classification'),
    id: z.string().check(z.regex(/^[a-z0-9][a-z0-9-]*$/)),
    version: z.string().check(z.regex(/^\d+\.\d+\.\d+$/)),
    title: bilingual,
    source: sourceSchema,
    groups: z.array(z.strictObject({ code: z.string().check(z.minLength(1)), name: bilingual })).check(z.minLength(1)),
    types: z
      .array(
        z.strictObject({
            code: z.string().check(z.regex(/^[a-z_]+(\.[a-z_]+)*$/)),
            group: z.string().check(z.minLength(1)),
            name: bilingual,
            note: z.optional(z.string()),
          }),
      ).check(z.minLength(1)),
  }).check(z.superRefine((c, ctx) => {
    const groups = new Set(c.groups.map((g) => g.code));
    c.types.forEach((t, i) => {
      if (!groups.has(t.group)) ctx.addIssue({ code: 'custom', path: ['types', i, 'group'], message: `unknown group ${t.group}` });
    });
  }));

export type ClassificationData = z.output<typeof classificationSchema>;
export interface Classification extends ClassificationData {
  readonly ref: string;
  readonly hash: string;
}

export function loadClassification(json: unknown, path: Path = []): Classification {
  const parsed = classificationSchema.safeParse(json, PARSE_OPTIONS);
  if (!parsed.success) throw new GepError(fromZodIssues(parsed.error.issues, path, 'TABLE_INVALID'));
  return { ...parsed.data, ref: `${parsed.data.id}@${parsed.data.version}`, hash: contentHash(parsed.data) };
}

export function typeInfo(c: Classification, code: string) {
  return c.types.find((t) => t.code === code);
}
