import * as z from 'zod/mini';
import { type Path, fail, issue } from '../core/errors';
import { ownKeys } from '../core/schema';
import { collect } from './collect';
import { Decimal } from '../core/decimal';
import { CO2_PER_C, type Quantity, carbonToCO2, convertValue } from '../core/units';
import { carbonValuation, dryMatterToCarbon, perHectare } from './carbon';
import type { Line, MethodContext, MethodSpec } from './spec';

/**
 * R6 carbon sequestration (固碳), four methods; all report t CO₂ and value it with the price named by the
 * `priceKey` switch (its basis, per t C or per t CO₂, and its kind are the table record's):
 *   npp-stoichiometry  Q_CO2 = 1.63 × NPP                       (t CO₂ per t dry matter)
 *   nep                Q_CO2 = 44/12 × NEP,  NEP = α × NPP × 72/162 when NEP is not given
 *   rates              Q_CO2 = 44/12 × Σ A_i × rate_i          (FCS, GSCS, WCS, CSCS by group, t C/(hm²·a))
 *   forest-inventory   Q_CO2 = 44/12 × D × BEF × (1 + R) × CF × (V × GR − V × CR)
 */
type Ctx<S> = MethodContext<S>;
const priceKey = z._default(z.string().check(z.regex(/^price\.carbon(\.[a-z0-9-]+)*$/)), 'price.carbon');
const groups = z.array(z.string().check(z.minLength(1))).check(z.minLength(1));

export { collect };

function productivityRows<S extends { groups: string[] }>(
  ctx: Ctx<S>,
  make: (
    eco: Ctx<S>['input']['ecosystems'][number],
    path: Path,
    rec: ReturnType<typeof findProductivity>,
  ) => Line,
) {
  return ctx.input.ecosystems.flatMap((eco, i) => {
    if (!ctx.switches.groups.includes(ctx.groupOf(eco.type))) return [];
    const path: Path = ['ecosystems', i];
    return [() => make(eco, path, findProductivity(ctx, eco.zone ?? null, eco.type, path))];
  });
}

function findProductivity<S>(ctx: Ctx<S>, zone: string | null, type: string, path: Path) {
  const found = ctx.specific(ctx.input.productivity, zone, type);
  if (found === undefined)
    fail('SPATIAL_INPUT_MISSING', path, {
      field: 'productivity (NPP/NEP)',
      zone: zone ?? '(region)',
      type,
      section: 'productivity',
    });
  return found;
}

/** A CO₂ line from t C: physical = C × 44/12, kept also as the exact fraction (C × 44) / 12. */
function co2FromCarbon<S extends { priceKey: string }>(
  ctx: Ctx<S>,
  eco: { type: string; zone?: string | undefined },
  carbon: Decimal,
  path: Path,
  terms: Record<string, string>,
): Line {
  const co2 = carbonToCO2({ value: carbon, unit: 't_C' });
  return {
    ...co2Line(ctx, eco, co2, path, terms),
    exact: { num: carbon.times(CO2_PER_C.num), den: new Decimal(CO2_PER_C.den) },
  };
}

function co2Line<S extends { priceKey: string }>(
  ctx: Ctx<S>,
  eco: { type: string; zone?: string | undefined },
  q: Quantity<'t_CO2'>,
  path: Path,
  terms: Record<string, string>,
): Line {
  return {
    subItem: null,
    ecosystem: eco.type,
    zone: eco.zone ?? null,
    physical: q,
    valuations: [carbonValuation(ctx as Ctx<unknown>, ctx.switches.priceKey, q, eco.type, path)],
    terms,
    path,
  };
}

