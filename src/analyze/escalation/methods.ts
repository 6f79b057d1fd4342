// The catalogue of known privilege-escalation methods, as data. Each method names the permissions it needs (action +
// resource template), what it targets, what it yields, and where it was documented. The graph (graph.ts) turns
// every method a principal can perform, as decided by the engine, into an edge.
//
// Sources (our own table; permissions cross-checked against each):
//   RSL  Rhino Security Labs, "AWS IAM Privilege Escalation – Methods and Mitigation" (2018, 21 methods)
//   BF   Bishop Fox, iam-vulnerable (Terraform paths privesc1..privesc21 and the newer service paths)
//   PM   NCC Group, PMapper edge checkers (iam, sts, lambda, ec2, autoscaling, cloudformation, codebuild, sagemaker, ssm)
//   PF   Datadog, pathfinding.cloud / pathfinding-labs (path ids such as iam-001, lambda-003, ecs-004)
//   HT   HackTricks Cloud, AWS privilege escalation pages

/** Where a method is documented. */
export type MethodSource = 'RSL' | 'BF' | 'PM' | 'PF' | 'HT';

/**
 * Who the method acts on.
 * - `self`: the principal itself (its own policies or boundary).
 * - `user` / `role`: an IAM user or role of the input (may be the principal itself for grant methods).
 * - `group`: a group of the input.
 * - `policy`: a customer managed policy of the input.
 * - `serviceRole`: a role that trusts `services` (passed to, or already used by, a service resource).
 * - `new`: a principal or policy the method creates.
 */
export type MethodTargetKind = 'self' | 'user' | 'role' | 'group' | 'policy' | 'serviceRole' | 'new';

/**
 * What the method yields.
 * - `become`: the principal acts as the target principal (its credentials, or code running as it).
 * - `grant`: the principal gives the target (and, for groups and policies, every principal behind it) any policy.
 * - `joinGroup`: the principal adds itself to the target group and gains the group's policies.
 * - `removeBoundary`: the principal's own permissions boundary is removed or replaced by a permissive one.
 * - `newAdmin`: the principal creates a new principal with administrator access that it controls.
 */
export type MethodYield = 'become' | 'grant' | 'joinGroup' | 'removeBoundary' | 'newAdmin';

/** Facts about the target that a method needs, checked against the model. */
export type MethodPrecondition =
  /** The target is another principal than the caller. */
  | 'targetIsOther'
  /** The target user has fewer than two access keys (AWS allows two). Unknown in IaC: assumed. */
  | 'targetHasKeySlot'
  /** The target user already has two access keys (one must be deleted first). */
  | 'targetHasTwoKeys'
  /** The target user has no console password yet. */
  | 'targetHasNoLoginProfile'
  /** The target user has a console password (known only from account exports: otherwise "possible"). */
  | 'targetHasLoginProfile'
  /** The caller has a permissions boundary to remove. */
  | 'selfHasBoundary'
  /** The caller is a user (groups, login profiles). */
  | 'selfIsUser'
  /** The target policy has a non-default version that grants more (versions are not in the input: "possible"). */
  | 'policyHasBroaderVersion';

/**
 * One permission the method needs. Resource templates: `{account}` (the caller's account), `{target}` (the target's
 * ARN), `{self}` (the caller's ARN). A `*` in a template is a name the attacker chooses: it is replaced with a
 * concrete name allowed by the caller's own statements when they restrict it.
 */
export interface RequiredPermission {
  readonly action: string;
  readonly resource: string;
  /** Request context the attacker controls or that the call carries (`iam:PassedToService`, `iam:PolicyARN`). */
  readonly context?: Readonly<Record<string, string>>;
}

export interface EscalationMethod {
  /** Stable id, used in findings and suppressions. */
  readonly id: string;
  readonly name: string;
  readonly target: MethodTargetKind;
  /** For `serviceRole`: the service principals the target role must trust. */
  readonly services?: readonly string[];
  /**
   * For `serviceRole`: the ARN template of the resource the service assumes the role for (sent as aws:SourceArn,
   * with aws:SourceAccount). For a new resource its name is the attacker's choice; permissions whose resource is this
   * same template are checked on the very ARN the role's trust accepts.
   */
  readonly source?: string;
  readonly yields: MethodYield;
  readonly permissions: readonly RequiredPermission[];
  readonly preconditions?: readonly MethodPrecondition[];
  /**
   * `possible`: the method works on an existing resource (function, stack, instance…) that the input does not
   * describe, so which role it runs as is not known: reported as a possible path, never as a definite one.
   */
  readonly certainty: 'definite' | 'possible';
  /** How the step reads in a finding, after "<principal> can …". */
  readonly describe: string;
  readonly sources: readonly MethodSource[];
}

/** The AWS managed policy an attacker attaches: every grant method is checked with it as `iam:PolicyARN`. */
export const ADMIN_POLICY_ARN = 'arn:aws:iam::aws:policy/AdministratorAccess';

const ROLE_ARN = 'arn:aws:iam::{account}:role/*';
const USER_ARN = 'arn:aws:iam::{account}:user/*';
const POLICY_ARN = 'arn:aws:iam::{account}:policy/*';

function passRole(service: string): RequiredPermission {
  return { action: 'iam:PassRole', resource: '{target}', context: { 'iam:PassedToService': service } };
}

function p(action: string, resource: string, context?: Record<string, string>): RequiredPermission {
  return context === undefined ? { action, resource } : { action, resource, context };
}

const ADMIN_ARN_CONTEXT = { 'iam:PolicyARN': ADMIN_POLICY_ARN };

interface PassRoleSpec {
  readonly id: string;
  readonly name: string;
  readonly service: string;
  /** Extra service principals that also qualify (e.g. the EC2 instance role of EMR). */
  readonly alsoTrusted?: readonly string[];
  /** The resource the service runs or acts for (EscalationMethod.source). */
  readonly source: string;
  readonly permissions: readonly RequiredPermission[];
  readonly describe: string;
  readonly sources: readonly MethodSource[];
}

