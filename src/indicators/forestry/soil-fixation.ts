import * as z from 'zod/mini';
import { fail } from '../../core/errors';
import type { Quantity } from '../../core/units';
import type { MethodSpec } from '../spec';
import {
  erosionDifference,
  erosionSwitch,
  groupsSwitch,
  hectares,
  negativeSwitch,
  rowLines,
  tonnes,
} from './common';

/**
 * 固土 soil fixation, forestry-standard lineage (LY/T 1721—2008 → GB/T 38582—2020):
 *   G = A × (X₂ − X₁)                  t/a
 *   U = A × C_soil × (X₂ − X₁) / ρ     元/a
 * A area (hm²), X₂ erosion modulus without forest, X₁ with forest (t/(hm²·a)), ρ soil bulk density (t/m³),
 * C_soil earthwork cost (元/m³). The soil is valued by volume: G / ρ m³ of earthwork, no other factor.
 */
const switches = z.strictObject({
  groups: groupsSwitch,
  erosion: erosionSwitch,
  negativeTerms: negativeSwitch('refuse'),
});
type Switches = z.output<typeof switches>;

export const forestSoilFixation: MethodSpec<Switches> = {
  id: 'soil-fixation/forestry',
  version: 1,
  title: {
    zh: '固土（林业标准公式，替代成本法）',
    en: 'Soil fixation (forestry standard, replacement cost)',
  },
  category: 'regulating',
  physicalUnit: 't',
  subItems: [],
  coefficientKeys: [
    'lyt.erosion_modulus.unforested',
    'lyt.erosion_modulus.forested',
    'lyt.erosion_difference',
    'soil.bulk_density',
    'lyt.soil_earthwork_cost',
  ],
  inputs: ['ecosystems[]'],
  switches,
  hasInput: (input) => input.ecosystems.length > 0,
  compute: (ctx) =>
    rowLines(ctx, (eco, path) => {
      const a = hectares(eco);
      const { rate, terms } = erosionDifference(ctx, eco, path);
      const soil = tonnes(a.times(rate)); // A × (X₂ − X₁)
      const rho = ctx.scalar('soil.bulk_density', eco.type, 't_per_m3', path);
      if (rho.lessThanOrEqualTo(0))
        fail('VALUE_NOT_POSITIVE', path, { what: 'soil.bulk_density', value: rho.toFixed() });
      const earth: Quantity<'m3'> = { value: soil.value.div(rho), unit: 'm3' }; // G / ρ
      return [
        {
          subItem: null,
          ecosystem: eco.type,
          zone: eco.zone ?? null,
          physical: soil,
          valuations: [
            {
              kind: 'unit-price',
              label: 'earthwork cost (C_soil) on G / ρ',
              quantity: earth,
              ...ctx.tablePrice('lyt.soil_earthwork_cost', eco.type, path),
            },
          ],
          terms: {
            A: `${a.toFixed()} hm²`,
            ...terms,
            rho: `${rho.toFixed()} t/m³`,
            'G/rho': `${earth.value.toFixed()} m³`,
          },
          path,
        },
      ];
    }),
};
