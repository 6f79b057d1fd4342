// SARIF 2.1.0, the format code-scanning services read: one rule per check (with its why and fix, and a link
// to its section of docs/checks.md), one result per finding with a precise region, the AWS service data date
// in the run's properties, and escalation paths as code flows.
import { isAbsolute, relative, sep } from 'node:path';
import type { Log, ReportingDescriptor, Result } from 'sarif';
import type { Report } from '../index.js';
import type { Finding, FindingSeverity } from '../model.js';

export interface SarifOptions {
  /** Absolute file paths are made relative to this folder (the repository root; default: left as they are). */
  readonly baseDir?: string;
  /**
   * Where docs/checks.md is published (an absolute URI); rule helpUri is `${checksDocUri}#${checkId}`. Without
   * one, rules carry their help text but no helpUri (SARIF requires absolute URIs there).
   */
  readonly checksDocUri?: string;
}

const LEVEL: Record<FindingSeverity, Result.level> = { error: 'error', warning: 'warning', info: 'note' };

function uriOf(file: string, baseDir: string | undefined): string {
  let path = file;
  if (baseDir !== undefined && isAbsolute(path)) path = relative(baseDir, path);
  path = path.split(sep).join('/').replace(/^\.\//, '');
  return encodeURI(path);
}

function ruleName(id: string): string {
  return id
    .split(/[.-]/)
    .map((part) => part.charAt(0).toUpperCase() + part.slice(1))
    .join('');
}

function region(f: Finding): NonNullable<NonNullable<Result['locations']>[number]['physicalLocation']>['region'] {
  const { line, column, endLine, endColumn } = f.location;
  const ends = endLine !== undefined && endColumn !== undefined && (endLine > line || (endLine === line && endColumn > column));
  return { startLine: line, startColumn: column, ...(ends ? { endLine, endColumn } : {}) };
}

export function toSarif(report: Report, options: SarifOptions = {}): Log {
  const docs = options.checksDocUri !== undefined && /^[a-z][a-z0-9+.-]*:/i.test(options.checksDocUri) ? options.checksDocUri : undefined;
  const known = new Set(report.checks.map((c) => c.id));
  const extra = [...new Set([...report.findings, ...report.suppressed].map((f) => f.checkId))].filter((id) => !known.has(id));
  const rules: ReportingDescriptor[] = [
    ...report.checks.map((c) => ({
      id: c.id,
      name: ruleName(c.id),
      shortDescription: { text: c.title },
      fullDescription: { text: c.why },
      help: { text: `${c.why}\n\nHow to fix: ${c.fix}`, markdown: `${c.why}\n\n**How to fix:** ${c.fix}` },
      ...(docs === undefined ? {} : { helpUri: `${docs}#${c.id}` }),
      defaultConfiguration: { level: LEVEL[c.severity] },
    })),
    ...extra.map((id) => ({ id, name: ruleName(id), shortDescription: { text: id } })),
  ];
  const index = new Map(rules.map((r, i) => [r.id, i]));
  const result = (f: Finding): Result => {
    const physical = { artifactLocation: { uri: uriOf(f.location.file, options.baseDir), uriBaseId: '%SRCROOT%' }, region: region(f) };
    return {
      ruleId: f.checkId,
      ruleIndex: index.get(f.checkId) ?? 0,
      level: LEVEL[f.severity],
      message: { text: f.message },
      locations: [{ physicalLocation: physical }],
      ...(f.subject === undefined ? {} : { properties: { subject: f.subject } }),
      ...(f.path !== undefined && f.path.length > 0
        ? {
            codeFlows: [
              {
                message: { text: 'escalation path' },
                threadFlows: [{ locations: f.path.map((step) => ({ location: { physicalLocation: physical, message: { text: step } } })) }],
              },
            ],
          }
        : {}),
      ...(f.suppressed === undefined
        ? {}
        : { suppressions: [{ kind: 'external' as const, status: 'accepted' as const, ...(f.suppressed.reason === undefined ? {} : { justification: f.suppressed.reason }) }] }),
    };
  };
  return {
    version: '2.1.0',
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    runs: [
      {
        tool: {
          driver: {
            name: 'castellan',
            ...(docs === undefined ? {} : { informationUri: docs }),
            ...(report.tool.version === undefined ? {} : { version: report.tool.version, semanticVersion: report.tool.version }),
            rules,
          },
        },
        originalUriBaseIds: options.baseDir === undefined ? {} : { '%SRCROOT%': { uri: `file://${encodeURI(options.baseDir.split(sep).join('/').replace(/\/?$/, '/'))}` } },
        results: [...report.findings.map(result), ...report.suppressed.map(result)],
        properties: {
          awsServiceDataDate: report.serviceData.date,
          awsServiceDataVersion: report.serviceData.version,
          summary: report.summary,
        },
      },
    ],
  };
}

export function formatSarif(report: Report, options: SarifOptions = {}): string {
  return `${JSON.stringify(toSarif(report, options), null, 2)}\n`;
}
