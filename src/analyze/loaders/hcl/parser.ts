// A recursive-descent parser for HCL native syntax (bodies, blocks, attributes and expressions) that keeps
// the position of every node. It accepts what Terraform accepts for the constructs IAM code uses; `for`
// expressions and template directives are skipped as opaque (evaluated as unknown).
import type { SourceLocation } from '../../model.js';
import { offsetLocator } from '../policy-record.js';
import type { Attribute, Block, Body, Expr, TemplateLiteral } from './ast.js';

export class HclSyntaxError extends Error {
  constructor(
    message: string,
    readonly location: SourceLocation,
  ) {
    super(message);
  }
}

const isIdStart = (c: string) => /[A-Za-z_]/.test(c);
const isIdChar = (c: string) => /[A-Za-z0-9_-]/.test(c);

export function parseHcl(text: string, file: string): Body {
  return new Parser(text, file).parseFile();
}

/** Parses one expression; positions are relative to `text` (or all `base`). */
export function parseHclExpression(text: string, file: string, base?: SourceLocation): Expr {
  return new Parser(text, file, base).expression(true);
}

/** Parses template content as hcl2json returns strings (`${…}` interpolations, `$${` escapes, no quotes). */
export function parseHclTemplate(text: string, file: string, base?: SourceLocation): Expr {
  return new Parser(text, file, base).rawTemplate();
}

class Parser {
  private pos = 0;
  private readonly at: (o: number, e?: number) => SourceLocation;
  private readonly locator: (o: number, e?: number) => SourceLocation;

  constructor(
    private readonly text: string,
    private readonly file: string,
    base?: SourceLocation,
  ) {
    this.locator = offsetLocator(file, text);
    // Expressions parsed out of context (hcl2json strings) all point at the attribute they came from.
    this.at = base ? () => base : this.locator;
  }

  parseFile(): Body {
    const body = this.body(false);
    this.skip(true);
    if (this.pos < this.text.length) this.fail(`unexpected '${this.text[this.pos]}'`);
    return body;
  }

  private fail(message: string): never {
    throw new HclSyntaxError(`HCL: ${message}`, this.at(Math.min(this.pos, this.text.length)));
  }

  /** Skips blanks and comments; newlines too when `nl`. */
  private skip(nl: boolean): void {
    const t = this.text;
    while (this.pos < t.length) {
      const c = t[this.pos];
      if (c === ' ' || c === '\t' || c === '\r' || (nl && c === '\n')) this.pos++;
      else if (c === '#' || (c === '/' && t[this.pos + 1] === '/')) {
        while (this.pos < t.length && t[this.pos] !== '\n') this.pos++;
      } else if (c === '/' && t[this.pos + 1] === '*') {
        const end = t.indexOf('*/', this.pos + 2);
        this.pos = end < 0 ? t.length : end + 2;
      } else break;
    }
  }

  private peek(nl: boolean): string {
    this.skip(nl);
    return this.text[this.pos] ?? '';
  }

  private expect(ch: string, nl: boolean): void {
    if (this.peek(nl) !== ch) this.fail(`expected '${ch}'`);
    this.pos++;
  }

  private identifier(): string {
    const start = this.pos;
    if (!isIdStart(this.text[this.pos] ?? '')) this.fail('expected an identifier');
    while (this.pos < this.text.length && isIdChar(this.text[this.pos])) this.pos++;
    return this.text.slice(start, this.pos);
  }

  private lineOf(offset: number): number {
    return this.locator(offset).line - 1;
  }

  private body(inBlock: boolean): Body {
    const attributes = new Map<string, Attribute>();
    const blocks: Block[] = [];
    while (true) {
      const c = this.peek(true);
      if (c === '' || (inBlock && c === '}')) break;
      const start = this.pos;
      const name = this.identifier();
      const next = this.peek(false);
      if (next === '=' && this.text[this.pos + 1] !== '=') {
        this.pos++;
        const expr = this.expression(false);
        attributes.set(name, { name, expr, loc: this.at(start, start + name.length) });
      } else {
        const labels: string[] = [];
        while (this.peek(false) !== '{') {
          const ch = this.peek(false);
          if (ch === '"') {
            const s = this.template('"');
            labels.push(s.parts.map((p) => ('text' in p ? p.text : '')).join(''));
          } else if (isIdStart(ch)) labels.push(this.identifier());
          else this.fail(`expected a block label or '{' after ${name}`);
        }
        this.pos++;
        // One-line blocks `data "x" "y" {}` and `{ a = 1 }` are allowed.
        const body = this.body(true);
        this.expect('}', true);
        blocks.push({ type: name, labels, body, loc: this.at(start, this.pos), line: this.lineOf(start) });
      }
      const end = this.peek(false);
      if (end !== '\n' && end !== '' && end !== '}') this.fail(`expected a newline after ${name}`);
    }
    return { attributes, blocks };
  }

