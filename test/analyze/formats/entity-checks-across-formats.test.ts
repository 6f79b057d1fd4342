// Every entity and credential check (entity.admin-access, entity.no-permissions-boundary, credentials.long-lived,
// credentials.stale-key) and the escalation checks (escalation.path, escalation.conditional-path) on positive and
// negative subjects, rendered into each input format that can declare roles, users, groups, managed policy
// attachments and access keys: CloudFormation YAML and JSON, a CDK cloud assembly, Terraform HCL, a Terraform plan
// JSON, and an account export (get-account-authorization-details, with its credential report when the subject is
// a user). Each input goes through the CLI's path (detectInputKind, loadInputs, analyze). A positive must fire
// exactly once, at the line that declares the subject (for an attached policy: the line of the attachment; for an
// escalation: the statement that grants its first step); a negative must not fire. A format that cannot carry a
// check or a subject is a cell of its own in NOT_APPLICABLE, with the reason, and pins what that format does
// instead.
import { describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { detectInputKind, type AnalysisInput, type AnalysisModel, type AnalyzeOptions, type Finding, type InputFile } from '../../../src/analyze/index.js';
import type { EntityType } from '../../../src/analyze/model.js';
import { loadInputs } from '../../../src/analyze/inputs.js';
import { analyzeModel } from '../helpers.js';
import { lineOf } from '../loaders/helpers.js';
import { BENIGN_TRUST, hclValue } from '../../fixtures/analyze/formats/render.js';
import { CDK_STACK, cdkAssembly } from './cdk-assembly.js';

type EntityFormat = 'cloudformation-yaml' | 'cloudformation-json' | 'cdk' | 'terraform-hcl' | 'terraform-plan' | 'account-export';
const ENTITY_FORMATS: readonly EntityFormat[] = ['cloudformation-yaml', 'cloudformation-json', 'cdk', 'terraform-hcl', 'terraform-plan', 'account-export'];
/** Formats no entity check can run on, listed so the table says why. */
type AnyFormat = EntityFormat | 'policy-file';

/** An access key; the dates are what a credential report says (templates and plans carry none). */
interface Key {
  readonly status: 'Active' | 'Inactive';
  readonly lastRotated: string;
  readonly lastUsed?: string;
}

type Subject =
  | { readonly kind: 'role'; readonly boundary: boolean }
  | { readonly kind: 'service-linked-role' }
  | { readonly kind: 'user'; readonly boundary: boolean; readonly key?: Key }
  /** An inline policy on a role the input refers to by name but does not create. */
  | { readonly kind: 'existing-role' }
  /** An access key for a user the input refers to by name but does not create. */
  | { readonly kind: 'existing-user-key'; readonly key: Key }
  /**
   * A role, user or group with a managed policy attached by ARN. Terraform attaches it to a role through
   * managed_policy_arns, to a user or group through an aws_iam_*_policy_attachment resource.
   */
  | { readonly kind: 'attached'; readonly principal: EntityType; readonly policy: string }
  /** A managed policy attached (aws_iam_role_policy_attachment) to a role the input does not create. */
  | { readonly kind: 'existing-role-attached'; readonly policy: string }
  /**
   * A user whose own policy allows iam:AttachUserPolicy on a user: on itself (it can attach AdministratorAccess to
   * itself) or on a user the input does not create. With `mfa`, only when the caller signed in with MFA, which
   * no input can show. `cdkUserName`: the CDK User sets userName (by default CloudFormation names it at deploy).
   */
  | { readonly kind: 'self-attach'; readonly target: 'self' | 'other'; readonly mfa: boolean; readonly cdkUserName?: boolean };

const ACCOUNT = '111122223333';
const ROLE = 'subject-role';
const USER = 'subject-user';
const GROUP = 'subject-group';
const EXISTING_ROLE = 'existing-role';
const EXISTING_USER = 'existing-user';
/** The user a `self-attach` policy names when its target is not the subject. */
const OTHER_USER = 'other-user';
const BOUNDARY = `arn:aws:iam::${ACCOUNT}:policy/team-boundary`;
const ADMINISTRATOR_ACCESS = 'arn:aws:iam::aws:policy/AdministratorAccess';
const IAM_FULL_ACCESS = 'arn:aws:iam::aws:policy/IAMFullAccess';
const READ_ONLY_ACCESS = 'arn:aws:iam::aws:policy/ReadOnlyAccess';
/** Names that are not the administrator policies: a job-function policy, a narrower lookalike, a customer policy. */
const SYSTEM_ADMINISTRATOR = 'arn:aws:iam::aws:policy/job-function/SystemAdministrator';
const AMPLIFY_ADMINISTRATOR = 'arn:aws:iam::aws:policy/AdministratorAccess-Amplify';
const CUSTOMER_ADMINISTRATOR = `arn:aws:iam::${ACCOUNT}:policy/AdministratorAccess`;
const READ_ONLY = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::subject-bucket/*' }] };

/** The policy of a `self-attach` subject, its Resource written the way the format names a user's ARN. */
function selfAttachPolicy(subject: { readonly mfa: boolean }, resource: unknown): Record<string, unknown> {
  const mfa = subject.mfa ? { Condition: { Bool: { 'aws:MultiFactorAuthPresent': 'true' } } } : {};
  return { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'iam:AttachUserPolicy', Resource: resource, ...mfa }] };
}

/** A template's or plan's user as escalation findings name it: the account is the deploying one, not known. */
const templateUserArn = (name: string): string => `arn:aws:iam::\${Account}:user/${name}`;

const targetUser = (subject: { readonly target: 'self' | 'other' }): string => (subject.target === 'self' ? USER : OTHER_USER);

/** One rendered cell: the inputs, and where and under which name a finding about the subject must point. */
interface EntityInput {
  readonly inputs: readonly AnalysisInput[];
  readonly credentialReport?: InputFile;
  readonly file: string;
  readonly text: string;
  /**
   * 1-based: the line that declares the subject (its resource, its export entry, or the name that refers to it),
   * or for an attached policy the line of the attachment (the ARN, the attachment's policy_arn, the export's entry).
   */
  readonly line: number;
  readonly name: string;
  /** The ARN a report gives the subject (escalation findings name principals by ARN), when a cell asserts it. */
  readonly arn?: string;
}

/** The line of the `{` that opens the JSON object holding line `line` (pretty-printed JSON). */
function openingBrace(text: string, line: number): number {
  const lines = text.split('\n');
  const indent = (l: string) => l.length - l.trimStart().length;
  const inner = indent(lines[line - 1] ?? '');
  for (let i = line - 2; i >= 0; i--) {
    const l = lines[i] ?? '';
    if (indent(l) < inner && l.trimEnd().endsWith('{')) return i + 1;
  }
  throw new Error(`no object around line ${line}`);
}

// ---------------------------------------------------------------------------------------------------------
// CloudFormation (YAML, JSON, and the CDK's synthesized JSON)

interface CfnResource {
  /** The construct id; the logical id in a plain template, the id plus a hash suffix in a CDK one. */
  readonly construct: string;
  readonly Type: string;
  readonly Properties: Record<string, unknown>;
}

const PRINCIPAL: Record<EntityType, { readonly construct: string; readonly type: string; readonly nameKey: string; readonly name: string }> = {
  role: { construct: 'SubjectRole', type: 'AWS::IAM::Role', nameKey: 'RoleName', name: ROLE },
  user: { construct: 'SubjectUser', type: 'AWS::IAM::User', nameKey: 'UserName', name: USER },
  group: { construct: 'SubjectGroup', type: 'AWS::IAM::Group', nameKey: 'GroupName', name: GROUP },
};

