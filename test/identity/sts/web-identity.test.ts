// AssumeRoleWithWebIdentity in the identity layer, against a real (ephemeral) store and a local OIDC issuer
// on 127.0.0.1 (keys generated per run): token verification, provider lookup, trust conditions, tags.
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAccount } from '../../../src/identity/accounts.js';
import { ServiceError } from '../../../src/identity/errors.js';
import { createOidcProvider } from '../../../src/identity/iam/oidc-providers.js';
import { createRole } from '../../../src/identity/iam/roles.js';
import { SessionKeyring, openSession } from '../../../src/identity/sts/index.js';
import { OidcDiscovery } from '../../../src/identity/sts/oidc-discovery.js';
import { INCORRECT_AUDIENCE, assumeRoleWithWebIdentity, prefetchWebIdentityKeys } from '../../../src/identity/sts/web-identity.js';
import type { WebIdentityInput, WebIdentityOutput } from '../../../src/identity/sts/web-identity.js';
import { openStore } from '../../../src/store/index.js';
import type { Store } from '../../../src/store/index.js';
import { startTestIssuer } from '../../fixtures/oidc-issuer.js';
import type { TestIssuer } from '../../fixtures/oidc-issuer.js';

const A = '111111111111';
const GH = 'token.actions.githubusercontent.com';
const PROVIDER = `arn:aws:iam::${A}:oidc-provider/${GH}`;
const DEAD = 'https://dead.example.test';
const role = (name: string): string => `arn:aws:iam::${A}:role/${name}`;
const keyring = SessionKeyring.fromMasterKey(randomBytes(32));
const random = (n: number): Uint8Array => randomBytes(n);
let store: Store;
let issuer: TestIssuer;
let es: TestIssuer;
let oidc: OidcDiscovery;

const trust = (provider: string, condition: Record<string, unknown>, actions: string[] = ['sts:AssumeRoleWithWebIdentity']): string =>
  JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Federated: provider }, Action: actions, Condition: condition }] });

async function assume(token: string, input: Partial<WebIdentityInput> = {}): Promise<WebIdentityOutput> {
  return store.transaction((tx) =>
    assumeRoleWithWebIdentity(
      { tx, now: new Date(), keyring, random, oidc, request: { sourceIp: '127.0.0.1', secureTransport: true, region: 'us-east-1' } },
      { roleArn: role('Deploy'), roleSessionName: 'ci', webIdentityToken: token, ...input },
    ),
  );
}

async function refusal(p: Promise<unknown>): Promise<{ code: string; message: string }> {
  try {
    await p;
  } catch (err) {
    if (err instanceof ServiceError) return { code: err.code, message: err.message };
    throw err;
  }
  throw new Error('expected a refusal');
}

beforeAll(async () => {
  issuer = await startTestIssuer(`https://${GH}`);
  es = await startTestIssuer('https://es.example.test', 'ES256');
  oidc = new OidcDiscovery({
    timeoutMs: 2000,
    // The dead issuer points at a port nothing listens on.
    endpointFor: (url) => (url.startsWith(DEAD) ? 'http://127.0.0.1:9' + url.slice(DEAD.length) : es.endpointFor(issuer.endpointFor(url))),
  });
  store = await openStore({ ephemeral: true });
  await createAccount(store, random, A);
  const now = new Date();
  await store.transaction(async (tx) => {
    const base = { accountId: A, partition: 'aws', thumbprints: [], now };
    await createOidcProvider(tx, { ...base, url: `https://${GH}`, clientIds: ['sts.amazonaws.com'] });
    await createOidcProvider(tx, { ...base, url: 'https://es.example.test', clientIds: ['app'] });
    await createOidcProvider(tx, { ...base, url: DEAD, clientIds: ['sts.amazonaws.com'] });
    const scope = { accountId: A, partition: 'aws', now, random };
    const mainOnly = { StringEquals: { [`${GH}:aud`]: 'sts.amazonaws.com' }, StringLike: { [`${GH}:sub`]: 'repo:org/repo:ref:refs/heads/main' } };
    await createRole(tx, scope, { roleName: 'Deploy', assumeRolePolicyDocument: trust(PROVIDER, mainOnly) });
    await createRole(tx, scope, {
      roleName: 'Tagged',
      assumeRolePolicyDocument: trust(PROVIDER, { StringLike: { [`${GH}:sub`]: 'repo:org/*' } }, ['sts:AssumeRoleWithWebIdentity', 'sts:TagSession']),
    });
    await createRole(tx, scope, { roleName: 'Es', assumeRolePolicyDocument: trust(`arn:aws:iam::${A}:oidc-provider/es.example.test`, { 'ForAnyValue:StringEquals': { 'es.example.test:amr': 'mfa' } }) });
    await createRole(tx, scope, { roleName: 'Dead', assumeRolePolicyDocument: trust(`arn:aws:iam::${A}:oidc-provider/dead.example.test`, {}) });
  });
});

afterAll(async () => {
  await issuer?.close();
  await es?.close();
  await store?.close();
});

