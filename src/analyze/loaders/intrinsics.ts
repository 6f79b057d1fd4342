// CloudFormation intrinsic functions, resolved as far as the template alone allows.
//
// Choices (documented in docs and the report):
// - Parameters resolve to their Default (a deployment may override it); without a Default they are unknown.
// - AWS::Partition resolves to `aws` and AWS::URLSuffix to `amazonaws.com` (commercial partition assumed);
//   AWS::AccountId, AWS::Region, AWS::StackId, AWS::NotificationARNs stay unknown, tagged with `pseudo` so a
//   check can recognise "the template's own account"; AWS::StackName is known only when the caller gives it
//   (CDK manifests do).
// - Conditions are evaluated with three-valued logic; an undecidable `Fn::If` is unknown (both branches
//   possible), never one branch silently.
import type { SourceLocation } from '../model.js';
import { array, concat, describeText, field, knownString, scalar, toPlain, unknown } from './policy-record.js';
import type { LEntry, LNode, LObject } from './policy-record.js';

export interface TemplateResource {
  readonly type: string;
  readonly properties?: LNode;
  readonly loc?: SourceLocation;
}

export interface TemplateContext {
  readonly parameters: ReadonlyMap<string, LNode>;
  readonly mappings?: LNode;
  readonly conditions?: LNode;
  readonly resources: ReadonlyMap<string, TemplateResource>;
  /** Known stack name (CDK); otherwise AWS::StackName is unknown. */
  readonly stackName?: string;
}

/** The value of `!Ref AWS::NoValue`: the enclosing property or list item disappears. */
export const NO_VALUE: LNode = Object.freeze({ kind: 'scalar', value: null }) as LNode;

export const PARTITION = 'aws';
export const URL_SUFFIX = 'amazonaws.com';

/** Reads the template's Parameters into values (Default, or unknown). */
export function parameterValues(parameters: LNode | undefined): Map<string, LNode> {
  const out = new Map<string, LNode>();
  if (parameters?.kind !== 'object') return out;
  for (const e of parameters.entries) {
    const def = field(e.value, 'Default');
    const type = knownString(field(e.value, 'Type')) ?? 'String';
    if (def === undefined) {
      out.set(e.key, unknown(`parameter ${e.key} (no Default)`, e.keyLoc));
      continue;
    }
    const text = knownString(def);
    if ((type === 'CommaDelimitedList' || type.startsWith('List<')) && text !== undefined) {
      out.set(e.key, array(text.split(',').map((s) => scalar(s.trim(), def.loc)), def.loc));
    } else out.set(e.key, def.kind === 'scalar' && def.value !== null ? scalar(String(def.value), def.loc) : def);
  }
  return out;
}

export class IntrinsicResolver {
  private readonly conditionMemo = new Map<string, boolean | undefined>();
  private readonly visiting = new Set<string>();

  constructor(private readonly ctx: TemplateContext) {}

  /** Resolves every intrinsic in a node. `NO_VALUE` items and properties are dropped. */
  resolve(node: LNode): LNode {
    // A subtree without intrinsics is returned as it is, not copied (most of a template: its policies).
    switch (node.kind) {
      case 'array': {
        let items: LNode[] | undefined;
        for (let i = 0; i < node.items.length; i++) {
          const v = this.resolve(node.items[i]);
          if (items === undefined) {
            if (v === node.items[i]) continue;
            items = node.items.slice(0, i);
          }
          if (v !== NO_VALUE) items.push(v);
        }
        return items === undefined ? node : array(items, node.loc);
      }
      case 'object': {
        if (node.entries.length === 1) {
          const key = node.entries[0].key;
          if (key === 'Ref' || key.startsWith('Fn::')) return this.intrinsic(key, node.entries[0].value, node);
        }
        let entries: LEntry[] | undefined;
        for (let i = 0; i < node.entries.length; i++) {
          const e = node.entries[i];
          const v = this.resolve(e.value);
          if (entries === undefined) {
            if (v === e.value) continue;
            entries = node.entries.slice(0, i);
          }
          if (v !== NO_VALUE) entries.push({ ...e, value: v });
        }
        return entries === undefined ? node : { kind: 'object', entries, loc: node.loc };
      }
      default:
        return node;
    }
  }