const nppSwitches = z.strictObject({
  groups: z._default(groups, ['forest', 'shrub', 'grassland']),
  priceKey,
});
export const carbonNppStoichiometry: MethodSpec<z.output<typeof nppSwitches>> = {
  id: 'carbon-sequestration/npp-stoichiometry',
  version: 1,
  title: { zh: '固碳（NPP 光合作用方程）', en: 'Carbon sequestration (NPP stoichiometry)' },
  category: 'regulating',
  physicalUnit: 't_CO2',
  subItems: [],
  coefficientKeys: ['photosynthesis.co2_per_dm', 'price.carbon…'],
  inputs: ['productivity[].npp'],
  switches: nppSwitches,
  hasInput: (input) => input.productivity.some((p) => p.npp !== undefined),
  compute: (ctx) =>
    collect(
      productivityRows(ctx, (eco, path, found) => {
        const npp = found.record.npp;
        if (npp === undefined)
          fail('SPATIAL_INPUT_MISSING', path, {
            field: 'npp',
            zone: eco.zone ?? '(region)',
            type: eco.type,
            section: 'productivity',
          });
        const factor = ctx.scalar('photosynthesis.co2_per_dm', eco.type, 'one', path);
        const dm = perHectare(convertValue(npp.value, npp.unit, 't_DM_per_hm2_a'), eco.area); // t d.m./a
        return co2Line(ctx, eco, { value: dm.times(factor), unit: 't_CO2' }, path, {
          NPP: `${dm.toFixed()} t d.m.`,
          'CO2/DM': factor.toFixed(),
        });
      }),
    ),
};

const nepSwitches = z.strictObject({
  groups: z._default(groups, ['forest', 'shrub', 'grassland', 'wetland', 'cropland']),
  priceKey,
});
export const carbonNep: MethodSpec<z.output<typeof nepSwitches>> = {
  id: 'carbon-sequestration/nep',
  version: 1,
  title: { zh: '固碳（净生态系统生产力法）', en: 'Carbon sequestration (NEP)' },
  category: 'regulating',
  physicalUnit: 't_CO2',
  subItems: [],
  coefficientKeys: ['carbon.nep_npp_ratio', 'price.carbon…'],
  inputs: ['productivity[].nep', 'productivity[].npp'],
  switches: nepSwitches,
  hasInput: (input) => input.productivity.length > 0,
  compute: (ctx) =>
    collect(
      productivityRows(ctx, (eco, path, found) => {
        const { nep, npp } = found.record;
        let carbon; // t C/a
        let terms: Record<string, string>;
        if (nep !== undefined) {
          carbon = perHectare(convertValue(nep.value, nep.unit, 't_C_per_hm2_a'), eco.area);
          terms = { NEP: `${carbon.toFixed()} t C` };
        } else {
          if (npp === undefined)
            fail('SPATIAL_INPUT_MISSING', path, {
              field: 'nep or npp',
              zone: eco.zone ?? '(region)',
              type: eco.type,
              section: 'productivity',
            });
          const alpha = ctx.scalar('carbon.nep_npp_ratio', eco.type, 'one', path);
          const dm = perHectare(convertValue(npp.value, npp.unit, 't_DM_per_hm2_a'), eco.area);
          carbon = dryMatterToCarbon(alpha.times(dm)); // NEP = α × NPP × 72/162
          terms = { NPP: `${dm.toFixed()} t d.m.`, alpha: alpha.toFixed(), NEP: `${carbon.toFixed()} t C` };
        }
        return co2FromCarbon(ctx, eco, carbon, path, terms); // × 44/12
      }),
    ),
};

