import gbt from '../../profiles/gbt-38582-2020.json';
import gbt46869 from '../../profiles/gbt-46869-2025.json';
import huzhou from '../../profiles/huzhou-db3305-271-2023.json';
import jx from '../../profiles/jx-db36-1402-2021.json';
import mee from '../../profiles/mee-2020.json';
import ndrc from '../../profiles/ndrc-nbs-2022.json';
import rcees from '../../profiles/rcees-2013.json';
import zj from '../../profiles/zj-db33-2274-2020.json';
import zj2025 from '../../profiles/zj-db33-2274-2025.json';
import { fail } from '../core/errors';
import { deepFreeze } from '../core/freeze';
import { type Profile, loadProfile } from './schema';

let cache: Profile[] | undefined;

export function bundledProfiles(): readonly Profile[] {
  // Frozen: every caller shares them (a profile edited in place would change every later account).
  cache ??= deepFreeze([
    loadProfile(jx, ['profiles/jx-db36-1402-2021.json']),
    loadProfile(rcees, ['profiles/rcees-2013.json']),
    loadProfile(mee, ['profiles/mee-2020.json']),
    loadProfile(ndrc, ['profiles/ndrc-nbs-2022.json']),
    loadProfile(zj, ['profiles/zj-db33-2274-2020.json']),
    loadProfile(gbt, ['profiles/gbt-38582-2020.json']),
    loadProfile(gbt46869, ['profiles/gbt-46869-2025.json']),
    loadProfile(zj2025, ['profiles/zj-db33-2274-2025.json']),
    loadProfile(huzhou, ['profiles/huzhou-db3305-271-2023.json']),
  ]);
  return cache;
}

export const DEFAULT_PROFILE = 'jx-db36-1402-2021';

export function bundledProfile(idOrRef: string): Profile {
  const p = bundledProfiles().find((x) => x.id === idOrRef || x.ref === idOrRef);
  if (p === undefined) fail('PROFILE_UNKNOWN', [], { profile: idOrRef, allowed: bundledProfiles().map((x) => x.id).join(', ') });
  return p;
}
