import { describe, expect, it } from 'vitest';
import { AwsError, parseSigV4 } from '../../src/protocol/index.js';
import type { HttpRequestParts, SigV4Auth } from '../../src/protocol/index.js';
import { presigned, signed } from './signing.js';

const GOOD =
  'AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20250101/us-east-1/iam/aws4_request, SignedHeaders=content-type;host;x-amz-date, Signature=abc123';

function req(headers: Record<string, string>, query = ''): HttpRequestParts {
  return { method: 'POST', path: '/', query, headers: { host: 'iam.amazonaws.com', ...headers }, body: new Uint8Array() };
}

function error(r: HttpRequestParts): AwsError {
  const out = parseSigV4(r);
  if (!(out instanceof AwsError)) throw new Error('expected an error');
  return out;
}

function ok(r: HttpRequestParts): SigV4Auth {
  const out = parseSigV4(r);
  if (out instanceof AwsError) throw out;
  return out;
}

describe('parseSigV4: Authorization header', () => {
  it('parses every field of a valid header', () => {
    const a = ok(req({ authorization: GOOD, 'x-amz-date': '20250101T120000Z' }));
    expect(a).toEqual({
      accessKeyId: 'AKIDEXAMPLE',
      date: new Date('2025-01-01T12:00:00Z'),
      amzDate: '20250101T120000Z',
      scopeDate: '20250101',
      region: 'us-east-1',
      service: 'iam',
      terminator: 'aws4_request',
      signedHeaders: ['content-type', 'host', 'x-amz-date'],
      signature: 'abc123',
      presigned: false,
    });
  });

  it('reports a missing Authorization as MissingAuthenticationToken 403', () => {
    const e = error(req({}));
    expect([e.code, e.status, e.message]).toEqual(['MissingAuthenticationToken', 403, 'Request is missing Authentication Token']);
  });

  it('treats a non-AWS4 Authorization (Bearer, Basic) as missing authentication', () => {
    expect(error(req({ authorization: 'Bearer eyJhbGciOi' })).code).toBe('MissingAuthenticationToken');
  });

  it('lists every missing component in one IncompleteSignature message', () => {
    const e = error(req({ authorization: 'AWS4-HMAC-SHA256 Foo=Bar, Baz=Burp' }));
    expect([e.code, e.status]).toEqual(['IncompleteSignature', 400]);
    expect(e.message).toBe(
      "Authorization header requires 'Credential' parameter. Authorization header requires 'Signature' parameter. " +
        "Authorization header requires 'SignedHeaders' parameter. Authorization header requires existence of either a " +
        "'X-Amz-Date' or a 'Date' header. Authorization=AWS4-HMAC-SHA256 Foo=Bar, Baz=Burp",
    );
  });

  it('names only the components that are missing', () => {
    const e = error(req({ authorization: 'AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE, Signature=ABCDEF', 'x-amz-date': '20250101T120000Z' }));
    expect(e.message).toBe(
      "Authorization header requires 'SignedHeaders' parameter. Authorization=AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE, Signature=ABCDEF",
    );
  });

  it('rejects a component without an equal sign', () => {
    const e = error(req({ authorization: 'AWS4-HMAC-SHA256 FooBar, BazBurp' }));
    expect(e.message).toBe("'FooBar' not a valid key=value pair (missing equal-sign) in Authorization header: 'AWS4-HMAC-SHA256 FooBar, BazBurp'.");
  });

  it('reports a stray space inside the credential as a bad key=value pair', () => {
    const h = 'AWS4-HMAC-SHA256 Credential=AKID /20250101/us-east-1/iam/aws4_request, SignedHeaders=host, Signature=ab';
    expect(error(req({ authorization: h, 'x-amz-date': '20250101T120000Z' })).message).toMatch(
      /^'\/20250101\/us-east-1\/iam\/aws4_request' not a valid key=value pair/,
    );
  });

  it('rejects an X-Amz-Date that is not ISO-8601 basic format', () => {
    const e = error(req({ authorization: GOOD, 'x-amz-date': '2025-01-01T12:00:00Z' }));
    expect([e.code, e.message]).toEqual([
      'IncompleteSignature',
      "Date must be in ISO-8601 'basic format'. Got '2025-01-01T12:00:00Z'. See http://en.wikipedia.org/wiki/ISO_8601",
    ]);
  });

  it('rejects an impossible calendar date', () => {
    expect(error(req({ authorization: GOOD, 'x-amz-date': '20251301T120000Z' })).code).toBe('IncompleteSignature');
  });

  it('falls back to the Date header when X-Amz-Date is absent', () => {
    const a = ok(req({ authorization: GOOD.replace('x-amz-date', 'date'), date: 'Wed, 01 Jan 2025 12:00:00 GMT' }));
    expect(a.amzDate).toBe('20250101T120000Z');
  });

  it('requires host to be signed', () => {
    const e = error(req({ authorization: GOOD.replace('content-type;host;x-amz-date', 'content-type;x-amz-date'), 'x-amz-date': '20250101T120000Z' }));
    expect([e.code, e.status, e.message]).toEqual([
      'SignatureDoesNotMatch',
      403,
      "'Host' or ':authority' must be a 'SignedHeader' in the AWS Authorization.",
    ]);
  });

  it('rejects an unsupported algorithm such as SigV4a', () => {
    const e = error(req({ authorization: GOOD.replace('AWS4-HMAC-SHA256', 'AWS4-ECDSA-P256-SHA256'), 'x-amz-date': '20250101T120000Z' }));
    expect([e.code, e.message]).toEqual(['IncompleteSignature', "Unsupported AWS 'algorithm': 'AWS4-ECDSA-P256-SHA256'."]);
  });

  it('requires a five-element credential', () => {
    const e = error(req({ authorization: GOOD.replace('AKIDEXAMPLE/20250101/us-east-1/iam/aws4_request', 'a/b/c/d'), 'x-amz-date': '20250101T120000Z' }));
    expect(e.message).toBe("Credential must have exactly 5 slash-delimited elements, e.g. keyid/date/region/service/term, got 'a/b/c/d'");
  });

  it('ignores trailing slashes on the credential', () => {
    const a = ok(req({ authorization: GOOD.replace('aws4_request', 'aws4_request//'), 'x-amz-date': '20250101T120000Z' }));
    expect(a.terminator).toBe('aws4_request');
  });

  it('reads X-Amz-Security-Token from the header', () => {
    const a = ok(req({ authorization: GOOD, 'x-amz-date': '20250101T120000Z', 'x-amz-security-token': 'tok' }));
    expect(a.securityToken).toBe('tok');
  });

  it('rejects a request carrying both header and query authentication', () => {
    const e = error(req({ authorization: GOOD, 'x-amz-date': '20250101T120000Z' }, 'X-Amz-Algorithm=AWS4-HMAC-SHA256'));
    expect(e.message).toBe("Found both 'X-Amz-Algorithm' as a query-string param and 'Authorization' as HTTP header.");
  });

  it('never puts the secret in a message (it never sees one)', async () => {
    const r = await signed();
    r.headers.authorization = String(r.headers.authorization).replace('Credential=', 'Credential ');
    expect(error(r).message).not.toContain('wJalrXUtnFEMI');
  });
});

