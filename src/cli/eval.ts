import type { Command } from 'commander';
import { readFileSync } from 'node:fs';
import { compilePolicySet, evaluate, type MatchedStatement } from '../engine/index.js';
import { loadScenario } from '../engine/scenario.js';

interface EvalOptions {
  format: string;
}

/** The statement's own text, as it stands in the scenario file. */
function quote(text: string, s: MatchedStatement): string {
  const lines = text.slice(s.span.start.offset, s.span.end.offset).split('\n');
  const indent = Math.min(...lines.slice(1).filter((l) => l.trim() !== '').map((l) => l.length - l.trimStart().length), 99);
  return lines.map((l, i) => `      ${i === 0 ? l : l.slice(Math.min(indent, l.length - l.trimStart().length))}`).join('\n');
}

export function registerEval(program: Command): void {
  program
    .command('eval')
    .description('evaluate one request against a set of policies and explain the decision')
    .argument('<scenario>', 'scenario JSON file (see README: "Scenario format")')
    .option('--format <format>', 'text or json', 'text')
    .action((file: string, options: EvalOptions) => {
      if (options.format !== 'text' && options.format !== 'json') throw new Error('--format must be text or json');
      let text: string;
      try {
        text = readFileSync(file, 'utf8');
      } catch (error) {
        process.stderr.write(`castellan eval: cannot read ${file}: ${(error as Error).message}\n`);
        process.exitCode = 2;
        return;
      }
      const scenario = loadScenario(text, file);
      if (!scenario.ok) {
        for (const e of scenario.errors) {
          const where = e.line !== undefined ? `${file}:${e.line}:${e.column ?? 1}` : file;
          process.stderr.write(`${where}: error: ${e.message}\n`);
        }
        process.exitCode = 2;
        return;
      }
      const compiled = compilePolicySet(scenario.policySet);
      const result = evaluate(scenario.request, compiled, { explain: true });
      const explanation = result.explanation!;
      if (options.format === 'json') {
        process.stdout.write(`${JSON.stringify({ decision: result.decision, decidedBy: result.decidedBy, explanation }, null, 2)}\n`);
        return;
      }
      const r = scenario.request;
      const out: string[] = [];
      out.push(`Decision: ${result.decision}`);
      out.push(`  ${r.principal} → ${r.action}${r.resource !== undefined ? ` on ${r.resource}` : ''}${explanation.crossAccount ? ' (cross-account)' : ''}`);
      out.push(`Why: ${explanation.summary}`);
      for (const s of explanation.decidingStatements) {
        out.push(`  ${s.source ?? file}:${s.span.start.line}:${s.span.start.column} (${s.span.pointer})`);
        out.push(quote(text, s));
      }
      out.push('Layers:');
      for (const layer of explanation.layers) {
        const level = layer.level !== undefined ? ` level ${layer.level}` : '';
        const matched = layer.matchedStatements
          .map((s) => `${s.effect} ${s.policyName}#${s.statementIndex}${s.sid ? `(${s.sid})` : ''}`)
          .join(', ');
        out.push(`  ${layer.layer}${level}: ${layer.result}${matched ? ` — ${matched}` : ''}`);
      }
      if (explanation.missingContextKeys.length > 0) {
        out.push(`Missing context keys: ${explanation.missingContextKeys.join(', ')}`);
      }
      for (const s of explanation.skippedPolicies) out.push(`Skipped ${s.layer} policy "${s.policyName}": ${s.reason}`);
      process.stdout.write(`${out.join('\n')}\n`);
    });
}
