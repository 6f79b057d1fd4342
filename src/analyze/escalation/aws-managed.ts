// A small built-in table of the AWS managed policies most often attached, so that an account export or a template
// that attaches them can be evaluated without the 77 MB managed-policy data set. Documents are the current default
// versions, abridged where noted; an abridgement only ever drops actions no escalation method uses. A managed
// policy not in this table is "unknown": the analysis says it could not evaluate it, never that it is harmless.
import type { NamedPolicy } from '../../engine/index.js';
import { parsePolicy } from '../../policy/index.js';

const READ_PREFIXES = ['Get*', 'List*', 'Describe*', 'BatchGet*', 'View*', 'Lookup*', 'Search*', 'Query*', 'Scan*'];

function allow(actions: readonly string[] | string, resource: string | readonly string[] = '*', extra: object = {}): object {
  return { Effect: 'Allow', Action: actions, Resource: resource, ...extra };
}

const DOCUMENTS: Readonly<Record<string, readonly object[]>> = {
  AdministratorAccess: [allow('*')],
  PowerUserAccess: [
    { Effect: 'Allow', NotAction: ['iam:*', 'organizations:*', 'account:*'], Resource: '*' },
    allow([
      'account:GetAccountInformation',
      'account:GetPrimaryEmail',
      'account:ListRegions',
      'iam:CreateServiceLinkedRole',
      'iam:DeleteServiceLinkedRole',
      'iam:ListRoles',
      'organizations:DescribeOrganization',
    ]),
  ],
  IAMFullAccess: [
    allow('iam:*'),
    allow([
      'organizations:DescribeAccount',
      'organizations:DescribeOrganization',
      'organizations:DescribeOrganizationalUnit',
      'organizations:DescribePolicy',
      'organizations:ListChildren',
      'organizations:ListParents',
      'organizations:ListPoliciesForTarget',
      'organizations:ListRoots',
      'organizations:ListPolicies',
      'organizations:ListTargetsForPolicy',
    ]),
  ],
  IAMReadOnlyAccess: [allow(['iam:GenerateCredentialReport', 'iam:GenerateServiceLastAccessedDetails', 'iam:Get*', 'iam:List*', 'iam:SimulateCustomPolicy', 'iam:SimulatePrincipalPolicy'])],
  // Abridged: the real document lists service read actions one by one; none of them is an escalation step.
  ReadOnlyAccess: [allow(READ_PREFIXES.map((a) => `*:${a}`))],
  ViewOnlyAccess: [allow(['*:List*', '*:Describe*', '*:View*', '*:Lookup*'])],
  SecurityAudit: [allow(['*:Get*', '*:List*', '*:Describe*'])],
  AmazonS3FullAccess: [allow(['s3:*', 's3-object-lambda:*'])],
  AmazonS3ReadOnlyAccess: [allow(['s3:Get*', 's3:List*', 's3:Describe*', 's3-object-lambda:Get*', 's3-object-lambda:List*'])],
  AmazonEC2FullAccess: [
    allow(['ec2:*', 'elasticloadbalancing:*', 'cloudwatch:*', 'autoscaling:*']),
    allow('iam:CreateServiceLinkedRole', '*', {
      Condition: {
        StringEquals: {
          'iam:AWSServiceName': [
            'autoscaling.amazonaws.com',
            'ec2scheduled.amazonaws.com',
            'elasticloadbalancing.amazonaws.com',
            'spot.amazonaws.com',
            'spotfleet.amazonaws.com',
            'transitgateway.amazonaws.com',
          ],
        },
      },
    }),
  ],
  AmazonEC2ReadOnlyAccess: [allow(['ec2:Describe*', 'elasticloadbalancing:Describe*', 'cloudwatch:ListMetrics', 'cloudwatch:GetMetricStatistics', 'cloudwatch:Describe*', 'autoscaling:Describe*'])],
  // Abridged to the parts that matter here: Lambda itself and the PassRole limited to Lambda.
  AWSLambda_FullAccess: [
    allow(['lambda:*', 'cloudformation:DescribeStacks', 'cloudwatch:ListMetrics', 'iam:GetRole', 'iam:GetPolicy', 'iam:ListRoles', 'logs:DescribeLogGroups']),
    allow('iam:PassRole', '*', { Condition: { StringEquals: { 'iam:PassedToService': 'lambda.amazonaws.com' } } }),
  ],
  AWSLambda_ReadOnlyAccess: [allow(['lambda:Get*', 'lambda:List*', 'iam:GetRole', 'iam:ListRoles'])],
  AWSLambdaBasicExecutionRole: [allow(['logs:CreateLogGroup', 'logs:CreateLogStream', 'logs:PutLogEvents'])],
  AWSLambdaVPCAccessExecutionRole: [
    allow(['logs:CreateLogGroup', 'logs:CreateLogStream', 'logs:PutLogEvents', 'ec2:CreateNetworkInterface', 'ec2:DescribeNetworkInterfaces', 'ec2:DescribeSubnets', 'ec2:DeleteNetworkInterface', 'ec2:AssignPrivateIpAddresses', 'ec2:UnassignPrivateIpAddresses']),
  ],
  AmazonSSMManagedInstanceCore: [
    allow(['ssm:DescribeAssociation', 'ssm:GetDeployablePatchSnapshotForInstance', 'ssm:GetDocument', 'ssm:DescribeDocument', 'ssm:GetManifest', 'ssm:GetParameter', 'ssm:GetParameters', 'ssm:ListAssociations', 'ssm:ListInstanceAssociations', 'ssm:PutInventory', 'ssm:PutComplianceItems', 'ssm:PutConfigurePackageResult', 'ssm:UpdateAssociationStatus', 'ssm:UpdateInstanceAssociationStatus', 'ssm:UpdateInstanceInformation']),
    allow(['ssmmessages:CreateControlChannel', 'ssmmessages:CreateDataChannel', 'ssmmessages:OpenControlChannel', 'ssmmessages:OpenDataChannel']),
    allow(['ec2messages:AcknowledgeMessage', 'ec2messages:DeleteMessage', 'ec2messages:FailMessage', 'ec2messages:GetEndpoint', 'ec2messages:GetMessages', 'ec2messages:SendReply']),
  ],
  AmazonDynamoDBFullAccess: [allow(['dynamodb:*', 'dax:*', 'application-autoscaling:*', 'cloudwatch:*', 'kinesis:ListStreams', 'kinesis:DescribeStream', 'sns:ListTopics', 'iam:GetRole', 'iam:ListRoles'])],
  AmazonDynamoDBReadOnlyAccess: [allow(['dynamodb:BatchGetItem', 'dynamodb:Describe*', 'dynamodb:List*', 'dynamodb:GetItem', 'dynamodb:Query', 'dynamodb:Scan', 'dynamodb:PartiQLSelect'])],
  AmazonSQSFullAccess: [allow('sqs:*')],
  AmazonSNSFullAccess: [allow('sns:*')],
  CloudWatchLogsFullAccess: [allow(['logs:*', 'cloudwatch:GenerateQuery'])],
  CloudWatchAgentServerPolicy: [allow(['cloudwatch:PutMetricData', 'ec2:DescribeVolumes', 'ec2:DescribeTags', 'logs:PutLogEvents', 'logs:DescribeLogStreams', 'logs:DescribeLogGroups', 'logs:CreateLogStream', 'logs:CreateLogGroup', 'xray:PutTraceSegments', 'xray:PutTelemetryRecords', 'ssm:GetParameter'])],
  AmazonECSTaskExecutionRolePolicy: [allow(['ecr:GetAuthorizationToken', 'ecr:BatchCheckLayerAvailability', 'ecr:GetDownloadUrlForLayer', 'ecr:BatchGetImage', 'logs:CreateLogStream', 'logs:PutLogEvents'])],
  AmazonEC2ContainerRegistryReadOnly: [allow(['ecr:GetAuthorizationToken', 'ecr:BatchCheckLayerAvailability', 'ecr:GetDownloadUrlForLayer', 'ecr:GetRepositoryPolicy', 'ecr:DescribeRepositories', 'ecr:ListImages', 'ecr:DescribeImages', 'ecr:BatchGetImage', 'ecr:GetLifecyclePolicy', 'ecr:GetLifecyclePolicyPreview', 'ecr:ListTagsForResource', 'ecr:DescribeImageScanFindings'])],
  AWSDenyAll: [{ Effect: 'Deny', Action: '*', Resource: '*' }],
};

let parsed: Map<string, NamedPolicy> | undefined;

function table(): Map<string, NamedPolicy> {
  if (parsed !== undefined) return parsed;
  parsed = new Map();
  for (const [name, statements] of Object.entries(DOCUMENTS)) {
    const text = JSON.stringify({ Version: '2012-10-17', Statement: statements }, null, 2);
    const { document } = parsePolicy(text, { source: `aws-managed:${name}` });
    if (document !== undefined) parsed.set(name.toLowerCase(), { name: `arn:aws:iam::aws:policy/${name}`, document });
  }
  return parsed;
}

/** The built-in document of an AWS managed policy (`arn:<partition>:iam::aws:policy/[path/]Name`), if known. */
export function awsManagedPolicy(arn: string): NamedPolicy | undefined {
  const match = /^arn:[^:]+:iam::aws:policy\/(?:.*\/)?([^/]+)$/.exec(arn);
  if (match === null) return undefined;
  return table().get(match[1].toLowerCase());
}
