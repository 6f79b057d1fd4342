// A transaction remembers the rowid of a user or role it has read, so reading its tags needs no second lookup.
// Any write forgets them: a rowid read before a delete and re-create must not reach the new row's children.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openStore } from '../../src/store/index.js';
import type { Store } from '../../src/store/index.js';
import { account, user } from './fixtures.js';

const ACCOUNT = '123456789012';
const target = (name: string) => ({ kind: 'user' as const, accountId: ACCOUNT, name });

describe('rowids remembered within a transaction', () => {
  let store: Store;

  beforeEach(async () => {
    store = await openStore({ ephemeral: true, env: {} });
    await store.transaction(async (tx) => {
      await tx.accounts.create(account(ACCOUNT));
      await tx.users.create(user('alice', { accountId: ACCOUNT }));
      await tx.tags.set(target('alice'), [{ Key: 'team', Value: 'old' }]);
    });
  });

  afterEach(async () => {
    await store.close();
  });

  it('serve the tags of the user just read', async () => {
    const tags = await store.transaction(async (tx) => {
      await tx.users.get(ACCOUNT, 'alice');
      return tx.tags.list(target('alice'));
    });
    expect(tags).toEqual([{ Key: 'team', Value: 'old' }]);
  });

  it('are forgotten when the user is deleted in the same transaction', async () => {
    const listed = store.transaction(async (tx) => {
      await tx.users.get(ACCOUNT, 'alice');
      await tx.tags.set(target('alice'), []);
      await tx.users.delete(ACCOUNT, 'alice');
      return tx.tags.list(target('alice'));
    });
    await expect(listed).rejects.toMatchObject({ name: 'StoreNotFoundError' });
  });

  it('do not survive into the next transaction', async () => {
    await store.transaction(async (tx) => tx.users.get(ACCOUNT, 'alice'));
    await store.transaction(async (tx) => {
      await tx.tags.set(target('alice'), []);
      await tx.users.delete(ACCOUNT, 'alice');
    });
    await expect(store.transaction((tx) => tx.tags.list(target('alice')))).rejects.toMatchObject({ name: 'StoreNotFoundError' });
  });
});
