import { describe, expect, it } from 'vitest';
import { GepError } from '../core/errors';
import { declaredCharset, jsonOf } from './body';

const issuesOf = (text: string) => {
  try {
    jsonOf(new TextEncoder().encode(text));
  } catch (e) {
    if (e instanceof GepError) return e.issues.map((i) => [i.code, i.path, i.message.en]);
    throw e;
  }
  throw new Error('expected a GepError');
};

describe('jsonOf: a request body read whole', () => {
  it('a number no double holds is NUMBER_OUT_OF_RANGE at its field, as written', () => {
    expect(issuesOf('{"region": {"name": "x"}, "year": 1e309}')).toEqual([
      [
        'NUMBER_OUT_OF_RANGE',
        ['year'],
        'Number out of range: 1e309; its magnitude must be below 1e21 and, unless zero, at least 1e-30',
      ],
    ]);
  });

  it('numbers a double holds pass', () => {
    expect(jsonOf(new TextEncoder().encode('{"year": 2020, "area": 1e20}'))).toEqual({
      year: 2020,
      area: 1e20,
    });
  });
});

describe('declaredCharset', () => {
  it('reads charset=utf-8 in any case, quoted or not, and nothing else', () => {
    expect(declaredCharset('application/x-ndjson; charset=utf-8')).toBe('utf-8');
    expect(declaredCharset('application/json;charset="UTF8"')).toBe('utf-8');
    expect(declaredCharset('text/csv; header=present; Charset = Utf-8')).toBe('utf-8');
    expect(declaredCharset('text/csv; charset=gbk')).toBeUndefined();
    expect(declaredCharset('text/csv')).toBeUndefined();
    expect(declaredCharset(undefined)).toBeUndefined();
  });

  it('a JSON body declared UTF-8 is read so, where undeclared it is GB18030 by chance', () => {
    // 石 in GBK is CA AF: valid UTF-8 ("ʯ") by chance
    const bytes = new Uint8Array([
      ...new TextEncoder().encode('{"name":"'),
      0xca,
      0xaf,
      ...new TextEncoder().encode('"}'),
    ]);
    expect(jsonOf(bytes)).toEqual({ name: '石' });
    expect(jsonOf(bytes, undefined, 'utf-8')).toEqual({ name: 'ʯ' });
  });
});
