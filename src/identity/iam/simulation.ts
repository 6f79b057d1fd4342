// The IAM policy simulator (SimulatePrincipalPolicy, SimulateCustomPolicy) and the context-key listings
// (GetContextKeysFor{Principal,Custom}Policy). Answered by the same engine that authorizes every request.
import { parsePrincipalArn } from '../../arn/index.js';
import { compilePolicySet, evaluate } from '../../engine/index.js';
import type { ContextValues, Decision, EvaluationResult, MatchedStatement, NamedPolicy, PolicySet } from '../../engine/index.js';
import { isAwsManagedPolicyArn } from '../../model/index.js';
import type { PrincipalType } from '../../model/index.js';
import { awsPolicyError, parsePolicy } from '../../policy/index.js';
import type { PolicyDocument, PolicyKind } from '../../policy/index.js';
import type { StoreTx } from '../../store/index.js';
import { getAwsManagedPolicy } from '../aws-managed.js';
import { invalidInput, noSuchEntity } from '../errors.js';

/**
 * AWS's simulator reports every identity-based policy as `IAM Policy` (observed in real responses; the
 * botocore enum's user|group|role|aws-managed|user-managed values are not what the service sends). AWS
 * wins over the brief here. The resource policy's label is unconfirmed.
 */
export const IAM_POLICY_TYPE = 'IAM Policy';
export const RESOURCE_POLICY_TYPE = 'Resource Policy';
export const RESOURCE_POLICY_ID = 'ResourcePolicy';

/** A policy taking part in a simulation, with the id and type the response names it by. */
export interface SimulationPolicy {
  readonly id: string;
  readonly type: string;
  readonly document: PolicyDocument;
}

export interface Position {
  readonly line: number;
  readonly column: number;
}

export interface StatementView {
  readonly sourcePolicyId: string;
  readonly sourcePolicyType: string;
  readonly start: Position;
  readonly end: Position;
}

export interface ResourceResultView {
  readonly resource: string;
  readonly decision: Decision;
  readonly matchedStatements: readonly StatementView[];
  readonly missingContextValues: readonly string[];
  readonly decisionDetails?: ReadonlyMap<string, Decision>;
  readonly allowedByPermissionsBoundary?: boolean;
}

export interface EvaluationResultView {
  readonly action: string;
  readonly resource: string;
  readonly decision: Decision;
  readonly matchedStatements: readonly StatementView[];
  readonly missingContextValues: readonly string[];
  readonly allowedByOrganizations?: boolean;
  readonly allowedByPermissionsBoundary?: boolean;
  readonly decisionDetails?: ReadonlyMap<string, Decision>;
  readonly resourceSpecificResults?: readonly ResourceResultView[];
}

export interface ContextEntry {
  readonly name: string;
  readonly values: readonly string[];
  readonly type: string;
}

/** What both simulate actions share after decoding. */
export interface SimulationRequest {
  readonly actionNames: readonly string[];
  readonly resourceArns?: readonly string[];
  readonly policyInputList?: readonly string[];
  readonly permissionsBoundaryPolicyInputList?: readonly string[];
  readonly resourcePolicy?: string;
  readonly resourceOwner?: string;
  readonly callerArn?: string;
  readonly contextEntries?: readonly ContextEntry[];
}

export interface CustomSimulationRequest extends SimulationRequest {
  /** SimulateCustomPolicy's OrderedOrganizationPolicyInputList: one list of SCPs per level. */
  readonly organizationPolicies?: readonly (readonly string[])[];
}

// ---- Policies ------------------------------------------------------------------------------------

/** Parses a policy passed in the request; AWS rejects a malformed one with InvalidInput. */
function inputPolicy(text: string, kind: PolicyKind, id: string, type: string): SimulationPolicy {
  const error = awsPolicyError(text, kind);
  if (error !== undefined) throw invalidInput(`${id}: ${error.message}`);
  const parsed = parsePolicy(text, { source: id });
  if (parsed.document === undefined) throw invalidInput(`${id}: Syntax errors in policy.`);
  return { id, type, document: parsed.document };
}

/** A stored document; one that no longer parses is left out (the engine's rule: skipped, never fatal). */
function storedPolicy(text: string | undefined, id: string): SimulationPolicy | undefined {
  if (text === undefined) return undefined;
  const parsed = parsePolicy(text, { source: id });
  return parsed.document === undefined ? undefined : { id, type: IAM_POLICY_TYPE, document: parsed.document };
}

