/**
 * JSON read from bytes with the checks every JSON input gets, a file, standard input or a request body alike: its
 * encoding (src/io/encoding.ts), its syntax, keys given twice in one object, nesting past MAX_JSON_DEPTH, and a
 * number no double holds. The CLI's readers and the service's bodies both read JSON through it.
 */
import { GepError, type Issue, fail, issue } from '../core/errors';
import { valueProblemIssue } from '../core/value-problems';
import { type GuessedAt, decodeText } from '../io/encoding';
import { MAX_JSON_DEPTH, jsonTextProblem } from '../io/json';

/**
 * The JSON value of `bytes`, read from `name` (a path, "standard input" or "request body": the messages name it);
 * INPUT_ENCODING, INPUT_NOT_JSON, INPUT_TOO_DEEP, INPUT_DUPLICATE_KEY (at its path) or NUMBER_OUT_OF_RANGE (at its
 * field) otherwise. Bytes valid as UTF-8 read as GBK/GB18030 by chance are told to `warn` (INPUT_ENCODING_GUESSED).
 */
export function parseJsonBytes(
  bytes: Uint8Array,
  name: string,
  warn?: (w: Issue) => void,
  declared?: 'utf-8',
): unknown {
  const decoded = decodeText(bytes, declared);
  if (!decoded.ok) return fail('INPUT_ENCODING', [], { file: name, detail: decoded.detail });
  if (decoded.guessed !== undefined) warn?.(encodingGuessed(name, decoded.guessed));
  let value: unknown;
  try {
    value = JSON.parse(decoded.text);
  } catch (e) {
    return fail('INPUT_NOT_JSON', [], { detail: `${name}: ${(e as Error).message}` });
  }
  const problem = jsonTextProblem(decoded.text);
  if (problem?.code === 'INPUT_TOO_DEEP')
    fail('INPUT_TOO_DEEP', problem.path, { file: name, limit: MAX_JSON_DEPTH });
  if (problem?.code === 'INPUT_DUPLICATE_KEY')
    fail('INPUT_DUPLICATE_KEY', problem.path, { file: name, key: problem.key });
  // A number no double holds (1e309, read as Infinity), an integer past 2⁵³ read as another, a lone surrogate:
  // refused at its field, as written.
  if (problem !== undefined) throw new GepError(valueProblemIssue(problem, []));
  return value;
}

/** INPUT_ENCODING_GUESSED for `file`, read as GB18030 by chance at `at`. */
export function encodingGuessed(file: string, at: GuessedAt): Issue {
  return issue('INPUT_ENCODING_GUESSED', [], { file, line: at.line, byte: at.byte });
}
