// Evaluates the HCL expressions of IAM code to located values. What cannot be known before apply (resource
// attributes computed by AWS, data sources read at plan time, module outputs, `for` expressions, unsupported
// functions) evaluates to an unknown with a readable origin — never to a silently safe value.
import type { SourceLocation } from '../../model.js';
import { array, concat, describeText, field, jsonTextToLNode, knownString, object, scalar, textPositions, toPlain, unknown } from '../policy-record.js';
import type { LNode } from '../policy-record.js';
import type { Expr, TemplateLiteral } from './ast.js';

export interface EvalScope {
  variable(name: string, loc: SourceLocation): LNode;
  local(name: string, loc: SourceLocation): LNode;
  /** `type.name.attr` of a managed resource. */
  resource(type: string, name: string, attr: string, loc: SourceLocation): LNode;
  data(type: string, name: string, attr: string, loc: SourceLocation): LNode;
  /** Offset → position in a file (template literals keep offsets). */
  at(file: string, offset: number, end?: number): SourceLocation;
}

/** Source-like text of a traversal, for unknown origins. */
export function exprText(e: Expr): string {
  switch (e.t) {
    case 'variable':
      return e.name;
    case 'getattr':
      return `${exprText(e.target)}.${e.name}`;
    case 'index':
      return `${exprText(e.target)}[${e.key.t === 'literal' ? JSON.stringify(e.key.value) : '…'}]`;
    case 'splat':
      return `${exprText(e.target)}[*]`;
    case 'call':
      return `${e.name}(…)`;
    case 'literal':
      return JSON.stringify(e.value);
    default:
      return e.t;
  }
}

/** Root variable and attribute steps of a traversal (`data.aws_region.current.name`), or undefined. */
function traversal(e: Expr): { root: string; steps: (string | Expr)[] } | undefined {
  const steps: (string | Expr)[] = [];
  let cur = e;
  while (true) {
    if (cur.t === 'getattr') {
      steps.unshift(cur.name);
      cur = cur.target;
    } else if (cur.t === 'index') {
      steps.unshift(cur.key);
      cur = cur.target;
    } else if (cur.t === 'variable') return { root: cur.name, steps };
    else return undefined;
  }
}

const TERRAFORM_FUNCTION_PREFIX = /^provider::[^:]+::/;

export class HclEvaluator {
  /** Resource addresses (`type.name`, `data.type.name`) referenced since the last `takeRefs`. */
  private refs = new Set<string>();
  /** Iterators of the `dynamic` blocks being expanded (`<name>.key`, `<name>.value`), innermost last. */
  private readonly iterators: { readonly name: string; readonly value: LNode }[] = [];

  constructor(private readonly scope: EvalScope) {}

  /**
   * Runs `fn` with `dynamic` block iterators in scope: each is an object `{ key, value }`, or an unknown
   * when the block's for_each is not known (then every `<name>.value…` is unknown too).
   */
  withIterators<T>(bound: readonly { readonly name: string; readonly value: LNode }[], fn: () => T): T {
    this.iterators.push(...bound);
    try {
      return fn();
    } finally {
      this.iterators.length -= bound.length;
    }
  }

  takeRefs(): string[] {
    const r = [...this.refs];
    this.refs = new Set();
    return r;
  }

  evaluate(e: Expr): LNode {
    switch (e.t) {
      case 'literal':
        return scalar(e.value, e.loc);
      case 'template':
        return this.template(e);
      case 'tuple':
        return array(e.items.map((i) => this.evaluate(i)), e.loc);
      case 'object': {
        const entries = e.items.map(({ key, value }) => {
          const k = this.evaluate(key);
          return { key: knownString(k) ?? describeText(k), keyLoc: key.loc, value: this.evaluate(value) };
        });
        return object(entries, e.loc);
      }
      case 'variable':
      case 'getattr':
      case 'index':
        return this.reference(e);
      case 'splat':
        this.reference(e.target);
        return unknown(`${exprText(e)} (splat)`, e.loc);
      case 'call':
        return this.call(e);
      case 'conditional': {
        const test = toPlain(this.evaluate(e.test));
        if (typeof test === 'boolean') return this.evaluate(test ? e.then : e.else);
        this.evaluate(e.then);
        this.evaluate(e.else);
        return unknown('conditional expression (either branch)', e.loc);
      }
      case 'unary': {
        const v = toPlain(this.evaluate(e.operand));
        if (e.op === '!' && typeof v === 'boolean') return scalar(!v, e.loc);
        if (e.op === '-' && typeof v === 'number') return scalar(-v, e.loc);
        return unknown(`${e.op} of an unknown value`, e.loc);
      }
      case 'binary':
        return this.binary(e);
      case 'opaque':
        return unknown(`${e.what} (not evaluated by the loader)`, e.loc);
    }
  }

