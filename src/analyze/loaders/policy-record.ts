// The loaders' shared vocabulary: a located value tree (`LNode`) that every input format is read into and
// every resolver (CloudFormation intrinsics, HCL expressions, plan JSON) produces, and the one builder that
// turns such a tree into a PolicyRecord whose `locate(pointer)` points back into the INPUT file.
import { parseTree } from 'jsonc-parser';
import type { Node as JsonNode } from 'jsonc-parser';
import { lineStarts, parseAndCheckPolicy, parsePolicy, positionAt } from '../../policy/index.js';
import type { ParseResult, PolicyDocument, PolicyKind } from '../../policy/index.js';
import type { PolicyRecord, SourceLocation, Suppression, UnknownValue } from '../model.js';
import { UNKNOWN_PLACEHOLDER_PREFIX } from '../model.js';
import { strictJsonToLNode } from './strict-json.js';

/** What an unknown stands for, when it is a well-known deployment value (a check may treat them specially). */
export type PseudoValue = 'account-id' | 'region' | 'stack-name' | 'stack-id';

/**
 * An UnknownValue as the loaders produce it. `pseudo` says that the value is the deploying account's id (or
 * region…) — e.g. a trust condition `aws:SourceAccount = ${account}` names the template's own account. In
 * `unknowns`, a value with several unknown parts has it only when every part is that same value.
 */
export interface LoaderUnknown extends UnknownValue {
  readonly pseudo?: PseudoValue;
}

/** A PolicyRecord plus, for each placeholder text in `text`, what it stands for. */
export interface LoadedPolicyRecord extends PolicyRecord {
  /** `${castellan:unknown:3}` → its UnknownValue (several placeholders can share one pointer in `unknowns`). */
  readonly placeholders: ReadonlyMap<string, LoaderUnknown>;
}

interface Base {
  readonly loc?: SourceLocation;
}
export interface LScalar extends Base {
  readonly kind: 'scalar';
  readonly value: string | number | boolean | null;
}
export interface LArray extends Base {
  readonly kind: 'array';
  readonly items: readonly LNode[];
}
export interface LEntry {
  readonly key: string;
  readonly keyLoc?: SourceLocation;
  readonly value: LNode;
}
export interface LObject extends Base {
  readonly kind: 'object';
  readonly entries: readonly LEntry[];
}
export interface LUnknown extends Base {
  readonly kind: 'unknown';
  readonly origin: string;
  readonly pseudo?: PseudoValue;
}
/** A string some of whose parts are unknown (`arn:aws:iam::${AWS::AccountId}:root`). */
export interface LConcat extends Base {
  readonly kind: 'concat';
  readonly parts: readonly (LScalar | LUnknown)[];
}
/** A string whose content is the JSON encoding of `value` (HCL `jsonencode`, `data.aws_iam_policy_document.x.json`). */
export interface LJson extends Base {
  readonly kind: 'json';
  readonly value: LNode;
}
export type LNode = LScalar | LArray | LObject | LUnknown | LConcat | LJson;

export const scalar = (value: string | number | boolean | null, loc?: SourceLocation): LScalar => ({ kind: 'scalar', value, loc });
export const array = (items: readonly LNode[], loc?: SourceLocation): LArray => ({ kind: 'array', items, loc });
export const object = (entries: readonly LEntry[], loc?: SourceLocation): LObject => ({ kind: 'object', entries, loc });
export const unknown = (origin: string, loc?: SourceLocation, pseudo?: PseudoValue): LUnknown =>
  pseudo ? { kind: 'unknown', origin, loc, pseudo } : { kind: 'unknown', origin, loc };

