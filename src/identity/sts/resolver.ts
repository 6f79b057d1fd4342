// The authenticator's hook for temporary (`ASIA…`) keys: opens the session token (no store read), checks it
// belongs to the key and has not expired, and answers with the caller and the temporary secret.
import type { ResolvedCredentials, SessionResolver } from '../authenticate.js';
import { invalidClientToken } from '../authenticate.js';
import type { CallerIdentity } from '../caller.js';
import { ServiceError } from '../errors.js';
import { callerFromClaims } from './session-auth.js';
import { openSession } from './session-token.js';
import type { SessionKeyring } from './session-token.js';

export const EXPIRED_TOKEN_MESSAGE = 'The security token included in the request is expired';

export const expiredToken = (): ServiceError => new ServiceError('ExpiredToken', EXPIRED_TOKEN_MESSAGE);

export class StsSessionResolver implements SessionResolver {
  // Opened tokens by token text: a token is immutable, so the cache holds only what was verified once.
  private readonly opened = new Map<string, ResolvedCredentials & { expiresAtMs: number }>();

  constructor(
    private readonly keyring: SessionKeyring,
    private readonly maxEntries = 10_000,
  ) {}

  /**
   * InvalidClientTokenId for a missing, malformed, forged or foreign token (one sealed for another key id,
   * or another partition); ExpiredToken once `now` reaches the expiry.
   */
  resolve(input: { accessKeyId: string; securityToken: string | undefined; partition: string; now: Date }): ResolvedCredentials {
    const token = input.securityToken;
    if (token === undefined || token === '') throw invalidClientToken();
    let entry = this.opened.get(token);
    if (entry === undefined) {
      const opened = openSession(token, this.keyring);
      if (!opened.ok) throw invalidClientToken();
      const claims = opened.claims;
      const caller: CallerIdentity = callerFromClaims(claims);
      entry = { caller, secretAccessKey: claims.secretAccessKey, expiresAtMs: claims.expiresAt * 1000 };
      if (this.opened.size >= this.maxEntries) this.opened.clear();
      this.opened.set(token, entry);
    }
    if (entry.caller.accessKeyId !== input.accessKeyId || entry.caller.partition !== input.partition) throw invalidClientToken();
    if (input.now.getTime() >= entry.expiresAtMs) throw expiredToken();
    return { caller: entry.caller, secretAccessKey: entry.secretAccessKey };
  }
}
