// One model from the models of several inputs (a policy folder, a template and an account export together).
import type { AnalysisModel, PolicyRecord } from '../model.js';

export function merge(models: readonly AnalysisModel[]): AnalysisModel {
  const scpLevels: (readonly PolicyRecord[])[] = [];
  for (const model of models) {
    // SCPs are per organization level; inputs that know them describe the same organization, level by level.
    model.scps?.forEach((level, i) => {
      scpLevels[i] = [...(scpLevels[i] ?? []), ...level];
    });
  }
  return {
    inputs: models.flatMap((m) => m.inputs),
    entities: models.flatMap((m) => m.entities),
    managedPolicies: models.flatMap((m) => m.managedPolicies),
    resourcePolicies: models.flatMap((m) => m.resourcePolicies),
    standalonePolicies: models.flatMap((m) => m.standalonePolicies),
    ...(scpLevels.length > 0 ? { scps: scpLevels } : {}),
    loadErrors: models.flatMap((m) => m.loadErrors),
  };
}

export const EMPTY_MODEL: AnalysisModel = {
  inputs: [],
  entities: [],
  managedPolicies: [],
  resourcePolicies: [],
  standalonePolicies: [],
  loadErrors: [],
};
