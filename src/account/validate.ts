import { checkCustomFormulaText } from '../custom/schema';
import * as z from 'zod/mini';
import type { Classification } from '../coefficients/classification';
import { Decimal, shortValue } from '../core/decimal';
import { GepError, type Issue, IssueList, type Path, fail, issue } from '../core/errors';
import { MAX_JSON_DEPTH, valueTooDeep } from '../io/json';
import { aDecimal, anArray, checkArgument } from '../core/options';
import { type Quantity, convertValue, unitSymbol } from '../core/units';
import { PARSE_OPTIONS, fromZodIssues } from '../core/zod-issues';
import { customIssues } from '../custom/errors';
import { type AccountInput, inputSchema } from '../input/input';

/**
 * Refuse a value given to the library that nests objects and arrays more than MAX_JSON_DEPTH levels deep, as a file
 * is refused (INPUT_TOO_DEEP, at `at` and the path where the limit is passed; `what` names it), before a schema or a
 * reader walks it by recursion.
 */
export function checkDepth(value: unknown, what: string, at: Path = []): void {
  const path = valueTooDeep(value);
  if (path !== undefined) fail('INPUT_TOO_DEEP', [...at, ...path], { file: what, limit: MAX_JSON_DEPTH });
}

/**
 * Parse an input object; every schema problem is reported at once as one GepError. An input nested more than
 * MAX_JSON_DEPTH levels deep is INPUT_TOO_DEEP (checkDepth). With a classification, the
 * reference checks (unknown zones and types, duplicates) run on what can be read of a refused input too, and
 * their problems join the schema's in the same GepError: problems do not come in rounds.
 */
export function parseInput(json: unknown, classification?: Classification): AccountInput {
  checkDepth(json, 'the account input');
  if (json !== null && typeof json === 'object')
    checkCustomFormulaText((json as { customIndicators?: unknown }).customIndicators, ['customIndicators']);
  const parsed = inputSchema.safeParse(json, PARSE_OPTIONS);
  if (!parsed.success) {
    const issues = new IssueList();
    for (const i of fromZodIssues(parsed.error.issues, [], 'INPUT_INVALID', [customIssues])) issues.add(i);
    if (classification !== undefined) referenceChecks(loose(json), classification, issues);
    throw new GepError(issues.errors);
  }
  return parsed.data;
}

const SECTIONS = [
  'zones',
  'ecosystems',
  'climate',
  'soilFactors',
  'soilRetention',
  'waterConservation',
  'climateRegulation',
  'productivity',
  'forestInventory',
  'airIons',
  'sandFixation',
  'pestControl',
  'coastalProtection',
  'noiseReduction',
  'landscape',
  'customIndicators',
  'materialProducts',
  'waterSupply',
  'energy',
] as const;

/** What the reference checks can read of raw JSON: records that are objects, zones that are strings. */
function loose(json: unknown): ReferenceView {
  const obj = (v: unknown): Record<string, unknown> =>
    v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : {};
  const records = (v: unknown): Ref[] =>
    Array.isArray(v)
      ? v.map((r) => {
          const o = obj(r);
          if (o !== r) return undefined;
          const { zone, ...rest } = o;
          return typeof zone === 'string' ? { ...rest, zone } : rest;
        })
      : [];
  const root = obj(json);
  const view = Object.fromEntries(SECTIONS.map((k) => [k, records(root[k])])) as Record<
    (typeof SECTIONS)[number],
    Ref[]
  >;
  const water = obj(root.waterBodies);
  const emissions = obj(root.emissions);
  const tourism = obj(root.tourism);
  return {
    ...view,
    waterBodies: {
      lakes: records(water.lakes),
      wetlands: records(water.wetlands),
      reservoirs: records(water.reservoirs),
    },
    emissions: { water: records(emissions.water), air: records(emissions.air) },
    tourism: { segments: records(tourism.segments), revenue: records(tourism.revenue) },
  };
}

