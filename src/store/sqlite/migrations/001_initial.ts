// Version 1: the initial schema. Frozen once released: later changes are new migrations.
// Conventions: dates are INTEGER milliseconds since the epoch; booleans INTEGER 0/1; names use COLLATE NOCASE
// so uniqueness, lookups and ordering are case-insensitive as in IAM; child rows reference the parent's
// INTEGER rowid so renames touch one row. Secrets are in `*_sealed` columns (see secrets.ts).
export const sql = `
CREATE TABLE castellan_meta (
  key TEXT PRIMARY KEY,
  value TEXT NOT NULL
) STRICT;

CREATE TABLE accounts (
  account_id TEXT PRIMARY KEY,
  create_date INTEGER NOT NULL
) STRICT;

CREATE TABLE account_aliases (
  account_id TEXT PRIMARY KEY REFERENCES accounts(account_id) ON DELETE CASCADE,
  alias TEXT NOT NULL UNIQUE
) STRICT;

CREATE TABLE password_policies (
  account_id TEXT PRIMARY KEY REFERENCES accounts(account_id) ON DELETE CASCADE,
  minimum_password_length INTEGER NOT NULL,
  require_symbols INTEGER NOT NULL,
  require_numbers INTEGER NOT NULL,
  require_uppercase_characters INTEGER NOT NULL,
  require_lowercase_characters INTEGER NOT NULL,
  allow_users_to_change_password INTEGER NOT NULL,
  max_password_age INTEGER,
  password_reuse_prevention INTEGER,
  hard_expiry INTEGER NOT NULL
) STRICT;

CREATE TABLE users (
  id INTEGER PRIMARY KEY,
  account_id TEXT NOT NULL REFERENCES accounts(account_id) ON DELETE CASCADE,
  user_name TEXT NOT NULL COLLATE NOCASE,
  user_id TEXT NOT NULL UNIQUE,
  path TEXT NOT NULL,
  arn TEXT NOT NULL,
  create_date INTEGER NOT NULL,
  permissions_boundary_arn TEXT,
  password_last_used INTEGER
) STRICT;
CREATE UNIQUE INDEX users_name ON users(account_id, user_name);
CREATE INDEX users_boundary ON users(account_id, permissions_boundary_arn) WHERE permissions_boundary_arn IS NOT NULL;

CREATE TABLE groups (
  id INTEGER PRIMARY KEY,
  account_id TEXT NOT NULL REFERENCES accounts(account_id) ON DELETE CASCADE,
  group_name TEXT NOT NULL COLLATE NOCASE,
  group_id TEXT NOT NULL UNIQUE,
  path TEXT NOT NULL,
  arn TEXT NOT NULL,
  create_date INTEGER NOT NULL
) STRICT;
CREATE UNIQUE INDEX groups_name ON groups(account_id, group_name);

CREATE TABLE group_members (
  group_rowid INTEGER NOT NULL REFERENCES groups(id) ON DELETE CASCADE,
  user_rowid INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  PRIMARY KEY (group_rowid, user_rowid)
) STRICT, WITHOUT ROWID;
CREATE INDEX group_members_user ON group_members(user_rowid);

CREATE TABLE roles (
  id INTEGER PRIMARY KEY,
  account_id TEXT NOT NULL REFERENCES accounts(account_id) ON DELETE CASCADE,
  role_name TEXT NOT NULL COLLATE NOCASE,
  role_id TEXT NOT NULL UNIQUE,
  path TEXT NOT NULL,
  arn TEXT NOT NULL,
  assume_role_policy_document TEXT NOT NULL,
  description TEXT,
  max_session_duration INTEGER NOT NULL,
  permissions_boundary_arn TEXT,
  create_date INTEGER NOT NULL,
  role_last_used_date INTEGER,
  role_last_used_region TEXT
) STRICT;
CREATE UNIQUE INDEX roles_name ON roles(account_id, role_name);
CREATE INDEX roles_boundary ON roles(account_id, permissions_boundary_arn) WHERE permissions_boundary_arn IS NOT NULL;

CREATE TABLE policies (
  id INTEGER PRIMARY KEY,
  account_id TEXT NOT NULL REFERENCES accounts(account_id) ON DELETE CASCADE,
  policy_name TEXT NOT NULL COLLATE NOCASE,
  policy_id TEXT NOT NULL UNIQUE,
  path TEXT NOT NULL,
  arn TEXT NOT NULL UNIQUE,
  default_version INTEGER NOT NULL,
  last_version INTEGER NOT NULL,
  is_attachable INTEGER NOT NULL,
  description TEXT,
  create_date INTEGER NOT NULL,
  update_date INTEGER NOT NULL
) STRICT;
CREATE UNIQUE INDEX policies_name ON policies(account_id, policy_name);

CREATE TABLE policy_versions (
  policy_rowid INTEGER NOT NULL REFERENCES policies(id) ON DELETE CASCADE,
  version INTEGER NOT NULL,
  document TEXT NOT NULL,
  create_date INTEGER NOT NULL,
  PRIMARY KEY (policy_rowid, version)
) STRICT, WITHOUT ROWID;

-- principal_rowid points into users, groups or roles by principal_type; triggers below delete with them.
-- policy_arn has no foreign key: AWS-managed policies have no row.
CREATE TABLE policy_attachments (
  seq INTEGER PRIMARY KEY,
  account_id TEXT NOT NULL REFERENCES accounts(account_id) ON DELETE CASCADE,
  principal_type TEXT NOT NULL CHECK (principal_type IN ('user', 'group', 'role')),
  principal_rowid INTEGER NOT NULL,
  policy_arn TEXT NOT NULL,
  UNIQUE (principal_type, principal_rowid, policy_arn)
) STRICT;
CREATE INDEX policy_attachments_arn ON policy_attachments(account_id, policy_arn);

CREATE TABLE inline_policies (
  account_id TEXT NOT NULL REFERENCES accounts(account_id) ON DELETE CASCADE,
  principal_type TEXT NOT NULL CHECK (principal_type IN ('user', 'group', 'role')),
  principal_rowid INTEGER NOT NULL,
  policy_name TEXT NOT NULL COLLATE NOCASE,
  document TEXT NOT NULL,
  PRIMARY KEY (principal_type, principal_rowid, policy_name)
) STRICT, WITHOUT ROWID;

-- user_rowid NULL: a root key. The primary key makes authentication one point read.
CREATE TABLE access_keys (
  access_key_id TEXT PRIMARY KEY,
  account_id TEXT NOT NULL REFERENCES accounts(account_id) ON DELETE CASCADE,
  user_rowid INTEGER REFERENCES users(id) ON DELETE CASCADE,
  status TEXT NOT NULL CHECK (status IN ('Active', 'Inactive')),
  create_date INTEGER NOT NULL,
  secret_sealed TEXT NOT NULL,
  last_used_date INTEGER,
  last_used_service TEXT,
  last_used_region TEXT
) STRICT, WITHOUT ROWID;
CREATE INDEX access_keys_owner ON access_keys(account_id, user_rowid, create_date);

-- entity_rowid points into the table named by entity_kind; triggers below delete with the entity.
CREATE TABLE tags (
  seq INTEGER PRIMARY KEY,
  account_id TEXT NOT NULL REFERENCES accounts(account_id) ON DELETE CASCADE,
  entity_kind TEXT NOT NULL,
  entity_rowid INTEGER NOT NULL,
  tag_key TEXT NOT NULL COLLATE NOCASE,
  tag_value TEXT NOT NULL,
  UNIQUE (entity_kind, entity_rowid, tag_key)
) STRICT;

CREATE TABLE instance_profiles (
  id INTEGER PRIMARY KEY,
  account_id TEXT NOT NULL REFERENCES accounts(account_id) ON DELETE CASCADE,
  instance_profile_name TEXT NOT NULL COLLATE NOCASE,
  instance_profile_id TEXT NOT NULL UNIQUE,
  path TEXT NOT NULL,
  arn TEXT NOT NULL,
  create_date INTEGER NOT NULL
) STRICT;
CREATE UNIQUE INDEX instance_profiles_name ON instance_profiles(account_id, instance_profile_name);

CREATE TABLE instance_profile_roles (
  instance_profile_rowid INTEGER NOT NULL REFERENCES instance_profiles(id) ON DELETE CASCADE,
  role_rowid INTEGER NOT NULL REFERENCES roles(id) ON DELETE CASCADE,
  PRIMARY KEY (instance_profile_rowid, role_rowid)
) STRICT, WITHOUT ROWID;
CREATE INDEX instance_profile_roles_role ON instance_profile_roles(role_rowid);

CREATE TABLE login_profiles (
  user_rowid INTEGER PRIMARY KEY REFERENCES users(id) ON DELETE CASCADE,
  account_id TEXT NOT NULL REFERENCES accounts(account_id) ON DELETE CASCADE,
  password_hash_sealed TEXT NOT NULL,
  password_reset_required INTEGER NOT NULL,
  create_date INTEGER NOT NULL
) STRICT;

CREATE TABLE mfa_devices (
  id INTEGER PRIMARY KEY,
  account_id TEXT NOT NULL REFERENCES accounts(account_id) ON DELETE CASCADE,
  serial_number TEXT NOT NULL UNIQUE,
  path TEXT NOT NULL,
  device_name TEXT NOT NULL,
  seed_sealed TEXT NOT NULL,
  user_rowid INTEGER REFERENCES users(id) ON DELETE SET NULL,
  enable_date INTEGER,
  create_date INTEGER NOT NULL
) STRICT;
CREATE INDEX mfa_devices_account ON mfa_devices(account_id, serial_number);
CREATE INDEX mfa_devices_user ON mfa_devices(user_rowid) WHERE user_rowid IS NOT NULL;

CREATE TABLE oidc_providers (
  id INTEGER PRIMARY KEY,
  account_id TEXT NOT NULL REFERENCES accounts(account_id) ON DELETE CASCADE,
  arn TEXT NOT NULL UNIQUE,
  url TEXT NOT NULL,
  client_ids TEXT NOT NULL,
  thumbprints TEXT NOT NULL,
  create_date INTEGER NOT NULL
) STRICT;
CREATE INDEX oidc_providers_account ON oidc_providers(account_id, arn);

CREATE TABLE saml_providers (
  id INTEGER PRIMARY KEY,
  account_id TEXT NOT NULL REFERENCES accounts(account_id) ON DELETE CASCADE,
  arn TEXT NOT NULL UNIQUE,
  name TEXT NOT NULL,
  saml_metadata_document TEXT NOT NULL,
  create_date INTEGER NOT NULL,
  valid_until INTEGER
) STRICT;
CREATE INDEX saml_providers_account ON saml_providers(account_id, arn);

CREATE TABLE ssh_public_keys (
  ssh_public_key_id TEXT PRIMARY KEY,
  account_id TEXT NOT NULL REFERENCES accounts(account_id) ON DELETE CASCADE,
  user_rowid INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  fingerprint TEXT NOT NULL,
  body TEXT NOT NULL,
  status TEXT NOT NULL CHECK (status IN ('Active', 'Inactive')),
  upload_date INTEGER NOT NULL
) STRICT, WITHOUT ROWID;
CREATE INDEX ssh_public_keys_user ON ssh_public_keys(user_rowid);

CREATE TABLE signing_certificates (
  certificate_id TEXT PRIMARY KEY,
  account_id TEXT NOT NULL REFERENCES accounts(account_id) ON DELETE CASCADE,
  user_rowid INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  body TEXT NOT NULL,
  status TEXT NOT NULL CHECK (status IN ('Active', 'Inactive')),
  upload_date INTEGER NOT NULL
) STRICT, WITHOUT ROWID;
CREATE INDEX signing_certificates_user ON signing_certificates(user_rowid);

CREATE TABLE server_certificates (
  id INTEGER PRIMARY KEY,
  account_id TEXT NOT NULL REFERENCES accounts(account_id) ON DELETE CASCADE,
  server_certificate_name TEXT NOT NULL COLLATE NOCASE,
  server_certificate_id TEXT NOT NULL UNIQUE,
  path TEXT NOT NULL,
  arn TEXT NOT NULL,
  certificate_body TEXT NOT NULL,
  certificate_chain TEXT,
  private_key_sealed TEXT NOT NULL,
  upload_date INTEGER NOT NULL,
  expiration INTEGER
) STRICT;
CREATE UNIQUE INDEX server_certificates_name ON server_certificates(account_id, server_certificate_name);

CREATE TABLE service_specific_credentials (
  service_specific_credential_id TEXT PRIMARY KEY,
  account_id TEXT NOT NULL REFERENCES accounts(account_id) ON DELETE CASCADE,
  user_rowid INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  service_name TEXT NOT NULL,
  service_user_name TEXT NOT NULL,
  password_sealed TEXT NOT NULL,
  status TEXT NOT NULL CHECK (status IN ('Active', 'Inactive')),
  create_date INTEGER NOT NULL
) STRICT, WITHOUT ROWID;
CREATE INDEX service_specific_credentials_user ON service_specific_credentials(user_rowid, create_date);

-- Polymorphic children (attachments, inline policies, tags) go with their owner.
CREATE TRIGGER users_delete_children AFTER DELETE ON users BEGIN
  DELETE FROM policy_attachments WHERE principal_type = 'user' AND principal_rowid = OLD.id;
  DELETE FROM inline_policies WHERE principal_type = 'user' AND principal_rowid = OLD.id;
  DELETE FROM tags WHERE entity_kind = 'user' AND entity_rowid = OLD.id;
END;
CREATE TRIGGER groups_delete_children AFTER DELETE ON groups BEGIN
  DELETE FROM policy_attachments WHERE principal_type = 'group' AND principal_rowid = OLD.id;
  DELETE FROM inline_policies WHERE principal_type = 'group' AND principal_rowid = OLD.id;
END;
CREATE TRIGGER roles_delete_children AFTER DELETE ON roles BEGIN
  DELETE FROM policy_attachments WHERE principal_type = 'role' AND principal_rowid = OLD.id;
  DELETE FROM inline_policies WHERE principal_type = 'role' AND principal_rowid = OLD.id;
  DELETE FROM tags WHERE entity_kind = 'role' AND entity_rowid = OLD.id;
END;
CREATE TRIGGER policies_delete_tags AFTER DELETE ON policies BEGIN
  DELETE FROM tags WHERE entity_kind = 'policy' AND entity_rowid = OLD.id;
END;
CREATE TRIGGER instance_profiles_delete_tags AFTER DELETE ON instance_profiles BEGIN
  DELETE FROM tags WHERE entity_kind = 'instanceProfile' AND entity_rowid = OLD.id;
END;
CREATE TRIGGER oidc_providers_delete_tags AFTER DELETE ON oidc_providers BEGIN
  DELETE FROM tags WHERE entity_kind = 'oidcProvider' AND entity_rowid = OLD.id;
END;
CREATE TRIGGER saml_providers_delete_tags AFTER DELETE ON saml_providers BEGIN
  DELETE FROM tags WHERE entity_kind = 'samlProvider' AND entity_rowid = OLD.id;
END;
CREATE TRIGGER server_certificates_delete_tags AFTER DELETE ON server_certificates BEGIN
  DELETE FROM tags WHERE entity_kind = 'serverCertificate' AND entity_rowid = OLD.id;
END;
-- A deleted user's MFA devices become unassigned (IAM keeps virtual devices until DeleteVirtualMFADevice).
CREATE TRIGGER users_release_mfa_devices BEFORE DELETE ON users BEGIN
  UPDATE mfa_devices SET user_rowid = NULL, enable_date = NULL WHERE user_rowid = OLD.id;
END;
CREATE TRIGGER mfa_devices_delete_tags AFTER DELETE ON mfa_devices BEGIN
  DELETE FROM tags WHERE entity_kind = 'mfaDevice' AND entity_rowid = OLD.id;
END;
`;
