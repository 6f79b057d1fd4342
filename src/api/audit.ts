// One audit event per request, shaped like a CloudTrail record. Secrets never enter an event: parameters
// that carry them are replaced by CloudTrail's own placeholder.
import type { CallerIdentity } from '../identity/index.js';
import type { QueryParams } from '../protocol/index.js';

export interface AuditUserIdentity {
  /** `Root`, `IAMUser`, `AssumedRole`, `FederatedUser`; `Unknown` when authentication failed. */
  readonly type: string;
  readonly principalId?: string;
  readonly arn?: string;
  readonly accountId?: string;
  readonly accessKeyId?: string;
  readonly userName?: string;
}

export interface AuditEvent {
  readonly eventVersion: '1.08';
  readonly eventTime: string;
  /** `iam.amazonaws.com`, `sts.amazonaws.com`. */
  readonly eventSource: string;
  readonly eventName: string;
  readonly awsRegion: string;
  readonly sourceIPAddress: string;
  readonly userAgent?: string;
  readonly userIdentity: AuditUserIdentity;
  readonly requestParameters?: Readonly<Record<string, string>>;
  readonly requestID: string;
  readonly eventID: string;
  readonly readOnly?: boolean;
  readonly errorCode?: string;
  readonly errorMessage?: string;
}

/** Where audit events go. `write` must not throw and must not block (no synchronous I/O). */
export interface AuditSink {
  write(event: AuditEvent): void;
  close(): Promise<void>;
}

/** CloudTrail's placeholder for values it does not log. */
export const HIDDEN = 'HIDDEN_DUE_TO_SECURITY_REASONS';

// Passwords, secret keys, private keys, MFA codes and seeds, session tokens, SAML assertions.
const SECRET_PARAMETER = /password|secret|privatekey|seed|token|assertion|authenticationcode/i;
const MAX_VALUE_LENGTH = 16 * 1024;

/** The request's parameters without Action/Version/SigV4 ones, secrets hidden, long values cut. */
export function auditParameters(params: QueryParams): Record<string, string> | undefined {
  let out: Record<string, string> | undefined;
  for (const [name, value] of params.entries()) {
    if (name === 'Action' || name === 'Version' || name.startsWith('X-Amz-')) continue;
    out ??= {};
    out[name] = isSecret(name) ? HIDDEN : value.length > MAX_VALUE_LENGTH ? value.slice(0, MAX_VALUE_LENGTH) + '…' : value;
  }
  return out;
}

// Requests repeat a few parameter names: each is tested once (measured: the case-insensitive test per name cost
// more than a lookup). Bounded, since callers choose the names; cleared when full.
const secretNames = new Map<string, boolean>();
const SECRET_NAMES_LIMIT = 1024;

function isSecret(name: string): boolean {
  let secret = secretNames.get(name);
  if (secret === undefined) {
    secret = SECRET_PARAMETER.test(name);
    if (secretNames.size >= SECRET_NAMES_LIMIT) secretNames.clear();
    secretNames.set(name, secret);
  }
  return secret;
}

const IDENTITY_TYPE: Readonly<Record<CallerIdentity['kind'], string>> = {
  root: 'Root',
  user: 'IAMUser',
  roleSession: 'AssumedRole',
  federatedUser: 'FederatedUser',
};

export function auditUserIdentity(caller: CallerIdentity | undefined, accessKeyId: string | undefined): AuditUserIdentity {
  if (!caller) return accessKeyId !== undefined ? { type: 'Unknown', accessKeyId } : { type: 'Unknown' };
  // Literals rather than a spread of the optional userName (measured: cheaper per request); same key order.
  return caller.userName !== undefined
    ? { type: IDENTITY_TYPE[caller.kind], principalId: caller.userId, arn: caller.arn, accountId: caller.accountId, accessKeyId: caller.accessKeyId, userName: caller.userName }
    : { type: IDENTITY_TYPE[caller.kind], principalId: caller.userId, arn: caller.arn, accountId: caller.accountId, accessKeyId: caller.accessKeyId };
}
