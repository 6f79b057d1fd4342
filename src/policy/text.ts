// Source-text helpers: offset → line/column, JSON pointers, and one linear scan of the raw text for
// the things jsonc-parser does not check (IAM's character set, non-JSON whitespace) and for the size.
import type { Position } from './ast.js';

/** Offsets at which each line starts. A line ends at LF, CR or CRLF. */
export function lineStarts(text: string): number[] {
  const starts = [0];
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 10) starts.push(i + 1);
    else if (c === 13) {
      if (text.charCodeAt(i + 1) === 10) i++;
      starts.push(i + 1);
    }
  }
  return starts;
}

// Scenario files embed many policies in one text; parsing each with `range` would rebuild the table per
// policy, so the last table is kept.
let cachedText: string | undefined;
let cachedStarts: number[] = [0];

export function lineStartsCached(text: string): number[] {
  if (cachedText !== text) {
    cachedStarts = lineStarts(text);
    cachedText = text;
  }
  return cachedStarts;
}

/** 1-based line and column of a 0-based offset (binary search over the line starts). */
export function positionAt(starts: readonly number[], offset: number): Position {
  let lo = 0;
  let hi = starts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (starts[mid] <= offset) lo = mid;
    else hi = mid - 1;
  }
  return { line: lo + 1, column: offset - starts[lo] + 1, offset };
}

/** One RFC 6901 reference token. */
export function escapePointerToken(token: string | number): string {
  if (typeof token === 'number') return String(token);
  return token.includes('~') || token.includes('/') ? token.replace(/~/g, '~0').replace(/\//g, '~1') : token;
}

// Native regex scans are an order of magnitude faster than a character loop; the loop below runs only
// when one of them finds something.
const DISALLOWED = /[^\t\n\r\x20-\xff]/g;
// jsonc-parser's whitespace beyond JSON's: VT, FF, NBSP, U+1680, U+2000–U+200B, U+2028/9, U+202F, U+205F, U+3000, U+FEFF.
const LOOSE_WHITESPACE = /[\v\f\u00a0\u1680\u2000-\u200b\u2028\u2029\u202f\u205f\u3000\ufeff]/;

/** Offset of the first character outside TAB, LF, CR, U+0020–U+00FF (IAM's API pattern) in [start, end), or -1. */
export function firstDisallowedCharacter(text: string, start = 0, end = text.length): number {
  DISALLOWED.lastIndex = start;
  const m = DISALLOWED.exec(text);
  return m && m.index < end ? m.index : -1;
}

/** Offset of the first whitespace outside strings that JSON does not allow (jsonc-parser does), or -1. */
export function firstLooseWhitespace(text: string, start = 0, end = text.length): number {
  const slice = start === 0 && end === text.length ? text : text.slice(start, end);
  if (!LOOSE_WHITESPACE.test(slice)) return -1;
  let inString = false;
  for (let i = start; i < end; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 92 /* \ */) i++;
      else if (c === 34 /* " */) inString = false;
    } else if (c === 34) inString = true;
    else if (LOOSE_WHITESPACE.test(text[i])) return i;
  }
  return -1;
}

/** Length with whitespace (space, TAB, LF, CR) outside strings removed. */
export function compactLength(text: string): number {
  let length = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      length++;
      if (c === 92 /* \ */ && i + 1 < text.length) {
        i++;
        length++;
      } else if (c === 34 /* " */) inString = false;
    } else if (c === 34) {
      inString = true;
      length++;
    } else if (!(c === 32 || c === 9 || c === 10 || c === 13)) length++;
  }
  return length;
}
