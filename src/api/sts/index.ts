// STS actions (Query API 2011-06-15, namespace https://sts.amazonaws.com/doc/2011-06-15/), served on the IAM
// listener: decode → (authorize, inside the identity service) → identity service → encode `<Action>Result`.
import {
  assumeRole,
  checkSessionCall,
  decodeAuthorizationMessage,
  getAccessKeyInfo,
  getCallerIdentity,
  getFederationToken,
  getSessionToken,
} from '../../identity/sts/index.js';
import type { IssuedCredentials, SessionKeyring, StsContext } from '../../identity/sts/index.js';
import type { XmlObject } from '../../protocol/index.js';
import type { ActionContext, ActionHandler } from '../types.js';
import type { OidcDiscovery } from '../../identity/sts/oidc-discovery.js';
import { federationHandlers } from './federation.js';
import {
  ACCESS_KEY_ID_PATTERN,
  EXTERNAL_ID_PATTERN,
  SESSION_NAME_PATTERN,
  readPolicyArns,
  readSerialNumber,
  readSessionPolicy,
  readSessionTags,
  readStsArn,
  readTokenCode,
  readTransitiveTagKeys,
} from './params.js';

export interface StsHandlerOptions {
  /** The server's session keyring (`SessionKeyring.fromMasterKey(masterKey)`): seals tokens and messages. */
  readonly keyring: SessionKeyring;
  /** OIDC discovery/JWKS cache for AssumeRoleWithWebIdentity (default: one per handler set). */
  readonly oidcDiscovery?: OidcDiscovery;
}

function credentialsXml(c: IssuedCredentials): XmlObject {
  return { AccessKeyId: c.accessKeyId, SecretAccessKey: c.secretAccessKey, SessionToken: c.sessionToken, Expiration: c.expiration };
}

/** Builds the STS handlers around the server's keyring. */
export function stsHandlers(options: StsHandlerOptions): readonly ActionHandler[] {
  const sts = (ctx: ActionContext, action: string): StsContext => {
    // Credential-type restrictions come before anything else (a no-op when the server already checked).
    checkSessionCall(ctx.caller, 'sts', action);
    return {
      tx: ctx.tx,
      caller: ctx.caller,
      now: ctx.request.now,
      keyring: options.keyring,
      random: ctx.random,
      authorize: (input) => ctx.authorize(input),
    };
  };
  return [
    ...federationHandlers(options),
    {
      service: 'sts',
      action: 'GetCallerIdentity',
      readOnly: true,
      async handle(ctx) {
        sts(ctx, 'GetCallerIdentity');
        const out = getCallerIdentity(ctx.caller);
        return { UserId: out.userId, Account: out.account, Arn: out.arn };
      },
    },
    {
      service: 'sts',
      action: 'AssumeRole',
      readOnly: true,
      async handle(ctx) {
        const p = ctx.params;
        const input = p.collect((q) => ({
          roleArn: readStsArn(q, 'RoleArn'),
          roleSessionName: q.string('RoleSessionName', { required: true, min: 2, max: 64, pattern: SESSION_NAME_PATTERN }),
          policyArns: readPolicyArns(q),
          policy: readSessionPolicy(q),
          durationSeconds: q.int('DurationSeconds', { min: 900, max: 43200 }),
          tags: readSessionTags(q),
          transitiveTagKeys: readTransitiveTagKeys(q),
          externalId: q.string('ExternalId', { min: 2, max: 1224, pattern: EXTERNAL_ID_PATTERN }),
          serialNumber: readSerialNumber(q),
          tokenCode: readTokenCode(q),
          sourceIdentity: q.string('SourceIdentity', { min: 2, max: 64, pattern: SESSION_NAME_PATTERN }),
        }));
        const out = await assumeRole(sts(ctx, 'AssumeRole'), input);
        return {
          Credentials: credentialsXml(out.credentials),
          AssumedRoleUser: { AssumedRoleId: out.assumedRoleId, Arn: out.arn },
          PackedPolicySize: out.packedPolicySize,
          SourceIdentity: out.sourceIdentity,
        };
      },
    },
    {
      service: 'sts',
      action: 'GetSessionToken',
      readOnly: true,
      async handle(ctx) {
        const input = ctx.params.collect((q) => ({
          durationSeconds: q.int('DurationSeconds', { min: 900, max: 129600 }),
          serialNumber: readSerialNumber(q),
          tokenCode: readTokenCode(q),
        }));
        const credentials = await getSessionToken(sts(ctx, 'GetSessionToken'), input);
        return { Credentials: credentialsXml(credentials) };
      },
    },
    {
      service: 'sts',
      action: 'GetFederationToken',
      readOnly: true,
      async handle(ctx) {
        const input = ctx.params.collect((q) => ({
          name: q.string('Name', { required: true, min: 2, max: 32, pattern: SESSION_NAME_PATTERN }),
          policy: readSessionPolicy(q),
          policyArns: readPolicyArns(q),
          durationSeconds: q.int('DurationSeconds', { min: 900, max: 129600 }),
          tags: readSessionTags(q),
        }));
        const out = await getFederationToken(sts(ctx, 'GetFederationToken'), input);
        return {
          Credentials: credentialsXml(out.credentials),
          FederatedUser: { FederatedUserId: out.federatedUserId, Arn: out.arn },
          PackedPolicySize: out.packedPolicySize,
        };
      },
    },
    {
      service: 'sts',
      action: 'GetAccessKeyInfo',
      readOnly: true,
      async handle(ctx) {
        const accessKeyId = ctx.params.collect((q) => q.string('AccessKeyId', { required: true, min: 16, max: 128, pattern: ACCESS_KEY_ID_PATTERN }));
        return { Account: await getAccessKeyInfo(sts(ctx, 'GetAccessKeyInfo'), accessKeyId) };
      },
    },
    {
      service: 'sts',
      action: 'DecodeAuthorizationMessage',
      readOnly: true,
      async handle(ctx) {
        const encoded = ctx.params.collect((q) => q.string('EncodedMessage', { required: true, min: 1, max: 10240 }));
        return { DecodedMessage: await decodeAuthorizationMessage(sts(ctx, 'DecodeAuthorizationMessage'), encoded) };
      },
    },
  ];
}