  /** The value of a Condition by name: true, false, or undefined when it depends on unknowns. */
  condition(name: string): boolean | undefined {
    if (this.conditionMemo.has(name)) return this.conditionMemo.get(name);
    const key = `condition:${name}`;
    if (this.visiting.has(key)) return undefined;
    this.visiting.add(key);
    const def = field(this.ctx.conditions, name);
    const value = def ? this.evalCondition(def) : undefined;
    this.visiting.delete(key);
    this.conditionMemo.set(name, value);
    return value;
  }

  private evalCondition(node: LNode): boolean | undefined {
    if (node.kind === 'scalar') return typeof node.value === 'boolean' ? node.value : node.value === 'true' ? true : node.value === 'false' ? false : undefined;
    if (node.kind !== 'object' || node.entries.length !== 1) return undefined;
    const { key, value } = node.entries[0];
    const args = value.kind === 'array' ? value.items : [value];
    switch (key) {
      case 'Condition': {
        const name = knownString(value);
        return name === undefined ? undefined : this.condition(name);
      }
      case 'Fn::Equals': {
        if (args.length !== 2) return undefined;
        const a = toPlain(this.resolve(args[0]));
        const b = toPlain(this.resolve(args[1]));
        if (a === undefined || b === undefined) return undefined;
        return JSON.stringify(typeof a === 'number' || typeof a === 'boolean' ? String(a) : a) === JSON.stringify(typeof b === 'number' || typeof b === 'boolean' ? String(b) : b);
      }
      case 'Fn::Not': {
        const v = args[0] ? this.evalCondition(args[0]) : undefined;
        return v === undefined ? undefined : !v;
      }
      case 'Fn::And': {
        const vs = args.map((a) => this.evalCondition(a));
        if (vs.includes(false)) return false;
        return vs.includes(undefined) ? undefined : true;
      }
      case 'Fn::Or': {
        const vs = args.map((a) => this.evalCondition(a));
        if (vs.includes(true)) return true;
        return vs.includes(undefined) ? undefined : false;
      }
      default:
        return undefined;
    }
  }

