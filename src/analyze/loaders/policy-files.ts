// Plain policy JSON files: each file is one standalone PolicyRecord, its kind detected as `castellan
// validate` does (plus file-name hints for SCPs and boundaries), every pointer located in the file.
import { checkPolicy, parsePolicy, type PolicyKind } from '../../policy/index.js';
import { JsonFile } from '../locate.js';
import type { AnalysisModel, PolicyRecord } from '../model.js';
import { detectPolicyKind, policyKindFromFileName } from './policy-kind.js';

export interface InputFile {
  readonly path: string;
  readonly text: string;
}

export function loadPolicyFile(file: InputFile, kind?: PolicyKind): PolicyRecord {
  const json = new JsonFile(file.path, file.text);
  let resolved = kind;
  if (resolved === undefined) {
    // The grammar alone (no kind rules) tells whether the document has a Principal.
    const detected = detectPolicyKind(parsePolicy(file.text, { source: file.path }).document);
    resolved = detected === 'identity' ? (policyKindFromFileName(file.path) ?? 'identity') : detected;
  }
  const checked = checkPolicy(file.text, resolved, { source: file.path });
  const locate = json.locator(json.root);
  return {
    id: `policy:${file.path}`,
    name: file.path.split(/[\\/]/).pop() ?? file.path,
    kind: resolved,
    ...(checked.document === undefined ? {} : { document: checked.document }),
    text: file.text,
    parseErrors: checked.diagnostics.filter((d) => d.severity === 'error').map((d) => d.message),
    checked,
    location: locate(''),
    locate,
    unknowns: new Map(),
    suppressions: [],
  };
}

/** Loads policy documents given on their own. */
export function loadPolicyFiles(files: readonly InputFile[], kind?: PolicyKind): AnalysisModel {
  return {
    inputs: files.map((f) => ({ file: f.path, kind: 'policy' as const })),
    entities: [],
    managedPolicies: [],
    resourcePolicies: [],
    standalonePolicies: files.map((f) => loadPolicyFile(f, kind)),
    loadErrors: [],
  };
}
