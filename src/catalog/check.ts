// Semantic warnings from the service reference, in the spirit of IAM Access Analyzer's policy validation.
// IAM itself accepts all of these (spec/policy-grammar.md: "Existence of the action is not checked"), so
// they are warnings, and every check stays silent whenever it cannot be sure: a false positive is worse
// than a miss.
import type { ConditionClause, Diagnostic, Located, PolicyDocument, Statement } from '../policy/index.js';
import { arnMatchesFormat } from './arnFormat.js';
import type { CatalogDiagnosticCode } from './codes.js';
import { keyPrefix } from './keyTemplate.js';
import { suggest } from './suggest.js';
import type { Catalog, CatalogAction, CatalogResourceType } from './types.js';
import { hasWildcard } from './wildcard.js';

// Service prefixes and AWS condition-key prefixes. Keys of OIDC providers (`token.actions.githubusercontent.com:sub`)
// have host names as prefixes, and any provider may be used, so those are never reported as unknown.
const SERVICE_LIKE = /^[a-z0-9-]+$/i;

/** What the statement's Action element resolves to, when it resolves completely. */
interface ResolvedActions {
  readonly actions: readonly CatalogAction[];
  /** False when an action is `*`, malformed, unknown, or the statement uses NotAction: later checks stay silent. */
  readonly complete: boolean;
}

export function checkAgainstCatalog(document: PolicyDocument, catalog: Catalog): Diagnostic[] {
  const diagnostics: Diagnostic[] = [];
  const report: Report = (diagnostic) =>
    diagnostics.push({ ...diagnostic, severity: 'warning', ...(document.source === undefined ? {} : { source: document.source }) });
  for (const statement of document.statements) {
    const resolved = checkActions(statement, catalog, report);
    for (const clause of statement.condition) checkConditionKey(clause, resolved, catalog, report);
    checkResources(statement, resolved, catalog, report);
  }
  return diagnostics;
}

type Report = (diagnostic: Omit<Diagnostic, 'severity' | 'source'> & { code: CatalogDiagnosticCode }) => void;

function checkActions(statement: Statement, catalog: Catalog, report: Report): ResolvedActions {
  const actions: CatalogAction[] = [];
  let complete = statement.action !== undefined;
  const elements = [...(statement.action ?? []), ...(statement.notAction ?? [])];
  if (elements.length === 1 && statement.action !== undefined) {
    // One Action value: its (possibly cached) expansion as is, so resource types are cached with it.
    const found = resolveAction(elements[0] as Located<string>, catalog, report);
    return found === undefined ? { actions: [], complete: false } : { actions: found, complete };
  }
  for (const element of elements) {
    const found = resolveAction(element, catalog, report);
    if (found === undefined) complete = false;
    else actions.push(...found);
  }
  return { actions: statement.action === undefined ? [] : actions, complete };
}

/** The actions one Action value names, or undefined when it names none the catalog knows. */
function resolveAction(element: Located<string>, catalog: Catalog, report: Report): readonly CatalogAction[] | undefined {
  const text = element.value;
  const colon = text.indexOf(':');
  // `*`, and malformed values the grammar reports, resolve to nothing we can check.
  if (colon <= 0 || text.indexOf(':', colon + 1) !== -1) return undefined;
  const service = text.slice(0, colon);
  const name = text.slice(colon + 1);
  if (hasWildcard(service) || name === '') return undefined;
  if (!catalog.hasService(service)) {
    const near = suggest(service, catalog.services());
    // Suggest the whole action when the nearby service has it (`s4:GetObject` → `s3:GetObject`).
    const sameAction = near === undefined || hasWildcard(name) ? undefined : catalog.action(near, name);
    const suggestion = sameAction === undefined ? near : `${sameAction.service}:${sameAction.name}`;
    report({
      code: 'catalog.unknownService',
      message: `Unknown service prefix "${service}" in action ${text}.${didYouMean(suggestion)}`,
      span: element.span,
      ...(suggestion === undefined ? {} : { suggestion }),
    });
    return undefined;
  }
  if (hasWildcard(name)) {
    const actions = catalog.expandActions(text);
    if (actions.length === 0) {
      report({
        code: 'catalog.actionPatternMatchesNothing',
        message: `Action pattern ${text} matches no ${service.toLowerCase()} action.`,
        span: element.span,
      });
      return undefined;
    }
    return actions;
  }
  const action = catalog.action(service, name);
  if (action !== undefined) return [action];
  const near = suggest(name, catalog.actions(service));
  const suggestion = near === undefined ? undefined : `${service.toLowerCase()}:${near}`;
  report({
    code: 'catalog.unknownAction',
    message: `Unknown action ${text}.${didYouMean(suggestion)}`,
    span: element.span,
    ...(suggestion === undefined ? {} : { suggestion }),
  });
  return undefined;
}

