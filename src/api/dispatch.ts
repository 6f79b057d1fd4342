// The request pipeline, independent of the HTTP framework: SigV4 → freshness → scope → authenticate →
// signature → Action/Version → handler in one store transaction → XML (or STS JSON) → one audit event.
import { randomBytes, randomUUID } from 'node:crypto';
import { partitionForRegion } from '../arn/index.js';
import type { RandomBytes } from '../arn/index.js';
import { authorize, ServiceError, withoutStackTrace } from '../identity/index.js';
import type { Authenticator, CallerIdentity, PolicySetCache, PrincipalPolicies, RequestInfo } from '../identity/index.js';
import {
  AwsError,
  IAM_NAMESPACE,
  IAM_VERSION,
  STS_NAMESPACE,
  STS_VERSION,
  checkSigV4Freshness,
  expectScope,
  formatTimestamp,
  internalFailure,
  invalidAction,
  jsonError,
  jsonResponse,
  mergeQuery,
  missingAction,
  parseQueryBody,
  parseSigV4,
  signatureDoesNotMatch,
  verifySigV4Signature,
  xmlError,
  xmlResponse,
} from '../protocol/index.js';
import type { HttpRequestParts, QueryParams, SigV4Auth, XmlObject } from '../protocol/index.js';
import type { Store } from '../store/index.js';
import { SessionPolicyCache, checkSessionCall, sessionBaseCaller } from '../identity/sts/index.js';
import { auditParameters, auditUserIdentity } from './audit.js';
import type { AuditEvent, AuditSink } from './audit.js';
import type { ActionContext, ActionHandler } from './types.js';

export interface IncomingRequest extends HttpRequestParts {
  readonly sourceIp: string;
  readonly secureTransport: boolean;
}

export interface OutgoingResponse {
  readonly status: number;
  readonly contentType: string;
  readonly body: string;
  readonly requestId: string;
}

export interface DispatcherOptions {
  readonly store: Store;
  readonly handlers: readonly ActionHandler[];
  readonly authenticator: Authenticator;
  readonly policySets: PolicySetCache;
  /** The server's clock (tests inject one). */
  readonly clock?: () => Date;
  readonly audit?: AuditSink;
  readonly random?: RandomBytes;
  /** Told about every unexpected failure (answered 500 InternalFailure without detail). */
  readonly onInternalError?: (error: unknown, requestId: string) => void;
}

interface ServiceInfo {
  readonly namespace: string;
  readonly version: string;
  readonly eventSource: string;
}

const SERVICES: Readonly<Record<'iam' | 'sts', ServiceInfo>> = {
  iam: { namespace: IAM_NAMESPACE, version: IAM_VERSION, eventSource: 'iam.amazonaws.com' },
  sts: { namespace: STS_NAMESPACE, version: STS_VERSION, eventSource: 'sts.amazonaws.com' },
};

/** The caller of an unsigned request (handlers flagged `unauthenticated` only; they authenticate it themselves). */
const ANONYMOUS_CALLER: CallerIdentity = {
  accountId: '',
  partition: 'aws',
  kind: 'user',
  arn: 'anonymous',
  userId: 'anonymous',
  accessKeyId: '',
  temporary: false,
};

/** Actions that report last-used data: pending uses are written before they read it. */
const READS_LAST_USED: ReadonlySet<string> = new Set(['GetAccessKeyLastUsed', 'GenerateCredentialReport', 'GetCredentialReport']);

function headerText(req: HttpRequestParts, name: string): string | undefined {
  const v = req.headers[name];
  return Array.isArray(v) ? v.join(',') : v;
}

/** What handlers and authorization see of the request. */
function requestInfo(req: IncomingRequest, requestId: string, now: Date, region: string): RequestInfo {
  // Built by assignment rather than spreads of optional parts (measured: cheaper per request); same keys, same order.
  const request: Mutable<RequestInfo> = { requestId, now, sourceIp: req.sourceIp, secureTransport: req.secureTransport, region };
  const userAgent = headerText(req, 'user-agent');
  if (userAgent !== undefined) request.userAgent = userAgent;
  return request;
}

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

