// Virtual MFA, SSH keys, signing and server certificates and service-specific credentials end to end:
// a real server on 127.0.0.1 driven by @aws-sdk/client-iam.
import { createPublicKey } from 'node:crypto';
import {
  CreateServiceSpecificCredentialCommand,
  CreateUserCommand,
  CreateVirtualMFADeviceCommand,
  DeactivateMFADeviceCommand,
  DeleteServerCertificateCommand,
  DeleteServiceSpecificCredentialCommand,
  DeleteSigningCertificateCommand,
  DeleteSSHPublicKeyCommand,
  DeleteVirtualMFADeviceCommand,
  EnableMFADeviceCommand,
  GetServerCertificateCommand,
  GetSSHPublicKeyCommand,
  ListMFADevicesCommand,
  ListMFADeviceTagsCommand,
  ListServerCertificatesCommand,
  ListServerCertificateTagsCommand,
  ListServiceSpecificCredentialsCommand,
  ListSigningCertificatesCommand,
  ListSSHPublicKeysCommand,
  ListVirtualMFADevicesCommand,
  ResetServiceSpecificCredentialCommand,
  ResyncMFADeviceCommand,
  TagServerCertificateCommand,
  UpdateServerCertificateCommand,
  UpdateServiceSpecificCredentialCommand,
  UpdateSigningCertificateCommand,
  UpdateSSHPublicKeyCommand,
  UploadServerCertificateCommand,
  UploadSigningCertificateCommand,
  UploadSSHPublicKeyCommand,
} from '@aws-sdk/client-iam';
import type { IAMClient } from '@aws-sdk/client-iam';
import { HOTP, Secret } from 'otpauth';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { OPENSSL_MISSING, opensslAvailable, rsaKeyPair, selfSignedCertificate } from '../fixtures/certs/openssl.js';
import type { TestCertificate } from '../fixtures/certs/openssl.js';
import { createUserWithKey, putUserPolicy, startTestServer } from './harness.js';
import type { TestServer } from './harness.js';

const A = '000000000000';

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
  await iam.send(new CreateUserCommand({ UserName: 'bob' }));
});

const code = (seed: string, offset = 0): string =>
  HOTP.generate({ secret: Secret.fromBase32(seed), counter: Math.floor(Date.now() / 30_000) + offset });

