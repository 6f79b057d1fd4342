// GenerateCredentialReport / GetCredentialReport: a CSV of every user's credentials, in AWS's exact format
// (IAM User Guide, "Getting credential reports": column names, `N/A`, `not_supported`, `no_information`).
import type { AccountPasswordPolicy, User } from '../../model/index.js';
import type { StoreTx } from '../../store/index.js';
import { ServiceError } from '../errors.js';

export const CREDENTIAL_REPORT_COLUMNS = [
  'user',
  'arn',
  'user_creation_time',
  'password_enabled',
  'password_last_used',
  'password_last_changed',
  'password_next_rotation',
  'mfa_active',
  'access_key_1_active',
  'access_key_1_last_rotated',
  'access_key_1_last_used_date',
  'access_key_1_last_used_region',
  'access_key_1_last_used_service',
  'access_key_2_active',
  'access_key_2_last_rotated',
  'access_key_2_last_used_date',
  'access_key_2_last_used_region',
  'access_key_2_last_used_service',
  'cert_1_active',
  'cert_1_last_rotated',
  'cert_2_active',
  'cert_2_last_rotated',
] as const;

/** AWS regenerates a report older than four hours; GetCredentialReport on such a report is ReportExpired. */
export const REPORT_MAX_AGE_MS = 4 * 60 * 60 * 1000;

export interface CredentialReport {
  readonly csv: string;
  readonly generatedTime: Date;
}

/** `2015-07-09T17:54:27+00:00`: ISO-8601 with an explicit UTC offset, as the report writes times. */
export function reportTime(date: Date): string {
  return date.toISOString().slice(0, 19) + '+00:00';
}

const NA = 'N/A';
const orNA = (d: Date | undefined): string => (d === undefined ? NA : reportTime(d));

function csvField(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

interface KeyColumns {
  active: string;
  lastRotated: string;
  lastUsedDate: string;
  lastUsedRegion: string;
  lastUsedService: string;
}

async function keyColumns(tx: StoreTx, accountId: string, userName: string | undefined): Promise<KeyColumns[]> {
  const keys = await tx.accessKeys.list(accountId, userName);
  const out: KeyColumns[] = [];
  for (let i = 0; i < 2; i++) {
    const k = keys[i];
    out.push(
      k === undefined
        ? { active: 'false', lastRotated: NA, lastUsedDate: NA, lastUsedRegion: NA, lastUsedService: NA }
        : {
            active: k.status === 'Active' ? 'true' : 'false',
            lastRotated: reportTime(k.createDate),
            lastUsedDate: orNA(k.lastUsed?.date),
            lastUsedRegion: k.lastUsed?.region ?? NA,
            lastUsedService: k.lastUsed?.service ?? NA,
          },
    );
  }
  return out;
}

function keyFields(keys: readonly KeyColumns[]): string[] {
  return keys.flatMap((k) => [k.active, k.lastRotated, k.lastUsedDate, k.lastUsedRegion, k.lastUsedService]);
}

async function userRow(tx: StoreTx, user: User, policy: AccountPasswordPolicy | undefined): Promise<string[]> {
  const accountId = user.accountId;
  const [profile, mfa, keys, certs] = await Promise.all([
    tx.loginProfiles.get(accountId, user.userName),
    tx.mfaDevices.listForUser(accountId, user.userName),
    keyColumns(tx, accountId, user.userName),
    tx.signingCerts.list(accountId, user.userName),
  ]);
  // The login profile's creation is the last time the password was set that the store records.
  const changed = profile?.createDate;
  const nextRotation =
    changed !== undefined && policy?.maxPasswordAge !== undefined
      ? reportTime(new Date(changed.getTime() + policy.maxPasswordAge * 86_400_000))
      : NA;
  const certFields: string[] = [];
  for (let i = 0; i < 2; i++) {
    const c = certs[i];
    certFields.push(c === undefined ? 'false' : c.status === 'Active' ? 'true' : 'false', orNA(c?.uploadDate));
  }
  return [
    user.userName,
    user.arn,
    reportTime(user.createDate),
    profile !== undefined ? 'true' : 'false',
    // A user without a password: N/A; with one never used: no_information.
    user.passwordLastUsed !== undefined ? reportTime(user.passwordLastUsed) : profile !== undefined ? 'no_information' : NA,
    orNA(changed),
    nextRotation,
    mfa.length > 0 ? 'true' : 'false',
    ...keyFields(keys),
    ...certFields,
  ];
}

/** The report's CSV text: header, the `<root_account>` row, then one row per user in name order. */
export async function buildCredentialReport(tx: StoreTx, accountId: string): Promise<string> {
  const [root, users, policy, rootKeys] = await Promise.all([
    tx.accounts.getRoot(accountId),
    tx.users.list(accountId),
    tx.passwordPolicy.get(accountId),
    keyColumns(tx, accountId, undefined),
  ]);
  const rows: string[][] = [[...CREDENTIAL_REPORT_COLUMNS]];
  const rootArn = root?.arn ?? `arn:aws:iam::${accountId}:root`;
  rows.push([
    '<root_account>',
    rootArn,
    orNA(root?.createDate),
    'not_supported',
    'no_information',
    'not_supported',
    'not_supported',
    'false',
    ...keyFields(rootKeys),
    'false',
    NA,
    'false',
    NA,
  ]);
  for (const user of users) rows.push(await userRow(tx, user, policy));
  return rows.map((r) => r.map(csvField).join(',')).join('\n');
}

export interface GenerateResult {
  readonly state: 'STARTED' | 'COMPLETE';
  readonly description?: string;
}

/**
 * Generates the report when none exists or the last is older than four hours (State STARTED, as AWS
 * answers a new generation task), else reports the existing one as COMPLETE. Generation is synchronous.
 * The report is kept in the store, so whichever server process answers the next call finds it, and a
 * restart does not lose it.
 */
export async function generateCredentialReport(tx: StoreTx, accountId: string, now: Date): Promise<GenerateResult> {
  const existing = await tx.credentialReports.get(accountId);
  if (existing !== undefined && now.getTime() - existing.generatedTime.getTime() < REPORT_MAX_AGE_MS) {
    return { state: 'COMPLETE' };
  }
  await tx.credentialReports.put({ accountId, csv: await buildCredentialReport(tx, accountId), generatedTime: now });
  return {
    state: 'STARTED',
    description: existing === undefined ? 'No report exists. Starting a new report generation task' : 'Starting a new report generation task',
  };
}

export async function getCredentialReport(tx: StoreTx, accountId: string, now: Date): Promise<CredentialReport> {
  const report = await tx.credentialReports.get(accountId);
  // AWS sends these codes without a message (botocore prints "Unknown"); the wording here is ours.
  if (report === undefined) {
    throw new ServiceError('ReportNotPresent', 'Credential report not present. Call GenerateCredentialReport first.');
  }
  if (now.getTime() - report.generatedTime.getTime() >= REPORT_MAX_AGE_MS) {
    throw new ServiceError(
      'ReportExpired',
      'The most recent credential report has expired. Call GenerateCredentialReport to generate a new one.',
    );
  }
  return report;
}
