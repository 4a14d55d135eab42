import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadProfile } from '../profiles/schema';
import { parcelProfile } from './profile';

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
