// The server's defaults, in a module of their own so the CLI can show them without loading the server.
export const DEFAULT_HOST = '127.0.0.1';
export const DEFAULT_PORT = 4566;
export const DEFAULT_DATA_DIR = './castellan-data';
export const DEFAULT_ACCOUNT_ID = '000000000000';
export const AUDIT_LOG_FILE = 'audit.log';
