import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { account } from '../src/account/account';
import { bundledProfile, bundledProfiles } from '../src/profiles/bundled';
import { comparisonMarkdown, diffProfiles, profileMarkdown } from '../src/profiles/compare';

const example = () =>
  JSON.parse(readFileSync(new URL('../examples/jiangxi-county/input.json', import.meta.url), 'utf8'));
const doc = (f: string) => readFileSync(new URL(`../docs/profiles/${f}`, import.meta.url), 'utf8');

describe('bundled profiles', () => {
  it("the national GB/T 46869—2025 and Zhejiang 2025 drafts differ from Jiangxi's as docs/profiles/README.md says", () => {
    const jx = bundledProfile('jx-db36-1402-2021');
    const rows = (id: string) =>
      diffProfiles(bundledProfile(id), jx).indicators.map((i) => `${i.code}:${i.changes.join('+')}`);
    expect(rows('gbt-46869-2025')).toEqual([
      'R10:removed',
      'R11:removed',
      'R3:switches',
      'R4:switches',
      'R5:switches',
      'R9:added',
    ]);
    expect(rows('zj-db33-2274-2025')).toEqual(['R9:inclusion']);
    // Both are drafts that name what was read of their standard.
    for (const id of ['gbt-46869-2025', 'zj-db33-2274-2025']) {
      const p = bundledProfile(id);
      expect(p.status).toBe('draft');
      expect(p.standard.confirmed).toMatch(/^Read: /);
    }
  });

  it('the example county accounts under every profile', () => {
    for (const p of bundledProfiles()) {
      const r = account(example(), { profile: p.id, baseYear: 2015 });
      expect(r.profile.id).toBe(p.id);
      expect(Number(r.totals.gep.current)).toBeGreaterThan(0);
    }
  });

  it('switching profile changes exactly the indicators, methods and coefficients that the diff lists', () => {
    const base = bundledProfile('jx-db36-1402-2021');
    const a = account(example(), { profile: base.id, rounding: 'exact' });
    for (const other of bundledProfiles().filter((p) => p.id !== base.id)) {
      const d = diffProfiles(base, other);
      const b = account(example(), { profile: other.id, rounding: 'exact' });
      const listed = new Set(d.indicators.map((i) => i.code));
      // Indicators present in one account and not the other are listed (added, removed or inclusion changed).
      const codesA = new Set(a.indicators.map((i) => i.code));
      const codesB = new Set(b.indicators.map((i) => i.code));
      for (const c of [...codesA].filter((x) => !codesB.has(x)))
        expect(listed.has(c), `${other.id}: ${c}`).toBe(true);
      for (const c of [...codesB].filter((x) => !codesA.has(x)))
        expect(listed.has(c), `${other.id}: ${c}`).toBe(true);
      // An unlisted indicator has the same method and switches; if it also read the same coefficient records
      // (same ids, which name the table version), its value is identical.
      for (const ia of a.indicators) {
        const ib = b.indicators.find((i) => i.code === ia.code);
        if (ib === undefined || listed.has(ia.code)) continue;
        expect(ib.method).toBe(ia.method);
        expect(ib.switches).toEqual(ia.switches);
        if (JSON.stringify(ia.coefficients) === JSON.stringify(ib.coefficients))
          expect(ib.value.current, `${other.id} ${ia.code}`).toBe(ia.value.current);
      }
      // The tables the diff says are only on one side are exactly those the accounts' table lists differ by.
      const tablesOf = (r: typeof a) =>
        new Set(r.tables.map((t) => t.ref.split('@')[0] ?? '').filter((t) => !t.startsWith('example-')));
      const onlyA = [...tablesOf(a)].filter((t) => !tablesOf(b).has(t as string));
      expect(onlyA.sort()).toEqual([...d.tables.onlyA].sort());
    }
  });

  it('a diff of a profile with itself is empty', () => {
    const p = bundledProfile('rcees-2013');
    const d = diffProfiles(p, p);
    expect(d.indicators).toEqual([]);
    expect(d.settings).toEqual([]);
  });

  it('the NDRC–NBS profile excludes oxygen and the RCEES profile values material products on net output', () => {
    expect(account(example(), { profile: 'ndrc-nbs-2022' }).skipped).toContainEqual({
      code: 'R7',
      reason: 'excluded by the profile',
    });
    const m3 = account(example(), { profile: 'rcees-2013', rounding: 'exact' }).indicators.find(
      (i) => i.code === 'M3',
    );
    // value added 19 500 − depreciation 1 400 = 18 100 万元
    expect(m3?.value.current).toBe('181000000');
  });

  it('every bundled profile gives its double-counting rules and indicator notes in Chinese too', () => {
    const missing = bundledProfiles().flatMap((p) => [
      ...p.doubleCounting
        .filter((d) => !/\p{Script=Han}/u.test(d.textZh ?? ''))
        .map((d) => `${p.id} ${d.id}`),
      ...p.indicators
        .filter((i) => i.note !== undefined && !/\p{Script=Han}/u.test(i.noteZh ?? ''))
        .map((i) => `${p.id} ${i.code}`),
    ]);
    expect(missing).toEqual([]);
    const jx = profileMarkdown(bundledProfile('jx-db36-1402-2021'));
    expect(jx).toContain('count one. / 休闲旅游与景观溢价相互重叠（溢价资本化了部分舒适性价值）：只计一项。');
    expect(jx).toContain('| 32/44 of the CO₂ fixed, line by line. / 逐行按所固定 CO₂ 的 32/44 计。 |');
  });

  it('a check carries its rule’s Chinese (detailZh) when the profile gives it, and none when it does not', () => {
    const jx = bundledProfile('jx-db36-1402-2021');
    const own = {
      ...jx,
      doubleCounting: jx.doubleCounting.map(({ textZh: _zh, ...d }) => d),
    };
    const r = account(example(), { profile: own });
    const rule = r.quality.checks.find((c) => c.id === 'recreation-vs-landscape');
    expect(rule?.detailZh).toBeUndefined();
    const withZh = account(example()).quality.checks.find((c) => c.id === 'recreation-vs-landscape');
    expect(withZh?.detailZh).toMatch(
      /^休闲旅游与景观溢价相互重叠.*：只计一项。（C1、C2 (均已计入|至多计入一项)）$/,
    );
  });

  it('docs/profiles holds the current generated pages (npm run docs:profiles)', () => {
    expect(doc('comparison.md')).toBe(comparisonMarkdown(bundledProfiles()));
    for (const p of bundledProfiles()) expect(doc(`${p.id}.md`)).toBe(profileMarkdown(p));
  });
});

