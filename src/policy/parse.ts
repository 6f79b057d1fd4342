// The grammar stage: JSON tree → typed AST, reporting every problem IAM's policy grammar rejects
// (spec/policy-grammar.md §1–4) and a few precise warnings. Kind-specific rules live in validate.ts.
import type {
  ConditionClause,
  Effect,
  Located,
  PolicyDocument,
  PrincipalElement,
  PrincipalEntry,
  PrincipalType,
  Span,
  Statement,
} from './ast.js';
import { actionFormatProblem } from './actions.js';
import { AwsMessages } from './aws-messages.js';
import type { DiagnosticCode } from './codes.js';
import { isLegacyDateValue } from './dates.js';
import { AwsPhase, collector } from './findings.js';
import type { Finding, Report } from './findings.js';
import { parseJson } from './json.js';
import type { JsonNode, ParseContext } from './json.js';
import { parseOperatorName } from './operators.js';
import type { ParseOptions } from './options.js';
import { failsLegacyResourceParse, resourceFormatProblem, variableBeforeResourcePart } from './resources.js';
import { escapePointerToken, firstDisallowedCharacter, firstLooseWhitespace, lineStartsCached, positionAt } from './text.js';

export interface InternalParse {
  /** The document as far as it could be built; complete and trustworthy only without errors. */
  readonly partial?: PolicyDocument;
  readonly findings: Finding[];
}

const MAX_API_LENGTH = 131_072;
const PRINCIPAL_TYPES = new Set<string>(['AWS', 'Service', 'Federated', 'CanonicalUser']);
const SYNTAX = [AwsPhase.syntax] as const;
// Element names each statement had in its JSON, including rejected ones (the AST drops those).
const presentKeys = new WeakMap<Statement, ReadonlySet<string>>();


interface Walker {
  readonly ctx: ParseContext;
  readonly report: Report;
  /** A grammar error: IAM answers `Syntax errors in policy.` */
  syntax(code: DiagnosticCode, message: string, node: JsonNode, pointer: string): void;
  span(node: JsonNode, pointer: string): Span;
  located(node: JsonNode, pointer: string): Located<string>;
}

function clampRange(text: string, options: ParseOptions | undefined): { start: number; end: number } {
  const r = options?.range;
  if (!r) return { start: 0, end: text.length };
  const start = Math.min(Math.max(0, Math.trunc(Number(r.offset)) || 0), text.length);
  const end = Math.min(Math.max(start, start + (Math.trunc(Number(r.length)) || 0)), text.length);
  return { start, end };
}

