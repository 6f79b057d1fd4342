// The JSON of `aws iam get-account-authorization-details` (from AWS or from Castellan's own server): users,
// groups, roles and customer managed policies, each document located in the export file. Documents may be
// URL-encoded strings (the raw API) or objects (the AWS CLI decodes them). Access keys are not in the export:
// a credential report (CSV) given alongside adds them, with their age and last use.
import { getNodeValue, type Node } from 'jsonc-parser';
import { checkPolicy, type PolicyKind } from '../../policy/index.js';
import { JsonFile } from '../locate.js';
import type {
  AccessKeyRecord,
  AnalysisModel,
  EntityRecord,
  ManagedPolicyRecord,
  ManagedPolicyRef,
  PolicyRecord,
  SourceLocation,
} from '../model.js';
import type { InputFile } from './policy-files.js';

export interface AuthorizationDetailsOptions {
  /** The account's credential report (`aws iam get-credential-report`, base64-decoded CSV). */
  readonly credentialReport?: InputFile;
}

type LoadError = { message: string; location: SourceLocation };

function prop(node: Node | undefined, name: string): Node | undefined {
  if (node?.type !== 'object') return undefined;
  return node.children?.find((p) => p.children?.[0]?.value === name)?.children?.[1];
}

function str(node: Node | undefined, name: string): string | undefined {
  const value = prop(node, name);
  return value?.type === 'string' ? (value.value as string) : undefined;
}

function items(node: Node | undefined, name: string): Node[] {
  const value = prop(node, name);
  return value?.type === 'array' ? (value.children ?? []) : [];
}

function accountOf(arn: string | undefined): string | undefined {
  const account = arn?.split(':')[4];
  return account !== undefined && /^\d{12}$/.test(account) ? account : undefined;
}

class Loader {
  readonly errors: LoadError[] = [];
  constructor(readonly json: JsonFile) {}

  /** A policy document node (object or URL-encoded string) as a PolicyRecord. */
  policy(node: Node | undefined, id: string, name: string, kind: PolicyKind, at: Node): PolicyRecord | undefined {
    if (node === undefined) return undefined;
    let text: string;
    if (node.type === 'string') {
      try {
        text = decodeURIComponent(node.value as string);
      } catch {
        text = node.value as string;
      }
    } else {
      text = JSON.stringify(getNodeValue(node), null, 2);
    }
    const checked = checkPolicy(text, kind, { source: this.json.positions.file });
    const locate = this.json.locator(node);
    return {
      id,
      name,
      kind,
      ...(checked.document === undefined ? {} : { document: checked.document }),
      text,
      parseErrors: checked.diagnostics.filter((d) => d.severity === 'error').map((d) => d.message),
      checked,
      location: this.json.locationOf(node ?? at),
      locate,
      unknowns: new Map(),
      suppressions: [],
    };
  }

  inline(entity: Node, listName: string, owner: string): PolicyRecord[] {
    const out: PolicyRecord[] = [];
    for (const item of items(entity, listName)) {
      const policyName = str(item, 'PolicyName') ?? '(unnamed)';
      const record = this.policy(prop(item, 'PolicyDocument'), `${owner}:inline:${policyName}`, policyName, 'identity', item);
      if (record !== undefined) out.push(record);
    }
    return out;
  }

  attached(entity: Node): ManagedPolicyRef[] {
    return items(entity, 'AttachedManagedPolicies').flatMap((item) => {
      const arn = str(item, 'PolicyArn');
      return arn === undefined ? [] : [{ arn, policyId: `managed:${arn}`, location: this.json.locationOf(item) }];
    });
  }

  boundary(entity: Node): ManagedPolicyRef | undefined {
    const node = prop(entity, 'PermissionsBoundary');
    const arn = str(node, 'PermissionsBoundaryArn');
    return arn === undefined ? undefined : { arn, policyId: `managed:${arn}`, location: this.json.locationOf(node) };
  }

