import * as z from 'zod/mini';
import type { Line, MethodSpec } from '../spec';
import {
  FERTILISER_KEYS,
  NUTRIENTS,
  groupsSwitch,
  hectares,
  nppOf,
  nutrientPrice,
  rowLines,
  tonnes,
} from './common';

/**
 * 林木积累营养物质 nutrient accumulation in trees, forestry-standard lineage (LY/T 1721—2008 → GB/T 38582—2020):
 *   G_N = A × N × B, G_P = A × P × B, G_K = A × K × B                       t/a
 *   U   = A × B × (N × C₁/R₁ + P × C₁/R₂ + K × C₂/R₃)                      元/a
 * A area (hm²), B net primary productivity (t d.m./(hm²·a), productivity[].npp), N, P, K the trees' nitrogen,
 * phosphorus and potassium contents (mass fractions of dry matter, lyt.tree_*_content); C and R as for 保肥.
 */
const TREE = ['n', 'p', 'k'] as const;
const switches = z.strictObject({
  groups: groupsSwitch,
  nutrients: z._default(z.array(z.enum(TREE)).check(z.minLength(1)), ['n', 'p', 'k']),
});
type Switches = z.output<typeof switches>;

export const forestNutrientAccumulation: MethodSpec<Switches> = {
  id: 'nutrient-accumulation/forestry',
  version: 1,
  title: {
    zh: '林木积累营养物质（林业标准公式）',
    en: 'Nutrient accumulation in trees (forestry standard)',
  },
  category: 'regulating',
  // Sub-items are different substances: no physical total across them (each sub-item keeps its own).
  physicalUnit: null,
  subItems: TREE.map((k) => ({ code: k, name: NUTRIENTS[k].name })),
  coefficientKeys: [
    'lyt.tree_nitrogen_content',
    'lyt.tree_phosphorus_content',
    'lyt.tree_potassium_content',
    ...FERTILISER_KEYS.filter((k) => !k.includes('organic_matter')),
  ],
  inputs: ['ecosystems[]', 'productivity[].npp'],
  switches,
  hasInput: (input) => input.productivity.some((p) => p.npp !== undefined),
  // The NPP is what is missing when no productivity record has one (the ecosystem rows may all be there).
  missingInput: () => 'productivity[].npp',
  compute: (ctx) =>
    rowLines(ctx, (eco, path) => {
      const a = hectares(eco);
      const { b, source } = nppOf(ctx, eco, path);
      const dm = a.times(b); // A × B, t d.m./a
      return ctx.switches.nutrients.map((k): Line => {
        const key = `lyt.tree_${NUTRIENTS[k].word}_content`;
        const content = ctx.scalar(key, eco.type, 'one', path);
        const { label, ...price } = nutrientPrice(ctx, k, eco.type, path);
        return {
          subItem: k,
          ecosystem: eco.type,
          zone: eco.zone ?? null,
          physical: tonnes(dm.times(content)), // A × B × content
          valuations: [{ kind: 'unit-price', label, ...price }],
          terms: {
            A: `${a.toFixed()} hm²`,
            B: `${b.toFixed()} t d.m./(hm²·a) (${source})`,
            'A×B': `${dm.toFixed()} t d.m.`,
            content: `${content.toFixed()} (${key})`,
          },
          path,
        };
      });
    }),
};
