// "Did you mean": the closest known name by edit distance, as Cedar does for unknown names.

/**
 * Damerau–Levenshtein distance in its optimal-string-alignment form (insert, delete, substitute, swap two
 * adjacent characters), case-insensitive. Stops early and returns `limit + 1` once the distance must exceed
 * `limit`.
 */
export function editDistance(a: string, b: string, limit = Number.POSITIVE_INFINITY): number {
  const s = a.toLowerCase();
  const t = b.toLowerCase();
  if (Math.abs(s.length - t.length) > limit) return limit + 1;
  let twoBack: number[] = [];
  let previous = Array.from({ length: t.length + 1 }, (_, j) => j);
  for (let i = 1; i <= s.length; i++) {
    const current = [i];
    let rowMin = i;
    for (let j = 1; j <= t.length; j++) {
      const cost = s[i - 1] === t[j - 1] ? 0 : 1;
      let d = Math.min((previous[j] as number) + 1, (current[j - 1] as number) + 1, (previous[j - 1] as number) + cost);
      if (i > 1 && j > 1 && s[i - 1] === t[j - 2] && s[i - 2] === t[j - 1]) d = Math.min(d, (twoBack[j - 2] as number) + 1);
      current.push(d);
      rowMin = Math.min(rowMin, d);
    }
    if (rowMin > limit) return limit + 1;
    twoBack = previous;
    previous = current;
  }
  return previous[t.length] as number;
}

/** How far a suggestion may be: a third of the name's length, at least 1 (`s4` → `s3`, `GetObjekt` → `GetObject`). */
export function suggestionLimit(name: string): number {
  return Math.max(1, Math.floor(name.length / 3));
}

/**
 * The candidate closest to `name` within `suggestionLimit(name)`, or undefined. Ties go to the candidate
 * that sorts first, so the answer does not depend on the candidates' order.
 */
export function suggest(name: string, candidates: Iterable<string>): string | undefined {
  let best: string | undefined;
  let bestDistance = suggestionLimit(name);
  for (const candidate of candidates) {
    const distance = editDistance(name, candidate, bestDistance);
    if (distance === 0) continue; // identical up to case: not a different name to suggest
    if (distance < bestDistance || (distance === bestDistance && (best === undefined || candidate < best))) {
      best = candidate;
      bestDistance = distance;
    }
  }
  return best;
}
