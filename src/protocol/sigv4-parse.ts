// Extracts SigV4 authentication from the Authorization header or presigned query parameters.
// Error wording and check order follow AWS's Coral front end (as recorded by AWS emulators).
import { parseAmzDate, formatAmzDate } from './amz-date.js';
import { AwsError, incompleteSignature, missingAuthenticationToken, signatureDoesNotMatch } from './errors.js';
import { percentDecode } from './percent.js';
import { SIGV4_ALGORITHM, headerValue } from './sigv4-types.js';
import type { HttpRequestParts, SigV4Auth } from './sigv4-types.js';

const QUERY_AUTH_PARAMS = ['X-Amz-Algorithm', 'X-Amz-Credential', 'X-Amz-Signature', 'X-Amz-SignedHeaders', 'X-Amz-Date'];

/** Only the X-Amz-* parameters matter here; everything else is left to the Query decoder. */
function authQueryParams(rawQuery: string): Map<string, string> {
  const out = new Map<string, string>();
  if (!rawQuery.includes('X-Amz-')) return out;
  for (const pair of rawQuery.split('&')) {
    if (!pair.startsWith('X-Amz-')) continue;
    const eq = pair.indexOf('=');
    const name = eq === -1 ? pair : pair.slice(0, eq);
    if (!out.has(name)) out.set(name, eq === -1 ? '' : percentDecode(pair.slice(eq + 1), true));
  }
  return out;
}

function badDate(text: string): AwsError {
  return incompleteSignature(`Date must be in ISO-8601 'basic format'. Got '${text}'. See http://en.wikipedia.org/wiki/ISO_8601`);
}

interface Common {
  algorithm: string;
  credential: string;
  signedHeaders: string;
  signature: string;
  dateText: string;
  /** Date header (RFC 1123) rather than X-Amz-Date. */
  httpDate: boolean;
}

function finish(c: Common, presigned: boolean): SigV4Auth | AwsError {
  let date: Date | undefined;
  if (c.httpDate) {
    const ms = Date.parse(c.dateText);
    date = Number.isNaN(ms) ? undefined : new Date(ms);
  } else {
    date = parseAmzDate(c.dateText);
  }
  if (!date) return badDate(c.dateText);

  const signedHeaders = c.signedHeaders.split(';').map((h) => h.trim().toLowerCase()).filter((h) => h.length > 0);
  if (!signedHeaders.includes('host') && !signedHeaders.includes(':authority')) {
    return signatureDoesNotMatch("'Host' or ':authority' must be a 'SignedHeader' in the AWS Authorization.");
  }
  if (c.algorithm !== SIGV4_ALGORITHM) {
    // SigV4a (AWS4-ECDSA-P256-SHA256) is optional for STS and not supported here.
    return incompleteSignature(`Unsupported AWS 'algorithm': '${c.algorithm}'.`);
  }
  const parts = c.credential.replace(/\/+$/, '').split('/');
  if (parts.length !== 5) {
    return incompleteSignature(
      `Credential must have exactly 5 slash-delimited elements, e.g. keyid/date/region/service/term, got '${c.credential}'`,
    );
  }
  const [accessKeyId, scopeDate, region, service, terminator] = parts;
  return {
    accessKeyId,
    date,
    amzDate: c.httpDate ? formatAmzDate(date) : c.dateText,
    scopeDate,
    region,
    service,
    terminator,
    signedHeaders,
    signature: c.signature,
    presigned,
  };
}

function parseHeaderAuth(req: HttpRequestParts, header: string): SigV4Auth | AwsError {
  const trimmed = header.trim();
  const space = trimmed.search(/\s/);
  const algorithm = space === -1 ? trimmed : trimmed.slice(0, space);
  const fields = new Map<string, string>();
  // AWS splits on commas and whitespace, so a stray space inside a value is reported as a bad pair.
  for (const token of (space === -1 ? '' : trimmed.slice(space + 1)).split(/[,\s]+/)) {
    if (token.length === 0) continue;
    const eq = token.indexOf('=');
    if (eq === -1) {
      return incompleteSignature(`'${token}' not a valid key=value pair (missing equal-sign) in Authorization header: '${header}'.`);
    }
    const key = token.slice(0, eq);
    if (!fields.has(key)) fields.set(key, token.slice(eq + 1));
  }
  const amzDate = headerValue(req.headers, 'x-amz-date');
  const httpDate = headerValue(req.headers, 'date');
  let missing = '';
  for (const name of ['Credential', 'Signature', 'SignedHeaders']) {
    if (!fields.get(name)) missing += `Authorization header requires '${name}' parameter. `;
  }
  if (!amzDate && !httpDate) missing += "Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header. ";
  if (missing) return incompleteSignature(`${missing}Authorization=${header}`);

  const auth = finish(
    {
      algorithm,
      credential: fields.get('Credential') ?? '',
      signedHeaders: fields.get('SignedHeaders') ?? '',
      signature: fields.get('Signature') ?? '',
      dateText: amzDate || httpDate || '',
      httpDate: !amzDate,
    },
    false,
  );
  if (auth instanceof AwsError) return auth;
  const token = headerValue(req.headers, 'x-amz-security-token');
  if (token !== undefined) auth.securityToken = token;
  return auth;
}

function parseQueryAuth(params: Map<string, string>): SigV4Auth | AwsError {
  let missing = '';
  for (const name of QUERY_AUTH_PARAMS) {
    if (!params.get(name)) missing += `AWS query-string parameters must include '${name}'. `;
  }
  if (missing) return incompleteSignature(`${missing}Re-examine the query-string parameters.`);

  const auth = finish(
    {
      algorithm: params.get('X-Amz-Algorithm') ?? '',
      credential: params.get('X-Amz-Credential') ?? '',
      signedHeaders: params.get('X-Amz-SignedHeaders') ?? '',
      signature: params.get('X-Amz-Signature') ?? '',
      dateText: params.get('X-Amz-Date') ?? '',
      httpDate: false,
    },
    true,
  );
  if (auth instanceof AwsError) return auth;
  const expires = params.get('X-Amz-Expires');
  if (expires !== undefined) {
    if (!/^-?\d{1,15}$/.test(expires)) return incompleteSignature('X-Amz-Expires should be a number');
    auth.expiresSeconds = Number(expires);
  }
  const token = params.get('X-Amz-Security-Token');
  if (token !== undefined) auth.securityToken = token;
  return auth;
}

/**
 * Parses SigV4 authentication (header or presigned query). Returns the AWS error to send when the
 * request is unauthenticated or the authentication is malformed; never throws.
 */
export function parseSigV4(req: HttpRequestParts): SigV4Auth | AwsError {
  let params: Map<string, string>;
  try {
    params = authQueryParams(req.query);
  } catch (err) {
    if (err instanceof AwsError) return err;
    throw err;
  }
  const header = headerValue(req.headers, 'authorization');
  const queryAuth = params.has('X-Amz-Algorithm');
  if (header !== undefined && queryAuth) {
    return incompleteSignature("Found both 'X-Amz-Algorithm' as a query-string param and 'Authorization' as HTTP header.");
  }
  if (queryAuth) return parseQueryAuth(params);
  if (header === undefined || !header.trim().startsWith('AWS4-')) return missingAuthenticationToken();
  return parseHeaderAuth(req, header);
}
