import * as z from 'zod/mini';
import { Decimal } from '../core/decimal';
import { type Path, fail, issue } from '../core/errors';
import { type Quantity, convertValue, depthOverArea } from '../core/units';
import { collect } from './carbon-sequestration';
import type { Line, MethodContext, MethodSpec, Valuation } from './spec';

/**
 * R8 climate regulation (气候调节), replacement cost of the electricity air conditioners and humidifiers would use:
 *   transpiration  E_pt = Σ_i EPP_i × S_i × D / (3600 × r)        kWh  (S in m²; = EPP × S_km² × D × 10⁶ / (3600 r))
 *                  EPP_i from a table (kJ/(m²·d)), or derived from the same ET input as water conservation:
 *                  EPP_i = ET_i × q / 365  (1 mm over 1 m² is 1 kg of water; q latent heat in kJ/kg)
 *   evaporation    E_we = E_w × q × 10³ / 3600 + E_w × y          kWh  (E_w = ET_w × A water evaporated, m³)
 *   V = (E_pt + E_we) × P_e
 * D days with a daily maximum above 26 °C, r air-conditioner energy efficiency ratio, y humidifier kWh per m³.
 * Totals computed elsewhere may replace the model (source "totals"): one line per record of `climateRegulation`,
 * E as given (kWh), under evaporation for a water type and transpiration for a vegetation group.
 */
const switches = z.strictObject({
  components: z._default(z.array(z.enum(['transpiration', 'evaporation'])).check(z.minLength(1)), [
    'transpiration',
    'evaporation',
  ]),
  transpiration: z._default(z.enum(['epp', 'et']), 'epp'),
  vegetationGroups: z._default(z.array(z.string().check(z.minLength(1))), ['forest', 'shrub', 'grassland']),
  waterTypes: z._default(z.array(z.string().check(z.minLength(1))), [
    'wetland.lake',
    'wetland.reservoir',
    'wetland.river',
  ]),
  humidifying: z._default(z.enum(['always', 'below-45-percent', 'never']), 'always'),
  source: z._default(z.enum(['model', 'totals']), 'model'),
});
type Switches = z.output<typeof switches>;
type Ctx = MethodContext<Switches>;

export const climateRegulation: MethodSpec<Switches> = {
  id: 'climate-regulation/energy',
  version: 1,
  title: {
    zh: '气候调节（替代成本法：空调与加湿器耗电）',
    en: 'Climate regulation (air-conditioning and humidifier energy)',
  },
  category: 'regulating',
  physicalUnit: 'kWh',
  subItems: [
    { code: 'transpiration', name: { zh: '植被蒸腾', en: 'Vegetation transpiration' } },
    { code: 'evaporation', name: { zh: '水面蒸发', en: 'Water-surface evaporation' } },
  ],
  coefficientKeys: [
    'climate.transpiration_heat',
    'climate.latent_heat',
    'climate.ac_eer',
    'climate.humidifier_energy',
    'price.electricity',
  ],
  inputs: [
    'ecosystems[]',
    'climate[].acDays',
    'climate[].evapotranspiration',
    'climate[].relativeHumidity',
    'climateRegulation[]',
  ],
  switches,
  hasInput: (input, s) => (s.source === 'model' ? input.ecosystems : input.climateRegulation).length > 0,
  missingInput: (s) => (s.source === 'model' ? 'ecosystems[]' : 'climateRegulation[]'),
  compute(ctx) {
    if (ctx.switches.source === 'totals') return totalLines(ctx);
    if (ctx.input.climateRegulation.length > 0)
      ctx.warn(
        issue('INPUT_IGNORED', ['climateRegulation'], {
          field: `climateRegulation (${ctx.input.climateRegulation.length} totals)`,
          reason: 'source is "model"; set R8’s switch source to "totals" to use them',
        }),
      );
    const on = new Set(ctx.switches.components);
    return collect(
      ctx.input.ecosystems.flatMap((eco, i): (() => Line)[] => {
        const path: Path = ['ecosystems', i];
        if (on.has('transpiration') && ctx.switches.vegetationGroups.includes(ctx.groupOf(eco.type)))
          return [() => transpiration(ctx, eco, path)];
        if (on.has('evaporation') && ctx.switches.waterTypes.includes(eco.type))
          return [() => evaporation(ctx, eco, path)];
        return [];
      }),
    );
  },
};

