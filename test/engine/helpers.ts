import { compilePolicySet, type NamedPolicy, type PolicySet } from '../../src/engine/index.js';
import type { CompiledPolicySet } from '../../src/engine/compile.js';
import { parsePolicy } from '../../src/policy/index.js';

/** Parses a policy object (as JSON text) into a NamedPolicy; fails the test on any parse error. */
export function policy(name: string, doc: object): NamedPolicy {
  const { document, diagnostics } = parsePolicy(JSON.stringify(doc, null, 2), { source: `${name}.json` });
  if (document === undefined) throw new Error(`${name}: ${diagnostics.map((d) => d.message).join('; ')}`);
  return { name, document };
}

export function statements(...statement: object[]): object {
  return { Version: '2012-10-17', Statement: statement };
}

export function set(s: PolicySet): CompiledPolicySet {
  return compilePolicySet(s);
}

export const ACCOUNT = '111122223333';
export const OTHER = '444455556666';
export const USER = `arn:aws:iam::${ACCOUNT}:user/alice`;
export const ROLE = `arn:aws:iam::${ACCOUNT}:role/app/AppRole`;
export const SESSION = `arn:aws:sts::${ACCOUNT}:assumed-role/AppRole/s1`;
export const ROOT = `arn:aws:iam::${ACCOUNT}:root`;
