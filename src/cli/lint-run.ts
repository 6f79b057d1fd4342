// The work of `castellan lint PATH...` (registered in lint.ts): finds the classic IAM mistakes in policy files, CloudFormation templates, CDK
// assemblies, Terraform and account exports. Exit codes for CI: 1 when a finding reaches --fail-on, 2 on bad
// input or usage, 0 otherwise.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, dirname, extname, join, resolve } from 'node:path';
import { loadCatalog } from '../catalog/index.js';
import {
  analyze,
  detectInputKind,
  failsAt,
  formatJson,
  formatSarif,
  formatText,
  parseSuppressionsFile,
  type FindingSeverity,
  type InputFile,
  type InputKind,
  type SuppressionEntry,
} from '../analyze/index.js';
import { loadInputs, type AnalysisInput } from '../analyze/inputs.js';

export interface LintOptions {
  readonly format?: string;
  readonly failOn?: string;
  readonly requireBoundary?: boolean;
  readonly maxKeyAgeDays?: string;
  readonly maxKeyUnusedDays?: string;
  readonly credentialReport?: string;
  readonly suppressions?: string;
  readonly now?: string;
  readonly showSuppressed?: boolean;
}

export interface LintResult {
  readonly exitCode: number;
  readonly stdout: string;
  readonly stderr: string;
}

class UsageError extends Error {}

const WALKED = new Set(['.json', '.yaml', '.yml', '.template', '.tf']);
const SKIPPED_DIRS = new Set(['node_modules', '.git', '.terraform', '.venv', '__pycache__']);

