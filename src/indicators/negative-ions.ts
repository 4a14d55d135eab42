import * as z from 'zod/mini';
import { Decimal } from '../core/decimal';
import { type Path, fail, issue } from '../core/errors';
import { convertValue } from '../core/units';
import { collect } from './carbon-sequestration';
import type { Line, MethodSpec } from './spec';

/**
 * R9 negative air ions (负氧离子), forestry-standard form (LY/T 1721 lineage):
 *   supply G = 5.256 × 10¹⁵ × Q × A × H / L                         ions/a
 *   value  U = 5.256 × 10¹⁵ × A × H × K × (Q − Q₀) / L              元/a, Q₀ = 600 ions/cm³
 * Q concentration (ions/cm³), A area (hm²), H stand height (m), L ion lifetime (min), K production cost per ion.
 * 5.256 × 10¹⁵ = 525 600 min/a × 10⁶ cm³/m³ × 10⁴ m²/hm².
 */
const YEAR_FACTOR = new Decimal('5.256e15');
const switches = z.strictObject({
  groups: z._default(z.array(z.string().check(z.minLength(1))).check(z.minLength(1)), ['forest']),
  belowThreshold: z._default(z.enum(['zero', 'refuse']), 'zero'),
});

export const negativeIons: MethodSpec<z.output<typeof switches>> = {
  id: 'negative-ions/forestry',
  version: 1,
  title: { zh: '负氧离子（林业标准公式）', en: 'Negative air ions (forestry standard)' },
  category: 'regulating',
  physicalUnit: 'ion',
  subItems: [],
  coefficientKeys: ['ions.lifetime', 'ions.threshold', 'price.negative_ion'],
  inputs: ['airIons[]'],
  switches,
  hasInput: (input) => input.airIons.length > 0,
  compute(ctx) {
    return collect(
      ctx.input.ecosystems.flatMap((eco, i) => {
        if (!ctx.switches.groups.includes(ctx.groupOf(eco.type))) return [];
        return [
          (): Line => {
            const path: Path = ['ecosystems', i];
            const zone = eco.zone ?? null;
            const found = ctx.specific(ctx.input.airIons, zone, eco.type);
            if (found === undefined)
              fail('SPATIAL_INPUT_MISSING', path, {
                field: 'negative ion concentration',
                zone: zone ?? '(region)',
                type: eco.type,
                section: 'airIons',
              });
            const q = found.record.concentration.value; // ions/cm³
            const h = convertValue(found.record.standHeight.value, found.record.standHeight.unit, 'm');
            const a = convertValue(eco.area.value, eco.area.unit, 'hm2');
            const life = ctx.scalar('ions.lifetime', eco.type, 'minute', path);
            const q0 = ctx.scalar('ions.threshold', eco.type, 'ions_per_cm3', path);
            const volumeTerm = YEAR_FACTOR.times(a).times(h).div(life); // × Q gives ions/a
            let excess = q.minus(q0);
            if (excess.isNegative()) {
              if (ctx.switches.belowThreshold === 'refuse') {
                fail('NEGATIVE_TERM_REFUSED', path, {
                  what: `Q − Q₀ for ${eco.type}`,
                  value: `${excess.toFixed()} ions/cm³`,
                });
              }
              ctx.warn(
                issue('NEGATIVE_TERM', path, {
                  what: `Q − Q₀ for ${eco.type}`,
                  value: `${excess.toFixed()} ions/cm³`,
                  rule: 'valued as zero (belowThreshold = zero)',
                }),
              );
              excess = new Decimal(0);
            }
            return {
              subItem: null,
              ecosystem: eco.type,
              zone,
              physical: { value: volumeTerm.times(q), unit: 'ion' },
              valuations: [
                {
                  kind: 'unit-price',
                  label: 'production cost of ions above the threshold',
                  quantity: { value: volumeTerm.times(excess), unit: 'ion' },
                  ...ctx.tablePrice('price.negative_ion', eco.type, path),
                },
              ],
              terms: {
                Q: `${q.toFixed()} ions/cm³`,
                Q0: q0.toFixed(),
                A: `${a.toFixed()} hm²`,
                H: `${h.toFixed()} m`,
                L: `${life.toFixed()} min`,
                source: `airIons[${found.index}]`,
              },
              path,
            };
          },
        ];
      }),
    );
  },
};