export interface Check {
  id: string;
  status: 'pass' | 'warn' | 'not-applicable';
  detail: string;
}

/**
 * The outline of a parsed input (parseInput's value) as checkInput reads it: every section it walks is an array (a
 * parsed input has each, empty when the JSON left it out). Raw JSON that skipped parseInput, null or a number is
 * INPUT_INVALID at `input` and the section (a TypeError before); the records are checked as before.
 */
const parsedInputOutline = z.looseObject({
  zones: anArray,
  ecosystems: anArray,
  climate: anArray,
  soilFactors: anArray,
  soilRetention: anArray,
  waterConservation: anArray,
  climateRegulation: anArray,
  waterBodies: z.looseObject({ lakes: anArray, wetlands: anArray, reservoirs: anArray }),
  emissions: z.looseObject({ water: anArray, air: anArray }),
  productivity: anArray,
  forestInventory: anArray,
  airIons: anArray,
  sandFixation: anArray,
  pestControl: anArray,
  coastalProtection: anArray,
  noiseReduction: anArray,
  landscape: anArray,
  customIndicators: anArray,
  materialProducts: anArray,
  waterSupply: anArray,
  energy: anArray,
  tourism: z.optional(z.looseObject({ segments: anArray, revenue: anArray })),
});
const classificationOutline = z.looseObject({ ref: z.string(), types: anArray });

/**
 * Checks that need the classification: references between records, unknown codes, duplicates, and the area
 * balance. Errors are thrown together; warnings and the check list are returned. `input` is parseInput's value; an
 * argument of another kind is refused first (INPUT_INVALID at `input`, ARGUMENT_INVALID at `classification` or
 * `areaTolerance`).
 */
export function checkInput(
  input: AccountInput,
  classification: Classification,
  areaTolerance: Decimal,
): { warnings: Issue[]; checks: Check[] } {
  checkArgument(parsedInputOutline, input, ['input'], 'INPUT_INVALID');
  checkArgument(classificationOutline, classification, ['classification']);
  checkArgument(aDecimal, areaTolerance, ['areaTolerance']);
  const issues = new IssueList();
  referenceChecks(input, classification, issues);
  issues.throwIfErrors();
  const checks = areaChecks(input, areaTolerance, issues);
  return { warnings: issues.warnings, checks };
}

/**
 * The references of an input, as far as they can be read: the parsed input, or (when the schema refused it)
 * the raw JSON with every field that is not of its expected type left out (loose()), so that unknown types,
 * unknown zones and duplicates are reported in the same pass as the schema's problems.
 */
type Ref = { readonly zone?: string | undefined; readonly [k: string]: unknown } | undefined;
export interface ReferenceView {
  zones: readonly Ref[];
  ecosystems: readonly Ref[];
  climate: readonly Ref[];
  soilFactors: readonly Ref[];
  soilRetention: readonly Ref[];
  waterConservation: readonly Ref[];
  climateRegulation: readonly Ref[];
  waterBodies: { lakes: readonly Ref[]; wetlands: readonly Ref[]; reservoirs: readonly Ref[] };
  emissions: { water: readonly Ref[]; air: readonly Ref[] };
  productivity: readonly Ref[];
  forestInventory: readonly Ref[];
  airIons: readonly Ref[];
  sandFixation: readonly Ref[];
  pestControl: readonly Ref[];
  coastalProtection: readonly Ref[];
  noiseReduction: readonly Ref[];
  landscape: readonly Ref[];
  customIndicators: readonly Ref[];
  materialProducts: readonly Ref[];
  waterSupply: readonly Ref[];
  energy: readonly Ref[];
  tourism?: { segments: readonly Ref[]; revenue: readonly Ref[] } | undefined;
}

const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);