  // ---- expressions, lowest precedence first

  expression(nl: boolean): Expr {
    const start = this.pos;
    const test = this.binary(0, nl);
    if (this.peek(nl) === '?') {
      this.pos++;
      const then = this.expression(true);
      this.expect(':', true);
      const otherwise = this.expression(nl);
      return { t: 'conditional', test, then, else: otherwise, loc: this.at(this.startOf(start), this.pos) };
    }
    return test;
  }

  private startOf(start: number): number {
    // `start` may precede blanks: point at the first character of the expression.
    let s = start;
    while (s < this.text.length && /[\s]/.test(this.text[s])) s++;
    return s;
  }

  private static readonly LEVELS: readonly (readonly string[])[] = [['||'], ['&&'], ['==', '!='], ['<=', '>=', '<', '>'], ['+', '-'], ['*', '/', '%']];

  private binary(level: number, nl: boolean): Expr {
    if (level >= Parser.LEVELS.length) return this.unary(nl);
    const start = this.pos;
    let left = this.binary(level + 1, nl);
    while (true) {
      this.peek(nl);
      const op = Parser.LEVELS[level].find((o) => this.text.startsWith(o, this.pos) && !(o === '<' && this.text[this.pos + 1] === '<'));
      if (!op || (op === '-' && this.text[this.pos + 1] === '>') || (op === '/' && (this.text[this.pos + 1] === '/' || this.text[this.pos + 1] === '*'))) break;
      if ((op === '<' || op === '>') && this.text[this.pos + 1] === '=') break;
      this.pos += op.length;
      const right = this.binary(level + 1, nl);
      left = { t: 'binary', op, left, right, loc: this.at(this.startOf(start), this.pos) };
    }
    return left;
  }

  private unary(nl: boolean): Expr {
    const c = this.peek(nl);
    if (c === '!' || (c === '-' && !/[0-9]/.test(this.text[this.pos + 1] ?? ''))) {
      const start = this.pos;
      this.pos++;
      const operand = this.unary(nl);
      return { t: 'unary', op: c, operand, loc: this.at(start, this.pos) };
    }
    return this.postfix(nl);
  }

  private postfix(nl: boolean): Expr {
    const start = this.pos;
    let e = this.primary(nl);
    while (true) {
      const c = this.text[this.pos];
      if (c === '.') {
        if (this.text[this.pos + 1] === '*') {
          this.pos += 2;
          e = { t: 'splat', target: e, loc: this.at(this.startOf(start), this.pos) };
        } else if (/[0-9]/.test(this.text[this.pos + 1] ?? '')) {
          this.pos++;
          const s = this.pos;
          while (/[0-9]/.test(this.text[this.pos] ?? '')) this.pos++;
          const key: Expr = { t: 'literal', value: Number(this.text.slice(s, this.pos)), loc: this.at(s) };
          e = { t: 'index', target: e, key, loc: this.at(this.startOf(start), this.pos) };
        } else {
          this.pos++;
          const name = this.identifier();
          e = { t: 'getattr', target: e, name, loc: this.at(this.startOf(start), this.pos) };
        }
      } else if (c === '[') {
        this.pos++;
        if (this.peek(true) === '*') {
          this.pos++;
          this.expect(']', true);
          e = { t: 'splat', target: e, loc: this.at(this.startOf(start), this.pos) };
        } else {
          const key = this.expression(true);
          this.expect(']', true);
          e = { t: 'index', target: e, key, loc: this.at(this.startOf(start), this.pos) };
        }
      } else break;
    }
    return e;
  }

