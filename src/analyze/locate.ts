// Positions of JSON pointers in a JSON input file, through jsonc-parser's syntax tree: what `locate` of a
// PolicyRecord answers for policy files and account exports.
import { parseTree, type Node } from 'jsonc-parser';
import { lineStarts, positionAt } from '../policy/index.js';
import type { SourceLocation } from './model.js';

/** Decodes one RFC 6901 reference token. */
function unescapeToken(token: string): string {
  return token.replace(/~1/g, '/').replace(/~0/g, '~');
}

export function pointerTokens(pointer: string): string[] {
  if (pointer === '' || pointer === '/') return [];
  return pointer.replace(/^\//, '').split('/').map(unescapeToken);
}

/** The deepest node along the pointer (the nearest enclosing element when the pointer goes further). */
export function nodeAtPointer(root: Node, tokens: readonly string[]): Node {
  let node = root;
  for (const token of tokens) {
    let next: Node | undefined;
    if (node.type === 'object') {
      const property = node.children?.find((p) => p.children?.[0]?.value === token);
      next = property?.children?.[1];
    } else if (node.type === 'array' && /^\d+$/.test(token)) {
      next = node.children?.[Number(token)];
    }
    if (next === undefined) break;
    node = next;
  }
  return node;
}

/** Turns offsets of one text into locations in one file. */
export class TextPositions {
  private starts: number[] | undefined;
  constructor(
    readonly file: string,
    readonly text: string,
  ) {}

  location(offset: number, length = 0): SourceLocation {
    this.starts ??= lineStarts(this.text);
    const start = positionAt(this.starts, offset);
    const end = positionAt(this.starts, offset + length);
    return { file: this.file, line: start.line, column: start.column, endLine: end.line, endColumn: end.column };
  }
}

/** A parsed JSON file whose nodes can be located. */
export class JsonFile {
  readonly root: Node | undefined;
  readonly positions: TextPositions;
  constructor(file: string, text: string) {
    this.positions = new TextPositions(file, text);
    this.root = parseTree(text, [], { allowTrailingComma: false, disallowComments: true });
  }

  locationOf(node: Node | undefined): SourceLocation {
    if (node === undefined) return this.positions.location(0);
    return this.positions.location(node.offset, node.length);
  }

  /** A `locate(pointer)` for a document whose root is `base` (a node of this file). */
  locator(base: Node | undefined, prefix = ''): (pointer: string) => SourceLocation {
    return (pointer: string) => {
      if (base === undefined) return this.locationOf(undefined);
      const rest = prefix !== '' && pointer.startsWith(prefix) ? pointer.slice(prefix.length) : pointer;
      // A document held as a (URL-encoded) string cannot be entered: its string node is the nearest element.
      if (base.type === 'string') return this.locationOf(base);
      return this.locationOf(nodeAtPointer(base, pointerTokens(rest)));
    };
  }
}