  tags(entity: Node): Record<string, string> | undefined {
    const list = items(entity, 'Tags');
    if (list.length === 0) return undefined;
    const tags: Record<string, string> = {};
    for (const tag of list) {
      const key = str(tag, 'Key');
      if (key !== undefined) tags[key] = str(tag, 'Value') ?? '';
    }
    return tags;
  }
}

/** Parses a credential report: user ARN → access keys and whether a password is set. */
export function parseCredentialReport(text: string): Map<string, { keys: AccessKeyRecord[]; hasLoginProfile: boolean }> {
  const lines = text.split(/\r?\n/).filter((l) => l.trim() !== '');
  const out = new Map<string, { keys: AccessKeyRecord[]; hasLoginProfile: boolean }>();
  if (lines.length === 0) return out;
  const header = (lines[0] ?? '').split(',').map((h) => h.trim());
  const col = (row: string[], name: string): string | undefined => {
    const i = header.indexOf(name);
    const value = i < 0 ? undefined : row[i]?.trim();
    return value === undefined || value === '' || value === 'N/A' || value === 'no_information' || value === 'not_supported'
      ? undefined
      : value;
  };
  const date = (value: string | undefined): Date | undefined => {
    if (value === undefined) return undefined;
    const d = new Date(value);
    return Number.isNaN(d.getTime()) ? undefined : d;
  };
  for (const line of lines.slice(1)) {
    const row = line.split(',');
    const arn = col(row, 'arn');
    if (arn === undefined) continue;
    const keys: AccessKeyRecord[] = [];
    for (const n of [1, 2]) {
      const active = col(row, `access_key_${n}_active`);
      const rotated = date(col(row, `access_key_${n}_last_rotated`));
      if (active !== 'true' && rotated === undefined) continue;
      const lastUsed = date(col(row, `access_key_${n}_last_used_date`));
      keys.push({
        status: active === 'true' ? 'Active' : 'Inactive',
        ...(rotated === undefined ? {} : { createDate: rotated }),
        ...(lastUsed === undefined ? {} : { lastUsedDate: lastUsed }),
      });
    }
    out.set(arn, { keys, hasLoginProfile: col(row, 'password_enabled') === 'true' });
  }
  return out;
}

