// What every check is handed: the model, the catalog, the options, and `report`. Findings carry their
// scope (policy, statement, entity) so suppressions can be matched to them afterwards.
import type { Catalog, CatalogAction } from '../../catalog/index.js';
import { isAwsManagedPolicyArn } from '../../model/index.js';
import type { Located, PolicyDocument, Statement } from '../../policy/index.js';
import {
  UNKNOWN_PLACEHOLDER_PREFIX,
  type AnalysisModel,
  type CheckDefinition,
  type EntityRecord,
  type Finding,
  type FindingSeverity,
  type PolicyRecord,
  type ResourcePolicyService,
  type SourceLocation,
  type UnknownValue,
} from '../model.js';


/** A reference to an AWS managed policy, in any partition (`arn:aws-cn:iam::aws:policy/…` too): AWS's, not linted. */
export function isAwsManagedRef(arn: string | UnknownValue | undefined): boolean {
  return typeof arn === 'string' && isAwsManagedPolicyArn(arn);
}

export interface CheckOptions {
  /** The convention requires a permissions boundary on every role and user. */
  readonly requireBoundary: boolean;
  readonly maxKeyAgeDays: number;
  readonly maxKeyUnusedDays: number;
  /** The analyzer never reads the clock: the CLI passes it (or `--now`). */
  readonly now: Date;
}

/** A finding with what it is about, for suppressions. */
export interface ScopedFinding {
  readonly finding: Finding;
  readonly policy?: PolicyRecord;
  readonly statementIndex?: number;
  readonly entity?: EntityRecord;
}

export interface ReportArgs {
  readonly message: string;
  readonly location: SourceLocation;
  readonly severity?: FindingSeverity;
  readonly policy?: PolicyRecord;
  readonly statement?: Statement;
  /** The JSON pointer the finding is about, when no statement is given (gives the statement for Sid suppressions). */
  readonly pointer?: string;
  readonly entity?: EntityRecord;
  readonly subject?: string;
}

/** How a policy is used in the model. */
export type PolicyRole = 'identity' | 'trust' | 'boundary' | 'resource' | 'scp' | 'other';

export interface PolicyUse {
  readonly policy: PolicyRecord;
  readonly document: PolicyDocument;
  readonly role: PolicyRole;
  /** The role/user/group it belongs to (inline and trust policies). */
  readonly entity?: EntityRecord;
  /** Resource policies: the service and resource. */
  readonly service?: ResourcePolicyService;
  readonly resourceArn?: string;
  /** AWS managed policies are not the user's to fix: lint checks skip them (escalation still reads them). */
  readonly awsManaged: boolean;
}

export class CheckContext {
  readonly findings: ScopedFinding[] = [];
  private readonly unknownsReported = new Set<string>();
  private accounts: ReadonlySet<string> | undefined;

  constructor(
    readonly model: AnalysisModel,
    readonly catalog: Catalog,
    readonly options: CheckOptions,
  ) {}

  report(check: CheckDefinition, args: ReportArgs): void {
    const subject = args.subject ?? args.entity?.name ?? args.policy?.name;
    const fromPointer = args.pointer === undefined ? undefined : /^\/Statement(?:\/(\d+))?/.exec(args.pointer);
    const statementIndex = args.statement?.index ?? (fromPointer === null || fromPointer === undefined ? undefined : Number(fromPointer[1] ?? 0));
    this.findings.push({
      finding: {
        checkId: check.id,
        severity: args.severity ?? check.severity,
        message: args.message,
        location: args.location,
        ...(subject === undefined ? {} : { subject }),
      },
      ...(args.policy === undefined ? {} : { policy: args.policy }),
      ...(statementIndex === undefined ? {} : { statementIndex }),
      ...(args.entity === undefined ? {} : { entity: args.entity }),
    });
  }

  /** Where a policy element is in the input. */
  at(policy: PolicyRecord, element: { readonly span: { readonly pointer: string } }): SourceLocation {
    return policy.locate(element.span.pointer);
  }

  /** The catalog actions an Action pattern names (the catalog remembers them; `*` is never expanded: callers treat it apart). */
  expand(pattern: string): readonly CatalogAction[] {
    return pattern === '*' ? [] : this.catalog.expandActions(pattern);
  }

  /** Reports an unknown value once per policy and pointer (`unknown.value`). */
  unknown(check: CheckDefinition, policy: PolicyRecord, element: Located<string>, needed: string, severity: FindingSeverity = 'info'): void {
    const key = `${policy.id}#${element.span.pointer}`;
    if (this.unknownsReported.has(key)) return;
    this.unknownsReported.add(key);
    const origin = policy.unknowns.get(element.span.pointer)?.origin ?? unknownOrigin(element.value);
    this.report(check, {
      message: `${origin} is not known before deployment; ${needed} could not be decided and is not assumed safe.`,
      location: this.at(policy, element),
      severity,
      policy,
    });
  }

