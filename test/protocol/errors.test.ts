import { describe, expect, it } from 'vitest';
import {
  AwsError,
  ERROR_STATUS,
  constantTimeEqual,
  invalidAction,
  invalidClientTokenId,
  memberName,
  signatureDoesNotMatch,
  statusForCode,
  validationError,
} from '../../src/protocol/index.js';

describe('AwsError', () => {
  it('takes its status from the code table', () => {
    const e = new AwsError('NoSuchEntity', 'The user with name bob cannot be found.');
    expect([e.status, e.type, e.message]).toEqual([404, 'Sender', 'The user with name bob cannot be found.']);
  });

  it('is a Receiver error for 5xx codes', () => {
    expect(new AwsError('ServiceFailure', 'x').type).toBe('Receiver');
    expect(new AwsError('ServiceUnavailable', 'x').type).toBe('Receiver');
  });

  it('maps every IAM/STS modeled code of the spec to its status', () => {
    const expected: Record<number, string[]> = {
      400: ['InvalidInput', 'MalformedPolicyDocument', 'UnmodifiableEntity', 'PolicyNotAttachable', 'InvalidUserType', 'PasswordPolicyViolation',
        'InvalidCertificate', 'MalformedCertificate', 'KeyPairMismatch', 'InvalidPublicKey', 'DuplicateSSHPublicKey',
        'UnrecognizedPublicKeyEncoding', 'OpenIdIdpCommunicationError', 'PackedPolicyTooLarge', 'InvalidIdentityToken',
        'IDPCommunicationError', 'ExpiredTokenException', 'InvalidAuthorizationMessageException', 'IncompleteSignature', 'RequestExpired',
        'ValidationError', 'InvalidAction', 'MissingAction', 'MissingParameter', 'InvalidParameterValue', 'InvalidParameterCombination', 'Throttling'],
      403: ['InvalidAuthenticationCode', 'IDPRejectedClaim', 'RegionDisabledException', 'AccessDenied', 'InvalidClientTokenId',
        'SignatureDoesNotMatch', 'MissingAuthenticationToken', 'OptInRequired', 'ExpiredToken'],
      404: ['NoSuchEntity', 'ReportInProgress', 'FeatureDisabled', 'NotSupportedService', 'MalformedQueryString'],
      409: ['EntityAlreadyExists', 'LimitExceeded', 'DeleteConflict', 'ConcurrentModification', 'EntityTemporarilyUnmodifiable',
        'DuplicateCertificate', 'FeatureEnabled', 'ReportGenerationLimitExceeded'],
      410: ['ReportExpired', 'ReportNotPresent'],
      500: ['ServiceFailure', 'PolicyEvaluation', 'InternalFailure'],
      503: ['ServiceUnavailable'],
    };
    for (const [status, codes] of Object.entries(expected)) {
      for (const code of codes) expect([code, ERROR_STATUS[code]]).toEqual([code, Number(status)]);
    }
  });

  it('defaults unknown codes to 400', () => {
    expect(statusForCode('SomethingNew')).toBe(400);
  });

  it('carries AWS\'s exact SignatureDoesNotMatch message', () => {
    expect(signatureDoesNotMatch().message).toBe(
      'The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details.',
    );
  });

  it('carries AWS\'s InvalidClientTokenId message', () => {
    const e = invalidClientTokenId();
    expect([e.code, e.status, e.message]).toEqual(['InvalidClientTokenId', 403, 'The security token included in the request is invalid.']);
  });

  it('names the operation and version in InvalidAction', () => {
    expect(invalidAction('Frobnicate', '2010-05-08').message).toBe('Could not find operation Frobnicate for version 2010-05-08');
  });
});

describe('validationError', () => {
  it('formats one violation', () => {
    expect(validationError([{ value: 'x y', member: 'userName', constraint: 'satisfy regular expression pattern: [\\w+=,.@-]+' }]).message).toBe(
      "1 validation error detected: Value 'x y' at 'userName' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\w+=,.@-]+",
    );
  });

  it('joins several violations with "; "', () => {
    const e = validationError([
      { value: null, member: 'roleName', constraint: 'not be null' },
      { value: 2000, member: 'maxItems', constraint: 'have value less than or equal to 1000' },
    ]);
    expect([e.code, e.status, e.message]).toEqual([
      'ValidationError',
      400,
      "2 validation errors detected: Value null at 'roleName' failed to satisfy constraint: Member must not be null; " +
        "Value '2000' at 'maxItems' failed to satisfy constraint: Member must have value less than or equal to 1000",
    ]);
  });

  it('lower-cases only the first letter of a member name', () => {
    expect([memberName('UserName'), memberName('SAMLMetadataDocument'), memberName('arn')]).toEqual(['userName', 'sAMLMetadataDocument', 'arn']);
  });
});

describe('constantTimeEqual', () => {
  it('is true for equal strings', () => {
    expect(constantTimeEqual('abc123', 'abc123')).toBe(true);
  });

  it('is false for strings differing in one character', () => {
    expect(constantTimeEqual('abc123', 'abc124')).toBe(false);
  });

  it('is false for strings of different lengths (no exception from timingSafeEqual)', () => {
    expect(constantTimeEqual('abc', 'abcd')).toBe(false);
    expect(constantTimeEqual('', 'a')).toBe(false);
  });

  it('compares multi-byte text by bytes', () => {
    expect(constantTimeEqual('é', 'e\u0301')).toBe(false);
  });
});
