/**
 * The grammar of custom formulas: a tokenizer and a recursive-descent parser that turn a formula into a syntax
 * tree. Precedence, lowest first (the layout of the mathjs expression language, whose accepted subset this is):
 *
 * ```
 * statements   s (; | newline) s …            → refused (several statements)
 * assignment   a = b, f(x) = b                 → refused
 * conditional  c ? a : b                       (right-associative)
 * or · xor · and
 * | · ^| · &                                   → refused operators
 * comparison   a < b, <=, >, >=, ==, !=        (a < b < c → refused: chained comparison)
 * << >> >>> · to in                            → refused operators
 * range        a:b, a:b:c                      → refused
 * + -          (left-associative)
 * * / .* ./ % mod                               (left-associative; all but * and / refused)
 * implicit     2x, 2(a)                         → refused
 * percentage   50%                              → refused
 * unary        -a, +a, not a, ~a                (~ refused; not binds tighter than comparisons: write not (a > b))
 * power        a ^ b, a .^ b                    (right-associative, the exponent may carry a sign: 2 ^ -3)
 * ??                                            → refused
 * postfix      a!, a'                           → refused
 * primary      number, name, name(args), (e), "string", [array], {object}, a.b, a[i], a?.b
 * ```
 *
 * The parser only builds the tree; what is allowed is decided by the sandbox (sandbox.ts), which walks the
 * tree from the root and refuses the first construct outside the language with its own code. Forms that the
 * sandbox refuses are still parsed here, so that a formula gets the error of its outermost problem
 * (`import({}, …)` is a refused function, not a refused object). A formula that does not parse is
 * CUSTOM_FORMULA_SYNTAX with the 1-based character where parsing stopped; one nested more than
 * MAX_FORMULA_DEPTH levels is CUSTOM_FORMULA_TOO_DEEP.
 */
import type { Path } from '../core/errors';
import { customFail } from './errors';

/**
 * Deepest nesting accepted: each parenthesis, call, bracket, brace, conditional branch, sign or exponent opens one
 * level. It bounds the parser's recursion, so a formula of 1000 characters cannot exhaust the stack.
 */
export const MAX_FORMULA_DEPTH = 100;

/** What the sandbox refuses by construct (its message table is keyed by these). */
export type Construct =
  'assignment' | 'definition' | 'access' | 'array' | 'object' | 'block' | 'range' | 'chain' | 'constant';

/** What a node of the syntax tree holds. */
type Body =
  | { t: 'num'; text: string }
  | { t: 'name'; name: string }
  | { t: 'paren'; inner: Syntax }
  /** Unary when `args` has one element. `implicit` for 2x, `percentage` for 50%. */
  | { t: 'op'; op: string; args: Syntax[]; implicit?: true; percentage?: true }
  | { t: 'call'; callee: Syntax; args: Syntax[]; optional: boolean }
  | { t: 'if'; cond: Syntax; then: Syntax; else: Syntax }
  | { t: 'refused'; what: Construct };
/** A node of the syntax tree; `from`/`to` are its offsets in the formula (`to` exclusive). */
export type Syntax = Body & { from: number; to: number };

type Kind = 'num' | 'name' | 'str' | 'op' | 'nl' | 'end';
interface Token {
  kind: Kind;
  text: string;
  from: number;
}

/** Operators and delimiters, longest first. */
const SYMBOLS = [
  '>>>',
  '.*',
  './',
  '.^',
  '^|',
  '?.',
  '??',
  '==',
  '!=',
  '<=',
  '>=',
  '<<',
  '>>',
  ...",()[]{};+-*/%^~!&|=:?<>.'",
];
const WORDS = new Set(['and', 'or', 'not', 'xor', 'mod', 'to', 'in']);
const CONSTANTS = new Set(['true', 'false', 'null', 'undefined', 'NaN', 'Infinity']);
const NAME_START = /[\p{L}_$]/u;
const NAME_PART = /[\p{L}\p{N}_$]/u;
const isDigit = (c: string | undefined) => c !== undefined && c >= '0' && c <= '9';
/** A dot that belongs to a number (mathjs: not the dot of .* ./ .^). */
const isDecimalMark = (s: string, i: number) =>
  s[i] === '.' && s[i + 1] !== '/' && s[i + 1] !== '*' && s[i + 1] !== '^';

