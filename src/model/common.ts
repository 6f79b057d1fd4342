// Vocabulary shared by every entity: AWS's own words for status, principal kinds and tags.

/** Status of a credential (access key, SSH key, signing certificate, service-specific credential). */
export type StatusType = 'Active' | 'Inactive';

/** The identities that can hold identity-based policies (a group is not a principal but holds policies). */
export type PrincipalType = 'user' | 'group' | 'role';

/** A tag as IAM spells it on the wire. Keys are unique per resource case-insensitively, case preserved. */
export interface Tag {
  Key: string;
  Value: string;
}

/** The IAM resources that carry tags. */
export type TaggableKind =
  | 'user'
  | 'role'
  | 'policy'
  | 'instanceProfile'
  | 'oidcProvider'
  | 'samlProvider'
  | 'serverCertificate'
  | 'mfaDevice';

export const TAGGABLE_KINDS: readonly TaggableKind[] = [
  'user',
  'role',
  'policy',
  'instanceProfile',
  'oidcProvider',
  'samlProvider',
  'serverCertificate',
  'mfaDevice',
];

/** Default path of every pathed entity. */
export const DEFAULT_PATH = '/';
