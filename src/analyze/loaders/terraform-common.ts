// Terraform resources → AnalysisModel, shared by the plan JSON and the HCL loaders: both read each resource into
// an object of attribute values (unknowns included) plus the resources each attribute refers to.
import type { PolicyKind } from '../../policy/index.js';
import type { EntityType, ManagedPolicyRef, ResourcePolicyService, SourceLocation, Suppression, UnknownValue } from '../model.js';
import { lambdaPermissionDocument } from './lambda-permission.js';
import type { ModelBuilder, DraftEntity } from './model-builder.js';
import { buildPolicyRecord, concat, describeText, field, knownString, listItems, scalar, startsWithText, unknown } from './policy-record.js';
import type { LNode } from './policy-record.js';

export interface TfResource {
  /** Full address, instance keys included: `module.net.aws_iam_role.app[0]`. */
  readonly address: string;
  readonly type: string;
  /** Attribute values and nested blocks (lists of objects). */
  readonly values: LNode;
  readonly location: SourceLocation;
  readonly file: string;
  readonly suppressions: readonly Suppression[];
  /** Addresses (without instance keys, module path included) that an attribute refers to. */
  refs(attr: string): readonly string[];
  /**
   * Whether the configuration sets the attribute. A plan marks optional computed attributes
   * (`managed_policy_arns`, `inline_policy`) unknown when they are NOT set: those are not unknown policies.
   */
  configured(attr: string): boolean;
}

const ENTITY_RESOURCE: Record<string, EntityType> = { aws_iam_role: 'role', aws_iam_user: 'user', aws_iam_group: 'group' };

/** Address without instance keys: `module.a["x"].aws_iam_role.r[0]` → `module.a.aws_iam_role.r`. */
export const stripInstanceKeys = (address: string): string => address.replace(/\[[^\]]*\]/g, '');

