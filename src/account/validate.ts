import type { Classification } from '../coefficients/classification';
import { Decimal } from '../core/decimal';
import { GepError, type Issue, IssueList, type Path, issue } from '../core/errors';
import { type Quantity, convertValue, unitSymbol } from '../core/units';
import { fromZodIssues } from '../core/zod-issues';
import { customIssues } from '../custom/errors';
import { type AccountInput, inputSchema } from '../input/input';

/** Parse an input object; every schema problem is reported at once as one GepError. */
export function parseInput(json: unknown): AccountInput {
  const parsed = inputSchema.safeParse(json, { reportInput: true });
  if (!parsed.success)
    throw new GepError(fromZodIssues(parsed.error.issues, [], 'INPUT_INVALID', [customIssues]));
  return parsed.data;
}

export interface Check {
  id: string;
  status: 'pass' | 'warn' | 'not-applicable';
  detail: string;
}

/**
 * Checks that need the classification: references between records, unknown codes, duplicates, and the area
 * balance. Errors are thrown together; warnings and the check list are returned.
 */
export function checkInput(
  input: AccountInput,
  classification: Classification,
  areaTolerance: Decimal,
): { warnings: Issue[]; checks: Check[] } {
  const issues = new IssueList();
  const zoneIds = new Set<string>();
  input.zones.forEach((z, i) => {
    if (zoneIds.has(z.id)) issues.add(issue('DUPLICATE_ID', ['zones', i, 'id'], { id: z.id }));
    zoneIds.add(z.id);
  });
  const checkZone = (zone: string | undefined, path: Path) => {
    if (zone !== undefined && !zoneIds.has(zone))
      issues.add(issue('ZONE_UNKNOWN', [...path, 'zone'], { zone }));
  };
  const codes = new Set(classification.types.map((t) => t.code));
  const checkType = (type: string, path: Path) => {
    if (!codes.has(type)) {
      issues.add(
        issue('ECOSYSTEM_TYPE_UNKNOWN', path, {
          type,
          classification: classification.ref,
          allowed: [...codes].join(', '),
        }),
      );
    }
  };

  const rows = new Set<string>();
  input.ecosystems.forEach((e, i) => {
    checkZone(e.zone, ['ecosystems', i]);
    checkType(e.type, ['ecosystems', i, 'type']);
    const row = `${e.zone ?? '*'}|${e.type}`;
    if (rows.has(row))
      issues.add(issue('DUPLICATE_ID', ['ecosystems', i], { id: `${e.zone ?? '(region)'} × ${e.type}` }));
    rows.add(row);
  });
  const climateScopes = new Set<string>();
  input.climate.forEach((c, i) => {
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
      const scope = `${c.zone ?? '*'}|${c.ecosystem ?? '*'}|${field}`;
      if (climateScopes.has(scope)) {
        issues.add(
          issue('DUPLICATE_ID', ['climate', i, field], {
            id: `${field} for ${c.zone ?? '(region)'} × ${c.ecosystem ?? '(all types)'}`,
          }),
        );
      }
      climateScopes.add(scope);
    }
  });
  const soilScopes = new Set<string>();
  input.soilFactors.forEach((r, i) => {
    checkZone(r.zone, ['soilFactors', i]);
    checkType(r.ecosystem, ['soilFactors', i, 'ecosystem']);
    const scope = `${r.zone ?? '*'}|${r.ecosystem}`;
    if (soilScopes.has(scope))
      issues.add(
        issue('DUPLICATE_ID', ['soilFactors', i], {
          id: `soil factors ${r.zone ?? '(region)'} × ${r.ecosystem}`,
        }),
      );
    soilScopes.add(scope);
  });
  const retentionScopes = new Set<string>();
  input.soilRetention.forEach((r, i) => {
    checkZone(r.zone, ['soilRetention', i]);
    checkType(r.ecosystem, ['soilRetention', i, 'ecosystem']);
    const scope = `${r.zone ?? '*'}|${r.ecosystem}`;
    // Totals are summed: a region-wide total and zone totals of one type would count the soil twice.
    const clash = input.soilRetention.findIndex(
      (o, j) => j !== i && o.ecosystem === r.ecosystem && (o.zone === undefined) !== (r.zone === undefined),
    );
    if (clash >= 0 && r.zone === undefined) {
      issues.add(
        issue('DUPLICATE_ID', ['soilRetention', i], {
          id: `soil retention ${r.ecosystem}: a region-wide total and zone totals overlap`,
        }),
      );
    }
    if (retentionScopes.has(scope))
      issues.add(
        issue('DUPLICATE_ID', ['soilRetention', i], {
          id: `soil retention ${r.zone ?? '(region)'} × ${r.ecosystem}`,
        }),
      );
    retentionScopes.add(scope);
  });
  input.waterBodies.lakes.forEach((r, i) => checkZone(r.zone, ['waterBodies', 'lakes', i]));
  input.waterBodies.reservoirs.forEach((r, i) => checkZone(r.zone, ['waterBodies', 'reservoirs', i]));
  for (const medium of ['water', 'air'] as const) {
    const seen = new Set<string>();
    input.emissions[medium].forEach((r, i) => {
      checkZone(r.zone, ['emissions', medium, i]);
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
    (records as readonly { zone?: string; ecosystem?: string }[]).forEach((r, i) => {
      checkZone(r.zone, [name, i]);
      if (r.ecosystem !== undefined) checkType(r.ecosystem, [name, i, 'ecosystem']);
      if (!scoped) return;
      const scope = `${r.zone ?? '*'}|${r.ecosystem ?? '*'}`;
      if (scopes.has(scope))
        issues.add(
          issue('DUPLICATE_ID', [name, i], { id: `${name} ${r.zone ?? '(region)'} × ${r.ecosystem}` }),
        );
      scopes.add(scope);
    });
  }
  input.customIndicators.forEach((d, i) => {
    checkZone(d.zone, ['customIndicators', i]);
    if (d.ecosystem !== undefined) checkType(d.ecosystem, ['customIndicators', i, 'ecosystem']);
  });
  input.materialProducts.forEach((r, i) => checkZone(r.zone, ['materialProducts', i]));
  input.waterSupply.forEach((r, i) => checkZone(r.zone, ['waterSupply', i]));
  input.energy.forEach((r, i) => checkZone(r.zone, ['energy', i]));
  input.tourism?.segments.forEach((r, i) => checkZone(r.zone, ['tourism', 'segments', i]));
  input.tourism?.revenue.forEach((r, i) => checkZone(r.zone, ['tourism', 'revenue', i]));
  issues.throwIfErrors();

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
  areaCheck('region', ['totalArea'], input.ecosystems.map(km2), input.totalArea);
  input.zones.forEach((z, i) => {
    if (z.area === undefined) return;
    areaCheck(
      `zone ${z.id}`,
      ['zones', i, 'area'],
      input.ecosystems.filter((e) => e.zone === z.id).map(km2),
      z.area,
    );
  });
  return { warnings: issues.warnings, checks };
}
