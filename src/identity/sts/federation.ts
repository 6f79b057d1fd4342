// What AssumeRoleWithWebIdentity and AssumeRoleWithSAML share once the identity provider's token is
// verified: the role (a missing one is refused like an untrusting one), the trust policy evaluated by the
// engine with the identity provider as the principal (`Principal.Federated`), session tags, source
// identity, duration, session policies, and the sealed role session (spec/identities-and-sts.md §3.2–3.3).
import { parsePrincipalArn } from '../../arn/index.js';
import type { RandomBytes } from '../../arn/index.js';
import { compilePolicySet, evaluate } from '../../engine/index.js';
import type { ContextValue } from '../../engine/index.js';
import type { Role, Tag } from '../../model/index.js';
import { parsePolicy } from '../../policy/index.js';
import type { StoreTx } from '../../store/index.js';
import { ServiceError, validationFailure } from '../errors.js';
import { requestTagContext } from '../tags.js';
import { DEFAULT_ROLE_SESSION_SECONDS, EXCEEDS_MAX_SESSION_DURATION } from './assume-role.js';
import { issueRoleSession } from './role-session.js';
import type { IssuedCredentials } from './credentials.js';
import type { SessionKeyring } from './session-token.js';
import { checkSessionTags } from './tags.js';

/** The unsigned STS calls run without a caller: the request's facts stand in for it. */
export interface FederationContext {
  readonly tx: StoreTx;
  readonly now: Date;
  readonly keyring: SessionKeyring;
  readonly random: RandomBytes;
  readonly request: {
    readonly sourceIp: string;
    readonly secureTransport: boolean;
    readonly region: string;
    readonly userAgent?: string;
  };
}

export type FederatedAction = 'sts:AssumeRoleWithWebIdentity' | 'sts:AssumeRoleWithSAML';

/** `Not authorized to perform sts:AssumeRoleWithWebIdentity` (AWS's wording for every trust refusal). */
export const notAuthorizedFederated = (action: FederatedAction): ServiceError =>
  new ServiceError('AccessDenied', `Not authorized to perform ${action}`);

/** The role an ARN names, with exactly that ARN (path and name as stored); otherwise undefined. */
export async function findRoleByArn(tx: StoreTx, roleArn: string): Promise<Role | undefined> {
  const arn = parsePrincipalArn(roleArn);
  if (!arn || arn.kind !== 'role') return undefined;
  const role = await tx.roles.get(arn.account, arn.name);
  if (!role || role.arn !== roleArn) return undefined;
  return role;
}

/** The account of a role ARN (12 digits), when the ARN names a role. */
export function roleArnAccount(roleArn: string): { account: string; partition: string } | undefined {
  const arn = parsePrincipalArn(roleArn);
  return arn && arn.kind === 'role' ? { account: arn.account, partition: arn.partition } : undefined;
}

export interface FederatedSessionInput {
  readonly action: FederatedAction;
  readonly role: Role;
  readonly partition: string;
  readonly roleSessionName: string;
  /** The IAM identity provider's ARN: the trust policy's `Principal.Federated`, `aws:FederatedProvider`. */
  readonly providerArn: string;
  /** The provider's condition keys (`<issuer>:sub`, `saml:aud`, …). */
  readonly providerContext: Readonly<Record<string, ContextValue>>;
  readonly durationSeconds?: number;
  readonly policy?: string;
  readonly policyArns?: readonly string[];
  readonly tags?: readonly Tag[];
  readonly transitiveTagKeys?: readonly string[];
  readonly sourceIdentity?: string;
}

export interface FederatedSessionOutput {
  readonly credentials: IssuedCredentials;
  readonly assumedRoleId: string;
  readonly arn: string;
  readonly packedPolicySize?: number;
  readonly sourceIdentity?: string;
}

const isoSeconds = (d: Date): string => d.toISOString().slice(0, 19) + 'Z';

/**
 * Trust, then session: the trust policy must allow the provider `action` (and `sts:TagSession` with tags,
 * `sts:SetSourceIdentity` with a source identity); the duration must fit the role; session policies must be
 * valid and fit the packed budget. Returns the new role session.
 */
