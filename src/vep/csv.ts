import { GepError, type Issue, type Path } from '../core/errors';
import { FirstLineEnd, firstCsvField, splitCsv } from '../io/csv';
import { ownValue } from '../core/catalogue';
import { vepIssue } from './errors';
import { RIGHT_KINDS } from './schema';

/**
 * Parcels as CSV (one parcel per line, UTF-8, comma-separated, RFC 4180 quoting within a line, lines ending in LF or
 * CRLF: a file whose lines end in CR alone is refused at its header, crOnly). The header names the columns; `area:<type>` columns carry the area of each ecosystem type in the row's `unit` (an empty
 * cell: the parcel has none of that type — not zero). Rows become the same records as JSON Lines parcels; climate
 * cells are merged over the key's climate (mergeClimate).
 */
const SCALAR = [
  'id',
  'package',
  'key',
  'unit',
  'right',
  'certificate',
  'holder',
  'right_until',
  'encumbrances',
  'note',
] as const;
const CLIMATE = {
  precipitation_mm: 'precipitation',
  evapotranspiration_mm: 'evapotranspiration',
  storm_precipitation_mm: 'stormPrecipitation',
} as const;

/**
 * obj[k] = v as an own data property, like Object.fromEntries: a column "area:__proto__" must give an area
 * named "__proto__" (which the classification then refuses), not set the record's prototype.
 */
function own(obj: Record<string, unknown>, k: string, v: unknown): void {
  if (k === '__proto__')
    Object.defineProperty(obj, k, { value: v, enumerable: true, writable: true, configurable: true });
  else obj[k] = v;
}

interface Column {
  kind: 'scalar' | 'area' | 'climate';
  name: string;
  /** The column's header as the file writes it (trimmed): `area:阔叶林`. */
  header: string;
}

/** The column of each field of a row's right (rights[0]). */
const RIGHT_COLUMNS: Readonly<Record<string, string>> = {
  kind: 'right',
  certificate: 'certificate',
  holder: 'holder',
  until: 'right_until',
};

/** Fields of a climate record that say where it applies (or comment), not what the climate is. */
const SCOPE_FIELDS = new Set(['zone', 'ecosystem', 'note']);

/** The climate list of a key of the valuation context, as written (undefined: no such key). */
type KeyClimate = (key: string) => unknown;

/** The code an `area:<type>` column's type is read as (the type itself when it is a code or reads as none). */
type AreaType = (type: string) => string;

/** The climate fields a CSV row may give (precipitation_mm …), in mm. */
type ClimateCells = Partial<Record<(typeof CLIMATE)[keyof typeof CLIMATE], { value: string; unit: 'mm' }>>;

/**
 * The climate list of a CSV row with climate cells: the key's list with each field the row gives taken out of
 * every record and set on the region-wide record (no zone, no ecosystem; added first when the key has none). So
 * the row's precipitation applies to all its types, and the key's other fields (acDays, relative humidity, the
 * per-type evapotranspiration when the row gives none) stay; a record left without a climate field is dropped.
 * Without a key climate list (no key, an unknown key) the cells are the list's one record.
 */
function mergeClimate(keyClimate: unknown, cells: ClimateCells): Record<string, unknown>[] {
  const given = Object.keys(cells);
  const out: Record<string, unknown>[] = [];
  let region: Record<string, unknown> | undefined;
  for (const r of Array.isArray(keyClimate) ? (keyClimate as unknown[]) : []) {
    if (r === null || typeof r !== 'object' || Array.isArray(r)) {
      out.push(r as Record<string, unknown>); // left for the schema to refuse
      continue;
    }
    const rec: Record<string, unknown> = { ...(r as Record<string, unknown>) };
    for (const f of given) delete rec[f];
    if (region === undefined && rec.zone === undefined && rec.ecosystem === undefined) {
      region = Object.assign(rec, cells);
      out.push(region);
    } else if (Object.keys(rec).some((k) => !SCOPE_FIELDS.has(k))) out.push(rec);
  }
  if (region === undefined) out.unshift({ ...cells });
  return out;
}

/**
 * The refusal of a CSV file whose lines end in a carriage return alone (CR, the line ends of Excel for Mac's “CSV
 * (Macintosh)”, whose text is also in an old Mac encoding, not UTF-8): VEP_CSV_HEADER at the header's line, its
 * hint saying how to save the file. Read as LF lines, its rows would run together into one header (columns such as
 * "hills" or "1P2"); split at each CR, its holders, certificates and notes could have lost their Chinese.
 */
