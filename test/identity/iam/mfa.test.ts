// Virtual MFA devices against a real (ephemeral) store, with codes computed by an independent TOTP (otpauth).
import { randomBytes } from 'node:crypto';
import { HOTP, Secret } from 'otpauth';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ServiceError } from '../../../src/identity/errors.js';
import {
  MAX_MFA_DEVICES_PER_USER,
  createVirtualMfaDevice,
  deactivateMfaDevice,
  deleteVirtualMfaDevice,
  enableMfaDevice,
  getMfaDevice,
  listMfaDevices,
  listVirtualMfaDevices,
  otpauthUri,
  resyncMfaDevice,
  tagMfaDevice,
  listMfaDeviceTags,
  verifyMfaCode,
} from '../../../src/identity/iam/mfa.js';
import { createUser } from '../../../src/identity/iam/users.js';
import { openStore } from '../../../src/store/index.js';
import type { Store, StoreTx } from '../../../src/store/index.js';

const A = '111122223333';
const NOW = new Date('2025-01-01T12:00:00Z');
const STEP = 30_000;

let store: Store;
const tx = <T>(fn: (t: StoreTx) => Promise<T>): Promise<T> => store.transaction(fn);

async function expectError(p: Promise<unknown>, code: string, message?: string): Promise<void> {
  const err = await p.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(ServiceError);
  expect((err as ServiceError).code).toBe(code);
  if (message !== undefined) expect((err as ServiceError).message).toBe(message);
}

/** The TOTP code of `seed` for the time step containing `at` plus `offset` steps. */
function code(seed: string, at: Date, offset = 0): string {
  return HOTP.generate({ secret: Secret.fromBase32(seed), counter: Math.floor(at.getTime() / STEP) + offset });
}

async function device(name = 'bob-phone', path = '/'): Promise<{ serial: string; seed: string }> {
  const created = await tx((t) => createVirtualMfaDevice(t, { accountId: A, partition: 'aws', path, name, now: NOW, random: randomBytes }));
  return { serial: created.device.serialNumber, seed: created.base32StringSeed };
}

async function enable(serial: string, seed: string, userName = 'bob'): Promise<void> {
  await tx((t) =>
    enableMfaDevice(t, { accountId: A, userName, serialNumber: serial, authenticationCode1: code(seed, NOW, -1), authenticationCode2: code(seed, NOW), now: NOW }),
  );
}

beforeEach(async () => {
  store = await openStore({ ephemeral: true, env: {} });
  await tx(async (t) => {
    await t.accounts.create({ accountId: A, createDate: NOW });
    await createUser(t, { accountId: A, partition: 'aws', userName: 'bob', now: NOW, random: randomBytes });
    await createUser(t, { accountId: A, partition: 'aws', userName: 'carol', now: NOW, random: randomBytes });
  });
});
afterEach(async () => store.close());

