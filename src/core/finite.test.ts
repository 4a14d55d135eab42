import { describe, expect, it } from 'vitest';
import { Decimal } from './decimal';
import { GepError } from './errors';
import { assertFinite } from './finite';

const codeAt = (v: unknown) => {
  try {
    assertFinite(v);
    return 'ok';
  } catch (e) {
    return e instanceof GepError ? `${e.code} ${e.issues[0]?.path.join('.')}` : String(e);
  }
};

describe('assertFinite: no figure is written unless finite', () => {
  it('refuses Infinity and NaN as strings, numbers and Decimals, with the path', () => {
    // GEP printed as "Infinity" (a Decimal's toFixed of an overflowed total) is refused before it is written.
    expect(codeAt({ gep: { current: 'Infinity' } })).toBe('RESULT_NOT_FINITE gep.current');
    expect(codeAt({ perKm2: ['1', '-Infinity'] })).toBe('RESULT_NOT_FINITE perKm2.1');
    expect(codeAt({ v: Number.NaN })).toBe('RESULT_NOT_FINITE v');
    expect(codeAt({ v: new Decimal(Infinity) })).toBe('RESULT_NOT_FINITE v');
  });
  it('passes finite results and text fields that merely read like a non-finite number', () => {
    expect(codeAt({ region: { name: 'NaN' }, gep: { current: '12.50' }, n: 3, d: new Decimal('1e25') })).toBe(
      'ok',
    );
  });
});

describe('assertFinite: what the refusal names', () => {
  const issueOf = (v: unknown) => {
    try {
      assertFinite(v);
    } catch (e) {
      if (e instanceof GepError) return e.issues[0];
    }
    return undefined;
  };
  it('the value, the dotted place (or the root) and array places as numbers', () => {
    expect(issueOf({ perKm2: ['1', 'NaN'] })).toMatchObject({
      code: 'RESULT_NOT_FINITE',
      path: ['perKm2', 1],
      params: { value: 'NaN', at: 'perKm2.1' },
    });
    expect(issueOf('-Infinity')?.params).toEqual({ value: '-Infinity', at: '(root)' });
  });
  it('a path given is the prefix of the offender’s, at any depth', () => {
    try {
      assertFinite({ x: [{ y: { z: [1, Number.POSITIVE_INFINITY] } }] }, ['result', 'gep']);
      expect.unreachable();
    } catch (e) {
      expect((e as GepError).issues[0]?.path).toEqual(['result', 'gep', 'x', 0, 'y', 'z', 1]);
    }
  });
  it('passes a source whose document, clause or url reads "Infinity" or "NaN": they are citations', () => {
    expect(
      codeAt({ coefficients: [{ source: { document: 'Infinity', clause: 'NaN', url: '-Infinity' } }] }),
    ).toBe('ok');
  });
  it('names the string in an array, not the array, when it is the array’s only element', () => {
    // String(['NaN']) is "NaN" too: the element is the figure, at x.0
    expect(codeAt({ x: ['NaN'] })).toBe('RESULT_NOT_FINITE x.0');
    expect(codeAt({ name: ['NaN'] })).toBe('RESULT_NOT_FINITE name.0');
  });
  it('walks past nulls', () => {
    // the walk takes the last member first: the null of "a" is read before "b"
    expect(issueOf({ b: 'Infinity', a: null })?.path).toEqual(['b']);
    expect(issueOf({ a: null, b: [null, { c: '1' }] })).toBeUndefined();
  });
});