function crOnly(line: number): GepError {
  return new GepError({
    ...vepIssue('VEP_CSV_HEADER', ['line', line], { detail: CR_ONLY }),
    hint: 'Save the file again as “CSV UTF-8 (Comma delimited)” (Excel: File › Save As; WPS: CSV UTF-8), not “CSV (Macintosh)”, whose text is not UTF-8 and loses Chinese characters: its lines then end in CRLF.',
    hintZh:
      '将文件重新另存为“CSV UTF-8（逗号分隔）”（Excel：文件 › 另存为；WPS：CSV UTF-8），不要选“CSV (Macintosh)”，该格式的文本不是 UTF-8，会丢失中文字符：另存后各行以 CRLF 结尾。',
  });
}
const CR_ONLY =
  'its lines end in a carriage return alone (CR), as Excel for Mac saves “CSV (Macintosh)”; gepkit reads lines ending in LF or CRLF';

/**
 * The text of a CSV parcels file as it streams, piece by piece, refused (crOnly) before any line is read when its
 * first line ends in a carriage return alone (FirstLineEnd: a CR inside a quoted field is text); other text passes
 * unchanged, and only the first line is looked at. Put between the decoder and the line splitter: split into LF
 * lines first, a CR-only file is one line, longer than the line limit once it holds some ten thousand parcels.
 *
 * @example
 * ```ts
 * valueParcelsAsync(splitLines(csvText(decodedChunks)), prepared, { format: 'csv' });
 * ```
 */
export async function* csvText(text: AsyncIterable<string>): AsyncGenerator<string> {
  const first = new FirstLineEnd();
  for await (const piece of text) {
    if (first.end === undefined) {
      first.feed(piece);
      if (first.end === 'cr') throw crOnly(1);
    }
    yield piece;
  }
  first.close();
  if (first.end === 'cr') throw crOnly(1);
}

const BLANK_UNIT = "blank: the row's areas need their unit (mu, hm2, km2, m2, 亩, 公顷 …)";

/** Turns CSV rows into parcel records, by the header's columns. */
export class CsvParcels {
  private readonly columns: Column[];
  /** Index of the "unit" column (-1 never happens once the header is accepted). */
  private readonly unitAt: number;
  /** Index of the "id" column (as unitAt, never -1 once the header is accepted). */
  private readonly idAt: number;
  private readonly keyClimate: KeyClimate | undefined;
  /** The header has a "right" column (the kind of a row's right). */
  private readonly rightColumn: boolean;

  /**
   * Throws GepError(VEP_CSV_HEADER) when the header cannot describe parcels, or holds the rows of a file whose lines
   * end in a carriage return alone (crOnly). `keyClimate` gives the climate list of a key, over which a row's
   * climate cells are merged (mergeClimate). `areaType` reads the types of the `area:<type>` columns once, here (a
   * name or land-use class as its code), so that rows carry codes; columns read as one code keep their types as
   * written, for the valuation to read row by row (a row giving two of them is refused there).
   */
  constructor(header: string, line = 1, keyClimate?: KeyClimate, areaType?: AreaType) {
    this.keyClimate = keyClimate;
    const path: Path = ['line', line];
    const end = new FirstLineEnd();
    end.feed(header);
    if (end.end === 'cr') throw crOnly(line);
    const names = splitCsv(header);
    if (typeof names === 'string') throw new GepError(vepIssue('VEP_CSV_HEADER', path, { detail: names }));
    const seen = new Set<string>();
    const problems: Issue[] = [];
    this.columns = names.map((raw) => {
      const n = raw.trim();
      if (seen.has(n))
        problems.push(vepIssue('VEP_CSV_HEADER', path, { detail: `column "${n}" appears twice` }));
      seen.add(n);
      if ((SCALAR as readonly string[]).includes(n)) return { kind: 'scalar', name: n, header: n };
      if (Object.hasOwn(CLIMATE, n))
        return { kind: 'climate', name: CLIMATE[n as keyof typeof CLIMATE], header: n };
      if (n.startsWith('area:') && n.length > 5) return { kind: 'area', name: n.slice(5), header: n };
      problems.push(
        vepIssue('VEP_CSV_HEADER', path, {
          detail: `unknown column "${n}" (expected ${SCALAR.join(', ')}, area:<type>, ${Object.keys(CLIMATE).join(', ')})`,
        }),
      );
      return { kind: 'scalar', name: n, header: n };
    });
    if (!seen.has('id')) problems.push(vepIssue('VEP_CSV_HEADER', path, { detail: 'no "id" column' }));
    if (!this.columns.some((c) => c.kind === 'area'))
      problems.push(vepIssue('VEP_CSV_HEADER', path, { detail: 'no area:<type> column' }));
    if (!seen.has('unit'))
      problems.push(vepIssue('VEP_CSV_HEADER', path, { detail: 'no "unit" column (the unit of the areas)' }));
    if (problems.length > 0) throw new GepError(problems);
    if (areaType !== undefined) {
      const codes = this.columns.map((c) => (c.kind === 'area' ? areaType(c.name) : undefined));
      codes.forEach((code, i) => {
        if (code !== undefined && codes.indexOf(code) === codes.lastIndexOf(code))
          (this.columns[i] as Column).name = code;
      });
    }
    this.unitAt = this.columns.findIndex((c) => c.kind === 'scalar' && c.name === 'unit');
    this.idAt = this.columns.findIndex((c) => c.kind === 'scalar' && c.name === 'id');
    this.rightColumn = seen.has('right');
  }

