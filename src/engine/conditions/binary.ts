// BinaryEquals: the policy value is base64; the request value is the key's bytes, also given as base64 (as in
// AWS's simulator). Both are compared as decoded bytes, so padding and encoding variants do not matter.
import { Buffer } from 'node:buffer';
import { INVALID, MATCH, NO_MATCH, malformed, type ValueOperator, type ValueTest } from './definition.js';

const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}(?:==)?|[A-Za-z0-9+/]{3}=?)?$/;

/** The canonical (padded) base64 form of `s`, or undefined when `s` is not base64. */
export function canonicalBase64(s: string): string | undefined {
  if (!BASE64.test(s)) return undefined;
  return Buffer.from(s, 'base64').toString('base64');
}

const BINARY_EQUALS: ValueOperator = {
  kind: 'value',
  name: 'BinaryEquals',
  negated: false,
  compile(values) {
    const canonical = values.map((v) => {
      const c = canonicalBase64(v.value);
      if (c === undefined) throw malformed('BinaryEquals', v, 'base64');
      return c;
    });
    const set = new Set(canonical);
    const test: ValueTest = (value) => {
      if (set.has(value)) return MATCH; // already canonical: no decoding
      const c = canonicalBase64(value);
      if (c === undefined) return INVALID;
      return set.has(c) ? MATCH : NO_MATCH;
    };
    return test;
  },
};

export const BINARY_OPERATORS: readonly ValueOperator[] = [BINARY_EQUALS];
