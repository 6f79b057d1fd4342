// OpenID Connect and SAML identity providers against a real (ephemeral) store.
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ServiceError } from '../../../src/identity/errors.js';
import {
  MAX_OIDC_PROVIDERS,
  addOidcClientId,
  createOidcProvider,
  deleteOidcProvider,
  getOidcProvider,
  listOidcProviderTags,
  listOidcProviders,
  oidcProviderName,
  oidcProviderUrl,
  removeOidcClientId,
  tagOidcProvider,
  untagOidcProvider,
  updateOidcThumbprints,
} from '../../../src/identity/iam/oidc-providers.js';
import {
  createSamlProvider,
  deleteSamlProvider,
  getSamlProvider,
  listSamlProviders,
  parseSamlMetadata,
  tagSamlProvider,
  updateSamlProvider,
} from '../../../src/identity/iam/saml-providers.js';
import { openStore } from '../../../src/store/index.js';
import type { Store, StoreTx } from '../../../src/store/index.js';
import { OPENSSL_MISSING, opensslAvailable, samlMetadata, selfSignedCertificate } from '../../fixtures/certs/openssl.js';
import type { TestCertificate } from '../../fixtures/certs/openssl.js';

const A = '111122223333';
const NOW = new Date('2025-01-01T12:00:00Z');
const THUMB = 'a'.repeat(40);
const OIDC_ARN = `arn:aws:iam::${A}:oidc-provider/token.example.com/tenant`;

let store: Store;
const tx = <T>(fn: (t: StoreTx) => Promise<T>): Promise<T> => store.transaction(fn);

async function expectError(p: Promise<unknown>, code: string, message?: string): Promise<void> {
  const err = await p.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(ServiceError);
  expect((err as ServiceError).code).toBe(code);
  if (message !== undefined) expect((err as ServiceError).message).toBe(message);
}

const oidc = (url = 'https://token.example.com/tenant', extra: { clientIds?: string[]; thumbprints?: string[] } = {}) =>
  tx((t) =>
    createOidcProvider(t, {
      accountId: A,
      partition: 'aws',
      url,
      clientIds: extra.clientIds ?? ['sts.amazonaws.com'],
      thumbprints: extra.thumbprints ?? [THUMB],
      now: NOW,
    }),
  );

beforeEach(async () => {
  store = await openStore({ ephemeral: true, env: {} });
  await tx((t) => t.accounts.create({ accountId: A, createDate: NOW }));
});
afterEach(async () => store.close());

describe('OIDC provider URLs', () => {
  it('names the provider by host and path without the scheme or a trailing slash', () => {
    expect(oidcProviderName('https://token.example.com/tenant/')).toBe('token.example.com/tenant');
  });

  it.each(['http://token.example.com', 'https://token.example.com:8443', 'https://token.example.com/?a=1', 'https://token.example.com#x', 'https://'])(
    'rejects %s',
    (url) => {
      expect(() => oidcProviderName(url)).toThrow('Invalid Open ID Connect Provider URL');
    },
  );
});

