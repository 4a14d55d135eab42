/**
 * CSV lines: RFC 4180 quoting within one line (a field cannot span lines), comma-separated. Platform-neutral.
 */
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

/**
 * The first field of a CSV line as splitCsv reads it, also where splitCsv refuses the line for a problem after
 * that field; undefined when the field itself cannot be read (an unterminated quote, a character after its
 * closing quote, a quote inside an unquoted field).
 *
 * @example
 * ```ts
 * firstCsvField('"P,7",a,"b'); // 'P,7' (splitCsv refuses the line: its last quote is not closed)
 * firstCsvField('P"7,a'); // undefined
 * ```
 */
export function firstCsvField(line: string): string | undefined {
  if (line[0] !== '"') {
    const j = line.indexOf(',');
    const v = j < 0 ? line : line.slice(0, j);
    return v.includes('"') ? undefined : v;
  }
  let v = '';
  let i = 1;
  for (;;) {
    const j = line.indexOf('"', i);
    if (j < 0) return undefined;
    v += line.slice(i, j);
    if (line[j + 1] !== '"') return j + 1 === line.length || line[j + 1] === ',' ? v : undefined;
    v += '"';
    i = j + 2;
  }
}

/**
 * How the first line of a CSV text ends, read a piece at a time as the text streams: `'lf'` for a line feed (LF or
 * CRLF), `'cr'` for a carriage return alone (CR not followed by LF, outside a quoted field: the line ends of a
 * file saved as Excel for Mac's “CSV (Macintosh)”); undefined while the line goes on. A CR inside a quoted field
 * is the field's text, and an LF ends the line wherever it is (a field cannot span lines). Only the first line is
 * read: a file's line ends are those of its first line.
 *
 * @example
 * ```ts
 * const end = new FirstLineEnd();
 * end.feed('id,unit\rP1,hm2\r');
 * end.end; // 'cr'
 * ```
 */
export class FirstLineEnd {
  /** The first line's end, once read. */
  end: 'lf' | 'cr' | undefined;
  /** Inside a quoted field. */
  private quoted = false;
  /** The text read so far ends with a CR outside a quoted field (an LF may follow in the next piece). */
  private cr = false;

  /** Read the next piece of the text (nothing once the end is known). */
  feed(text: string): void {
    for (let i = 0; i < text.length && this.end === undefined; i++) {
      const c = text.charCodeAt(i);
      if (this.cr) this.end = c === LF ? 'lf' : 'cr';
      else if (c === LF) this.end = 'lf';
      else if (c === QUOTE) this.quoted = !this.quoted;
      else if (c === CR && !this.quoted) this.cr = true;
    }
  }

  /** The text is over: a CR it ended with ended the line alone. */
  close(): void {
    if (this.end === undefined && this.cr) this.end = 'cr';
  }
}
const LF = 0x0a;
const CR = 0x0d;
const QUOTE = 0x22;

/** A CSV field, quoted when it holds a comma, quote or line break (RFC 4180); undefined and null are empty. */
const field = (v: unknown): string => {
  const s = v === undefined || v === null ? '' : String(v);
  return /[",\r\n]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s;
};

/**
 * A field of a CSV file written for a spreadsheet: a text that Excel or WPS would run as a formula (it begins with
 * =, +, -, @, a tab or a carriage return, and is not a number) is written after an apostrophe, which they show as
 * text: `=1+2` is written `'=1+2`. Numbers, negative ones included, are written as they are.
 */
const sheetField = (v: unknown): string => {
  const s = v === undefined || v === null ? '' : String(v);
  return field(FORMULA_START.test(s) && !NUMBER.test(s) ? `'${s}` : s);
};
const FORMULA_START = /^[=+\-@\t\r]/;
const NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

/** One CSV line of fields, with its line break: what a CSV reader gets back field for field. */
export const csvLine = (fields: readonly unknown[]): string => `${fields.map(field).join(',')}\n`;

/**
 * One line of a CSV file written for Excel and WPS (the CSV results, the rejected rows): as csvLine, a text a
 * spreadsheet would run as a formula written after an apostrophe (CSV injection).
 */
export const sheetCsvLine = (fields: readonly unknown[]): string => `${fields.map(sheetField).join(',')}\n`;
