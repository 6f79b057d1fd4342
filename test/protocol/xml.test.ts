import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { HttpResponse } from '@smithy/protocol-http';
import { GetAccountSummaryCommand, GetUserCommand, IAMClient, ListUsersCommand, NoSuchEntityException } from '@aws-sdk/client-iam';
import {
  AwsError,
  IAM_NAMESPACE,
  STS_NAMESPACE,
  element,
  escapeXml,
  urlEncodePolicy,
  xmlError,
  xmlMap,
  xmlResponse,
} from '../../src/protocol/index.js';

const RID = '7a62c49f-347e-4fc4-9331-6e8eEXAMPLE';
/** AWS's documented examples are indented; compare without inter-element whitespace. */
const compact = (xml: string): string => xml.replace(/>\s+</g, '><').trim();

describe('xmlResponse', () => {
  it('matches the documented IAM GetUser example', () => {
    const xml = xmlResponse({
      action: 'GetUser',
      namespace: IAM_NAMESPACE,
      requestId: RID,
      result: {
        User: {
          UserId: 'AIDACKCEVSQ6C2EXAMPLE',
          Path: '/division_abc/subdivision_xyz/',
          UserName: 'Bob',
          Arn: 'arn:aws:iam::123456789012:user/division_abc/subdivision_xyz/Bob',
          CreateDate: new Date('2013-10-02T17:01:44Z'),
          PasswordLastUsed: new Date('2014-10-10T14:37:51Z'),
        },
      },
    });
    expect(xml).toBe(
      compact(`<GetUserResponse xmlns="https://iam.amazonaws.com/doc/2010-05-08/">
   <GetUserResult>
      <User>
         <UserId>AIDACKCEVSQ6C2EXAMPLE</UserId>
         <Path>/division_abc/subdivision_xyz/</Path>
         <UserName>Bob</UserName>
         <Arn>arn:aws:iam::123456789012:user/division_abc/subdivision_xyz/Bob</Arn>
         <CreateDate>2013-10-02T17:01:44Z</CreateDate>
         <PasswordLastUsed>2014-10-10T14:37:51Z</PasswordLastUsed>
      </User>
   </GetUserResult>
   <ResponseMetadata>
      <RequestId>7a62c49f-347e-4fc4-9331-6e8eEXAMPLE</RequestId>
   </ResponseMetadata>
</GetUserResponse>`),
    );
  });

  it('matches the documented DeleteUser example (no Result element)', () => {
    expect(xmlResponse({ action: 'DeleteUser', namespace: IAM_NAMESPACE, requestId: RID })).toBe(
      compact(`<DeleteUserResponse xmlns="https://iam.amazonaws.com/doc/2010-05-08/">
   <ResponseMetadata>
      <RequestId>7a62c49f-347e-4fc4-9331-6e8eEXAMPLE</RequestId>
   </ResponseMetadata>
</DeleteUserResponse>`),
    );
  });

  it('matches the documented STS GetCallerIdentity example', () => {
    const xml = xmlResponse({
      action: 'GetCallerIdentity',
      namespace: STS_NAMESPACE,
      requestId: '01234567-89ab-cdef-0123-456789abcdef',
      result: { Arn: 'arn:aws:iam::123456789012:user/Alice', UserId: 'AIDACKCEVSQ6C2EXAMPLE', Account: '123456789012' },
    });
    expect(xml).toBe(
      compact(`<GetCallerIdentityResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/">
  <GetCallerIdentityResult>
   <Arn>arn:aws:iam::123456789012:user/Alice</Arn>
    <UserId>AIDACKCEVSQ6C2EXAMPLE</UserId>
    <Account>123456789012</Account>
  </GetCallerIdentityResult>
  <ResponseMetadata>
    <RequestId>01234567-89ab-cdef-0123-456789abcdef</RequestId>
  </ResponseMetadata>
</GetCallerIdentityResponse>`),
    );
  });

  it('renders lists as <member> elements and empty lists as <Name/>', () => {
    const xml = xmlResponse({
      action: 'ListUsers',
      namespace: IAM_NAMESPACE,
      requestId: RID,
      result: { Users: [{ UserName: 'a', Tags: [] }, { UserName: 'b' }], IsTruncated: false },
    });
    expect(xml).toContain(
      '<ListUsersResult><Users><member><UserName>a</UserName><Tags/></member><member><UserName>b</UserName></member></Users><IsTruncated>false</IsTruncated></ListUsersResult>',
    );
  });

  it('renders maps as <entry><key/><value/></entry>', () => {
    expect(element('SummaryMap', xmlMap({ Users: 5, Groups: 0 }))).toBe(
      '<SummaryMap><entry><key>Users</key><value>5</value></entry><entry><key>Groups</key><value>0</value></entry></SummaryMap>',
    );
  });

  it('omits undefined and null members', () => {
    expect(element('User', { UserName: 'a', PermissionsBoundary: undefined, Tags: null })).toBe('<User><UserName>a</UserName></User>');
  });

  it('keeps an empty string as an empty element', () => {
    expect(element('Value', '')).toBe('<Value></Value>');
  });

  it('renders timestamps with milliseconds when asked', () => {
    const xml = xmlResponse({
      action: 'AssumeRole',
      namespace: STS_NAMESPACE,
      requestId: RID,
      timestampMilliseconds: true,
      result: { Credentials: { Expiration: new Date('2025-01-01T12:00:00.123Z') } },
    });
    expect(xml).toContain('<Expiration>2025-01-01T12:00:00.123Z</Expiration>');
  });

  it('escapes text', () => {
    expect(escapeXml(`a<b>&"c'\r`)).toBe('a&lt;b&gt;&amp;&quot;c&apos;&#xD;');
    expect(element('Description', '</Description><Evil/>')).toBe('<Description>&lt;/Description&gt;&lt;Evil/&gt;</Description>');
  });
});