export function parseInternal(text: string, options?: ParseOptions): InternalParse {
  const source = options?.source;
  const { findings, report } = collector(source);
  if (typeof text !== 'string') {
    report({ code: 'json.invalid', severity: 'error', message: 'Invalid JSON: no text.', awsMessage: AwsMessages.syntax, aws: SYNTAX });
    return { findings };
  }
  const { start, end } = clampRange(text, options);
  const prefix = options?.pointerPrefix ?? '';
  const starts = lineStartsCached(text);
  const spanOf = (offset: number, length: number, pointer: string): Span => ({
    start: positionAt(starts, start + offset),
    end: positionAt(starts, start + offset + length),
    pointer,
  });
  const ctx: ParseContext = { slice: text.slice(start, end), spanOf, report };
  const w: Walker = {
    ctx,
    report,
    syntax(code, message, node, pointer) {
      report({ code, severity: 'error', message, span: this.span(node, pointer), awsMessage: AwsMessages.syntax, aws: SYNTAX });
    },
    span: (node, pointer) => spanOf(node.offset, node.length, pointer),
    located: (node, pointer) => ({ value: String(node.value), span: spanOf(node.offset, node.length, pointer) }),
  };

  const badChar = firstDisallowedCharacter(text, start, end);
  if (badChar >= 0) {
    const ch = text.codePointAt(badChar) ?? 0;
    // An API-parameter ValidationError in AWS, not MalformedPolicyDocument: no AWS phase.
    report({
      code: 'text.invalidCharacter', severity: 'error',
      message: `Character U+${ch.toString(16).toUpperCase().padStart(4, '0')} is not allowed in an IAM policy document (allowed: TAB, LF, CR, U+0020–U+00FF).`,
      span: spanOf(badChar - start, 1, prefix),
    });
  }
  if (end - start > MAX_API_LENGTH) {
    report({ code: 'text.tooLong', severity: 'error', message: `The document is ${end - start} characters long; IAM accepts at most ${MAX_API_LENGTH}.`, span: spanOf(0, 0, prefix) });
  }
  const badWhitespace = firstLooseWhitespace(text, start, end);
  if (badWhitespace >= 0) {
    report({
      code: 'json.invalid', severity: 'error', message: 'Invalid JSON: whitespace other than space, TAB, LF or CR.',
      span: spanOf(badWhitespace - start, 1, prefix), awsMessage: AwsMessages.syntax, aws: SYNTAX,
    });
    return { findings };
  }
  const root = parseJson(ctx, prefix);
  if (!root) return { findings };
  if (root.type !== 'object') {
    w.syntax('policy.notObject', 'A policy document must be a JSON object.', root, prefix);
    return { findings };
  }
  return { partial: parseDocument(w, root, prefix, text, source), findings };
}

function props(node: JsonNode): { key: string; keyNode: JsonNode; value: JsonNode; prop: JsonNode }[] {
  const out: { key: string; keyNode: JsonNode; value: JsonNode; prop: JsonNode }[] = [];
  for (const prop of node.children ?? []) {
    const keyNode = prop.children?.[0];
    const value = prop.children?.[1];
    if (keyNode && value) out.push({ key: String(keyNode.value), keyNode, value, prop });
  }
  return out;
}

function child(pointer: string, token: string | number): string {
  return `${pointer}/${escapePointerToken(token)}`;
}

function parseDocument(w: Walker, root: JsonNode, pointer: string, text: string, source: string | undefined): PolicyDocument {
  let version: Located<string> | undefined;
  let id: Located<string> | undefined;
  let statementNode: { node: JsonNode; pointer: string } | undefined;
  for (const { key, keyNode, value } of props(root)) {
    const p = child(pointer, key);
    if (key === 'Version') {
      if (value.type !== 'string') w.syntax('element.wrongType', 'Version must be a string.', value, p);
      else if (value.value !== '2012-10-17' && value.value !== '2008-10-17') {
        w.syntax('version.invalid', `Version "${value.value}" is not valid: use "2012-10-17".`, value, p);
      } else version = w.located(value, p);
    } else if (key === 'Id') {
      if (value.type !== 'string') w.syntax('element.wrongType', 'Id must be a string.', value, p);
      else id = w.located(value, p);
    } else if (key === 'Statement') {
      statementNode = { node: value, pointer: p };
    } else {
      w.syntax('policy.unknownElement', `Unknown policy element "${key}": a policy has only Version, Id and Statement.`, keyNode, p);
    }
  }
  const hasVersionKey = props(root).some((x) => x.key === 'Version');
  if (!hasVersionKey) {
    w.report({
      code: 'version.missing', severity: 'warning',
      message: 'No Version: the policy is evaluated as version 2008-10-17, where policy variables such as ${aws:username} are literal text. Add "Version": "2012-10-17".',
      span: w.span(root, pointer),
    });
  }
  const modernVersion = version?.value === '2012-10-17' || (hasVersionKey && !version); // bad Version: already an error

  const statements: Statement[] = [];
  if (!statementNode) {
    w.syntax('policy.missingStatement', 'The policy has no Statement element.', root, pointer);
  } else if (statementNode.node.type === 'object') {
    const s = parseStatement(w, statementNode.node, statementNode.pointer, 0, modernVersion);
    statements.push(s);
  } else if (statementNode.node.type === 'array') {
    const items = statementNode.node.children ?? [];
    if (items.length === 0) w.syntax('policy.emptyStatement', 'The Statement list is empty.', statementNode.node, statementNode.pointer);
    items.forEach((item, i) => {
      const p = child(statementNode.pointer, i);
      if (item.type !== 'object') w.syntax('statement.notObject', 'Each statement must be a JSON object.', item, p);
      else statements.push(parseStatement(w, item, p, statements.length, modernVersion));
    });
  } else {
    w.syntax('element.wrongType', 'Statement must be an object or a list of objects.', statementNode.node, statementNode.pointer);
  }

  checkSidUniqueness(w, statements);
  checkActions(w, statements);
  checkResources(w, statements);

  return {
    ...(version ? { version } : {}),
    ...(id ? { id } : {}),
    statements,
    span: w.span(root, pointer),
    text,
    ...(source !== undefined ? { source } : {}),
  };
}

