// A CDK cloud assembly (`cdk.out`): manifest.json names the synthesized stack templates (nested assemblies of
// CDK Pipelines / Stages live in `assembly-*` folders with their own manifest). Each template is read with the
// CloudFormation loader, so positions are in the synthesized template; names that IAM would generate are
// shown as the construct path (`Metadata: aws:cdk:path`). TypeScript and Python apps synthesize the same.
import type { AnalysisModel, SourceLocation } from '../model.js';
import { loadTemplate } from './cloudformation.js';
import type { SourceFile } from './cloudformation.js';
import { ModelBuilder, mergeModels } from './model-builder.js';
import { field, knownString } from './policy-record.js';
import type { LNode } from './policy-record.js';

export interface CdkAssemblyInput {
  /** The `cdk.out` folder. */
  readonly path: string;
  /** Its files; paths either relative to `path` or starting with it. */
  readonly files: readonly SourceFile[];
}

/** The construct path without the L1 leaf (`Stack/Role/Resource` → `Stack/Role`). */
export function constructName(metadata: LNode | undefined): string | undefined {
  const path = knownString(field(metadata, 'aws:cdk:path'));
  return path?.replace(/\/(Resource|Default)$/, '');
}

const join = (a: string, b: string) => (a === '' || a === '.' ? b : `${a.replace(/\/+$/, '')}/${b}`);
const normalize = (p: string) => p.replace(/\\/g, '/').replace(/^\.\//, '');

interface ManifestArtifact {
  type?: string;
  properties?: { templateFile?: string; stackName?: string; directoryName?: string };
  displayName?: string;
}

export function loadCdk(dir: CdkAssemblyInput): AnalysisModel {
  const root = normalize(dir.path).replace(/\/+$/, '');
  const byRelative = new Map<string, SourceFile>();
  for (const f of dir.files) {
    const p = normalize(f.path);
    byRelative.set(root && p.startsWith(`${root}/`) ? p.slice(root.length + 1) : p, f);
  }
  const builder = new ModelBuilder();
  const models: AnalysisModel[] = [];
  const seen = new Set<string>();

  const readAssembly = (folder: string, depth: number) => {
    const manifestPath = join(folder, 'manifest.json');
    const manifestFile = byRelative.get(manifestPath);
    const at: SourceLocation = { file: manifestFile?.path ?? join(root, manifestPath), line: 1, column: 1 };
    if (!manifestFile) {
      builder.error(`CDK assembly ${folder || root}: no manifest.json.`, at);
      return;
    }
    builder.inputs.push({ file: manifestFile.path, kind: 'cdk' });
    let manifest: { artifacts?: Record<string, ManifestArtifact> };
    try {
      manifest = JSON.parse(manifestFile.text) as typeof manifest;
    } catch (error) {
      builder.error(`CDK manifest is not valid JSON: ${(error as Error).message}`, at);
      return;
    }
    for (const [id, artifact] of Object.entries(manifest.artifacts ?? {})) {
      const props = artifact.properties ?? {};
      if (artifact.type === 'aws:cloudformation:stack' && props.templateFile) {
        const rel = join(folder, normalize(props.templateFile));
        if (seen.has(rel)) continue;
        seen.add(rel);
        const template = byRelative.get(rel);
        if (!template) {
          builder.error(`CDK stack ${id}: template ${props.templateFile} not found in the assembly.`, at);
          continue;
        }
        models.push(
          loadTemplate(template, {
            kind: 'cdk',
            stackName: props.stackName ?? id,
            displayName: (logicalId, metadata) => constructName(metadata) ?? logicalId,
          }),
        );
      } else if (artifact.type === 'cdk:cloud-assembly' && props.directoryName && depth < 8) {
        readAssembly(join(folder, normalize(props.directoryName)), depth + 1);
      }
    }
  };
  readAssembly('', 0);
  return mergeModels([builder.build(), ...models]);
}
