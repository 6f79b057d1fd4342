// OpenID Connect and SAML providers end to end: a real server on 127.0.0.1 driven by @aws-sdk/client-iam.
import {
  AddClientIDToOpenIDConnectProviderCommand,
  CreateOpenIDConnectProviderCommand,
  CreateSAMLProviderCommand,
  DeleteOpenIDConnectProviderCommand,
  DeleteSAMLProviderCommand,
  GetOpenIDConnectProviderCommand,
  GetSAMLProviderCommand,
  ListOpenIDConnectProvidersCommand,
  ListOpenIDConnectProviderTagsCommand,
  ListSAMLProvidersCommand,
  ListSAMLProviderTagsCommand,
  RemoveClientIDFromOpenIDConnectProviderCommand,
  TagOpenIDConnectProviderCommand,
  TagSAMLProviderCommand,
  UntagOpenIDConnectProviderCommand,
  UpdateOpenIDConnectProviderThumbprintCommand,
  UpdateSAMLProviderCommand,
} from '@aws-sdk/client-iam';
import type { IAMClient } from '@aws-sdk/client-iam';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { OPENSSL_MISSING, opensslAvailable, samlMetadata, selfSignedCertificate } from '../fixtures/certs/openssl.js';
import type { TestCertificate } from '../fixtures/certs/openssl.js';
import { createUserWithKey, putUserPolicy, startTestServer } from './harness.js';
import type { TestServer } from './harness.js';

const A = '000000000000';
const URL = 'https://token.example.com/tenant';
const ARN = `arn:aws:iam::${A}:oidc-provider/token.example.com/tenant`;
const THUMB = '9e99a48a9960b14926bb7f3b02e22da2b0ab7280';

let server: TestServer;
let iam: IAMClient;

beforeAll(async () => {
  server = await startTestServer();
  iam = server.iam();
});
afterAll(async () => {
  await server.close();
});
beforeEach(async () => {
  await server.reset();
});

