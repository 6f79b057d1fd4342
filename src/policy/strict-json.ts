// The fast path of parseJson: strict JSON (RFC 8259) read into the tree jsonc-parser builds (types, values,
// offsets, lengths, parents, colon offsets) in one pass, two to three times quicker; a lint run parses
// hundreds of policies (bench/analyzer.mjs). It gives up (undefined) on anything strict JSON does not allow
// (comments, trailing commas, control characters, other whitespace, empty text) and on deep nesting, and
// parseJson then runs jsonc-parser as before, so every diagnostic stays as it was. Equivalence with
// jsonc-parser: test/policy/strict-json.test.ts.
import type { Node } from 'jsonc-parser';
import { NOT_STRICT_JSON, NotStrictJson, jsonNumberEnd, jsonStringEnd, jsonStringValue } from './json-scan.js';

// Deeper documents take the jsonc-parser path (whose recursion overflow parseJson reports).
const MAX_DEPTH = 128;

interface TreeNode {
  type: Node['type'];
  offset: number;
  length: number;
  parent?: TreeNode;
  children?: TreeNode[];
  value?: string | number | boolean | null;
  colonOffset?: number;
}

const notStrict = NOT_STRICT_JSON;

/** jsonc-parser's `parseTree(text)` for strict JSON text; undefined when the text is anything else. */
export function strictJsonTree(text: string): Node | undefined {
  const length = text.length;
  let pos = 0;

  const skipWhitespace = (): void => {
    while (pos < length) {
      const c = text.charCodeAt(pos);
      if (c === 32 || c === 10 || c === 13 || c === 9) pos++;
      else return;
    }
  };

  // At an opening quote: the decoded string; pos ends after the closing quote.
  const readString = (): string => {
    const start = pos;
    pos = jsonStringEnd(text, start);
    return jsonStringValue(text, start, pos);
  };

  const readNumber = (): number => {
    const start = pos;
    pos = jsonNumberEnd(text, start);
    return Number(text.slice(start, pos));
  };

  const literal = (word: string, value: boolean | null): boolean | null => {
    if (!text.startsWith(word, pos)) throw notStrict;
    pos += word.length;
    return value;
  };

  const value = (parent: TreeNode | undefined, depth: number): TreeNode => {
    const start = pos;
    const c = text.charCodeAt(pos);
    if (c === 123) {
      if (depth >= MAX_DEPTH) throw notStrict;
      const node: TreeNode = { type: 'object', offset: start, length: -1, parent, children: [] };
      const children = node.children as TreeNode[];
      pos++;
      skipWhitespace();
      if (text.charCodeAt(pos) === 125) pos++;
      else {
        while (true) {
          if (text.charCodeAt(pos) !== 34) throw notStrict;
          const property: TreeNode = { type: 'property', offset: pos, length: -1, parent: node, children: [] };
          const keyStart = pos;
          const key = readString();
          const keyNode: TreeNode = { type: 'string', value: key, offset: keyStart, length: pos - keyStart, parent: property };
          skipWhitespace();
          if (text.charCodeAt(pos) !== 58) throw notStrict;
          property.colonOffset = pos;
          pos++;
          skipWhitespace();
          const child = value(property, depth + 1);
          property.children = [keyNode, child];
          property.length = pos - property.offset;
          children.push(property);
          skipWhitespace();
          const next = text.charCodeAt(pos++);
          if (next === 125) break;
          if (next !== 44) throw notStrict;
          skipWhitespace();
        }
      }
      node.length = pos - start;
      return node;
    }
    if (c === 91) {
      if (depth >= MAX_DEPTH) throw notStrict;
      const node: TreeNode = { type: 'array', offset: start, length: -1, parent, children: [] };
      const children = node.children as TreeNode[];
      pos++;
      skipWhitespace();
      if (text.charCodeAt(pos) === 93) pos++;
      else {
        while (true) {
          children.push(value(node, depth + 1));
          skipWhitespace();
          const next = text.charCodeAt(pos++);
          if (next === 93) break;
          if (next !== 44) throw notStrict;
          skipWhitespace();
        }
      }
      node.length = pos - start;
      return node;
    }
    let v: string | number | boolean | null;
    let type: Node['type'];
    if (c === 34) {
      v = readString();
      type = 'string';
    } else if (c === 116) {
      v = literal('true', true);
      type = 'boolean';
    } else if (c === 102) {
      v = literal('false', false);
      type = 'boolean';
    } else if (c === 110) {
      v = literal('null', null);
      type = 'null';
    } else {
      v = readNumber();
      type = 'number';
    }
    return { type, offset: start, length: pos - start, parent, value: v };
  };

  try {
    skipWhitespace();
    if (pos >= length) return undefined;
    const root = value(undefined, 0);
    skipWhitespace();
    if (pos !== length) return undefined;
    // jsonc-parser's root has no parent property at all.
    delete root.parent;
    return root as Node;
  } catch (error) {
    if (error instanceof NotStrictJson) return undefined;
    throw error;
  }
}
