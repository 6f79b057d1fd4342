// AssumeRoleWithWebIdentity (spec/identities-and-sts.md §3.2): an OpenID Connect ID token from an issuer
// registered as an IAM OIDC provider in the role's account, verified with `jose` against the issuer's
// discovered JWKS (`iss`, `aud` among the provider's client IDs, signature, `exp`/`nbf`/`iat`), then the
// role's trust policy with the provider as `Principal.Federated` and its condition keys
// (`<host/path>:aud|sub|amr`), session tags from the `https://aws.amazon.com/tags` claim.
import { decodeJwt, decodeProtectedHeader, errors as joseErrors, jwtVerify } from 'jose';
import type { JWTPayload } from 'jose';
import type { ContextValue } from '../../engine/index.js';
import type { Tag } from '../../model/index.js';
import type { StoreTx } from '../../store/index.js';
import { ServiceError } from '../errors.js';
import {
  assumeFederatedRole,
  checkAssertedSourceIdentity,
  checkAssertedTags,
  findRoleByArn,
  notAuthorizedFederated,
  roleArnAccount,
} from './federation.js';
import type { FederatedSessionOutput, FederationContext } from './federation.js';
import { IdpUnreachableError } from './oidc-discovery.js';
import type { OidcDiscovery } from './oidc-discovery.js';

const ACTION = 'sts:AssumeRoleWithWebIdentity';
/** The signature algorithms STS accepts for ID tokens. */
export const WEB_IDENTITY_ALGORITHMS = ['RS256', 'RS384', 'RS512', 'ES256', 'ES384', 'ES512'];
/** Tolerance for `nbf` and `iat` ahead of the server's clock (AWS's own skew is unconfirmed). */
const CLOCK_SKEW_SECONDS = 300;
const TAGS_CLAIM = 'https://aws.amazon.com/tags';
const SOURCE_IDENTITY_CLAIM = 'https://aws.amazon.com/source_identity';

const invalidToken = (message: string): ServiceError => new ServiceError('InvalidIdentityToken', message);
// AWS's wording for a token that is not a JWT.
export const NOT_A_JWT = 'The ID Token provided is not a valid JWT. (You may see this error if you sent an Access Token)';
export const INCORRECT_AUDIENCE = 'Incorrect token audience';
// AWS's wording when no key of the issuer's JWKS verifies the token's `kid`.
export const NO_VERIFICATION_KEY =
  "Couldn't retrieve verification key from your identity provider,  please reference AssumeRoleWithWebIdentity documentation for requirements";
// The wordings below are unconfirmed.
export const BAD_SIGNATURE = 'The signature of the web identity token could not be verified.';
export const IDP_UNREACHABLE =
  'The identity provider could not be reached to verify the web identity token. Check that its OpenID configuration and JWKS are available.';

export interface WebIdentityContext extends FederationContext {
  readonly oidc: OidcDiscovery;
  /**
   * Verify with the keys already cached (`prefetchWebIdentityKeys` ran before the transaction): no network
   * access while the store is locked. Default false: fetch as needed.
   */
  readonly offline?: boolean;
}

export interface WebIdentityInput {
  readonly roleArn: string;
  readonly roleSessionName: string;
  readonly webIdentityToken: string;
  readonly providerId?: string;
  readonly policy?: string;
  readonly policyArns?: readonly string[];
  readonly durationSeconds?: number;
}

export interface WebIdentityOutput extends FederatedSessionOutput {
  /** The token's `sub`. */
  readonly subjectFromWebIdentityToken: string;
  /** The IAM OIDC provider's ARN (what AWS returns for OIDC ID tokens; the API reference says "iss"). */
  readonly provider: string;
  /** The token audience that matched a client ID of the provider. */
  readonly audience: string;
}

/** `https://host/path` → `host/path` (the provider's name in its ARN); undefined when not https. */
function issuerName(iss: string): string | undefined {
  if (!iss.startsWith('https://')) return undefined;
  const name = iss.slice('https://'.length);
  return name.endsWith('/') ? name.slice(0, -1) : name;
}

const stringList = (v: unknown): string[] | undefined =>
  typeof v === 'string' ? [v] : Array.isArray(v) && v.every((x) => typeof x === 'string') ? (v as string[]) : undefined;

