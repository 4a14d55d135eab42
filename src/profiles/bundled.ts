import jx from '../../profiles/jx-db36-1402-2021.json';
import { fail } from '../core/errors';
import { type Profile, loadProfile } from './schema';

let cache: Profile[] | undefined;

export function bundledProfiles(): readonly Profile[] {
  cache ??= [loadProfile(jx, ['profiles/jx-db36-1402-2021.json'])];
  return cache;
}

export const DEFAULT_PROFILE = 'jx-db36-1402-2021';

export function bundledProfile(idOrRef: string): Profile {
  const p = bundledProfiles().find((x) => x.id === idOrRef || x.ref === idOrRef);
  if (p === undefined) fail('PROFILE_UNKNOWN', [], { profile: idOrRef, allowed: bundledProfiles().map((x) => x.id).join(', ') });
  return p;
}
