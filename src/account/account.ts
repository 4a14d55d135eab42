import { bundledClassification, bundledPriceIndex, bundledTable } from '../coefficients/bundled';
import {
  type CoefficientTable,
  CoefficientSet,
  type OverrideRecord,
  applyOverlay,
  loadPriceIndex,
  type PriceIndexTable,
  loadCoefficientTable,
} from '../coefficients/registry';
import { Decimal, Rounding, dec } from '../core/decimal';
import { GepError, type Issue, type Path, fail, issue } from '../core/errors';
import { customMethod } from '../indicators/custom';
import { type Quantity, type UnitId, convertValue, dimensionOf, unitSymbol } from '../core/units';
import { METHODS } from '../indicators';
import { type Category, type Line, type MethodSpec, methodRef } from '../indicators/spec';
import { DEFAULT_PROFILE, bundledProfile } from '../profiles/bundled';
import type { Profile } from '../profiles/schema';
import { VERSION } from '../version';
import { CoefficientLog, makeContext } from './context';
import type { AccountInput } from '../input/input';
import type { AccountResult, IndicatorResult } from './result-schema';
import { doubleCountingChecks, reviewGrades, sharedInputChecks } from './quality';
import type { AccountOptions } from './options';

export type { AccountOptions } from './options';
import { type Scenario, loadScenario, withScenario } from './scenario';
import { checkInput, parseInput } from './validate';
import { type PricedLine, type PricedValuation, PriceLevels } from './valuation';

const CATEGORIES: Category[] = ['material', 'regulating', 'cultural'];

interface Computed {
  code: string;
  entry: Profile['indicators'][number];
  method: MethodSpec<unknown>;
  switches: Record<string, unknown>;
  lines: PricedLine[];
  keys: Set<string>;
  warnings: Issue[];
}

/**
 * Account a region: validate the input, compute every indicator of the profile, price and deflate each line,
 * aggregate by indicator, sub-item, ecosystem type and zone, and explain every number. Throws one GepError
 * listing every problem found; never returns a partial account.
 */
