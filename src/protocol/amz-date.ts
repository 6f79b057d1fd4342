// The ISO-8601 basic format AWS uses in SigV4 and in its error messages: yyyyMMdd'T'HHmmss'Z'.

const BASIC = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/;

export function formatAmzDate(date: Date): string {
  return date.toISOString().replace(/\.\d{3}Z$/, 'Z').replace(/[-:]/g, '');
}

/** Parses `20250101T120000Z`; undefined when malformed or not a real calendar time. */
export function parseAmzDate(text: string): Date | undefined {
  const m = BASIC.exec(text);
  if (!m) return undefined;
  const y = +m[1], mo = +m[2], d = +m[3], h = +m[4], mi = +m[5], s = +m[6];
  const date = new Date(Date.UTC(y, mo - 1, d, h, mi, s));
  // Reject rollovers such as month 13 or 25:00.
  const exact =
    date.getUTCFullYear() === y && date.getUTCMonth() === mo - 1 && date.getUTCDate() === d &&
    date.getUTCHours() === h && date.getUTCMinutes() === mi && date.getUTCSeconds() === s;
  return exact ? date : undefined;
}