describe('createOidcProvider', () => {
  it('creates a provider whose ARN is the URL without https://', async () => {
    const { provider } = await oidc();
    expect(provider.arn).toBe(OIDC_ARN);
    expect(oidcProviderUrl(provider)).toBe('token.example.com/tenant');
    expect(provider.clientIds).toEqual(['sts.amazonaws.com']);
  });

  it('refuses a second provider for the same URL', async () => {
    await oidc();
    await expectError(oidc(), 'EntityAlreadyExists', 'Provider with url https://token.example.com/tenant already exists.');
  });

  it('keeps each client id once', async () => {
    const { provider } = await oidc(undefined, { clientIds: ['a', 'b', 'a'] });
    expect(provider.clientIds).toEqual(['a', 'b']);
  });

  it('refuses more than five thumbprints', async () => {
    const six = ['1', '2', '3', '4', '5', '6'].map((c) => c.repeat(40));
    await expectError(oidc(undefined, { thumbprints: six }), 'InvalidInput', 'Thumbprint list must contain fewer than 5 entries.');
  });

  it('refuses a thumbprint that is not hexadecimal', async () => {
    await expectError(oidc(undefined, { thumbprints: ['z'.repeat(40)] }), 'InvalidInput');
  });

  it('refuses more than 100 client ids', async () => {
    const ids = Array.from({ length: 101 }, (_, i) => `client-${i}`);
    await expectError(oidc(undefined, { clientIds: ids }), 'LimitExceeded', 'Cannot exceed quota for ClientIdsPerOpenIdConnectProvider: 100');
  });

  it('allows 100 providers per account and no more', async () => {
    for (let i = 0; i < MAX_OIDC_PROVIDERS; i++) await oidc(`https://idp${i}.example.com`);
    await expectError(oidc('https://one-too-many.example.com'), 'LimitExceeded', 'Cannot exceed quota for OpenIdConnectProvidersPerAccount: 100');
  });

  it('stores the tags it is created with', async () => {
    await tx((t) =>
      createOidcProvider(t, { accountId: A, partition: 'aws', url: 'https://x.example.com', clientIds: [], thumbprints: [], tags: [{ Key: 'team', Value: 'id' }], now: NOW }),
    );
    expect(await tx((t) => listOidcProviderTags(t, A, `arn:aws:iam::${A}:oidc-provider/x.example.com`))).toEqual([{ Key: 'team', Value: 'id' }]);
  });
});

describe('changing an OIDC provider', () => {
  it('replaces the thumbprints', async () => {
    await oidc();
    await tx((t) => updateOidcThumbprints(t, A, OIDC_ARN, ['b'.repeat(40)]));
    expect((await tx((t) => getOidcProvider(t, A, OIDC_ARN))).provider.thumbprints).toEqual(['b'.repeat(40)]);
  });

  it('adds a client id once and removes it', async () => {
    await oidc();
    await tx((t) => addOidcClientId(t, A, OIDC_ARN, 'app'));
    await tx((t) => addOidcClientId(t, A, OIDC_ARN, 'app'));
    expect((await tx((t) => getOidcProvider(t, A, OIDC_ARN))).provider.clientIds).toEqual(['sts.amazonaws.com', 'app']);
    await tx((t) => removeOidcClientId(t, A, OIDC_ARN, 'app'));
    await tx((t) => removeOidcClientId(t, A, OIDC_ARN, 'never-added'));
    expect((await tx((t) => getOidcProvider(t, A, OIDC_ARN))).provider.clientIds).toEqual(['sts.amazonaws.com']);
  });

  it('tags and untags', async () => {
    await oidc();
    await tx((t) => tagOidcProvider(t, A, OIDC_ARN, [{ Key: 'a', Value: '1' }, { Key: 'b', Value: '2' }]));
    await tx((t) => untagOidcProvider(t, A, OIDC_ARN, ['a']));
    expect(await tx((t) => listOidcProviderTags(t, A, OIDC_ARN))).toEqual([{ Key: 'b', Value: '2' }]);
  });

  it('reports a missing provider with AWS wording', async () => {
    await expectError(tx((t) => getOidcProvider(t, A, OIDC_ARN)), 'NoSuchEntity', `OpenIDConnect Provider not found for arn ${OIDC_ARN}`);
  });

  it('reports an ARN that is not an ARN as invalid input', async () => {
    await expectError(tx((t) => getOidcProvider(t, A, 'not-an-arn-at-all-really')), 'InvalidInput');
  });

  it('deletes a provider, and deleting it again succeeds', async () => {
    await oidc();
    await tx((t) => deleteOidcProvider(t, A, OIDC_ARN));
    await tx((t) => deleteOidcProvider(t, A, OIDC_ARN));
    expect(await tx((t) => listOidcProviders(t, A))).toEqual([]);
  });

  it('leaves the tags unchanged when a tag is refused', async () => {
    await oidc();
    await expectError(tx((t) => tagOidcProvider(t, A, OIDC_ARN, [{ Key: 'aws:x', Value: '1' }])), 'InvalidInput');
    expect(await tx((t) => listOidcProviderTags(t, A, OIDC_ARN))).toEqual([]);
  });
});

