// The policy simulator and context-key listings: decode → authorize → identity service → encode.
// SimulatePrincipalPolicy / GetContextKeysForPrincipalPolicy act on the PolicySourceArn (user, group or
// role: AWS's resource types for them); the custom-policy actions have no resource (`*`).
import {
  getContextKeysForCustomPolicy,
  getContextKeysForPrincipalPolicy,
  simulateCustomPolicy,
  simulatePrincipalPolicy,
} from '../../identity/iam/simulation.js';
import type {
  ContextEntry,
  CustomSimulationRequest,
  EvaluationResultView,
  ResourceResultView,
  SimulationRequest,
  StatementView,
} from '../../identity/iam/simulation.js';
import { listMemberName, validationError, xmlMap } from '../../protocol/index.js';
import type { QueryParams, StringOptions, XmlObject, XmlValue } from '../../protocol/index.js';
import { pageFields, pageOf, readPageRequest } from '../pagination.js';
import type { ActionHandler } from '../types.js';
import { ARN_MAX, ARN_MIN, POLICY_DOCUMENT_PATTERN } from './params.js';

const POLICY_DOCUMENT: StringOptions = { min: 1, max: 131072, pattern: POLICY_DOCUMENT_PATTERN };
/** botocore `ActionNameType`, `ResourceNameType`, `ContextKeyNameType`. */
const ACTION_NAME: StringOptions = { min: 3, max: 128 };
const RESOURCE_NAME: StringOptions = { min: 1, max: 2048 };
const CONTEXT_KEY_NAME = { required: true, min: 5, max: 256 } as const;
const CONTEXT_KEY_TYPES = [
  'string',
  'stringList',
  'numeric',
  'numericList',
  'boolean',
  'booleanList',
  'ip',
  'ipList',
  'binary',
  'binaryList',
  'date',
  'dateList',
];

function readPolicyList(q: QueryParams, name: string, required = false): string[] | undefined {
  return q.list(name, { required, member: POLICY_DOCUMENT });
}

/** `ContextEntries.member.N.ContextKeyName|ContextKeyType` and `….ContextKeyValues.member.M`. */
function readContextEntries(q: QueryParams): ContextEntry[] | undefined {
  const list = q.structList('ContextEntries', ['ContextKeyName', 'ContextKeyType'], { ContextKeyName: CONTEXT_KEY_NAME });
  if (list === undefined) return undefined;
  const out: ContextEntry[] = [];
  list.forEach((e, i) => {
    const n = i + 1;
    const type = e.ContextKeyType;
    if (type !== undefined && !CONTEXT_KEY_TYPES.includes(type)) {
      throw validationError([
        {
          value: type,
          member: listMemberName('ContextEntries', n, 'ContextKeyType'),
          constraint: `satisfy enum value set: [${CONTEXT_KEY_TYPES.join(', ')}]`,
        },
      ]);
    }
    const values = q.list(`ContextEntries.member.${n}.ContextKeyValues`, { member: { min: 0, max: 256 } }) ?? [];
    out.push({ name: e.ContextKeyName ?? '', values, type: type ?? 'string' });
  });
  return out;
}

function readSimulationRequest(q: QueryParams): SimulationRequest {
  const actionNames = q.list('ActionNames', { required: true, member: ACTION_NAME }) ?? [];
  const resourceArns = q.list('ResourceArns', { member: RESOURCE_NAME });
  const policyInputList = readPolicyList(q, 'PolicyInputList');
  const permissionsBoundaryPolicyInputList = readPolicyList(q, 'PermissionsBoundaryPolicyInputList');
  const resourcePolicy = q.string('ResourcePolicy', POLICY_DOCUMENT);
  const resourceOwner = q.string('ResourceOwner', RESOURCE_NAME);
  const callerArn = q.string('CallerArn', RESOURCE_NAME);
  const contextEntries = readContextEntries(q);
  // Accepted and validated; the EC2 scenarios it selects do not change how the engine decides.
  q.string('ResourceHandlingOption', { min: 1, max: 64 });
  return {
    actionNames,
    ...(resourceArns !== undefined && { resourceArns }),
    ...(policyInputList !== undefined && { policyInputList }),
    ...(permissionsBoundaryPolicyInputList !== undefined && { permissionsBoundaryPolicyInputList }),
    ...(resourcePolicy !== undefined && { resourcePolicy }),
    ...(resourceOwner !== undefined && { resourceOwner }),
    ...(callerArn !== undefined && { callerArn }),
    ...(contextEntries !== undefined && { contextEntries }),
  };
}

/** `OrderedOrganizationPolicyInputList.member.N.ServiceControlPolicyInputList.member.M`. */
function readOrganizationPolicies(q: QueryParams): string[][] | undefined {
  const levels: string[][] = [];
  for (let n = 1; ; n++) {
    const level = readPolicyList(q, `OrderedOrganizationPolicyInputList.member.${n}.ServiceControlPolicyInputList`);
    if (level === undefined) break;
    levels.push(level);
  }
  return levels.length > 0 ? levels : undefined;
}

// ---- encoding (botocore member order) ---------------------------------------------------------