async function managedDocument(tx: StoreTx, accountId: string, arn: string): Promise<string | undefined> {
  if (isAwsManagedPolicyArn(arn)) return (await getAwsManagedPolicy(arn))?.document;
  return (await tx.policies.getDefaultVersion(accountId, arn))?.document;
}

const managedName = (arn: string): string => arn.slice(arn.lastIndexOf('/') + 1);

/** Inline policies are reported as `<type>_<entity>_<policy>` (e.g. `role_app_s3-read`), as AWS names them. */
async function holderPolicies(tx: StoreTx, accountId: string, principalType: PrincipalType, principalName: string): Promise<SimulationPolicy[]> {
  const out: SimulationPolicy[] = [];
  const ref = { principalType, principalName };
  for (const p of await tx.inlinePolicies.list(accountId, ref)) {
    const policy = storedPolicy(p.document, `${principalType}_${principalName}_${p.policyName}`);
    if (policy) out.push(policy);
  }
  for (const a of await tx.attachments.listForPrincipal(accountId, ref)) {
    const policy = storedPolicy(await managedDocument(tx, accountId, a.policyArn), managedName(a.policyArn));
    if (policy) out.push(policy);
  }
  return out;
}

/** The simulated entity: its identity policies, boundary and the principal the engine sees. */
export interface PolicySource {
  readonly kind: 'user' | 'group' | 'role';
  readonly arn: string;
  readonly uniqueId: string;
  readonly policies: readonly SimulationPolicy[];
  readonly boundary?: SimulationPolicy;
}

/** Reads the user (with its groups' policies), group or role that `arn` names, in the caller's account. */
export async function loadPolicySource(tx: StoreTx, accountId: string, arn: string): Promise<PolicySource> {
  const parsed = parsePrincipalArn(arn);
  if (parsed === undefined || (parsed.kind !== 'user' && parsed.kind !== 'group' && parsed.kind !== 'role')) {
    throw invalidInput(`Invalid ARN: ${arn}. The ARN must identify an IAM user, group, or role.`);
  }
  // Message wording for another account's entity unconfirmed; AWS cannot see it either.
  const name = parsed.name;
  const boundaryOf = async (boundaryArn: string | undefined): Promise<SimulationPolicy | undefined> =>
    boundaryArn === undefined ? undefined : storedPolicy(await managedDocument(tx, accountId, boundaryArn), managedName(boundaryArn));
  if (parsed.kind === 'user') {
    const user = parsed.account === accountId ? await tx.users.get(accountId, name) : undefined;
    if (user === undefined || user.arn !== arn) throw noSuchEntity(`The user with name ${name} cannot be found.`);
    const policies = await holderPolicies(tx, accountId, 'user', user.userName);
    for (const g of await tx.groups.listGroupsForUser(accountId, user.userName)) {
      policies.push(...(await holderPolicies(tx, accountId, 'group', g.groupName)));
    }
    const boundary = await boundaryOf(user.permissionsBoundaryArn);
    return { kind: 'user', arn: user.arn, uniqueId: user.userId, policies, ...(boundary && { boundary }) };
  }
  if (parsed.kind === 'group') {
    const group = parsed.account === accountId ? await tx.groups.get(accountId, name) : undefined;
    if (group === undefined || group.arn !== arn) throw noSuchEntity(`The group with name ${name} cannot be found.`);
    return { kind: 'group', arn: group.arn, uniqueId: group.groupId, policies: await holderPolicies(tx, accountId, 'group', group.groupName) };
  }
  const role = parsed.account === accountId ? await tx.roles.get(accountId, name) : undefined;
  if (role === undefined || role.arn !== arn) throw noSuchEntity(`The role with name ${name} cannot be found.`);
  const boundary = await boundaryOf(role.permissionsBoundaryArn);
  return {
    kind: 'role',
    arn: role.arn,
    uniqueId: role.roleId,
    policies: await holderPolicies(tx, accountId, 'role', role.roleName),
    ...(boundary && { boundary }),
  };
}

// ---- Simulation ----------------------------------------------------------------------------------

