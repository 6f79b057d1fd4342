// The engine's answer to "can an outsider get through?": after a check finds an Allow that grants a broad
// principal, the whole policy is evaluated for an outsider, so a Deny elsewhere in it (StringNotEquals
// aws:PrincipalOrgID, aws:SourceVpce…) cuts the finding as it would cut the request on AWS. The outsider
// controls the keys a caller can choose (TLS, MFA, tags it sends) and not those that say who or where it is.
import { compilePolicySet, evaluate, type CompiledPolicySet, type ResourcePolicyKind } from '../../engine/index.js';
import { parsePolicy, type PolicyDocument } from '../../policy/index.js';
import { isPositiveOperator, type CheckContext } from './context.js';

export const OUTSIDER_ACCOUNT = '999988887777';

/** Keys that say who is calling or from where: an outsider cannot choose their values. */
export const IDENTITY_KEYS = new Set(
  [
    'aws:PrincipalOrgID',
    'aws:PrincipalOrgPaths',
    'aws:PrincipalAccount',
    'aws:PrincipalArn',
    'aws:userid',
    'aws:username',
    'aws:SourceVpce',
    'aws:SourceVpc',
    'aws:SourceAccount',
    'aws:SourceArn',
    'aws:SourceOrgID',
    'aws:SourceOrgPaths',
    'aws:SourceOwner',
    'aws:SourceIp',
    'aws:VpcSourceIp',
    'aws:PrincipalServiceName',
    'aws:PrincipalIsAWSService',
    'kms:CallerAccount',
    's3:DataAccessPointAccount',
    's3:DataAccessPointArn',
  ].map((k) => k.toLowerCase()),
);

const OUTSIDER_VALUES: Record<string, string> = {
  'aws:principalaccount': OUTSIDER_ACCOUNT,
  'aws:principalorgid': 'o-castellanoutsider',
  'aws:principalorgpaths': 'o-castellanoutsider/r-out/',
  'aws:userid': 'AIDACASTELLANOUTSIDER',
  'aws:username': 'castellan-outsider',
  'aws:sourcevpce': 'vpce-0castellanoutsider',
  'aws:sourcevpc': 'vpc-0castellanoutsider',
  'aws:sourceip': '203.0.113.9',
  'aws:principalisawsservice': 'false',
  'kms:calleraccount': OUTSIDER_ACCOUNT,
};

const ALLOW_ALL: PolicyDocument | undefined = parsePolicy(
  '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}',
).document;

/** A value that satisfies a pattern (`*`/`?` filled in). */
function satisfying(value: string): string {
  return value.replace(/[*?]/g, 'x');
}

/** The request context an outsider would send to get through this document. */
function outsiderContext(document: PolicyDocument, principalArn: string, now: Date): Record<string, string> {
  const context: Record<string, string> = {
    ...OUTSIDER_VALUES,
    'aws:principalarn': principalArn,
    'aws:securetransport': 'true',
    'aws:multifactorauthpresent': 'true',
    'aws:currenttime': now.toISOString(),
    'aws:epochtime': String(Math.floor(now.getTime() / 1000)),
  };
  for (const statement of document.statements) {
    for (const clause of statement.condition) {
      const key = clause.key.value.toLowerCase();
      if (IDENTITY_KEYS.has(key) || (key in context && statement.effect.value === 'Deny')) continue;
      const first = clause.values[0]?.value;
      if (first === undefined || /^(Numeric|Date|IpAddress|NotIpAddress|Binary)/i.test(clause.operator.value.replace(/^For\w+Values:/i, ''))) continue;
      const positive = isPositiveOperator(clause.operator.value);
      // An Allow's clause: the outsider sends what it asks for. A Deny's: what avoids it.
      if (statement.effect.value === 'Allow' ? positive : !positive) context[key] = satisfying(first);
      else if (!(key in context)) context[key] = /^Bool/i.test(clause.operator.value) ? (first === 'true' ? 'false' : 'true') : 'castellan-outsider';
    }
  }
  return context;
}

export interface ProbeRequest {
  readonly principal: string;
  readonly actions: readonly string[];
  readonly resource: string;
  readonly resourceAccount?: string;
}

export class OutsiderProbe {
  private readonly compiled = new Map<string, CompiledPolicySet>();
  constructor(private readonly ctx: CheckContext) {}

  /** True when the engine explicitly denies the outsider every one of the actions (a Deny cuts the path). */
  everyActionDenied(id: string, document: PolicyDocument, kind: ResourcePolicyKind, request: ProbeRequest): boolean {
    if (ALLOW_ALL === undefined) return false;
    let set = this.compiled.get(id);
    if (set === undefined) {
      set = compilePolicySet({ identity: [{ name: 'outsider', document: ALLOW_ALL }], resource: { name: id, document }, resourcePolicyKind: kind });
      this.compiled.set(id, set);
    }
    const context = outsiderContext(document, request.principal, this.ctx.options.now);
    if (request.actions.length === 0) return false;
    return request.actions.every(
      (action) =>
        evaluate(
          {
            principal: request.principal,
            action,
            resource: request.resource,
            ...(request.resourceAccount === undefined ? {} : { resourceAccount: request.resourceAccount }),
            context,
          },
          set,
        ).decision === 'explicitDeny',
    );
  }
}
