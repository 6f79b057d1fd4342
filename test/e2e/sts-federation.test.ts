// Federation end to end: a real server on 127.0.0.1 driven by @aws-sdk/client-sts (unsigned
// AssumeRoleWithWebIdentity / AssumeRoleWithSAML) and the SDK's fromWebToken provider, a local OIDC issuer
// (keys generated per run) and SAML assertions signed by a test certificate. Every refusal is checked for
// AWS's error code.
import { randomBytes } from 'node:crypto';
import { CreateOpenIDConnectProviderCommand, CreateRoleCommand, CreateSAMLProviderCommand, ListUsersCommand, PutRolePolicyCommand } from '@aws-sdk/client-iam';
import { AssumeRoleWithSAMLCommand, AssumeRoleWithWebIdentityCommand, GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import type { AssumeRoleWithWebIdentityCommandInput } from '@aws-sdk/client-sts';
import { fromWebToken } from '@aws-sdk/credential-providers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stsHandlers } from '../../src/api/sts/index.js';
import { SessionKeyring, StsSessionResolver } from '../../src/identity/sts/index.js';
import { OidcDiscovery } from '../../src/identity/sts/oidc-discovery.js';
import { opensslAvailable, samlMetadata, selfSignedCertificate } from '../fixtures/certs/openssl.js';
import type { TestCertificate } from '../fixtures/certs/openssl.js';
import { startTestIssuer } from '../fixtures/oidc-issuer.js';
import type { TestIssuer } from '../fixtures/oidc-issuer.js';
import { base64, samlAssertion, samlResponse, signElement } from '../fixtures/saml.js';
import { startTestServer } from './harness.js';
import type { Credentials, TestServer } from './harness.js';

const GH = 'token.actions.githubusercontent.com';
const DEAD = 'https://dead.example.test';
const IDP = 'https://idp.example.com/saml';
const keyring = SessionKeyring.fromMasterKey(randomBytes(32));
let server: TestServer;
let issuer: TestIssuer;
let A: string;
let cert: TestCertificate | undefined;

const doc = (statement: object): string => JSON.stringify({ Version: '2012-10-17', Statement: statement });
const roleArn = (name: string): string => `arn:aws:iam::${A}:role/${name}`;
/** An STS client with no credentials at all: the federation calls are unsigned. */
const anonymous = (): STSClient => new STSClient({ region: 'us-east-1', endpoint: server.endpoint, maxAttempts: 1 });

async function refusal(promise: Promise<unknown>): Promise<{ name: string; message: string; status?: number }> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!(error instanceof Error)) throw new Error('the call succeeded');
  const status = (error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode;
  return { name: error.name, message: error.message, ...(status !== undefined && { status }) };
}

async function webIdentity(token: string, input: Partial<AssumeRoleWithWebIdentityCommandInput> = {}): Promise<Credentials> {
  const out = await anonymous().send(
    new AssumeRoleWithWebIdentityCommand({ RoleArn: roleArn('GitHubDeploy'), RoleSessionName: 'gha', WebIdentityToken: token, ...input }),
  );
  const c = out.Credentials;
  if (!c?.AccessKeyId || !c.SecretAccessKey || !c.SessionToken) throw new Error('no credentials');
  return { accessKeyId: c.AccessKeyId, secretAccessKey: c.SecretAccessKey, sessionToken: c.SessionToken };
}

