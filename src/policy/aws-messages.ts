// AWS's exact MalformedPolicyDocument messages (spec/policy-grammar.md). Kept in one place so tests and
// the server agree on every character, including AWS's own inconsistencies ("can not" vs "cannot").
export const AwsMessages = {
  syntax: 'Syntax errors in policy.',
  versionNotCurrent: 'Policy document must be version 2012-10-17 or greater.',
  legacy: 'The policy failed legacy parsing',
  sidNotAlphanumeric:
    'Statement IDs (SID) must be alpha-numeric. Check that your input satisfies the regular expression [0-9A-Za-z]*',
  sidDuplicate: 'Statement IDs (SID) in a single policy must be unique.',
  missingActions: 'Policy statement must contain actions.',
  missingResources: 'Policy statement must contain resources.',
  actionMissingVendor: 'Actions/Conditions must be prefaced by a vendor, e.g., iam, sdb, ec2, etc.',
  actionMultipleColons: 'Actions/Condition can contain only one colon.',
  actionInvalidVendor: (vendor: string): string => `Vendor ${vendor} is not valid`,
  resourceNotArn: (resource: string): string => `Resource ${resource} must be in ARN format or "*".`,
  resourcePartition: (partition: string, rendered: string): string =>
    `Partition "${partition}" is not valid for resource "${rendered}".`,
  resourceVendorNotQualified: 'Resource vendor must be fully qualified and cannot contain regexes.',
  iamRegion: (resource: string): string => `IAM resource ${resource} cannot contain region information.`,
  s3Region: (resource: string): string => `Resource ${resource} can not contain region information.`,
  iamPath:
    'IAM resource path must either be "*" or start with user/, federated-user/, role/, group/, instance-profile/, mfa/, server-certificate/, policy/, sms-mfa/, saml-provider/, oidc-provider/, report/, access-report/.',
  principalForbidden: 'Policy document should not specify a principal.',
  // Wording unconfirmed (spec §5).
  principalMissing: 'Missing required field Principal',
  prohibitedField: (field: string): string => `Has prohibited field ${field}`,
  // Message taken from emulators (spec §5).
  trustActions: 'AssumeRole policy may only specify STS AssumeRole actions.',
  invalidPrincipal: (type: string, value: string): string => `Invalid principal in policy: "${type}":"${value}"`,
} as const;

export const IAM_RESOURCE_PREFIXES = [
  'user/', 'federated-user/', 'role/', 'group/', 'instance-profile/', 'mfa/', 'server-certificate/',
  'policy/', 'sms-mfa/', 'saml-provider/', 'oidc-provider/', 'report/', 'access-report/',
] as const;
