// Public face of the SQLite implementation.
export { SqliteStore } from './store.js';
export type { SqliteStoreOptions } from './store.js';
export { LATEST_SCHEMA_VERSION } from './migrations/index.js';
