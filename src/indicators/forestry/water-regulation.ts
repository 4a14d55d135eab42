import * as z from 'zod';
import type { MethodSpec } from '../spec';
import { rowLines, waterBalance, waterBalanceSwitches } from './common';

/**
 * 调节水量 water regulation, forestry-standard lineage (LY/T 1721—2008 → GB/T 38582—2020):
 *   G = 10 × A × (P − E − C)             m³/a
 *   U = 10 × C_res × A × (P − E − C)     元/a
 * A area (hm²), P precipitation, E stand evapotranspiration, C surface runoff (mm); 10 turns mm·hm² into m³;
 * C_res reservoir construction cost per m³ of storage (price.reservoir_storage, as R1).
 */
const switches = waterBalanceSwitches;
type Switches = z.output<typeof switches>;

export const forestWaterRegulation: MethodSpec<Switches> = {
  id: 'water-regulation/forestry',
  version: 1,
  title: {
    zh: '调节水量（林业标准公式，影子工程法）',
    en: 'Water regulation (forestry standard, shadow project)',
  },
  category: 'regulating',
  physicalUnit: 'm3',
  subItems: [],
  coefficientKeys: ['lyt.runoff_depth', 'runoff.coefficient', 'price.reservoir_storage'],
  inputs: ['ecosystems[]', 'climate[].precipitation', 'climate[].evapotranspiration'],
  switches,
  hasInput: (input) => input.ecosystems.length > 0,
  compute: (ctx) =>
    rowLines(ctx, (eco, path) => {
      const { volume, terms } = waterBalance(ctx, eco, path);
      return [
        {
          subItem: null,
          ecosystem: eco.type,
          zone: eco.zone ?? null,
          physical: volume,
          valuations: [
            {
              kind: 'unit-price',
              label: 'reservoir construction cost (C_res)',
              ...ctx.tablePrice('price.reservoir_storage', eco.type, path),
            },
          ],
          terms,
          path,
        },
      ];
    }),
};
