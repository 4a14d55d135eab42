import * as z from 'zod/mini';
import { Decimal } from '../core/decimal';
import { type Path, fail, issue } from '../core/errors';
import { type Quantity, convertValue, depthOverArea } from '../core/units';
import { collect } from './collect';
import type { Line, MethodContext, MethodSpec } from './spec';

/**
 * R3 flood regulation (洪水调蓄), valued by the shadow project at the reservoir storage price:
 *   vegetation  C_veg = Σ_i (P_storm,i − R_storm,i) × A_i,  R_storm = P_storm × α_storm,i
 *   lakes       C_l   = e^a × A^b × T   (C_l in 万m³, A lake area in km², T exchange count; (a, b) regional),
 *                       or the lake's known flood-regulation storage
 *   reservoirs  C_r   = flood-control storage, or share × total storage (0.35 in the RCEES set)
 *   marshes     C_m   = S × h           (S area, h retention depth), or a wetland's known storage, which replaces
 *                       S × h for the marsh rows of its zone and type
 *   V_fr = (C_veg + C_l + C_r + C_m) × C_we
 */
const COMPONENTS = ['vegetation', 'lake', 'reservoir', 'marsh'] as const;
const switches = z.strictObject({
  components: z._default(z.array(z.enum(COMPONENTS)).check(z.minLength(1)), [
    'vegetation',
    'lake',
    'reservoir',
    'marsh',
  ]),
  vegetationGroups: z._default(z.array(z.string().check(z.minLength(1))), ['forest', 'shrub', 'grassland']),
  marshTypes: z._default(z.array(z.string().check(z.minLength(1))), ['wetland.marsh']),
  lakeRegion: z._default(z.nullable(z.string().check(z.regex(/^[a-z0-9-]+$/))), null).check(
    z.meta({
      description: 'Which regional (a, b) pair of the lake formula applies: flood.lake.<region>.a/.b.',
    }),
  ),
});
type Switches = z.output<typeof switches>;
type Ctx = MethodContext<Switches>;

export const floodRegulation: MethodSpec<Switches> = {
  id: 'flood-regulation/storage',
  version: 1,
  title: { zh: '洪水调蓄（影子工程法）', en: 'Flood regulation (storage, shadow project)' },
  category: 'regulating',
  physicalUnit: 'm3',
  subItems: [
    { code: 'vegetation', name: { zh: '植被调蓄', en: 'Vegetation' } },
    { code: 'lake', name: { zh: '湖泊调蓄', en: 'Lakes' } },
    { code: 'reservoir', name: { zh: '水库调蓄', en: 'Reservoirs' } },
    { code: 'marsh', name: { zh: '沼泽调蓄', en: 'Marshes' } },
  ],
  coefficientKeys: [
    'runoff.storm_coefficient',
    'flood.lake.<region>.a',
    'flood.lake.<region>.b',
    'flood.reservoir_share',
    'flood.marsh_depth',
    'price.reservoir_storage',
  ],
  inputs: [
    'climate[].stormPrecipitation',
    'waterBodies.lakes[]',
    'waterBodies.wetlands[]',
    'waterBodies.reservoirs[]',
    'ecosystems[]',
  ],
  switches,
  hasInput: (input) =>
    input.ecosystems.length > 0 ||
    input.waterBodies.lakes.length > 0 ||
    input.waterBodies.wetlands.length > 0 ||
    input.waterBodies.reservoirs.length > 0,
  compute(ctx) {
    const on = new Set(ctx.switches.components);
    checkSwitches(ctx);
    if (!on.has('lake') && ctx.input.waterBodies.lakes.length > 0) {
      ctx.warn(
        issue('INPUT_IGNORED', ['waterBodies', 'lakes'], {
          field: 'waterBodies.lakes',
          reason: 'component lake is off',
        }),
      );
    }
    if (!on.has('marsh') && ctx.input.waterBodies.wetlands.length > 0) {
      ctx.warn(
        issue('INPUT_IGNORED', ['waterBodies', 'wetlands'], {
          field: 'waterBodies.wetlands',
          reason: 'component marsh is off',
        }),
      );
    }
    if (!on.has('reservoir') && ctx.input.waterBodies.reservoirs.length > 0) {
      ctx.warn(
        issue('INPUT_IGNORED', ['waterBodies', 'reservoirs'], {
          field: 'waterBodies.reservoirs',
          reason: 'component reservoir is off',
        }),
      );
    }
    const tasks: (() => Line)[] = [
      ...(on.has('vegetation') ? vegetation(ctx) : []),
      ...(on.has('lake') ? lakes(ctx) : []),
      ...(on.has('reservoir') ? reservoirs(ctx) : []),
      ...(on.has('marsh') ? [...wetlands(ctx), ...marshes(ctx)] : []),
    ];
    return collect(tasks);
  },
};

