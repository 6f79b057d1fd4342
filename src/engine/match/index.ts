// Low-level matching used by the compiler: globs, ARN patterns, patterns with policy variables.
export { compileWildcard, wildcardMatch, compileRangeWildcard, hasWildcard } from './wildcard.js';
export type { RangeMatcher } from './wildcard.js';
export { compileArnPattern, isArnShaped } from './arn.js';
export {
  compileArnTemplate,
  compileResourcePattern,
  compileStringTemplate,
  hasPolicyVariables,
  parseTemplate,
} from './template.js';
export type { TemplatePiece } from './template.js';