function loadOne(file: InputFile, report: ReturnType<typeof parseCredentialReport> | undefined): AnalysisModel {
  const json = new JsonFile(file.path, file.text);
  const loader = new Loader(json);
  const root = json.root;
  const entities: EntityRecord[] = [];
  const managedPolicies: ManagedPolicyRecord[] = [];
  if (root?.type !== 'object') {
    return {
      inputs: [{ file: file.path, kind: 'authorization-details' }],
      entities: [],
      managedPolicies: [],
      resourcePolicies: [],
      standalonePolicies: [],
      loadErrors: [{ message: 'not a JSON object: expected the output of get-account-authorization-details', location: json.locationOf(undefined) }],
    };
  }
  const members = new Map<string, string[]>();
  for (const user of items(root, 'UserDetailList')) {
    const name = str(user, 'UserName') ?? '(unnamed)';
    const arn = str(user, 'Arn');
    const groups = items(user, 'GroupList').flatMap((g) => (g.type === 'string' ? [g.value as string] : []));
    for (const group of groups) members.set(group, [...(members.get(group) ?? []), name]);
    const credentials = arn === undefined ? undefined : report?.get(arn);
    const boundary = loader.boundary(user);
    const tags = loader.tags(user);
    entities.push({
      type: 'user',
      name,
      ...(arn === undefined ? {} : { arn }),
      ...(accountOf(arn) === undefined ? {} : { accountId: accountOf(arn) }),
      path: str(user, 'Path') ?? '/',
      location: json.locationOf(user),
      inlinePolicies: loader.inline(user, 'UserPolicyList', `user:${arn ?? name}`),
      managedPolicies: loader.attached(user),
      ...(boundary === undefined ? {} : { permissionsBoundary: boundary }),
      groups,
      ...(credentials === undefined ? {} : { accessKeys: credentials.keys, hasLoginProfile: credentials.hasLoginProfile }),
      ...(tags === undefined ? {} : { tags }),
      suppressions: [],
    });
  }
  for (const group of items(root, 'GroupDetailList')) {
    const name = str(group, 'GroupName') ?? '(unnamed)';
    const arn = str(group, 'Arn');
    entities.push({
      type: 'group',
      name,
      ...(arn === undefined ? {} : { arn }),
      ...(accountOf(arn) === undefined ? {} : { accountId: accountOf(arn) }),
      path: str(group, 'Path') ?? '/',
      location: json.locationOf(group),
      inlinePolicies: loader.inline(group, 'GroupPolicyList', `group:${arn ?? name}`),
      managedPolicies: loader.attached(group),
      members: members.get(name) ?? [],
      suppressions: [],
    });
  }
  for (const role of items(root, 'RoleDetailList')) {
    const name = str(role, 'RoleName') ?? '(unnamed)';
    const arn = str(role, 'Arn');
    const trust = loader.policy(prop(role, 'AssumeRolePolicyDocument'), `role:${arn ?? name}:trust`, `${name} trust policy`, 'trust', role);
    const boundary = loader.boundary(role);
    const tags = loader.tags(role);
    entities.push({
      type: 'role',
      name,
      ...(arn === undefined ? {} : { arn }),
      ...(accountOf(arn) === undefined ? {} : { accountId: accountOf(arn) }),
      path: str(role, 'Path') ?? '/',
      location: json.locationOf(role),
      ...(trust === undefined ? {} : { trustPolicy: trust }),
      inlinePolicies: loader.inline(role, 'RolePolicyList', `role:${arn ?? name}`),
      managedPolicies: loader.attached(role),
      ...(boundary === undefined ? {} : { permissionsBoundary: boundary }),
      ...(tags === undefined ? {} : { tags }),
      suppressions: [],
    });
  }
  for (const policy of items(root, 'Policies')) {
    const arn = str(policy, 'Arn');
    const name = str(policy, 'PolicyName') ?? arn ?? '(unnamed)';
    const defaultVersion = str(policy, 'DefaultVersionId');
    const versions = items(policy, 'PolicyVersionList');
    const version =
      versions.find((v) => prop(v, 'IsDefaultVersion')?.value === true) ??
      versions.find((v) => str(v, 'VersionId') === defaultVersion) ??
      (versions.length === 1 ? versions[0] : undefined);
    const record = version === undefined ? undefined : loader.policy(prop(version, 'Document'), `managed:${arn ?? name}`, name, 'identity', version);
    if (record === undefined) {
      loader.errors.push({ message: `managed policy ${name} has no default version document`, location: json.locationOf(policy) });
      continue;
    }
    managedPolicies.push({ policy: record, ...(arn === undefined ? {} : { arn }) });
  }
  return {
    inputs: [{ file: file.path, kind: 'authorization-details' }],
    entities,
    managedPolicies,
    resourcePolicies: [],
    standalonePolicies: [],
    loadErrors: loader.errors,
  };
}

/** Loads account exports; the credential report, when given, adds users' access keys. */
export function loadAuthorizationDetails(files: readonly InputFile[], options: AuthorizationDetailsOptions = {}): AnalysisModel {
  const report = options.credentialReport === undefined ? undefined : parseCredentialReport(options.credentialReport.text);
  const models = files.map((f) => loadOne(f, report));
  return {
    inputs: models.flatMap((m) => m.inputs),
    entities: models.flatMap((m) => m.entities),
    managedPolicies: models.flatMap((m) => m.managedPolicies),
    resourcePolicies: [],
    standalonePolicies: [],
    loadErrors: models.flatMap((m) => m.loadErrors),
  };
}
