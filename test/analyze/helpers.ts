// Shared by the analyzer tests: fixtures read from test/fixtures/analyze, the catalog loaded once per file.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadCatalog, type Catalog } from '../../src/catalog/index.js';
import { analyze, loadAuthorizationDetails, loadPolicyFiles, type AnalyzeOptions, type Finding, type Report } from '../../src/analyze/index.js';
import type { AnalysisModel } from '../../src/analyze/model.js';

export const FIXTURES = join(import.meta.dirname, '../fixtures/analyze');
export const NOW = new Date('2026-01-01T00:00:00Z');

let catalog: Promise<Catalog> | undefined;
export function catalogOnce(): Promise<Catalog> {
  catalog ??= loadCatalog();
  return catalog;
}

export function fixture(relative: string): { path: string; text: string } {
  const path = `test/fixtures/analyze/${relative}`;
  return { path, text: readFileSync(join(FIXTURES, relative), 'utf8') };
}

export async function analyzeModel(model: AnalysisModel, options: Partial<AnalyzeOptions> = {}): Promise<Report> {
  return analyze(model, { catalog: await catalogOnce(), now: NOW, ...options });
}

/** Lints policy fixtures (by name under policies/) and returns the active findings. */
export async function lintPolicies(names: readonly string[], options: Partial<AnalyzeOptions> = {}): Promise<Finding[]> {
  const model = loadPolicyFiles(names.map((n) => fixture(`policies/${n}`)));
  return [...(await analyzeModel(model, options)).findings];
}

export async function lintAccount(options: Partial<AnalyzeOptions> = {}, withReport = true): Promise<Report> {
  const model = loadAuthorizationDetails(
    [fixture('account/authorization-details.json')],
    withReport ? { credentialReport: fixture('account/credential-report.csv') } : {},
  );
  return analyzeModel(model, options);
}

/** Loads a policy given as an object (for one-off documents). */
export async function lintDocument(document: unknown, name = 'inline.json', options: Partial<AnalyzeOptions> = {}): Promise<Finding[]> {
  const model = loadPolicyFiles([{ path: name, text: JSON.stringify(document, null, 2) }]);
  return [...(await analyzeModel(model, options)).findings];
}

export function ids(findings: readonly Finding[]): string[] {
  return findings.map((f) => f.checkId);
}
