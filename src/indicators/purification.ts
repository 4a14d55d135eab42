import * as z from 'zod/mini';
import { AIR_POLLUTANTS, type AccountInput, WATER_POLLUTANTS } from '../input/input';
import { Decimal } from '../core/decimal';
import { GepError, type Issue, type Path, fail, issue } from '../core/errors';
import type { Price } from '../core/money';
import { type Quantity, convertValue } from '../core/units';
import type { Line, MethodContext, MethodSpec, Named, PriceOrigin, Valuation } from './spec';

/**
 * R4 water purification (水环境净化) and R5 air purification (空气净化), treatment cost method:
 *   Q_k = E_k                                 rule "emissions": the pollutant emitted is purified
 *   Q_k = min(E_k, Σ_i A_i × r_ik)            rule "capped": no more than the ecosystems' capacity
 *   Q_ik = A_i × r_ik                          rule "area": absorption per area × area (forestry lineage),
 *                                              without emissions
 *   V   = Σ_k Q_k × c_k
 * c_k is a treatment cost (元/t), or the environmental-tax equivalent: 1000 / e_k × t, with e_k kg per pollution
 * equivalent (税法附表二) and t the province's tax per equivalent (元). Under the capped rule each ecosystem row
 * is credited Q_k × its share of the capacity, so the account breaks down by type and zone.
 */
type Medium = 'water' | 'air';
const POLLUTANTS = { water: WATER_POLLUTANTS, air: AIR_POLLUTANTS } as const;

function makeSwitches<P extends readonly [string, ...string[]]>(
  pollutants: P,
  defaults: P[number][],
  groups: string[],
) {
  return z.strictObject({
    pollutants: z._default(z.array(z.enum(pollutants)).check(z.minLength(1)), defaults),
    rule: z._default(z.enum(['emissions', 'capped', 'area']), 'emissions'),
    pricing: z._default(z.enum(['treatment-cost', 'tax-equivalent']), 'treatment-cost'),
    groups: z
      ._default(z.array(z.string().check(z.minLength(1))).check(z.minLength(1)), groups)
      .check(z.meta({ description: 'Ecosystem groups whose capacity counts (capped and area rules).' })),
  });
}
interface Switches {
  pollutants: string[];
  rule: 'emissions' | 'capped' | 'area';
  pricing: 'treatment-cost' | 'tax-equivalent';
  groups: string[];
}
type Ctx = MethodContext<Switches>;
type Emission = AccountInput['emissions']['water'][number] | AccountInput['emissions']['air'][number];

function makePurification(
  medium: Medium,
  spec: Pick<MethodSpec<Switches>, 'id' | 'title'>,
  defaults: string[],
  groups: string[],
): MethodSpec<Switches> {
  return {
    ...spec,
    version: 1,
    category: 'regulating',
    // Sub-items are different pollutants: no physical total across them (each sub-item keeps its own).
    physicalUnit: null,
    subItems: POLLUTANTS[medium].map((p) => ({ code: p, name: POLLUTANT_NAMES[p] })),
    coefficientKeys: [
      `purification.${medium}.<pollutant>`,
      'price.treatment.<pollutant>',
      'envtax.equivalent.<pollutant>',
      `envtax.rate.${medium}`,
    ],
    inputs: [`emissions.${medium}[]`, 'ecosystems[]'],
    switches: makeSwitches(
      POLLUTANTS[medium],
      defaults as never,
      groups,
    ) as unknown as z.ZodMiniType<Switches>,
    hasInput: (input, s) => (s.rule === 'area' ? input.ecosystems : input.emissions[medium]).length > 0,
    compute(ctx) {
      if (ctx.switches.rule === 'area') return areaLines(ctx, medium);
      const lines: Line[] = [];
      const problems: Issue[] = [];
      ctx.input.emissions[medium].forEach((e, i) => {
        if (!ctx.switches.pollutants.includes(e.pollutant)) {
          ctx.warn(
            issue('INPUT_IGNORED', ['emissions', medium, i], {
              field: e.pollutant,
              reason: 'not in the pollutant list of the method',
            }),
          );
        }
      });
      for (const pollutant of ctx.switches.pollutants) {
        try {
          lines.push(...pollutantLines(ctx, medium, pollutant));
        } catch (e) {
          if (e instanceof GepError) problems.push(...e.issues);
          else throw e;
        }
      }
      if (problems.length > 0) throw new GepError(problems);
      return lines;
    },
  };
}

