// A value the loader could not know (Terraform `known after apply`, an unresolvable CloudFormation
// intrinsic) where a check needed it: reported, never silently taken as safe.
import type { CheckDefinition } from '../model.js';

export const UNKNOWN_VALUE: CheckDefinition = {
  id: 'unknown.value',
  severity: 'info',
  title: 'Value unknown before deployment',
  why: 'A check needed this value (a principal, resource, action or condition value) but it is only known after deployment, so the check could not decide. It is reported instead of being assumed safe. Warning when it decides who can access a role or resource.',
  fix: 'Give the value statically where you can (a variable default, a literal ARN), or review the deployed policy (lint the account export after apply).',
};

export const LOAD_ERROR: CheckDefinition = {
  id: 'input.load-error',
  severity: 'error',
  title: 'Input that could not be loaded',
  why: 'The file (or a construct in it) could not be read into the analysis, so nothing in it was checked.',
  fix: 'Fix the syntax the message names, or report the unsupported construct.',
};
