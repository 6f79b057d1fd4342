// SSH public keys, signing certificates, server certificates and service-specific credentials against a
// real (ephemeral) store. Keys and certificates are made at test time (test/fixtures/certs/openssl.ts).
import { createHash, createPublicKey, randomBytes } from 'node:crypto';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ServiceError } from '../../../src/identity/errors.js';
import {
  createServiceSpecificCredential,
  deleteServiceSpecificCredential,
  listServiceSpecificCredentials,
  resetServiceSpecificCredential,
  updateServiceSpecificCredential,
} from '../../../src/identity/iam/service-credentials.js';
import {
  deleteServerCertificate,
  getServerCertificate,
  listServerCertificates,
  updateServerCertificate,
  uploadServerCertificate,
} from '../../../src/identity/iam/server-certs.js';
import { deleteSigningCertificate, listSigningCertificates, uploadSigningCertificate } from '../../../src/identity/iam/signing-certs.js';
import {
  deleteSshPublicKey,
  getSshPublicKey,
  listSshPublicKeys,
  parseSshPublicKey,
  sshFingerprint,
  updateSshPublicKey,
  uploadSshPublicKey,
} from '../../../src/identity/iam/ssh-keys.js';
import { createUser } from '../../../src/identity/iam/users.js';
import { openStore } from '../../../src/store/index.js';
import type { Store, StoreTx } from '../../../src/store/index.js';
import { OPENSSL_MISSING, opensslAvailable, rsaKeyPair, selfSignedCertificate } from '../../fixtures/certs/openssl.js';
import type { TestCertificate } from '../../fixtures/certs/openssl.js';

const A = '111122223333';
const NOW = new Date();

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

/** An `ssh-rsa` line for a fresh key (the wire format built from the JWK: string, mpint e, mpint n). */
function sshRsa(bits = 2048): { line: string; pem: string } {
  const { publicKey } = rsaKeyPair(bits);
  const jwk = createPublicKey(publicKey).export({ format: 'jwk' });
  const field = (b: Buffer): Buffer => {
    const body = (b[0] ?? 0) & 0x80 ? Buffer.concat([Buffer.from([0]), b]) : b;
    const len = Buffer.alloc(4);
    len.writeUInt32BE(body.length);
    return Buffer.concat([len, body]);
  };
  const name = Buffer.from('ssh-rsa');
  const nameField = Buffer.concat([Buffer.from([0, 0, 0, name.length]), name]);
  const blob = Buffer.concat([nameField, field(Buffer.from(jwk.e!, 'base64url')), field(Buffer.from(jwk.n!, 'base64url'))]);
  return { line: `ssh-rsa ${blob.toString('base64')} test@castellan`, pem: publicKey };
}

beforeEach(async () => {
  store = await openStore({ ephemeral: true, env: {} });
  await tx(async (t) => {
    await t.accounts.create({ accountId: A, createDate: NOW });
    await createUser(t, { accountId: A, partition: 'aws', userName: 'bob', now: NOW, random: randomBytes });
    await createUser(t, { accountId: A, partition: 'aws', userName: 'carol', now: NOW, random: randomBytes });
  });
});
afterEach(async () => store.close());

