// The ISO-8601 basic format AWS uses in SigV4 and in its error messages: yyyyMMdd'T'HHmmss'Z'.

export function formatAmzDate(date: Date): string {
  return date.toISOString().replace(/\.\d{3}Z$/, 'Z').replace(/[-:]/g, '');
}

/** The value of `count` ASCII digits at `at`, or -1 when one is not a digit. */
function digits(text: string, at: number, count: number): number {
  let n = 0;
  for (let i = at; i < at + count; i++) {
    const d = text.charCodeAt(i) - 48;
    if (d < 0 || d > 9) return -1;
    n = n * 10 + d;
  }
  return n;
}

function daysInMonth(y: number, mo: number): number {
  if (mo === 2) return (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0 ? 29 : 28;
  return mo === 4 || mo === 6 || mo === 9 || mo === 11 ? 30 : 31;
}

// The last text parsed: a client's requests within one second carry the same X-Amz-Date.
let lastText: string | undefined;
let lastMs = 0;

/** Parses `20250101T120000Z`; undefined when malformed or not a real calendar time. */
export function parseAmzDate(text: string): Date | undefined {
  if (text === lastText) return new Date(lastMs);
  const date = parseAmzDateText(text);
  if (date !== undefined) {
    lastText = text;
    lastMs = date.getTime();
  }
  return date;
}

function parseAmzDateText(text: string): Date | undefined {
  // Scanned by hand rather than by a regular expression with six captures (measured: ~1.5% of a GetUser).
  if (text.length !== 16 || text.charCodeAt(8) !== 84 /* T */ || text.charCodeAt(15) !== 90 /* Z */) return undefined;
  const y = digits(text, 0, 4), mo = digits(text, 4, 2), d = digits(text, 6, 2);
  const h = digits(text, 9, 2), mi = digits(text, 11, 2), s = digits(text, 13, 2);
  if (mo < 1 || mo > 12 || d < 1 || h < 0 || h > 23 || mi < 0 || mi > 59 || s < 0 || s > 59) return undefined;
  // Years below 100 are rejected: Date.UTC reads them as 19xx, so they never named the time they spell.
  if (y < 100 || d > daysInMonth(y, mo)) return undefined;
  return new Date(Date.UTC(y, mo - 1, d, h, mi, s));
}
