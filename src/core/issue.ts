/**
 * Structured problems: the shape every error and warning takes (a code, a path into the input, table or profile it
 * concerns, a message in Chinese and English, a hint), the one error type gepkit throws, and their text forms.
 * Codes and their messages live in the catalogues that each module owns (core/catalogue.ts explains how).
 */
export type Path = ReadonlyArray<string | number>;
export type Severity = 'error' | 'warning';
export type ParamValue = string | number;

/** One problem: what the CLI prints and what a result lists under warnings. */
export interface Issue {
  code: string;
  severity: Severity;
  path: Path;
  message: { zh: string; en: string };
  /** What to do about it, in English. */
  hint: string;
  /** The hint in Chinese: every catalogue entry gives one; an issue read back from an older result may lack it. */
  hintZh?: string;
  params?: Readonly<Record<string, ParamValue>>;
}

/** The mark every GepError carries, shared by every copy of gepkit loaded in one process (Symbol.for). */
const GEP_ERROR = Symbol.for('gepkit.GepError');

/**
 * The one error type gepkit throws. It carries every problem found (validation collects all before
 * giving up, so a user fixes a file in one pass); `code`, `path` and the messages are those of the first.
 * `instanceof GepError` holds for a GepError of any copy of gepkit in the process — its ES module and its
 * CommonJS build, or two versions installed side by side —, not only for this class's own instances.
 */
export class GepError extends Error {
  readonly code: string;
  readonly path: Path;
  readonly zh: string;
  readonly en: string;
  readonly hint: string;
  readonly hintZh: string | undefined;
  readonly issues: readonly Issue[];

  static override [Symbol.hasInstance](value: unknown): value is GepError {
    return (
      typeof value === 'object' && value !== null && (value as { [GEP_ERROR]?: unknown })[GEP_ERROR] === true
    );
  }

  constructor(issues: Issue | readonly Issue[]) {
    const list = Array.isArray(issues) ? (issues as readonly Issue[]) : [issues as Issue];
    const first = list[0];
    if (first === undefined) throw new TypeError('GepError needs at least one issue');
    super(`[${first.code}] ${first.message.en}${formatPathSuffix(first.path)}`);
    this.name = 'GepError';
    this.code = first.code;
    this.path = first.path;
    this.zh = first.message.zh;
    this.en = first.message.en;
    this.hint = first.hint;
    this.hintZh = first.hintZh;
    this.issues = list;
    Object.defineProperty(this, GEP_ERROR, { value: true });
  }

  toJSON(): { error: { issues: readonly Issue[] } } {
    return { error: { issues: this.issues } };
  }
}

/**
 * Whether `value` is a GepError one of whose issues has `code`, or an issue (a result's warning) of that code.
 * gepkit and gepkit/errors export it typed with the catalogue's codes, so that a misspelt code does not compile
 * where comparing `e.code` with a string would.
 *
 * @example
 * hasCode(new GepError(issue('ZONE_UNKNOWN', [], { zone: 'Z9' })), 'ZONE_UNKNOWN'); // true
 */
export function hasCode(value: unknown, code: string): boolean {
  if (value instanceof GepError) return value.issues.some((i) => i.code === code);
  return typeof value === 'object' && value !== null && (value as { code?: unknown }).code === code;
}

export function formatPath(path: Path): string {
  return path.map((p, i) => (typeof p === 'number' ? `[${p}]` : i === 0 ? p : `.${p}`)).join('');
}

function formatPathSuffix(path: Path): string {
  return path.length > 0 ? ` (at ${formatPath(path)})` : '';
}

/** Human-readable lines for one issue, in both languages (the message, then the hint, Chinese first). */
export function formatIssue(i: Issue): string {
  const where = i.path.length > 0 ? `  at ${formatPath(i.path)}\n` : '';
  const hintZh = i.hintZh !== undefined ? `  提示：${i.hintZh}\n` : '';
  return `${i.severity} ${i.code}\n${where}  ${i.message.zh}\n  ${i.message.en}\n${hintZh}  hint: ${i.hint}`;
}

/** Collects issues while validating; throws them all at once. */
export class IssueList {
  readonly items: Issue[] = [];
  add(i: Issue): void {
    this.items.push(i);
  }
  get errors(): Issue[] {
    return this.items.filter((i) => i.severity === 'error');
  }
  get warnings(): Issue[] {
    return this.items.filter((i) => i.severity === 'warning');
  }
  throwIfErrors(): void {
    const errors = this.errors;
    if (errors.length > 0) throw new GepError(errors);
  }
}
