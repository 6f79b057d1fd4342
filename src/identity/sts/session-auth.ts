// How a temporary credential is authorized (issue 4, "Calls made with role-session credentials"): who the
// caller is, which policy set applies (the role's or user's own policies, plus the session policies as the
// `session` layer), the principal tags (the principal's tags overlaid by the session tags) and the session's
// own condition keys. Everything here is a pure function of the opened claims and store data.
import { compilePolicySet } from '../../engine/index.js';
import type { CompiledPolicySet, NamedPolicy } from '../../engine/index.js';
import { iamArn, rootArn } from '../../arn/index.js';
import type { Tag } from '../../model/index.js';
import { parsePolicy } from '../../policy/index.js';
import type { PolicyDocument } from '../../policy/index.js';
import type { StoreTx } from '../../store/index.js';
import type { CallerIdentity, CallerSession } from '../caller.js';
import { ServiceError } from '../errors.js';
import type { PrincipalPolicies } from '../policy-set.js';
import { managedSessionPolicyDocument } from './session-policies.js';
import type { SessionClaims } from './session-token.js';

/** The caller a session's claims stand for. The temporary secret stays out of it. */
export function callerFromClaims(claims: SessionClaims): CallerIdentity {
  const { secretAccessKey: _secret, ...session } = claims;
  void _secret;
  return {
    accountId: claims.accountId,
    partition: claims.partition,
    kind: claims.kind,
    arn: claims.arn,
    userId: claims.userId,
    ...(claims.userName !== undefined && { userName: claims.userName }),
    ...(claims.roleName !== undefined && { roleName: claims.roleName }),
    ...(claims.roleArn !== undefined && { roleArn: claims.roleArn }),
    accessKeyId: claims.accessKeyId,
    temporary: true,
    session,
  };
}

/**
 * The caller whose stored policies a session starts from: the role for a role session, the IAM user who
 * called GetFederationToken for a federated user (root: none), the user or root itself for GetSessionToken.
 * Its policy set is what the server's PolicySetCache builds and caches per principal.
 */
export function sessionBaseCaller(caller: CallerIdentity): CallerIdentity {
  const session = caller.session;
  if (session === undefined || caller.kind !== 'federatedUser') return caller;
  if (session.userName === undefined) {
    return { ...caller, kind: 'root', arn: rootArn(caller.partition, caller.accountId), userId: caller.accountId };
  }
  return {
    ...caller,
    kind: 'user',
    userName: session.userName,
    arn: session.sourceUserArn ?? iamArn(caller.partition, caller.accountId, 'user', '/', session.userName),
  };
}

const parsed = new Map<string, PolicyDocument | null>();
function parseCached(text: string): PolicyDocument | undefined {
  let doc = parsed.get(text);
  if (doc === undefined) {
    doc = parsePolicy(text).document ?? null;
    if (parsed.size >= 1024) parsed.clear();
    parsed.set(text, doc);
  }
  return doc ?? undefined;
}

const ALLOW_ALL = parseCached('{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}') as PolicyDocument;
const DENY_ALL = parseCached('{"Version":"2012-10-17","Statement":[]}') as PolicyDocument;

/** Session tags override the principal's tags of the same key (case-insensitively). */
export function overlayTags(base: readonly Tag[], session: readonly Tag[] | undefined): Tag[] {
  if (session === undefined || session.length === 0) return [...base];
  const overridden = new Set(session.map((t) => t.Key.toLowerCase()));
  return [...base.filter((t) => !overridden.has(t.Key.toLowerCase())), ...session];
}

/** The session policies of a session: the inline document, then each managed ARN's current default version. */
export async function sessionPolicyDocuments(tx: StoreTx, session: CallerSession): Promise<NamedPolicy[]> {
  const out: NamedPolicy[] = [];
  if (session.policy !== undefined) {
    // Validated at issue time; a document that no longer parses allows nothing (fail closed).
    out.push({ name: 'SessionPolicy', document: parseCached(session.policy) ?? DENY_ALL });
  }
  for (const arn of session.policyArns ?? []) {
    const text = await managedSessionPolicyDocument(tx, session.accountId, arn);
    // A managed session policy deleted since issue allows nothing.
    out.push({ name: arn, document: (text !== undefined ? parseCached(text) : undefined) ?? DENY_ALL });
  }
  return out;
}

/**
 * The policies of a session caller, from `base` (the PolicySetCache entry of `sessionBaseCaller(caller)`):
 * role sessions and federated users get the session policies as the `session` layer (a federated user
 * without any has no permissions; the engine applies that) and the session tags over the principal's tags;
 * a federated user of root starts from "everything" (root's permissions), intersected with the session
 * policies. GetSessionToken sessions are the user (or root) itself.
 */
