// A wildcard matcher for `*` (any run) and `?` (one character). The engine has its own, but catalog/ sits
// below engine/ and may not import it; if one shared matcher is wanted, it belongs in a lower module. No
// regex, no backtracking: the pattern
// is cut at `*`; the first piece must be a prefix, the last a suffix, and the pieces between are found
// leftmost-first, which is always a correct choice for `*`-separated pieces.

export type Matcher = (text: string) => boolean;

/** Compiles a pattern; both sides are compared as given, so lower-case them for case-insensitive use. */
export function compileWildcard(pattern: string): Matcher {
  const pieces = pattern.split('*');
  if (pieces.length === 1) {
    return pattern.includes('?') ? (text) => text.length === pattern.length && matchesAt(text, 0, pattern) : (text) => text === pattern;
  }
  const first = pieces[0] as string;
  const last = pieces[pieces.length - 1] as string;
  const middle = pieces.slice(1, -1).filter((piece) => piece !== '');
  const minLength = pieces.reduce((sum, piece) => sum + piece.length, 0);
  return (text) => {
    if (text.length < minLength) return false;
    const end = text.length - last.length;
    if (!matchesAt(text, 0, first) || !matchesAt(text, end, last)) return false;
    let from = first.length;
    for (const piece of middle) {
      const at = find(text, piece, from, end);
      if (at === -1) return false;
      from = at + piece.length;
    }
    return true;
  };
}

/** Whether `piece` (which may hold `?`) matches `text` at `at`. */
function matchesAt(text: string, at: number, piece: string): boolean {
  for (let i = 0; i < piece.length; i++) {
    const p = piece.charCodeAt(i);
    if (p !== 63 /* ? */ && p !== text.charCodeAt(at + i)) return false;
  }
  return true;
}

/** Leftmost index ≥ from where `piece` matches and ends by `limit`, or -1. */
function find(text: string, piece: string, from: number, limit: number): number {
  if (!piece.includes('?')) {
    const at = text.indexOf(piece, from);
    return at !== -1 && at + piece.length <= limit ? at : -1;
  }
  for (let at = from; at + piece.length <= limit; at++) {
    if (matchesAt(text, at, piece)) return at;
  }
  return -1;
}

export function hasWildcard(text: string): boolean {
  return text.includes('*') || text.includes('?');
}