describe('parseSigV4: presigned query', () => {
  it('parses a smithy presigned URL', async () => {
    const a = ok(await presigned({ service: 'sts', expiresIn: 60 }));
    expect([a.presigned, a.expiresSeconds, a.service, a.signedHeaders]).toEqual([true, 60, 'sts', ['host']]);
  });

  it('lists every missing query parameter', () => {
    const e = error(req({}, 'X-Amz-Algorithm='));
    expect([e.code, e.message]).toEqual([
      'IncompleteSignature',
      "AWS query-string parameters must include 'X-Amz-Algorithm'. AWS query-string parameters must include 'X-Amz-Credential'. " +
        "AWS query-string parameters must include 'X-Amz-Signature'. AWS query-string parameters must include 'X-Amz-SignedHeaders'. " +
        "AWS query-string parameters must include 'X-Amz-Date'. Re-examine the query-string parameters.",
    ]);
  });

  it('rejects a non-numeric X-Amz-Expires', async () => {
    const r = await presigned();
    r.query = r.query.replace('X-Amz-Expires=900', 'X-Amz-Expires=soon');
    expect(error(r).code).toBe('IncompleteSignature');
  });

  it('reports a broken escape in the query as MalformedQueryString 404', () => {
    const e = error(req({}, 'X-Amz-Algorithm=AWS4%zzHMAC'));
    expect([e.code, e.status, e.message]).toEqual(['MalformedQueryString', 404, 'Illegal hex character in escape % pattern: %zz']);
  });
});
