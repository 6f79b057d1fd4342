// The unsigned STS actions (smithy `noAuth`): AssumeRoleWithWebIdentity and AssumeRoleWithSAML. The
// dispatcher runs them without SigV4 (handler flag `unauthenticated`); the identity provider's token is the
// authentication, verified by the identity layer (src/identity/sts/web-identity.ts, saml.ts).
import { OidcDiscovery } from '../../identity/sts/oidc-discovery.js';
import { assumeRoleWithSaml } from '../../identity/sts/saml.js';
import { assumeRoleWithWebIdentity, prefetchWebIdentityKeys } from '../../identity/sts/web-identity.js';
import type { FederationContext } from '../../identity/sts/federation.js';
import type { IssuedCredentials, SessionKeyring } from '../../identity/sts/index.js';
import type { XmlObject } from '../../protocol/index.js';
import type { ActionContext, ActionHandler } from '../types.js';
import { SESSION_NAME_PATTERN, readPolicyArns, readSessionPolicy, readStsArn } from './params.js';

export interface FederationHandlerOptions {
  readonly keyring: SessionKeyring;
  /** OIDC discovery and JWKS cache (default: a new one, fetching issuers over HTTPS). */
  readonly oidcDiscovery?: OidcDiscovery;
}

function credentialsXml(c: IssuedCredentials): XmlObject {
  return { AccessKeyId: c.accessKeyId, SecretAccessKey: c.secretAccessKey, SessionToken: c.sessionToken, Expiration: c.expiration };
}

/** botocore `clientTokenType` (4–20,000) and `SAMLAssertionType` (4–100,000). */
const WEB_IDENTITY_TOKEN_MAX = 20000;
const SAML_ASSERTION_MAX = 100000;

export function federationHandlers(options: FederationHandlerOptions): readonly ActionHandler[] {
  const oidc = options.oidcDiscovery ?? new OidcDiscovery();
  const federation = (ctx: ActionContext): FederationContext => ({
    tx: ctx.tx,
    now: ctx.request.now,
    keyring: options.keyring,
    random: ctx.random,
    request: {
      sourceIp: ctx.request.sourceIp,
      secureTransport: ctx.request.secureTransport,
      region: ctx.request.region,
      ...(ctx.request.userAgent !== undefined && { userAgent: ctx.request.userAgent }),
    },
  });
  return [
    {
      service: 'sts',
      action: 'AssumeRoleWithWebIdentity',
      readOnly: true,
      unauthenticated: true,
      async prepare({ params, read }) {
        await prefetchWebIdentityKeys(read, oidc, params.get('RoleArn'), params.get('WebIdentityToken'));
      },
      async handle(ctx) {
        const input = ctx.params.collect((q) => ({
          roleArn: readStsArn(q, 'RoleArn'),
          roleSessionName: q.string('RoleSessionName', { required: true, min: 2, max: 64, pattern: SESSION_NAME_PATTERN }),
          webIdentityToken: q.string('WebIdentityToken', { required: true, min: 4, max: WEB_IDENTITY_TOKEN_MAX }),
          providerId: q.string('ProviderId', { min: 4, max: 2048 }),
          policyArns: readPolicyArns(q),
          policy: readSessionPolicy(q),
          durationSeconds: q.int('DurationSeconds', { min: 900, max: 43200 }),
        }));
        const out = await assumeRoleWithWebIdentity({ ...federation(ctx), oidc, offline: true }, input);
        return {
          Credentials: credentialsXml(out.credentials),
          SubjectFromWebIdentityToken: out.subjectFromWebIdentityToken,
          AssumedRoleUser: { AssumedRoleId: out.assumedRoleId, Arn: out.arn },
          PackedPolicySize: out.packedPolicySize,
          Provider: out.provider,
          Audience: out.audience,
          SourceIdentity: out.sourceIdentity,
        };
      },
    },
    {
      service: 'sts',
      action: 'AssumeRoleWithSAML',
      readOnly: true,
      unauthenticated: true,
      async handle(ctx) {
        const input = ctx.params.collect((q) => ({
          roleArn: readStsArn(q, 'RoleArn'),
          principalArn: readStsArn(q, 'PrincipalArn'),
          samlAssertion: q.string('SAMLAssertion', { required: true, min: 4, max: SAML_ASSERTION_MAX }),
          policyArns: readPolicyArns(q),
          policy: readSessionPolicy(q),
          durationSeconds: q.int('DurationSeconds', { min: 900, max: 43200 }),
        }));
        const out = await assumeRoleWithSaml(federation(ctx), input);
        return {
          Credentials: credentialsXml(out.credentials),
          AssumedRoleUser: { AssumedRoleId: out.assumedRoleId, Arn: out.arn },
          PackedPolicySize: out.packedPolicySize,
          Subject: out.subject,
          SubjectType: out.subjectType,
          Issuer: out.issuer,
          Audience: out.audience,
          NameQualifier: out.nameQualifier,
          SourceIdentity: out.sourceIdentity,
        };
      },
    },
  ];
}
