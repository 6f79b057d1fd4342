// A crash at any point loses no acknowledged write (issue 3). The built server runs in a process of its own;
// concurrent writers drive it through the real AWS SDK and it is SIGKILLed with requests in flight, at a moment
// it is provably inside a write transaction (see killInsideWriteTransaction). After a restart on the same data
// directory every acknowledged write is there, each write that was in flight happened whole or not at all, the
// secrets sealed before the crash still decrypt, and SQLite finds the file intact. Runs dist/ (`npm run build`
// first), like aws-cli.test.ts.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import Database from 'better-sqlite3';
import {
  AttachUserPolicyCommand,
  CreateAccessKeyCommand,
  CreatePolicyCommand,
  CreatePolicyVersionCommand,
  CreateUserCommand,
  DeletePolicyVersionCommand,
  DeleteUserCommand,
  GetPolicyVersionCommand,
  GetUserPolicyCommand,
  IAMClient,
  IAMServiceException,
  ListAccessKeysCommand,
  ListAttachedUserPoliciesCommand,
  ListPoliciesCommand,
  ListPolicyVersionsCommand,
  ListUserPoliciesCommand,
  ListUsersCommand,
  ListUserTagsCommand,
  NoSuchEntityException,
  PutUserPolicyCommand,
  TagUserCommand,
  UntagUserCommand,
} from '@aws-sdk/client-iam';
import type { Tag } from '@aws-sdk/client-iam';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { afterEach, describe, expect, it } from 'vitest';
import { startCliServer } from './cli-process.js';
import type { CliServer } from './cli-process.js';

const ROOT = { accessKeyId: 'AKIACASTELLANCRASH01', secretAccessKey: 'crash-test-secret-crash-test-secret-0001' };
const ACCOUNT_ID = '000000000000';
const WRITERS = 6;
/**
 * Acknowledged writes after which each cycle's kill is sent (at the next moment the server is inside a write
 * transaction): fixed, and spread over the writers' scripts.
 */
const KILL_AFTER = [37, 90, 13, 61] as const;

const dataDirs: string[] = [];
const servers: CliServer[] = [];

afterEach(async () => {
  for (const server of servers.splice(0)) await server.kill();
  for (const dir of dataDirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function newDataDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'castellan-crash-'));
  dataDirs.push(dir);
  return dir;
}

async function start(dataDir: string): Promise<CliServer> {
  const server = await startCliServer({ dataDir, rootCredentials: ROOT });
  servers.push(server);
  return server;
}

/** No retries: a retry would land on the restarted server and blur what was acknowledged before the crash. */
function iamClient(server: CliServer): IAMClient {
  return new IAMClient({ region: 'us-east-1', endpoint: server.endpoint, credentials: ROOT, maxAttempts: 1 });
}

/** An error the server answered, as opposed to a connection the kill cut (or refused). */
function isServiceError(err: unknown): boolean {
  return err instanceof IAMServiceException;
}

// ---- The writers' model: what the state of a writer's entities must be after the acknowledged writes. ----

type Doc = Record<string, unknown>;

interface UserState {
  tags: Record<string, string>;
  inline: Record<string, Doc>;
  accessKeys: number;
  /** Attached managed policies, by name, sorted. */
  attached: string[];
}

interface PolicyState {
  versions: Record<string, Doc>;
  defaultVersion: string;
}

interface Snapshot {
  users: Record<string, UserState>;
  policies: Record<string, PolicyState>;
}

interface AckedKey {
  readonly userArn: string;
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
}

interface Op {
  readonly name: string;
  send(iam: IAMClient): Promise<AckedKey | undefined>;
  apply(state: Snapshot): void;
}

const pathOf = (writer: number): string => `/crash/w${writer}/`;

