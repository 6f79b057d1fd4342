// Patterns with policy variables (spec conditions.md §5). A pattern is parsed once into pieces: policy text
// (where `*`/`?` stay wildcards in glob mode), fixed literals (`${*}`, `${?}`, `${$}`) and variables
// (`${key}` or `${key, 'default'}`). At evaluation the variables are looked up and the pieces are matched in
// place, without building a pattern string: substituted text is always literal, so a `*` in a tag value is not
// a wildcard (the spec marks this unconfirmed; it is the only reading that keeps a tag value from widening a
// grant). A variable whose key is absent (and has no default) or is multivalued makes the whole pattern match
// nothing; the key is reported in `trace.missingKeys`.
import type { CompiledPattern, ConditionContext, ConditionTrace } from '../conditions/types.js';
import { arnColons, compileArnPattern } from './arn.js';
import { compilePrefixTest, compileRangeWildcard, hasWildcard, type RangeMatcher } from './wildcard.js';

const STAR = 42; // '*'
const QMARK = 63; // '?'

export type TemplatePiece =
  /** Policy text; its `*` and `?` are wildcards when the template is a glob. */
  | { readonly kind: 'text'; readonly text: string }
  /** `${*}`, `${?}`, `${$}`: the character itself, never a wildcard. */
  | { readonly kind: 'literal'; readonly text: string }
  /** `${key}` / `${key, 'default'}`; `key` as written (trimmed), looked up by `lowerKey`. */
  | {
      readonly kind: 'variable';
      readonly key: string;
      readonly lowerKey: string;
      readonly defaultValue: string | undefined;
    };

/** Range form of a compiled template: matches `text.slice(from, to)`. */
type TemplateRangeMatcher = (
  text: string,
  from: number,
  to: number,
  ctx: ConditionContext,
  trace: ConditionTrace | undefined,
) => boolean;

const MATCH_ALL = (): boolean => true;
const MATCH_NONE = (): boolean => false;

/** Records a missing key once per trace. */
export function noteMissingKey(trace: ConditionTrace, key: string): void {
  if (!trace.missingKeys.includes(key)) trace.missingKeys.push(key);
}

/** True when `source` holds at least one `${…}` that parses as a variable or a special. */
export function hasPolicyVariables(source: string): boolean {
  return source.includes('${') && parseTemplate(source).some((p) => p.kind !== 'text');
}

/** Parses `${…}` forms; anything that does not parse (`${` without `}`, `${}`) stays text. */
export function parseTemplate(source: string): TemplatePiece[] {
  const pieces: TemplatePiece[] = [];
  let text = '';
  let i = 0;
  while (i < source.length) {
    const open = source.indexOf('${', i);
    if (open < 0) {
      text += source.slice(i);
      break;
    }
    text += source.slice(i, open);
    const parsed = parseVariable(source, open + 2);
    if (parsed === undefined) {
      text += '${';
      i = open + 2;
      continue;
    }
    if (text.length > 0) pieces.push({ kind: 'text', text });
    text = '';
    pieces.push(parsed.piece);
    i = parsed.end;
  }
  if (text.length > 0) pieces.push({ kind: 'text', text });
  return pieces;
}

/** Parses the inside of `${…}` starting at `start`; returns the piece and the offset after `}`. */
function parseVariable(source: string, start: number): { piece: TemplatePiece; end: number } | undefined {
  const first = source[start];
  if ((first === '*' || first === '?' || first === '$') && source[start + 1] === '}') {
    return { piece: { kind: 'literal', text: first }, end: start + 2 };
  }
  let i = start;
  while (i < source.length && source[i] !== '}' && source[i] !== ',') i++;
  if (i >= source.length) return undefined;
  const key = source.slice(start, i).trim();
  if (key.length === 0 || key.includes('${')) return undefined;
  const lowerKey = key.toLowerCase();
  if (source[i] === '}') {
    return { piece: { kind: 'variable', key, lowerKey, defaultValue: undefined }, end: i + 1 };
  }
  // `, 'default'`: AWS writes one space after the comma; any whitespace is tolerated.
  i++;
  while (source[i] === ' ') i++;
  if (source[i] !== "'") return undefined;
  const close = source.indexOf("'", i + 1);
  if (close < 0) return undefined;
  const defaultValue = source.slice(i + 1, close);
  i = close + 1;
  while (source[i] === ' ') i++;
  if (source[i] !== '}') return undefined;
  return { piece: { kind: 'variable', key, lowerKey, defaultValue }, end: i + 1 };
}

