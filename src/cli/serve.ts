import type { Command } from 'commander';

// The IAM/STS server arrives with issue 3; until then `castellan serve` (and so `npm start`) explains
// what is available instead of failing.
export function registerServe(program: Command): void {
  program
    .command('serve')
    .description('run the IAM/STS server (not available yet in this version)')
    .action(() => {
      process.stdout.write('castellan serve: the IAM/STS server is not part of this version yet.\n\n');
      program.outputHelp();
    });
}
