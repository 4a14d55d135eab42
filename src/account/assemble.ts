import type { Classification } from '../coefficients/classification';
import type { CoefficientTable, OverrideRecord } from '../coefficients/registry';
import { Decimal } from '../core/decimal';
import type { Issue } from '../core/errors';
import { type UnitId, convertValue, unitSymbol } from '../core/units';
import { type Category, methodRef } from '../indicators/spec';
import type { AccountInput } from '../input/input';
import type { Profile } from '../profiles/schema';
import { VERSION } from '../version';
import type { Computed } from './compute';
import type { CoefficientLog } from './context';
import { GroupSums, type SubPart, groupBy, subItemsOf, subPhysical } from './groups';
import { sumInOrder } from './sum';
import { lineOut, zoneName } from './line-out';
import type { AccountOptions } from './options';
import type { AccountResult, IndicatorResult } from './result-schema';
import { type Fmt, formatter } from './rounding';
import type { PriceLevels, PricedLine } from './valuation';

const CATEGORIES: Category[] = ['material', 'regulating', 'cultural'];

/** The result before review: everything but the scenario record and the quality section. */
export type Draft = Omit<AccountResult, 'scenario' | 'quality'>;

/** What the tables of an account are assembled from. */
export interface AssembleArgs {
  input: AccountInput;
  profile: Profile;
  classification: Classification;
  levels: PriceLevels;
  computed: Computed[];
  skipped: AccountResult['skipped'];
  log: CoefficientLog;
  tables: CoefficientTable[];
  overrides: OverrideRecord[];
  warnings: Issue[];
  checks: AccountResult['checks'];
  options: AccountOptions;
}

/** Printers shared by every table: rounding, memoised group sums, value pairs and physical totals. */
interface Tools {
  fmt: Fmt;
  sums: GroupSums;
  pair(ls: readonly PricedLine[]): { current: string; comparable: string };
  phys(
    ls: readonly PricedLine[],
    unit: UnitId | null,
  ): { value: string; unit: UnitId; symbol: string } | null;
  perKm2(ls: readonly PricedLine[], area: Decimal): { current: string; comparable: string } | null;
  /** The input's zone of an id (ids are unique: checkInput refuses duplicates), looked up in a map. */
  zone(id: string): AccountInput['zones'][number] | undefined;
  /** A zone's name in both languages (see line-out.ts zoneName), null for an unknown id. */
  zoneName(id: string | null): { zh: string; en: string } | null;
  /** An indicator's lines by zone, grouped once for its own table and the zone table (same arrays, same sums). */
  byZone(c: Computed): Map<string | null, PricedLine[]>;
}

function tools(fmt: Fmt, input: AccountInput): Tools {
  const sums = new GroupSums();
  const zones = new Map(input.zones.map((z) => [z.id, z]));
  const zoneGroups = new WeakMap<Computed, Map<string | null, PricedLine[]>>();
  // A group's printed pair: the zone table prints each indicator's zone groups its own table printed.
  const pairs = new WeakMap<readonly PricedLine[], { current: string; comparable: string }>();
  return {
    byZone: (c) => {
      let g = zoneGroups.get(c);
      if (g === undefined) zoneGroups.set(c, (g = groupBy(c.lines, (l) => l.line.zone)));
      return g;
    },
    zone: (id) => zones.get(id),
    zoneName: (id) => {
      if (id === null) return zoneName(input, null);
      const z = zones.get(id);
      return z === undefined ? null : { zh: z.name, en: z.name };
    },
    fmt,
    sums,
    pair: (ls) => {
      let p = pairs.get(ls);
      if (p === undefined)
        pairs.set(
          ls,
          (p = { current: fmt.money(sums.current(ls)), comparable: fmt.money(sums.comparable(ls)) }),
        );
      return { ...p };
    },
    phys: (ls, unit) => {
      const s = sums.physicalSum(ls, unit);
      return s === null || unit === null ? null : { value: fmt.quantity(s), unit, symbol: unitSymbol(unit) };
    },
    perKm2: (ls, area) =>
      area.isZero()
        ? null
        : {
            current: fmt.money(sums.current(ls).div(area)),
            comparable: fmt.money(sums.comparable(ls).div(area)),
          },
  };
}

/** Totals per category, current and comparable, and the GEP (their sum). */
interface Totals {
  current: Map<Category, Decimal>;
  comparable: Map<Category, Decimal>;
  gep: Decimal;
  gepComparable: Decimal;
}

function totalsOf(computed: readonly Computed[], sums: GroupSums): Totals {
  const current = new Map<Category, Decimal>(CATEGORIES.map((c) => [c, new Decimal(0)]));
  const comparable = new Map<Category, Decimal>(CATEGORIES.map((c) => [c, new Decimal(0)]));
  for (const c of computed) {
    const cat = c.method.category;
    current.set(cat, (current.get(cat) as Decimal).plus(sums.current(c.lines)));
    comparable.set(cat, (comparable.get(cat) as Decimal).plus(sums.comparable(c.lines)));
  }
  const total = (m: Map<Category, Decimal>) => [...m.values()].reduce((x, y) => x.plus(y), new Decimal(0));
  return { current, comparable, gep: total(current), gepComparable: total(comparable) };
}

