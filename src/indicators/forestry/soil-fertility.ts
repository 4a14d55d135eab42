import * as z from 'zod/mini';
import type { Line, MethodSpec } from '../spec';
import {
  FERTILISER_KEYS,
  NUTRIENTS,
  type Nutrient,
  erosionDifference,
  erosionSwitch,
  groupsSwitch,
  hectares,
  negativeSwitch,
  nutrientPrice,
  rowLines,
  tonnes,
} from './common';

/**
 * 保肥 soil fertility conservation, forestry-standard lineage (LY/T 1721—2008 → GB/T 38582—2020):
 *   G_N = A × N × (X₂ − X₁), G_P = A × P × (X₂ − X₁), G_K = A × K × (X₂ − X₁), G_M = A × M × (X₂ − X₁)   t/a
 *   U   = A × (X₂ − X₁) × (N × C₁/R₁ + P × C₁/R₂ + K × C₂/R₃ + M × C₃)                                 元/a
 * N, P, K, M soil nitrogen, phosphorus, potassium and organic matter contents (mass fractions, soil.*_content);
 * C₁ diammonium phosphate price, R₁ and R₂ its N and P contents; C₂ potassium chloride price, R₃ its K content;
 * C₃ organic matter price (lyt.fertiliser.*). One line per row and nutrient; the sub-item is the nutrient.
 */
const switches = z.strictObject({
  groups: groupsSwitch,
  erosion: erosionSwitch,
  negativeTerms: negativeSwitch('refuse'),
  nutrients: z._default(z.array(z.enum(['n', 'p', 'k', 'om'])).check(z.minLength(1)), ['n', 'p', 'k', 'om']),
});
type Switches = z.output<typeof switches>;

export const forestSoilFertility: MethodSpec<Switches> = {
  id: 'soil-fertility/forestry',
  version: 1,
  title: { zh: '保肥（林业标准公式，替代成本法）', en: 'Soil fertility conservation (forestry standard)' },
  category: 'regulating',
  // Sub-items are different substances: no physical total across them (each sub-item keeps its own).
  physicalUnit: null,
  subItems: (Object.keys(NUTRIENTS) as Nutrient[]).map((k) => ({ code: k, name: NUTRIENTS[k].name })),
  coefficientKeys: [
    'lyt.erosion_modulus.unforested',
    'lyt.erosion_modulus.forested',
    'lyt.erosion_difference',
    'soil.nitrogen_content',
    'soil.phosphorus_content',
    'soil.potassium_content',
    'soil.organic_matter_content',
    ...FERTILISER_KEYS,
  ],
  inputs: ['ecosystems[]'],
  switches,
  hasInput: (input) => input.ecosystems.length > 0,
  compute: (ctx) =>
    rowLines(ctx, (eco, path) => {
      const a = hectares(eco);
      const { rate, terms } = erosionDifference(ctx, eco, path);
      const soil = a.times(rate); // A × (X₂ − X₁), t of soil
      return ctx.switches.nutrients.map((k): Line => {
        const key = `soil.${NUTRIENTS[k].word}_content`;
        const content = ctx.scalar(key, eco.type, 'one', path);
        const { label, ...price } = nutrientPrice(ctx, k, eco.type, path);
        return {
          subItem: k,
          ecosystem: eco.type,
          zone: eco.zone ?? null,
          physical: tonnes(soil.times(content)), // A × (X₂ − X₁) × content
          valuations: [{ kind: 'unit-price', label, ...price }],
          terms: {
            A: `${a.toFixed()} hm²`,
            ...terms,
            soil: `${soil.toFixed()} t`,
            content: `${content.toFixed()} (${key})`,
          },
          path,
        };
      });
    }),
};
