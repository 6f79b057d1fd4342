import { describe, expect, it } from 'vitest';
import { Authorizer } from '../../../src/analyze/escalation/authorizer.js';
import { EscalationGraph, type Edge } from '../../../src/analyze/escalation/graph.js';
import { ESCALATION_METHODS } from '../../../src/analyze/escalation/methods.js';
import { findEscalationPaths } from '../../../src/analyze/escalation/index.js';
import { fixture, METHOD_CASES } from '../../fixtures/analyze/escalation/method-cases.js';

function methodEdges(f: ReturnType<typeof fixture>, methodId: string): Edge[] {
  const graph = new EscalationGraph(new Authorizer(f.model));
  const attacker = graph.authorizer.principals.find((p) => p.name === f.attacker)!;
  return graph.edgesOf(attacker).all.filter((x) => x.method.id === methodId);
}

describe('escalation method fixtures', () => {
  it('cover every method of the catalogue', () => {
    expect(METHOD_CASES.map((c) => c.method).sort()).toEqual(ESCALATION_METHODS.map((m) => m.id).sort());
  });

  describe.each(METHOD_CASES)('$method', (c) => {
    it('positive: the attacker has an edge of the method', () => {
      const f = fixture(c, 'positive');
      const edges = methodEdges(f, c.method);
      expect(edges.map((e) => ({ kind: e.kind, target: e.to?.name, qualifier: e.qualifier }))).toContainEqual({
        kind: f.expect.kind,
        target: f.expect.target,
        qualifier: f.expect.qualifier,
      });
      const findings = findEscalationPaths(f.model).filter((x) => x.subject?.endsWith('/attacker'));
      expect(findings).toHaveLength(1);
      expect(findings[0].checkId).toBe(f.expect.qualifier === 'definite' ? 'escalation.path' : 'escalation.conditional-path');
    });

    it(`negative (${c.cut}): the same permissions with the path cut give no edge of the method`, () => {
      const f = fixture(c, 'negative');
      expect(methodEdges(f, c.method)).toEqual([]);
    });
  });
});
