// AssumeRoleWithSAML in the identity layer, against a real (ephemeral) store: assertions signed at test time
// by a test certificate; signature, wrapping, audience, time window, attributes and trust.
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAccount } from '../../../src/identity/accounts.js';
import { ServiceError } from '../../../src/identity/errors.js';
import { createRole } from '../../../src/identity/iam/roles.js';
import { createSamlProvider } from '../../../src/identity/iam/saml-providers.js';
import { SessionKeyring, openSession } from '../../../src/identity/sts/index.js';
import { SIGNATURE_INVALID, assumeRoleWithSaml, nameQualifier, samlContext, subjectType, verifySamlResponse } from '../../../src/identity/sts/saml.js';
import type { SamlInput, SamlOutput } from '../../../src/identity/sts/saml.js';
import { openStore } from '../../../src/store/index.js';
import type { Store } from '../../../src/store/index.js';
import { OPENSSL_MISSING, opensslAvailable, samlMetadata, selfSignedCertificate } from '../../fixtures/certs/openssl.js';
import type { TestCertificate } from '../../fixtures/certs/openssl.js';
import { base64, samlAssertion, samlResponse, signElement } from '../../fixtures/saml.js';
import type { SamlResponseOptions } from '../../fixtures/saml.js';

const A = '111111111111';
const IDP = 'https://idp.example.com/saml';
const PROVIDER = `arn:aws:iam::${A}:saml-provider/Corp`;
const ROLE = `arn:aws:iam::${A}:role/SamlAdmin`;
const TAGGED = `arn:aws:iam::${A}:role/SamlTagged`;
const keyring = SessionKeyring.fromMasterKey(randomBytes(32));
const random = (n: number): Uint8Array => randomBytes(n);
let store: Store;
let cert: TestCertificate;
let other: TestCertificate;

const trust = (extra: Record<string, unknown> = {}, actions: string[] = ['sts:AssumeRoleWithSAML']): string =>
  JSON.stringify({
    Version: '2012-10-17',
    Statement: [{ Effect: 'Allow', Principal: { Federated: PROVIDER }, Action: actions, Condition: { StringEquals: { 'SAML:aud': 'https://signin.aws.amazon.com/saml' } }, ...extra }],
  });

const options = (o: Partial<SamlResponseOptions> = {}): SamlResponseOptions => ({ issuer: IDP, roleArn: ROLE, providerArn: PROVIDER, ...o });
/** A Response whose assertion is signed by `by` (default: the provider's certificate). */
const signed = (o: Partial<SamlResponseOptions> = {}, by?: TestCertificate): string => signElement(samlResponse(IDP, samlAssertion(options(o))), by ?? cert);