  private intrinsic(fn: string, arg: LNode, node: LObject): LNode {
    const loc = node.loc;
    const args = arg.kind === 'array' ? arg.items : [arg];
    switch (fn) {
      case 'Ref': {
        const name = knownString(arg);
        return name === undefined ? unknown('Ref of a computed name', loc) : this.ref(name, loc);
      }
      case 'Fn::GetAtt': {
        let parts = args.map((a) => knownString(this.resolve(a)));
        if (parts.length === 1 && parts[0] !== undefined) parts = [parts[0].slice(0, parts[0].indexOf('.')), parts[0].slice(parts[0].indexOf('.') + 1)];
        const [id, attr] = parts;
        if (id === undefined || attr === undefined) return unknown('Fn::GetAtt with computed arguments', loc);
        return this.getAtt(id, attr, loc);
      }
      case 'Fn::Sub':
        return this.sub(arg, loc);
      case 'Fn::Join': {
        const delimiter = knownString(args[0]);
        const list = args[1] ? this.resolve(args[1]) : undefined;
        if (delimiter === undefined || list === undefined) return unknown('Fn::Join with computed delimiter', loc);
        if (list.kind !== 'array') return unknown(`Fn::Join of ${describeText(list)}`, loc);
        const pieces: LNode[] = [];
        list.items.forEach((item, i) => {
          if (i > 0) pieces.push(scalar(delimiter, loc));
          pieces.push(item);
        });
        return concat(pieces, loc);
      }
      case 'Fn::Select': {
        const index = Number(knownString(this.resolve(args[0] ?? scalar(null))));
        const list = args[1] ? this.resolve(args[1]) : undefined;
        if (!Number.isInteger(index) || list?.kind !== 'array') return unknown(`Fn::Select from ${list ? describeText(list) : 'nothing'}`, loc);
        return list.items[index] ?? unknown(`Fn::Select index ${index} out of range`, loc);
      }
      case 'Fn::Split': {
        const delimiter = knownString(args[0]);
        const source = args[1] ? this.resolve(args[1]) : undefined;
        const text = knownString(source);
        if (delimiter === undefined || text === undefined) return unknown(`Fn::Split of ${source ? describeText(source) : 'nothing'}`, loc);
        return array(text.split(delimiter).map((s) => scalar(s, source?.loc ?? loc)), loc);
      }
      case 'Fn::If': {
        const name = knownString(args[0]);
        const value = name === undefined ? undefined : this.condition(name);
        if (value === undefined || args.length < 3) return unknown(`Fn::If ${name ?? '?'} (condition not decidable before deployment: either branch)`, loc);
        return this.resolve(value ? args[1] : args[2]);
      }
      case 'Fn::FindInMap': {
        const [m, top, second] = args.slice(0, 3).map((a) => knownString(this.resolve(a)));
        const found = m !== undefined && top !== undefined && second !== undefined ? field(field(field(this.ctx.mappings, m), top), second) : undefined;
        if (found) return this.resolve(found);
        const fallback = args[3] ? field(args[3], 'DefaultValue') : undefined;
        if (fallback) return this.resolve(fallback);
        return unknown(`Fn::FindInMap ${[m, top, second].map((x) => x ?? '?').join('.')}`, loc);
      }
      case 'Fn::Base64': {
        const text = knownString(this.resolve(arg));
        return text === undefined ? unknown('Fn::Base64 of an unknown value', loc) : scalar(Buffer.from(text, 'utf8').toString('base64'), loc);
      }
      case 'Fn::ToJsonString':
        return { kind: 'json', value: this.resolve(arg), loc };
      case 'Fn::Length': {
        const list = this.resolve(arg);
        return list.kind === 'array' ? scalar(list.items.length, loc) : unknown('Fn::Length of an unknown list', loc);
      }
      case 'Fn::ImportValue':
        return unknown(`Fn::ImportValue ${describeText(this.resolve(arg))} (another stack's export)`, loc);
      case 'Fn::GetAZs':
        return unknown('Fn::GetAZs (the region\'s availability zones)', loc);
      case 'Fn::Cidr':
        return unknown('Fn::Cidr', loc);
      default:
        return unknown(`${fn} (not resolved by the loader)`, loc);
    }
  }