function checkCallerArn(callerArn: string): void {
  const parsed = parsePrincipalArn(callerArn);
  // AWS: "You can specify only the ARN of an IAM user." (wording of the error unconfirmed)
  if (parsed === undefined || parsed.kind !== 'user') throw invalidInput(`Invalid CallerArn: ${callerArn}. The caller must be an IAM user.`);
}

/** ContextEntries → the engine's context: list types are multivalued, the rest single-valued. */
export function contextFromEntries(entries: readonly ContextEntry[] = []): ContextValues {
  const context: Record<string, string | readonly string[]> = {};
  for (const e of entries) {
    const list = e.type.endsWith('List');
    context[e.name] = list || e.values.length > 1 ? [...e.values] : (e.values[0] ?? '');
  }
  return context;
}

function accountOfOwner(owner: string | undefined): string | undefined {
  if (owner === undefined) return undefined;
  if (/^\d{12}$/.test(owner)) return owner;
  const account = owner.split(':')[4];
  return account !== undefined && account !== '' ? account : undefined;
}

function arnAccount(arn: string): string | undefined {
  const parts = arn.split(':');
  return parts.length >= 6 && parts[0] === 'arn' && parts[4] !== '' ? parts[4] : undefined;
}

interface Simulation {
  readonly principal: string;
  readonly uniqueId?: string;
  readonly accountId: string;
  readonly identity: readonly SimulationPolicy[];
  readonly boundary?: SimulationPolicy;
  readonly resourcePolicy?: SimulationPolicy;
  readonly scps?: readonly (readonly SimulationPolicy[])[];
  readonly request: SimulationRequest;
}

function positionsOf(s: MatchedStatement, types: ReadonlyMap<string, string>): StatementView {
  return {
    sourcePolicyId: s.policyName,
    sourcePolicyType: types.get(s.policyName) ?? IAM_POLICY_TYPE,
    start: { line: s.span.start.line, column: s.span.start.column },
    end: { line: s.span.end.line, column: s.span.end.column },
  };
}

/**
 * The statements that determine a result (AWS: "if only one statement denies that operation, then the
 * explicit deny overrides any allow. In addition, the deny statement is the only entry included").
 */
function matchedStatements(result: EvaluationResult, types: ReadonlyMap<string, string>): StatementView[] {
  const layers = result.explanation?.layers ?? [];
  const all = layers.flatMap((l) => l.matchedStatements);
  let chosen: MatchedStatement[];
  if (result.decision === 'explicitDeny') chosen = all.filter((s) => s.effect === 'Deny');
  else if (result.decision === 'allowed') {
    chosen = all.filter((s) => s.effect === 'Allow' && (s.layer === 'identity' || s.layer === 'resource' || s.layer === 'session'));
  } else chosen = [];
  return chosen.map((s) => positionsOf(s, types));
}

const LAYER_DECISION: Record<string, Decision> = { Allow: 'allowed', Deny: 'explicitDeny', None: 'implicitDeny' };