/** A managed policy ARN as the CDK writes it (`ManagedPolicy.fromAwsManagedPolicyName`, `fromManagedPolicyName`). */
function cdkPolicyArn(arn: string): unknown {
  const [, account, rest] = /^arn:aws:iam::([^:]*):(.*)$/.exec(arn) ?? [];
  if (account === undefined || rest === undefined) throw new Error(`not a managed policy ARN: ${arn}`);
  const tail = account === 'aws' ? [`:iam::aws:${rest}`] : [':iam::', { Ref: 'AWS::AccountId' }, `:${rest}`];
  return { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ...tail]] };
}

function cfnResources(subject: Subject, cdk: boolean): { resources: Record<string, CfnResource>; subjectId: string } {
  // CDK leaves IAM names to CloudFormation and writes boundary ARNs with the partition and account pseudo parameters.
  const logicalId = (construct: string) => (cdk ? `${construct}3F1A9C2B` : construct);
  const name = (key: string, value: string) => (cdk ? {} : { [key]: value });
  const boundary = (on: boolean) =>
    !on ? {} : { PermissionsBoundary: cdk ? { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':iam::', { Ref: 'AWS::AccountId' }, ':policy/team-boundary']] } : BOUNDARY };
  switch (subject.kind) {
    case 'role': {
      const id = logicalId('SubjectRole');
      const Properties = { ...name('RoleName', ROLE), AssumeRolePolicyDocument: BENIGN_TRUST, ...boundary(subject.boundary) };
      return { subjectId: id, resources: { [id]: { construct: 'SubjectRole', Type: 'AWS::IAM::Role', Properties } } };
    }
    case 'service-linked-role': {
      const id = logicalId('AutoScalingServiceLinkedRole');
      const Properties = { AWSServiceName: 'autoscaling.amazonaws.com' };
      return { subjectId: id, resources: { [id]: { construct: 'AutoScalingServiceLinkedRole', Type: 'AWS::IAM::ServiceLinkedRole', Properties } } };
    }
    case 'user': {
      const id = logicalId('SubjectUser');
      const resources: Record<string, CfnResource> = {
        [id]: { construct: 'SubjectUser', Type: 'AWS::IAM::User', Properties: { ...name('UserName', USER), ...boundary(subject.boundary) } },
      };
      if (subject.key !== undefined) {
        resources[logicalId('SubjectUserKey')] = { construct: 'SubjectUserKey', Type: 'AWS::IAM::AccessKey', Properties: { UserName: { Ref: id }, Status: subject.key.status } };
      }
      return { subjectId: id, resources };
    }
    case 'existing-role': {
      const id = logicalId('SubjectPolicy');
      const Properties = { PolicyName: 'subject-policy', PolicyDocument: READ_ONLY, Roles: [EXISTING_ROLE] };
      return { subjectId: id, resources: { [id]: { construct: 'SubjectPolicy', Type: 'AWS::IAM::Policy', Properties } } };
    }
    case 'existing-user-key': {
      const id = logicalId('SubjectKey');
      const Properties = { UserName: EXISTING_USER, Status: subject.key.status };
      return { subjectId: id, resources: { [id]: { construct: 'SubjectKey', Type: 'AWS::IAM::AccessKey', Properties } } };
    }
    case 'attached': {
      const p = PRINCIPAL[subject.principal];
      const id = logicalId(p.construct);
      const Properties = {
        ...name(p.nameKey, p.name),
        ...(subject.principal === 'role' ? { AssumeRolePolicyDocument: BENIGN_TRUST } : {}),
        ManagedPolicyArns: [cdk ? cdkPolicyArn(subject.policy) : subject.policy],
      };
      return { subjectId: id, resources: { [id]: { construct: p.construct, Type: p.type, Properties } } };
    }
    case 'self-attach': {
      const id = logicalId('SubjectUser');
      if (!cdk) {
        const resource = { 'Fn::Sub': `arn:aws:iam::\${AWS::AccountId}:user/${targetUser(subject)}` };
        const Properties = { UserName: USER, Policies: [{ PolicyName: 'self-service', PolicyDocument: selfAttachPolicy(subject, resource) }] };
        return { subjectId: id, resources: { [id]: { construct: 'SubjectUser', Type: 'AWS::IAM::User', Properties } } };
      }
      // user.addToPolicy(): the statement goes to the user's DefaultPolicy, naming the user by its userArn
      // (Fn::GetAtt) or another one by User.fromUserName(…).userArn.
      const policyId = logicalId('SubjectUserDefaultPolicy');
      const resource =
        subject.target === 'self'
          ? { 'Fn::GetAtt': [id, 'Arn'] }
          : { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':iam::', { Ref: 'AWS::AccountId' }, `:user/${OTHER_USER}`]] };
      const Properties = { PolicyDocument: selfAttachPolicy(subject, resource), PolicyName: policyId, Users: [{ Ref: id }] };
      return {
        subjectId: id,
        resources: {
          [id]: { construct: 'SubjectUser', Type: 'AWS::IAM::User', Properties: subject.cdkUserName === true ? { UserName: USER } : {} },
          [policyId]: { construct: 'SubjectUser/DefaultPolicy', Type: 'AWS::IAM::Policy', Properties },
        },
      };
    }
    case 'existing-role-attached': {
      // Not a cell (see NOT_APPLICABLE): the only way a template attaches a managed policy to a role it does not
      // create is a customer policy's Roles, so the policy is the template's own and its document is linted.
      const id = logicalId('SubjectManagedPolicy');
      const Properties = { PolicyDocument: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] }, Roles: [EXISTING_ROLE] };
      return { subjectId: id, resources: { [id]: { construct: 'SubjectManagedPolicy', Type: 'AWS::IAM::ManagedPolicy', Properties } } };
    }
  }
}

/** The name a report gives the subject: its IAM name, or (CDK, no name set) its construct path. */
function subjectName(subject: Subject, cdk: boolean, construct: string): string {
  if (subject.kind === 'existing-role' || subject.kind === 'existing-role-attached') return EXISTING_ROLE;
  if (subject.kind === 'existing-user-key') return EXISTING_USER;
  if (subject.kind === 'self-attach' && subject.cdkUserName === true) return USER;
  if (cdk) return `${CDK_STACK}/${construct}`;
  if (subject.kind === 'attached') return PRINCIPAL[subject.principal].name;
  return subject.kind === 'user' || subject.kind === 'self-attach' ? USER : subject.kind === 'role' ? ROLE : 'AWSServiceRoleForAutoScaling';
}

