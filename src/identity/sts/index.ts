// Public face of STS in the identity layer: credential issuance (AssumeRole, GetSessionToken,
// GetFederationToken), caller and key information, authorization messages, and what the server needs to
// authenticate and authorize temporary credentials (resolver, session policy sets, session context keys).
export { SessionKeyring, openSession, sealSession } from './session-token.js';
export type { OpenResult, SessionClaims, SessionKey } from './session-token.js';
export type { StsContext } from './context.js';
export { accountOfAccessKeyId, issueCredentials, newTemporaryAccessKeyId } from './credentials.js';
export type { IssuedCredentials, SessionDraft } from './credentials.js';
export {
  CHAINED_SESSION_MAX_SECONDS,
  DEFAULT_ROLE_SESSION_SECONDS,
  EXCEEDS_CHAINING_LIMIT,
  EXCEEDS_MAX_SESSION_DURATION,
  ROOT_CANNOT_ASSUME,
  assumeRole,
} from './assume-role.js';
export type { AssumeRoleInput, AssumeRoleOutput } from './assume-role.js';
export { DEFAULT_USER_SESSION_SECONDS, getFederationToken, getSessionToken } from './tokens.js';
export type { GetFederationTokenInput, GetFederationTokenOutput, GetSessionTokenInput } from './tokens.js';
export { getAccessKeyInfo, getCallerIdentity } from './info.js';
export type { CallerIdentityOutput } from './info.js';
export {
  authorizationMessage,
  decodeAuthorizationMessage,
  encodeAuthorizationMessage,
  openAuthorizationMessage,
} from './authorization-message.js';
export type { AuthorizationMessage } from './authorization-message.js';
export { EXPIRED_TOKEN_MESSAGE, StsSessionResolver, expiredToken } from './resolver.js';
export {
  SessionPolicyCache,
  callerFromClaims,
  checkSessionCall,
  overlayTags,
  sessionBaseCaller,
  sessionContext,
  sessionPolicies,
} from './session-auth.js';
export { MAX_SESSION_POLICY_ARNS, PACKED_BUDGET_BYTES, checkPackedSize, packedPolicyPercent } from './session-policies.js';
