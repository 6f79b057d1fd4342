// The credential report: AWS's CSV columns and placeholder words, generation and expiry.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  CREDENTIAL_REPORT_COLUMNS,
  buildCredentialReport,
  generateCredentialReport,
  getCredentialReport,
} from '../../../src/identity/iam/credential-report.js';
import { openStore } from '../../../src/store/index.js';
import type { Store, StoreTx } from '../../../src/store/index.js';
import { ACCOUNT, OTHER_ACCOUNT, T0, accessKey, account, user } from '../../store/fixtures.js';

let store: Store;
const run = <T>(fn: (tx: StoreTx) => Promise<T>): Promise<T> => store.transaction(fn);
const NOW = new Date('2025-03-01T10:00:00Z');

beforeEach(async () => {
  store = await openStore({ ephemeral: true, env: {} });
  await run((tx) => tx.accounts.create(account()));
});
afterEach(() => store.close());

const rows = (csv: string): Record<string, string>[] => {
  const [header, ...lines] = csv.split('\n');
  const names = header!.split(',');
  return lines.map((l) => Object.fromEntries(l.split(',').map((v, i) => [names[i], v])));
};

describe('credential report CSV', () => {
  it("has AWS's exact header", async () => {
    const csv = await run((tx) => buildCredentialReport(tx, ACCOUNT));
    expect(csv.split('\n')[0]).toBe(
      'user,arn,user_creation_time,password_enabled,password_last_used,password_last_changed,password_next_rotation,' +
        'mfa_active,access_key_1_active,access_key_1_last_rotated,access_key_1_last_used_date,access_key_1_last_used_region,' +
        'access_key_1_last_used_service,access_key_2_active,access_key_2_last_rotated,access_key_2_last_used_date,' +
        'access_key_2_last_used_region,access_key_2_last_used_service,cert_1_active,cert_1_last_rotated,cert_2_active,cert_2_last_rotated',
    );
    expect(CREDENTIAL_REPORT_COLUMNS).toHaveLength(22);
  });

  it('puts the root account first with not_supported password columns', async () => {
    await run((tx) => tx.users.create(user('alice')));
    const [root] = rows(await run((tx) => buildCredentialReport(tx, ACCOUNT)));
    expect(root).toMatchObject({
      user: '<root_account>',
      arn: `arn:aws:iam::${ACCOUNT}:root`,
      user_creation_time: '2024-01-02T03:04:05+00:00',
      password_enabled: 'not_supported',
      password_last_changed: 'not_supported',
      password_next_rotation: 'not_supported',
    });
  });

  it('writes N/A for a user without password or keys', async () => {
    await run((tx) => tx.users.create(user('alice')));
    const [, alice] = rows(await run((tx) => buildCredentialReport(tx, ACCOUNT)));
    expect(alice).toMatchObject({
      user: 'alice',
      password_enabled: 'false',
      password_last_used: 'N/A',
      password_last_changed: 'N/A',
      mfa_active: 'false',
      access_key_1_active: 'false',
      access_key_1_last_rotated: 'N/A',
      access_key_2_last_used_service: 'N/A',
      cert_1_active: 'false',
      cert_2_last_rotated: 'N/A',
    });
  });

  it('reports a password never used as no_information and its next rotation from the policy', async () => {
    await run(async (tx) => {
      await tx.users.create(user('alice'));
      await tx.loginProfiles.create({ accountId: ACCOUNT, userName: 'alice', createDate: T0, passwordResetRequired: false, passwordHash: 'x' });
      await tx.passwordPolicy.put({
        accountId: ACCOUNT, minimumPasswordLength: 8, requireSymbols: false, requireNumbers: false, requireUppercaseCharacters: false,
        requireLowercaseCharacters: false, allowUsersToChangePassword: true, maxPasswordAge: 10, hardExpiry: false,
      });
    });
    const [, alice] = rows(await run((tx) => buildCredentialReport(tx, ACCOUNT)));
    expect(alice).toMatchObject({
      password_enabled: 'true',
      password_last_used: 'no_information',
      password_last_changed: '2024-01-02T03:04:05+00:00',
      password_next_rotation: '2024-01-12T03:04:05+00:00',
    });
  });

  it('fills the access key columns in creation order with last-used facts', async () => {
    const key = accessKey('alice');
    await run(async (tx) => {
      await tx.users.create(user('alice'));
      await tx.accessKeys.create(key);
      await tx.accessKeys.recordLastUsed(key.accessKeyId, { date: new Date('2024-05-05T05:05:05Z'), region: 'eu-west-1', service: 'iam' });
    });
    const [, alice] = rows(await run((tx) => buildCredentialReport(tx, ACCOUNT)));
    expect(alice).toMatchObject({
      access_key_1_active: 'true',
      access_key_1_last_rotated: '2024-01-02T03:04:05+00:00',
      access_key_1_last_used_date: '2024-05-05T05:05:05+00:00',
      access_key_1_last_used_region: 'eu-west-1',
      access_key_1_last_used_service: 'iam',
      access_key_2_active: 'false',
    });
  });
});

describe('generate and get', () => {
  it('is ReportNotPresent before any generation', async () => {
    await expect(run((tx) => getCredentialReport(tx, ACCOUNT, NOW))).rejects.toMatchObject({ code: 'ReportNotPresent' });
  });

  it('answers STARTED first, then COMPLETE while the report is fresh', async () => {
    expect(await run((tx) => generateCredentialReport(tx, ACCOUNT, NOW))).toEqual({
      state: 'STARTED',
      description: 'No report exists. Starting a new report generation task',
    });
    expect((await run((tx) => generateCredentialReport(tx, ACCOUNT, NOW))).state).toBe('COMPLETE');
    const report = await run((tx) => getCredentialReport(tx, ACCOUNT, NOW));
    expect(report.generatedTime).toEqual(NOW);
    expect(report.csv.split('\n')[1]).toMatch(/^<root_account>,/);
  });

  it('keeps the fresh report instead of regenerating it', async () => {
    await run((tx) => generateCredentialReport(tx, ACCOUNT, NOW));
    await run((tx) => tx.users.create(user('carol')));
    const later = new Date(NOW.getTime() + 4 * 3600_000 - 1);
    expect((await run((tx) => generateCredentialReport(tx, ACCOUNT, later))).state).toBe('COMPLETE');
    const report = await run((tx) => getCredentialReport(tx, ACCOUNT, later));
    expect(report.generatedTime).toEqual(NOW);
    expect(report.csv).not.toContain('carol,');
  });

  it('expires a report after four hours and regenerates it on request', async () => {
    await run((tx) => generateCredentialReport(tx, ACCOUNT, NOW));
    const later = new Date(NOW.getTime() + 4 * 3600_000);
    await expect(run((tx) => getCredentialReport(tx, ACCOUNT, later))).rejects.toMatchObject({ code: 'ReportExpired' });
    expect(await run((tx) => generateCredentialReport(tx, ACCOUNT, later))).toEqual({
      state: 'STARTED',
      description: 'Starting a new report generation task',
    });
    expect((await run((tx) => getCredentialReport(tx, ACCOUNT, later))).generatedTime).toEqual(later);
  });

  it('keeps reports per account', async () => {
    await run((tx) => tx.accounts.create(account(OTHER_ACCOUNT)));
    await run((tx) => generateCredentialReport(tx, ACCOUNT, NOW));
    await expect(run((tx) => getCredentialReport(tx, OTHER_ACCOUNT, NOW))).rejects.toMatchObject({ code: 'ReportNotPresent' });
  });
});