beforeAll(async () => {
  issuer = await startTestIssuer(`https://${GH}`);
  // The server's discovery reaches the issuer on loopback; the dead issuer maps to a port nothing serves.
  const oidcDiscovery = new OidcDiscovery({
    timeoutMs: 2000,
    endpointFor: (url) => (url.startsWith(DEAD) ? 'http://127.0.0.1:9' + url.slice(DEAD.length) : issuer.endpointFor(url)),
  });
  server = await startTestServer({ extraHandlers: stsHandlers({ keyring, oidcDiscovery }) });
  server.app.authenticator.setSessionResolver(new StsSessionResolver(keyring));
  A = server.accountId;
  const iam = server.iam();
  await iam.send(new CreateOpenIDConnectProviderCommand({ Url: `https://${GH}`, ClientIDList: ['sts.amazonaws.com'] }));
  await iam.send(new CreateOpenIDConnectProviderCommand({ Url: DEAD, ClientIDList: ['sts.amazonaws.com'] }));
  const provider = `arn:aws:iam::${A}:oidc-provider/${GH}`;
  await iam.send(
    new CreateRoleCommand({
      RoleName: 'GitHubDeploy',
      AssumeRolePolicyDocument: doc({
        Effect: 'Allow',
        Principal: { Federated: provider },
        Action: 'sts:AssumeRoleWithWebIdentity',
        Condition: {
          StringEquals: { [`${GH}:aud`]: 'sts.amazonaws.com' },
          StringLike: { [`${GH}:sub`]: 'repo:org/repo:ref:refs/heads/main' },
        },
      }),
    }),
  );
  await iam.send(new PutRolePolicyCommand({ RoleName: 'GitHubDeploy', PolicyName: 'read', PolicyDocument: doc({ Effect: 'Allow', Action: 'iam:ListUsers', Resource: '*' }) }));
  await iam.send(
    new CreateRoleCommand({
      RoleName: 'DeadIdp',
      AssumeRolePolicyDocument: doc({ Effect: 'Allow', Principal: { Federated: `arn:aws:iam::${A}:oidc-provider/dead.example.test` }, Action: 'sts:AssumeRoleWithWebIdentity' }),
    }),
  );
  if (opensslAvailable()) {
    cert = selfSignedCertificate('castellan-e2e-idp');
    await iam.send(new CreateSAMLProviderCommand({ Name: 'Corp', SAMLMetadataDocument: samlMetadata(cert, IDP) }));
    await iam.send(
      new CreateRoleCommand({
        RoleName: 'SamlAdmin',
        AssumeRolePolicyDocument: doc({
          Effect: 'Allow',
          Principal: { Federated: `arn:aws:iam::${A}:saml-provider/Corp` },
          Action: 'sts:AssumeRoleWithSAML',
          Condition: { StringEquals: { 'SAML:aud': 'https://signin.aws.amazon.com/saml' } },
        }),
      }),
    );
    await iam.send(new PutRolePolicyCommand({ RoleName: 'SamlAdmin', PolicyName: 'read', PolicyDocument: doc({ Effect: 'Allow', Action: 'iam:ListUsers', Resource: '*' }) }));
  }
});

afterAll(async () => {
  await server?.close();
  await issuer?.close();
});