/** The tokens of `s`: a newline separates statements outside brackets and is a space inside them. */
function tokenize(s: string, path: Path): Token[] {
  const tokens: Token[] = [];
  let depth = 0;
  let i = 0;
  const syntax = (what: string, at: number): never =>
    customFail('CUSTOM_FORMULA_SYNTAX', path, { detail: `${what} (char ${at + 1})` });
  while (i < s.length) {
    const c = s[i] as string;
    if (c === ' ' || c === '\t' || c === '\u00a0' || c === '\r' || (c === '\n' && depth > 0)) {
      i++;
      continue;
    }
    const from = i;
    const prev = tokens[tokens.length - 1];
    if (c === '\n') {
      tokens.push({ kind: 'nl', text: c, from: i++ });
    } else if (isDigit(c) || (c === '.' && isDigit(s[i + 1]))) {
      i = numberEnd(s, i, syntax);
      tokens.push({ kind: 'num', text: s.slice(from, i), from });
    } else if (NAME_START.test(c)) {
      while (i < s.length && NAME_PART.test(s[i] as string)) i++;
      const text = s.slice(from, i);
      tokens.push({ kind: WORDS.has(text) ? 'op' : 'name', text, from });
    } else if ((c === '"' || c === "'") && !(c === "'" && prev !== undefined && endsOperand(prev))) {
      i = stringEnd(s, i, syntax);
      tokens.push({ kind: 'str', text: s.slice(from, i), from });
    } else {
      const sym = SYMBOLS.find((o) => s.startsWith(o, i) && !(o === '?.' && isDigit(s[i + 2])));
      if (sym === undefined) return syntax(`unexpected character "${c}"`, i);
      if ('([{'.includes(sym)) depth++;
      if (')]}'.includes(sym)) depth = Math.max(0, depth - 1);
      tokens.push({ kind: 'op', text: sym, from });
      i += sym.length;
    }
  }
  tokens.push({ kind: 'end', text: '', from: s.length });
  return tokens;
}

/** After this token, a quote is the transpose operator (x'), not the start of a string. */
function endsOperand(t: Token): boolean {
  return t.kind === 'num' || t.kind === 'name' || t.kind === 'str' || ")]}!'".includes(t.text);
}

/** The end of the number starting at `i`: digits, one decimal mark, an exponent (mathjs' number syntax). */
function numberEnd(s: string, i: number, syntax: (what: string, at: number) => never): number {
  if (s[i] === '0' && 'xbo'.includes(s[i + 1] ?? ' ') && /[0-9a-zA-Z]/.test(s[i + 2] ?? ' '))
    syntax('hexadecimal, binary and octal numbers are not part of the formula language', i);
  while (isDigit(s[i])) i++;
  if (isDecimalMark(s, i)) i++;
  while (isDigit(s[i])) i++;
  if (s[i] === 'e' || s[i] === 'E') {
    const n = s[i + 1];
    if (isDigit(n) || n === '+' || n === '-') {
      i += n === '+' || n === '-' ? 2 : 1;
      if (!isDigit(s[i])) syntax(`a digit is expected after the exponent, got "${s[i] ?? 'the end'}"`, i);
      while (isDigit(s[i])) i++;
      if (isDecimalMark(s, i)) syntax('an exponent must be a whole number', i);
    } else if (isDecimalMark(s, i + 1)) {
      syntax('an exponent must be a whole number', i + 1);
    }
  }
  return i;
}

/** The end (after the closing quote) of the string starting at `i`; a backslash escapes one character. */
function stringEnd(s: string, i: number, syntax: (what: string, at: number) => never): number {
  const quote = s[i];
  for (let j = i + 1; j < s.length; j++) {
    if (s[j] === '\\') j++;
    else if (s[j] === quote) return j + 1;
  }
  return syntax(`the string has no closing ${quote}`, i);
}

const COMPARISONS = new Set(['==', '!=', '<', '>', '<=', '>=']);
const MULTIPLICATIVE = new Set(['*', '/', '.*', './', '%', 'mod']);
const UNARY = new Set(['-', '+', '~', 'not']);
const OPENERS = new Set(['(', '[', '{', ...UNARY]);
/** Tokens that can start an operand: after a complete operand they make a percentage sign a modulo. */
const startsOperand = (t: Token) =>
  t.kind === 'num' || t.kind === 'name' || t.kind === 'str' || (t.kind === 'op' && OPENERS.has(t.text));

/**
 * Parse `source` into a syntax tree (see the grammar at the top of this file). Throws CUSTOM_FORMULA_SYNTAX or
 * CUSTOM_FORMULA_TOO_DEEP at `path`.
 */
