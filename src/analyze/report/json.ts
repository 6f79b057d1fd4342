// The JSON report: the Report as data, with the metadata of the checks that produced findings.
import type { Report } from '../index.js';

export function formatJson(report: Report): string {
  const used = new Set([...report.findings, ...report.suppressed].map((f) => f.checkId));
  return `${JSON.stringify(
    {
      tool: report.tool,
      serviceData: report.serviceData,
      summary: report.summary,
      inputs: report.inputs,
      findings: report.findings,
      suppressed: report.suppressed,
      checks: report.checks.filter((c) => used.has(c.id)),
    },
    null,
    2,
  )}\n`;
}