describe('virtual MFA devices', () => {
  it('runs the whole lifecycle: create, enable with two codes, list, deactivate, delete', async () => {
    const created = await iam.send(new CreateVirtualMFADeviceCommand({ VirtualMFADeviceName: 'bob-phone', Path: '/ops/', Tags: [{ Key: 'k', Value: 'v' }] }));
    const device = created.VirtualMFADevice!;
    const serial = `arn:aws:iam::${A}:mfa/ops/bob-phone`;
    expect(device.SerialNumber).toBe(serial);
    // The seed blob is the base32 text; the QR code blob is a PNG.
    const seed = Buffer.from(device.Base32StringSeed!).toString('ascii');
    expect(seed).toMatch(/^[A-Z2-7]{32}$/);
    expect(Buffer.from(device.QRCodePNG!).subarray(1, 4).toString('ascii')).toBe('PNG');
    expect(device.Tags).toEqual([{ Key: 'k', Value: 'v' }]);

    await iam.send(new EnableMFADeviceCommand({ UserName: 'bob', SerialNumber: serial, AuthenticationCode1: code(seed, -1), AuthenticationCode2: code(seed) }));
    const listed = await iam.send(new ListMFADevicesCommand({ UserName: 'bob' }));
    expect(listed.MFADevices).toEqual([{ UserName: 'bob', SerialNumber: serial, EnableDate: expect.any(Date) }]);

    const assigned = await iam.send(new ListVirtualMFADevicesCommand({ AssignmentStatus: 'Assigned' }));
    expect(assigned.VirtualMFADevices?.[0]).toMatchObject({ SerialNumber: serial, User: { UserName: 'bob', Arn: `arn:aws:iam::${A}:user/bob` } });
    expect(assigned.VirtualMFADevices?.[0]?.Base32StringSeed).toBeUndefined();

    await iam.send(new ResyncMFADeviceCommand({ UserName: 'bob', SerialNumber: serial, AuthenticationCode1: code(seed), AuthenticationCode2: code(seed, 1) }));
    expect((await iam.send(new ListMFADeviceTagsCommand({ SerialNumber: serial }))).Tags).toEqual([{ Key: 'k', Value: 'v' }]);

    await expect(iam.send(new DeleteVirtualMFADeviceCommand({ SerialNumber: serial }))).rejects.toMatchObject({
      name: 'DeleteConflictException',
      $metadata: { httpStatusCode: 409 },
    });
    await iam.send(new DeactivateMFADeviceCommand({ UserName: 'bob', SerialNumber: serial }));
    await iam.send(new DeleteVirtualMFADeviceCommand({ SerialNumber: serial }));
    expect((await iam.send(new ListVirtualMFADevicesCommand({}))).VirtualMFADevices).toEqual([]);
  });

  it('refuses codes that are not two consecutive codes of the device', async () => {
    const created = await iam.send(new CreateVirtualMFADeviceCommand({ VirtualMFADeviceName: 'phone' }));
    const serial = created.VirtualMFADevice!.SerialNumber!;
    await expect(
      iam.send(new EnableMFADeviceCommand({ UserName: 'bob', SerialNumber: serial, AuthenticationCode1: '123456', AuthenticationCode2: '654321' })),
    ).rejects.toMatchObject({
      name: 'InvalidAuthenticationCodeException',
      message: 'Authentication code for device is not valid.',
      $metadata: { httpStatusCode: 403 },
    });
  });

  it('refuses a code that is not six digits with a validation error', async () => {
    await expect(
      iam.send(new EnableMFADeviceCommand({ UserName: 'bob', SerialNumber: `arn:aws:iam::${A}:mfa/x`, AuthenticationCode1: '12ab56', AuthenticationCode2: '123456' })),
    ).rejects.toMatchObject({ name: 'ValidationError', $metadata: { httpStatusCode: 400 } });
  });

  it('lists the calling user own devices when no user is named', async () => {
    const carolKey = await createUserWithKey(server, 'carol');
    await putUserPolicy(server, 'carol', 'mfa', { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'iam:ListMFADevices', Resource: `arn:aws:iam::${A}:user/carol` }] });
    const out = await server.iam(carolKey).send(new ListMFADevicesCommand({}));
    expect(out.MFADevices).toEqual([]);
    await expect(server.iam(carolKey).send(new ListMFADevicesCommand({ UserName: 'bob' }))).rejects.toMatchObject({ name: 'AccessDenied' });
  });
});

/** An `ssh-rsa` line for a fresh 2048-bit key. */
function sshRsa(): string {
  const jwk = createPublicKey(rsaKeyPair().publicKey).export({ format: 'jwk' });
  const field = (b: Buffer): Buffer => {
    const body = (b[0] ?? 0) & 0x80 ? Buffer.concat([Buffer.from([0]), b]) : b;
    const len = Buffer.alloc(4);
    len.writeUInt32BE(body.length);
    return Buffer.concat([len, body]);
  };
  const blob = Buffer.concat([field(Buffer.from('ssh-rsa')), field(Buffer.from(jwk.e!, 'base64url')), field(Buffer.from(jwk.n!, 'base64url'))]);
  return `ssh-rsa ${blob.toString('base64')}`;
}

