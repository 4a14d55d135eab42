import * as z from 'zod';
import { adminCode, ownKeys, year } from '../core/schema';
import { GepError, type Issue } from '../core/errors';
import { PARSE_OPTIONS, fromZodIssues } from '../core/zod-issues';
import { rasterIssue } from './errors';
import { type ModelName, OUTPUTS, QUANTITIES } from './models';

/**
 * The raster run configuration (docs/raster.md). File paths are relative to the configuration's folder.
 * Every layer is a single-band GeoTIFF on the same grid; `unit` states what its values are in.
 */
const layer = z
  .object({
    file: z.string().min(1),
    unit: z.string().optional(),
    nodata: z
      .number()
      .optional()
      .meta({ description: 'NoData value; overrides the file’s GDAL_NODATA tag. NaN is always NoData.' }),
  })
  .strict();

export const LAYER_NAMES = [
  'landcover',
  'zones',
  'precipitation',
  'evapotranspiration',
  'erosivity',
  'erodibility',
  'ls',
  'dem',
  'cover',
  'practice',
  'npp',
] as const;
export type LayerName = (typeof LAYER_NAMES)[number];

const groups = z.array(z.string().min(1)).min(1);

/** Raster codes (land cover, zones) are whole numbers below this: the scan refuses any other (RASTER_CLASS_INVALID). */
export const MAX_CODE = 2 ** 20;

/**
 * A crosswalk's keys are read as integers once (./params.ts buildParams): "0101" is code 101, as GB/T 21010
 * codes are written. Two keys of one integer ("11" and "011") would map one code twice, and a key of 2^20 or more
 * names a code no raster of the run can hold (its lookup array would take gigabytes): both are refused at the key.
 */
function crosswalkCodes(crosswalk: Record<string, string>, ctx: z.RefinementCtx): void {
  const first = new Map<number, string>();
  for (const key of Object.keys(crosswalk)) {
    const code = Number(key);
    if (code >= MAX_CODE)
      ctx.addIssue({
        code: 'custom',
        path: [key],
        message: `land-cover code ${key} is not below 2^20 (${MAX_CODE}), the largest code a raster may hold`,
      });
    const earlier = first.get(code);
    if (earlier !== undefined)
      ctx.addIssue({
        code: 'custom',
        path: [key],
        message: `crosswalk keys "${earlier}" and "${key}" are both land-cover code ${code}`,
      });
    else first.set(code, key);
  }
}