async function assume(xml: string, input: Partial<SamlInput> = {}): Promise<SamlOutput> {
  return store.transaction((tx) =>
    assumeRoleWithSaml(
      { tx, now: new Date(), keyring, random, request: { sourceIp: '127.0.0.1', secureTransport: true, region: 'us-east-1' } },
      { roleArn: ROLE, principalArn: PROVIDER, samlAssertion: base64(xml), ...input },
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

describe.skipIf(!opensslAvailable())('AssumeRoleWithSAML', () => {
  beforeAll(async () => {
    cert = selfSignedCertificate('castellan-idp');
    other = selfSignedCertificate('castellan-attacker');
    store = await openStore({ ephemeral: true });
    await createAccount(store, random, A);
    const now = new Date();
    await store.transaction(async (tx) => {
      await createSamlProvider(tx, { accountId: A, partition: 'aws', name: 'Corp', samlMetadataDocument: samlMetadata(cert, IDP), now });
      const scope = { accountId: A, partition: 'aws', now, random };
      await createRole(tx, scope, { roleName: 'SamlAdmin', assumeRolePolicyDocument: trust() });
      await createRole(tx, scope, { roleName: 'SamlTagged', assumeRolePolicyDocument: trust({}, ['sts:AssumeRoleWithSAML', 'sts:TagSession']) });
    });
  });
  afterAll(async () => {
    await store?.close();
  });

  it('issues a role session for an assertion signed by the provider certificate', async () => {
    const out = await assume(signed());
    expect(out.arn).toBe(`arn:aws:sts::${A}:assumed-role/SamlAdmin/alice@example.com`);
    expect(out).toMatchObject({ subject: 'alice', subjectType: 'persistent', issuer: IDP, audience: 'https://signin.aws.amazon.com/saml' });
    expect(out.nameQualifier).toBe(nameQualifier(IDP, A, 'Corp'));
    const opened = openSession(out.credentials.sessionToken, keyring);
    expect(opened.ok && opened.claims.federatedProvider).toBe(PROVIDER);
    expect(out.credentials.accessKeyId).toMatch(/^ASIA/);
  });

  it('accepts a signature over the whole Response', async () => {
    const xml = signElement(samlResponse(IDP, samlAssertion(options())), cert, 'Response');
    expect((await assume(xml)).subject).toBe('alice');
  });

  it('refuses an assertion changed after signing (tampered attribute)', async () => {
    const xml = signed().replace('alice@example.com', 'mallory');
    expect(await refusal(assume(xml))).toEqual({ code: 'InvalidIdentityToken', message: SIGNATURE_INVALID });
  });

  it('refuses an unsigned assertion', async () => {
    expect(await refusal(assume(samlResponse(IDP, samlAssertion(options()))))).toEqual({ code: 'InvalidIdentityToken', message: SIGNATURE_INVALID });
  });

  it('refuses an assertion signed by another key, even with its certificate in KeyInfo', async () => {
    expect(await refusal(assume(signed({}, other)))).toEqual({ code: 'InvalidIdentityToken', message: SIGNATURE_INVALID });
  });

  it('refuses signature wrapping: a second, unsigned assertion beside the signed one', async () => {
    const good = signed();
    const evil = samlAssertion(options({ sessionName: 'mallory', nameId: 'mallory' }));
    const wrapped = good.replace('<samlp:Status>', `${evil}<samlp:Status>`);
    expect(await refusal(assume(wrapped))).toMatchObject({ code: 'InvalidIdentityToken' });
  });

  it('refuses signature wrapping: the signed assertion moved into Extensions, a forged one with its ID in its place', async () => {
    const id = '_wrapped1';
    const good = signElement(samlResponse(IDP, samlAssertion(options({ assertionId: id }))), cert);
    const start = good.indexOf('<saml:Assertion');
    const end = good.indexOf('</saml:Assertion>') + '</saml:Assertion>'.length;
    const original = good.slice(start, end);
    const forged = samlAssertion(options({ assertionId: id, sessionName: 'mallory', nameId: 'mallory' }));
    const wrapped = good.slice(0, start) + `<samlp:Extensions>${original}</samlp:Extensions>` + forged + good.slice(end);
    expect(await refusal(assume(wrapped))).toMatchObject({ code: 'InvalidIdentityToken' });
  });

  it('reads every value from the signed XML, never from the message around it', () => {
    const xml = signed({ nameId: 'alice' });
    const verified = verifySamlResponse(xml, [cert.certificate]);
    expect(verified.subject).toBe('alice');
    expect(() => verifySamlResponse(xml, [other.certificate])).toThrow(ServiceError);
  });

  it('refuses an assertion for another audience', async () => {
    expect(await refusal(assume(signed({ audience: 'https://sp.example.com' })))).toMatchObject({ code: 'InvalidIdentityToken' });
  });

  it('accepts AWS service-provider audiences (urn:amazon:webservices, regional sign-in)', async () => {
    await expect(assume(signed({ audience: 'urn:amazon:webservices' }))).resolves.toBeDefined();
    await expect(assume(signed({ audience: 'https://eu-west-1.signin.aws.amazon.com/saml' }))).resolves.toBeDefined();
  });

  it('refuses an expired assertion', async () => {
    const past = new Date(Date.now() - 3600_000);
    const xml = signed({ notBefore: new Date(past.getTime() - 600_000), notOnOrAfter: past });
    expect(await refusal(assume(xml))).toMatchObject({ code: 'InvalidIdentityToken' });
  });

  it('refuses an assertion that is not yet valid', async () => {
    const xml = signed({ notBefore: new Date(Date.now() + 3600_000), notOnOrAfter: new Date(Date.now() + 7200_000) });
    expect(await refusal(assume(xml))).toMatchObject({ code: 'InvalidIdentityToken' });
  });

  it('requires the RoleSessionName attribute', async () => {
    expect(await refusal(assume(signed({ sessionName: null })))).toEqual({ code: 'InvalidIdentityToken', message: 'Error: RoleSessionName is required in AuthnResponse' });
  });

  it('refuses a role the Role attribute does not list', async () => {
    const out = await refusal(assume(signed(), { roleArn: TAGGED }));
    expect(out).toEqual({ code: 'AccessDenied', message: 'Not authorized to perform sts:AssumeRoleWithSAML' });
  });

  it('refuses when the trust policy condition on saml:aud does not hold (other recipient)', async () => {
    const xml = signed({ recipient: 'https://eu-west-1.signin.aws.amazon.com/saml' });
    expect(await refusal(assume(xml))).toEqual({ code: 'AccessDenied', message: 'Not authorized to perform sts:AssumeRoleWithSAML' });
  });

  it('refuses a provider that does not exist', async () => {
    const out = await refusal(assume(signed(), { principalArn: `arn:aws:iam::${A}:saml-provider/Nope` }));
    expect(out.code).toBe('InvalidIdentityToken');
  });

  it('passes PrincipalTag attributes as session tags only when the trust allows sts:TagSession', async () => {
    const attributes = { 'https://aws.amazon.com/SAML/Attributes/PrincipalTag:team': ['blue'] };
    expect((await refusal(assume(signed({ attributes })))).code).toBe('AccessDenied');
    const out = await assume(signed({ roleArn: TAGGED, attributes }), { roleArn: TAGGED });
    expect(out.packedPolicySize).toBeGreaterThan(0);
    const opened = openSession(out.credentials.sessionToken, keyring);
    expect(opened.ok && opened.claims.tags).toEqual([{ Key: 'team', Value: 'blue' }]);
  });

  it('caps the session at SessionNotOnOrAfter', async () => {
    const end = new Date(Date.now() + 1200_000);
    const out = await assume(signed({ sessionNotOnOrAfter: end }));
    expect(Math.abs(out.credentials.expiration.getTime() - end.getTime())).toBeLessThan(2000);
  });

  it('derives the documented saml: keys', () => {
    const verified = verifySamlResponse(
      signed({ nameIdFormat: 'urn:oasis:names:tc:SAML:2.0:nameid-format:transient', attributes: { 'urn:oid:1.3.6.1.4.1.5923.1.1.1.1': ['staff', 'member'] } }),
      [cert.certificate],
    );
    expect(samlContext(verified, A, 'Corp')).toMatchObject({
      'saml:iss': IDP,
      'saml:sub': 'alice',
      'saml:sub_type': 'transient',
      'saml:aud': 'https://signin.aws.amazon.com/saml',
      'saml:doc': `${A}/Corp`,
      'saml:edupersonaffiliation': ['staff', 'member'],
    });
    expect(subjectType(undefined)).toBe('unspecified');
    expect(subjectType('urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress')).toBe('urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress');
  });

  it('refuses XML with a DOCTYPE (no entity expansion)', async () => {
    const xml = `<?xml version="1.0"?><!DOCTYPE r [<!ENTITY x "y">]>` + signed();
    expect(await refusal(assume(xml))).toMatchObject({ code: 'InvalidIdentityToken' });
  });
});

if (!opensslAvailable()) console.warn(OPENSSL_MISSING);
