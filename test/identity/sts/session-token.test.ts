import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { SessionKeyring, openSession, sealSession, type SessionClaims } from '../../../src/identity/sts/session-token.js';

const claims: SessionClaims = {
  v: 1,
  accessKeyId: 'ASIAEXAMPLEEXAMPLE01',
  secretAccessKey: 'temporary-secret-temporary-secret-000000',
  accountId: '111122223333',
  partition: 'aws',
  kind: 'roleSession',
  arn: 'arn:aws:sts::111122223333:assumed-role/App/s1',
  userId: 'AROAEXAMPLEEXAMPLE01:s1',
  roleArn: 'arn:aws:iam::111122223333:role/App',
  tags: [{ Key: 'team', Value: 'payments' }],
  issuedAt: 1_800_000_000,
  expiresAt: 1_800_003_600,
};
const keyring = new SessionKeyring([{ id: 'k1', key: randomBytes(32) }]);

describe('STS session tokens', () => {
  it('open to the claims they were sealed with', () => {
    expect(openSession(sealSession(claims, keyring), keyring)).toEqual({ ok: true, claims });
  });

  it('do not show the temporary secret in the token text', () => {
    const token = sealSession(claims, keyring);
    expect(token).not.toContain('temporary-secret');
    expect(Buffer.from(token.split('.')[2], 'base64url').toString('latin1')).not.toContain('temporary-secret');
  });

  it('are refused when a single byte is altered', () => {
    const token = sealSession(claims, keyring);
    const raw = Buffer.from(token.split('.')[2], 'base64url');
    raw[20] ^= 1;
    const altered = `CSv1.k1.${raw.toString('base64url')}`;
    expect(openSession(altered, keyring)).toEqual({ ok: false, reason: 'forged' });
  });

  it('are refused under another key with the same id', () => {
    const other = new SessionKeyring([{ id: 'k1', key: randomBytes(32) }]);
    expect(openSession(sealSession(claims, keyring), other)).toEqual({ ok: false, reason: 'forged' });
  });

  it('open under a rotated keyring that still holds the old key', () => {
    const token = sealSession(claims, keyring);
    const rotated = new SessionKeyring([{ id: 'k2', key: randomBytes(32) }, keyring.current]);
    expect(openSession(token, rotated).ok).toBe(true);
    expect(sealSession(claims, rotated)).toMatch(/^CSv1\.k2\./);
  });

  it('name an unknown key id as such', () => {
    const token = sealSession(claims, keyring).replace('.k1.', '.k9.');
    expect(openSession(token, keyring)).toEqual({ ok: false, reason: 'unknownKey' });
  });

  it('reject text that is not a token', () => {
    for (const text of ['', 'abc', 'CSv1.k1', 'CSv1.k1.!!!', 'FQoGZXIvYXdzE.x.y']) {
      expect(openSession(text, keyring).ok).toBe(false);
    }
  });

  it('derive the same key from the same master key', () => {
    const master = randomBytes(32);
    const a = SessionKeyring.fromMasterKey(master);
    const b = SessionKeyring.fromMasterKey(master);
    expect(openSession(sealSession(claims, a), b).ok).toBe(true);
  });
});
