import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { GepError } from '../core/errors';
import { bundledProfile } from '../profiles/bundled';
import { loadProfile } from '../profiles/schema';
import { PARCEL_METHODS, parcelProfile } from './profile';

const file = join(__dirname, '..', '..', 'profiles', 'huzhou-db3305-271-2023.json');
const profile = loadProfile(JSON.parse(readFileSync(file, 'utf8')), ['profiles/huzhou-db3305-271-2023.json']);

describe('Huzhou DB3305/T 271—2023 draft VEP profile', () => {
  it('is a draft that says exactly what was read: the cover and the table of contents', () => {
    expect(profile.status).toBe('draft');
    expect(profile.standard.confirmed).toContain('Only the cover and the table of contents were readable');
    expect(profile.standard.confirmed).toContain('NOT confirmed');
    // every indicator is marked assumed, none claims the standard's authority
    for (const i of profile.indicators) expect(i.note?.startsWith('assumed:')).toBe(true);
    expect(profile.warnBelowGrade).toBe('secondary');
  });

  it('derives a parcel-level subset like any profile', () => {
    const { profile: parcel, left } = parcelProfile(profile);
    expect(parcel.id).toBe('huzhou-db3305-271-2023-parcel');
    expect(left.map((l) => l.code)).toContain('M1');
    expect(parcel.indicators.filter((i) => i.inclusion !== 'excluded').map((i) => i.code)).toContain('R1');
  });
});

describe('the Huzhou profile is bundled', () => {
  // Loads the account modules on first use: seconds on a loaded machine.
  it('by name, and the example county accounts under it', { timeout: 60_000 }, async () => {
    const { bundledProfile } = await import('../profiles/bundled');
    const { account } = await import('../account/account');
    expect(bundledProfile('huzhou-db3305-271-2023').hash).toBe(profile.hash);
    const input = JSON.parse(
      readFileSync(join(__dirname, '..', '..', 'examples', 'jiangxi-county', 'input.json'), 'utf8'),
    );
    const r = account(input, { profile: 'huzhou-db3305-271-2023' });
    expect(r.profile.id).toBe('huzhou-db3305-271-2023');
  });
});

describe('parcelProfile', () => {
  const NOT_PARCEL = [
    ['M1', 'material-products/market-value@1'],
    ['M2', 'material-products/market-value@1'],
    ['M3', 'material-products/market-value@1'],
    ['M4', 'material-products/market-value@1'],
    ['M5', 'water-supply/market-value@1'],
    ['M6', 'ecological-energy/market-value@1'],
    ['R4', 'water-purification/treatment-cost@1'],
    ['R5', 'air-purification/treatment-cost@1'],
    ['C1', 'recreation/travel-cost@1'],
    ['C2', 'landscape/hedonic@1'],
  ];
  const kept = (p: { indicators: readonly { code: string; inclusion: string }[] }) =>
    p.indicators.filter((i) => i.inclusion !== 'excluded').map((i) => i.code);

  it('derives from the Jiangxi profile by default, named and hashed as its own, naming its base', () => {
    const jx = bundledProfile('jx-db36-1402-2021');
    const { profile: derived, base, left } = parcelProfile();
    expect(base).toEqual({ ref: 'jx-db36-1402-2021@0.3.1', hash: jx.hash });
    expect(derived.id).toBe('jx-db36-1402-2021-parcel');
    expect(derived.ref).toBe('jx-db36-1402-2021-parcel@0.3.1');
    expect(derived.hash).not.toBe(jx.hash);
    expect(derived.title).toEqual({
      zh: '江西省地方标准 DB36/T 1402—2021 生态系统生产总值核算技术规范（地块级子集）',
      en: 'Jiangxi DB36/T 1402—2021 GEP accounting (draft profile) — parcel-level subset',
    });
    expect(left).toEqual(NOT_PARCEL.map(([code, m]) => ({ code, reason: `not parcel-level (${m})` })));
    expect(kept(derived)).toEqual(['R1', 'R2', 'R3', 'R6', 'R7', 'R8', 'R9']);
    // every indicator kept, and only those, has a parcel-level method; the others keep their method, excluded
    for (const i of derived.indicators) expect(PARCEL_METHODS.has(i.method)).toBe(i.inclusion !== 'excluded');
    expect(derived.indicators.map((i) => i.code)).toEqual(jx.indicators.map((i) => i.code));
    // the same profile by name, or given as a profile, derives the same subset
    expect(parcelProfile('jx-db36-1402-2021').profile.hash).toBe(derived.hash);
    expect(parcelProfile(jx).profile.hash).toBe(derived.hash);
  });

  it("excludes the context's indicators too, after those that are not parcel-level", () => {
    const { profile: derived, left } = parcelProfile('jx-db36-1402-2021', ['R9', 'M1', 'R2']);
    // M1 is not parcel-level: that is its reason, not the context's
    expect(left.filter((l) => l.code === 'M1')).toEqual([
      { code: 'M1', reason: 'not parcel-level (material-products/market-value@1)' },
    ]);
    expect(left.filter((l) => !l.reason.startsWith('not parcel-level'))).toEqual([
      { code: 'R2', reason: 'excluded by the valuation context' },
      { code: 'R9', reason: 'excluded by the valuation context' },
    ]);
    expect(kept(derived)).toEqual(['R1', 'R3', 'R6', 'R7', 'R8']);
    // a required indicator the context excludes is excluded, not made optional
    expect(derived.indicators.find((i) => i.code === 'R2')?.inclusion).toBe('excluded');
    expect(derived.indicators.find((i) => i.code === 'R1')?.inclusion).toBe('required');
  });

  it('refuses a code the profile does not have: INDICATOR_UNKNOWN at its place, with the closest code', () => {
    const issuesOf = (f: () => unknown) => {
      try {
        f();
      } catch (e) {
        if (e instanceof GepError) return e.issues;
        throw e;
      }
      throw new Error('expected a GepError');
    };
    const issues = issuesOf(() =>
      parcelProfile('jx-db36-1402-2021', ['R9', 'X9', 'r2'], ['context', 'exclude']),
    );
    expect(issues.map((i) => [i.code, i.path, i.params?.code, i.params?.suggestion])).toEqual([
      ['INDICATOR_UNKNOWN', ['context', 'exclude', 1], 'X9', ''],
      ['INDICATOR_UNKNOWN', ['context', 'exclude', 2], 'r2', 'R2'],
    ]);
    // X9 is near no code (closest suggests none for a code of two characters one edit away); r2 is R2 in another case.
    // The default place is the argument itself.
    expect(issuesOf(() => parcelProfile('jx-db36-1402-2021', ['ZZZ']))[0]?.path).toEqual(['exclude', 0]);
  });

  it('leaves an indicator its base excludes as it is, without naming it', () => {
    const { ref: _r, hash: _h, ...data } = bundledProfile('jx-db36-1402-2021');
    const indicators = data.indicators.map((i) =>
      i.code === 'M1' || i.code === 'R3' ? { ...i, inclusion: 'excluded' as const } : i,
    );
    const own = loadProfile(JSON.parse(JSON.stringify({ ...data, id: 'own', indicators })));
    const { profile: derived, left, base } = parcelProfile(own, ['R3']);
    expect(base).toEqual({ ref: own.ref, hash: own.hash });
    expect(derived.id).toBe('own-parcel');
    expect(left.map((l) => l.code)).toEqual(['M2', 'M3', 'M4', 'M5', 'M6', 'R4', 'R5', 'C1', 'C2']);
    expect(kept(derived)).toEqual(['R1', 'R2', 'R6', 'R7', 'R8', 'R9']);
  });
});