export const rasterConfigSchema = z
  .object({
    $schema: z.string().optional(),
    region: z
      .object({
        name: z.string().min(1),
        code: z.optional(adminCode),
        level: z.enum(['province', 'city', 'county', 'township', 'village', 'unit']),
      })
      .strict(),
    year,
    profile: z.string().optional(),
    layers: z
      .object(
        Object.fromEntries(LAYER_NAMES.map((n) => [n, layer.optional()])) as Record<
          LayerName,
          z.ZodOptional<typeof layer>
        >,
      )
      .strict()
      .refine((l) => l.landcover !== undefined, { message: 'layers.landcover is required' }),
    landcover: z
      .object({
        crosswalk: ownKeys(
          z.record(z.string().regex(/^\d+$/), z.string().min(1)).superRefine(crosswalkCodes).meta({
            description:
              'Land-cover raster code (decimal digits; leading zeros allowed, "0101" is code 101) → ecosystem type code of the profile classification.',
          }),
        ),
      })
      .strict(),
    zones: z
      .array(
        z
          .object({
            value: z
              .number()
              .int()
              .min(0)
              .max(MAX_CODE - 1),
            id: z.string().min(1).max(64),
            name: z.string().min(1),
          })
          .strict(),
      )
      .superRefine((zones, ctx) => {
        // Each pixel value names one zone, and each id one zone: a second zone of a value would take all its
        // pixels and leave the first with none.
        for (const field of ['value', 'id'] as const) {
          const first = new Map<number | string, number>();
          zones.forEach((zone, i) => {
            const at = first.get(zone[field]);
            if (at === undefined) first.set(zone[field], i);
            else
              ctx.addIssue({
                code: 'custom',
                path: [i, field],
                message: `zone ${field} ${zone[field]} is given twice (zones[${at}] and zones[${i}])`,
              });
          });
        }
      })
      .default([]),
    models: z
      .object({
        water: z.object({ groups: groups.optional() }).strict().optional(),
        soil: z
          .object({
            groups: groups.optional(),
            ls: z.enum(['layer', 'dem']).default('layer'),
            lsVariant: z.enum(['invest', 'saga']).default('invest'),
            lMax: z.number().positive().nullable().default(122).meta({
              description: 'Cap on the L factor (InVEST SDR default 122); null for no cap (SAGA).',
            }),
            cover: z
              .string()
              .optional()
              .meta({ description: 'Coefficient key of C by land cover when there is no cover layer.' }),
            practice: z.string().optional().meta({
              description: 'Coefficient key of P by land cover when there is no practice layer; absent = 1.',
            }),
          })
          .strict()
          .optional(),
        productivity: z.object({ groups: groups.optional() }).strict().optional(),
      })
      .strict(),
    nodata: z.enum(['refuse', 'exclude']).default('refuse'),
    tables: z.array(z.unknown()).default([]),
    tileSize: z.number().int().min(16).max(8192).multipleOf(16).default(512),
    workers: z.number().int().min(0).max(256).optional(),
    outputs: z
      .object({ dir: z.string().min(1), layers: z.array(z.enum(OUTPUTS)).min(1) })
      .strict()
      .optional(),
    account: z
      .object({
        input: ownKeys(
          z.record(z.string(), z.unknown()).default({}).meta({
            description: 'Account input sections the rasters do not provide (materialProducts, emissions …).',
          }),
        ),
        options: ownKeys(z.record(z.string(), z.unknown()).default({})),
      })
      .strict()
      .optional(),
  })
  .strict();

export type RasterConfig = z.output<typeof rasterConfigSchema>;
export type RasterConfigJson = z.input<typeof rasterConfigSchema>;

/**
 * Validate a configuration (parsed JSON); every problem is reported as RASTER_CONFIG_INVALID. `given` holds what a
 * caller sets beside the file (`--tile-size`, `--workers`): it replaces the file's fields and is held to their bounds.
 */
export function parseRasterConfig(
  json: unknown,
  given: { tileSize?: number; workers?: number } = {},
): RasterConfig {
  const set = Object.fromEntries(Object.entries(given).filter(([, v]) => v !== undefined));
  const whole =
    Object.keys(set).length > 0 && json !== null && typeof json === 'object' && !Array.isArray(json)
      ? { ...json, ...set }
      : json;
  // reportInput: a value of the wrong type (`nodata: null`) is named as such, not as missing
  const r = rasterConfigSchema.safeParse(whole, PARSE_OPTIONS);
  if (!r.success) {
    const issues = fromZodIssues(r.error.issues).map((i) =>
      rasterIssue('RASTER_CONFIG_INVALID', i.path, {
        detail: `${i.path.join('.') || '(root)'}: ${i.message.en}`,
      }),
    );
    throw new GepError(issues);
  }
  const unproduced = unproducedOutputs(r.data);
  if (unproduced.length > 0) throw new GepError(unproduced);
  return r.data;
}

/**
 * Output layers no chosen model makes (RASTER_OUTPUT_UNPRODUCED): each would be written all NoData and listed among
 * the outputs. A model's quantities come from the model; LS, slope and flow accumulation from the soil model with
 * `models.soil.ls: "dem"` (an LS layer is read, not made).
 */
function unproducedOutputs(config: RasterConfig): Issue[] {
  const soil = config.models.soil;
  return (config.outputs?.layers ?? []).flatMap((output, i) => {
    const model = (Object.keys(QUANTITIES) as ModelName[]).find((m) =>
      (QUANTITIES[m] as readonly string[]).includes(output),
    );
    const made = model === undefined ? soil?.ls === 'dem' : config.models[model] !== undefined;
    if (made) return [];
    const producer = model === undefined ? 'model soil with models.soil.ls "dem"' : `model ${model}`;
    return [rasterIssue('RASTER_OUTPUT_UNPRODUCED', ['outputs', 'layers', i], { output, producer })];
  });
}
