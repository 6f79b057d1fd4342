import { describe, expect, it } from 'vitest';
import { parsePolicy } from '../../src/policy/index.js';
import { policy, stmt } from './helpers.js';

const found = (text: string) => parsePolicy(text).diagnostics.map((d) => [d.code, d.severity]);

describe('warnings', () => {
  it('warns that a policy without Version is evaluated as 2008-10-17', () => {
    expect(found(JSON.stringify({ Statement: stmt() }))).toEqual([['version.missing', 'warning']]);
  });
  it('warns that a variable is literal without Version', () => {
    expect(found(JSON.stringify({ Statement: stmt({ Resource: 'arn:aws:s3:::b/${aws:username}/*' }) }))).toEqual([
      ['version.missing', 'warning'],
      ['version.literalVariable', 'warning'],
    ]);
  });
  it('warns that a condition variable is literal under 2008-10-17', () => {
    const text = JSON.stringify({ Version: '2008-10-17', Statement: stmt({ Condition: { StringLike: { 's3:prefix': '${aws:username}/*' } } }) });
    expect(found(text)).toEqual([['version.literalVariable', 'warning']]);
  });
  it('does not warn about variables under 2012-10-17', () => {
    expect(found(policy(stmt({ Resource: 'arn:aws:s3:::b/${aws:username}/*' })))).toEqual([]);
  });
  it('warns about a variable before the resource part of an ARN', () => {
    expect(found(policy(stmt({ Resource: 'arn:aws:dynamodb:${aws:RequestedRegion}:123456789012:table/t' })))).toEqual([['resource.variablePosition', 'warning']]);
  });
  it('warns about Allow with NotAction', () => {
    expect(found(policy({ Effect: 'Allow', NotAction: 'iam:*', Resource: '*' }))).toEqual([['statement.allowNotAction', 'warning']]);
  });
  it('does not warn about Deny with NotAction', () => {
    expect(found(policy({ Effect: 'Deny', NotAction: 'iam:*', Resource: '*' }))).toEqual([]);
  });
  it('raises a security warning for Allow with NotPrincipal', () => {
    expect(found(policy(stmt({ NotPrincipal: { AWS: '123456789012' } })))).toEqual([['statement.allowNotPrincipal', 'securityWarning']]);
  });
  it('warns about a Null value other than true or false', () => {
    expect(found(policy(stmt({ Condition: { Null: { 'aws:TagKeys': 'yes' } } })))).toEqual([['condition.nullValue', 'warning']]);
  });
  it('accepts boolean Null values', () => {
    expect(found(policy(stmt({ Condition: { Null: { 'aws:TagKeys': false } } })))).toEqual([]);
  });
  it('warns that an unknown operator with an empty body does nothing', () => {
    expect(found(policy(stmt({ Condition: { StringEqualz: {} } })))).toEqual([['condition.unknownOperator', 'warning']]);
  });
  it('explains that Null takes no IfExists', () => {
    expect(parsePolicy(policy(stmt({ Condition: { NullIfExists: { a: 'true' } } }))).diagnostics[0].message).toContain('Null takes no IfExists');
  });
});
