import { describe, expect, it } from 'vitest';
import { loadPolicyFiles, UNKNOWN_PLACEHOLDER_PREFIX } from '../../../src/analyze/index.js';
import type { AnalysisModel, PolicyRecord } from '../../../src/analyze/model.js';
import { analyzeModel, ids } from '../helpers.js';

/** A trust policy as an IaC loader would give it, with a principal known only after apply. */
function withUnknownPrincipal(principal: string): AnalysisModel {
  const text = JSON.stringify({
    Version: '2012-10-17',
    Statement: [{ Effect: 'Allow', Principal: { AWS: principal }, Action: 'sts:AssumeRole' }],
  });
  const base = loadPolicyFiles([{ path: 'main.tf', text }], 'trust');
  const record = base.standalonePolicies[0] as PolicyRecord;
  const unknowns = new Map([['/Statement/0/Principal/AWS', { unknown: true as const, origin: 'aws_iam_role.ci.arn (known after apply)' }]]);
  return { ...base, standalonePolicies: [{ ...record, unknowns, locate: record.locate }] };
}

describe('unknown.value', () => {
  it('reports a principal unknown until apply as a warning, never as safe', async () => {
    const report = await analyzeModel(withUnknownPrincipal(`${UNKNOWN_PLACEHOLDER_PREFIX}aws_iam_role.ci.arn}`));
    const f = report.findings.find((x) => x.checkId === 'unknown.value');
    expect(f?.severity).toBe('warning');
    expect(f?.message).toContain('aws_iam_role.ci.arn (known after apply)');
  });

  it('is silent when the principal is known', async () => {
    const report = await analyzeModel(withUnknownPrincipal('arn:aws:iam::111122223333:role/ci'));
    expect(ids(report.findings)).not.toContain('unknown.value');
  });
});
