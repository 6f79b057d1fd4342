import { describe, expect, it } from 'vitest';
import { loadScenario } from '../../src/engine/scenario.js';
import type { ScenarioError, ScenarioResult } from '../../src/engine/scenario.js';

const ALLOW_ALL = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] };
const REQUEST = { principal: 'arn:aws:iam::111111111111:user/alice', action: 's3:GetObject' };

function ok(result: ScenarioResult): Extract<ScenarioResult, { ok: true }> {
  if (!result.ok) throw new Error(`expected ok, got ${JSON.stringify(result.errors)}`);
  return result;
}

function errors(result: ScenarioResult): readonly ScenarioError[] {
  if (result.ok) throw new Error('expected errors, got ok');
  return result.errors;
}

describe('loadScenario', () => {
  it('loads a minimal scenario with only a request', () => {
    const result = ok(loadScenario(JSON.stringify({ request: REQUEST })));
    expect(result.request).toEqual(REQUEST);
    expect(result.policySet).toEqual({});
  });

  it('loads every policy field into the matching PolicySet slot', () => {
    const named = (name: string) => ({ name, policy: ALLOW_ALL });
    const result = ok(
      loadScenario(
        JSON.stringify({
          request: { ...REQUEST, resource: 'arn:aws:s3:::b/k', resourceAccount: '111111111111' },
          identityPolicies: [named('id1'), named('id2')],
          resourcePolicy: named('bucket'),
          resourcePolicyKind: 'trust',
          permissionBoundary: named('pb'),
          sessionPolicies: [named('s1')],
          scps: [[named('root')], [named('ou1'), named('ou2')], [named('acct')]],
          rcps: [[named('rroot')]],
        }),
      ),
    );
    const set = result.policySet;
    expect(set.identity?.map((p) => p.name)).toEqual(['id1', 'id2']);
    expect(set.resource?.name).toBe('bucket');
    expect(set.resourcePolicyKind).toBe('trust');
    expect(set.permissionBoundary?.name).toBe('pb');
    expect(set.session?.map((p) => p.name)).toEqual(['s1']);
    expect(set.scps?.map((level) => level.map((p) => p.name))).toEqual([['root'], ['ou1', 'ou2'], ['acct']]);
    expect(set.rcps?.map((level) => level.map((p) => p.name))).toEqual([['rroot']]);
    expect(set.identity?.[0].document.statements).toHaveLength(1);
  });

  it('accepts a policy given as JSON text', () => {
    const result = ok(
      loadScenario(JSON.stringify({ request: REQUEST, identityPolicies: [{ name: 'p', policy: JSON.stringify(ALLOW_ALL) }] })),
    );
    expect(result.policySet.identity?.[0].document.statements[0].effect.value).toBe('Allow');
  });

  it('accepts a bare policy document in place of an entry and names it by position', () => {
    const result = ok(loadScenario(JSON.stringify({ request: REQUEST, identityPolicies: [ALLOW_ALL] })));
    expect(result.policySet.identity?.[0].name).toBe('identityPolicies[0]');
  });

  it('keeps string and string-array context values and stringifies numbers and booleans', () => {
    const text =
      '{"request": {"principal": "arn:aws:iam::111111111111:user/alice", "action": "s3:GetObject", ' +
      '"context": {"aws:SourceIp": "203.0.113.9", "aws:TagKeys": ["a", "b"], "s3:max-keys": 10, ' +
      '"aws:SecureTransport": true, "x:n": 1.50, "x:list": [1, false]}}}';
    const result = ok(loadScenario(text));
    expect(result.request.context).toEqual({
      'aws:SourceIp': '203.0.113.9',
      'aws:TagKeys': ['a', 'b'],
      's3:max-keys': '10',
      'aws:SecureTransport': 'true',
      'x:n': '1.50',
      'x:list': ['1', 'false'],
    });
  });

  it('passes principalDetails through', () => {
    const details = { roleArn: 'arn:aws:iam::111111111111:role/a/b', uniqueId: 'AROAEXAMPLE', isServiceLinkedRole: false };
    const result = ok(loadScenario(JSON.stringify({ request: { ...REQUEST, principalDetails: details } })));
    expect(result.request.principalDetails).toEqual(details);
  });

  it('reports invalid JSON with a position', () => {
    const errs = errors(loadScenario('{\n  "request": {,\n}'));
    expect(errs.length).toBeGreaterThan(0);
    expect(errs[0].message).toMatch(/invalid JSON/);
    expect(errs[0].line).toBe(2);
  });

  it('rejects a scenario that is not an object', () => {
    expect(errors(loadScenario('[]'))[0].message).toMatch(/must be a JSON object/);
  });

  it('requires request, principal and action', () => {
    expect(errors(loadScenario('{}'))[0].message).toMatch(/"request"/);
    const errs = errors(loadScenario(JSON.stringify({ request: {} })));
    expect(errs.map((e) => e.message).join('\n')).toMatch(/"principal"/);
    expect(errs.map((e) => e.message).join('\n')).toMatch(/"action"/);
  });

  it('rejects wrong types with the JSON pointer of the field', () => {
    const errs = errors(
      loadScenario(JSON.stringify({ request: { ...REQUEST, resource: 5 }, identityPolicies: {}, scps: [{}] })),
    );
    const pointers = errs.map((e) => e.pointer);
    expect(pointers).toContain('/request/resource');
    expect(pointers).toContain('/identityPolicies');
    expect(pointers).toContain('/scps/0');
  });

  it('rejects an action without a service prefix', () => {
    expect(errors(loadScenario(JSON.stringify({ request: { ...REQUEST, action: 'GetObject' } })))[0].pointer).toBe(
      '/request/action',
    );
  });

  it('rejects context values that are objects, null or nested arrays', () => {
    const errs = errors(
      loadScenario(JSON.stringify({ request: { ...REQUEST, context: { 'a:x': { y: 1 }, 'a:n': null, 'a:l': [['z']] } } })),
    );
    expect(errs.map((e) => e.pointer).sort()).toEqual(['/request/context/a:l/0', '/request/context/a:n', '/request/context/a:x']);
  });

  it('rejects the same context key twice in different case', () => {
    const errs = errors(loadScenario(JSON.stringify({ request: { ...REQUEST, context: { 'aws:SourceIp': '1.1.1.1', 'AWS:SOURCEIP': '2.2.2.2' } } })));
    expect(errs[0].message).toMatch(/case-insensitive/);
  });

  it('rejects unknown fields and suggests the closest known one', () => {
    const errs = errors(loadScenario(JSON.stringify({ request: REQUEST, identityPolicy: [] })));
    expect(errs[0].message).toMatch(/unknown field "identityPolicy".*did you mean "identityPolicies"/);
    expect(errs[0].pointer).toBe('/identityPolicy');
    expect(errs[0].line).toBe(1);
  });

  it('rejects an unknown resourcePolicyKind', () => {
    expect(errors(loadScenario(JSON.stringify({ request: REQUEST, resourcePolicyKind: 'bucket' })))[0].pointer).toBe(
      '/resourcePolicyKind',
    );
  });

  it('reports an invalid policy at its position in the scenario file', () => {
    const text = [
      '{',
      '  "request": {"principal": "arn:aws:iam::111111111111:user/alice", "action": "s3:GetObject"},',
      '  "identityPolicies": [',
      '    {"name": "bad", "policy": {"Version": "2012-10-17",',
      '      "Statement": [{"Effect": "Allow", "Action": "GetObject", "Resource": "*"}]}}',
      '  ]',
      '}',
    ].join('\n');
    const errs = errors(loadScenario(text, 'scenario.json'));
    expect(errs.length).toBeGreaterThan(0);
    expect(errs[0].message).toMatch(/^policy "bad": /);
    expect(errs[0].line).toBe(5);
    expect(errs[0].pointer?.startsWith('/identityPolicies/0/policy')).toBe(true);
  });

  it('reports an invalid policy given as text at the string, with the inner position in the message', () => {
    const errs = errors(
      loadScenario(JSON.stringify({ request: REQUEST, resourcePolicy: { name: 'rp', policy: '{"Statement": 3}' } })),
    );
    expect(errs[0].message).toMatch(/^policy "rp": /);
    expect(errs[0].pointer).toBe('/resourcePolicy/policy');
    expect(errs[0].line).toBe(1);
  });

  it('requires "policy" in an entry', () => {
    expect(errors(loadScenario(JSON.stringify({ request: REQUEST, permissionBoundary: { name: 'x' } })))[0].message).toMatch(
      /missing required field "policy"/,
    );
  });

  it('never throws, whatever the input', () => {
    for (const text of ['', 'null', '"x"', '{"request": null}', '{"request": {"principal": 1, "action": []}}', '{"scps": [[1]]}']) {
      expect(() => loadScenario(text)).not.toThrow();
      expect(loadScenario(text).ok).toBe(false);
    }
  });
});
