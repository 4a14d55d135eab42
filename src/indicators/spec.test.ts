import { describe, expect, it } from 'vitest';
import { methodRef } from './spec';

describe('methodRef', () => {
  it("joins a method's id and version with an @", () => {
    expect(methodRef({ id: 'carbon.npp-stoichiometry', version: 1 })).toBe('carbon.npp-stoichiometry@1');
    expect(methodRef({ id: 'x', version: 12 })).toBe('x@12');
  });

  it('tells apart two versions of one method', () => {
    const v1 = methodRef({ id: 'water.balance', version: 1 });
    const v2 = methodRef({ id: 'water.balance', version: 2 });
    expect([v1, v2]).toEqual(['water.balance@1', 'water.balance@2']);
  });
});