function cloudFormation(format: 'cloudformation-yaml' | 'cloudformation-json' | 'cdk', subject: Subject, stem: string): EntityInput {
  const cdk = format === 'cdk';
  const { resources, subjectId } = cfnResources(subject, cdk);
  const constructOf = resources[subjectId]?.construct ?? subjectId;
  let file: InputFile;
  let inputs: AnalysisInput[];
  if (cdk) {
    const assembly = cdkAssembly(`${stem}/cdk.out`, resources);
    file = assembly.template;
    inputs = [assembly.input];
  } else {
    const template = {
      AWSTemplateFormatVersion: '2010-09-09',
      Resources: Object.fromEntries(Object.entries(resources).map(([id, r]) => [id, { Type: r.Type, Properties: r.Properties }])),
    };
    file =
      format === 'cloudformation-yaml'
        ? { path: `${stem}.yaml`, text: stringify(template) }
        : { path: `${stem}.template.json`, text: `${JSON.stringify(template, null, 2)}\n` };
    inputs = [{ kind: 'cloudformation', path: file.path, files: [file] }];
  }
  const declared = lineOf(file.text, format === 'cloudformation-yaml' ? `  ${subjectId}:` : `"${subjectId}": {`);
  let line = declared;
  // A user the template does not create is where the key resource names it.
  if (subject.kind === 'existing-user-key') line = lineOf(file.text, EXISTING_USER, declared);
  // An attached policy is its ManagedPolicyArns item (the CDK's: the object around the Fn::Join that builds the ARN).
  if (subject.kind === 'attached') {
    const list = lineOf(file.text, 'ManagedPolicyArns', declared);
    if (cdk) line = openingBrace(file.text, lineOf(file.text, '"Fn::Join"', list));
    else line = lineOf(file.text, format === 'cloudformation-yaml' ? `- ${subject.policy}` : `"${subject.policy}"`, list);
  }
  // An escalation is where the statement that grants its first step begins.
  if (subject.kind === 'self-attach') {
    line = format === 'cloudformation-yaml' ? lineOf(file.text, '- Effect: Allow', declared) : openingBrace(file.text, lineOf(file.text, '"Effect": "Allow"', declared));
  }
  const name = subjectName(subject, cdk, constructOf);
  return { inputs, file: file.path, text: file.text, line, name, ...(subject.kind === 'self-attach' ? { arn: templateUserArn(name) } : {}) };
}

// ---------------------------------------------------------------------------------------------------------
// Terraform HCL

function terraformHcl(subject: Subject, stem: string): EntityInput {
  const boundary = (on: boolean) => (on ? `  permissions_boundary = "${BOUNDARY}"\n` : '');
  const key = (user: string, k: Key) => `resource "aws_iam_access_key" "subject" {\n  user   = ${user}\n  status = "${k.status}"\n}\n`;
  let text: string;
  let header: string;
  switch (subject.kind) {
    case 'role':
      header = 'resource "aws_iam_role" "subject" {';
      text = `${header}\n  name               = "${ROLE}"\n  assume_role_policy = jsonencode(${hclValue(BENIGN_TRUST, '  ')})\n${boundary(subject.boundary)}}\n`;
      break;
    case 'service-linked-role':
      header = 'resource "aws_iam_service_linked_role" "autoscaling" {';
      text = `${header}\n  aws_service_name = "autoscaling.amazonaws.com"\n}\n`;
      break;
    case 'user':
      header = 'resource "aws_iam_user" "subject" {';
      text = `${header}\n  name = "${USER}"\n${boundary(subject.boundary)}}\n`;
      if (subject.key !== undefined) text += `\n${key('aws_iam_user.subject.name', subject.key)}`;
      break;
    case 'existing-role':
      header = 'resource "aws_iam_role_policy" "subject" {';
      text = `${header}\n  name   = "subject-policy"\n  role   = "${EXISTING_ROLE}"\n  policy = jsonencode(${hclValue(READ_ONLY, '  ')})\n}\n`;
      break;
    case 'existing-user-key':
      header = 'resource "aws_iam_access_key" "subject" {';
      text = key(`"${EXISTING_USER}"`, subject.key);
      break;
    case 'attached': {
      const type = subject.principal;
      header = `resource "aws_iam_${type}" "subject" {`;
      if (type === 'role') {
        const arns = `  managed_policy_arns = ["${subject.policy}"]
`;
        text = `${header}
  name                = "${ROLE}"
  assume_role_policy  = jsonencode(${hclValue(BENIGN_TRUST, '  ')})
${arns}}
`;
      } else {
        const attachment = `resource "aws_iam_${type}_policy_attachment" "subject" {
  ${type.padEnd(10)} = aws_iam_${type}.subject.name
  policy_arn = "${subject.policy}"
}
`;
        text = `${header}
  name = "${PRINCIPAL[type].name}"
}

${attachment}`;
      }
      break;
    }
    case 'self-attach': {
      header = 'resource "aws_iam_user" "subject" {';
      // The deploying account as a configuration names it: an interpolation in the quoted string hclValue writes.
      const arn = `arn:aws:iam::\${data.aws_caller_identity.current.account_id}:user/${targetUser(subject)}`;
      const policy = hclValue(selfAttachPolicy(subject, arn), '  ');
      text = `data "aws_caller_identity" "current" {}

${header}
  name = "${USER}"
}

resource "aws_iam_user_policy" "subject" {
  name   = "self-service"
  user   = aws_iam_user.subject.name
  policy = jsonencode(${policy})
}
`;
      break;
    }
    case 'existing-role-attached':
      header = 'resource "aws_iam_role_policy_attachment" "subject" {';
      text = `${header}
  role       = "${EXISTING_ROLE}"
  policy_arn = "${subject.policy}"
}
`;
      break;
  }
  const path = `${stem}/main.tf`;
  const declared = lineOf(text, header);
  let line = declared;
  if (subject.kind === 'existing-user-key') line = lineOf(text, `"${EXISTING_USER}"`, declared);
  if (subject.kind === 'attached' || subject.kind === 'existing-role-attached') line = lineOf(text, `"${subject.policy}"`, declared);
  // The statement's object in the jsonencode() of the user's policy.
  if (subject.kind === 'self-attach') line = lineOf(text, 'Effect = "Allow"', declared) - 1;
  const name = subjectName(subject, false, '');
  return { inputs: [{ kind: 'terraform-hcl', path: stem, files: [{ path, text }] }], file: path, text, line, name, ...(subject.kind === 'self-attach' ? { arn: templateUserArn(name) } : {}) };
}

// ---------------------------------------------------------------------------------------------------------
// Terraform plan JSON (`terraform show -json plan.out`)

interface PlanResource {
  readonly type: string;
  readonly name: string;
  readonly values: Record<string, unknown>;
  /** Attributes the provider computes at apply (`after_unknown`). */
  readonly computed: readonly string[];
  /** The configuration's expressions: a constant, or the references of an expression. */
  readonly expressions: Record<string, { constant_value: unknown } | { references: string[] }>;
}

