import { GepError, type Issue } from '../core/errors';
import type { Line } from './spec';

/**
 * Run one task per line and keep going past failures, so that one run lists every missing coefficient or
 * input of every row; then throw them all together, or return the lines. Nothing partial is returned.
 */
export function collect(tasks: Iterable<() => Line>): Line[] {
  const lines: Line[] = [];
  const problems: Issue[] = [];
  for (const t of tasks) {
    try {
      lines.push(t());
    } catch (e) {
      if (e instanceof GepError) problems.push(...e.issues);
      else throw e;
    }
  }
  if (problems.length > 0) throw new GepError(problems);
  return lines;
}