/** A string or a list of strings; undefined (after reporting) on any other shape. */
function stringOrList(w: Walker, node: JsonNode, pointer: string, name: string): Located<string>[] | undefined {
  if (node.type === 'string') return [w.located(node, pointer)];
  if (node.type === 'array') {
    const out: Located<string>[] = [];
    let ok = true;
    (node.children ?? []).forEach((item, i) => {
      if (item.type === 'string') out.push(w.located(item, child(pointer, i)));
      else {
        ok = false;
        w.syntax('element.wrongType', `${name} must be a string or a list of strings.`, item, child(pointer, i));
      }
    });
    return ok ? out : undefined;
  }
  w.syntax('element.wrongType', `${name} must be a string or a list of strings.`, node, pointer);
  return undefined;
}

const PAIRS: readonly (readonly [string, string])[] = [['Action', 'NotAction'], ['Resource', 'NotResource'], ['Principal', 'NotPrincipal']];

function parseStatement(w: Walker, node: JsonNode, pointer: string, index: number, modernVersion: boolean): Statement {
  const entries = props(node);
  const keys = new Set(entries.map((e) => e.key));
  for (const [a, b] of PAIRS) {
    if (keys.has(a) && keys.has(b)) {
      w.syntax('statement.conflictingElements', `A statement may have ${a} or ${b}, not both.`, node, pointer);
    }
  }
  let sid: Located<string> | undefined;
  let effect: Located<Effect> | undefined;
  let principal: PrincipalElement | undefined;
  let notPrincipal: PrincipalElement | undefined;
  let action: Located<string>[] | undefined;
  let notAction: Located<string>[] | undefined;
  let resource: Located<string>[] | undefined;
  let notResource: Located<string>[] | undefined;
  let condition: ConditionClause[] = [];
  let effectFound = false;

  for (const { key, keyNode, value } of entries) {
    const p = child(pointer, key);
    switch (key) {
      case 'Sid':
        if (value.type !== 'string') w.syntax('element.wrongType', 'Sid must be a string.', value, p);
        else sid = w.located(value, p);
        break;
      case 'Effect':
        effectFound = true;
        effect = parseEffect(w, value, p);
        break;
      case 'Principal':
        principal = parsePrincipal(w, value, p, key);
        break;
      case 'NotPrincipal':
        notPrincipal = parsePrincipal(w, value, p, key);
        break;
      case 'Action':
        action = stringOrList(w, value, p, key);
        break;
      case 'NotAction':
        notAction = stringOrList(w, value, p, key);
        break;
      case 'Resource':
        resource = stringOrList(w, value, p, key);
        break;
      case 'NotResource':
        notResource = stringOrList(w, value, p, key);
        break;
      case 'Condition':
        condition = parseCondition(w, value, p);
        break;
      default:
        w.syntax(
          'statement.unknownElement',
          `Unknown statement element "${key}": use Sid, Effect, Principal, NotPrincipal, Action, NotAction, Resource, NotResource or Condition.`,
          keyNode, p,
        );
    }
  }
  if (!effectFound) w.syntax('statement.missingEffect', 'The statement has no Effect: add "Effect": "Allow" or "Deny".', node, pointer);

  const span = w.span(node, pointer);
  const stmt: Statement = {
    index,
    ...(sid ? { sid } : {}),
    // A statement with a bad Effect is an error already; Deny keeps kind checks from inventing grants.
    effect: effect ?? { value: 'Deny', span },
    ...(principal ? { principal } : {}),
    ...(notPrincipal ? { notPrincipal } : {}),
    ...(action ? { action } : {}),
    ...(notAction ? { notAction } : {}),
    ...(resource ? { resource } : {}),
    ...(notResource ? { notResource } : {}),
    condition,
    span,
  };
  presentKeys.set(stmt, keys);
  statementWarnings(w, stmt, modernVersion);
  return stmt;
}