describe('SSH public keys', () => {
  it('runs the whole lifecycle of a key', async () => {
    const body = sshRsa();
    const up = await iam.send(new UploadSSHPublicKeyCommand({ UserName: 'bob', SSHPublicKeyBody: body }));
    const key = up.SSHPublicKey!;
    expect(key).toMatchObject({ UserName: 'bob', SSHPublicKeyBody: body, Status: 'Active' });
    expect(key.SSHPublicKeyId).toMatch(/^APKA/);
    expect(key.Fingerprint).toMatch(/^([0-9a-f]{2}:){15}[0-9a-f]{2}$/);

    const pem = await iam.send(new GetSSHPublicKeyCommand({ UserName: 'bob', SSHPublicKeyId: key.SSHPublicKeyId, Encoding: 'PEM' }));
    expect(pem.SSHPublicKey?.SSHPublicKeyBody).toContain('-----BEGIN PUBLIC KEY-----');

    await iam.send(new UpdateSSHPublicKeyCommand({ UserName: 'bob', SSHPublicKeyId: key.SSHPublicKeyId, Status: 'Inactive' }));
    const listed = await iam.send(new ListSSHPublicKeysCommand({ UserName: 'bob' }));
    expect(listed.SSHPublicKeys).toEqual([{ UserName: 'bob', SSHPublicKeyId: key.SSHPublicKeyId, Status: 'Inactive', UploadDate: expect.any(Date) }]);

    await expect(iam.send(new UploadSSHPublicKeyCommand({ UserName: 'bob', SSHPublicKeyBody: body }))).rejects.toMatchObject({
      name: 'DuplicateSSHPublicKeyException',
      $metadata: { httpStatusCode: 400 },
    });
    await iam.send(new DeleteSSHPublicKeyCommand({ UserName: 'bob', SSHPublicKeyId: key.SSHPublicKeyId }));
    expect((await iam.send(new ListSSHPublicKeysCommand({ UserName: 'bob' }))).SSHPublicKeys).toEqual([]);
  });

  it('refuses an unsupported key type', async () => {
    await expect(
      iam.send(new UploadSSHPublicKeyCommand({ UserName: 'bob', SSHPublicKeyBody: 'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIOMqqnkVzrm0SdG6UOoqKLsabgH5C9okWi0dh2l9GKJl' })),
    ).rejects.toMatchObject({ name: 'UnrecognizedPublicKeyEncodingException' });
  });

  it('refuses an Encoding outside SSH and PEM', async () => {
    await expect(
      iam.send(new GetSSHPublicKeyCommand({ UserName: 'bob', SSHPublicKeyId: 'APKAAAAAAAAAAAAAAAAAA', Encoding: 'DER' as 'PEM' })),
    ).rejects.toMatchObject({ name: 'ValidationError', message: expect.stringContaining('satisfy enum value set: [SSH, PEM]') });
  });

  it('lets a user manage only the keys its policy names', async () => {
    const carol = await createUserWithKey(server, 'carol');
    await putUserPolicy(server, 'carol', 'ssh', {
      Version: '2012-10-17',
      Statement: [{ Effect: 'Allow', Action: 'iam:*SSHPublicKey*', Resource: `arn:aws:iam::${A}:user/carol` }],
    });
    const asCarol = server.iam(carol);
    await asCarol.send(new UploadSSHPublicKeyCommand({ UserName: 'carol', SSHPublicKeyBody: sshRsa() }));
    expect((await asCarol.send(new ListSSHPublicKeysCommand({}))).SSHPublicKeys).toHaveLength(1);
    await expect(asCarol.send(new UploadSSHPublicKeyCommand({ UserName: 'bob', SSHPublicKeyBody: sshRsa() }))).rejects.toMatchObject({
      name: 'AccessDenied',
      $metadata: { httpStatusCode: 403 },
    });
  });
});

