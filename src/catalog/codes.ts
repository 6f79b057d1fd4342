// The catalog's diagnostic codes, in the same form as policy/codes.ts (codes are API: never renamed or
// reused). Kept here because policy/ sits below catalog/ and cannot know them.
export const CATALOG_DIAGNOSTIC_CODES = {
  'catalog.unknownService': 'An action whose service prefix AWS does not have.',
  'catalog.unknownAction': 'An action the service does not have.',
  'catalog.actionPatternMatchesNothing': 'An action pattern that matches no action of its service.',
  'catalog.unknownConditionKey': 'A condition key AWS does not define (global or of a known service).',
  'catalog.conditionKeyNotSupported': "A service condition key that none of the statement's actions supports.",
  'catalog.resourceMatchesNoResourceType': "A resource ARN that matches no resource type of the statement's actions.",
} as const;

export type CatalogDiagnosticCode = keyof typeof CATALOG_DIAGNOSTIC_CODES;