function readText(path: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch (error) {
    throw new UsageError(`cannot read ${path}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
  }
}

function isCdkAssembly(dir: string): boolean {
  const manifest = join(dir, 'manifest.json');
  if (!existsSync(manifest)) return false;
  try {
    const value = JSON.parse(readFileSync(manifest, 'utf8')) as { artifacts?: unknown };
    return typeof value.artifacts === 'object' && value.artifacts !== null;
  } catch {
    return false;
  }
}

/** The JSON files of a cloud assembly (nested assemblies included, assets not). */
function assemblyFiles(dir: string): InputFile[] {
  const files: InputFile[] = [];
  const visit = (folder: string): void => {
    for (const entry of readdirSync(folder, { withFileTypes: true })) {
      const path = join(folder, entry.name);
      if (entry.isDirectory()) {
        if (entry.name.startsWith('assembly-')) visit(path);
      } else if (entry.name.endsWith('.json')) {
        files.push({ path, text: readText(path) });
      }
    }
  };
  visit(dir);
  return files;
}

/** Collects the inputs under the paths given; an explicitly named file of no known kind is a usage error. */
export function collectInputs(paths: readonly string[]): AnalysisInput[] {
  const inputs: AnalysisInput[] = [];
  const terraform = new Map<string, InputFile[]>();
  const addFile = (path: string, explicit: boolean): void => {
    const ext = extname(path).toLowerCase();
    if (ext === '.tf') {
      const dir = dirname(path);
      terraform.set(dir, [...(terraform.get(dir) ?? []), { path, text: readText(path) }]);
      return;
    }
    if (basename(path) === 'manifest.json' && isCdkAssembly(dirname(path))) {
      addAssembly(dirname(path));
      return;
    }
    const text = readText(path);
    const kind: InputKind | undefined = detectInputKind(path, text);
    if (kind === undefined) {
      if (explicit) throw new UsageError(`${path}: unsupported input kind (not a policy, CloudFormation template, CDK assembly, Terraform plan or configuration, or account authorization details)`);
      return;
    }
    inputs.push({ kind, path, files: [{ path, text }] });
  };
  const seenAssemblies = new Set<string>();
  const addAssembly = (dir: string): void => {
    const key = resolve(dir);
    if (seenAssemblies.has(key)) return;
    seenAssemblies.add(key);
    inputs.push({ kind: 'cdk', path: dir, files: assemblyFiles(dir) });
  };
  const walk = (dir: string): void => {
    if (isCdkAssembly(dir)) {
      addAssembly(dir);
      return;
    }
    for (const entry of readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) {
        if (!SKIPPED_DIRS.has(entry.name)) walk(path);
      } else if (entry.isFile() && WALKED.has(extname(entry.name).toLowerCase())) {
        addFile(path, false);
      }
    }
  };
  for (const path of paths) {
    if (!existsSync(path)) throw new UsageError(`${path}: no such file or directory`);
    if (statSync(path).isDirectory()) walk(path);
    else addFile(path, true);
  }
  for (const [dir, files] of terraform) inputs.push({ kind: 'terraform-hcl', path: dir, files });
  return inputs;
}

function nonNegativeInteger(value: string | undefined, flag: string): number | undefined {
  if (value === undefined) return undefined;
  if (!/^\d+$/.test(value)) throw new UsageError(`${flag} must be a whole number of days, not "${value}"`);
  return Number(value);
}

function packageInfo(): { version?: string; docs?: string } {
  try {
    const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as {
      version?: string;
      homepage?: string;
      repository?: string | { url?: string };
    };
    const repo = typeof pkg.repository === 'string' ? pkg.repository : pkg.repository?.url;
    const base = repo?.replace(/^git\+/, '').replace(/\.git$/, '');
    return {
      ...(pkg.version === undefined ? {} : { version: pkg.version }),
      ...(base !== undefined && /^https:\/\//.test(base) ? { docs: `${base}/blob/main/docs/checks.md` } : {}),
    };
  } catch {
    return {};
  }
}

/** Runs the command; never throws, never exits: the caller prints and sets the exit code. */
export async function runLint(paths: readonly string[], options: LintOptions): Promise<LintResult> {
  try {
    const format = options.format ?? 'text';
    if (!['text', 'json', 'sarif'].includes(format)) throw new UsageError(`--format must be text, json or sarif, not "${format}"`);
    const failOn = options.failOn ?? 'error';
    if (!['error', 'warning', 'info', 'none'].includes(failOn)) throw new UsageError(`--fail-on must be error, warning, info or none, not "${failOn}"`);
    const maxKeyAgeDays = nonNegativeInteger(options.maxKeyAgeDays, '--max-key-age-days');
    const maxKeyUnusedDays = nonNegativeInteger(options.maxKeyUnusedDays, '--max-key-unused-days');
    let now = new Date();
    if (options.now !== undefined) {
      now = new Date(options.now);
      if (Number.isNaN(now.getTime())) throw new UsageError(`--now must be an ISO date, not "${options.now}"`);
    }
    if (paths.length === 0) throw new UsageError('no PATH given');
    const inputs = collectInputs(paths);
    if (inputs.length === 0) throw new UsageError(`no policy, template, Terraform or account export found under ${paths.join(', ')}`);
    const credentialReport =
      options.credentialReport === undefined ? undefined : { path: options.credentialReport, text: readText(options.credentialReport) };
    let suppressions: SuppressionEntry[] = [];
    if (options.suppressions !== undefined) {
      const parsed = parseSuppressionsFile(options.suppressions, readText(options.suppressions));
      if (parsed.errors.length > 0) {
        throw new UsageError(parsed.errors.map((e) => `${e.location.file}:${e.location.line}:${e.location.column}: ${e.message}`).join('\n'));
      }
      suppressions = parsed.entries;
    }
    const model = await loadInputs(inputs, credentialReport === undefined ? {} : { credentialReport });
    const catalog = await loadCatalog();
    const info = packageInfo();
    const report = analyze(model, {
      catalog,
      now,
      requireBoundary: options.requireBoundary === true,
      ...(maxKeyAgeDays === undefined ? {} : { maxKeyAgeDays }),
      ...(maxKeyUnusedDays === undefined ? {} : { maxKeyUnusedDays }),
      suppressions,
      ...(info.version === undefined ? {} : { toolVersion: info.version }),
    });
    const stdout =
      format === 'json'
        ? formatJson(report)
        : format === 'sarif'
          ? formatSarif(report, { baseDir: process.cwd(), ...(info.docs === undefined ? {} : { checksDocUri: info.docs }) })
          : formatText(report, { showSuppressed: options.showSuppressed === true });
    const unsupported = report.findings.filter((f) => f.checkId === 'input.load-error' && f.message.startsWith('unsupported input kind'));
    const stderr = unsupported.map((f) => `castellan lint: ${f.location.file}: ${f.message}\n`).join('');
    // An input that could not be analysed at all is bad input, whatever --fail-on says.
    const exitCode = unsupported.length > 0 ? 2 : failsAt(report, failOn as FindingSeverity | 'none') ? 1 : 0;
    return { exitCode, stdout, stderr };
  } catch (error) {
    if (error instanceof UsageError) return { exitCode: 2, stdout: '', stderr: `castellan lint: ${error.message}\n` };
    throw error;
  }
}
