// The public entry points: parse, validate, both, and AWS's single answer. None of them throws.
import type { PolicyDocument, PolicyKind } from './ast.js';
import type { Diagnostic } from './diagnostics.js';
import { AwsPhase, collector, firstAwsFinding, sortedDiagnostics } from './findings.js';
import type { Finding } from './findings.js';
import type { ParseOptions, ValidateOptions } from './options.js';
import { parseInternal } from './parse.js';
import { validateInternal } from './validate.js';

export interface ParseResult {
  /** Present iff there is no error-severity diagnostic. */
  readonly document?: PolicyDocument;
  /** In document order. */
  readonly diagnostics: Diagnostic[];
}

function hasError(findings: readonly Finding[]): boolean {
  return findings.some((f) => f.diagnostic.severity === 'error');
}

function internalError(source: string | undefined, error: unknown): Finding[] {
  const { findings, report } = collector(source);
  report({ code: 'json.invalid', severity: 'error', message: `Internal error while checking the policy: ${String(error)}` });
  return findings;
}

/** Parses a policy document: JSON and the kind-independent grammar. */
export function parsePolicy(text: string, options?: ParseOptions): ParseResult {
  try {
    const { partial, findings } = parseInternal(text, options);
    const ok = partial && !hasError(findings);
    return { ...(ok ? { document: partial } : {}), diagnostics: sortedDiagnostics(findings) };
  } catch (error) {
    // A bug, not bad input; still never throw at callers (the server maps this to a 500-free answer).
    return { diagnostics: sortedDiagnostics(internalError(options?.source, error)) };
  }
}

/** Rules for one policy kind (spec/policy-grammar.md §5) and its size quota. */
export function validatePolicy(document: PolicyDocument, kind: PolicyKind, options?: ValidateOptions): Diagnostic[] {
  try {
    return sortedDiagnostics(validateInternal(document, kind, options));
  } catch (error) {
    return sortedDiagnostics(internalError(document?.source, error));
  }
}

function checkInternal(text: string, kind: PolicyKind, options?: ParseOptions & ValidateOptions): { partial?: PolicyDocument; findings: Finding[] } {
  const { partial, findings } = parseInternal(text, options);
  // After a grammar error the AST has holes (a rejected Resource looks absent): kind rules would invent errors.
  const grammarBroken = findings.some((f) => f.aws?.[0] === AwsPhase.syntax);
  if (partial && !grammarBroken) findings.push(...validateInternal(partial, kind, options));
  return { ...(partial ? { partial } : {}), findings };
}

/** Parse and validate for one kind: every diagnostic. */
export function checkPolicy(text: string, kind: PolicyKind, options?: ParseOptions & ValidateOptions): ParseResult {
  try {
    const { partial, findings } = checkInternal(text, kind, options);
    const ok = partial && !hasError(findings);
    return { ...(ok ? { document: partial } : {}), diagnostics: sortedDiagnostics(findings) };
  } catch (error) {
    return { diagnostics: sortedDiagnostics(internalError(options?.source, error)) };
  }
}

/**
 * parsePolicy and checkPolicy of one text, parsed once: what the two calls answer, for a caller that needs
 * both (the analyzer: the grammar's errors for a policy record, every diagnostic for its checks).
 */
export function parseAndCheckPolicy(
  text: string,
  kind: PolicyKind,
  options?: ParseOptions & ValidateOptions,
): { readonly parsed: ParseResult; readonly checked: ParseResult } {
  let partial: PolicyDocument | undefined;
  let findings: Finding[];
  try {
    ({ partial, findings } = parseInternal(text, options));
  } catch (error) {
    const failed = { diagnostics: sortedDiagnostics(internalError(options?.source, error)) };
    return { parsed: failed, checked: failed };
  }
  const parsed: ParseResult = { ...(partial && !hasError(findings) ? { document: partial } : {}), diagnostics: sortedDiagnostics(findings) };
  try {
    // As checkInternal: no kind rules over a document the grammar broke.
    const grammarBroken = findings.some((f) => f.aws?.[0] === AwsPhase.syntax);
    const all = partial && !grammarBroken ? [...findings, ...validateInternal(partial, kind, options)] : findings;
    return { parsed, checked: { ...(partial && !hasError(all) ? { document: partial } : {}), diagnostics: sortedDiagnostics(all) } };
  } catch (error) {
    return { parsed, checked: { diagnostics: sortedDiagnostics(internalError(options?.source, error)) } };
  }
}

/**
 * What AWS's IAM API answers for this document: the first failure in AWS's check order, with AWS's exact
 * message, or undefined when AWS accepts it. API-parameter constraints (characters, length) and size
 * quotas are other errors (ValidationError, LimitExceeded): see policyTextConstraintError and checkPolicy.
 */
export function awsPolicyError(
  text: string,
  kind: PolicyKind,
  options?: ValidateOptions,
): { code: 'MalformedPolicyDocument'; message: string } | undefined {
  try {
    const first = firstAwsFinding(checkInternal(text, kind, options).findings);
    if (!first) return undefined;
    return { code: 'MalformedPolicyDocument', message: first.diagnostic.awsMessage ?? first.diagnostic.message };
  } catch {
    return { code: 'MalformedPolicyDocument', message: 'Syntax errors in policy.' };
  }
}

function allowedCharacters(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (!(c === 9 || c === 10 || c === 13 || (c >= 0x20 && c <= 0xff))) return false;
  }
  return true;
}

/**
 * The IAM API's own constraint on a policy-document parameter (pattern and length 1–131,072), checked
 * before the document is parsed. Returns the constraint text for a ValidationError, or undefined.
 */
export function policyTextConstraintError(text: string, member = 'policyDocument'): string | undefined {
  if (typeof text !== 'string' || text.length < 1 || text.length > 131_072) {
    return `Value at '${member}' failed to satisfy constraint: Member must have length between 1 and 131072`;
  }
  if (!allowedCharacters(text)) {
    return `Value at '${member}' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\u0009\\u000A\\u000D\\u0020-\\u00FF]+`;
  }
  return undefined;
}
