import { describe, expect, it } from 'vitest';
import {
  array,
  buildPolicyRecord,
  concat,
  jsonStringOffsetMapper,
  object,
  policyRecordFromValue,
  scalar,
  unknown,
} from '../../../src/analyze/loaders/policy-record.js';
import type { LNode } from '../../../src/analyze/loaders/policy-record.js';
import type { SourceLocation } from '../../../src/analyze/model.js';

const at = (line: number): SourceLocation => ({ file: 'f.yaml', line, column: 1 });
const start = at(1);

function statementDoc(resource: LNode, action: LNode = scalar('s3:GetObject', at(4))): LNode {
  return object(
    [
      { key: 'Version', value: scalar('2012-10-17', at(2)) },
      {
        key: 'Statement',
        value: array([object([{ key: 'Effect', value: scalar('Allow', at(3)) }, { key: 'Action', value: action }, { key: 'Resource', value: resource }], at(3))], at(3)),
      },
    ],
    at(1),
  );
}

describe('buildPolicyRecord', () => {
  it('writes unknowns as numbered placeholders and records them by pointer', () => {
    const resource = concat([scalar('arn:aws:iam::'), unknown('AWS::AccountId', at(5), 'account-id'), scalar(':role/x')], at(5));
    const rec = buildPolicyRecord({ id: 'p', name: 'p', kind: 'identity', value: statementDoc(resource), location: start });
    expect(rec.parseErrors).toEqual([]);
    expect(rec.document?.statements[0].resource?.[0].value).toBe('arn:aws:iam::${castellan:unknown:1}:role/x');
    expect(rec.unknowns.get('/Statement/0/Resource')).toEqual({ unknown: true, origin: 'AWS::AccountId', pseudo: 'account-id' });
    expect(rec.placeholders.get('${castellan:unknown:1}')?.pseudo).toBe('account-id');
  });

  it('keeps a document whose whole Resource or Action is unknown (placeholders pass the grammar)', () => {
    const rec = buildPolicyRecord({ id: 'p', name: 'p', kind: 'identity', value: statementDoc(unknown('bucket arn', at(5)), unknown('action', at(4))), location: start });
    expect(rec.parseErrors).toEqual([]);
    expect(rec.document?.statements[0].action?.[0].value).toBe('${castellan:unknown:1}');
    expect(rec.document?.statements[0].resource?.[0].value).toBe('${castellan:unknown:2}');
  });

  it('combines several unknowns of one element into one entry', () => {
    const resource = concat([scalar('arn:aws:sqs:'), unknown('AWS::Region'), scalar(':'), unknown('AWS::AccountId'), scalar(':q')]);
    const rec = buildPolicyRecord({ id: 'p', name: 'p', kind: 'identity', value: statementDoc(resource), location: start });
    expect(rec.unknowns.get('/Statement/0/Resource')?.origin).toBe('AWS::Region; AWS::AccountId');
    expect(rec.placeholders.size).toBe(2);
  });

  it('keeps pseudo on an element whose unknown parts are all the deploying account', () => {
    const account = () => unknown('AWS::AccountId', undefined, 'account-id');
    const resource = concat([scalar('arn:aws:sqs:us-east-1:'), account(), scalar(':q-'), account()]);
    const rec = buildPolicyRecord({ id: 'p', name: 'p', kind: 'identity', value: statementDoc(resource), location: start });
    expect(rec.unknowns.get('/Statement/0/Resource')).toEqual({ unknown: true, origin: 'AWS::AccountId; AWS::AccountId', pseudo: 'account-id' });
  });

  it('drops pseudo from an element whose unknown parts stand for different values', () => {
    const resource = concat([scalar('arn:aws:sqs:'), unknown('AWS::Region', undefined, 'region'), scalar(':'), unknown('AWS::AccountId', undefined, 'account-id'), scalar(':q')]);
    const rec = buildPolicyRecord({ id: 'p', name: 'p', kind: 'identity', value: statementDoc(resource), location: start });
    expect(rec.unknowns.get('/Statement/0/Resource')).toEqual({ unknown: true, origin: 'AWS::Region; AWS::AccountId' });
    expect([...rec.placeholders.values()].map((u) => u.pseudo)).toEqual(['region', 'account-id']);
  });

  it('reports a wholly unknown document without a parsed document', () => {
    const rec = buildPolicyRecord({ id: 'p', name: 'p', kind: 'resource', value: unknown('x.policy (known after apply)', at(9)), location: start });
    expect(rec.document).toBeUndefined();
    expect(rec.unknowns.get('')?.origin).toBe('x.policy (known after apply)');
    expect(rec.unknownDocument).toBe('${x.policy (known after apply)}');
    // Not a parse error: an unknown document is reported as unknown.value, not as an invalid policy.
    expect(rec.parseErrors).toEqual([]);
    expect(rec.locate('/Statement/0')).toEqual(at(9));
  });

  it('locates a pointer at its node, falling back to the nearest enclosing element', () => {
    const rec = buildPolicyRecord({ id: 'p', name: 'p', kind: 'identity', value: statementDoc(scalar('*', at(5))), location: start });
    expect(rec.locate('/Statement/0/Resource')).toEqual(at(5));
    expect(rec.locate('/Statement/0/Resource/0')).toEqual(at(5));
    expect(rec.locate('/Statement/0/Condition/Bool')).toEqual(at(3));
    expect(rec.locate('/Nope')).toEqual(at(1));
  });

  it('parses a JSON string document and maps offsets through textAt', () => {
    const text = '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}';
    const rec = buildPolicyRecord({
      id: 'p', name: 'p', kind: 'identity', value: scalar(text, at(7)), location: at(7),
      textAt: (offset) => ({ file: 'f.json', line: 7, column: 10 + offset }),
    });
    expect(rec.document?.statements).toHaveLength(1);
    // An element locates at its key (the value may start on a later line).
    expect(rec.locate('/Statement/0/Action')).toEqual({ file: 'f.json', line: 7, column: 10 + text.indexOf('"Action"') });
  });

  it('reports invalid JSON text as a parse error', () => {
    const rec = buildPolicyRecord({ id: 'p', name: 'p', kind: 'identity', value: scalar('{"Version": ', at(7)), location: at(7) });
    expect(rec.document).toBeUndefined();
    expect(rec.parseErrors.length).toBeGreaterThan(0);
  });

  it('reports grammar errors of a resolved document', () => {
    const doc = object([{ key: 'Statement', value: array([object([{ key: 'Effect', value: scalar('Maybe') }])]) }]);
    const rec = buildPolicyRecord({ id: 'p', name: 'p', kind: 'identity', value: doc, location: start });
    expect(rec.document).toBeUndefined();
    expect(rec.parseErrors.join()).toMatch(/Effect|Action/);
  });
});

describe('policyRecordFromValue', () => {
  it('turns UnknownValue objects of a plain value into placeholders and uses the pointer mapper', () => {
    const rec = policyRecordFromValue({
      id: 'x', name: 'x', kind: 'trust', location: start,
      value: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: { unknown: true, origin: 'var.account' } }, Action: 'sts:AssumeRole' }] },
      locatePointer: (p) => (p === '/Statement/0' ? at(3) : undefined),
    });
    expect(rec.unknowns.get('/Statement/0/Principal/AWS')?.origin).toBe('var.account');
    expect(rec.locate('/Statement/0/Action')).toEqual(at(3));
  });
});

describe('jsonStringOffsetMapper', () => {
  it('maps decoded offsets past escapes to raw offsets', () => {
    const raw = 'x "a\\"b\\u0041c"';
    const map = jsonStringOffsetMapper(raw, 2);
    expect(raw[map(0)]).toBe('a');
    expect(raw.slice(map(1), map(1) + 2)).toBe('\\"');
    expect(raw[map(2)]).toBe('b');
    expect(raw.slice(map(3), map(3) + 6)).toBe('\\u0041');
    expect(raw[map(4)]).toBe('c');
  });
});
