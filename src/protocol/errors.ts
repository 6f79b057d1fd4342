// AWS error shapes for the Query/JSON wire: a code, an HTTP status and Sender/Receiver.
// Codes are what SDKs map to exception classes, so they are emitted verbatim (spec §4).

export type AwsErrorType = 'Sender' | 'Receiver';

/** HTTP status of every IAM/STS/common error code we emit (spec §4). */
export const ERROR_STATUS: Readonly<Record<string, number>> = Object.freeze({
  // common to every Query service
  AccessDenied: 403,
  InvalidClientTokenId: 403,
  SignatureDoesNotMatch: 403,
  MissingAuthenticationToken: 403,
  OptInRequired: 403,
  ExpiredToken: 403,
  IncompleteSignature: 400,
  RequestExpired: 400,
  ValidationError: 400,
  InvalidAction: 400,
  MissingAction: 400,
  MissingParameter: 400,
  InvalidParameterValue: 400,
  InvalidParameterCombination: 400,
  InvalidQueryParameter: 400,
  Throttling: 400,
  MalformedQueryString: 404,
  InternalFailure: 500,
  ServiceUnavailable: 503,
  // IAM
  InvalidInput: 400,
  MalformedPolicyDocument: 400,
  UnmodifiableEntity: 400,
  PolicyNotAttachable: 400,
  InvalidUserType: 400,
  PasswordPolicyViolation: 400,
  InvalidCertificate: 400,
  MalformedCertificate: 400,
  KeyPairMismatch: 400,
  InvalidPublicKey: 400,
  DuplicateSSHPublicKey: 400,
  UnrecognizedPublicKeyEncoding: 400,
  OpenIdIdpCommunicationError: 400,
  InvalidAuthenticationCode: 403,
  NoSuchEntity: 404,
  ReportInProgress: 404,
  FeatureDisabled: 404,
  NotSupportedService: 404,
  EntityAlreadyExists: 409,
  LimitExceeded: 409,
  DeleteConflict: 409,
  ConcurrentModification: 409,
  EntityTemporarilyUnmodifiable: 409,
  DuplicateCertificate: 409,
  FeatureEnabled: 409,
  ReportGenerationLimitExceeded: 409,
  ReportExpired: 410,
  ReportNotPresent: 410,
  ServiceFailure: 500,
  PolicyEvaluation: 500,
  // STS (some keep the "Exception" suffix on the wire)
  PackedPolicyTooLarge: 400,
  InvalidIdentityToken: 400,
  IDPCommunicationError: 400,
  ExpiredTokenException: 400,
  InvalidAuthorizationMessageException: 400,
  IDPRejectedClaim: 403,
  RegionDisabledException: 403,
});

/** Status for a code; unknown codes are client errors unless they name a failure. */
export function statusForCode(code: string): number {
  return ERROR_STATUS[code] ?? 400;
}

export class AwsError extends Error {
  readonly code: string;
  readonly status: number;
  readonly type: AwsErrorType;

  constructor(code: string, message: string, status: number = statusForCode(code)) {
    super(message);
    this.name = 'AwsError';
    this.code = code;
    this.status = status;
    this.type = status >= 500 ? 'Receiver' : 'Sender';
  }
}

export function isAwsError(value: unknown): value is AwsError {
  return value instanceof AwsError;
}

// ---- common constructors ----------------------------------------------------------------

export const accessDenied = (message: string): AwsError => new AwsError('AccessDenied', message);

export const invalidClientTokenId = (): AwsError =>
  new AwsError('InvalidClientTokenId', 'The security token included in the request is invalid.');

export const SIGNATURE_MISMATCH_MESSAGE =
  'The request signature we calculated does not match the signature you provided. ' +
  'Check your AWS Secret Access Key and signing method. Consult the service documentation for details.';

export const signatureDoesNotMatch = (message: string = SIGNATURE_MISMATCH_MESSAGE): AwsError =>
  new AwsError('SignatureDoesNotMatch', message);

export const missingAuthenticationToken = (): AwsError =>
  new AwsError('MissingAuthenticationToken', 'Request is missing Authentication Token');

export const incompleteSignature = (message: string): AwsError => new AwsError('IncompleteSignature', message);

export const expiredToken = (): AwsError =>
  new AwsError('ExpiredToken', 'The security token included in the request is expired');

export const requestExpired = (): AwsError => new AwsError('RequestExpired', 'Request has expired.');

export const missingAction = (): AwsError => new AwsError('MissingAction', 'Missing Action');

export const invalidAction = (action: string, version: string | undefined): AwsError =>
  new AwsError('InvalidAction', `Could not find operation ${action} for version ${version ?? 'NO_VERSION_SPECIFIED'}`);

export const missingParameter = (name: string): AwsError =>
  new AwsError('MissingParameter', `The request must contain the parameter ${name}`);

export const invalidParameterValue = (message: string): AwsError => new AwsError('InvalidParameterValue', message);

export const malformedQueryString = (message: string): AwsError => new AwsError('MalformedQueryString', message);

export const internalFailure = (): AwsError =>
  new AwsError('InternalFailure', 'The request processing has failed because of an unknown error, exception or failure.');

// ---- validation errors ------------------------------------------------------------------

export interface ConstraintViolation {
  /** The offending value; `null` renders as AWS's unquoted `Value null` (a missing member). */
  value: string | number | boolean | null;
  /** camelCase member path as AWS prints it, e.g. `userName`, `tags.1.member.key`. */
  member: string;
  /** Text after "Member must ", e.g. `have length less than or equal to 64`. */
  constraint: string;
}

function describeViolation(v: ConstraintViolation): string {
  const value = v.value === null ? 'null' : `'${String(v.value)}'`;
  return `Value ${value} at '${v.member}' failed to satisfy constraint: Member must ${v.constraint}`;
}

/** AWS's Coral validation message: "1 validation error detected: …" / "N validation errors detected: …; …". */
export function validationMessage(violations: readonly ConstraintViolation[]): string {
  const n = violations.length;
  const head = n === 1 ? '1 validation error detected: ' : `${n} validation errors detected: `;
  return head + violations.map(describeViolation).join('; ');
}

export function validationError(violations: readonly ConstraintViolation[]): AwsError {
  return new AwsError('ValidationError', validationMessage(violations));
}

/** `UserName` → `userName`, `SAMLMetadataDocument` → `sAMLMetadataDocument` (AWS lower-cases one letter only). */
export function memberName(parameter: string): string {
  return parameter.length === 0 ? parameter : parameter[0].toLowerCase() + parameter.slice(1);
}