describe('SSH public keys', () => {
  const upload = (body: string, userName = 'bob', now = NOW) => tx((t) => uploadSshPublicKey(t, { accountId: A, userName, body, now, random: randomBytes }));

  it('uploads an ssh-rsa key with an APKA id and an MD5 colon-hex fingerprint', async () => {
    const { line } = sshRsa();
    const key = await upload(line);
    expect(key.sshPublicKeyId).toMatch(/^APKA[A-Z2-7]{17}$/);
    const blob = Buffer.from(line.split(' ')[1]!, 'base64');
    expect(key.fingerprint).toBe(createHash('md5').update(blob).digest('hex').match(/../g)!.join(':'));
    expect(key.status).toBe('Active');
  });

  it('gives a PEM key the fingerprint of the same key in SSH form', () => {
    const { line, pem } = sshRsa();
    expect(sshFingerprint(parseSshPublicKey(pem).blob)).toBe(sshFingerprint(parseSshPublicKey(line).blob));
  });

  it('returns the key in PEM and SSH encodings', async () => {
    const { line, pem } = sshRsa();
    const key = await upload(line);
    const asPem = await tx((t) => getSshPublicKey(t, A, 'bob', key.sshPublicKeyId, 'PEM'));
    expect(asPem.sshPublicKeyBody.trim()).toBe(pem.trim());
    const asSsh = await tx((t) => getSshPublicKey(t, A, 'bob', key.sshPublicKeyId, 'SSH'));
    expect(asSsh.sshPublicKeyBody).toBe(line);
  });

  it('refuses an RSA key shorter than 2048 bits', async () => {
    await expectError(upload(sshRsa(1024).line), 'InvalidPublicKey');
  });

  it('refuses a key type it does not recognize', async () => {
    await expectError(upload('ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIOMqqnkVzrm0SdG6UOoqKLsabgH5C9okWi0dh2l9GKJl x'), 'UnrecognizedPublicKeyEncoding');
  });

  it('refuses a malformed ssh-rsa body', async () => {
    await expectError(upload('ssh-rsa AAAAB3NzaC1yc2EAAAADAQAB'), 'InvalidPublicKey');
  });

  it('refuses the same key twice for a user', async () => {
    const { line } = sshRsa();
    await upload(line);
    await expectError(upload(line), 'DuplicateSSHPublicKey');
  });

  it('allows five keys per user and no more', async () => {
    for (let i = 0; i < 5; i++) await upload(sshRsa().line);
    await expectError(upload(sshRsa().line), 'LimitExceeded', 'Cannot exceed quota for PublicKeysPerUser: 5');
  });

  it('updates status, lists in upload order and deletes', async () => {
    // Upload order is the upload date; two uploads in the same instant have no order of their own.
    const k1 = await upload(sshRsa().line, 'bob', NOW);
    const k2 = await upload(sshRsa().line, 'bob', new Date(NOW.getTime() + 1000));
    await tx((t) => updateSshPublicKey(t, A, 'bob', k1.sshPublicKeyId, 'Inactive'));
    expect((await tx((t) => listSshPublicKeys(t, A, 'bob'))).map((k) => [k.sshPublicKeyId, k.status])).toEqual([
      [k1.sshPublicKeyId, 'Inactive'],
      [k2.sshPublicKeyId, 'Active'],
    ]);
    await tx((t) => deleteSshPublicKey(t, A, 'bob', k1.sshPublicKeyId));
    await expectError(tx((t) => deleteSshPublicKey(t, A, 'bob', k1.sshPublicKeyId)), 'NoSuchEntity');
  });

  it('does not find a key under another user', async () => {
    const key = await upload(sshRsa().line);
    await expectError(tx((t) => getSshPublicKey(t, A, 'carol', key.sshPublicKeyId, 'SSH')), 'NoSuchEntity', `The Public Key with id ${key.sshPublicKeyId} cannot be found.`);
  });
});

