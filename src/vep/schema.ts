import * as z from 'zod';
import { GRADES } from '../coefficients/schema';
import { inputSchema } from '../input/input';
import { type Geometry, geometrySchema } from './geometry';
import {
  ISO_DATE,
  NOT_A_CALENDAR_DATE,
  isCalendarDate,
  quantity,
  year,
  adminCode,
  ownKeys,
} from '../core/schema';
import type { AreaUnit } from '../core/units';

/**
 * Schemas of the parcel valuation inputs (docs/vep.md): the valuation context (region, year, prices, validity,
 * climate/zone keys) and the parcel record. Key contexts reuse the account input's own record schemas, so a key
 * is written exactly as the same records of an account input.
 */

/**
 * An ISO calendar date YYYY-MM-DD that exists (2023-02-30 is refused), of the years an account may have (1900–2200):
 * a valuation's validity and a loan's term are counted from such dates, and stay four-digit years.
 */
// The pattern is stated for JSON Schema readers (a calendar date is more than it: the refinement decides).
export const isoDate = z
  .string()
  .refine(isCalendarDate, { message: NOT_A_CALENDAR_DATE })
  .meta({ pattern: ISO_DATE.source, format: 'date' });

const keyName = z.string().regex(/^[A-Za-z0-9_.:-]{1,64}$/, 'letters, digits, _ . : - (1–64)');

/** The area-driven records of a climate/zone key: the same records as in an account input. */
export const keyContextSchema = z
  .object({
    climate: inputSchema.shape.climate,
    soilFactors: inputSchema.shape.soilFactors,
    productivity: inputSchema.shape.productivity,
    airIons: inputSchema.shape.airIons,
    note: z.string().optional(),
  })
  .strict();

/** The longest a valuation is valid, in months (a context's `validityMonths`; a loan appraisal's `validUntil`). */
export const MAX_VALIDITY_MONTHS = 120;

export const contextSchema = z
  .object({
    $schema: z.string().optional(),
    region: z
      .object({
        name: z.string().min(1),
        code: z.optional(adminCode),
      })
      .strict(),
    year: year.check(
      z.meta({
        description: 'Accounting year whose data the keys hold (current prices are this year’s).',
      }),
    ),
    baseYear: z
      .optional(year)
      .meta({ description: 'Price year of the values (comparable prices); default: year.' }),
    profile: z
      .string()
      .min(1)
      .optional()
      .meta({ description: 'Base profile id; its parcel-level subset is used.' }),
    exclude: z.array(z.string().min(1)).default([]),
    areaTolerance: z.number().positive().max(1).optional().meta({
      description:
        'Relative tolerance of the declared area against the geodesic area of the outline, |declared − geodesic| / geodesic (default 0.05).',
    }),
    minGrade: z.enum(GRADES).optional().meta({
      description:
        'Lowest evidence grade accepted: a parcel whose valuation uses a coefficient or index value below it is refused (GRADE_BELOW_MINIMUM).',
    }),
    valuationDate: isoDate.meta({ description: 'Valuation date (估值基准日), YYYY-MM-DD.' }),
    validityMonths: z
      .number()
      .int()
      .min(1)
      .max(MAX_VALIDITY_MONTHS)
      .meta({ description: 'Validity of the valuation in months.' }),
    keys: ownKeys(z.record(keyName, keyContextSchema).default({})),
    tables: z.array(z.unknown()).default([]),
    note: z.string().optional(),
  })
  .strict();

export type VepContextInput = z.input<typeof contextSchema>;
export type VepContext = z.output<typeof contextSchema>;

export const RIGHT_KINDS = [
  'forest', // 林权
  'land-contract', // 土地承包经营权
  'land-management', // 土地经营权
  'homestead', // 宅基地使用权
  'water', // 取水权 / 水域使用权
  'house', // 房屋所有权
  'ecological-rights', // 生态权益证
  'other',
] as const;
export const ENCUMBRANCE_KINDS = ['mortgage', 'pledge', 'lease', 'seizure', 'easement', 'other'] as const;

