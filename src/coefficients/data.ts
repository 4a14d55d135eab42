/**
 * The data files shipped with gepkit (coefficients/), as parsed JSON, and the ids they reserve. JSON modules are
 * bundled into the build, so the library needs no file system. A user table or price index may not take one of
 * these ids (TABLE_ID_RESERVED): a result naming a bundled id always means the bundled content.
 */
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

type Entry = readonly [json: { id: string }, path: string];

export const BUNDLED_DATA = {
  tables: [
    [rceesReference, 'coefficients/rcees-2013/reference-2010-prices.json'],
    [runoffRedline, 'coefficients/runoff/redline-2017.json'],
    [envTax, 'coefficients/environmental-tax/cn-2018.json'],
    [lakePairs, 'coefficients/flood/lake-pairs.json'],
    [lyt1721, 'coefficients/lyt-1721-2008/public-data.json'],
    [carbonMarket, 'coefficients/carbon-prices/cn-carbon-market.json'],
    [photosynthesis, 'coefficients/photosynthesis/stoichiometry.json'],
    [platform, 'coefficients/platform/county-platform-constants.json'],
  ] as readonly Entry[],
  indices: [[cpiCn, 'coefficients/price-index/cn-cpi-1978.json']] as readonly Entry[],
  classifications: [
    [classificationJx, 'coefficients/classification/jx-ecosystem-types.json'],
  ] as readonly Entry[],
};

/** Every id a bundled table, price index or classification carries. */
export const BUNDLED_IDS: ReadonlySet<string> = new Set(
  [...BUNDLED_DATA.tables, ...BUNDLED_DATA.indices, ...BUNDLED_DATA.classifications].map(([j]) => j.id),
);