/** Glob over the concatenation of `strs[0..n)`; `wild[i]` says whether piece i's `*`/`?` are wildcards. */
function globPieces(wild: Uint8Array, strs: string[], n: number, text: string, from: number, to: number): boolean {
  // Two pointers with backtracking to the last star only: O(pattern × text) at worst, no allocation.
  let pi = 0;
  let po = 0;
  let t = from;
  let starPi = -1;
  let starPo = 0;
  let starT = 0;
  while (t < to) {
    while (pi < n && po >= strs[pi].length) {
      pi++;
      po = 0;
    }
    if (pi < n) {
      const c = strs[pi].charCodeAt(po);
      if (wild[pi] === 1 && c === STAR) {
        starPi = pi;
        starPo = po + 1;
        starT = t;
        po++;
        continue;
      }
      if ((wild[pi] === 1 && c === QMARK) || c === text.charCodeAt(t)) {
        po++;
        t++;
        continue;
      }
    }
    if (starPi < 0) return false;
    pi = starPi;
    po = starPo;
    starT++;
    t = starT;
  }
  for (;;) {
    while (pi < n && po >= strs[pi].length) {
      pi++;
      po = 0;
    }
    if (pi >= n) return true;
    if (wild[pi] !== 1 || strs[pi].charCodeAt(po) !== STAR) return false;
    po++;
  }
}

/** Exact comparison of the concatenation of `strs[0..n)` with `text.slice(from, to)`. */
function equalsPieces(strs: string[], n: number, text: string, from: number, to: number): boolean {
  let pos = from;
  for (let i = 0; i < n; i++) {
    const s = strs[i];
    if (pos + s.length > to || !text.startsWith(s, pos)) return false;
    pos += s.length;
  }
  return pos === to;
}

interface TemplateOptions {
  /** `*`/`?` in policy text are wildcards (StringLike, ArnLike, Resource) rather than characters. */
  readonly glob: boolean;
  /** Lower-case the pattern and substituted values; the caller passes lower-cased text. */
  readonly ignoreCase: boolean;
}

/** Compiles parsed pieces into a range matcher that resolves variables at each call. */
function compilePieces(pieces: readonly TemplatePiece[], options: TemplateOptions): TemplateRangeMatcher {
  const n = pieces.length;
  // Scratch buffer reused across calls: evaluation is synchronous and never re-enters the same template.
  const strs: string[] = new Array<string>(n);
  const wild = new Uint8Array(n);
  const slots: number[] = [];
  for (let i = 0; i < n; i++) {
    const piece = pieces[i];
    if (piece.kind === 'variable') {
      slots.push(i);
      strs[i] = '';
    } else {
      strs[i] = options.ignoreCase && piece.kind === 'text' ? piece.text.toLowerCase() : piece.text;
      wild[i] = piece.kind === 'text' && options.glob ? 1 : 0;
    }
  }
  const slotCount = slots.length;
  const variables = pieces.map((p) => (p.kind === 'variable' ? p : undefined));
  const defaults = variables.map((v) =>
    v?.defaultValue === undefined ? undefined : options.ignoreCase ? v.defaultValue.toLowerCase() : v.defaultValue,
  );
  const ignoreCase = options.ignoreCase;
  const glob = options.glob;
  return (text, from, to, ctx, trace) => {
    let resolved = true;
    for (let s = 0; s < slotCount; s++) {
      const i = slots[s];
      const variable = variables[i]!;
      const value = ctx.get(variable.lowerKey);
      if (typeof value === 'string') {
        strs[i] = ignoreCase ? value.toLowerCase() : value;
      } else if (value === undefined && defaults[i] !== undefined) {
        strs[i] = defaults[i]!;
      } else {
        // Absent without default, or multivalued: the pattern matches nothing.
        if (trace === undefined) return false;
        noteMissingKey(trace, variable.key);
        resolved = false;
      }
    }
    if (!resolved) return false;
    return glob ? globPieces(wild, strs, n, text, from, to) : equalsPieces(strs, n, text, from, to);
  };
}