describe('OpenID Connect providers', () => {
  it('runs the whole lifecycle of a provider', async () => {
    const created = await iam.send(
      new CreateOpenIDConnectProviderCommand({ Url: URL, ClientIDList: ['sts.amazonaws.com'], ThumbprintList: [THUMB], Tags: [{ Key: 'team', Value: 'id' }] }),
    );
    expect(created.OpenIDConnectProviderArn).toBe(ARN);
    expect(created.Tags).toEqual([{ Key: 'team', Value: 'id' }]);

    const got = await iam.send(new GetOpenIDConnectProviderCommand({ OpenIDConnectProviderArn: ARN }));
    expect(got.Url).toBe('token.example.com/tenant');
    expect(got.ClientIDList).toEqual(['sts.amazonaws.com']);
    expect(got.ThumbprintList).toEqual([THUMB]);
    expect(got.CreateDate).toBeInstanceOf(Date);
    expect(got.Tags).toEqual([{ Key: 'team', Value: 'id' }]);

    await iam.send(new AddClientIDToOpenIDConnectProviderCommand({ OpenIDConnectProviderArn: ARN, ClientID: 'my-app' }));
    await iam.send(new RemoveClientIDFromOpenIDConnectProviderCommand({ OpenIDConnectProviderArn: ARN, ClientID: 'sts.amazonaws.com' }));
    await iam.send(new UpdateOpenIDConnectProviderThumbprintCommand({ OpenIDConnectProviderArn: ARN, ThumbprintList: ['f'.repeat(40)] }));
    const changed = await iam.send(new GetOpenIDConnectProviderCommand({ OpenIDConnectProviderArn: ARN }));
    expect(changed.ClientIDList).toEqual(['my-app']);
    expect(changed.ThumbprintList).toEqual(['f'.repeat(40)]);

    await iam.send(new TagOpenIDConnectProviderCommand({ OpenIDConnectProviderArn: ARN, Tags: [{ Key: 'env', Value: 'prod' }] }));
    await iam.send(new UntagOpenIDConnectProviderCommand({ OpenIDConnectProviderArn: ARN, TagKeys: ['team'] }));
    const tags = await iam.send(new ListOpenIDConnectProviderTagsCommand({ OpenIDConnectProviderArn: ARN }));
    expect(tags.Tags).toEqual([{ Key: 'env', Value: 'prod' }]);
    expect(tags.IsTruncated).toBe(false);

    const list = await iam.send(new ListOpenIDConnectProvidersCommand({}));
    expect(list.OpenIDConnectProviderList).toEqual([{ Arn: ARN }]);

    await iam.send(new DeleteOpenIDConnectProviderCommand({ OpenIDConnectProviderArn: ARN }));
    await expect(iam.send(new GetOpenIDConnectProviderCommand({ OpenIDConnectProviderArn: ARN }))).rejects.toMatchObject({
      name: 'NoSuchEntityException',
      message: `OpenIDConnect Provider not found for arn ${ARN}`,
      $metadata: { httpStatusCode: 404 },
    });
  });

  it('refuses a second provider for the same URL', async () => {
    await iam.send(new CreateOpenIDConnectProviderCommand({ Url: URL, ThumbprintList: [THUMB] }));
    await expect(iam.send(new CreateOpenIDConnectProviderCommand({ Url: URL, ThumbprintList: [THUMB] }))).rejects.toMatchObject({
      name: 'EntityAlreadyExistsException',
      $metadata: { httpStatusCode: 409 },
    });
  });

  it('refuses a URL that is not https', async () => {
    await expect(iam.send(new CreateOpenIDConnectProviderCommand({ Url: 'http://token.example.com' }))).rejects.toMatchObject({
      message: 'Invalid Open ID Connect Provider URL',
      $metadata: { httpStatusCode: 400 },
    });
  });

  it('refuses a thumbprint of the wrong length with a validation error', async () => {
    await expect(iam.send(new CreateOpenIDConnectProviderCommand({ Url: URL, ThumbprintList: ['abc'] }))).rejects.toMatchObject({
      name: 'ValidationError',
      message: expect.stringContaining("at 'thumbprintList.1.member' failed to satisfy constraint: Member must have length greater than or equal to 40"),
    });
  });

  it('pages through tags with MaxItems and Marker', async () => {
    const Tags = ['a', 'b', 'c'].map((k) => ({ Key: k, Value: k }));
    await iam.send(new CreateOpenIDConnectProviderCommand({ Url: URL, Tags }));
    const first = await iam.send(new ListOpenIDConnectProviderTagsCommand({ OpenIDConnectProviderArn: ARN, MaxItems: 2 }));
    expect(first.Tags?.map((t) => t.Key)).toEqual(['a', 'b']);
    expect(first.IsTruncated).toBe(true);
    const second = await iam.send(new ListOpenIDConnectProviderTagsCommand({ OpenIDConnectProviderArn: ARN, MaxItems: 2, Marker: first.Marker }));
    expect(second.Tags?.map((t) => t.Key)).toEqual(['c']);
    expect(second.IsTruncated).toBe(false);
  });

  it('authorizes creation on aws:RequestTag', async () => {
    const alice = await createUserWithKey(server, 'alice');
    await putUserPolicy(server, 'alice', 'oidc', {
      Version: '2012-10-17',
      Statement: [
        {
          Effect: 'Allow',
          Action: 'iam:CreateOpenIDConnectProvider',
          Resource: `arn:aws:iam::${A}:oidc-provider/*`,
          Condition: { StringEquals: { 'aws:RequestTag/team': 'id' } },
        },
      ],
    });
    const asAlice = server.iam(alice);
    await expect(asAlice.send(new CreateOpenIDConnectProviderCommand({ Url: URL }))).rejects.toMatchObject({
      name: 'AccessDenied',
      $metadata: { httpStatusCode: 403 },
    });
    const ok = await asAlice.send(new CreateOpenIDConnectProviderCommand({ Url: URL, Tags: [{ Key: 'team', Value: 'id' }] }));
    expect(ok.OpenIDConnectProviderArn).toBe(ARN);
  });

  it('authorizes changes on the provider ARN and its tags', async () => {
    await iam.send(new CreateOpenIDConnectProviderCommand({ Url: URL, Tags: [{ Key: 'locked', Value: 'yes' }] }));
    const bob = await createUserWithKey(server, 'bob');
    await putUserPolicy(server, 'bob', 'oidc', {
      Version: '2012-10-17',
      Statement: [
        { Effect: 'Allow', Action: 'iam:*OpenIDConnectProvider*', Resource: '*' },
        { Effect: 'Deny', Action: 'iam:DeleteOpenIDConnectProvider', Resource: '*', Condition: { StringEquals: { 'aws:ResourceTag/locked': 'yes' } } },
      ],
    });
    const asBob = server.iam(bob);
    await asBob.send(new AddClientIDToOpenIDConnectProviderCommand({ OpenIDConnectProviderArn: ARN, ClientID: 'x' }));
    await expect(asBob.send(new DeleteOpenIDConnectProviderCommand({ OpenIDConnectProviderArn: ARN }))).rejects.toMatchObject({ name: 'AccessDenied' });
  });
});