function planResources(subject: Subject): PlanResource[] {
  const constants = (values: Record<string, unknown>, ...keys: string[]) => Object.fromEntries(keys.map((k) => [k, { constant_value: values[k] }]));
  const role = (boundaryOn: boolean, managed?: string): PlanResource => {
    const values = {
      name: ROLE,
      path: '/',
      assume_role_policy: JSON.stringify(BENIGN_TRUST),
      description: null,
      force_detach_policies: false,
      max_session_duration: 3600,
      permissions_boundary: boundaryOn ? BOUNDARY : null,
      tags: null,
      ...(managed === undefined ? {} : { managed_policy_arns: [managed] }),
    };
    return {
      type: 'aws_iam_role',
      name: 'subject',
      values,
      computed: ['arn', 'create_date', 'id', 'inline_policy', ...(managed === undefined ? ['managed_policy_arns'] : []), 'name_prefix', 'tags_all', 'unique_id'],
      expressions: constants(values, 'name', 'assume_role_policy', ...(boundaryOn ? ['permissions_boundary'] : []), ...(managed === undefined ? [] : ['managed_policy_arns'])),
    };
  };
  const user = (boundaryOn: boolean): PlanResource => {
    const values = { name: USER, path: '/', force_destroy: false, permissions_boundary: boundaryOn ? BOUNDARY : null, tags: null };
    return {
      type: 'aws_iam_user',
      name: 'subject',
      values,
      computed: ['arn', 'id', 'tags_all', 'unique_id'],
      expressions: constants(values, 'name', ...(boundaryOn ? ['permissions_boundary'] : [])),
    };
  };
  /** aws_iam_{role,user,group}_policy_attachment; `reference` when it names the principal of the plan. */
  const attachment = (type: EntityType, principal: string, policyArn: string, reference: boolean): PlanResource => {
    const values = { [type]: principal, policy_arn: policyArn };
    return {
      type: `aws_iam_${type}_policy_attachment`,
      name: 'subject',
      values,
      computed: ['id'],
      expressions: {
        [type]: reference ? { references: [`aws_iam_${type}.subject.name`, `aws_iam_${type}.subject`] } : { constant_value: principal },
        policy_arn: { constant_value: policyArn },
      },
    };
  };
  const key = (user: string, k: Key, reference: boolean): PlanResource => {
    const values = { user, status: k.status, pgp_key: null };
    return {
      type: 'aws_iam_access_key',
      name: 'subject',
      values,
      computed: ['create_date', 'encrypted_secret', 'encrypted_ses_smtp_password_v4', 'id', 'key_fingerprint', 'secret', 'ses_smtp_password_v4'],
      expressions: { user: reference ? { references: ['aws_iam_user.subject.name', 'aws_iam_user.subject'] } : { constant_value: user }, status: { constant_value: k.status } },
    };
  };
  switch (subject.kind) {
    case 'role':
      return [role(subject.boundary)];
    case 'service-linked-role':
      return [
        {
          type: 'aws_iam_service_linked_role',
          name: 'autoscaling',
          values: { aws_service_name: 'autoscaling.amazonaws.com', custom_suffix: null, description: null, tags: null },
          computed: ['arn', 'create_date', 'id', 'name', 'path', 'tags_all', 'unique_id'],
          expressions: { aws_service_name: { constant_value: 'autoscaling.amazonaws.com' } },
        },
      ];
    case 'user':
      return subject.key === undefined ? [user(subject.boundary)] : [user(subject.boundary), key(USER, subject.key, true)];
    case 'existing-role': {
      const values = { name: 'subject-policy', name_prefix: null, role: EXISTING_ROLE, policy: JSON.stringify(READ_ONLY) };
      return [{ type: 'aws_iam_role_policy', name: 'subject', values, computed: ['id'], expressions: constants(values, 'name', 'role', 'policy') }];
    }
    case 'existing-user-key':
      return [key(EXISTING_USER, subject.key, false)];
    case 'attached': {
      if (subject.principal === 'role') return [role(false, subject.policy)];
      if (subject.principal === 'user') return [user(false), attachment('user', USER, subject.policy, true)];
      const values = { name: GROUP, path: '/' };
      const group: PlanResource = { type: 'aws_iam_group', name: 'subject', values, computed: ['arn', 'id', 'unique_id'], expressions: constants(values, 'name') };
      return [group, attachment('group', GROUP, subject.policy, true)];
    }
    case 'self-attach': {
      // data.aws_caller_identity is read at plan time: the policy holds the account literally.
      const policy = JSON.stringify(selfAttachPolicy(subject, `arn:aws:iam::${ACCOUNT}:user/${targetUser(subject)}`));
      const values = { name: 'self-service', name_prefix: null, user: USER, policy };
      const expressions = {
        name: { constant_value: 'self-service' },
        user: { references: ['aws_iam_user.subject.name', 'aws_iam_user.subject'] },
        policy: { references: ['data.aws_caller_identity.current.account_id', 'data.aws_caller_identity.current'] },
      };
      return [user(false), { type: 'aws_iam_user_policy', name: 'subject', values, computed: ['id'], expressions }];
    }
    case 'existing-role-attached':
      return [attachment('role', EXISTING_ROLE, subject.policy, false)];
  }
}

function terraformPlan(subject: Subject, stem: string): EntityInput {
  const resources = planResources(subject);
  const address = (r: PlanResource) => `${r.type}.${r.name}`;
  const provider = 'registry.terraform.io/hashicorp/aws';
  const plan = {
    format_version: '1.2',
    terraform_version: '1.9.5',
    planned_values: {
      root_module: {
        resources: resources.map((r) => ({ address: address(r), mode: 'managed', type: r.type, name: r.name, provider_name: provider, schema_version: 0, values: r.values, sensitive_values: {} })),
      },
    },
    resource_changes: resources.map((r) => ({
      address: address(r),
      mode: 'managed',
      type: r.type,
      name: r.name,
      provider_name: provider,
      change: { actions: ['create'], before: null, after: r.values, after_unknown: Object.fromEntries(r.computed.map((a) => [a, true])) },
    })),
    configuration: {
      provider_config: { aws: { name: 'aws', full_name: provider } },
      root_module: {
        resources: resources.map((r) => ({ address: address(r), mode: 'managed', type: r.type, name: r.name, provider_config_key: 'aws', expressions: r.expressions, schema_version: 0 })),
      },
    },
  };
  const text = `${JSON.stringify(plan, null, 2)}\n`;
  const path = `${stem}.plan.json`;
  // planned_values come first: the first mention of an address or value is the one the loader locates.
  const subjectResource = resources[0];
  const declared = lineOf(text, `"address": "${subjectResource === undefined ? '' : address(subjectResource)}"`);
  let line = declared;
  if (subject.kind === 'existing-user-key') line = lineOf(text, `"user": "${EXISTING_USER}"`, declared);
  // The first mention of the ARN: the role's managed_policy_arns item, or the attachment's policy_arn.
  if (subject.kind === 'attached' || subject.kind === 'existing-role-attached') line = lineOf(text, `"${subject.policy}"`);
  // The user's policy is one JSON string: its line.
  if (subject.kind === 'self-attach') line = lineOf(text, '"policy": "', declared);
  const name = subjectName(subject, false, '');
  return { inputs: [{ kind: 'terraform-plan', path, files: [{ path, text }] }], file: path, text, line, name, ...(subject.kind === 'self-attach' ? { arn: templateUserArn(name) } : {}) };
}

// ---------------------------------------------------------------------------------------------------------
// Account export (get-account-authorization-details) and credential report

const REPORT_HEADER =
  'user,arn,user_creation_time,password_enabled,password_last_used,password_last_changed,password_next_rotation,mfa_active,' +
  'access_key_1_active,access_key_1_last_rotated,access_key_1_last_used_date,access_key_1_last_used_region,access_key_1_last_used_service,' +
  'access_key_2_active,access_key_2_last_rotated,access_key_2_last_used_date,access_key_2_last_used_region,access_key_2_last_used_service,' +
  'cert_1_active,cert_1_last_rotated,cert_2_active,cert_2_last_rotated';

