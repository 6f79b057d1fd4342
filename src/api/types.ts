// The contract of an API action handler: decode → authorize the caller → call the identity service → encode.
import type { QueryParams, XmlValue } from '../protocol/index.js';
import type { StoreTx } from '../store/index.js';
import type { AuthorizeInput, CallerIdentity, RequestInfo } from '../identity/caller.js';

// The caller and request types belong to the identity layer (it sits above api/); re-exported for handlers.
export type { AuthorizeInput, CallerIdentity, RequestInfo } from '../identity/caller.js';

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

export interface PrepareContext {
  readonly params: QueryParams;
  readonly request: RequestInfo;
  read<T>(fn: (tx: StoreTx) => Promise<T>): Promise<T>;
}

export interface ActionHandler {
  readonly service: 'iam' | 'sts';
  /** The wire action name, e.g. `CreateUser`. */
  readonly action: string;
  /** Runs in a read-only transaction. */
  readonly readOnly?: boolean;
  /**
   * Accepted without SigV4 (smithy `noAuth`: AssumeRoleWithWebIdentity, AssumeRoleWithSAML). An unsigned
   * request reaches such a handler with an anonymous caller (`arn` `anonymous`, no account) whose
   * `authorize` always refuses: the handler authenticates the request itself. A signed request is
   * authenticated as usual.
   */
  readonly unauthenticated?: true;
  /**
   * Work before the handler's transaction, while no store lock is held: network I/O the handler needs (an
   * OIDC issuer's keys). `read` runs a read-only transaction of its own. Should not throw: the handler
   * reports failures.
   */
  prepare?(input: PrepareContext): Promise<void>;
  /** Runs inside one store transaction; returns the `<Action>Result` content, or undefined for none. */
  handle(ctx: ActionContext): Promise<XmlValue | undefined>;
}
