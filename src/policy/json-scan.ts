// Token scanners for the strict-JSON fast paths (policy/strict-json.ts and the analyzer's loader): the string and
// number grammar of RFC 8259, by character code, without building anything. Both fast paths give up on the first
// thing strict JSON does not allow by throwing NOT_STRICT_JSON, and their callers fall back to jsonc-parser.

export class NotStrictJson extends Error {}
/** Thrown (one shared instance: no stack to capture) when the text is not strict JSON. */
export const NOT_STRICT_JSON = new NotStrictJson('not strict JSON');

/** At an opening quote: the index just after the closing quote. Control characters and bad escapes throw. */
export function jsonStringEnd(text: string, start: number): number {
  const length = text.length;
  let pos = start + 1;
  while (true) {
    if (pos >= length) throw NOT_STRICT_JSON;
    const c = text.charCodeAt(pos);
    if (c === 34) return pos + 1;
    if (c < 32) throw NOT_STRICT_JSON;
    if (c === 92) {
      const e = text.charCodeAt(pos + 1);
      if (e === 117) {
        for (let i = pos + 2; i < pos + 6; i++) {
          const h = text.charCodeAt(i);
          if (!((h >= 48 && h <= 57) || (h >= 65 && h <= 70) || (h >= 97 && h <= 102))) throw NOT_STRICT_JSON;
        }
        pos += 6;
      } else if (e === 34 || e === 92 || e === 47 || e === 98 || e === 102 || e === 110 || e === 114 || e === 116) pos += 2;
      else throw NOT_STRICT_JSON;
    } else pos++;
  }
}

/** The decoded value of the string token [start, end): escapes decode as jsonc-parser decodes them. */
export function jsonStringValue(text: string, start: number, end: number): string {
  const raw = text.slice(start + 1, end - 1);
  return raw.includes('\\') ? (JSON.parse(text.slice(start, end)) as string) : raw;
}

function digitsEnd(text: string, pos: number): number {
  while (pos < text.length) {
    const c = text.charCodeAt(pos);
    if (c >= 48 && c <= 57) pos++;
    else break;
  }
  return pos;
}

/** At a number's first character: the index just after it. Anything but RFC 8259's number grammar throws. */
export function jsonNumberEnd(text: string, start: number): number {
  let pos = start;
  if (text.charCodeAt(pos) === 45) pos++;
  const first = text.charCodeAt(pos);
  if (first === 48) pos++;
  else if (first >= 49 && first <= 57) pos = digitsEnd(text, pos);
  else throw NOT_STRICT_JSON;
  if (text.charCodeAt(pos) === 46) {
    const after = digitsEnd(text, pos + 1);
    if (after === pos + 1) throw NOT_STRICT_JSON;
    pos = after;
  }
  const e = text.charCodeAt(pos);
  if (e === 101 || e === 69) {
    pos++;
    const sign = text.charCodeAt(pos);
    if (sign === 43 || sign === 45) pos++;
    const after = digitsEnd(text, pos);
    if (after === pos) throw NOT_STRICT_JSON;
    pos = after;
  }
  return pos;
}