/** Joins string pieces, keeping a plain scalar when every piece is known. */
export function concat(pieces: readonly LNode[], loc?: SourceLocation): LScalar | LUnknown | LConcat {
  const parts: (LScalar | LUnknown)[] = [];
  const push = (p: LScalar | LUnknown) => {
    const last = parts[parts.length - 1];
    if (p.kind === 'scalar' && last?.kind === 'scalar') parts[parts.length - 1] = scalar(String(last.value ?? '') + String(p.value ?? ''), last.loc);
    else parts.push(p);
  };
  for (const piece of pieces) {
    if (piece.kind === 'scalar') push(scalar(piece.value === null ? '' : String(piece.value), piece.loc));
    else if (piece.kind === 'unknown') push(piece);
    else if (piece.kind === 'concat') piece.parts.forEach(push);
    else if (piece.kind === 'json') {
      const text = knownJson(piece.value);
      push(text === undefined ? unknown(`JSON of a partly unknown value`, piece.loc) : scalar(text, piece.loc));
    } else push(unknown(`a ${piece.kind} used as a string`, piece.loc));
  }
  if (parts.length === 0) return scalar('', loc);
  if (parts.length === 1 && parts[0].kind === 'scalar') return scalar(String(parts[0].value), loc ?? parts[0].loc);
  if (parts.length === 1 && parts[0].kind === 'unknown') return parts[0];
  return { kind: 'concat', parts, loc };
}

/** The plain JS value of a fully known node, or undefined when any part is unknown. */
export function toPlain(node: LNode): unknown {
  switch (node.kind) {
    case 'scalar':
      return node.value;
    case 'array': {
      const out: unknown[] = [];
      for (const item of node.items) {
        const v = toPlain(item);
        if (v === undefined) return undefined;
        out.push(v);
      }
      return out;
    }
    case 'object': {
      const out: Record<string, unknown> = {};
      for (const e of node.entries) {
        const v = toPlain(e.value);
        if (v === undefined) return undefined;
        out[e.key] = v;
      }
      return out;
    }
    case 'json':
      return knownJson(node.value);
    default:
      return undefined;
  }
}

function knownJson(node: LNode): string | undefined {
  const v = toPlain(node);
  return v === undefined ? undefined : JSON.stringify(v);
}

/** The string value when fully known. */
export function knownString(node: LNode | undefined): string | undefined {
  if (!node) return undefined;
  if (node.kind === 'scalar') return node.value === null ? undefined : String(node.value);
  if (node.kind === 'json') return knownJson(node.value);
  return undefined;
}

/** True when a string-like node's known beginning starts with `prefix` (`arn:` of a partly unknown ARN). */
export function startsWithText(node: LNode | undefined, prefix: string): boolean {
  if (!node) return false;
  if (node.kind === 'scalar') return typeof node.value === 'string' && node.value.startsWith(prefix);
  if (node.kind === 'concat') return node.parts[0]?.kind === 'scalar' && String(node.parts[0].value).startsWith(prefix);
  return false;
}

/** Readable text of a string-like node, unknown parts written as `${origin}` (for names and messages). */
export function describeText(node: LNode): string {
  switch (node.kind) {
    case 'scalar':
      return String(node.value);
    case 'unknown':
      return `\${${node.origin}}`;
    case 'concat':
      return node.parts.map(describeText).join('');
    default:
      return knownJson(node) ?? `(${node.kind})`;
  }
}

/** Field of an object node. */
export function field(node: LNode | undefined, key: string): LNode | undefined {
  if (node?.kind !== 'object') return undefined;
  for (let i = node.entries.length - 1; i >= 0; i--) if (node.entries[i].key === key) return node.entries[i].value;
  return undefined;
}

/** The elements of a list node (a single non-list value counts as a one-element list). */
export function listItems(node: LNode | undefined): readonly LNode[] {
  if (!node) return [];
  if (node.kind === 'array') return node.items;
  return [node];
}

// ---------------------------------------------------------------------------------------------------------
// Positions

/**
 * For string nodes whose text is a JSON policy (a heredoc, an escaped string in a plan): maps offsets in the
 * string to input positions, so the policy's statements locate exactly. Consulted by buildPolicyRecord.
 */
export const textPositions = new WeakMap<LNode, (offset: number, end?: number) => SourceLocation>();

// The file and text of each offsetLocator, so that parsing that very text can count lines as it goes.
const fileLocators = new WeakMap<(offset: number, end?: number) => SourceLocation, { readonly file: string; readonly text: string }>();

