// Who is calling: the principal string of a request, analysed once into the identities of its chain
// (account, user, role, session…) that Principal elements and the decision algorithm look at.
import type { ContextValues, PrincipalDetails, PrincipalKind } from './types.js';

export interface Caller {
  readonly kind: PrincipalKind;
  /** The principal string as given. */
  readonly principal: string;
  readonly partition?: string;
  /** The caller's account; undefined for services, identity providers without an account, anonymous. */
  readonly account?: string;
  /** IAM user ARN: the user itself, or for a federated user the user who federated (when known). */
  readonly userArn?: string;
  /** Role ARN with path (role sessions and roles). */
  readonly roleArn?: string;
  /** `arn:…:sts::A:assumed-role/R/S` or `arn:…:sts::A:federated-user/N`. */
  readonly sessionArn?: string;
  readonly uniqueId?: string;
  readonly isServiceLinkedRole: boolean;
}

const BUILT_IN_PROVIDERS = new Set([
  'accounts.google.com',
  'graph.facebook.com',
  'www.amazon.com',
  'cognito-identity.amazonaws.com',
]);

interface ParsedPrincipal {
  kind: PrincipalKind;
  partition?: string;
  account?: string;
  /** Resource part of the ARN (after the 5th colon). */
  resource?: string;
}

// Principals repeat heavily (one server, few callers), so their parse is memoized; bounded so that
// a stream of distinct principals cannot grow memory without limit.
const parseCache = new Map<string, ParsedPrincipal>();
const PARSE_CACHE_LIMIT = 10_000;

function parsePrincipalString(principal: string): ParsedPrincipal {
  const cached = parseCache.get(principal);
  if (cached !== undefined) return cached;
  const parsed = parseUncached(principal);
  if (parseCache.size >= PARSE_CACHE_LIMIT) parseCache.clear();
  parseCache.set(principal, parsed);
  return parsed;
}

function parseUncached(principal: string): ParsedPrincipal {
  if (principal === 'anonymous' || principal === '*' || principal === '') return { kind: 'anonymous' };
  if (BUILT_IN_PROVIDERS.has(principal)) return { kind: 'webIdentity' };
  if (!principal.startsWith('arn:')) {
    // A service principal: `lambda.amazonaws.com`, `s3.amazonaws.com.cn`, `elasticmapreduce.amazonaws.com`…
    return { kind: 'service' };
  }
  const parts = principal.split(':');
  if (parts.length < 6) return { kind: 'anonymous' };
  const partition = parts[1];
  const service = parts[2];
  const account = parts[4];
  const resource = parts.slice(5).join(':');
  if (service === 'iam') {
    if (resource === 'root') return { kind: 'root', partition, account, resource };
    if (resource.startsWith('user/')) return { kind: 'user', partition, account, resource };
    if (resource.startsWith('role/')) return { kind: 'role', partition, account, resource };
    if (resource.startsWith('oidc-provider/') || resource.startsWith('saml-provider/')) {
      return { kind: 'webIdentity', partition, account, resource };
    }
  } else if (service === 'sts') {
    if (resource.startsWith('assumed-role/')) return { kind: 'roleSession', partition, account, resource };
    if (resource.startsWith('federated-user/')) return { kind: 'federatedUser', partition, account, resource };
  }
  return { kind: 'anonymous', partition, account, resource };
}

// Analysed callers are memoized too: for a role session the analysis also depends on aws:PrincipalArn
// (the role's path), so that value is part of the key.
const callerCache = new Map<string, { readonly principalArn: string | undefined; readonly caller: Caller }>();

/**
 * Analyses the caller of a request. `principalArn` is the request's `aws:PrincipalArn`, used for a role
 * session's role ARN when the details do not give it.
 */
export function analyseCaller(principal: string, details: PrincipalDetails | undefined, principalArn: string | undefined): Caller {
  if (details !== undefined) return analyseUncached(principal, details, principalArn);
  const entry = callerCache.get(principal);
  if (entry !== undefined && entry.principalArn === principalArn) return entry.caller;
  const caller = analyseUncached(principal, undefined, principalArn);
  if (callerCache.size >= PARSE_CACHE_LIMIT) callerCache.clear();
  callerCache.set(principal, { principalArn, caller });
  return caller;
}

function analyseUncached(principal: string, details: PrincipalDetails | undefined, principalArn: string | undefined): Caller {
  const p = parsePrincipalString(principal);
  const base = {
    kind: p.kind,
    principal,
    partition: p.partition,
    account: p.account,
    uniqueId: details?.uniqueId,
  };
  switch (p.kind) {
    case 'user':
      return { ...base, userArn: principal, isServiceLinkedRole: false };
    case 'role': {
      return { ...base, roleArn: principal, isServiceLinkedRole: details?.isServiceLinkedRole ?? isServiceLinkedPath(principal) };
    }
    case 'roleSession': {
      // assumed-role/RoleName/SessionName: the session ARN has no role path; the role ARN with its path comes
      // from the details or from aws:PrincipalArn, else is derived without a path.
      const rest = (p.resource ?? '').slice('assumed-role/'.length);
      const slash = rest.indexOf('/');
      const roleName = slash === -1 ? rest : rest.slice(0, slash);
      let roleArn = details?.roleArn;
      if (roleArn === undefined && principalArn !== undefined && principalArn.includes(':role/') && principalArn.endsWith(`/${roleName}`)) {
        roleArn = principalArn;
      }
      roleArn ??= `arn:${p.partition}:iam::${p.account}:role/${roleName}`;
      return {
        ...base,
        roleArn,
        sessionArn: principal,
        isServiceLinkedRole: details?.isServiceLinkedRole ?? isServiceLinkedPath(roleArn),
      };
    }
    case 'federatedUser':
      return { ...base, sessionArn: principal, userArn: details?.sourceUserArn, isServiceLinkedRole: false };
    default:
      return { ...base, isServiceLinkedRole: false };
  }
}

function isServiceLinkedPath(roleArn: string): boolean {
  return roleArn.includes(':role/aws-service-role/');
}

/** Reads `aws:PrincipalArn` from raw context values without building the lower-cased map. */
export function principalArnOf(context: ContextValues | undefined): string | undefined {
  if (context === undefined) return undefined;
  const direct = context['aws:PrincipalArn'];
  if (typeof direct === 'string') return direct;
  for (const key in context) {
    if (key.length === 16 && key.toLowerCase() === 'aws:principalarn') {
      const v = context[key];
      return typeof v === 'string' ? v : undefined;
    }
  }
  return undefined;
}
