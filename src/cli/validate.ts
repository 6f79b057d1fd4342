import type { Command } from 'commander';
import { readFileSync } from 'node:fs';
import { checkAgainstCatalog, loadCatalog } from '../catalog/index.js';
import { checkPolicy, detectPolicyKind, parsePolicy, POLICY_KINDS, type Diagnostic, type PolicyKind } from '../policy/index.js';
import { formatDiagnostic } from './output.js';

interface ValidateOptions {
  kind?: string;
  format: string;
}

export function registerValidate(program: Command): void {
  program
    .command('validate')
    .description('check policy documents against AWS grammar, limits and the AWS service reference')
    .argument('<file...>', 'policy JSON files')
    .option('--kind <kind>', `policy kind: ${POLICY_KINDS.join('|')} (default: detected from the document)`)
    .option('--format <format>', 'text or json', 'text')
    .action(async (files: string[], options: ValidateOptions) => {
      if (options.kind !== undefined && !(POLICY_KINDS as readonly string[]).includes(options.kind)) {
        throw new Error(`unknown --kind ${options.kind}; expected one of ${POLICY_KINDS.join(', ')}`);
      }
      if (options.format !== 'text' && options.format !== 'json') throw new Error('--format must be text or json');
      const catalog = await loadCatalog();
      const results: { file: string; kind: PolicyKind; diagnostics: Diagnostic[] }[] = [];
      for (const file of files) {
        let text: string;
        try {
          text = readFileSync(file, 'utf8');
        } catch (error) {
          results.push({
            file,
            kind: 'identity',
            diagnostics: [{ code: 'file.unreadable', severity: 'error', message: (error as Error).message, source: file }],
          });
          continue;
        }
        // Detect the kind from the parsed document: validating it as an identity policy first would drop a
        // trust or resource policy's document for its (expected) Principal error.
        const kind = (options.kind as PolicyKind | undefined) ?? detectPolicyKind(parsePolicy(text, { source: file }).document);
        const checked = checkPolicy(text, kind, { source: file });
        const diagnostics = [...checked.diagnostics];
        if (checked.document !== undefined) diagnostics.push(...checkAgainstCatalog(checked.document, catalog));
        diagnostics.sort((a, b) => (a.span?.start.offset ?? 0) - (b.span?.start.offset ?? 0));
        results.push({ file, kind, diagnostics });
      }
      const errors = results.reduce((n, r) => n + r.diagnostics.filter((d) => d.severity === 'error').length, 0);
      if (options.format === 'json') {
        process.stdout.write(`${JSON.stringify({ serviceDataDate: catalog.dataDate, files: results }, null, 2)}\n`);
      } else {
        for (const r of results) {
          for (const d of r.diagnostics) process.stdout.write(`${formatDiagnostic(d, r.file)}\n`);
        }
        const total = results.reduce((n, r) => n + r.diagnostics.length, 0);
        process.stdout.write(
          `${files.length} file(s) checked: ${errors} error(s), ${total - errors} other finding(s) (AWS service data ${catalog.dataDate})\n`,
        );
      }
      process.exitCode = errors > 0 ? 1 : 0;
    });
}