describe('AssumeRoleWithWebIdentity', () => {
  it('issues a role session for a valid token, naming the provider ARN, audience and subject', async () => {
    const out = await assume(await issuer.token());
    expect(out).toMatchObject({
      arn: `arn:aws:sts::${A}:assumed-role/Deploy/ci`,
      provider: PROVIDER,
      audience: 'sts.amazonaws.com',
      subjectFromWebIdentityToken: 'repo:org/repo:ref:refs/heads/main',
    });
    const opened = openSession(out.credentials.sessionToken, keyring);
    expect(opened.ok && opened.claims).toMatchObject({ kind: 'roleSession', federatedProvider: PROVIDER, sessionName: 'ci' });
  });

  it('caches the discovery document and key set per issuer', async () => {
    const before = issuer.hits.get('/.well-known/openid-configuration') ?? 0;
    await assume(await issuer.token());
    await assume(await issuer.token());
    expect(issuer.hits.get('/.well-known/openid-configuration') ?? 0).toBe(before);
  });

  it('refuses a token whose audience is not a client ID of the provider', async () => {
    expect(await refusal(assume(await issuer.token({ aud: 'someone-else' })))).toEqual({ code: 'InvalidIdentityToken', message: INCORRECT_AUDIENCE });
  });

  it('refuses an expired token with ExpiredTokenException', async () => {
    const out = await refusal(assume(await issuer.token({ expiresIn: -60 })));
    expect(out.code).toBe('ExpiredTokenException');
    expect(out.message).toMatch(/^Token expired: current date\/time \d+ must be before the expiration date\/time \d+$/);
  });

  it('refuses a token signed by a key the issuer did not publish', async () => {
    expect((await refusal(assume(await issuer.token({ forged: true })))).code).toBe('InvalidIdentityToken');
  });

  it('refuses a token whose kid is not in the JWKS', async () => {
    expect((await refusal(assume(await issuer.token({ kid: 'unknown' })))).code).toBe('InvalidIdentityToken');
  });

  it('refuses an issuer that is not an OIDC provider of the account', async () => {
    const out = await refusal(assume(await issuer.token({ iss: 'https://evil.example.com' })));
    expect(out).toEqual({ code: 'InvalidIdentityToken', message: 'No OpenIDConnect provider found in your account for https://evil.example.com' });
  });

  it('refuses what is not a JWT', async () => {
    expect((await refusal(assume('not.a.jwt'))).code).toBe('InvalidIdentityToken');
  });

  it('refuses an unsigned (alg none) token', async () => {
    const [, payload] = (await issuer.token()).split('.');
    const none = `${Buffer.from('{"alg":"none"}').toString('base64url')}.${payload}.`;
    expect((await refusal(assume(none))).code).toBe('InvalidIdentityToken');
  });

  it('applies StringLike conditions on <issuer>:sub (GitHub Actions branch pattern)', async () => {
    const out = await refusal(assume(await issuer.token({ sub: 'repo:org/repo:ref:refs/heads/feature' })));
    expect(out).toEqual({ code: 'AccessDenied', message: 'Not authorized to perform sts:AssumeRoleWithWebIdentity' });
  });

  it('reports an unreachable issuer as IDPCommunicationError', async () => {
    const dead = await issuer.token({ iss: DEAD });
    expect((await refusal(assume(dead, { roleArn: role('Dead') }))).code).toBe('IDPCommunicationError');
  });

  it('verifies ES256 tokens and exposes amr as a multivalued key', async () => {
    const token = await es.token({ aud: ['app', 'other'], claims: { amr: ['pwd', 'mfa'] } });
    const out = await assume(token, { roleArn: role('Es') });
    expect(out.audience).toBe('app');
    const without = await es.token({ aud: 'app', claims: { amr: ['pwd'] } });
    expect((await refusal(assume(without, { roleArn: role('Es') }))).code).toBe('AccessDenied');
  });

  it('takes session tags from the https://aws.amazon.com/tags claim when the trust allows sts:TagSession', async () => {
    const claims = { 'https://aws.amazon.com/tags': { principal_tags: { team: ['blue'] }, transitive_tag_keys: ['team'] } };
    const out = await assume(await issuer.token({ sub: 'repo:org/x', claims }), { roleArn: role('Tagged') });
    const opened = openSession(out.credentials.sessionToken, keyring);
    expect(opened.ok && opened.claims).toMatchObject({ tags: [{ Key: 'team', Value: 'blue' }], transitiveTagKeys: ['team'] });
    // Deploy's trust does not allow sts:TagSession.
    expect((await refusal(assume(await issuer.token({ claims })))).code).toBe('AccessDenied');
  });

  it('returns the source identity claim and requires sts:SetSourceIdentity for it', async () => {
    const claims = { 'https://aws.amazon.com/source_identity': 'alice' };
    expect((await refusal(assume(await issuer.token({ claims })))).code).toBe('AccessDenied');
  });

  it('verifies offline from keys prefetched before the transaction, and reports keys never fetched as unreachable', async () => {
    const fresh = new OidcDiscovery({ endpointFor: (url) => issuer.endpointFor(url) });
    const token = await issuer.token();
    expect(() => fresh.cachedKeys(issuer.url)).toThrow(/could not be fetched/);
    await prefetchWebIdentityKeys((fn) => store.transaction(fn, { readOnly: true }), fresh, role('Deploy'), token);
    const out = await store.transaction((tx) =>
      assumeRoleWithWebIdentity(
        { tx, now: new Date(), keyring, random, oidc: fresh, offline: true, request: { sourceIp: '127.0.0.1', secureTransport: true, region: 'us-east-1' } },
        { roleArn: role('Deploy'), roleSessionName: 'ci', webIdentityToken: token },
      ),
    );
    expect(out.provider).toBe(PROVIDER);
    const unregistered = await issuer.token({ iss: 'https://not-registered.example.com' });
    await prefetchWebIdentityKeys((fn) => store.transaction(fn, { readOnly: true }), fresh, role('Deploy'), unregistered);
    expect(() => fresh.cachedKeys('https://not-registered.example.com')).toThrow(/could not be fetched/);
  });

  it('checks DurationSeconds against the role maximum', async () => {
    const out = await refusal(assume(await issuer.token(), { durationSeconds: 7200 }));
    expect(out).toEqual({ code: 'ValidationError', message: 'The requested DurationSeconds exceeds the MaxSessionDuration set for this role.' });
  });
});
