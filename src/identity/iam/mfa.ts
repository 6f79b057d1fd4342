// Virtual MFA devices: a TOTP seed (RFC 6238: SHA-1, 6 digits, 30 s) created on its own, then enabled for
// at most one user with two consecutive codes. Seeds are secrets: the store seals them, this module never
// logs them, and codes are compared in constant time.
import { timingSafeEqual } from 'node:crypto';
import { HOTP, Secret } from 'otpauth';
import QRCode from 'qrcode';
import { iamArn } from '../../arn/index.js';
import type { RandomBytes } from '../../arn/index.js';
import type { MfaDevice, Tag, User, VirtualMfaDevice } from '../../model/index.js';
import { StoreConflictError } from '../../store/index.js';
import type { StoreTx, TagTarget } from '../../store/index.js';
import { ServiceError, deleteConflict, entityAlreadyExists, limitExceeded, noSuchEntity } from '../errors.js';
import { checkTags } from '../tags.js';
import { requireUser } from './users.js';

/** spec/identities-and-sts.md §2. */
export const MAX_MFA_DEVICES_PER_USER = 8;
/** 160 bits, RFC 4226's recommended seed length. */
export const SEED_BYTES = 20;
const STEP_MS = 30_000;

/** Time steps searched for the pair of codes: the first code may be a few steps old when the second is typed. */
const ENABLE_WINDOW = { back: 5, forward: 1 } as const;
/** ResyncMFADevice exists for clocks that drifted: it searches further (AWS's exact window is unconfirmed). */
const RESYNC_WINDOW = { back: 20, forward: 20 } as const;
/** A code presented at sign-in or to STS: the current step and one either side (RFC 6238's recommendation). */
const VERIFY_WINDOW = 1;

const invalidCode = (): ServiceError => new ServiceError('InvalidAuthenticationCode', 'Authentication code for device is not valid.');
// AWS's messages as AWS-compatible IAM reimplementations reproduce them (moto, ctyun OOS).
const noSuchDevice = (serial: string): ServiceError => noSuchEntity(`VirtualMFADevice with serial number ${serial} doesn't exist.`);
const invalidForUser = (): ServiceError => noSuchEntity('MFA Device invalid for user.');


async function requireDevice(tx: StoreTx, accountId: string, serialNumber: string): Promise<VirtualMfaDevice> {
  const device = await tx.mfaDevices.get(accountId, serialNumber);
  if (!device) throw noSuchDevice(serialNumber);
  return device;
}

const tagTarget = (accountId: string, serialNumber: string): TagTarget => ({ kind: 'mfaDevice', accountId, name: serialNumber });

// ---- TOTP --------------------------------------------------------------------------------

function codeAt(seed: Secret, counter: number): string {
  return HOTP.generate({ secret: seed, counter });
}

function sameCode(expected: string, given: string): boolean {
  const a = Buffer.from(expected, 'utf8');
  const b = Buffer.from(given, 'utf8');
  // Lengths are public (always 6 digits); only equal-length buffers can be compared in constant time.
  return a.length === b.length && timingSafeEqual(a, b);
}

/**
 * Whether `code1`, `code2` are the codes of two consecutive time steps within the window around `now`.
 * Every candidate is compared (no early exit), so timing does not reveal which step matched.
 */
function consecutiveCodesMatch(base32Seed: string, code1: string, code2: string, now: Date, window: { back: number; forward: number }): boolean {
  const seed = Secret.fromBase32(base32Seed);
  const current = Math.floor(now.getTime() / STEP_MS);
  let matched = false;
  let next = codeAt(seed, current - window.back);
  for (let counter = current - window.back; counter <= current + window.forward; counter++) {
    const first = next;
    next = codeAt(seed, counter + 1);
    const both = sameCode(first, code1) && sameCode(next, code2);
    matched = matched || both;
  }
  return matched;
}

/**
 * Checks an MFA code for a device that is enabled for a user (what STS and sign-in use). False for an
 * unknown or unassigned device, or a wrong code. The code is compared in constant time.
 */
export async function verifyMfaCode(tx: StoreTx, accountId: string, serialNumber: string, code: string, now: Date): Promise<boolean> {
  const device = await tx.mfaDevices.get(accountId, serialNumber);
  if (!device || device.userName === undefined || !/^\d{6}$/.test(code)) return false;
  const seed = Secret.fromBase32(device.base32StringSeed);
  const current = Math.floor(now.getTime() / STEP_MS);
  let matched = false;
  for (let counter = current - VERIFY_WINDOW; counter <= current + VERIFY_WINDOW; counter++) {
    matched = sameCode(codeAt(seed, counter), code) || matched;
  }
  return matched;
}

