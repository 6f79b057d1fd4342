// The strict-JSON fast path of the policy parser must build exactly the tree jsonc-parser builds, and must give
// way to jsonc-parser for everything else (so every diagnostic of malformed JSON stays as it was).
import fc from 'fast-check';
import { parseTree } from 'jsonc-parser';
import type { Node, ParseError } from 'jsonc-parser';
import { describe, expect, it } from 'vitest';
import { checkPolicy, parseAndCheckPolicy, parsePolicy, POLICY_KINDS } from '../../src/policy/index.js';
import { strictJsonTree } from '../../src/policy/strict-json.js';

const OPTIONS = { allowTrailingComma: false, disallowComments: true, allowEmptyContent: false };

function jsonc(text: string): { tree: Node | undefined; errors: ParseError[] } {
  const errors: ParseError[] = [];
  return { tree: parseTree(text, errors, OPTIONS), errors };
}

/** Every field of every node, parents by identity: the trees must be interchangeable. */
function sameTree(a: Node | undefined, b: Node | undefined, parentA?: Node, parentB?: Node): void {
  expect(a === undefined).toBe(b === undefined);
  if (a === undefined || b === undefined) return;
  expect({ type: a.type, offset: a.offset, length: a.length, colonOffset: a.colonOffset, hasValue: 'value' in a, hasParent: 'parent' in a }).toEqual({
    type: b.type, offset: b.offset, length: b.length, colonOffset: b.colonOffset, hasValue: 'value' in b, hasParent: 'parent' in b,
  });
  expect(Object.is(a.value, b.value)).toBe(true);
  expect(a.parent === parentA && b.parent === parentB).toBe(true);
  expect(a.children?.length).toBe(b.children?.length);
  a.children?.forEach((child, i) => sameTree(child, b.children?.[i], a, b));
}

const text = fc.oneof(fc.string(), fc.constantFrom('', 'é', '\u2028', '\ud800', '😀', '"q"', 'a\\b', '\t\n', '\u0000', 's3:GetObject'));
const value = fc.letrec((tie) => ({
  leaf: fc.oneof(text, fc.integer(), fc.double({ noNaN: true }), fc.boolean(), fc.constant(null), fc.constantFrom(-0, 1e21, 1e-7, 0.1)),
  node: fc.oneof({ depthSize: 'small' }, tie('leaf'), fc.array(tie('node'), { maxLength: 4 }), fc.dictionary(text, tie('node'), { maxKeys: 4 })),
})).node;
const layout = fc.record({
  indent: fc.constantFrom(undefined, 0, 2, '\t', ' \r\n '),
  eol: fc.constantFrom('\n', '\r\n', '\r'),
  around: fc.constantFrom('', ' ', '\n', '\r\n\t'),
});
const strictText = fc.tuple(value, layout).map(([v, l]) => l.around + (JSON.stringify(v, null, l.indent) ?? 'null').replace(/\n/g, l.eol) + l.around);

describe('strictJsonTree', () => {
  it('builds the tree jsonc-parser builds, for any strict JSON text', () => {
    fc.assert(
      fc.property(strictText, (t) => {
        const fast = strictJsonTree(t);
        const slow = jsonc(t);
        expect(slow.errors).toEqual([]);
        expect(fast).toBeDefined();
        sameTree(fast, slow.tree);
      }),
      { numRuns: 500 },
    );
  });

  it('accepts only text jsonc-parser reads without an error, and then builds the same tree', () => {
    // Strict texts with characters inserted, removed or replaced: mostly not JSON any more.
    const edit = fc.tuple(strictText, fc.array(fc.tuple(fc.nat(), fc.nat(2), fc.constantFrom(...'{}[],:"\\ \n\r\t1-.eE+0tfnu/*\u00a0\ufeffx')), { minLength: 1, maxLength: 3 }));
    fc.assert(
      fc.property(edit, ([t, edits]) => {
        let s = t;
        for (const [at, op, ch] of edits) {
          const i = at % (s.length + 1);
          s = op === 0 ? s.slice(0, i) + ch + s.slice(i) : op === 1 ? s.slice(0, i) + s.slice(i + 1) : s.slice(0, i) + ch + s.slice(i + 1);
        }
        const fast = strictJsonTree(s);
        if (fast === undefined) return;
        const slow = jsonc(s);
        expect(slow.errors).toEqual([]);
        sameTree(fast, slow.tree);
      }),
      { numRuns: 1000 },
    );
  });

  it('leaves everything strict JSON does not allow to jsonc-parser', () => {
    const notStrict = [
      '', ' ', '{"a":1,}', '[1,]', '{"a":1 /*c*/}', '// x\n{}', '{"a":01}', '{"a":1.}', '{"a":.5}', '{"a":-}', '{"a":1e}', '{"a":"\\x"}',
      '{"a":"\\u12g4"}', '{"a":"x\ny"}', '{"a":"x\u0001"}', '\ufeff{}', '{\u00a0}', '{\u000b}', '{"a":tru}', '{"a":truex}', '[1 2]', '[1,,2]',
      '{"a" 1}', '{a:1}', "{'a':1}", '{}x', '{}{}', '"unterminated', '{"a":1', '{"a":"b"}}', '[' .repeat(129) + ']'.repeat(129),
    ];
    for (const t of notStrict) expect(strictJsonTree(t), JSON.stringify(t)).toBeUndefined();
    expect(strictJsonTree('['.repeat(128) + ']'.repeat(128))).toBeDefined();
  });

  it('keeps duplicate keys, as jsonc-parser does, so that the parser reports them', () => {
    const t = '{"Version":"2012-10-17","Version":"2008-10-17","Statement":[]}';
    sameTree(strictJsonTree(t), jsonc(t).tree);
    expect(parsePolicy(t).diagnostics.map((d) => d.code)).toContain('json.duplicateKey');
  });
});

describe('parseAndCheckPolicy', () => {
  const documents = [
    '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"arn:aws:s3:::b/*"}]}',
    '{"Statement":{"Effect":"Allow","Principal":{"Service":"lambda.amazonaws.com"},"Action":"sts:AssumeRole"}}',
    '{"Version":"2012-10-17","Statement":[{"Sid":"A-1","Effect":"Allow","Action":"iam:GetRole","Resource":"arn:aws:iam:us-east-1:123456789012:role/x"}]}',
    '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","NotAction":"iam:*","Resource":"*","Condition":{"Null":{"aws:x":"maybe"}}}]}',
    '{"Version":"2012-10-17","Statement":[{"Effect":"Deny","Principal":"*","Action":"s3:*","Resource":"*"},{"Effect":"Allow","Action":"*"}]}',
    '{"Version":"2012-10-17","Statement":[{"Effect":"allow","Action":"s3:Get*","Resource":"*",}]}',
    '{"Version":"2012-10-17","Version":"2012-10-17","Statement":[]}',
    '[]',
    'not json',
  ];

  it('answers what parsePolicy and checkPolicy answer, for every kind', () => {
    for (const text of documents) {
      for (const kind of POLICY_KINDS) {
        const both = parseAndCheckPolicy(text, kind, { source: 'f.json' });
        expect(both.parsed).toEqual(parsePolicy(text, { source: 'f.json' }));
        expect(both.checked).toEqual(checkPolicy(text, kind, { source: 'f.json' }));
      }
    }
  });
});