function credentialReport(key: Key | undefined): string {
  const at = (date: string) => `${date}T00:00:00+00:00`;
  const root = `<root_account>,arn:aws:iam::${ACCOUNT}:root,2024-01-01T00:00:00+00:00,not_supported,2025-12-01T00:00:00+00:00,not_supported,not_supported,true,false,N/A,N/A,N/A,N/A,false,N/A,N/A,N/A,N/A,false,N/A,false,N/A`;
  const key1 =
    key === undefined
      ? 'false,N/A,N/A,N/A,N/A'
      : [key.status === 'Active', at(key.lastRotated), ...(key.lastUsed === undefined ? ['N/A', 'N/A', 'N/A'] : [at(key.lastUsed), 'us-east-1', 's3'])].join(',');
  const user = `${USER},arn:aws:iam::${ACCOUNT}:user/${USER},2024-01-10T00:00:00+00:00,false,N/A,N/A,N/A,false,${key1},false,N/A,N/A,N/A,N/A,false,N/A,false,N/A`;
  return `${REPORT_HEADER}\n${root}\n${user}\n`;
}

function accountExport(subject: Subject, stem: string): EntityInput | undefined {
  const boundary = (on: boolean) => (on ? { PermissionsBoundary: { PermissionsBoundaryType: 'Policy', PermissionsBoundaryArn: BOUNDARY } } : {});
  const attached = (arns: readonly string[]) => arns.map((arn) => ({ PolicyName: arn.slice(arn.lastIndexOf('/') + 1), PolicyArn: arn }));
  const role = (name: string, path: string, trust: unknown, boundaryOn: boolean, managed: readonly string[] = []) => ({
    Path: path,
    RoleName: name,
    RoleId: 'AROAEXAMPLESUBJECT01',
    Arn: `arn:aws:iam::${ACCOUNT}:role${path}${name}`,
    CreateDate: '2024-01-10T00:00:00Z',
    AssumeRolePolicyDocument: trust,
    InstanceProfileList: [],
    RolePolicyList: [],
    AttachedManagedPolicies: attached(managed),
    ...boundary(boundaryOn),
    Tags: [],
    RoleLastUsed: {},
  });
  const user = (boundaryOn: boolean, managed: readonly string[] = []) => ({
    Path: '/',
    UserName: USER,
    UserId: 'AIDAEXAMPLESUBJECT01',
    Arn: `arn:aws:iam::${ACCOUNT}:user/${USER}`,
    CreateDate: '2024-01-10T00:00:00Z',
    UserPolicyList: [],
    GroupList: [],
    AttachedManagedPolicies: attached(managed),
    ...boundary(boundaryOn),
    Tags: [],
  });
  const group = (managed: readonly string[]) => ({
    Path: '/',
    GroupName: GROUP,
    GroupId: 'AGPAEXAMPLESUBJECT01',
    Arn: `arn:aws:iam::${ACCOUNT}:group/${GROUP}`,
    CreateDate: '2024-01-10T00:00:00Z',
    GroupPolicyList: [],
    AttachedManagedPolicies: attached(managed),
  });
  const details = { UserDetailList: [] as unknown[], GroupDetailList: [] as unknown[], RoleDetailList: [] as unknown[], Policies: [] };
  let name: string;
  switch (subject.kind) {
    case 'role':
      name = ROLE;
      details.RoleDetailList.push(role(ROLE, '/', BENIGN_TRUST, subject.boundary));
      break;
    case 'service-linked-role': {
      name = 'AWSServiceRoleForAutoScaling';
      const trust = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: 'autoscaling.amazonaws.com' }, Action: 'sts:AssumeRole' }] };
      details.RoleDetailList.push(role(name, '/aws-service-role/autoscaling.amazonaws.com/', trust, false));
      break;
    }
    case 'user':
      name = USER;
      details.UserDetailList.push(user(subject.boundary));
      break;
    case 'attached':
      name = PRINCIPAL[subject.principal].name;
      if (subject.principal === 'role') details.RoleDetailList.push(role(ROLE, '/', BENIGN_TRUST, false, [subject.policy]));
      else if (subject.principal === 'user') details.UserDetailList.push(user(false, [subject.policy]));
      else details.GroupDetailList.push(group([subject.policy]));
      break;
    case 'self-attach': {
      name = USER;
      const policy = selfAttachPolicy(subject, `arn:aws:iam::${ACCOUNT}:user/${targetUser(subject)}`);
      details.UserDetailList.push({ ...user(false), UserPolicyList: [{ PolicyName: 'self-service', PolicyDocument: policy }] });
      break;
    }
    case 'existing-role':
    case 'existing-user-key':
    case 'existing-role-attached':
      return undefined;
  }
  const path = `${stem}.authorization-details.json`;
  const text = `${JSON.stringify(details, null, 2)}\n`;
  // An attached policy is its AttachedManagedPolicies entry.
  const declaring = subject.kind === 'attached' ? `"PolicyArn": "${subject.policy}"` : subject.kind === 'user' ? '"UserName": ' : '"RoleName": ';
  // An escalation is where the statement that grants its first step begins.
  const line = openingBrace(text, lineOf(text, subject.kind === 'self-attach' ? '"Effect": "Allow"' : declaring));
  const report = subject.kind === 'user' ? { path: `${stem}.credential-report.csv`, text: credentialReport(subject.key) } : undefined;
  return {
    inputs: [{ kind: 'authorization-details', path, files: [{ path, text }] }],
    ...(report === undefined ? {} : { credentialReport: report }),
    file: path,
    text,
    line,
    name,
    ...(subject.kind === 'self-attach' ? { arn: `arn:aws:iam::${ACCOUNT}:user/${name}` } : {}),
  };
}

function renderSubject(format: EntityFormat, subject: Subject, stem: string): EntityInput | undefined {
  switch (format) {
    case 'cloudformation-yaml':
    case 'cloudformation-json':
    case 'cdk':
      return cloudFormation(format, subject, stem);
    case 'terraform-hcl':
      return terraformHcl(subject, stem);
    case 'terraform-plan':
      return terraformPlan(subject, stem);
    case 'account-export':
      return accountExport(subject, stem);
  }
}

// ---------------------------------------------------------------------------------------------------------

/** Loads the inputs as `castellan lint` does (each file's kind as the CLI detects it) and analyzes them. */
async function lint(rendered: EntityInput, options: Partial<AnalyzeOptions>): Promise<{ model: AnalysisModel; findings: Finding[] }> {
  for (const input of rendered.inputs) {
    const [first] = input.files;
    if (first === undefined) throw new Error(`${input.path}: no files`);
    // A cloud assembly is found by its manifest.json; every other input by its own file.
    expect(detectInputKind(first.path, first.text), `${first.path} detected as`).toBe(input.kind);
  }
  const model = await loadInputs(rendered.inputs, rendered.credentialReport === undefined ? {} : { credentialReport: rendered.credentialReport });
  const report = await analyzeModel(model, options);
  const loadErrors = report.findings.filter((f) => f.checkId === 'input.load-error' || f.checkId === 'policy.invalid');
  expect(loadErrors, `${rendered.file} loaded cleanly:\n${rendered.text}`).toEqual([]);
  return { model, findings: [...report.findings] };
}

interface EntityCase {
  readonly checkId:
    | 'entity.admin-access'
    | 'entity.no-permissions-boundary'
    | 'credentials.long-lived'
    | 'credentials.stale-key'
    | 'escalation.path'
    | 'escalation.conditional-path';
  readonly polarity: 'positive' | 'negative';
  readonly title: string;
  readonly subject: Subject;
  readonly options: Partial<AnalyzeOptions>;
  /** Positive cells: what the one finding says. */
  readonly message?: RegExp;
}

