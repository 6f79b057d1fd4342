// Services that send aws:SourceAccount and aws:SourceArn when they assume a role on a customer's behalf, so a
// trust policy for them can (and should) check the source: AWS's "cross-service confused deputy prevention"
// guidance (IAM User Guide, "The confused deputy problem", and each service's own page, linked per entry).
// Deliberately conservative: a service is listed only where its documentation shows these keys in the ROLE
// TRUST POLICY. Services that do not send them (ec2.amazonaws.com delivers instance credentials without a
// source; most service-linked roles) are absent, so a trust policy for them is never reported: a condition
// there would lock the service out.
// Last reviewed against the documentation: 2026-09 (entries without a dedicated page cite the role page).

export interface SourceSendingService {
  /** The service principal, without a region part (`states.amazonaws.com`, not `states.eu-west-1.amazonaws.com`). */
  readonly principal: string;
  readonly keys: readonly ('aws:SourceAccount' | 'aws:SourceArn')[];
  /** The AWS page that shows the keys in the role trust policy. */
  readonly source: string;
}

export const SOURCE_SENDING_SERVICES: readonly SourceSendingService[] = [
  { principal: 'lambda.amazonaws.com', keys: ['aws:SourceAccount', 'aws:SourceArn'], source: 'https://docs.aws.amazon.com/lambda/latest/dg/lambda-intro-execution-role.html' },
  { principal: 'ecs-tasks.amazonaws.com', keys: ['aws:SourceAccount', 'aws:SourceArn'], source: 'https://docs.aws.amazon.com/AmazonECS/latest/developerguide/task-iam-roles.html' },
  { principal: 'states.amazonaws.com', keys: ['aws:SourceAccount', 'aws:SourceArn'], source: 'https://docs.aws.amazon.com/step-functions/latest/dg/procedure-create-iam-role.html' },
  { principal: 'scheduler.amazonaws.com', keys: ['aws:SourceAccount', 'aws:SourceArn'], source: 'https://docs.aws.amazon.com/scheduler/latest/UserGuide/setting-up.html' },
  { principal: 'pipes.amazonaws.com', keys: ['aws:SourceAccount', 'aws:SourceArn'], source: 'https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-pipes-permissions.html' },
  { principal: 'codebuild.amazonaws.com', keys: ['aws:SourceAccount', 'aws:SourceArn'], source: 'https://docs.aws.amazon.com/codebuild/latest/userguide/setting-up-service-role.html' },
  { principal: 'config.amazonaws.com', keys: ['aws:SourceAccount', 'aws:SourceArn'], source: 'https://docs.aws.amazon.com/config/latest/developerguide/iamrole-permissions.html' },
  { principal: 'ssm.amazonaws.com', keys: ['aws:SourceAccount', 'aws:SourceArn'], source: 'https://docs.aws.amazon.com/systems-manager/latest/userguide/hybrid-multicloud-service-role.html' },
  { principal: 'sagemaker.amazonaws.com', keys: ['aws:SourceAccount', 'aws:SourceArn'], source: 'https://docs.aws.amazon.com/sagemaker/latest/dg/security-confused-deputy-prevention.html' },
  { principal: 'bedrock.amazonaws.com', keys: ['aws:SourceAccount', 'aws:SourceArn'], source: 'https://docs.aws.amazon.com/bedrock/latest/userguide/cross-service-confused-deputy-prevention.html' },
  { principal: 'personalize.amazonaws.com', keys: ['aws:SourceAccount', 'aws:SourceArn'], source: 'https://docs.aws.amazon.com/personalize/latest/dg/cross-service-confused-deputy-prevention.html' },
  { principal: 'iot.amazonaws.com', keys: ['aws:SourceAccount', 'aws:SourceArn'], source: 'https://docs.aws.amazon.com/iot/latest/developerguide/cross-service-confused-deputy-prevention.html' },
  { principal: 'frauddetector.amazonaws.com', keys: ['aws:SourceAccount', 'aws:SourceArn'], source: 'https://docs.aws.amazon.com/frauddetector/latest/ug/confused-deputy-prevention.html' },
  { principal: 'datasync.amazonaws.com', keys: ['aws:SourceAccount', 'aws:SourceArn'], source: 'https://docs.aws.amazon.com/datasync/latest/userguide/cross-service-confused-deputy-prevention.html' },
  { principal: 'transfer.amazonaws.com', keys: ['aws:SourceAccount', 'aws:SourceArn'], source: 'https://docs.aws.amazon.com/transfer/latest/userguide/confused-deputy.html' },
  { principal: 'vpc-flow-logs.amazonaws.com', keys: ['aws:SourceAccount', 'aws:SourceArn'], source: 'https://docs.aws.amazon.com/vpc/latest/userguide/flow-logs-iam-role.html' },
  { principal: 'appsync.amazonaws.com', keys: ['aws:SourceAccount', 'aws:SourceArn'], source: 'https://docs.aws.amazon.com/appsync/latest/devguide/cross-service-confused-deputy-prevention.html' },
];

const BY_PRINCIPAL = new Map(SOURCE_SENDING_SERVICES.map((s) => [s.principal, s]));

/** The table entry for a service principal as written (region-qualified forms included), if any. */
export function sourceSendingService(principal: string): SourceSendingService | undefined {
  const lower = principal.toLowerCase();
  const direct = BY_PRINCIPAL.get(lower);
  if (direct !== undefined) return direct;
  // `states.eu-west-1.amazonaws.com`, `states.amazonaws.com.cn`
  const m = /^([a-z0-9-]+)\.(?:[a-z]{2}(?:-[a-z]+)+-\d\.)?amazonaws\.com(?:\.cn)?$/.exec(lower);
  return m === null ? undefined : BY_PRINCIPAL.get(`${m[1]}.amazonaws.com`);
}