describe('service-specific credentials', () => {
  const create = (serviceName = 'codecommit.amazonaws.com', userName = 'bob') =>
    tx((t) => createServiceSpecificCredential(t, { accountId: A, userName, serviceName, now: NOW, random: randomBytes }));

  it('creates a credential with a generated user name and a 44-character password', async () => {
    const c = await create();
    expect(c.serviceSpecificCredentialId).toMatch(/^ACCA[A-Z2-7]{17}$/);
    expect(c.serviceUserName).toBe(`bob-at-${A}`);
    expect(c.servicePassword).toMatch(/^[A-Za-z0-9+/]{43}=$/);
  });

  it('keeps the password sealed and returns it from the store only to the identity layer', async () => {
    const c = await create();
    const listed = await tx((t) => listServiceSpecificCredentials(t, A, 'bob'));
    expect(JSON.stringify(listed)).not.toContain(c.servicePassword);
  });

  it('gives a second credential of the same service a distinct user name', async () => {
    await create();
    expect((await create()).serviceUserName).toBe(`bob+1-at-${A}`);
  });

  it('allows two per user per service and no more', async () => {
    await create();
    await create();
    await create('cassandra.amazonaws.com');
    await expectError(create(), 'LimitExceeded', 'Cannot exceed quota for ServiceSpecificCredentialsPerUserPerService: 2');
  });

  it('refuses a service without service-specific credentials', async () => {
    await expectError(create('s3.amazonaws.com'), 'NotSupportedService', 'No such service s3.amazonaws.com is supported for Service Specific Credentials');
  });

  it('resets the password, updates the status and deletes', async () => {
    const c = await create();
    const reset = await tx((t) => resetServiceSpecificCredential(t, A, 'bob', c.serviceSpecificCredentialId, randomBytes));
    expect(reset.servicePassword).not.toBe(c.servicePassword);
    expect((await tx((t) => t.serviceSpecificCreds.get(A, 'bob', c.serviceSpecificCredentialId)))?.servicePassword).toBe(reset.servicePassword);
    await tx((t) => updateServiceSpecificCredential(t, A, 'bob', c.serviceSpecificCredentialId, 'Inactive'));
    expect((await tx((t) => listServiceSpecificCredentials(t, A, 'bob')))[0]?.status).toBe('Inactive');
    await tx((t) => deleteServiceSpecificCredential(t, A, 'bob', c.serviceSpecificCredentialId));
    await expectError(
      tx((t) => deleteServiceSpecificCredential(t, A, 'bob', c.serviceSpecificCredentialId)),
      'NoSuchEntity',
      `No such credential ${c.serviceSpecificCredentialId} exists`,
    );
  });

  it('lists every user credentials of a service when no user is named', async () => {
    await create('codecommit.amazonaws.com', 'bob');
    await create('codecommit.amazonaws.com', 'carol');
    await create('cassandra.amazonaws.com', 'carol');
    const listed = await tx((t) => listServiceSpecificCredentials(t, A, undefined, 'codecommit.amazonaws.com'));
    expect(listed.map((c) => c.userName).sort()).toEqual(['bob', 'carol']);
  });
});

