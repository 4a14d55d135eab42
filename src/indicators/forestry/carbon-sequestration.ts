import * as z from 'zod/mini';
import { Decimal } from '../../core/decimal';
import type { Path } from '../../core/errors';
import { CO2_PER_C, type Quantity, carbonToCO2, unitSymbol } from '../../core/units';
import { carbonValuation } from '../carbon';
import type { Line, MethodContext, MethodSpec, Valuation } from '../spec';
import { groupsSwitch, hectares, nppOf, rowLines } from './common';

/**
 * 固碳 carbon sequestration, forestry-standard lineage (LY/T 1721—2008 → GB/T 38582—2020):
 *   G = A × (1.63 × R_C × B + F_soil)            t C/a
 *   U = A × C_C × (1.63 × R_C × B + F_soil)      元/a
 * A area (hm²), B net primary productivity (t d.m./(hm²·a), productivity[].npp), 1.63 t CO₂ fixed per t of dry
 * matter (photosynthesis.co2_per_dm), R_C = 12/44 the carbon share of CO₂ (printed as 27.27 %, applied here as
 * the exact ratio), F_soil soil carbon sequestration rate (t C/(hm²·a), lyt.soil_carbon_rate), C_C carbon price.
 * Two sub-items per row: vegetation (1.63 × R_C × B) and soil (F_soil). The price's basis is data: a price per
 * t C is applied to G, a price per t CO₂ to G × 44/12 (carbonValuation).
 */
const priceKey = z._default(
  z.string().check(z.regex(/^price\.carbon(\.[a-z0-9-]+)*$/)),
  'price.carbon.lyt-1721',
);
const switches = z.strictObject({
  groups: groupsSwitch,
  components: z._default(z.array(z.enum(['vegetation', 'soil'])).check(z.minLength(1)), [
    'vegetation',
    'soil',
  ]),
  priceKey,
});
type Switches = z.output<typeof switches>;

export const forestCarbonSequestration: MethodSpec<Switches> = {
  id: 'carbon-sequestration/forestry',
  version: 1,
  title: { zh: '固碳（林业标准公式）', en: 'Carbon sequestration (forestry standard)' },
  category: 'regulating',
  physicalUnit: 't_C',
  subItems: [
    { code: 'vegetation', name: { zh: '植被固碳', en: 'Vegetation' } },
    { code: 'soil', name: { zh: '土壤固碳', en: 'Soil' } },
  ],
  coefficientKeys: ['photosynthesis.co2_per_dm', 'lyt.soil_carbon_rate', 'price.carbon…'],
  inputs: ['ecosystems[]', 'productivity[].npp'],
  switches,
  hasInput: (input, s) =>
    input.ecosystems.length > 0 &&
    (!s.components.includes('vegetation') || input.productivity.some((p) => p.npp !== undefined)),
  // The schema requires ecosystem rows: what the vegetation part can lack is NPP.
  missingInput: (s) => (s.components.includes('vegetation') ? 'productivity[].npp' : 'ecosystems[]'),
  compute: (ctx) =>
    rowLines(ctx, (eco, path) => {
      const a = hectares(eco);
      const zone = eco.zone ?? null;
      const lines: Line[] = [];
      if (ctx.switches.components.includes('vegetation')) {
        const { b, source } = nppOf(ctx, eco, path);
        const f = ctx.scalar('photosynthesis.co2_per_dm', eco.type, 'one', path);
        const co2 = a.times(f).times(b); // A × 1.63 × B, t CO₂
        // × R_C = × 12/44, one division last: G = (A × 1.63 × B × 12) / 44
        const num = co2.times(CO2_PER_C.den);
        const den = new Decimal(CO2_PER_C.num);
        lines.push({
          subItem: 'vegetation',
          ecosystem: eco.type,
          zone,
          physical: { value: num.div(den), unit: 't_C' },
          exact: { num, den },
          // the valuation takes the CO₂ itself: a t C price gets CO₂ × 12/44, the same fraction as G
          valuations: [
            carbonValuation(
              ctx as MethodContext<unknown>,
              ctx.switches.priceKey,
              { value: co2, unit: 't_CO2' },
              eco.type,
              path,
            ),
          ],
          terms: {
            A: `${a.toFixed()} hm²`,
            B: `${b.toFixed()} t d.m./(hm²·a) (${source})`,
            'CO2/DM': f.toFixed(),
            R_C: '12/44',
            'A×1.63×B': `${co2.toFixed()} t CO₂`,
          },
          path,
        });
      }
      if (ctx.switches.components.includes('soil')) {
        const rate = ctx.scalar('lyt.soil_carbon_rate', eco.type, 't_C_per_hm2_a', path);
        const carbon: Quantity<'t_C'> = { value: a.times(rate), unit: 't_C' }; // A × F_soil
        lines.push({
          subItem: 'soil',
          ecosystem: eco.type,
          zone,
          physical: carbon,
          valuations: [carbonPriced(ctx, carbon, eco.type, path)],
          terms: { A: `${a.toFixed()} hm²`, F_soil: `${rate.toFixed()} t C/(hm²·a)` },
          path,
        });
      }
      return lines;
    }),
};

/**
 * A t C quantity valued with carbonValuation (which checks the price's basis): a t CO₂ price gets C × 44/12;
 * a t C price gets C itself (not C × 44/12 × 12/44, which could differ in the last digit).
 */
function carbonPriced(
  ctx: MethodContext<Switches>,
  carbon: Quantity<'t_C'>,
  type: string,
  path: Path,
): Valuation {
  const v = carbonValuation(
    ctx as MethodContext<unknown>,
    ctx.switches.priceKey,
    carbonToCO2(carbon),
    type,
    path,
  );
  if (v.quantity?.unit !== 't_C') return v;
  const { quantity: _dropped, ...rest } = v;
  return { ...rest, label: `carbon price per ${v.kind === 'unit-price' ? unitSymbol(v.price.per) : 't C'}` };
}
