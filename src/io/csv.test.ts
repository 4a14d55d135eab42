import { describe, expect, it } from 'vitest';
import { FirstLineEnd, csvLine, firstCsvField, sheetCsvLine, splitCsv } from './csv';

describe('csvLine', () => {
  it('quotes a field with a comma, quote or line break; empty for undefined and null', () => {
    expect(csvLine(['a', 'b,c', 'say "x"', 'l1\nl2', undefined, null, 3])).toBe(
      'a,"b,c","say ""x""","l1\nl2",,,3\n',
    );
  });
  it('writes every text as it is, formula-like ones too: a reader gets the fields back', () => {
    expect(splitCsv(csvLine(['=1+2', '-x', '@a']).trimEnd())).toEqual(['=1+2', '-x', '@a']);
  });
});

describe('sheetCsvLine (a CSV file for Excel and WPS)', () => {
  it('writes a text a spreadsheet would run as a formula after an apostrophe; numbers as they are', () => {
    expect(sheetCsvLine(['=1+2', '+86 10', '-x', '@SUM(A1)', '\tx', '=HYPERLINK("http://x","y")'])).toBe(
      `'=1+2,'+86 10,'-x,'@SUM(A1),'\tx,"'=HYPERLINK(""http://x"",""y"")"\n`,
    );
    expect(sheetCsvLine(['-5.00', '+3', '-.5', '1e-7', '-2E+3', '0', 'a=b', undefined, 'a,b'])).toBe(
      '-5.00,+3,-.5,1e-7,-2E+3,0,a=b,,"a,b"\n',
    );
    // read back, the apostrophe stays: the text is what the cell shows, not what it would compute
    expect(splitCsv(sheetCsvLine(['=1+2', 'x']).trimEnd())).toEqual(["'=1+2", 'x']);
  });
});

describe('firstCsvField', () => {
  it('is the first field splitCsv reads, on lines it reads', () => {
    for (const line of ['P7,a,b', 'P7', '', ',a', '"P,7",a', '"say ""x""",a', '""', '"P7"'])
      expect(firstCsvField(line)).toBe((splitCsv(line) as string[])[0]);
    expect(firstCsvField('"say ""x""",a')).toBe('say "x"');
    expect(firstCsvField('""')).toBe('');
  });
  it('reads it also on a line refused after it: a quote out of place, or unterminated, further on', () => {
    expect(splitCsv('P7,a"b')).toBeTypeOf('string');
    expect(firstCsvField('P7,a"b')).toBe('P7');
    expect(firstCsvField('"P,7",a,"b')).toBe('P,7');
    expect(firstCsvField('"P""7",x"')).toBe('P"7');
  });
  it('undefined where the field itself cannot be read', () => {
    expect(firstCsvField('P"7,a')).toBeUndefined(); // a quote inside an unquoted field
    expect(firstCsvField('P"7')).toBeUndefined(); // the same, the line's one field
    expect(firstCsvField('"P7,a')).toBeUndefined(); // unterminated
    expect(firstCsvField('"P7""')).toBeUndefined(); // an escaped quote, then no closing one
    expect(firstCsvField('"P7"x,a')).toBeUndefined(); // a character after the closing quote
  });
});

describe('FirstLineEnd', () => {
  /** The first line's end of a text given in these pieces (closed at the end when `closed`). */
  const endOf = (pieces: string[], closed = false) => {
    const e = new FirstLineEnd();
    for (const p of pieces) e.feed(p);
    if (closed) e.close();
    return e.end;
  };

  it('LF and CRLF end a line as LF; a CR followed by anything else ends it alone', () => {
    expect(endOf(['id,unit\nP1,hm2\n'])).toBe('lf');
    expect(endOf(['id,unit\r\nP1,hm2\r\n'])).toBe('lf');
    expect(endOf(['id,unit\rP1,hm2\r'])).toBe('cr');
    expect(endOf(['id,unit\r\r\n'])).toBe('cr');
    // a file saved as one line ending in CR alone
    expect(endOf(['id,unit\r'], true)).toBe('cr');
  });

  it('a CR inside a quoted field is text (doubled quotes included); an LF ends the line wherever it is', () => {
    expect(endOf(['id,"a\rb",unit\nP1,x,hm2\n'])).toBe('lf');
    expect(endOf(['id,"say ""a\rb""",unit\r\n'])).toBe('lf');
    expect(endOf(['id,"a\rb"\rP1'])).toBe('cr');
    expect(endOf(['id,"a\nb"'])).toBe('lf');
  });

  it('is read across pieces: a CRLF split between two pieces is LF, a CR at the end of a piece waits for the next', () => {
    expect(endOf(['id,unit\r', '\nP1,hm2\r\n'])).toBe('lf');
    expect(endOf(['id,unit\r', 'P1'])).toBe('cr');
    expect(endOf(['id,unit\r'])).toBeUndefined();
    expect(endOf(['id,"a', '\rb",unit', '\n'])).toBe('lf');
    expect(endOf(['id,unit'], true)).toBeUndefined();
    // once known, the rest is not read
    expect(endOf(['id\n', 'a\rb'])).toBe('lf');
  });
});
