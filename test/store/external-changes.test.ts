// Two processes sharing one SQLite file (`serve --workers`, or a CLI next to the server): each store's caches
// must learn about the other's commits. Two connections in one test process are two processes to SQLite.
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openStore } from '../../src/store/index.js';
import type { ChangeSet, Store } from '../../src/store/index.js';
import { account, user } from './fixtures.js';
import { tempDir } from './harness.js';

describe('changes committed by another process', () => {
  let dir: string;
  let mine: Store;
  let theirs: Store;
  let seen: ChangeSet[];

  beforeEach(async () => {
    dir = tempDir();
    const masterKey = randomBytes(32);
    mine = await openStore({ dataDir: dir, masterKey, env: {} });
    theirs = await openStore({ dataDir: dir, masterKey, env: {} });
    await mine.transaction((tx) => tx.accounts.create(account()));
    seen = [];
    mine.onCommit((changes) => seen.push(changes));
    mine.syncExternalChanges();
  });

  afterEach(async () => {
    await mine.close();
    await theirs.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('reaches the listeners as a reset at the next sync', async () => {
    await theirs.transaction((tx) => tx.users.create(user('alice')));
    expect(seen).toEqual([]);
    mine.syncExternalChanges();
    expect(seen).toHaveLength(1);
    expect(seen[0]?.reset).toBe(true);
  });

  it('is reported once, not at every later sync', async () => {
    await theirs.transaction((tx) => tx.users.create(user('alice')));
    mine.syncExternalChanges();
    mine.syncExternalChanges();
    expect(seen).toHaveLength(1);
  });

  it('is not reported when nobody else committed', () => {
    mine.syncExternalChanges();
    expect(seen).toEqual([]);
  });

  it('leaves the store’s own commits to the ordinary commit notice', async () => {
    await mine.transaction((tx) => tx.users.create(user('bob')));
    expect(seen).toHaveLength(1);
    expect(seen[0]?.reset).toBe(false);
    mine.syncExternalChanges();
    expect(seen).toHaveLength(1);
  });

  it('is a no-op on an ephemeral store', async () => {
    const memory = await openStore({ ephemeral: true, env: {} });
    const calls: ChangeSet[] = [];
    memory.onCommit((c) => calls.push(c));
    memory.syncExternalChanges();
    expect(calls).toEqual([]);
    await memory.close();
  });
});
