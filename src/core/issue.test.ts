import { describe, expect, it } from 'vitest';
import { GepError, type Issue, IssueList, formatIssue, formatPath, hasCode } from './issue';

const zone: Issue = {
  code: 'ZONE_UNKNOWN',
  severity: 'error',
  path: ['ecosystems', 3, 'zone'],
  message: { zh: '引用了未定义的分区“Z9”', en: 'Reference to an undefined zone "Z9"' },
  hint: 'Declare the zone under "zones", or correct the id.',
  hintZh: '在 "zones" 下声明该分区，或更正标识。',
  params: { zone: 'Z9' },
};
const duplicate: Issue = {
  code: 'DUPLICATE_ID',
  severity: 'error',
  path: ['zones', 1, 'id'],
  message: { zh: '重复的标识“Z1”', en: 'Duplicate id "Z1"' },
  hint: 'Merge or rename the duplicates.',
};
const ignored: Issue = {
  code: 'INPUT_IGNORED',
  severity: 'warning',
  path: [],
  message: { zh: '输入项未被使用：x（未读取）', en: 'Input not used: x (not read)' },
  hint: 'Remove the field.',
};

describe('GepError', () => {
  it('is its one issue: code, place, both messages and hint; the message names the code and the place', () => {
    const e = new GepError(zone);
    expect(e).toBeInstanceOf(Error);
    expect(e.name).toBe('GepError');
    expect(e.message).toBe('[ZONE_UNKNOWN] Reference to an undefined zone "Z9" (at ecosystems[3].zone)');
    expect(e.code).toBe('ZONE_UNKNOWN');
    expect(e.path).toEqual(['ecosystems', 3, 'zone']);
    expect(e.zh).toBe('引用了未定义的分区“Z9”');
    expect(e.hint).toBe('Declare the zone under "zones", or correct the id.');
    expect(e.hintZh).toBe('在 "zones" 下声明该分区，或更正标识。');
    expect(e.issues).toEqual([zone]);
    // an issue without a place gives no "(at …)"
    expect(new GepError(ignored).message).toBe('[INPUT_IGNORED] Input not used: x (not read)');
  });

  it('of several issues is the first one, carries them all and serialises to them', () => {
    const e = new GepError([duplicate, zone]);
    expect(e.code).toBe('DUPLICATE_ID');
    expect(e.message).toBe('[DUPLICATE_ID] Duplicate id "Z1" (at zones[1].id)');
    expect(e.path).toEqual(['zones', 1, 'id']);
    expect(e.zh).toBe('重复的标识“Z1”');
    expect(e.hint).toBe('Merge or rename the duplicates.');
    // an issue read back from a result made before hints had their Chinese has none
    expect(e.hintZh).toBeUndefined();
    expect(e.issues).toEqual([duplicate, zone]);
    expect(e.toJSON()).toEqual({ error: { issues: [duplicate, zone] } });
    expect(JSON.parse(JSON.stringify(e))).toEqual({ error: { issues: [duplicate, zone] } });
  });

  it('needs at least one issue', () => {
    expect(() => new GepError([])).toThrow(new TypeError('GepError needs at least one issue'));
  });
});

describe('hasCode', () => {
  it('finds a code among every issue of a GepError, or as an issue’s own code', () => {
    const e = new GepError([duplicate, zone]);
    expect([hasCode(e, 'DUPLICATE_ID'), hasCode(e, 'ZONE_UNKNOWN'), hasCode(e, 'INPUT_IGNORED')]).toEqual([
      true,
      true,
      false,
    ]);
    // an issue (a result's warning), read back from JSON too
    expect([hasCode(ignored, 'INPUT_IGNORED'), hasCode(ignored, 'ZONE_UNKNOWN')]).toEqual([true, false]);
    expect(hasCode(JSON.parse(JSON.stringify(zone)), 'ZONE_UNKNOWN')).toBe(true);
    // anything else has no code: another error with a code property of its own is an object like an issue
    expect([hasCode(undefined, 'X'), hasCode(null, 'X'), hasCode('ZONE_UNKNOWN', 'ZONE_UNKNOWN')]).toEqual([
      false,
      false,
      false,
    ]);
    expect(hasCode(new Error('ZONE_UNKNOWN'), 'ZONE_UNKNOWN')).toBe(false);
  });
});

