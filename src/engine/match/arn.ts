// ARN pattern matching, segment by segment (spec conditions.md, ArnLike row): the pattern and the value are
// each split at their first five colons into six parts, and part i of the pattern is globbed against part i of
// the value. So a `*` in the first five parts cannot cross a colon; the sixth part (the resource) is everything
// after the fifth colon and its `*` may span colons (`arn:aws:s3:::b/*` matches `arn:aws:s3:::b/x:y`).
//
// A pattern with fewer than six parts: when its last part ends in `*`, the parts it has are matched against the
// value's first parts and that final `*` covers the rest of the value, colons included (`arn:aws:s3*` matches
// every S3 ARN, `arn:*` every ARN). Otherwise it matches nothing. AWS rejects most such patterns at upload
// (spec policy-grammar.md §3) and the simulator's behaviour for the rest is undocumented; this reading keeps
// `arn:aws:*`-style shorthands working without letting a star cross a colon earlier than the pattern says.
// A value with fewer than six parts (fewer than five colons) never matches, except under the pattern `*`.
import { compilePrefixTest, compileRangeWildcard, hasWildcard, type RangeMatcher } from './wildcard.js';

const COLON = ':';

const MATCH_ALL = (): boolean => true;
const MATCH_NONE = (): boolean => false;

/** Offsets of the first five colons of `s` (fewer when `s` has fewer). */
export function arnColons(s: string): number[] {
  const cuts: number[] = [];
  let at = s.indexOf(COLON);
  while (at >= 0 && cuts.length < 5) {
    cuts.push(at);
    at = s.indexOf(COLON, at + 1);
  }
  return cuts;
}

/** Splits a pattern at its first five colons: up to six parts. */
export function splitArnPattern(pattern: string): string[] {
  const cuts = arnColons(pattern);
  const parts: string[] = [];
  let start = 0;
  for (const cut of cuts) {
    parts.push(pattern.slice(start, cut));
    start = cut + 1;
  }
  parts.push(pattern.slice(start));
  return parts;
}

// The colons of the value matched last. A request's resource is tested against several patterns in a row
// (and aws:PrincipalArn by isArnShaped, then its patterns): its colons are found once, not once per pattern.
// Evaluation is synchronous and the memo is checked against the value itself, so re-entry only costs a
// rescan. A pattern with a wildcard before its fifth colon (`arn:aws:sns:*:…`) took five `indexOf` calls per
// test; fast path +5% on bench/engine.mjs (paired runs, medians).
let memoValue: string | undefined;
let memoCount = 0;
const memoCuts = new Int32Array(5);

/** How many of the first five colons `value` has (0-5); their offsets are in memoCuts. */
function colonsOf(value: string): number {
  if (value !== memoValue) {
    let count = 0;
    let at = value.indexOf(COLON);
    while (at >= 0 && count < 5) {
      memoCuts[count++] = at;
      at = value.indexOf(COLON, at + 1);
    }
    memoCount = count;
    memoValue = value;
  }
  return memoCount;
}

/** True when `value` has at least six parts (five colons). Scans without allocating. */
export function isArnShaped(value: string): boolean {
  return colonsOf(value) === 5;
}

// How one pattern part is tested; kept as data so the hot loop calls a closure only for real globs.
const ANY = 0; // `*`: no test
const EXACT = 1; // no wildcard: length + startsWith
const GLOB = 2; // anything else: a RangeMatcher

interface CompiledPart {
  readonly kind: typeof ANY | typeof EXACT | typeof GLOB;
  readonly text: string;
  readonly glob: RangeMatcher;
}

function compilePart(part: string): CompiledPart {
  if (part === '*') return { kind: ANY, text: part, glob: MATCH_ALL };
  if (!hasWildcard(part)) return { kind: EXACT, text: part, glob: MATCH_ALL };
  return { kind: GLOB, text: part, glob: compileRangeWildcard(part) };
}

/**
 * Matches `value` part by part, from part `first` on: the caller has checked the parts before it (see
 * compileArnPattern). With fewer than six parts, the value must still have six parts and only the first
 * `parts.length` are tested (the caller guarantees the last one ends in `*`).
 */
function matchParts(parts: readonly CompiledPart[], count: number, value: string, first: number): boolean {
  if (colonsOf(value) < 5) return false;
  let start = first === 0 ? 0 : memoCuts[first - 1] + 1;
  for (let i = first; i < count; i++) {
    const end = i < 5 ? memoCuts[i] : value.length;
    const part = parts[i];
    if (part.kind === EXACT) {
      if (end - start !== part.text.length || !value.startsWith(part.text, start)) return false;
    } else if (part.kind === GLOB && !part.glob(value, start, end)) {
      return false;
    }
    start = end + 1;
  }
  return true;
}

/** Offset of the first `*` or `?` in `s`, or -1. */
function firstWildcard(s: string): number {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c === 42 || c === 63) return i;
  }
  return -1;
}

/** Compiles an ARN pattern (case-sensitive) into a predicate over ARNs. */
export function compileArnPattern(pattern: string): (arn: string) => boolean {
  if (pattern === '*') return MATCH_ALL;
  const parts = splitArnParts(pattern);
  if (parts === undefined) return MATCH_NONE;
  // The pattern's text before its first wildcard is a prefix of every ARN it matches (the parts before it are
  // exact, and a glob part must start with its own literal text). Checking it first rejects other services
  // and resources in one native call; when the five colons lie inside it, the rest of the pattern is a plain
  // glob over the rest of the ARN.
  const wildcard = firstWildcard(pattern);
  if (wildcard < 0) return (arn) => arn === pattern;
  const prefix = pattern.slice(0, wildcard);
  const hasPrefix = compilePrefixTest(prefix);
  if (parts.length === 6 && arnColons(prefix).length === 5) {
    const rest = pattern.slice(wildcard);
    const from = prefix.length;
    if (rest === '*') return hasPrefix;
    const restMatcher = compileRangeWildcard(rest);
    return (arn) => hasPrefix(arn) && restMatcher(arn, from, arn.length);
  }
  // The prefix holds the first `first` colons of every ARN it admits, so those parts are already matched.
  const first = arnColons(prefix).length;
  const compiled = parts.map(compilePart);
  const count = compiled.length;
  return (arn) => hasPrefix(arn) && matchParts(compiled, count, arn, first);
}

/**
 * The parts of an ARN pattern to match, or undefined when the pattern can match nothing (fewer than six parts
 * and no trailing `*`).
 */
function splitArnParts(pattern: string): string[] | undefined {
  const parts = splitArnPattern(pattern);
  if (parts.length < 6 && !pattern.endsWith('*')) return undefined;
  return parts;
}
