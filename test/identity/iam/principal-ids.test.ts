// Users and roles in trust policies, kept by unique ID, against a real (in-memory) store: the token rewrite
// that leaves the rest of a document alone, which principal strings name an entity, and what DeleteUser,
// DeleteRole, DeleteServiceLinkedRole, UpdateUser and CreateRole do to the trust policies of every account.
import { randomBytes } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { namesEntity, replaceAwsPrincipals } from '../../../src/identity/iam/principal-ids.js';
import type { TrustedEntity } from '../../../src/identity/iam/principal-ids.js';
import { createRole, deleteRole, updateAssumeRolePolicy } from '../../../src/identity/iam/roles.js';
import type { IamScope } from '../../../src/identity/iam/roles.js';
import { createServiceLinkedRole, deleteServiceLinkedRole } from '../../../src/identity/iam/service-linked-roles.js';
import { createUser, deleteUser, updateUser } from '../../../src/identity/iam/users.js';
import { ServiceError } from '../../../src/identity/errors.js';
import { openStore } from '../../../src/store/index.js';
import type { Store, StoreTx } from '../../../src/store/index.js';
import { ACCOUNT, OTHER_ACCOUNT, account } from '../../store/fixtures.js';

const NOW = new Date('2025-01-02T03:04:05Z');
const random = (n: number): Uint8Array => randomBytes(n);
const scopeOf = (accountId: string): IamScope => ({ accountId, partition: 'aws', now: NOW, random });
const trust = (aws: string | string[]): string =>
  JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: aws }, Action: 'sts:AssumeRole' }] });
const roleArn = (accountId: string, name: string, path = '/'): string => `arn:aws:iam::${accountId}:role${path}${name}`;
const userArn = (accountId: string, name: string, path = '/'): string => `arn:aws:iam::${accountId}:user${path}${name}`;

let store: Store;
const run = <T>(fn: (tx: StoreTx) => Promise<T>): Promise<T> => store.transaction(fn);
const newRole = (roleName: string, document: string, accountId = ACCOUNT, path?: string): Promise<string> =>
  run(async (tx) => (await createRole(tx, scopeOf(accountId), { roleName, assumeRolePolicyDocument: document, ...(path && { path }) })).role.roleId);
const newUser = (userName: string): Promise<string> =>
  run(async (tx) => (await createUser(tx, { accountId: ACCOUNT, partition: 'aws', userName, now: NOW, random })).user.userId);
const trustOf = (roleName: string, accountId = ACCOUNT): Promise<string | undefined> =>
  run(async (tx) => (await tx.roles.get(accountId, roleName))?.assumeRolePolicyDocument);

beforeEach(async () => {
  store = await openStore({ ephemeral: true, env: {} });
  await run(async (tx) => {
    await tx.accounts.create(account(ACCOUNT));
    await tx.accounts.create(account(OTHER_ACCOUNT));
  });
});

afterEach(async () => {
  await store.close();
});

describe('replaceAwsPrincipals', () => {
  it('replaces the whole JSON token, escapes included, and keeps every other character', () => {
    const text = '{ "Statement" : [ {"Effect":"Allow", "Principal": {"AWS": [ "a", "arn:aws:iam::1:role\\/x" ]}, "Action":"sts:AssumeRole"} ] }';
    expect(replaceAwsPrincipals(text, (v) => (v === 'arn:aws:iam::1:role/x' ? 'AROAX' : undefined))).toBe(
      '{ "Statement" : [ {"Effect":"Allow", "Principal": {"AWS": [ "a", "AROAX" ]}, "Action":"sts:AssumeRole"} ] }',
    );
  });

  it('answers undefined when no principal changes', () => {
    expect(replaceAwsPrincipals(trust('a'), () => undefined)).toBeUndefined();
    expect(replaceAwsPrincipals(trust('a'), (v) => v)).toBeUndefined();
  });

  it('leaves Service and Federated principals alone', () => {
    const text = JSON.stringify({ Statement: [{ Effect: 'Allow', Principal: { Service: 'x', Federated: 'x' }, Action: 'sts:AssumeRole' }] });
    expect(replaceAwsPrincipals(text, () => 'AROAX')).toBeUndefined();
  });
});