function pollutantLines(ctx: Ctx, medium: Medium, pollutant: string): Line[] {
  const records = ctx.input.emissions[medium]
    .map((e, i) => ({ e: e as Emission, i }))
    .filter((x) => x.e.pollutant === pollutant);
  if (records.length === 0) {
    fail('INDICATOR_INPUT_MISSING', ['emissions', medium], {
      indicator: ctx.indicator.code,
      field: `emissions.${medium} for ${pollutant}`,
    });
  }
  if (records.some((x) => x.e.zone === undefined) && records.length > 1) {
    fail('EMISSION_SCOPES_OVERLAP', ['emissions', medium, records[1]?.i ?? 0], { pollutant });
  }
  const pricing = unitPrice(ctx, medium, pollutant, ['emissions', medium, records[0]?.i ?? 0]);
  const rows = rowsByZone(ctx.input.ecosystems);
  return records.flatMap(({ e, i }) => {
    const path: Path = ['emissions', medium, i];
    const emitted: Quantity<'t'> = { value: convertValue(e.amount.value, e.amount.unit, 't'), unit: 't' };
    const valuation = (): Valuation => ({
      kind: 'unit-price',
      label: `${pollutant} (${ctx.switches.pricing})`,
      ...pricing,
    });
    if (ctx.switches.rule === 'emissions') {
      return [
        {
          subItem: pollutant,
          ecosystem: null,
          zone: e.zone ?? null,
          physical: emitted,
          valuations: [valuation()],
          terms: { E: `${emitted.value.toFixed()} t` },
          path,
        },
      ];
    }
    return cappedLines(ctx, { medium, pollutant, e, emitted, path, valuation }, rows);
  });
}

type Row = { eco: AccountInput['ecosystems'][number]; i: number };

/**
 * The ecosystem rows with their indices, all and by zone (input order in both), grouped once: an emission of a
 * zone reads its own zone's rows instead of filtering every row of the input.
 */
function rowsByZone(ecosystems: AccountInput['ecosystems']): { all: Row[]; byZone: Map<string, Row[]> } {
  const all = ecosystems.map((eco, i) => ({ eco, i }));
  const byZone = new Map<string, Row[]>();
  for (const r of all) {
    if (r.eco.zone === undefined) continue;
    const list = byZone.get(r.eco.zone);
    if (list === undefined) byZone.set(r.eco.zone, [r]);
    else list.push(r);
  }
  return { all, byZone };
}

/**
 * Rule "area": each ecosystem row of the groups absorbs A_i × r_ik of each pollutant of the list; emissions are
 * not read (each one entered is named in a warning with its amount).
 */
function areaLines(ctx: Ctx, medium: Medium): Line[] {
  ctx.input.emissions[medium].forEach((e, i) =>
    ctx.warn(
      issue('INPUT_IGNORED', ['emissions', medium, i], {
        field: `emissions.${medium} ${e.pollutant} ${e.amount.value.toFixed()} ${e.amount.unit}`,
        reason: 'rule "area" values absorption per area × area, not emissions',
      }),
    ),
  );
  const rows = ctx.input.ecosystems
    .map((eco, i) => ({ eco, i }))
    .filter(({ eco }) => ctx.switches.groups.includes(ctx.groupOf(eco.type)));
  const lines: Line[] = [];
  const problems: Issue[] = [];
  for (const pollutant of ctx.switches.pollutants)
    for (const { eco, i } of rows) {
      const path: Path = ['ecosystems', i];
      try {
        const rate = ctx.scalar(`purification.${medium}.${pollutant}`, eco.type, 't_per_hm2_a', path);
        const hm2 = convertValue(eco.area.value, eco.area.unit, 'hm2');
        const q = rate.times(hm2); // t/a
        lines.push({
          subItem: pollutant,
          ecosystem: eco.type,
          zone: eco.zone ?? null,
          physical: { value: q, unit: 't' },
          valuations: [
            {
              kind: 'unit-price',
              label: `${pollutant} (${ctx.switches.pricing})`,
              ...unitPrice(ctx, medium, pollutant, path),
            },
          ],
          terms: { A: `${hm2.toFixed()} hm²`, r: `${rate.toFixed()} t/(hm²·a)`, Q: `${q.toFixed()} t` },
          path,
        });
      } catch (e) {
        if (e instanceof GepError) problems.push(...e.issues);
        else throw e;
      }
    }
  if (problems.length > 0) throw new GepError(problems);
  return lines;
}

