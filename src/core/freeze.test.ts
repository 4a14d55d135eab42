import { describe, expect, it } from 'vitest';
import { account } from '../account/account';
import { bundledProfile } from '../profiles/bundled';
import { bundledTable } from '../coefficients/bundled';
import { tinyInput } from '../../test/helpers';
import { Decimal, dec } from './decimal';
import { deepFreeze } from './freeze';

describe('deepFreeze', () => {
  it('freezes a value and everything it holds, Decimals included; primitives pass', () => {
    const v = deepFreeze({ a: [{ b: dec('1.5') }], c: 'x' });
    expect(Object.isFrozen(v)).toBe(true);
    expect(Object.isFrozen(v.a)).toBe(true);
    expect(Object.isFrozen(v.a[0])).toBe(true);
    expect(Object.isFrozen(v.a[0]?.b)).toBe(true);
    // A frozen Decimal still computes (decimal.js returns new values).
    expect(v.a[0]?.b.times(2).toFixed()).toBe('3');
    expect(deepFreeze(3)).toBe(3);
    expect(deepFreeze(null)).toBe(null);
    expect(deepFreeze({ a: null, b: undefined })).toEqual({ a: null, b: undefined });
  });

  it('leaves functions alone: the Decimal constructor a Decimal holds keeps its settings changeable', () => {
    const f = () => 1;
    const v = deepFreeze({ d: dec('2'), f });
    expect(Object.isFrozen(v.d)).toBe(true);
    expect(Object.isFrozen(v.d.constructor)).toBe(false);
    expect(Object.isFrozen(f)).toBe(false);
    const D = v.d.constructor as typeof Decimal;
    const before = D.precision;
    D.set({ precision: before + 1 });
    expect(D.precision).toBe(before + 1);
    D.set({ precision: before });
  });

  it('ends at what is frozen already: a cycle, and a part frozen before (its own parts left as they are)', () => {
    const cycle: { self?: unknown; list: unknown[] } = { list: [] };
    cycle.self = cycle;
    cycle.list.push(cycle);
    expect(deepFreeze(cycle)).toBe(cycle);
    expect(Object.isFrozen(cycle.list)).toBe(true);
    const inner = { n: 1 };
    const shallow = Object.freeze({ inner });
    deepFreeze({ shallow });
    // A value frozen before is taken as it is: its parts are not visited.
    expect(Object.isFrozen(inner)).toBe(false);
  });

  it('the bundled tables and profiles cannot be edited in place: later accounts keep their numbers', () => {
    const before = account(tinyInput()).totals.gep.current;
    const t = bundledTable('rcees-2013-reference');
    const rec = t.records[0] as { value: unknown };
    // ESM is strict: an assignment to a frozen object throws rather than change what every later call reads.
    expect(() => {
      rec.value = dec('999');
    }).toThrow(TypeError);
    const p = bundledProfile('jx-db36-1402-2021');
    expect(() => p.indicators.pop()).toThrow(TypeError);
    expect(account(tinyInput()).totals.gep.current).toBe(before);
  });
});
