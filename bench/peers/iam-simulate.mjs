// Adapter for the peer @cloud-copilot/iam-simulate (AGPL-3.0): installed only under bench/ (bench/package.json),
// never a dependency of the product. This file drives it through the workload; it copies none of its code.
//
// Two ways of calling it are measured:
// - `runSimulation`: its public API. Validates the policies and the request and loads the policies on every call.
// - `core`: its internal `authorize` with the policies loaded once and the request objects built before timing,
//   the fastest way it can be driven. Internal modules are imported by file because its package exports only
//   the entry point; the path is pinned by the exact version in bench/package.json.
//   (Its public `runUnsafeSimulation` cannot stand in: it reloads every policy per call and, in 0.1.173,
//   throws on any simulation with a resource policy, since it loads that policy without a name.)
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** Expected values in the workload are iam-simulate's own result names. */
const PEER_NAME = '@cloud-copilot/iam-simulate';

export async function loadIamSimulate() {
  const entry = import.meta.resolve(PEER_NAME);
  const sim = await import(entry);
  const internal = (file) => import(new URL(file, entry).href);
  const [{ authorize }, { AwsRequestImpl }, { RequestContextImpl }, { DiscoveryContextKeyConstraints }, policyLib] =
    await Promise.all([
      internal('./core_engine/CoreSimulatorEngine.js'),
      internal('./request/request.js'),
      internal('./requestContext.js'),
      internal('./context_keys/discoveryContextKeyConstraints.js'),
      // A dependency of iam-simulate, hoisted into bench/node_modules (version pinned by bench/package-lock.json).
      import('@cloud-copilot/iam-policy'),
    ]);
  // …/node_modules/@cloud-copilot/iam-simulate/dist/esm/index.js → the package's package.json
  const version = JSON.parse(readFileSync(fileURLToPath(new URL('../../package.json', entry)), 'utf8')).version;
  return {
    name: PEER_NAME,
    version,
    runSimulation: sim.runSimulation,
    isWildcardOnlyAction: sim.isWildcardOnlyAction,
    authorize,
    AwsRequestImpl,
    RequestContextImpl,
    DiscoveryContextKeyConstraints,
    loadPolicy: policyLib.loadPolicy,
  };
}

/**
 * Builds both peer paths for `requests` of the workload. Everything that is not a decision (simulation inputs,
 * loaded policies, request objects) is built here, before timing.
 * Returns { version, publicApi(i) → Promise<result name>, core(i) → result name }.
 */
export async function iamSimulatePeer(workload, requests) {
  const peer = await loadIamSimulate();
  const named = (p) => ({ name: p.name, policy: p.policy });
  const scpLevel = { orgIdentifier: workload.scp.orgIdentifier ?? 'ou-root', policies: [named(workload.scp)] };

  // Public API: a full Simulation per request, as a caller of runSimulation would pass it.
  const base = {
    identityPolicies: workload.identityPolicies.map(named),
    permissionBoundaryPolicies: [named(workload.permissionBoundary)],
    serviceControlPolicies: [scpLevel],
    resourceControlPolicies: [],
  };
  const simulations = requests.map((r) => ({
    ...base,
    resourcePolicy: r.resourcePolicy ? workload.resourcePolicy.policy : undefined,
    request: {
      principal: r.principal,
      action: r.action,
      resource: { resource: r.resource, accountId: r.resourceAccount },
      contextVariables: r.context,
    },
  }));
  const strict = { simulationMode: 'Strict' };

  // Core: policies loaded once, one AuthorizationRequest per request.
  const load = (p) => peer.loadPolicy(p.policy, { name: p.name });
  const identityPolicies = workload.identityPolicies.map(load);
  const permissionBoundaries = [load(workload.permissionBoundary)];
  const serviceControlPolicies = [{ orgIdentifier: scpLevel.orgIdentifier, policies: [load(workload.scp)] }];
  const resourcePolicy = load(workload.resourcePolicy);
  const simulationParameters = {
    simulationMode: 'Strict',
    discoveryContextKeyConstraints: new peer.DiscoveryContextKeyConstraints([]),
  };
  const authorizationRequests = [];
  for (const r of requests) {
    const [service, action] = r.action.split(':');
    const wildcardOnly = await peer.isWildcardOnlyAction(service, action);
    authorizationRequests.push({
      request: new peer.AwsRequestImpl(
        r.principal,
        { resource: r.resource, accountId: r.resourceAccount },
        r.action,
        new peer.RequestContextImpl(r.context),
        wildcardOnly,
      ),
      sessionPolicy: undefined,
      identityPolicies,
      serviceControlPolicies,
      resourceControlPolicies: [],
      resourcePolicy: r.resourcePolicy ? resourcePolicy : undefined,
      permissionBoundaries,
      vpcEndpointPolicies: undefined,
      simulationParameters,
      serviceSettings: { s3: { blockPublicAccess: undefined } },
    });
  }

  return {
    name: peer.name,
    version: peer.version,
    async publicApi(i) {
      const res = await peer.runSimulation(simulations[i], strict);
      return res.resultType === 'error' ? `error: ${res.errors.message}` : res.overallResult;
    },
    core(i) {
      return peer.authorize(authorizationRequests[i]).result;
    },
  };
}
