// Inline policies of users, groups and roles, against a real (in-memory) store.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ServiceError } from '../../../src/identity/errors.js';
import { deleteInlinePolicy, getInlinePolicy, listInlinePolicyNames, putInlinePolicy } from '../../../src/identity/iam/inline-policies.js';
import type { PrincipalType } from '../../../src/model/index.js';
import { awsPolicyError, policySize } from '../../../src/policy/index.js';
import { openStore } from '../../../src/store/index.js';
import type { Store, StoreTx } from '../../../src/store/index.js';
import { ACCOUNT, account, group, role, user } from '../../store/fixtures.js';

const DOC = '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"*"}]}';

let store: Store;
const run = <T>(fn: (tx: StoreTx) => Promise<T>): Promise<T> => store.transaction(fn);

async function expectServiceError(promise: Promise<unknown>, code: string, message: string): Promise<void> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ServiceError);
  expect({ code: (error as ServiceError).code, message: (error as ServiceError).message }).toEqual({ code, message });
}

const put = (principalType: PrincipalType, principalName: string, policyName: string, document = DOC) =>
  run((tx) => putInlinePolicy(tx, { accountId: ACCOUNT, principalType, principalName, policyName, document }));

/** A valid document of exactly `size` characters (no whitespace) by padding a resource name. */
function docOfSize(size: number): string {
  const base = '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"arn:aws:s3:::"}]}';
  const doc = base.replace('arn:aws:s3:::', `arn:aws:s3:::${'x'.repeat(size - base.length)}`);
  expect(policySize(doc)).toBe(size);
  return doc;
}

beforeEach(async () => {
  store = await openStore({ ephemeral: true, env: {} });
  await run(async (tx) => {
    await tx.accounts.create(account());
    await tx.users.create(user('alice'));
    await tx.groups.create(group('devs'));
    await tx.roles.create(role('app'));
    await tx.roles.create(role('AWSServiceRoleForECS', '/aws-service-role/ecs.amazonaws.com/'));
  });
});

afterEach(async () => {
  await store.close();
});

describe.each([
  ['user', 'alice', 2048],
  ['group', 'devs', 5120],
  ['role', 'app', 10240],
] as const)('%s inline policies', (type, name, limit) => {
  it('puts, gets, replaces, lists and deletes', async () => {
    await put(type, name, 'b');
    await put(type, name, 'A');
    expect(await run((tx) => listInlinePolicyNames(tx, ACCOUNT, type, name))).toEqual(['A', 'b']);
    const doc2 = DOC.replace('GetObject', 'PutObject');
    await put(type, name, 'b', doc2);
    expect((await run((tx) => getInlinePolicy(tx, ACCOUNT, type, name, 'b'))).document).toBe(doc2);
    await run((tx) => deleteInlinePolicy(tx, ACCOUNT, type, name, 'b'));
    expect(await run((tx) => listInlinePolicyNames(tx, ACCOUNT, type, name))).toEqual(['A']);
  });

  it(`allows ${limit} characters in all and refuses one more`, async () => {
    await put(type, name, 'one', docOfSize(limit - 200));
    await put(type, name, 'two', docOfSize(200));
    await expectServiceError(
      put(type, name, 'three', docOfSize(150)),
      'LimitExceeded',
      `Maximum policy size of ${limit} bytes exceeded for ${type} ${name}`,
    );
    // Replacing a policy counts only the new text.
    await put(type, name, 'two', docOfSize(180));
    expect(await run((tx) => listInlinePolicyNames(tx, ACCOUNT, type, name))).toEqual(['one', 'two']);
  });

  it('answers a malformed document with AWS message and keeps the stored one', async () => {
    await put(type, name, 'p');
    const bad = '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:GetObject"}]}';
    await expectServiceError(put(type, name, 'p', bad), 'MalformedPolicyDocument', awsPolicyError(bad, 'identity')!.message);
    expect((await run((tx) => getInlinePolicy(tx, ACCOUNT, type, name, 'p'))).document).toBe(DOC);
  });

  it('answers a missing policy with NoSuchEntity', async () => {
    const message = `The ${type} policy with name nope cannot be found.`;
    await expectServiceError(run((tx) => getInlinePolicy(tx, ACCOUNT, type, name, 'nope')), 'NoSuchEntity', message);
    await expectServiceError(run((tx) => deleteInlinePolicy(tx, ACCOUNT, type, name, 'nope')), 'NoSuchEntity', message);
  });

  it(`answers a missing ${type} with NoSuchEntity`, async () => {
    await expectServiceError(put(type, 'ghost', 'p'), 'NoSuchEntity', `The ${type} with name ghost cannot be found.`);
  });
});

describe('inline policy rules', () => {
  it('refuses a policy with a Principal', async () => {
    const doc = '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":"s3:GetObject","Resource":"*"}]}';
    const error = await put('user', 'alice', 'p', doc).catch((e: unknown) => e);
    expect((error as ServiceError).code).toBe('MalformedPolicyDocument');
  });

  it('refuses changes to a service-linked role', async () => {
    const message = "Cannot perform the operation on the protected role 'AWSServiceRoleForECS' - this role is only modifiable by AWS";
    await expectServiceError(put('role', 'AWSServiceRoleForECS', 'p'), 'UnmodifiableEntity', message);
    await expectServiceError(run((tx) => deleteInlinePolicy(tx, ACCOUNT, 'role', 'AWSServiceRoleForECS', 'p')), 'UnmodifiableEntity', message);
  });

  it('names the user as stored in the size message', async () => {
    await put('user', 'ALICE', 'one', docOfSize(1900));
    await expectServiceError(put('user', 'ALICE', 'two', docOfSize(150)), 'LimitExceeded', 'Maximum policy size of 2048 bytes exceeded for user alice');
  });
});
