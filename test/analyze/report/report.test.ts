import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Ajv } from 'ajv';
import formatsModule from 'ajv-formats';
import { beforeAll, describe, expect, it } from 'vitest';
import { formatJson, formatText, loadPolicyFiles, parseSuppressionsFile, toSarif, type Report } from '../../../src/analyze/index.js';
import { analyzeModel, fixture, lintAccount } from '../helpers.js';

// The schema is draft-04, which Ajv 8 reads once its draft-04 `$schema` and `id` are dropped (the keywords
// it uses are the same in draft-07).
const { $schema: _draft, id: _id, ...SCHEMA } = JSON.parse(
  readFileSync(join(import.meta.dirname, '../../../node_modules/@microsoft/jest-sarif/lib/schemas/sarif-2.1.0-rtm.5.json'), 'utf8'),
) as Record<string, unknown>;

let report: Report;
beforeAll(async () => {
  const { entries } = parseSuppressionsFile('s.json', JSON.stringify([{ id: 'iam.allow-without-condition', reason: 'reviewed' }]));
  report = await analyzeModel(loadPolicyFiles([fixture('policies/seed-too-broad.json'), fixture('policies/typos.json')]), { suppressions: entries, toolVersion: '0.1.0' });
});

describe('text report', () => {
  it('prints file:line:column: severity id: message lines and a summary with the data date', () => {
    const text = formatText(report);
    expect(text).toContain('test/fixtures/analyze/policies/seed-too-broad.json:6:17: error iam.service-wildcard: ');
    expect(text.trimEnd().split('\n').pop()).toMatch(/^4 findings \(1 error, 3 warnings, 0 info\), 1 suppressed in 2 inputs \(AWS service data \d{4}-\d{2}-\d{2}\)$/);
  });

  it('separates files with a blank line', () => {
    expect(formatText(report)).toMatch(/seed-too-broad\.json.*\n\ntest\/fixtures\/analyze\/policies\/typos\.json/s);
  });

  it('lists suppressed findings with their reason when asked', () => {
    expect(formatText(report, { showSuppressed: true })).toContain('[reason: reviewed]');
  });

  it('prints escalation paths step by step', async () => {
    const account = await lintAccount();
    expect(formatText(account)).toMatch(/escalation\.conditional-path: .*\n {4}1\. carol can attach/);
  });
});

describe('JSON report', () => {
  it('holds the findings, the summary, the data date and the metadata of the checks used', () => {
    const value = JSON.parse(formatJson(report)) as { serviceData: { date: string }; summary: { error: number }; findings: unknown[]; checks: { id: string }[] };
    expect(value.serviceData.date).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(value.summary.error).toBe(1);
    expect(value.findings).toHaveLength(4);
    expect(value.checks.map((c) => c.id)).toContain('iam.service-wildcard');
  });
});

describe('SARIF report', () => {
  it('is valid against the SARIF 2.1.0 schema', async () => {
    const ajv = new Ajv({ strict: false, allErrors: true, unicodeRegExp: false });
    // ajv-formats is CommonJS: its default export arrives wrapped under ESM.
    const addFormats = (formatsModule as unknown as { default: (a: Ajv) => void }).default ?? (formatsModule as unknown as (a: Ajv) => void);
    addFormats(ajv);
    const validate = ajv.compile(SCHEMA);
    const account = await lintAccount();
    for (const [r, docs] of [[report, 'https://example.com/castellan/docs/checks.md'], [account, undefined]] as const) {
      const log = toSarif(r, { baseDir: process.cwd(), ...(docs === undefined ? {} : { checksDocUri: docs }) });
      const ok = validate(JSON.parse(JSON.stringify(log)));
      expect(validate.errors ?? []).toEqual([]);
      expect(ok).toBe(true);
    }
  });

  it('describes every check as a rule with help and a docs anchor', () => {
    const rule = toSarif(report, { checksDocUri: 'https://example.com/docs/checks.md' }).runs[0]?.tool.driver.rules?.find((r) => r.id === 'iam.wildcard-resource');
    expect(rule).toMatchObject({
      name: 'IamWildcardResource',
      helpUri: 'https://example.com/docs/checks.md#iam.wildcard-resource',
      defaultConfiguration: { level: 'warning' },
    });
    expect(rule?.fullDescription?.text).toContain('wildcard-only');
  });

  it('gives each result a relative uri and a precise region', () => {
    const run = toSarif(report, { baseDir: process.cwd() }).runs[0];
    const result = run?.results?.find((r) => r.ruleId === 'iam.service-wildcard');
    expect(result?.level).toBe('error');
    expect(result?.locations?.[0]?.physicalLocation).toMatchObject({
      artifactLocation: { uri: 'test/fixtures/analyze/policies/seed-too-broad.json' },
      region: { startLine: 6, startColumn: 17, endLine: 6, endColumn: 23 },
    });
  });

  it('carries the AWS service data date and marks suppressed results', () => {
    const run = toSarif(report).runs[0];
    expect(run?.properties?.['awsServiceDataDate']).toBe(report.serviceData.date);
    expect(run?.results?.filter((r) => r.suppressions !== undefined)).toHaveLength(1);
  });

  it('renders escalation paths as code flows', async () => {
    const run = toSarif(await lintAccount()).runs[0];
    const flow = run?.results?.find((r) => r.ruleId?.startsWith('escalation.'))?.codeFlows?.[0];
    expect(flow?.threadFlows[0]?.locations.length).toBeGreaterThan(0);
  });
});
