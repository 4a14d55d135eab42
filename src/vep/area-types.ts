import { shortValue } from '../core/decimal';
import { bundledClassification } from '../coefficients/bundled';
import { bundledCrosswalks } from '../coefficients/crosswalk';
import { type Issue, type Path, issue } from '../core/errors';
import { type TypeReading, ambiguousType, mappedType, typeReader } from '../input/type-names';

/**
 * The ecosystem types of a parcel's areas (the keys of a JSON Lines parcel's `areas`, a CSV header's `area:<type>`
 * columns), read by the rule of an account input's types (input/type-names.ts; docs/input-format.md, Ecosystem
 * types by name or land-use class): a code of the classification as it is; the classification's Chinese or English
 * name of a type (阔叶林, "Broadleaf forest") as its code, without a word; a land-use class of the bundled crosswalk
 * (0101, 灌木林地) as the code it maps to, with ECOSYSTEM_TYPE_MAPPED. A class that determines no one type (0301
 * 乔木林地) is refused with its candidates (ECOSYSTEM_TYPE_AMBIGUOUS), anything else is ECOSYSTEM_TYPE_UNKNOWN. A
 * valuation context takes no type mapping of the user's, so the hints say to write the code.
 *
 * Each form is looked up once (up to FORMS_KEPT forms): its code and its warning are kept, so that a batch of
 * parcels written with names pays a map lookup per area, and every parcel of a form shares one warnings list.
 */
export type AreaType =
  { ok: true; code: string; warnings: readonly Issue[] } | { ok: false; refusal: (path: Path) => Issue };

/** Most forms kept with their reading (the forms a classification and its crosswalks read are a few hundred). */
const FORMS_KEPT = 1000;

export class AreaTypes {
  private read: ((given: string) => TypeReading | undefined) | undefined;
  private readonly known = new Map<string, Extract<AreaType, { ok: true }>>();
  private readonly unknown: { classification: string; allowed: string };

  /** `classification`: the id of the profile's classification (bundled). */
  constructor(private readonly classification: string) {
    const c = bundledClassification(classification);
    this.unknown = { classification: c.ref, allowed: c.types.map((t) => t.code).join(', ') };
  }

  /**
   * How a form that is not a code of the classification reads: its code, with the crosswalk's ECOSYSTEM_TYPE_MAPPED
   * (without a path: it concerns the form, wherever it is written) or none for a name; or its refusal, located
   * where the caller says.
   */
  of(written: string): AreaType {
    const seen = this.known.get(written);
    if (seen !== undefined) return seen;
    // The crosswalk is loaded (and its rules built) on the first form that is not a code.
    this.read ??= typeReader(bundledClassification(this.classification), bundledCrosswalks());
    const r = this.read(written);
    if (r === undefined)
      return {
        ok: false,
        refusal: (path) =>
          issue('ECOSYSTEM_TYPE_UNKNOWN', path, { type: shortValue(written), ...this.unknown }),
      };
    if (r.kind === 'ambiguous') return { ok: false, refusal: (path) => ambiguousArea(written, r, path) };
    const read = {
      ok: true as const,
      code: r.code,
      warnings: r.kind === 'crosswalk' ? [mapped(written, r)] : [],
    };
    if (this.known.size < FORMS_KEPT) this.known.set(written, read);
    return read;
  }
}

/**
 * ECOSYSTEM_TYPE_AMBIGUOUS with a hint in a parcel's terms (a valuation context has no type mapping): the
 * crosswalk's note first, when it has one (a Chinese note that does not end a sentence is followed by a space).
 */
export function ambiguousArea(
  given: string,
  r: Extract<TypeReading, { kind: 'ambiguous' }>,
  path: Path,
): Issue {
  const i = ambiguousType(given, r, path);
  const candidates = r.candidates.join(', ');
  const noteZh = r.noteZh === '' || /[。！？]$/u.test(r.noteZh) ? r.noteZh : `${r.noteZh} `;
  return {
    ...i,
    hint: `${r.note === '' ? '' : `${r.note} `}Write the code of the type the area is (${candidates}) in its place: the key in "areas", or the column area:<code> of a CSV.`,
    hintZh: `${noteZh}请改为填写该面积实际所属类型的代码（${candidates}）：写作 "areas" 中的键，或 CSV 的列名 area:<code>。`,
  };
}

/** ECOSYSTEM_TYPE_MAPPED with a hint in a parcel's terms, without a path. */
function mapped(given: string, r: Extract<TypeReading, { kind: 'crosswalk' }>): Issue {
  return {
    ...mappedType(given, r, []),
    hint: 'Check the mapping; to choose another type, write its code in place of the class (the key in "areas", or the column area:<code> of a CSV).',
    hintZh: '检查该映射；如需改选，请改为填写类型代码（"areas" 中的键，或 CSV 的列名 area:<code>）。',
  };
}
