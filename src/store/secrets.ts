// Envelope encryption of secrets at rest: AES-256-GCM, a fresh 12-byte IV per value, the key id in the
// output so master keys can rotate, and AAD binding each ciphertext to its row.
import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { SecretError } from './errors.js';

export interface SecretBox {
  /** `v1:<kid>:<iv>:<ciphertext>:<tag>`, base64url parts. */
  seal(plaintext: string, aad: string): string;
  open(sealed: string, aad: string): string;
}

const VERSION = 'v1';
const KEY_BYTES = 32;
const IV_BYTES = 12;
export const MASTER_KEY_FILE = 'master.key';

/** A key id derived from the key itself: stable, needs no configuration, reveals nothing usable. */
export function keyId(key: Buffer): string {
  return createHash('sha256').update('castellan-kid').update(key).digest('base64url').slice(0, 8);
}

/** Seals under the first key; opens under any of them (previous keys, while secrets are re-sealed). */
export function createSecretBox(current: Buffer, previous: readonly Buffer[] = []): SecretBox {
  for (const key of [current, ...previous]) {
    if (key.length !== KEY_BYTES) throw new SecretError(`master key must be ${KEY_BYTES} bytes, got ${key.length}`);
  }
  const currentKid = keyId(current);
  const keys = new Map<string, Buffer>();
  for (const key of [current, ...previous]) keys.set(keyId(key), key);

  return {
    seal(plaintext, aad) {
      const iv = randomBytes(IV_BYTES);
      const cipher = createCipheriv('aes-256-gcm', current, iv);
      cipher.setAAD(Buffer.from(aad, 'utf8'));
      const ct = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
      const tag = cipher.getAuthTag();
      return [VERSION, currentKid, iv.toString('base64url'), ct.toString('base64url'), tag.toString('base64url')].join(':');
    },
    open(sealed, aad) {
      const parts = sealed.split(':');
      if (parts.length !== 5 || parts[0] !== VERSION) throw new SecretError('sealed secret has an unknown format');
      const [, kid, iv, ct, tag] = parts as [string, string, string, string, string];
      const key = keys.get(kid);
      if (!key) {
        throw new SecretError(
          `secret was sealed under master key ${kid}, which is not loaded (current key is ${currentKid}): ` +
            'is CASTELLAN_MASTER_KEY or master.key the one this data was written with?',
        );
      }
      try {
        const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(iv, 'base64url'));
        decipher.setAAD(Buffer.from(aad, 'utf8'));
        decipher.setAuthTag(Buffer.from(tag, 'base64url'));
        return Buffer.concat([decipher.update(Buffer.from(ct, 'base64url')), decipher.final()]).toString('utf8');
      } catch {
        // Same message for every cause: the plaintext, the key and the AAD stay out of errors.
        throw new SecretError('sealed secret failed authentication (tampered, or moved from another row)');
      }
    },
  };
}

/** Parses a master key given as 64 hex digits or base64/base64url of 32 bytes. */
export function parseMasterKey(text: string, source: string): Buffer {
  const trimmed = text.trim();
  const key = /^[0-9a-fA-F]{64}$/.test(trimmed)
    ? Buffer.from(trimmed, 'hex')
    : /^[A-Za-z0-9+/_-]+={0,2}$/.test(trimmed)
      ? Buffer.from(trimmed, 'base64')
      : Buffer.alloc(0);
  if (key.length !== KEY_BYTES) {
    throw new SecretError(`${source} must be ${KEY_BYTES} bytes, as 64 hex digits or base64`);
  }
  return key;
}

export interface MasterKeySource {
  /** Explicit key (tests, embedding). */
  masterKey?: Buffer;
  /** Where `master.key` lives (created on first use). */
  dataDir?: string;
  env?: NodeJS.ProcessEnv;
}

/**
 * The master key, from (in order) the option, `CASTELLAN_MASTER_KEY`, or `<dataDir>/master.key`, created
 * with mode 0600 when missing. A key file readable by group or others is refused: it guards every secret.
 */
export function loadMasterKey(source: MasterKeySource): Buffer {
  if (source.masterKey) return parseKeyBuffer(source.masterKey);
  const fromEnv = (source.env ?? process.env).CASTELLAN_MASTER_KEY;
  if (fromEnv !== undefined && fromEnv !== '') return parseMasterKey(fromEnv, 'CASTELLAN_MASTER_KEY');
  if (source.dataDir === undefined) return randomBytes(KEY_BYTES);

  const file = path.join(source.dataDir, MASTER_KEY_FILE);
  if (!fs.existsSync(file)) createKeyFile(file);
  if (process.platform !== 'win32') {
    const mode = fs.statSync(file).mode & 0o777;
    if ((mode & 0o077) !== 0) {
      throw new SecretError(
        `${file} is readable by others (mode ${mode.toString(8).padStart(4, '0')}); run: chmod 600 ${file}`,
      );
    }
  }
  return parseMasterKey(fs.readFileSync(file, 'utf8'), file);
}

/**
 * Writes a new key file whole or not at all: the key goes to a private temporary file, is fsynced, and is then
 * hard-linked into place. A crash can leave only a stray temporary file, never an empty or partial master.key
 * (which would stop every later start); link() fails if another process created the key meanwhile, and then
 * that key is the one used.
 */
function createKeyFile(file: string): void {
  const tmp = `${file}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  const fd = fs.openSync(tmp, 'wx', 0o600);
  try {
    fs.writeSync(fd, randomBytes(KEY_BYTES).toString('base64') + '\n');
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
  try {
    fs.linkSync(tmp, file);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
  } finally {
    fs.rmSync(tmp, { force: true });
  }
  // The new directory entry must survive a crash too.
  const dir = fs.openSync(path.dirname(file), 'r');
  try {
    fs.fsyncSync(dir);
  } finally {
    fs.closeSync(dir);
  }
}

function parseKeyBuffer(key: Buffer): Buffer {
  if (key.length !== KEY_BYTES) throw new SecretError(`master key must be ${KEY_BYTES} bytes, got ${key.length}`);
  return key;
}