describe.skipIf(!opensslAvailable())('certificates', () => {
  let cert: TestCertificate;
  let other: TestCertificate;
  let third: TestCertificate;
  beforeAll(() => {
    cert = selfSignedCertificate('one');
    other = selfSignedCertificate('two');
    third = selfSignedCertificate('three');
  });

  describe('signing certificates', () => {
    // The certificates are made after NOW was taken: upload them at the current time.
    const upload = (body: string, userName = 'bob') => tx((t) => uploadSigningCertificate(t, { accountId: A, userName, body, now: new Date() }));

    it('uploads an X.509 certificate as Active with a 32-character id', async () => {
      const c = await upload(cert.certificate);
      expect(c.certificateId).toMatch(/^[A-Z2-7]{32}$/);
      expect(c.status).toBe('Active');
    });

    it('refuses a body that is not a PEM certificate', async () => {
      await expectError(upload('-----BEGIN CERTIFICATE-----\nnope\n-----END CERTIFICATE-----'), 'MalformedCertificate');
      await expectError(upload('hello'), 'MalformedCertificate');
    });

    it('refuses the same certificate for another user of the account', async () => {
      await upload(cert.certificate);
      await expectError(upload(cert.certificate, 'carol'), 'DuplicateCertificate');
    });

    it('allows two per user and no more', async () => {
      await upload(cert.certificate);
      await upload(other.certificate);
      await expectError(upload(third.certificate), 'LimitExceeded', 'Cannot exceed quota for CertificatesPerUser: 2');
    });

    it('deletes a certificate', async () => {
      const c = await upload(cert.certificate);
      await tx((t) => deleteSigningCertificate(t, A, 'bob', c.certificateId));
      expect(await tx((t) => listSigningCertificates(t, A, 'bob'))).toEqual([]);
      await expectError(tx((t) => deleteSigningCertificate(t, A, 'bob', c.certificateId)), 'NoSuchEntity');
    });
  });

  describe('server certificates', () => {
    const upload = (name: string, body: string, privateKey: string, extra: { path?: string; chain?: string } = {}) =>
      tx((t) =>
        uploadServerCertificate(t, {
          accountId: A,
          partition: 'aws',
          name,
          path: extra.path ?? '/',
          certificateBody: body,
          privateKey,
          ...(extra.chain !== undefined && { certificateChain: extra.chain }),
          now: NOW,
          random: randomBytes,
        }),
      );

    it('uploads a certificate with its key, ARN, ASCA id and expiration', async () => {
      const { certificate } = await upload('web', cert.certificate, cert.privateKey, { path: '/cloudfront/' });
      expect(certificate.arn).toBe(`arn:aws:iam::${A}:server-certificate/cloudfront/web`);
      expect(certificate.serverCertificateId).toMatch(/^ASCA[A-Z2-7]{17}$/);
      expect(certificate.expiration!.getTime()).toBeGreaterThan(NOW.getTime());
    });

    it('seals the private key and never returns it with the certificate', async () => {
      await upload('web', cert.certificate, cert.privateKey);
      const got = await tx((t) => getServerCertificate(t, A, 'web'));
      expect(JSON.stringify(got)).not.toContain('PRIVATE KEY');
      expect(await tx((t) => t.serverCerts.getPrivateKey(A, 'web'))).toBe(cert.privateKey);
    });

    it('refuses a private key of another certificate', async () => {
      await expectError(upload('web', cert.certificate, other.privateKey), 'KeyPairMismatch');
    });

    it('refuses an unparseable private key without echoing it', async () => {
      const err = await upload('web', cert.certificate, 'secret-material').catch((e: unknown) => e);
      expect((err as ServiceError).code).toBe('MalformedCertificate');
      expect((err as ServiceError).message).not.toContain('secret-material');
    });

    it('refuses a malformed chain', async () => {
      await expectError(upload('web', cert.certificate, cert.privateKey, { chain: 'not a chain' }), 'MalformedCertificate');
    });

    it('keeps a valid chain', async () => {
      await upload('web', cert.certificate, cert.privateKey, { chain: other.certificate });
      expect((await tx((t) => getServerCertificate(t, A, 'web'))).certificate.certificateChain).toBe(other.certificate);
    });

    it('refuses a taken name', async () => {
      await upload('web', cert.certificate, cert.privateKey);
      await expectError(upload('WEB', other.certificate, other.privateKey), 'EntityAlreadyExists', 'The Server Certificate with name WEB already exists.');
    });

    it('renames and moves a certificate, rewriting its ARN', async () => {
      await upload('web', cert.certificate, cert.privateKey);
      const moved = await tx((t) => updateServerCertificate(t, A, 'web', { newName: 'site', newPath: '/prod/' }));
      expect(moved.arn).toBe(`arn:aws:iam::${A}:server-certificate/prod/site`);
      await expectError(tx((t) => getServerCertificate(t, A, 'web')), 'NoSuchEntity', 'The Server Certificate with name web cannot be found.');
      expect(await tx((t) => t.serverCerts.getPrivateKey(A, 'site'))).toBe(cert.privateKey);
    });

    it('lists by path prefix and deletes', async () => {
      await upload('a', cert.certificate, cert.privateKey, { path: '/x/' });
      await upload('b', other.certificate, other.privateKey);
      expect((await tx((t) => listServerCertificates(t, A, { pathPrefix: '/x/' }))).map((c) => c.serverCertificateName)).toEqual(['a']);
      await tx((t) => deleteServerCertificate(t, A, 'a'));
      expect((await tx((t) => listServerCertificates(t, A))).map((c) => c.serverCertificateName)).toEqual(['b']);
    });
  });
});

describe.skipIf(opensslAvailable())('certificates (skipped)', () => {
  it.skip(OPENSSL_MISSING, () => undefined);
});
