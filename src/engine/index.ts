// Public face of the evaluation engine: compile a policy set once, evaluate requests against it.
export { compilePolicy, compilePolicySet } from './compile.js';
export type { CompiledPolicy, CompiledPolicySet } from './compile.js';
export { evaluate } from './evaluate.js';
export { accessDeniedMessage, describeStatement } from './explain.js';
export { compileWildcard, wildcardMatch } from './match/wildcard.js';
export { compileArnPattern } from './match/arn.js';
export { CONDITION_OPERATORS, parseConditionOperator } from './conditions/index.js';
export { POLICY_LAYER_NAMES } from './types.js';
export type {
  ContextValue,
  ContextValues,
  Decision,
  EvaluateOptions,
  EvaluationRequest,
  EvaluationResult,
  Explanation,
  LayerAnalysis,
  LayerResult,
  MatchedStatement,
  NamedPolicy,
  PolicyLayer,
  PolicySet,
  PrincipalDetails,
  PrincipalKind,
  ResourcePolicyKind,
  SkippedPolicy,
} from './types.js';
