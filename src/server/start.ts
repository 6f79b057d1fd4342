// `castellan serve`: open the store, make sure the first account exists, listen. One object to close.
import { randomBytes } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { Logger } from 'pino';
import type { AuditSink } from '../api/audit.js';
import { iamHandlers } from '../api/iam/index.js';
import { stsHandlers } from '../api/sts/index.js';
import type { ActionHandler } from '../api/types.js';
import type { SessionResolver } from '../identity/index.js';
import { SessionKeyring, StsSessionResolver } from '../identity/sts/index.js';
import { loadMasterKey, openStore } from '../store/index.js';
import type { Store } from '../store/index.js';
import { createApp } from './app.js';
import type { CastellanApp } from './app.js';
import type { MetricsText } from './metrics.js';
import { FileAuditSink, MemoryAuditSink } from './audit.js';
import { bootstrapRoot, rootKeyFromEnv } from './bootstrap.js';
import type { RootBootstrap } from './bootstrap.js';

import { AUDIT_LOG_FILE, DEFAULT_ACCOUNT_ID, DEFAULT_DATA_DIR, DEFAULT_HOST, DEFAULT_PORT } from './defaults.js';

export { AUDIT_LOG_FILE, DEFAULT_ACCOUNT_ID, DEFAULT_DATA_DIR, DEFAULT_HOST, DEFAULT_PORT };

export interface ServerConfig {
  readonly host?: string;
  readonly port?: number;
  readonly dataDir?: string;
  readonly accountId?: string;
  /** In-memory store, reset endpoint, audit kept in memory. */
  readonly ephemeral?: boolean;
  readonly env?: NodeJS.ProcessEnv;
  readonly logger?: Logger;
  /** Default: every IAM and STS handler. */
  readonly handlers?: readonly ActionHandler[];
  readonly clock?: () => Date;
  readonly auditSink?: AuditSink;
  /** Resolves temporary (ASIA…) credentials (STS). */
  readonly sessionResolver?: SessionResolver;
  /** What `GET /metrics` serves (see AppOptions.metricsSource). */
  readonly metricsSource?: () => Promise<MetricsText>;
}

export interface RunningServer {
  readonly url: string;
  readonly host: string;
  readonly port: number;
  readonly root: RootBootstrap;
  readonly store: Store;
  readonly app: CastellanApp;
  readonly auditSink: AuditSink;
  /** Stops the listener, flushes last-used data and the audit log, closes the store. */
  close(): Promise<void>;
}

/**
 * Readies a data directory without serving: master key, migrations, the first account and its root key. The
 * primary of `serve --workers` runs it once, so the workers never race to create the same account.
 */
export async function prepareDataDir(config: { dataDir?: string; accountId?: string; env?: NodeJS.ProcessEnv }): Promise<RootBootstrap> {
  const env = config.env ?? process.env;
  const dataDir = path.resolve(config.dataDir ?? DEFAULT_DATA_DIR);
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  const rootKey = rootKeyFromEnv(env);
  const store = await openStore({ dataDir, env, masterKey: loadMasterKey({ dataDir, env }) });
  try {
    return await bootstrapRoot({
      store,
      accountId: config.accountId ?? DEFAULT_ACCOUNT_ID,
      random: (n) => randomBytes(n),
      dataDir,
      ...(rootKey && { rootKey }),
    });
  } finally {
    await store.close();
  }
}

export async function startServer(config: ServerConfig = {}): Promise<RunningServer> {
  const env = config.env ?? process.env;
  const ephemeral = config.ephemeral ?? false;
  const dataDir = path.resolve(config.dataDir ?? DEFAULT_DATA_DIR);
  const host = config.host ?? DEFAULT_HOST;
  const rootKey = rootKeyFromEnv(env);
  if (!ephemeral) mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  // One master key protects secrets at rest and (through a derived key) STS session tokens, so every node
  // that shares the store can open every session.
  const masterKey = loadMasterKey({ ...(!ephemeral && { dataDir }), env });
  const keyring = SessionKeyring.fromMasterKey(masterKey);
  const store = await openStore(ephemeral ? { ephemeral: true, env, masterKey } : { dataDir, env, masterKey });
  let app: CastellanApp | undefined;
  try {
    const root = await bootstrapRoot({
      store,
      accountId: config.accountId ?? DEFAULT_ACCOUNT_ID,
      random: (n) => randomBytes(n),
      dataDir,
      ...(rootKey && { rootKey }),
    });
    const auditSink = config.auditSink ?? (ephemeral ? new MemoryAuditSink() : new FileAuditSink(path.join(dataDir, AUDIT_LOG_FILE)));
    app = createApp({
      store,
      handlers: config.handlers ?? [...iamHandlers, ...stsHandlers({ keyring })],
      auditSink,
      ephemeral,
      ...(config.logger && { logger: config.logger }),
      ...(config.clock && { clock: config.clock }),
      sessionResolver: config.sessionResolver ?? new StsSessionResolver(keyring),
      ...(config.metricsSource && { metricsSource: config.metricsSource }),
    });
    const port = await app.listen(host, config.port ?? DEFAULT_PORT);
    const running = app;
    let closing: Promise<void> | undefined;
    return {
      url: `http://${host.includes(':') ? `[${host}]` : host}:${port}`,
      host,
      port,
      root,
      store,
      app: running,
      auditSink,
      close: () =>
        (closing ??= (async () => {
          await running.close();
          await store.close();
        })()),
    };
  } catch (err) {
    await app?.close();
    await store.close();
    throw err;
  }
}