/** One line per total: evaporation for a water type, transpiration for a vegetation group; others named and left out. */
function totalLines(ctx: Ctx): Line[] {
  const on = new Set(ctx.switches.components);
  return ctx.input.climateRegulation.flatMap((t, i): Line[] => {
    const path: Path = ['climateRegulation', i];
    const subItem = ctx.switches.waterTypes.includes(t.ecosystem)
      ? 'evaporation'
      : ctx.switches.vegetationGroups.includes(ctx.groupOf(t.ecosystem))
        ? 'transpiration'
        : null;
    if (subItem === null || !on.has(subItem)) {
      ctx.warn(
        issue('INPUT_IGNORED', path, {
          field: `climateRegulation ${t.amount.value.toFixed()} ${t.amount.unit} of ${t.ecosystem}`,
          reason:
            subItem === null
              ? `${t.ecosystem} is neither a water type nor in a vegetation group of R8`
              : `component ${subItem} is off`,
        }),
      );
      return [];
    }
    const kWh = convertValue(t.amount.value, t.amount.unit, 'kWh');
    return [
      {
        subItem,
        ecosystem: t.ecosystem,
        zone: t.zone ?? null,
        physical: { value: kWh, unit: 'kWh' },
        valuations: [electricity(ctx, t.ecosystem, path)],
        terms: { E: `${kWh.toFixed()} kWh (total given)` },
        path,
      },
    ];
  });
}

type Eco = Ctx['input']['ecosystems'][number];

function electricity(ctx: Ctx, type: string, path: Path): Valuation {
  return {
    kind: 'unit-price',
    label: 'electricity price',
    ...ctx.tablePrice('price.electricity', type, path),
  };
}

function transpiration(ctx: Ctx, eco: Eco, path: Path): Line {
  const zone = eco.zone ?? null;
  const days = ctx.climateOther('acDays', zone, eco.type);
  if (days === undefined)
    fail('CLIMATE_MISSING', path, { field: 'acDays', zone: zone ?? '(region)', type: eco.type });
  const r = ctx.scalar('climate.ac_eer', eco.type, 'one', path);
  let epp: Decimal; // kJ/(m²·d)
  const terms: Record<string, string> = {};
  if (ctx.switches.transpiration === 'epp') {
    epp = ctx.scalar('climate.transpiration_heat', eco.type, 'kJ_per_m2_d', path);
  } else {
    const et = ctx.climate('evapotranspiration', zone, eco.type, path); // the same input as water conservation
    const q = ctx.scalar('climate.latent_heat', eco.type, 'kJ_per_kg', path);
    epp = et.value.value.times(q).div(365);
    terms.ET = `${et.value.value.toFixed()} mm (${et.path.join('.')})`;
    terms.q = `${q.toFixed()} kJ/kg`;
  }
  const m2 = convertValue(eco.area.value, eco.area.unit, 'm2');
  const kWh = epp.times(m2).times(days.value).div(new Decimal(3600).times(r));
  const q: Quantity<'kWh'> = { value: kWh, unit: 'kWh' };
  return {
    subItem: 'transpiration',
    ecosystem: eco.type,
    zone,
    physical: q,
    valuations: [electricity(ctx, eco.type, path)],
    terms: {
      ...terms,
      EPP: `${epp.toFixed()} kJ/(m²·d)`,
      S: `${m2.toFixed()} m²`,
      D: `${days.value.toFixed()} d`,
      r: r.toFixed(),
    },
    path,
  };
}

function evaporation(ctx: Ctx, eco: Eco, path: Path): Line {
  const zone = eco.zone ?? null;
  const et = ctx.climate('evapotranspiration', zone, eco.type, path); // the same input as water conservation
  const water = depthOverArea(et.value, eco.area); // E_w, m³
  const q = ctx.scalar('climate.latent_heat', eco.type, 'kJ_per_kg', path);
  const heat = water.value.times(q).times(1000).div(3600); // E_w × q × 10³ / 3600 (kWh)
  let humid = new Decimal(0);
  const terms: Record<string, string> = {
    E_w: `${water.value.toFixed()} m³`,
    q: `${q.toFixed()} kJ/kg`,
    heat: `${heat.toFixed()} kWh`,
  };
  if (applyHumidifying(ctx, zone, eco.type, path, terms)) {
    const y = ctx.scalar('climate.humidifier_energy', eco.type, 'kWh_per_m3', path);
    humid = water.value.times(y);
    terms.y = `${y.toFixed()} kWh/m³`;
    terms.humidifying = `${humid.toFixed()} kWh`;
  }
  return {
    subItem: 'evaporation',
    ecosystem: eco.type,
    zone,
    physical: { value: heat.plus(humid), unit: 'kWh' },
    valuations: [electricity(ctx, eco.type, path)],
    terms,
    path,
  };
}

function applyHumidifying(
  ctx: Ctx,
  zone: string | null,
  type: string,
  path: Path,
  terms: Record<string, string>,
): boolean {
  const rule = ctx.switches.humidifying;
  if (rule !== 'below-45-percent') return rule === 'always';
  const rh = ctx.climateOther('relativeHumidity', zone, type);
  if (rh === undefined)
    fail('CLIMATE_MISSING', path, { field: 'relativeHumidity', zone: zone ?? '(region)', type });
  terms.RH = rh.value.toFixed();
  return rh.value.lessThan('0.45');
}