  /** Every policy of the model once, with how it is used. */
  policies(): PolicyUse[] {
    const uses: PolicyUse[] = [];
    const seen = new Set<string>();
    const add = (use: Omit<PolicyUse, 'document' | 'awsManaged'> & { awsManaged?: boolean }): void => {
      if (seen.has(use.policy.id) || use.policy.document === undefined) return;
      seen.add(use.policy.id);
      uses.push({ ...use, document: use.policy.document, awsManaged: use.awsManaged ?? false });
    };
    const boundaryIds = new Set<string>();
    const attachedIds = new Set<string>();
    for (const entity of this.model.entities) {
      if (entity.permissionsBoundary?.policyId !== undefined) boundaryIds.add(entity.permissionsBoundary.policyId);
      for (const ref of entity.managedPolicies) if (ref.policyId !== undefined) attachedIds.add(ref.policyId);
    }
    for (const entity of this.model.entities) {
      if (entity.trustPolicy !== undefined) add({ policy: entity.trustPolicy, role: 'trust', entity });
      for (const policy of entity.inlinePolicies) add({ policy, role: policy.kind === 'identity' ? 'identity' : roleOfKind(policy.kind), entity });
    }
    for (const managed of this.model.managedPolicies) {
      const id = managed.policy.id;
      // A policy used only as a boundary is a ceiling, not a grant: Allow * there is the usual form.
      const role: PolicyRole = boundaryIds.has(id) && !attachedIds.has(id) ? 'boundary' : roleOfKind(managed.policy.kind);
      add({ policy: managed.policy, role, awsManaged: isAwsManagedRef(managed.arn) });
    }
    for (const resource of this.model.resourcePolicies) {
      add({
        policy: resource.policy,
        role: 'resource',
        service: resource.service,
        ...(typeof resource.resourceArn === 'string' ? { resourceArn: resource.resourceArn } : {}),
      });
    }
    for (const policy of this.model.standalonePolicies) add({ policy, role: roleOfKind(policy.kind) });
    for (const level of this.model.scps ?? []) for (const policy of level) add({ policy, role: 'scp' });
    return uses;
  }

  /** The accounts the model's own principals live in. */
  ownAccounts(): ReadonlySet<string> {
    if (this.accounts !== undefined) return this.accounts;
    const accounts = new Set<string>();
    for (const entity of this.model.entities) {
      const account = entity.accountId ?? accountOfArn(entity.arn);
      if (account !== undefined) accounts.add(account);
    }
    this.accounts = accounts;
    return accounts;
  }
}

function roleOfKind(kind: PolicyRecord['kind']): PolicyRole {
  switch (kind) {
    case 'identity':
    case 'session':
      return 'identity';
    case 'trust':
      return 'trust';
    case 'boundary':
      return 'boundary';
    case 'resource':
      return 'resource';
    case 'scp':
    case 'rcp':
      return 'scp';
  }
}

export function isUnknownValue(value: string): boolean {
  return value.includes(UNKNOWN_PLACEHOLDER_PREFIX);
}

/** The value as a whole is unknown (not only a part such as the region or account inside an ARN). */
export function isWhollyUnknown(value: string): boolean {
  return value.startsWith(UNKNOWN_PLACEHOLDER_PREFIX);
}

function unknownOrigin(value: string): string {
  const start = value.indexOf(UNKNOWN_PLACEHOLDER_PREFIX);
  if (start < 0) return `The value ${value}`;
  const end = value.indexOf('}', start);
  const origin = value.slice(start + UNKNOWN_PLACEHOLDER_PREFIX.length, end < 0 ? undefined : end);
  return `The value ${origin === '' ? value : origin}`;
}

export function accountOfArn(arn: string | undefined): string | undefined {
  if (arn === undefined) return undefined;
  if (/^\d{12}$/.test(arn)) return arn;
  const account = arn.split(':')[4];
  return account !== undefined && /^\d{12}$/.test(account) ? account : undefined;
}

/** Condition operators that, when the key is present, only ever let listed values through. */
export function isPositiveOperator(operator: string): boolean {
  const base = operator.replace(/^(ForAnyValue|ForAllValues):/i, '').replace(/IfExists$/i, '');
  if (/Not/i.test(base) || /^Null$/i.test(base)) return false;
  // ForAllValues passes when the key is absent or empty: it restricts nothing on its own.
  return !/^ForAllValues:/i.test(operator);
}

export function describeList(values: readonly string[], max = 3): string {
  if (values.length <= max) return values.join(', ');
  return `${values.slice(0, max).join(', ')} and ${values.length - max} more`;
}