// ---- devices ------------------------------------------------------------------------------

export function mfaSerialNumber(partition: string, accountId: string, path: string, name: string): string {
  return iamArn(partition, accountId, 'mfa', path, name);
}

export interface NewVirtualMfaDevice {
  readonly accountId: string;
  readonly partition: string;
  readonly path: string;
  readonly name: string;
  readonly tags?: readonly Tag[];
  readonly now: Date;
  readonly random: RandomBytes;
}

export interface CreatedVirtualMfaDevice {
  readonly device: MfaDevice;
  /** The seed as base32 text: returned once, by CreateVirtualMFADevice. */
  readonly base32StringSeed: string;
  /** A PNG of the `otpauth://` URI, for authenticator apps. */
  readonly qrCodePng: Buffer;
  readonly tags: Tag[];
}

/**
 * The URI authenticator apps read: AWS documents `otpauth://totp/$virtualMFADeviceName@$AccountName?secret=$Base32String`,
 * with the account id as AccountName when no user is known yet.
 */
export function otpauthUri(deviceName: string, accountName: string, base32Seed: string): string {
  return `otpauth://totp/${encodeURIComponent(`${deviceName}@${accountName}`)}?secret=${base32Seed}`;
}

export async function createVirtualMfaDevice(tx: StoreTx, input: NewVirtualMfaDevice): Promise<CreatedVirtualMfaDevice> {
  const tags = input.tags ?? [];
  checkTags(tags);
  const serialNumber = mfaSerialNumber(input.partition, input.accountId, input.path, input.name);
  const exists = (): ServiceError => entityAlreadyExists('MFADevice entity at the same path and name already exists.');
  const lower = serialNumber.toLowerCase();
  if ((await tx.mfaDevices.list(input.accountId)).some((d) => d.serialNumber.toLowerCase() === lower)) throw exists();
  const bytes = input.random(SEED_BYTES);
  const seed = new Secret({ buffer: Uint8Array.from(bytes).buffer }).base32;
  let device: MfaDevice;
  try {
    device = await tx.mfaDevices.create({
      accountId: input.accountId,
      serialNumber,
      path: input.path,
      name: input.name,
      base32StringSeed: seed,
      createDate: input.now,
    });
  } catch (err) {
    if (err instanceof StoreConflictError) throw exists();
    throw err;
  }
  if (tags.length > 0) await tx.tags.set(tagTarget(input.accountId, serialNumber), tags);
  const qrCodePng = await QRCode.toBuffer(otpauthUri(input.name, input.accountId, seed), { type: 'png', errorCorrectionLevel: 'M' });
  return { device, base32StringSeed: seed, qrCodePng, tags: [...tags] };
}

export interface MfaCodes {
  readonly accountId: string;
  readonly userName: string;
  readonly serialNumber: string;
  readonly authenticationCode1: string;
  readonly authenticationCode2: string;
  readonly now: Date;
}

export async function enableMfaDevice(tx: StoreTx, input: MfaCodes): Promise<void> {
  const user = await requireUser(tx, input.accountId, input.userName);
  const device = await requireDevice(tx, input.accountId, input.serialNumber);
  if (device.userName !== undefined) throw entityAlreadyExists('MFA Device is already in use.');
  if ((await tx.mfaDevices.listForUser(input.accountId, user.userName)).length >= MAX_MFA_DEVICES_PER_USER) {
    throw limitExceeded(`Cannot exceed quota for MFADevicesPerUser: ${MAX_MFA_DEVICES_PER_USER}`);
  }
  if (!consecutiveCodesMatch(device.base32StringSeed, input.authenticationCode1, input.authenticationCode2, input.now, ENABLE_WINDOW)) {
    throw invalidCode();
  }
  await tx.mfaDevices.enable(input.accountId, device.serialNumber, user.userName, input.now);
}

