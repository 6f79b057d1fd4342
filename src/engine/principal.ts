// Principal / NotPrincipal matching for resource policies, trust policies, KMS key policies and RCPs.
// The answer is not a boolean: how the caller was named decides which other policies still limit it
// (spec/evaluation.md §4), so a match reports its form.
import type { PrincipalElement } from '../policy/index.js';
import type { Caller } from './caller.js';

/** The caller was named exactly (session ARN, federated-user ARN, its own user ARN), by `*`, or as a service. */
export const FORM_DIRECT = 1;
/** The caller's role (for a role session) or federating user (for a federated user) was named. */
export const FORM_ROLE = 2;
/** Only the caller's account was named: a delegation to the account's own IAM policies, not a grant. */
export const FORM_ACCOUNT = 4;

export type PrincipalMatcher = (caller: Caller) => number;

/** What a NotPrincipal element does for one caller. */
export interface NotPrincipalMatcher {
  /** Allow + NotPrincipal: applies to callers matching none of the listed principals at any level. */
  readonly allowApplies: (caller: Caller) => boolean;
  /** Deny + NotPrincipal: applies unless every identity in the caller's chain is listed. */
  readonly denyApplies: (caller: Caller, hasPermissionBoundary: boolean) => boolean;
}

interface PrincipalSets {
  readonly wildcard: boolean;
  readonly aws: ReadonlySet<string>;
  readonly accounts: ReadonlySet<string>;
  readonly services: ReadonlySet<string>;
  readonly federated: ReadonlySet<string>;
  readonly canonical: ReadonlySet<string>;
}

const ACCOUNT_ID = /^\d{12}$/;
const ROOT_ARN = /^arn:[a-z-]+:iam::(\d{12}):root$/;

function collect(element: PrincipalElement): PrincipalSets {
  let wildcard = element.wildcard;
  const aws = new Set<string>();
  const accounts = new Set<string>();
  const services = new Set<string>();
  const federated = new Set<string>();
  const canonical = new Set<string>();
  for (const entry of element.entries) {
    for (const { value } of entry.values) {
      switch (entry.type) {
        case 'AWS': {
          if (value === '*') {
            wildcard = true;
            break;
          }
          if (ACCOUNT_ID.test(value)) {
            accounts.add(value);
            break;
          }
          const root = ROOT_ARN.exec(value);
          if (root !== null) accounts.add(root[1]);
          else aws.add(value);
          break;
        }
        case 'Service':
          // `"Service": "*"` is not a documented form; treated literally (it names no service).
          services.add(value);
          break;
        case 'Federated':
          federated.add(value);
          break;
        case 'CanonicalUser':
          canonical.add(value);
          break;
      }
    }
  }
  return { wildcard, aws, accounts, services, federated, canonical };
}

function has(set: ReadonlySet<string>, value: string | undefined): boolean {
  return value !== undefined && set.has(value);
}

/** The forms (bitwise OR of FORM_*) in which the element names the caller; 0 when it does not. */
function matchForms(sets: PrincipalSets, caller: Caller): number {
  if (sets.wildcard) return FORM_DIRECT;
  let forms = 0;
  switch (caller.kind) {
    case 'root':
      break;
    case 'user':
      if (has(sets.aws, caller.userArn) || has(sets.aws, caller.uniqueId)) forms |= FORM_DIRECT;
      break;
    case 'role':
      if (has(sets.aws, caller.roleArn) || has(sets.aws, caller.uniqueId)) forms |= FORM_ROLE;
      break;
    case 'roleSession':
      if (has(sets.aws, caller.sessionArn)) forms |= FORM_DIRECT;
      if (has(sets.aws, caller.roleArn) || has(sets.aws, caller.uniqueId)) forms |= FORM_ROLE;
      break;
    case 'federatedUser':
      if (has(sets.aws, caller.sessionArn)) forms |= FORM_DIRECT;
      if (has(sets.aws, caller.userArn)) forms |= FORM_ROLE;
      break;
    case 'service':
      if (sets.services.has(caller.principal)) forms |= FORM_DIRECT;
      break;
    case 'webIdentity':
      if (sets.federated.has(caller.principal)) forms |= FORM_DIRECT;
      break;
    case 'anonymous':
      break;
  }
  if (caller.account !== undefined && caller.kind !== 'webIdentity' && sets.accounts.has(caller.account)) {
    forms |= FORM_ACCOUNT;
  }
  return forms;
}

export function compilePrincipal(element: PrincipalElement): PrincipalMatcher {
  const sets = collect(element);
  return (caller) => matchForms(sets, caller);
}

export function compileNotPrincipal(element: PrincipalElement): NotPrincipalMatcher {
  const sets = collect(element);
  return {
    allowApplies: (caller) => matchForms(sets, caller) === 0,
    denyApplies: (caller, hasPermissionBoundary) => {
      // Documented quirk: Deny + NotPrincipal always denies a principal that has a permissions boundary.
      if (hasPermissionBoundary && caller.kind !== 'service' && caller.kind !== 'anonymous') return true;
      if (sets.wildcard) return false;
      // AWS compares the caller at several levels; it is exempt only when every level is listed
      // (spec/evaluation.md §8: the exact algorithm is unconfirmed, this is the safe emulation).
      const accountListed = caller.account !== undefined && sets.accounts.has(caller.account);
      switch (caller.kind) {
        case 'root':
          return !accountListed;
        case 'user':
          return !(accountListed && (has(sets.aws, caller.userArn) || has(sets.aws, caller.uniqueId)));
        case 'role':
          return !(accountListed && (has(sets.aws, caller.roleArn) || has(sets.aws, caller.uniqueId)));
        case 'roleSession':
          return !(
            accountListed &&
            (has(sets.aws, caller.roleArn) || has(sets.aws, caller.uniqueId)) &&
            has(sets.aws, caller.sessionArn)
          );
        case 'federatedUser':
          return !(accountListed && has(sets.aws, caller.sessionArn));
        case 'service':
          return !sets.services.has(caller.principal);
        case 'webIdentity':
          return !sets.federated.has(caller.principal);
        case 'anonymous':
          return true;
      }
    },
  };
}
