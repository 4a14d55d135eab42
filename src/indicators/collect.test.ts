import { describe, expect, it } from 'vitest';
import { GepError, issue } from '../core/errors';
import { collect } from './collect';
import type { Line } from './spec';

const line = (ecosystem: string): Line => ({
  subItem: null,
  ecosystem,
  zone: null,
  physical: null,
  valuations: [],
});

/** A task that throws COEFFICIENT_MISSING for `ecosystem` (and `more` issues after it), counting its run. */
const missing =
  (ecosystem: string, ran: string[], more: number = 0) =>
  () => {
    ran.push(ecosystem);
    throw new GepError([
      issue('COEFFICIENT_MISSING', ['ecosystems', ecosystem], { key: 'k', ecosystem, tables: 't', held: '' }),
      ...Array.from({ length: more }, (_, i) =>
        issue('INDICATOR_INPUT_MISSING', ['ecosystems', ecosystem, i], { field: `f${i}`, indicator: 'R1' }),
      ),
    ]);
  };

const ok = (ecosystem: string, ran: string[]) => () => {
  ran.push(ecosystem);
  return line(ecosystem);
};

describe('collect: one task per line, every failure listed', () => {
  it('returns the lines of tasks that all succeed, in task order', () => {
    const ran: string[] = [];
    const lines = collect([ok('shrub', ran), ok('forest.broadleaf', ran), ok('shrub', ran)]);
    expect(lines.map((l) => l.ecosystem)).toEqual(['shrub', 'forest.broadleaf', 'shrub']);
    expect(ran).toEqual(['shrub', 'forest.broadleaf', 'shrub']);
    expect(collect([])).toEqual([]);
  });

  it('runs every task past failures, then throws all their issues together in task order, returning nothing', () => {
    const ran: string[] = [];
    let thrown: unknown;
    try {
      collect([ok('a', ran), missing('b', ran, 2), ok('c', ran), missing('d', ran)]);
    } catch (e) {
      thrown = e;
    }
    expect(ran).toEqual(['a', 'b', 'c', 'd']);
    expect(thrown).toBeInstanceOf(GepError);
    // b's three issues (its coefficient, then two inputs), then d's one
    expect((thrown as GepError).issues.map((i) => [i.code, i.path])).toEqual([
      ['COEFFICIENT_MISSING', ['ecosystems', 'b']],
      ['INDICATOR_INPUT_MISSING', ['ecosystems', 'b', 0]],
      ['INDICATOR_INPUT_MISSING', ['ecosystems', 'b', 1]],
      ['COEFFICIENT_MISSING', ['ecosystems', 'd']],
    ]);
  });

  it('lets any other error through as it is, at once: the tasks after it are not run', () => {
    const ran: string[] = [];
    const bug = new RangeError('a defect, not a missing input');
    const boom = () => {
      ran.push('boom');
      throw bug;
    };
    expect(() => collect([missing('a', ran), boom, ok('c', ran)])).toThrow(bug);
    expect(ran).toEqual(['a', 'boom']);
  });

  it('takes its tasks from any iterable, read once', () => {
    const ran: string[] = [];
    function* tasks() {
      for (const t of ['x', 'y']) yield ok(t, ran);
    }
    expect(collect(tasks()).map((l) => l.ecosystem)).toEqual(['x', 'y']);
  });
});
