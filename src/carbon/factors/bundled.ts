import chongqing2023 from '../../../coefficients/carbon/factors/chongqing-travel-2023.json';
import grid2021 from '../../../coefficients/carbon/factors/cn-grid-mee-nbs-2021.json';
import grid2022 from '../../../coefficients/carbon/factors/cn-grid-mee-nbs-2022.json';
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
  ['shanghai-pv.json', shanghaiPv],
  ['shenzhen-travel-2021.json', shenzhen2021],
  ['wuhan-travel-2023.json', wuhan2023],
  ['chongqing-travel-2023.json', chongqing2023],
  ['guangzhou-metro-2015.json', guangzhou2015],
];
let cache: FactorSet[] | undefined;

export function bundledFactorSets(): readonly FactorSet[] {
  cache ??= FILES.map(([f, j]) => loadFactorSet(j, [`coefficients/carbon/factors/${f}`]));
  return cache;
}

/** A bundled set by id or `id@version`. */
export function bundledFactorSet(idOrRef: string): FactorSet {
  const s = bundledFactorSets().find((x) => x.id === idOrRef || x.ref === idOrRef);
  if (s === undefined) fail('TABLE_UNKNOWN', [], { table: idOrRef });
  return s;
}
