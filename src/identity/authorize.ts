// Authorizes one API call: the request context with the global keys the server knows (spec/conditions.md §6),
// evaluated by the engine against the caller's compiled policy set; AWS's AccessDenied when not allowed.
import { accessDeniedMessage, compilePolicySet, evaluate } from '../engine/index.js';
import type { CompiledPolicySet, ContextValue, EvaluationRequest } from '../engine/index.js';
import type { AuthorizeInput, CallerIdentity, RequestInfo } from './caller.js';
import { isAwsManagedPolicyArn } from '../model/index.js';
import { ServiceError, withoutStackTrace } from './errors.js';
import type { PrincipalPolicies } from './policy-set.js';
import { sessionContext } from './sts/session-auth.js';

const PRINCIPAL_TYPE: Readonly<Record<CallerIdentity['kind'], string>> = {
  root: 'Account',
  user: 'User',
  roleSession: 'AssumedRole',
  federatedUser: 'FederatedUser',
};

/** `arn:p:svc:region:ACCOUNT:…` → ACCOUNT, when it is 12 digits. */
function arnAccount(arn: string | undefined): string | undefined {
  if (arn === undefined || !arn.startsWith('arn:')) return undefined;
  let at = 0;
  for (let i = 0; i < 4; i++) {
    at = arn.indexOf(':', at) + 1;
    if (at === 0) return undefined;
  }
  const end = arn.indexOf(':', at);
  const account = end === -1 ? '' : arn.slice(at, end);
  return /^\d{12}$/.test(account) ? account : undefined;
}

// aws:CurrentTime of the last second seen: requests of one second share it (measured: toISOString ~1 µs).
let currentSecond = Number.NaN;
let currentSecondText = '';

function currentTime(now: Date): string {
  const second = Math.floor(now.getTime() / 1000);
  if (second !== currentSecond) {
    currentSecondText = now.toISOString().slice(0, 19) + 'Z';
    currentSecond = second;
  }
  return currentSecondText;
}

/** The request context: global keys, principal tags, resource tags, then the action's own keys. */
export function requestContext(
  caller: CallerIdentity,
  policies: PrincipalPolicies,
  input: AuthorizeInput,
  request: RequestInfo,
): Record<string, ContextValue> {
  const now = request.now;
  const ctx: Record<string, ContextValue> = {
    'aws:CurrentTime': currentTime(now),
    'aws:EpochTime': String(Math.floor(now.getTime() / 1000)),
    'aws:SourceIp': request.sourceIp,
    'aws:SecureTransport': request.secureTransport ? 'true' : 'false',
    // The signing region; a client of the real IAM endpoint always signs for us-east-1 (cn-north-1, us-gov-west-1).
    'aws:RequestedRegion': request.region,
    'aws:PrincipalArn': caller.kind === 'roleSession' && caller.roleArn !== undefined ? caller.roleArn : caller.arn,
    'aws:PrincipalAccount': caller.accountId,
    'aws:PrincipalType': PRINCIPAL_TYPE[caller.kind],
    'aws:userid': caller.userId,
    'aws:PrincipalIsAWSService': 'false',
    'aws:ViaAWSService': 'false',
    'aws:ResourceAccount': arnAccount(input.resource) ?? caller.accountId,
  };
  if (request.userAgent !== undefined) ctx['aws:UserAgent'] = request.userAgent;
  if (caller.kind === 'user' && caller.userName !== undefined) ctx['aws:username'] = caller.userName;
  if (caller.temporary) ctx['aws:MultiFactorAuthPresent'] = 'false';
  // Temporary credentials: aws:TokenIssueTime, MFA state, aws:SourceIdentity… (src/identity/sts/session-auth.ts).
  if (caller.session) Object.assign(ctx, sessionContext(caller.session, now));
  for (const tag of policies.principalTags) ctx[`aws:PrincipalTag/${tag.Key}`] = tag.Value;
  if (input.resourceTags) {
    for (const tag of input.resourceTags) {
      ctx[`aws:ResourceTag/${tag.Key}`] = tag.Value;
      ctx[`iam:ResourceTag/${tag.Key}`] = tag.Value;
    }
  }
  if (input.context) Object.assign(ctx, input.context);
  return ctx;
}

/**
 * Evaluates the call; throws ServiceError `AccessDenied` with AWS's message (spec/evaluation.md §11):
 * `User: <arn> is not authorized to perform: <action> on resource: <arn> because no identity-based policy allows the <action> action`.
 */
export function authorize(caller: CallerIdentity, policies: PrincipalPolicies, input: AuthorizeInput, request: RequestInfo): void {
  const evaluation: EvaluationRequest = {
    principal: caller.arn,
    action: input.action,
    ...(input.resource !== undefined && { resource: input.resource }),
    // AWS-managed policies (account `aws`) are read and attached with identity policies alone, as in AWS.
    ...(input.resource !== undefined && isAwsManagedPolicyArn(input.resource) && { resourceAccount: caller.accountId }),
    context: requestContext(caller, policies, input, request),
    // No principalDetails: the engine reads a role session's role from aws:PrincipalArn, and unique ids only
    // matter to resource policies naming them; without details its per-principal analysis stays cached.
  };
  const result = evaluate(evaluation, withResourcePolicy(policies.compiled, input.resourcePolicy));
  if (result.decision !== 'allowed') {
    const message = accessDeniedMessage(evaluation, result);
    throw withoutStackTrace(() => new ServiceError('AccessDenied', message));
  }
}

/** The caller's compiled set with the target's resource policy (AssumeRole: the role's trust policy) added. */
function withResourcePolicy(compiled: CompiledPolicySet, policy: AuthorizeInput['resourcePolicy']): CompiledPolicySet {
  if (policy === undefined) return compiled;
  const layer = compilePolicySet({ resource: { name: policy.name, document: policy.document }, resourcePolicyKind: policy.kind });
  return { ...compiled, resource: layer.resource, resourcePolicyKind: policy.kind };
}
