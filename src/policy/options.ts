// Options shared by parse, validate and check.
export interface ParseOptions {
  /** File name (or other origin), copied into diagnostics and the document. */
  readonly source?: string;
  /**
   * Parse only this slice of the text (a policy embedded in a larger JSON file). Positions stay relative
   * to the whole text.
   */
  readonly range?: { readonly offset: number; readonly length: number };
  /** Prepended to every JSON pointer, e.g. `/identityPolicies/0/policy`. */
  readonly pointerPrefix?: string;
}

export interface ValidateOptions {
  /** CreatePolicy / CreatePolicyVersion: the version must be 2012-10-17 and the size quota is 6,144. */
  readonly managed?: boolean;
  /** Override the size quota of the policy type (e.g. a raised role trust policy quota of 4,096). */
  readonly sizeQuota?: number;
}
