// The in-memory catalog: indexes built from a CatalogSource, then only read. A service's actions and resource
// types are indexed on its first use (a snapshot-backed source decodes them only then); condition keys, which
// `conditionKey` searches across services, are indexed up front.
import { arnMatchesFormat } from './arnFormat.js';
import { compileKeyTemplate, hasPlaceholder, keyPrefix } from './keyTemplate.js';
import type {
  Catalog,
  CatalogAction,
  CatalogConditionKey,
  CatalogResourceType,
  CatalogSource,
  ConditionKeyType,
} from './types.js';
import { compileWildcard, hasWildcard, type Matcher } from './wildcard.js';

/** A service whose actions and resource types are produced on demand (at most once). */
export interface LazyService {
  readonly prefix: string;
  readonly name: string;
  readonly conditionKeys: readonly { readonly name: string; readonly type: ConditionKeyType }[];
  readonly contents: () => {
    readonly actions: readonly CatalogAction[];
    readonly resourceTypes: readonly CatalogResourceType[];
  };
}

export interface LazyCatalogSource {
  readonly dataDate: string;
  readonly dataVersion: string;
  readonly services: readonly LazyService[];
  readonly globalConditionKeys: readonly { readonly name: string; readonly type: ConditionKeyType }[];
}

interface ServiceEntry {
  readonly name: string;
  readonly source: LazyService;
  indexes?: ServiceIndexes;
}

interface ServiceIndexes {
  readonly actions: ReadonlyMap<string, CatalogAction>;
  readonly actionNames: readonly string[];
  readonly resourceTypes: ReadonlyMap<string, CatalogResourceType>;
}

interface KeyTemplate {
  readonly key: CatalogConditionKey;
  readonly matches: Matcher;
}

// Templates whose placeholder sits in the prefix (`agent.${Domain}.buildkite.dev:…`) are filed here.
const ANY_PREFIX = '';

export function createCatalog(source: CatalogSource): Catalog {
  return new ServiceCatalog({
    ...source,
    services: source.services.map((service) => ({
      prefix: service.prefix,
      name: service.name,
      conditionKeys: service.conditionKeys,
      contents: () => service,
    })),
  });
}

/** A catalog over services whose actions and resource types are read on first use. */
export function createLazyCatalog(source: LazyCatalogSource): Catalog {
  return new ServiceCatalog(source);
}

function indexService(service: LazyService): ServiceIndexes {
  const contents = service.contents();
  const actions = new Map(contents.actions.map((action) => [action.name.toLowerCase(), action] as const));
  const resourceTypes = new Map(contents.resourceTypes.map((type) => [type.name.toLowerCase(), type] as const));
  const actionNames = contents.actions.map((action) => action.name).sort();
  return { actions, actionNames, resourceTypes };
}

/** Remembered pattern expansions per catalog (expandActions). */
const MAX_EXPANSIONS = 4096;

class ServiceCatalog implements Catalog {
  readonly dataDate: string;
  readonly dataVersion: string;
  private readonly byPrefix = new Map<string, ServiceEntry>();
  private readonly prefixes: readonly string[];
  private readonly keys = new Map<string, CatalogConditionKey>();
  private readonly templates = new Map<string, KeyTemplate[]>();
  private readonly keyNames = new Map<string, string[]>();
  private readonly templateMatchers = new Map<string, Matcher>();
  private readonly expansions = new Map<string, readonly CatalogAction[]>();

  constructor(source: LazyCatalogSource) {
    this.dataDate = source.dataDate;
    this.dataVersion = source.dataVersion;
    // Global keys first, so they win over the same key listed by a service.
    for (const key of source.globalConditionKeys) this.addKey(key.name, key.type, true);
    for (const service of source.services) {
      this.byPrefix.set(service.prefix.toLowerCase(), { name: service.name, source: service });
      // Every `aws:` key is global, whichever service lists it.
      for (const key of service.conditionKeys) this.addKey(key.name, key.type, keyPrefix(key.name) === 'aws');
    }
    this.prefixes = [...this.byPrefix.keys()].sort();
  }

  private addKey(name: string, type: ConditionKeyType, global: boolean): void {
    const lower = name.toLowerCase();
    if (this.keys.has(lower)) return;
    const key: CatalogConditionKey = { name, type, global };
    this.keys.set(lower, key);
    const prefix = keyPrefix(name);
    const names = this.keyNames.get(prefix);
    if (names === undefined) this.keyNames.set(prefix, [name]);
    else names.push(name);
    if (hasPlaceholder(name)) {
      const bucket = hasPlaceholder(prefix) ? ANY_PREFIX : prefix;
      const list = this.templates.get(bucket) ?? [];
      list.push({ key, matches: compileKeyTemplate(name) });
      this.templates.set(bucket, list);
    }
  }