describe('service-specific credentials', () => {
  it('runs the whole lifecycle of a credential; the password is shown by create and reset only', async () => {
    const created = await iam.send(new CreateServiceSpecificCredentialCommand({ UserName: 'bob', ServiceName: 'codecommit.amazonaws.com' }));
    const c = created.ServiceSpecificCredential!;
    expect(c).toMatchObject({ UserName: 'bob', ServiceName: 'codecommit.amazonaws.com', ServiceUserName: `bob-at-${A}`, Status: 'Active' });
    expect(c.ServicePassword).toHaveLength(44);
    const id = c.ServiceSpecificCredentialId!;

    const listed = await iam.send(new ListServiceSpecificCredentialsCommand({ UserName: 'bob' }));
    expect(listed.ServiceSpecificCredentials).toHaveLength(1);
    expect(JSON.stringify(listed)).not.toContain(c.ServicePassword!);

    const reset = await iam.send(new ResetServiceSpecificCredentialCommand({ UserName: 'bob', ServiceSpecificCredentialId: id }));
    expect(reset.ServiceSpecificCredential?.ServicePassword).not.toBe(c.ServicePassword);

    await iam.send(new UpdateServiceSpecificCredentialCommand({ UserName: 'bob', ServiceSpecificCredentialId: id, Status: 'Inactive' }));
    expect((await iam.send(new ListServiceSpecificCredentialsCommand({ UserName: 'bob' }))).ServiceSpecificCredentials?.[0]?.Status).toBe('Inactive');

    await iam.send(new DeleteServiceSpecificCredentialCommand({ UserName: 'bob', ServiceSpecificCredentialId: id }));
    await expect(iam.send(new DeleteServiceSpecificCredentialCommand({ UserName: 'bob', ServiceSpecificCredentialId: id }))).rejects.toMatchObject({
      name: 'NoSuchEntityException',
      $metadata: { httpStatusCode: 404 },
    });
  });

  it('refuses an unsupported service', async () => {
    await expect(iam.send(new CreateServiceSpecificCredentialCommand({ UserName: 'bob', ServiceName: 's3.amazonaws.com' }))).rejects.toMatchObject({
      name: 'ServiceNotSupportedException',
      $metadata: { httpStatusCode: 404 },
    });
  });

  it('refuses a third credential for the same service', async () => {
    for (let i = 0; i < 2; i++) await iam.send(new CreateServiceSpecificCredentialCommand({ UserName: 'bob', ServiceName: 'cassandra.amazonaws.com' }));
    await expect(iam.send(new CreateServiceSpecificCredentialCommand({ UserName: 'bob', ServiceName: 'cassandra.amazonaws.com' }))).rejects.toMatchObject({
      name: 'LimitExceededException',
      $metadata: { httpStatusCode: 409 },
    });
  });
});