const REQUIRE_BOUNDARY = { requireBoundary: true };
const RECENT_KEY: Key = { status: 'Active', lastRotated: '2025-12-01', lastUsed: '2025-12-30' };

const CASES: readonly EntityCase[] = [
  {
    checkId: 'entity.admin-access',
    polarity: 'positive',
    title: 'role with AdministratorAccess attached',
    subject: { kind: 'attached', principal: 'role', policy: ADMINISTRATOR_ACCESS },
    options: {},
    message: /^Role .+ has the AWS managed policy AdministratorAccess attached, which allows every action on every resource\.$/,
  },
  {
    checkId: 'entity.admin-access',
    polarity: 'positive',
    title: 'user with IAMFullAccess attached',
    subject: { kind: 'attached', principal: 'user', policy: IAM_FULL_ACCESS },
    options: {},
    message: /^User .+ has the AWS managed policy IAMFullAccess attached, which allows every IAM action, so it can grant itself anything\.$/,
  },
  {
    checkId: 'entity.admin-access',
    polarity: 'positive',
    title: 'group with AdministratorAccess attached',
    subject: { kind: 'attached', principal: 'group', policy: ADMINISTRATOR_ACCESS },
    options: {},
    message: /^Group .+ has the AWS managed policy AdministratorAccess attached/,
  },
  {
    checkId: 'entity.admin-access',
    polarity: 'positive',
    title: 'AdministratorAccess attached to a role the input does not create',
    subject: { kind: 'existing-role-attached', policy: ADMINISTRATOR_ACCESS },
    options: {},
    message: /^Role existing-role has the AWS managed policy AdministratorAccess attached/,
  },
  { checkId: 'entity.admin-access', polarity: 'negative', title: 'role with ReadOnlyAccess attached', subject: { kind: 'attached', principal: 'role', policy: READ_ONLY_ACCESS }, options: {} },
  { checkId: 'entity.admin-access', polarity: 'negative', title: 'user with ReadOnlyAccess attached', subject: { kind: 'attached', principal: 'user', policy: READ_ONLY_ACCESS }, options: {} },
  {
    checkId: 'entity.admin-access',
    polarity: 'negative',
    title: 'role with the job-function policy SystemAdministrator attached',
    subject: { kind: 'attached', principal: 'role', policy: SYSTEM_ADMINISTRATOR },
    options: {},
  },
  {
    checkId: 'entity.admin-access',
    polarity: 'negative',
    title: 'role with AdministratorAccess-Amplify attached',
    subject: { kind: 'attached', principal: 'role', policy: AMPLIFY_ADMINISTRATOR },
    options: {},
  },
  {
    checkId: 'entity.admin-access',
    polarity: 'negative',
    title: 'role with a customer policy named AdministratorAccess attached (its document is what the policy checks read)',
    subject: { kind: 'attached', principal: 'role', policy: CUSTOMER_ADMINISTRATOR },
    options: {},
  },
  {
    checkId: 'entity.admin-access',
    polarity: 'negative',
    title: 'ReadOnlyAccess attached to a role the input does not create',
    subject: { kind: 'existing-role-attached', policy: READ_ONLY_ACCESS },
    options: {},
  },
  {
    checkId: 'entity.no-permissions-boundary',
    polarity: 'positive',
    title: 'role without a permissions boundary',
    subject: { kind: 'role', boundary: false },
    options: REQUIRE_BOUNDARY,
    message: /^Role .+ has no permissions boundary/,
  },
  {
    checkId: 'entity.no-permissions-boundary',
    polarity: 'positive',
    title: 'user without a permissions boundary',
    subject: { kind: 'user', boundary: false },
    options: REQUIRE_BOUNDARY,
    message: /^User .+ has no permissions boundary/,
  },
  { checkId: 'entity.no-permissions-boundary', polarity: 'negative', title: 'role with a permissions boundary', subject: { kind: 'role', boundary: true }, options: REQUIRE_BOUNDARY },
  { checkId: 'entity.no-permissions-boundary', polarity: 'negative', title: 'user with a permissions boundary', subject: { kind: 'user', boundary: true }, options: REQUIRE_BOUNDARY },
  { checkId: 'entity.no-permissions-boundary', polarity: 'negative', title: 'service-linked role', subject: { kind: 'service-linked-role' }, options: REQUIRE_BOUNDARY },
  {
    checkId: 'entity.no-permissions-boundary',
    polarity: 'negative',
    title: 'role the input attaches a policy to but does not create',
    subject: { kind: 'existing-role' },
    options: REQUIRE_BOUNDARY,
  },
  {
    checkId: 'entity.no-permissions-boundary',
    polarity: 'negative',
    title: 'role without a boundary when the convention does not require one',
    subject: { kind: 'role', boundary: false },
    options: {},
  },
  {
    checkId: 'credentials.long-lived',
    polarity: 'positive',
    title: 'user with an active access key',
    subject: { kind: 'user', boundary: true, key: RECENT_KEY },
    options: {},
    message: /^User .+ has 1 active access key \(long-lived credentials\)\.$/,
  },
  {
    checkId: 'credentials.long-lived',
    polarity: 'positive',
    title: 'active access key for a user the input does not create',
    subject: { kind: 'existing-user-key', key: RECENT_KEY },
    options: {},
    message: /^User existing-user has 1 active access key/,
  },
  {
    checkId: 'credentials.long-lived',
    polarity: 'negative',
    title: 'user with an inactive access key',
    subject: { kind: 'user', boundary: true, key: { status: 'Inactive', lastRotated: '2025-12-01', lastUsed: '2025-12-02' } },
    options: {},
  },
  { checkId: 'credentials.long-lived', polarity: 'negative', title: 'user without access keys', subject: { kind: 'user', boundary: true }, options: {} },
  {
    checkId: 'credentials.stale-key',
    polarity: 'positive',
    title: 'active key older than --max-key-age-days',
    subject: { kind: 'user', boundary: true, key: { status: 'Active', lastRotated: '2024-02-01', lastUsed: '2025-12-30' } },
    options: {},
    message: /^access key 1 of user subject-user is 700 days old \(more than 90\): rotate it\.$/,
  },
  {
    checkId: 'credentials.stale-key',
    polarity: 'positive',
    title: 'active key never used for longer than --max-key-unused-days',
    subject: { kind: 'user', boundary: true, key: { status: 'Active', lastRotated: '2025-10-01' } },
    options: { maxKeyAgeDays: 365, maxKeyUnusedDays: 30 },
    message: /^access key 1 of user subject-user has never been used in 92 days \(more than 30\)/,
  },
  { checkId: 'credentials.stale-key', polarity: 'negative', title: 'active key recently rotated and used', subject: { kind: 'user', boundary: true, key: RECENT_KEY }, options: {} },
  {
    checkId: 'credentials.stale-key',
    polarity: 'negative',
    title: 'inactive key older than the limit',
    subject: { kind: 'user', boundary: true, key: { status: 'Inactive', lastRotated: '2024-02-01', lastUsed: '2024-03-01' } },
    options: {},
  },
  {
    checkId: 'escalation.path',
    polarity: 'positive',
    title: 'user allowed iam:AttachUserPolicy on itself',
    subject: { kind: 'self-attach', target: 'self', mfa: false },
    options: {},
    message: /^user .+ can escalate to administrator in 1 step: iam:AttachUserPolicy$/,
  },
  {
    checkId: 'escalation.path',
    polarity: 'negative',
    title: 'user allowed iam:AttachUserPolicy on another user',
    subject: { kind: 'self-attach', target: 'other', mfa: false },
    options: {},
  },
  {
    checkId: 'escalation.path',
    polarity: 'negative',
    title: 'user allowed iam:AttachUserPolicy on itself only with MFA (a conditional path)',
    subject: { kind: 'self-attach', target: 'self', mfa: true },
    options: {},
  },
  {
    checkId: 'escalation.conditional-path',
    polarity: 'positive',
    title: 'user allowed iam:AttachUserPolicy on itself only with MFA',
    subject: { kind: 'self-attach', target: 'self', mfa: true },
    options: {},
    message: /^user .+ may escalate to administrator \(conditional\) in 1 step: iam:AttachUserPolicy$/,
  },
  {
    checkId: 'escalation.conditional-path',
    polarity: 'negative',
    title: 'user allowed iam:AttachUserPolicy on another user only with MFA',
    subject: { kind: 'self-attach', target: 'other', mfa: true },
    options: {},
  },
  {
    checkId: 'escalation.conditional-path',
    polarity: 'negative',
    title: 'user allowed iam:AttachUserPolicy on itself without a condition (a definite path)',
    subject: { kind: 'self-attach', target: 'self', mfa: false },
    options: {},
  },
];

