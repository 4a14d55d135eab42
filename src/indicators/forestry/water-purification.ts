import * as z from 'zod';
import { fail } from '../../core/errors';
import { dimensionOf } from '../../core/units';
import type { MethodSpec, Valuation } from '../spec';
import { rowLines, tonnes, waterBalance, waterBalanceSwitches } from './common';

/**
 * 净化水质 water purification, forestry-standard lineage (LY/T 1721—2008 → GB/T 38582—2020):
 *   G = 10 × A × (P − E − C)          m³/a (the water regulated, as 调节水量)
 *   U = 10 × K × A × (P − E − C)      元/a
 * K water purification cost (lyt.water_purification_cost), per t of water or per m³. A price per t is applied
 * to the water's mass at 1 t/m³.
 */
const switches = waterBalanceSwitches;
type Switches = z.output<typeof switches>;

export const forestWaterPurification: MethodSpec<Switches> = {
  id: 'water-purification/forestry',
  version: 1,
  title: {
    zh: '净化水质（林业标准公式，替代成本法）',
    en: 'Water purification (forestry standard, replacement cost)',
  },
  category: 'regulating',
  physicalUnit: 'm3',
  subItems: [],
  coefficientKeys: ['lyt.runoff_depth', 'runoff.coefficient', 'lyt.water_purification_cost'],
  inputs: ['ecosystems[]', 'climate[].precipitation', 'climate[].evapotranspiration'],
  switches,
  hasInput: (input) => input.ecosystems.length > 0,
  compute: (ctx) =>
    rowLines(ctx, (eco, path) => {
      const { volume, terms } = waterBalance(ctx, eco, path);
      const key = 'lyt.water_purification_cost';
      const k = ctx.tablePrice(key, eco.type, path);
      const basis = dimensionOf(k.price.per);
      let valuation: Valuation;
      if (basis === 'volume') {
        valuation = { kind: 'unit-price', label: 'water purification cost (K)', ...k };
      } else if (basis === 'mass') {
        // 元/t of water: the regulated water weighs 1 t/m³
        valuation = {
          kind: 'unit-price',
          label: 'water purification cost (K), water at 1 t/m³',
          quantity: tonnes(volume.value),
          ...k,
        };
      } else {
        return fail('COEFFICIENT_UNIT_MISMATCH', path, {
          key,
          actual: `${k.price.money}/${k.price.per}`,
          expected: 'money per t or per m³ of water',
        });
      }
      return [
        {
          subItem: null,
          ecosystem: eco.type,
          zone: eco.zone ?? null,
          physical: volume,
          valuations: [valuation],
          terms,
          path,
        },
      ];
    }),
};