/** Session tags from the `https://aws.amazon.com/tags` claim: `principal_tags` (key → [value]) and `transitive_tag_keys`. */
function claimedTags(payload: JWTPayload): { tags: Tag[]; transitiveTagKeys: string[] } {
  const claim = payload[TAGS_CLAIM];
  if (claim === undefined) return { tags: [], transitiveTagKeys: [] };
  const malformed = (): ServiceError => invalidToken(`The ${TAGS_CLAIM} claim of the web identity token is not valid.`);
  if (typeof claim !== 'object' || claim === null || Array.isArray(claim)) throw malformed();
  const { principal_tags: principalTags, transitive_tag_keys: transitive } = claim as Record<string, unknown>;
  const tags: Tag[] = [];
  if (principalTags !== undefined) {
    if (typeof principalTags !== 'object' || principalTags === null || Array.isArray(principalTags)) throw malformed();
    for (const [key, value] of Object.entries(principalTags as Record<string, unknown>)) {
      // AWS documents one value per key, given as a one-element array (a bare string is accepted too).
      const values = stringList(value);
      if (!values || values.length !== 1) throw malformed();
      tags.push({ Key: key, Value: values[0] });
    }
  }
  const transitiveTagKeys = transitive === undefined ? [] : stringList(transitive);
  if (!transitiveTagKeys) throw malformed();
  checkAssertedTags(tags, transitiveTagKeys, () => malformed());
  return { tags, transitiveTagKeys };
}

/**
 * The provider's condition keys. Generic OIDC: `<name>:aud` (the audience that matched a client ID),
 * `<name>:sub`, `<name>:amr` (multivalued when an array). Whether AWS ever maps a generic issuer's `azp`
 * into `:aud` is unconfirmed; only Google's documented mapping is applied (`aud` = `azp` when present,
 * `oaud` = `aud`).
 */
function providerContext(name: string, payload: JWTPayload, audience: string): Record<string, ContextValue> {
  const ctx: Record<string, ContextValue> = { [`${name}:aud`]: audience };
  if (typeof payload.sub === 'string') ctx[`${name}:sub`] = payload.sub;
  const amr = payload['amr'];
  if (typeof amr === 'string') ctx[`${name}:amr`] = amr;
  else if (Array.isArray(amr) && amr.every((v) => typeof v === 'string')) ctx[`${name}:amr`] = amr as string[];
  if (name === 'accounts.google.com') {
    ctx[`${name}:oaud`] = audience;
    if (typeof payload['azp'] === 'string') ctx[`${name}:aud`] = payload['azp'];
  }
  return ctx;
}

/** Maps jose's verification failures to STS errors. */
function verificationError(err: unknown, nowSeconds: number, exp: number | undefined): ServiceError {
  if (err instanceof IdpUnreachableError) return new ServiceError('IDPCommunicationError', IDP_UNREACHABLE);
  if (err instanceof joseErrors.JWTExpired) {
    return new ServiceError('ExpiredTokenException', `Token expired: current date/time ${nowSeconds} must be before the expiration date/time ${exp ?? ''}`);
  }
  if (err instanceof joseErrors.JWKSNoMatchingKey) return invalidToken(NO_VERIFICATION_KEY);
  if (err instanceof joseErrors.JWSSignatureVerificationFailed || err instanceof joseErrors.JOSEAlgNotAllowed) return invalidToken(BAD_SIGNATURE);
  if (err instanceof joseErrors.JWTClaimValidationFailed) {
    if (err.claim === 'nbf') return invalidToken('The web identity token is not yet valid (nbf).');
    return invalidToken(`The web identity token has an invalid ${err.claim} claim.`);
  }
  if (err instanceof joseErrors.JWTInvalid || err instanceof joseErrors.JWSInvalid) return invalidToken(NOT_A_JWT);
  // Key-set fetch failures: timeouts, refused connections, non-200 answers, bodies that are not a JWKS.
  return new ServiceError('IDPCommunicationError', IDP_UNREACHABLE);
}

/**
 * Runs before the transaction (no store lock held): when the token's issuer is an OIDC provider of the
 * role's account, fetches what verifying it needs. Only registered issuers are ever fetched. Never throws.
 */
export async function prefetchWebIdentityKeys(
  read: <T>(fn: (tx: StoreTx) => Promise<T>) => Promise<T>,
  oidc: OidcDiscovery,
  roleArn: string | undefined,
  token: string | undefined,
): Promise<void> {
  if (roleArn === undefined || token === undefined) return;
  let iss: unknown;
  try {
    iss = decodeJwt(token).iss;
  } catch {
    return;
  }
  const account = roleArnAccount(roleArn);
  const name = typeof iss === 'string' ? issuerName(iss) : undefined;
  if (!account || name === undefined || typeof iss !== 'string') return;
  const arn = `arn:${account.partition}:iam::${account.account}:oidc-provider/${name}`;
  const provider = await read((tx) => tx.oidcProviders.get(account.account, arn));
  if (provider && provider.arn === arn) await oidc.prefetch(iss, token);
}