export function account(json: unknown, given: AccountOptions = {}): AccountResult {
  const input = parseInput(json);
  const scenario = given.scenario === undefined ? null : loadScenario(given.scenario);
  const options = scenario === null ? given : withScenario(given, scenario);
  const profile =
    typeof options.profile === 'object'
      ? options.profile
      : bundledProfile(options.profile ?? DEFAULT_PROFILE);
  const classification = bundledClassification(profile.classification);
  const tolerance =
    options.areaTolerance === undefined ? profile.checks.areaTolerance : dec(options.areaTolerance);
  const { warnings, checks } = checkInput(input, classification, tolerance);
  const { set, tables, overrides } = coefficientSet(profile, [
    ...(input.overrides?.tables ?? []),
    ...(options.tables ?? []),
  ]);
  const indices = priceIndices([...(input.overrides?.priceIndices ?? []), ...(options.priceIndices ?? [])]);
  const rules = [...(options.deflators ?? []), ...profile.deflators].map((r, i) => ({
    match: r.match,
    index: indices.get(r.index, ['deflators', i, 'index']),
  }));
  const levels = new PriceLevels(
    indices.get(profile.priceIndex, ['profile', 'priceIndex']),
    input.year,
    options.baseYear ?? input.year,
    profile.pricePolicy,
    rules,
  );
  const log = new CoefficientLog();
  const region = input.region.code ?? null;

  const computed: Computed[] = [];
  const skipped: AccountResult['skipped'] = [];
  const errors: Issue[] = [];
  const exclude = new Set(options.exclude ?? []);
  const linesByCode = new Map<string, Line[]>(); // for methods that build on an earlier indicator (R7 on R6)
  profile.indicators.forEach((entry, k) => {
    if (entry.inclusion === 'excluded' || exclude.has(entry.code)) {
      skipped.push({
        code: entry.code,
        reason: entry.inclusion === 'excluded' ? 'excluded by the profile' : 'excluded by the caller',
      });
      return;
    }
    try {
      const c = computeIndicator(entry, k, {
        input,
        profile,
        options,
        classification,
        set,
        log,
        region,
        levels,
        computed: linesByCode,
      });
      if (c === 'no-input') {
        skipped.push({ code: entry.code, reason: 'optional, and the input has no data for it' });
      } else {
        computed.push(c);
        linesByCode.set(
          c.code,
          c.lines.map((l) => l.line),
        );
      }
    } catch (e) {
      if (e instanceof GepError) errors.push(...e.issues);
      else throw e;
    }
  });
  // Custom indicators declared in the input are accounted after the profile's, like built-in ones.
  input.customIndicators.forEach((decl, i) => {
    const path: Path = ['customIndicators', i];
    if (profile.indicators.some((e) => e.code === decl.code)) {
      errors.push(
        issue('DUPLICATE_ID', [...path, 'code'], { id: `${decl.code} (a profile indicator has this code)` }),
      );
      return;
    }
    if (exclude.has(decl.code)) {
      skipped.push({ code: decl.code, reason: 'excluded by the caller' });
      return;
    }
    try {
      const method = customMethod(decl, path) as MethodSpec<unknown>;
      const entry = {
        code: decl.code,
        name: decl.name,
        inclusion: 'required' as const,
        method: methodRef(method),
        switches: {},
      };
      const c = computeIndicator(
        entry,
        -1,
        { input, profile, options, classification, set, log, region, levels, computed: linesByCode },
        { method, path },
      );
      if (c !== 'no-input') computed.push(c);
    } catch (e) {
      if (e instanceof GepError) errors.push(...e.issues);
      else throw e;
    }
  });
  if (errors.length > 0) throw new GepError(dedupe(errors));

  const result = assemble({
    input,
    profile,
    classification,
    levels,
    computed,
    skipped,
    log,
    tables,
    overrides,
    warnings,
    checks,
    options,
  });
  return review(result, profile, options, scenario);
}

type Draft = Omit<AccountResult, 'scenario' | 'quality'>;

/** Grades (strict mode), double-counting rules and shared inputs; the scenario applied. */
function review(
  result: Draft,
  profile: Profile,
  options: AccountOptions,
  scenario: Scenario | null,
): AccountResult {
  const strict = options.minGrade !== undefined;
  // Under "as-published" the current column adds values of their own price years: say which years are mixed.
  const years = [
    ...new Set(
      result.indicators.flatMap((i) =>
        i.lines.flatMap((l) => l.valuations.map((v) => (v.price ?? v.money)?.priceYear)),
      ),
    ),
  ]
    .filter((y): y is number => y !== undefined && y !== result.year)
    .sort();
  const mixed =
    result.prices.policy === 'as-published' && years.length > 0
      ? [issue('PRICE_LEVELS_MIXED', ['prices'], { years: [result.year, ...years].join(', ') })]
      : [];
  const { review: grades, issues } = reviewGrades(result, options.minGrade ?? profile.warnBelowGrade, strict);
  if (strict && issues.length > 0) throw new GepError(issues);
  return {
    ...result,
    scenario:
      scenario === null
        ? null
        : { id: scenario.id, version: scenario.version, hash: scenario.hash, title: scenario.title },
    quality: {
      grades,
      checks: [...result.checks, ...sharedInputChecks(result), ...doubleCountingChecks(profile, result)],
    },
    warnings: [...result.warnings, ...mixed, ...issues],
  };
}

/** Bundled price indices and the user's, by id or ref. */
function priceIndices(user: unknown[]) {
  const loaded = user.map((json, i) => loadPriceIndex(json, ['overrides', 'priceIndices', i]));
  return {
    get(idOrRef: string, path: Path): PriceIndexTable {
      const own = loaded.find((t) => t.id === idOrRef || t.ref === idOrRef);
      if (own) return own;
      try {
        return bundledPriceIndex(idOrRef);
      } catch (e) {
        if (e instanceof GepError) fail('TABLE_UNKNOWN', path, { table: idOrRef });
        throw e;
      }
    },
  };
}

