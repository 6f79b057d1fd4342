// Identifier formats of IAM (spec/identities-and-sts.md §1). Randomness is a parameter so this module
// stays pure; callers pass `crypto.randomBytes`.

/** Draws `n` random bytes. */
export type RandomBytes = (n: number) => Uint8Array;

/** Unique-ID prefixes: user, role, group, managed policy, policy version, instance profile, server
 * certificate, public key, service-specific (context) credential. */
export type UniqueIdPrefix = 'AIDA' | 'AROA' | 'AGPA' | 'ANPA' | 'ANVA' | 'AIPA' | 'ASCA' | 'APKA' | 'ACCA';

/** Access key ID prefixes: long-term (IAM user, root) and temporary (STS). */
export type AccessKeyIdPrefix = 'AKIA' | 'ASIA';

/** Every prefix `uniqueIdPrefix` recognises, incl. bearer-token and context-credential IDs. */
export type KnownIdPrefix = UniqueIdPrefix | AccessKeyIdPrefix | 'ABIA' | 'ACCA';

const KNOWN_PREFIXES: ReadonlySet<string> = new Set<KnownIdPrefix>([
  'AIDA', 'AROA', 'AGPA', 'ANPA', 'ANVA', 'AIPA', 'ASCA', 'APKA', 'AKIA', 'ASIA', 'ABIA', 'ACCA',
]);

// 32 and 64 symbols: masking a byte with 31 or 63 picks each symbol with equal probability (no modulo bias).
const BASE32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
const SECRET_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789/+';

function draw(random: RandomBytes, count: number, alphabet: string, mask: number): string {
  const bytes = random(count);
  if (bytes.length < count) throw new RangeError(`random(${count}) returned ${bytes.length} bytes`);
  let out = '';
  for (let i = 0; i < count; i++) out += alphabet[(bytes[i] as number) & mask];
  return out;
}

/**
 * A unique ID: prefix + 17 upper-case alphanumerics, 21 characters (`AIDAJQABLZS4A3QDU576Q`).
 * The 17 characters are drawn from the base32 alphabet `[A-Z2-7]`, as AWS's own IDs appear to be.
 */
export function newUniqueId(prefix: UniqueIdPrefix, random: RandomBytes): string {
  return prefix + draw(random, 17, BASE32, 31);
}

/** An access key ID: prefix + 16 of `[A-Z2-7]`, 20 characters. */
export function newAccessKeyId(prefix: AccessKeyIdPrefix, random: RandomBytes): string {
  return prefix + draw(random, 16, BASE32, 31);
}

/** A secret access key: 40 characters of `[A-Za-z0-9/+]`. */
export function newSecretAccessKey(random: RandomBytes): string {
  return draw(random, 40, SECRET_ALPHABET, 63);
}

/**
 * The known prefix of a unique ID or access key ID, or undefined. Lenient on length and alphabet (the API
 * pattern: 16–128 word characters; the part after the prefix upper-case alphanumeric) so IDs made by AWS
 * or by older versions still classify.
 */
export function uniqueIdPrefix(id: string): KnownIdPrefix | undefined {
  if (id.length < 16 || id.length > 128 || !/^[A-Z0-9]+$/.test(id)) return undefined;
  const prefix = id.slice(0, 4);
  return KNOWN_PREFIXES.has(prefix) ? (prefix as KnownIdPrefix) : undefined;
}