/** A method that creates a new service resource running as a passed role. */
function newPassRole(spec: PassRoleSpec): EscalationMethod {
  return {
    id: spec.id,
    name: spec.name,
    target: 'serviceRole',
    services: [spec.service, ...(spec.alsoTrusted ?? [])],
    source: spec.source,
    yields: 'become',
    permissions: [passRole(spec.service), ...spec.permissions],
    certainty: 'definite',
    describe: spec.describe,
    sources: spec.sources,
  };
}

interface ExistingSpec {
  readonly id: string;
  readonly name: string;
  readonly services: readonly string[];
  /** The kind of existing resource that runs as the role (EscalationMethod.source). */
  readonly source: string;
  readonly permissions: readonly RequiredPermission[];
  readonly describe: string;
  readonly sources: readonly MethodSource[];
}

/** A method that takes over an existing service resource, which runs as some role trusting the service. */
function existing(spec: ExistingSpec): EscalationMethod {
  return {
    id: spec.id,
    name: spec.name,
    target: 'serviceRole',
    services: spec.services,
    source: spec.source,
    yields: 'become',
    permissions: spec.permissions,
    certainty: 'possible',
    describe: spec.describe,
    sources: spec.sources,
  };
}

const LAMBDA_FN = 'arn:aws:lambda:*:{account}:function:*';
const GLUE_JOB = 'arn:aws:glue:*:{account}:job/*';
const GLUE_DEV = 'arn:aws:glue:*:{account}:devEndpoint/*';
const CFN_STACK = 'arn:aws:cloudformation:*:{account}:stack/*';
const CFN_STACKSET = 'arn:aws:cloudformation:*:{account}:stackset/*';
const ECS_TASKDEF = 'arn:aws:ecs:*:{account}:task-definition/*';
const ECS_CLUSTER = 'arn:aws:ecs:*:{account}:cluster/*';
const ECS_SERVICE = 'arn:aws:ecs:*:{account}:service/*';
const EC2_INSTANCE = 'arn:aws:ec2:*:{account}:instance/*';
const SM = 'arn:aws:sagemaker:*:{account}';
const CODEBUILD = 'arn:aws:codebuild:*:{account}:project/*';
const SSM_DOC = 'arn:aws:ssm:*:*:document/*';
const BATCH = 'arn:aws:batch:*:{account}';
const ECS_TASK = 'arn:aws:ecs:*:{account}:task/*';
const GLUE_SESSION = 'arn:aws:glue:*:{account}:session/*';
const AGENTCORE_INTERPRETER = 'arn:aws:bedrock-agentcore:*:{account}:code-interpreter-custom/*';
const APPRUNNER_SERVICE = 'arn:aws:apprunner:*:{account}:service/*';

