import { readFileSync, writeFileSync } from 'node:fs';
import { format, resolveConfig } from 'prettier';
import { describe, expect, it } from 'vitest';
import { METHODS } from '../indicators';
import { bundledProfiles } from '../profiles/bundled';

const FILE = new URL('./ids.ts', import.meta.url);

/** ids.ts as the bundled profiles and the method registry define it (before formatting). */
function source(): string {
  const union = (xs: Iterable<string>) =>
    [...new Set(xs)]
      .sort()
      .map((x) => `\n  | '${x}'`)
      .join('');
  const profiles = bundledProfiles();
  return `// Generated from the bundled profiles and the method registry by src/account/ids.test.ts
// (UPDATE_IDS=1 npx vitest run src/account/ids.test.ts); do not edit by hand.

/** A bundled profile id. */
export type BundledProfileId =${union(profiles.map((p) => p.id))};

/** An indicator code of a bundled profile. */
export type BundledIndicatorCode =${union(profiles.flatMap((p) => p.indicators.map((i) => i.code)))};

/** A built-in method, \`id@version\`. */
export type BuiltInMethodRef =${union(METHODS.keys())};

/** A profile id: a bundled one (offered by editors) or any other (a profile of one's own). */
export type ProfileId = BundledProfileId | (string & {});
/** An indicator code: a bundled profile's (offered by editors) or any other (a custom indicator's). */
export type IndicatorCode = BundledIndicatorCode | (string & {});
/** A method \`id@version\`: a built-in one (offered by editors) or any other. */
export type MethodRef = BuiltInMethodRef | (string & {});
/** Per indicator code: the bundled codes offered by editors, any other code accepted. */
export type PerIndicator<T> = { [K in BundledIndicatorCode]?: T } & { [code: string]: T };
`;
}

describe('ids.ts', () => {
  it('lists the bundled profile ids, indicator codes and method refs (UPDATE_IDS=1 regenerates it)', async () => {
    const path = FILE.pathname;
    const expected = await format(source(), { ...(await resolveConfig(path)), filepath: path });
    if (process.env.UPDATE_IDS === '1') writeFileSync(FILE, expected);
    expect(readFileSync(FILE, 'utf8')).toBe(expected);
  });
});