function coefficientSet(profile: Profile, userTables: unknown[]) {
  let tables: CoefficientTable[] = profile.tables.map((id) => bundledTable(id));
  const extra: CoefficientTable[] = [];
  const overrides: OverrideRecord[] = [];
  userTables.forEach((json, i) => {
    const t = loadCoefficientTable(json, ['overrides', 'tables', i]);
    if (t.overlays === undefined) {
      extra.push(t);
      return;
    }
    const k = tables.findIndex((b) => b.id === t.overlays);
    if (k < 0) fail('OVERLAY_TARGET_UNKNOWN', ['overrides', 'tables', i, 'overlays'], { target: t.overlays });
    const merged = applyOverlay(tables[k] as CoefficientTable, t);
    tables = tables.map((b, j) => (j === k ? merged.table : b));
    overrides.push(...merged.overrides);
  });
  // The user's own tables are searched first: they are the most specific knowledge the account has.
  const all = [...extra, ...tables];
  return { set: new CoefficientSet(all), tables: all, overrides };
}

function computeIndicator(
  entry: Profile['indicators'][number],
  k: number,
  env: {
    input: AccountInput;
    profile: Profile;
    options: AccountOptions;
    classification: ReturnType<typeof bundledClassification>;
    set: CoefficientSet;
    log: CoefficientLog;
    region: string | null;
    levels: PriceLevels;
    computed: ReadonlyMap<string, readonly Line[]>;
  },
  given?: { method: MethodSpec<unknown>; path: Path },
): Computed | 'no-input' {
  const replaced = given ? undefined : env.options.methods?.[entry.code];
  const ref = replaced ?? entry.method;
  const method = given?.method ?? (METHODS.get(ref) as MethodSpec<unknown> | undefined);
  if (method === undefined) {
    const where =
      replaced !== undefined ? ['options', 'methods', entry.code] : ['profile', 'indicators', k, 'method'];
    fail('METHOD_UNKNOWN', where, { method: ref, allowed: [...METHODS.keys()].join(', ') });
  }
  // The profile's switches belong to the profile's method; a replaced method starts from its own defaults.
  const own = replaced !== undefined && replaced !== entry.method ? {} : entry.switches;
  const parsed = method.switches.safeParse({ ...own, ...(env.options.switches?.[entry.code] ?? {}) });
  if (!parsed.success) {
    const detail = parsed.error.issues.map((i) => `${i.path.join('.')} ${i.message}`.trim()).join('; ');
    fail('SWITCH_INVALID', ['profile', 'indicators', k, 'switches'], {
      detail: `${entry.code} (${ref}): ${detail}`,
    });
  }
  const switches = parsed.data as Record<string, unknown>;
  if (!method.hasInput(env.input, switches)) {
    if (entry.inclusion === 'optional') return 'no-input';
    const section = (method.inputs[0] ?? '').split(/[.[]/)[0] ?? '';
    fail('INDICATOR_INPUT_MISSING', section ? [section] : [], {
      indicator: entry.code,
      field: method.inputs.join(' / '),
    });
  }
  const keys = new Set<string>();
  const warnings: Issue[] = [];
  const ctx = makeContext({
    input: env.input,
    region: env.region,
    indicator: { code: entry.code, name: entry.name, path: given?.path ?? ['indicators', k] },
    switches,
    classification: env.classification,
    coefficients: env.set,
    log: env.log,
    keys,
    warnings,
    computed: env.computed,
  });
  const lines: Line[] = method.compute(ctx);
  return {
    code: entry.code,
    entry,
    method,
    switches,
    lines: lines.map((l) => env.levels.priceLine(l)),
    keys,
    warnings,
  };
}

interface Fmt {
  money(d: Decimal): string;
  quantity(d: Decimal): string;
  share(d: Decimal): string;
}

function formatter(r: AccountOptions['rounding']): { fmt: Fmt; rounding: AccountResult['rounding'] } {
  if (r === 'exact') {
    const f = (d: Decimal) => d.toFixed();
    return { fmt: { money: f, quantity: f, share: f }, rounding: 'exact' };
  }
  const money = r?.money ?? 2;
  const quantity = r?.quantity ?? 4;
  const share = r?.share ?? 6;
  const mode = r?.mode ?? 'halfEven';
  const f = (places: number) => (d: Decimal) => d.toFixed(places, Rounding[mode]);
  return {
    fmt: { money: f(money), quantity: f(quantity), share: f(share) },
    rounding: { money, quantity, share, mode },
  };
}

/** The same problem found by several indicators or lines (a base year the index lacks) is listed once. */
function dedupe(issues: Issue[]): Issue[] {
  const seen = new Set<string>();
  return issues.filter((i) => {
    const k = JSON.stringify([i.code, i.path, i.message.en]);
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}

/** Sum of the physical quantities of lines in one unit, or null when any line has none or the unit is mixed. */
function physicalSum(lines: PricedLine[], unit: UnitId | null): Decimal | null {
  if (unit === null || lines.length === 0) return null;
  let s = new Decimal(0);
  for (const { line } of lines) {
    if (line.physical === null) return null;
    s = s.plus(convertValue(line.physical.value, line.physical.unit, unit));
  }
  return s;
}

function groupBy<K>(lines: PricedLine[], key: (l: PricedLine) => K): Map<K, PricedLine[]> {
  const m = new Map<K, PricedLine[]>();
  for (const l of lines) {
    const k = key(l);
    const list = m.get(k);
    if (list) list.push(l);
    else m.set(k, [l]);
  }
  return m;
}

// Group sums are asked for several times (value, shares, per km²): memoised per group array.
const sums = new WeakMap<readonly PricedLine[], [Decimal, Decimal]>();
function sumsOf(ls: readonly PricedLine[]): [Decimal, Decimal] {
  let r = sums.get(ls);
  if (r === undefined) {
    let c = new Decimal(0);
    let k = new Decimal(0);
    for (const l of ls) {
      c = c.plus(l.current);
      k = k.plus(l.comparable);
    }
    r = [c, k];
    sums.set(ls, r);
  }
  return r;
}
const sumCurrent = (ls: readonly PricedLine[]) => sumsOf(ls)[0];
const sumComparable = (ls: readonly PricedLine[]) => sumsOf(ls)[1];

function assemble(a: {
  input: AccountInput;
  profile: Profile;
  classification: ReturnType<typeof bundledClassification>;
  levels: PriceLevels;
  computed: Computed[];
  skipped: AccountResult['skipped'];
  log: CoefficientLog;
  tables: CoefficientTable[];
  overrides: OverrideRecord[];
  warnings: Issue[];
  checks: AccountResult['checks'];
  options: AccountOptions;
}): Draft {
  const { fmt, rounding } = formatter(a.options.rounding);
  const pair = (ls: PricedLine[]) => ({
    current: fmt.money(sumCurrent(ls)),
    comparable: fmt.money(sumComparable(ls)),
  });
  const phys = (ls: PricedLine[], unit: UnitId | null) => {
    const s = physicalSum(ls, unit);
    return s === null || unit === null ? null : { value: fmt.quantity(s), unit, symbol: unitSymbol(unit) };
  };
  const typeName = (code: string) => a.classification.types.find((t) => t.code === code);

  const byCategory = new Map<Category, Decimal>(CATEGORIES.map((c) => [c, new Decimal(0)]));
  const byCategoryComparable = new Map<Category, Decimal>(CATEGORIES.map((c) => [c, new Decimal(0)]));
  for (const c of a.computed) {
    byCategory.set(
      c.method.category,
      (byCategory.get(c.method.category) as Decimal).plus(sumCurrent(c.lines)),
    );
    byCategoryComparable.set(
      c.method.category,
      (byCategoryComparable.get(c.method.category) as Decimal).plus(sumComparable(c.lines)),
    );
  }
  const gep = [...byCategory.values()].reduce((x, y) => x.plus(y), new Decimal(0));
  const gepComparable = [...byCategoryComparable.values()].reduce((x, y) => x.plus(y), new Decimal(0));
  const shareOf = (part: Decimal, whole: Decimal) => (whole.isZero() ? null : fmt.share(part.div(whole)));

  const indicators: IndicatorResult[] = a.computed.map((c) => {
    const unit = c.method.physicalUnit;
    const value = sumCurrent(c.lines);
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
      physical: phys(c.lines, unit),
      value: pair(c.lines),
      shares: {
        ofCategory: shareOf(value, byCategory.get(c.method.category) as Decimal),
        ofGep: shareOf(value, gep),
      },
      subItems: subItemsOf(c.lines).map(({ key, parts }) => {
        const q = subPhysical(parts, unit);
        return {
          key,
          name: subName(key),
          physical:
            q === null ? null : { value: fmt.quantity(q.value), unit: q.unit, symbol: unitSymbol(q.unit) },
          value: {
            current: fmt.money(parts.reduce((x, p) => x.plus(p.v.current), new Decimal(0))),
            comparable: fmt.money(parts.reduce((x, p) => x.plus(p.v.comparable), new Decimal(0))),
          },
        };
      }),
      byEcosystem: [...groupBy(c.lines, (l) => l.line.ecosystem)]
        .filter(([k]) => k !== null)
        .map(([k, ls]) => ({
          key: k,
          name: typeName(k as string)?.name ?? null,
          physical: phys(ls, unit),
          value: pair(ls),
        })),
      byZone:
        a.input.zones.length === 0
          ? []
          : [...groupBy(c.lines, (l) => l.line.zone)].map(([k, ls]) => ({
              key: k,
              name: zoneName(a.input, k),
              physical: phys(ls, unit),
              value: pair(ls),
            })),
      lines: c.lines.map((l) => lineOut(l, fmt)),
      coefficients: [...c.keys].sort(),
      warnings: c.warnings,
    };
  });

  const allLines = a.computed.flatMap((c) => c.lines);
  const areaKm2 = (filter: (e: AccountInput['ecosystems'][number]) => boolean) =>
    a.input.ecosystems
      .filter(filter)
      .reduce((s, e) => s.plus(convertValue(e.area.value, e.area.unit, 'km2')), new Decimal(0));
  const perKm2 = (ls: PricedLine[], area: Decimal) =>
    area.isZero()
      ? null
      : { current: fmt.money(sumCurrent(ls).div(area)), comparable: fmt.money(sumComparable(ls).div(area)) };

  const ecoLines = groupBy(
    allLines.filter((l) => l.line.ecosystem !== null),
    (l) => l.line.ecosystem as string,
  );
  const byEcosystem = a.classification.types
    .filter((t) => a.input.ecosystems.some((e) => e.type === t.code))
    .map((t) => {
      const ls = ecoLines.get(t.code) ?? [];
      const area = areaKm2((e) => e.type === t.code);
      return {
        ecosystem: t.code,
        name: t.name,
        group: t.group,
        area: { value: fmt.quantity(area), unit: 'km2' as const },
        value: pair(ls),
        valuePerKm2: perKm2(ls, area),
      };
    });

  const zoneLines = groupBy(allLines, (l) => l.line.zone);
  const zoneIds: (string | null)[] = [
    ...a.input.zones.map((z) => z.id),
    ...(zoneLines.has(null) && a.input.zones.length > 0 ? [null] : []),
  ];
  const byZone =
    a.input.zones.length === 0
      ? []
      : zoneIds.map((z) => {
          const ls = zoneLines.get(z) ?? [];
          const zone = a.input.zones.find((x) => x.id === z);
          const area =
            z === null
              ? null
              : zone?.area
                ? convertValue(zone.area.value, zone.area.unit, 'km2')
                : areaKm2((e) => e.zone === z);
          return {
            zone: z,
            name: zoneName(a.input, z)?.zh ?? '',
            area: area === null ? null : { value: fmt.quantity(area), unit: 'km2' as const },
            value: pair(ls),
            valuePerKm2: area === null ? null : perKm2(ls, area),
            indicators: a.computed.map((c) => {
              const cl = c.lines.filter((l) => l.line.zone === z);
              return { code: c.code, physical: phys(cl, c.method.physicalUnit), value: pair(cl) };
            }),
          };
        });

  return {
    gepkit: { version: VERSION, resultSchema: 1 },
    region: { name: a.input.region.name, code: a.input.region.code ?? null, level: a.input.region.level },
    year: a.input.year,
    profile: { id: a.profile.id, version: a.profile.version, hash: a.profile.hash, status: a.profile.status },
    classification: { ref: a.classification.ref, hash: a.classification.hash },
    prices: {
      unit: 'yuan',
      currentYear: a.levels.year,
      baseYear: a.levels.baseYear,
      policy: a.levels.policy,
      index: { ref: a.levels.index.ref, hash: a.levels.index.hash, vintage: a.levels.index.vintage },
      deflators: a.levels.rules.map((r) => ({
        match: r.match,
        index: r.index.ref,
        hash: r.index.hash,
        vintage: r.index.vintage,
      })),
      indexValuesUsed: [...a.levels.used.values()]
        .sort((x, y) => x.index.localeCompare(y.index) || x.year - y.year)
        .map((p) => ({
          index: p.index,
          year: p.year,
          value: p.value.toFixed(),
          grade: p.grade,
          source: p.source,
        })),
    },
    rounding,
    totals: {
      gep: { current: fmt.money(gep), comparable: fmt.money(gepComparable) },
      material: {
        current: fmt.money(byCategory.get('material') as Decimal),
        comparable: fmt.money(byCategoryComparable.get('material') as Decimal),
      },
      regulating: {
        current: fmt.money(byCategory.get('regulating') as Decimal),
        comparable: fmt.money(byCategoryComparable.get('regulating') as Decimal),
      },
      cultural: {
        current: fmt.money(byCategory.get('cultural') as Decimal),
        comparable: fmt.money(byCategoryComparable.get('cultural') as Decimal),
      },
    },
    indicators,
    skipped: a.skipped,
    byEcosystem,
    byZone,
    coefficients: [...a.log.used.entries()].map(([id, { c, usedBy }]) => ({
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
      source: c.source,
      ...(c.note !== undefined ? { note: c.note } : {}),
      usedBy: [...usedBy].sort(),
    })),
    tables: a.tables.map((t) => ({ ref: t.ref, hash: t.hash, title: t.title })),
    overrides: a.overrides,
    checks: a.checks,
    warnings: [...a.warnings, ...a.computed.flatMap((c) => c.warnings)],
  };
}

interface SubPart {
  line: PricedLine;
  v: PricedValuation;
}

/**
 * Sub-items group valuations, not lines: a valuation may name its own sub-item (soil retention values one
 * retained quantity as reduced siltation and as reduced nutrient loss). Order of first appearance is kept.
 */
function subItemsOf(lines: PricedLine[]): { key: string | null; parts: SubPart[] }[] {
  const groups = new Map<string | null, SubPart[]>();
  for (const line of lines) {
    for (const v of line.valuations) {
      const key = v.v.subItem ?? line.line.subItem;
      const list = groups.get(key) ?? [];
      list.push({ line, v });
      groups.set(key, list);
    }
    if (line.valuations.length === 0) groups.set(line.line.subItem, groups.get(line.line.subItem) ?? []);
  }
  if (groups.size === 1 && groups.has(null)) return [];
  return [...groups].map(([key, parts]) => ({ key, parts }));
}

/**
 * A sub-item's physical quantity: the valuations' own quantities where they have one, else each line's
 * quantity once (a line priced twice, as R1 with operation cost, is not counted twice). Null when units differ.
 */
function subPhysical(parts: SubPart[], indicatorUnit: UnitId | null): Quantity | null {
  const quantities: Quantity[] = [];
  const seen = new Set<PricedLine>();
  for (const { line, v } of parts) {
    // A valuation's own quantity stands for its sub-item only when it defines that sub-item (R2's sediment m³);
    // a per-t-C carbon price's t C is not the line's t CO₂ sub-item.
    if (v.v.quantity !== undefined && v.v.subItem !== undefined) quantities.push(v.v.quantity);
    else if (!seen.has(line)) {
      seen.add(line);
      if (line.line.physical === null) return null;
      quantities.push(line.line.physical);
    }
  }
  const first = quantities[0];
  if (first === undefined) return null;
  // The indicator's unit where the quantities share its dimension; else their own unit if they agree.
  const own = quantities.every((q) => q.unit === first.unit) ? first.unit : null;
  const unit =
    indicatorUnit !== null && dimensionOf(indicatorUnit) === dimensionOf(first.unit) ? indicatorUnit : own;
  if (unit === null) return null;
  try {
    return {
      value: quantities.reduce((x, q) => x.plus(convertValue(q.value, q.unit, unit)), new Decimal(0)),
      unit,
    };
  } catch {
    return null; // quantities of different dimensions (m³ of sediment, t of nutrients) have no common total
  }
}

function zoneName(input: AccountInput, id: string | null) {
  if (id === null) return { zh: '未分区（全域）', en: 'Not zoned (whole region)' };
  const z = input.zones.find((x) => x.id === id);
  return z ? { zh: z.name, en: z.name } : null;
}

function lineOut(l: PricedLine, fmt: Fmt): IndicatorResult['lines'][number] {
  const { line } = l;
  return {
    subItem: line.subItem,
    ecosystem: line.ecosystem,
    zone: line.zone,
    physical:
      line.physical === null
        ? null
        : {
            value: fmt.quantity(line.physical.value),
            unit: line.physical.unit,
            symbol: unitSymbol(line.physical.unit),
          },
    ...(line.exact ? { exact: `${line.exact.num.toFixed()}/${line.exact.den.toFixed()}` } : {}),
    ...(line.terms ? { terms: line.terms } : {}),
    valuations: l.valuations.map((p) => ({
      label: p.v.label,
      kind: p.v.kind,
      ...(p.v.subItem !== undefined ? { subItem: p.v.subItem } : {}),
      ...(p.v.quantity !== undefined
        ? {
            quantity: {
              value: fmt.quantity(p.v.quantity.value),
              unit: p.v.quantity.unit,
              symbol: unitSymbol(p.v.quantity.unit),
            },
          }
        : {}),
      ...(p.v.kind === 'unit-price'
        ? {
            price: {
              value: p.v.price.value.toFixed(),
              unit: `${p.v.price.money}/${p.v.price.per}`,
              priceYear: p.v.price.priceYear,
            },
          }
        : {
            money: {
              value: p.v.money.amount.toFixed(),
              unit: p.v.money.unit,
              priceYear: p.v.money.priceYear,
            },
          }),
      ...(p.v.factor
        ? {
            factor: { value: p.v.factor.value.toFixed(), label: p.v.factor.label, origin: p.v.factor.origin },
          }
        : {}),
      origin: p.v.origin,
      index: p.index,
      atPriceYear: fmt.money(p.atPriceYear),
      value: { current: fmt.money(p.current), comparable: fmt.money(p.comparable) },
    })),
    value: { current: fmt.money(l.current), comparable: fmt.money(l.comparable) },
    ...(line.path ? { path: [...line.path] } : {}),
  };
}