function runSimulation(sim: Simulation): EvaluationResultView[] {
  const types = new Map<string, string>();
  const named = (p: SimulationPolicy): NamedPolicy => {
    types.set(p.id, p.type);
    return { name: p.id, document: p.document };
  };
  const set: PolicySet = {
    identity: sim.identity.map(named),
    ...(sim.boundary && { permissionBoundary: named(sim.boundary) }),
    ...(sim.resourcePolicy && { resource: named(sim.resourcePolicy), resourcePolicyKind: 'resource' as const }),
    ...(sim.scps && { scps: sim.scps.map((level) => level.map(named)) }),
  };
  const compiled = compilePolicySet(set);
  const request = sim.request;
  const context = contextFromEntries(request.contextEntries);
  const resources = request.resourceArns !== undefined && request.resourceArns.length > 0 ? request.resourceArns : ['*'];
  const ownerAccount = accountOfOwner(request.resourceOwner);
  const results: EvaluationResultView[] = [];
  for (const action of request.actionNames) {
    for (const resource of resources) {
      const resourceAccount = (resource === '*' ? undefined : arnAccount(resource)) ?? ownerAccount ?? sim.accountId;
      const result = evaluate(
        {
          principal: sim.principal,
          action,
          resource,
          resourceAccount,
          context,
          ...(sim.uniqueId !== undefined && { principalDetails: { uniqueId: sim.uniqueId } }),
        },
        compiled,
        { explain: true },
      );
      const explanation = result.explanation;
      const layers = explanation?.layers ?? [];
      const boundaryLayer = layers.find((l) => l.layer === 'permissionBoundary');
      const allowedByPermissionsBoundary = sim.boundary !== undefined ? boundaryLayer?.result === 'Allow' : undefined;
      const scpLayers = layers.filter((l) => l.layer === 'scp');
      const allowedByOrganizations = sim.scps !== undefined ? scpLayers.every((l) => l.result === 'Allow') : undefined;
      // AWS: the details map is absent for `*`, present (empty) for a same-account resource, and filled
      // with each policy type's contribution across accounts (key names unconfirmed).
      let decisionDetails: Map<string, Decision> | undefined;
      if (resource !== '*') {
        decisionDetails = new Map();
        if (explanation?.crossAccount) {
          const identity = layers.find((l) => l.layer === 'identity');
          const res = layers.find((l) => l.layer === 'resource');
          decisionDetails.set(IAM_POLICY_TYPE, LAYER_DECISION[identity?.result ?? 'None']);
          decisionDetails.set(RESOURCE_POLICY_TYPE, LAYER_DECISION[res?.result ?? 'None']);
        }
      }
      const statements = matchedStatements(result, types);
      const missing = [...(explanation?.missingContextKeys ?? [])];
      results.push({
        action,
        resource,
        decision: result.decision,
        matchedStatements: statements,
        missingContextValues: missing,
        ...(allowedByOrganizations !== undefined && { allowedByOrganizations }),
        ...(allowedByPermissionsBoundary !== undefined && { allowedByPermissionsBoundary }),
        ...(decisionDetails && { decisionDetails }),
        ...(resource !== '*' && {
          resourceSpecificResults: [
            {
              resource,
              decision: result.decision,
              matchedStatements: statements,
              missingContextValues: missing,
              ...(decisionDetails && { decisionDetails }),
              ...(allowedByPermissionsBoundary !== undefined && { allowedByPermissionsBoundary }),
            },
          ],
        }),
      });
    }
  }
  return results;
}

function inputPolicies(request: SimulationRequest): { identity: SimulationPolicy[]; boundary?: SimulationPolicy; resourcePolicy?: SimulationPolicy } {
  const identity = (request.policyInputList ?? []).map((text, i) =>
    inputPolicy(text, 'identity', `PolicyInputList.${i + 1}`, IAM_POLICY_TYPE),
  );
  const boundaries = request.permissionsBoundaryPolicyInputList ?? [];
  // AWS: "The policy input can contain only one permissions boundary policy." (wording unconfirmed)
  if (boundaries.length > 1) throw invalidInput('PermissionsBoundaryPolicyInputList can contain only one permissions boundary policy.');
  const boundary =
    boundaries.length === 1 ? inputPolicy(boundaries[0], 'boundary', 'PermissionsBoundaryPolicyInputList.1', IAM_POLICY_TYPE) : undefined;
  const resourcePolicy =
    request.resourcePolicy !== undefined
      ? inputPolicy(request.resourcePolicy, 'resource', RESOURCE_POLICY_ID, RESOURCE_POLICY_TYPE)
      : undefined;
  return { identity, ...(boundary && { boundary }), ...(resourcePolicy && { resourcePolicy }) };
}

/**
 * SimulatePrincipalPolicy: the entity's policies (a user's include its groups'), plus PolicyInputList; its
 * boundary unless PermissionsBoundaryPolicyInputList replaces it. The simulated caller is CallerArn, else the
 * user or role itself (a group has no principal: a user of the group's path and name stands in).
 */