const IAM_METHODS: readonly EscalationMethod[] = [
  {
    id: 'iam-create-policy-version',
    name: 'iam:CreatePolicyVersion',
    target: 'policy',
    yields: 'grant',
    permissions: [p('iam:CreatePolicyVersion', '{target}')],
    certainty: 'definite',
    describe: 'create a new default version of a customer managed policy',
    sources: ['RSL', 'BF', 'PM', 'PF'],
  },
  {
    id: 'iam-set-default-policy-version',
    name: 'iam:SetDefaultPolicyVersion',
    target: 'policy',
    yields: 'grant',
    permissions: [p('iam:SetDefaultPolicyVersion', '{target}')],
    preconditions: ['policyHasBroaderVersion'],
    certainty: 'definite',
    describe: 'make an older, broader version of a customer managed policy the default',
    sources: ['RSL', 'BF'],
  },
  {
    id: 'iam-attach-user-policy',
    name: 'iam:AttachUserPolicy',
    target: 'user',
    yields: 'grant',
    permissions: [p('iam:AttachUserPolicy', '{target}', ADMIN_ARN_CONTEXT)],
    certainty: 'definite',
    describe: 'attach AdministratorAccess to a user',
    sources: ['RSL', 'BF', 'PM', 'PF'],
  },
  {
    id: 'iam-attach-group-policy',
    name: 'iam:AttachGroupPolicy',
    target: 'group',
    yields: 'grant',
    permissions: [p('iam:AttachGroupPolicy', '{target}', ADMIN_ARN_CONTEXT)],
    certainty: 'definite',
    describe: 'attach AdministratorAccess to a group',
    sources: ['RSL', 'BF', 'PM', 'PF'],
  },
  {
    id: 'iam-attach-role-policy',
    name: 'iam:AttachRolePolicy',
    target: 'role',
    yields: 'grant',
    permissions: [p('iam:AttachRolePolicy', '{target}', ADMIN_ARN_CONTEXT)],
    certainty: 'definite',
    describe: 'attach AdministratorAccess to a role',
    sources: ['RSL', 'BF', 'PM', 'PF'],
  },
  {
    id: 'iam-put-user-policy',
    name: 'iam:PutUserPolicy',
    target: 'user',
    yields: 'grant',
    permissions: [p('iam:PutUserPolicy', '{target}')],
    certainty: 'definite',
    describe: 'write an inline policy of its choice on a user',
    sources: ['RSL', 'BF', 'PM', 'PF'],
  },
  {
    id: 'iam-put-group-policy',
    name: 'iam:PutGroupPolicy',
    target: 'group',
    yields: 'grant',
    permissions: [p('iam:PutGroupPolicy', '{target}')],
    certainty: 'definite',
    describe: 'write an inline policy of its choice on a group',
    sources: ['RSL', 'BF', 'PM', 'PF'],
  },
  {
    id: 'iam-put-role-policy',
    name: 'iam:PutRolePolicy',
    target: 'role',
    yields: 'grant',
    permissions: [p('iam:PutRolePolicy', '{target}')],
    certainty: 'definite',
    describe: 'write an inline policy of its choice on a role',
    sources: ['RSL', 'BF', 'PM', 'PF'],
  },
  {
    id: 'iam-add-user-to-group',
    name: 'iam:AddUserToGroup',
    target: 'group',
    yields: 'joinGroup',
    permissions: [p('iam:AddUserToGroup', '{target}')],
    preconditions: ['selfIsUser'],
    certainty: 'definite',
    describe: 'add itself to a group',
    sources: ['RSL', 'BF', 'PM', 'PF'],
  },
  {
    id: 'iam-create-access-key',
    name: 'iam:CreateAccessKey',
    target: 'user',
    yields: 'become',
    permissions: [p('iam:CreateAccessKey', '{target}')],
    preconditions: ['targetIsOther', 'targetHasKeySlot'],
    certainty: 'definite',
    describe: 'create an access key for another user',
    sources: ['RSL', 'BF', 'PM', 'PF'],
  },
  {
    id: 'iam-delete-and-create-access-key',
    name: 'iam:DeleteAccessKey + iam:CreateAccessKey',
    target: 'user',
    yields: 'become',
    permissions: [p('iam:DeleteAccessKey', '{target}'), p('iam:CreateAccessKey', '{target}')],
    preconditions: ['targetIsOther', 'targetHasTwoKeys'],
    certainty: 'definite',
    describe: 'delete one of the two access keys of another user and create its own',
    sources: ['PF'],
  },
  {
    id: 'iam-create-login-profile',
    name: 'iam:CreateLoginProfile',
    target: 'user',
    yields: 'become',
    permissions: [p('iam:CreateLoginProfile', '{target}')],
    preconditions: ['targetIsOther', 'targetHasNoLoginProfile'],
    certainty: 'definite',
    describe: 'set a console password for another user',
    sources: ['RSL', 'BF', 'PM', 'PF'],
  },
  {
    id: 'iam-update-login-profile',
    name: 'iam:UpdateLoginProfile',
    target: 'user',
    yields: 'become',
    permissions: [p('iam:UpdateLoginProfile', '{target}')],
    preconditions: ['targetIsOther', 'targetHasLoginProfile'],
    certainty: 'definite',
    describe: "change another user's console password",
    sources: ['RSL', 'BF', 'PM', 'PF'],
  },
  {
    id: 'iam-update-assume-role-policy',
    name: 'iam:UpdateAssumeRolePolicy',
    target: 'role',
    yields: 'become',
    permissions: [p('iam:UpdateAssumeRolePolicy', '{target}')],
    preconditions: ['targetIsOther'],
    certainty: 'definite',
    describe: "rewrite a role's trust policy to trust itself, then assume it",
    sources: ['RSL', 'BF', 'PM', 'PF'],
  },
  {
    id: 'sts-assume-role',
    name: 'sts:AssumeRole',
    target: 'role',
    yields: 'become',
    permissions: [p('sts:AssumeRole', '{target}')],
    preconditions: ['targetIsOther'],
    certainty: 'definite',
    describe: 'assume a role whose trust policy allows it',
    sources: ['PM', 'PF'],
  },
  {
    id: 'iam-delete-user-permissions-boundary',
    name: 'iam:DeleteUserPermissionsBoundary',
    target: 'self',
    yields: 'removeBoundary',
    permissions: [p('iam:DeleteUserPermissionsBoundary', '{self}')],
    preconditions: ['selfHasBoundary', 'selfIsUser'],
    certainty: 'definite',
    describe: 'remove its own permissions boundary',
    sources: ['PF', 'HT'],
  },
  {
    id: 'iam-delete-role-permissions-boundary',
    name: 'iam:DeleteRolePermissionsBoundary',
    target: 'self',
    yields: 'removeBoundary',
    permissions: [p('iam:DeleteRolePermissionsBoundary', '{self}')],
    preconditions: ['selfHasBoundary'],
    certainty: 'definite',
    describe: 'remove its own permissions boundary',
    sources: ['PF', 'HT'],
  },
  {
    id: 'iam-put-user-permissions-boundary',
    name: 'iam:PutUserPermissionsBoundary',
    target: 'self',
    yields: 'removeBoundary',
    permissions: [p('iam:PutUserPermissionsBoundary', '{self}', { 'iam:PermissionsBoundary': ADMIN_POLICY_ARN })],
    preconditions: ['selfHasBoundary', 'selfIsUser'],
    certainty: 'definite',
    describe: 'replace its own permissions boundary with AdministratorAccess',
    sources: ['PF', 'HT'],
  },
  {
    id: 'iam-put-role-permissions-boundary',
    name: 'iam:PutRolePermissionsBoundary',
    target: 'self',
    yields: 'removeBoundary',
    permissions: [p('iam:PutRolePermissionsBoundary', '{self}', { 'iam:PermissionsBoundary': ADMIN_POLICY_ARN })],
    preconditions: ['selfHasBoundary'],
    certainty: 'definite',
    describe: 'replace its own permissions boundary with AdministratorAccess',
    sources: ['PF', 'HT'],
  },
  {
    id: 'iam-create-role-attach-policy',
    name: 'iam:CreateRole + iam:AttachRolePolicy',
    target: 'new',
    yields: 'newAdmin',
    permissions: [p('iam:CreateRole', ROLE_ARN), p('iam:AttachRolePolicy', ROLE_ARN, ADMIN_ARN_CONTEXT)],
    certainty: 'definite',
    describe: 'create a role that trusts it and attach AdministratorAccess',
    sources: ['PF', 'HT'],
  },
  {
    id: 'iam-create-role-put-policy',
    name: 'iam:CreateRole + iam:PutRolePolicy',
    target: 'new',
    yields: 'newAdmin',
    permissions: [p('iam:CreateRole', ROLE_ARN), p('iam:PutRolePolicy', ROLE_ARN)],
    certainty: 'definite',
    describe: 'create a role that trusts it and write an admin inline policy',
    sources: ['PF', 'HT'],
  },
  {
    id: 'iam-create-user-attach-policy',
    name: 'iam:CreateUser + iam:AttachUserPolicy + iam:CreateAccessKey',
    target: 'new',
    yields: 'newAdmin',
    permissions: [
      p('iam:CreateUser', USER_ARN),
      p('iam:AttachUserPolicy', USER_ARN, ADMIN_ARN_CONTEXT),
      p('iam:CreateAccessKey', USER_ARN),
    ],
    certainty: 'definite',
    describe: 'create a user, attach AdministratorAccess and create its access key',
    sources: ['HT'],
  },
  {
    id: 'iam-create-user-put-policy',
    name: 'iam:CreateUser + iam:PutUserPolicy + iam:CreateAccessKey',
    target: 'new',
    yields: 'newAdmin',
    permissions: [p('iam:CreateUser', USER_ARN), p('iam:PutUserPolicy', USER_ARN), p('iam:CreateAccessKey', USER_ARN)],
    certainty: 'definite',
    describe: 'create a user, write an admin inline policy and create its access key',
    sources: ['HT'],
  },
  {
    id: 'iam-create-policy-attach-user',
    name: 'iam:CreatePolicy + iam:AttachUserPolicy',
    target: 'self',
    yields: 'grant',
    permissions: [
      p('iam:CreatePolicy', POLICY_ARN),
      p('iam:AttachUserPolicy', '{self}', { 'iam:PolicyARN': 'arn:aws:iam::{account}:policy/castellan-escalation' }),
    ],
    preconditions: ['selfIsUser'],
    certainty: 'definite',
    describe: 'create an admin customer managed policy and attach it to itself',
    sources: ['HT'],
  },
  {
    id: 'iam-create-policy-attach-role',
    name: 'iam:CreatePolicy + iam:AttachRolePolicy',
    target: 'self',
    yields: 'grant',
    permissions: [
      p('iam:CreatePolicy', POLICY_ARN),
      p('iam:AttachRolePolicy', '{self}', { 'iam:PolicyARN': 'arn:aws:iam::{account}:policy/castellan-escalation' }),
    ],
    certainty: 'definite',
    describe: 'create an admin customer managed policy and attach it to itself',
    sources: ['HT'],
  },
];

