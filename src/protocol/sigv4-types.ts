// The request as the verifier sees it, and the parsed SigV4 authentication.

export interface HttpRequestParts {
  method: string;
  /** Raw path as received, without the query. */
  path: string;
  /** Raw query string without '?'. */
  query: string;
  /** Lower-case header names. Repeated headers may be given as an array. */
  headers: Record<string, string | string[] | undefined>;
  body: Uint8Array;
}

export interface SigV4Auth {
  accessKeyId: string;
  /** The request time (X-Amz-Date, or the Date header). */
  date: Date;
  /** The request time in ISO-8601 basic format, as used in the string to sign. */
  amzDate: string;
  /** The credential scope's elements, exactly as sent. */
  scopeDate: string;
  region: string;
  service: string;
  terminator: string;
  /** Lower-case, in the order sent. */
  signedHeaders: string[];
  signature: string;
  presigned: boolean;
  expiresSeconds?: number;
  securityToken?: string;
}

export const SIGV4_ALGORITHM = 'AWS4-HMAC-SHA256';
export const SIGV4_TERMINATOR = 'aws4_request';
/** SHA-256 of the empty string, the payload hash of a body-less request. */
export const EMPTY_SHA256 = 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855';
export const MAX_PRESIGN_EXPIRES = 604_800;
export const SKEW_MS = 15 * 60 * 1000;

/** A header's value; repeated headers are joined with ',' as SigV4 prescribes. */
export function headerValue(headers: HttpRequestParts['headers'], name: string): string | undefined {
  const v = headers[name];
  return Array.isArray(v) ? v.join(',') : v;
}
