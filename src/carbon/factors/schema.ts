import * as z from 'zod';
import { GRADES, sourceSchema } from '../../coefficients/schema';
import { ISO_DATE, NOT_A_CALENDAR_DATE, bilingual, decimal, isCalendarDate, year } from '../../core/schema';
import { region } from '../activity';
import { ACTIVITY_UNIT_LIST, parseFactorUnit } from '../activity-units';

/**
 * A carbon factor set: factors of one publication for one data year (a grid-factor release, a city
 * platform's travel factors). Each value carries its unit, source and evidence grade. `kind` says whether a
 * value is an emission factor (EF, to be differenced against a baseline) or a published reduction factor
 * (already EF_baseline − EF_mode).
 */
const semver = z.string().regex(/^\d+\.\d+\.\d+$/, 'a semantic version such as 1.0.0');
// A day that exists: 2024-13-01 compared as text would end a window after every real date of 2024.
const isoDate = z
  .string()
  .regex(ISO_DATE, 'a date as YYYY-MM-DD')
  .refine(isCalendarDate, NOT_A_CALENDAR_DATE);

/** The seven regional grids of the MEE & NBS factor notices (data years 2021 onwards). */
export const GRIDS = ['north', 'northeast', 'east', 'central', 'northwest', 'south', 'southwest'] as const;
export type Grid = (typeof GRIDS)[number];

/** A window of local dates, both ends included; `to: null` is open-ended. */
export const dateWindow = z
  .object({ from: isoDate, to: isoDate.nullable().default(null) })
  .strict()
  .refine((w) => w.to === null || w.to >= w.from, 'the window ends before it begins');
export type DateWindow = z.output<typeof dateWindow>;

const factorUnit = z.string().refine((s) => parseFactorUnit(s) !== undefined, {
  message: `a CO₂ mass per activity unit: g_CO2|kg_CO2|t_CO2 / ${ACTIVITY_UNIT_LIST}`,
});

export const factorSchema = z
  .object({
    key: z.string().regex(/^[a-z0-9_.-]+$/, 'lower-case dotted key such as grid.national.average'),
    value: decimal,
    unit: factorUnit,
    kind: z.enum(['emission', 'reduction']),
    applies: z
      .object({
        region: z.optional(region).meta({
          description:
            'GB/T 2260 administrative code prefix of 2, 4 or 6 digits starting with a province (44 = Guangdong, 4403 = Shenzhen, 440305 = Nanshan; 440000 and 440300 read as 44 and 4403); absent = anywhere.',
        }),
        grid: z.enum(GRIDS).optional().meta({
          description:
            'A regional grid: the record applies to the provinces the province → grid table maps to it (not with region).',
        }),
        effective: dateWindow.optional().meta({
          description:
            "Local dates the record is in force (both ends included), within the set's own window; absent = the set's window.",
        }),
        capacityMax: z
          .object({ value: decimal, unit: z.enum(['kW', 'MW']) })
          .strict()
          .optional()
          .meta({
            description:
              'Largest installed capacity the factor applies to (a project above it skips the record); an activity without capacity is warned.',
          }),
      })
      .strict()
      .refine(
        (a) => a.region === undefined || a.grid === undefined,
        'a record applies to a region or a grid, not both',
      )
      .default({}),
    source: sourceSchema,
    grade: z.enum(GRADES),
    note: z.string().optional(),
  })
  .strict();
export type FactorRecord = z.output<typeof factorSchema>;

export const factorSetSchema = z
  .object({
    $schema: z.string().optional(),
    kind: z.literal('carbon-factors'),
    id: z.string().regex(/^[a-z0-9][a-z0-9-]*$/),
    version: semver,
    title: bilingual,
    description: z.string().optional(),
    dataYear: z.nullable(year).meta({
      description:
        'The year the factors describe (the grid mix of 2022...); null when the source states none.',
    }),
    publication: z.strictObject({ ...sourceSchema.shape, date: isoDate.optional() }),
    validity: z.enum(['data-year', 'until-superseded']).default('data-year').meta({
      description:
        "data-year (an annual statistical release such as the grid factors): for an activity of a later year the set is the latest earlier year's, warned (CARBON_FACTOR_YEAR_FALLBACK). until-superseded (a methodology's parameters, in force until a new edition): it applies to later years as they are, unwarned.",
    }),
    effective: dateWindow.optional().meta({
      description: 'Local dates the set is in force (both ends included); absent = always.',
    }),
    supersedes: z.string().nullable().default(null),
    overlays: z.string().optional().meta({ description: 'Id of a set this one is layered over.' }),
    factors: z.array(factorSchema).min(1),
  })
  .strict();
export type FactorSetData = z.output<typeof factorSetSchema>;
