// Public face of the identity layer: errors, accounts, authentication, policy sets, authorization.
// Additive: each service adds its exports here.
export {
  ServiceError,
  deleteConflict,
  entityAlreadyExists,
  invalidInput,
  limitExceeded,
  malformedPolicyDocument,
  noSuchEntity,
  unmodifiableEntity,
  validationFailure,
  withoutStackTrace,
} from './errors.js';
export type { AuthorizeInput, CallerIdentity, RequestInfo } from './caller.js';
export { createAccount, ensureAccount, randomAccountId } from './accounts.js';
export type { EnsuredAccount, RootCredentials } from './accounts.js';
export { Authenticator, INVALID_CLIENT_TOKEN_MESSAGE, invalidClientToken } from './authenticate.js';
export type { AuthenticatorOptions, ResolvedCredentials, SessionResolver } from './authenticate.js';
export { PolicySetCache } from './policy-set.js';
export type { PolicySetCacheOptions, PrincipalPolicies } from './policy-set.js';
export { authorize, requestContext } from './authorize.js';
export { getAwsManagedPolicy, getAwsManagedPolicyVersion, listAwsManagedPolicies } from './aws-managed.js';
export type { AwsManagedPolicy, AwsManagedPolicyVersion } from './aws-managed.js';
export { checkTags, requestTagContext } from './tags.js';