const right = z
  .object({
    kind: z.enum(RIGHT_KINDS),
    certificate: z.string().min(1).optional().meta({
      description:
        'Certificate number (权证编号), compared across the batch by the id rule (white space trimmed, NFKC); warned where white space was trimmed, read silently from full-width forms (赣（2023）… as 赣(2023)…).',
    }),
    holder: z.string().min(1).optional().meta({
      description: 'Right holder (权利人), compared by the id rule as the certificate is.',
    }),
    until: isoDate.optional(),
  })
  .strict();

const encumbrance = z
  .object({
    kind: z.enum(ENCUMBRANCE_KINDS),
    ref: z.string().min(1).optional(),
    holder: z.string().min(1).optional(),
    from: isoDate.optional().meta({ description: 'First day in force; absent = in force already.' }),
    until: isoDate.optional().meta({ description: 'Last day in force; absent = until released.' }),
  })
  .strict();

export const parcelSchema = z
  .object({
    id: z.string().min(1).meta({
      description:
        'Parcel id, unique in the batch, read by the id rule: white space trimmed, NFKC (full-width read as plain), case kept; warned where that changes it. At most 128 characters (code points) as read.',
    }),
    package: z.string().min(1).optional().meta({
      description:
        'Asset package (资产包) id, read by the id rule as the parcel id is (warned where that changes it); white space only is none. At most 128 characters (code points) as read.',
    }),
    key: keyName.optional(),
    context: keyContextSchema.partial().optional(),
    areas: ownKeys(
      z
        .record(z.string().min(1), quantity('area', 'parcel area'))
        .refine((r) => Object.keys(r).length > 0, { message: 'at least one ecosystem type with its area' }),
    ),
    geometry: z.optional(geometrySchema).meta({
      description: 'GeoJSON Polygon or MultiPolygon in CGCS2000 longitude/latitude (EPSG:4490).',
    }),
    waterBodies: z.optional(inputSchema.shape.waterBodies).meta({
      description:
        'Lakes and reservoirs the parcel holds, as `waterBodies` of an account input: R3 values their flood storage for the parcel (the parcel is then valued by the engine).',
    }),
    rights: z.array(right).default([]),
    encumbrances: z.array(encumbrance).default([]),
    note: z.string().optional(),
  })
  .strict();

export type ParcelJson = z.input<typeof parcelSchema>;
export type Right = z.output<typeof right>;
export type Encumbrance = z.output<typeof encumbrance>;

/** A parcel after validation: areas as exact decimal strings with their unit, sorted by type code. */
export interface Parcel {
  /** The id by the id rule (core/ids.ts: white space trimmed, NFKC). */
  id: string;
  /** The id as written, when the id rule changed it. */
  idWritten?: string;
  /** The package by the id rule (as `id`); one of white space only is none (null), as a blank CSV cell is. */
  package: string | null;
  key: string | null;
  /** The inline context as given (JSON), merged over the key's records field by field. */
  context: Record<string, unknown> | null;
  areas: { type: string; value: string; unit: AreaUnit }[];
  /** The outline (GeoJSON, EPSG:4490), or null. */
  geometry: Geometry | null;
  /** The lakes and reservoirs of the parcel as given (JSON), or null. */
  waterBodies: Record<string, unknown> | null;
  /** The rights, each certificate and holder by the id rule (as `package`; one of white space only is left out). */
  rights: Right[];
  encumbrances: Encumbrance[];
  /**
   * The package the id rule changed, and the certificates and holders it trimmed or found blank (the valuer warns,
   * VEP_FIELD_NORMALISED); a certificate or holder only folded from full-width forms is not listed.
   */
  normalised?: readonly NormalisedField[];
}

/** A field of a parcel the id rule changed: where (under the parcel), which, and the text as read ('' for none). */
export interface NormalisedField {
  path: readonly (string | number)[];
  field: 'package' | 'certificate' | 'holder';
  read: string;
}
