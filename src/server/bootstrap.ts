// First start: the account and its root key. The root key comes from CASTELLAN_ROOT_ACCESS_KEY_ID /
// CASTELLAN_ROOT_SECRET_ACCESS_KEY, or is made once and written to `<data-dir>/root-credentials` (0600).
import fs from 'node:fs';
import path from 'node:path';
import type { RandomBytes } from '../arn/index.js';
import { ensureAccount, ServiceError } from '../identity/index.js';
import type { RootCredentials } from '../identity/index.js';
import type { Store } from '../store/index.js';

export const ROOT_CREDENTIALS_FILE = 'root-credentials';
export const CREDENTIALS_PROFILE = 'castellan';

export interface RootBootstrap {
  readonly accountId: string;
  /** Where the root key came from. */
  readonly source: 'environment' | 'created' | 'file' | 'unknown';
  /** The root key when known (given, created now, or read back from the credentials file). */
  readonly credentials?: RootCredentials;
  /** The credentials file, when one was written or found. */
  readonly credentialsFile?: string;
}

/** An INI file like `~/.aws/credentials` with one `[castellan]` profile. */
export function credentialsFileText(credentials: RootCredentials, accountId: string): string {
  return (
    `# Root credentials of Castellan account ${accountId}. Keep this file secret.\n` +
    `[${CREDENTIALS_PROFILE}]\n` +
    `aws_access_key_id = ${credentials.accessKeyId}\n` +
    `aws_secret_access_key = ${credentials.secretAccessKey}\n`
  );
}

export function readCredentialsFile(file: string): RootCredentials | undefined {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
  const id = /^\s*aws_access_key_id\s*=\s*(\S+)\s*$/m.exec(text)?.[1];
  const secret = /^\s*aws_secret_access_key\s*=\s*(\S+)\s*$/m.exec(text)?.[1];
  return id && secret ? { accessKeyId: id, secretAccessKey: secret } : undefined;
}

/** Writes the file 0600 (also when it existed with laxer permissions), via a rename so it is never half-written. */
export function writeCredentialsFile(file: string, credentials: RootCredentials, accountId: string): void {
  fs.mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
  const tmp = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(tmp, credentialsFileText(credentials, accountId), { mode: 0o600 });
  fs.chmodSync(tmp, 0o600);
  fs.renameSync(tmp, file);
}

export function rootKeyFromEnv(env: NodeJS.ProcessEnv): RootCredentials | undefined {
  const accessKeyId = env.CASTELLAN_ROOT_ACCESS_KEY_ID;
  const secretAccessKey = env.CASTELLAN_ROOT_SECRET_ACCESS_KEY;
  if (!accessKeyId && !secretAccessKey) return undefined;
  if (!accessKeyId || !secretAccessKey) {
    throw new Error('set both CASTELLAN_ROOT_ACCESS_KEY_ID and CASTELLAN_ROOT_SECRET_ACCESS_KEY, or neither');
  }
  return { accessKeyId, secretAccessKey };
}

export interface BootstrapOptions {
  readonly store: Store;
  readonly accountId: string;
  readonly random: RandomBytes;
  /** Where `root-credentials` goes; without one a created key is only returned. */
  readonly dataDir?: string;
  /** A root key to use (from the environment, or a test). */
  readonly rootKey?: RootCredentials;
}

/** Ensures the account and its root key; throws an Error with a clear message when the given key conflicts. */
export async function bootstrapRoot(options: BootstrapOptions): Promise<RootBootstrap> {
  const { store, accountId, random, dataDir, rootKey } = options;
  let result;
  try {
    result = await store.transaction((tx) => ensureAccount(tx, accountId, random, rootKey));
  } catch (err) {
    if (err instanceof ServiceError) throw new Error(`cannot start: ${err.message}`);
    throw err;
  }
  if (rootKey) return { accountId, source: 'environment', credentials: rootKey };
  const file = dataDir !== undefined ? path.resolve(dataDir, ROOT_CREDENTIALS_FILE) : undefined;
  if (result.createdKey) {
    if (file) writeCredentialsFile(file, result.createdKey, accountId);
    return { accountId, source: 'created', credentials: result.createdKey, ...(file && { credentialsFile: file }) };
  }
  const fromFile = file ? readCredentialsFile(file) : undefined;
  if (file && fromFile) return { accountId, source: 'file', credentials: fromFile, credentialsFile: file };
  return { accountId, source: 'unknown' };
}
