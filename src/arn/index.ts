// Public face of the ARN module: ARN syntax, IAM/STS entity ARNs, partitions and identifier formats.
// Pure: no I/O, no clock, no randomness of its own.
export type { Arn, ArnParts } from './arn.js';
export { formatArn, isArn, parseArn } from './arn.js';
export type { IamEntityType, PrincipalArn, PrincipalArnKind } from './iam.js';
export { assumedRoleArn, federatedUserArn, iamArn, parsePrincipalArn, rootArn } from './iam.js';
export type { Partition } from './partition.js';
export { partitionForRegion } from './partition.js';
export type { AccessKeyIdPrefix, KnownIdPrefix, RandomBytes, UniqueIdPrefix } from './ids.js';
export { newAccessKeyId, newSecretAccessKey, newUniqueId, uniqueIdPrefix } from './ids.js';
export { isValidAccountId } from './account.js';
