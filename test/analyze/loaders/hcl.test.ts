import { describe, expect, it } from 'vitest';
import type { Expr } from '../../../src/analyze/loaders/hcl/ast.js';
import { HclEvaluator } from '../../../src/analyze/loaders/hcl/evaluate.js';
import { HclSyntaxError, parseHcl } from '../../../src/analyze/loaders/hcl/parser.js';
import { describeText, object, scalar, textPositions, toPlain, unknown } from '../../../src/analyze/loaders/policy-record.js';
import type { LNode } from '../../../src/analyze/loaders/policy-record.js';
import { offsetLocator } from '../../../src/analyze/loaders/policy-record.js';
import { loadTerraformHcl } from '../../../src/analyze/loaders/terraform-hcl.js';

function evaluate(source: string, vars: Record<string, LNode> = {}): LNode {
  const text = `x = ${source}\n`;
  const body = parseHcl(text, 'e.tf');
  const at = offsetLocator('e.tf', text);
  const ev = new HclEvaluator({
    variable: (name, loc) => vars[name] ?? unknown(`var.${name}`, loc),
    local: (name, loc) => unknown(`local.${name}`, loc),
    resource: (type, name, attr, loc) => unknown(`${type}.${name}.${attr}`, loc),
    data: (type, name, attr, loc) => unknown(`data.${type}.${name}.${attr}`, loc),
    at: (_f, o, e) => at(o, e),
  });
  return ev.evaluate(body.attributes.get('x')!.expr as Expr);
}
const show = (source: string, vars?: Record<string, LNode>) => {
  const v = evaluate(source, vars);
  return v.kind === 'json' ? JSON.stringify(toPlain(v.value)) : (toPlain(v) ?? describeText(v));
};

describe('HCL parser', () => {
  it('reads blocks with labels, attributes and nested blocks with positions', () => {
    const body = parseHcl('# c\nresource "aws_iam_role" "r" {\n  name = "x"\n  inline_policy {\n    name = "p"\n  }\n}\ndata "a" "b" {}\n', 'f.tf');
    const [r, d] = body.blocks;
    expect([r.type, r.labels, r.line, r.loc.line]).toEqual(['resource', ['aws_iam_role', 'r'], 1, 2]);
    expect(r.body.attributes.get('name')?.loc).toMatchObject({ line: 3, column: 3 });
    expect(r.body.blocks[0].type).toBe('inline_policy');
    expect(d.labels).toEqual(['a', 'b']);
  });

  it('rejects what is not HCL with a position', () => {
    expect(() => parseHcl('a = = 1\n', 'f.tf')).toThrow(HclSyntaxError);
    expect(() => parseHcl('a = "open\n', 'f.tf')).toThrow(/unterminated string/);
  });

  it('keeps heredoc offsets exact with <<- indentation stripped', () => {
    const text = 'p = <<-EOT\n    {"a": 1}\n    EOT\n';
    const v = evaluate('<<-EOT\n    {"a": 1}\n    EOT');
    expect(v).toMatchObject({ kind: 'scalar', value: '{"a": 1}\n' });
    const map = textPositions.get(v)!;
    expect(map(1)).toMatchObject({ line: 2, column: 6 }); // the quote of "a"
    expect(text.split('\n')[1][5]).toBe('"');
  });
});