function parseEffect(w: Walker, node: JsonNode, pointer: string): Located<Effect> | undefined {
  if (node.type !== 'string') {
    w.syntax('element.wrongType', 'Effect must be the string "Allow" or "Deny".', node, pointer);
    return undefined;
  }
  const raw = String(node.value);
  if (raw === 'Allow' || raw === 'Deny') return { value: raw, span: w.span(node, pointer) };
  const lower = raw.toLowerCase();
  if (lower === 'allow' || lower === 'deny') {
    const fixed: Effect = lower === 'allow' ? 'Allow' : 'Deny';
    w.report({
      code: 'effect.case', severity: 'error', message: AwsMessages.legacy, span: w.span(node, pointer),
      awsMessage: AwsMessages.legacy, aws: [AwsPhase.legacy], suggestion: fixed,
    });
    return { value: fixed, span: w.span(node, pointer) };
  }
  w.syntax('effect.invalid', `Effect "${raw}" is not valid: use "Allow" or "Deny".`, node, pointer);
  return undefined;
}

function parsePrincipal(w: Walker, node: JsonNode, pointer: string, name: string): PrincipalElement | undefined {
  const span = w.span(node, pointer);
  if (node.type === 'string') {
    if (node.value === '*') return { wildcard: true, entries: [], span };
    w.syntax('principal.invalid', `${name} as a string must be "*"; name principals in an object, e.g. {"AWS": "arn:aws:iam::123456789012:root"}.`, node, pointer);
    return undefined;
  }
  if (node.type !== 'object') {
    w.syntax('principal.invalid', `${name} must be "*" or an object such as {"AWS": [...]}.`, node, pointer);
    return undefined;
  }
  const entries: PrincipalEntry[] = [];
  let ok = true;
  const list = props(node);
  if (list.length === 0) {
    w.syntax('principal.invalid', `${name} must name at least one principal.`, node, pointer);
    return undefined;
  }
  for (const { key, keyNode, value, prop } of list) {
    const p = child(pointer, key);
    if (!PRINCIPAL_TYPES.has(key)) {
      ok = false;
      w.syntax('principal.unknownType', `Unknown principal type "${key}": use AWS, Service, Federated or CanonicalUser.`, keyNode, p);
      continue;
    }
    const values = stringOrList(w, value, p, `${name} ${key}`);
    if (!values) {
      ok = false;
      continue;
    }
    if (values.length === 0) {
      ok = false;
      w.syntax('principal.invalid', `${name} ${key} must name at least one principal.`, value, p);
      continue;
    }
    entries.push({ type: key as PrincipalType, values, span: w.span(prop, p) });
  }
  return ok ? { wildcard: false, entries, span } : undefined;
}

