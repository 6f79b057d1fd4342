import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  isValidAccountId,
  newAccessKeyId,
  newSecretAccessKey,
  newUniqueId,
  uniqueIdPrefix,
  type UniqueIdPrefix,
} from '../../src/arn/index.js';

const UNIQUE_PREFIXES: readonly UniqueIdPrefix[] = ['AIDA', 'AROA', 'AGPA', 'ANPA', 'ANVA', 'AIPA', 'ASCA', 'APKA'];

/** Deterministic "randomness": every byte is `value`. */
const constant = (value: number) => (n: number) => new Uint8Array(n).fill(value);

describe('newUniqueId', () => {
  it.each(UNIQUE_PREFIXES)('makes %s IDs of 21 upper-case alphanumerics', (prefix) => {
    const id = newUniqueId(prefix, randomBytes);
    expect(id).toHaveLength(21);
    expect(id).toMatch(new RegExp(`^${prefix}[A-Z2-7]{17}$`));
  });

  it('is determined by the random bytes it is given', () => {
    expect(newUniqueId('AIDA', constant(0))).toBe(`AIDA${'A'.repeat(17)}`);
    expect(newUniqueId('AIDA', constant(31))).toBe(`AIDA${'7'.repeat(17)}`);
  });

  it('throws when the random source returns too few bytes', () => {
    expect(() => newUniqueId('AIDA', () => new Uint8Array(3))).toThrow(RangeError);
  });
});

describe('newAccessKeyId', () => {
  it.each(['AKIA', 'ASIA'] as const)('makes %s key IDs of 20 base32 characters', (prefix) => {
    const id = newAccessKeyId(prefix, randomBytes);
    expect(id).toHaveLength(20);
    expect(id).toMatch(new RegExp(`^${prefix}[A-Z2-7]{16}$`));
  });
});

describe('newSecretAccessKey', () => {
  it('makes 40 characters of [A-Za-z0-9/+]', () => {
    for (let i = 0; i < 50; i++) expect(newSecretAccessKey(randomBytes)).toMatch(/^[A-Za-z0-9/+]{40}$/);
  });

  it('uses the whole 64-symbol alphabet', () => {
    expect(newSecretAccessKey(constant(62))).toBe('/'.repeat(40));
    expect(newSecretAccessKey(constant(255))).toBe('+'.repeat(40));
  });
});

describe('uniqueIdPrefix', () => {
  it('classifies generated IDs by prefix', () => {
    for (const prefix of UNIQUE_PREFIXES) expect(uniqueIdPrefix(newUniqueId(prefix, randomBytes))).toBe(prefix);
    expect(uniqueIdPrefix(newAccessKeyId('ASIA', randomBytes))).toBe('ASIA');
  });

  it('classifies IDs made by AWS', () => {
    expect(uniqueIdPrefix('AIDAJQABLZS4A3QDU576Q')).toBe('AIDA');
    expect(uniqueIdPrefix('AKIAIOSFODNN7EXAMPLE')).toBe('AKIA');
    expect(uniqueIdPrefix('ABIAEXAMPLEEXAMPLE12')).toBe('ABIA');
  });

  it.each([
    ['an unknown prefix', 'AXYZJQABLZS4A3QDU576Q'],
    ['lower case', 'aidajqablzs4a3qdu576q'],
    ['too short', 'AIDA123'],
    ['an account ID', '123456789012'],
  ])('returns undefined for %s', (_label, id) => {
    expect(uniqueIdPrefix(id)).toBeUndefined();
  });
});

describe('isValidAccountId', () => {
  it('accepts exactly 12 digits', () => {
    expect(isValidAccountId('000000000000')).toBe(true);
    expect(isValidAccountId('123456789012')).toBe(true);
  });

  it.each(['12345678901', '1234567890123', '12345678901a', '', 'aws'])('rejects %j', (text) => {
    expect(isValidAccountId(text)).toBe(false);
  });
});