  /**
   * The issues of a row (its refusal, a valued parcel's warnings), said in the file's terms: each at the column of
   * the cell it concerns
   * (`line[4].right`, not the record's `line[4].rights[0].kind`; `line[3].unit` for an area's unit;
   * `line[5].area:阔叶林` for an area as the header writes its column), where one cell is concerned; an issue of
   * the whole row or of no cell (`line[3].areas`: no area at all) keeps its path. In a file without a "right"
   * column, a right given by certificate, holder or right_until has no kind, and its refusal names the missing
   * column. A row whose right cells are all blank gives no right, so needs no kind.
   */
  named(issues: Issue[]): Issue[] {
    let out: Issue[] | undefined;
    for (let k = 0; k < issues.length; k++) {
      const i = issues[k] as Issue;
      const said = this.said(i);
      if (said !== i) (out ??= issues.slice())[k] = said;
    }
    return out ?? issues; // the list itself where nothing moved (a parcel's warnings at the row, as most are)
  }

  /** One issue said at its column (named), or the issue itself. */
  private said(i: Issue): Issue {
    const [, line] = i.path;
    if (typeof line !== 'number') return i;
    const column = this.columnOf(i.path.slice(2));
    if (column === undefined) return i;
    const path = ['line', line, column];
    // In a file without a "right" column, the one error there is the right's kind the row could not give.
    return !this.rightColumn && column === 'right' && i.severity === 'error'
      ? vepIssue('VEP_PARCEL_INVALID', path, {
          detail: `no "right" column: the row gives a right (certificate, holder or right_until), whose kind (${RIGHT_KINDS.join(', ')}) goes in a "right" column`,
        })
      : { ...i, path };
  }

  /**
   * The header of the column a record field comes from (`rest`: the field's path in the record), or undefined
   * where no one cell gives it: the record itself, its areas as a whole, a climate field the row has no column for.
   * A right's kind is the "right" column also in a file without one (`named` says so).
   */
  private columnOf(rest: Path): string | undefined {
    const [field, key, sub] = rest;
    if (field === 'areas') {
      if (sub === 'unit') return 'unit';
      return this.columns.find((c) => c.kind === 'area' && c.name === key)?.header;
    }
    if (field === 'rights') return key === 0 ? ownValue(RIGHT_COLUMNS, String(sub)) : undefined;
    if (field === 'context' && key === 'climate')
      return this.columns.find((c) => c.kind === 'climate' && c.name === rest[3])?.header;
    return this.columns.find((c) => c.kind === 'scalar' && c.name === field)?.header;
  }

  /**
   * The id cell of a row (trimmed, as the record takes it), read from the row's text also where `row` refuses the
   * row before its record is made: by its column in a row whose cells read and match the header in number. In a row
   * whose cells do not (a quote out of place, a cell too many or too few), a cell after the first may have been
   * shifted by a stray or missing comma before it, so the id is read only when its column is the first (as in
   * examples/vep/parcels.csv) and that cell reads (firstCsvField). Otherwise undefined.
   */
  idOf(text: string): string | undefined {
    const fields = splitCsv(text);
    if (typeof fields === 'string') return this.idAt === 0 ? firstCsvField(text)?.trim() : undefined;
    return fields.length === this.columns.length || this.idAt === 0
      ? (fields[this.idAt] as string).trim()
      : undefined;
  }

