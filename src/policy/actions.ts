// Action / NotAction value rules (spec/policy-grammar.md §3). Whether the action exists is not checked,
// as in IAM (`fsx:ListBucket` is valid); the catalog-aware "did you mean" lives in analyze/.
import { AwsMessages } from './aws-messages.js';
import type { DiagnosticCode } from './codes.js';

export interface ActionProblem {
  readonly code: DiagnosticCode;
  readonly message: string;
}

const VENDOR = /^[A-Za-z0-9.-]*$/;

export function actionFormatProblem(action: string): ActionProblem | undefined {
  const colon = action.indexOf(':');
  if (colon < 0) {
    return action === '*' ? undefined : { code: 'action.missingVendor', message: AwsMessages.actionMissingVendor };
  }
  if (action.indexOf(':', colon + 1) >= 0) return { code: 'action.multipleColons', message: AwsMessages.actionMultipleColons };
  const vendor = action.slice(0, colon);
  // An empty vendor (":Get") passes, as in AWS's observed validator.
  if (vendor !== '*' && !VENDOR.test(vendor)) {
    return { code: 'action.invalidVendor', message: AwsMessages.actionInvalidVendor(vendor) };
  }
  return undefined;
}

/** Case-insensitive `*`/`?` glob match, linear time (no backtracking regex). */
export function globMatchesIgnoreCase(pattern: string, value: string): boolean {
  const p = pattern.toLowerCase();
  const v = value.toLowerCase();
  let pi = 0;
  let vi = 0;
  let star = -1;
  let mark = 0;
  while (vi < v.length) {
    if (pi < p.length && (p[pi] === '?' || p[pi] === v[vi])) {
      pi++;
      vi++;
    } else if (pi < p.length && p[pi] === '*') {
      star = pi++;
      mark = vi;
    } else if (star >= 0) {
      pi = star + 1;
      vi = ++mark;
    } else return false;
  }
  while (pi < p.length && p[pi] === '*') pi++;
  return pi === p.length;
}
