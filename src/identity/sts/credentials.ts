// Temporary credentials: `ASIA…` key ids that carry their account as AWS's do, the temporary secret, and
// the sealed session token that holds everything a node needs to verify the session without a store read.
import type { RandomBytes } from '../../arn/index.js';
import { newSecretAccessKey } from '../../arn/index.js';
import { sealSession } from './session-token.js';
import type { SessionClaims, SessionKeyring } from './session-token.js';

const BASE32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
/** Bits 46…7 of the first six decoded bytes hold the account id (AWS's layout since 2019). */
const ACCOUNT_MASK = 0x7fffffffff80n;

function base32Encode(bytes: Uint8Array): string {
  let out = '';
  let buffer = 0;
  let bits = 0;
  for (const byte of bytes) {
    buffer = (buffer << 8) | byte;
    bits += 8;
    while (bits >= 5) {
      out += BASE32[(buffer >>> (bits - 5)) & 31];
      bits -= 5;
    }
    buffer &= (1 << bits) - 1;
  }
  if (bits > 0) out += BASE32[(buffer << (5 - bits)) & 31];
  return out;
}

function base32Decode(text: string): Uint8Array | undefined {
  const out: number[] = [];
  let buffer = 0;
  let bits = 0;
  for (const ch of text) {
    const v = BASE32.indexOf(ch);
    if (v === -1) return undefined;
    buffer = (buffer << 5) | v;
    bits += 5;
    if (bits >= 8) {
      out.push((buffer >>> (bits - 8)) & 0xff);
      bits -= 8;
      buffer &= (1 << bits) - 1;
    }
  }
  return Uint8Array.from(out);
}

/**
 * A temporary access key id: `ASIA` + 16 base32 characters (10 bytes) whose first 48 bits carry the account
 * id in bits 46…7, the layout AWS uses so that GetAccessKeyInfo can answer from the key id alone. The other
 * bits are random.
 */
export function newTemporaryAccessKeyId(accountId: string, random: RandomBytes): string {
  const bytes = Uint8Array.from(random(10));
  if (bytes.length < 10) throw new RangeError('random(10) returned too few bytes');
  let head = 0n;
  for (let i = 0; i < 6; i++) head = (head << 8n) | BigInt(bytes[i] as number);
  head = (head & ~ACCOUNT_MASK) | ((BigInt(accountId) << 7n) & ACCOUNT_MASK);
  for (let i = 5; i >= 0; i--) {
    bytes[i] = Number(head & 0xffn);
    head >>= 8n;
  }
  return 'ASIA' + base32Encode(bytes);
}

/**
 * The account an access key id encodes, as AWS decodes it (12 digits, zero-padded), or undefined when the
 * id does not decode (too short, not base32).
 */
export function accountOfAccessKeyId(accessKeyId: string): string | undefined {
  const body = accessKeyId.slice(4);
  if (body.length < 10) return undefined;
  const bytes = base32Decode(body.slice(0, 10));
  if (!bytes || bytes.length < 6) return undefined;
  let head = 0n;
  for (let i = 0; i < 6; i++) head = (head << 8n) | BigInt(bytes[i] as number);
  const account = (head & ACCOUNT_MASK) >> 7n;
  if (account >= 1_000_000_000_000n) return undefined;
  return account.toString().padStart(12, '0');
}

/** What every STS operation that issues credentials returns in `Credentials`. */
export interface IssuedCredentials {
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
  readonly sessionToken: string;
  readonly expiration: Date;
  readonly claims: SessionClaims;
}

/** The claims of a new session, without the key pair (minted here). */
export type SessionDraft = Omit<SessionClaims, 'v' | 'accessKeyId' | 'secretAccessKey' | 'issuedAt' | 'expiresAt'>;

/** Mints a key pair and seals the session. `now` and `durationSeconds` fix issue and expiry times. */
export function issueCredentials(
  draft: SessionDraft,
  durationSeconds: number,
  now: Date,
  keyring: SessionKeyring,
  random: RandomBytes,
): IssuedCredentials {
  const issuedAt = Math.floor(now.getTime() / 1000);
  const claims: SessionClaims = {
    v: 1,
    accessKeyId: newTemporaryAccessKeyId(draft.accountId, random),
    secretAccessKey: newSecretAccessKey(random),
    ...draft,
    issuedAt,
    expiresAt: issuedAt + durationSeconds,
  };
  return {
    accessKeyId: claims.accessKeyId,
    secretAccessKey: claims.secretAccessKey,
    sessionToken: sealSession(claims, keyring),
    expiration: new Date(claims.expiresAt * 1000),
    claims,
  };
}