/** What the format does instead, for a cell that cannot exist. */
type Probe = () => Promise<void>;

interface NotApplicable {
  readonly checkId: EntityCase['checkId'];
  readonly format: AnyFormat;
  /** Only these subjects are n/a (default: the whole check in this format). */
  readonly subject?: Subject['kind'];
  readonly reason: string;
  readonly probe: Probe;
}

/** A bare policy document declares no principal, so no entity check has anything to report. */
const policyFileProbe: Probe = async () => {
  const text = `${JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] }, null, 2)}\n`;
  const path = 'formats/entity-policy-file.json';
  const rendered: EntityInput = { inputs: [{ kind: 'policy', path, files: [{ path, text }] }], file: path, text, line: 1, name: path };
  const { model, findings } = await lint(rendered, { requireBoundary: true, maxKeyAgeDays: 0, maxKeyUnusedDays: 0 });
  expect(model.entities).toEqual([]);
  expect(findings.filter((f) => /^(entity|credentials|escalation)\./.test(f.checkId))).toEqual([]);
};

/** The key is declared, so it is a long-lived credential, but it has no age or use: never stale, even at 0 days. */
const keyWithoutAgeProbe =
  (format: EntityFormat): Probe =>
  async () => {
    const rendered = renderSubject(format, { kind: 'user', boundary: true, key: RECENT_KEY }, `formats/entity-stale-key-na-${format}`);
    if (rendered === undefined) throw new Error(`${format} renders a user with a key`);
    const { model, findings } = await lint(rendered, { maxKeyAgeDays: 0, maxKeyUnusedDays: 0 });
    const user = model.entities.find((e) => e.name === rendered.name);
    expect(user?.accessKeys).toEqual([{ status: 'Active' }]);
    expect(findings.filter((f) => f.checkId === 'credentials.long-lived')).toHaveLength(1);
    expect(findings.filter((f) => f.checkId === 'credentials.stale-key')).toEqual([]);
  };

/** The export lists the account's own principals only: there is no principal outside it to refer to. */
const exportHasNoOutsidePrincipal =
  (subject: Subject): Probe =>
  async () => {
    expect(renderSubject('account-export', subject, 'formats/unused')).toBeUndefined();
  };

/**
 * A template attaches a managed policy to a role it does not create only through a customer policy's Roles: that
 * policy is the template's own, so its `"Action": "*"` is iam.wildcard-action, not entity.admin-access.
 */
const templateAttachesOnlyItsOwnPolicy =
  (format: 'cloudformation-yaml' | 'cloudformation-json' | 'cdk'): Probe =>
  async () => {
    const rendered = cloudFormation(format, { kind: 'existing-role-attached', policy: ADMINISTRATOR_ACCESS }, `formats/entity-admin-access-na-${format}`);
    const { model, findings } = await lint(rendered, {});
    const role = model.entities.find((e) => e.name === EXISTING_ROLE);
    expect(role?.managedPolicies.map((m) => m.policyId !== undefined)).toEqual([true]);
    expect(findings.filter((f) => f.checkId === 'entity.admin-access')).toEqual([]);
    expect(findings.filter((f) => f.checkId === 'iam.wildcard-action')).toHaveLength(1);
  };

/**
 * A CDK User is named by CloudFormation at deploy unless it sets userName, so its userArn (`Fn::GetAtt User.Arn`)
 * is unknown before deployment and matches no principal: the path through it is not reported, the Resource is
 * `unknown.value`. With userName set, the same policy is the path.
 */
const cdkGeneratedUserNameProbe =
  (checkId: 'escalation.path' | 'escalation.conditional-path', mfa: boolean): Probe =>
  async () => {
    const generated = cloudFormation('cdk', { kind: 'self-attach', target: 'self', mfa }, `formats/${checkId}-na-cdk-generated`);
    const { findings } = await lint(generated, {});
    expect(findings.filter((f) => f.checkId.startsWith('escalation.'))).toEqual([]);
    const unknown = findings.filter((f) => f.checkId === 'unknown.value');
    expect(unknown.map((f) => [f.location.line, f.message])).toEqual([[lineOf(generated.text, '"Resource": {'), expect.stringContaining('(user name generated at deploy)')]]);

    const named = cloudFormation('cdk', { kind: 'self-attach', target: 'self', mfa, cdkUserName: true }, `formats/${checkId}-na-cdk-named`);
    const hits = (await lint(named, {})).findings.filter((f) => f.checkId === checkId);
    expect(hits.map((f) => [f.subject, f.location.line])).toEqual([[named.arn, named.line]]);
  };

/**
 * In a plan that creates the user, its ARN is known only after apply, while the policy holds the account that
 * data.aws_caller_identity read at plan time literally: a literal account never matches the plan's own, unknown
 * one (docs/checks.md, Known false negatives), so the path is not reported.
 */
const planAccountProbe =
  (checkId: 'escalation.path' | 'escalation.conditional-path', mfa: boolean): Probe =>
  async () => {
    const rendered = terraformPlan({ kind: 'self-attach', target: 'self', mfa }, `formats/${checkId}-na-plan`);
    const { model, findings } = await lint(rendered, {});
    const user = model.entities.find((e) => e.name === USER);
    expect(user?.arn).toBeUndefined();
    expect(user?.inlinePolicies.map((p) => p.text)).toEqual([expect.stringContaining(`"arn:aws:iam::${ACCOUNT}:user/${USER}"`)]);
    expect(findings.filter((f) => f.checkId.startsWith('escalation.'))).toEqual([]);
  };

