import { describe, expect, it } from 'vitest';
import { parsePolicy } from '../../src/policy/index.js';
import { parseCodes, policy, stmt, V } from './helpers.js';

describe('parsePolicy: document shape', () => {
  it('returns a document and no errors for a valid policy', () => {
    const r = parsePolicy(policy(stmt()));
    expect(r.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    expect(r.document?.statements).toHaveLength(1);
  });
  it('accepts Statement as a single object', () => {
    expect(parsePolicy(policy(stmt())).document?.statements[0].index).toBe(0);
  });
  it('accepts Statement as a list and numbers the statements', () => {
    expect(parsePolicy(policy([stmt(), stmt()])).document?.statements.map((s) => s.index)).toEqual([0, 1]);
  });
  it('keeps Version and Id', () => {
    const d = parsePolicy(policy(stmt(), { Id: 'abc' })).document;
    expect([d?.version?.value, d?.id?.value]).toEqual([V, 'abc']);
  });
  it('normalizes a single Action string to a one-element list', () => {
    expect(parsePolicy(policy(stmt({ Action: 's3:GetObject' }))).document?.statements[0].action?.map((a) => a.value)).toEqual(['s3:GetObject']);
  });
  it('keeps NotAction and NotResource apart from Action and Resource', () => {
    const s = parsePolicy(policy({ Effect: 'Deny', NotAction: ['iam:*'], NotResource: 'arn:aws:s3:::b' })).document?.statements[0];
    expect([s?.action, s?.resource, s?.notAction?.[0].value, s?.notResource?.[0].value]).toEqual([undefined, undefined, 'iam:*', 'arn:aws:s3:::b']);
  });
  it('copies the source name into the document and diagnostics', () => {
    const r = parsePolicy('{', { source: 'p.json' });
    expect(r.diagnostics[0].source).toBe('p.json');
    expect(parsePolicy(policy(stmt()), { source: 'p.json' }).document?.source).toBe('p.json');
  });
  it('returns no document when there is an error', () => {
    expect(parsePolicy(policy(stmt({ Effect: 'Maybe' }))).document).toBeUndefined();
  });
  it('returns a document when there are only warnings', () => {
    const r = parsePolicy(JSON.stringify({ Statement: stmt() }));
    expect([r.document !== undefined, r.diagnostics.map((d) => d.code)]).toEqual([true, ['version.missing']]);
  });
});

describe('parsePolicy: JSON errors', () => {
  it('reports invalid JSON', () => {
    expect(parseCodes('{"Version": }')).toEqual(['json.invalid']);
  });
  it('reports empty text', () => {
    expect(parseCodes('')).toEqual(['json.invalid']);
  });
  it('reports a comment as json.comment', () => {
    expect(parseCodes(`/* c */ ${policy(stmt())}`)).toEqual(['json.comment']);
  });
  it('reports a trailing comma', () => {
    expect(parseCodes('{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:x","Resource":"*"},]}')).toEqual(['json.invalid']);
  });
  it('reports a duplicate key with the pointer of the second one', () => {
    const text = '{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"s3:x","Action":"s3:y","Resource":"*"}}';
    const r = parsePolicy(text);
    expect(r.diagnostics.map((d) => [d.code, d.span?.pointer, d.span?.start.column])).toEqual([
      ['json.duplicateKey', '/Statement/Action', text.lastIndexOf('"Action"') + 1],
    ]);
  });
  it('reports a duplicate key deep inside a condition', () => {
    const text = '{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"s3:x","Resource":"*","Condition":{"StringEquals":{"a":"1","a":"2"}}}}';
    expect(parsePolicy(text).diagnostics.map((d) => d.span?.pointer)).toEqual(['/Statement/Condition/StringEquals/a']);
  });
  it('rejects a no-break space between tokens, which JSON does not count as whitespace', () => {
    expect(parseCodes(`\u00a0${policy(stmt())}`)).toEqual(['json.invalid']);
  });
  it('reports a character outside the IAM character set', () => {
    expect(parseCodes(policy(stmt({ Sid: 'caf\u00e9\u2603' })))).toContain('text.invalidCharacter');
  });
  it('accepts Latin-1 characters inside strings', () => {
    expect(parseCodes(policy(stmt({ Condition: { StringEquals: { 'aws:x': 'café' } } })))).toEqual([]);
  });
  it('reports absurd nesting as invalid JSON instead of overflowing the stack', () => {
    expect(parseCodes('['.repeat(100_000) + ']'.repeat(100_000))).toContain('json.invalid');
  });
  it('reports a document longer than the API maximum', () => {
    const long = policy(stmt({ Resource: Array.from({ length: 4000 }, (_, i) => `arn:aws:s3:::bucket-number-${i}/*`) }));
    expect(parseCodes(long)).toEqual(['text.tooLong']);
  });
});

describe('parsePolicy: grammar codes', () => {
  const cases: [string, string, string][] = [
    ['policy.notObject', 'a JSON string', '"x"'],
    ['policy.unknownElement', 'an unknown top-level key', policy(stmt(), { Foo: 1 })],
    ['policy.missingStatement', 'no Statement', `{"Version":"${V}"}`],
    ['policy.emptyStatement', 'an empty list', policy([])],
    ['statement.notObject', 'a string statement', policy(['x'])],
    ['statement.unknownElement', 'an unknown statement key', policy(stmt({ Foo: 1 }))],
    ['statement.conflictingElements', 'Action and NotAction', policy(stmt({ NotAction: 's3:x' }))],
    ['statement.missingEffect', 'no Effect', policy({ Action: 's3:x', Resource: '*' })],
    ['effect.invalid', 'Effect "Permit"', policy(stmt({ Effect: 'Permit' }))],
    ['effect.case', 'Effect "allow"', policy(stmt({ Effect: 'allow' }))],
    ['version.invalid', 'Version 2013-10-17', JSON.stringify({ Version: '2013-10-17', Statement: stmt() })],
    ['element.wrongType', 'a numeric Version', JSON.stringify({ Version: 2012, Statement: stmt() })],
    ['sid.duplicate', 'two Sids "A"', policy([stmt({ Sid: 'A' }), stmt({ Sid: 'A' })])],
    ['statement.missingAction', 'no Action', policy({ Effect: 'Allow', Resource: '*' })],
    ['action.missingVendor', 'action "ListBucket"', policy(stmt({ Action: 'ListBucket' }))],
    ['action.multipleColons', 'action "s3:a:b"', policy(stmt({ Action: 's3:a:b' }))],
    ['action.invalidVendor', 'vendor "s3!"', policy(stmt({ Action: 's3!:x' }))],
    ['resource.notArn', 'resource "bucket"', policy(stmt({ Resource: 'bucket' }))],
    ['resource.partition', 'partition "aws-cn"', policy(stmt({ Resource: 'arn:aws-cn:s3:::b' }))],
    ['resource.vendorNotQualified', 'resource "arn:aws"', policy(stmt({ Resource: 'arn:aws' }))],
    ['resource.legacy', 'resource "arn:aws::x"', policy(stmt({ Resource: 'arn:aws::x' }))],
    ['resource.region', 'an IAM region', policy(stmt({ Resource: 'arn:aws:iam:eu-west-1:1:user/x' }))],
    ['resource.iamPath', 'IAM resource "thing/x"', policy(stmt({ Resource: 'arn:aws:iam::1:thing/x' }))],
    ['principal.invalid', 'an empty Principal object', policy(stmt({ Principal: {} }))],
    ['principal.unknownType', 'principal type "Users"', policy(stmt({ Principal: { Users: 'x' } }))],
    ['condition.unknownOperator', 'operator "StringEqual"', policy(stmt({ Condition: { StringEqual: { 'aws:x': 'y' } } }))],
    ['condition.dateValue', 'date "yesterday"', policy(stmt({ Condition: { DateLessThan: { 'aws:CurrentTime': 'yesterday' } } }))],
  ];
  for (const [code, name, text] of cases) {
    it(`reports ${code} for ${name}`, () => {
      expect(parseCodes(text)).toContain(code);
    });
  }
});

describe('parsePolicy: principals', () => {
  it('reads "*" as the wildcard', () => {
    const p = parsePolicy(policy(stmt({ Principal: '*' }))).document?.statements[0].principal;
    expect([p?.wildcard, p?.entries]).toEqual([true, []]);
  });
  it('reads an object of principal types with string and list values', () => {
    const p = parsePolicy(policy(stmt({ Principal: { AWS: ['123456789012', 'arn:aws:iam::1:role/R'], Service: 'lambda.amazonaws.com' } })))
      .document?.statements[0].principal;
    expect(p?.entries.map((e) => [e.type, e.values.map((v) => v.value)])).toEqual([
      ['AWS', ['123456789012', 'arn:aws:iam::1:role/R']],
      ['Service', ['lambda.amazonaws.com']],
    ]);
  });
  it('keeps {"AWS": "*"} as an AWS entry, not the string wildcard', () => {
    const p = parsePolicy(policy(stmt({ Principal: { AWS: '*' } }))).document?.statements[0].principal;
    expect([p?.wildcard, p?.entries[0].values[0].value]).toEqual([false, '*']);
  });
  it('accepts Federated and CanonicalUser', () => {
    const text = policy(stmt({ Principal: { Federated: 'cognito-identity.amazonaws.com', CanonicalUser: 'a'.repeat(64) } }));
    expect(parsePolicy(text).document?.statements[0].principal?.entries.map((e) => e.type)).toEqual(['Federated', 'CanonicalUser']);
  });
  it('rejects an empty principal list', () => {
    expect(parseCodes(policy(stmt({ Principal: { AWS: [] } })))).toEqual(['principal.invalid']);
  });
  it('rejects a numeric principal value', () => {
    expect(parseCodes(policy(stmt({ Principal: { AWS: 123456789012 } })))).toEqual(['element.wrongType']);
  });
});

describe('parsePolicy: conditions', () => {
  const clauses = (condition: unknown) => parsePolicy(policy(stmt({ Condition: condition }))).document?.statements[0].condition ?? [];

  it('makes one clause per operator and key', () => {
    const c = clauses({ StringEquals: { 'aws:a': 'x', 'aws:b': 'y' }, Bool: { 'aws:c': 'true' } });
    expect(c.map((x) => [x.operator.value, x.key.value])).toEqual([['StringEquals', 'aws:a'], ['StringEquals', 'aws:b'], ['Bool', 'aws:c']]);
  });
  it('stringifies numbers as written in the source', () => {
    const text = `{"Version":"${V}","Statement":{"Effect":"Allow","Action":"s3:x","Resource":"*","Condition":{"NumericEquals":{"s3:max-keys":[1.50, 1e3, -0]}}}}`;
    expect(parsePolicy(text).document?.statements[0].condition[0].values.map((v) => v.value)).toEqual(['1.50', '1e3', '-0']);
  });
  it('stringifies booleans as true and false', () => {
    expect(clauses({ Bool: { 'aws:a': [true, false] } })[0].values.map((v) => v.value)).toEqual(['true', 'false']);
  });
  it('keeps a set prefix and IfExists suffix in the operator as written', () => {
    expect(clauses({ 'ForAllValues:StringLikeIfExists': { 'aws:TagKeys': ['a*'] } })[0].operator.value).toBe('ForAllValues:StringLikeIfExists');
  });
  it('gives an empty value list for a key mapped to []', () => {
    expect(clauses({ StringEquals: { 'aws:a': [] } })[0].values).toEqual([]);
  });
  it('makes no clause for an empty operator body', () => {
    expect(clauses({ StringEquals: {} })).toEqual([]);
  });
  it('keeps the condition key as written', () => {
    expect(clauses({ StringEquals: { 'AWS:SourceIP': 'x' } })[0].key.value).toBe('AWS:SourceIP');
  });
});

describe('parsePolicy: positions', () => {
  const text = ['{', '  "Version": "2012-10-17",', '  "Statement": [', '    {', '      "Effect": "Allow",', '      "Action": ["s3:GetObject", "s3!:x"],', '      "Resource": "*"', '    }', '  ]', '}'].join('\n');

  it('gives 1-based line and column of a diagnostic', () => {
    const d = parsePolicy(text).diagnostics.find((x) => x.code === 'action.invalidVendor');
    expect([d?.span?.start.line, d?.span?.start.column]).toEqual([6, 34]);
  });
  it('gives the JSON pointer of a list element', () => {
    expect(parsePolicy(text).diagnostics[0].span?.pointer).toBe('/Statement/0/Action/1');
  });
  it('gives the end position after the value', () => {
    const d = parsePolicy(text).diagnostics[0];
    expect([d.span?.end.line, d.span?.end.column, d.span?.end.offset]).toEqual([6, 41, text.indexOf('"s3!:x"') + 7]);
  });
  it('gives spans of AST values', () => {
    const s = parsePolicy(text.replace('s3!:x', 's3:x')).document?.statements[0];
    expect([s?.effect.span.start.line, s?.effect.span.start.column, s?.effect.span.pointer]).toEqual([5, 17, '/Statement/0/Effect']);
  });
  it('counts CRLF line ends once', () => {
    const d = parsePolicy(text.replace(/\n/g, '\r\n')).diagnostics[0];
    expect([d.span?.start.line, d.span?.start.column]).toEqual([6, 34]);
  });
  it('escapes "/" and "~" in pointer tokens', () => {
    const t = policy(stmt({ Condition: { StringEquals: { 'aws:PrincipalTag/a~b': 'x', 'aws:PrincipalTag/a~b ': 'y' } }, Foo: 1 }));
    const pointers = parsePolicy(t.replace('"Foo"', '"a/b~c"')).diagnostics.map((x) => x.span?.pointer);
    expect(pointers).toContain('/Statement/a~1b~0c');
  });
  it('reports a JSON syntax error at its position', () => {
    const d = parsePolicy('{\n  "Version": "2012-10-17",\n  "Statement": [}\n').diagnostics[0];
    expect([d.code, d.span?.start.line, d.span?.start.column]).toEqual(['json.invalid', 3, 17]);
  });
});

describe('parsePolicy: range and pointerPrefix', () => {
  const inner = '{\n    "Version": "2012-10-17",\n    "Statement": {"Effect": "Allow", "Action": "s3", "Resource": "*"}\n  }';
  const whole = `{\n  "name": "scenario",\n  "policy": ${inner}\n}`;
  const range = { offset: whole.indexOf(inner), length: inner.length };

  it('parses only the slice', () => {
    expect(parsePolicy(whole, { range }).diagnostics.map((d) => d.code)).toEqual(['action.missingVendor']);
  });
  it('gives line and column in the whole text', () => {
    const d = parsePolicy(whole, { range }).diagnostics[0];
    const offset = whole.indexOf('"s3"');
    expect([d.span?.start.line, d.span?.start.column, d.span?.start.offset]).toEqual([5, offset - whole.lastIndexOf('\n', offset), offset]);
  });
  it('prepends the pointer prefix', () => {
    expect(parsePolicy(whole, { range, pointerPrefix: '/policy' }).diagnostics[0].span?.pointer).toBe('/policy/Statement/Action');
  });
  it('gives AST spans in the whole text', () => {
    const fixed = whole.replace('"s3"', '"s3:x"');
    const d = parsePolicy(fixed, { range: { offset: range.offset, length: inner.length + 2 }, pointerPrefix: '/policy' }).document;
    expect([d?.span.start.offset, d?.span.pointer, d?.text]).toEqual([range.offset, '/policy', fixed]);
  });
  it('reports a JSON error inside the slice at its whole-text position', () => {
    const broken = whole.replace('"Effect": "Allow",', '"Effect": "Allow"');
    const r = parsePolicy(broken, { range: { offset: range.offset, length: inner.length - 1 } });
    expect([r.diagnostics[0].code, r.diagnostics[0].span?.start.line]).toEqual(['json.invalid', 5]);
  });
  it('clamps a range beyond the text instead of throwing', () => {
    expect(parsePolicy('{}', { range: { offset: 10, length: 5 } }).diagnostics.map((d) => d.code)).toEqual(['json.invalid']);
  });
});
