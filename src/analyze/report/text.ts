// The text report: one `file:line:column: severity id: message` line per finding (the form editors and CI
// logs link from), grouped by file, escalation paths step by step, then a summary line with the counts and
// the date of the AWS service data.
import type { Report } from '../index.js';
import type { Finding } from '../model.js';

export interface TextOptions {
  /** Also list suppressed findings (with their reasons). */
  readonly showSuppressed?: boolean;
}

function line(f: Finding): string {
  return `${f.location.file}:${f.location.line}:${f.location.column}: ${f.severity} ${f.checkId}: ${f.message}`;
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

export function summaryLine(report: Report): string {
  const { error, warning, info, suppressed, inputs } = report.summary;
  return (
    `${plural(error + warning + info, 'finding')} (${plural(error, 'error')}, ${plural(warning, 'warning')}, ${info} info)` +
    `${suppressed > 0 ? `, ${suppressed} suppressed` : ''} in ${plural(inputs, 'input')}` +
    ` (AWS service data ${report.serviceData.date})`
  );
}

export function formatText(report: Report, options: TextOptions = {}): string {
  const out: string[] = [];
  let file: string | undefined;
  for (const f of report.findings) {
    if (file !== undefined && f.location.file !== file) out.push('');
    file = f.location.file;
    out.push(line(f));
    f.path?.forEach((step, i) => out.push(`    ${i + 1}. ${step}`));
  }
  if (options.showSuppressed === true && report.suppressed.length > 0) {
    if (out.length > 0) out.push('');
    out.push('Suppressed:');
    for (const f of report.suppressed) {
      out.push(`  ${line(f)} [reason: ${f.suppressed?.reason ?? '-'}${f.suppressed?.expires === undefined ? '' : `, until ${f.suppressed.expires}`}]`);
    }
  }
  if (out.length > 0) out.push('');
  out.push(summaryLine(report));
  return `${out.join('\n')}\n`;
}