export async function simulatePrincipalPolicy(
  tx: StoreTx,
  accountId: string,
  policySourceArn: string,
  request: SimulationRequest,
): Promise<EvaluationResultView[]> {
  const source = await loadPolicySource(tx, accountId, policySourceArn);
  if (request.callerArn !== undefined) checkCallerArn(request.callerArn);
  if (request.resourcePolicy !== undefined && request.callerArn === undefined && source.kind !== 'user') {
    // AWS: CallerArn is required with a ResourcePolicy when PolicySourceArn is not a user (wording unconfirmed).
    throw invalidInput('CallerArn must be specified when ResourcePolicy is specified and PolicySourceArn is not an IAM user.');
  }
  const inputs = inputPolicies(request);
  const principal =
    request.callerArn ?? (source.kind === 'group' ? source.arn.replace(/:group\//, ':user/') : source.arn);
  const boundary = inputs.boundary ?? source.boundary;
  return runSimulation({
    principal,
    ...(request.callerArn === undefined && source.kind !== 'group' && { uniqueId: source.uniqueId }),
    accountId,
    identity: [...source.policies, ...inputs.identity],
    ...(boundary && { boundary }),
    ...(inputs.resourcePolicy && { resourcePolicy: inputs.resourcePolicy }),
    request,
  });
}

/** The stand-in caller of SimulateCustomPolicy without CallerArn: a user of the caller's account. */
export const simulatedUserArn = (partition: string, accountId: string): string => `arn:${partition}:iam::${accountId}:user/SimulatedUser`;

/** SimulateCustomPolicy: only the policies passed in; the caller is CallerArn (required with a ResourcePolicy). */
export function simulateCustomPolicy(accountId: string, partition: string, request: CustomSimulationRequest): EvaluationResultView[] {
  if (request.callerArn !== undefined) checkCallerArn(request.callerArn);
  if (request.resourcePolicy !== undefined && request.callerArn === undefined) {
    // AWS: "CallerArn is required if you include a ResourcePolicy" (wording unconfirmed).
    throw invalidInput('CallerArn must be specified when ResourcePolicy is specified.');
  }
  const inputs = inputPolicies(request);
  const scps = request.organizationPolicies?.map((level, l) =>
    level.map((text, i) => inputPolicy(text, 'scp', `OrderedOrganizationPolicyInputList.${l + 1}.${i + 1}`, 'SCP')),
  );
  return runSimulation({
    principal: request.callerArn ?? simulatedUserArn(partition, accountId),
    accountId,
    identity: inputs.identity,
    ...(inputs.boundary && { boundary: inputs.boundary }),
    ...(inputs.resourcePolicy && { resourcePolicy: inputs.resourcePolicy }),
    ...(scps && scps.length > 0 && { scps }),
    request,
  });
}

// ---- Context keys --------------------------------------------------------------------------------

const VARIABLE = /\$\{([^}]*)\}/g;
const SPECIAL_VARIABLES = new Set(['*', '?', '$']);

/** Condition keys and policy-variable keys a document uses, in document order. */
export function contextKeysOf(document: PolicyDocument): string[] {
  const keys: string[] = [];
  const variables = document.version?.value === '2012-10-17';
  const scan = (text: string): void => {
    if (!variables || !text.includes('${')) return;
    for (const m of text.matchAll(VARIABLE)) {
      const inner = m[1] ?? '';
      // `${aws:username, 'default'}`: the key is before the comma.
      const key = inner.split(',')[0]?.trim() ?? '';
      if (key !== '' && !SPECIAL_VARIABLES.has(key)) keys.push(key);
    }
  };
  for (const s of document.statements) {
    for (const r of [...(s.resource ?? []), ...(s.notResource ?? [])]) scan(r.value);
    for (const c of s.condition) {
      keys.push(c.key.value);
      for (const v of c.values) scan(v.value);
    }
  }
  return keys;
}

/** Every key of the documents, without repeats (keys compare case-insensitively; the first spelling stays). */
export function distinctContextKeys(documents: readonly PolicyDocument[]): string[] {
  const seen = new Set<string>();
  const out: string[] = [];
  for (const d of documents) {
    for (const k of contextKeysOf(d)) {
      const lower = k.toLowerCase();
      if (!seen.has(lower)) {
        seen.add(lower);
        out.push(k);
      }
    }
  }
  return out;
}

function parseForKeys(texts: readonly string[]): PolicyDocument[] {
  return texts.map((text, i) => inputPolicy(text, 'identity', `PolicyInputList.${i + 1}`, IAM_POLICY_TYPE).document);
}

export function getContextKeysForCustomPolicy(policyInputList: readonly string[]): string[] {
  return distinctContextKeys(parseForKeys(policyInputList));
}

/** The entity's policies (a user's with its groups'), then the ones passed in. */
export async function getContextKeysForPrincipalPolicy(
  tx: StoreTx,
  accountId: string,
  policySourceArn: string,
  policyInputList: readonly string[] = [],
): Promise<string[]> {
  const source = await loadPolicySource(tx, accountId, policySourceArn);
  return distinctContextKeys([...source.policies.map((p) => p.document), ...parseForKeys(policyInputList)]);
}
