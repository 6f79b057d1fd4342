import type { Diagnostic } from '../policy/index.js';

/** `file:line:column: severity code: message` — the form editors and CI logs link from. */
export function formatDiagnostic(d: Diagnostic, file: string): string {
  const where = d.span !== undefined ? `${file}:${d.span.start.line}:${d.span.start.column}` : file;
  const hint = d.suggestion !== undefined && !d.message.includes(d.suggestion) ? ` (did you mean ${d.suggestion}?)` : '';
  return `${where}: ${d.severity} ${d.code}: ${d.message}${hint}`;
}
