import { describe, expect, it } from 'vitest';
import { checkSigV4Freshness, expectScope } from '../../src/protocol/index.js';
import type { SigV4Auth } from '../../src/protocol/index.js';

const T = new Date('2015-08-30T12:36:00Z');

function auth(overrides: Partial<SigV4Auth> = {}): SigV4Auth {
  return {
    accessKeyId: 'AKIDEXAMPLE',
    date: T,
    amzDate: '20150830T123600Z',
    scopeDate: '20150830',
    region: 'us-east-1',
    service: 'sts',
    terminator: 'aws4_request',
    signedHeaders: ['host'],
    signature: 'x',
    presigned: false,
    ...overrides,
  };
}

const at = (iso: string): Date => new Date(iso);

describe('checkSigV4Freshness', () => {
  it('accepts a request exactly 15 minutes old', () => {
    expect(checkSigV4Freshness(auth(), at('2015-08-30T12:51:00Z'))).toBeUndefined();
  });

  it('rejects a request 15 minutes and 1 second old with AWS\'s message', () => {
    const e = checkSigV4Freshness(auth(), at('2015-08-30T12:51:01Z'));
    expect([e?.code, e?.status, e?.message]).toEqual([
      'SignatureDoesNotMatch',
      403,
      'Signature expired: 20150830T123600Z is now earlier than 20150830T123601Z (20150830T125101Z - 15 min.)',
    ]);
  });

  it('accepts a request dated exactly 15 minutes in the future', () => {
    expect(checkSigV4Freshness(auth(), at('2015-08-30T12:21:00Z'))).toBeUndefined();
  });

  it('rejects a request dated 15 minutes and 1 second in the future', () => {
    const e = checkSigV4Freshness(auth(), at('2015-08-30T12:20:59Z'));
    expect(e?.message).toBe('Signature not yet current: 20150830T123600Z is still later than 20150830T123559Z (20150830T122059Z + 15 min.)');
  });

  it('compares whole seconds (milliseconds of the clock are ignored)', () => {
    expect(checkSigV4Freshness(auth(), at('2015-08-30T12:51:00.999Z'))).toBeUndefined();
  });

  it('rejects a credential scope date different from the request date', () => {
    const e = checkSigV4Freshness(auth({ scopeDate: '20150831' }), T);
    expect([e?.code, e?.message]).toEqual([
      'SignatureDoesNotMatch',
      "Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date from HTTP: '20150831' != '20150830', from '20150830T123600Z'.",
    ]);
  });

  it('accepts a presigned request until its X-Amz-Expires has passed, even beyond 15 minutes', () => {
    const a = auth({ presigned: true, expiresSeconds: 3600 });
    expect(checkSigV4Freshness(a, at('2015-08-30T13:36:00Z'))).toBeUndefined();
  });

  it('rejects an expired presigned request with RequestExpired 400', () => {
    const e = checkSigV4Freshness(auth({ presigned: true, expiresSeconds: 60 }), at('2015-08-30T12:37:01Z'));
    expect([e?.code, e?.status, e?.message]).toEqual(['RequestExpired', 400, 'Request has expired.']);
  });

  it('rejects X-Amz-Expires above one week', () => {
    expect(checkSigV4Freshness(auth({ presigned: true, expiresSeconds: 604801 }), T)?.code).toBe('IncompleteSignature');
  });

  it('accepts X-Amz-Expires of exactly one week', () => {
    expect(checkSigV4Freshness(auth({ presigned: true, expiresSeconds: 604800 }), at('2015-09-06T12:36:00Z'))).toBeUndefined();
  });

  it('rejects a negative X-Amz-Expires', () => {
    expect(checkSigV4Freshness(auth({ presigned: true, expiresSeconds: -1 }), T)?.code).toBe('IncompleteSignature');
  });

  it('applies the 15-minute window to a presigned request without X-Amz-Expires', () => {
    expect(checkSigV4Freshness(auth({ presigned: true }), at('2015-08-30T12:51:01Z'))?.code).toBe('SignatureDoesNotMatch');
  });

  it('rejects a presigned request dated more than 15 minutes ahead', () => {
    expect(checkSigV4Freshness(auth({ presigned: true, expiresSeconds: 900 }), at('2015-08-30T12:20:00Z'))?.message).toMatch(
      /^Signature not yet current/,
    );
  });
});

describe('expectScope', () => {
  it('accepts the expected service in an allowed region', () => {
    expect(expectScope(auth(), { service: 'sts', regions: ['us-east-1'] })).toBeUndefined();
  });

  it('accepts any region when none are listed', () => {
    expect(expectScope(auth({ region: 'ap-south-2' }), { service: 'sts' })).toBeUndefined();
  });

  it('names the correct service', () => {
    const e = expectScope(auth({ service: 'iam' }), { service: 'sts' });
    expect([e?.code, e?.status, e?.message]).toEqual(['SignatureDoesNotMatch', 403, "Credential should be scoped to correct service: 'sts'."]);
  });

  it('reports every scope problem in one message, in AWS order', () => {
    const e = expectScope(auth({ region: 'wrong-region', service: 'x', terminator: 'aws5_request', scopeDate: 'foobar' }), {
      service: 'sts',
      regions: ['us-east-1'],
    });
    expect(e?.message).toBe(
      "Credential should be scoped to a valid region, not 'wrong-region'. Credential should be scoped to correct service: 'sts'. " +
        "Credential should be scoped with a valid terminator: 'aws4_request', not 'aws5_request'. " +
        "Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date from HTTP: 'foobar' != '20150830', from '20150830T123600Z'.",
    );
  });
});
