import { describe, expect, it } from 'vitest';
import { createAccount, ensureAccount, randomAccountId, ServiceError } from '../../../src/identity/index.js';
import { openStore } from '../../../src/store/index.js';
import { random } from './helpers.js';

describe('accounts', () => {
  it('creates an account with a random AKIA root key', async () => {
    const store = await openStore({ ephemeral: true, env: {} });
    const result = await store.transaction((tx) => ensureAccount(tx, '111111111111', random));
    expect(result.created).toBe(true);
    expect(result.createdKey?.accessKeyId).toMatch(/^AKIA[A-Z2-7]{16}$/);
    expect(result.createdKey?.secretAccessKey).toMatch(/^[A-Za-z0-9/+]{40}$/);
    const key = await store.transaction((tx) => tx.accessKeys.get(result.createdKey!.accessKeyId));
    expect(key).toMatchObject({ accountId: '111111111111', status: 'Active' });
    expect(key?.userName).toBeUndefined();
    await store.close();
  });

  it('leaves an existing account as it is', async () => {
    const store = await openStore({ ephemeral: true, env: {} });
    await store.transaction((tx) => ensureAccount(tx, '111111111111', random));
    const again = await store.transaction((tx) => ensureAccount(tx, '111111111111', random));
    expect(again).toEqual({ accountId: '111111111111', created: false });
    expect(await store.transaction((tx) => tx.accessKeys.list('111111111111'))).toHaveLength(1);
    await store.close();
  });

  it('adds a given root key to an existing account and accepts it again', async () => {
    const store = await openStore({ ephemeral: true, env: {} });
    const key = { accessKeyId: 'AKIAGIVENGIVENGIVEN2', secretAccessKey: 's'.repeat(40) };
    await store.transaction((tx) => ensureAccount(tx, '111111111111', random));
    expect((await store.transaction((tx) => ensureAccount(tx, '111111111111', random, key))).createdKey).toEqual(key);
    expect((await store.transaction((tx) => ensureAccount(tx, '111111111111', random, key))).createdKey).toBeUndefined();
    await store.close();
  });

  it('refuses a given root key whose id exists with another secret', async () => {
    const store = await openStore({ ephemeral: true, env: {} });
    const key = { accessKeyId: 'AKIAGIVENGIVENGIVEN2', secretAccessKey: 's'.repeat(40) };
    await store.transaction((tx) => ensureAccount(tx, '111111111111', random, key));
    await expect(
      store.transaction((tx) => ensureAccount(tx, '111111111111', random, { ...key, secretAccessKey: 't'.repeat(40) })),
    ).rejects.toThrow(/exists with a different secret access key/);
    await expect(store.transaction((tx) => ensureAccount(tx, '222222222222', random, key))).rejects.toBeInstanceOf(ServiceError);
    await store.close();
  });

  it('rejects an account id that is not 12 digits', async () => {
    const store = await openStore({ ephemeral: true, env: {} });
    await expect(store.transaction((tx) => ensureAccount(tx, '12345', random))).rejects.toThrow(/12 digits/);
    await store.close();
  });

  it('creates accounts with random ids and refuses a taken id', async () => {
    const store = await openStore({ ephemeral: true, env: {} });
    const a = await createAccount(store, random);
    expect(a.accountId).toMatch(/^\d{12}$/);
    expect(a.accessKeyId).toMatch(/^AKIA/);
    await expect(createAccount(store, random, a.accountId)).rejects.toMatchObject({ code: 'EntityAlreadyExists' });
    expect(randomAccountId(random)).toMatch(/^\d{12}$/);
    await store.close();
  });
});