describe('formatPath and formatIssue', () => {
  it('writes keys with dots, indices in brackets, the first key bare', () => {
    expect(formatPath([])).toBe('');
    expect(formatPath(['ecosystems', 3, 'zone'])).toBe('ecosystems[3].zone');
    expect(formatPath(['a', 'b'])).toBe('a.b');
    expect(formatPath([0, 'a', 1, 2])).toBe('[0].a[1][2]');
  });

  it('gives severity and code, the place when there is one, both messages and the hint, Chinese first', () => {
    expect(formatIssue(zone)).toBe(
      'error ZONE_UNKNOWN\n' +
        '  at ecosystems[3].zone\n' +
        '  引用了未定义的分区“Z9”\n' +
        '  Reference to an undefined zone "Z9"\n' +
        '  提示：在 "zones" 下声明该分区，或更正标识。\n' +
        '  hint: Declare the zone under "zones", or correct the id.',
    );
    // an issue without a Chinese hint (read back from an older result) prints the English one alone
    expect(formatIssue(ignored)).toBe(
      'warning INPUT_IGNORED\n  输入项未被使用：x（未读取）\n  Input not used: x (not read)\n  hint: Remove the field.',
    );
  });
});

describe('IssueList', () => {
  it('keeps issues in order, sorts errors from warnings and throws the errors only', () => {
    const list = new IssueList();
    expect(list.items).toEqual([]);
    list.add(ignored);
    expect(list.warnings).toEqual([ignored]);
    expect(list.errors).toEqual([]);
    expect(() => list.throwIfErrors()).not.toThrow();
    list.add(zone);
    list.add(duplicate);
    expect(list.items).toEqual([ignored, zone, duplicate]);
    expect(list.errors).toEqual([zone, duplicate]);
    expect(list.warnings).toEqual([ignored]);
    let thrown: unknown;
    try {
      list.throwIfErrors();
    } catch (e) {
      thrown = e;
    }
    expect(thrown).toBeInstanceOf(GepError);
    expect((thrown as GepError).issues).toEqual([zone, duplicate]);
  });
});

describe('GepError across copies of gepkit', () => {
  it('instanceof holds for a GepError of another copy of the module (ESM beside CommonJS), and only for GepErrors', async () => {
    // The query makes Vite load a second, separate instance of the module: another GepError class.
    const copy = './issue.ts?copy';
    const other = (await import(/* @vite-ignore */ copy)) as typeof import('./issue');
    expect(other.GepError).not.toBe(GepError);
    const issue = {
      code: 'X',
      severity: 'error' as const,
      path: ['a'],
      message: { zh: '中', en: 'en' },
      hint: 'h',
    };
    const theirs = new other.GepError(issue);
    const ours = new GepError(issue);
    expect(theirs instanceof GepError).toBe(true);
    expect(ours instanceof other.GepError).toBe(true);
    expect(new Error('x') instanceof GepError).toBe(false);
    expect(Object.assign(new Error('x'), { code: 'X', issues: [issue] }) instanceof GepError).toBe(false);
    expect((null as unknown) instanceof GepError).toBe(false);
    expect((undefined as unknown) instanceof GepError).toBe(false);
    expect(('GepError' as unknown) instanceof GepError).toBe(false);
    // the mark is not an own enumerable key: JSON and equality see the same error as before
    expect(Object.keys(ours)).not.toContain(Symbol.for('gepkit.GepError'));
    expect(
      Object.getOwnPropertySymbols(ours).map((s) => Object.getOwnPropertyDescriptor(ours, s)?.enumerable),
    ).toEqual([false]);
    expect([ours.zh, ours.en]).toEqual(['中', 'en']);
  });
});