/** Reference checks (zones, types, duplicates), linear in the number of records. */
export function referenceChecks(
  input: ReferenceView,
  classification: Classification,
  issues: IssueList,
): void {
  const zoneIds = new Set<string>();
  input.zones.forEach((z, i) => {
    const id = str(z?.id);
    if (id === undefined) return;
    if (zoneIds.has(id)) issues.add(issue('DUPLICATE_ID', ['zones', i, 'id'], { id }));
    zoneIds.add(id);
  });
  const checkZone = (zone: string | undefined, path: Path) => {
    if (zone !== undefined && !zoneIds.has(zone))
      issues.add(issue('ZONE_UNKNOWN', [...path, 'zone'], { zone }));
  };
  const codes = new Set(classification.types.map((t) => t.code));
  const allowed = [...codes].join(', ');
  const checkType = (type: unknown, path: Path) => {
    if (typeof type === 'string' && !codes.has(type)) {
      issues.add(
        issue('ECOSYSTEM_TYPE_UNKNOWN', path, {
          // a value of any length is echoed in its short form (the message, hint and problem body)
          type: shortValue(type),
          classification: classification.ref,
          allowed,
        }),
      );
    }
  };

  const rows = new Set<string>();
  input.ecosystems.forEach((e, i) => {
    if (e === undefined) return;
    checkZone(e.zone, ['ecosystems', i]);
    checkType(e.type, ['ecosystems', i, 'type']);
    if (typeof e.type !== 'string') return;
    const row = `${e.zone ?? '*'}|${e.type}`;
    if (rows.has(row))
      issues.add(
        issue('DUPLICATE_ID', ['ecosystems', i], { id: `${e.zone ?? '(region)'} × ${shortValue(e.type)}` }),
      );
    rows.add(row);
  });
  const climateScopes = new Set<string>();
  input.climate.forEach((c, i) => {
    if (c === undefined) return;
    checkZone(c.zone, ['climate', i]);
    if (c.ecosystem !== undefined) checkType(c.ecosystem, ['climate', i, 'ecosystem']);
    // Two records may share a scope if they give different fields; the same field twice is ambiguous.
    for (const field of [
      'precipitation',
      'evapotranspiration',
      'stormPrecipitation',
      'acDays',
      'relativeHumidity',
    ] as const) {
      if (c[field] === undefined) continue;
      const scope = `${c.zone ?? '*'}|${str(c.ecosystem) ?? '*'}|${field}`;
      if (climateScopes.has(scope)) {
        issues.add(
          issue('DUPLICATE_ID', ['climate', i, field], {
            id: `${field} for ${c.zone ?? '(region)'} × ${str(c.ecosystem) ?? '(all types)'}`,
          }),
        );
      }
      climateScopes.add(scope);
    }
  });
  const soilScopes = new Set<string>();
  input.soilFactors.forEach((r, i) => {
    if (r === undefined) return;
    checkZone(r.zone, ['soilFactors', i]);
    checkType(r.ecosystem, ['soilFactors', i, 'ecosystem']);
    if (typeof r.ecosystem !== 'string') return;
    const scope = `${r.zone ?? '*'}|${r.ecosystem}`;
    if (soilScopes.has(scope))
      issues.add(
        issue('DUPLICATE_ID', ['soilFactors', i], {
          id: `soil factors ${r.zone ?? '(region)'} × ${r.ecosystem}`,
        }),
      );
    soilScopes.add(scope);
  });
  // Totals computed elsewhere are summed: a repeated scope, or a region-wide total beside zone totals of the same
  // type, would count the same amount twice.
  const totals = (section: 'soilRetention' | 'waterConservation' | 'climateRegulation', what: string) => {
    const scopes = new Set<string>();
    const zoned = new Set(input[section].filter((r) => r?.zone !== undefined).map((r) => str(r?.ecosystem)));
    input[section].forEach((r, i) => {
      if (r === undefined) return;
      checkZone(r.zone, [section, i]);
      checkType(r.ecosystem, [section, i, 'ecosystem']);
      if (typeof r.ecosystem !== 'string') return;
      const scope = `${r.zone ?? '*'}|${r.ecosystem}`;
      if (r.zone === undefined && zoned.has(r.ecosystem))
        issues.add(
          issue('DUPLICATE_ID', [section, i], {
            id: `${what} ${r.ecosystem}: a region-wide total and zone totals overlap`,
          }),
        );
      if (scopes.has(scope))
        issues.add(
          issue('DUPLICATE_ID', [section, i], { id: `${what} ${r.zone ?? '(region)'} × ${r.ecosystem}` }),
        );
      scopes.add(scope);
    });
  };
  totals('soilRetention', 'soil retention');
  totals('waterConservation', 'water conservation');
  totals('climateRegulation', 'climate regulation');
  input.waterBodies.wetlands.forEach((r, i) => {
    if (r === undefined) return;
    checkZone(r.zone, ['waterBodies', 'wetlands', i]);
    checkType(r.ecosystem, ['waterBodies', 'wetlands', i, 'ecosystem']);
  });
  const zonesOf = (records: readonly Ref[] | undefined, path: Path) =>
    records?.forEach((r, i) => r !== undefined && checkZone(r.zone, [...path, i]));
  zonesOf(input.waterBodies.lakes, ['waterBodies', 'lakes']);
  zonesOf(input.waterBodies.reservoirs, ['waterBodies', 'reservoirs']);
  for (const medium of ['water', 'air'] as const) {
    const seen = new Set<string>();
    input.emissions[medium].forEach((r, i) => {
      if (r === undefined) return;
      checkZone(r.zone, ['emissions', medium, i]);
      if (typeof r.pollutant !== 'string') return;
      const scope = `${r.pollutant}|${r.zone ?? '*'}`;
      if (seen.has(scope))
        issues.add(
          issue('DUPLICATE_ID', ['emissions', medium, i], {
            id: `${r.pollutant} emission ${r.zone ?? '(region)'}`,
          }),
        );
      seen.add(scope);
    });
  }
  // Sections of records that may name a zone and an ecosystem type; the scoped ones must not repeat a scope.
  const sections = [
    ['productivity', input.productivity, true],
    ['forestInventory', input.forestInventory, true],
    ['airIons', input.airIons, true],
    ['sandFixation', input.sandFixation, false],
    ['pestControl', input.pestControl, false],
    ['coastalProtection', input.coastalProtection, false],
    ['noiseReduction', input.noiseReduction, false],
    ['landscape', input.landscape, false],
  ] as const;
  for (const [name, records, scoped] of sections) {
    const scopes = new Set<string>();
    (records as readonly Ref[]).forEach((r, i) => {
      if (r === undefined) return;
      checkZone(r.zone, [name, i]);
      if (r.ecosystem !== undefined) checkType(r.ecosystem, [name, i, 'ecosystem']);
      if (!scoped) return;
      const scope = `${r.zone ?? '*'}|${str(r.ecosystem) ?? '*'}`;
      if (scopes.has(scope))
        issues.add(
          issue('DUPLICATE_ID', [name, i], {
            id: `${name} ${r.zone ?? '(region)'} × ${str(r.ecosystem) ?? '(all types)'}`,
          }),
        );
      scopes.add(scope);
    });
  }
  input.customIndicators.forEach((d, i) => {
    if (d === undefined) return;
    checkZone(d.zone, ['customIndicators', i]);
    if (d.ecosystem !== undefined) checkType(d.ecosystem, ['customIndicators', i, 'ecosystem']);
  });
  zonesOf(input.materialProducts, ['materialProducts']);
  zonesOf(input.waterSupply, ['waterSupply']);
  zonesOf(input.energy, ['energy']);
  zonesOf(input.tourism?.segments, ['tourism', 'segments']);
  zonesOf(input.tourism?.revenue, ['tourism', 'revenue']);
  repeatedRecords(input, issues);
}

