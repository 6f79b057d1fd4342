#!/usr/bin/env node
// The `castellan` command. Each subcommand lives in its own file; this one only wires them.
import { Command } from 'commander';
import { readFileSync } from 'node:fs';
import { registerAccount } from './account.js';
import { registerEval } from './eval.js';
import { registerLint } from './lint.js';
import { registerServe } from './serve.js';
import { registerValidate } from './validate.js';

const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };

const program = new Command()
  .name('castellan')
  .description('The AWS identity layer, as software you can run yourself.')
  .version(pkg.version);

registerValidate(program);
registerEval(program);
registerLint(program);
registerServe(program);
registerAccount(program);

program.parseAsync(process.argv).catch((error: unknown) => {
  process.stderr.write(`castellan: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 2;
});