  private primary(nl: boolean): Expr {
    const c = this.peek(nl);
    const start = this.pos;
    if (c === '"') return this.template('"');
    if (c === '<' && this.text[this.pos + 1] === '<') return this.heredoc();
    if (/[0-9]/.test(c) || (c === '-' && /[0-9]/.test(this.text[this.pos + 1] ?? ''))) {
      const m = /^-?[0-9]+(\.[0-9]+)?([eE][+-]?[0-9]+)?/.exec(this.text.slice(this.pos, this.pos + 64));
      this.pos += m ? m[0].length : 1;
      return { t: 'literal', value: Number(m?.[0] ?? 0), loc: this.at(start, this.pos) };
    }
    if (c === '(') {
      this.pos++;
      const e = this.expression(true);
      this.expect(')', true);
      return e;
    }
    if (c === '[') {
      if (this.startsFor()) return this.opaqueBalanced('for expression');
      this.pos++;
      const items: Expr[] = [];
      while (this.peek(true) !== ']') {
        items.push(this.expression(true));
        if (this.peek(true) === ',') this.pos++;
        else if (this.peek(true) !== ']') this.fail("expected ',' or ']'");
      }
      this.pos++;
      return { t: 'tuple', items, loc: this.at(start, this.pos) };
    }
    if (c === '{') {
      if (this.startsFor()) return this.opaqueBalanced('for expression');
      this.pos++;
      const items: { key: Expr; value: Expr }[] = [];
      while (this.peek(true) !== '}') {
        const keyStart = this.pos;
        let key: Expr;
        if (isIdStart(this.text[this.pos] ?? '')) {
          // A bare identifier key is a literal name (unless it is a traversal like `local.k`, which Terraform
          // also accepts only in parentheses).
          const name = this.identifier();
          key = { t: 'literal', value: name, loc: this.at(keyStart, this.pos) };
        } else key = this.expression(true);
        const sep = this.peek(true);
        if (sep !== '=' && sep !== ':') this.fail("expected '=' or ':' in an object");
        this.pos++;
        const value = this.expression(true);
        items.push({ key, value });
        if (this.peek(true) === ',') this.pos++;
      }
      this.pos++;
      return { t: 'object', items, loc: this.at(start, this.pos) };
    }
    if (isIdStart(c)) {
      const name = this.identifier();
      if (name === 'true' || name === 'false') return { t: 'literal', value: name === 'true', loc: this.at(start, this.pos) };
      if (name === 'null') return { t: 'literal', value: null, loc: this.at(start, this.pos) };
      if (this.text[this.pos] === '(' || (this.text[this.pos] === ':' && this.text[this.pos + 1] === ':')) {
        let fn = name;
        while (this.text.startsWith('::', this.pos)) {
          this.pos += 2;
          fn += `::${this.identifier()}`;
        }
        this.expect('(', false);
        const args: Expr[] = [];
        let expand = false;
        while (this.peek(true) !== ')') {
          args.push(this.expression(true));
          if (this.text.startsWith('...', this.pos)) {
            expand = true;
            this.pos += 3;
          }
          if (this.peek(true) === ',') this.pos++;
          else if (this.peek(true) !== ')') this.fail("expected ',' or ')'");
        }
        this.pos++;
        return { t: 'call', name: fn, args, expand, loc: this.at(start, this.pos) };
      }
      return { t: 'variable', name, loc: this.at(start, this.pos) };
    }
    this.fail(c === '' ? 'unexpected end of input' : `unexpected '${c}'`);
  }

