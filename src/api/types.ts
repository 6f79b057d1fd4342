// The contract of an API action handler: decode → authorize the caller → call the identity service → encode.
import type { ContextValues } from '../engine/index.js';
import type { QueryParams, XmlValue } from '../protocol/index.js';
import type { StoreTx } from '../store/index.js';

/** The authenticated caller of a request. */
export interface CallerIdentity {
  readonly accountId: string;
  readonly partition: string;
  readonly kind: 'root' | 'user' | 'roleSession' | 'federatedUser';
  /** `arn:aws:iam::A:root`, `arn:aws:iam::A:user/path/name`, `arn:aws:sts::A:assumed-role/R/S`, … */
  readonly arn: string;
  /** aws:userid: the account id (root), `AIDA…` (user), `AROA…:session` (role session), `A:name` (federated). */
  readonly userId: string;
  readonly userName?: string;
  /** Role sessions: the role's name and ARN (with path). */
  readonly roleName?: string;
  readonly roleArn?: string;
  readonly accessKeyId: string;
  /** Temporary (STS) credentials. */
  readonly temporary: boolean;
}

/** Facts about the HTTP request that become global condition keys. */
export interface RequestInfo {
  readonly requestId: string;
  readonly now: Date;
  readonly sourceIp: string;
  readonly secureTransport: boolean;
  readonly userAgent?: string;
  /** The signing region (aws:RequestedRegion). */
  readonly region: string;
}

export interface AuthorizeInput {
  /** `iam:CreateUser` */
  readonly action: string;
  /** The resource ARN the action acts on; omit for actions that take none (ListUsers uses the account's user path ARN in AWS, see handlers). */
  readonly resource?: string;
  /** Extra condition keys for this action (aws:RequestTag/…, aws:TagKeys, iam:PermissionsBoundary, iam:PolicyARN, …). */
  readonly context?: ContextValues;
  /** Tags of the target resource, exposed as aws:ResourceTag/<k> and iam:ResourceTag/<k>. */
  readonly resourceTags?: readonly { readonly Key: string; readonly Value: string }[];
}

export interface ActionContext {
  readonly tx: StoreTx;
  readonly caller: CallerIdentity;
  readonly params: QueryParams;
  readonly request: RequestInfo;
  /** The account the call operates in: the caller's. */
  readonly accountId: string;
  readonly partition: string;
  /**
   * Authorizes the caller with the engine against its policy set; throws the AWS AccessDenied error (with
   * AWS's message naming caller, action, resource and the policy type) when not allowed. Call it before any change.
   */
  authorize(input: AuthorizeInput): Promise<void>;
  /** Cryptographic randomness for ids and secrets. */
  random(bytes: number): Uint8Array;
}

export interface ActionHandler {
  readonly service: 'iam' | 'sts';
  /** The wire action name, e.g. `CreateUser`. */
  readonly action: string;
  /** Runs in a read-only transaction. */
  readonly readOnly?: boolean;
  /** Runs inside one store transaction; returns the `<Action>Result` content, or undefined for none. */
  handle(ctx: ActionContext): Promise<XmlValue | undefined>;
}
