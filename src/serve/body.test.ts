import { describe, expect, it } from 'vitest';
import { GepError } from '../core/errors';
import { jsonOf } from './body';

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