/** A handler's result in its service's envelope: IAM and STS XML, or STS JSON when the caller asked for it. */
function success(service: 'iam' | 'sts', action: string, result: XmlObject | undefined, requestId: string, json: boolean): OutgoingResponse {
  const body = json ? jsonResponse({ action, result, requestId }) : xmlResponse({ action, namespace: SERVICES[service].namespace, result, requestId });
  return { status: 200, contentType: json ? 'application/json' : 'text/xml', body, requestId };
}

/** ServiceError and AwsError as the wire error; anything else is an internal failure. */
function toAwsError(err: unknown): AwsError | undefined {
  if (err instanceof AwsError) return err;
  // The wire form of an answered error: no stack trace to capture (see withoutStackTrace).
  if (err instanceof ServiceError) return withoutStackTrace(() => new AwsError(err.code, err.message));
  return undefined;
}

export class Dispatcher {
  /** By service, then Action: no key string built per request. */
  private readonly handlers: Readonly<Record<'iam' | 'sts', Map<string, ActionHandler>>> = { iam: new Map(), sts: new Map() };
  private readonly clock: () => Date;
  private readonly random: RandomBytes;
  /** Temporary credentials: the session policies and tags over the base principal's set (STS). */
  private readonly sessionPolicies = new SessionPolicyCache();
  /** Whether this turn of the event loop has checked the store for other processes' commits. */
  private synced = false;

  constructor(private readonly options: DispatcherOptions) {
    for (const handler of options.handlers) {
      const actions = this.handlers[handler.service];
      if (actions.has(handler.action)) throw new Error(`two handlers for ${handler.service}:${handler.action}`);
      actions.set(handler.action, handler);
    }
    this.clock = options.clock ?? (() => new Date());
    this.random = options.random ?? ((n) => randomBytes(n));
  }

  async dispatch(req: IncomingRequest): Promise<OutgoingResponse> {
    const requestId = randomUUID();
    const now = this.clock();
    // Another process sharing the store may have committed since the last request: caches must not hide it.
    this.syncExternalChanges();
    // Parsed once: the unsigned check and the signed path read the same result.
    const parsed = parseSigV4(req);
    const unsigned = this.unsignedHandler(req, parsed);
    if (unsigned) return this.dispatchUnsigned(req, requestId, now, unsigned.handler, unsigned.params);
    let service: 'iam' | 'sts' = 'iam';
    let auth: SigV4Auth | undefined;
    let caller: CallerIdentity | undefined;
    let params: QueryParams | undefined;
    let handler: ActionHandler | undefined;
    let json = false;
    let response: OutgoingResponse;
    let failure: AwsError | undefined;
    try {
      if (parsed instanceof AwsError) throw parsed;
      auth = parsed;
      if (auth.service === 'sts') service = 'sts';
      json = service === 'sts' && (headerText(req, 'accept') ?? '').includes('application/json');
      const stale = checkSigV4Freshness(auth, now) ?? expectScope(auth, { service });
      if (stale) throw stale;
      const partition = partitionForRegion(auth.region);
      const resolved = await this.options.authenticator.authenticate(auth.accessKeyId, partition, auth.securityToken, now);
      if (!verifySigV4Signature(req, auth, resolved.secretAccessKey)) throw signatureDoesNotMatch();
      caller = resolved.caller;

      params = decodeParams(req);
      const action = params.get('Action');
      if (action === undefined || action === '') throw missingAction();
      const info = SERVICES[service];
      const version = params.get('Version');
      handler = version === info.version ? this.handlers[service].get(action) : undefined;
      if (!handler) throw invalidAction(action, version);
      // What a kind of temporary credential may not call at all (GetSessionToken without MFA on IAM, …).
      checkSessionCall(caller, service, action);

      this.options.authenticator.recordUse(auth.accessKeyId, { date: now, service, region: auth.region });
      if (READS_LAST_USED.has(action)) await this.options.authenticator.flush();
      const policies = await this.policiesOf(caller);
      const request = requestInfo(req, requestId, now, auth.region);
      const result = await this.run(handler, caller, params, request, policies);
      response = success(service, action, result, requestId, json);
    } catch (err) {
      failure = this.failureOf(err, requestId);
      response = this.error(failure, service, requestId, json);
    }
    this.audit(req, requestId, now, service, auth, caller, params, handler, failure);
    return response;
  }