export async function sessionPolicies(tx: StoreTx, session: CallerSession, base: PrincipalPolicies): Promise<PrincipalPolicies> {
  if (session.kind !== 'roleSession' && session.kind !== 'federatedUser') return base;
  const documents = await sessionPolicyDocuments(tx, session);
  let compiled: CompiledPolicySet = base.compiled;
  if (session.kind === 'federatedUser' && session.userName === undefined) {
    compiled = { ...compiled, identity: compilePolicySet({ identity: [{ name: 'root', document: ALLOW_ALL }] }).identity };
  }
  if (documents.length > 0) {
    const layer = compilePolicySet({ session: documents });
    compiled = { ...compiled, session: layer.session, skippedPolicies: [...compiled.skippedPolicies, ...layer.skippedPolicies] };
  }
  return { compiled, principalTags: overlayTags(base.principalTags, session.tags) };
}

/**
 * Session policy sets by base entry and access key: a base entry is replaced when its account changes, which
 * also drops the overlays built on it (managed session policies live in the same account as the base).
 */
export class SessionPolicyCache {
  private overlays = new WeakMap<PrincipalPolicies, Map<string, PrincipalPolicies>>();

  constructor(private readonly maxPerBase = 1000) {}

  peek(base: PrincipalPolicies, session: CallerSession): PrincipalPolicies | undefined {
    if (session.kind !== 'roleSession' && session.kind !== 'federatedUser') return base;
    return this.overlays.get(base)?.get(session.accessKeyId);
  }

  async get(tx: StoreTx, base: PrincipalPolicies, session: CallerSession): Promise<PrincipalPolicies> {
    const hit = this.peek(base, session);
    if (hit !== undefined) return hit;
    const built = await sessionPolicies(tx, session, base);
    let entries = this.overlays.get(base);
    if (!entries) this.overlays.set(base, (entries = new Map()));
    if (entries.size >= this.maxPerBase) entries.clear();
    entries.set(session.accessKeyId, built);
    return built;
  }

  clear(): void {
    this.overlays = new WeakMap();
  }
}

/** `2024-05-01T12:00:00Z` */
const isoSeconds = (epochSeconds: number): string => new Date(epochSeconds * 1000).toISOString().slice(0, 19) + 'Z';

/**
 * The condition keys a temporary credential adds to every request it signs: aws:TokenIssueTime,
 * aws:MultiFactorAuthPresent ('true' only when MFA was used at issue) and aws:MultiFactorAuthAge,
 * aws:SourceIdentity, aws:FederatedProvider. (aws:PrincipalTag/* come from `sessionPolicies`.)
 */
export function sessionContext(session: CallerSession, now: Date): Record<string, string> {
  const ctx: Record<string, string> = {
    'aws:TokenIssueTime': isoSeconds(session.issuedAt),
    'aws:MultiFactorAuthPresent': session.mfaAuthTime !== undefined ? 'true' : 'false',
  };
  if (session.mfaAuthTime !== undefined) {
    ctx['aws:MultiFactorAuthAge'] = String(Math.max(0, Math.floor(now.getTime() / 1000) - session.mfaAuthTime));
  }
  if (session.sourceIdentity !== undefined) ctx['aws:SourceIdentity'] = session.sourceIdentity;
  if (session.federatedProvider !== undefined) ctx['aws:FederatedProvider'] = session.federatedProvider;
  return ctx;
}

/** STS operations each kind of temporary credential may call (§3.4 "Credential-type restrictions"). */
const STS_ALLOWED: Readonly<Record<'user' | 'federatedUser', ReadonlySet<string>>> = {
  user: new Set(['AssumeRole', 'GetCallerIdentity']),
  federatedUser: new Set(['GetCallerIdentity']),
};

/**
 * What AWS refuses by credential type, before any policy: GetSessionToken credentials may call IAM only with
 * MFA and, of STS, only AssumeRole and GetCallerIdentity; GetFederationToken credentials may not call IAM and,
 * of STS, only GetCallerIdentity; role sessions may not call GetSessionToken/GetFederationToken. IAM refuses
 * with InvalidClientTokenId (unconfirmed for federated users); STS with AccessDenied.
 */
export function checkSessionCall(caller: CallerIdentity, service: string, action: string): void {
  const session = caller.session;
  if (session === undefined) return;
  const invalid = (): ServiceError => new ServiceError('InvalidClientTokenId', 'The security token included in the request is invalid.');
  if (session.kind === 'roleSession') {
    if (service === 'sts' && (action === 'GetSessionToken' || action === 'GetFederationToken')) {
      throw new ServiceError('AccessDenied', `Cannot call ${action} with session credentials`);
    }
    return;
  }
  const kind = session.kind === 'federatedUser' ? 'federatedUser' : 'user';
  if (service === 'iam') {
    if (kind === 'federatedUser' || session.mfaAuthTime === undefined) throw invalid();
    return;
  }
  if (service === 'sts' && !STS_ALLOWED[kind].has(action)) {
    throw new ServiceError(
      'AccessDenied',
      action === 'GetSessionToken' || action === 'GetFederationToken'
        ? `Cannot call ${action} with session credentials`
        : `User: ${caller.arn} is not authorized to perform: sts:${action}`,
    );
  }
}