describe('namesEntity', () => {
  const role: TrustedEntity = { kind: 'role', accountId: ACCOUNT, name: 'App', path: '/team/' };

  it('matches the ARN with its path, the name in any case', () => {
    expect(namesEntity(roleArn(ACCOUNT, 'App', '/team/'), role)).toBe(true);
    expect(namesEntity(roleArn(ACCOUNT, 'APP', '/team/'), role)).toBe(true);
  });

  it('does not match another path, account, kind, a session or the account', () => {
    expect(namesEntity(roleArn(ACCOUNT, 'App'), role)).toBe(false);
    expect(namesEntity(roleArn(OTHER_ACCOUNT, 'App', '/team/'), role)).toBe(false);
    expect(namesEntity(userArn(ACCOUNT, 'App', '/team/'), role)).toBe(false);
    expect(namesEntity(`arn:aws:sts::${ACCOUNT}:assumed-role/App/s`, role)).toBe(false);
    expect(namesEntity(ACCOUNT, role)).toBe(false);
  });
});

describe('deleting a trusted entity', () => {
  it('DeleteRole rewrites the role’s ARN to its unique ID in the trust policies of every account', async () => {
    const id = await newRole('Caller', trust(ACCOUNT));
    await newRole('Here', trust(roleArn(ACCOUNT, 'Caller')));
    await newRole('There', trust(roleArn(ACCOUNT, 'Caller')), OTHER_ACCOUNT);
    await run((tx) => deleteRole(tx, ACCOUNT, 'Caller'));
    expect(await trustOf('Here')).toBe(trust(id));
    expect(await trustOf('There', OTHER_ACCOUNT)).toBe(trust(id));
  });

  it('DeleteRole rewrites an ARN spelling the name in another case, as it resolved to the same role', async () => {
    const id = await newRole('Caller', trust(ACCOUNT));
    await newRole('Target', trust(roleArn(ACCOUNT, 'CALLER')));
    await run((tx) => deleteRole(tx, ACCOUNT, 'Caller'));
    expect(await trustOf('Target')).toBe(trust(id));
  });

  it('DeleteRole rewrites an ARN written with JSON \\u escapes', async () => {
    const id = await newRole('Caller', trust(ACCOUNT));
    const escaped = trust(roleArn(ACCOUNT, 'Caller')).replace('Caller', '\\u0043aller');
    await newRole('Target', escaped);
    await run((tx) => deleteRole(tx, ACCOUNT, 'Caller'));
    expect(await trustOf('Target')).toBe(trust(id));
  });

  it('DeleteUser rewrites the user’s ARN to its unique ID and leaves a same-named role alone', async () => {
    const id = await newUser('bob');
    await newRole('bob', trust(ACCOUNT));
    await newRole('Target', trust([userArn(ACCOUNT, 'bob'), roleArn(ACCOUNT, 'bob')]));
    await run((tx) => deleteUser(tx, ACCOUNT, 'bob'));
    expect(await trustOf('Target')).toBe(trust([id, roleArn(ACCOUNT, 'bob')]));
  });

  it('DeleteServiceLinkedRole rewrites the role’s ARN to its unique ID', async () => {
    const slr = await run((tx) => createServiceLinkedRole(tx, scopeOf(ACCOUNT), { awsServiceName: 'autoscaling.amazonaws.com' }));
    await newRole('Target', trust(slr.arn));
    await run((tx) => deleteServiceLinkedRole(tx, ACCOUNT, slr.roleName, random));
    expect(await trustOf('Target')).toBe(trust(slr.roleId));
  });
});

describe('renaming a trusted user', () => {
  it('UpdateUser rewrites the user’s old ARN to its new one', async () => {
    await newUser('bob');
    await newRole('Target', trust(userArn(ACCOUNT, 'bob')));
    await run((tx) => updateUser(tx, ACCOUNT, 'bob', { newUserName: 'robert', newPath: '/staff/' }));
    expect(await trustOf('Target')).toBe(trust(userArn(ACCOUNT, 'robert', '/staff/')));
  });
});

describe('a unique ID in a new trust policy', () => {
  it('names an existing user or role and is stored as its ARN', async () => {
    const userId = await newUser('bob');
    const roleId = await newRole('Caller', trust(ACCOUNT), OTHER_ACCOUNT, '/team/');
    await newRole('Target', trust(ACCOUNT));
    await run((tx) => updateAssumeRolePolicy(tx, ACCOUNT, 'Target', trust([userId, roleId])));
    expect(await trustOf('Target')).toBe(trust([userArn(ACCOUNT, 'bob'), roleArn(OTHER_ACCOUNT, 'Caller', '/team/')]));
  });

  it('is refused with Invalid principal when it names no user or role', async () => {
    const error = await newRole('Target', trust('AROAAAAAAAAAAAAAAAAAA')).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ServiceError);
    expect(error).toMatchObject({ code: 'MalformedPolicyDocument', message: 'Invalid principal in policy: "AWS":"AROAAAAAAAAAAAAAAAAAA"' });
  });
});
