// Resource / NotResource value rules as IAM applies them (spec/policy-grammar.md §3; order of checks and
// the rendering of partition errors follow AWS's observed answers).
import { AwsMessages, IAM_RESOURCE_PREFIXES } from './aws-messages.js';
import type { DiagnosticCode } from './codes.js';

export interface ResourceProblem {
  readonly code: DiagnosticCode;
  readonly message: string;
}

/** The first format problem of one resource value, or undefined when IAM accepts its format. */
export function resourceFormatProblem(resource: string): ResourceProblem | undefined {
  if (resource === '*') return undefined;
  const first = resource.indexOf(':');
  // The text before the first colon is not checked ("aws:s3:::b" is read as partition "s3").
  if (first < 0) return { code: 'resource.notArn', message: AwsMessages.resourceNotArn(resource) };
  const afterFirst = resource.slice(first + 1);
  const second = afterFirst.indexOf(':');
  const partition = second < 0 ? afterFirst : afterFirst.slice(0, second);
  if (partition !== 'aws') {
    const parts = second < 0 ? [''] : afterFirst.slice(second + 1).split(':');
    const seg = (i: number): string => (i < parts.length ? parts[i] : '*');
    const s1 = parts[0] !== '' || parts.length > 1 ? parts[0] : '*';
    const rest = parts.length > 3 ? parts.slice(3).join(':') : '*';
    return {
      code: 'resource.partition',
      message: AwsMessages.resourcePartition(partition, `arn:${partition}:${s1}:${seg(1)}:${seg(2)}:${rest}`),
    };
  }
  if (second < 0) return { code: 'resource.vendorNotQualified', message: AwsMessages.resourceVendorNotQualified };
  const afterPartition = afterFirst.slice(second + 1);
  const third = afterPartition.indexOf(':');
  const service = third < 0 ? afterPartition : afterPartition.slice(0, third);
  const afterService = third < 0 ? '' : afterPartition.slice(third + 1);
  // A region is anything but an empty 4th segment; "arn:aws:s3" (no 4th segment at all) counts as one, as in AWS.
  const hasRegion = third < 0 || !afterService.startsWith(':');
  if (service === 'iam' && hasRegion) return { code: 'resource.region', message: AwsMessages.iamRegion(resource) };
  if (service === 's3' && hasRegion && !isRegionalS3Resource(afterService)) {
    return { code: 'resource.region', message: AwsMessages.s3Region(resource) };
  }
  if (service === 'iam') {
    // afterService = ":<account>:<resource>"
    const accountEnd = afterService.indexOf(':', 1);
    const resourcePart = accountEnd < 0 ? '' : afterService.slice(accountEnd + 1);
    // The message allows "*"; AWS's observed prefix list omits it. AWS's own message wins.
    if (resourcePart !== '*' && !IAM_RESOURCE_PREFIXES.some((p) => resourcePart.startsWith(p))) {
      return { code: 'resource.iamPath', message: AwsMessages.iamPath };
    }
  }
  return undefined;
}

/**
 * S3 resource types whose ARN has a region and an account (service authorization reference: access points and
 * their objects, Batch Operations jobs, Storage Lens configurations and groups, Access Grants, Multi-Region Access
 * Point requests). IAM rejects a region only in bucket and object ARNs, account or not ("arn:aws:s3:us-west-2:
 * 123456789012:bucket/*" is refused, boto/boto3#1154). Which answer a wildcard resource part ("*", "acc*") gets is
 * not known; it is treated as a bucket.
 */
const REGIONAL_S3_PREFIXES = ['accesspoint/', 'job/', 'storage-lens/', 'storage-lens-group/', 'access-grants/', 'async-request/'];

/** `afterService` = "<region>:<account>:<resource>". */
function isRegionalS3Resource(afterService: string): boolean {
  const regionEnd = afterService.indexOf(':');
  const accountEnd = regionEnd < 0 ? -1 : afterService.indexOf(':', regionEnd + 1);
  if (accountEnd < 0) return false;
  const resourcePart = afterService.slice(accountEnd + 1);
  return REGIONAL_S3_PREFIXES.some((p) => resourcePart.startsWith(p));
}

/**
 * IAM's legacy parser: a resource with "::" needs at least 5 colons, and the service segment must not be
 * empty (`arn:aws::x`, `arn:aws:s3::b` fail; `arn:aws:fdsasf` passes). Only applies to well-formed values.
 */
export function failsLegacyResourceParse(resource: string): boolean {
  const first = resource.indexOf(':');
  if (resource === '*' || first < 0) return false;
  const second = resource.indexOf(':', first + 1);
  // An empty service segment: "arn:aws::…" or "arn:aws:".
  if (second >= 0 && (second + 1 === resource.length || resource.charCodeAt(second + 1) === 58)) return true;
  if (!resource.includes('::')) return false;
  let colons = 0;
  for (let i = 0; i < resource.length && colons < 5; i++) if (resource.charCodeAt(i) === 58) colons++;
  return colons < 5;
}

/** The index of the first `${` before the 5th colon, or -1 (IAM expands variables only in the resource part). */
export function variableBeforeResourcePart(resource: string): number {
  const v = resource.indexOf('${');
  if (v < 0) return -1;
  let colons = 0;
  for (let i = 0; i < v; i++) if (resource.charCodeAt(i) === 58) colons++;
  return colons < 5 ? v : -1;
}
