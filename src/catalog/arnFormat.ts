// Can a policy's Resource ARN (with `*` and `?`) name a resource of a given type, whose ARN format has
// `${Variable}` placeholders (`arn:${Partition}:s3:::${BucketName}/${ObjectName}`)? Both sides are patterns,
// so the question is whether their languages intersect: a breadth-first walk over pairs of positions,
// O(n·m) and without backtracking.
//
// Deliberately loose, because a false warning is worse than a missed one: the partition, region and account
// segments are not compared, literals compare case-insensitively, and a placeholder matches any non-empty
// text (including `/` and `:`).

type Token = { readonly kind: 'char'; readonly char: string } | { readonly kind: 'one' } | { readonly kind: 'any' };

const ONE: Token = { kind: 'one' };
const ANY: Token = { kind: 'any' };

/** Splits at the first five colons; undefined when there are fewer. */
function segments(arn: string): string[] | undefined {
  const parts = arn.split(':');
  if (parts.length < 6) return undefined;
  return [...parts.slice(0, 5), parts.slice(5).join(':')];
}

function policyTokens(text: string): Token[] {
  const tokens: Token[] = [];
  for (const char of text.toLowerCase()) tokens.push(char === '*' ? ANY : char === '?' ? ONE : { kind: 'char', char });
  return tokens;
}

function formatTokens(text: string): Token[] {
  const tokens: Token[] = [];
  const lower = text.toLowerCase();
  for (let i = 0; i < lower.length; i++) {
    if (lower.startsWith('${', i)) {
      const close = lower.indexOf('}', i);
      if (close !== -1) {
        tokens.push(ONE, ANY);
        i = close;
        continue;
      }
    }
    const char = lower.charAt(i);
    tokens.push(char === '*' ? ANY : { kind: 'char', char });
  }
  return tokens;
}

/** Whether some string matches both token sequences. */
function tokensIntersect(a: readonly Token[], b: readonly Token[]): boolean {
  const width = b.length + 1;
  const seen = new Uint8Array((a.length + 1) * width);
  const queue: number[] = [0];
  seen[0] = 1;
  const visit = (i: number, j: number) => {
    const state = i * width + j;
    if (seen[state] === 0) {
      seen[state] = 1;
      queue.push(state);
    }
  };
  while (queue.length > 0) {
    const state = queue.pop() as number;
    const i = Math.floor(state / width);
    const j = state % width;
    if (i === a.length && j === b.length) return true;
    const ta = a[i];
    const tb = b[j];
    if (ta?.kind === 'any') visit(i + 1, j);
    if (tb?.kind === 'any') visit(i, j + 1);
    if (ta === undefined || tb === undefined) continue;
    if (ta.kind === 'char' && tb.kind === 'char' && ta.char !== tb.char) continue;
    // Both consume one common character; `any` stays in place.
    const ni = ta.kind === 'any' ? i : i + 1;
    const nj = tb.kind === 'any' ? j : j + 1;
    if (ni !== i || nj !== j) visit(ni, nj);
  }
  return false;
}

/** Whether the policy ARN pattern may name a resource with this ARN format (see the file comment). */
export function arnMatchesFormat(policyArn: string, format: string): boolean {
  const policy = segments(policyArn);
  const formatParts = segments(format);
  if (policy === undefined || formatParts === undefined) return true;
  // Segment 2 is the service, 5 the resource; partition (1), region (3) and account (4) are not compared.
  for (const index of [2, 5]) {
    if (!tokensIntersect(policyTokens(policy[index] as string), formatTokens(formatParts[index] as string))) return false;
  }
  return true;
}
