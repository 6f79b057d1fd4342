// A mutable AnalysisModel under construction, shared by the IaC loaders: entities are declared by one resource
// and completed by others (a policy attached by a separate resource, a key or a group membership).
import type {
  AccessKeyRecord,
  AnalysisModel,
  EntityRecord,
  EntityType,
  InputKind,
  ManagedPolicyRecord,
  ManagedPolicyRef,
  PolicyRecord,
  ResourcePolicyRecord,
  SourceLocation,
  Suppression,
} from '../model.js';

export interface DraftEntity {
  type: EntityType;
  name: string;
  arn?: string;
  path: string;
  location: SourceLocation;
  trustPolicy?: PolicyRecord;
  inlinePolicies: PolicyRecord[];
  managedPolicies: ManagedPolicyRef[];
  permissionsBoundary?: ManagedPolicyRef;
  groups: string[];
  members: string[];
  accessKeys: AccessKeyRecord[];
  hasLoginProfile?: boolean;
  tags?: Record<string, string>;
  suppressions: Suppression[];
  /** Named by a reference only, not declared by the input. */
  external?: boolean;
}

export class ModelBuilder {
  readonly inputs: { file: string; kind: InputKind }[] = [];
  readonly managedPolicies: ManagedPolicyRecord[] = [];
  readonly resourcePolicies: ResourcePolicyRecord[] = [];
  readonly standalonePolicies: PolicyRecord[] = [];
  readonly loadErrors: { message: string; location: SourceLocation }[] = [];
  private readonly entities = new Map<string, DraftEntity>();

  /** Declares an entity under a key (logical id, resource address); returns the existing one if declared. */
  entity(key: string, init: () => Omit<DraftEntity, 'inlinePolicies' | 'managedPolicies' | 'groups' | 'members' | 'accessKeys' | 'suppressions'> & { suppressions?: Suppression[] }): DraftEntity {
    let e = this.entities.get(key);
    if (!e) {
      const base = init();
      e = { inlinePolicies: [], managedPolicies: [], groups: [], members: [], accessKeys: [], ...base, suppressions: base.suppressions ?? [] };
      this.entities.set(key, e);
    }
    return e;
  }

  get(key: string): DraftEntity | undefined {
    return this.entities.get(key);
  }

  /** The first entity of a type with that name. */
  byName(type: EntityType, name: string): DraftEntity | undefined {
    for (const e of this.entities.values()) if (e.type === type && e.name === name) return e;
    return undefined;
  }

  error(message: string, location: SourceLocation): void {
    this.loadErrors.push({ message, location });
  }

  /** Records that user `user` is a member of group `group` on both sides. */
  addMembership(user: DraftEntity, group: DraftEntity): void {
    if (!user.groups.includes(group.name)) user.groups.push(group.name);
    if (!group.members.includes(user.name)) group.members.push(user.name);
  }

  build(): AnalysisModel {
    const entities: EntityRecord[] = [...this.entities.values()].map((e) => ({
      type: e.type,
      name: e.name,
      ...(e.arn ? { arn: e.arn } : {}),
      path: e.path,
      location: e.location,
      ...(e.trustPolicy ? { trustPolicy: e.trustPolicy } : {}),
      inlinePolicies: e.inlinePolicies,
      managedPolicies: e.managedPolicies,
      ...(e.permissionsBoundary ? { permissionsBoundary: e.permissionsBoundary } : {}),
      ...(e.type === 'user' ? { groups: e.groups, accessKeys: e.accessKeys, hasLoginProfile: e.hasLoginProfile ?? false } : {}),
      ...(e.type === 'group' ? { members: e.members } : {}),
      ...(e.tags ? { tags: e.tags } : {}),
      suppressions: e.suppressions,
      ...(e.external === true ? { external: true } : {}),
    }));
    return {
      inputs: this.inputs,
      entities,
      managedPolicies: this.managedPolicies,
      resourcePolicies: this.resourcePolicies,
      standalonePolicies: this.standalonePolicies,
      loadErrors: this.loadErrors,
    };
  }
}

/** Merges models loaded separately (several templates, several stacks). */
export function mergeModels(models: readonly AnalysisModel[]): AnalysisModel {
  return {
    inputs: models.flatMap((m) => m.inputs),
    entities: models.flatMap((m) => m.entities),
    managedPolicies: models.flatMap((m) => m.managedPolicies),
    resourcePolicies: models.flatMap((m) => m.resourcePolicies),
    standalonePolicies: models.flatMap((m) => m.standalonePolicies),
    loadErrors: models.flatMap((m) => m.loadErrors),
  };
}