describe('HCL evaluator', () => {
  it.each([
    ['"a-${"b"}-c"', 'a-b-c'],
    ['"esc \\"q\\" $${x} %%{y}"', 'esc "q" ${x} %{y}'],
    ['[1, "two", true, null]', [1, 'two', true, null]],
    ['{ a = 1, "b" = 2, c: 3 }', { a: 1, b: 2, c: 3 }],
    ['jsonencode({ Version = "2012-10-17" })', '{"Version":"2012-10-17"}'],
    ['jsondecode("{\\"a\\": [1]}")', { a: [1] }],
    ['concat(["a"], ["b", "c"])', ['a', 'b', 'c']],
    ['merge({ a = 1 }, { b = 2, a = 3 })', { a: 3, b: 2 }],
    ['join(",", ["a", "b"])', 'a,b'],
    ['split("/", "a/b")', ['a', 'b']],
    ['format("arn:aws:s3:::%s/*", "bkt")', 'arn:aws:s3:::bkt/*'],
    ['replace("a-b-c", "-", ":")', 'a:b:c'],
    ['lower("ABC")', 'abc'],
    ['flatten([["a"], ["b", ["c"]]])', ['a', 'b', 'c']],
    ['distinct(["a", "a", "b"])', ['a', 'b']],
    ['compact(["a", "", "b"])', ['a', 'b']],
    ['lookup({ k = "v" }, "k", "d")', 'v'],
    ['lookup({ k = "v" }, "z", "d")', 'd'],
    ['lookup(var.m, "k", "d")', '${lookup(…) (argument unknown)}'],
    ['coalesce("", "x")', 'x'],
    ['element(["a", "b"], 3)', 'b'],
    ['length([1, 2, 3])', 3],
    ['true ? "yes" : "no"', 'yes'],
    ['1 + 2 * 3', 7],
    ['"a" == "a" && !false', true],
    ['{ k = ["a", "b"] }.k[1]', 'b'],
    ['tostring("x")', 'x'],
    ['file("p.json")', '${file(p.json) (file contents not read by the HCL loader)}'],
    ['[for s in var.list : upper(s)]', '${for expression (not evaluated by the loader)}'],
    ['var.missing ? "a" : "b"', '${conditional expression (either branch)}'],
    ['aws_iam_role.r[*].arn', '${aws_iam_role.r[*].arn (from aws_iam_role.r[*] (splat))}'],
    ['module.m.arn', '${module.m.arn (module output, not followed)}'],
    ['each.value', '${each.value}'],
    ['unknownfn(1)', '${unknownfn(…) (not evaluated by the loader)}'],
    ['"arn:aws:s3:::${var.bucket}/*"', 'arn:aws:s3:::${var.bucket}/*'],
  ])('%s → %j', (source, expected) => {
    expect(show(source)).toEqual(expected);
  });

  it('passes a lone interpolation through with its own type', () => {
    expect(show('"${var.list}"', { list: { kind: 'array', items: [scalar('a')] } })).toEqual(['a']);
  });

  it('reads a dynamic block iterator in scope as its { key, value }, shadowing a resource type of that name', () => {
    const text = 'x = [statement.key, statement.value.a]\n';
    const at = offsetLocator('e.tf', text);
    const ev = new HclEvaluator({
      variable: (name, loc) => unknown(`var.${name}`, loc),
      local: (name, loc) => unknown(`local.${name}`, loc),
      resource: (type, name, attr, loc) => unknown(`${type}.${name}.${attr}`, loc),
      data: (type, name, attr, loc) => unknown(`data.${type}.${name}.${attr}`, loc),
      at: (_f, o, e) => at(o, e),
    });
    const expr = parseHcl(text, 'e.tf').attributes.get('x')!.expr as Expr;
    const origins = (n: LNode) => (n.kind === 'array' ? n.items.map((i) => (i.kind === 'unknown' ? i.origin : toPlain(i))) : []);
    const known = { name: 'statement', value: object([{ key: 'key', value: scalar('k1') }, { key: 'value', value: object([{ key: 'a', value: scalar('v1') }]) }]) };
    expect(origins(ev.withIterators([known], () => ev.evaluate(expr)))).toEqual(['k1', 'v1']);
    const notKnown = { name: 'statement', value: unknown('for_each of dynamic "statement": var.s') };
    expect(origins(ev.withIterators([notKnown], () => ev.evaluate(expr)))).toEqual([
      'statement.key (from for_each of dynamic "statement": var.s)',
      'statement.value.a (from for_each of dynamic "statement": var.s)',
    ]);
    // Out of the block, the name is a resource type again.
    expect(origins(ev.evaluate(expr))).toEqual(['statement.key (the whole resource)', 'statement.value.a']);
  });

  it('reports a referenced scalar where it is used', () => {
    expect(evaluate('var.name', { name: scalar('n', { file: 'vars.tf', line: 9, column: 1 }) }).loc).toMatchObject({ file: 'e.tf', line: 1, column: 5 });
  });
});

describe('hcl2json fallback', () => {
  it('can skip the hcl2json validation and read with our parser alone', async () => {
    const text = 'resource "aws_iam_user" "u" {\n  name = "u"\n}\n';
    const m = await loadTerraformHcl([{ path: 'v.tf', text }], { validate: false });
    expect(m.entities.map((e) => e.name)).toEqual(['u']);
  });

  it('loads a file our parser cannot read from hcl2json output, positions at the block line', async () => {
    const text = 'locals {\n  café = "x"\n}\n\nresource "aws_iam_policy" "p" {\n  name   = "p"\n  policy = jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Allow", Action = "*", Resource = "*" }] })\n}\n';
    expect(() => parseHcl(text, 'u.tf')).toThrow(HclSyntaxError);
    const m = await loadTerraformHcl([{ path: 'u.tf', text }]);
    expect(m.loadErrors).toEqual([]);
    const [mp] = m.managedPolicies;
    expect(mp.policy.document?.statements[0].action?.[0].value).toBe('*');
    expect(mp.policy.locate('/Statement/0/Action').line).toBe(5);
  });

  it('expands dynamic blocks of a file read from hcl2json output', async () => {
    const text = [
      'locals {',
      '  café    = "x"',
      '  actions = ["s3:GetObject", "*"]',
      '}',
      'data "aws_iam_policy_document" "d" {',
      '  dynamic "statement" {',
      '    for_each = local.actions',
      '    iterator = a',
      '    content {',
      '      actions   = [a.value]',
      '      resources = ["*"]',
      '    }',
      '  }',
      '}',
      'resource "aws_iam_policy" "p" {',
      '  name   = "p"',
      '  policy = data.aws_iam_policy_document.d.json',
      '}',
      '',
    ].join('\n');
    expect(() => parseHcl(text, 'd.tf')).toThrow(HclSyntaxError);
    const m = await loadTerraformHcl([{ path: 'd.tf', text }]);
    expect(m.managedPolicies[0].policy.document?.statements.map((s) => s.action?.[0].value)).toEqual(['s3:GetObject', '*']);
  });
});