describe.skipIf(!opensslAvailable())('certificates', () => {
  let cert: TestCertificate;
  let other: TestCertificate;
  beforeAll(() => {
    cert = selfSignedCertificate('www.example.com');
    other = selfSignedCertificate('other.example.com');
  });

  it('runs the whole lifecycle of a signing certificate', async () => {
    const up = await iam.send(new UploadSigningCertificateCommand({ UserName: 'bob', CertificateBody: cert.certificate }));
    const id = up.Certificate!.CertificateId!;
    expect(up.Certificate).toMatchObject({ UserName: 'bob', CertificateBody: cert.certificate, Status: 'Active' });
    await iam.send(new UpdateSigningCertificateCommand({ UserName: 'bob', CertificateId: id, Status: 'Inactive' }));
    const listed = await iam.send(new ListSigningCertificatesCommand({ UserName: 'bob' }));
    expect(listed.Certificates?.map((c) => [c.CertificateId, c.Status])).toEqual([[id, 'Inactive']]);
    await expect(iam.send(new UploadSigningCertificateCommand({ UserName: 'bob', CertificateBody: cert.certificate }))).rejects.toMatchObject({
      name: 'DuplicateCertificateException',
      $metadata: { httpStatusCode: 409 },
    });
    await iam.send(new DeleteSigningCertificateCommand({ UserName: 'bob', CertificateId: id }));
    expect((await iam.send(new ListSigningCertificatesCommand({ UserName: 'bob' }))).Certificates).toEqual([]);
  });

  it('refuses a body that is not a certificate', async () => {
    await expect(iam.send(new UploadSigningCertificateCommand({ UserName: 'bob', CertificateBody: 'garbage' }))).rejects.toMatchObject({
      name: 'MalformedCertificateException',
    });
  });

  it('runs the whole lifecycle of a server certificate and never returns its private key', async () => {
    const up = await iam.send(
      new UploadServerCertificateCommand({
        ServerCertificateName: 'web',
        Path: '/cloudfront/',
        CertificateBody: cert.certificate,
        PrivateKey: cert.privateKey,
        CertificateChain: other.certificate,
        Tags: [{ Key: 'env', Value: 'prod' }],
      }),
    );
    expect(up.ServerCertificateMetadata).toMatchObject({
      Path: '/cloudfront/',
      ServerCertificateName: 'web',
      Arn: `arn:aws:iam::${A}:server-certificate/cloudfront/web`,
      Expiration: expect.any(Date),
    });
    expect(up.ServerCertificateMetadata?.ServerCertificateId).toMatch(/^ASCA/);

    const got = await iam.send(new GetServerCertificateCommand({ ServerCertificateName: 'web' }));
    expect(got.ServerCertificate?.CertificateBody).toBe(cert.certificate);
    expect(got.ServerCertificate?.CertificateChain).toBe(other.certificate);
    expect(got.ServerCertificate?.Tags).toEqual([{ Key: 'env', Value: 'prod' }]);
    expect(JSON.stringify(got)).not.toContain('PRIVATE KEY');

    await iam.send(new TagServerCertificateCommand({ ServerCertificateName: 'web', Tags: [{ Key: 'team', Value: 'edge' }] }));
    expect((await iam.send(new ListServerCertificateTagsCommand({ ServerCertificateName: 'web' }))).Tags?.map((t) => t.Key)).toEqual(['env', 'team']);

    await iam.send(new UpdateServerCertificateCommand({ ServerCertificateName: 'web', NewServerCertificateName: 'site', NewPath: '/prod/' }));
    const listed = await iam.send(new ListServerCertificatesCommand({ PathPrefix: '/prod/' }));
    expect(listed.ServerCertificateMetadataList?.map((m) => m.Arn)).toEqual([`arn:aws:iam::${A}:server-certificate/prod/site`]);

    await iam.send(new DeleteServerCertificateCommand({ ServerCertificateName: 'site' }));
    await expect(iam.send(new GetServerCertificateCommand({ ServerCertificateName: 'site' }))).rejects.toMatchObject({
      name: 'NoSuchEntityException',
      message: 'The Server Certificate with name site cannot be found.',
    });
  });

  it('keeps the private key out of the audit log', async () => {
    await iam.send(new UploadServerCertificateCommand({ ServerCertificateName: 'web', CertificateBody: cert.certificate, PrivateKey: cert.privateKey }));
    const event = server.audit.events().findLast((e) => e.eventName === 'UploadServerCertificate');
    expect(event?.requestParameters?.['PrivateKey']).toBe('HIDDEN_DUE_TO_SECURITY_REASONS');
    expect(JSON.stringify(server.audit.events())).not.toContain('PRIVATE KEY');
  });

  it('refuses a private key that does not match the certificate', async () => {
    await expect(
      iam.send(new UploadServerCertificateCommand({ ServerCertificateName: 'web', CertificateBody: cert.certificate, PrivateKey: other.privateKey })),
    ).rejects.toMatchObject({ name: 'KeyPairMismatchException', $metadata: { httpStatusCode: 400 } });
  });

  it('pages through server certificates', async () => {
    for (const name of ['a', 'b', 'c']) {
      await iam.send(new UploadServerCertificateCommand({ ServerCertificateName: name, CertificateBody: cert.certificate, PrivateKey: cert.privateKey }));
    }
    const first = await iam.send(new ListServerCertificatesCommand({ MaxItems: 2 }));
    expect(first.ServerCertificateMetadataList?.map((m) => m.ServerCertificateName)).toEqual(['a', 'b']);
    expect(first.IsTruncated).toBe(true);
    const second = await iam.send(new ListServerCertificatesCommand({ MaxItems: 2, Marker: first.Marker }));
    expect(second.ServerCertificateMetadataList?.map((m) => m.ServerCertificateName)).toEqual(['c']);
    expect(second.IsTruncated).toBe(false);
  });

  it('authorizes upload on the server-certificate ARN', async () => {
    const carol = await createUserWithKey(server, 'carol');
    await putUserPolicy(server, 'carol', 'certs', {
      Version: '2012-10-17',
      Statement: [{ Effect: 'Allow', Action: 'iam:UploadServerCertificate', Resource: `arn:aws:iam::${A}:server-certificate/team/*` }],
    });
    const asCarol = server.iam(carol);
    await asCarol.send(new UploadServerCertificateCommand({ ServerCertificateName: 'ok', Path: '/team/', CertificateBody: cert.certificate, PrivateKey: cert.privateKey }));
    await expect(
      asCarol.send(new UploadServerCertificateCommand({ ServerCertificateName: 'no', CertificateBody: cert.certificate, PrivateKey: cert.privateKey })),
    ).rejects.toMatchObject({ name: 'AccessDenied' });
  });
});

describe.skipIf(opensslAvailable())('certificates (skipped)', () => {
  it.skip(OPENSSL_MISSING, () => undefined);
});
