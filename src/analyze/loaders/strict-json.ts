// The fast path of jsonTextToLNode: strict JSON (RFC 8259) read straight into located LNodes in one pass,
// about four times quicker than jsonc-parser's tree plus a second walk over it (the 300-role template of
// bench/analyzer.mjs: ~90 ms → ~22 ms, cold). It gives up (undefined) on anything strict JSON does not allow
// (comments, trailing commas, control characters in strings, other whitespace) and on deep nesting; the
// caller then parses with jsonc-parser as before, so error-tolerant results and messages do not change. For
// the text it accepts, nodes, values and positions are those of the jsonc-parser path
// (test/analyze/loaders/strict-json.test.ts).
import { NOT_STRICT_JSON, NotStrictJson, jsonNumberEnd, jsonStringEnd, jsonStringValue } from '../../policy/index.js';
import type { SourceLocation } from '../model.js';
import type { LEntry, LNode, LScalar } from './policy-record.js';

// Deeper documents take the jsonc-parser path, and fare there as they always did.
const MAX_DEPTH = 128;

const notStrict = NOT_STRICT_JSON;

/**
 * Parses `text` when it is strict JSON. Positions come from `locate(offset, end)`, or, given `{ file }`, are
 * the 1-based line and column in `text` itself (what offsetLocator answers, without its search per offset).
 * `onString` sees every string value with the offset of its opening quote.
 */
export function strictJsonToLNode(
  text: string,
  locate: ((offset: number, end?: number) => SourceLocation) | { readonly file: string },
  onString?: (node: LScalar, offset: number) => void,
): LNode | undefined {
  const length = text.length;
  let pos = 0;
  // Line breaks occur only between tokens in strict JSON: whitespace tracks the line (LF, CR or CRLF).
  let line = 1;
  let lineStart = 0;
  const at = typeof locate === 'function' ? locate : undefined;
  const file = typeof locate === 'function' ? '' : locate.file;
  // The location of [start, pos), the token or value just read, which started at line:column.
  const loc = (start: number, startLine: number, startColumn: number): SourceLocation =>
    at !== undefined ? at(start, pos) : { file, line: startLine, column: startColumn, endLine: line, endColumn: pos - lineStart + 1 };

  const skipWhitespace = (): void => {
    while (pos < length) {
      const c = text.charCodeAt(pos);
      if (c === 32 || c === 9) pos++;
      else if (c === 10) {
        pos++;
        line++;
        lineStart = pos;
      } else if (c === 13) {
        pos++;
        if (text.charCodeAt(pos) === 10) pos++;
        line++;
        lineStart = pos;
      } else return;
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

  const value = (depth: number): LNode => {
    const start = pos;
    const startLine = line;
    const startColumn = pos - lineStart + 1;
    const c = text.charCodeAt(pos);
    if (c === 123) {
      if (depth >= MAX_DEPTH) throw notStrict;
      pos++;
      const entries: LEntry[] = [];
      skipWhitespace();
      if (text.charCodeAt(pos) === 125) pos++;
      else {
        while (true) {
          if (text.charCodeAt(pos) !== 34) throw notStrict;
          const keyStart = pos;
          const keyColumn = pos - lineStart + 1;
          const key = readString();
          const keyLoc = loc(keyStart, line, keyColumn);
          skipWhitespace();
          if (text.charCodeAt(pos) !== 58) throw notStrict;
          pos++;
          skipWhitespace();
          entries.push({ key, keyLoc, value: value(depth + 1) });
          skipWhitespace();
          const next = text.charCodeAt(pos++);
          if (next === 125) break;
          if (next !== 44) throw notStrict;
          skipWhitespace();
        }
      }
      return { kind: 'object', entries, loc: loc(start, startLine, startColumn) };
    }
    if (c === 91) {
      if (depth >= MAX_DEPTH) throw notStrict;
      pos++;
      const items: LNode[] = [];
      skipWhitespace();
      if (text.charCodeAt(pos) === 93) pos++;
      else {
        while (true) {
          items.push(value(depth + 1));
          skipWhitespace();
          const next = text.charCodeAt(pos++);
          if (next === 93) break;
          if (next !== 44) throw notStrict;
          skipWhitespace();
        }
      }
      return { kind: 'array', items, loc: loc(start, startLine, startColumn) };
    }
    let v: string | number | boolean | null;
    if (c === 34) v = readString();
    else if (c === 116) v = literal('true', true);
    else if (c === 102) v = literal('false', false);
    else if (c === 110) v = literal('null', null);
    else v = readNumber();
    const node: LScalar = { kind: 'scalar', value: v, loc: loc(start, startLine, startColumn) };
    if (c === 34 && onString !== undefined) onString(node, start);
    return node;
  };

  try {
    skipWhitespace();
    if (pos >= length) return undefined;
    const root = value(0);
    skipWhitespace();
    return pos === length ? root : undefined;
  } catch (error) {
    if (error instanceof NotStrictJson) return undefined;
    throw error;
  }
}
