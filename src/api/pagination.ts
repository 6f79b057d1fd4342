// IAM's Marker/MaxItems pagination (spec/wire-protocol.md §3): markers are opaque to clients; ours carry the
// sort key of the last item returned, so a page is a keyset read and stays right while entities change.
import type { QueryParams } from '../protocol/index.js';
import { invalidInput } from '../identity/errors.js';

export interface PageRequest {
  /** The sort key after which the page starts (decoded from Marker). */
  readonly after?: string;
  readonly maxItems: number;
}

export function readPageRequest(params: QueryParams): PageRequest {
  const marker = params.string('Marker', { min: 1, max: 320, pattern: '[\\u0020-\\u00FF]+' });
  const maxItems = params.int('MaxItems', { min: 1, max: 1000 }) ?? 100;
  return { after: marker !== undefined ? decodeMarker(marker) : undefined, maxItems };
}

export function encodeMarker(key: string): string {
  return Buffer.from(key, 'utf8').toString('base64url');
}

function decodeMarker(marker: string): string {
  const key = Buffer.from(marker, 'base64url').toString('utf8');
  if (key === '' || encodeMarker(key) !== marker) throw invalidInput('Invalid Marker.');
  return key;
}

export interface Page<T> {
  readonly items: T[];
  readonly isTruncated: boolean;
  readonly marker?: string;
}

/**
 * Cuts one page from `items` already filtered to those after the marker and ordered by `key`. Fetch
 * `maxItems + 1` from the store to know whether the list is truncated.
 */
export function page<T>(items: readonly T[], request: PageRequest, key: (item: T) => string): Page<T> {
  if (items.length <= request.maxItems) return { items: [...items], isTruncated: false };
  const kept = items.slice(0, request.maxItems);
  return { items: kept, isTruncated: true, marker: encodeMarker(key(kept[kept.length - 1])) };
}

/** For in-memory lists (no keyset support below): applies the marker and cuts the page. */
export function pageOf<T>(all: readonly T[], request: PageRequest, key: (item: T) => string): Page<T> {
  const after = request.after;
  const start = after === undefined ? all : all.filter((item) => compareKeys(key(item), after) > 0);
  return page(start, request, key);
}

/** Case-insensitive order, as the store lists names. */
export function compareKeys(a: string, b: string): number {
  const la = a.toLowerCase();
  const lb = b.toLowerCase();
  return la < lb ? -1 : la > lb ? 1 : a < b ? -1 : a > b ? 1 : 0;
}

/** The response members of a paginated list: `IsTruncated` always, `Marker` only when truncated. */
export function pageFields<T>(p: Page<T>): { IsTruncated: boolean; Marker?: string } {
  return p.isTruncated ? { IsTruncated: true, Marker: p.marker } : { IsTruncated: false };
}
