import { GepError, type Issue, type Path } from '../core/errors';
import { vepIssue } from './errors';

/**
 * Parcels as CSV (one parcel per line, UTF-8, comma-separated, RFC 4180 quoting within a line). The header
 * names the columns; `area:<type>` columns carry the area of each ecosystem type in the row's `unit` (an empty
 * cell: the parcel has none of that type — not zero). Rows become the same records as JSON Lines parcels.
 */
const SCALAR = [
  'id',
  'package',
  'key',
  'unit',
  'right',
  'certificate',
  'holder',
  'encumbrances',
  'note',
] as const;
const CLIMATE = {
  precipitation_mm: 'precipitation',
  evapotranspiration_mm: 'evapotranspiration',
  storm_precipitation_mm: 'stormPrecipitation',
} as const;

/** Split one CSV line into fields; a string is the reason it cannot be split. */
export function splitCsv(line: string): string[] | string {
  if (!line.includes('"')) return line.split(',');
  const out: string[] = [];
  let i = 0;
  for (;;) {
    if (line[i] === '"') {
      let v = '';
      i += 1;
      for (;;) {
        const j = line.indexOf('"', i);
        if (j < 0) return 'unterminated quoted field (a field cannot span lines)';
        v += line.slice(i, j);
        if (line[j + 1] === '"') {
          v += '"';
          i = j + 2;
          continue;
        }
        i = j + 1;
        break;
      }
      out.push(v);
      if (i === line.length) return out;
      if (line[i] !== ',') return `unexpected character after a quoted field at position ${i + 1}`;
      i += 1;
    } else {
      const j = line.indexOf(',', i);
      const v = j < 0 ? line.slice(i) : line.slice(i, j);
      if (v.includes('"')) return `a quote inside an unquoted field at position ${i + 1}`;
      out.push(v);
      if (j < 0) return out;
      i = j + 1;
    }
  }
}

interface Column {
  kind: 'scalar' | 'area' | 'climate';
  name: string;
}

/** Turns CSV rows into parcel records, by the header's columns. */
export class CsvParcels {
  private readonly columns: Column[];

  /** Throws GepError(VEP_CSV_HEADER) when the header cannot describe parcels. */
  constructor(header: string, line = 1) {
    const path: Path = ['line', line];
    const names = splitCsv(header);
    if (typeof names === 'string') throw new GepError(vepIssue('VEP_CSV_HEADER', path, { detail: names }));
    const seen = new Set<string>();
    const problems: Issue[] = [];
    this.columns = names.map((raw) => {
      const n = raw.trim();
      if (seen.has(n))
        problems.push(vepIssue('VEP_CSV_HEADER', path, { detail: `column "${n}" appears twice` }));
      seen.add(n);
      if ((SCALAR as readonly string[]).includes(n)) return { kind: 'scalar', name: n };
      if (n in CLIMATE) return { kind: 'climate', name: CLIMATE[n as keyof typeof CLIMATE] };
      if (n.startsWith('area:') && n.length > 5) return { kind: 'area', name: n.slice(5) };
      problems.push(
        vepIssue('VEP_CSV_HEADER', path, {
          detail: `unknown column "${n}" (expected ${SCALAR.join(', ')}, area:<type>, ${Object.keys(CLIMATE).join(', ')})`,
        }),
      );
      return { kind: 'scalar', name: n };
    });
    if (!seen.has('id')) problems.push(vepIssue('VEP_CSV_HEADER', path, { detail: 'no "id" column' }));
    if (!this.columns.some((c) => c.kind === 'area'))
      problems.push(vepIssue('VEP_CSV_HEADER', path, { detail: 'no area:<type> column' }));
    if (!seen.has('unit'))
      problems.push(vepIssue('VEP_CSV_HEADER', path, { detail: 'no "unit" column (the unit of the areas)' }));
    if (problems.length > 0) throw new GepError(problems);
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
    const areas: [string, string][] = [];
    const climate: Record<string, { value: string; unit: 'mm' }> = {};
    this.columns.forEach((c, i) => {
      const v = (fields[i] as string).trim();
      if (v === '') return; // an empty cell is an absent field, never a zero
      if (c.kind === 'scalar') s[c.name] = v;
      else if (c.kind === 'area') areas.push([c.name, v]);
      else climate[c.name] = { value: v, unit: 'mm' };
    });
    const rec: Record<string, unknown> = { id: s.id ?? '' };
    if (s.package !== undefined) rec.package = s.package;
    if (s.key !== undefined) rec.key = s.key;
    const unit = s.unit ?? '';
    rec.areas = Object.fromEntries(areas.map(([t, v]) => [t, { value: v, unit }]));
    if (Object.keys(climate).length > 0) rec.context = { climate: [climate] };
    if (s.right !== undefined || s.certificate !== undefined || s.holder !== undefined) {
      const r: Record<string, string> = {};
      if (s.right !== undefined) r.kind = s.right;
      if (s.certificate !== undefined) r.certificate = s.certificate;
      if (s.holder !== undefined) r.holder = s.holder;
      rec.rights = [r];
    }
    if (s.encumbrances !== undefined)
      rec.encumbrances = s.encumbrances.split(';').map((e) => {
        const [kind, until] = e.trim().split('@');
        return until === undefined ? { kind } : { kind, until };
      });
    if (s.note !== undefined) rec.note = s.note;
    return rec;
  }
}