  private template(e: Extract<Expr, { t: 'template' }>): LNode {
    if (e.directive) return unknown('template directive (%{…})', e.loc);
    const pieces: LNode[] = [];
    // decoded offset → file offset (literal pieces) or a fixed location (interpolations)
    const marks: { decoded: number; offset?: number; exact: boolean; loc?: SourceLocation }[] = [];
    let decoded = 0;
    let allKnown = true;
    for (const p of e.parts) {
      if ('text' in p) {
        const lit = p as TemplateLiteral;
        pieces.push(scalar(lit.text, this.scope.at(e.loc.file, lit.offset)));
        marks.push({ decoded, offset: lit.offset, exact: lit.exact });
        decoded += lit.text.length;
      } else {
        const v = this.evaluate(p as Expr);
        pieces.push(v);
        const text = knownString(v);
        if (text === undefined) allKnown = false;
        marks.push({ decoded, exact: false, loc: (p as Expr).loc });
        decoded += text?.length ?? 0;
      }
    }
    if (pieces.length === 1 && e.parts.length === 1 && !('text' in e.parts[0])) {
      // `"${x}"` is x itself (objects and lists pass through, as in Terraform).
      return pieces[0];
    }
    const result = concat(pieces, e.loc);
    if (allKnown && result.kind === 'scalar') {
      const file = e.loc.file;
      const locate = (d: number): SourceLocation => {
        let lo = 0;
        for (let i = 0; i < marks.length; i++) if (marks[i].decoded <= d) lo = i;
        const m = marks[lo];
        if (m?.offset === undefined) return m?.loc ?? e.loc;
        return this.scope.at(file, m.exact ? m.offset + (d - m.decoded) : m.offset);
      };
      textPositions.set(result, (o, end) => {
        const s = locate(o);
        if (end === undefined) return s;
        const f = locate(end);
        return { ...s, endLine: f.line, endColumn: f.column };
      });
    }
    return result;
  }

  private reference(e: Expr): LNode {
    const t = traversal(e);
    if (!t) {
      // A traversal of a computed value: `{…}.k`, `f(x)[0]`, `a[*].b`.
      const steps: (string | Expr)[] = [];
      let base = e;
      while (base.t === 'getattr' || base.t === 'index') {
        steps.unshift(base.t === 'getattr' ? base.name : base.key);
        base = base.target;
      }
      return this.applySteps(this.evaluate(base), steps, e);
    }
    const stepName = (i: number): string | undefined => {
      const s = t.steps[i];
      if (typeof s === 'string') return s;
      return s ? knownString(this.evaluate(s)) : undefined;
    };
    const rest = (value: LNode, from: number): LNode => this.applySteps(value, t.steps.slice(from), e);
    // An iterator shadows a resource type of the same name, as in Terraform.
    const iterator = this.iterators.findLast((i) => i.name === t.root);
    if (iterator) return rest(relocate(iterator.value, e.loc), 0);
    switch (t.root) {
      case 'var': {
        const n = stepName(0);
        return n ? rest(relocate(this.scope.variable(n, e.loc), e.loc), 1) : unknown(exprText(e), e.loc);
      }
      case 'local': {
        const n = stepName(0);
        return n ? rest(relocate(this.scope.local(n, e.loc), e.loc), 1) : unknown(exprText(e), e.loc);
      }
      case 'data': {
        const [type, name] = [stepName(0), stepName(1)];
        if (!type || !name) return unknown(exprText(e), e.loc);
        this.refs.add(`data.${type}.${name}`);
        // `data.x.y[0].attr` (count) — skip a numeric instance key.
        const attrIndex = typeof t.steps[2] === 'string' ? 2 : 3;
        const attr = stepName(attrIndex);
        if (!attr) return unknown(`${exprText(e)} (the whole data source)`, e.loc);
        return rest(relocate(this.scope.data(type, name, attr, e.loc), e.loc), attrIndex + 1);
      }
      case 'module':
        return unknown(`${exprText(e)} (module output, not followed)`, e.loc);
      case 'path':
        return stepName(0) === 'module' || stepName(0) === 'root' ? scalar('.', e.loc) : unknown(exprText(e), e.loc);
      case 'each':
      case 'count':
      case 'self':
      case 'terraform':
        return unknown(`${exprText(e)}`, e.loc);
      default: {
        const name = stepName(0);
        if (!name) return unknown(exprText(e), e.loc);
        this.refs.add(`${t.root}.${name}`);
        const attrIndex = typeof t.steps[1] === 'string' ? 1 : 2;
        const attr = stepName(attrIndex);
        if (!attr) return unknown(`${exprText(e)} (the whole resource)`, e.loc);
        return rest(relocate(this.scope.resource(t.root, name, attr, e.loc), e.loc), attrIndex + 1);
      }
    }
  }