/** Maps offsets in a text to 1-based line/column in a file. */
export function offsetLocator(file: string, text: string): (offset: number, endOffset?: number) => SourceLocation {
  const starts = lineStarts(text);
  const at = (offset: number, endOffset?: number): SourceLocation => {
    const p = positionAt(starts, offset);
    if (endOffset === undefined) return { file, line: p.line, column: p.column };
    const e = positionAt(starts, endOffset);
    return { file, line: p.line, column: p.column, endLine: e.line, endColumn: e.column };
  };
  fileLocators.set(at, { file, text });
  return at;
}

/**
 * For a JSON string literal at `rawStart` in a text (at the opening quote), maps an offset in the DECODED
 * string to the offset of the character in the raw text (escapes take several raw characters).
 */
export function jsonStringOffsetMapper(raw: string, rawStart: number): (decodedOffset: number) => number {
  const map: number[] = [];
  let i = rawStart + 1;
  while (i < raw.length && raw[i] !== '"') {
    const start = i;
    if (raw[i] === '\\') i += raw[i + 1] === 'u' ? 6 : 2;
    else i++;
    // A surrogate pair written raw is two UTF-16 units; written \uXXXX\uXXXX it is two escapes: both map 1:1.
    map.push(start);
  }
  map.push(i);
  return (d) => map[Math.min(Math.max(d, 0), map.length - 1)];
}

/** For a string value of `raw` (its opening quote at `offset`) that may hold a policy: positions inside it. */
function mapInnerPolicy(s: LScalar, raw: string, offset: number, at: (offset: number, end?: number) => SourceLocation): void {
  // Only strings that may hold a policy get a mapper (cheap: it is built on first use).
  if (!(s.value as string).trimStart().startsWith('{')) return;
  let map: ((d: number) => number) | undefined;
  textPositions.set(s, (d, e) => {
    map ??= jsonStringOffsetMapper(raw, offset);
    return at(map(d), e === undefined ? undefined : map(e));
  });
}

/** Reads a jsonc-parser tree into an LNode, positions through `at(offset, end)`. */
export function jsonNodeToLNode(node: JsonNode, at: (offset: number, end?: number) => SourceLocation, raw?: string): LNode {
  const loc = at(node.offset, node.offset + node.length);
  switch (node.type) {
    case 'object':
      return object(
        (node.children ?? []).flatMap((prop) => {
          const [k, v] = prop.children ?? [];
          if (!k || !v) return [];
          return [{ key: String(k.value), keyLoc: at(k.offset, k.offset + k.length), value: jsonNodeToLNode(v, at, raw) }];
        }),
        loc,
      );
    case 'array':
      return array((node.children ?? []).map((c) => jsonNodeToLNode(c, at, raw)), loc);
    default: {
      const s = scalar((node.value as string | number | boolean | null | undefined) ?? null, loc);
      if (raw !== undefined && node.type === 'string') mapInnerPolicy(s, raw, node.offset, at);
      return s;
    }
  }
}

/** Parses JSON text into an LNode; `at` maps offsets of `text` to input positions. */
export function jsonTextToLNode(text: string, at: (offset: number, end?: number) => SourceLocation, mapInnerStrings = false): { node?: LNode; errors: string[] } {
  const own = fileLocators.get(at);
  const strict = strictJsonToLNode(
    text,
    own !== undefined && own.text === text ? { file: own.file } : at,
    mapInnerStrings ? (s, offset) => mapInnerPolicy(s, text, offset, at) : undefined,
  );
  if (strict !== undefined) return { node: strict, errors: [] };
  const errors: { error: number; offset: number; length: number }[] = [];
  const tree = parseTree(text, errors, { allowTrailingComma: false, disallowComments: true });
  if (!tree) return { errors: ['not valid JSON'] };
  return {
    node: jsonNodeToLNode(tree, at, mapInnerStrings ? text : undefined),
    errors: errors.length ? [`not valid JSON (${errors.length} syntax error${errors.length > 1 ? 's' : ''}, first at offset ${errors[0].offset})`] : [],
  };
}