  /** `Ref name`: a parameter, a pseudo parameter or a resource's physical id. */
  ref(name: string, loc?: SourceLocation): LNode {
    switch (name) {
      case 'AWS::Partition':
        return scalar(PARTITION, loc);
      case 'AWS::URLSuffix':
        return scalar(URL_SUFFIX, loc);
      case 'AWS::AccountId':
        return unknown('AWS::AccountId', loc, 'account-id');
      case 'AWS::Region':
        return unknown('AWS::Region', loc, 'region');
      case 'AWS::StackName':
        return this.ctx.stackName ? scalar(this.ctx.stackName, loc) : unknown('AWS::StackName', loc, 'stack-name');
      case 'AWS::StackId':
        return unknown('AWS::StackId', loc, 'stack-id');
      case 'AWS::NotificationARNs':
        return unknown('AWS::NotificationARNs', loc);
      case 'AWS::NoValue':
        return NO_VALUE;
    }
    const parameter = this.ctx.parameters.get(name);
    if (parameter) return withLoc(parameter, loc);
    const resource = this.ctx.resources.get(name);
    if (!resource) return unknown(`Ref ${name} (not declared in the template)`, loc);
    const nameOf = (prop: string) => this.property(name, prop);
    const generated = () => unknown(`Ref ${name} (${resource.type}: physical id generated at deploy)`, loc);
    switch (resource.type) {
      case 'AWS::IAM::Role':
        return nameOf('RoleName') ?? generated();
      case 'AWS::IAM::User':
        return nameOf('UserName') ?? generated();
      case 'AWS::IAM::Group':
        return nameOf('GroupName') ?? generated();
      case 'AWS::IAM::InstanceProfile':
        return nameOf('InstanceProfileName') ?? generated();
      case 'AWS::IAM::ManagedPolicy':
        return this.iamArn(name, 'policy', 'ManagedPolicyName', loc);
      case 'AWS::S3::Bucket':
        return nameOf('BucketName') ?? generated();
      case 'AWS::Lambda::Function':
        return nameOf('FunctionName') ?? generated();
      case 'AWS::DynamoDB::Table':
        return nameOf('TableName') ?? generated();
      case 'AWS::Logs::LogGroup':
        return nameOf('LogGroupName') ?? generated();
      case 'AWS::SNS::Topic':
        return this.regionalArn(name, 'sns', 'TopicName', (n) => n, loc);
      case 'AWS::SQS::Queue': {
        const q = nameOf('QueueName');
        if (!q) return generated();
        return concat([scalar('https://sqs.', loc), this.ref('AWS::Region', loc), scalar(`.${URL_SUFFIX}/`, loc), this.ref('AWS::AccountId', loc), scalar('/', loc), q], loc);
      }
      default:
        return generated();
    }
  }

  /** `Fn::GetAtt id.attr` for the attributes that policies use (ARNs and names). */
  getAtt(id: string, attr: string, loc?: SourceLocation): LNode {
    const resource = this.ctx.resources.get(id);
    if (!resource) return unknown(`Fn::GetAtt ${id}.${attr} (not declared in the template)`, loc);
    const type = resource.type;
    const nameOf = (prop: string) => this.property(id, prop);
    const after = () => unknown(`${id}.${attr} (known after deployment)`, loc);
    if (attr === 'Arn' || (type === 'AWS::IAM::ManagedPolicy' && attr === 'PolicyArn') || (type === 'AWS::SNS::Topic' && attr === 'TopicArn')) {
      switch (type) {
        case 'AWS::IAM::Role':
          return this.iamArn(id, 'role', 'RoleName', loc);
        case 'AWS::IAM::User':
          return this.iamArn(id, 'user', 'UserName', loc);
        case 'AWS::IAM::Group':
          return this.iamArn(id, 'group', 'GroupName', loc);
        case 'AWS::IAM::InstanceProfile':
          return this.iamArn(id, 'instance-profile', 'InstanceProfileName', loc);
        case 'AWS::IAM::ManagedPolicy':
          return this.iamArn(id, 'policy', 'ManagedPolicyName', loc);
        case 'AWS::S3::Bucket': {
          const b = nameOf('BucketName');
          return b ? concat([scalar(`arn:${PARTITION}:s3:::`, loc), b], loc) : after();
        }
        case 'AWS::SQS::Queue':
          return this.regionalArn(id, 'sqs', 'QueueName', (n) => n, loc);
        case 'AWS::SNS::Topic':
          return this.regionalArn(id, 'sns', 'TopicName', (n) => n, loc);
        case 'AWS::Lambda::Function':
          return this.regionalArn(id, 'lambda', 'FunctionName', (n) => concat([scalar('function:', loc), n], loc), loc);
        case 'AWS::DynamoDB::Table':
          return this.regionalArn(id, 'dynamodb', 'TableName', (n) => concat([scalar('table/', loc), n], loc), loc);
        case 'AWS::Logs::LogGroup':
          return this.regionalArn(id, 'logs', 'LogGroupName', (n) => concat([scalar('log-group:', loc), n, scalar(':*', loc)], loc), loc);
        default:
          return after();
      }
    }
    if (type === 'AWS::SQS::Queue' && attr === 'QueueName') return nameOf('QueueName') ?? after();
    if (type === 'AWS::SNS::Topic' && attr === 'TopicName') return nameOf('TopicName') ?? after();
    if (type === 'AWS::SQS::Queue' && attr === 'QueueUrl') return this.ref(id, loc);
    return after();
  }