  /**
   * Checks the store for other processes' commits once per turn of the event loop, not once per request (on a
   * file store the check takes a file lock). That still gives read-your-writes across processes: a client sends
   * its next request only after the answer to its write, which came after the commit, so any request read in this
   * turn began arriving before the turn's first check.
   */
  private syncExternalChanges(): void {
    if (this.synced) return;
    this.synced = true;
    this.options.store.syncExternalChanges();
    setImmediate(() => {
      this.synced = false;
    });
  }

  /**
   * The handler of a request that carries no SigV4 at all (no Authorization header, no X-Amz-Algorithm)
   * when its Action/Version name a handler flagged `unauthenticated` (smithy `noAuth`); otherwise undefined
   * and the request takes the signed path (which answers MissingAuthenticationToken).
   */
  private unsignedHandler(req: IncomingRequest, auth: SigV4Auth | AwsError): { handler: ActionHandler; params: QueryParams } | undefined {
    if (!(auth instanceof AwsError) || auth.code !== 'MissingAuthenticationToken') return undefined;
    const params = tryDecodeParams(req);
    const action = params?.get('Action');
    if (!params || action === undefined) return undefined;
    const version = params.get('Version');
    const service = version === STS_VERSION ? 'sts' : version === IAM_VERSION ? 'iam' : undefined;
    const handler = service && this.handlers[service].get(action);
    return handler && handler.unauthenticated ? { handler, params } : undefined;
  }

  /** An unsigned call of an `unauthenticated` handler: anonymous caller, no policy set, no key use recorded. */
  private async dispatchUnsigned(
    req: IncomingRequest,
    requestId: string,
    now: Date,
    handler: ActionHandler,
    params: QueryParams,
  ): Promise<OutgoingResponse> {
    const service = handler.service;
    const json = service === 'sts' && (headerText(req, 'accept') ?? '').includes('application/json');
    let response: OutgoingResponse;
    let failure: AwsError | undefined;
    try {
      // Unsigned requests name no region; STS's global endpoint signs for us-east-1.
      const request = requestInfo(req, requestId, now, 'us-east-1');
      const result = await this.run(handler, ANONYMOUS_CALLER, params, request, undefined);
      response = success(service, handler.action, result, requestId, json);
    } catch (err) {
      failure = this.failureOf(err, requestId);
      response = this.error(failure, service, requestId, json);
    }
    this.audit(req, requestId, now, service, undefined, undefined, params, handler, failure);
    return response;
  }

  /** The wire error for what a request threw; anything unexpected is logged and answered as InternalFailure. */
  private failureOf(err: unknown, requestId: string): AwsError {
    const failure = toAwsError(err);
    if (failure) return failure;
    this.options.onInternalError?.(err, requestId);
    return internalFailure();
  }

  /** An AWS-shaped error response for failures outside the pipeline (body too large, bad framing). */
  error(err: AwsError, service: 'iam' | 'sts', requestId: string, json = false): OutgoingResponse {
    return json
      ? { status: err.status, contentType: 'application/json', body: jsonError(err, requestId), requestId }
      : { status: err.status, contentType: 'text/xml', body: xmlError(err, SERVICES[service].namespace, requestId), requestId };
  }

  private async policiesOf(caller: CallerIdentity): Promise<PrincipalPolicies> {
    // A session starts from its role's (or user's) cached set; the session layer is cached over that entry.
    const session = caller.session;
    const base = session ? sessionBaseCaller(caller) : caller;
    const cached = this.options.policySets.peek(base);
    const hit = cached && session ? this.sessionPolicies.peek(cached, session) : cached;
    if (hit) return hit;
    // Loaded in a transaction of its own, before the handler's: the cache never holds uncommitted state.
    return this.options.store.transaction(async (tx) => {
      const policies = await this.options.policySets.get(tx, base);
      return session ? this.sessionPolicies.get(tx, policies, session) : policies;
    }, { readOnly: true });
  }