const statementXml = (s: StatementView): XmlObject => ({
  SourcePolicyId: s.sourcePolicyId,
  SourcePolicyType: s.sourcePolicyType,
  StartPosition: { Line: s.start.line, Column: s.start.column },
  EndPosition: { Line: s.end.line, Column: s.end.column },
});

const detailsXml = (d: ReadonlyMap<string, string> | undefined): XmlValue => (d === undefined ? undefined : xmlMap(d));
const boundaryDetailXml = (allowed: boolean | undefined): XmlValue =>
  allowed === undefined ? undefined : { AllowedByPermissionsBoundary: allowed };

const resourceResultXml = (r: ResourceResultView): XmlObject => ({
  EvalResourceName: r.resource,
  EvalResourceDecision: r.decision,
  MatchedStatements: r.matchedStatements.map(statementXml),
  MissingContextValues: [...r.missingContextValues],
  EvalDecisionDetails: detailsXml(r.decisionDetails),
  PermissionsBoundaryDecisionDetail: boundaryDetailXml(r.allowedByPermissionsBoundary),
});

export function evaluationResultXml(r: EvaluationResultView): XmlObject {
  return {
    EvalActionName: r.action,
    EvalResourceName: r.resource,
    EvalDecision: r.decision,
    MatchedStatements: r.matchedStatements.map(statementXml),
    MissingContextValues: [...r.missingContextValues],
    OrganizationsDecisionDetail: r.allowedByOrganizations === undefined ? undefined : { AllowedByOrganizations: r.allowedByOrganizations },
    PermissionsBoundaryDecisionDetail: boundaryDetailXml(r.allowedByPermissionsBoundary),
    EvalDecisionDetails: detailsXml(r.decisionDetails),
    ResourceSpecificResults: r.resourceSpecificResults?.map(resourceResultXml),
  };
}

/** Results are computed whole and paged by position (the marker carries the index of the last one). */
function pagedResults(results: readonly EvaluationResultView[], q: QueryParams): XmlObject {
  const request = readPageRequest(q);
  const indexed = results.map((r, i) => ({ r, key: String(i).padStart(8, '0') }));
  const p = pageOf(indexed, request, (x) => x.key);
  return { EvaluationResults: p.items.map((x) => evaluationResultXml(x.r)), ...pageFields(p) };
}

// ---- handlers ---------------------------------------------------------------------------------

const simulatePrincipal: ActionHandler = {
  service: 'iam',
  action: 'SimulatePrincipalPolicy',
  readOnly: true,
  async handle(ctx) {
    const { source, request } = ctx.params.collect((q) => {
      const source = q.string('PolicySourceArn', { required: true, min: ARN_MIN, max: ARN_MAX });
      const request = readSimulationRequest(q);
      readPageRequest(q);
      return { source, request };
    });
    await ctx.authorize({ action: 'iam:SimulatePrincipalPolicy', resource: source });
    const results = await simulatePrincipalPolicy(ctx.tx, ctx.accountId, source, request);
    return pagedResults(results, ctx.params);
  },
};

const simulateCustom: ActionHandler = {
  service: 'iam',
  action: 'SimulateCustomPolicy',
  readOnly: true,
  async handle(ctx) {
    const request: CustomSimulationRequest = ctx.params.collect((q) => {
      const base = readSimulationRequest(q);
      const policyInputList = readPolicyList(q, 'PolicyInputList', true) ?? [];
      const organizationPolicies = readOrganizationPolicies(q);
      readPageRequest(q);
      return { ...base, policyInputList, ...(organizationPolicies !== undefined && { organizationPolicies }) };
    });
    await ctx.authorize({ action: 'iam:SimulateCustomPolicy' });
    return pagedResults(simulateCustomPolicy(ctx.accountId, ctx.partition, request), ctx.params);
  },
};

const contextKeysPrincipal: ActionHandler = {
  service: 'iam',
  action: 'GetContextKeysForPrincipalPolicy',
  readOnly: true,
  async handle(ctx) {
    const { source, inputs } = ctx.params.collect((q) => ({
      source: q.string('PolicySourceArn', { required: true, min: ARN_MIN, max: ARN_MAX }),
      inputs: readPolicyList(q, 'PolicyInputList'),
    }));
    await ctx.authorize({ action: 'iam:GetContextKeysForPrincipalPolicy', resource: source });
    return { ContextKeyNames: await getContextKeysForPrincipalPolicy(ctx.tx, ctx.accountId, source, inputs) };
  },
};

const contextKeysCustom: ActionHandler = {
  service: 'iam',
  action: 'GetContextKeysForCustomPolicy',
  readOnly: true,
  async handle(ctx) {
    const inputs = ctx.params.collect((q) => readPolicyList(q, 'PolicyInputList', true) ?? []);
    await ctx.authorize({ action: 'iam:GetContextKeysForCustomPolicy' });
    return { ContextKeyNames: getContextKeysForCustomPolicy(inputs) };
  },
};

export const handlers: readonly ActionHandler[] = [simulatePrincipal, simulateCustom, contextKeysPrincipal, contextKeysCustom];
