// A minimal CDK cloud assembly (`cdk.out`) around a synthesized template, shaped as `cdk synth` writes it: a
// manifest.json naming one stack, and the stack's template beside it, each resource carrying its construct
// path in `Metadata` and the template the bootstrap-version parameter. Used by both cross-format tables.
import type { AnalysisInput, InputFile } from '../../../src/analyze/index.js';

export const CDK_STACK = 'SubjectStack';

export interface SynthesizedResource {
  /** The construct id under the stack (`SubjectRole` → `SubjectStack/SubjectRole/Resource`). */
  readonly construct: string;
  readonly Type: string;
  readonly Properties: Record<string, unknown>;
}

export interface CdkAssembly {
  readonly input: AnalysisInput;
  readonly manifest: InputFile;
  readonly template: InputFile;
}

/** The assembly folder `dir` with one stack whose resources are given by logical id. */
export function cdkAssembly(dir: string, resources: Readonly<Record<string, SynthesizedResource>>): CdkAssembly {
  const template = {
    Resources: Object.fromEntries(
      Object.entries(resources).map(([logicalId, r]) => [
        logicalId,
        { Type: r.Type, Properties: r.Properties, Metadata: { 'aws:cdk:path': `${CDK_STACK}/${r.construct}/Resource` } },
      ]),
    ),
    Parameters: {
      BootstrapVersion: {
        Type: 'AWS::SSM::Parameter::Value<String>',
        Default: '/cdk-bootstrap/hnb659fds/version',
        Description: 'Version of the CDK Bootstrap resources in this environment, automatically retrieved from SSM Parameter Store. [cdk:skip]',
      },
    },
  };
  const manifest = {
    version: '36.0.0',
    artifacts: {
      [CDK_STACK]: {
        type: 'aws:cloudformation:stack',
        environment: 'aws://unknown-account/unknown-region',
        properties: { templateFile: `${CDK_STACK}.template.json`, validateOnSynth: false },
        displayName: CDK_STACK,
      },
    },
  };
  const manifestFile = { path: `${dir}/manifest.json`, text: `${JSON.stringify(manifest, null, 2)}\n` };
  // cdk synth indents templates by one space.
  const templateFile = { path: `${dir}/${CDK_STACK}.template.json`, text: `${JSON.stringify(template, null, 1)}\n` };
  return { input: { kind: 'cdk', path: dir, files: [manifestFile, templateFile] }, manifest: manifestFile, template: templateFile };
}
