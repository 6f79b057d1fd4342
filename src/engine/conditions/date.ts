// Date operators: compare instants. A value is either epoch seconds (all digits; `aws:EpochTime`) or W3C/ISO-8601:
// `YYYY-MM[-DD][Thh[:mm[:ss[.fraction]]]][Z|±hh[:mm]|±hhmm]`, `T`/`Z` in either case, one-digit hours
// tolerated (AWS's legacy parser accepts `t2:00:00`). No zone means UTC. Parsed by hand: no Date object, no
// allocation, so the same function serves compile time and the per-request value.
import type { ValueOperator } from './definition.js';
import { orderedOperators } from './ordered.js';

const ZERO = 48;
const MS_PER_DAY = 86_400_000;

// Cursor shared by the scanning helpers below (evaluation is synchronous; no re-entrancy).
let cursor = 0;

/** Reads between `min` and `max` digits at `cursor`; -1 when fewer than `min`. Advances `cursor`. */
function readDigits(s: string, min: number, max: number): number {
  let value = 0;
  let count = 0;
  while (count < max && cursor < s.length) {
    const d = s.charCodeAt(cursor) - ZERO;
    if (d < 0 || d > 9) break;
    value = value * 10 + d;
    cursor++;
    count++;
  }
  return count >= min ? value : -1;
}

/** Days since 1970-01-01 of a proleptic Gregorian date (Hinnant's days_from_civil). */
function daysFromCivil(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const mp = (month + 9) % 12;
  const doy = Math.floor((153 * mp + 2) / 5) + day - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146_097 + doe - 719_468;
}

function daysInMonth(year: number, month: number): number {
  if (month === 2) return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

/** Milliseconds since the epoch (fractions below a millisecond kept), or NaN when `s` is not a date. */
export function parseDate(s: string): number {
  const n = s.length;
  if (n === 0) return NaN;
  if (isAllDigits(s)) {
    // Epoch seconds (AWS: an integer 0…2^63−1). A bare year like `2024` is therefore an epoch value too.
    return n <= 19 ? Number(s) * 1000 : NaN;
  }
  cursor = 0;
  const year = readDigits(s, 4, 4);
  if (year < 0 || s.charCodeAt(cursor) !== 45 /* - */) return NaN;
  cursor++;
  const month = readDigits(s, 2, 2);
  if (month < 1 || month > 12) return NaN;
  let day = 1;
  if (cursor < n && s.charCodeAt(cursor) === 45) {
    cursor++;
    day = readDigits(s, 2, 2);
    if (day < 1 || day > daysInMonth(year, month)) return NaN;
  }
  let ms = daysFromCivil(year, month, day) * MS_PER_DAY;
  if (cursor === n) return ms;
  const t = s.charCodeAt(cursor);
  if (t !== 84 /* T */ && t !== 116 /* t */) return NaN;
  cursor++;
  const hour = readDigits(s, 1, 2);
  if (hour < 0 || hour > 23) return NaN;
  ms += hour * 3_600_000;
  if (cursor < n && s.charCodeAt(cursor) === 58 /* : */) {
    cursor++;
    const minute = readDigits(s, 2, 2);
    if (minute < 0 || minute > 59) return NaN;
    ms += minute * 60_000;
    if (cursor < n && s.charCodeAt(cursor) === 58) {
      cursor++;
      const second = readDigits(s, 2, 2);
      if (second < 0 || second > 59) return NaN;
      ms += second * 1000;
      if (cursor < n && s.charCodeAt(cursor) === 46 /* . */) {
        cursor++;
        let scale = 100;
        let count = 0;
        while (cursor < n) {
          const d = s.charCodeAt(cursor) - ZERO;
          if (d < 0 || d > 9) break;
          ms += d * scale;
          scale /= 10;
          cursor++;
          count++;
        }
        if (count === 0 || count > 9) return NaN;
      }
    }
  }
  if (cursor === n) return ms;
  const zone = s.charCodeAt(cursor);
  if (zone === 90 /* Z */ || zone === 122 /* z */) return cursor + 1 === n ? ms : NaN;
  if (zone !== 43 /* + */ && zone !== 45 /* - */) return NaN;
  cursor++;
  const offsetHours = readDigits(s, 2, 2);
  if (offsetHours < 0 || offsetHours > 23) return NaN;
  let offsetMinutes = 0;
  if (cursor < n) {
    if (s.charCodeAt(cursor) === 58) cursor++;
    offsetMinutes = readDigits(s, 2, 2);
    if (offsetMinutes < 0 || offsetMinutes > 59) return NaN;
  }
  if (cursor !== n) return NaN;
  const offset = (offsetHours * 60 + offsetMinutes) * 60_000;
  // Local time = UTC + offset, so UTC = local − offset.
  return zone === 43 ? ms - offset : ms + offset;
}

// One-entry memo of the last request value: aws:CurrentTime is the same string for every clause of a request.
let lastValue: string | undefined;
let lastInstant = NaN;

function parseRequestDate(value: string): number {
  if (value !== lastValue) {
    lastInstant = parseDate(value);
    lastValue = value;
  }
  return lastInstant;
}

function isAllDigits(s: string): boolean {
  for (let i = 0; i < s.length; i++) {
    const d = s.charCodeAt(i) - ZERO;
    if (d < 0 || d > 9) return false;
  }
  return true;
}

export const DATE_OPERATORS: readonly ValueOperator[] = orderedOperators('Date', {
  parsePolicyValue: parseDate,
  parseRequestValue: parseRequestDate,
  expected: 'a date (ISO 8601 or epoch seconds)',
});