/**
 * A String* condition value with policy variables. `glob` for StringLike/StringNotLike; with `ignoreCase` the
 * value passed in must already be lower-cased.
 */
export function compileStringTemplate(source: string, options: TemplateOptions): CompiledPattern {
  const range = compilePieces(parseTemplate(source), options);
  return (value, ctx, trace) => range(value, 0, value.length, ctx, trace);
}

/** Splits pieces at the first five colons of their policy text (a variable is never split). */
function splitPiecesAtColons(pieces: readonly TemplatePiece[]): TemplatePiece[][] {
  const groups: TemplatePiece[][] = [[]];
  for (const piece of pieces) {
    if (piece.kind !== 'text') {
      groups[groups.length - 1].push(piece);
      continue;
    }
    let rest = piece.text;
    let cut = rest.indexOf(':');
    while (cut >= 0 && groups.length < 6) {
      if (cut > 0) groups[groups.length - 1].push({ kind: 'text', text: rest.slice(0, cut) });
      groups.push([]);
      rest = rest.slice(cut + 1);
      cut = rest.indexOf(':');
    }
    if (rest.length > 0) groups[groups.length - 1].push({ kind: 'text', text: rest });
  }
  return groups;
}

/**
 * An Arn* condition value with policy variables. The value is split into ARN parts at colons of the policy
 * text only, so a variable's value stays within its part: substituted text containing `:` can match only in
 * the sixth part. (Variables may appear in any part of a condition value, unlike Resource.)
 */
export function compileArnTemplate(source: string): CompiledPattern {
  if (source === '*') return MATCH_ALL;
  const groups = splitPiecesAtColons(parseTemplate(source));
  const lastGroup = groups[groups.length - 1];
  const lastPiece = lastGroup[lastGroup.length - 1];
  if (groups.length < 6 && !(lastPiece?.kind === 'text' && lastPiece.text.endsWith('*'))) return MATCH_NONE;
  const parts: TemplateRangeMatcher[] = groups.map((group) =>
    group.every((p) => p.kind === 'text')
      ? compileRangeWildcard(group.map((p) => (p.kind === 'text' ? p.text : '')).join(''))
      : compilePieces(group, { glob: true, ignoreCase: false }),
  );
  const count = parts.length;
  return (value, ctx, trace) => {
    let start = 0;
    for (let i = 0; i < 5; i++) {
      const cut = value.indexOf(':', start);
      if (cut < 0) return false;
      if (i < count && !parts[i](value, start, cut, ctx, trace)) return false;
      start = cut + 1;
    }
    return count < 6 || parts[5](value, start, value.length, ctx, trace);
  };
}

/**
 * A Resource/NotResource entry. `*` matches everything; otherwise ARN-segment matching (compileArnPattern).
 * With `policyVariables` (Version 2012-10-17), `${…}` is expanded only in the resource part, after the fifth
 * colon (IAM User Guide, "Policy variables"); before it, `${…}` is plain text.
 */
export function compileResourcePattern(pattern: string, options: { policyVariables: boolean }): CompiledPattern {
  if (pattern === '*') return MATCH_ALL;
  if (!options.policyVariables) return compileArnPattern(pattern);
  const cuts = arnColons(pattern);
  if (cuts.length < 5) return compileArnPattern(pattern);
  const headLength = cuts[4] + 1;
  const tail = pattern.slice(headLength);
  if (!hasPolicyVariables(tail)) return compileArnPattern(pattern);
  const tailMatcher = compilePieces(parseTemplate(tail), { glob: true, ignoreCase: false });
  const head = pattern.slice(0, headLength);
  if (!hasWildcard(head)) {
    const hasHead = compilePrefixTest(head);
    return (value, ctx, trace) => hasHead(value) && tailMatcher(value, headLength, value.length, ctx, trace);
  }
  const headParts: RangeMatcher[] = [];
  let start = 0;
  for (const cut of cuts) {
    headParts.push(compileRangeWildcard(pattern.slice(start, cut)));
    start = cut + 1;
  }
  return (value, ctx, trace) => {
    let from = 0;
    for (let i = 0; i < 5; i++) {
      const cut = value.indexOf(':', from);
      if (cut < 0 || !headParts[i](value, from, cut)) return false;
      from = cut + 1;
    }
    return tailMatcher(value, from, value.length, ctx, trace);
  };
}