function scalarString(node: JsonNode, slice: string): string | undefined {
  if (node.type === 'string') return String(node.value);
  // Numbers as written (1.0 stays "1.0", 1e3 stays "1e3"), not as JavaScript would print them.
  if (node.type === 'number') return slice.slice(node.offset, node.offset + node.length);
  if (node.type === 'boolean') return node.value ? 'true' : 'false';
  return undefined;
}

function parseCondition(w: Walker, node: JsonNode, pointer: string): ConditionClause[] {
  if (node.type !== 'object') {
    w.syntax('element.wrongType', 'Condition must be an object of operators.', node, pointer);
    return [];
  }
  const clauses: ConditionClause[] = [];
  for (const { key: operator, keyNode: opNode, value: body } of props(node)) {
    const opPointer = child(pointer, operator);
    if (body.type !== 'object') {
      w.syntax('element.wrongType', `Condition operator ${operator} must map to an object of condition keys.`, body, opPointer);
      continue;
    }
    const name = parseOperatorName(operator);
    const keys = props(body);
    if (!name.known) {
      const nullIfExists = name.base === 'Null' && name.ifExists ? ' (Null takes no IfExists)' : '';
      if (keys.length > 0) {
        w.syntax('condition.unknownOperator', `Unknown condition operator "${operator}"${nullIfExists}.`, opNode, opPointer);
      } else {
        w.report({
          code: 'condition.unknownOperator', severity: 'warning',
          message: `Unknown condition operator "${operator}"${nullIfExists}; IAM accepts it only because its body is empty, and it has no effect.`,
          span: w.span(opNode, opPointer),
        });
      }
      continue;
    }
    const opLocated = w.located(opNode, opPointer);
    for (const { key, keyNode, value, prop } of keys) {
      const keyPointer = child(opPointer, key);
      const values: Located<string>[] = [];
      const items = value.type === 'array' ? (value.children ?? []).map((n, i) => ({ n, p: child(keyPointer, i) })) : [{ n: value, p: keyPointer }];
      let ok = true;
      for (const { n, p } of items) {
        const s = scalarString(n, w.ctx.slice);
        if (s === undefined) {
          ok = false;
          w.syntax('element.wrongType', 'A condition value must be a string, number or boolean, or a list of them.', n, p);
        } else values.push({ value: s, span: w.span(n, p) });
      }
      if (!ok) continue;
      conditionValueChecks(w, name.base, values);
      clauses.push({ operator: opLocated, key: w.located(keyNode, keyPointer), values, span: w.span(prop, keyPointer) });
    }
  }
  return clauses;
}

function conditionValueChecks(w: Walker, base: string, values: readonly Located<string>[]): void {
  for (const v of values) {
    if (base.startsWith('Date') && !isLegacyDateValue(v.value)) {
      w.report({
        code: 'condition.dateValue', severity: 'error', message: AwsMessages.legacy, span: v.span,
        awsMessage: AwsMessages.legacy, aws: [AwsPhase.legacy],
      });
    }
    if (base === 'Null' && v.value !== 'true' && v.value !== 'false') {
      w.report({
        code: 'condition.nullValue', severity: 'warning',
        message: `Null takes "true" (the key is absent) or "false" (the key is present); "${v.value}" never matches.`,
        span: v.span,
      });
    }
  }
}