export async function assumeFederatedRole(ctx: FederationContext, input: FederatedSessionInput): Promise<FederatedSessionOutput> {
  const { now } = ctx;
  const role = input.role;
  const tags = input.tags ?? [];
  const transitiveTagKeys = input.transitiveTagKeys ?? [];
  checkSessionTags(tags, transitiveTagKeys, []);

  const trust = parsePolicy(role.assumeRolePolicyDocument).document;
  if (!trust) throw notAuthorizedFederated(input.action);
  const context: Record<string, ContextValue> = {
    'aws:CurrentTime': isoSeconds(now),
    'aws:EpochTime': String(Math.floor(now.getTime() / 1000)),
    'aws:SourceIp': ctx.request.sourceIp,
    'aws:SecureTransport': ctx.request.secureTransport ? 'true' : 'false',
    'aws:RequestedRegion': ctx.request.region,
    'aws:FederatedProvider': input.providerArn,
    'aws:ResourceAccount': role.accountId,
    'sts:RoleSessionName': input.roleSessionName,
    ...requestTagContext(tags.length > 0 ? tags : undefined),
    ...input.providerContext,
  };
  if (ctx.request.userAgent !== undefined) context['aws:UserAgent'] = ctx.request.userAgent;
  if (input.sourceIdentity !== undefined) context['sts:SourceIdentity'] = input.sourceIdentity;
  if (transitiveTagKeys.length > 0) context['sts:TransitiveTagKeys'] = [...transitiveTagKeys];

  const compiled = compilePolicySet({ resource: { name: `${role.roleName} trust policy`, document: trust }, resourcePolicyKind: 'trust' });
  const check = (action: string): void => {
    const result = evaluate({ principal: input.providerArn, action, resource: role.arn, context }, compiled);
    // STS words every trust refusal the same way, naming the federated action.
    if (result.decision !== 'allowed') throw notAuthorizedFederated(input.action);
  };
  check(input.action);
  if (tags.length > 0) check('sts:TagSession');
  if (input.sourceIdentity !== undefined) check('sts:SetSourceIdentity');

  const durationSeconds = input.durationSeconds ?? DEFAULT_ROLE_SESSION_SECONDS;
  if (durationSeconds > role.maxSessionDuration) throw validationFailure(EXCEEDS_MAX_SESSION_DURATION);

  return issueRoleSession(
    ctx.tx,
    role,
    {
      partition: input.partition,
      roleSessionName: input.roleSessionName,
      durationSeconds,
      ...(input.policy !== undefined && { policy: input.policy }),
      ...(input.policyArns !== undefined && { policyArns: input.policyArns }),
      tags,
      transitiveTagKeys,
      ...(input.sourceIdentity !== undefined && { sourceIdentity: input.sourceIdentity }),
      federatedProvider: input.providerArn,
    },
    now,
    ctx.keyring,
    ctx.random,
  );
}

const TAG_KEY = /^[\p{L}\p{Z}\p{N}_.:/=+\-@]{1,128}$/u;
const TAG_VALUE = /^[\p{L}\p{Z}\p{N}_.:/=+\-@]{0,256}$/u;
const SOURCE_IDENTITY = /^[\w+=,.@-]{2,64}$/;

/** Session tags and source identity asserted by an identity provider, checked as STS checks passed ones. */
export function checkAssertedTags(tags: readonly Tag[], transitiveTagKeys: readonly string[], invalid: (what: string) => ServiceError): void {
  if (tags.length > 50 || transitiveTagKeys.length > 50) throw invalid('session tags (more than 50)');
  for (const t of tags) {
    if (!TAG_KEY.test(t.Key) || !TAG_VALUE.test(t.Value)) throw invalid(`session tag ${t.Key}`);
  }
}

export function checkAssertedSourceIdentity(value: string, invalid: (what: string) => ServiceError): void {
  if (!SOURCE_IDENTITY.test(value) || value.toLowerCase().startsWith('aws:')) throw invalid('source identity');
}