describe.skipIf(!opensslAvailable())('SAML providers', () => {
  let cert: TestCertificate;
  const SAML_ARN = `arn:aws:iam::${A}:saml-provider/Okta`;
  beforeAll(() => {
    cert = selfSignedCertificate('idp');
  });

  it('runs the whole lifecycle of a provider', async () => {
    const metadata = samlMetadata(cert, undefined, '2030-01-01T00:00:00Z');
    const created = await iam.send(new CreateSAMLProviderCommand({ Name: 'Okta', SAMLMetadataDocument: metadata, Tags: [{ Key: 'k', Value: 'v' }] }));
    expect(created.SAMLProviderArn).toBe(SAML_ARN);

    const got = await iam.send(new GetSAMLProviderCommand({ SAMLProviderArn: SAML_ARN }));
    expect(got.SAMLMetadataDocument).toBe(metadata);
    expect(got.ValidUntil).toEqual(new Date('2030-01-01T00:00:00Z'));
    expect(got.Tags).toEqual([{ Key: 'k', Value: 'v' }]);

    const updated = samlMetadata(cert, 'https://idp2.example.com', '2031-01-01T00:00:00Z');
    const up = await iam.send(new UpdateSAMLProviderCommand({ SAMLProviderArn: SAML_ARN, SAMLMetadataDocument: updated }));
    expect(up.SAMLProviderArn).toBe(SAML_ARN);

    const list = await iam.send(new ListSAMLProvidersCommand({}));
    expect(list.SAMLProviderList).toEqual([{ Arn: SAML_ARN, ValidUntil: new Date('2031-01-01T00:00:00Z'), CreateDate: expect.any(Date) }]);

    await iam.send(new TagSAMLProviderCommand({ SAMLProviderArn: SAML_ARN, Tags: [{ Key: 'k2', Value: 'v2' }] }));
    expect((await iam.send(new ListSAMLProviderTagsCommand({ SAMLProviderArn: SAML_ARN }))).Tags?.map((t) => t.Key)).toEqual(['k', 'k2']);

    await iam.send(new DeleteSAMLProviderCommand({ SAMLProviderArn: SAML_ARN }));
    await expect(iam.send(new GetSAMLProviderCommand({ SAMLProviderArn: SAML_ARN }))).rejects.toMatchObject({
      name: 'NoSuchEntityException',
      message: `Manifest not found for arn ${SAML_ARN}`,
    });
  });

  it('refuses metadata it cannot parse', async () => {
    await expect(iam.send(new CreateSAMLProviderCommand({ Name: 'Bad', SAMLMetadataDocument: `<x>${'y'.repeat(1000)}</x>` }))).rejects.toMatchObject({
      name: 'InvalidInputException',
      message: 'Could not parse metadata',
      $metadata: { httpStatusCode: 400 },
    });
  });

  it('refuses a metadata document shorter than 1000 characters', async () => {
    await expect(iam.send(new CreateSAMLProviderCommand({ Name: 'Short', SAMLMetadataDocument: '<x/>' }))).rejects.toMatchObject({
      name: 'ValidationError',
      message: expect.stringContaining('Member must have length greater than or equal to 1000'),
    });
  });
});

describe.skipIf(opensslAvailable())('SAML providers (skipped)', () => {
  it.skip(OPENSSL_MISSING, () => undefined);
});