function statementWarnings(w: Walker, s: Statement, modernVersion: boolean): void {
  if (s.effect.value === 'Allow' && s.notAction) {
    w.report({
      code: 'statement.allowNotAction', severity: 'warning',
      message: 'Allow with NotAction allows every action not listed, in every service, including actions added later. Prefer Action with the actions you mean.',
      span: s.notAction[0]?.span ?? s.span,
    });
  }
  if (s.effect.value === 'Allow' && s.notPrincipal) {
    w.report({
      code: 'statement.allowNotPrincipal', severity: 'securityWarning',
      message: 'Allow with NotPrincipal allows every principal not listed, including anonymous users.',
      span: s.notPrincipal.span,
    });
  }
  for (const r of [...(s.resource ?? []), ...(s.notResource ?? [])]) {
    if (variableBeforeResourcePart(r.value) >= 0) {
      w.report({
        code: 'resource.variablePosition', severity: 'warning',
        message: `Policy variables are expanded only in the resource part of an ARN (after the 5th colon); in "${r.value}" it is literal text.`,
        span: r.span,
      });
    }
  }
  if (!modernVersion) {
    const withVariables = [...(s.resource ?? []), ...(s.notResource ?? []), ...s.condition.flatMap((c) => c.values)];
    for (const v of withVariables) {
      if (v.value.includes('${')) {
        w.report({
          code: 'version.literalVariable', severity: 'warning',
          message: `"${v.value}" contains a policy variable, but without "Version": "2012-10-17" it is literal text.`,
          span: v.span,
        });
      }
    }
  }
}

function checkSidUniqueness(w: Walker, statements: readonly Statement[]): void {
  const seen = new Set<string>();
  for (const s of statements) {
    if (!s.sid || s.sid.value === '') continue;
    if (seen.has(s.sid.value)) {
      w.report({
        code: 'sid.duplicate', severity: 'error', message: AwsMessages.sidDuplicate, span: s.sid.span,
        awsMessage: AwsMessages.sidDuplicate, aws: [AwsPhase.sidUnique],
      });
    }
    seen.add(s.sid.value);
  }
}

function checkActions(w: Walker, statements: readonly Statement[]): void {
  for (const s of statements) {
    const list = s.action ?? s.notAction;
    // A wrongly typed Action is a syntax error already, not a missing one.
    const keys = presentKeys.get(s);
    if (list?.length === 0 || (!list && !keys?.has('Action') && !keys?.has('NotAction'))) {
      w.report({
        code: 'statement.missingAction', severity: 'error', message: AwsMessages.missingActions,
        span: s.span, awsMessage: AwsMessages.missingActions, aws: [AwsPhase.actionsPresent, s.index],
      });
    }
  }
  // AWS checks every Action, then every NotAction.
  (['action', 'notAction'] as const).forEach((field, fieldIndex) => {
    for (const s of statements) {
      (s[field] ?? []).forEach((a, i) => {
        const problem = actionFormatProblem(a.value);
        if (problem) {
          w.report({
            code: problem.code, severity: 'error', message: problem.message, span: a.span,
            awsMessage: problem.message, aws: [AwsPhase.actionFormat, fieldIndex, s.index, i],
          });
        }
      });
    }
  });
}

function checkResources(w: Walker, statements: readonly Statement[]): void {
  // AWS's order: every statement's Resource, then every statement's NotResource. The legacy-parser check
  // of a statement's resources runs only while no format error has been found (spec §3, moto).
  let formatErrorSeen = false;
  (['resource', 'notResource'] as const).forEach((field, fieldIndex) => {
    for (const s of statements) {
      const list = s[field];
      if (!list) continue;
      const clean: Located<string>[] = [];
      list.forEach((r, i) => {
        const problem = resourceFormatProblem(r.value);
        if (problem) {
          formatErrorSeen = true;
          w.report({
            code: problem.code, severity: 'error', message: problem.message, span: r.span,
            awsMessage: problem.message, aws: [AwsPhase.resourceFormat, fieldIndex, s.index, i],
          });
        } else clean.push(r);
      });
      for (const r of clean) {
        if (failsLegacyResourceParse(r.value)) {
          w.report({
            code: 'resource.legacy', severity: 'error',
            message: `${AwsMessages.legacy}: resource "${r.value}" needs a service and, with "::", at least 5 colons (arn:aws:service:region:account:resource).`,
            span: r.span, awsMessage: AwsMessages.legacy,
            // Hidden behind an earlier format error in AWS's answer.
            ...(formatErrorSeen ? {} : { aws: [AwsPhase.legacy] }),
          });
        }
      }
    }
  });
}