export function addTerraformResources(builder: ModelBuilder, resources: readonly TfResource[], idPrefix: (r: TfResource) => string): void {
  const byAddress = new Map<string, TfResource>();
  for (const r of resources) if (!byAddress.has(stripInstanceKeys(r.address))) byAddress.set(stripInstanceKeys(r.address), r);
  const managedIdByAddress = new Map<string, string>();
  const managedIdByName = new Map<string, string>();
  for (const r of resources) {
    if (r.type !== 'aws_iam_policy') continue;
    const id = `${idPrefix(r)}${r.address}`;
    if (!managedIdByAddress.has(stripInstanceKeys(r.address))) managedIdByAddress.set(stripInstanceKeys(r.address), id);
    const name = knownString(field(r.values, 'name'));
    if (name) managedIdByName.set(name, id);
  }
  const attr = (r: TfResource, name: string) => {
    const v = field(r.values, name);
    return v && !(v.kind === 'scalar' && v.value === null) ? v : undefined;
  };
  const attrLoc = (r: TfResource, name: string): SourceLocation => {
    if (r.values.kind === 'object') {
      const e = r.values.entries.find((x) => x.key === name);
      if (e) return e.keyLoc ?? e.value.loc ?? r.location;
    }
    return r.location;
  };
  const policy = (r: TfResource, value: LNode | undefined, kind: PolicyKind, name: string, idSuffix: string, location: SourceLocation) =>
    value ? buildPolicyRecord({ id: `${idPrefix(r)}${r.address}${idSuffix}`, name, kind, value, location, suppressions: r.suppressions }) : undefined;

  const entityFor = (type: EntityType, value: LNode | undefined, refs: readonly string[], r: TfResource, index = 0): DraftEntity => {
    const name = knownString(value);
    if (name !== undefined) {
      const e = builder.byName(type, name);
      if (e) return e;
    }
    if (name === undefined) {
      const candidates = refs.filter((a) => ENTITY_RESOURCE[a.split('.').slice(-2)[0]] === type);
      const target = candidates[Math.min(index, candidates.length - 1)];
      const e = target ? builder.get(byAddress.get(target)?.address ?? target) : undefined;
      if (e) return e;
    }
    const label = name ?? (value ? describeText(value) : `${r.address} (${type} not set)`);
    return builder.entity(`external:${type}:${label}`, () => ({ type, name: label, path: '/', location: value?.loc ?? r.location, external: true }));
  };
  const entitiesFor = (type: EntityType, r: TfResource, attribute: string): DraftEntity[] => {
    const refs = r.refs(attribute);
    const v = attr(r, attribute);
    if (!v) return [];
    if (v.kind === 'unknown') {
      const targets = refs.filter((a) => ENTITY_RESOURCE[a.split('.').slice(-2)[0]] === type);
      if (targets.length === 0) return [entityFor(type, v, [], r)];
      return targets.map((_, i) => entityFor(type, v, targets, r, i));
    }
    return listItems(v).map((item, i) => entityFor(type, item, refs, r, i));
  };

  const managedRef = (r: TfResource, attribute: string, value: LNode): ManagedPolicyRef => {
    const location = value.loc ?? attrLoc(r, attribute);
    const text = knownString(value);
    const refId = r
      .refs(attribute)
      .map((a) => managedIdByAddress.get(a))
      .find((x) => x !== undefined);
    if (text !== undefined) {
      const m = /^arn:[^:]+:iam::([^:]*):policy\/(?:.*\/)?([^/]+)$/.exec(text);
      const own = refId ?? (m && m[1] !== 'aws' ? managedIdByName.get(m[2]) : undefined);
      return { ...(own ? { policyId: own } : {}), arn: text, location };
    }
    const arn: UnknownValue = { unknown: true, origin: describeText(value) };
    return { ...(refId ? { policyId: refId } : {}), arn, location };
  };

  // Pass 1: principals and managed policies.
  for (const r of resources) {
    const type = ENTITY_RESOURCE[r.type];
    if (r.type === 'aws_iam_policy') {
      const name = knownString(attr(r, 'name')) ?? r.address;
      const rec = policy(r, attr(r, 'policy'), 'identity', name, '', attrLoc(r, 'policy'));
      if (rec) builder.managedPolicies.push({ policy: rec });
      continue;
    }
    if (!type) continue;
    const name = knownString(attr(r, 'name')) ?? r.address;
    // A plan knows the ARN of a user or role that exists already: the escalation graph matches policies against it.
    const arn = knownString(attr(r, 'arn'));
    const e = builder.entity(r.address, () => ({
      type,
      name,
      ...(arn?.startsWith('arn:') ? { arn } : {}),
      path: knownString(attr(r, 'path')) ?? '/',
      location: r.location,
      suppressions: [...r.suppressions],
    }));
    const tags = attr(r, 'tags');
    if (tags?.kind === 'object') e.tags = Object.fromEntries(tags.entries.map((t) => [t.key, knownString(t.value) ?? describeText(t.value)]));
    if (type === 'role') {
      const trust = policy(r, attr(r, 'assume_role_policy'), 'trust', `${name} trust policy`, ':assume_role_policy', attrLoc(r, 'assume_role_policy'));
      if (trust) e.trustPolicy = trust;
      const computedOnly = (a: string) => attr(r, a)?.kind === 'unknown' && !r.configured(a);
      if (!computedOnly('inline_policy')) listItems(attr(r, 'inline_policy')).forEach((block, i) => {
        const policyName = knownString(field(block, 'name')) ?? `inline_policy[${i}]`;
        const rec = policy(r, field(block, 'policy'), 'identity', `${name}/${policyName}`, `:inline_policy[${i}]`, block.loc ?? r.location);
        if (rec) e.inlinePolicies.push(rec);
      });
      if (!computedOnly('managed_policy_arns')) for (const m of listItems(attr(r, 'managed_policy_arns'))) e.managedPolicies.push(managedRef(r, 'managed_policy_arns', m));
    }
    const boundary = attr(r, 'permissions_boundary');
    if (boundary) e.permissionsBoundary = managedRef(r, 'permissions_boundary', boundary);
  }

  const inline = (r: TfResource, type: EntityType, attribute: string) => {
    const name = knownString(attr(r, 'name')) ?? r.address;
    const rec = policy(r, attr(r, 'policy'), 'identity', name, '', attrLoc(r, 'policy'));
    if (!rec) return;
    const targets = entitiesFor(type, r, attribute);
    for (const t of targets) t.inlinePolicies.push(rec);
    if (targets.length === 0) builder.standalonePolicies.push(rec);
  };
  const attachment = (r: TfResource, type: EntityType, attribute: string) => {
    const arn = attr(r, 'policy_arn');
    if (!arn) return;
    for (const t of entitiesFor(type, r, attribute)) t.managedPolicies.push(managedRef(r, 'policy_arn', arn));
  };
  const resourcePolicy = (r: TfResource, service: ResourcePolicyService, attribute: string, resourceArn: LNode | undefined) => {
    const rec = policy(r, attr(r, attribute), 'resource', r.address, '', attrLoc(r, attribute));
    if (!rec) return;
    const text = resourceArn ? knownString(resourceArn) : undefined;
    const arn: string | UnknownValue | undefined = resourceArn ? (text ?? { unknown: true, origin: describeText(resourceArn) }) : undefined;
    builder.resourcePolicies.push({ service, ...(arn ? { resourceArn: arn } : {}), policy: rec });
  };

  // Pass 2: attachments, memberships, keys, resource policies.
  for (const r of resources) {
    switch (r.type) {
      case 'aws_iam_role_policy':
        inline(r, 'role', 'role');
        break;
      case 'aws_iam_user_policy':
        inline(r, 'user', 'user');
        break;
      case 'aws_iam_group_policy':
        inline(r, 'group', 'group');
        break;
      case 'aws_iam_role_policy_attachment':
        attachment(r, 'role', 'role');
        break;
      case 'aws_iam_user_policy_attachment':
        attachment(r, 'user', 'user');
        break;
      case 'aws_iam_group_policy_attachment':
        attachment(r, 'group', 'group');
        break;
      case 'aws_iam_policy_attachment':
        attachment(r, 'role', 'roles');
        attachment(r, 'user', 'users');
        attachment(r, 'group', 'groups');
        break;
      case 'aws_iam_group_membership': {
        const [group] = entitiesFor('group', r, 'group');
        if (group) for (const u of entitiesFor('user', r, 'users')) builder.addMembership(u, group);
        break;
      }
      case 'aws_iam_user_group_membership': {
        const [user] = entitiesFor('user', r, 'user');
        if (user) for (const g of entitiesFor('group', r, 'groups')) builder.addMembership(user, g);
        break;
      }
      case 'aws_iam_access_key': {
        const [user] = entitiesFor('user', r, 'user');
        if (user) user.accessKeys.push({ status: knownString(attr(r, 'status')) === 'Inactive' ? 'Inactive' : 'Active' });
        break;
      }
      case 'aws_iam_user_login_profile': {
        const [user] = entitiesFor('user', r, 'user');
        if (user) user.hasLoginProfile = true;
        break;
      }
      case 'aws_s3_bucket_policy': {
        const bucket = attr(r, 'bucket');
        resourcePolicy(r, 's3', 'policy', bucket ? s3Arn(bucket) : undefined);
        break;
      }
      case 'aws_s3_bucket':
        if (attr(r, 'policy')) resourcePolicy(r, 's3', 'policy', attr(r, 'arn') ?? (attr(r, 'bucket') ? s3Arn(attr(r, 'bucket')!) : undefined));
        break;
      case 'aws_sqs_queue_policy':
        resourcePolicy(r, 'sqs', 'policy', attr(r, 'queue_url'));
        break;
      case 'aws_sqs_queue':
      case 'aws_sns_topic':
        if (attr(r, 'policy')) resourcePolicy(r, r.type === 'aws_sqs_queue' ? 'sqs' : 'sns', 'policy', attr(r, 'arn'));
        break;
      case 'aws_sns_topic_policy':
        resourcePolicy(r, 'sns', 'policy', attr(r, 'arn'));
        break;
      case 'aws_kms_key':
        if (attr(r, 'policy')) resourcePolicy(r, 'kms', 'policy', attr(r, 'arn') ?? unknown(`${r.address}.arn (known after apply)`, r.location));
        break;
      case 'aws_lambda_permission':
        lambdaPermission(r);
        break;
    }
  }

  function s3Arn(bucket: LNode): LNode {
    const text = knownString(bucket);
    if (text?.startsWith('arn:')) return bucket;
    return concat([scalar('arn:aws:s3:::', bucket.loc), bucket], bucket.loc);
  }

  function lambdaPermission(r: TfResource) {
    const principal = attr(r, 'principal');
    const action = attr(r, 'action');
    const fn = attr(r, 'function_name');
    if (!principal || !action || !fn) {
      builder.error(`${r.address}: aws_lambda_permission without principal, action or function_name.`, r.location);
      return;
    }
    const functionArn = startsWithText(fn, 'arn:')
      ? fn
      : concat([scalar('arn:aws:lambda:', fn.loc), unknown('the region', fn.loc, 'region'), scalar(':', fn.loc), unknown('the account id', fn.loc, 'account-id'), scalar(':function:', fn.loc), fn], fn.loc);
    const document = lambdaPermissionDocument({
      sid: knownString(attr(r, 'statement_id')) ?? r.address,
      principal,
      action,
      functionArn,
      sourceAccount: attr(r, 'source_account'),
      sourceArn: attr(r, 'source_arn'),
      principalOrgId: attr(r, 'principal_org_id'),
      functionUrlAuthType: attr(r, 'function_url_auth_type'),
      loc: r.location,
    });
    const rec = buildPolicyRecord({ id: `${idPrefix(r)}${r.address}`, name: r.address, kind: 'resource', value: document, location: r.location, suppressions: r.suppressions });
    const arnText = knownString(functionArn);
    builder.resourcePolicies.push({ service: 'lambda', resourceArn: arnText ?? { unknown: true, origin: describeText(functionArn) }, policy: rec });
  }
}
