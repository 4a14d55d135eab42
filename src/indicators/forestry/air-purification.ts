import * as z from 'zod/mini';
import type { Line, MethodSpec, Named } from '../spec';
import { groupsSwitch, hectares, rowLines, tonnes } from './common';

/**
 * 吸收污染物 / 滞尘 air purification, forestry-standard lineage (LY/T 1721—2008 → GB/T 38582—2020):
 *   G_k = Q_k × A          t/a     (k = SO₂, fluoride, NOx, dust)
 *   U_k = K_k × Q_k × A    元/a
 * Q_k uptake (or dust retention) per unit area of the type (purification.air.<k>, any mass per area and year,
 * the same key R5's capped rule reads), K_k treatment cost (price.treatment.<k>). No emission cap: the lineage
 * counts what the forest takes up. One line per row and pollutant; the sub-item is the pollutant.
 */
const KINDS = ['so2', 'fluoride', 'nox', 'dust'] as const;
const NAMES: Record<(typeof KINDS)[number], Named> = {
  so2: { zh: '吸收二氧化硫', en: 'SO₂ uptake' },
  fluoride: { zh: '吸收氟化物', en: 'Fluoride uptake' },
  nox: { zh: '吸收氮氧化物', en: 'NOx uptake' },
  dust: { zh: '滞尘', en: 'Dust retention' },
};
const switches = z.strictObject({
  groups: groupsSwitch,
  pollutants: z._default(z.array(z.enum(KINDS)).check(z.minLength(1)), [...KINDS]),
});
type Switches = z.output<typeof switches>;

export const forestAirPurification: MethodSpec<Switches> = {
  id: 'air-purification/forestry',
  version: 1,
  title: { zh: '净化大气环境（林业标准公式）', en: 'Air purification (forestry standard)' },
  category: 'regulating',
  // Sub-items are different substances: no physical total across them (each sub-item keeps its own).
  physicalUnit: null,
  subItems: KINDS.map((k) => ({ code: k, name: NAMES[k] })),
  coefficientKeys: KINDS.flatMap((k) => [`purification.air.${k}`, `price.treatment.${k}`]),
  inputs: ['ecosystems[]'],
  switches,
  hasInput: (input) => input.ecosystems.length > 0,
  compute: (ctx) =>
    rowLines(ctx, (eco, path) => {
      const a = hectares(eco);
      return ctx.switches.pollutants.map((k): Line => {
        const q = ctx.scalar(`purification.air.${k}`, eco.type, 't_per_hm2_a', path);
        return {
          subItem: k,
          ecosystem: eco.type,
          zone: eco.zone ?? null,
          physical: tonnes(q.times(a)), // Q_k × A
          valuations: [
            {
              kind: 'unit-price',
              label: `${k} treatment cost (K_k)`,
              ...ctx.tablePrice(`price.treatment.${k}`, eco.type, path),
            },
          ],
          terms: { A: `${a.toFixed()} hm²`, Q: `${q.toFixed()} t/(hm²·a)` },
          path,
        };
      });
    }),
};