describe.skipIf(!opensslAvailable())('SAML providers', () => {
  let cert: TestCertificate;
  const SAML_ARN = `arn:aws:iam::${A}:saml-provider/Okta`;
  beforeAll(() => {
    cert = selfSignedCertificate('idp');
  });

  const create = (name = 'Okta', document = samlMetadata(cert)) =>
    tx((t) => createSamlProvider(t, { accountId: A, partition: 'aws', name, samlMetadataDocument: document, now: NOW }));

  it('accepts IdP metadata with a signing certificate', () => {
    expect(parseSamlMetadata(samlMetadata(cert))).toEqual({});
  });

  it('reads validUntil from the metadata', () => {
    expect(parseSamlMetadata(samlMetadata(cert, undefined, '2030-01-01T00:00:00Z')).validUntil).toEqual(new Date('2030-01-01T00:00:00Z'));
  });

  it('rejects XML that is not metadata', () => {
    expect(() => parseSamlMetadata(`<root>${'x'.repeat(1200)}</root>`)).toThrow('Could not parse metadata');
  });

  it('rejects metadata without a signing certificate', () => {
    const noCert = samlMetadata(cert).replace(/<md:KeyDescriptor[\s\S]*<\/md:KeyDescriptor>/, '');
    expect(() => parseSamlMetadata(noCert)).toThrow('Could not parse metadata');
  });

  it('rejects a document that is not XML', () => {
    expect(() => parseSamlMetadata('{"not": "xml"}')).toThrow('Could not parse metadata');
  });

  it('creates a provider with a 100-year validity when the metadata has none', async () => {
    const { provider } = await create();
    expect(provider.arn).toBe(SAML_ARN);
    expect(provider.validUntil).toEqual(new Date('2125-01-01T12:00:00Z'));
  });

  it('refuses a second provider of the same name', async () => {
    await create();
    await expectError(create('okta'), 'EntityAlreadyExists');
  });

  it('refuses invalid metadata as InvalidInput', async () => {
    await expectError(create('Bad', `<x>${'y'.repeat(1000)}</x>`), 'InvalidInput', 'Could not parse metadata');
  });

  it('updates the metadata document', async () => {
    await create();
    const doc = samlMetadata(cert, 'https://other.example.com', '2031-02-03T00:00:00Z');
    const updated = await tx((t) => updateSamlProvider(t, A, SAML_ARN, doc, NOW));
    expect(updated.samlMetadataDocument).toBe(doc);
    expect(updated.validUntil).toEqual(new Date('2031-02-03T00:00:00Z'));
  });

  it('reports a missing provider with AWS wording', async () => {
    await expectError(tx((t) => getSamlProvider(t, A, SAML_ARN)), 'NoSuchEntity', `Manifest not found for arn ${SAML_ARN}`);
  });

  it('deletes a provider with its tags', async () => {
    await create();
    await tx((t) => tagSamlProvider(t, A, SAML_ARN, [{ Key: 'k', Value: 'v' }]));
    await tx((t) => deleteSamlProvider(t, A, SAML_ARN));
    expect(await tx((t) => listSamlProviders(t, A))).toEqual([]);
    await expectError(tx((t) => deleteSamlProvider(t, A, SAML_ARN)), 'NoSuchEntity');
  });
});

describe.skipIf(opensslAvailable())('SAML providers (skipped)', () => {
  it.skip(OPENSSL_MISSING, () => undefined);
});