  private applySteps(value: LNode, steps: (string | Expr)[], e: Expr): LNode {
    let v = value;
    for (const s of steps) {
      if (v.kind === 'unknown') return unknown(`${exprText(e)} (from ${v.origin})`, e.loc, v.pseudo);
      const key = typeof s === 'string' ? s : toPlain(this.evaluate(s));
      if (v.kind === 'array' && typeof key === 'number') v = v.items[key] ?? unknown(`${exprText(e)} (index out of range)`, e.loc);
      else if (v.kind === 'object' && (typeof key === 'string' || typeof key === 'number')) v = field(v, String(key)) ?? unknown(`${exprText(e)} (no such attribute)`, e.loc);
      else return unknown(exprText(e), e.loc);
    }
    return v;
  }

  private binary(e: Extract<Expr, { t: 'binary' }>): LNode {
    const l = toPlain(this.evaluate(e.left));
    const r = toPlain(this.evaluate(e.right));
    if (l === undefined || r === undefined) return unknown(`${e.op} of an unknown value`, e.loc);
    switch (e.op) {
      case '==':
        return scalar(JSON.stringify(l) === JSON.stringify(r), e.loc);
      case '!=':
        return scalar(JSON.stringify(l) !== JSON.stringify(r), e.loc);
      case '&&':
        return typeof l === 'boolean' && typeof r === 'boolean' ? scalar(l && r, e.loc) : unknown('&&', e.loc);
      case '||':
        return typeof l === 'boolean' && typeof r === 'boolean' ? scalar(l || r, e.loc) : unknown('||', e.loc);
    }
    const a = Number(l);
    const b = Number(r);
    if (Number.isNaN(a) || Number.isNaN(b)) return unknown(`${e.op} of non-numbers`, e.loc);
    const ops: Record<string, (x: number, y: number) => number | boolean> = {
      '+': (x, y) => x + y, '-': (x, y) => x - y, '*': (x, y) => x * y, '/': (x, y) => x / y, '%': (x, y) => x % y,
      '<': (x, y) => x < y, '>': (x, y) => x > y, '<=': (x, y) => x <= y, '>=': (x, y) => x >= y,
    };
    return ops[e.op] ? scalar(ops[e.op](a, b), e.loc) : unknown(e.op, e.loc);
  }

