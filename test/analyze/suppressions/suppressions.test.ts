import { describe, expect, it } from 'vitest';
import { checkIdFromSid, loadPolicyFiles, parseSuppressionsFile } from '../../../src/analyze/index.js';
import type { AnalysisModel, PolicyRecord, Suppression } from '../../../src/analyze/model.js';
import { analyzeModel, fixture, ids } from '../helpers.js';

const KNOWN = ['iam.wildcard-resource', 'iam.wildcard-action', 'policy.catalog.unknown-action'];

describe('the Sid convention', () => {
  it('maps CastellanIgnore + the CamelCase check id to the id', () => {
    expect(checkIdFromSid('CastellanIgnoreIamWildcardResource', KNOWN)).toBe('iam.wildcard-resource');
    expect(checkIdFromSid('CastellanIgnoreIamWildcardResource2', KNOWN)).toBe('iam.wildcard-resource');
    expect(checkIdFromSid('CastellanIgnorePolicyCatalog', KNOWN)).toBe('policy.catalog');
  });

  it('ignores other Sids', () => {
    expect(checkIdFromSid('ReadOrders', KNOWN)).toBeUndefined();
    expect(checkIdFromSid('CastellanIgnoreNothingKnown', KNOWN)).toBeUndefined();
  });

  it('does not apply without a reason, and says so at the Sid', async () => {
    const report = await analyzeModel(loadPolicyFiles([fixture('policies/sid-suppressed.json')]));
    expect(ids(report.findings)).toEqual(['suppression.missing-reason', 'iam.wildcard-resource']);
    expect(report.findings[0]?.location).toMatchObject({ line: 4, column: 14 });
  });

  it('applies with the reason from the suppressions file', async () => {
    const { entries } = parseSuppressionsFile('s.json', JSON.stringify({ suppressions: [{ id: 'iam.wildcard-resource', sid: 'CastellanIgnoreIamWildcardResource', reason: 'table name is generated' }] }));
    const report = await analyzeModel(loadPolicyFiles([fixture('policies/sid-suppressed.json')]), { suppressions: entries });
    expect(report.findings).toEqual([]);
    expect(report.suppressed.map((f) => [f.checkId, f.suppressed?.reason])).toEqual([['iam.wildcard-resource', 'table name is generated']]);
  });
});

describe('the suppressions file', () => {
  it('silences findings by id and path glob', async () => {
    const { entries } = parseSuppressionsFile('s.json', JSON.stringify([{ id: 'iam', path: 'policies/seed-*.json', reason: 'legacy bucket, ticket SEC-12' }]));
    const report = await analyzeModel(loadPolicyFiles([fixture('policies/seed-too-broad.json'), fixture('policies/admin.json')]), { suppressions: entries });
    expect(report.findings.map((f) => f.location.file)).toEqual(['test/fixtures/analyze/policies/admin.json']);
    expect(report.summary.suppressed).toBe(3);
  });

  it('reports an expired suppression and no longer applies it', async () => {
    const { entries } = parseSuppressionsFile('s.json', JSON.stringify([{ id: 'iam.wildcard-action', reason: 'break-glass', expires: '2025-06-30' }]));
    const report = await analyzeModel(loadPolicyFiles([fixture('policies/admin.json')]), { suppressions: entries });
    expect(ids(report.findings).sort()).toEqual(['iam.wildcard-action', 'suppression.expired']);
  });

  it('still applies a suppression on its expiry day', async () => {
    const { entries } = parseSuppressionsFile('s.json', JSON.stringify([{ id: 'iam.wildcard-action', reason: 'break-glass', expires: '2026-01-01' }]));
    const report = await analyzeModel(loadPolicyFiles([fixture('policies/admin.json')]), { suppressions: entries });
    expect(report.findings).toEqual([]);
  });

  it('reports an entry without a reason', async () => {
    const { entries } = parseSuppressionsFile('s.json', JSON.stringify([{ id: 'iam.wildcard-action' }]));
    const report = await analyzeModel(loadPolicyFiles([fixture('policies/admin.json')]), { suppressions: entries });
    expect(ids(report.findings).sort()).toEqual(['iam.wildcard-action', 'suppression.missing-reason']);
  });

  it('rejects entries without an id, with their position', () => {
    const { errors } = parseSuppressionsFile('s.json', '{\n  "suppressions": [\n    { "reason": "x" }\n  ]\n}');
    expect(errors).toEqual([expect.objectContaining({ location: expect.objectContaining({ line: 3, column: 5 }) })]);
  });
});

describe('suppressions from the loaders (CloudFormation Metadata, Terraform comments)', () => {
  function withSuppression(suppression: Suppression): AnalysisModel {
    const base = loadPolicyFiles([fixture('policies/admin.json')]);
    const record = base.standalonePolicies[0] as PolicyRecord;
    return { ...base, standalonePolicies: [{ ...record, suppressions: [suppression], locate: record.locate }] };
  }

  it('apply to the policy they are declared on', async () => {
    const report = await analyzeModel(withSuppression({ checkId: 'iam.wildcard-action', reason: 'sandbox account', location: { file: 'template.yaml', line: 5, column: 7 } }));
    expect(report.findings).toEqual([]);
    expect(report.suppressed).toHaveLength(1);
  });

  it('do not apply to other checks', async () => {
    const report = await analyzeModel(withSuppression({ checkId: 'iam.wildcard-resource', reason: 'sandbox account', location: { file: 'template.yaml', line: 5, column: 7 } }));
    expect(ids(report.findings)).toEqual(['iam.wildcard-action']);
  });
});
