// List<Entity>Tags pages tags whatever their keys' order: walking the pages with MaxItems=1 and the returned
// Marker yields the unpaged list, every tag once, for every taggable entity.
import {
  CreateInstanceProfileCommand,
  CreatePolicyCommand,
  CreateRoleCommand,
  CreateUserCommand,
  ListInstanceProfileTagsCommand,
  ListPolicyTagsCommand,
  ListRoleTagsCommand,
  ListUserTagsCommand,
  TagInstanceProfileCommand,
  TagPolicyCommand,
  TagRoleCommand,
  TagUserCommand,
} from '@aws-sdk/client-iam';
import type { IAMClient, Tag } from '@aws-sdk/client-iam';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer } from './harness.js';
import type { TestServer } from './harness.js';

// Deliberately not in key order: a marker compared by key order would skip "alpha" and repeat nothing else.
const TAGS: Tag[] = [
  { Key: 'zulu', Value: '1' },
  { Key: 'alpha', Value: '2' },
  { Key: 'mike', Value: '3' },
];
const TRUST = JSON.stringify({
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' }, Action: 'sts:AssumeRole' }],
});
const POLICY = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:GetObject', Resource: '*' }] });

type Lister = (marker: string | undefined) => Promise<{ Tags?: Tag[]; IsTruncated?: boolean; Marker?: string }>;

async function walk(list: Lister): Promise<string[]> {
  const keys: string[] = [];
  let marker: string | undefined;
  for (let i = 0; i < 10; i++) {
    const page = await list(marker);
    keys.push(...(page.Tags ?? []).map((t) => t.Key ?? ''));
    if (!page.IsTruncated) return keys;
    marker = page.Marker;
  }
  throw new Error('pagination did not end');
}

describe('List*Tags pagination', () => {
  let server: TestServer;
  let iam: IAMClient;
  let policyArn: string;

  beforeAll(async () => {
    server = await startTestServer();
    iam = server.iam();
    await iam.send(new CreateUserCommand({ UserName: 'u' }));
    await iam.send(new CreateRoleCommand({ RoleName: 'r', AssumeRolePolicyDocument: TRUST }));
    await iam.send(new CreateInstanceProfileCommand({ InstanceProfileName: 'p' }));
    policyArn = (await iam.send(new CreatePolicyCommand({ PolicyName: 'm', PolicyDocument: POLICY }))).Policy!.Arn!;
    // One tag per call: whatever order a single call stores its tags in, these end up out of key order.
    for (const tag of TAGS) {
      await iam.send(new TagUserCommand({ UserName: 'u', Tags: [tag] }));
      await iam.send(new TagRoleCommand({ RoleName: 'r', Tags: [tag] }));
      await iam.send(new TagInstanceProfileCommand({ InstanceProfileName: 'p', Tags: [tag] }));
      await iam.send(new TagPolicyCommand({ PolicyArn: policyArn, Tags: [tag] }));
    }
  });

  afterAll(() => server.close());

  /** One tag per page gives the same keys, in the same order, as one page of everything. */
  async function expectWalkable(list: (maxItems: number, marker: string | undefined) => ReturnType<Lister>): Promise<void> {
    const whole = ((await list(100, undefined)).Tags ?? []).map((t) => t.Key ?? '');
    expect([...whole].sort()).toEqual(TAGS.map((t) => t.Key).sort());
    expect(await walk((marker) => list(1, marker))).toEqual(whole);
  }

  it('walks a user’s tags one page at a time', async () => {
    await expectWalkable((MaxItems, Marker) => iam.send(new ListUserTagsCommand({ UserName: 'u', MaxItems, Marker })));
  });

  it('walks a role’s tags one page at a time', async () => {
    await expectWalkable((MaxItems, Marker) => iam.send(new ListRoleTagsCommand({ RoleName: 'r', MaxItems, Marker })));
  });

  it('walks an instance profile’s tags one page at a time', async () => {
    await expectWalkable((MaxItems, Marker) => iam.send(new ListInstanceProfileTagsCommand({ InstanceProfileName: 'p', MaxItems, Marker })));
  });

  it('walks a managed policy’s tags one page at a time', async () => {
    await expectWalkable((MaxItems, Marker) => iam.send(new ListPolicyTagsCommand({ PolicyArn: policyArn, MaxItems, Marker })));
  });
});