const RATE_SUBITEMS = {
  forest: 'FCS',
  shrub: 'FCS',
  grassland: 'GSCS',
  wetland: 'WCS',
  cropland: 'CSCS',
} as const;
const rateSwitches = z.strictObject({
  groups: z._default(groups, ['forest', 'shrub', 'grassland', 'wetland', 'cropland']),
  // groups named by the profile, a scenario or the options
  subItems: ownKeys(
    z
      ._default(z.record(z.string(), z.string()), RATE_SUBITEMS)
      .check(z.meta({ description: 'Sub-item of each group.' })),
  ),
  priceKey,
});
export const carbonRates: MethodSpec<z.output<typeof rateSwitches>> = {
  id: 'carbon-sequestration/rates',
  version: 1,
  title: { zh: '固碳（固碳速率法）', en: 'Carbon sequestration (sequestration rates)' },
  category: 'regulating',
  physicalUnit: 't_CO2',
  subItems: [
    { code: 'FCS', name: { zh: '森林（灌丛）固碳', en: 'Forest and shrub sequestration' } },
    { code: 'GSCS', name: { zh: '草地土壤固碳', en: 'Grassland soil sequestration' } },
    { code: 'WCS', name: { zh: '湿地固碳', en: 'Wetland sequestration' } },
    { code: 'CSCS', name: { zh: '农田土壤固碳', en: 'Cropland soil sequestration' } },
  ],
  coefficientKeys: ['carbon.sequestration_rate', 'price.carbon…'],
  inputs: ['ecosystems[]'],
  switches: rateSwitches,
  hasInput: (input) => input.ecosystems.length > 0,
  compute: (ctx) =>
    collect(
      ctx.input.ecosystems.flatMap((eco, i) => {
        const group = ctx.groupOf(eco.type);
        if (!ctx.switches.groups.includes(group)) return [];
        return [
          () => {
            const path: Path = ['ecosystems', i];
            const rate = ctx.scalar('carbon.sequestration_rate', eco.type, 't_C_per_hm2_a', path);
            const carbon = perHectare(rate, eco.area);
            const line = co2FromCarbon(ctx, eco, carbon, path, {
              rate: `${rate.toFixed()} t C/(hm²·a)`,
              C: `${carbon.toFixed()} t C`,
            });
            return { ...line, subItem: ctx.switches.subItems[group] ?? group };
          },
        ];
      }),
    ),
};

const inventorySwitches = z.strictObject({ priceKey });
export const carbonForestInventory: MethodSpec<z.output<typeof inventorySwitches>> = {
  id: 'carbon-sequestration/forest-inventory',
  version: 1,
  title: {
    zh: '固碳（森林资源清查：蓄积量—生物量扩展因子法）',
    en: 'Carbon sequestration (forest inventory, volume–BEF)',
  },
  category: 'regulating',
  physicalUnit: 't_CO2',
  subItems: [],
  coefficientKeys: [
    'wood.basic_density',
    'biomass.bef',
    'biomass.root_shoot_ratio',
    'biomass.carbon_fraction',
    'price.carbon…',
  ],
  inputs: ['forestInventory[]'],
  switches: inventorySwitches,
  hasInput: (input) => input.forestInventory.length > 0,
  compute: (ctx) =>
    collect(
      ctx.input.forestInventory.map((s, i) => () => {
        const path: Path = ['forestInventory', i];
        const d = ctx.scalar('wood.basic_density', s.ecosystem, 't_per_m3', path);
        const bef = ctx.scalar('biomass.bef', s.ecosystem, 'one', path);
        const r = ctx.scalar('biomass.root_shoot_ratio', s.ecosystem, 'one', path);
        const cf = ctx.scalar('biomass.carbon_fraction', s.ecosystem, 'one', path);
        const v = convertValue(s.stockVolume.value, s.stockVolume.unit, 'm3');
        const netVolume = v.times(s.grossGrowthRate).minus(v.times(s.harvestRate)); // V × GR − V × CR (m³/a)
        const carbon = d.times(bef).times(r.plus(1)).times(cf).times(netVolume); // t C/a (negative when harvest exceeds growth)
        if (carbon.isNegative()) {
          ctx.warn(
            issue('NEGATIVE_TERM', path, {
              what: `net growth of stratum ${s.ecosystem}`,
              value: `${carbon.toFixed()} t C`,
              rule: 'kept: harvest exceeds growth, a net emission',
            }),
          );
        }
        return co2FromCarbon(ctx, { type: s.ecosystem, zone: s.zone }, carbon, path, {
          V: `${v.toFixed()} m³`,
          'V×GR−V×CR': `${netVolume.toFixed()} m³`,
          D: d.toFixed(),
          BEF: bef.toFixed(),
          R: r.toFixed(),
          CF: cf.toFixed(),
          C: `${carbon.toFixed()} t C`,
        });
      }),
    ),
};
