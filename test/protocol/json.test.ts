import { describe, expect, it } from 'vitest';
import { AwsError, jsonError, jsonResponse, parseJsonTarget, xmlMap } from '../../src/protocol/index.js';

describe('jsonResponse', () => {
  it('wraps GetCallerIdentity as aws-iam-authenticator expects', () => {
    const json = jsonResponse({
      action: 'GetCallerIdentity',
      requestId: 'r-1',
      result: { Arn: 'arn:aws:iam::123456789012:user/Alice', UserId: 'AIDA', Account: '123456789012' },
    });
    expect(JSON.parse(json)).toEqual({
      GetCallerIdentityResponse: {
        GetCallerIdentityResult: { Arn: 'arn:aws:iam::123456789012:user/Alice', UserId: 'AIDA', Account: '123456789012' },
        ResponseMetadata: { RequestId: 'r-1' },
      },
    });
  });

  it('omits the Result for operations without output', () => {
    expect(JSON.parse(jsonResponse({ action: 'DeleteUser', requestId: 'r' }))).toEqual({ DeleteUserResponse: { ResponseMetadata: { RequestId: 'r' } } });
  });

  it('renders lists, maps and timestamps (epoch seconds)', () => {
    const json = JSON.parse(jsonResponse({ action: 'X', requestId: 'r', result: { L: ['a'], M: xmlMap({ k: 1 }), T: new Date(1500), U: undefined } }));
    expect(json.XResponse.XResult).toEqual({ L: ['a'], M: { k: 1 }, T: 1.5 });
  });
});

describe('jsonError', () => {
  it('mirrors the XML error shape', () => {
    expect(JSON.parse(jsonError(new AwsError('AccessDenied', 'no'), 'r'))).toEqual({
      Error: { Type: 'Sender', Code: 'AccessDenied', Message: 'no' },
      RequestId: 'r',
    });
  });
});

describe('parseJsonTarget', () => {
  it('splits an Organizations X-Amz-Target', () => {
    expect(parseJsonTarget('AWSOrganizationsV20161128.ListAccounts')).toEqual({ prefix: 'AWSOrganizationsV20161128', operation: 'ListAccounts' });
  });

  it('rejects targets that are not Prefix.Operation', () => {
    expect([parseJsonTarget(undefined), parseJsonTarget('NoDot'), parseJsonTarget('.Op'), parseJsonTarget('A.'), parseJsonTarget('A.B.C')]).toEqual([
      undefined,
      undefined,
      undefined,
      undefined,
      undefined,
    ]);
  });
});
