// The HTTP shell: Fastify receives raw bodies and hands every request to the API dispatcher.
// No policy logic here. Fastify's own logger stays off: only failures are logged, never bodies or headers.
import { ServerMetrics } from './metrics.js';
import { randomUUID } from 'node:crypto';
import Fastify from 'fastify';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { pino } from 'pino';
import type { Logger } from 'pino';
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
}

export interface CastellanApp {
  readonly fastify: FastifyInstance;
  readonly dispatcher: Dispatcher;
  readonly authenticator: Authenticator;
  readonly policySets: PolicySetCache;
  /** Listens; resolves to the bound port. */
  listen(host: string, port: number): Promise<number>;
  /** Stops accepting, flushes last-used data and the audit sink. Does not close the store. */
  close(): Promise<void>;
}

function isResettable(store: Store): store is ResettableStore {
  return typeof (store as Partial<ResettableStore>).reset === 'function';
}

function sourceIp(req: FastifyRequest): string {
  const ip = req.socket.remoteAddress ?? '0.0.0.0';
  return ip.startsWith('::ffff:') ? ip.slice(7) : ip;
}

function send(reply: FastifyReply, res: OutgoingResponse): FastifyReply {
  return reply.code(res.status).header('content-type', res.contentType).header('x-amzn-RequestId', res.requestId).send(res.body);
}

const EMPTY_BODY = Buffer.alloc(0);

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

  const fastify = Fastify({
    logger: false,
    bodyLimit,
    // AWS SDKs keep connections alive; Node's default 5 s keep-alive is shorter than most SDK idle timeouts.
    keepAliveTimeout: 65_000,
    return503OnClosing: true,
  });
  // Every body arrives as raw bytes: SigV4 signs the exact bytes, and the Query decoder reads them.
  fastify.removeAllContentTypeParsers();
  fastify.addContentTypeParser('*', { parseAs: 'buffer', bodyLimit }, (_req, body, done) => done(null, body));

  const handle = async (req: FastifyRequest, reply: FastifyReply): Promise<FastifyReply> => {
    const url = req.raw.url ?? '/';
    const q = url.indexOf('?');
    const incoming: IncomingRequest = {
      method: req.method,
      path: q === -1 ? url : url.slice(0, q),
      query: q === -1 ? '' : url.slice(q + 1),
      headers: req.headers,
      body: Buffer.isBuffer(req.body) ? req.body : EMPTY_BODY,
      sourceIp: sourceIp(req),
      secureTransport: req.protocol === 'https',
    };
    const stop = metrics.duration.startTimer();
    const res = await dispatcher.dispatch(incoming);
    stop();
    return send(reply, res);
  };
  fastify.route({ method: ['GET', 'POST'], url: '/', handler: handle });
  fastify.route({ method: ['GET', 'POST'], url: '/*', handler: handle });

  fastify.get('/_castellan/health', async (_req, reply) => reply.code(200).send({ status: 'ok' }));
  fastify.get('/metrics', async (_req, reply) =>
    reply.code(200).header('content-type', metrics.registry.contentType).send(await metrics.registry.metrics()),
  );
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
      // AWS's code for an oversized Query body is unconfirmed; 413 with a descriptive message.
      awsError = new AwsError('RequestEntityTooLarge', `Request body must be at most ${bodyLimit} bytes.`, 413);
    } else if (err.statusCode !== undefined && err.statusCode >= 400 && err.statusCode < 500) {
      awsError = new AwsError('MalformedQueryString', 'The request could not be read.', 400);
    } else {
      logger.error({ err, requestId }, 'request failed outside the pipeline');
      awsError = new AwsError('InternalFailure', 'The request processing has failed because of an unknown error, exception or failure.');
    }
    return send(reply, dispatcher.error(awsError, 'iam', requestId));
  });

  let closed: Promise<void> | undefined;
  return {
    fastify,
    dispatcher,
    authenticator,
    policySets,
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
