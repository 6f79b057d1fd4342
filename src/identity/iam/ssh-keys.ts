// SSH public keys of IAM users (for CodeCommit): ssh-rsa or PEM RSA keys of 2048–16384 bits, at most five
// per user, fingerprinted as AWS does (MD5 of the SSH wire-format key, colon-separated hex).
import { createHash, createPublicKey } from 'node:crypto';
import type { KeyObject } from 'node:crypto';
import { newUniqueId } from '../../arn/index.js';
import type { RandomBytes } from '../../arn/index.js';
import type { SshPublicKey, StatusType } from '../../model/index.js';
import type { StoreTx } from '../../store/index.js';
import { ServiceError, limitExceeded, noSuchEntity } from '../errors.js';
import { requireUser } from './users.js';

export const MAX_SSH_PUBLIC_KEYS_PER_USER = 5;
export const MIN_RSA_BITS = 2048;
export const MAX_RSA_BITS = 16384;

// The not-found message is AWS's (recorded from AWS in LocalStack's test_iam_ssh_public_keys.snapshot.json);
// the two others follow AWS's documented exception descriptions, their wire wording unconfirmed.
const invalidKey = (why: string): ServiceError => new ServiceError('InvalidPublicKey', why);
const unrecognized = (): ServiceError =>
  new ServiceError('UnrecognizedPublicKeyEncoding', 'The public key encoding format is unsupported or unrecognized.');
const keyNotFound = (id: string): ServiceError => noSuchEntity(`The Public Key with id ${id} cannot be found.`);

export type SshKeyEncoding = 'SSH' | 'PEM';

export interface ParsedSshKey {
  /** The key in SSH wire format (`string "ssh-rsa", mpint e, mpint n`). */
  readonly blob: Buffer;
  readonly bits: number;
  readonly key: KeyObject;
  readonly uploadedAs: SshKeyEncoding;
}

function readSshString(buf: Buffer, offset: number): [Buffer, number] {
  if (offset + 4 > buf.length) throw invalidKey('The public key is malformed.');
  const len = buf.readUInt32BE(offset);
  const end = offset + 4 + len;
  if (end > buf.length) throw invalidKey('The public key is malformed.');
  return [buf.subarray(offset + 4, end), end];
}

/** An mpint as SSH writes it: big-endian, a leading zero byte when the high bit is set. */
function mpint(bytes: Buffer): Buffer {
  let start = 0;
  while (start < bytes.length - 1 && bytes[start] === 0) start++;
  const trimmed = bytes.subarray(start);
  return (trimmed[0] ?? 0) & 0x80 ? Buffer.concat([Buffer.from([0]), trimmed]) : trimmed;
}

function sshString(bytes: Buffer): Buffer {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(bytes.length);
  return Buffer.concat([len, bytes]);
}

const unsigned = (b: Buffer): Buffer => {
  let start = 0;
  while (start < b.length - 1 && b[start] === 0) start++;
  return b.subarray(start);
};

function bitLength(n: Buffer): number {
  const u = unsigned(n);
  const top = u[0] ?? 0;
  return top === 0 ? 0 : (u.length - 1) * 8 + (32 - Math.clz32(top));
}

function checkBits(bits: number): void {
  if (bits < MIN_RSA_BITS) throw invalidKey(`The public key must be at least ${MIN_RSA_BITS} bits long.`);
  if (bits > MAX_RSA_BITS) throw invalidKey(`The public key must be at most ${MAX_RSA_BITS} bits long.`);
}

function rsaFromComponents(n: Buffer, e: Buffer): KeyObject {
  try {
    return createPublicKey({
      key: { kty: 'RSA', n: unsigned(n).toString('base64url'), e: unsigned(e).toString('base64url') },
      format: 'jwk',
    });
  } catch {
    throw invalidKey('The public key is malformed.');
  }
}

