// Console passwords: enforcing the account password policy, and scrypt hashing (node:crypto). A password is never
// returned, logged or put in an error message; hashes are compared in constant time.
import { randomBytes, scrypt, timingSafeEqual } from 'node:crypto';
import type { ScryptOptions } from 'node:crypto';
import type { AccountPasswordPolicy } from '../../model/index.js';
import { ServiceError } from '../errors.js';
import { checkPassword } from './password-policy.js';

/**
 * Throws PasswordPolicyViolation, worded by the first rule the password breaks, when `password` does not
 * satisfy the account's password policy (or AWS's default one).
 */
export function assertPasswordAllowed(password: string, policy: AccountPasswordPolicy | undefined): void {
  const violation = checkPassword(policy, password);
  if (violation !== undefined) throw new ServiceError('PasswordPolicyViolation', violation);
}

// scrypt cost: N=2^15, r=8, p=1 (32 MiB), OWASP's minimum recommendation; stored with the hash so it can rise.
const SCRYPT = { N: 32768, r: 8, p: 1 } as const;
const KEY_LENGTH = 32;
const SALT_BYTES = 16;
const PREFIX = 'scrypt';

function derive(password: string, salt: Buffer, params: { N: number; r: number; p: number }, keyLength: number): Promise<Buffer> {
  const options: ScryptOptions = { ...params, maxmem: 256 * params.N * params.r };
  return new Promise((resolve, reject) => {
    scrypt(password.normalize('NFC'), salt, keyLength, options, (err, key) => (err ? reject(err) : resolve(key)));
  });
}

/** `scrypt$N$r$p$<salt b64>$<hash b64>`: the parameters travel with the hash. */
export async function hashPassword(password: string, random: (n: number) => Uint8Array = randomBytes): Promise<string> {
  const salt = Buffer.from(random(SALT_BYTES));
  const key = await derive(password, salt, SCRYPT, KEY_LENGTH);
  return [PREFIX, SCRYPT.N, SCRYPT.r, SCRYPT.p, salt.toString('base64'), key.toString('base64')].join('$');
}

/** Constant-time check of `password` against a hash from `hashPassword`; false for any malformed hash. */
export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const parts = stored.split('$');
  if (parts.length !== 6 || parts[0] !== PREFIX) return false;
  const [N, r, p] = parts.slice(1, 4).map(Number);
  if (!Number.isInteger(N) || !Number.isInteger(r) || !Number.isInteger(p) || N < 2 || r < 1 || p < 1) return false;
  const salt = Buffer.from(parts[4], 'base64');
  const expected = Buffer.from(parts[5], 'base64');
  if (salt.length === 0 || expected.length === 0) return false;
  const actual = await derive(password, salt, { N, r, p }, expected.length);
  return timingSafeEqual(actual, expected);
}
