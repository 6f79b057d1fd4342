// CloudFormation templates (JSON or YAML, short-form tags included) → AnalysisModel. Intrinsics are resolved
// by intrinsics.ts; every policy's `locate` maps JSON pointers to the YAML/JSON node they came from.
import type { AnalysisModel, EntityType, InputKind, ManagedPolicyRef, ResourcePolicyService, SourceLocation, Suppression, UnknownValue } from '../model.js';
import { lambdaPermissionDocument } from './lambda-permission.js';
import { IntrinsicResolver, PARTITION, parameterValues } from './intrinsics.js';
import type { TemplateResource } from './intrinsics.js';
import { ModelBuilder, mergeModels } from './model-builder.js';
import type { DraftEntity } from './model-builder.js';
import {
  buildPolicyRecord,
  concat,
  describeText,
  field,
  jsonTextToLNode,
  knownString,
  listItems,
  offsetLocator,
  scalar,
  startsWithText,
  suppressionsFrom,
} from './policy-record.js';
import type { LEntry, LNode, LoadedPolicyRecord } from './policy-record.js';
import { yamlToLNode } from './yaml-positions.js';

export interface SourceFile {
  readonly path: string;
  readonly text: string;
}

export interface TemplateOptions {
  readonly kind?: InputKind;
  /** Known stack name (CDK manifests give it). */
  readonly stackName?: string;
  /** Readable name of a resource whose IAM name is not set (CDK: its construct path). */
  readonly displayName?: (logicalId: string, metadata: LNode | undefined) => string;
}

/** Loads CloudFormation templates, JSON or YAML. Files that are not templates become load errors. */
export function loadCloudFormation(files: readonly SourceFile[]): AnalysisModel {
  return mergeModels(files.map((f) => loadTemplate(f)));
}

/** Parses a template file into a located tree (JSON when it starts with `{`, YAML otherwise). */
export function parseTemplateText(file: SourceFile): { node?: LNode; errors: { message: string; location: SourceLocation }[] } {
  const trimmed = file.text.trimStart();
  if (trimmed.startsWith('{')) {
    const at = offsetLocator(file.path, file.text);
    const r = jsonTextToLNode(file.text, at, true);
    return { ...(r.node ? { node: r.node } : {}), errors: r.errors.map((message) => ({ message: `JSON: ${message}`, location: at(0) })) };
  }
  return yamlToLNode(file.text, file.path);
}

interface Res {
  readonly id: string;
  readonly type: string;
  readonly raw: LNode | undefined;
  readonly props: LNode | undefined;
  readonly loc: SourceLocation;
  readonly display: string;
  readonly suppressions: Suppression[];
}

const ENTITY_TYPES: Record<string, EntityType> = { 'AWS::IAM::Role': 'role', 'AWS::IAM::User': 'user', 'AWS::IAM::Group': 'group' };
const NAME_PROPERTY: Record<EntityType, string> = { role: 'RoleName', user: 'UserName', group: 'GroupName' };
/** The single-policy resource types and the principal each adds its inline policy to. */
const INLINE_POLICY_TARGET: Record<string, EntityType> = { 'AWS::IAM::RolePolicy': 'role', 'AWS::IAM::UserPolicy': 'user', 'AWS::IAM::GroupPolicy': 'group' };

function entry(node: LNode | undefined, key: string): LEntry | undefined {
  if (node?.kind !== 'object') return undefined;
  return node.entries.find((e) => e.key === key);
}

