// Public face of the wire protocol: SigV4, Query decoding, XML/JSON encoding, AWS errors.
export {
  AwsError,
  ERROR_STATUS,
  SIGNATURE_MISMATCH_MESSAGE,
  accessDenied,
  expiredToken,
  incompleteSignature,
  internalFailure,
  invalidAction,
  invalidClientTokenId,
  invalidParameterValue,
  isAwsError,
  malformedQueryString,
  memberName,
  missingAction,
  missingAuthenticationToken,
  missingParameter,
  requestExpired,
  signatureDoesNotMatch,
  statusForCode,
  validationError,
  validationMessage,
} from './errors.js';
export type { AwsErrorType, ConstraintViolation } from './errors.js';

export { formatAmzDate, parseAmzDate } from './amz-date.js';
export { uriEncode } from './percent.js';

export { EMPTY_SHA256, MAX_PRESIGN_EXPIRES, SIGV4_ALGORITHM } from './sigv4-types.js';
export type { HttpRequestParts, SigV4Auth } from './sigv4-types.js';
export { parseSigV4 } from './sigv4-parse.js';
export { checkSigV4Freshness, expectScope } from './sigv4-checks.js';
export type { ScopeExpectation } from './sigv4-checks.js';
export { canonicalRequest, stringToSign } from './sigv4-canonical.js';
export { clearSigningKeyCache, computeSigV4Signature, constantTimeEqual, verifySigV4Signature } from './sigv4-verify.js';

export { QueryParams, checkString, listMemberName, mergeQuery, parseQueryBody } from './query.js';
export type { IntOptions, StringOptions } from './query.js';

export { XmlMap, element, escapeXml, formatTimestamp, urlEncodePolicy, xmlError, xmlMap, xmlResponse } from './xml.js';
export type { XmlObject, XmlOptions, XmlResponseInput, XmlScalar, XmlValue } from './xml.js';
export { jsonError, jsonResponse } from './json.js';
export type { JsonResponseInput } from './json.js';

export {
  IAM_NAMESPACE,
  IAM_VERSION,
  ORGANIZATIONS_CONTENT_TYPE,
  ORGANIZATIONS_TARGET_PREFIX,
  SIGNING_SERVICE,
  STS_NAMESPACE,
  STS_VERSION,
  parseJsonTarget,
} from './namespaces.js';
export type { JsonTarget } from './namespaces.js';