describe('createVirtualMfaDevice', () => {
  it('creates a device named by its mfa ARN with a 160-bit base32 seed', async () => {
    const created = await tx((t) => createVirtualMfaDevice(t, { accountId: A, partition: 'aws', path: '/team/', name: 'phone', now: NOW, random: randomBytes }));
    expect(created.device.serialNumber).toBe(`arn:aws:iam::${A}:mfa/team/phone`);
    expect(created.base32StringSeed).toMatch(/^[A-Z2-7]{32}$/);
  });

  it('returns a PNG QR code', async () => {
    const created = await tx((t) => createVirtualMfaDevice(t, { accountId: A, partition: 'aws', path: '/', name: 'phone', now: NOW, random: randomBytes }));
    expect(created.qrCodePng.subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
  });

  it('builds the otpauth URI AWS documents', () => {
    expect(otpauthUri('phone', A, 'ABC')).toBe(`otpauth://totp/phone%40${A}?secret=ABC`);
  });

  it('refuses a second device at the same path and name, whatever the case', async () => {
    await device('phone');
    await expectError(device('PHONE'), 'EntityAlreadyExists', 'MFADevice entity at the same path and name already exists.');
  });

  it('keeps the seed sealed in the store, readable only through the repository', async () => {
    const { serial, seed } = await device();
    expect((await tx((t) => t.mfaDevices.get(A, serial)))?.base32StringSeed).toBe(seed);
  });
});

describe('enableMfaDevice', () => {
  it('enables a device for a user with two consecutive codes', async () => {
    const { serial, seed } = await device();
    await enable(serial, seed);
    const devices = await tx((t) => listMfaDevices(t, A, 'bob'));
    expect(devices.map((d) => [d.serialNumber, d.userName, d.enableDate])).toEqual([[serial, 'bob', NOW]]);
  });

  it('refuses two codes that are not consecutive', async () => {
    const { serial, seed } = await device();
    await expectError(
      tx((t) => enableMfaDevice(t, { accountId: A, userName: 'bob', serialNumber: serial, authenticationCode1: code(seed, NOW, -2), authenticationCode2: code(seed, NOW), now: NOW })),
      'InvalidAuthenticationCode',
      'Authentication code for device is not valid.',
    );
  });

  it('refuses the same code twice', async () => {
    const { serial, seed } = await device();
    const c = code(seed, NOW);
    await expectError(
      tx((t) => enableMfaDevice(t, { accountId: A, userName: 'bob', serialNumber: serial, authenticationCode1: c, authenticationCode2: c, now: NOW })),
      'InvalidAuthenticationCode',
    );
  });

  it('refuses codes from an hour ago', async () => {
    const { serial, seed } = await device();
    const then = new Date(NOW.getTime() - 3600_000);
    await expectError(
      tx((t) => enableMfaDevice(t, { accountId: A, userName: 'bob', serialNumber: serial, authenticationCode1: code(seed, then, -1), authenticationCode2: code(seed, then), now: NOW })),
      'InvalidAuthenticationCode',
    );
  });

  it('refuses a device that is already in use', async () => {
    const { serial, seed } = await device();
    await enable(serial, seed);
    await expectError(enable(serial, seed, 'carol'), 'EntityAlreadyExists', 'MFA Device is already in use.');
  });

  it('refuses an unknown user or device', async () => {
    const { serial, seed } = await device();
    await expectError(enable(serial, seed, 'nobody'), 'NoSuchEntity', 'The user with name nobody cannot be found.');
    const missing = `arn:aws:iam::${A}:mfa/missing`;
    await expectError(enable(missing, seed), 'NoSuchEntity', `VirtualMFADevice with serial number ${missing} doesn't exist.`);
  });

  it(`allows ${MAX_MFA_DEVICES_PER_USER} devices per user and no more`, async () => {
    for (let i = 0; i < MAX_MFA_DEVICES_PER_USER; i++) {
      const d = await device(`d${i}`);
      await enable(d.serial, d.seed);
    }
    const extra = await device('extra');
    await expectError(enable(extra.serial, extra.seed), 'LimitExceeded', 'Cannot exceed quota for MFADevicesPerUser: 8');
  });
});

describe('verifyMfaCode', () => {
  it('accepts the current code of an enabled device and one step either side', async () => {
    const { serial, seed } = await device();
    await enable(serial, seed);
    for (const offset of [-1, 0, 1]) expect(await tx((t) => verifyMfaCode(t, A, serial, code(seed, NOW, offset), NOW))).toBe(true);
  });

  it('refuses a code two steps away, a malformed code and an unassigned device', async () => {
    const { serial, seed } = await device();
    expect(await tx((t) => verifyMfaCode(t, A, serial, code(seed, NOW), NOW))).toBe(false);
    await enable(serial, seed);
    expect(await tx((t) => verifyMfaCode(t, A, serial, code(seed, NOW, 2), NOW))).toBe(false);
    expect(await tx((t) => verifyMfaCode(t, A, serial, '12345', NOW))).toBe(false);
    expect(await tx((t) => verifyMfaCode(t, A, `arn:aws:iam::${A}:mfa/none`, '123456', NOW))).toBe(false);
  });
});

describe('resync, deactivate and delete', () => {
  it('resyncs with two consecutive codes from a drifted clock', async () => {
    const { serial, seed } = await device();
    await enable(serial, seed);
    const drifted = new Date(NOW.getTime() + 5 * 60_000);
    await tx((t) =>
      resyncMfaDevice(t, { accountId: A, userName: 'bob', serialNumber: serial, authenticationCode1: code(seed, drifted), authenticationCode2: code(seed, drifted, 1), now: NOW }),
    );
  });

  it('refuses to resync a device of another user', async () => {
    const { serial, seed } = await device();
    await enable(serial, seed);
    await expectError(
      tx((t) => resyncMfaDevice(t, { accountId: A, userName: 'carol', serialNumber: serial, authenticationCode1: code(seed, NOW, -1), authenticationCode2: code(seed, NOW), now: NOW })),
      'NoSuchEntity',
      'MFA Device invalid for user.',
    );
  });

  it('refuses to delete a device in use, and deletes it once deactivated', async () => {
    const { serial, seed } = await device();
    await enable(serial, seed);
    await expectError(tx((t) => deleteVirtualMfaDevice(t, A, serial)), 'DeleteConflict', 'MFA VirtualDevice in use. Must deactivate first.');
    await tx((t) => deactivateMfaDevice(t, A, serial, 'bob'));
    await tx((t) => deleteVirtualMfaDevice(t, A, serial));
    expect(await tx((t) => listVirtualMfaDevices(t, A, 'Any'))).toEqual([]);
  });

  it('refuses to deactivate a device for a user it is not enabled for', async () => {
    const { serial, seed } = await device();
    await enable(serial, seed);
    await expectError(tx((t) => deactivateMfaDevice(t, A, serial, 'carol')), 'NoSuchEntity', 'MFA Device invalid for user.');
  });

  it('lists virtual devices by assignment, with the user of assigned ones', async () => {
    const a = await device('a');
    await device('b');
    await enable(a.serial, a.seed);
    const assigned = await tx((t) => listVirtualMfaDevices(t, A, 'Assigned'));
    expect(assigned.map((l) => [l.device.name, l.user?.userName])).toEqual([['a', 'bob']]);
    expect((await tx((t) => listVirtualMfaDevices(t, A, 'Unassigned'))).map((l) => l.device.name)).toEqual(['b']);
  });

  it('gets an enabled device without its seed', async () => {
    const { serial, seed } = await device();
    await enable(serial, seed);
    const got = await tx((t) => getMfaDevice(t, A, serial, 'bob'));
    expect(got).toMatchObject({ serialNumber: serial, userName: 'bob' });
    expect(Object.keys(got)).not.toContain('base32StringSeed');
  });

  it('tags a device', async () => {
    const { serial } = await device();
    await tx((t) => tagMfaDevice(t, A, serial, [{ Key: 'k', Value: 'v' }]));
    expect(await tx((t) => listMfaDeviceTags(t, A, serial))).toEqual([{ Key: 'k', Value: 'v' }]);
  });
});