/**
 * A record's name as a totals row writes it: 合计, 小计, 总计, 共计, Total, Subtotal, Sum (with or without the other),
 * after the area it totals or not (全县合计, 本市小计, 县合计), with a qualifier in brackets after it or not (合计（全县）,
 * Total (county)), ended by a colon or a full stop or not (合计：, Total:), as yearbook tables write them. A name that
 * only contains the word (合计湖) is a name.
 */
const TOTALS_NAME = new RegExp(
  '^(?:[全本]?[县市省区乡镇村])?\\s*' +
    '(?:合\\s*计|小\\s*计|总\\s*计|共\\s*计|total|sub-?total|grand\\s+total|sum)' +
    '(?:\\s+(?:total|sub-?total|sum|合计|小计|总计))?' +
    '\\s*(?:[(（][^()（）]*[)）])?\\s*[:：.。]?$',
  'iu',
);

/**
 * A copied row or a totals row is one more record to the account: a record whose name (with its zone, its ecosystem
 * type where it has one, and its sector for a product) repeats an earlier record's is DUPLICATE_ID, as is a record without a name (water use, energy,
 * tourism revenue, a sector's output without products) identical to an earlier one; a record named as a totals row (合计, Total) is RECORD_IS_TOTAL.
 */
function repeatedRecords(input: ReferenceView, issues: IssueList): void {
  const whereOf = (zone: string | undefined) => (zone === undefined ? 'region-wide' : `zone ${zone}`);
  const named = (section: string, records: readonly Ref[] | undefined, path: Path, unique = true) => {
    const seen = new Set<string>();
    records?.forEach((r, i) => {
      const name = str(r?.name)?.trim();
      if (r === undefined || name === undefined) return;
      if (TOTALS_NAME.test(name)) issues.add(issue('RECORD_IS_TOTAL', [...path, i, 'name'], { name }));
      // A wetland or noise barrier of one name may have parts of two types: the type is part of the record's id.
      const type = str(r.ecosystem);
      const key = `${r.zone ?? '*'}|${type ?? '*'}|${name}`;
      if (unique && seen.has(key))
        issues.add(
          issue('DUPLICATE_ID', [...path, i], {
            id: `${section}: ${name}${type === undefined ? '' : ` (${type})`}, ${whereOf(r.zone)}`,
          }),
        );
      seen.add(key);
    });
  };
  named('waterBodies.lakes', input.waterBodies.lakes, ['waterBodies', 'lakes']);
  named('waterBodies.reservoirs', input.waterBodies.reservoirs, ['waterBodies', 'reservoirs']);
  named('waterBodies.wetlands', input.waterBodies.wetlands, ['waterBodies', 'wetlands']);
  named('tourism.segments', input.tourism?.segments, ['tourism', 'segments']);
  named('coastalProtection', input.coastalProtection, ['coastalProtection']);
  named('noiseReduction', input.noiseReduction, ['noiseReduction']);
  named('landscape', input.landscape, ['landscape']);
  // Zones: two villages may share a name under their ids; a zone named as a totals row may not.
  named('zones', input.zones, ['zones'], false);
  // Products: by sector and zone, across the sector's records (two records of one sector and zone are one list).
  const productNames = new Map<string, Set<string>>();
  input.materialProducts.forEach((m, i) => {
    if (m === undefined || !Array.isArray(m.products)) return;
    const sector = str(m.sector) ?? '?';
    const key = `${sector}|${m.zone ?? '*'}`;
    const seen = productNames.get(key) ?? new Set<string>();
    productNames.set(key, seen);
    (m.products as unknown[]).forEach((p, j) => {
      const name = str((p as { name?: unknown } | null)?.name)?.trim();
      if (name === undefined) return;
      const at = ['materialProducts', i, 'products', j];
      if (TOTALS_NAME.test(name)) issues.add(issue('RECORD_IS_TOTAL', [...at, 'name'], { name }));
      if (seen.has(name))
        issues.add(
          issue('DUPLICATE_ID', at, { id: `materialProducts.${sector}: ${name}, ${whereOf(m.zone)}` }),
        );
      seen.add(name);
    });
  });
  const identical = (
    section: string,
    records: readonly Ref[] | undefined,
    path: Path,
    what: (r: NonNullable<Ref>) => string,
  ) => {
    const first = new Map<string, number>();
    records?.forEach((r, i) => {
      if (r === undefined) return;
      const text = JSON.stringify(r);
      const k = first.get(text);
      if (k === undefined) first.set(text, i);
      else
        issues.add(
          issue('DUPLICATE_ID', [...path, i], {
            id: `${section}: ${what(r)}, ${whereOf(r.zone)}, identical to ${section}[${k}]`,
          }),
        );
    });
  };
  identical('waterSupply', input.waterSupply, ['waterSupply'], (r) => str(r.use) ?? '?');
  identical('energy', input.energy, ['energy'], (r) => str(r.kind) ?? '?');
  identical('tourism.revenue', input.tourism?.revenue, ['tourism', 'revenue'], () => 'revenue');
  // A sector's record without products (its output, value added): a copy of it is counted twice; a record with
  // products is judged by its products' names, above.
  identical(
    'materialProducts',
    input.materialProducts.map((m) => (m !== undefined && !Array.isArray(m.products) ? m : undefined)),
    ['materialProducts'],
    (r) => str(r.sector) ?? '?',
  );
}
/** The area balance of the region and of each zone, as checks (and AREA_SUM_MISMATCH warnings). */
function areaChecks(input: AccountInput, areaTolerance: Decimal, issues: IssueList): Check[] {
  const checks: Check[] = [];
  const km2 = (e: { area: Quantity }) => convertValue(e.area.value, e.area.unit, 'km2');
  const areaCheck = (scope: string, path: Path, parts: Decimal[], total: Quantity | undefined) => {
    const id = `area-balance:${scope}`;
    if (total === undefined) {
      checks.push({ id, status: 'not-applicable', detail: `${scope}: no total area given` });
      return;
    }
    const sum = parts.reduce((a, b) => a.plus(b), new Decimal(0));
    const t = convertValue(total.value, total.unit, 'km2');
    const rel = t.isZero() ? (sum.isZero() ? new Decimal(0) : new Decimal(1)) : sum.minus(t).abs().div(t);
    const detail = `${scope}: Σ ecosystem areas ${sum.toFixed()} ${unitSymbol('km2')} vs total ${t.toFixed()} ${unitSymbol('km2')} (relative difference ${rel.toSignificantDigits(4).toFixed()}, tolerance ${areaTolerance.toFixed()})`;
    if (rel.greaterThan(areaTolerance)) {
      issues.add(
        issue('AREA_SUM_MISMATCH', path, {
          scope,
          sum: `${sum.toFixed()} km²`,
          total: `${t.toFixed()} km²`,
          relative: rel.toSignificantDigits(4).toFixed(),
          tolerance: areaTolerance.toFixed(),
        }),
      );
      checks.push({ id, status: 'warn', detail });
    } else checks.push({ id, status: 'pass', detail });
  };
  const areas = input.ecosystems.map(km2);
  areaCheck('region', ['totalArea'], areas, input.totalArea);
  // Each zone's rows, gathered in one pass over the ecosystems (not one pass per zone).
  const byZone = new Map<string, Decimal[]>();
  input.ecosystems.forEach((e, i) => {
    if (e.zone === undefined) return;
    const list = byZone.get(e.zone);
    if (list) list.push(areas[i] as Decimal);
    else byZone.set(e.zone, [areas[i] as Decimal]);
  });
  input.zones.forEach((z, i) => {
    if (z.area === undefined) return;
    areaCheck(`zone ${z.id}`, ['zones', i, 'area'], byZone.get(z.id) ?? [], z.area);
  });
  return checks;
}
