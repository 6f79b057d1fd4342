// Percent-encoding, strictly: RFC 3986 unreserved set, upper-case hex, UTF-8.
// Decoding rejects broken escapes with AWS's MalformedQueryString wording.
import { malformedQueryString } from './errors.js';
import type { AwsError } from './errors.js';

const HEX = '0123456789ABCDEF';

function hexValue(code: number): number {
  if (code >= 48 && code <= 57) return code - 48; // 0-9
  if (code >= 65 && code <= 70) return code - 55; // A-F
  if (code >= 97 && code <= 102) return code - 87; // a-f
  return -1;
}

function isUnreserved(code: number): boolean {
  return (
    (code >= 65 && code <= 90) || // A-Z
    (code >= 97 && code <= 122) || // a-z
    (code >= 48 && code <= 57) || // 0-9
    code === 45 || code === 46 || code === 95 || code === 126 // - . _ ~
  );
}

/** RFC 3986 encoding of a string's UTF-8 bytes: everything outside A–Z a–z 0–9 - _ . ~ becomes %XX. */
export function uriEncode(value: string): string {
  // encodeURIComponent leaves ! ' ( ) * alone; AWS's canonical form encodes them.
  return encodeURIComponent(value).replace(/[!'()*]/g, (c) => '%' + c.charCodeAt(0).toString(16).toUpperCase());
}

/** Validates the escapes in raw text; returns the AWS error for the first bad one. */
export function checkEscapes(raw: string): AwsError | undefined {
  for (let i = raw.indexOf('%'); i !== -1; i = raw.indexOf('%', i + 1)) {
    if (i + 2 >= raw.length) return malformedQueryString('Incomplete trailing escape % sequence');
    if (hexValue(raw.charCodeAt(i + 1)) < 0 || hexValue(raw.charCodeAt(i + 2)) < 0) {
      return malformedQueryString(`Illegal hex character in escape % pattern: %${raw.slice(i + 1, i + 3)}`);
    }
  }
  return undefined;
}

/**
 * Decodes form/query text to a string. `plusIsSpace` follows application/x-www-form-urlencoded.
 * Throws AwsError MalformedQueryString on a broken escape; invalid UTF-8 becomes U+FFFD (as Java's decoder does).
 */
export function percentDecode(raw: string, plusIsSpace: boolean): string {
  const text = plusIsSpace && raw.includes('+') ? raw.replace(/\+/g, ' ') : raw;
  if (!text.includes('%')) return text;
  const error = checkEscapes(text);
  if (error) throw error;
  const bytes: number[] = [];
  let out = '';
  const flush = (): void => {
    if (bytes.length > 0) {
      out += Buffer.from(bytes).toString('utf8');
      bytes.length = 0;
    }
  };
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 37 /* % */) {
      bytes.push(hexValue(text.charCodeAt(i + 1)) * 16 + hexValue(text.charCodeAt(i + 2)));
      i += 2;
    } else {
      flush();
      out += text[i];
    }
  }
  flush();
  return out;
}

/**
 * Re-encodes already-encoded text into SigV4 canonical form at the byte level: escapes of unreserved
 * bytes are decoded, everything else is %XX upper-case. Byte-exact, so non-UTF-8 escapes survive.
 * Raw '+' is a literal plus (%2B) here, as in the SDK signers. Assumes checkEscapes passed.
 */
export function canonicalizeEncoded(raw: string): string {
  let out = '';
  for (let i = 0; i < raw.length; i++) {
    const c = raw.charCodeAt(i);
    if (c === 37 /* % */) {
      const b = hexValue(raw.charCodeAt(i + 1)) * 16 + hexValue(raw.charCodeAt(i + 2));
      out += isUnreserved(b) ? String.fromCharCode(b) : '%' + HEX[b >> 4] + HEX[b & 15];
      i += 2;
    } else if (isUnreserved(c)) {
      out += raw[i];
    } else if (c < 128) {
      out += '%' + HEX[c >> 4] + HEX[c & 15];
    } else {
      // A raw non-ASCII character (not valid on the wire, but be exact): encode its UTF-8 bytes.
      const ch = String.fromCodePoint(raw.codePointAt(i) ?? c);
      for (const b of Buffer.from(ch, 'utf8')) out += '%' + HEX[b >> 4] + HEX[b & 15];
      i += ch.length - 1;
    }
  }
  return out;
}
