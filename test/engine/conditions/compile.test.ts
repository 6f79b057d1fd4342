import { describe, expect, it } from 'vitest';
import {
  CONDITION_OPERATORS,
  ConditionCompileError,
  compileCondition,
  parseConditionOperator,
} from '../../../src/engine/conditions/index.js';
import type { Span } from '../../../src/policy/index.js';
import { SPAN, clause, context, newTrace } from './helpers.js';

const opts = { policyVariables: true };

describe('parseConditionOperator', () => {
  it('parses a plain operator', () => {
    expect(parseConditionOperator('StringEquals')).toEqual({
      base: 'StringEquals',
      setQualifier: undefined,
      ifExists: false,
      negated: false,
    });
  });

  it('parses set qualifier, IfExists and negation together', () => {
    expect(parseConditionOperator('ForAnyValue:StringNotLikeIfExists')).toEqual({
      base: 'StringNotLike',
      setQualifier: 'ForAnyValue',
      ifExists: true,
      negated: true,
    });
    expect(parseConditionOperator('ForAllValues:NotIpAddress')?.setQualifier).toBe('ForAllValues');
  });

  it('returns the canonical spelling for another case', () => {
    expect(parseConditionOperator('stringequalsignorecaseifexists')?.base).toBe('StringEqualsIgnoreCase');
  });

  it('rejects unknown operators, a double colon, an unknown prefix and NullIfExists', () => {
    expect(parseConditionOperator('StringMatches')).toBeUndefined();
    expect(parseConditionOperator('ForAnyValue::StringEquals')).toBeUndefined();
    expect(parseConditionOperator('ForSomeValues:StringEquals')).toBeUndefined();
    expect(parseConditionOperator('NullIfExists')).toBeUndefined();
    expect(parseConditionOperator('IfExists')).toBeUndefined();
  });

  it('lists the base operators', () => {
    expect(CONDITION_OPERATORS).toContain('ArnNotLike');
    expect(CONDITION_OPERATORS).toContain('Null');
    expect(CONDITION_OPERATORS).toHaveLength(27);
  });
});

describe('compileCondition', () => {
  it('holds for an empty block', () => {
    expect(compileCondition([], opts)(context())).toBe(true);
  });

  it('is AND over clauses', () => {
    const condition = compileCondition(
      [clause('StringEquals', 'aws:username', 'alice'), clause('Bool', 'aws:SecureTransport', 'true')],
      opts,
    );
    expect(condition(context({ 'aws:username': 'alice', 'aws:SecureTransport': 'true' }))).toBe(true);
    expect(condition(context({ 'aws:username': 'alice', 'aws:SecureTransport': 'false' }))).toBe(false);
    expect(condition(context({ 'aws:username': 'bob', 'aws:SecureTransport': 'true' }))).toBe(false);
  });

  it('looks keys up lower-cased, including the tag-key part', () => {
    const condition = compileCondition([clause('StringEquals', 'AWS:PrincipalTag/Team', 'blue')], opts);
    expect(condition(context({ 'aws:principaltag/team': 'blue' }))).toBe(true);
    const seen: string[] = [];
    condition({ get: (k) => (seen.push(k), undefined) });
    expect(seen).toEqual(['aws:principaltag/team']);
  });

  it('throws for an unknown operator with values, with its span and a suggestion', () => {
    const span: Span = { ...SPAN, pointer: '/Statement/0/Condition/StringEqual' };
    const bad = { ...clause('StringEqual', 'k', 'v'), operator: { value: 'StringEqual', span } };
    let error: unknown;
    try {
      compileCondition([bad], opts);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConditionCompileError);
    expect((error as ConditionCompileError).span).toBe(span);
    expect((error as ConditionCompileError).message).toMatch(/did you mean 'StringEquals'/);
  });

  it('accepts an unknown operator without values, as a clause that cannot hold', () => {
    expect(compileCondition([clause('Whatever', 'k', [])], opts)(context({ k: 'v' }))).toBe(false);
  });

  it('reports a malformed value with the value span', () => {
    const span: Span = { ...SPAN, pointer: '/Statement/0/Condition/IpAddress/aws:SourceIp/1' };
    const bad = {
      ...clause('IpAddress', 'aws:SourceIp', []),
      values: [{ value: '10.0.0.0/8', span: SPAN }, { value: '10.0.0.0/99', span }],
    };
    expect(() => compileCondition([bad], opts)).toThrow(ConditionCompileError);
    try {
      compileCondition([bad], opts);
    } catch (e) {
      expect((e as ConditionCompileError).span).toBe(span);
    }
  });

  it('does not expand variables in Numeric values (a ${…} there is malformed)', () => {
    expect(() => compileCondition([clause('NumericEquals', 'k', '${aws:x}')], opts)).toThrow(ConditionCompileError);
  });
});

describe('explain trace', () => {
  it('records one outcome per clause and evaluates all of them', () => {
    const condition = compileCondition(
      [clause('StringEquals', 'aws:username', 'alice'), clause('Bool', 'aws:MultiFactorAuthPresent', 'true')],
      opts,
    );
    const trace = newTrace();
    expect(condition(context({ 'aws:username': 'bob' }), trace)).toBe(false);
    expect(trace.clauses).toEqual([
      { operator: 'StringEquals', key: 'aws:username', result: false, missing: false, span: SPAN },
      { operator: 'Bool', key: 'aws:MultiFactorAuthPresent', result: false, missing: true, span: SPAN },
    ]);
  });

  it('records missing keys as written in the policy, once', () => {
    const condition = compileCondition(
      [
        clause('StringEqualsIfExists', 'aws:PrincipalTag/Team', 'x'),
        clause('StringLike', 'aws:PrincipalTag/Team', 'x*'),
      ],
      opts,
    );
    const trace = newTrace();
    condition(context(), trace);
    expect(trace.missingKeys).toEqual(['aws:PrincipalTag/Team']);
  });

  it('records keys of missing policy variables', () => {
    const condition = compileCondition([clause('StringEquals', 's3:prefix', 'home/${aws:username}/')], opts);
    const trace = newTrace();
    expect(condition(context({ 's3:prefix': 'home/x/' }), trace)).toBe(false);
    expect(trace.missingKeys).toEqual(['aws:username']);
  });

  it('gives the same answer with and without a trace', () => {
    const condition = compileCondition(
      [clause('ForAnyValue:StringLike', 'aws:TagKeys', ['team*']), clause('Null', 'aws:TagKeys', 'false')],
      opts,
    );
    for (const tags of [undefined, [], ['teamA'], ['x']]) {
      const ctx = context(tags === undefined ? {} : { 'aws:TagKeys': tags });
      expect(condition(ctx, newTrace())).toBe(condition(ctx));
    }
  });
});