const TEMPLATE_KEY = 'is created at deploy: a template declares the key, not its creation or last-use date';
const NOT_APPLICABLE: readonly NotApplicable[] = [
  ...(['entity.admin-access', 'entity.no-permissions-boundary', 'credentials.long-lived', 'credentials.stale-key'] as const).map((checkId) => ({
    checkId,
    format: 'policy-file' as const,
    reason: 'a policy file is a bare document: it declares no role, user or access key',
    probe: policyFileProbe,
  })),
  ...(['escalation.path', 'escalation.conditional-path'] as const).map((checkId) => ({
    checkId,
    format: 'policy-file' as const,
    reason: 'a policy file is a bare document: it declares no user or role for a path to start from',
    probe: policyFileProbe,
  })),
  { checkId: 'credentials.stale-key', format: 'cloudformation-yaml', reason: `AWS::IAM::AccessKey ${TEMPLATE_KEY}`, probe: keyWithoutAgeProbe('cloudformation-yaml') },
  { checkId: 'credentials.stale-key', format: 'cloudformation-json', reason: `AWS::IAM::AccessKey ${TEMPLATE_KEY}`, probe: keyWithoutAgeProbe('cloudformation-json') },
  { checkId: 'credentials.stale-key', format: 'cdk', reason: `iam.AccessKey synthesizes to AWS::IAM::AccessKey, which ${TEMPLATE_KEY}`, probe: keyWithoutAgeProbe('cdk') },
  { checkId: 'credentials.stale-key', format: 'terraform-hcl', reason: `aws_iam_access_key ${TEMPLATE_KEY} (create_date is computed)`, probe: keyWithoutAgeProbe('terraform-hcl') },
  {
    checkId: 'credentials.stale-key',
    format: 'terraform-plan',
    reason: 'a plan never carries a key\'s last use, and a new key\'s create_date is known only after apply (the loader reads no create_date): lint the account export with its credential report',
    probe: keyWithoutAgeProbe('terraform-plan'),
  },
  {
    checkId: 'entity.no-permissions-boundary',
    format: 'account-export',
    subject: 'existing-role',
    reason: 'an account export lists the account\'s roles themselves: no policy in it names a role outside it',
    probe: exportHasNoOutsidePrincipal({ kind: 'existing-role' }),
  },
  {
    checkId: 'entity.admin-access',
    format: 'account-export',
    subject: 'existing-role-attached',
    reason: 'an account export lists the account\'s roles themselves, each with its AttachedManagedPolicies: no attachment in it names a role outside it',
    probe: exportHasNoOutsidePrincipal({ kind: 'existing-role-attached', policy: ADMINISTRATOR_ACCESS }),
  },
  {
    checkId: 'entity.admin-access',
    format: 'cloudformation-yaml',
    subject: 'existing-role-attached',
    reason: 'no resource type attaches an AWS managed policy to a role the template does not create (only an AWS::IAM::ManagedPolicy\'s Roles attach that customer policy)',
    probe: templateAttachesOnlyItsOwnPolicy('cloudformation-yaml'),
  },
  {
    checkId: 'entity.admin-access',
    format: 'cloudformation-json',
    subject: 'existing-role-attached',
    reason: 'no resource type attaches an AWS managed policy to a role the template does not create (only an AWS::IAM::ManagedPolicy\'s Roles attach that customer policy)',
    probe: templateAttachesOnlyItsOwnPolicy('cloudformation-json'),
  },
  {
    checkId: 'entity.admin-access',
    format: 'cdk',
    subject: 'existing-role-attached',
    reason: 'an imported role (Role.fromRoleName) ignores addManagedPolicy, and a ManagedPolicy\'s roles synthesize to AWS::IAM::ManagedPolicy Roles: the stack\'s own policy',
    probe: templateAttachesOnlyItsOwnPolicy('cdk'),
  },
  ...([
    ['escalation.path', false],
    ['escalation.conditional-path', true],
  ] as const).flatMap(([checkId, mfa]) => [
    {
      checkId,
      format: 'cdk' as const,
      reason:
        'a CDK User is named at deploy unless it sets userName, so user.userArn (Fn::GetAtt) is unknown.value and matches no principal: ' +
        'the self-escalation is missed (found with userName set)',
      probe: cdkGeneratedUserNameProbe(checkId, mfa),
    },
    {
      checkId,
      format: 'terraform-plan' as const,
      reason:
        'a new user\'s ARN is known only after apply, and the account data.aws_caller_identity read at plan time is literal in the policy: ' +
        'a literal account never matches the plan\'s own, unknown one (a documented false negative)',
      probe: planAccountProbe(checkId, mfa),
    },
  ]),
  {
    checkId: 'credentials.long-lived',
    format: 'account-export',
    subject: 'existing-user-key',
    reason: 'an account export lists the account\'s users themselves, keys from the credential report: no key names a user outside it',
    probe: exportHasNoOutsidePrincipal({ kind: 'existing-user-key', key: RECENT_KEY }),
  },
];

function notApplicable(c: EntityCase, format: EntityFormat): NotApplicable | undefined {
  return NOT_APPLICABLE.find((n) => n.checkId === c.checkId && n.format === format && (n.subject === undefined || n.subject === c.subject.kind));
}

const CHECK_IDS = [...new Set(CASES.map((c) => c.checkId))];

describe.each(CHECK_IDS)('%s across formats', (checkId) => {
  const cells = CASES.filter((c) => c.checkId === checkId).flatMap((c) =>
    ENTITY_FORMATS.filter((format) => notApplicable(c, format) === undefined).map((format) => [format, c.polarity, c.title, c] as const),
  );

  it.each(cells)('%s, %s: %s', async (format, polarity, _title, c) => {
    const stem = `formats/${c.checkId}-${polarity}-${c.subject.kind}`;
    const rendered = renderSubject(format, c.subject, stem);
    if (rendered === undefined) throw new Error(`${format} cannot render ${c.subject.kind}: list it in NOT_APPLICABLE`);
    const { model, findings } = await lint(rendered, c.options);
    const hits = findings.filter((f) => f.checkId === c.checkId);
    const context = `${c.checkId} in ${rendered.file}:\n${rendered.text}\nfindings: ${JSON.stringify(findings, null, 2)}`;
    if (polarity === 'negative') {
      // Not vacuous: the subject was read (the IaC loaders do not model service-linked roles, which AWS manages).
      if (c.subject.kind !== 'service-linked-role' || format === 'account-export') {
        expect(model.entities.map((e) => e.name), context).toContain(rendered.name);
      }
      expect(hits, context).toEqual([]);
      return;
    }
    expect(hits, context).toHaveLength(1);
    const [hit] = hits;
    // Escalation findings name the principal by ARN, the others by name.
    expect(hit?.subject, context).toBe(c.checkId.startsWith('escalation.') ? rendered.arn : rendered.name);
    expect(hit?.message, context).toMatch(c.message ?? /./);
    expect(hit?.location.file, context).toBe(rendered.file);
    expect(hit?.location.line, context).toBe(rendered.line);
  });

  const na = NOT_APPLICABLE.filter((n) => n.checkId === checkId);
  it.each(na.map((n) => [n.format, n.subject ?? 'every subject', n.reason, n] as const))('%s, %s: n/a (%s)', async (_format, _subject, _reason, n) => {
    await n.probe();
  });
});

describe('the entity table', () => {
  it('has a positive and a negative cell, or a documented n/a, for every check in every format', () => {
    for (const checkId of CHECK_IDS) {
      for (const format of [...ENTITY_FORMATS, 'policy-file'] as const) {
        const wholeCheck = NOT_APPLICABLE.some((n) => n.checkId === checkId && n.format === format && n.subject === undefined);
        if (wholeCheck) continue;
        for (const polarity of ['positive', 'negative'] as const) {
          const runs = CASES.some((c) => c.checkId === checkId && c.polarity === polarity && format !== 'policy-file' && notApplicable(c, format) === undefined);
          expect(runs, `${checkId} ${polarity} in ${format}`).toBe(true);
        }
      }
    }
  });
});
