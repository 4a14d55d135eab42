import * as z from 'zod/mini';
import { shortValue } from '../core/decimal';
import { canonicalJson } from '../core/canonical';
import { GepError, type Path, issue } from '../core/errors';
import { aRecord, anArray, checkArgument } from '../core/options';
import { closest } from '../core/suggest';
import { DEFAULT_PROFILE, bundledProfile } from '../profiles/bundled';
import { type Profile, loadProfile } from '../profiles/schema';

/**
 * Methods whose every line is driven by one ecosystem row's area: area × per-area terms of the row's own type
 * and climate (thresholds, if any, act on per-area inputs such as an ion concentration, never on the area). For
 * these, value(parcel) = Σ_type area_type × value(1 hm² of the type), which the fast path uses. A method not
 * listed here (yearbook outputs, emissions, tourism, reservoirs, capacity caps) is not parcel-level and is left
 * out of the parcel profile.
 */
export const PARCEL_METHODS: ReadonlySet<string> = new Set([
  'water-conservation/water-balance@1',
  'soil-retention/rusle@1',
  'flood-regulation/storage@1',
  'carbon-sequestration/nep@1',
  'carbon-sequestration/npp-stoichiometry@1',
  'carbon-sequestration/rates@1',
  'oxygen-release/molar@1',
  'oxygen-release/npp@1',
  'climate-regulation/energy@1',
  'negative-ions/forestry@1',
]);

/** A profile's id, or what parcelProfile reads of a profile first (the page and the diff outline it whole). */
const baseOutline = z.union([
  z.string(),
  z.looseObject({ id: z.string(), ref: z.string(), hash: z.string(), title: aRecord, indicators: anArray }),
]);

/**
 * The parcel-level subset of a profile: indicators whose method is in PARCEL_METHODS keep their inclusion,
 * the others (and `exclude`) become `excluded`. The derived profile has its own id (`<id>-parcel`) and content
 * hash, and names the profile it came from. A code of `exclude` the profile does not have is INDICATOR_UNKNOWN at
 * `[...at, i]`, with the closest code, never silently ignored. A base that is neither a profile id nor a profile, or
 * an exclude or a path that is no list, is ARGUMENT_INVALID at its name.
 */
export function parcelProfile(
  base: string | Profile = DEFAULT_PROFILE,
  exclude: readonly string[] = [],
  at: Path = ['exclude'],
) {
  checkArgument(baseOutline, base, ['base']);
  checkArgument(anArray, exclude, ['exclude']);
  checkArgument(anArray, at, ['at']);
  const p = typeof base === 'string' ? bundledProfile(base) : base;
  const known = p.indicators.map((e) => e.code);
  const unknown = exclude.flatMap((code, i) =>
    known.includes(code)
      ? []
      : [
          issue('INDICATOR_UNKNOWN', [...at, i], {
            code: shortValue(code),
            allowed: known.join(', '),
            suggestion: closest(code, known) ?? '',
          }),
        ],
  );
  if (unknown.length > 0) throw new GepError(unknown);
  const left: { code: string; reason: string }[] = [];
  const drop = new Set(exclude);
  const indicators = p.indicators.map((e) => {
    if (e.inclusion === 'excluded') return e;
    if (!PARCEL_METHODS.has(e.method)) {
      left.push({ code: e.code, reason: `not parcel-level (${e.method})` });
      return { ...e, inclusion: 'excluded' as const };
    }
    if (drop.has(e.code)) {
      left.push({ code: e.code, reason: 'excluded by the valuation context' });
      return { ...e, inclusion: 'excluded' as const };
    }
    return e;
  });
  const { ref: _r, hash: _h, ...data } = p;
  const derived = loadProfile(
    JSON.parse(
      canonicalJson({
        ...data,
        id: `${p.id}-parcel`,
        title: { zh: `${p.title.zh}（地块级子集）`, en: `${p.title.en} — parcel-level subset` },
        indicators,
      }),
    ),
  );
  return { profile: derived, base: { ref: p.ref, hash: p.hash }, left };
}
