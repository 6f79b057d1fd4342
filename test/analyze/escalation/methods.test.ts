import { describe, expect, it } from 'vitest';
import { Authorizer } from '../../../src/analyze/escalation/authorizer.js';
import { EscalationGraph, type Edge } from '../../../src/analyze/escalation/graph.js';
import { ESCALATION_METHODS, METHODS_BY_ID } from '../../../src/analyze/escalation/methods.js';
import { findEscalationPaths } from '../../../src/analyze/escalation/index.js';
import { fixture, METHOD_CASES } from '../../fixtures/analyze/escalation/method-cases.js';
import { ACCOUNT, ADMIN_ARN, allow, doc, ModelBuilder, trust } from '../../fixtures/analyze/escalation/model-builder.js';

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

describe('service roles whose trust checks aws:SourceArn', () => {
  const serviceCases = METHOD_CASES.filter((c) => METHODS_BY_ID.get(c.method)?.target === 'serviceRole');

  /** The attacker holds the method's actions on `*`; the admin role trusts the service for `sourceArn` only. */
  function sourceFixture(methodId: string, sourceArn: string): ReturnType<typeof fixture> {
    const m = METHODS_BY_ID.get(methodId)!;
    const actions = serviceCases.find((c) => c.method === methodId)!.actions;
    const model = new ModelBuilder()
      .user('attacker', { policies: [doc(allow(actions))] })
      .role('Target', { trust: trust(m.services![0], { ArnLike: { 'aws:SourceArn': sourceArn } }), managed: [ADMIN_ARN] })
      .build();
    const qualifier = m.certainty === 'possible' ? 'possible' : 'definite';
    return { model, attacker: 'attacker', expect: { kind: 'become', target: 'Target', qualifier } };
  }

  describe.each(serviceCases)('$method', (c) => {
    const m = METHODS_BY_ID.get(c.method)!;
    it('positive: a pattern over its resource type in the caller account lets the service in', () => {
      const f = sourceFixture(c.method, m.source!.replace('{account}', ACCOUNT));
      expect(methodEdges(f, c.method).map((e) => ({ kind: e.kind, target: e.to?.name, qualifier: e.qualifier }))).toContainEqual({
        kind: 'become',
        target: 'Target',
        qualifier: f.expect.qualifier,
      });
    });

    it('negative: the same pattern in another account keeps the service out', () => {
      const f = sourceFixture(c.method, m.source!.replace('{account}', '999988887777'));
      expect(methodEdges(f, c.method)).toEqual([]);
    });
  });
});