/** Marsh types must be types of the classification and must not also be counted as vegetation. */
function checkSwitches(ctx: Ctx) {
  for (const t of ctx.switches.marshTypes) {
    if (!ctx.classification.types.some((x) => x.code === t)) {
      fail('SWITCH_INVALID', ctx.indicator.path, {
        detail: `${ctx.indicator.code}: marshTypes names an unknown type ${t}`,
      });
    }
    if (
      ctx.switches.components.includes('vegetation') &&
      ctx.switches.vegetationGroups.includes(ctx.groupOf(t))
    ) {
      fail('SWITCH_INVALID', ctx.indicator.path, {
        detail: `${ctx.indicator.code}: ${t} would be counted as vegetation and as marsh`,
      });
    }
  }
}

function priced(
  ctx: Ctx,
  subItem: string,
  ecosystem: string | null,
  zone: string | null,
  q: Quantity<'m3'>,
  path: Path,
  terms: Record<string, string>,
): Line {
  return {
    subItem,
    ecosystem,
    zone,
    physical: q,
    valuations: [
      {
        kind: 'unit-price',
        label: 'reservoir construction cost',
        ...ctx.tablePrice('price.reservoir_storage', ecosystem, path),
      },
    ],
    terms,
    path,
  };
}

function vegetation(ctx: Ctx): (() => Line)[] {
  const warned = new Set<string>();
  return ctx.input.ecosystems.flatMap((eco, i) => {
    if (!ctx.switches.vegetationGroups.includes(ctx.groupOf(eco.type))) return [];
    return [
      () => {
        const path: Path = ['ecosystems', i];
        const zone = eco.zone ?? null;
        const stormAt = ctx.climate('stormPrecipitation', zone, eco.type, path);
        const storm = stormAt.value.value;
        stormAboveAnnual(ctx, storm, stormAt.path, zone, eco.type, warned);
        const alpha = ctx.scalar('runoff.storm_coefficient', eco.type, 'one', path);
        const retained = storm.minus(storm.times(alpha)); // P_storm − R_storm (mm)
        const q = depthOverArea({ value: retained, unit: 'mm' }, eco.area);
        return priced(ctx, 'vegetation', eco.type, zone, q, path, {
          A: `${eco.area.value.toFixed()} ${eco.area.unit}`,
          P_storm: `${storm.toFixed()} mm`,
          alpha_storm: alpha.toFixed(),
          retained: `${retained.toFixed()} mm`,
        });
      },
    ];
  });
}

/**
 * STORM_PRECIPITATION_IMPLAUSIBLE, once per storm record (`warned` holds their paths), when the storm's rainfall
 * exceeds the annual precipitation that applies to the same zone and type: a storm is part of its year.
 */
function stormAboveAnnual(
  ctx: Ctx,
  storm: Decimal,
  at: Path,
  zone: string | null,
  type: string,
  warned: Set<string>,
): void {
  const key = at.join('.');
  if (warned.has(key)) return;
  const annual = ctx.specific(ctx.input.climate, zone, type, (c) => c.precipitation !== undefined);
  const p = annual?.record.precipitation;
  if (p === undefined) return;
  const mm = convertValue(p.value, p.unit, 'mm');
  if (!storm.greaterThan(mm)) return;
  warned.add(key);
  ctx.warn(
    issue('STORM_PRECIPITATION_IMPLAUSIBLE', at, {
      storm: `${storm.toFixed()} mm`,
      annual: `${mm.toFixed()} mm`,
    }),
  );
}

