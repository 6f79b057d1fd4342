// Errors of the identity services, in AWS's vocabulary. The identity layer sits below protocol/, so it names
// the AWS error code and message; api/ turns a ServiceError into the wire error (status, envelope).

export class ServiceError extends Error {
  constructor(
    /** AWS's error code exactly, e.g. `NoSuchEntity`, `EntityAlreadyExists`, `LimitExceeded`, `DeleteConflict`. */
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'ServiceError';
  }
}

/**
 * Builds an expected, answered-to-the-caller error without capturing a stack trace (its `stack` is the
 * message line only). A stack capture costs more than the rest of a denied request's authorization; these
 * errors become wire responses and are never logged.
 */
export function withoutStackTrace<E extends Error>(make: () => E): E {
  const limit = Error.stackTraceLimit;
  Error.stackTraceLimit = 0;
  try {
    return make();
  } finally {
    Error.stackTraceLimit = limit;
  }
}

export const noSuchEntity = (message: string): ServiceError => new ServiceError('NoSuchEntity', message);
export const entityAlreadyExists = (message: string): ServiceError => new ServiceError('EntityAlreadyExists', message);
export const limitExceeded = (message: string): ServiceError => new ServiceError('LimitExceeded', message);
export const deleteConflict = (message: string): ServiceError => new ServiceError('DeleteConflict', message);
export const invalidInput = (message: string): ServiceError => new ServiceError('InvalidInput', message);
export const malformedPolicyDocument = (message: string): ServiceError => new ServiceError('MalformedPolicyDocument', message);
export const unmodifiableEntity = (message: string): ServiceError => new ServiceError('UnmodifiableEntity', message);
export const validationFailure = (message: string): ServiceError => new ServiceError('ValidationError', message);