  private startsFor(): boolean {
    const m = /^[[{]\s*for\s/.exec(this.text.slice(this.pos, this.pos + 16));
    return m !== null;
  }

  /** Skips a bracketed construct (string- and comment-aware) and returns it as opaque. */
  private opaqueBalanced(what: string): Expr {
    const start = this.pos;
    let depth = 0;
    const t = this.text;
    while (this.pos < t.length) {
      const c = t[this.pos];
      if (c === '"') {
        this.template('"');
        continue;
      }
      if (c === '#' || (c === '/' && t[this.pos + 1] === '/')) {
        this.skip(false);
        continue;
      }
      if (c === '[' || c === '{' || c === '(') depth++;
      else if (c === ']' || c === '}' || c === ')') {
        depth--;
        if (depth === 0) {
          this.pos++;
          break;
        }
      }
      this.pos++;
    }
    return { t: 'opaque', what, loc: this.at(start, this.pos) };
  }

  /** A quoted template string; the opening quote is at `pos`. */
  private template(quote: '"'): Extract<Expr, { t: 'template' }> {
    const start = this.pos;
    this.pos++;
    const parts: (TemplateLiteral | Expr)[] = [];
    let directive = false;
    const t = this.text;
    let litStart = this.pos;
    const flush = () => {
      if (this.pos > litStart) parts.push({ text: t.slice(litStart, this.pos), offset: litStart, exact: true });
    };
    while (true) {
      if (this.pos >= t.length || t[this.pos] === '\n') this.fail('unterminated string');
      const c = t[this.pos];
      if (c === quote) {
        flush();
        this.pos++;
        break;
      }
      if (c === '\\') {
        flush();
        const e = t[this.pos + 1];
        const simple: Record<string, string> = { n: '\n', t: '\t', r: '\r', '"': '"', '\\': '\\' };
        let len = 2;
        let out = simple[e];
        if (out === undefined && (e === 'u' || e === 'U')) {
          len = e === 'u' ? 6 : 10;
          out = String.fromCodePoint(parseInt(t.slice(this.pos + 2, this.pos + len), 16) || 0xfffd);
        }
        parts.push({ text: out ?? e ?? '', offset: this.pos, exact: false });
        this.pos += len;
        litStart = this.pos;
        continue;
      }
      if ((c === '$' || c === '%') && t[this.pos + 1] === c && t[this.pos + 2] === '{') {
        flush();
        parts.push({ text: `${c}{`, offset: this.pos, exact: false });
        this.pos += 3;
        litStart = this.pos;
        continue;
      }
      if ((c === '$' || c === '%') && t[this.pos + 1] === '{') {
        flush();
        this.interpolation(parts, c === '%');
        if (c === '%') directive = true;
        litStart = this.pos;
        continue;
      }
      this.pos++;
    }
    return { t: 'template', parts, loc: this.at(start, this.pos), directive };
  }

  private interpolation(parts: (TemplateLiteral | Expr)[], isDirective: boolean): void {
    const start = this.pos;
    this.pos += 2;
    if (this.text[this.pos] === '~') this.pos++;
    if (isDirective) {
      const end = this.text.indexOf('}', this.pos);
      this.pos = end < 0 ? this.text.length : end + 1;
      parts.push({ t: 'opaque', what: 'template directive', loc: this.at(start, this.pos) });
      return;
    }
    const e = this.expression(true);
    this.skip(true);
    if (this.text[this.pos] === '~') this.pos++;
    this.expect('}', true);
    parts.push(e);
  }

  /** Template content (no quotes, no backslash escapes) in [start, end): literal runs, `$${`, `${…}`, `%{…}`. */
  private templateRange(start: number, end: number, parts: (TemplateLiteral | Expr)[]): boolean {
    let directive = false;
    this.pos = start;
    let litStart = this.pos;
    const flush = () => {
      if (this.pos > litStart) parts.push({ text: this.text.slice(litStart, this.pos), offset: litStart, exact: true });
    };
    while (this.pos < end) {
      const c = this.text[this.pos];
      if ((c === '$' || c === '%') && this.text[this.pos + 1] === c && this.text[this.pos + 2] === '{') {
        flush();
        parts.push({ text: `${c}{`, offset: this.pos, exact: false });
        this.pos += 3;
        litStart = this.pos;
      } else if ((c === '$' || c === '%') && this.text[this.pos + 1] === '{') {
        flush();
        this.interpolation(parts, c === '%');
        if (c === '%') directive = true;
        litStart = this.pos;
      } else this.pos++;
    }
    flush();
    return directive;
  }

  /** The whole text as template content (hcl2json's strings). */
  rawTemplate(): Expr {
    const parts: (TemplateLiteral | Expr)[] = [];
    const directive = this.templateRange(0, this.text.length, parts);
    return { t: 'template', parts, loc: this.at(0, this.text.length), directive };
  }

  /** `<<EOT` / `<<-EOT` heredoc template. */
  private heredoc(): Expr {
    const start = this.pos;
    this.pos += 2;
    const strip = this.text[this.pos] === '-';
    if (strip) this.pos++;
    const marker = this.identifier();
    const nlAt = this.text.indexOf('\n', this.pos);
    if (nlAt < 0) this.fail('unterminated heredoc');
    // Find the closing marker line.
    const lines: { start: number; end: number }[] = [];
    let cursor = nlAt + 1;
    let closedAt = -1;
    while (cursor <= this.text.length) {
      let end = this.text.indexOf('\n', cursor);
      if (end < 0) end = this.text.length;
      const line = this.text.slice(cursor, end);
      if (line.trim() === marker) {
        closedAt = end;
        break;
      }
      lines.push({ start: cursor, end: Math.min(end + 1, this.text.length) });
      if (end >= this.text.length) break;
      cursor = end + 1;
    }
    if (closedAt < 0) this.fail(`heredoc ${marker} is not closed`);
    let indent = 0;
    if (strip) {
      indent = Math.min(
        ...lines.filter((l) => this.text.slice(l.start, l.end).trim() !== '').map((l) => /^[ \t]*/.exec(this.text.slice(l.start, l.end))![0].length),
      );
      if (!Number.isFinite(indent)) indent = 0;
    }
    // Parse the content as a template line by line, so stripped indentation keeps offsets exact.
    const parts: (TemplateLiteral | Expr)[] = [];
    let directive = false;
    let consumed = 0;
    for (const l of lines) {
      // An interpolation may span lines: skip what it consumed.
      if (l.end <= consumed) continue;
      const lineStart = Math.max(Math.min(l.start + indent, l.end), consumed);
      if (this.templateRange(lineStart, l.end, parts)) directive = true;
      consumed = this.pos;
    }
    this.pos = closedAt;
    return { t: 'template', parts, loc: this.at(start, closedAt), directive };
  }
}
