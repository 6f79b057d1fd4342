// Small builders shared by the policy tests.
import { awsPolicyError, checkPolicy, parsePolicy } from '../../src/policy/index.js';
import type { PolicyKind, ValidateOptions } from '../../src/policy/index.js';

export const V = '2012-10-17';

/** A one-statement 2012 policy with the given statement fields. */
export function policy(statement: unknown, extra: Record<string, unknown> = {}): string {
  return JSON.stringify({ Version: V, ...extra, Statement: statement });
}

/** A valid identity statement, overridable. */
export function stmt(fields: Record<string, unknown> = {}): Record<string, unknown> {
  return { Effect: 'Allow', Action: 's3:ListBucket', Resource: 'arn:aws:s3:::example_bucket', ...fields };
}

export function awsMessage(document: unknown, kind: PolicyKind = 'identity', options?: ValidateOptions): string | undefined {
  const text = typeof document === 'string' ? document : JSON.stringify(document);
  return awsPolicyError(text, kind, options)?.message;
}

export function parseCodes(text: string): string[] {
  return parsePolicy(text).diagnostics.map((d) => d.code);
}

export function checkCodes(text: string, kind: PolicyKind, options?: ValidateOptions): string[] {
  return checkPolicy(text, kind, options).diagnostics.map((d) => d.code);
}
