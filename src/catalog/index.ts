// Public face of the service catalog: AWS's actions, resource types and condition keys, loaded once with
// `await loadCatalog()` and then queried synchronously; plus the policy checks and "did you mean" built on it.
export type {
  AccessLevel,
  ActionResourceType,
  Catalog,
  CatalogAction,
  CatalogConditionKey,
  CatalogResourceType,
  CatalogSource,
  CatalogSourceService,
  ConditionKeyType,
} from './types.js';
export { loadCatalog } from './load.js';
export { createCatalog } from './catalog.js';
export { checkAgainstCatalog } from './check.js';
export { CATALOG_DIAGNOSTIC_CODES, type CatalogDiagnosticCode } from './codes.js';
export { editDistance, suggest } from './suggest.js';
