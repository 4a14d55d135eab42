import { outOfRangeParams } from './decimal';
import { type Issue, type Path, issue } from './errors';

/**
 * A value JSON.parse accepted that a reader refuses (what src/io/json.ts's scan finds besides duplicate keys and
 * depth): a number no double holds, an integer past 2⁵³ read as another, a string with a lone surrogate or with
 * the character U+0000.
 */
export type ValueProblem =
  | { code: 'NUMBER_OUT_OF_RANGE'; path: (string | number)[]; text: string }
  | { code: 'NUMBER_DIGITS_LOST'; path: (string | number)[]; text: string; read: string }
  | { code: 'TEXT_LONE_SURROGATE'; path: (string | number)[] }
  | { code: 'TEXT_NUL_CHARACTER'; path: (string | number)[] };

/**
 * The issue of a value problem, at `at` (the file's or the line's place) followed by the problem's path.
 *
 * @example
 * ```ts
 * valueProblemIssue({ code: 'NUMBER_DIGITS_LOST', path: ['amount'], text: '12345678901234567890', read: '12345678901234567000' }, ['line', 2]);
 * // NUMBER_DIGITS_LOST at line[2].amount
 * ```
 */
export function valueProblemIssue(problem: ValueProblem, at: Path): Issue {
  const path = [...at, ...problem.path];
  switch (problem.code) {
    case 'NUMBER_OUT_OF_RANGE':
      return issue('NUMBER_OUT_OF_RANGE', path, outOfRangeParams(problem.text));
    case 'NUMBER_DIGITS_LOST':
      return issue('NUMBER_DIGITS_LOST', path, { value: problem.text, read: problem.read });
    case 'TEXT_LONE_SURROGATE':
      return issue('TEXT_LONE_SURROGATE', path, {});
    case 'TEXT_NUL_CHARACTER':
      return issue('TEXT_NUL_CHARACTER', path, {});
  }
}
