// `castellan lint PATH...`: the command's options; the analyzer itself is loaded only when the command runs
// (lint-run.ts), so that other commands start without it.
import type { Command } from 'commander';
import type { LintOptions, LintResult } from './lint-run.js';

export type { LintOptions, LintResult } from './lint-run.js';

export async function runLint(paths: readonly string[], options: LintOptions): Promise<LintResult> {
  return (await import('./lint-run.js')).runLint(paths, options);
}

export function registerLint(program: Command): void {
  program
    .command('lint')
    .description('find least-privilege mistakes in policies, CloudFormation, CDK, Terraform and account exports')
    .argument('<path...>', 'files or folders (folders are walked: .json, .yaml, .yml, .template, .tf, cdk.out)')
    .option('--format <format>', 'text, json or sarif', 'text')
    .option('--fail-on <severity>', 'exit 1 when a finding is at or above: error, warning, info or none', 'error')
    .option('--require-boundary', 'the convention requires a permissions boundary on every role and user')
    .option('--max-key-age-days <days>', 'report access keys older than this (default 90)')
    .option('--max-key-unused-days <days>', 'report access keys unused for longer than this (default: --max-key-age-days)')
    .option('--credential-report <file>', 'credential report CSV to read access keys from (with an account export)')
    .option('--suppressions <file>', 'suppressions JSON file')
    .option('--now <iso>', 'the time to measure key ages and suppression expiry against (default: now)')
    .option('--show-suppressed', 'also list suppressed findings (text format)')
    .action(async (paths: string[], options: LintOptions) => {
      const result = await runLint(paths, options);
      process.stdout.write(result.stdout);
      process.stderr.write(result.stderr);
      process.exitCode = result.exitCode;
    });
}
