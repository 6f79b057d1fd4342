// Property tests: no input makes the policy module throw, and its answers stay self-consistent.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { awsPolicyError, checkPolicy, DIAGNOSTIC_CODES, parsePolicy, POLICY_KINDS } from '../../src/policy/index.js';
import type { ParseResult } from '../../src/policy/index.js';

const RUNS = { numRuns: 300 };

function consistent(text: string, r: ParseResult): void {
  const hasError = r.diagnostics.some((d) => d.severity === 'error');
  expect(r.document === undefined).toBe(hasError);
  for (const d of r.diagnostics) {
    expect(Object.hasOwn(DIAGNOSTIC_CODES, d.code)).toBe(true);
    if (d.span) {
      expect(d.span.start.offset).toBeGreaterThanOrEqual(0);
      expect(d.span.end.offset).toBeLessThanOrEqual(text.length);
      expect(d.span.start.line).toBeGreaterThanOrEqual(1);
      expect(d.span.start.column).toBeGreaterThanOrEqual(1);
    }
  }
}

const scalar = fc.oneof(
  fc.constantFrom('*', '', 's3:GetObject', 'arn:aws:s3:::b/*', 'arn:aws:iam::123456789012:role/R', 'a:b:c', 'arn:aws::x',
    '2012-10-17', '2008-10-17', 'Allow', 'Deny', 'allow', 'true', '${aws:username}', 'lambda.amazonaws.com', '2020-01-01T00:00:00Z'),
  fc.string(),
  fc.integer(),
  fc.double(),
  fc.boolean(),
  fc.constant(null),
);
const strOrList = fc.oneof(scalar, fc.array(scalar, { maxLength: 3 }), fc.jsonValue({ maxDepth: 2 }));
const operator = fc.oneof(
  fc.constantFrom('StringEquals', 'ForAnyValue:StringLike', 'ForAllValues:ArnLikeIfExists', 'DateGreaterThan', 'Null', 'NullIfExists',
    'ForAnyValue::StringEquals', 'Bool', 'NumericLessThan'),
  fc.string(),
);
const condition = fc.oneof(
  fc.dictionary(operator, fc.oneof(fc.dictionary(fc.string(), strOrList, { maxKeys: 3 }), scalar), { maxKeys: 3 }),
  strOrList,
);
const principal = fc.oneof(
  fc.constant('*'),
  fc.dictionary(fc.constantFrom('AWS', 'Service', 'Federated', 'CanonicalUser', 'Other'), strOrList, { maxKeys: 3 }),
  scalar,
);
const statement = fc.record(
  {
    Sid: scalar, Effect: scalar, Principal: principal, NotPrincipal: principal, Action: strOrList, NotAction: strOrList,
    Resource: strOrList, NotResource: strOrList, Condition: condition, Extra: scalar,
  },
  { requiredKeys: [] },
);
const plausiblePolicy = fc.record(
  { Version: scalar, Id: scalar, Statement: fc.oneof(statement, fc.array(statement, { maxLength: 3 }), scalar), Other: scalar },
  { requiredKeys: [] },
);

describe('properties', () => {
  it('parsePolicy never throws on arbitrary strings', () => {
    fc.assert(fc.property(fc.string({ unit: 'binary' }), (text) => consistent(text, parsePolicy(text))), RUNS);
  });
  it('parsePolicy never throws on arbitrary JSON text', () => {
    fc.assert(fc.property(fc.json(), (text) => consistent(text, parsePolicy(text))), RUNS);
  });
  it('parsePolicy never throws on arbitrary pretty-printed JSON values', () => {
    fc.assert(fc.property(fc.jsonValue(), (v) => {
      const text = JSON.stringify(v, null, 2) ?? '';
      consistent(text, parsePolicy(text));
    }), RUNS);
  });
  it('checkPolicy and awsPolicyError never throw on plausible policies, for every kind', () => {
    fc.assert(fc.property(plausiblePolicy, fc.constantFrom(...POLICY_KINDS), fc.boolean(), (doc, kind, managed) => {
      const text = JSON.stringify(doc);
      const r = checkPolicy(text, kind, { managed });
      consistent(text, r);
      const aws = awsPolicyError(text, kind, { managed });
      if (r.diagnostics.every((d) => d.severity !== 'error')) expect(aws).toBeUndefined();
      if (aws) expect(r.diagnostics.some((d) => d.awsMessage === aws.message)).toBe(true);
    }), RUNS);
  });
  it('parsePolicy never throws on arbitrary ranges and prefixes', () => {
    fc.assert(fc.property(fc.json(), fc.integer({ min: -5, max: 50 }), fc.integer({ min: -5, max: 50 }), fc.string(), (text, offset, length, prefix) => {
      consistent(text, parsePolicy(text, { range: { offset, length }, pointerPrefix: prefix }));
    }), RUNS);
  });
  it('parses every well-formed policy without errors and keeps its values', () => {
    const name = fc.stringMatching(/^[a-z][a-z0-9-]{0,8}$/);
    const action = fc.tuple(name, fc.stringMatching(/^[A-Za-z*?]{1,12}$/)).map(([v, a]) => `${v}:${a}`);
    const resource = fc.oneof(fc.constant('*'), name.map((b) => `arn:aws:s3:::${b}/*`), fc.stringMatching(/^[a-z0-9/_*-]{1,20}$/).map((r) => `arn:aws:dynamodb:us-east-1:123456789012:table/${r}`));
    const good = fc.record({
      Sid: fc.stringMatching(/^[A-Za-z0-9]{0,10}$/),
      Effect: fc.constantFrom('Allow', 'Deny'),
      Action: fc.array(action, { minLength: 1, maxLength: 4 }),
      Resource: fc.array(resource, { minLength: 1, maxLength: 4 }),
    });
    fc.assert(fc.property(fc.uniqueArray(good, { minLength: 1, maxLength: 4, selector: (s) => s.Sid || Math.random() }), (statements) => {
      const r = parsePolicy(JSON.stringify({ Version: '2012-10-17', Statement: statements }, null, 1));
      expect(r.diagnostics).toEqual([]);
      expect(r.document?.statements.map((s) => [s.effect.value, s.action?.map((a) => a.value), s.resource?.map((x) => x.value)])).toEqual(
        statements.map((s) => [s.Effect, s.Action, s.Resource]),
      );
    }), RUNS);
  });
});
