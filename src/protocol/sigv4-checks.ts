// Time and credential-scope checks on parsed SigV4 authentication. The clock is an input.
import { formatAmzDate } from './amz-date.js';
import { incompleteSignature, requestExpired, signatureDoesNotMatch } from './errors.js';
import type { AwsError } from './errors.js';
import { MAX_PRESIGN_EXPIRES, SIGV4_TERMINATOR, SKEW_MS } from './sigv4-types.js';
import type { SigV4Auth } from './sigv4-types.js';

function scopeDateProblem(auth: SigV4Auth): string | undefined {
  const httpDay = auth.amzDate.slice(0, 8);
  if (auth.scopeDate === httpDay) return undefined;
  return (
    'Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date from HTTP: ' +
    `'${auth.scopeDate}' != '${httpDay}', from '${auth.amzDate}'.`
  );
}

/**
 * Clock checks: the credential scope's date, ±15 minutes of skew (AWS's exact wording), and for
 * presigned requests the X-Amz-Expires window (1..604800 s) → RequestExpired.
 * Without X-Amz-Expires a presigned request gets the same 15-minute window as a header-signed one.
 */
export function checkSigV4Freshness(auth: SigV4Auth, now: Date): AwsError | undefined {
  const dateProblem = scopeDateProblem(auth);
  if (dateProblem) return signatureDoesNotMatch(dateProblem);

  // AWS reasons in whole seconds: its messages print second precision.
  const nowMs = Math.floor(now.getTime() / 1000) * 1000;
  const t = auth.date.getTime();
  const nowText = (): string => formatAmzDate(new Date(nowMs));
  if (t > nowMs + SKEW_MS) {
    return signatureDoesNotMatch(
      `Signature not yet current: ${auth.amzDate} is still later than ${formatAmzDate(new Date(nowMs + SKEW_MS))} (${nowText()} + 15 min.)`,
    );
  }
  if (auth.presigned && auth.expiresSeconds !== undefined) {
    const expires = auth.expiresSeconds;
    if (expires < 0) return incompleteSignature('X-Amz-Expires must be non-negative');
    if (expires > MAX_PRESIGN_EXPIRES) {
      return incompleteSignature(`X-Amz-Expires must be less than a week (in seconds) that is ${MAX_PRESIGN_EXPIRES}`);
    }
    return nowMs > t + expires * 1000 ? requestExpired() : undefined;
  }
  if (t < nowMs - SKEW_MS) {
    return signatureDoesNotMatch(
      `Signature expired: ${auth.amzDate} is now earlier than ${formatAmzDate(new Date(nowMs - SKEW_MS))} (${nowText()} - 15 min.)`,
    );
  }
  return undefined;
}

export interface ScopeExpectation {
  /** The SigV4 service name this endpoint answers for (`iam`, `sts`, `organizations`). */
  service: string;
  /** Accepted regions; omit to accept any (SDKs sign with the client region at a custom endpoint). */
  regions?: readonly string[];
}

/** Checks region, service, terminator and date of the credential scope; AWS reports all failures in one message. */
export function expectScope(auth: SigV4Auth, expected: ScopeExpectation): AwsError | undefined {
  const problems: string[] = [];
  if (expected.regions && !expected.regions.includes(auth.region)) {
    problems.push(`Credential should be scoped to a valid region, not '${auth.region}'.`);
  }
  if (auth.service !== expected.service) {
    problems.push(`Credential should be scoped to correct service: '${expected.service}'.`);
  }
  if (auth.terminator !== SIGV4_TERMINATOR) {
    problems.push(`Credential should be scoped with a valid terminator: '${SIGV4_TERMINATOR}', not '${auth.terminator}'.`);
  }
  const dateProblem = scopeDateProblem(auth);
  if (dateProblem) problems.push(dateProblem);
  return problems.length > 0 ? signatureDoesNotMatch(problems.join(' ')) : undefined;
}