  private call(e: Extract<Expr, { t: 'call' }>): LNode {
    const name = e.name.replace(TERRAFORM_FUNCTION_PREFIX, '');
    const args = e.args.map((a) => this.evaluate(a));
    const loc = e.loc;
    const unk = (why = 'not evaluated by the loader') => unknown(`${name}(…) (${why})`, loc);
    if (e.expand) return unk('argument expansion');
    const str = (i: number) => knownString(args[i]);
    const list = (n: LNode | undefined): readonly LNode[] | undefined => (n?.kind === 'array' ? n.items : undefined);
    switch (name) {
      case 'jsonencode':
        return args[0] ? { kind: 'json', value: args[0], loc } : unk();
      case 'jsondecode': {
        const text = str(0);
        if (text === undefined) return unk('argument unknown');
        const parsed = jsonTextToLNode(text, () => args[0].loc ?? loc);
        return parsed.node && parsed.errors.length === 0 ? parsed.node : unk('invalid JSON');
      }
      case 'tostring':
      case 'tonumber':
      case 'tobool':
      case 'tolist':
      case 'toset':
      case 'tomap':
      case 'sensitive':
      case 'nonsensitive':
        return args[0] ?? unk();
      case 'concat': {
        const items: LNode[] = [];
        for (const a of args) {
          const l = list(a);
          if (!l) return unk('an argument is not a known list');
          items.push(...l);
        }
        return array(items, loc);
      }
      case 'flatten': {
        const flat = (n: LNode): LNode[] | undefined => {
          if (n.kind !== 'array') return [n];
          const out: LNode[] = [];
          for (const i of n.items) {
            if (i.kind === 'unknown') return undefined;
            const f = flat(i);
            if (!f) return undefined;
            out.push(...f);
          }
          return out;
        };
        const r = args[0] ? flat(args[0]) : undefined;
        return r ? array(r, loc) : unk('argument unknown');
      }
      case 'distinct':
      case 'compact': {
        const l = list(args[0]);
        if (!l) return unk('argument unknown');
        const seen = new Set<string>();
        const out = l.filter((i) => {
          const k = JSON.stringify(toPlain(i) ?? Math.random());
          if (name === 'compact' && (toPlain(i) === '' || toPlain(i) === null)) return false;
          if (seen.has(k)) return false;
          seen.add(k);
          return true;
        });
        return array(out, loc);
      }
      case 'merge': {
        const entries = new Map<string, { key: string; keyLoc?: SourceLocation; value: LNode }>();
        for (const a of args) {
          if (a.kind !== 'object') return unk('an argument is not a known object');
          for (const en of a.entries) entries.set(en.key, en);
        }
        return object([...entries.values()], loc);
      }
      case 'lower':
      case 'upper':
      case 'trimspace': {
        const s = str(0);
        if (s === undefined) return unk('argument unknown');
        return scalar(name === 'lower' ? s.toLowerCase() : name === 'upper' ? s.toUpperCase() : s.trim(), loc);
      }
      case 'join': {
        const sep = str(0);
        const l = list(args[1]);
        if (sep === undefined || !l) return unk('argument unknown');
        const pieces: LNode[] = [];
        l.forEach((item, i) => {
          if (i > 0) pieces.push(scalar(sep, loc));
          pieces.push(item);
        });
        return concat(pieces, loc);
      }
      case 'split': {
        const sep = str(0);
        const s = str(1);
        if (sep === undefined || s === undefined) return unk('argument unknown');
        return array(s.split(sep).map((p) => scalar(p, loc)), loc);
      }
      case 'replace': {
        const [s, from, to] = [str(0), str(1), str(2)];
        if (s === undefined || from === undefined || to === undefined || from.startsWith('/')) return unk('argument unknown');
        return scalar(s.split(from).join(to), loc);
      }
      case 'format': {
        const fmt = str(0);
        if (fmt === undefined) return unk('format unknown');
        const pieces: LNode[] = [];
        let argIndex = 1;
        let last = 0;
        const re = /%([%sdvq])/g;
        for (let m = re.exec(fmt); m; m = re.exec(fmt)) {
          pieces.push(scalar(fmt.slice(last, m.index), loc));
          pieces.push(m[1] === '%' ? scalar('%', loc) : (args[argIndex++] ?? unk('missing argument')));
          last = m.index + m[0].length;
        }
        pieces.push(scalar(fmt.slice(last), loc));
        return concat(pieces, loc);
      }
      case 'coalesce': {
        for (const a of args) {
          if (a.kind === 'unknown' || a.kind === 'concat') return unk('an argument is unknown');
          const v = toPlain(a);
          if (v !== null && v !== '') return a;
        }
        return unk('no non-empty argument');
      }
      case 'element': {
        const l = list(args[0]);
        const i = toPlain(args[1] ?? scalar(null));
        return l && typeof i === 'number' && l.length > 0 ? l[i % l.length] : unk('argument unknown');
      }
      case 'lookup': {
        // Only a known map can lack the key: the default of a lookup in an unknown map is not its value.
        const key = str(1);
        if (args[0]?.kind !== 'object' || key === undefined) return unk('argument unknown');
        return field(args[0], key) ?? args[2] ?? unk('key not found');
      }
      case 'length': {
        const a = args[0];
        if (a?.kind === 'array') return scalar(a.items.length, loc);
        if (a?.kind === 'object') return scalar(a.entries.length, loc);
        const s = str(0);
        return s !== undefined ? scalar(s.length, loc) : unk('argument unknown');
      }
      case 'try':
        return args.find((a) => a.kind !== 'unknown') ?? unk('every argument unknown');
      case 'file':
      case 'templatefile':
        return unknown(`${name}(${describeText(args[0] ?? scalar(''))}) (file contents not read by the HCL loader)`, loc);
      default:
        return unk();
    }
  }
}

/** A scalar used somewhere is reported at the use site; structures keep their own positions. */
function relocate(node: LNode, loc: SourceLocation): LNode {
  if (node.kind === 'scalar') {
    const s = scalar(node.value, loc);
    const positions = textPositions.get(node);
    if (positions) textPositions.set(s, positions);
    return s;
  }
  if (node.kind === 'unknown') return unknown(node.origin, loc, node.pseudo);
  if (node.kind === 'concat') return { kind: 'concat', parts: node.parts, loc };
  return node;
}

