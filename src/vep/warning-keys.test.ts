import { describe, expect, it } from 'vitest';
import type { Issue } from '../core/errors';
import { WarningKeys } from './warning-keys';

const warning = (code: string, path: Issue['path'], params?: Issue['params']): Issue => ({
  code,
  severity: 'warning',
  path,
  message: { zh: '警告', en: 'A warning' },
  hint: 'None.',
  ...(params === undefined ? {} : { params }),
});

/** WarningKeys whose entries record what `make` was given, numbered in order of making. */
function keys() {
  const made: { key: string; code: string; line: number }[] = [];
  const k = new WarningKeys((key, w, line) => {
    made.push({ key, code: w.code, line });
    return made.length;
  });
  return { k, made };
}

describe('the key of a warning', () => {
  it('is [code, path after the line, params without the id] as JSON', () => {
    const { k, made } = keys();
    k.entryOf(
      warning('VEP_RIGHT_EXPIRED', ['line', 2, 'rights', 0, 'until'], { id: 'ZX-1', until: '2020-01-01' }),
      2,
    );
    k.entryOf(warning('VEP_ENCUMBERED', ['line', 3], { id: 'ZX-2', kind: 'lease', n: 2 }), 3);
    k.entryOf(warning('VEP_NO_PARAMS', ['line', 4]), 4);
    expect(made.map((m) => m.key)).toEqual([
      '["VEP_RIGHT_EXPIRED",["rights",0,"until"],{"until":"2020-01-01"}]',
      '["VEP_ENCUMBERED",[],{"kind":"lease","n":2}]',
      '["VEP_NO_PARAMS",[],{}]',
    ]);
    // the same text as JSON.stringify gives
    expect(made[0]!.key).toBe(
      JSON.stringify(['VEP_RIGHT_EXPIRED', ['rights', 0, 'until'], { until: '2020-01-01' }]),
    );
  });

  it('warnings of many parcels differing by their id and line share the first one’s entry', () => {
    const { k, made } = keys();
    const a = k.entryOf(warning('W', ['line', 2, 'rights', 0], { id: 'A', kind: 'lease' }), 2);
    const b = k.entryOf(warning('W', ['line', 9, 'rights', 0], { id: 'B', kind: 'lease' }), 9);
    expect([a, b]).toEqual([1, 1]);
    expect(made).toEqual([{ key: '["W",["rights",0],{"kind":"lease"}]', code: 'W', line: 2 }]);
    expect(k.size).toBe(1);
  });

  it('another code, path after the line or parameter is another entry', () => {
    const { k } = keys();
    const p = { id: 'A', kind: 'lease' };
    expect(k.entryOf(warning('W', ['line', 2, 'rights', 0], p), 2)).toBe(1);
    expect(k.entryOf(warning('W', ['line', 2, 'rights', 1], { ...p }), 2)).toBe(2);
    expect(k.entryOf(warning('W', ['line', 2], { ...p }), 2)).toBe(3);
    expect(k.entryOf(warning('X', ['line', 2, 'rights', 0], { ...p }), 2)).toBe(4);
    expect(k.entryOf(warning('W', ['line', 2, 'rights', 0], { ...p, kind: 'lien' }), 2)).toBe(5);
    expect(k.size).toBe(5);
  });
});

describe('warnings sharing one params object (the fast path)', () => {
  it('are told apart by their code and path, in any order', () => {
    const { k, made } = keys();
    const shared = { id: 'A', kind: 'lease' };
    const w = warning('W', ['line', 2, 'rights', 0], shared);
    const x = warning('X', ['line', 2, 'rights', 0], shared);
    const w1 = warning('W', ['line', 2, 'rights', 1], shared);
    const w0 = warning('W', ['line', 2], shared);
    expect(k.entryOf(w, 2)).toBe(1);
    expect(k.entryOf(w, 3)).toBe(1);
    expect(k.entryOf(x, 3)).toBe(2);
    expect(k.entryOf(w, 4)).toBe(1);
    expect(k.entryOf(w1, 4)).toBe(3);
    expect(k.entryOf(w, 5)).toBe(1);
    expect(k.entryOf(w0, 5)).toBe(4);
    expect(k.entryOf(x, 6)).toBe(2);
    expect(made.map((m) => m.key)).toEqual([
      '["W",["rights",0],{"kind":"lease"}]',
      '["X",["rights",0],{"kind":"lease"}]',
      '["W",["rights",1],{"kind":"lease"}]',
      '["W",[],{"kind":"lease"}]',
    ]);
  });

  it('warnings without params are told apart by their code and path', () => {
    const { k } = keys();
    expect(k.entryOf(warning('W', ['line', 2]), 2)).toBe(1);
    expect(k.entryOf(warning('X', ['line', 2]), 2)).toBe(2);
    expect(k.entryOf(warning('W', ['line', 3]), 3)).toBe(1);
    expect(k.entryOf(warning('W', ['line', 3, 'areas']), 3)).toBe(3);
    expect(k.entryOf(warning('X', ['line', 4]), 4)).toBe(2);
  });
});

describe('the entries', () => {
  it('values in the order they were made, get by key, set from another batch’s key', () => {
    const { k, made } = keys();
    k.entryOf(warning('W', ['line', 2], { kind: 'a' }), 2);
    k.entryOf(warning('X', ['line', 3], { kind: 'b' }), 3);
    expect([...k.values()]).toEqual([1, 2]);
    expect(k.get('["X",[],{"kind":"b"}]')).toBe(2);
    expect(k.get('["Y",[],{}]')).toBeUndefined();
    // a catalogue built from keys another batch made: the entry set is the warning's, nothing is made
    k.set('["Y",[],{}]', 42);
    expect(k.get('["Y",[],{}]')).toBe(42);
    expect(k.entryOf(warning('Y', ['line', 7]), 7)).toBe(42);
    expect(k.size).toBe(3);
    expect([...k.values()]).toEqual([1, 2, 42]);
    expect(made).toHaveLength(2);
  });
});
