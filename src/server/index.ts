// Public face of the server: the Fastify app over the API dispatcher, its audit sinks and the CLI entry.
export { createApp, DEFAULT_BODY_LIMIT } from './app.js';
export type { AppOptions, CastellanApp } from './app.js';
export { FileAuditSink, MemoryAuditSink } from './audit.js';
export {
  CREDENTIALS_PROFILE,
  ROOT_CREDENTIALS_FILE,
  bootstrapRoot,
  credentialsFileText,
  readCredentialsFile,
  rootKeyFromEnv,
  writeCredentialsFile,
} from './bootstrap.js';
export type { BootstrapOptions, RootBootstrap } from './bootstrap.js';
export { answerClusterMetricsRequests, clusterMetricsAggregator } from './metrics.js';
export type { MetricsText } from './metrics.js';
export { AUDIT_LOG_FILE, DEFAULT_ACCOUNT_ID, DEFAULT_DATA_DIR, DEFAULT_HOST, DEFAULT_PORT, prepareDataDir, startServer } from './start.js';
export type { RunningServer, ServerConfig } from './start.js';
