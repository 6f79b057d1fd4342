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
import { compileRangeWildcard, hasWildcard, type RangeMatcher } from './wildcard.js';

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

/** True when `value` has at least six parts (five colons). Scans without allocating. */
export function isArnShaped(value: string): boolean {
  let at = -1;
  for (let i = 0; i < 5; i++) {
    at = value.indexOf(COLON, at + 1);
    if (at < 0) return false;
  }
  return true;
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
 * Matches `value` part by part. With fewer than six parts, the value must still have six parts and only the
 * first `parts.length` are tested (the caller guarantees the last one ends in `*`).
 */
function matchParts(parts: readonly CompiledPart[], count: number, value: string): boolean {
  let start = 0;
  for (let i = 0; i < 6; i++) {
    let end = value.length;
    if (i < 5) {
      end = value.indexOf(COLON, start);
      if (end < 0) return false;
    }
    if (i < count) {
      const part = parts[i];
      if (part.kind === EXACT) {
        if (end - start !== part.text.length || !value.startsWith(part.text, start)) return false;
      } else if (part.kind === GLOB && !part.glob(value, start, end)) {
        return false;
      }
    }
    start = end + 1;
  }
  return true;
}

/** Compiles an ARN pattern (case-sensitive) into a predicate over ARNs. */
export function compileArnPattern(pattern: string): (arn: string) => boolean {
  if (pattern === '*') return MATCH_ALL;
  const parts = splitArnParts(pattern);
  if (parts === undefined) return MATCH_NONE;
  if (parts.length === 6) {
    const cuts = arnColons(pattern);
    const head = pattern.slice(0, cuts[4] + 1);
    if (!hasWildcard(head)) {
      // The common shape (`arn:aws:s3:::bucket/*`): a literal head fixes all five colons, so a prefix check
      // replaces the segment split.
      const tail = pattern.slice(head.length);
      if (!hasWildcard(tail)) return (arn) => arn === pattern;
      const tailMatcher = compileRangeWildcard(tail);
      const headLength = head.length;
      return (arn) => arn.startsWith(head) && tailMatcher(arn, headLength, arn.length);
    }
  }
  const compiled = parts.map(compilePart);
  const count = compiled.length;
  return (arn) => matchParts(compiled, count, arn);
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
