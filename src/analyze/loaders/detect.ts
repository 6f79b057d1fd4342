// Which kind of input a file is, from its name and text. Directories are the CLI's business: a folder with
// a `manifest.json` is a CDK cloud assembly (`cdk.out`); a `manifest.json` file is detected here too.
import { basename, extname } from 'node:path';
import type { InputKind } from '../model.js';

const ACCOUNT_EXPORT_KEYS = ['UserDetailList', 'GroupDetailList', 'RoleDetailList', 'Policies'];

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function looksLikeCloudFormation(value: Record<string, unknown>): boolean {
  if ('AWSTemplateFormatVersion' in value) return true;
  const resources = value['Resources'];
  if (!isObject(resources)) return false;
  return Object.values(resources).some((r) => isObject(r) && typeof r['Type'] === 'string' && /^(AWS|Custom)::/.test(r['Type']));
}

function detectJson(path: string, value: unknown): InputKind | undefined {
  if (!isObject(value)) return undefined;
  if (ACCOUNT_EXPORT_KEYS.some((k) => Array.isArray(value[k]))) return 'authorization-details';
  if ('format_version' in value && ('planned_values' in value || 'resource_changes' in value || 'values' in value)) {
    return 'terraform-plan';
  }
  if (looksLikeCloudFormation(value)) return 'cloudformation';
  if (basename(path) === 'manifest.json' && isObject(value['artifacts']) && 'version' in value) return 'cdk';
  if ('Statement' in value) return 'policy';
  return undefined;
}

// YAML CloudFormation: a top-level AWSTemplateFormatVersion, or Resources with an AWS:: type. A line scan
// is enough to tell (and does not need the short-form tags to parse).
const YAML_TEMPLATE_VERSION = /^AWSTemplateFormatVersion\s*:/m;
const YAML_RESOURCES = /^Resources\s*:/m;
const YAML_AWS_TYPE = /^\s+Type\s*:\s*['"]?(AWS|Custom)::/m;

export function detectInputKind(path: string, text: string): InputKind | undefined {
  const ext = extname(path).toLowerCase();
  if (ext === '.tf') return 'terraform-hcl';
  if (ext === '.tfvars' || ext === '.hcl') return undefined;
  const trimmed = text.trimStart();
  if (trimmed.startsWith('{') || trimmed.startsWith('[')) {
    try {
      return detectJson(path, JSON.parse(text));
    } catch {
      // Not JSON after all: a policy file with a syntax error is still a policy file (reported as invalid).
      if (ext === '.json') return /"Statement"\s*:/.test(text) ? 'policy' : undefined;
    }
  }
  if (ext === '.json') return undefined;
  if (YAML_TEMPLATE_VERSION.test(text) || (YAML_RESOURCES.test(text) && YAML_AWS_TYPE.test(text))) return 'cloudformation';
  return undefined;
}
