// Terraform `.tf` source → AnalysisModel. Each file is validated with @cdktf/hcl2json (Terraform's own HCL
// parser, compiled to WebAssembly); because its JSON output has no positions, the loader also parses the text
// itself (hcl/parser.ts) and evaluates the expressions IAM code uses (hcl/evaluate.ts): jsonencode, locals,
// variables with defaults, references between resources, `data "aws_iam_policy_document"` blocks, and `dynamic`
// blocks (expanded over a for_each known in the source, one block with unknown iterator values otherwise).
//
// Precision of positions: exact (line and column of the element inside `jsonencode({...})`, of the statement
// block / attribute of a policy document data source, and of each character of a heredoc JSON policy). When
// our parser cannot read a file that hcl2json accepts, the loader falls back to hcl2json's output and every
// element of that file points at its block's first line.
import type { AnalysisModel, SourceLocation, Suppression } from '../model.js';
import type { SourceFile } from './cloudformation.js';
import type { Attribute, Block, Body, Expr } from './hcl/ast.js';
import { HclEvaluator } from './hcl/evaluate.js';
import { HclSyntaxError, parseHcl, parseHclTemplate } from './hcl/parser.js';
import { ModelBuilder } from './model-builder.js';
import { array, concat, describeText, field, jsonTextToLNode, knownString, listItems, object, offsetLocator, scalar, toPlain, unknown } from './policy-record.js';
import type { LEntry, LNode } from './policy-record.js';
import { addTerraformResources } from './terraform-common.js';
import type { TfResource } from './terraform-common.js';

/** Resource types whose attributes the model needs (others are evaluated only when referenced). */
const IAM_TYPES = new Set([
  'aws_iam_role', 'aws_iam_role_policy', 'aws_iam_role_policy_attachment', 'aws_iam_policy', 'aws_iam_user', 'aws_iam_user_policy',
  'aws_iam_user_policy_attachment', 'aws_iam_group', 'aws_iam_group_policy', 'aws_iam_group_policy_attachment', 'aws_iam_group_membership',
  'aws_iam_user_group_membership', 'aws_iam_access_key', 'aws_iam_user_login_profile', 'aws_iam_instance_profile', 'aws_iam_policy_attachment',
  'aws_s3_bucket_policy', 'aws_sqs_queue_policy', 'aws_sns_topic_policy', 'aws_kms_key', 'aws_lambda_permission', 'aws_s3_bucket', 'aws_sqs_queue', 'aws_sns_topic',
]);

/** A nested block, with the `dynamic` iterators its content is evaluated with (none for a literal block). */
interface ExpandedBlock {
  readonly block: Block;
  readonly iterators: readonly { readonly name: string; readonly value: LNode }[];
}

/** `"${x}"` is x (hcl2json's output writes every expression so). */
function unwrapped(e: Expr): Expr {
  return e.t === 'template' && e.parts.length === 1 && !('text' in e.parts[0]) ? unwrapped(e.parts[0] as Expr) : e;
}

/** `iterator = name` of a dynamic block. */
function iteratorName(e: Expr): string | undefined {
  const u = unwrapped(e);
  return u.t === 'variable' ? u.name : undefined;
}

/** Expanded blocks grouped by type, in order of first appearance. */
function groupByType(blocks: readonly ExpandedBlock[]): Map<string, ExpandedBlock[]> {
  const out = new Map<string, ExpandedBlock[]>();
  for (const b of blocks) out.set(b.block.type, [...(out.get(b.block.type) ?? []), b]);
  return out;
}

interface FileUnit {
  readonly file: SourceFile;
  readonly body: Body;
  readonly lines: readonly string[];
}

/** `# castellan:ignore <check-id> reason="…" expires=YYYY-MM-DD` on the comment lines directly above a block. */
export function commentSuppressions(lines: readonly string[], blockLine: number, file: string): Suppression[] {
  const out: Suppression[] = [];
  for (let i = blockLine - 1; i >= 0; i--) {
    const line = lines[i].trim();
    if (!line.startsWith('#') && !line.startsWith('//')) break;
    const m = /castellan:ignore\s+([A-Za-z0-9_.:/-]+)(.*)$/.exec(line);
    if (!m) continue;
    const reason = /reason\s*=\s*"((?:[^"\\]|\\.)*)"/.exec(m[2])?.[1];
    const expires = /expires\s*=\s*"?(\d{4}-\d{2}-\d{2})/.exec(m[2])?.[1];
    out.push({ checkId: m[1], ...(reason ? { reason } : {}), ...(expires ? { expires } : {}), location: { file, line: i + 1, column: lines[i].indexOf('#') >= 0 ? lines[i].indexOf('#') + 1 : 1 } });
  }
  return out.reverse();
}

