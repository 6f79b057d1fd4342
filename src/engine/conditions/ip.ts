// IpAddress / NotIpAddress: IPv4 and IPv6 CIDR matching on parsed bits, by hand (no regex, no allocation per
// request). A bare address is a /32 (IPv4) or /128 (IPv6) network. IPv4-mapped IPv6 addresses (`::ffff:a.b.c.d`)
// are the IPv4 address, on the request side and in policy networks of prefix ≥ 96, so `10.0.0.0/8` matches a
// request from `::ffff:10.1.2.3`. Otherwise the families do not mix: an IPv6 network (even `::/0`) never matches
// an IPv4 request and vice versa — AWS documents IPv4 and IPv6 ranges as separate lists.
import { INVALID, MATCH, NO_MATCH, malformed, type ValueOperator, type ValueTest } from './definition.js';

const ZERO = 48;

// Result registers of parseAddress (evaluation is synchronous, so module-level scratch is safe).
let parsedFamily: 0 | 4 | 6 = 0;
let parsedV4 = 0;
const parsedV6 = new Uint32Array(4);
const groups = new Uint16Array(8);

/** Dotted-quad IPv4 in s[from, to) as an unsigned 32-bit number, or -1. Leading zeros are refused (octal?). */
export function parseIpv4(s: string, from: number, to: number): number {
  let value = 0;
  let parts = 0;
  let i = from;
  while (parts < 4) {
    const start = i;
    let octet = 0;
    while (i < to && i - start < 3) {
      const d = s.charCodeAt(i) - ZERO;
      if (d < 0 || d > 9) break;
      octet = octet * 10 + d;
      i++;
    }
    const digits = i - start;
    if (digits === 0 || octet > 255 || (digits > 1 && s.charCodeAt(start) === ZERO)) return -1;
    value = value * 256 + octet;
    parts++;
    if (parts < 4) {
      if (i >= to || s.charCodeAt(i) !== 46 /* . */) return -1;
      i++;
    }
  }
  return i === to ? value : -1;
}

function hexDigit(c: number): number {
  if (c >= 48 && c <= 57) return c - 48;
  if (c >= 97 && c <= 102) return c - 87;
  if (c >= 65 && c <= 70) return c - 55;
  return -1;
}

/** IPv6 in s[from, to) into `out` (four 32-bit words); `::` once, an IPv4 tail allowed, no zone index. */
export function parseIpv6(s: string, from: number, to: number, out: Uint32Array): boolean {
  let count = 0;
  let gap = -1;
  let i = from;
  if (to - from < 2) return false;
  if (s.charCodeAt(i) === 58 /* : */) {
    if (s.charCodeAt(i + 1) !== 58) return false;
    gap = 0;
    i += 2;
  }
  while (i < to) {
    const start = i;
    let group = 0;
    while (i < to && i - start < 5) {
      const h = hexDigit(s.charCodeAt(i));
      if (h < 0) break;
      group = group * 16 + h;
      i++;
    }
    if (i < to && s.charCodeAt(i) === 46 /* . */) {
      // Embedded IPv4 in the last 32 bits.
      if (count > 6) return false;
      const v4 = parseIpv4(s, start, to);
      if (v4 < 0) return false;
      groups[count++] = v4 >>> 16;
      groups[count++] = v4 & 0xffff;
      i = to;
      break;
    }
    const digits = i - start;
    if (digits === 0 || digits > 4 || count >= 8) return false;
    groups[count++] = group;
    if (i === to) break;
    if (s.charCodeAt(i) !== 58) return false;
    i++;
    if (i === to) return false; // a single trailing colon
    if (s.charCodeAt(i) === 58) {
      if (gap >= 0) return false; // `::` twice
      gap = count;
      i++;
    }
  }
  if (gap < 0) {
    if (count !== 8) return false;
  } else {
    if (count > 7) return false;
    // Move the groups after the gap to the end and zero the gap.
    const after = count - gap;
    for (let k = 0; k < after; k++) groups[7 - k] = groups[count - 1 - k];
    for (let k = gap; k < 8 - after; k++) groups[k] = 0;
  }
  for (let w = 0; w < 4; w++) out[w] = ((groups[2 * w] << 16) | groups[2 * w + 1]) >>> 0;
  return true;
}

/** Parses an address into the registers; IPv4-mapped IPv6 becomes IPv4. Returns false when invalid. */
function parseAddress(s: string, from: number, to: number): boolean {
  parsedFamily = 0;
  const colon = s.indexOf(':', from);
  if (colon < 0 || colon >= to) {
    const v4 = parseIpv4(s, from, to);
    if (v4 < 0) return false;
    parsedFamily = 4;
    parsedV4 = v4;
    return true;
  }
  if (!parseIpv6(s, from, to, parsedV6)) return false;
  if (isV4Mapped(parsedV6)) {
    parsedFamily = 4;
    parsedV4 = parsedV6[3];
  } else {
    parsedFamily = 6;
  }
  return true;
}

