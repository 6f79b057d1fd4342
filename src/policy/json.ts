// Strict JSON on top of jsonc-parser: its tree keeps offsets (for positions) and duplicate keys (which
// JSON.parse would silently merge); comments, trailing commas and loose whitespace become diagnostics.
import { getNodePath, parseTree, printParseErrorCode } from 'jsonc-parser';
import type { Node, ParseError } from 'jsonc-parser';
import type { Span } from './ast.js';
import { AwsMessages } from './aws-messages.js';
import { AwsPhase } from './findings.js';
import { strictJsonTree } from './strict-json.js';
import type { Report } from './findings.js';
import { escapePointerToken } from './text.js';

export type JsonNode = Node;

export interface ParseContext {
  /** The slice being parsed. Node offsets are relative to it. */
  readonly slice: string;
  /** Span of slice-relative `offset..offset+length`, with a pointer relative to the document. */
  readonly spanOf: (offset: number, length: number, pointer: string) => Span;
  readonly report: Report;
}

const COMMENT_TOKEN = 10; // ParseErrorCode.InvalidCommentToken (a const enum: not importable under isolatedModules)
const UNEXPECTED_END_OF_COMMENT = 11;

function describe(code: number): string {
  // "CloseBraceExpected" → "close brace expected"
  return printParseErrorCode(code).replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase();
}

/** Parses strict JSON; on any JSON error reports it and returns undefined. */
export function parseJson(ctx: ParseContext, rootPointer: string): JsonNode | undefined {
  const errors: ParseError[] = [];
  let root: Node | undefined;
  try {
    root = strictJsonTree(ctx.slice) ?? parseTree(ctx.slice, errors, { allowTrailingComma: false, disallowComments: true, allowEmptyContent: false });
  } catch {
    // jsonc-parser recurses per nesting level: absurd nesting overflows the stack.
    ctx.report({
      code: 'json.invalid', severity: 'error', message: 'Invalid JSON: nested too deeply.',
      span: ctx.spanOf(0, 0, rootPointer), awsMessage: AwsMessages.syntax, aws: [AwsPhase.syntax],
    });
    return undefined;
  }
  if (errors.length > 0) {
    const e = errors[0];
    const comment = e.error === COMMENT_TOKEN || e.error === UNEXPECTED_END_OF_COMMENT;
    ctx.report({
      code: comment ? 'json.comment' : 'json.invalid',
      severity: 'error',
      message: comment ? 'Invalid JSON: comments are not allowed.' : `Invalid JSON: ${describe(e.error)}.`,
      span: ctx.spanOf(e.offset, e.length, rootPointer),
      awsMessage: AwsMessages.syntax,
      aws: [AwsPhase.syntax],
    });
    return undefined;
  }
  if (!root) return undefined;
  if (!checkDuplicateKeys(ctx, root, rootPointer)) return undefined;
  return root;
}

/** Reports every duplicate key (iteratively: depth is unbounded). Returns true when there is none. */
function checkDuplicateKeys(ctx: ParseContext, root: Node, rootPointer: string): boolean {
  let clean = true;
  const stack: Node[] = [root];
  while (stack.length > 0) {
    const node = stack.pop()!;
    const children = node.children;
    if (!children) continue;
    if (node.type === 'object') {
      // Most objects in a policy are small: a linear scan beats building a Set.
      for (let i = 0; i < children.length; i++) {
        const keyNode = children[i].children?.[0];
        const valueNode = children[i].children?.[1];
        if (valueNode?.children) stack.push(valueNode);
        if (!keyNode) continue;
        for (let j = 0; j < i; j++) {
          if (children[j].children?.[0]?.value === keyNode.value) {
            clean = false;
            // AWS (Jackson) may accept duplicates, last one winning (unconfirmed); we reject them, since a
            // reader of the policy cannot tell which one applies.
            ctx.report({
              code: 'json.duplicateKey', severity: 'error', message: `Duplicate key "${String(keyNode.value)}".`,
              span: ctx.spanOf(keyNode.offset, keyNode.length, rootPointer + getNodePath(keyNode).map(escapePointerToken).map((t) => `/${t}`).join('')),
              awsMessage: AwsMessages.syntax, aws: [AwsPhase.syntax],
            });
            break;
          }
        }
      }
    } else if (node.type === 'array') {
      for (const c of children) if (c.children) stack.push(c);
    }
  }
  return clean;
}