/** Loads one template. */
export function loadTemplate(file: SourceFile, options: TemplateOptions = {}): AnalysisModel {
  const builder = new ModelBuilder();
  builder.inputs.push({ file: file.path, kind: options.kind ?? 'cloudformation' });
  const start: SourceLocation = { file: file.path, line: 1, column: 1 };
  const parsed = parseTemplateText(file);
  for (const e of parsed.errors) builder.error(e.message, e.location);
  const template = parsed.node;
  if (!template) return builder.build();
  const resourcesNode = field(template, 'Resources');
  if (resourcesNode?.kind !== 'object') {
    builder.error('Not a CloudFormation template: no Resources section.', template.loc ?? start);
    return builder.build();
  }
  const transform = field(template, 'Transform');
  if (transform) {
    builder.error(
      `The template uses Transform ${describeText(listItems(transform)[0] ?? scalar(''))}: resources created by the transform (SAM functions' policies, macros) are not analyzed; lint the processed template instead.`,
      transform.loc ?? start,
    );
  }

  const resources = new Map<string, TemplateResource>();
  for (const e of resourcesNode.entries) {
    const type = knownString(field(e.value, 'Type')) ?? '';
    resources.set(e.key, { type, properties: field(e.value, 'Properties'), loc: e.keyLoc ?? e.value.loc });
  }
  const resolver = new IntrinsicResolver({
    parameters: parameterValues(field(template, 'Parameters')),
    mappings: field(template, 'Mappings'),
    conditions: field(template, 'Conditions'),
    resources,
    ...(options.stackName ? { stackName: options.stackName } : {}),
  });
  const prefix = `cfn:${file.path}:`;

  // Resolve every resource once; a resource whose Condition is false does not exist.
  const list: Res[] = [];
  for (const e of resourcesNode.entries) {
    const condition = knownString(field(e.value, 'Condition'));
    if (condition !== undefined && resolver.condition(condition) === false) continue;
    const type = knownString(field(e.value, 'Type')) ?? '';
    const raw = field(e.value, 'Properties');
    const loc = e.keyLoc ?? e.value.loc ?? start;
    const metadata = field(e.value, 'Metadata');
    const suppressions = suppressionsFrom(field(field(metadata, 'castellan'), 'ignore'), loc);
    const display = options.displayName?.(e.key, metadata) ?? e.key;
    list.push({ id: e.key, type, raw, props: raw ? resolver.resolve(raw) : undefined, loc, display, suppressions });
  }

  // Customer managed policies by name, for ARNs written out literally.
  const managedByName = new Map<string, string>();
  for (const r of list) {
    if (r.type !== 'AWS::IAM::ManagedPolicy') continue;
    const name = knownString(field(r.props, 'ManagedPolicyName'));
    if (name) managedByName.set(name, prefix + r.id);
  }

  const policyRecord = (r: Res, pointerName: string, propsNode: LNode | undefined, prop: string, kind: LoadedPolicyRecord['kind'], name: string) => {
    const value = field(propsNode, prop);
    if (!value) return undefined;
    const location = entry(propsNode, prop)?.keyLoc ?? value.loc ?? r.loc;
    return buildPolicyRecord({ id: `${prefix}${r.id}${pointerName ? `:${pointerName}` : ''}`, name, kind, value, location, suppressions: r.suppressions });
  };

  const managedRef = (raw: LNode | undefined, resolved: LNode, fallback: SourceLocation): ManagedPolicyRef => {
    const location = resolved.loc ?? raw?.loc ?? fallback;
    const refTarget = knownString(field(raw, 'Ref'));
    if (refTarget && resources.get(refTarget)?.type === 'AWS::IAM::ManagedPolicy') {
      const text = knownString(resolved);
      return { policyId: prefix + refTarget, ...(text ? { arn: text } : {}), location };
    }
    const text = knownString(resolved);
    if (text !== undefined) {
      const m = /^arn:[^:]+:iam::([^:]*):policy\/(?:.*\/)?([^/]+)$/.exec(text);
      const own = m && m[1] !== 'aws' ? managedByName.get(m[2]) : undefined;
      return { ...(own ? { policyId: own } : {}), arn: text, location };
    }
    // A partly known ARN: still link a template policy by its name at the end.
    const described = describeText(resolved);
    const tail = /:policy\/(?:.*\/)?([^/${}]+)$/.exec(described);
    const own = tail ? managedByName.get(tail[1]) : undefined;
    const arn: UnknownValue = { unknown: true, origin: described };
    return { ...(own ? { policyId: own } : {}), arn, location };
  };

  const addInlinePolicies = (r: Res, e: DraftEntity) => {
    listItems(field(r.props, 'Policies')).forEach((p, i) => {
      const policyName = knownString(field(p, 'PolicyName')) ?? `Policies[${i}]`;
      const rec = policyRecord(r, `Policies[${i}]`, p, 'PolicyDocument', 'identity', `${e.name}/${policyName}`);
      if (rec) e.inlinePolicies.push(rec);
    });
  };

  const addManaged = (r: Res, e: DraftEntity) => {
    const raws = listItems(field(r.raw, 'ManagedPolicyArns'));
    listItems(field(r.props, 'ManagedPolicyArns')).forEach((m, i) => e.managedPolicies.push(managedRef(raws[i], m, r.loc)));
    const boundary = field(r.props, 'PermissionsBoundary');
    if (boundary) e.permissionsBoundary = managedRef(field(r.raw, 'PermissionsBoundary'), boundary, r.loc);
  };

  // Entities by reference: `!Ref LogicalId` to a template entity, a literal name, or an external entity.
  const entityFor = (type: EntityType, rawItem: LNode | undefined, resolved: LNode, fallback: SourceLocation): DraftEntity => {
    const target = knownString(field(rawItem, 'Ref'));
    if (target && ENTITY_TYPES[resources.get(target)?.type ?? ''] === type) {
      const e = builder.get(target);
      if (e) return e;
    }
    const name = knownString(resolved);
    if (name !== undefined) {
      const byName = builder.byName(type, name);
      if (byName) return byName;
    }
    const label = name ?? describeText(resolved);
    return builder.entity(`external:${type}:${label}`, () => ({ type, name: label, path: '/', location: resolved.loc ?? rawItem?.loc ?? fallback, external: true }));
  };
  const entitiesOf = (r: Res, prop: string, type: EntityType): DraftEntity[] => {
    const raws = listItems(field(r.raw, prop));
    return listItems(field(r.props, prop)).map((v, i) => entityFor(type, raws[i], v, r.loc));
  };

  // Pass 1: principals.
  for (const r of list) {
    const type = ENTITY_TYPES[r.type];
    if (!type) continue;
    const name = knownString(field(r.props, NAME_PROPERTY[type])) ?? r.display;
    const e = builder.entity(r.id, () => ({
      type,
      name,
      path: knownString(field(r.props, 'Path')) ?? '/',
      location: r.loc,
      suppressions: [...r.suppressions],
    }));
    const tags = tagsOf(field(r.props, 'Tags'));
    if (tags) e.tags = tags;
    if (type === 'role') {
      const trust = policyRecord(r, 'AssumeRolePolicyDocument', r.props, 'AssumeRolePolicyDocument', 'trust', `${name} trust policy`);
      if (trust) e.trustPolicy = trust;
    }
    if (type === 'user') e.hasLoginProfile = field(r.props, 'LoginProfile') !== undefined;
    addInlinePolicies(r, e);
    addManaged(r, e);
  }

  // Pass 2: everything that refers to principals, and resource policies.
  for (const r of list) {
    switch (r.type) {
      case 'AWS::IAM::User': {
        const user = builder.get(r.id);
        if (user) for (const g of entitiesOf(r, 'Groups', 'group')) builder.addMembership(user, g);
        break;
      }
      case 'AWS::IAM::Policy': {
        const name = knownString(field(r.props, 'PolicyName')) ?? r.display;
        const rec = policyRecord(r, 'PolicyDocument', r.props, 'PolicyDocument', 'identity', name);
        if (!rec) break;
        const targets = [...entitiesOf(r, 'Roles', 'role'), ...entitiesOf(r, 'Users', 'user'), ...entitiesOf(r, 'Groups', 'group')];
        for (const t of targets) t.inlinePolicies.push(rec);
        if (targets.length === 0) builder.standalonePolicies.push(rec);
        break;
      }
      case 'AWS::IAM::RolePolicy':
      case 'AWS::IAM::UserPolicy':
      case 'AWS::IAM::GroupPolicy': {
        // AWS::IAM::Policy for one principal, named by Ref to the template's entity or by its name.
        const type = INLINE_POLICY_TARGET[r.type];
        const name = knownString(field(r.props, 'PolicyName')) ?? r.display;
        const rec = policyRecord(r, 'PolicyDocument', r.props, 'PolicyDocument', 'identity', name);
        if (!rec) break;
        const targetNode = field(r.props, NAME_PROPERTY[type]);
        if (targetNode) {
          entityFor(type, field(r.raw, NAME_PROPERTY[type]), targetNode, r.loc).inlinePolicies.push(rec);
        } else {
          builder.error(`${r.id}: ${r.type} without ${NAME_PROPERTY[type]} (required): its policy is checked on its own.`, r.loc);
          builder.standalonePolicies.push(rec);
        }
        break;
      }
      case 'AWS::IAM::ManagedPolicy': {
        const name = knownString(field(r.props, 'ManagedPolicyName')) ?? r.display;
        // Same id as `!Ref` to it resolves to (managedRef), so attachments find it.
        const rec = policyRecord(r, '', r.props, 'PolicyDocument', 'identity', name);
        if (!rec) break;
        builder.managedPolicies.push({ policy: rec });
        for (const [prop, type] of [['Roles', 'role'], ['Users', 'user'], ['Groups', 'group']] as const) {
          const raws = listItems(field(r.raw, prop));
          listItems(field(r.props, prop)).forEach((v, i) => {
            entityFor(type, raws[i], v, r.loc).managedPolicies.push({ policyId: rec.id, location: v.loc ?? r.loc });
          });
        }
        break;
      }
      case 'AWS::IAM::AccessKey': {
        const userNode = field(r.props, 'UserName');
        if (!userNode) break;
        const user = entityFor('user', field(r.raw, 'UserName'), userNode, r.loc);
        const status = knownString(field(r.props, 'Status')) === 'Inactive' ? 'Inactive' : 'Active';
        user.accessKeys.push({ status });
        break;
      }
      case 'AWS::IAM::UserToGroupAddition': {
        const groupNode = field(r.props, 'GroupName');
        if (!groupNode) break;
        const group = entityFor('group', field(r.raw, 'GroupName'), groupNode, r.loc);
        for (const u of entitiesOf(r, 'Users', 'user')) builder.addMembership(u, group);
        break;
      }
      case 'AWS::S3::BucketPolicy': {
        const bucket = field(r.props, 'Bucket');
        const arn = bucket ? arnOf(concat([scalar(`arn:${PARTITION}:s3:::`), bucket])) : undefined;
        addResourcePolicy(r, 's3', arn);
        break;
      }
      case 'AWS::SQS::QueuePolicy': {
        const raws = listItems(field(r.raw, 'Queues'));
        const arn = raws.length === 1 ? arnOfReference(raws[0], 'Arn') : undefined;
        addResourcePolicy(r, 'sqs', arn);
        break;
      }
      case 'AWS::SNS::TopicPolicy': {
        const topics = listItems(field(r.props, 'Topics'));
        addResourcePolicy(r, 'sns', topics.length === 1 ? arnOf(topics[0]) : undefined);
        break;
      }
      case 'AWS::SNS::TopicInlinePolicy': {
        const topic = field(r.props, 'TopicArn');
        addResourcePolicy(r, 'sns', topic ? arnOf(topic) : undefined);
        break;
      }
      case 'AWS::KMS::Key': {
        if (!field(r.props, 'KeyPolicy')) break;
        const rec = policyRecord(r, 'KeyPolicy', r.props, 'KeyPolicy', 'resource', `${r.display} key policy`);
        if (rec) builder.resourcePolicies.push({ service: 'kms', resourceArn: { unknown: true, origin: `${r.id}.Arn (key id generated at deploy)` }, policy: rec });
        break;
      }
      case 'AWS::Lambda::Permission':
        lambdaPermission(r);
        break;
    }
  }

  function arnOf(node: LNode): string | UnknownValue {
    const text = knownString(node);
    return text ?? { unknown: true, origin: describeText(node) };
  }

  function arnOfReference(raw: LNode, attr: string): string | UnknownValue {
    const target = knownString(field(raw, 'Ref'));
    if (target && resources.has(target)) return arnOf(resolver.getAtt(target, attr, raw.loc));
    return arnOf(resolver.resolve(raw));
  }

  function addResourcePolicy(r: Res, service: ResourcePolicyService, resourceArn: string | UnknownValue | undefined) {
    const rec = policyRecord(r, 'PolicyDocument', r.props, 'PolicyDocument', 'resource', r.display);
    if (rec) builder.resourcePolicies.push({ service, ...(resourceArn ? { resourceArn } : {}), policy: rec });
  }

  // AWS::Lambda::Permission is one statement of the function's resource policy, written as properties.
  function lambdaPermission(r: Res) {
    const p = r.props;
    const principal = field(p, 'Principal');
    const action = field(p, 'Action');
    const fn = field(p, 'FunctionName');
    if (!principal || !action || !fn) {
      builder.error(`${r.id}: AWS::Lambda::Permission without Principal, Action or FunctionName.`, r.loc);
      return;
    }
    const rawFn = field(r.raw, 'FunctionName');
    const fnTarget = knownString(field(rawFn, 'Ref')) ?? knownString(listItems(field(rawFn, 'Fn::GetAtt'))[0]);
    let functionArn: LNode;
    if (fnTarget && resources.get(fnTarget)?.type === 'AWS::Lambda::Function') functionArn = resolver.getAtt(fnTarget, 'Arn', fn.loc);
    else if (startsWithText(fn, 'arn:')) functionArn = fn;
    else functionArn = concat([scalar(`arn:${PARTITION}:lambda:`, fn.loc), resolver.ref('AWS::Region', fn.loc), scalar(':', fn.loc), resolver.ref('AWS::AccountId', fn.loc), scalar(':function:', fn.loc), fn], fn.loc);

    const document = lambdaPermissionDocument({
      sid: r.id,
      principal,
      action,
      functionArn,
      sourceAccount: field(p, 'SourceAccount'),
      sourceArn: field(p, 'SourceArn'),
      principalOrgId: field(p, 'PrincipalOrgID'),
      functionUrlAuthType: field(p, 'FunctionUrlAuthType'),
      loc: r.loc,
    });
    const rec = buildPolicyRecord({ id: `${prefix}${r.id}`, name: r.display, kind: 'resource', value: document, location: r.loc, suppressions: r.suppressions });
    const arn = knownString(functionArn);
    builder.resourcePolicies.push({ service: 'lambda', resourceArn: arn ?? { unknown: true, origin: describeText(functionArn) }, policy: rec });
  }

  return builder.build();
}

function tagsOf(node: LNode | undefined): Record<string, string> | undefined {
  if (!node) return undefined;
  const out: Record<string, string> = {};
  for (const t of listItems(node)) {
    const key = knownString(field(t, 'Key'));
    if (key !== undefined) out[key] = knownString(field(t, 'Value')) ?? describeText(field(t, 'Value') ?? scalar(''));
  }
  return Object.keys(out).length ? out : undefined;
}