/** Checks the pair of codes for a device enabled for the user; nothing is stored (no drift is kept). */
export async function resyncMfaDevice(tx: StoreTx, input: MfaCodes): Promise<void> {
  const user = await requireUser(tx, input.accountId, input.userName);
  const device = await requireDevice(tx, input.accountId, input.serialNumber);
  if (device.userName === undefined || device.userName.toLowerCase() !== user.userName.toLowerCase()) throw invalidForUser();
  if (!consecutiveCodesMatch(device.base32StringSeed, input.authenticationCode1, input.authenticationCode2, input.now, RESYNC_WINDOW)) {
    throw invalidCode();
  }
}

/** Unassigns the device; with `userName`, only from that user. The device itself stays (DeleteVirtualMFADevice removes it). */
export async function deactivateMfaDevice(tx: StoreTx, accountId: string, serialNumber: string, userName?: string): Promise<void> {
  const user = userName === undefined ? undefined : await requireUser(tx, accountId, userName);
  const device = await requireDevice(tx, accountId, serialNumber);
  if (device.userName === undefined) throw invalidForUser();
  if (user && device.userName.toLowerCase() !== user.userName.toLowerCase()) throw invalidForUser();
  await tx.mfaDevices.deactivate(accountId, serialNumber);
}

export async function deleteVirtualMfaDevice(tx: StoreTx, accountId: string, serialNumber: string): Promise<void> {
  const device = await requireDevice(tx, accountId, serialNumber);
  if (device.userName !== undefined) throw deleteConflict('MFA VirtualDevice in use. Must deactivate first.');
  await tx.mfaDevices.delete(accountId, serialNumber);
}

/** The devices enabled for a user, ordered by serial number. */
export async function listMfaDevices(tx: StoreTx, accountId: string, userName: string): Promise<MfaDevice[]> {
  const user = await requireUser(tx, accountId, userName);
  return tx.mfaDevices.listForUser(accountId, user.userName);
}

export interface ListedVirtualMfaDevice {
  readonly device: MfaDevice;
  /** The user it is enabled for. */
  readonly user?: User;
}

export async function listVirtualMfaDevices(
  tx: StoreTx,
  accountId: string,
  assignment: 'Assigned' | 'Unassigned' | 'Any',
): Promise<ListedVirtualMfaDevice[]> {
  const devices = await tx.mfaDevices.list(accountId, assignment);
  const users = new Map<string, User | undefined>();
  const out: ListedVirtualMfaDevice[] = [];
  for (const device of devices) {
    if (device.userName === undefined) {
      out.push({ device });
      continue;
    }
    const key = device.userName.toLowerCase();
    if (!users.has(key)) users.set(key, await tx.users.get(accountId, device.userName));
    const user = users.get(key);
    out.push(user ? { device, user } : { device });
  }
  return out;
}

/** GetMFADevice: a device enabled for the user (or any enabled device when no user is named). */
export async function getMfaDevice(tx: StoreTx, accountId: string, serialNumber: string, userName?: string): Promise<MfaDevice> {
  const user = userName === undefined ? undefined : await requireUser(tx, accountId, userName);
  const device = await tx.mfaDevices.get(accountId, serialNumber);
  if (!device || device.userName === undefined) throw noSuchDevice(serialNumber);
  if (user && device.userName.toLowerCase() !== user.userName.toLowerCase()) throw invalidForUser();
  const { base32StringSeed: _seed, ...listed } = device;
  return listed;
}

/** The device and its tags, or undefined (for authorization, before the existence check). */
export async function findMfaDeviceTags(tx: StoreTx, accountId: string, serialNumber: string): Promise<Tag[] | undefined> {
  if (!(await tx.mfaDevices.get(accountId, serialNumber))) return undefined;
  return tx.tags.list(tagTarget(accountId, serialNumber));
}

export async function tagMfaDevice(tx: StoreTx, accountId: string, serialNumber: string, tags: readonly Tag[]): Promise<void> {
  await requireDevice(tx, accountId, serialNumber);
  const target = tagTarget(accountId, serialNumber);
  checkTags(tags, await tx.tags.list(target));
  await tx.tags.set(target, tags);
}

export async function untagMfaDevice(tx: StoreTx, accountId: string, serialNumber: string, keys: readonly string[]): Promise<void> {
  await requireDevice(tx, accountId, serialNumber);
  await tx.tags.remove(tagTarget(accountId, serialNumber), keys);
}

export async function listMfaDeviceTags(tx: StoreTx, accountId: string, serialNumber: string): Promise<Tag[]> {
  await requireDevice(tx, accountId, serialNumber);
  return tx.tags.list(tagTarget(accountId, serialNumber));
}
