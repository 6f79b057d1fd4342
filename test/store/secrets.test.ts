// Envelope encryption of secrets, the master key's sources, and how a wrong key fails.
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import {
  DATABASE_FILE,
  MASTER_KEY_FILE,
  SecretError,
  createSecretBox,
  keyId,
  loadMasterKey,
  openStore,
  parseMasterKey,
} from '../../src/store/index.js';
import { ACCOUNT, accessKey, account } from './fixtures.js';
import { tempDir } from './harness.js';

const dirs: string[] = [];
const newDir = (): string => {
  const dir = tempDir();
  dirs.push(dir);
  return dir;
};

afterEach(() => {
  for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

describe('SecretBox', () => {
  const box = createSecretBox(randomBytes(32));

  it('opens what it sealed', () => {
    expect(box.open(box.seal('s3cr3t', 'row-1'), 'row-1')).toBe('s3cr3t');
  });

  it('seals the same plaintext differently each time (fresh IV)', () => {
    expect(box.seal('s3cr3t', 'row-1')).not.toBe(box.seal('s3cr3t', 'row-1'));
  });

  it('prefixes the format version and key id', () => {
    const key = randomBytes(32);
    expect(createSecretBox(key).seal('x', 'a').split(':').slice(0, 2)).toEqual(['v1', keyId(key)]);
  });

  it('refuses a ciphertext opened with another row as AAD', () => {
    expect(() => box.open(box.seal('s3cr3t', 'row-1'), 'row-2')).toThrow(SecretError);
  });

  it('refuses a tampered ciphertext', () => {
    const parts = box.seal('s3cr3t', 'row-1').split(':');
    parts[3] = Buffer.from('t4mp3r').toString('base64url');
    expect(() => box.open(parts.join(':'), 'row-1')).toThrow(SecretError);
  });

  it('names the missing key id when sealed under another master key', () => {
    const sealed = createSecretBox(randomBytes(32)).seal('x', 'a');
    expect(() => box.open(sealed, 'a')).toThrow(/sealed under master key \S+, which is not loaded/);
  });

  it('opens secrets sealed under a previous key during rotation', () => {
    const old = randomBytes(32);
    const sealed = createSecretBox(old).seal('x', 'a');
    expect(createSecretBox(randomBytes(32), [old]).open(sealed, 'a')).toBe('x');
  });

  it('keeps the plaintext out of its error messages', () => {
    const sealed = box.seal('s3cr3t-value', 'row-1');
    try {
      box.open(sealed, 'row-2');
    } catch (err) {
      expect(String(err)).not.toContain('s3cr3t-value');
    }
  });
});

describe('master key', () => {
  it('parses 64 hex digits and base64 of 32 bytes', () => {
    const key = randomBytes(32);
    expect(parseMasterKey(key.toString('hex'), 'k')).toEqual(key);
    expect(parseMasterKey(key.toString('base64'), 'k')).toEqual(key);
  });

  it('refuses a key that is not 32 bytes', () => {
    expect(() => parseMasterKey(randomBytes(16).toString('base64'), 'CASTELLAN_MASTER_KEY')).toThrow(/CASTELLAN_MASTER_KEY must be 32 bytes/);
  });

  it('prefers CASTELLAN_MASTER_KEY over the key file', () => {
    const key = randomBytes(32);
    const dir = newDir();
    expect(loadMasterKey({ dataDir: dir, env: { CASTELLAN_MASTER_KEY: key.toString('hex') } })).toEqual(key);
    expect(fs.existsSync(path.join(dir, MASTER_KEY_FILE))).toBe(false);
  });

  it('creates master.key with mode 0600 and reuses it', () => {
    const dir = newDir();
    const first = loadMasterKey({ dataDir: dir, env: {} });
    expect(fs.statSync(path.join(dir, MASTER_KEY_FILE)).mode & 0o777).toBe(0o600);
    expect(loadMasterKey({ dataDir: dir, env: {} })).toEqual(first);
  });

  it('leaves only master.key in the directory after creating it (no temporary file)', () => {
    const dir = newDir();
    loadMasterKey({ dataDir: dir, env: {} });
    expect(fs.readdirSync(dir)).toEqual([MASTER_KEY_FILE]);
  });

  it('keeps a master.key that another process created first', () => {
    const dir = newDir();
    const theirs = randomBytes(32);
    fs.writeFileSync(path.join(dir, MASTER_KEY_FILE), theirs.toString('base64') + '\n', { mode: 0o600 });
    expect(loadMasterKey({ dataDir: dir, env: {} })).toEqual(theirs);
  });

  it('refuses a master.key readable by group or others', () => {
    const dir = newDir();
    loadMasterKey({ dataDir: dir, env: {} });
    fs.chmodSync(path.join(dir, MASTER_KEY_FILE), 0o644);
    expect(() => loadMasterKey({ dataDir: dir, env: {} })).toThrow(/chmod 600/);
  });
});

describe('secrets in the SQLite store', () => {
  it('fails to open a database with the wrong master key, saying so', async () => {
    const dir = newDir();
    await (await openStore({ dataDir: dir, masterKey: randomBytes(32) })).close();
    const err = await openStore({ dataDir: dir, masterKey: randomBytes(32) }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(SecretError);
    expect((err as Error).message).toMatch(/master key does not match/);
  });

  it('reopens with the master.key the first open created', async () => {
    const dir = newDir();
    const key = accessKey();
    const store = await openStore({ dataDir: dir, env: {} });
    await store.transaction(async (t) => {
      await t.accounts.create(account());
      await t.accessKeys.create(key);
    });
    await store.close();
    const again = await openStore({ dataDir: dir, env: {} });
    expect((await again.transaction((t) => t.accessKeys.get(key.accessKeyId)))?.secretAccessKey).toBe(key.secretAccessKey);
    await again.close();
  });

  it('refuses a sealed secret copied onto another access key row', async () => {
    const dir = newDir();
    const masterKey = randomBytes(32);
    const [a, b] = [accessKey(), accessKey()];
    const store = await openStore({ dataDir: dir, masterKey });
    await store.transaction(async (t) => {
      await t.accounts.create(account());
      await t.accessKeys.create(a);
      await t.accessKeys.create(b);
    });
    await store.close();

    const db = new Database(path.join(dir, DATABASE_FILE));
    const sealedA = db.prepare('SELECT secret_sealed FROM access_keys WHERE access_key_id = ?').pluck().get(a.accessKeyId);
    expect(String(sealedA)).not.toContain(a.secretAccessKey);
    db.prepare('UPDATE access_keys SET secret_sealed = ? WHERE access_key_id = ?').run(sealedA, b.accessKeyId);
    db.close();

    const reopened = await openStore({ dataDir: dir, masterKey });
    await expect(reopened.transaction((t) => t.accessKeys.get(b.accessKeyId))).rejects.toBeInstanceOf(SecretError);
    expect((await reopened.transaction((t) => t.accessKeys.get(a.accessKeyId)))?.accountId).toBe(ACCOUNT);
    await reopened.close();
  });
});
