// Access keys of users and root against a real (ephemeral) store.
import { randomBytes } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ServiceError } from '../../../src/identity/errors.js';
import {
  createAccessKey,
  deleteAccessKey,
  getAccessKeyLastUsed,
  listAccessKeys,
  updateAccessKey,
} from '../../../src/identity/iam/access-keys.js';
import { createUser } from '../../../src/identity/iam/users.js';
import { openStore } from '../../../src/store/index.js';
import type { Store, StoreTx } from '../../../src/store/index.js';

const A = '111122223333';
const NOW = new Date('2025-01-01T12:00:00Z');
const BOB = { accountId: A, userName: 'bob' };
const ROOT = { accountId: A };

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

beforeEach(async () => {
  store = await openStore({ ephemeral: true, env: {} });
  await tx(async (t) => {
    await t.accounts.create({ accountId: A, createDate: NOW });
    await createUser(t, { accountId: A, partition: 'aws', userName: 'bob', now: NOW, random: randomBytes });
    await createUser(t, { accountId: A, partition: 'aws', userName: 'carol', now: NOW, random: randomBytes });
  });
});
afterEach(async () => store.close());

describe('createAccessKey', () => {
  it('creates an active AKIA key with a 40-character secret', async () => {
    const key = await tx((t) => createAccessKey(t, BOB, NOW, randomBytes));
    expect(key.accessKeyId).toMatch(/^AKIA[A-Z2-7]{16}$/);
    expect(key.secretAccessKey).toMatch(/^[A-Za-z0-9/+]{40}$/);
    expect(key.status).toBe('Active');
    expect(key.userName).toBe('bob');
  });

  it('refuses a third key with AWS quota message', async () => {
    await tx((t) => createAccessKey(t, BOB, NOW, randomBytes));
    await tx((t) => createAccessKey(t, BOB, NOW, randomBytes));
    await expectError(tx((t) => createAccessKey(t, BOB, NOW, randomBytes)), 'LimitExceeded', 'Cannot exceed quota for AccessKeysPerUser: 2');
  });

  it('creates root keys, counted apart from users', async () => {
    const key = await tx((t) => createAccessKey(t, ROOT, NOW, randomBytes));
    expect(key.userName).toBeUndefined();
    expect((await tx((t) => listAccessKeys(t, ROOT))).map((k) => k.accessKeyId)).toEqual([key.accessKeyId]);
    expect(await tx((t) => listAccessKeys(t, BOB))).toEqual([]);
  });

  it('reports a missing user', async () => {
    await expectError(tx((t) => createAccessKey(t, { accountId: A, userName: 'ghost' }, NOW, randomBytes)), 'NoSuchEntity', 'The user with name ghost cannot be found.');
  });
});

describe('listAccessKeys', () => {
  it('lists metadata without the secret', async () => {
    await tx((t) => createAccessKey(t, BOB, NOW, randomBytes));
    const [meta] = await tx((t) => listAccessKeys(t, BOB));
    expect(meta).not.toHaveProperty('secretAccessKey');
  });
});

describe('updateAccessKey / deleteAccessKey', () => {
  it('deactivates and reactivates a key', async () => {
    const key = await tx((t) => createAccessKey(t, BOB, NOW, randomBytes));
    await tx((t) => updateAccessKey(t, BOB, key.accessKeyId, 'Inactive'));
    expect((await tx((t) => listAccessKeys(t, BOB)))[0].status).toBe('Inactive');
    await tx((t) => updateAccessKey(t, BOB, key.accessKeyId, 'Active'));
    expect((await tx((t) => listAccessKeys(t, BOB)))[0].status).toBe('Active');
  });

  it('treats another user key as missing', async () => {
    const key = await tx((t) => createAccessKey(t, BOB, NOW, randomBytes));
    const message = `The Access Key with id ${key.accessKeyId} cannot be found.`;
    await expectError(tx((t) => updateAccessKey(t, { accountId: A, userName: 'carol' }, key.accessKeyId, 'Inactive')), 'NoSuchEntity', message);
    await expectError(tx((t) => deleteAccessKey(t, { accountId: A, userName: 'carol' }, key.accessKeyId)), 'NoSuchEntity', message);
  });

  it('deletes a key', async () => {
    const key = await tx((t) => createAccessKey(t, BOB, NOW, randomBytes));
    await tx((t) => deleteAccessKey(t, BOB, key.accessKeyId));
    expect(await tx((t) => listAccessKeys(t, BOB))).toEqual([]);
  });
});

describe('getAccessKeyLastUsed', () => {
  it('names the owner and has no last use for a new key', async () => {
    const key = await tx((t) => createAccessKey(t, BOB, NOW, randomBytes));
    const info = await tx((t) => getAccessKeyLastUsed(t, A, key.accessKeyId));
    expect(info.userName).toBe('bob');
    expect(info.lastUsed).toBeUndefined();
  });

  it('returns the recorded last use', async () => {
    const key = await tx((t) => createAccessKey(t, BOB, NOW, randomBytes));
    const lastUsed = { date: new Date('2025-02-01T00:00:00Z'), service: 'iam', region: 'us-east-1' };
    await tx((t) => t.accessKeys.recordLastUsed(key.accessKeyId, lastUsed));
    expect((await tx((t) => getAccessKeyLastUsed(t, A, key.accessKeyId))).lastUsed).toEqual(lastUsed);
  });

  it('does not find a key of another account', async () => {
    const key = await tx((t) => createAccessKey(t, BOB, NOW, randomBytes));
    await expectError(tx((t) => getAccessKeyLastUsed(t, '999988887777', key.accessKeyId)), 'NoSuchEntity');
  });
});