  /** A resolved, known-or-partly-known string property of a template resource (cycle-safe). */
  private property(id: string, prop: string): LNode | undefined {
    const key = `${id}.${prop}`;
    if (this.visiting.has(key)) return undefined;
    const raw = field(this.ctx.resources.get(id)?.properties, prop);
    if (!raw) return undefined;
    this.visiting.add(key);
    try {
      const v = this.resolve(raw);
      return v === NO_VALUE ? undefined : v;
    } finally {
      this.visiting.delete(key);
    }
  }

  private iamArn(id: string, kind: string, nameProp: string, loc?: SourceLocation): LNode {
    const name = this.property(id, nameProp);
    if (!name) return unknown(`${id}.Arn (${kind} name generated at deploy)`, loc);
    const path = this.property(id, 'Path') ?? scalar('/', loc);
    return concat([scalar(`arn:${PARTITION}:iam::`, loc), this.ref('AWS::AccountId', loc), scalar(`:${kind}`, loc), path, name], loc);
  }

  private regionalArn(id: string, service: string, nameProp: string, tail: (name: LNode) => LNode, loc?: SourceLocation): LNode {
    const name = this.property(id, nameProp);
    if (!name) return unknown(`${id}.Arn (name generated at deploy)`, loc);
    return concat([scalar(`arn:${PARTITION}:${service}:`, loc), this.ref('AWS::Region', loc), scalar(':', loc), this.ref('AWS::AccountId', loc), scalar(':', loc), tail(name)], loc);
  }

  private sub(arg: LNode, loc?: SourceLocation): LNode {
    const [templateNode, varsNode] = arg.kind === 'array' ? arg.items : [arg, undefined];
    const template = knownString(templateNode);
    if (template === undefined) return unknown('Fn::Sub with a computed template', loc);
    const vars = new Map<string, LNode>();
    if (varsNode?.kind === 'object') for (const e of varsNode.entries) vars.set(e.key, this.resolve(e.value));
    const pieces: LNode[] = [];
    let i = 0;
    while (i < template.length) {
      const start = template.indexOf('${', i);
      if (start < 0) {
        pieces.push(scalar(template.slice(i), loc));
        break;
      }
      const end = template.indexOf('}', start);
      if (end < 0) {
        pieces.push(scalar(template.slice(i), loc));
        break;
      }
      pieces.push(scalar(template.slice(i, start), loc));
      const name = template.slice(start + 2, end);
      if (name.startsWith('!')) pieces.push(scalar(`\${${name.slice(1)}}`, loc));
      else {
        const trimmed = name.trim();
        const v = vars.get(trimmed);
        if (v) pieces.push(v);
        else if (trimmed.includes('.') && !trimmed.startsWith('AWS::')) {
          const dot = trimmed.indexOf('.');
          pieces.push(this.getAtt(trimmed.slice(0, dot), trimmed.slice(dot + 1), loc));
        } else pieces.push(this.ref(trimmed, loc));
      }
      i = end + 1;
    }
    return concat(pieces.map((p) => (p === NO_VALUE ? scalar('', loc) : p)), loc);
  }
}

function withLoc(node: LNode, loc?: SourceLocation): LNode {
  // A parameter's value is reported where it is used, not at its declaration.
  if (!loc) return node;
  if (node.kind === 'scalar') return scalar(node.value, loc);
  if (node.kind === 'unknown') return unknown(node.origin, loc, node.pseudo);
  return node;
}