  private async run(
    handler: ActionHandler,
    caller: CallerIdentity,
    params: QueryParams,
    request: RequestInfo,
    /** undefined: an unsigned (anonymous) call, which no policy allows. */
    policies: PrincipalPolicies | undefined,
  ): Promise<XmlObject | undefined> {
    const random = this.random;
    const store = this.options.store;
    // Network I/O (OIDC keys) happens here, never while the store's transaction lock is held.
    if (handler.prepare) await handler.prepare({ params, request, read: (fn) => store.transaction(fn, { readOnly: true }) });
    const result = await this.options.store.transaction(
      (tx) => {
        const ctx: ActionContext = {
          tx,
          caller,
          params,
          request,
          accountId: caller.accountId,
          partition: caller.partition,
          authorize: async (input) => {
            if (!policies) throw new ServiceError('AccessDenied', `User: anonymous is not authorized to perform: ${input.action}`);
            authorize(caller, policies, input, request);
          },
          random,
        };
        return handler.handle(ctx);
      },
      { readOnly: handler.readOnly ?? false },
    );
    return result !== undefined && result !== null && typeof result === 'object' && !Array.isArray(result) && !(result instanceof Date)
      ? (result as XmlObject)
      : undefined;
  }

  private audit(
    req: IncomingRequest,
    requestId: string,
    now: Date,
    service: 'iam' | 'sts',
    auth: SigV4Auth | undefined,
    caller: CallerIdentity | undefined,
    params: QueryParams | undefined,
    handler: ActionHandler | undefined,
    failure: AwsError | undefined,
  ): void {
    const sink = this.options.audit;
    if (!sink) return;
    const userAgent = headerText(req, 'user-agent');
    // A request refused before its parameters were read is still named by its Action (never a failure of its own).
    params ??= tryDecodeParams(req);
    const requestParameters = params && auditParameters(params);
    // Optional members are assigned in order rather than spread (measured: cheaper per request); the insertion
    // order is the key order of the JSON line.
    const event = {
      eventVersion: '1.08',
      eventTime: formatTimestamp(now),
      eventSource: SERVICES[service].eventSource,
      eventName: handler?.action ?? params?.get('Action') ?? 'Unknown',
      awsRegion: auth?.region ?? 'us-east-1',
      sourceIPAddress: req.sourceIp,
    } as Mutable<AuditEvent>;
    if (userAgent !== undefined) event.userAgent = userAgent;
    event.userIdentity = auditUserIdentity(caller, auth?.accessKeyId);
    if (requestParameters !== undefined) event.requestParameters = requestParameters;
    event.requestID = requestId;
    event.eventID = randomUUID();
    if (handler !== undefined) event.readOnly = handler.readOnly ?? false;
    if (failure !== undefined) {
      event.errorCode = failure.code;
      event.errorMessage = failure.message;
    }
    sink.write(event);
  }
}

function tryDecodeParams(req: HttpRequestParts): QueryParams | undefined {
  try {
    return decodeParams(req);
  } catch {
    return undefined;
  }
}

/** Form body parameters, plus the URL query's (presigned GET, or parameters in the URL of a POST). */
function decodeParams(req: HttpRequestParts): QueryParams {
  const contentType = headerText(req, 'content-type');
  const raw = req.body;
  // A Buffer (what the servers pass) is decoded as is: no Buffer view made per request.
  const bytes = Buffer.isBuffer(raw) ? raw : Buffer.from(raw.buffer, raw.byteOffset, raw.byteLength);
  const body = raw.length === 0 ? parseQueryBody('') : parseQueryBody(bytes.toString('utf8'), contentType);
  return req.query === '' ? body : mergeQuery(req.query, body);
}