const PASSROLE_METHODS: readonly EscalationMethod[] = [
  newPassRole({
    id: 'lambda-create-invoke',
    name: 'iam:PassRole + lambda:CreateFunction + lambda:InvokeFunction',
    service: 'lambda.amazonaws.com',
    source: LAMBDA_FN,
    permissions: [p('lambda:CreateFunction', LAMBDA_FN), p('lambda:InvokeFunction', LAMBDA_FN)],
    describe: 'create a Lambda function running as a role and invoke it',
    sources: ['RSL', 'BF', 'PM', 'PF'],
  }),
  newPassRole({
    id: 'lambda-create-event-source-mapping',
    name: 'iam:PassRole + lambda:CreateFunction + lambda:CreateEventSourceMapping',
    service: 'lambda.amazonaws.com',
    source: LAMBDA_FN,
    permissions: [p('lambda:CreateFunction', LAMBDA_FN), p('lambda:CreateEventSourceMapping', '*')],
    describe: 'create a Lambda function running as a role, triggered by an event source mapping',
    sources: ['RSL', 'BF', 'PF'],
  }),
  newPassRole({
    id: 'lambda-create-add-permission',
    name: 'iam:PassRole + lambda:CreateFunction + lambda:AddPermission',
    service: 'lambda.amazonaws.com',
    source: LAMBDA_FN,
    permissions: [p('lambda:CreateFunction', LAMBDA_FN), p('lambda:AddPermission', LAMBDA_FN)],
    describe: 'create a Lambda function running as a role and allow itself to invoke it',
    sources: ['PF', 'HT'],
  }),
  newPassRole({
    id: 'ec2-run-instances',
    name: 'iam:PassRole + ec2:RunInstances',
    service: 'ec2.amazonaws.com',
    source: EC2_INSTANCE,
    permissions: [p('ec2:RunInstances', EC2_INSTANCE)],
    describe: 'launch an EC2 instance with a role and read its credentials',
    sources: ['RSL', 'BF', 'PM', 'PF'],
  }),
  newPassRole({
    id: 'ec2-request-spot-instances',
    name: 'iam:PassRole + ec2:RequestSpotInstances',
    service: 'ec2.amazonaws.com',
    source: EC2_INSTANCE,
    permissions: [p('ec2:RequestSpotInstances', 'arn:aws:ec2:*:{account}:spot-instances-request/*')],
    describe: 'request a spot instance with a role and read its credentials',
    sources: ['PF', 'HT'],
  }),
  newPassRole({
    id: 'autoscaling-launch-configuration',
    name: 'iam:PassRole + autoscaling:CreateLaunchConfiguration + autoscaling:CreateAutoScalingGroup',
    service: 'ec2.amazonaws.com',
    source: EC2_INSTANCE,
    permissions: [
      p('autoscaling:CreateLaunchConfiguration', 'arn:aws:autoscaling:*:{account}:launchConfiguration:*'),
      p('autoscaling:CreateAutoScalingGroup', 'arn:aws:autoscaling:*:{account}:autoScalingGroup:*'),
    ],
    describe: 'create an Auto Scaling group whose instances run as a role',
    sources: ['PM', 'HT'],
  }),
  newPassRole({
    id: 'autoscaling-launch-template',
    name: 'iam:PassRole + ec2:CreateLaunchTemplate + autoscaling:CreateAutoScalingGroup',
    service: 'ec2.amazonaws.com',
    source: EC2_INSTANCE,
    permissions: [
      p('ec2:CreateLaunchTemplate', 'arn:aws:ec2:*:{account}:launch-template/*'),
      p('autoscaling:CreateAutoScalingGroup', 'arn:aws:autoscaling:*:{account}:autoScalingGroup:*'),
    ],
    describe: 'create a launch template with a role and an Auto Scaling group that uses it',
    sources: ['PM', 'HT'],
  }),
  newPassRole({
    id: 'glue-create-dev-endpoint',
    name: 'iam:PassRole + glue:CreateDevEndpoint',
    service: 'glue.amazonaws.com',
    source: GLUE_DEV,
    permissions: [p('glue:CreateDevEndpoint', GLUE_DEV)],
    describe: 'create a Glue development endpoint running as a role and log in to it',
    sources: ['RSL', 'BF', 'PF'],
  }),
  newPassRole({
    id: 'glue-create-job-start-run',
    name: 'iam:PassRole + glue:CreateJob + glue:StartJobRun',
    service: 'glue.amazonaws.com',
    source: GLUE_JOB,
    permissions: [p('glue:CreateJob', GLUE_JOB), p('glue:StartJobRun', GLUE_JOB)],
    describe: 'create a Glue job running as a role and start it',
    sources: ['BF', 'PF'],
  }),
  newPassRole({
    id: 'glue-create-job-trigger',
    name: 'iam:PassRole + glue:CreateJob + glue:CreateTrigger',
    service: 'glue.amazonaws.com',
    source: GLUE_JOB,
    permissions: [p('glue:CreateJob', GLUE_JOB), p('glue:CreateTrigger', 'arn:aws:glue:*:{account}:trigger/*')],
    describe: 'create a Glue job running as a role and a trigger that starts it',
    sources: ['BF', 'PF'],
  }),
  newPassRole({
    id: 'glue-update-job-start-run',
    name: 'iam:PassRole + glue:UpdateJob + glue:StartJobRun',
    service: 'glue.amazonaws.com',
    source: GLUE_JOB,
    permissions: [p('glue:UpdateJob', GLUE_JOB), p('glue:StartJobRun', GLUE_JOB)],
    describe: 'change an existing Glue job to run its code as a role and start it',
    sources: ['BF', 'PF'],
  }),
  newPassRole({
    id: 'glue-create-session',
    name: 'iam:PassRole + glue:CreateSession + glue:RunStatement',
    service: 'glue.amazonaws.com',
    source: GLUE_SESSION,
    permissions: [
      p('glue:CreateSession', GLUE_SESSION),
      p('glue:RunStatement', GLUE_SESSION),
    ],
    describe: 'open a Glue interactive session running as a role and run code in it',
    sources: ['HT'],
  }),
  newPassRole({
    id: 'cloudformation-create-stack',
    name: 'iam:PassRole + cloudformation:CreateStack',
    service: 'cloudformation.amazonaws.com',
    source: CFN_STACK,
    permissions: [p('cloudformation:CreateStack', CFN_STACK)],
    describe: 'create a CloudFormation stack deployed with a role',
    sources: ['RSL', 'BF', 'PM', 'PF'],
  }),
  newPassRole({
    id: 'cloudformation-create-stack-set',
    name: 'iam:PassRole + cloudformation:CreateStackSet + cloudformation:CreateStackInstances',
    service: 'cloudformation.amazonaws.com',
    source: CFN_STACKSET,
    permissions: [
      p('cloudformation:CreateStackSet', CFN_STACKSET),
      p('cloudformation:CreateStackInstances', CFN_STACKSET),
    ],
    describe: 'create a CloudFormation stack set administered with a role and deploy it',
    sources: ['PF'],
  }),
  newPassRole({
    id: 'cloudformation-update-stack-set',
    name: 'iam:PassRole + cloudformation:UpdateStackSet',
    service: 'cloudformation.amazonaws.com',
    source: CFN_STACKSET,
    permissions: [p('cloudformation:UpdateStackSet', CFN_STACKSET)],
    describe: 'update a CloudFormation stack set to deploy with a role',
    sources: ['PF'],
  }),
  newPassRole({
    id: 'cloudformation-create-change-set',
    name: 'iam:PassRole + cloudformation:CreateChangeSet + cloudformation:ExecuteChangeSet',
    service: 'cloudformation.amazonaws.com',
    source: CFN_STACK,
    permissions: [p('cloudformation:CreateChangeSet', CFN_STACK), p('cloudformation:ExecuteChangeSet', CFN_STACK)],
    describe: 'create and execute a CloudFormation change set deployed with a role',
    sources: ['PF', 'HT'],
  }),
  newPassRole({
    id: 'datapipeline-create-pipeline',
    name: 'iam:PassRole + datapipeline:CreatePipeline + datapipeline:PutPipelineDefinition + datapipeline:ActivatePipeline',
    service: 'datapipeline.amazonaws.com',
    source: 'arn:aws:datapipeline:*:{account}:pipeline/*',
    permissions: [
      p('datapipeline:CreatePipeline', '*'),
      p('datapipeline:PutPipelineDefinition', 'arn:aws:datapipeline:*:{account}:pipeline/*'),
      p('datapipeline:ActivatePipeline', 'arn:aws:datapipeline:*:{account}:pipeline/*'),
    ],
    describe: 'create and activate a Data Pipeline that runs commands as a role',
    sources: ['RSL', 'BF', 'PF'],
  }),
  newPassRole({
    id: 'ecs-run-task',
    name: 'iam:PassRole + ecs:RegisterTaskDefinition + ecs:RunTask',
    service: 'ecs-tasks.amazonaws.com',
    source: ECS_TASK,
    permissions: [p('ecs:RegisterTaskDefinition', '*'), p('ecs:RunTask', ECS_TASKDEF)],
    describe: 'register an ECS task definition with a task role and run it',
    sources: ['PF', 'HT'],
  }),
  newPassRole({
    id: 'ecs-start-task',
    name: 'iam:PassRole + ecs:RegisterTaskDefinition + ecs:StartTask',
    service: 'ecs-tasks.amazonaws.com',
    source: ECS_TASK,
    permissions: [p('ecs:RegisterTaskDefinition', '*'), p('ecs:StartTask', ECS_TASKDEF)],
    describe: 'register an ECS task definition with a task role and start it on a container instance',
    sources: ['PF', 'HT'],
  }),
  newPassRole({
    id: 'ecs-create-service',
    name: 'iam:PassRole + ecs:RegisterTaskDefinition + ecs:CreateService',
    service: 'ecs-tasks.amazonaws.com',
    source: ECS_TASK,
    permissions: [p('ecs:RegisterTaskDefinition', '*'), p('ecs:CreateService', ECS_SERVICE)],
    describe: 'register an ECS task definition with a task role and create a service that runs it',
    sources: ['PF', 'HT'],
  }),
  newPassRole({
    id: 'ecs-create-cluster-service',
    name: 'iam:PassRole + ecs:CreateCluster + ecs:RegisterTaskDefinition + ecs:CreateService',
    service: 'ecs-tasks.amazonaws.com',
    source: ECS_TASK,
    permissions: [
      p('ecs:CreateCluster', ECS_CLUSTER),
      p('ecs:RegisterTaskDefinition', '*'),
      p('ecs:CreateService', ECS_SERVICE),
    ],
    describe: 'create an ECS cluster and a service whose tasks run as a role',
    sources: ['PF'],
  }),
  newPassRole({
    id: 'sagemaker-notebook-instance',
    name: 'iam:PassRole + sagemaker:CreateNotebookInstance + sagemaker:CreatePresignedNotebookInstanceUrl',
    service: 'sagemaker.amazonaws.com',
    source: `${SM}:notebook-instance/*`,
    permissions: [
      p('sagemaker:CreateNotebookInstance', `${SM}:notebook-instance/*`),
      p('sagemaker:CreatePresignedNotebookInstanceUrl', `${SM}:notebook-instance/*`),
    ],
    describe: 'create a SageMaker notebook instance running as a role and open it',
    sources: ['BF', 'PM', 'PF'],
  }),
  newPassRole({
    id: 'sagemaker-training-job',
    name: 'iam:PassRole + sagemaker:CreateTrainingJob',
    service: 'sagemaker.amazonaws.com',
    source: `${SM}:training-job/*`,
    permissions: [p('sagemaker:CreateTrainingJob', `${SM}:training-job/*`)],
    describe: 'create a SageMaker training job whose container runs as a role',
    sources: ['BF', 'PF'],
  }),
  newPassRole({
    id: 'sagemaker-processing-job',
    name: 'iam:PassRole + sagemaker:CreateProcessingJob',
    service: 'sagemaker.amazonaws.com',
    source: `${SM}:processing-job/*`,
    permissions: [p('sagemaker:CreateProcessingJob', `${SM}:processing-job/*`)],
    describe: 'create a SageMaker processing job whose container runs as a role',
    sources: ['BF', 'PF'],
  }),
  newPassRole({
    id: 'codebuild-create-project-start-build',
    name: 'iam:PassRole + codebuild:CreateProject + codebuild:StartBuild',
    service: 'codebuild.amazonaws.com',
    source: CODEBUILD,
    permissions: [p('codebuild:CreateProject', CODEBUILD), p('codebuild:StartBuild', CODEBUILD)],
    describe: 'create a CodeBuild project with a service role and start a build',
    sources: ['BF', 'PM', 'PF'],
  }),
  newPassRole({
    id: 'codebuild-create-project-start-build-batch',
    name: 'iam:PassRole + codebuild:CreateProject + codebuild:StartBuildBatch',
    service: 'codebuild.amazonaws.com',
    source: CODEBUILD,
    permissions: [p('codebuild:CreateProject', CODEBUILD), p('codebuild:StartBuildBatch', CODEBUILD)],
    describe: 'create a CodeBuild project with a service role and start a batch build',
    sources: ['PF'],
  }),
  newPassRole({
    id: 'apprunner-create-service',
    name: 'iam:PassRole + apprunner:CreateService',
    service: 'tasks.apprunner.amazonaws.com',
    source: APPRUNNER_SERVICE,
    permissions: [p('apprunner:CreateService', APPRUNNER_SERVICE)],
    describe: 'create an App Runner service whose instances run as a role',
    sources: ['PF'],
  }),
  newPassRole({
    id: 'batch-register-job-definition-submit',
    name: 'iam:PassRole + batch:RegisterJobDefinition + batch:SubmitJob',
    service: 'ecs-tasks.amazonaws.com',
    source: ECS_TASK,
    permissions: [
      p('batch:RegisterJobDefinition', `${BATCH}:job-definition/*`),
      p('batch:SubmitJob', `${BATCH}:job-definition/*`),
    ],
    describe: 'register an AWS Batch job definition with a job role and submit a job',
    sources: ['PF'],
  }),
  newPassRole({
    id: 'braket-create-job',
    name: 'iam:PassRole + braket:CreateJob',
    service: 'braket.amazonaws.com',
    source: 'arn:aws:braket:*:{account}:job/*',
    permissions: [p('braket:CreateJob', 'arn:aws:braket:*:{account}:job/*')],
    describe: 'create an Amazon Braket hybrid job whose container runs as a role',
    sources: ['PF'],
  }),
  newPassRole({
    id: 'bedrock-agentcore-code-interpreter',
    name: 'iam:PassRole + bedrock-agentcore:CreateCodeInterpreter + bedrock-agentcore:InvokeCodeInterpreter',
    service: 'bedrock-agentcore.amazonaws.com',
    source: AGENTCORE_INTERPRETER,
    permissions: [
      p('bedrock-agentcore:CreateCodeInterpreter', AGENTCORE_INTERPRETER),
      p('bedrock-agentcore:StartCodeInterpreterSession', AGENTCORE_INTERPRETER),
      p('bedrock-agentcore:InvokeCodeInterpreter', AGENTCORE_INTERPRETER),
    ],
    describe: 'create a Bedrock AgentCore code interpreter with an execution role and run code in it',
    sources: ['PF'],
  }),
  newPassRole({
    id: 'emr-run-job-flow',
    name: 'iam:PassRole + elasticmapreduce:RunJobFlow',
    service: 'ec2.amazonaws.com',
    source: EC2_INSTANCE,
    permissions: [p('elasticmapreduce:RunJobFlow', '*')],
    describe: 'launch an EMR cluster whose instances run as a role',
    sources: ['PF', 'HT'],
  }),
  newPassRole({
    id: 'emr-serverless-job-run',
    name: 'iam:PassRole + emr-serverless:CreateApplication + emr-serverless:StartJobRun',
    service: 'emr-serverless.amazonaws.com',
    source: 'arn:aws:emr-serverless:*:{account}:/applications/*',
    permissions: [
      p('emr-serverless:CreateApplication', 'arn:aws:emr-serverless:*:{account}:/applications/*'),
      p('emr-serverless:StartJobRun', 'arn:aws:emr-serverless:*:{account}:/applications/*'),
    ],
    describe: 'start an EMR Serverless job whose code runs as a role',
    sources: ['PF'],
  }),
  newPassRole({
    id: 'kinesisanalytics-create-application',
    name: 'iam:PassRole + kinesisanalytics:CreateApplication',
    service: 'kinesisanalytics.amazonaws.com',
    source: 'arn:aws:kinesisanalytics:*:{account}:application/*',
    permissions: [p('kinesisanalytics:CreateApplication', 'arn:aws:kinesisanalytics:*:{account}:application/*')],
    describe: 'create a Managed Flink application whose code runs as a role',
    sources: ['PF'],
  }),
  newPassRole({
    id: 'states-create-state-machine',
    name: 'iam:PassRole + states:CreateStateMachine + states:StartExecution',
    service: 'states.amazonaws.com',
    source: 'arn:aws:states:*:{account}:stateMachine:*',
    permissions: [
      p('states:CreateStateMachine', 'arn:aws:states:*:{account}:stateMachine:*'),
      p('states:StartExecution', 'arn:aws:states:*:{account}:stateMachine:*'),
    ],
    describe: 'create a Step Functions state machine that calls AWS APIs as a role and start it',
    sources: ['HT'],
  }),
  newPassRole({
    id: 'scheduler-create-schedule',
    name: 'iam:PassRole + scheduler:CreateSchedule',
    service: 'scheduler.amazonaws.com',
    source: 'arn:aws:scheduler:*:{account}:schedule/*',
    permissions: [p('scheduler:CreateSchedule', 'arn:aws:scheduler:*:{account}:schedule/*')],
    describe: 'create an EventBridge Scheduler schedule that calls any AWS API as a role',
    sources: ['HT'],
  }),
  newPassRole({
    id: 'codepipeline-create-pipeline',
    name: 'iam:PassRole + codepipeline:CreatePipeline + codepipeline:StartPipelineExecution',
    service: 'codepipeline.amazonaws.com',
    source: 'arn:aws:codepipeline:*:{account}:*',
    permissions: [
      p('codepipeline:CreatePipeline', 'arn:aws:codepipeline:*:{account}:*'),
      p('codepipeline:StartPipelineExecution', 'arn:aws:codepipeline:*:{account}:*'),
    ],
    describe: 'create a CodePipeline pipeline that acts as a role and start it',
    sources: ['HT'],
  }),
  newPassRole({
    id: 'amplify-create-app',
    name: 'iam:PassRole + amplify:CreateApp + amplify:CreateBranch + amplify:StartJob',
    service: 'amplify.amazonaws.com',
    source: 'arn:aws:amplify:*:{account}:apps/*',
    permissions: [
      p('amplify:CreateApp', 'arn:aws:amplify:*:{account}:apps/*'),
      p('amplify:CreateBranch', 'arn:aws:amplify:*:{account}:apps/*'),
      p('amplify:StartJob', 'arn:aws:amplify:*:{account}:apps/*'),
    ],
    describe: 'create an Amplify app whose build runs as a service role and start a build',
    sources: ['PF'],
  }),
  newPassRole({
    id: 'ssm-start-automation',
    name: 'iam:PassRole + ssm:StartAutomationExecution',
    service: 'ssm.amazonaws.com',
    source: 'arn:aws:ssm:*:{account}:automation-execution/*',
    permissions: [p('ssm:StartAutomationExecution', 'arn:aws:ssm:*:{account}:automation-definition/*')],
    describe: 'start an SSM Automation runbook that runs as a role',
    sources: ['HT'],
  }),
  newPassRole({
    id: 'ec2-associate-instance-profile',
    name: 'iam:PassRole + ec2:AssociateIamInstanceProfile',
    service: 'ec2.amazonaws.com',
    source: EC2_INSTANCE,
    permissions: [p('ec2:AssociateIamInstanceProfile', EC2_INSTANCE)],
    describe: 'attach an instance profile with a role to an instance it controls',
    sources: ['HT'],
  }),
  newPassRole({
    id: 'omics-start-run',
    name: 'iam:PassRole + omics:CreateWorkflow + omics:StartRun',
    service: 'omics.amazonaws.com',
    source: 'arn:aws:omics:*:{account}:run/*',
    permissions: [p('omics:CreateWorkflow', '*'), p('omics:StartRun', '*')],
    describe: 'create a HealthOmics workflow and start a run whose tasks run as a role',
    sources: ['PF'],
  }),
];