  /** One data row → a parcel record (JSON shape), or the issues of a row that cannot be split. */
  row(text: string, line: number): Record<string, unknown> | Issue[] {
    const fields = splitCsv(text);
    const path: Path = ['line', line];
    if (typeof fields === 'string') return [vepIssue('VEP_CSV_INVALID', path, { detail: fields })];
    if (fields.length !== this.columns.length)
      return [
        vepIssue('VEP_CSV_INVALID', path, {
          detail: `${fields.length} fields, the header has ${this.columns.length}`,
        }),
      ];
    const s: Record<string, string> = {};
    let areas: Record<string, { value: string; unit: string }> | undefined;
    let climate: ClimateCells | undefined;
    // A plain loop over the columns (no closure, no intermediate [type, value] pairs and Object.fromEntries):
    // the same record, built with the same key order. The unit is read first since the areas carry it.
    const unit = this.unitAt < 0 ? '' : (fields[this.unitAt] as string).trim();
    for (let i = 0; i < this.columns.length; i++) {
      const v = (fields[i] as string).trim();
      if (v === '') continue; // an empty cell is an absent field, never a zero
      const c = this.columns[i] as Column;
      if (c.kind === 'scalar') s[c.name] = v;
      else if (c.kind === 'area') own((areas ??= {}), c.name, { value: v, unit });
      else (climate ??= {})[c.name as keyof ClimateCells] = { value: v, unit: 'mm' };
    }
    // A blank unit cell would be read as the unit "" (UNIT_UNKNOWN ""): said as the blank cell it is.
    if (unit === '' && areas !== undefined)
      return [vepIssue('VEP_PARCEL_INVALID', [...path, 'unit'], { detail: BLANK_UNIT })];
    const rec: Record<string, unknown> = { id: s.id ?? '' };
    if (s.package !== undefined) rec.package = s.package;
    if (s.key !== undefined) rec.key = s.key;
    rec.areas = areas ?? {};
    if (climate !== undefined) {
      const keyClimate = s.key === undefined ? undefined : this.keyClimate?.(s.key);
      rec.context = { climate: mergeClimate(keyClimate, climate) };
    }
    // Any of the right's columns builds the right; the schema refuses what it lacks (rights[0].kind: "right",
    // named as a missing column by `named` when the header has none).
    if (
      s.right !== undefined ||
      s.certificate !== undefined ||
      s.holder !== undefined ||
      s.right_until !== undefined
    ) {
      const r: Record<string, string> = {};
      if (s.right !== undefined) r.kind = s.right;
      if (s.certificate !== undefined) r.certificate = s.certificate;
      if (s.holder !== undefined) r.holder = s.holder;
      if (s.right_until !== undefined) r.until = s.right_until;
      rec.rights = [r];
    }
    if (s.encumbrances !== undefined) {
      const es = encumbrances(s.encumbrances);
      if (typeof es === 'string')
        return [
          vepIssue('VEP_CSV_INVALID', [...path, 'encumbrances'], {
            detail: `column "encumbrances": ${es} (expected kind@until;kind, e.g. mortgage@2026-06-30;lease)`,
          }),
        ];
      rec.encumbrances = es;
    }
    if (s.note !== undefined) rec.note = s.note;
    return rec;
  }
}

/**
 * An `encumbrances` cell (`kind@until;kind`) → encumbrance records, or why it cannot be read: an entry with more
 * than one `@`, or an empty kind, until or entry, would otherwise lose a part silently.
 */
function encumbrances(cell: string): { kind: string; until?: string }[] | string {
  const out: { kind: string; until?: string }[] = [];
  for (const entry of cell.split(';')) {
    const parts = entry.split('@').map((x) => x.trim());
    const [kind, until] = parts as [string, string | undefined];
    if (parts.length > 2) return `"${entry.trim()}" has more than one @`;
    if (kind === '' || until === '') return `"${cell}" has an empty part`;
    out.push(until === undefined ? { kind } : { kind, until });
  }
  return out;
}
