// Glob matching for IAM patterns: `*` matches any run of characters (including none, `/` and `:`), `?` matches
// exactly one UTF-16 code unit. No regular expressions: a pattern is split once into its literal chunks and
// matched with native `startsWith`/`indexOf`, so the cost is linear in typical cases and never exponential.

const STAR = 42; // '*'
const QMARK = 63; // '?'

/** Matches `text.slice(from, to)` without slicing it. */
export type RangeMatcher = (text: string, from: number, to: number) => boolean;

const MATCH_ALL = (): boolean => true;

/**
 * A test for "`text` starts with `prefix`" for a fixed, possibly long prefix (an ARN pattern's literal start).
 * Node 20's `startsWith` compares in generic per-character code: for the 20-40-character prefixes of ARN
 * patterns it measured 2-3× slower than `lastIndexOf(prefix, 0) === 0`, which can only match at offset 0.
 * Different ARNs usually differ just before the end of such a prefix (after the shared `arn:aws:service:…:`),
 * so its last character is compared first. With the literal-prefix form of compileArnPattern, fast path +15%
 * on bench/engine.mjs (paired runs, medians); bench/prefix.mjs compares the primitives.
 */
export function compilePrefixTest(prefix: string): (text: string) => boolean {
  const length = prefix.length;
  if (length === 0) return MATCH_ALL;
  const last = prefix.charCodeAt(length - 1);
  return (text) => text.length >= length && text.charCodeAt(length - 1) === last && text.lastIndexOf(prefix, 0) === 0;
}

/** True when `s` contains `*` or `?`. */
export function hasWildcard(s: string): boolean {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c === STAR || c === QMARK) return true;
  }
  return false;
}

/** One star-free piece of a pattern; `?` inside it still matches any one code unit. */
interface Chunk {
  readonly text: string;
  readonly hasQuestion: boolean;
}

function chunkOf(text: string): Chunk {
  return { text, hasQuestion: text.indexOf('?') >= 0 };
}

/** Does `chunk` match `text` at offset `at` (the caller ensures it fits)? */
function chunkAt(chunk: Chunk, text: string, at: number): boolean {
  if (!chunk.hasQuestion) return text.startsWith(chunk.text, at);
  const c = chunk.text;
  for (let i = 0; i < c.length; i++) {
    const p = c.charCodeAt(i);
    if (p !== QMARK && p !== text.charCodeAt(at + i)) return false;
  }
  return true;
}

/** Leftmost offset in [from, limit - chunk length] where `chunk` matches, or -1. */
function findChunk(chunk: Chunk, text: string, from: number, limit: number): number {
  const last = limit - chunk.text.length;
  if (!chunk.hasQuestion) {
    const i = text.indexOf(chunk.text, from);
    return i >= 0 && i <= last ? i : -1;
  }
  for (let i = from; i <= last; i++) {
    if (chunkAt(chunk, text, i)) return i;
  }
  return -1;
}

/**
 * The general case: `first * middle… * last`. The first chunk is anchored at the start, the last at the end,
 * and each middle chunk is taken at its leftmost position — leftmost is always safe for `*`/`?` globs, so there
 * is no backtracking at all.
 */
function compileStarChunks(pattern: string): RangeMatcher {
  const pieces = pattern.split('*');
  const first = chunkOf(pieces[0]);
  const last = chunkOf(pieces[pieces.length - 1]);
  const middles: Chunk[] = [];
  let minLength = first.text.length + last.text.length;
  for (let i = 1; i < pieces.length - 1; i++) {
    if (pieces[i].length === 0) continue; // consecutive stars
    middles.push(chunkOf(pieces[i]));
    minLength += pieces[i].length;
  }
  const middleCount = middles.length;
  return (text, from, to) => {
    if (to - from < minLength) return false;
    if (!chunkAt(first, text, from)) return false;
    const end = to - last.text.length;
    if (!chunkAt(last, text, end)) return false;
    let pos = from + first.text.length;
    for (let i = 0; i < middleCount; i++) {
      const chunk = middles[i];
      const at = findChunk(chunk, text, pos, end);
      if (at < 0) return false;
      pos = at + chunk.text.length;
    }
    return pos <= end;
  };
}

/** A case-sensitive matcher over a range of the text, with fast paths for the common shapes. */
export function compileRangeWildcard(pattern: string): RangeMatcher {
  if (pattern === '*') return MATCH_ALL;
  const firstStar = pattern.indexOf('*');
  const hasQuestion = pattern.indexOf('?') >= 0;
  const length = pattern.length;
  if (firstStar < 0) {
    if (!hasQuestion) return (text, from, to) => to - from === length && text.startsWith(pattern, from);
    const chunk = chunkOf(pattern);
    return (text, from, to) => to - from === length && chunkAt(chunk, text, from);
  }
  const lastStar = pattern.lastIndexOf('*');
  if (!hasQuestion) {
    const prefix = pattern.slice(0, firstStar);
    const suffix = pattern.slice(lastStar + 1);
    if (firstStar === lastStar || /^\*+$/.test(pattern.slice(firstStar, lastStar + 1))) {
      // prefix*, *suffix, prefix*suffix (a run of stars is one star)
      const fixed = prefix.length + suffix.length;
      if (suffix.length === 0) return (text, from, to) => to - from >= fixed && text.startsWith(prefix, from);
      if (prefix.length === 0) return (text, from, to) => to - from >= fixed && text.endsWith(suffix, to);
      return (text, from, to) => to - from >= fixed && text.startsWith(prefix, from) && text.endsWith(suffix, to);
    }
  }
  return compileStarChunks(pattern);
}

/**
 * Compiles a glob once into a predicate. With `ignoreCase`, the pattern is lower-cased here and the text at
 * each call (callers that already hold lower-case text pay only a no-op `toLowerCase`).
 */
export function compileWildcard(pattern: string, options?: { ignoreCase?: boolean }): (text: string) => boolean {
  const ignoreCase = options?.ignoreCase === true;
  const p = ignoreCase ? pattern.toLowerCase() : pattern;
  if (p === '*') return MATCH_ALL;
  if (!hasWildcard(p)) {
    return ignoreCase ? (text) => text.toLowerCase() === p : (text) => text === p;
  }
  const range = compileRangeWildcard(p);
  if (ignoreCase) {
    return (text) => {
      const t = text.toLowerCase();
      return range(t, 0, t.length);
    };
  }
  return (text) => range(text, 0, text.length);
}

/** Uncached convenience for one-off matches (compiles on every call). */
export function wildcardMatch(pattern: string, text: string, ignoreCase = false): boolean {
  return compileWildcard(pattern, { ignoreCase })(text);
}
