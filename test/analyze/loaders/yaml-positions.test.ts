import { describe, expect, it } from 'vitest';
import { field, toPlain } from '../../../src/analyze/loaders/policy-record.js';
import { yamlToLNode } from '../../../src/analyze/loaders/yaml-positions.js';

describe('yamlToLNode', () => {
  it('turns short-form tags into the long forms', () => {
    const { node } = yamlToLNode('a: !Ref X\nb: !Sub "x-${Y}"\nc: !GetAtt R.Arn.Sub\nd: !Join [",", [!Ref A]]\ne: !Condition C\n', 't.yaml');
    expect(toPlain(node!)).toEqual({
      a: { Ref: 'X' },
      b: { 'Fn::Sub': 'x-${Y}' },
      c: { 'Fn::GetAtt': ['R', 'Arn.Sub'] },
      d: { 'Fn::Join': [',', [{ Ref: 'A' }]] },
      e: { Condition: 'C' },
    });
  });

  it('gives every node and key its line and column', () => {
    const { node } = yamlToLNode('Top:\n  List:\n    - one\n    - two: 2\n', 't.yaml');
    const list = field(field(node, 'Top'), 'List');
    expect(list?.kind === 'array' && list.items[1].loc).toMatchObject({ file: 't.yaml', line: 4, column: 7 });
    const top = node?.kind === 'object' ? node.entries[0] : undefined;
    expect(top?.keyLoc).toMatchObject({ line: 1, column: 1 });
  });

  it('resolves aliases', () => {
    const { node } = yamlToLNode('a: &x { k: v }\nb: *x\n', 't.yaml');
    expect(toPlain(field(node, 'b')!)).toEqual({ k: 'v' });
  });

  it('keeps 2012-10-17 a string (YAML 1.2 core schema)', () => {
    expect(toPlain(field(yamlToLNode('Version: 2012-10-17', 't').node, 'Version')!)).toBe('2012-10-17');
  });

  it('reports syntax errors with their position', () => {
    const r = yamlToLNode('a: [1, 2\nb: c', 'bad.yaml');
    expect(r.node).toBeUndefined();
    expect(r.errors[0].location.file).toBe('bad.yaml');
  });
});
