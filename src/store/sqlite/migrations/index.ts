// The ordered list of schema migrations. Append only: a released step never changes.
import { sql as initial } from './001_initial.js';
import { sql as credentialReports } from './002_credential_reports.js';

export interface Migration {
  version: number;
  name: string;
  sql: string;
}

export const migrations: readonly Migration[] = [
  { version: 1, name: 'initial', sql: initial },
  { version: 2, name: 'credential_reports', sql: credentialReports },
];

export const LATEST_SCHEMA_VERSION = migrations[migrations.length - 1]!.version;
