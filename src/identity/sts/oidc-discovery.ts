// OpenID Connect discovery for AssumeRoleWithWebIdentity: an issuer's signing keys come from its
// `/.well-known/openid-configuration` → `jwks_uri`, fetched with a timeout and cached per issuer (the
// discovery document for `ttlMs`; the key set by jose's remote set, which refetches on an unknown `kid`
// at most once per cooldown). Failures to reach the issuer are IdpUnreachableError (IDPCommunicationError).
//
// The server fetches OUTSIDE its store transaction (the store serializes transactions, so a slow issuer must
// never hold the lock): `prefetch` warms the cache before the transaction, `cachedKeys` verifies inside it
// without any network access.
import { createLocalJWKSet, createRemoteJWKSet, customFetch, decodeProtectedHeader } from 'jose';
import type { FetchImplementation, FlattenedJWSInput, JWTVerifyGetKey, RemoteJWKSet } from 'jose';

/** The issuer (or its key set) could not be fetched, or answered something that is not discovery/JWKS. */
export class IdpUnreachableError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'IdpUnreachableError';
  }
}

export interface OidcDiscoveryOptions {
  /** How long a discovery document (and the key set built on it) is reused, ms (default 1 hour). */
  readonly ttlMs?: number;
  /** Per HTTP request, ms (default 5 s; AWS documents 5 s for the IdP's JWKS answer). */
  readonly timeoutMs?: number;
  /** Issuers cached at most (default 1,000; the oldest is dropped). */
  readonly maxIssuers?: number;
  /**
   * The URL actually fetched for an issuer-side URL (discovery document and `jwks_uri`). Default: the URL
   * itself. Tests (and air-gapped deployments) map `https://issuer/…` to a local endpoint with it, since an
   * IAM provider URL cannot carry a port or `http://`.
   */
  readonly endpointFor?: (url: string) => string;
  /** The fetch used (default: the global fetch). */
  readonly fetch?: typeof fetch;
  /** The clock of the cache (default Date.now). */
  readonly clock?: () => number;
}

interface Entry {
  readonly fetchedAt: number;
  readonly keys: RemoteJWKSet;
}

const DEFAULT_TTL_MS = 60 * 60 * 1000;
const DEFAULT_TIMEOUT_MS = 5000;
/** Discovery documents and key sets are small; a larger answer is refused. */
const MAX_BODY_BYTES = 512 * 1024;

/** Discovers and caches issuers' key sets. One instance per server. */
export class OidcDiscovery {
  private readonly entries = new Map<string, Entry>();
  private readonly pending = new Map<string, Promise<Entry>>();
  private readonly ttlMs: number;
  private readonly timeoutMs: number;
  private readonly maxIssuers: number;
  private readonly endpointFor: (url: string) => string;
  private readonly fetchImpl: typeof fetch;
  private readonly clock: () => number;

  constructor(options: OidcDiscoveryOptions = {}) {
    this.ttlMs = options.ttlMs ?? DEFAULT_TTL_MS;
    this.timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    this.maxIssuers = options.maxIssuers ?? 1000;
    this.endpointFor = options.endpointFor ?? ((url) => url);
    this.fetchImpl = options.fetch ?? ((input, init) => fetch(input, init));
    this.clock = options.clock ?? Date.now;
  }

  /** The key resolver for tokens of `issuer` (as in `iss`); fetches as needed. Throws IdpUnreachableError. */
  async keysFor(issuer: string): Promise<JWTVerifyGetKey> {
    return this.remoteSet(issuer);
  }

  /**
   * Makes sure the cache can verify `token` of `issuer` without network access: discovery document and key
   * set fetched (or refetched on an unknown `kid`, at most once per cooldown). Never throws: a failure
   * leaves the cache as it was, and `cachedKeys` reports it.
   */
  async prefetch(issuer: string, token: string): Promise<void> {
    try {
      const keys = await this.remoteSet(issuer);
      const [protectedHeader = '', payload = '', signature = ''] = token.split('.');
      const jws: FlattenedJWSInput = { protected: protectedHeader, payload, signature };
      await keys(decodeProtectedHeader(token), jws);
    } catch {
      // Reported when the token is verified.
    }
  }

  /** The keys cached for `issuer`, without any network access; IdpUnreachableError when none could be fetched. */
  cachedKeys(issuer: string): JWTVerifyGetKey {
    const jwks = this.entries.get(issuer)?.keys.jwks();
    if (jwks === undefined) throw new IdpUnreachableError('The keys of the identity provider could not be fetched.');
    return createLocalJWKSet(jwks);
  }

  private async remoteSet(issuer: string): Promise<RemoteJWKSet> {
    const cached = this.entries.get(issuer);
    if (cached && this.clock() - cached.fetchedAt < this.ttlMs) return cached.keys;
    let pending = this.pending.get(issuer);
    if (!pending) {
      pending = this.discover(issuer).finally(() => this.pending.delete(issuer));
      this.pending.set(issuer, pending);
    }
    return (await pending).keys;
  }

  /** Forgets every issuer (keys rotate on the next call). */
  clear(): void {
    this.entries.clear();
  }

  private async discover(issuer: string): Promise<Entry> {
    const base = issuer.endsWith('/') ? issuer.slice(0, -1) : issuer;
    const config = await this.getJson(`${base}/.well-known/openid-configuration`);
    const jwksUri = typeof config === 'object' && config !== null ? (config as { jwks_uri?: unknown }).jwks_uri : undefined;
    if (typeof jwksUri !== 'string') throw new IdpUnreachableError('The OpenID configuration has no jwks_uri.');
    let url: URL;
    try {
      url = new URL(this.endpointFor(jwksUri));
    } catch {
      throw new IdpUnreachableError('The OpenID configuration has an invalid jwks_uri.');
    }
    const fetchJwks: FetchImplementation = (input, init) => this.fetchImpl(input, init);
    const keys = createRemoteJWKSet(url, {
      timeoutDuration: this.timeoutMs,
      cooldownDuration: 30_000,
      cacheMaxAge: this.ttlMs,
      [customFetch]: fetchJwks,
    });
    const entry: Entry = { fetchedAt: this.clock(), keys };
    if (this.entries.size >= this.maxIssuers) {
      const oldest = this.entries.keys().next();
      if (!oldest.done) this.entries.delete(oldest.value);
    }
    this.entries.set(issuer, entry);
    return entry;
  }

  private async getJson(url: string): Promise<unknown> {
    let response: Response;
    try {
      response = await this.fetchImpl(this.endpointFor(url), {
        signal: AbortSignal.timeout(this.timeoutMs),
        redirect: 'error',
        headers: { accept: 'application/json' },
      });
    } catch {
      throw new IdpUnreachableError('The identity provider could not be reached.');
    }
    if (response.status !== 200) {
      await response.body?.cancel();
      throw new IdpUnreachableError(`The identity provider answered HTTP ${response.status}.`);
    }
    let text: string;
    try {
      text = await response.text();
    } catch {
      throw new IdpUnreachableError('The identity provider could not be reached.');
    }
    if (text.length > MAX_BODY_BYTES) throw new IdpUnreachableError('The OpenID configuration is too large.');
    try {
      return JSON.parse(text) as unknown;
    } catch {
      throw new IdpUnreachableError('The OpenID configuration is not JSON.');
    }
  }
}
