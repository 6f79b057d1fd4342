// A policy record is parsed once: the loader keeps what checkPolicy answers for its text (the policy check
// then does not parse it again), repeated documents share that work, and `locate` walks the value on demand.
import { describe, expect, it } from 'vitest';
import { loadCloudFormation, loadPolicyFiles } from '../../../src/analyze/index.js';
import { array, buildPolicyRecord, concat, fromPlain, object, scalar, unknown } from '../../../src/analyze/loaders/policy-record.js';
import type { LNode } from '../../../src/analyze/loaders/policy-record.js';
import type { AnalysisModel, PolicyRecord, SourceLocation } from '../../../src/analyze/model.js';
import { checkPolicy, POLICY_KINDS } from '../../../src/policy/index.js';
import type { Diagnostic } from '../../../src/policy/index.js';
import { analyzeModel } from '../helpers.js';
import { fixture, fixtureTree } from './helpers.js';

const at = (line: number): SourceLocation => ({ file: 'f.yaml', line, column: 1 });
const withoutSource = (ds: readonly Diagnostic[]): Diagnostic[] => ds.map(({ source: _source, ...d }) => d);

const DOCUMENTS: unknown[] = [
  { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::b/*' }] },
  { Statement: { Effect: 'Allow', Principal: { Service: 'lambda.amazonaws.com' }, Action: 'sts:AssumeRole' } },
  { Version: '2012-10-17', Statement: [{ Sid: 'A-1', Effect: 'Allow', Action: 'iam:GetRole', Resource: 'arn:aws:iam:us-east-1:123456789012:role/x' }] },
  { Version: '2012-10-17', Statement: [{ Effect: 'Allow', NotAction: 'iam:*', Resource: '*', Condition: { Null: { 'aws:x': 'maybe' } } }] },
  { Version: '2012-10-17', Statement: [{ Effect: 'Deny', Principal: '*', Action: 's3:*', Resource: '*' }, { Effect: 'Allow', Action: '*' }] },
  { Version: '2012-10-18', Statement: [] },
];

function record(value: LNode, id = 'p', kind: PolicyRecord['kind'] = 'identity'): ReturnType<typeof buildPolicyRecord> {
  return buildPolicyRecord({ id, name: id, kind, value, location: at(1) });
}

describe('policy records parse their text once', () => {
  it('keep what checkPolicy answers for their text, for every kind', () => {
    for (const doc of DOCUMENTS) {
      for (const kind of POLICY_KINDS) {
        const rec = record(fromPlain(doc), 'p', kind);
        const expected = checkPolicy(rec.text, kind);
        expect(rec.checked, JSON.stringify(doc)).toBeDefined();
        expect(withoutSource(rec.checked?.diagnostics ?? [])).toEqual(withoutSource(expected.diagnostics));
        expect(rec.checked?.document === undefined).toBe(expected.document === undefined);
      }
    }
  });

  it('leave a document with values unknown until deployment to the policy check', () => {
    const statement = object([
      { key: 'Effect', value: scalar('Allow') },
      { key: 'Action', value: scalar('s3:GetObject') },
      { key: 'Resource', value: concat([scalar('arn:aws:s3:::'), unknown('BucketName', at(3))], at(3)) },
    ]);
    const rec = record(object([{ key: 'Version', value: scalar('2012-10-17') }, { key: 'Statement', value: array([statement]) }]));
    expect(rec.document).toBeDefined();
    expect(rec.checked).toBeUndefined();
  });

  it('give each record of a repeated document its own source', () => {
    const a = record(fromPlain(DOCUMENTS[1]), 'cfn:t.json:RoleA:AssumeRolePolicyDocument', 'trust');
    const b = record(fromPlain(DOCUMENTS[1]), 'cfn:t.json:RoleB:AssumeRolePolicyDocument', 'trust');
    expect(a.document?.source).toBe('cfn:t.json:RoleA:AssumeRolePolicyDocument');
    expect(b.document?.source).toBe('cfn:t.json:RoleB:AssumeRolePolicyDocument');
    expect(b.document?.statements).toEqual(a.document?.statements);
  });

  it('locate a key written twice at its first occurrence that has a position', () => {
    const value = object(
      [
        { key: 'Version', value: scalar('2012-10-17', at(2)) },
        { key: 'Statement', value: scalar('no position') },
        { key: 'Statement', keyLoc: at(4), value: array([object([{ key: 'Effect', keyLoc: at(5), value: scalar('Allow') }])]) },
      ],
      at(1),
    );
    const rec = record(value);
    expect(rec.locate('/Statement')).toEqual(at(4));
    expect(rec.locate('/Statement/0/Effect')).toEqual(at(5));
    expect(rec.locate('/Version/7')).toEqual(at(2));
    expect(rec.locate('/Nothing')).toEqual(at(1));
  });

  it('report the same findings as when the policy check parses every text itself', async () => {
    const strip = (p: PolicyRecord): PolicyRecord => ({ ...p, checked: undefined });
    const unchecked = (m: AnalysisModel): AnalysisModel => ({
      ...m,
      entities: m.entities.map((e) => ({ ...e, ...(e.trustPolicy ? { trustPolicy: strip(e.trustPolicy) } : {}), inlinePolicies: e.inlinePolicies.map(strip) })),
      managedPolicies: m.managedPolicies.map((mp) => ({ ...mp, policy: strip(mp.policy) })),
      resourcePolicies: m.resourcePolicies.map((rp) => ({ ...rp, policy: strip(rp.policy) })),
      standalonePolicies: m.standalonePolicies.map(strip),
    });
    const models = [
      loadCloudFormation(fixtureTree('cloudformation')),
      loadPolicyFiles(fixtureTree('policies')),
      loadCloudFormation([fixture('cdk/cdk.out/OrderStack.template.json')]),
    ];
    for (const model of models) {
      expect((await analyzeModel(model)).findings).toEqual((await analyzeModel(unchecked(model))).findings);
    }
  });
});
