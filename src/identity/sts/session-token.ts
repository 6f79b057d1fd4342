// Self-contained STS session tokens (DESIGN.md "The server"): the whole session, including the temporary
// secret, is sealed with AES-256-GCM under a server key that carries a key id, so any node can verify a
// session without a database read, and keys can rotate (old ids still open until they are dropped).
import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';
import type { Tag } from '../../model/index.js';

/** What a temporary credential stands for. */
export interface SessionClaims {
  /** Format version of the claims. */
  readonly v: 1;
  /** The temporary access key id (ASIA…) the token belongs to. */
  readonly accessKeyId: string;
  /** The temporary secret; inside the sealed token so that verification needs no store. */
  readonly secretAccessKey: string;
  readonly accountId: string;
  readonly partition: string;
  /** roleSession (AssumeRole*), federatedUser (GetFederationToken), user (GetSessionToken: same principal). */
  readonly kind: 'roleSession' | 'federatedUser' | 'user' | 'root';
  /** The caller's ARN during the session (assumed-role or federated-user ARN, or the user's own). */
  readonly arn: string;
  /** aws:userid */
  readonly userId: string;
  readonly roleArn?: string;
  readonly roleName?: string;
  readonly roleId?: string;
  readonly sessionName?: string;
  readonly userName?: string;
  /** Federated users: the ARN (with path) of the IAM user who called GetFederationToken. */
  readonly sourceUserArn?: string;
  /** Session policies passed at issue time: inline document text and managed policy ARNs. */
  readonly policy?: string;
  readonly policyArns?: readonly string[];
  readonly tags?: readonly Tag[];
  readonly transitiveTagKeys?: readonly string[];
  readonly sourceIdentity?: string;
  /** Epoch seconds of the MFA authentication, when MFA was used. */
  readonly mfaAuthTime?: number;
  /** The session came from role chaining (a role session assuming a role). */
  readonly chained?: boolean;
  readonly federatedProvider?: string;
  /** Epoch seconds. */
  readonly issuedAt: number;
  readonly expiresAt: number;
}

export interface SessionKey {
  /** Short id written into every token, so the right key is picked on open. */
  readonly id: string;
  /** 32 bytes. */
  readonly key: Buffer;
}

/** The keys a node seals with (the first) and opens with (any). */
export class SessionKeyring {
  private readonly byId: ReadonlyMap<string, Buffer>;

  constructor(readonly keys: readonly SessionKey[]) {
    if (keys.length === 0) throw new Error('a session keyring needs at least one key');
    for (const k of keys) {
      if (k.key.length !== 32) throw new Error(`session key ${k.id} must be 32 bytes`);
      if (!/^[A-Za-z0-9]{1,16}$/.test(k.id)) throw new Error(`session key id ${k.id} must be 1-16 alphanumerics`);
    }
    this.byId = new Map(keys.map((k) => [k.id, k.key]));
  }

  get current(): SessionKey {
    return this.keys[0];
  }

  get(id: string): Buffer | undefined {
    return this.byId.get(id);
  }

  /** Derives the session key from the store's master key, so one secret protects both. */
  static fromMasterKey(masterKey: Buffer, id = 'k1'): SessionKeyring {
    const key = Buffer.from(hkdfSync('sha256', masterKey, Buffer.alloc(0), `castellan sts session key ${id}`, 32));
    return new SessionKeyring([{ id, key }]);
  }
}

// Binds every token to its purpose: a ciphertext made for anything else does not open as a session.
const AAD = Buffer.from('castellan/sts-session/v1');
const PREFIX = 'CSv1';

/** Seals claims into an opaque session token: `CSv1.<kid>.<iv|ciphertext|tag in base64url>`. */
export function sealSession(claims: SessionClaims, keyring: SessionKeyring, iv: Buffer = randomBytes(12)): string {
  const { id, key } = keyring.current;
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  cipher.setAAD(Buffer.concat([AAD, Buffer.from(id)]));
  const body = Buffer.concat([cipher.update(JSON.stringify(claims), 'utf8'), cipher.final()]);
  return `${PREFIX}.${id}.${Buffer.concat([iv, body, cipher.getAuthTag()]).toString('base64url')}`;
}

export type OpenResult =
  | { readonly ok: true; readonly claims: SessionClaims }
  | { readonly ok: false; readonly reason: 'malformed' | 'unknownKey' | 'forged' };

/** Opens a token; never throws. Expiry is the caller's to check (with its clock). */
export function openSession(token: string, keyring: SessionKeyring): OpenResult {
  const parts = token.split('.');
  if (parts.length !== 3 || parts[0] !== PREFIX) return { ok: false, reason: 'malformed' };
  const key = keyring.get(parts[1]);
  if (key === undefined) return { ok: false, reason: 'unknownKey' };
  const raw = Buffer.from(parts[2], 'base64url');
  if (raw.length < 12 + 16 + 2 || raw.toString('base64url') !== parts[2]) return { ok: false, reason: 'malformed' };
  try {
    const decipher = createDecipheriv('aes-256-gcm', key, raw.subarray(0, 12));
    decipher.setAAD(Buffer.concat([AAD, Buffer.from(parts[1])]));
    decipher.setAuthTag(raw.subarray(raw.length - 16));
    const text = Buffer.concat([decipher.update(raw.subarray(12, raw.length - 16)), decipher.final()]).toString('utf8');
    const claims = JSON.parse(text) as SessionClaims;
    if (claims.v !== 1) return { ok: false, reason: 'malformed' };
    return { ok: true, claims };
  } catch {
    return { ok: false, reason: 'forged' };
  }
}
