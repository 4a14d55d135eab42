import * as z from 'zod/mini';
import { type Path, fail } from '../core/errors';
import { type Quantity, convertValue } from '../core/units';
import { collect } from './carbon-sequestration';
import type { Line, MethodSpec } from './spec';

/**
 * Small indicators valued by a replacement or restoration cost, each from its own input section:
 *   sand fixation     V = Q_sf / (ρ × h) × c    Q_sf sand fixed (t), ρ sand bulk density, h cover depth, c cost per m²
 *   pest control      V = A × c                 A self-recovering forest or grassland, c artificial control cost per hm²
 *   coastal protection V = L × c                L protected coastline, c replacement cost per m
 *   noise reduction   V = L × c                 L length of vegetation belts replacing barriers, c barrier cost per m
 *   landscape value   V = Σ A × premium         A benefiting property area, premium per m² (hedonic)
 */
const none = z.strictObject({});
type NoSwitches = z.output<typeof none>;

export const sandFixation: MethodSpec<NoSwitches> = {
  id: 'sand-fixation/restoration-cost',
  version: 1,
  title: { zh: '防风固沙（恢复成本法）', en: 'Sand fixation (restoration cost)' },
  category: 'regulating',
  physicalUnit: 't',
  subItems: [],
  coefficientKeys: ['sand.bulk_density', 'sand.cover_depth', 'price.sand_control'],
  inputs: ['sandFixation[]'],
  switches: none,
  hasInput: (input) => input.sandFixation.length > 0,
  compute: (ctx) =>
    collect(
      ctx.input.sandFixation.map((r, i) => () => {
        const path: Path = ['sandFixation', i];
        const eco = r.ecosystem ?? null;
        const t = convertValue(r.amount.value, r.amount.unit, 't');
        const rho = ctx.scalar('sand.bulk_density', eco, 't_per_m3', path);
        const h = ctx.scalar('sand.cover_depth', eco, 'm', path);
        if (rho.isZero() || h.isZero())
          fail('VALUE_NOT_POSITIVE', path, { what: 'sand bulk density × cover depth', value: '0' });
        const area: Quantity<'m2'> = { value: t.div(rho.times(h)), unit: 'm2' }; // land that would need covering
        return {
          subItem: null,
          ecosystem: eco,
          zone: r.zone ?? null,
          physical: { value: t, unit: 't' },
          valuations: [
            {
              kind: 'unit-price',
              label: 'sand-control cost',
              quantity: area,
              ...ctx.tablePrice('price.sand_control', eco, path),
            },
          ],
          terms: {
            Q: `${t.toFixed()} t`,
            rho: `${rho.toFixed()} t/m³`,
            h: `${h.toFixed()} m`,
            area: `${area.value.toFixed()} m²`,
          },
          path,
        } satisfies Line;
      }),
    ),
};

export const pestControl: MethodSpec<NoSwitches> = {
  id: 'pest-control/replacement-cost',
  version: 1,
  title: { zh: '病虫害控制（替代成本法）', en: 'Pest control (replacement cost)' },
  category: 'regulating',
  physicalUnit: 'hm2',
  subItems: [],
  coefficientKeys: ['price.pest_control'],
  inputs: ['pestControl[]'],
  switches: none,
  hasInput: (input) => input.pestControl.length > 0,
  compute: (ctx) =>
    collect(
      ctx.input.pestControl.map((r, i) => () => {
        const path: Path = ['pestControl', i];
        return {
          subItem: null,
          ecosystem: r.ecosystem,
          zone: r.zone ?? null,
          physical: r.area,
          valuations: [
            {
              kind: 'unit-price',
              label: 'artificial control cost',
              ...ctx.tablePrice('price.pest_control', r.ecosystem, path),
            },
          ],
          path,
        } satisfies Line;
      }),
    ),
};

function lengthMethod(
  id: string,
  title: { zh: string; en: string },
  section: 'coastalProtection' | 'noiseReduction',
  key: string,
): MethodSpec<NoSwitches> {
  return {
    id,
    version: 1,
    title,
    category: 'regulating',
    physicalUnit: 'm',
    subItems: [],
    coefficientKeys: [key],
    inputs: [`${section}[]`],
    switches: none,
    hasInput: (input) => input[section].length > 0,
    compute: (ctx) =>
      collect(
        ctx.input[section].map((r, i) => () => {
          const path: Path = [section, i];
          const eco = 'ecosystem' in r ? (r.ecosystem ?? null) : null;
          return {
            subItem: r.name,
            ecosystem: eco,
            zone: r.zone ?? null,
            physical: r.length,
            valuations: [
              { kind: 'unit-price', label: 'replacement cost', ...ctx.tablePrice(key, eco, path) },
            ],
            path,
          } satisfies Line;
        }),
      ),
  };
}

export const coastalProtection = lengthMethod(
  'coastal-protection/replacement-cost',
  { zh: '海岸带防护（替代成本法）', en: 'Coastal protection (replacement cost)' },
  'coastalProtection',
  'price.coastal_protection',
);

export const noiseReduction = lengthMethod(
  'noise-reduction/replacement-cost',
  { zh: '噪声消减（替代成本法）', en: 'Noise reduction (replacement cost)' },
  'noiseReduction',
  'price.noise_reduction',
);

export const landscapeValue: MethodSpec<NoSwitches> = {
  id: 'landscape/hedonic',
  version: 1,
  title: { zh: '景观价值（享乐价格法）', en: 'Landscape value (hedonic premium)' },
  category: 'cultural',
  physicalUnit: 'm2',
  subItems: [],
  coefficientKeys: [],
  inputs: ['landscape[]'],
  switches: none,
  hasInput: (input) => input.landscape.length > 0,
  compute: (ctx) =>
    ctx.input.landscape.map((r, i): Line => {
      const path: Path = ['landscape', i];
      return {
        subItem: r.name,
        ecosystem: null,
        zone: r.zone ?? null,
        physical: r.area,
        valuations: [
          {
            kind: 'unit-price',
            label: 'landscape premium',
            price: r.premium,
            origin: { kind: 'input', path: [...path, 'premium'] },
          },
        ],
        path,
      };
    }),
};
