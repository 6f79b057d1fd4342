// STS answers `Accept: application/json` with the same structure as its XML, as JSON (spec §1).
import type { AwsError } from './errors.js';
import { XmlMap } from './xml.js';
import type { XmlObject, XmlValue } from './xml.js';

type Json = string | number | boolean | null | Json[] | { [key: string]: Json };

function toJson(value: XmlValue): Json | undefined {
  if (value === undefined) return undefined;
  if (value === null) return null;
  // Timestamps as epoch seconds, as AWS's JSON renderings do (unconfirmed for STS's Query-as-JSON).
  if (value instanceof Date) return value.getTime() / 1000;
  if (Array.isArray(value)) {
    return (value as readonly XmlValue[]).map((v) => toJson(v)).filter((v): v is Json => v !== undefined);
  }
  if (value instanceof XmlMap) {
    const out: { [key: string]: Json } = {};
    for (const [k, v] of value.entries) {
      const j = toJson(v);
      if (j !== undefined) out[k] = j;
    }
    return out;
  }
  if (typeof value === 'object') {
    const out: { [key: string]: Json } = {};
    const obj = value as XmlObject;
    for (const key in obj) {
      const j = toJson(obj[key]);
      if (j !== undefined) out[key] = j;
    }
    return out;
  }
  return value;
}

export interface JsonResponseInput {
  action: string;
  result?: XmlObject;
  requestId: string;
}

/** `{"<Action>Response":{"<Action>Result":{…},"ResponseMetadata":{"RequestId":"…"}}}` */
export function jsonResponse(input: JsonResponseInput): string {
  const inner: { [key: string]: Json } = {};
  if (input.result !== undefined) inner[`${input.action}Result`] = toJson(input.result) ?? {};
  inner.ResponseMetadata = { RequestId: input.requestId };
  return JSON.stringify({ [`${input.action}Response`]: inner });
}

/** `{"Error":{"Type","Code","Message"},"RequestId"}`: the XML error's shape (AWS's exact JSON error shape is unconfirmed). */
export function jsonError(err: AwsError, requestId: string): string {
  return JSON.stringify({ Error: { Type: err.type, Code: err.code, Message: err.message }, RequestId: requestId });
}