export function parseFormula(source: string, path: Path): Syntax {
  return new Parser(source, tokenize(source, path), path).formula();
}

/** One parse: a cursor over the tokens, the bracket depth and the nesting level of an open conditional. */
class Parser {
  private i = 0;
  private nesting = 0;
  private level = 0;
  private conditionalAt: number | undefined;

  constructor(
    private readonly s: string,
    private readonly tokens: Token[],
    private readonly path: Path,
  ) {}

  private get tok(): Token {
    return this.tokens[this.i] as Token;
  }
  private is(text: string): boolean {
    const t = this.tok;
    return t.kind === 'op' && t.text === text;
  }
  private take(): Token {
    return this.tokens[this.i++] as Token;
  }
  private syntax(what: string): never {
    const t = this.tok;
    const got = t.kind === 'end' ? 'the end of the formula' : `"${t.kind === 'nl' ? '\\n' : t.text}"`;
    return customFail('CUSTOM_FORMULA_SYNTAX', this.path, {
      detail: `${what}, got ${got} (char ${t.from + 1})`,
    });
  }
  private expect(text: string): void {
    if (!this.is(text)) this.syntax(`"${text}" expected`);
    this.take();
  }
  /**
   * Run `f` one nesting level deeper, right after the token that opens the level; past the limit,
   * CUSTOM_FORMULA_TOO_DEEP at that token.
   */
  private deeper<T>(f: () => T): T {
    if (++this.level > MAX_FORMULA_DEPTH) {
      const opener = this.tokens[this.i - 1] as Token;
      customFail('CUSTOM_FORMULA_TOO_DEEP', this.path, { max: MAX_FORMULA_DEPTH, at: opener.from + 1 });
    }
    const r = f();
    this.level--;
    return r;
  }
  /** Run `f` inside brackets, one level deeper, where a colon may start a range again. */
  private bracketed<T>(f: () => T): T {
    this.nesting++;
    const r = this.deeper(f);
    this.nesting--;
    return r;
  }
  /** A node from `from` to the end of the last token taken. */
  private node(from: number, n: Body): Syntax {
    const prev = this.tokens[this.i - 1] as Token;
    return { ...n, from, to: prev.from + prev.text.length };
  }
  private refused(from: number, what: Construct): Syntax {
    return this.node(from, { t: 'refused', what });
  }
  private op(from: number, op: string, args: Syntax[], flag?: 'implicit' | 'percentage'): Syntax {
    return this.node(from, { t: 'op', op, args, ...(flag === undefined ? {} : { [flag]: true }) });
  }

  /** The whole formula: one statement; statements separated by ; or a newline are parsed to be refused. */
  formula(): Syntax {
    const from = this.tok.from;
    const separator = () => this.tok.kind === 'nl' || this.is(';');
    let node: Syntax | undefined;
    let separated = false;
    for (;;) {
      if (!separator() && this.tok.kind !== 'end') node = this.assignment();
      if (!separator()) break;
      this.take();
      separated = true;
    }
    if (this.tok.kind !== 'end') this.syntax('an operator or the end of the formula is expected');
    if (node === undefined && !separated) this.syntax('a value is expected');
    return separated ? this.refused(from, 'block') : (node as Syntax);
  }

  private assignment(): Syntax {
    const from = this.tok.from;
    const node = this.conditional();
    if (!this.is('=')) return node;
    this.take();
    this.deeper(() => this.assignment());
    return this.refused(from, node.t === 'call' ? 'definition' : 'assignment');
  }

  private conditional(): Syntax {
    const from = this.tok.from;
    let node = this.binary('or');
    while (this.is('?')) {
      this.take();
      const saved = this.conditionalAt;
      this.conditionalAt = this.nesting;
      const then = this.deeper(() => this.assignment());
      if (!this.is(':')) this.syntax('":" and the value when the condition is false are expected');
      this.take();
      this.conditionalAt = undefined;
      const otherwise = this.deeper(() => this.assignment());
      this.conditionalAt = saved;
      node = this.node(from, { t: 'if', cond: node, then, else: otherwise });
    }
    return node;
  }

  /** The left-associative levels from `or` down to `&`, then comparisons. */
  private binary(level: 'or' | 'xor' | 'and' | '|' | '^|' | '&'): Syntax {
    const next = { or: 'xor', xor: 'and', and: '|', '|': '^|', '^|': '&', '&': undefined } as const;
    const lower = next[level];
    const operand = () => (lower === undefined ? this.comparison() : this.binary(lower));
    const from = this.tok.from;
    let node = operand();
    while (this.is(level)) {
      this.take();
      node = this.op(from, level, [node, operand()]);
    }
    return node;
  }