/** A plain JS value (with UnknownValue objects standing for unknowns) as an LNode without positions. */
export function fromPlain(value: unknown): LNode {
  if (value === null || typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') return scalar(value);
  if (Array.isArray(value)) return array(value.map(fromPlain));
  if (typeof value === 'object') {
    const o = value as Record<string, unknown>;
    if (o.unknown === true && typeof o.origin === 'string' && Object.keys(o).every((k) => k === 'unknown' || k === 'origin' || k === 'pseudo')) {
      return unknown(o.origin, undefined, o.pseudo as PseudoValue | undefined);
    }
    return object(Object.entries(o).map(([key, v]) => ({ key, value: fromPlain(v) })));
  }
  return unknown(`a ${typeof value} value`);
}

// ---------------------------------------------------------------------------------------------------------
// The builder

export interface BuildPolicyInput {
  readonly id: string;
  readonly name: string;
  readonly kind: PolicyKind;
  /**
   * The document: an object tree, a JSON string (parsed here; give `textAt` to position its inside), an
   * `LJson`, or an unknown.
   */
  readonly value: LNode;
  /** Where the policy element starts in the input (the fallback of `locate`). */
  readonly location: SourceLocation;
  /** For a string value: maps offsets in the string to input positions (exact for heredocs, escaped JSON). */
  readonly textAt?: (offset: number, end?: number) => SourceLocation;
  /** An extra pointer → location mapper consulted before the nodes' own positions (policy files). */
  readonly locatePointer?: (pointer: string) => SourceLocation | undefined;
  readonly suppressions?: readonly Suppression[];
}

const escapeToken = (t: string | number) =>
  typeof t === 'number' ? String(t) : t.includes('~') || t.includes('/') ? t.replace(/~/g, '~0').replace(/\//g, '~1') : t;

const PLACEHOLDER = /\$\{castellan:unknown:(\d+)\}/g;
const STAND_IN = /\$\{castellan_unknown_(\d+)\}|arn:aws:castellan:::unknown-(\d+)|castellan-unknown:(\d+)|castellanunknown(\d+)/g;
const ACTION_POINTER = /^\/Statement(\/\d+)?\/(Not)?Action(\/\d+)?$/;
const RESOURCE_POINTER = /^\/Statement(\/\d+)?\/(Not)?Resource(\/\d+)?$/;

/**
 * The grammar parser splits ARNs and actions on `:`, and the contract's placeholder contains colons: the text
 * given to the parser writes each placeholder as a stand-in that the grammar accepts where it stands (an
 * action, an ARN, a variable inside an ARN). Stand-ins are turned back into the placeholders in the parsed
 * document, so checks only ever see `${castellan:unknown:N}`.
 */
function standIn(n: number, pointer: string, whole: boolean, atStart: boolean): string {
  if (ACTION_POINTER.test(pointer)) return whole ? `castellan-unknown:${n}` : `castellanunknown${n}`;
  if (RESOURCE_POINTER.test(pointer) && atStart) return `arn:aws:castellan:::unknown-${n}`;
  return `\${castellan_unknown_${n}}`;
}

function restorePlaceholders(value: unknown): unknown {
  if (typeof value === 'string') return value.replace(STAND_IN, (_m, a, b, c, d) => `${UNKNOWN_PLACEHOLDER_PREFIX}${a ?? b ?? c ?? d}}`);
  if (Array.isArray(value)) return value.map(restorePlaceholders);
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = restorePlaceholders(v);
    return out;
  }
  return value;
}

interface ParsedText {
  /** parsePolicy's answer (no `source`: several records may share it). */
  readonly parsed: ParseResult;
  /** checkPolicy's, when the text is the record's own. */
  readonly checked?: ParseResult;
}

// Templates repeat documents (every Lambda role's trust policy is often the same text): each text is parsed
// and checked once. Bounded, for long-lived processes.
const PARSED_TEXTS_MAX = 1024;
const parsedTexts = new Map<string, ParsedText>();

function parseOnce(text: string, kind: PolicyKind, own: boolean): ParsedText {
  const key = `${own ? 'own' : 'stand-ins'}:${kind}:${text}`;
  let entry = parsedTexts.get(key);
  if (entry === undefined) {
    // The record's own text is checked as well, so that the policy check need not parse it again.
    entry = own ? parseAndCheckPolicy(text, kind) : { parsed: parsePolicy(text) };
    if (parsedTexts.size >= PARSED_TEXTS_MAX) parsedTexts.delete(parsedTexts.keys().next().value as string);
    parsedTexts.set(key, entry);
  }
  return entry;
}

/** Builds a PolicyRecord from a located value. Never throws: bad documents get `parseErrors`. */
export function buildPolicyRecord(input: BuildPolicyInput): LoadedPolicyRecord {
  let value: LNode = input.value;
  const preErrors: string[] = [];
  if (value.kind === 'json') value = value.value;
  else if (value.kind === 'scalar' && typeof value.value === 'string') {
    const at = input.textAt ?? textPositions.get(value) ?? (() => (value as LScalar).loc ?? input.location);
    const parsed = jsonTextToLNode(value.value, at);
    if (parsed.node) value = parsed.node;
    preErrors.push(...parsed.errors);
  }

  const unknowns = new Map<string, LoaderUnknown>();
  const placeholders = new Map<string, LoaderUnknown>();
  let counter = 0;
  // How each placeholder is written in the text given to the grammar parser (see standIn below).
  const standIns = new Map<string, string>();
  const placeholder = (u: LUnknown, pointer: string, whole: boolean, atStart: boolean): string => {
    const n = ++counter;
    const text = `${UNKNOWN_PLACEHOLDER_PREFIX}${n}}`;
    standIns.set(text, standIn(n, pointer, whole, atStart));
    const record: LoaderUnknown = u.pseudo ? { unknown: true, origin: u.origin, pseudo: u.pseudo } : { unknown: true, origin: u.origin };
    placeholders.set(text, record);
    const previous = unknowns.get(pointer);
    // A value holding several unknowns keeps `pseudo` only when they all stand for the same deployment value.
    const shared = previous?.pseudo !== undefined && previous.pseudo === u.pseudo ? { pseudo: u.pseudo } : {};
    unknowns.set(pointer, previous ? { unknown: true, origin: `${previous.origin}; ${u.origin}`, ...shared } : record);
    return text;
  };
  const stringOf = (node: LNode, pointer: string): string => {
    if (node.kind === 'scalar') return String(node.value);
    if (node.kind === 'unknown') return placeholder(node, pointer, true, true);
    if (node.kind === 'concat') return node.parts.map((p, i) => (p.kind === 'unknown' ? placeholder(p, pointer, false, i === 0) : String(p.value))).join('');
    if (node.kind === 'json') return serialize(node.value, pointer, '');
    return '';
  };
  // Pretty JSON with 2-space indentation, so the parsed document's own spans stay readable too.
  const serialize = (node: LNode, pointer: string, indent: string): string => {
    switch (node.kind) {
      case 'scalar':
        return JSON.stringify(node.value);
      case 'unknown':
      case 'concat':
        return JSON.stringify(stringOf(node, pointer));
      case 'json':
        return JSON.stringify(serialize(node.value, pointer, ''));
      case 'array': {
        if (node.items.length === 0) return '[]';
        const inner = indent + '  ';
        return `[\n${node.items.map((it, i) => inner + serialize(it, `${pointer}/${i}`, inner)).join(',\n')}\n${indent}]`;
      }
      case 'object': {
        if (node.entries.length === 0) return '{}';
        const inner = indent + '  ';
        const parts = node.entries.map((e) => `${inner}${JSON.stringify(e.key)}: ${serialize(e.value, `${pointer}/${escapeToken(e.key)}`, inner)}`);
        return `{\n${parts.join(',\n')}\n${indent}}`;
      }
    }
  };

  let text: string;
  const parseErrors: string[] = [...preErrors];
  let document: PolicyRecord['document'];
  let checked: ParseResult | undefined;
  let unknownDocument: string | undefined;
  if (value.kind === 'unknown' || value.kind === 'concat') {
    text = JSON.stringify(stringOf(value, ''));
    unknownDocument = describeText(value);
  } else {
    text = serialize(value, '', '');
    if (preErrors.length === 0) {
      const parseText = standIns.size === 0 ? text : text.replace(PLACEHOLDER, (m) => standIns.get(m) ?? m);
      const { parsed, checked: ownCheck } = parseOnce(parseText, input.kind, standIns.size === 0);
      const parsedDocument: PolicyDocument | undefined = parsed.document && { ...parsed.document, source: input.id };
      document = parsedDocument && standIns.size > 0 ? (restorePlaceholders(parsedDocument) as PolicyRecord['document']) : parsedDocument;
      for (const d of parsed.diagnostics) if (d.severity === 'error') parseErrors.push(d.span ? `${d.span.pointer || '/'}: ${d.message}` : d.message);
      if (ownCheck) checked = { ...(ownCheck.document ? { document } : {}), diagnostics: ownCheck.diagnostics };
    }
  }

  // Where the element at a pointer of the document is in the input: its key's position, or its value's; for a
  // key written twice, the first occurrence that has one (document order). Walked on demand: a few pointers
  // of a few policies are ever located. Inside a JSON string value (`json`), the string's own position.
  const located = (pointer: string): SourceLocation | undefined => {
    if (pointer === '') return value.loc;
    if (!pointer.startsWith('/')) return undefined;
    const tokens = pointer.slice(1).split('/');
    const search = (node: LNode, depth: number): SourceLocation | undefined => {
      if (depth === tokens.length) return node.loc;
      const token = tokens[depth];
      if (node.kind === 'array') {
        const item = /^(0|[1-9]\d*)$/.test(token) ? node.items[Number(token)] : undefined;
        return item === undefined ? undefined : search(item, depth + 1);
      }
      if (node.kind !== 'object') return undefined;
      for (const e of node.entries) {
        if (escapeToken(e.key) !== token) continue;
        const hit = (depth + 1 === tokens.length ? e.keyLoc : undefined) ?? search(e.value, depth + 1);
        if (hit) return hit;
      }
      return undefined;
    };
    return search(value, 0);
  };
  const locate = (pointer: string): SourceLocation => {
    let p = pointer;
    while (true) {
      const hit = input.locatePointer?.(p) ?? located(p);
      if (hit) return hit;
      if (p === '') return input.location;
      p = p.slice(0, p.lastIndexOf('/'));
    }
  };
  return {
    id: input.id,
    name: input.name,
    kind: input.kind,
    ...(document ? { document } : {}),
    text,
    parseErrors,
    ...(checked ? { checked } : {}),
    ...(unknownDocument !== undefined ? { unknownDocument } : {}),
    location: input.location,
    locate,
    unknowns,
    placeholders,
    suppressions: input.suppressions ?? [],
  };
}

/**
 * The builder for callers that hold a plain JS value (a policy file already parsed, an account export):
 * `locatePointer` maps JSON pointers of the value to input positions (return undefined to fall back to the
 * enclosing element). UnknownValue objects inside the value become placeholders.
 */
export function policyRecordFromValue(input: Omit<BuildPolicyInput, 'value' | 'textAt'> & { readonly value: unknown }): LoadedPolicyRecord {
  return buildPolicyRecord({ ...input, value: fromPlain(input.value) });
}

/** Parses a `{ id, reason, expires }` list (CloudFormation Metadata) into suppressions. */
export function suppressionsFrom(node: LNode | undefined, fallback: SourceLocation): Suppression[] {
  const out: Suppression[] = [];
  for (const item of listItems(node)) {
    const checkId = knownString(field(item, 'id'));
    if (!checkId) continue;
    const reason = knownString(field(item, 'reason'));
    const expires = knownString(field(item, 'expires'));
    out.push({ checkId, ...(reason ? { reason } : {}), ...(expires ? { expires } : {}), location: item.loc ?? fallback });
  }
  return out;
}