function isV4Mapped(words: Uint32Array): boolean {
  return words[0] === 0 && words[1] === 0 && words[2] === 0xffff;
}

function maskOf(bits: number): number {
  return bits <= 0 ? 0 : bits >= 32 ? 0xffffffff : (0xffffffff << (32 - bits)) >>> 0;
}

/** A parsed policy network. `words`/`masks` hold one word for IPv4, four for IPv6. */
interface Network {
  readonly family: 4 | 6;
  readonly words: readonly number[];
  readonly masks: readonly number[];
}

// One-entry memo of the last request address: aws:SourceIp is the same string for every clause of a request.
let lastValue: string | undefined;
let lastValid = false;

function parseRequestAddress(value: string): boolean {
  if (value === lastValue) return lastValid;
  lastValid = parseAddress(value, 0, value.length);
  lastValue = value;
  return lastValid;
}

/** Parses `address[/prefix]`; undefined when malformed. */
export function parseNetwork(text: string): Network | undefined {
  lastValue = undefined; // the registers are about to be overwritten
  const slash = text.indexOf('/');
  const end = slash < 0 ? text.length : slash;
  if (!parseAddress(text, 0, end)) return undefined;
  const wasV6Text = text.lastIndexOf(':', end) >= 0;
  let prefix: number;
  if (slash < 0) prefix = parsedFamily === 4 ? 32 : 128;
  else {
    const digits = text.slice(slash + 1);
    if (!/^[0-9]{1,3}$/.test(digits)) return undefined;
    prefix = Number(digits);
    if (prefix > (wasV6Text ? 128 : 32)) return undefined;
    if (parsedFamily === 4 && wasV6Text) {
      // `::ffff:a.b.c.d/p`: an IPv4 network when it lies inside the mapped range, else an IPv6 one.
      if (prefix >= 96) prefix -= 96;
      else {
        parsedFamily = 6;
        parsedV6[0] = 0;
        parsedV6[1] = 0;
        parsedV6[2] = 0xffff;
        parsedV6[3] = parsedV4;
      }
    }
  }
  if (parsedFamily === 4) {
    const mask = maskOf(prefix);
    return { family: 4, words: [(parsedV4 & mask) >>> 0], masks: [mask] };
  }
  const masks = [0, 1, 2, 3].map((w) => maskOf(prefix - 32 * w));
  return { family: 6, words: masks.map((m, w) => (parsedV6[w] & m) >>> 0), masks };
}

function compileNetworks(name: string): ValueOperator['compile'] {
  return (values) => {
    const v4Nets: number[] = [];
    const v4Masks: number[] = [];
    const v6Nets: number[] = []; // four words per network
    const v6Masks: number[] = [];
    for (const v of values) {
      const network = parseNetwork(v.value);
      if (network === undefined) throw malformed(name, v, 'an IPv4 or IPv6 address or CIDR block');
      if (network.family === 4) {
        v4Nets.push(network.words[0]);
        v4Masks.push(network.masks[0]);
      } else {
        v6Nets.push(...network.words);
        v6Masks.push(...network.masks);
      }
    }
    const v4Count = v4Nets.length;
    const v6Length = v6Nets.length;
    const test: ValueTest = (value) => {
      if (!parseRequestAddress(value)) return INVALID;
      if (parsedFamily === 4) {
        for (let i = 0; i < v4Count; i++) if (((parsedV4 & v4Masks[i]) >>> 0) === v4Nets[i]) return MATCH;
        return NO_MATCH;
      }
      for (let i = 0; i < v6Length; i += 4) {
        if (
          ((parsedV6[0] & v6Masks[i]) >>> 0) === v6Nets[i] &&
          ((parsedV6[1] & v6Masks[i + 1]) >>> 0) === v6Nets[i + 1] &&
          ((parsedV6[2] & v6Masks[i + 2]) >>> 0) === v6Nets[i + 2] &&
          ((parsedV6[3] & v6Masks[i + 3]) >>> 0) === v6Nets[i + 3]
        ) {
          return MATCH;
        }
      }
      return NO_MATCH;
    };
    return test;
  };
}

export const IP_OPERATORS: readonly ValueOperator[] = [
  { kind: 'value', name: 'IpAddress', negated: false, compile: compileNetworks('IpAddress') },
  { kind: 'value', name: 'NotIpAddress', negated: true, compile: compileNetworks('NotIpAddress') },
];