const EXISTING_METHODS: readonly EscalationMethod[] = [
  existing({
    id: 'lambda-update-function-code',
    name: 'lambda:UpdateFunctionCode + lambda:InvokeFunction',
    services: ['lambda.amazonaws.com'],
    source: LAMBDA_FN,
    permissions: [p('lambda:UpdateFunctionCode', LAMBDA_FN), p('lambda:InvokeFunction', LAMBDA_FN)],
    describe: 'replace the code of an existing Lambda function and invoke it',
    sources: ['RSL', 'BF', 'PF'],
  }),
  existing({
    id: 'lambda-update-function-configuration',
    name: 'lambda:UpdateFunctionConfiguration',
    services: ['lambda.amazonaws.com'],
    source: LAMBDA_FN,
    permissions: [p('lambda:UpdateFunctionConfiguration', LAMBDA_FN)],
    describe: 'add a layer of its choice to an existing Lambda function',
    sources: ['PF', 'HT'],
  }),
  existing({
    id: 'glue-update-dev-endpoint',
    name: 'glue:UpdateDevEndpoint',
    services: ['glue.amazonaws.com'],
    source: GLUE_DEV,
    permissions: [p('glue:UpdateDevEndpoint', GLUE_DEV)],
    describe: 'add its SSH key to an existing Glue development endpoint',
    sources: ['RSL', 'BF', 'PF'],
  }),
  existing({
    id: 'codebuild-start-build',
    name: 'codebuild:StartBuild',
    services: ['codebuild.amazonaws.com'],
    source: CODEBUILD,
    permissions: [p('codebuild:StartBuild', CODEBUILD)],
    describe: 'start a build of an existing CodeBuild project with a buildspec override',
    sources: ['PF'],
  }),
  existing({
    id: 'codebuild-start-build-batch',
    name: 'codebuild:StartBuildBatch',
    services: ['codebuild.amazonaws.com'],
    source: CODEBUILD,
    permissions: [p('codebuild:StartBuildBatch', CODEBUILD)],
    describe: 'start a batch build of an existing CodeBuild project with a buildspec override',
    sources: ['PF'],
  }),
  existing({
    id: 'cloudformation-update-stack',
    name: 'cloudformation:UpdateStack',
    services: ['cloudformation.amazonaws.com'],
    source: CFN_STACK,
    permissions: [p('cloudformation:UpdateStack', CFN_STACK)],
    describe: 'update an existing CloudFormation stack deployed with a service role',
    sources: ['PF'],
  }),
  existing({
    id: 'cloudformation-change-set-existing',
    name: 'cloudformation:CreateChangeSet + cloudformation:ExecuteChangeSet',
    services: ['cloudformation.amazonaws.com'],
    source: CFN_STACK,
    permissions: [p('cloudformation:CreateChangeSet', CFN_STACK), p('cloudformation:ExecuteChangeSet', CFN_STACK)],
    describe: 'change an existing CloudFormation stack deployed with a service role',
    sources: ['PF'],
  }),
  existing({
    id: 'apprunner-update-service',
    name: 'apprunner:UpdateService',
    services: ['tasks.apprunner.amazonaws.com'],
    source: APPRUNNER_SERVICE,
    permissions: [p('apprunner:UpdateService', APPRUNNER_SERVICE)],
    describe: 'change the image or start command of an existing App Runner service',
    sources: ['PF'],
  }),
  existing({
    id: 'ec2-modify-user-data',
    name: 'ec2:ModifyInstanceAttribute + ec2:StopInstances + ec2:StartInstances',
    services: ['ec2.amazonaws.com'],
    source: EC2_INSTANCE,
    permissions: [
      p('ec2:ModifyInstanceAttribute', EC2_INSTANCE),
      p('ec2:StopInstances', EC2_INSTANCE),
      p('ec2:StartInstances', EC2_INSTANCE),
    ],
    describe: "change an existing instance's user data and restart it",
    sources: ['PF', 'HT'],
  }),
  existing({
    id: 'ec2-instance-connect',
    name: 'ec2-instance-connect:SendSSHPublicKey',
    services: ['ec2.amazonaws.com'],
    source: EC2_INSTANCE,
    permissions: [p('ec2-instance-connect:SendSSHPublicKey', EC2_INSTANCE)],
    describe: 'push its SSH key to an existing instance and log in',
    sources: ['PF'],
  }),
  existing({
    id: 'ec2-launch-template-version',
    name: 'ec2:CreateLaunchTemplateVersion + ec2:ModifyLaunchTemplate',
    services: ['ec2.amazonaws.com'],
    source: EC2_INSTANCE,
    permissions: [
      p('ec2:CreateLaunchTemplateVersion', 'arn:aws:ec2:*:{account}:launch-template/*'),
      p('ec2:ModifyLaunchTemplate', 'arn:aws:ec2:*:{account}:launch-template/*'),
    ],
    describe: "make a new default version of an existing launch template with its user data",
    sources: ['PF'],
  }),
  existing({
    id: 'ssm-send-command',
    name: 'ssm:SendCommand',
    services: ['ec2.amazonaws.com'],
    source: EC2_INSTANCE,
    permissions: [p('ssm:SendCommand', EC2_INSTANCE), p('ssm:SendCommand', SSM_DOC)],
    describe: 'run commands on an existing managed instance',
    sources: ['PM', 'PF'],
  }),
  existing({
    id: 'ssm-start-session',
    name: 'ssm:StartSession',
    services: ['ec2.amazonaws.com'],
    source: EC2_INSTANCE,
    permissions: [p('ssm:StartSession', EC2_INSTANCE)],
    describe: 'open a shell on an existing managed instance',
    sources: ['PM', 'PF'],
  }),
  existing({
    id: 'batch-submit-job',
    name: 'batch:SubmitJob',
    services: ['ecs-tasks.amazonaws.com'],
    source: ECS_TASK,
    permissions: [p('batch:SubmitJob', `${BATCH}:job-definition/*`), p('batch:SubmitJob', `${BATCH}:job-queue/*`)],
    describe: 'submit a job with overridden commands to an existing AWS Batch job definition',
    sources: ['PF'],
  }),
  existing({
    id: 'codedeploy-create-deployment',
    name: 'codedeploy:CreateDeployment',
    services: ['ec2.amazonaws.com'],
    source: EC2_INSTANCE,
    permissions: [p('codedeploy:CreateDeployment', 'arn:aws:codedeploy:*:{account}:deploymentgroup:*')],
    describe: 'deploy code of its choice to the instances of an existing CodeDeploy deployment group',
    sources: ['PF'],
  }),
  existing({
    id: 'sagemaker-presigned-notebook-url',
    name: 'sagemaker:CreatePresignedNotebookInstanceUrl',
    services: ['sagemaker.amazonaws.com'],
    source: `${SM}:notebook-instance/*`,
    permissions: [p('sagemaker:CreatePresignedNotebookInstanceUrl', `${SM}:notebook-instance/*`)],
    describe: 'open an existing SageMaker notebook instance',
    sources: ['BF', 'PF'],
  }),
  existing({
    id: 'ecs-execute-command',
    name: 'ecs:ExecuteCommand',
    services: ['ecs-tasks.amazonaws.com'],
    source: ECS_TASK,
    permissions: [p('ecs:ExecuteCommand', ECS_TASK)],
    describe: 'open a shell in a running ECS task',
    sources: ['HT'],
  }),
  existing({
    id: 'bedrock-agentcore-existing-interpreter',
    name: 'bedrock-agentcore:StartCodeInterpreterSession + bedrock-agentcore:InvokeCodeInterpreter',
    services: ['bedrock-agentcore.amazonaws.com'],
    source: AGENTCORE_INTERPRETER,
    permissions: [
      p('bedrock-agentcore:StartCodeInterpreterSession', AGENTCORE_INTERPRETER),
      p('bedrock-agentcore:InvokeCodeInterpreter', AGENTCORE_INTERPRETER),
    ],
    describe: 'run code in an existing Bedrock AgentCore code interpreter',
    sources: ['PF'],
  }),
];

/** Every method, in catalogue order (IAM, new resources with PassRole, existing resources). */
export const ESCALATION_METHODS: readonly EscalationMethod[] = [...IAM_METHODS, ...PASSROLE_METHODS, ...EXISTING_METHODS];

/** By id. */
export const METHODS_BY_ID: ReadonlyMap<string, EscalationMethod> = new Map(ESCALATION_METHODS.map((m) => [m.id, m]));