/**
 * Assemble the result's tables from the priced lines: per indicator (sub-items, ecosystems, zones, lines),
 * per ecosystem type, per zone, totals, prices, coefficients read and tables searched.
 */
export function assemble(a: AssembleArgs): Draft {
  const { fmt, rounding } = formatter(a.options.rounding);
  const t = tools(fmt, a.input);
  const totals = totalsOf(a.computed, t.sums);
  const money = (cat: Category) => ({
    current: fmt.money(totals.current.get(cat) as Decimal),
    comparable: fmt.money(totals.comparable.get(cat) as Decimal),
  });
  return {
    gepkit: { version: VERSION, resultSchema: 1 },
    region: { name: a.input.region.name, code: a.input.region.code ?? null, level: a.input.region.level },
    year: a.input.year,
    profile: { id: a.profile.id, version: a.profile.version, hash: a.profile.hash, status: a.profile.status },
    classification: { ref: a.classification.ref, hash: a.classification.hash },
    prices: pricesOut(a.levels),
    rounding,
    totals: {
      gep: { current: fmt.money(totals.gep), comparable: fmt.money(totals.gepComparable) },
      material: money('material'),
      regulating: money('regulating'),
      cultural: money('cultural'),
    },
    indicators: a.computed.map((c) => indicatorOut(c, a, t, totals)),
    skipped: a.skipped,
    byEcosystem: ecosystemsOut(a, t),
    byZone: zonesOut(a, t),
    coefficients: coefficientsOut(a.log),
    tables: a.tables.map((x) => ({ ref: x.ref, hash: x.hash, title: x.title, origin: x.origin })),
    overrides: a.overrides,
    checks: a.checks,
    warnings: [...a.warnings, ...a.computed.flatMap((c) => c.warnings)],
  };
}

/** One indicator: physical total, value, shares, sub-items, per ecosystem type, per zone, lines. */
function indicatorOut(c: Computed, a: AssembleArgs, t: Tools, totals: Totals): IndicatorResult {
  const { fmt } = t;
  const unit = c.method.physicalUnit;
  const value = t.sums.current(c.lines);
  const shareOf = (part: Decimal, whole: Decimal) => (whole.isZero() ? null : fmt.share(part.div(whole)));
  const subName = (code: string | null) => {
    if (code === null) return null;
    const s = c.method.subItems.find((x) => x.code === code);
    return s ? s.name : { zh: code, en: code };
  };
  return {
    code: c.code,
    name: c.entry.name,
    category: c.method.category,
    inclusion: c.entry.inclusion === 'optional' ? 'optional' : 'required',
    method: methodRef(c.method),
    methodTitle: c.method.title,
    switches: c.switches,
    physical: t.phys(c.lines, unit),
    value: t.pair(c.lines),
    shares: {
      ofCategory: shareOf(value, totals.current.get(c.method.category) as Decimal),
      ofGep: shareOf(value, totals.gep),
    },
    subItems: subItemsOf(c.lines).map(({ key, parts }) => {
      const q = subPhysical(parts, unit);
      return {
        key,
        name: subName(key),
        physical:
          q === null ? null : { value: fmt.quantity(q.value), unit: q.unit, symbol: unitSymbol(q.unit) },
        value: partsValue(parts, fmt),
      };
    }),
    byEcosystem: [...groupBy(c.lines, (l) => l.line.ecosystem)]
      .filter(([k]) => k !== null)
      .map(([k, ls]) => ({
        key: k,
        name: a.classification.types.find((x) => x.code === k)?.name ?? null,
        physical: t.phys(ls, unit),
        value: t.pair(ls),
      })),
    byZone:
      a.input.zones.length === 0
        ? []
        : [...t.byZone(c)].map(([k, ls]) => ({
            key: k,
            name: t.zoneName(k),
            physical: t.phys(ls, unit),
            value: t.pair(ls),
          })),
    lines: c.lines.map((l) => lineOut(l, fmt)),
    coefficients: [...c.keys].sort(),
    warnings: c.warnings,
  };
}

/** A sub-item's current and comparable value: Σ of its valuations, one sum when they are the same values. */
function partsValue(parts: readonly SubPart[], fmt: Fmt): { current: string; comparable: string } {
  const current = sumInOrder(parts.map((p) => p.v.current));
  const comparable = parts.every((p) => p.v.comparable === p.v.current)
    ? current
    : sumInOrder(parts.map((p) => p.v.comparable));
  return { current: fmt.money(current), comparable: fmt.money(comparable) };
}

/** Area in km² of the input's ecosystem rows that pass a filter. */
function areaKm2(input: AccountInput, filter: (e: AccountInput['ecosystems'][number]) => boolean): Decimal {
  return input.ecosystems
    .filter(filter)
    .reduce((s, e) => s.plus(convertValue(e.area.value, e.area.unit, 'km2')), new Decimal(0));
}