describe('xmlError', () => {
  it('produces the ErrorResponse envelope of spec §4', () => {
    const err = new AwsError('NoSuchEntity', 'The user with name bob cannot be found.');
    expect(xmlError(err, IAM_NAMESPACE, RID)).toBe(
      compact(`<ErrorResponse xmlns="https://iam.amazonaws.com/doc/2010-05-08/">
  <Error><Type>Sender</Type><Code>NoSuchEntity</Code><Message>The user with name bob cannot be found.</Message></Error>
  <RequestId>7a62c49f-347e-4fc4-9331-6e8eEXAMPLE</RequestId>
</ErrorResponse>`),
    );
  });

  it('marks 5xx errors as Receiver', () => {
    expect(xmlError(new AwsError('ServiceFailure', 'x'), IAM_NAMESPACE, RID)).toContain('<Type>Receiver</Type>');
  });
});

describe('urlEncodePolicy', () => {
  it('percent-encodes everything outside the RFC 3986 unreserved set', () => {
    expect(urlEncodePolicy('{"Sid":"a b!*\'()~._-é"}')).toBe('%7B%22Sid%22%3A%22a%20b%21%2A%27%28%29~._-%C3%A9%22%7D');
  });

  it('round-trips through decodeURIComponent', () => {
    const doc = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: '*', Resource: 'arn:aws:s3:::b/日本/*' }] });
    expect(decodeURIComponent(urlEncodePolicy(doc))).toBe(doc);
  });
});

describe('the AWS SDK v3 parses our XML', () => {
  function clientAnswering(status: number, body: string): IAMClient {
    return new IAMClient({
      region: 'us-east-1',
      endpoint: 'http://127.0.0.1:4566',
      credentials: { accessKeyId: 'AKIAIOSFODNN7EXAMPLE', secretAccessKey: 'x' },
      maxAttempts: 1,
      requestHandler: {
        handle: async () => ({
          response: new HttpResponse({ statusCode: status, headers: { 'content-type': 'text/xml', 'x-amzn-requestid': RID }, body: Readable.from([Buffer.from(body)]) }),
        }),
      },
    });
  }

  it('reads a GetUser response with tags and an escaped value', async () => {
    const xml = xmlResponse({
      action: 'GetUser',
      namespace: IAM_NAMESPACE,
      requestId: RID,
      result: { User: { Path: '/', UserName: 'bob', UserId: 'AIDAX', Arn: 'arn:aws:iam::123456789012:user/bob', CreateDate: new Date('2025-01-01T12:00:00Z'), Tags: [{ Key: 'team', Value: 'a<b>&c' }] } },
    });
    const out = await clientAnswering(200, xml).send(new GetUserCommand({}));
    expect(out.User?.Tags).toEqual([{ Key: 'team', Value: 'a<b>&c' }]);
    expect(out.User?.CreateDate).toEqual(new Date('2025-01-01T12:00:00Z'));
    expect(out.$metadata.requestId).toBe(RID);
  });

  it('reads an empty list', async () => {
    const xml = xmlResponse({ action: 'ListUsers', namespace: IAM_NAMESPACE, requestId: RID, result: { Users: [], IsTruncated: false } });
    const out = await clientAnswering(200, xml).send(new ListUsersCommand({}));
    expect([out.Users, out.IsTruncated]).toEqual([[], false]);
  });

  it('reads a map', async () => {
    const xml = xmlResponse({ action: 'GetAccountSummary', namespace: IAM_NAMESPACE, requestId: RID, result: { SummaryMap: xmlMap({ Users: 5, Groups: 2 }) } });
    const out = await clientAnswering(200, xml).send(new GetAccountSummaryCommand({}));
    expect(out.SummaryMap).toEqual({ Users: 5, Groups: 2 });
  });

  it('maps our error envelope to the SDK exception class', async () => {
    const xml = xmlError(new AwsError('NoSuchEntity', 'The user with name bob cannot be found.'), IAM_NAMESPACE, RID);
    const err: unknown = await clientAnswering(404, xml).send(new GetUserCommand({ UserName: 'bob' })).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(NoSuchEntityException);
    expect((err as NoSuchEntityException).message).toBe('The user with name bob cannot be found.');
    expect((err as NoSuchEntityException).$metadata.httpStatusCode).toBe(404);
  });
});
