// Templates that are strict JSON are read by a one-pass reader (strict-json.ts); the result must be what the
// jsonc-parser path gives: the same nodes, values and positions, and the same error for anything else.
import fc from 'fast-check';
import { parseTree } from 'jsonc-parser';
import { describe, expect, it } from 'vitest';
import { jsonNodeToLNode, jsonTextToLNode, offsetLocator, textPositions } from '../../../src/analyze/loaders/policy-record.js';
import type { LNode } from '../../../src/analyze/loaders/policy-record.js';
import type { SourceLocation } from '../../../src/analyze/model.js';

type At = (offset: number, end?: number) => SourceLocation;

/** The reference: jsonc-parser's tree, read into LNodes. */
function viaJsonc(text: string, at: At, mapInnerStrings: boolean): { node?: LNode; errors: string[] } {
  const errors: { error: number; offset: number; length: number }[] = [];
  const tree = parseTree(text, errors, { allowTrailingComma: false, disallowComments: true });
  if (!tree) return { errors: ['not valid JSON'] };
  return {
    node: jsonNodeToLNode(tree, at, mapInnerStrings ? text : undefined),
    errors: errors.length ? [`not valid JSON (${errors.length} syntax error${errors.length > 1 ? 's' : ''}, first at offset ${errors[0].offset})`] : [],
  };
}

/** The positions inside every string value that holds a policy, at a few offsets. */
function innerPositions(node: LNode | undefined): unknown[] {
  if (node === undefined) return [];
  if (node.kind === 'object') return node.entries.flatMap((e) => innerPositions(e.value));
  if (node.kind === 'array') return node.items.flatMap(innerPositions);
  const map = textPositions.get(node);
  return map === undefined ? [] : [0, 1, 5, 12].map((o) => map(o, o + 3));
}

const key = fc.constantFrom('Type', 'Properties', 'PolicyDocument', 'Statement', 'a/b', 'é', '');
const scalar = fc.oneof(
  fc.constantFrom('AWS::IAM::Role', 's3:GetObject', '{"Statement": [\n  {"Effect": "Allow"}]}', ' {"a":"\\u00e9\\n"}', 'tab\there', '\u2028'),
  fc.string(),
  fc.integer(),
  fc.double({ noNaN: true }),
  fc.boolean(),
  fc.constant(null),
);
const value = fc.letrec((tie) => ({
  node: fc.oneof({ depthSize: 'small' }, scalar, fc.array(tie('node'), { maxLength: 4 }), fc.dictionary(key, tie('node'), { maxKeys: 4 })),
})).node;
const template = fc
  .tuple(value, fc.constantFrom(undefined, 2, '\t'), fc.constantFrom('\n', '\r\n', '\r'))
  .map(([v, indent, eol]) => (JSON.stringify(v, null, indent) ?? 'null').replace(/\n/g, eol));

describe('strict JSON templates', () => {
  it('read into the nodes and positions the jsonc-parser path gives (line ends LF, CRLF or CR)', () => {
    fc.assert(
      fc.property(template, (text) => {
        const at = offsetLocator('t.json', text);
        const expected = viaJsonc(text, at, true);
        const fast = jsonTextToLNode(text, at, true);
        expect(fast).toEqual(expected);
        expect(innerPositions(fast.node)).toEqual(innerPositions(expected.node));
        // Any other offset mapping (a policy inside a string, a heredoc) is used as given.
        const shifted: At = (offset, end) => at(offset + 1, end === undefined ? undefined : end + 1);
        expect(jsonTextToLNode(text, shifted)).toEqual(viaJsonc(text, shifted, false));
      }),
      { numRuns: 300 },
    );
  });

  it('leaves text that is not strict JSON to jsonc-parser, with its error', () => {
    for (const text of ['{"Resources": {},}', '{"Resources": {} // x\n}', '{"Resources": {"R": {"Type": "AWS::IAM::Role"}}', '\ufeff{}', '']) {
      const at = offsetLocator('t.json', text);
      const result = jsonTextToLNode(text, at, true);
      expect(result).toEqual(viaJsonc(text, at, true));
      expect(result.errors.length).toBe(1);
    }
  });
});
