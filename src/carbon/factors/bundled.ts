import chongqing2023 from '../../../coefficients/carbon/factors/chongqing-travel-2023.json';
import grid2021 from '../../../coefficients/carbon/factors/cn-grid-mee-nbs-2021.json';
import grid2022 from '../../../coefficients/carbon/factors/cn-grid-mee-nbs-2022.json';
import co2021 from '../../../coefficients/carbon/factors/cn-grid-co2-2021.json';
import co2022 from '../../../coefficients/carbon/factors/cn-grid-co2-2022.json';
import co2023 from '../../../coefficients/carbon/factors/cn-grid-co2-2023.json';
import guangzhou2015 from '../../../coefficients/carbon/factors/guangzhou-metro-2015.json';
import shanghaiPv from '../../../coefficients/carbon/factors/shanghai-pv.json';
import shenzhen2021 from '../../../coefficients/carbon/factors/shenzhen-travel-2021.json';
import wuhan2023 from '../../../coefficients/carbon/factors/wuhan-travel-2023.json';
import { fail } from '../../core/errors';
import { type FactorSet, loadFactorSet } from './registry';

/** The factor sets shipped with gepkit (coefficients/carbon/factors), validated and hashed on first use. */
const FILES: [string, unknown][] = [
  ['cn-grid-mee-nbs-2021.json', grid2021],
  ['cn-grid-mee-nbs-2022.json', grid2022],
  ['cn-grid-co2-2021.json', co2021],
  ['cn-grid-co2-2022.json', co2022],
  ['cn-grid-co2-2023.json', co2023],
  ['shanghai-pv.json', shanghaiPv],
  ['shenzhen-travel-2021.json', shenzhen2021],
  ['wuhan-travel-2023.json', wuhan2023],
  ['chongqing-travel-2023.json', chongqing2023],
  ['guangzhou-metro-2015.json', guangzhou2015],
];
// Bundled data, validated and hashed once and frozen: a constant loaded lazily, not a memo of results.
let loaded: readonly FactorSet[] | undefined;

export function bundledFactorSets(): readonly FactorSet[] {
  loaded ??= Object.freeze(
    FILES.map(([f, j]) => Object.freeze(loadFactorSet(j, [`coefficients/carbon/factors/${f}`]))),
  );
  return loaded;
}

/** A bundled set by id or `id@version`. */
export function bundledFactorSet(idOrRef: string): FactorSet {
  const s = bundledFactorSets().find((x) => x.id === idOrRef || x.ref === idOrRef);
  if (s === undefined) fail('TABLE_UNKNOWN', [], { table: idOrRef });
  return s;
}