describe('AssumeRoleWithWebIdentity', () => {
  it('answers an unsigned SDK call with a role session that the IAM API accepts', async () => {
    const token = await issuer.token();
    const out = await anonymous().send(new AssumeRoleWithWebIdentityCommand({ RoleArn: roleArn('GitHubDeploy'), RoleSessionName: 'gha', WebIdentityToken: token }));
    expect(out).toMatchObject({
      SubjectFromWebIdentityToken: 'repo:org/repo:ref:refs/heads/main',
      Provider: `arn:aws:iam::${A}:oidc-provider/${GH}`,
      Audience: 'sts.amazonaws.com',
      AssumedRoleUser: { Arn: `arn:aws:sts::${A}:assumed-role/GitHubDeploy/gha` },
    });
    expect(out.AssumedRoleUser?.AssumedRoleId).toMatch(/^AROA[A-Z2-7]+:gha$/);
    expect(out.Credentials?.AccessKeyId).toMatch(/^ASIA/);
    const session = { accessKeyId: out.Credentials!.AccessKeyId!, secretAccessKey: out.Credentials!.SecretAccessKey!, sessionToken: out.Credentials!.SessionToken! };
    await expect(server.iam(session).send(new ListUsersCommand({}))).resolves.toBeDefined();
    expect((await server.sts(session).send(new GetCallerIdentityCommand({}))).Arn).toBe(`arn:aws:sts::${A}:assumed-role/GitHubDeploy/gha`);
  });

  it("works with the SDK's fromWebToken credential provider", async () => {
    const provider = fromWebToken({
      roleArn: roleArn('GitHubDeploy'),
      roleSessionName: 'sdk',
      webIdentityToken: await issuer.token(),
      clientConfig: { region: 'us-east-1', endpoint: server.endpoint, maxAttempts: 1 },
    });
    const credentials = await provider();
    expect(credentials.accessKeyId).toMatch(/^ASIA/);
    await expect(server.iam(credentials).send(new ListUsersCommand({}))).resolves.toBeDefined();
  });

  it('refuses a wrong audience (InvalidIdentityToken)', async () => {
    expect(await refusal(webIdentity(await issuer.token({ aud: 'not-a-client' })))).toMatchObject({
      name: 'InvalidIdentityTokenException',
      message: 'Incorrect token audience',
      status: 400,
    });
  });

  it('refuses an expired token (ExpiredTokenException)', async () => {
    expect(await refusal(webIdentity(await issuer.token({ expiresIn: -120 })))).toMatchObject({ name: 'ExpiredTokenException', status: 400 });
  });

  it('refuses a forged signature (InvalidIdentityToken)', async () => {
    expect(await refusal(webIdentity(await issuer.token({ forged: true })))).toMatchObject({ name: 'InvalidIdentityTokenException', status: 400 });
  });

  it('refuses an unknown issuer (InvalidIdentityToken)', async () => {
    expect(await refusal(webIdentity(await issuer.token({ iss: 'https://unknown.example.com' })))).toMatchObject({
      name: 'InvalidIdentityTokenException',
      message: 'No OpenIDConnect provider found in your account for https://unknown.example.com',
    });
  });

  it('refuses a subject outside the StringLike pattern of the trust policy (AccessDenied)', async () => {
    expect(await refusal(webIdentity(await issuer.token({ sub: 'repo:org/other:ref:refs/heads/main' })))).toMatchObject({
      name: 'AccessDenied',
      message: 'Not authorized to perform sts:AssumeRoleWithWebIdentity',
      status: 403,
    });
  });

  it('reports an unreachable JWKS as IDPCommunicationError', async () => {
    const token = await issuer.token({ iss: DEAD });
    expect(await refusal(webIdentity(token, { RoleArn: roleArn('DeadIdp') }))).toMatchObject({ name: 'IDPCommunicationErrorException', status: 400 });
  });

  it('still requires a signature for every other action', async () => {
    const res = await fetch(server.endpoint, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'Action=GetCallerIdentity&Version=2011-06-15',
    });
    expect(res.status).toBe(403);
    expect(await res.text()).toContain('<Code>MissingAuthenticationToken</Code>');
  });
});

describe.skipIf(!opensslAvailable())('AssumeRoleWithSAML', () => {
  const principalArn = (): string => `arn:aws:iam::${A}:saml-provider/Corp`;
  const assertion = (): string => signElement(samlResponse(IDP, samlAssertion({ issuer: IDP, roleArn: roleArn('SamlAdmin'), providerArn: principalArn() })), cert!);

  it('answers an unsigned SDK call with a role session that the IAM API accepts', async () => {
    const out = await anonymous().send(
      new AssumeRoleWithSAMLCommand({ RoleArn: roleArn('SamlAdmin'), PrincipalArn: principalArn(), SAMLAssertion: base64(assertion()) }),
    );
    expect(out).toMatchObject({
      Subject: 'alice',
      SubjectType: 'persistent',
      Issuer: IDP,
      Audience: 'https://signin.aws.amazon.com/saml',
      AssumedRoleUser: { Arn: `arn:aws:sts::${A}:assumed-role/SamlAdmin/alice@example.com` },
    });
    expect(out.NameQualifier).toMatch(/^[A-Za-z0-9+/]{27}=$/);
    const c = out.Credentials!;
    const session = { accessKeyId: c.AccessKeyId!, secretAccessKey: c.SecretAccessKey!, sessionToken: c.SessionToken! };
    await expect(server.iam(session).send(new ListUsersCommand({}))).resolves.toBeDefined();
  });

  it('refuses a tampered assertion (InvalidIdentityToken)', async () => {
    const tampered = assertion().replace('alice@example.com', 'mallory');
    const out = await refusal(anonymous().send(new AssumeRoleWithSAMLCommand({ RoleArn: roleArn('SamlAdmin'), PrincipalArn: principalArn(), SAMLAssertion: base64(tampered) })));
    expect(out).toMatchObject({ name: 'InvalidIdentityTokenException', status: 400 });
  });
});
