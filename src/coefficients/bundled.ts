import classificationJx from '../../coefficients/classification/jx-ecosystem-types.json';
import cpiCn from '../../coefficients/price-index/cn-cpi-1978.json';
import carbonMarket from '../../coefficients/carbon-prices/cn-carbon-market.json';
import envTax from '../../coefficients/environmental-tax/cn-2018.json';
import photosynthesis from '../../coefficients/photosynthesis/stoichiometry.json';
import platform from '../../coefficients/platform/county-platform-constants.json';
import lakePairs from '../../coefficients/flood/lake-pairs.json';
import lyt1721 from '../../coefficients/lyt-1721-2008/public-data.json';
import rceesReference from '../../coefficients/rcees-2013/reference-2010-prices.json';
import runoffRedline from '../../coefficients/runoff/redline-2017.json';
import { fail } from '../core/errors';
import { type Classification, loadClassification } from './classification';
import { type CoefficientTable, type PriceIndexTable, loadCoefficientTable, loadPriceIndex } from './registry';

/**
 * The data files shipped with gepkit (coefficients/), validated and hashed on first use. JSON modules are
 * bundled into the build, so the library needs no file system.
 */
let cache: { tables: CoefficientTable[]; indices: PriceIndexTable[]; classifications: Classification[] } | undefined;

function load() {
  cache ??= {
    tables: [
      loadCoefficientTable(rceesReference, ['coefficients/rcees-2013/reference-2010-prices.json']),
      loadCoefficientTable(runoffRedline, ['coefficients/runoff/redline-2017.json']),
      loadCoefficientTable(envTax, ['coefficients/environmental-tax/cn-2018.json']),
      loadCoefficientTable(lakePairs, ['coefficients/flood/lake-pairs.json']),
      loadCoefficientTable(lyt1721, ['coefficients/lyt-1721-2008/public-data.json']),
      loadCoefficientTable(carbonMarket, ['coefficients/carbon-prices/cn-carbon-market.json']),
      loadCoefficientTable(photosynthesis, ['coefficients/photosynthesis/stoichiometry.json']),
      loadCoefficientTable(platform, ['coefficients/platform/county-platform-constants.json']),
    ],
    indices: [loadPriceIndex(cpiCn, ['coefficients/price-index/cn-cpi-1978.json'])],
    classifications: [loadClassification(classificationJx, ['coefficients/classification/jx-ecosystem-types.json'])],
  };
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
