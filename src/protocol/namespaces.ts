// Service identities on the wire: Query namespaces/versions and the Organizations JSON 1.1 target.

export const IAM_VERSION = '2010-05-08';
export const IAM_NAMESPACE = 'https://iam.amazonaws.com/doc/2010-05-08/';
export const STS_VERSION = '2011-06-15';
export const STS_NAMESPACE = 'https://sts.amazonaws.com/doc/2011-06-15/';

export const ORGANIZATIONS_TARGET_PREFIX = 'AWSOrganizationsV20161128';
export const ORGANIZATIONS_CONTENT_TYPE = 'application/x-amz-json-1.1';

/** SigV4 signing names of the services Castellan answers. */
export const SIGNING_SERVICE = { iam: 'iam', sts: 'sts', organizations: 'organizations' } as const;

export interface JsonTarget {
  prefix: string;
  operation: string;
}

/** `AWSOrganizationsV20161128.ListAccounts` → { prefix, operation }; undefined when not `Prefix.Operation`. */
export function parseJsonTarget(target: string | undefined): JsonTarget | undefined {
  if (!target) return undefined;
  const dot = target.indexOf('.');
  if (dot <= 0 || dot === target.length - 1 || target.indexOf('.', dot + 1) !== -1) return undefined;
  return { prefix: target.slice(0, dot), operation: target.slice(dot + 1) };
}