/** Per ecosystem type present in the input (classification order): area, value, value per km². */
function ecosystemsOut(a: AssembleArgs, t: Tools): AccountResult['byEcosystem'] {
  const allLines = a.computed.flatMap((c) => c.lines);
  const ecoLines = groupBy(
    allLines.filter((l) => l.line.ecosystem !== null),
    (l) => l.line.ecosystem as string,
  );
  return a.classification.types
    .filter((x) => a.input.ecosystems.some((e) => e.type === x.code))
    .map((x) => {
      const ls = ecoLines.get(x.code) ?? [];
      const area = areaKm2(a.input, (e) => e.type === x.code);
      return {
        ecosystem: x.code,
        name: x.name,
        group: x.group,
        area: { value: t.fmt.quantity(area), unit: 'km2' as const },
        value: t.pair(ls),
        valuePerKm2: t.perKm2(ls, area),
      };
    });
}

/**
 * Per zone of the input (and "not zoned" when lines have no zone): area, value, per km², per indicator. A zone's
 * area is its declared `area`, else Σ of its ecosystem rows (0 without rows); the not-zoned row's is Σ of the
 * ecosystem rows without a zone, null when there are none (its lines are then region-wide: material products,
 * tourism). Every table is built in one pass over the lines and rows (grouped once), so the cost grows with rows,
 * not rows × zones.
 */
function zonesOut(a: AssembleArgs, t: Tools): AccountResult['byZone'] {
  if (a.input.zones.length === 0) return [];
  const zoneLines = groupBy(
    a.computed.flatMap((c) => c.lines),
    (l) => l.line.zone,
  );
  const perIndicator = a.computed.map((c) => ({ c, byZone: t.byZone(c) }));
  // Σ ecosystem-row areas per zone in km², rows in input order (as a filter over the rows would add them).
  const rowArea = new Map<string | undefined, Decimal>();
  for (const e of a.input.ecosystems)
    rowArea.set(
      e.zone,
      (rowArea.get(e.zone) ?? new Decimal(0)).plus(convertValue(e.area.value, e.area.unit, 'km2')),
    );
  const zoneIds: (string | null)[] = [
    ...a.input.zones.map((z) => z.id),
    ...(zoneLines.has(null) ? [null] : []),
  ];
  return zoneIds.map((z) => {
    const ls = zoneLines.get(z) ?? [];
    const zone = z === null ? undefined : t.zone(z);
    const area =
      z === null
        ? (rowArea.get(undefined) ?? null)
        : zone?.area
          ? convertValue(zone.area.value, zone.area.unit, 'km2')
          : (rowArea.get(z) ?? new Decimal(0));
    return {
      zone: z,
      name: t.zoneName(z)?.zh ?? '',
      area: area === null ? null : { value: t.fmt.quantity(area), unit: 'km2' as const },
      value: t.pair(ls),
      valuePerKm2: area === null ? null : t.perKm2(ls, area),
      ...(zone?.geometry !== undefined ? { geometry: zone.geometry } : {}),
      indicators: perIndicator.map(({ c, byZone }) => {
        const cl = byZone.get(z) ?? [];
        return { code: c.code, physical: t.phys(cl, c.method.physicalUnit), value: t.pair(cl) };
      }),
    };
  });
}

/** The price levels: years, policy, index and deflators, and every index value read with its grade. */
function pricesOut(levels: PriceLevels): AccountResult['prices'] {
  return {
    unit: 'yuan',
    currentYear: levels.year,
    baseYear: levels.baseYear,
    policy: levels.policy,
    index: { ref: levels.index.ref, hash: levels.index.hash, vintage: levels.index.vintage },
    deflators: levels.rules.map((r) => ({
      match: r.match,
      index: r.index.ref,
      hash: r.index.hash,
      vintage: r.index.vintage,
    })),
    indexValuesUsed: [...levels.used.values()]
      .sort((x, y) => x.index.localeCompare(y.index) || x.year - y.year)
      .map((p) => ({
        index: p.index,
        year: p.year,
        value: p.value.toFixed(),
        grade: p.grade,
        source: p.source,
      })),
  };
}

/** Every coefficient record read, with the indicators that read it. */
function coefficientsOut(log: CoefficientLog): AccountResult['coefficients'] {
  return [...log.used.entries()].map(([id, { c, usedBy }]) => ({
    id,
    key: c.key,
    ecosystem: c.ecosystem,
    region: c.region,
    value: c.value.toFixed(),
    unit: c.unit,
    ...(c.priceYear !== undefined ? { priceYear: c.priceYear } : {}),
    table: c.table,
    hash: c.hash,
    grade: c.grade,
    ...(c.gradeDeclaredBy !== undefined ? { gradeDeclaredBy: c.gradeDeclaredBy } : {}),
    source: c.source,
    ...(c.note !== undefined ? { note: c.note } : {}),
    usedBy: [...usedBy].sort(),
  }));
}