export interface TerraformHclOptions {
  /**
   * Validate each file with hcl2json (Terraform's parser) first (default true). Costs about 2 ms per
   * resource; without it, a file our parser rejects is reported instead of read through hcl2json.
   */
  readonly validate?: boolean;
}

export async function loadTerraformHcl(files: readonly SourceFile[], options: TerraformHclOptions = {}): Promise<AnalysisModel> {
  const builder = new ModelBuilder();
  const units: FileUnit[] = [];
  for (const file of files) {
    builder.inputs.push({ file: file.path, kind: 'terraform-hcl' });
    const start: SourceLocation = { file: file.path, line: 1, column: 1 };
    const lines = file.text.split(/\r?\n/);
    const viaHcl2json = async (): Promise<Record<string, unknown> | undefined> => {
      try {
        // Imported on first use: hcl2json starts a Go/WASM runtime (~0.3 s) that inputs without .tf files never need.
        const { parse: hcl2json } = await import('@cdktf/hcl2json');
        return (await hcl2json(file.path, file.text)) as Record<string, unknown>;
      } catch (error) {
        builder.error(`HCL: ${String((error as Error).message ?? error).split('\n')[0]}`, start);
        return undefined;
      }
    };
    const validated = options.validate === false ? undefined : await viaHcl2json();
    if (options.validate !== false && !validated) continue;
    try {
      units.push({ file, body: parseHcl(file.text, file.path), lines });
    } catch (error) {
      if (!(error instanceof HclSyntaxError)) throw error;
      const json = validated ?? (await viaHcl2json());
      if (json) units.push({ file, body: bodyFromHcl2Json(json, file), lines });
    }
  }

  // Declarations across all files (Terraform merges a folder's files into one module).
  const variables = new Map<string, Block>();
  const locals = new Map<string, Attribute>();
  const resources = new Map<string, { block: Block; unit: FileUnit }>();
  const data = new Map<string, Block>();
  for (const unit of units) {
    for (const block of unit.body.blocks) {
      const [a, b] = block.labels;
      if (block.type === 'variable' && a) variables.set(a, block);
      else if (block.type === 'locals') for (const [name, attr] of block.body.attributes) locals.set(name, attr);
      else if (block.type === 'resource' && a && b) resources.set(`${a}.${b}`, { block, unit });
      else if (block.type === 'data' && a && b) data.set(`${a}.${b}`, block);
      else if (block.type === 'module') {
        const source = block.body.attributes.get('source');
        const text = source?.expr.t === 'template' ? source.expr.parts.map((p) => ('text' in p ? p.text : '…')).join('') : '?';
        builder.error(`module "${a ?? '?'}" (source ${text}) is not followed by the HCL loader: its IAM resources are not analyzed (lint a plan JSON for the whole configuration).`, block.loc);
      }
    }
  }

  const locators = new Map(units.map((u) => [u.file.path, offsetLocator(u.file.path, u.file.text)]));
  const memo = new Map<string, LNode>();
  const visiting = new Set<string>();
  const cached = (key: string, loc: SourceLocation, compute: () => LNode): LNode => {
    const hit = memo.get(key);
    if (hit) return hit;
    if (visiting.has(key)) return unknown(`${key} (circular reference)`, loc);
    visiting.add(key);
    try {
      const v = compute();
      memo.set(key, v);
      return v;
    } finally {
      visiting.delete(key);
    }
  };

  const evaluator: HclEvaluator = new HclEvaluator({
    at: (file, offset, end) => locators.get(file)?.(offset, end) ?? { file, line: 1, column: 1 },
    variable: (name, loc) =>
      cached(`var.${name}`, loc, () => {
        const block = variables.get(name);
        const def = block?.body.attributes.get('default');
        if (!block) return unknown(`var.${name} (not declared)`, loc);
        return def ? evaluator.evaluate(def.expr) : unknown(`var.${name} (no default: set at plan time)`, loc);
      }),
    local: (name, loc) =>
      cached(`local.${name}`, loc, () => {
        const attr = locals.get(name);
        return attr ? evaluator.evaluate(attr.expr) : unknown(`local.${name} (not declared)`, loc);
      }),
    resource: (type, name, attr, loc) => cached(`${type}.${name}.${attr}`, loc, () => resourceAttribute(type, name, attr, loc)),
    data: (type, name, attr, loc) => cached(`data.${type}.${name}.${attr}`, loc, () => dataAttribute(type, name, attr, loc)),
  });

  const accountId = (loc: SourceLocation) => unknown('the account id (known at apply)', loc, 'account-id');
  const region = (loc: SourceLocation) => unknown('the provider region', loc, 'region');
  const literalAttr = (block: Block, attr: string): LNode | undefined => {
    const a = block.body.attributes.get(attr);
    return a ? evaluator.evaluate(a.expr) : undefined;
  };

  function resourceAttribute(type: string, name: string, attr: string, loc: SourceLocation): LNode {
    const found = resources.get(`${type}.${name}`);
    if (!found) return unknown(`${type}.${name}.${attr} (not declared in the given files)`, loc);
    const { block } = found;
    const own = (a: string) => literalAttr(block, a);
    const after = () => unknown(`${type}.${name}.${attr} (known after apply)`, loc);
    const iamArn = (kind: string) => {
      const n = own('name');
      if (!n) return unknown(`${type}.${name}.arn (name generated at apply)`, loc);
      return concat([scalar('arn:aws:iam::', loc), accountId(loc), scalar(`:${kind}`, loc), own('path') ?? scalar('/', loc), n], loc);
    };
    const regional = (service: string, nameAttr: string, prefix: string) => {
      const n = own(nameAttr);
      if (!n) return unknown(`${type}.${name}.arn (name generated at apply)`, loc);
      return concat([scalar(`arn:aws:${service}:`, loc), region(loc), scalar(':', loc), accountId(loc), scalar(`:${prefix}`, loc), n], loc);
    };
    switch (`${type}.${attr}`) {
      case 'aws_iam_role.arn':
        return iamArn('role');
      case 'aws_iam_user.arn':
        return iamArn('user');
      case 'aws_iam_group.arn':
        return iamArn('group');
      case 'aws_iam_instance_profile.arn':
        return iamArn('instance-profile');
      case 'aws_iam_policy.arn':
      case 'aws_iam_policy.id':
        return iamArn('policy');
      case 'aws_iam_role.id':
      case 'aws_iam_user.id':
      case 'aws_iam_group.id':
      case 'aws_iam_instance_profile.id':
        return own('name') ?? after();
      case 'aws_s3_bucket.arn': {
        const b = own('bucket');
        return b ? concat([scalar('arn:aws:s3:::', loc), b], loc) : after();
      }
      case 'aws_s3_bucket.id':
        return own('bucket') ?? after();
      case 'aws_sqs_queue.arn':
        return regional('sqs', 'name', '');
      case 'aws_sqs_queue.id':
      case 'aws_sqs_queue.url': {
        const n = own('name');
        return n ? concat([scalar('https://sqs.', loc), region(loc), scalar('.amazonaws.com/', loc), accountId(loc), scalar('/', loc), n], loc) : after();
      }
      case 'aws_sns_topic.arn':
      case 'aws_sns_topic.id':
        return regional('sns', 'name', '');
      case 'aws_lambda_function.arn':
        return regional('lambda', 'function_name', 'function:');
      case 'aws_dynamodb_table.arn':
        return regional('dynamodb', 'name', 'table/');
      case 'aws_cloudwatch_log_group.arn':
        return regional('logs', 'name', 'log-group:');
    }
    const value = own(attr);
    if (value) return value;
    const nested = block.body.blocks.filter((b) => b.type === attr);
    if (nested.length > 0) return array(nested.map(blockObject), loc);
    return after();
  }

  function dataAttribute(type: string, name: string, attr: string, loc: SourceLocation): LNode {
    const block = data.get(`${type}.${name}`);
    const origin = `data.${type}.${name}.${attr}`;
    if (!block) return unknown(`${origin} (not declared in the given files)`, loc);
    switch (`${type}.${attr}`) {
      case 'aws_caller_identity.account_id':
        return unknown(origin, loc, 'account-id');
      case 'aws_region.name':
      case 'aws_region.id':
      case 'aws_region.region':
        return literalAttr(block, 'name') ?? literalAttr(block, 'region') ?? unknown(origin, loc, 'region');
      case 'aws_partition.partition':
        return scalar('aws', loc);
      case 'aws_partition.dns_suffix':
        return scalar('amazonaws.com', loc);
      case 'aws_iam_policy_document.json':
      case 'aws_iam_policy_document.minified_json':
        return { kind: 'json', value: policyDocument(block), loc: block.loc };
      case 'aws_iam_policy.arn':
        return literalAttr(block, 'arn') ?? unknown(`${origin} (read at plan time)`, loc);
      case 'aws_iam_role.name':
        return literalAttr(block, 'name') ?? unknown(origin, loc);
      case 'aws_iam_role.arn': {
        const n = literalAttr(block, 'name');
        return n ? concat([scalar('arn:aws:iam::', loc), unknown('the account id', loc, 'account-id'), scalar(':role/', loc), n], loc) : unknown(origin, loc);
      }
    }
    return literalAttr(block, attr) ?? unknown(`${origin} (read at plan time)`, loc);
  }

  /**
   * The nested blocks of a body in order, each `dynamic "<type>"` expanded in place into one `<type>` block per
   * element of its for_each: its `content`, to evaluate with `evaluator.withIterators` (a dynamic block nested
   * in it is expanded while the outer iterator is in scope, so it sees both). When for_each is not known, one
   * block stands for them all with the iterator unknown, so that what depends on it is reported as unknown
   * rather than dropped.
   */
  function nestedBlocks(body: Body): ExpandedBlock[] {
    const out: ExpandedBlock[] = [];
    for (const b of body.blocks) {
      if (b.type !== 'dynamic') {
        out.push({ block: b, iterators: [] });
        continue;
      }
      const [type] = b.labels;
      const content = b.body.blocks.find((c) => c.type === 'content');
      if (!type || !content) continue;
      const iteratorExpr = b.body.attributes.get('iterator')?.expr;
      const name = (iteratorExpr && iteratorName(iteratorExpr)) ?? type;
      const block: Block = { type, labels: [], body: content.body, loc: b.loc, line: b.line };
      const forEach = b.body.attributes.get('for_each');
      const items = forEach ? evaluator.evaluate(forEach.expr) : undefined;
      // A set's key is its value (the evaluator reads toset(list) as the list).
      const forEachExpr = forEach && unwrapped(forEach.expr);
      const setKeys = forEachExpr?.t === 'call' && forEachExpr.name === 'toset';
      const pairs: { key: LNode; value: LNode }[] | undefined =
        items?.kind === 'array' ? items.items.map((v, i) => ({ key: setKeys ? v : scalar(i, v.loc ?? b.loc), value: v }))
        : items?.kind === 'object' ? [...items.entries].sort((x, y) => (x.key < y.key ? -1 : x.key > y.key ? 1 : 0)).map((en) => ({ key: scalar(en.key, en.keyLoc ?? b.loc), value: en.value }))
        : undefined;
      if (pairs === undefined) {
        const origin = `for_each of dynamic "${type}": ${!items ? 'missing' : items.kind === 'unknown' ? items.origin : describeText(items)}`;
        out.push({ block, iterators: [{ name, value: unknown(origin, forEach?.loc ?? b.loc) }] });
        continue;
      }
      for (const p of pairs) out.push({ block, iterators: [{ name, value: object([{ key: 'key', value: p.key }, { key: 'value', value: p.value }], b.loc) }] });
    }
    return out;
  }

  /** A block body as an object: attributes evaluated, nested blocks as lists of objects. */
  function blockObject(block: Block): LNode {
    const entries: LEntry[] = [];
    for (const [name, a] of block.body.attributes) entries.push({ key: name, keyLoc: a.loc, value: evaluator.evaluate(a.expr) });
    for (const [t, nested] of groupByType(nestedBlocks(block.body))) {
      entries.push({ key: t, keyLoc: nested[0].block.loc, value: array(nested.map((x) => evaluator.withIterators(x.iterators, () => blockObject(x.block))), nested[0].block.loc) });
    }
    return object(entries, block.loc);
  }

  /** `data "aws_iam_policy_document"` → the policy object it renders as `.json`. */
  function policyDocument(block: Block): LNode {
    const attr = (b: Block, name: string): { node: LNode; keyLoc: SourceLocation } | undefined => {
      const a = b.body.attributes.get(name);
      return a ? { node: evaluator.evaluate(a.expr), keyLoc: a.loc } : undefined;
    };
    const put = (entries: LEntry[], key: string, v: { node: LNode; keyLoc: SourceLocation } | undefined) => {
      if (v && !(v.node.kind === 'scalar' && v.node.value === null)) entries.push({ key, keyLoc: v.keyLoc, value: v.node });
    };
    const principals = (s: Block, type: string, dynamic: boolean): LNode | undefined => {
      const blocks = nestedBlocks(s.body).filter((x) => x.block.type === type);
      if (blocks.length === 0) return undefined;
      const grouped = new Map<string, { items: LNode[]; keyLoc: SourceLocation }>();
      for (const x of blocks) {
        evaluator.withIterators(x.iterators, () => {
          const p = x.block;
          const t = attr(p, 'type');
          const ids = attr(p, 'identifiers');
          let items = ids ? (ids.node.kind === 'array' ? ids.node.items : [ids.node]) : [];
          const typeName = t && knownString(t.node);
          let key = typeName ?? '?';
          if (t && typeName === undefined && (dynamic || x.iterators.length > 0)) {
            // A type from a dynamic iterator that is not known: who the identifiers name is not known either;
            // carried as unknown AWS principals (reported by the checks) rather than a type the grammar rejects.
            const origin = t.node.kind === 'unknown' ? t.node.origin : describeText(t.node);
            items = (items.length > 0 ? items : [t.node]).map((i) => unknown(origin, i.loc ?? p.loc));
            key = 'AWS';
          }
          const g = grouped.get(key) ?? { items: [], keyLoc: p.loc };
          g.items.push(...items);
          grouped.set(key, g);
        });
      }
      const star = grouped.get('*');
      if (grouped.size === 1 && star && star.items.every((i) => knownString(i) === '*')) return scalar('*', star.keyLoc);
      return object([...grouped].map(([key, g]) => ({ key, keyLoc: g.keyLoc, value: array(g.items, g.keyLoc) })), blocks[0].block.loc);
    };
    const statementOf = (s: Block, dynamic: boolean): LNode => {
      const entries: LEntry[] = [];
      put(entries, 'Sid', attr(s, 'sid'));
      const effect = attr(s, 'effect');
      // Unset or null: the provider's default, Allow. Unknown in a dynamic statement (`statement.value.effect`):
      // taken as Allow, the effect every check applies to, rather than a policy the grammar rejects.
      const defaulted = !effect || (effect.node.kind === 'scalar' && effect.node.value === null) || (dynamic && knownString(effect.node) === undefined);
      if (!effect) entries.push({ key: 'Effect', value: scalar('Allow', s.loc) });
      else entries.push({ key: 'Effect', keyLoc: effect.keyLoc, value: defaulted ? scalar('Allow', effect.keyLoc) : effect.node });
      const principal = principals(s, 'principals', dynamic);
      if (principal) entries.push({ key: 'Principal', keyLoc: principal.loc, value: principal });
      const notPrincipal = principals(s, 'not_principals', dynamic);
      if (notPrincipal) entries.push({ key: 'NotPrincipal', keyLoc: notPrincipal.loc, value: notPrincipal });
      put(entries, 'Action', attr(s, 'actions'));
      put(entries, 'NotAction', attr(s, 'not_actions'));
      put(entries, 'Resource', attr(s, 'resources'));
      put(entries, 'NotResource', attr(s, 'not_resources'));
      const conditions = nestedBlocks(s.body).filter((x) => x.block.type === 'condition');
      if (conditions.length > 0) {
        const byTest = new Map<string, { entries: LEntry[]; loc: SourceLocation }>();
        conditions.forEach((x) => evaluator.withIterators(x.iterators, () => {
          const c = x.block;
          const test = attr(c, 'test');
          const variable = attr(c, 'variable');
          const values = attr(c, 'values');
          const testName = test && knownString(test.node);
          // An operator from a dynamic iterator that is not known: the clause can only narrow the statement, so
          // it is checked without it (louder, never quieter) rather than as a policy the grammar rejects.
          if (testName === undefined && (dynamic || x.iterators.length > 0)) return;
          const operator = testName ?? '?';
          const g = byTest.get(operator) ?? { entries: [], loc: c.loc };
          g.entries.push({ key: variable ? (knownString(variable.node) ?? '?') : '?', keyLoc: c.loc, value: values?.node ?? array([], c.loc) });
          byTest.set(operator, g);
        }));
        const first = conditions[0].block.loc;
        if (byTest.size > 0) entries.push({ key: 'Condition', keyLoc: first, value: object([...byTest].map(([k, g]) => ({ key: k, keyLoc: g.loc, value: object(g.entries, g.loc) })), first) });
      }
      return object(entries, s.loc);
    };

    const sidOf = (st: LNode) => knownString(field(st, 'Sid'));
    const documentsOf = (name: string): LNode[] => {
      const a = attr(block, name);
      if (!a) return [];
      return listItems(a.node).map((d) => (d.kind === 'json' ? d.value : d.kind === 'scalar' && typeof d.value === 'string' ? (jsonTextToLNode(d.value, () => d.loc ?? block.loc).node ?? d) : d));
    };
    // source documents first, then this block's statements (same Sid replaces), then overrides (same Sid replaces).
    let statements: LNode[] = [];
    const merge = (incoming: readonly LNode[]) => {
      for (const st of incoming) {
        const sid = sidOf(st);
        const i = sid ? statements.findIndex((x) => sidOf(x) === sid) : -1;
        if (i >= 0) statements[i] = st;
        else statements.push(st);
      }
    };
    for (const d of documentsOf('source_policy_documents')) {
      if (d.kind !== 'object') return unknown('source_policy_documents (not known before apply)', block.loc);
      statements = [...statements, ...listItems(field(d, 'Statement'))];
    }
    const statementBlocks = nestedBlocks(block.body).filter((x) => x.block.type === 'statement');
    merge(statementBlocks.map((x) => evaluator.withIterators(x.iterators, () => statementOf(x.block, x.iterators.length > 0))));
    for (const d of documentsOf('override_policy_documents')) {
      if (d.kind !== 'object') return unknown('override_policy_documents (not known before apply)', block.loc);
      merge(listItems(field(d, 'Statement')));
    }
    const entries: LEntry[] = [];
    const version = attr(block, 'version');
    entries.push(version ? { key: 'Version', keyLoc: version.keyLoc, value: version.node } : { key: 'Version', value: scalar('2012-10-17', block.loc) });
    put(entries, 'Id', attr(block, 'policy_id'));
    entries.push({ key: 'Statement', value: array(statements, block.loc) });
    return object(entries, block.loc);
  }

  const tfResources: TfResource[] = [];
  for (const [address, { block, unit }] of resources) {
    const [type] = block.labels;
    if (!IAM_TYPES.has(type)) continue;
    const count = block.body.attributes.get('count');
    if (count && toPlain(evaluator.evaluate(count.expr)) === 0) continue;
    evaluator.takeRefs();
    const refsByAttr = new Map<string, string[]>();
    const entries: LEntry[] = [];
    for (const [name, a] of block.body.attributes) {
      entries.push({ key: name, keyLoc: a.loc, value: evaluator.evaluate(a.expr) });
      refsByAttr.set(name, evaluator.takeRefs());
    }
    for (const [t, nested] of groupByType(nestedBlocks(block.body))) {
      const items = nested.map((x) => evaluator.withIterators(x.iterators, () => blockObject(x.block)));
      entries.push({ key: t, keyLoc: nested[0].block.loc, value: array(items, nested[0].block.loc) });
      refsByAttr.set(t, evaluator.takeRefs());
    }
    tfResources.push({
      address,
      type,
      values: object(entries, block.loc),
      location: block.loc,
      file: unit.file.path,
      suppressions: commentSuppressions(unit.lines, block.line, unit.file.path),
      refs: (attr) => refsByAttr.get(attr) ?? [],
      configured: (attr) => refsByAttr.has(attr),
    });
  }
  addTerraformResources(builder, tfResources, (r) => `tf:${r.file}:`);
  return builder.build();
}

