// Version 2: credential reports, kept in the store so every server process (--workers, several nodes) answers
// GetCredentialReport with the report any of them generated, and a restart keeps it. Frozen once released.
// The CSV is plain text, not sealed: its columns are names, ARNs, dates, true/false, regions and service names;
// it carries no secret, password hash, MFA seed or even an access key id.
export const sql = `
CREATE TABLE credential_reports (
  account_id TEXT PRIMARY KEY REFERENCES accounts(account_id) ON DELETE CASCADE,
  generated_time INTEGER NOT NULL,
  csv TEXT NOT NULL
) STRICT;
`;