/** Parses an `ssh-rsa AAAA… [comment]` line or a PEM RSA public key. */
export function parseSshPublicKey(body: string): ParsedSshKey {
  const text = body.trim();
  if (text.startsWith('-----BEGIN')) {
    let key: KeyObject;
    try {
      key = createPublicKey({ key: text, format: 'pem' });
    } catch {
      throw unrecognized();
    }
    if (key.asymmetricKeyType !== 'rsa') throw unrecognized();
    const jwk = key.export({ format: 'jwk' });
    const n = Buffer.from(jwk.n ?? '', 'base64url');
    const e = Buffer.from(jwk.e ?? '', 'base64url');
    const bits = bitLength(n);
    checkBits(bits);
    const blob = Buffer.concat([sshString(Buffer.from('ssh-rsa')), sshString(mpint(e)), sshString(mpint(n))]);
    return { blob, bits, key, uploadedAs: 'PEM' };
  }
  const parts = text.split(/\s+/);
  const type = parts[0] ?? '';
  // Only RSA keys are accepted; other SSH key types are an encoding IAM does not recognize.
  if (type !== 'ssh-rsa' || parts.length < 2) throw unrecognized();
  const b64 = parts[1] ?? '';
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(b64)) throw invalidKey('The public key is malformed.');
  const blob = Buffer.from(b64, 'base64');
  const [name, afterName] = readSshString(blob, 0);
  if (name.toString('latin1') !== 'ssh-rsa') throw invalidKey('The public key is malformed.');
  const [e, afterE] = readSshString(blob, afterName);
  const [n, end] = readSshString(blob, afterE);
  if (end !== blob.length || e.length === 0 || n.length === 0) throw invalidKey('The public key is malformed.');
  const bits = bitLength(n);
  checkBits(bits);
  return { blob, bits, key: rsaFromComponents(n, e), uploadedAs: 'SSH' };
}

/** AWS's SSH key fingerprint: MD5 of the wire-format key, as `aa:bb:…` (OpenSSH's legacy form). */
export function sshFingerprint(blob: Buffer): string {
  return createHash('md5').update(blob).digest('hex').match(/../g)!.join(':');
}

/** The key in the asked encoding: SSH (`ssh-rsa …`, as uploaded when uploaded so) or PEM (SubjectPublicKeyInfo). */
export function encodeSshKey(key: SshPublicKey, encoding: SshKeyEncoding): string {
  const parsed = parseSshPublicKey(key.sshPublicKeyBody);
  if (encoding === 'PEM') {
    return parsed.uploadedAs === 'PEM' ? key.sshPublicKeyBody : (parsed.key.export({ type: 'spki', format: 'pem' }) as string);
  }
  return parsed.uploadedAs === 'SSH' ? key.sshPublicKeyBody : `ssh-rsa ${parsed.blob.toString('base64')}`;
}


export interface NewSshPublicKey {
  readonly accountId: string;
  readonly userName: string;
  readonly body: string;
  readonly now: Date;
  readonly random: RandomBytes;
}

export async function uploadSshPublicKey(tx: StoreTx, input: NewSshPublicKey): Promise<SshPublicKey> {
  const user = await requireUser(tx, input.accountId, input.userName);
  const parsed = parseSshPublicKey(input.body);
  const fingerprint = sshFingerprint(parsed.blob);
  const existing = await tx.sshKeys.list(input.accountId, user.userName);
  if (existing.some((k) => k.fingerprint === fingerprint)) {
    throw new ServiceError('DuplicateSSHPublicKey', 'The SSH public key is already associated with the specified IAM user.');
  }
  if (existing.length >= MAX_SSH_PUBLIC_KEYS_PER_USER) {
    throw limitExceeded(`Cannot exceed quota for PublicKeysPerUser: ${MAX_SSH_PUBLIC_KEYS_PER_USER}`);
  }
  return tx.sshKeys.create({
    accountId: input.accountId,
    userName: user.userName,
    sshPublicKeyId: newUniqueId('APKA', input.random),
    fingerprint,
    sshPublicKeyBody: input.body,
    status: 'Active',
    uploadDate: input.now,
  });
}

async function requireKey(tx: StoreTx, accountId: string, userName: string, id: string): Promise<SshPublicKey> {
  const user = await requireUser(tx, accountId, userName);
  const key = await tx.sshKeys.get(accountId, user.userName, id);
  if (!key) throw keyNotFound(id);
  return key;
}

export async function getSshPublicKey(
  tx: StoreTx,
  accountId: string,
  userName: string,
  id: string,
  encoding: SshKeyEncoding,
): Promise<SshPublicKey> {
  const key = await requireKey(tx, accountId, userName, id);
  return { ...key, sshPublicKeyBody: encodeSshKey(key, encoding) };
}

export async function updateSshPublicKey(tx: StoreTx, accountId: string, userName: string, id: string, status: StatusType): Promise<void> {
  const key = await requireKey(tx, accountId, userName, id);
  await tx.sshKeys.updateStatus(accountId, key.userName, id, status);
}

export async function deleteSshPublicKey(tx: StoreTx, accountId: string, userName: string, id: string): Promise<void> {
  const key = await requireKey(tx, accountId, userName, id);
  await tx.sshKeys.delete(accountId, key.userName, id);
}

/** In upload order. */
export async function listSshPublicKeys(tx: StoreTx, accountId: string, userName: string): Promise<SshPublicKey[]> {
  const user = await requireUser(tx, accountId, userName);
  return tx.sshKeys.list(accountId, user.userName);
}
