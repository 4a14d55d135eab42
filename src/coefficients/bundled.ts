import { fail } from '../core/errors';
import { deepFreeze } from '../core/freeze';
import { type Classification, loadClassification } from './classification';
import { BUNDLED_DATA } from './data';
import { type CoefficientTable, type PriceIndexTable, loadBundledTable, loadBundledPriceIndex } from './registry';

/** The data files shipped with gepkit (coefficients/, listed in ./data.ts), validated and hashed on first use, frozen. */
let cache: { tables: CoefficientTable[]; indices: PriceIndexTable[]; classifications: Classification[] } | undefined;

function load() {
  // Frozen: every caller shares them (a table edited in place would change later accounts under its hash).
  cache ??= deepFreeze({
    tables: BUNDLED_DATA.tables.map(([json, path]) => loadBundledTable(json, [path])),
    indices: BUNDLED_DATA.indices.map(([json, path]) => loadBundledPriceIndex(json, [path])),
    classifications: BUNDLED_DATA.classifications.map(([json, path]) => loadClassification(json, [path])),
  });
  return cache;
}

export function bundledTables(): readonly CoefficientTable[] {
  return load().tables;
}
export function bundledPriceIndices(): readonly PriceIndexTable[] {
  return load().indices;
}
export function bundledClassifications(): readonly Classification[] {
  return load().classifications;
}

/** A bundled table by id or by `id@version` (one version of each table is bundled). */
export function bundledTable(idOrRef: string): CoefficientTable {
  const t = load().tables.find((x) => x.id === idOrRef || x.ref === idOrRef);
  if (t === undefined) fail('TABLE_UNKNOWN', [], { table: idOrRef });
  return t;
}
/** The file a bundled table was read from (`coefficients/rcees-2013/reference-2010-prices.json`), by its id. */
export function bundledTableFile(id: string): string {
  const entry = BUNDLED_DATA.tables.find(([json]) => json.id === id);
  if (entry === undefined) fail('TABLE_UNKNOWN', [], { table: id });
  return entry[1];
}
export function bundledPriceIndex(idOrRef: string): PriceIndexTable {
  const t = load().indices.find((x) => x.id === idOrRef || x.ref === idOrRef);
  if (t === undefined) fail('TABLE_UNKNOWN', [], { table: idOrRef });
  return t;
}
export function bundledClassification(idOrRef: string): Classification {
  const t = load().classifications.find((x) => x.id === idOrRef || x.ref === idOrRef);
  if (t === undefined) fail('TABLE_UNKNOWN', [], { table: idOrRef });
  return t;
}
