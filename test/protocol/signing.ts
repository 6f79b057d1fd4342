// Test helper: sign requests with @smithy/signature-v4 (the SDK v3 signer) and hand them to the verifier.
import { Sha256 } from '@aws-crypto/sha256-js';
import { HttpRequest } from '@smithy/protocol-http';
import { SignatureV4 } from '@smithy/signature-v4';
import { uriEncode } from '../../src/protocol/index.js';
import type { HttpRequestParts } from '../../src/protocol/index.js';

export const AKID = 'AKIAIOSFODNN7EXAMPLE';
export const SECRET = 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY';
export const SIGNED_AT = new Date('2025-01-01T12:00:00Z');

export interface SignInput {
  method?: string;
  path?: string;
  query?: Record<string, string | string[]>;
  headers?: Record<string, string>;
  body?: string | Uint8Array;
  service?: string;
  region?: string;
  date?: Date;
  sessionToken?: string;
  secret?: string;
}

function signer(input: SignInput): SignatureV4 {
  return new SignatureV4({
    service: input.service ?? 'iam',
    region: input.region ?? 'us-east-1',
    credentials: { accessKeyId: AKID, secretAccessKey: input.secret ?? SECRET, sessionToken: input.sessionToken },
    sha256: Sha256,
  });
}

function smithyRequest(input: SignInput): HttpRequest {
  return new HttpRequest({
    method: input.method ?? 'POST',
    protocol: 'https:',
    hostname: 'iam.amazonaws.com',
    path: input.path ?? '/',
    query: input.query ?? {},
    headers: { host: 'iam.amazonaws.com', 'content-type': 'application/x-www-form-urlencoded; charset=utf-8', ...input.headers },
    body: input.body,
  });
}

/** The wire form of a smithy request, as our server would receive it. */
export function toParts(req: {
  method: string;
  path: string;
  query?: Record<string, string | string[] | null | undefined>;
  headers: Record<string, string>;
  body?: unknown;
}): HttpRequestParts {
  const query: string[] = [];
  for (const [k, v] of Object.entries(req.query ?? {})) {
    if (v === null || v === undefined) query.push(uriEncode(k));
    else for (const item of Array.isArray(v) ? v : [v]) query.push(`${uriEncode(k)}=${uriEncode(item)}`);
  }
  const headers: Record<string, string> = {};
  for (const [k, v] of Object.entries(req.headers)) headers[k.toLowerCase()] = v;
  const body = req.body === undefined ? new Uint8Array() : typeof req.body === 'string' ? Buffer.from(req.body, 'utf8') : (req.body as Uint8Array);
  return { method: req.method, path: req.path, query: query.join('&'), headers, body: new Uint8Array(body) };
}

export async function signed(input: SignInput = {}): Promise<HttpRequestParts> {
  const body = input.body ?? 'Action=GetUser&Version=2010-05-08';
  const req = await signer(input).sign(smithyRequest({ ...input, body }), { signingDate: input.date ?? SIGNED_AT });
  return toParts(req);
}

export async function presigned(input: SignInput & { expiresIn?: number } = {}): Promise<HttpRequestParts> {
  const req = smithyRequest({ method: 'GET', ...input });
  delete req.headers['content-type'];
  const out = await signer(input).presign(req, { signingDate: input.date ?? SIGNED_AT, expiresIn: input.expiresIn ?? 900 });
  return toParts(out);
}
