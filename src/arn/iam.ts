// ARNs of IAM and STS entities (spec/identities-and-sts.md §1): building them, and reading one back into
// what it names.
import { isValidAccountId } from './account.js';
import { formatArn, parseArn } from './arn.js';

/** The resource types of IAM entity ARNs, as they appear in the ARN. */
export type IamEntityType =
  | 'user'
  | 'role'
  | 'group'
  | 'policy'
  | 'instance-profile'
  | 'mfa'
  | 'server-certificate'
  | 'saml-provider'
  | 'oidc-provider';

export type PrincipalArnKind =
  | 'root'
  | 'user'
  | 'role'
  | 'group'
  | 'policy'
  | 'instanceProfile'
  | 'mfa'
  | 'serverCertificate'
  | 'samlProvider'
  | 'oidcProvider'
  | 'roleSession'
  | 'federatedUser';

export interface PrincipalArn {
  readonly kind: PrincipalArnKind;
  readonly partition: string;
  /** 12 digits, or `aws` for AWS-managed policies. */
  readonly account: string;
  /** The entity's name without path; the session name for role sessions; `''` for root. */
  readonly name: string;
  /** `/` or `/…/`; always `/` for root, role sessions, federated users and identity providers. */
  readonly path: string;
  /** Role sessions only. */
  readonly roleName?: string;
  /** Role sessions only (same as `name`). */
  readonly sessionName?: string;
}

const KIND_OF_TYPE: Readonly<Record<IamEntityType, PrincipalArnKind>> = {
  user: 'user',
  role: 'role',
  group: 'group',
  policy: 'policy',
  'instance-profile': 'instanceProfile',
  mfa: 'mfa',
  'server-certificate': 'serverCertificate',
  'saml-provider': 'samlProvider',
  'oidc-provider': 'oidcProvider',
};

// Identity providers have no path: everything after the type is the name (an OIDC name holds `/`).
const PATHLESS_TYPES: ReadonlySet<string> = new Set(['saml-provider', 'oidc-provider']);

function isValidPath(path: string): boolean {
  return path.startsWith('/') && path.endsWith('/');
}

/**
 * `arn:{partition}:iam::{account}:{type}{path}{name}`. `path` must be `/` or `/…/` (callers validate
 * user input before building ARNs, so a bad path here is a programming error and throws RangeError).
 */
export function iamArn(partition: string, account: string, type: IamEntityType, path: string, name: string): string {
  if (!isValidPath(path)) throw new RangeError(`IAM path must be "/" or "/…/", got "${path}"`);
  return formatArn({ partition, service: 'iam', region: '', account, resource: `${type}${path}${name}` });
}

/** `arn:{partition}:sts::{account}:assumed-role/{roleName}/{sessionName}` — never the role's path. */
export function assumedRoleArn(partition: string, account: string, roleName: string, sessionName: string): string {
  return formatArn({ partition, service: 'sts', region: '', account, resource: `assumed-role/${roleName}/${sessionName}` });
}

/** `arn:{partition}:sts::{account}:federated-user/{name}`. */
export function federatedUserArn(partition: string, account: string, name: string): string {
  return formatArn({ partition, service: 'sts', region: '', account, resource: `federated-user/${name}` });
}

/** `arn:{partition}:iam::{account}:root`. */
export function rootArn(partition: string, account: string): string {
  return formatArn({ partition, service: 'iam', region: '', account, resource: 'root' });
}

/**
 * Reads an IAM or STS entity ARN. Undefined for anything else: other services, a region, an account that
 * is not 12 digits (`aws` is allowed for policies), an empty name, or an unknown resource type.
 */
export function parsePrincipalArn(text: string): PrincipalArn | undefined {
  const arn = parseArn(text);
  if (arn === undefined || arn.region !== '') return undefined;
  const { partition, account, resource } = arn;
  const base = { partition, account };
  if (arn.service === 'sts') {
    if (!isValidAccountId(account)) return undefined;
    const parts = resource.split('/');
    if (parts[0] === 'assumed-role' && parts.length === 3 && parts[1] !== '' && parts[2] !== '') {
      const roleName = parts[1] as string;
      const sessionName = parts[2] as string;
      return { ...base, kind: 'roleSession', name: sessionName, path: '/', roleName, sessionName };
    }
    if (parts[0] === 'federated-user' && parts.length === 2 && parts[1] !== '') {
      return { ...base, kind: 'federatedUser', name: parts[1] as string, path: '/' };
    }
    return undefined;
  }
  if (arn.service !== 'iam') return undefined;
  if (resource === 'root') return isValidAccountId(account) ? { ...base, kind: 'root', name: '', path: '/' } : undefined;
  const slash = resource.indexOf('/');
  if (slash === -1) return undefined;
  const type = resource.slice(0, slash);
  if (!Object.hasOwn(KIND_OF_TYPE, type)) return undefined;
  const kind = KIND_OF_TYPE[type as IamEntityType];
  if (!isValidAccountId(account) && !(kind === 'policy' && account === 'aws')) return undefined;
  const rest = resource.slice(slash + 1);
  if (PATHLESS_TYPES.has(type)) return rest === '' ? undefined : { ...base, kind, name: rest, path: '/' };
  const last = rest.lastIndexOf('/');
  const name = rest.slice(last + 1);
  if (name === '') return undefined;
  return { ...base, kind, name, path: `/${rest.slice(0, last + 1)}` };
}
