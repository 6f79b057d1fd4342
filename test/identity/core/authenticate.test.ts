import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Authenticator } from '../../../src/identity/index.js';
import type { SqliteStore } from '../../../src/store/index.js';
import { ACCOUNT, addUser, newStore } from './helpers.js';

const BOB = { accessKeyId: 'AKIABOBBOBBOBBOBBOB2', secretAccessKey: 'b'.repeat(40) };
const NOW = new Date('2025-06-01T00:00:00Z');

describe('Authenticator', () => {
  let store: SqliteStore;
  let auth: Authenticator;
  beforeEach(async () => {
    store = await newStore();
    auth = new Authenticator(store, { lastUsedFlushMs: 0 });
  });
  afterEach(async () => {
    await auth.close();
    await store.close();
  });

  it('resolves a root key to the account root in the signing partition', async () => {
    const { caller, secretAccessKey } = await auth.authenticate('AKIAROOTROOTROOTROOT', 'aws-cn', undefined, NOW);
    expect(secretAccessKey).toBe('r'.repeat(40));
    expect(caller).toMatchObject({ kind: 'root', arn: `arn:aws-cn:iam::${ACCOUNT}:root`, userId: ACCOUNT, partition: 'aws-cn' });
  });

  it('resolves a user key to the user', async () => {
    await addUser(store, 'bob', BOB);
    const { caller } = await auth.authenticate(BOB.accessKeyId, 'aws', undefined, NOW);
    expect(caller).toMatchObject({ kind: 'user', userName: 'bob', arn: `arn:aws:iam::${ACCOUNT}:user/bob`, temporary: false });
    expect(caller.userId).toMatch(/^AIDA/);
  });

  it('rejects unknown keys, session tokens on long-term keys and ASIA keys without a resolver', async () => {
    await expect(auth.authenticate('AKIANOPENOPENOPENOPE', 'aws', undefined, NOW)).rejects.toMatchObject({
      code: 'InvalidClientTokenId',
      message: 'The security token included in the request is invalid.',
    });
    await expect(auth.authenticate('AKIAROOTROOTROOTROOT', 'aws', 'token', NOW)).rejects.toMatchObject({ code: 'InvalidClientTokenId' });
    await expect(auth.authenticate('ASIAROOTROOTROOTROOT', 'aws', 'token', NOW)).rejects.toMatchObject({ code: 'InvalidClientTokenId' });
  });

  it('hands ASIA keys to the session resolver', async () => {
    auth.setSessionResolver({
      resolve: ({ accessKeyId }) => ({
        caller: { accountId: ACCOUNT, partition: 'aws', kind: 'roleSession', arn: 'arn:aws:sts::123456789012:assumed-role/R/s', userId: 'AROAX:s', accessKeyId, temporary: true },
        secretAccessKey: 'x'.repeat(40),
      }),
    });
    const { caller } = await auth.authenticate('ASIASESSIONSESSIONSE', 'aws', 'token', NOW);
    expect(caller.kind).toBe('roleSession');
  });

  it('sees a deactivated key and a deleted user at the next call (cache invalidated on commit)', async () => {
    await addUser(store, 'bob', BOB);
    await auth.authenticate(BOB.accessKeyId, 'aws', undefined, NOW);
    await store.transaction((tx) => tx.accessKeys.updateStatus(ACCOUNT, BOB.accessKeyId, 'Inactive'));
    await expect(auth.authenticate(BOB.accessKeyId, 'aws', undefined, NOW)).rejects.toMatchObject({ code: 'InvalidClientTokenId' });
    await store.transaction((tx) => tx.accessKeys.updateStatus(ACCOUNT, BOB.accessKeyId, 'Active'));
    await auth.authenticate(BOB.accessKeyId, 'aws', undefined, NOW);
    await store.transaction((tx) => tx.users.delete(ACCOUNT, 'bob'));
    await expect(auth.authenticate(BOB.accessKeyId, 'aws', undefined, NOW)).rejects.toMatchObject({ code: 'InvalidClientTokenId' });
  });

  it('serves repeated lookups from memory', async () => {
    const first = await auth.authenticate('AKIAROOTROOTROOTROOT', 'aws', undefined, NOW);
    const second = await auth.authenticate('AKIAROOTROOTROOTROOT', 'aws', undefined, NOW);
    expect(second.caller).toBe(first.caller);
  });

  it('drops every entry when the store is reset', async () => {
    await addUser(store, 'bob', BOB);
    await auth.authenticate(BOB.accessKeyId, 'aws', undefined, NOW);
    await store.reset();
    await expect(auth.authenticate(BOB.accessKeyId, 'aws', undefined, NOW)).rejects.toMatchObject({ code: 'InvalidClientTokenId' });
    await auth.authenticate('AKIAROOTROOTROOTROOT', 'aws', undefined, NOW);
  });

  it('writes last-used data in one batch on flush, the latest use winning', async () => {
    await addUser(store, 'bob', BOB);
    auth.recordUse(BOB.accessKeyId, { date: new Date('2025-06-01T00:00:00Z'), service: 'iam', region: 'us-east-1' });
    auth.recordUse(BOB.accessKeyId, { date: new Date('2025-06-01T00:00:05Z'), service: 'sts', region: 'eu-west-1' });
    expect((await store.transaction((tx) => tx.accessKeys.get(BOB.accessKeyId)))?.lastUsed).toBeUndefined();
    await auth.flush();
    expect((await store.transaction((tx) => tx.accessKeys.get(BOB.accessKeyId)))?.lastUsed).toEqual({
      date: new Date('2025-06-01T00:00:05Z'),
      service: 'sts',
      region: 'eu-west-1',
    });
  });

  it('ignores last-used data of a key deleted before the flush', async () => {
    await addUser(store, 'bob', BOB);
    auth.recordUse(BOB.accessKeyId, { date: NOW, service: 'iam', region: 'us-east-1' });
    auth.recordUse('AKIAROOTROOTROOTROOT', { date: NOW, service: 'iam', region: 'us-east-1' });
    await store.transaction((tx) => tx.accessKeys.delete(ACCOUNT, BOB.accessKeyId));
    await auth.flush();
    expect((await store.transaction((tx) => tx.accessKeys.get('AKIAROOTROOTROOTROOT')))?.lastUsed?.service).toBe('iam');
  });

  it('flushes pending last-used data on close', async () => {
    auth.recordUse('AKIAROOTROOTROOTROOT', { date: NOW, service: 'iam', region: 'us-east-1' });
    await auth.close();
    expect((await store.transaction((tx) => tx.accessKeys.get('AKIAROOTROOTROOTROOT')))?.lastUsed?.date).toEqual(NOW);
  });
});