function document(label: string): Doc {
  return { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:GetObject', Resource: `arn:aws:s3:::crash-test/${label}` }] };
}

async function done(pending: Promise<unknown>): Promise<undefined> {
  await pending;
  return undefined;
}

/**
 * One writer's endless script: per iteration a policy and a user, then every kind of write on them (creates,
 * overwrites, multi-row writes, deletes), so the kill lands on a different kind of write each time.
 */
function* writerScript(writer: number, cycle: number): Generator<Op> {
  const path = pathOf(writer);
  for (let i = 0; ; i++) {
    const user = `c${cycle}-w${writer}-u${i}`;
    const policy = `c${cycle}-w${writer}-p${i}`;
    const policyArn = `arn:aws:iam::${ACCOUNT_ID}:policy${path}${policy}`;
    const userArn = `arn:aws:iam::${ACCOUNT_ID}:user${path}${user}`;
    const doc = (label: string): Doc => document(`${user}/${label}`);
    const json = (label: string): string => JSON.stringify(doc(label));
    yield {
      name: `CreatePolicy ${policy}`,
      send: (iam) => done(iam.send(new CreatePolicyCommand({ PolicyName: policy, Path: path, PolicyDocument: json('v1') }))),
      apply: (s) => void (s.policies[policy] = { versions: { v1: doc('v1') }, defaultVersion: 'v1' }),
    };
    yield {
      name: `CreateUser ${user} (with tags)`,
      send: (iam) =>
        done(iam.send(new CreateUserCommand({ UserName: user, Path: path, Tags: [{ Key: 'gen', Value: '1' }, { Key: 'writer', Value: `w${writer}` }] }))),
      apply: (s) => void (s.users[user] = { tags: { gen: '1', writer: `w${writer}` }, inline: {}, accessKeys: 0, attached: [] }),
    };
    yield {
      name: `PutUserPolicy ${user}/inline`,
      send: (iam) => done(iam.send(new PutUserPolicyCommand({ UserName: user, PolicyName: 'inline', PolicyDocument: json('a') }))),
      apply: (s) => void (s.users[user]!.inline.inline = doc('a')),
    };
    yield {
      name: `CreateAccessKey ${user}`,
      send: async (iam) => {
        const key = (await iam.send(new CreateAccessKeyCommand({ UserName: user }))).AccessKey;
        if (!key?.AccessKeyId || !key.SecretAccessKey) throw new Error('CreateAccessKey returned no key');
        return { userArn, accessKeyId: key.AccessKeyId, secretAccessKey: key.SecretAccessKey };
      },
      apply: (s) => void (s.users[user]!.accessKeys += 1),
    };
    yield {
      name: `CreatePolicyVersion ${policy} v2 (set as default)`,
      send: (iam) => done(iam.send(new CreatePolicyVersionCommand({ PolicyArn: policyArn, PolicyDocument: json('v2'), SetAsDefault: true }))),
      apply: (s) => {
        const p = s.policies[policy]!;
        p.versions.v2 = doc('v2');
        p.defaultVersion = 'v2';
      },
    };
    yield {
      name: `TagUser ${user} (overwrites gen)`,
      send: (iam) => done(iam.send(new TagUserCommand({ UserName: user, Tags: [{ Key: 'gen', Value: '2' }, { Key: 'stage', Value: 'tagged' }] }))),
      apply: (s) => void Object.assign(s.users[user]!.tags, { gen: '2', stage: 'tagged' }),
    };
    yield {
      name: `AttachUserPolicy ${user} ${policy}`,
      send: (iam) => done(iam.send(new AttachUserPolicyCommand({ UserName: user, PolicyArn: policyArn }))),
      apply: (s) => void s.users[user]!.attached.push(policy),
    };
    yield {
      name: `PutUserPolicy ${user}/inline (overwrite)`,
      send: (iam) => done(iam.send(new PutUserPolicyCommand({ UserName: user, PolicyName: 'inline', PolicyDocument: json('b') }))),
      apply: (s) => void (s.users[user]!.inline.inline = doc('b')),
    };
    yield {
      name: `CreatePolicyVersion ${policy} v3`,
      send: (iam) => done(iam.send(new CreatePolicyVersionCommand({ PolicyArn: policyArn, PolicyDocument: json('v3'), SetAsDefault: false }))),
      apply: (s) => void (s.policies[policy]!.versions.v3 = doc('v3')),
    };
    yield {
      name: `DeletePolicyVersion ${policy} v1`,
      send: (iam) => done(iam.send(new DeletePolicyVersionCommand({ PolicyArn: policyArn, VersionId: 'v1' }))),
      apply: (s) => void delete s.policies[policy]!.versions.v1,
    };
    yield {
      name: `UntagUser ${user} writer`,
      send: (iam) => done(iam.send(new UntagUserCommand({ UserName: user, TagKeys: ['writer'] }))),
      apply: (s) => void delete s.users[user]!.tags.writer,
    };
    yield {
      name: `PutUserPolicy ${user}/second`,
      send: (iam) => done(iam.send(new PutUserPolicyCommand({ UserName: user, PolicyName: 'second', PolicyDocument: json('c') }))),
      apply: (s) => void (s.users[user]!.inline.second = doc('c')),
    };
  }
}

interface WriterOutcome {
  /** The state after the writes this writer saw acknowledged. */
  readonly acked: Snapshot;
  /** The write whose request was cut by the kill (sent or about to be): it may or may not have happened. */
  readonly inflight: Op | undefined;
  readonly keys: readonly AckedKey[];
}

async function runWriter(
  writer: number,
  cycle: number,
  initial: Snapshot,
  iam: IAMClient,
  onAck: () => void,
  killed: () => boolean,
): Promise<WriterOutcome> {
  const acked = structuredClone(initial);
  const keys: AckedKey[] = [];
  for (const op of writerScript(writer, cycle)) {
    let key: AckedKey | undefined;
    try {
      key = await op.send(iam);
    } catch (err) {
      if (isServiceError(err) || !killed()) throw new Error(`writer ${writer}: ${op.name} failed`, { cause: err });
      // A writer stops at its first cut request, so at most one write per writer is in doubt.
      return { acked, inflight: op, keys };
    }
    op.apply(acked);
    if (key) keys.push(key);
    onAck();
  }
  throw new Error('unreachable: the script is endless');
}

/** The server's state from the outside: is it inside a write transaction (holding SQLite's write lock)? */
function holdsWriteLock(dataDir: string): boolean {
  // timeout 0: a held lock answers SQLITE_BUSY at once. Closed before the server dies, this connection is never
  // the last one, so it never checkpoints: recovery is left to the restarted server.
  const db = new Database(join(dataDir, 'castellan.db'), { fileMustExist: true, timeout: 0 });
  try {
    db.exec('BEGIN IMMEDIATE');
    db.exec('ROLLBACK');
    return false;
  } catch (err) {
    if (String((err as { code?: unknown }).code).startsWith('SQLITE_BUSY')) return true;
    throw err;
  } finally {
    db.close();
  }
}

/**
 * SIGKILLs the server at a moment it is inside a write transaction, so the crash provably cuts a write
 * half-way: freezes it (SIGSTOP) at successive moments until it is frozen holding the write lock, then kills
 * it there. A kill sent at an arbitrary moment mostly lands between transactions (HTTP, SigV4, XML).
 */
async function killInsideWriteTransaction(server: CliServer, dataDir: string): Promise<void> {
  try {
    for (let attempt = 0; attempt < 5_000; attempt++) {
      server.pause();
      if (holdsWriteLock(dataDir)) return;
      server.resume();
      await new Promise((resolve) => setTimeout(resolve, 1));
    }
    throw new Error('the server was never caught inside a write transaction');
  } finally {
    await server.kill();
  }
}

/**
 * Runs the writers until the `killAfter`-th acknowledged write, then kills the server inside a write
 * transaction (requests of the other writers still in flight) and waits for every writer.
 */
async function crashCycle(server: CliServer, dataDir: string, cycle: number, killAfter: number, models: readonly Snapshot[]): Promise<WriterOutcome[]> {
  const iam = iamClient(server);
  let acks = 0;
  let killing: Promise<unknown> | undefined;
  const onAck = (): void => {
    // Caught here and rethrown below: a rejection nobody awaits yet would be reported as unhandled.
    if (++acks === killAfter) killing = killInsideWriteTransaction(server, dataDir).catch((err: unknown) => err);
  };
  try {
    const outcomes = await Promise.all(
      models.map((model, writer) =>
        runWriter(writer, cycle, model, iam, onAck, () => killing !== undefined).catch(async (err: unknown) => {
          await server.kill(); // a failing writer must not leave the others writing forever
          throw err;
        }),
      ),
    );
    const failure = await killing;
    if (failure !== undefined) throw failure;
    return outcomes;
  } finally {
    iam.destroy();
  }
}

// ---- Reading the state back from the restarted server. ----

const decodeDoc = (text: string | undefined): Doc => JSON.parse(decodeURIComponent(text ?? '')) as Doc;

async function observe(iam: IAMClient, writer: number): Promise<Snapshot> {
  const prefix = pathOf(writer);
  const [users, policies] = await Promise.all([
    iam.send(new ListUsersCommand({ PathPrefix: prefix, MaxItems: 1000 })),
    iam.send(new ListPoliciesCommand({ Scope: 'Local', PathPrefix: prefix, MaxItems: 1000 })),
  ]);
  expect(users.IsTruncated).toBeFalsy();
  expect(policies.IsTruncated).toBeFalsy();
  const userStates = await Promise.all(
    (users.Users ?? []).map(async ({ UserName }): Promise<[string, UserState]> => {
      const name = UserName!;
      const [tags, inlineNames, keys, attached] = await Promise.all([
        iam.send(new ListUserTagsCommand({ UserName: name, MaxItems: 1000 })),
        iam.send(new ListUserPoliciesCommand({ UserName: name, MaxItems: 1000 })),
        iam.send(new ListAccessKeysCommand({ UserName: name, MaxItems: 1000 })),
        iam.send(new ListAttachedUserPoliciesCommand({ UserName: name, MaxItems: 1000 })),
      ]);
      const inline = await Promise.all(
        (inlineNames.PolicyNames ?? []).map(async (policyName): Promise<[string, Doc]> => {
          const got = await iam.send(new GetUserPolicyCommand({ UserName: name, PolicyName: policyName }));
          return [policyName, decodeDoc(got.PolicyDocument)];
        }),
      );
      return [
        name,
        {
          tags: Object.fromEntries((tags.Tags ?? []).map((t) => [t.Key!, t.Value!])),
          inline: Object.fromEntries(inline),
          accessKeys: keys.AccessKeyMetadata?.length ?? 0,
          attached: (attached.AttachedPolicies ?? []).map((p) => p.PolicyName!).sort(),
        },
      ];
    }),
  );
  const policyStates = await Promise.all(
    (policies.Policies ?? []).map(async ({ PolicyName, Arn, DefaultVersionId }): Promise<[string, PolicyState]> => {
      const listed = await iam.send(new ListPolicyVersionsCommand({ PolicyArn: Arn }));
      const versions = await Promise.all(
        (listed.Versions ?? []).map(async ({ VersionId }): Promise<[string, Doc]> => {
          const got = await iam.send(new GetPolicyVersionCommand({ PolicyArn: Arn, VersionId }));
          return [VersionId!, decodeDoc(got.PolicyVersion?.Document)];
        }),
      );
      // The version list and the policy agree on which version is the default.
      expect((listed.Versions ?? []).filter((v) => v.IsDefaultVersion).map((v) => v.VersionId)).toEqual([DefaultVersionId]);
      return [PolicyName!, { versions: Object.fromEntries(versions), defaultVersion: DefaultVersionId! }];
    }),
  );
  return { users: Object.fromEntries(userStates), policies: Object.fromEntries(policyStates) };
}

function applied(state: Snapshot, op: Op): Snapshot {
  const next = structuredClone(state);
  op.apply(next);
  return next;
}

/**
 * Every writer's entities are exactly the acknowledged state, or that state plus the whole in-flight write.
 * Returns the state found, which the next cycle's writers start from.
 */
async function verifyAfterRestart(server: CliServer, outcomes: readonly WriterOutcome[]): Promise<Snapshot[]> {
  const iam = iamClient(server);
  try {
    return await Promise.all(
      outcomes.map(async (outcome, writer) => {
        const observed = await observe(iam, writer);
        const candidates = outcome.inflight ? [outcome.acked, applied(outcome.acked, outcome.inflight)] : [outcome.acked];
        const match = candidates.find((c) => isDeepStrictEqual(c, observed));
        // No match: show the difference from the acknowledged state (the in-flight write was: …).
        if (!match) expect(observed, `writer ${writer} (in flight: ${outcome.inflight?.name ?? 'nothing'})`).toEqual(outcome.acked);
        return observed;
      }),
    );
  } finally {
    iam.destroy();
  }
}

/** Authenticating with a key opens its sealed secret: the master key and the sealed rows survived the crash. */
async function expectKeysAuthenticate(server: CliServer, keys: readonly AckedKey[]): Promise<void> {
  await Promise.all(
    keys.map(async (key) => {
      const sts = new STSClient({ region: 'us-east-1', endpoint: server.endpoint, credentials: key, maxAttempts: 1 });
      try {
        expect((await sts.send(new GetCallerIdentityCommand({}))).Arn).toBe(key.userArn);
      } finally {
        sts.destroy();
      }
    }),
  );
}

// ---- The database file itself. ----

/** Rows a half-done write would leave: children of a missing user or policy, a default version that is not there. */
const HALF_DONE_ROWS = `
  SELECT 'user tag' AS kind, seq AS id FROM tags WHERE entity_kind = 'user' AND entity_rowid NOT IN (SELECT id FROM users)
  UNION ALL SELECT 'policy tag', seq FROM tags WHERE entity_kind = 'policy' AND entity_rowid NOT IN (SELECT id FROM policies)
  UNION ALL SELECT 'user inline policy', principal_rowid FROM inline_policies
    WHERE principal_type = 'user' AND principal_rowid NOT IN (SELECT id FROM users)
  UNION ALL SELECT 'user attachment', seq FROM policy_attachments
    WHERE principal_type = 'user' AND principal_rowid NOT IN (SELECT id FROM users)
  UNION ALL SELECT 'missing default version', id FROM policies p
    WHERE NOT EXISTS (SELECT 1 FROM policy_versions v WHERE v.policy_rowid = p.id AND v.version = p.default_version)`;

/** Opened read-only, so nothing is repaired or checkpointed before the restarted server sees the file. */
function expectDatabaseIntact(dataDir: string): void {
  const db = new Database(join(dataDir, 'castellan.db'), { readonly: true, fileMustExist: true });
  try {
    expect(db.pragma('integrity_check')).toEqual([{ integrity_check: 'ok' }]);
    expect(db.pragma('foreign_key_check')).toEqual([]);
    expect(db.prepare(HALF_DONE_ROWS).all()).toEqual([]);
  } finally {
    db.close();
  }
}

const emptySnapshot = (): Snapshot => ({ users: {}, policies: {} });

// ---- Atomicity of single requests that write many rows. ----

const FIFTY_TAGS = (name: string): Tag[] => Array.from({ length: 50 }, (_, i) => ({ Key: `k${i}`, Value: `${name}-${i}` }));

/**
 * Sends `count` requests at once and, after the `killAfter`-th response, kills the server inside a write
 * transaction; true for each acknowledged request.
 */
async function sendAndKill(
  server: CliServer,
  dataDir: string,
  count: number,
  killAfter: number,
  send: (iam: IAMClient, i: number) => Promise<unknown>,
): Promise<boolean[]> {
  const iam = iamClient(server);
  let acks = 0;
  let killing: Promise<unknown> | undefined;
  try {
    const results = await Promise.all(
      Array.from({ length: count }, (_, i) =>
        send(iam, i).then(
          () => {
            if (++acks === killAfter) killing = killInsideWriteTransaction(server, dataDir).catch((err: unknown) => err);
            return true;
          },
          (err: unknown) => {
            if (isServiceError(err) || killing === undefined) throw err;
            return false;
          },
        ),
      ),
    );
    const failure = await killing;
    if (failure !== undefined) throw failure;
    return results;
  } finally {
    iam.destroy();
  }
}

/** The user's 50 tags, or undefined when the user does not exist. */
async function tagsOf(iam: IAMClient, userName: string): Promise<Tag[] | undefined> {
  try {
    return (await iam.send(new ListUserTagsCommand({ UserName: userName, MaxItems: 1000 }))).Tags ?? [];
  } catch (err) {
    if (err instanceof NoSuchEntityException) return undefined;
    throw err;
  }
}

describe('castellan serve killed with SIGKILL', () => {
  it('keeps every acknowledged write, and nothing half-done, across repeated kills and restarts', { timeout: 90_000 }, async () => {
    const dataDir = newDataDir();
    let models = Array.from({ length: WRITERS }, emptySnapshot);
    const keys: AckedKey[] = [];
    let server = await start(dataDir);
    for (const [cycle, killAfter] of KILL_AFTER.entries()) {
      const outcomes = await crashCycle(server, dataDir, cycle, killAfter, models);
      expectDatabaseIntact(dataDir); // as the crash left it, before any recovery by the server
      server = await start(dataDir);
      models = await verifyAfterRestart(server, outcomes);
      keys.push(...outcomes.flatMap((o) => o.keys));
      await expectKeysAuthenticate(server, keys);
    }
    expect(keys.length).toBeGreaterThan(0);
    expect(await server.stop()).toBe(0);
    expectDatabaseIntact(dataDir);
  });

  it('a CreateUser in flight at the kill left the user with all 50 tags, or no user at all', { timeout: 45_000 }, async () => {
    const dataDir = newDataDir();
    const names = Array.from({ length: 40 }, (_, i) => `atomic-create-${i}`);
    const acked = await sendAndKill(await start(dataDir), dataDir, names.length, 2, (iam, i) =>
      iam.send(new CreateUserCommand({ UserName: names[i], Path: '/atomic/', Tags: FIFTY_TAGS(names[i]!) })),
    );
    // Some requests were cut, or the kill proved nothing.
    expect(acked.filter((a) => !a).length).toBeGreaterThan(0);
    expectDatabaseIntact(dataDir);
    const server = await start(dataDir);
    const iam = iamClient(server);
    try {
      for (const [i, name] of names.entries()) {
        const tags = await tagsOf(iam, name);
        if (acked[i] || tags !== undefined) expect(tags, name).toEqual(FIFTY_TAGS(name));
      }
    } finally {
      iam.destroy();
    }
  });

  it('a DeleteUser in flight at the kill removed the user and its 50 tags together, or neither', { timeout: 45_000 }, async () => {
    const dataDir = newDataDir();
    const names = Array.from({ length: 40 }, (_, i) => `atomic-delete-${i}`);
    let server = await start(dataDir);
    const setup = iamClient(server);
    try {
      for (const name of names) await setup.send(new CreateUserCommand({ UserName: name, Path: '/atomic/', Tags: FIFTY_TAGS(name) }));
    } finally {
      setup.destroy();
    }
    const acked = await sendAndKill(server, dataDir, names.length, 2, (iam, i) => iam.send(new DeleteUserCommand({ UserName: names[i] })));
    expect(acked.filter((a) => !a).length).toBeGreaterThan(0);
    expectDatabaseIntact(dataDir); // no tag rows of a deleted user
    server = await start(dataDir);
    const iam = iamClient(server);
    try {
      for (const [i, name] of names.entries()) {
        const tags = await tagsOf(iam, name);
        if (acked[i]) expect(tags, name).toBeUndefined();
        else if (tags !== undefined) expect(tags, name).toEqual(FIFTY_TAGS(name));
      }
    } finally {
      iam.destroy();
    }
  });
});
