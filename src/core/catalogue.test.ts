import { describe, expect, it } from 'vitest';
import { detailZhOf, entry, issuesOf, ownValue } from './catalogue';
import { GepError } from './issue';

/** A module's catalogue, written as the example of catalogue.ts. */
const THING_ERRORS = {
  THING_MISSING: entry<'id'>(
    'error',
    (p) => `缺少物件 ${p.id}`,
    (p) => `Missing thing ${p.id}`,
    (p) => `Add ${p.id} under "things".`,
    (p) => `在 "things" 下添加 ${p.id}。`,
  ),
  THING_HEAVY: entry<'kg' | 'limit'>(
    'warning',
    (p) => `物件过重：${p.kg} kg，上限 ${p.limit} kg`,
    (p) => `The thing weighs ${p.kg} kg, more than ${p.limit} kg`,
    () => 'Check the weighing.',
    () => '检查称重。',
  ),
  THING_GONE: entry(
    'error',
    () => '物件已移除',
    () => 'The thing was removed',
    () => 'Restore it.',
    () => '恢复它。',
  ),
} as const;
const { issue, fail, issueFromData, owns } = issuesOf(THING_ERRORS);

describe('issuesOf', () => {
  it("issue builds the entry's severity, messages and hint from the parameters, with a copy of the path", () => {
    const path = ['things', 2];
    const i = issue('THING_HEAVY', path, { kg: 80, limit: '50' });
    expect(i).toEqual({
      code: 'THING_HEAVY',
      severity: 'warning',
      path: ['things', 2],
      message: { zh: '物件过重：80 kg，上限 50 kg', en: 'The thing weighs 80 kg, more than 50 kg' },
      hint: 'Check the weighing.',
      hintZh: '检查称重。',
      params: { kg: 80, limit: '50' },
    });
    expect(i.path).not.toBe(path);
    path.push('x');
    expect(i.path).toEqual(['things', 2]);
    expect(issue('THING_MISSING', [], { id: 'a' }).hint).toBe('Add a under "things".');
    expect(issue('THING_MISSING', [], { id: 'a' }).hintZh).toBe('在 "things" 下添加 a。');
  });

  it('an entry without parameters needs none and its issue has no params; the path defaults to none', () => {
    expect(issue('THING_GONE')).toEqual({
      code: 'THING_GONE',
      severity: 'error',
      path: [],
      message: { zh: '物件已移除', en: 'The thing was removed' },
      hint: 'Restore it.',
      hintZh: '恢复它。',
    });
    expect(issue('THING_GONE')).not.toHaveProperty('params');
  });

  it('fail throws a GepError of that issue', () => {
    let err: unknown;
    try {
      fail('THING_MISSING', ['things', 0], { id: 'a' });
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(GepError);
    expect((err as GepError).issues).toEqual([issue('THING_MISSING', ['things', 0], { id: 'a' })]);
    // without a path, at no place
    expect(() => fail('THING_GONE')).toThrow(
      expect.objectContaining({ message: '[THING_GONE] The thing was removed', path: [] }),
    );
  });

  it('issueFromData builds the same issue from a code and parameters travelling as data', () => {
    expect(issueFromData('THING_MISSING', ['things', 1], { id: 'b' })).toEqual(
      issue('THING_MISSING', ['things', 1], { id: 'b' }),
    );
  });

  it('owns the codes of its catalogue only, not the names every object inherits', () => {
    expect(owns('THING_MISSING')).toBe(true);
    expect(owns('THING_GONE')).toBe(true);
    expect(owns('ZONE_UNKNOWN')).toBe(false);
    expect(owns('toString')).toBe(false);
    expect(owns('constructor')).toBe(false);
  });
});

describe('ownValue', () => {
  it("gives a key's value among the table's own keys, and undefined for a name every object inherits", () => {
    const table = { input: '输入', empty: '' };
    expect(ownValue(table, 'input')).toBe('输入');
    expect(ownValue(table, 'empty')).toBe('');
    expect(ownValue(table, 'constructor')).toBeUndefined();
    expect(ownValue(table, 'toString')).toBeUndefined();
    expect(ownValue(table, 'missing')).toBeUndefined();
  });
});

describe('detailZhOf', () => {
  const zh = detailZhOf(
    { 'no header line': '没有表头行' },
    [
      [/^got (\d+) cells$/, (m) => `实际为 ${m[1]} 个单元格`],
      [/^got (.+)$/, (m) => `实际为 ${m[1]}`],
    ],
    (d) => `〔${d}〕`,
  );

  it('a fixed detail by its own key; else the first pattern that matches; else the rest', () => {
    expect(zh('no header line')).toBe('没有表头行');
    // Both patterns match "got 3 cells": the first one listed wins.
    expect(zh('got 3 cells')).toBe('实际为 3 个单元格');
    expect(zh('got a folder')).toBe('实际为 a folder');
    expect(zh('something else')).toBe('〔something else〕');
  });

  it('a detail named like a property every object inherits is not a fixed one', () => {
    expect(zh('constructor')).toBe('〔constructor〕');
    expect(zh('toString')).toBe('〔toString〕');
  });

  it('a detail quoting the text refused (; received "…") is translated without it, and the text follows', () => {
    expect(zh('no header line; received "x"')).toBe('没有表头行；实际为 "x"');
    expect(zh('got 3 cells; received "a; received \\"b\\""')).toBe(
      '实际为 3 个单元格；实际为 "a; received \\"b\\""',
    );
    expect(zh('something else; received ""')).toBe('〔something else〕；实际为 ""');
    // the text as JSON writes it, one line: anything else is no quoted text, and is the detail's own
    for (const kept of [
      'x; received "a',
      'x; received a',
      'x; received "a"!',
      'x received "a"',
      'x; received "a"b"',
    ])
      expect(zh(kept), kept).toBe(`〔${kept}〕`);
    // a detail of several lines, quoting the text at its end
    expect(zh('no\nheader; received "x"')).toBe('〔no\nheader〕；实际为 "x"');
  });
});