// ---------------------------------------------------------------------------------------------------------
// Fallback: hcl2json's output as a Body (positions: the block's line, found in the text).

const NESTED_BLOCKS = new Set(['statement', 'principals', 'not_principals', 'condition', 'inline_policy', 'content']);

function bodyFromHcl2Json(json: Record<string, unknown>, file: SourceFile): Body {
  const lines = file.text.split(/\r?\n/);
  const lineOf = (pattern: RegExp): number => Math.max(0, lines.findIndex((l) => pattern.test(l)));
  const esc = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const blocks: Block[] = [];
  const bodyOf = (value: Record<string, unknown>, loc: SourceLocation, line: number): Body => {
    const attributes = new Map<string, Attribute>();
    const nested: Block[] = [];
    for (const [key, v] of Object.entries(value)) {
      if (NESTED_BLOCKS.has(key) && Array.isArray(v) && v.every((x) => x && typeof x === 'object' && !Array.isArray(x))) {
        for (const b of v as Record<string, unknown>[]) nested.push({ type: key, labels: [], body: bodyOf(b, loc, line), loc, line });
      } else if (key === 'dynamic' && v && typeof v === 'object' && !Array.isArray(v)) {
        // `dynamic "<type>" {…}` as { <type>: [{ for_each, content: [{…}] }] } (hcl2json groups by type, so
        // the order between literal and dynamic blocks is lost).
        for (const [label, list] of Object.entries(v as Record<string, unknown>)) {
          for (const b of (Array.isArray(list) ? list : [list]) as Record<string, unknown>[]) nested.push({ type: 'dynamic', labels: [label], body: bodyOf(b, loc, line), loc, line });
        }
      } else attributes.set(key, { name: key, expr: exprFromJson(v, file.path, loc), loc });
    }
    return { attributes, blocks: nested };
  };
  const labelled = (type: string, depth: 1 | 2) => {
    const section = json[type];
    if (!section || typeof section !== 'object') return;
    for (const [a, inner] of Object.entries(section as Record<string, unknown>)) {
      const instances = depth === 1 ? [[undefined, inner] as const] : Object.entries(inner as Record<string, unknown>);
      for (const [b, list] of instances) {
        const labels = b === undefined ? [a] : [a, b];
        const line = lineOf(new RegExp(`^\\s*${type}\\s+"${esc(a)}"${b === undefined ? '' : `\\s+"${esc(b)}"`}`));
        const loc = { file: file.path, line: line + 1, column: 1 };
        for (const body of Array.isArray(list) ? list : [list]) blocks.push({ type, labels, body: bodyOf(body as Record<string, unknown>, loc, line), loc, line });
      }
    }
  };
  labelled('resource', 2);
  labelled('data', 2);
  labelled('variable', 1);
  labelled('module', 1);
  for (const l of (Array.isArray(json.locals) ? json.locals : []) as Record<string, unknown>[]) {
    const line = lineOf(/^\s*locals\s*\{/);
    const loc = { file: file.path, line: line + 1, column: 1 };
    blocks.push({ type: 'locals', labels: [], body: bodyOf(l, loc, line), loc, line });
  }
  return { attributes: new Map(), blocks };
}

function exprFromJson(value: unknown, file: string, loc: SourceLocation): Expr {
  if (typeof value === 'string') {
    try {
      return parseHclTemplate(value, file, loc);
    } catch {
      return { t: 'opaque', what: 'expression hcl2json returned', loc };
    }
  }
  if (Array.isArray(value)) return { t: 'tuple', items: value.map((v) => exprFromJson(v, file, loc)), loc };
  if (value && typeof value === 'object') {
    return { t: 'object', items: Object.entries(value).map(([k, v]) => ({ key: { t: 'literal', value: k, loc }, value: exprFromJson(v, file, loc) })), loc };
  }
  return { t: 'literal', value: (value as string | number | boolean | null | undefined) ?? null, loc };
}