  private comparison(): Syntax {
    const from = this.tok.from;
    const first = this.shift();
    const ops: string[] = [];
    const args = [first];
    while (this.tok.kind === 'op' && COMPARISONS.has(this.tok.text)) {
      ops.push(this.take().text);
      args.push(this.shift());
    }
    if (ops.length === 0) return first;
    if (ops.length > 1) return this.refused(from, 'chain');
    return this.op(from, ops[0] as string, args);
  }

  /** Shifts, conversions (to, in), both left-associative over ranges. */
  private shift(): Syntax {
    const from = this.tok.from;
    let node = this.range();
    while (this.tok.kind === 'op' && ['<<', '>>', '>>>', 'to', 'in'].includes(this.tok.text)) {
      const op = this.take().text;
      node = this.op(from, op, [node, this.range()]);
    }
    return node;
  }

  /** `a:b`, `a:b:c`, `:b` (a colon outside the true branch of a conditional): parsed to be refused. */
  private range(): Syntax {
    const from = this.tok.from;
    const inConditional = this.conditionalAt === this.nesting;
    if (this.is(':') && inConditional) this.syntax('the value when the condition is true is missing');
    const node = this.is(':') ? undefined : this.additive();
    if (node !== undefined && (!this.is(':') || inConditional)) return node;
    for (let parts = node === undefined ? 0 : 1; this.is(':') && parts < 3; parts++) {
      this.take();
      if (this.tok.kind !== 'end' && !this.is(')') && !this.is(']') && !this.is(',')) this.additive();
    }
    return this.refused(from, 'range');
  }

  private additive(): Syntax {
    const from = this.tok.from;
    let node = this.multiplicative();
    while (this.is('+') || this.is('-')) {
      const op = this.take().text;
      node = this.op(from, op, [node, this.multiplicative()]);
    }
    return node;
  }

  private multiplicative(): Syntax {
    const from = this.tok.from;
    let node = this.implicit();
    while (this.tok.kind === 'op' && MULTIPLICATIVE.has(this.tok.text)) {
      const op = this.take().text;
      node = this.op(from, op, [node, this.implicit()]);
    }
    return node;
  }

  /** Juxtaposition (2x, 2 (a), (a)(b)): parsed as an implicit product, which the sandbox refuses. */
  private implicit(): Syntax {
    const from = this.tok.from;
    let node = this.percentage();
    let last = node;
    const t = () => this.tok;
    while (t().kind === 'name' || this.is('(') || (t().kind === 'num' && last.t !== 'num')) {
      last = this.percentage();
      node = this.op(from, '*', [node, last], 'implicit');
    }
    return node;
  }

  /** `50%`: a percentage sign followed by no operand (followed by one, it is the modulo operator). */
  private percentage(): Syntax {
    const from = this.tok.from;
    const node = this.unary();
    if (!this.is('%') || startsOperand(this.tokens[this.i + 1] as Token)) return node;
    this.take();
    return this.op(from, '%', [node], 'percentage');
  }

  private unary(): Syntax {
    if (!(this.tok.kind === 'op' && UNARY.has(this.tok.text))) return this.power();
    const from = this.tok.from;
    const op = this.take().text;
    const arg = this.deeper(() => this.unary());
    return this.op(from, op, [arg]);
  }

  private power(): Syntax {
    const from = this.tok.from;
    const base = this.nullish();
    if (!this.is('^') && !this.is('.^')) return base;
    const op = this.take().text;
    return this.op(from, op, [base, this.deeper(() => this.unary())]);
  }

  private nullish(): Syntax {
    const from = this.tok.from;
    let node = this.postfix();
    while (this.is('??')) {
      this.take();
      node = this.op(from, '??', [node, this.postfix()]);
    }
    return node;
  }

  /** Factorial and transpose (a!, a'), each possibly followed by accessors. */
  private postfix(): Syntax {
    const from = this.tok.from;
    let node = this.primary();
    while (this.is('!') || this.is("'")) {
      const op = this.take().text;
      node = this.accessors(from, this.op(from, op, [node]));
    }
    return node;
  }