  /** The service's indexes, built on first use; `prefix` lower-case. */
  private indexes(prefix: string): ServiceIndexes | undefined {
    const entry = this.byPrefix.get(prefix);
    if (entry === undefined) return undefined;
    entry.indexes ??= indexService(entry.source);
    return entry.indexes;
  }

  services(): readonly string[] {
    return this.prefixes;
  }

  hasService(prefix: string): boolean {
    return this.byPrefix.has(prefix.toLowerCase());
  }

  serviceName(prefix: string): string | undefined {
    return this.byPrefix.get(prefix.toLowerCase())?.name;
  }

  actions(service: string): readonly string[] {
    return this.indexes(service.toLowerCase())?.actionNames ?? [];
  }

  action(service: string, name: string): CatalogAction | undefined {
    return this.indexes(service.toLowerCase())?.actions.get(name.toLowerCase());
  }

  expandActionPattern(pattern: string): readonly string[] {
    const lower = pattern.toLowerCase();
    const colon = lower.indexOf(':');
    if (lower !== '*' && colon === -1) return [];
    const servicePattern = lower === '*' ? '*' : lower.slice(0, colon);
    const namePattern = lower === '*' ? '*' : lower.slice(colon + 1);
    const matchesService = compileWildcard(servicePattern);
    const matchesName = compileWildcard(namePattern);
    const result: string[] = [];
    const services = hasWildcard(servicePattern) ? this.prefixes.filter(matchesService) : [servicePattern];
    for (const prefix of services) {
      const entry = this.indexes(prefix);
      if (entry === undefined) continue;
      if (!hasWildcard(namePattern)) {
        const action = entry.actions.get(namePattern);
        if (action !== undefined) result.push(`${prefix}:${action.name}`);
        continue;
      }
      for (const name of entry.actionNames) if (matchesName(name.toLowerCase())) result.push(`${prefix}:${name}`);
    }
    return result;
  }

  expandActions(pattern: string): readonly CatalogAction[] {
    const key = pattern.toLowerCase();
    const hit = this.expansions.get(key);
    if (hit !== undefined) return hit;
    const actions = this.expandActionPattern(pattern).map((full) => {
      const colon = full.indexOf(':');
      return this.action(full.slice(0, colon), full.slice(colon + 1)) as CatalogAction;
    });
    // Bounded: a pathological input cannot grow it without limit.
    if (this.expansions.size >= MAX_EXPANSIONS) this.expansions.clear();
    this.expansions.set(key, actions);
    return actions;
  }

  isWildcardOnlyAction(service: string, name: string): boolean | undefined {
    const action = this.action(service, name);
    return action === undefined ? undefined : action.resourceTypes.length === 0;
  }

  resourceType(service: string, name: string): CatalogResourceType | undefined {
    return this.indexes(service.toLowerCase())?.resourceTypes.get(name.toLowerCase());
  }

  resourceTypesMatchingArn(service: string, arn: string): readonly CatalogResourceType[] {
    const entry = this.indexes(service.toLowerCase());
    if (entry === undefined) return [];
    return [...entry.resourceTypes.values()].filter((type) => type.arnFormats.some((format) => arnMatchesFormat(arn, format)));
  }

  conditionKey(name: string): CatalogConditionKey | undefined {
    const lower = name.toLowerCase();
    const exact = this.keys.get(lower);
    if (exact !== undefined) return exact;
    for (const bucket of [keyPrefix(lower), ANY_PREFIX]) {
      for (const template of this.templates.get(bucket) ?? []) if (template.matches(lower)) return template.key;
    }
    return undefined;
  }

  conditionKeysWithPrefix(prefix: string): readonly string[] {
    return this.keyNames.get(prefix.toLowerCase()) ?? [];
  }

  conditionKeysForAction(service: string, name: string): readonly string[] | undefined {
    const action = this.action(service, name);
    if (action === undefined) return undefined;
    const keys = new Map<string, string>();
    const add = (list: readonly string[]) => {
      for (const key of list) if (!keys.has(key.toLowerCase())) keys.set(key.toLowerCase(), key);
    };
    add(action.conditionKeys);
    for (const used of action.resourceTypes) {
      add(used.conditionKeys);
      add(this.resourceType(action.service, used.name)?.conditionKeys ?? []);
    }
    return [...keys.values()];
  }

  actionSupportsConditionKey(service: string, name: string, key: string): boolean | undefined {
    const supported = this.conditionKeysForAction(service, name);
    if (supported === undefined) return undefined;
    if (this.conditionKey(key)?.global === true) return true;
    const lower = key.toLowerCase();
    return supported.some((candidate) => {
      if (!hasPlaceholder(candidate)) return candidate.toLowerCase() === lower;
      let matcher = this.templateMatchers.get(candidate);
      if (matcher === undefined) {
        matcher = compileKeyTemplate(candidate);
        this.templateMatchers.set(candidate, matcher);
      }
      return matcher(lower);
    });
  }
}