export async function assumeRoleWithWebIdentity(ctx: WebIdentityContext, input: WebIdentityInput): Promise<WebIdentityOutput> {
  const token = input.webIdentityToken;
  let payload: JWTPayload;
  let alg: string | undefined;
  try {
    alg = decodeProtectedHeader(token).alg;
    payload = decodeJwt(token);
  } catch {
    throw invalidToken(NOT_A_JWT);
  }
  // OAuth 2.0 access tokens (ProviderId www.amazon.com / graph.facebook.com) cannot be verified here.
  if (input.providerId !== undefined) {
    throw new ServiceError('InvalidParameterValue', 'ProviderId is only supported for OAuth 2.0 providers, which this server does not support.');
  }
  if (alg === undefined || !WEB_IDENTITY_ALGORITHMS.includes(alg)) throw invalidToken(BAD_SIGNATURE);
  const iss = payload.iss;
  if (typeof iss !== 'string') throw invalidToken(NOT_A_JWT);

  const roleAccount = roleArnAccount(input.roleArn);
  if (!roleAccount) throw notAuthorizedFederated(ACTION);
  const name = issuerName(iss);
  const providerArn = name === undefined ? undefined : `arn:${roleAccount.partition}:iam::${roleAccount.account}:oidc-provider/${name}`;
  const provider = providerArn === undefined ? undefined : await ctx.tx.oidcProviders.get(roleAccount.account, providerArn);
  // The store may match names case-insensitively; issuers compare case-sensitively.
  if (!provider || provider.arn !== providerArn || name === undefined || providerArn === undefined) throw invalidToken(`No OpenIDConnect provider found in your account for ${iss}`);

  const audiences = stringList(payload.aud) ?? [];
  const audience = audiences.find((a) => provider.clientIds.includes(a));
  if (audience === undefined) throw invalidToken(INCORRECT_AUDIENCE);

  const nowSeconds = Math.floor(ctx.now.getTime() / 1000);
  try {
    const keys = ctx.offline ? ctx.oidc.cachedKeys(iss) : await ctx.oidc.keysFor(iss);
    await jwtVerify(token, keys, {
      algorithms: WEB_IDENTITY_ALGORITHMS,
      currentDate: ctx.now,
      requiredClaims: ['exp'],
      clockTolerance: 0,
      issuer: iss,
    });
  } catch (err) {
    throw verificationError(err, nowSeconds, typeof payload.exp === 'number' ? payload.exp : undefined);
  }
  if (typeof payload.nbf === 'number' && payload.nbf > nowSeconds + CLOCK_SKEW_SECONDS) throw invalidToken('The web identity token is not yet valid (nbf).');
  if (typeof payload.iat === 'number' && payload.iat > nowSeconds + CLOCK_SKEW_SECONDS) throw invalidToken('The web identity token was issued in the future (iat).');
  if (typeof payload.sub !== 'string' || payload.sub === '') throw invalidToken('The web identity token has no sub claim.');

  const { tags, transitiveTagKeys } = claimedTags(payload);
  const sourceIdentity = payload[SOURCE_IDENTITY_CLAIM];
  if (sourceIdentity !== undefined) {
    if (typeof sourceIdentity !== 'string') throw invalidToken(`The ${SOURCE_IDENTITY_CLAIM} claim of the web identity token is not valid.`);
    checkAssertedSourceIdentity(sourceIdentity, () => invalidToken(`The ${SOURCE_IDENTITY_CLAIM} claim of the web identity token is not valid.`));
  }

  const role = await findRoleByArn(ctx.tx, input.roleArn);
  if (!role) throw notAuthorizedFederated(ACTION);
  const out = await assumeFederatedRole(ctx, {
    action: ACTION,
    role,
    partition: roleAccount.partition,
    roleSessionName: input.roleSessionName,
    providerArn,
    providerContext: providerContext(name, payload, audience),
    ...(input.durationSeconds !== undefined && { durationSeconds: input.durationSeconds }),
    ...(input.policy !== undefined && { policy: input.policy }),
    ...(input.policyArns !== undefined && { policyArns: input.policyArns }),
    tags,
    transitiveTagKeys,
    ...(typeof sourceIdentity === 'string' && { sourceIdentity }),
  });
  return { ...out, subjectFromWebIdentityToken: payload.sub, provider: providerArn, audience };
}