/** min(E, capacity), shared among the rows of the emission's scope in proportion to their capacity. */
function cappedLines(
  ctx: Ctx,
  of: {
    medium: Medium;
    pollutant: string;
    e: Emission;
    emitted: Quantity<'t'>;
    path: Path;
    valuation: () => Valuation;
  },
  scope: ReturnType<typeof rowsByZone>,
): Line[] {
  const { medium, pollutant, e, emitted, path, valuation } = of;
  // The rows of the emission's scope (its zone, else the whole region) that belong to the capacity groups.
  const rows = (e.zone === undefined ? scope.all : (scope.byZone.get(e.zone) ?? [])).filter(({ eco }) =>
    ctx.switches.groups.includes(ctx.groupOf(eco.type)),
  );
  if (rows.length === 0) {
    // Nothing of the capacity groups in the emission's scope: nothing is purified, and the reader is told.
    ctx.warn(
      issue('INPUT_IGNORED', path, {
        field: `emissions.${medium} ${pollutant}`,
        reason: `no ecosystem of the groups ${ctx.switches.groups.join(', ')} in its scope: purification counted as 0`,
      }),
    );
  }
  const capacities = rows.map(({ eco, i }) => {
    const rate = ctx.scalar(`purification.${medium}.${pollutant}`, eco.type, 't_per_hm2_a', [
      'ecosystems',
      i,
    ]);
    return rate.times(convertValue(eco.area.value, eco.area.unit, 'hm2')); // t/a
  });
  const capacity = capacities.reduce((a, b) => a.plus(b), new Decimal(0));
  const purified = Decimal.min(emitted.value, capacity);
  return rows.map(({ eco, i }, k) => {
    const cap = capacities[k] as Decimal;
    // Each row's share: purified × cap_i / capacity (cap_i itself when emissions exceed capacity).
    const q = capacity.isZero()
      ? new Decimal(0)
      : purified.equals(capacity)
        ? cap
        : purified.times(cap).div(capacity);
    return {
      subItem: pollutant,
      ecosystem: eco.type,
      zone: eco.zone ?? null,
      physical: { value: q, unit: 't' as const },
      valuations: [valuation()],
      terms: {
        E: `${emitted.value.toFixed()} t`,
        capacity: `${capacity.toFixed()} t`,
        capacity_i: `${cap.toFixed()} t`,
        emission: `emissions.${medium}[${path[2]}]`,
      },
      path: ['ecosystems', i],
    };
  });
}

/** Price per t of pollutant: a treatment cost from the tables, or the environmental-tax equivalent. */
function unitPrice(
  ctx: Ctx,
  medium: Medium,
  pollutant: string,
  path: Path,
): { price: Price; origin: PriceOrigin } {
  if (ctx.switches.pricing === 'treatment-cost')
    return ctx.tablePrice(`price.treatment.${pollutant}`, null, path);
  const key = `envtax.equivalent.${pollutant}`;
  const eq = ctx.coefficientIfAny(key, null);
  // The law lists no equivalent for some pollutants (TN, PM): refuse rather than invent one.
  if (eq === undefined) fail('TAX_EQUIVALENT_UNDEFINED', path, { pollutant });
  const kgPerEquivalent = ctx.scalar(key, null, 'kg', path);
  const rate = ctx.tablePrice(`envtax.rate.${medium}`, null, path);
  if (rate.price.per !== 'pollution_equivalent') {
    fail('COEFFICIENT_UNIT_MISMATCH', path, {
      key: `envtax.rate.${medium}`,
      actual: `${rate.price.money}/${rate.price.per}`,
      expected: 'yuan/pollution_equivalent',
    });
  }
  // 元/t = (1000 kg/t ÷ kg per equivalent) × 元 per equivalent, e.g. SO₂ in Jiangxi: 1000 / 0.95 × 1.2 = 1263.16
  const perT = new Decimal(1000).times(rate.price.value).div(kgPerEquivalent); // one division, last
  return {
    price: { value: perT, money: rate.price.money, per: 't', priceYear: rate.price.priceYear },
    origin: rate.origin,
  };
}

const POLLUTANT_NAMES: Record<(typeof WATER_POLLUTANTS)[number] | (typeof AIR_POLLUTANTS)[number], Named> = {
  cod: { zh: '化学需氧量', en: 'COD' },
  nh3n: { zh: '氨氮', en: 'NH₃-N' },
  tp: { zh: '总磷', en: 'Total phosphorus' },
  tn: { zh: '总氮', en: 'Total nitrogen' },
  ss: { zh: '悬浮物', en: 'Suspended solids' },
  bod5: { zh: '五日生化需氧量', en: 'BOD₅' },
  so2: { zh: '二氧化硫', en: 'SO₂' },
  nox: { zh: '氮氧化物', en: 'NOx' },
  soot: { zh: '烟尘', en: 'Soot' },
  dust: { zh: '一般性粉尘', en: 'Dust' },
  fluoride: { zh: '氟化物', en: 'Fluoride' },
  pm: { zh: '颗粒物（PM）', en: 'Particulate matter' },
};

export const waterPurification = makePurification(
  'water',
  {
    id: 'water-purification/treatment-cost',
    title: { zh: '水环境净化（治理成本法）', en: 'Water purification (treatment cost)' },
  },
  ['cod', 'nh3n', 'tp'],
  ['wetland'],
);

export const airPurification = makePurification(
  'air',
  {
    id: 'air-purification/treatment-cost',
    title: { zh: '空气净化（治理成本法）', en: 'Air purification (treatment cost)' },
  },
  ['so2', 'nox'],
  ['forest', 'shrub', 'grassland'],
);
