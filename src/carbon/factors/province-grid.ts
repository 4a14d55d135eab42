import * as z from 'zod';
import data from '../../../coefficients/carbon/province-grid.json';
import { GRADES, sourceSchema } from '../../coefficients/schema';
import { bilingual, ownKeys } from '../../core/schema';
import { GRIDS, type Grid } from './schema';

/**
 * Province → regional grid (coefficients/carbon/province-grid.json): which grid factor (表2 of the MEE & NBS
 * notices) covers an activity whose region code starts with the province's two digits (GB/T 2260: the first two
 * digits of a county or prefecture code are its province). Each row carries its grade: the mapping is inferred
 * (`derived` where the published values confirm it, `assumed` otherwise).
 */
export const provinceGridSchema = z
  .object({
    $schema: z.string().optional(),
    kind: z.literal('carbon-province-grid'),
    id: z.string().min(1),
    version: z.string().regex(/^\d+\.\d+\.\d+$/),
    title: bilingual,
    description: z.string().optional(),
    source: sourceSchema,
    grade: z.enum(GRADES),
    // a __proto__ key is refused at its own path, as in every record read from a file (zod's exhaustive record
    // would refuse it only as an unrecognized key of `grids`)
    grids: ownKeys(z.record(z.enum(GRIDS), z.string().min(1))),
    provinces: z
      .array(
        z
          .object({
            code: z.string().regex(/^\d{2}$/),
            name: z.string().min(1),
            grid: z.enum(GRIDS),
            grade: z.enum(GRADES),
            note: z.string().optional(),
          })
          .strict(),
      )
      .min(1),
  })
  .strict();
export type ProvinceGridTable = z.output<typeof provinceGridSchema> & { ref: string };

// Bundled data, validated once and frozen: a constant loaded lazily, not a memo of results.
let loaded: ProvinceGridTable | undefined;

/** The bundled table (coefficients/carbon/province-grid.json). */
export function bundledProvinceGrid(): ProvinceGridTable {
  if (loaded === undefined) {
    const t = provinceGridSchema.parse(data);
    loaded = Object.freeze({ ...t, ref: `${t.id}@${t.version}` });
  }
  return loaded;
}

/** The grid of an administrative code (its first two digits), or undefined for a province the table lacks. */
export function gridOf(table: ProvinceGridTable, region: string): Grid | undefined {
  const p = region.slice(0, 2);
  return table.provinces.find((x) => x.code === p)?.grid;
}