  private primary(): Syntax {
    const t = this.tok;
    const from = t.from;
    if (t.kind === 'num') {
      this.take();
      return this.node(from, { t: 'num', text: t.text });
    }
    if (t.kind === 'name') {
      this.take();
      if (CONSTANTS.has(t.text)) return this.accessors(from, this.refused(from, 'constant'));
      return this.accessors(from, this.node(from, { t: 'name', name: t.text }));
    }
    if (t.kind === 'str') {
      this.take();
      return this.accessors(from, this.refused(from, 'constant'));
    }
    if (this.is('(')) {
      this.take();
      const inner = this.bracketed(() => this.assignment());
      this.expect(')');
      return this.accessors(from, this.node(from, { t: 'paren', inner }));
    }
    if (this.is('[')) return this.array();
    if (this.is('{')) return this.object();
    return this.syntax('a value is expected');
  }

  /** `(args)`, `[index]`, `.name` and their `?.` forms after `node`. A call needs a name or an access before it. */
  private accessors(from: number, node: Syntax): Syntax {
    for (;;) {
      const optional = this.is('?.');
      if (optional) this.take();
      if (
        this.is('(') &&
        (optional || node.t === 'name' || (node.t === 'refused' && node.what === 'access'))
      ) {
        this.take();
        const args = this.list(')');
        node = this.node(from, { t: 'call', callee: node, args, optional });
      } else if (this.is('[')) {
        this.take();
        this.list(']');
        node = this.refused(from, 'access');
      } else if (this.is('.') || optional) {
        if (!optional) this.take();
        if (this.tok.kind !== 'name' && !(this.tok.kind === 'op' && WORDS.has(this.tok.text)))
          this.syntax(`a property name is expected after ${optional ? '?.' : 'a dot'}`);
        this.take();
        node = this.refused(from, 'access');
      } else {
        return node;
      }
    }
  }

  /** Comma-separated expressions up to `close` (consumed), one level deeper. */
  private list(close: string): Syntax[] {
    return this.bracketed(() => {
      const items: Syntax[] = [];
      if (!this.is(close)) {
        items.push(this.assignment());
        while (this.is(',')) {
          this.take();
          items.push(this.assignment());
        }
      }
      this.expect(close);
      return items;
    });
  }

  /** `[a, b; c, d]`: parsed to be refused as a whole. */
  private array(): Syntax {
    const from = this.tok.from;
    this.take();
    this.bracketed(() => {
      while (!this.is(']')) {
        this.assignment();
        if (this.is(',') || this.is(';')) this.take();
        else if (!this.is(']')) this.syntax('"," or "]" expected');
      }
    });
    this.expect(']');
    return this.accessors(from, this.refused(from, 'array'));
  }

  /** `{key: value, …}`: parsed to be refused as a whole. */
  private object(): Syntax {
    const from = this.tok.from;
    this.take();
    this.bracketed(() => {
      while (!this.is('}')) {
        const k = this.take();
        if (k.kind !== 'name' && k.kind !== 'str' && k.kind !== 'num') {
          this.i--;
          this.syntax('a key is expected');
        }
        this.expect(':');
        this.assignment();
        if (this.is(',')) this.take();
        else if (!this.is('}')) this.syntax('"," or "}" expected');
      }
    });
    this.expect('}');
    return this.accessors(from, this.refused(from, 'object'));
  }
}

/**
 * The formula text of an allowed node, normalized: one space around binary operators, none after a sign or before
 * a postfix operator (`50%`, `a!`: the operator after its operand, as written), parentheses as written, numbers as
 * written (`10^10^10` → `10 ^ 10 ^ 10`). Used to name the sub-expression an error occurs at.
 */
export function show(n: Syntax, source: string): string {
  switch (n.t) {
    case 'num':
      return n.text;
    case 'name':
      return n.name;
    case 'paren':
      return `(${show(n.inner, source)})`;
    case 'if':
      return `${show(n.cond, source)} ? ${show(n.then, source)} : ${show(n.else, source)}`;
    case 'call':
      return `${show(n.callee, source)}(${n.args.map((a) => show(a, source)).join(', ')})`;
    case 'op': {
      const [a, b] = n.args as [Syntax, Syntax | undefined];
      if (b !== undefined) return `${show(a, source)} ${n.op} ${show(b, source)}`;
      // A postfix operator's node starts where its operand does.
      if (n.from === a.from) return `${show(a, source)}${n.op}`;
      return n.op === 'not' ? `not ${show(a, source)}` : `${n.op}${show(a, source)}`;
    }
    case 'refused':
      return source.slice(n.from, n.to).trim();
  }
}
