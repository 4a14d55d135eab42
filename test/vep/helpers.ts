import { readFileSync } from 'node:fs';
import { join } from 'node:path';

export const EXAMPLES = join(__dirname, '..', '..', 'examples', 'vep');

/** The example valuation context (two keys, hills and valley; a local table of placeholders). */
export function exampleContext(): Record<string, unknown> {
  return JSON.parse(readFileSync(join(EXAMPLES, 'context.json'), 'utf8')) as Record<string, unknown>;
}

export const TYPES = ['forest.broadleaf', 'forest.coniferous', 'shrub', 'cropland.paddy'] as const;

/** A parcel record with the given areas (type → [value, unit]). */
export function parcel(id: string, key: string, areas: Record<string, [string, string]>, extra = {}) {
  return {
    id,
    key,
    areas: Object.fromEntries(Object.entries(areas).map(([t, [value, unit]]) => [t, { value, unit }])),
    ...extra,
  };
}
