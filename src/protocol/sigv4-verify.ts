// Recomputes the SigV4 signature with the caller's secret and compares in constant time.
import { createHmac, timingSafeEqual } from 'node:crypto';
import { canonicalRequest, sha256Hex, stringToSign } from './sigv4-canonical.js';
import { headerValue } from './sigv4-types.js';
import type { HttpRequestParts, SigV4Auth } from './sigv4-types.js';

/** Constant-time string equality; unequal lengths compare a buffer with itself so timing does not reveal where they differ. */
export function constantTimeEqual(a: string, b: string): boolean {
  const ab = Buffer.from(a, 'utf8');
  const bb = Buffer.from(b, 'utf8');
  if (ab.length !== bb.length) {
    timingSafeEqual(ab, ab);
    return false;
  }
  return timingSafeEqual(ab, bb);
}

// Signing keys change once a day per key and scope; caching them saves four HMACs per request.
const KEY_CACHE_LIMIT = 1024;
const keyCache = new Map<string, { secret: string; key: Buffer }>();

// The last key used, checked field by field before the map: a client's consecutive requests share it and the
// map's key string need not be built and hashed (measured: ~0.5% of a GetUser).
let last: { accessKeyId: string; scopeDate: string; region: string; service: string; terminator: string; secret: string; key: Buffer } | undefined;

function signingKey(auth: SigV4Auth, secretAccessKey: string): Buffer {
  if (
    last !== undefined && last.secret === secretAccessKey && last.accessKeyId === auth.accessKeyId && last.scopeDate === auth.scopeDate &&
    last.region === auth.region && last.service === auth.service && last.terminator === auth.terminator
  ) {
    return last.key;
  }
  const key = cachedSigningKey(auth, secretAccessKey);
  const { accessKeyId, scopeDate, region, service, terminator } = auth;
  last = { accessKeyId, scopeDate, region, service, terminator, secret: secretAccessKey, key };
  return key;
}

function cachedSigningKey(auth: SigV4Auth, secretAccessKey: string): Buffer {
  const cacheKey = `${auth.accessKeyId}\n${auth.scopeDate}\n${auth.region}\n${auth.service}\n${auth.terminator}`;
  const hit = keyCache.get(cacheKey);
  if (hit && hit.secret === secretAccessKey) return hit.key;
  let key: Buffer = createHmac('sha256', 'AWS4' + secretAccessKey).update(auth.scopeDate).digest();
  for (const part of [auth.region, auth.service, auth.terminator]) key = createHmac('sha256', key).update(part).digest();
  if (keyCache.size >= KEY_CACHE_LIMIT) keyCache.delete(keyCache.keys().next().value as string);
  keyCache.set(cacheKey, { secret: secretAccessKey, key });
  return key;
}

/** Drops cached signing keys (e.g. after a secret rotates; a changed secret also misses the cache on its own). */
export function clearSigningKeyCache(): void {
  keyCache.clear();
  last = undefined;
}

/**
 * The payload hash to use, or undefined when the request claims a hash its body does not have.
 * A signed x-amz-content-sha256 must equal the real body hash: IAM/STS never accept UNSIGNED-PAYLOAD,
 * otherwise the body could be swapped under a valid signature.
 */
function payloadHash(req: HttpRequestParts, auth: SigV4Auth): string | undefined {
  const actual = sha256Hex(req.body);
  if (!auth.presigned && auth.signedHeaders.includes('x-amz-content-sha256')) {
    const claimed = headerValue(req.headers, 'x-amz-content-sha256');
    return claimed === actual ? claimed : undefined;
  }
  return actual;
}

/** The signature the caller should have sent (hex), or undefined if no signature can match. */
export function computeSigV4Signature(req: HttpRequestParts, auth: SigV4Auth, secretAccessKey: string): string | undefined {
  const hash = payloadHash(req, auth);
  if (hash === undefined) return undefined;
  const canonical = canonicalRequest(req, auth, hash);
  if (canonical === undefined) return undefined;
  return createHmac('sha256', signingKey(auth, secretAccessKey)).update(stringToSign(auth, canonical)).digest('hex');
}

/** True when the request's signature is the one `secretAccessKey` produces. Does not check time or scope. */
export function verifySigV4Signature(req: HttpRequestParts, auth: SigV4Auth, secretAccessKey: string): boolean {
  const expected = computeSigV4Signature(req, auth, secretAccessKey);
  if (expected === undefined) {
    constantTimeEqual(auth.signature, auth.signature);
    return false;
  }
  return constantTimeEqual(expected, auth.signature);
}
