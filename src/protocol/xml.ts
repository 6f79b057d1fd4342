// AWS Query responses as XML: the {Action}Response envelope, lists of <member>, maps of <entry>.
// A small hand-written serializer: string concatenation with escaping, no DOM, for throughput.
import type { AwsError } from './errors.js';
import { uriEncode } from './percent.js';

/** A map rendered as `<entry><key>…</key><value>…</value></entry>` (e.g. GetAccountSummary's SummaryMap). */
export class XmlMap {
  readonly entries: readonly (readonly [string, XmlValue])[];
  constructor(entries: Iterable<readonly [string, XmlValue]> | Readonly<Record<string, XmlValue>>) {
    this.entries = Symbol.iterator in entries
      ? [...(entries as Iterable<readonly [string, XmlValue]>)]
      : Object.entries(entries as Readonly<Record<string, XmlValue>>);
  }
}

export const xmlMap = (entries: Iterable<readonly [string, XmlValue]> | Readonly<Record<string, XmlValue>>): XmlMap =>
  new XmlMap(entries);

export type XmlScalar = string | number | boolean | Date;
/** Objects: keys in order become elements; arrays: `<member>` lists; undefined/null: omitted. */
export type XmlValue = XmlScalar | XmlObject | readonly XmlValue[] | XmlMap | undefined | null;
export interface XmlObject {
  readonly [element: string]: XmlValue;
}

export interface XmlOptions {
  /** Render timestamps with milliseconds (`2025-01-01T12:00:00.000Z`); STS often does. */
  timestampMilliseconds?: boolean;
}

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;', '\r': '&#xD;' };
// \r is escaped so XML line-end normalisation does not eat it; other C0 controls become char refs.
// eslint-disable-next-line no-control-regex
const NEEDS_ESCAPE = /[&<>"'\r\u0000-\u0008\u000b\u000c\u000e-\u001f]/;
// eslint-disable-next-line no-control-regex
const ESCAPE_ALL = /[&<>"'\r\u0000-\u0008\u000b\u000c\u000e-\u001f]/g;

export function escapeXml(text: string): string {
  if (!NEEDS_ESCAPE.test(text)) return text;
  return text.replace(ESCAPE_ALL, (c) => ESCAPES[c] ?? `&#x${c.charCodeAt(0).toString(16).toUpperCase()};`);
}

/** ISO-8601 UTC, seconds precision unless asked: `2025-01-01T12:00:00Z`. */
export function formatTimestamp(date: Date, milliseconds = false): string {
  if (milliseconds) return date.toISOString();
  // Cached per second (measured: toISOString and the slice cost ~1 µs; a request formats the clock and its
  // entities' dates). Only the milliseconds differ within a second, and they are cut.
  const second = Math.floor(date.getTime() / 1000);
  let text = secondsText.get(second);
  if (text === undefined) {
    text = date.toISOString().slice(0, 19) + 'Z'; // throws RangeError on an invalid date, as before
    if (secondsText.size >= SECONDS_TEXT_LIMIT) secondsText.clear();
    secondsText.set(second, text);
  }
  return text;
}

const secondsText = new Map<number, string>();
const SECONDS_TEXT_LIMIT = 4096;

function scalarText(value: XmlScalar, opts: XmlOptions): string {
  if (typeof value === 'string') return escapeXml(value);
  if (value instanceof Date) return formatTimestamp(value, opts.timestampMilliseconds);
  return String(value);
}

function isXmlObject(value: XmlValue): value is XmlObject {
  return typeof value === 'object' && value !== null && !(value instanceof Date) && !(value instanceof XmlMap) && !Array.isArray(value);
}

/** The content of an element (without its tags). */
function content(value: XmlValue, opts: XmlOptions): string {
  if (value === undefined || value === null) return '';
  if (Array.isArray(value)) {
    let out = '';
    for (const item of value as readonly XmlValue[]) {
      if (item !== undefined && item !== null) out += `<member>${content(item, opts)}</member>`;
    }
    return out;
  }
  if (value instanceof XmlMap) {
    let out = '';
    for (const [k, v] of value.entries) out += `<entry><key>${escapeXml(k)}</key><value>${content(v, opts)}</value></entry>`;
    return out;
  }
  if (isXmlObject(value)) {
    let out = '';
    for (const key in value) out += element(key, value[key], opts);
    return out;
  }
  return scalarText(value as XmlScalar, opts);
}

/** `<Name>…</Name>`; empty lists, maps and objects as `<Name/>`; undefined/null omitted. */
export function element(name: string, value: XmlValue, opts: XmlOptions = {}): string {
  if (value === undefined || value === null) return '';
  const inner = content(value, opts);
  if (inner === '' && typeof value !== 'string') return `<${name}/>`;
  return `<${name}>${inner}</${name}>`;
}

export interface XmlResponseInput extends XmlOptions {
  action: string;
  namespace: string;
  /** The `{Action}Result` content; omit for operations without output (only ResponseMetadata is sent). */
  result?: XmlObject;
  requestId: string;
}

export function xmlResponse(input: XmlResponseInput): string {
  const { action, namespace, result, requestId } = input;
  const body = result === undefined ? '' : element(`${action}Result`, result, input);
  return (
    `<${action}Response xmlns="${escapeXml(namespace)}">${body}` +
    `<ResponseMetadata><RequestId>${escapeXml(requestId)}</RequestId></ResponseMetadata></${action}Response>`
  );
}

/** The Query protocol error envelope (spec §4). */
export function xmlError(err: AwsError, namespace: string, requestId: string): string {
  return (
    `<ErrorResponse xmlns="${escapeXml(namespace)}"><Error><Type>${err.type}</Type>` +
    `<Code>${escapeXml(err.code)}</Code><Message>${escapeXml(err.message)}</Message></Error>` +
    `<RequestId>${escapeXml(requestId)}</RequestId></ErrorResponse>`
  );
}

/** Policy documents in IAM responses are RFC 3986 percent-encoded JSON (spec §3). */
export function urlEncodePolicy(document: string): string {
  // Lists repeat the same few documents (one trust policy for many roles): encode each once.
  let encoded = encodedPolicies.get(document);
  if (encoded === undefined) {
    encoded = uriEncode(document);
    if (document.length <= ENCODED_POLICY_MAX_LENGTH) {
      if (encodedPolicies.size >= ENCODED_POLICY_LIMIT) encodedPolicies.clear();
      encodedPolicies.set(document, encoded);
    }
  }
  return encoded;
}

const encodedPolicies = new Map<string, string>();
const ENCODED_POLICY_LIMIT = 512;
const ENCODED_POLICY_MAX_LENGTH = 8192;
