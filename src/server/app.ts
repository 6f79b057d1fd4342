// The HTTP shell: Fastify receives raw bodies and hands every request to the API dispatcher.
// No policy logic here. Fastify's own logger stays off: only failures are logged, never bodies or headers.
import { attachFastPath } from './fast-http.js';
import type { FastPath, FastRequest, FastResponse } from './fast-http.js';
import { ServerMetrics } from './metrics.js';
import type { MetricsText } from './metrics.js';
import { randomUUID } from 'node:crypto';
import { createServer } from 'node:http';
import type { IncomingMessage, RequestListener, Server, ServerResponse } from 'node:http';
import Fastify from 'fastify';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { pino } from 'pino';
import type { Logger } from 'pino';
import type { Registry } from 'prom-client';
import type { AuditSink } from '../api/audit.js';
import { Dispatcher } from '../api/dispatch.js';
import type { IncomingRequest, OutgoingResponse } from '../api/dispatch.js';
import type { ActionHandler } from '../api/types.js';
import type { RandomBytes } from '../arn/index.js';
import { Authenticator, PolicySetCache } from '../identity/index.js';
import type { SessionResolver } from '../identity/index.js';
import { AwsError } from '../protocol/index.js';
import type { ResettableStore, Store } from '../store/index.js';

export const DEFAULT_BODY_LIMIT = 1024 * 1024;

export interface AppOptions {
  readonly store: Store;
  readonly handlers: readonly ActionHandler[];
  /** The clock SigV4 freshness and aws:CurrentTime use. */
  readonly clock?: () => Date;
  readonly auditSink?: AuditSink;
  /** Failures are logged here (default: pino at level `error` on stderr). */
  readonly logger?: Logger;
  /** Enables `POST /_castellan/reset` (the store must be resettable). */
  readonly ephemeral?: boolean;
  readonly sessionResolver?: SessionResolver;
  /** Largest accepted body in bytes (default 1 MiB). */
  readonly bodyLimit?: number;
  readonly random?: RandomBytes;
  /** How often last-used data is written (ms, default 1000). */
  readonly lastUsedFlushMs?: number;
  /**
   * What `GET /metrics` serves (default: this app's own registry). A cluster worker passes the metrics aggregated
   * over every worker; a rejection is answered 503.
   */
  readonly metricsSource?: () => Promise<MetricsText>;
}

export interface CastellanApp {
  readonly fastify: FastifyInstance;
  readonly dispatcher: Dispatcher;
  readonly authenticator: Authenticator;
  readonly policySets: PolicySetCache;
  /** This app's Prometheus registry (a cluster worker hands it to the primary's aggregator). */
  readonly metricsRegistry: Registry;
  /** Listens; resolves to the bound port. */
  listen(host: string, port: number): Promise<number>;
  /** Stops accepting, flushes last-used data and the audit sink. Does not close the store. */
  close(): Promise<void>;
}

function isResettable(store: Store): store is ResettableStore {
  return typeof (store as Partial<ResettableStore>).reset === 'function';
}

/** The paths Castellan serves itself; every other GET/POST path is an AWS API request. */
function isAwsApiRequest(method: string | undefined, url: string): boolean {
  if (method !== 'POST' && method !== 'GET') return false;
  return !url.startsWith('/_castellan/') && url !== '/metrics' && !url.startsWith('/metrics?');
}

function send(reply: FastifyReply, res: OutgoingResponse): FastifyReply {
  return reply.code(res.status).header('content-type', res.contentType).header('x-amzn-RequestId', res.requestId).send(res.body);
}

const EMPTY_BODY = Buffer.alloc(0);

// AWS's code for an oversized Query body is unconfirmed; 413 with a descriptive message.
const bodyTooLarge = (limit: number): AwsError => new AwsError('RequestEntityTooLarge', `Request body must be at most ${limit} bytes.`, 413);
const internalFailureError = (): AwsError =>
  new AwsError('InternalFailure', 'The request processing has failed because of an unknown error, exception or failure.');

