// `terraform show -json plan.out` → AnalysisModel. Values come from planned_values (child modules included);
// attributes that resource_changes[].change.after_unknown marks are unknown (never safe); references between
// resources come from `configuration`. A plan has no positions for the .tf source, so every location is the
// JSON node in the plan file; policies embedded as JSON strings locate to the exact character in the string.
import { getNodeValue, parseTree } from 'jsonc-parser';
import type { Node as JsonNode, ParseError } from 'jsonc-parser';
import type { AnalysisModel } from '../model.js';
import type { SourceFile } from './cloudformation.js';
import { ModelBuilder } from './model-builder.js';
import { array, jsonNodeToLNode, object, offsetLocator, unknown } from './policy-record.js';
import type { LEntry, LNode } from './policy-record.js';
import { addTerraformResources, stripInstanceKeys } from './terraform-common.js';
import type { TfResource } from './terraform-common.js';

function prop(node: JsonNode | undefined, key: string): JsonNode | undefined {
  if (node?.type !== 'object') return undefined;
  for (const p of node.children ?? []) if (p.children?.[0]?.value === key) return p.children[1];
  return undefined;
}

function items(node: JsonNode | undefined): JsonNode[] {
  return node?.type === 'array' ? (node.children ?? []) : [];
}

/** Resource addresses named by a configuration `references` list (`aws_iam_role.x.id` → `aws_iam_role.x`). */
function referencedAddresses(refs: unknown, modulePrefix: string): string[] {
  if (!Array.isArray(refs)) return [];
  const out = new Set<string>();
  for (const ref of refs) {
    if (typeof ref !== 'string') continue;
    const parts = stripInstanceKeys(ref).split('.');
    if (['var', 'local', 'module', 'each', 'count', 'path', 'self', 'terraform'].includes(parts[0])) continue;
    if (parts[0] === 'data' && parts.length >= 3) out.add(modulePrefix + parts.slice(0, 3).join('.'));
    else if (parts.length >= 2) out.add(modulePrefix + parts.slice(0, 2).join('.'));
  }
  return [...out];
}

export function loadTerraformPlan(files: readonly SourceFile[]): AnalysisModel {
  const builder = new ModelBuilder();
  for (const file of files) loadPlan(file, builder);
  return builder.build();
}

function loadPlan(file: SourceFile, builder: ModelBuilder): void {
  builder.inputs.push({ file: file.path, kind: 'terraform-plan' });
  const at = offsetLocator(file.path, file.text);
  const errors: ParseError[] = [];
  const root = parseTree(file.text, errors, { disallowComments: true });
  if (!root || errors.length > 0) {
    builder.error('Terraform plan: not valid JSON.', at(errors[0]?.offset ?? 0));
    return;
  }
  const planned = prop(root, 'planned_values');
  if (!planned) {
    builder.error('Not a Terraform plan (no planned_values): give the output of `terraform show -json plan.out`.', at(0));
    return;
  }

  const afterUnknown = new Map<string, unknown>();
  for (const rc of items(prop(root, 'resource_changes'))) {
    const address = prop(rc, 'address')?.value;
    const u = prop(prop(rc, 'change'), 'after_unknown');
    if (typeof address === 'string' && u) afterUnknown.set(address, getNodeValue(u));
  }

  // configuration address (no instance keys) → attribute → referenced resource addresses
  const configRefs = new Map<string, Map<string, string[]>>();
  const readConfig = (module: JsonNode | undefined, prefix: string) => {
    for (const res of items(prop(module, 'resources'))) {
      const address = prop(res, 'address')?.value;
      if (typeof address !== 'string') continue;
      const byAttr = new Map<string, string[]>();
      const expressions = prop(res, 'expressions');
      for (const p of expressions?.children ?? []) {
        const key = p.children?.[0]?.value;
        const refs = getNodeValue(prop(p.children?.[1], 'references') ?? { type: 'null', offset: 0, length: 0 } as JsonNode);
        if (typeof key === 'string') byAttr.set(key, referencedAddresses(refs, prefix));
      }
      configRefs.set(prefix + address, byAttr);
    }
    for (const call of prop(module, 'module_calls')?.children ?? []) {
      const name = call.children?.[0]?.value;
      if (typeof name === 'string') readConfig(prop(call.children?.[1], 'module'), `${prefix}module.${name}.`);
    }
  };
  readConfig(prop(prop(root, 'configuration'), 'root_module'), '');

  const resources: TfResource[] = [];
  const readModule = (module: JsonNode | undefined) => {
    for (const res of items(prop(module, 'resources'))) {
      if (prop(res, 'mode')?.value === 'data') continue;
      const address = prop(res, 'address')?.value;
      const type = prop(res, 'type')?.value;
      if (typeof address !== 'string' || typeof type !== 'string') continue;
      const addressNode = prop(res, 'address')!;
      const location = at(addressNode.offset, addressNode.offset + addressNode.length);
      const valuesNode = prop(res, 'values');
      const values = withUnknowns(valuesNode ? jsonNodeToLNode(valuesNode, at, file.text) : object([], location), afterUnknown.get(address), address, location);
      const refs = configRefs.get(stripInstanceKeys(address));
      resources.push({ address, type, values, location, file: file.path, suppressions: [], refs: (attr) => refs?.get(attr) ?? [], configured: (attr) => refs?.has(attr) ?? false });
    }
    for (const child of items(prop(module, 'child_modules'))) readModule(child);
  };
  readModule(prop(planned, 'root_module'));
  addTerraformResources(builder, resources, () => `tf-plan:${file.path}:`);
}

/** Overlays `after_unknown` on the planned values: every `true` there is an unknown value. */
function withUnknowns(values: LNode, marks: unknown, origin: string, loc: LNode['loc']): LNode {
  if (marks === true) return unknown(`${origin} (known after apply)`, values.loc ?? loc);
  if (values.kind === 'object' && marks && typeof marks === 'object' && !Array.isArray(marks)) {
    const m = marks as Record<string, unknown>;
    const entries: LEntry[] = values.entries.map((e) => (e.key in m ? { ...e, value: withUnknowns(e.value, m[e.key], `${origin}.${e.key}`, e.keyLoc ?? loc) } : e));
    for (const [key, mark] of Object.entries(m)) {
      if (mark === true && !values.entries.some((e) => e.key === key)) entries.push({ key, value: unknown(`${origin}.${key} (known after apply)`, loc) });
    }
    return object(entries, values.loc);
  }
  if (values.kind === 'array' && Array.isArray(marks)) {
    return array(values.items.map((item, i) => withUnknowns(item, marks[i], `${origin}[${i}]`, item.loc ?? loc)), values.loc);
  }
  return values;
}
