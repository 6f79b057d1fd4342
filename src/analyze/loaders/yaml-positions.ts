// YAML (CloudFormation's short-form tags included) read into an LNode tree with the position of every node.
import { createRequire } from 'node:module';
import type * as Yaml from 'yaml';
import type { Document, Node as YamlNode } from 'yaml';
import type { SourceLocation } from '../model.js';
import { array, object, scalar } from './policy-record.js';
import type { LNode } from './policy-record.js';

/** CloudFormation's short forms; each becomes `{ "Fn::X": … }` (`!Ref`, `!Condition` keep their names). */
export const CFN_SHORT_TAGS = [
  'Ref', 'Condition', 'Sub', 'GetAtt', 'Join', 'If', 'Select', 'Split', 'Equals', 'Not', 'And', 'Or', 'FindInMap',
  'Base64', 'Cidr', 'ImportValue', 'GetAZs', 'Transform', 'Length', 'ToJsonString',
] as const;

const longName = (tag: string): string => (tag === 'Ref' || tag === 'Condition' ? tag : `Fn::${tag}`);

// Registered so the parser neither warns nor converts: the walk below wraps tagged nodes itself.
const customTags = CFN_SHORT_TAGS.flatMap((name) => [
  { tag: `!${name}`, resolve: (s: string) => s },
  { tag: `!${name}`, collection: 'seq' as const, resolve: <T>(s: T) => s },
  { tag: `!${name}`, collection: 'map' as const, resolve: <T>(s: T) => s },
]);

// Loaded on first use: the package is ~80 modules, a sizable part of the start-up of a lint run whose
// templates are all JSON. It is CommonJS under Node, so a synchronous require keeps the loaders synchronous.
type YamlModule = typeof Yaml;
let yamlModule: YamlModule | undefined;
const yaml = (): YamlModule => (yamlModule ??= createRequire(import.meta.url)('yaml') as YamlModule);

export interface YamlLoad {
  readonly node?: LNode;
  readonly errors: { message: string; location: SourceLocation }[];
}

/** Parses YAML text; every node of the result carries its file:line:column (start and end). */
export function yamlToLNode(text: string, file: string): YamlLoad {
  const { LineCounter, parseDocument } = yaml();
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, customTags, uniqueKeys: false, prettyErrors: false });
  const at = (start: number, end?: number): SourceLocation => {
    const s = lineCounter.linePos(start);
    if (end === undefined) return { file, line: s.line, column: s.col };
    const e = lineCounter.linePos(end);
    return { file, line: s.line, column: s.col, endLine: e.line, endColumn: e.col };
  };
  const errors = doc.errors.map((e) => ({ message: `YAML: ${e.message.split('\n')[0]}`, location: at(e.pos[0]) }));
  if (doc.errors.length > 0 || !doc.contents) return { errors };
  return { node: walk(doc.contents, doc, at, 0), errors };
}

function walk(node: YamlNode | null, doc: Document, at: (s: number, e?: number) => SourceLocation, depth: number): LNode {
  const { isAlias, isMap, isPair, isScalar, isSeq } = yaml();
  if (node === null) return scalar(null);
  if (depth > 200) return scalar(null); // alias bombs and absurd nesting
  const loc = node.range ? at(node.range[0], node.range[1]) : undefined;
  let value: LNode;
  if (isAlias(node)) {
    const target = node.resolve(doc);
    return target ? walk(target, doc, at, depth + 1) : scalar(null, loc);
  } else if (isScalar(node)) {
    const v = node.value;
    value = scalar(v === undefined || typeof v === 'symbol' || typeof v === 'bigint' ? (v === undefined ? null : String(v)) : (v as string | number | boolean | null), loc);
  } else if (isSeq(node)) {
    value = array(node.items.map((item) => walk(item as YamlNode | null, doc, at, depth + 1)), loc);
  } else if (isMap(node)) {
    const entries = [];
    for (const pair of node.items) {
      if (!isPair(pair)) continue;
      const k = pair.key as YamlNode | null;
      const key = isScalar(k) ? String(k.value) : String(k);
      entries.push({ key, ...(k && k.range ? { keyLoc: at(k.range[0], k.range[1]) } : {}), value: walk(pair.value as YamlNode | null, doc, at, depth + 1) });
    }
    value = object(entries, loc);
  } else {
    value = scalar(null, loc);
  }
  const tag = node.tag;
  if (tag && tag.startsWith('!') && !tag.startsWith('!!')) {
    const name = tag.slice(1);
    if ((CFN_SHORT_TAGS as readonly string[]).includes(name)) {
      if (name === 'GetAtt' && value.kind === 'scalar' && typeof value.value === 'string') {
        const dot = value.value.indexOf('.');
        const parts = dot < 0 ? [value.value] : [value.value.slice(0, dot), value.value.slice(dot + 1)];
        value = array(parts.map((p) => scalar(p, loc)), loc);
      }
      return object([{ key: longName(name), ...(loc ? { keyLoc: loc } : {}), value }], loc);
    }
  }
  return value;
}