describe('switching profiles on one input: data no indicator of the profile reads is named, never dropped unseen', () => {
  // The example county under NDRC–NBS 2022 lost its water supply (M5, 6 663.88 万元 under Jiangxi's profile) and its
  // negative-ion data (R9) with no word: result.skipped names only the profile's own entries (R7 excluded). Under the
  // forestry lineage, material products, energy and tourism went the same way (its material and cultural totals 0).
  const ignored = (profile: string) =>
    account(example(), { profile })
      .warnings.filter(
        (w) => w.code === 'INPUT_IGNORED' && String(w.params?.reason).startsWith('no indicator'),
      )
      .map((w) => w.path);
  it('the default profile reads every section of the example', () => {
    expect(ignored('jx-db36-1402-2021')).toEqual([]);
  });
  it('ndrc-nbs-2022 has no M5 nor R9; rcees-2013 no R9', () => {
    expect(ignored('ndrc-nbs-2022')).toEqual([['waterSupply'], ['airIons']]);
    expect(ignored('rcees-2013')).toEqual([['airIons']]);
    const w = account(example(), { profile: 'ndrc-nbs-2022' }).warnings.find(
      (x) => x.path[0] === 'waterSupply',
    );
    expect(w?.message.en).toBe(
      'Input not used: waterSupply (no indicator of the profile ndrc-nbs-2022 reads it)',
    );
    expect(w?.message.zh).toBe('输入项未被使用：waterSupply（核算方案 ndrc-nbs-2022 中没有读取该项的指标）');
  });
  it('gbt-38582-2020 (forest services) reads none of the material, water, energy, soil-factor, water-body, emission or tourism data', () => {
    expect(ignored('gbt-38582-2020')).toEqual([
      ['materialProducts'],
      ['waterSupply'],
      ['energy'],
      ['soilFactors'],
      ['waterBodies'],
      ['emissions'],
      ['tourism'],
    ]);
  });
  it('a section read by an indicator the caller excludes is not named (result.skipped says why)', () => {
    const r = account(example(), { exclude: ['M5'] });
    expect(r.warnings.filter((w) => w.path[0] === 'waterSupply')).toEqual([]);
    expect(r.skipped).toContainEqual({ code: 'M5', reason: 'excluded by the caller' });
  });
});