function lakes(ctx: Ctx): (() => Line)[] {
  return ctx.input.waterBodies.lakes.map((lake, i) => () => {
    const path: Path = ['waterBodies', 'lakes', i];
    if (lake.floodStorage !== undefined) {
      // A known storage replaces the formula; an exchange count given beside it is not used, and the reader is told.
      if (lake.exchangeCount !== undefined)
        ctx.warn(
          issue('INPUT_IGNORED', [...path, 'exchangeCount'], {
            field: `exchangeCount ${lake.exchangeCount.toFixed()} of ${lake.name}`,
            reason: 'the known floodStorage replaces e^a × A^b × T',
          }),
        );
      const m3 = convertValue(lake.floodStorage.value, lake.floodStorage.unit, 'm3');
      return priced(ctx, 'lake', null, lake.zone ?? null, { value: m3, unit: 'm3' }, path, {
        name: lake.name,
        floodStorage: `${m3.toFixed()} m³ (known storage)`,
      });
    }
    const region = ctx.switches.lakeRegion;
    if (lake.exchangeCount === undefined)
      fail('INDICATOR_INPUT_MISSING', path, {
        indicator: ctx.indicator.code,
        field: `waterBodies.lakes[${i}].exchangeCount or .floodStorage`,
      });
    if (region === null) {
      fail('SWITCH_INVALID', path, {
        detail: `${ctx.indicator.code}: lakes are given, so the switch lakeRegion must name the regional (a, b) pair (flood.lake.<region>.a/.b)`,
      });
    }
    const a = ctx.scalar(`flood.lake.${region}.a`, null, 'one', path);
    const b = ctx.scalar(`flood.lake.${region}.b`, null, 'one', path);
    const km2 = convertValue(lake.area.value, lake.area.unit, 'km2');
    // C_l = e^a × A^b × T in 万m³ (non-integer powers at 40 significant digits).
    const wanM3 = Decimal.exp(a).times(km2.pow(b)).times(lake.exchangeCount);
    const q: Quantity<'m3'> = { value: convertValue(wanM3, 'wan_m3', 'm3'), unit: 'm3' };
    return priced(ctx, 'lake', null, lake.zone ?? null, q, path, {
      name: lake.name,
      A: `${km2.toFixed()} km²`,
      T: lake.exchangeCount.toFixed(),
      a: a.toFixed(),
      b: b.toFixed(),
      'e^a×A^b×T': `${wanM3.toFixed()} 万m³`,
    });
  });
}

/** Wetlands with a known flood-regulation storage: one marsh line each, at that storage. */
function wetlands(ctx: Ctx): (() => Line)[] {
  return ctx.input.waterBodies.wetlands.map((w, i) => () => {
    const path: Path = ['waterBodies', 'wetlands', i];
    const m3 = convertValue(w.floodStorage.value, w.floodStorage.unit, 'm3');
    return priced(ctx, 'marsh', w.ecosystem, w.zone ?? null, { value: m3, unit: 'm3' }, path, {
      name: w.name,
      floodStorage: `${m3.toFixed()} m³ (known storage)`,
    });
  });
}

function reservoirs(ctx: Ctx): (() => Line)[] {
  return ctx.input.waterBodies.reservoirs.map((r, i) => () => {
    const path: Path = ['waterBodies', 'reservoirs', i];
    let m3: Decimal;
    let terms: Record<string, string>;
    if (r.floodStorage !== undefined) {
      m3 = convertValue(r.floodStorage.value, r.floodStorage.unit, 'm3');
      const totalM3 = convertValue(r.totalStorage.value, r.totalStorage.unit, 'm3');
      if (m3.greaterThan(totalM3)) {
        fail('VALUE_OUT_OF_RANGE', [...path, 'floodStorage'], {
          what: 'flood-control storage',
          min: '0',
          max: `total storage ${totalM3.toFixed()} m³`,
          value: `${m3.toFixed()} m³`,
        });
      }
      terms = { name: r.name, floodStorage: `${m3.toFixed()} m³` };
    } else {
      const share = ctx.scalar('flood.reservoir_share', null, 'one', path);
      const totalM3 = convertValue(r.totalStorage.value, r.totalStorage.unit, 'm3');
      m3 = totalM3.times(share);
      terms = { name: r.name, totalStorage: `${totalM3.toFixed()} m³`, share: share.toFixed() };
    }
    return priced(ctx, 'reservoir', null, r.zone ?? null, { value: m3, unit: 'm3' }, path, terms);
  });
}

function marshes(ctx: Ctx): (() => Line)[] {
  // Rows whose zone and type have a wetland of known storage are valued by that storage, not by S × h.
  const known = new Set(ctx.input.waterBodies.wetlands.map((w) => `${w.zone ?? ''}|${w.ecosystem}`));
  return ctx.input.ecosystems.flatMap((eco, i) => {
    if (!ctx.switches.marshTypes.includes(eco.type)) return [];
    if (known.has(`${eco.zone ?? ''}|${eco.type}`)) return [];
    return [
      () => {
        const path: Path = ['ecosystems', i];
        const h = ctx.scalar('flood.marsh_depth', eco.type, 'm', path);
        const q = depthOverArea({ value: h, unit: 'm' }, eco.area);
        return priced(ctx, 'marsh', eco.type, eco.zone ?? null, q, path, {
          S: `${eco.area.value.toFixed()} ${eco.area.unit}`,
          h: `${h.toFixed()} m`,
        });
      },
    ];
  });
}