export function createApp(options: AppOptions): CastellanApp {
  const logger = options.logger ?? pino({ level: 'error' });
  const bodyLimit = options.bodyLimit ?? DEFAULT_BODY_LIMIT;
  const authenticator = new Authenticator(options.store, {
    ...(options.sessionResolver && { sessionResolver: options.sessionResolver }),
    ...(options.lastUsedFlushMs !== undefined && { lastUsedFlushMs: options.lastUsedFlushMs }),
    onError: (err) => logger.error({ err }, 'writing access-key last-used data failed'),
  });
  const policySets = new PolicySetCache(options.store, {
    onSkippedPolicy: (info) => logger.warn(info, 'a stored policy does not parse; it is skipped'),
  });
  const metrics = new ServerMetrics();
  const dispatcher = new Dispatcher({
    store: options.store,
    handlers: options.handlers,
    authenticator,
    policySets,
    ...(options.clock && { clock: options.clock }),
    audit: metrics.counting(options.auditSink),
    ...(options.random && { random: options.random }),
    onInternalError: (err, requestId) => logger.error({ err, requestId }, 'request failed'),
  });

  const toIncoming = (url: string, method: string, headers: IncomingRequest['headers'], body: Buffer, remote: string | undefined, secure: boolean): IncomingRequest => {
    const q = url.indexOf('?');
    const ip = remote ?? '0.0.0.0';
    return {
      method,
      path: q === -1 ? url : url.slice(0, q),
      query: q === -1 ? '' : url.slice(q + 1),
      headers,
      body,
      sourceIp: ip.startsWith('::ffff:') ? ip.slice(7) : ip,
      secureTransport: secure,
    };
  };
  const dispatch = async (incoming: IncomingRequest): Promise<OutgoingResponse> => {
    const stop = metrics.duration.startTimer();
    const res = await dispatcher.dispatch(incoming);
    stop();
    return res;
  };

  let closing = false;
  const KEEP_ALIVE_MS = 65_000;
  const wireHeaders = (out: OutgoingResponse): [string, string][] => [
    ['content-type', out.contentType],
    ['x-amzn-RequestId', out.requestId],
  ];
  /** The answer to a request that arrives while the server closes (then the connection closes too). */
  const shuttingDown = (): OutgoingResponse =>
    dispatcher.error(new AwsError('ServiceUnavailable', 'The server is shutting down.', 503), 'iam', randomUUID());
  const failedOutside = (err: unknown): OutgoingResponse => {
    const requestId = randomUUID();
    logger.error({ err, requestId }, 'request failed outside the pipeline');
    return dispatcher.error(internalFailureError(), 'iam', requestId);
  };

  /**
   * Plain AWS API requests are read and answered by the fast path (fast-http.ts): measured, node:http's and
   * Fastify's per-request machinery was most of a GetUser's cost. The answer is byte-for-byte what the Fastify route
   * below gives, apart from header order.
   */
  const serveFast = async (req: FastRequest): Promise<FastResponse> => {
    if (closing) {
      const out = shuttingDown();
      return { status: out.status, headers: wireHeaders(out), body: out.body, close: true };
    }
    const incoming = toIncoming(req.url, req.method, req.headers, req.body, req.remoteAddress, false);
    const out = await dispatch(incoming).catch(failedOutside);
    return { status: out.status, headers: wireHeaders(out), body: out.body };
  };

  /** AWS API requests the fast path handed over (chunked bodies, `Expect`…): node:http without Fastify's routing. */
  const serveAwsRequest = (req: IncomingMessage, res: ServerResponse): void => {
    const reply = (out: OutgoingResponse, close = false): void => {
      res.writeHead(out.status, {
        'content-type': out.contentType,
        'x-amzn-RequestId': out.requestId,
        'content-length': Buffer.byteLength(out.body),
        ...(close && { connection: 'close' }),
      });
      res.end(out.body);
    };
    if (closing) {
      reply(shuttingDown(), true);
      return;
    }
    const tooLarge = (): void => {
      reply(dispatcher.error(bodyTooLarge(bodyLimit), 'iam', randomUUID()), true);
      // Stop reading what is left of the body: the connection closes after the answer.
      req.pause();
    };
    const declared = Number(req.headers['content-length'] ?? 0);
    if (declared > bodyLimit) {
      tooLarge();
      return;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      if (size > bodyLimit) return;
      size += chunk.length;
      if (size > bodyLimit) tooLarge();
      else chunks.push(chunk);
    });
    req.on('end', () => {
      if (size > bodyLimit) return;
      const body = chunks.length === 0 ? EMPTY_BODY : chunks.length === 1 ? (chunks[0] as Buffer) : Buffer.concat(chunks, size);
      const incoming = toIncoming(req.url ?? '/', req.method ?? 'GET', req.headers, body, req.socket.remoteAddress, false);
      dispatch(incoming).then(
        (out) => reply(out),
        (err: unknown) => reply(failedOutside(err)),
      );
    });
  };

  let fastPath: FastPath | undefined;
  const fastify = Fastify({
    logger: false,
    bodyLimit,
    // AWS SDKs keep connections alive; Node's default 5 s keep-alive is shorter than most SDK idle timeouts.
    keepAliveTimeout: KEEP_ALIVE_MS,
    return503OnClosing: true,
    serverFactory: (fastifyHandler: RequestListener): Server => {
      const server = createServer((req, res) => {
        if (isAwsApiRequest(req.method, req.url ?? '/')) serveAwsRequest(req, res);
        else fastifyHandler(req, res);
      });
      server.keepAliveTimeout = KEEP_ALIVE_MS;
      fastPath = attachFastPath(server, {
        accepts: (method, url) => isAwsApiRequest(method, url),
        handle: serveFast,
        bodyLimit,
        keepAliveTimeoutMs: KEEP_ALIVE_MS,
      });
      return server;
    },
  });
  // Before the listener closes: a request arriving meanwhile on a kept-alive connection gets 503 and the close.
  fastify.addHook('preClose', (done) => {
    closing = true;
    fastPath?.closeIdle();
    done();
  });
  // Every body arrives as raw bytes: SigV4 signs the exact bytes, and the Query decoder reads them.
  fastify.removeAllContentTypeParsers();
  fastify.addContentTypeParser('*', { parseAs: 'buffer', bodyLimit }, (_req, body, done) => done(null, body));

  const handle = async (req: FastifyRequest, reply: FastifyReply): Promise<FastifyReply> => {
    const body = Buffer.isBuffer(req.body) ? req.body : EMPTY_BODY;
    const incoming = toIncoming(req.raw.url ?? '/', req.method, req.headers, body, req.socket.remoteAddress, req.protocol === 'https');
    return send(reply, await dispatch(incoming));
  };
  fastify.route({ method: ['GET', 'POST'], url: '/', handler: handle });
  fastify.route({ method: ['GET', 'POST'], url: '/*', handler: handle });

  fastify.get('/_castellan/health', async (_req, reply) => reply.code(200).send({ status: 'ok' }));
  const metricsSource =
    options.metricsSource ?? (async (): Promise<MetricsText> => ({ contentType: metrics.registry.contentType, text: await metrics.registry.metrics() }));
  fastify.get('/metrics', async (_req, reply) => {
    let out: MetricsText;
    try {
      out = await metricsSource();
    } catch (err) {
      // A partial answer would make counters go backwards between scrapes; Prometheus records the failed scrape.
      logger.error({ err }, 'collecting metrics failed');
      return reply.code(503).header('content-type', 'text/plain; charset=utf-8').send('metrics unavailable\n');
    }
    return reply.code(200).header('content-type', out.contentType).send(out.text);
  });
  if (options.ephemeral && isResettable(options.store)) {
    const store = options.store;
    fastify.post('/_castellan/reset', async (_req, reply) => {
      await authenticator.flush();
      await store.reset();
      return reply.code(200).send({ status: 'reset' });
    });
  }

  // Other `/_castellan/` paths (the reset endpoint of a persistent server) do not exist.
  fastify.all('/_castellan/*', async (_req, reply) => reply.code(404).send({ status: 'not found' }));

  // Framework-level failures (body too large, broken framing) still get an AWS-shaped answer.
  fastify.setErrorHandler((err: Error & { statusCode?: number; code?: string }, _req, reply) => {
    const requestId = randomUUID();
    let awsError: AwsError;
    if (err.code === 'FST_ERR_CTP_BODY_TOO_LARGE') {
      awsError = bodyTooLarge(bodyLimit);
    } else if (err.statusCode !== undefined && err.statusCode >= 400 && err.statusCode < 500) {
      awsError = new AwsError('MalformedQueryString', 'The request could not be read.', 400);
    } else {
      logger.error({ err, requestId }, 'request failed outside the pipeline');
      awsError = internalFailureError();
    }
    return send(reply, dispatcher.error(awsError, 'iam', requestId));
  });

  let closed: Promise<void> | undefined;
  return {
    fastify,
    dispatcher,
    authenticator,
    policySets,
    metricsRegistry: metrics.registry,
    async listen(host: string, port: number): Promise<number> {
      await fastify.listen({ host, port });
      const address = fastify.server.address();
      return typeof address === 'object' && address !== null ? address.port : port;
    },
    close(): Promise<void> {
      closed ??= (async () => {
        await fastify.close();
        await authenticator.close();
        policySets.close();
        await options.auditSink?.close();
      })();
      return closed;
    },
  };
}