function checkConditionKey(clause: ConditionClause, resolved: ResolvedActions, catalog: Catalog, report: Report): void {
  const key = clause.key.value;
  const prefix = keyPrefix(key);
  if (!key.includes(':') || !SERVICE_LIKE.test(prefix)) return;
  const known = catalog.conditionKey(key);
  if (known === undefined) {
    const candidates = catalog.conditionKeysWithPrefix(prefix);
    // A prefix with no known keys may be a service the data does not describe yet.
    if (candidates.length === 0) return;
    const suggestion = suggest(key, candidates);
    report({
      code: 'catalog.unknownConditionKey',
      message: `Unknown condition key ${key}.${didYouMean(suggestion)}`,
      span: clause.key.span,
      ...(suggestion === undefined ? {} : { suggestion }),
    });
    return;
  }
  if (known.global || !resolved.complete || resolved.actions.length === 0) return;
  if (resolved.actions.some((action) => catalog.actionSupportsConditionKey(action.service, action.name, key) !== false)) return;
  report({
    code: 'catalog.conditionKeyNotSupported',
    message: `Condition key ${key} is not supported by ${describeActions(resolved.actions)}, so the condition never finds it in the request.`,
    span: clause.key.span,
  });
}

function checkResources(statement: Statement, resolved: ResolvedActions, catalog: Catalog, report: Report): void {
  if (statement.resource === undefined || !resolved.complete) return;
  const types = resourceTypesOf(resolved.actions, catalog);
  // Only wildcard-only actions: that a specific ARN cannot work for them is a different finding.
  if (types.length === 0) return;
  for (const element of statement.resource) {
    const arn = element.value;
    if (arn === '*' || arn.includes('${')) continue;
    if (arn.split(':').length < 6) continue; // the grammar reports malformed ARNs
    if (types.some((type) => type.arnFormats.some((format) => arnMatchesFormat(arn, format)))) continue;
    report({
      code: 'catalog.resourceMatchesNoResourceType',
      message: `Resource ${arn} matches no resource type of ${describeActions(resolved.actions)} (${types
        .slice(0, 5)
        .map((type) => `${type.service}:${type.name}`)
        .join(', ')}${types.length > 5 ? ', …' : ''}).`,
      span: element.span,
    });
  }
}

/** Resource types per action list: a cached expansion (catalog.expandActions) keeps its identity, so they are found again. */
const typesOfExpansion = new WeakMap<readonly CatalogAction[], CatalogResourceType[]>();

function resourceTypesOf(actions: readonly CatalogAction[], catalog: Catalog): CatalogResourceType[] {
  // A pattern's expansion (`ec2:*`: hundreds of actions) comes from the cache: so do its resource types.
  const cached = typesOfExpansion.get(actions);
  if (cached !== undefined) return cached;
  const types = new Map<string, CatalogResourceType>();
  for (const action of actions) {
    for (const used of action.resourceTypes) {
      const type = catalog.resourceType(action.service, used.name);
      if (type !== undefined) types.set(`${type.service}:${type.name}`, type);
    }
  }
  const list = [...types.values()];
  typesOfExpansion.set(actions, list);
  return list;
}

function describeActions(actions: readonly CatalogAction[]): string {
  const names = actions.map((action) => `${action.service}:${action.name}`);
  if (names.length === 1) return names[0] as string;
  return `any of the statement's actions (${names.slice(0, 3).join(', ')}${names.length > 3 ? `, … ${names.length} in all` : ''})`;
}

function didYouMean(suggestion: string | undefined): string {
  return suggestion === undefined ? '' : ` Did you mean ${suggestion}?`;
}
