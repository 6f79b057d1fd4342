// The in-memory store behind `castellan serve --ephemeral` and POST /_castellan/reset.
import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { StoreError, openStore } from '../../src/store/index.js';
import type { ChangeSet } from '../../src/store/index.js';
import { ACCOUNT, OTHER_ACCOUNT, accessKey, account, policy, role, user } from './fixtures.js';
import { tempDir } from './harness.js';

describe('ephemeral store', () => {
  it('empties every account on reset but keeps accounts and root keys', async () => {
    const store = await openStore({ ephemeral: true, env: {} });
    const rootKey = accessKey();
    const userKey = accessKey('bob');
    await store.transaction(async (t) => {
      await t.accounts.create(account(ACCOUNT));
      await t.accounts.create(account(OTHER_ACCOUNT));
      await t.accountAliases.create(ACCOUNT, 'acme');
      await t.accessKeys.create(rootKey);
      await t.users.create(user('bob'));
      await t.accessKeys.create(userKey);
      await t.roles.create(role('app'));
      await t.policies.create(policy('Read'));
      await t.credentialReports.put({ accountId: ACCOUNT, csv: 'user,arn', generatedTime: new Date(0) });
    });
    await store.reset();
    await store.transaction(async (t) => {
      expect((await t.accounts.list()).map((a) => a.accountId)).toEqual([ACCOUNT, OTHER_ACCOUNT]);
      expect((await t.accessKeys.get(rootKey.accessKeyId))?.secretAccessKey).toBe(rootKey.secretAccessKey);
      expect(await t.accessKeys.get(userKey.accessKeyId)).toBeUndefined();
      expect(await t.users.list(ACCOUNT)).toEqual([]);
      expect(await t.roles.list(ACCOUNT)).toEqual([]);
      expect(await t.policies.list(ACCOUNT)).toEqual([]);
      expect(await t.accountAliases.get(ACCOUNT)).toBeUndefined();
      expect(await t.credentialReports.get(ACCOUNT)).toBeUndefined();
    });
    await store.close();
  });

  it('tells commit listeners that everything was reset', async () => {
    const store = await openStore({ ephemeral: true, env: {} });
    await store.transaction((t) => t.accounts.create(account()));
    const seen: ChangeSet[] = [];
    store.onCommit((c) => seen.push(c));
    await store.reset();
    expect(seen.map((c) => [c.reset, [...c.accountIds]])).toEqual([[true, [ACCOUNT]]]);
    await store.close();
  });

  it('refuses to reset a store on disk', async () => {
    const dir = tempDir();
    const store = await openStore({ dataDir: dir, masterKey: Buffer.alloc(32, 1) });
    await expect(store.reset()).rejects.toBeInstanceOf(StoreError);
    await store.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('refuses transactions after close', async () => {
    const store = await openStore({ ephemeral: true, env: {} });
    await store.close();
    await expect(store.transaction((t) => t.accounts.list())).rejects.toThrow(/closed/);
  });
});
