/**
 * The scenario format: one request plus every policy that applies to it, as read by `castellan eval` and by the
 * conformance corpus (test/conformance). A scenario is a JSON object:
 *
 * ```
 * { "request": {
 *     "principal": "arn:aws:iam::111111111111:user/alice",   // required: ARN, service principal or "anonymous"
 *     "action": "s3:GetObject",                               // required: service:Action
 *     "resource": "arn:aws:s3:::bucket/key",                  // optional (omit for resource-less actions)
 *     "resourceAccount": "111111111111",                      // optional; default: account in the resource ARN,
 *                                                             //   else the principal's (S3 ARNs carry none)
 *     "context": { "aws:SourceIp": "203.0.113.9", "aws:TagKeys": ["a", "b"] },
 *     "principalDetails": { "roleArn": "...", "sourceUserArn": "...", "uniqueId": "AIDA...",
 *                           "isServiceLinkedRole": false }     // optional extension
 *   },
 *   "identityPolicies": [ { "name": "...", "policy": { ...policy document... } } ],
 *   "resourcePolicy": { "name": "...", "policy": { ... } },
 *   "resourcePolicyKind": "resource" | "trust" | "kmsKey",     // optional extension, default "resource"
 *   "permissionBoundary": { "name": "...", "policy": { ... } },
 *   "sessionPolicies": [ { "name": "...", "policy": { ... } } ],
 *   "scps": [ [ ...policies of the root... ], [ ...of an OU... ], [ ...of the account... ] ],
 *   "rcps": [ ...same shape as scps... ] }
 * ```
 *
 * - Every field but `request` is optional; any other top-level, request or principalDetails field is an error.
 * - A policy entry is `{ "name"?, "policy" }`; `policy` is a policy document object or its text as a JSON string.
 *   `name` defaults to the entry's location (e.g. `identityPolicies[0]`). A bare policy document (an object with
 *   `Statement` and no `policy`) is accepted in place of an entry.
 * - Context values are strings or arrays of strings (multivalued keys); numbers and booleans are stringified.
 *   The context is complete: the engine fills in nothing (put `aws:PrincipalArn` there if a condition uses it).
 * - Errors carry the 1-based line and column in the scenario text and a JSON pointer. Policies given as objects are
 *   parsed in place, so their diagnostics point into the scenario file too; for a policy given as a string, the
 *   position is that of the string, and the message says where inside the policy text the problem is.
 *
 * `loadScenario` is pure (the caller reads the file) and never throws.
 */
import { parseTree, printParseErrorCode } from 'jsonc-parser';
import type { Node, ParseError } from 'jsonc-parser';
import { lineStarts, parsePolicy, positionAt } from '../policy/index.js';
import type { Diagnostic } from '../policy/index.js';
import type {
  ContextValue,
  EvaluationRequest,
  NamedPolicy,
  PolicySet,
  PrincipalDetails,
  ResourcePolicyKind,
} from './types.js';

export interface ScenarioError {
  readonly message: string;
  /** 1-based, in the scenario text. */
  readonly line?: number;
  /** 1-based, in the scenario text. */
  readonly column?: number;
  /** RFC 6901 pointer into the scenario, e.g. `/identityPolicies/0/policy/Statement/0/Action`. */
  readonly pointer?: string;
}

export type ScenarioResult =
  | { readonly ok: true; readonly request: EvaluationRequest; readonly policySet: PolicySet }
  | { readonly ok: false; readonly errors: readonly ScenarioError[] };

const TOP_LEVEL_FIELDS = [
  'request',
  'identityPolicies',
  'resourcePolicy',
  'resourcePolicyKind',
  'permissionBoundary',
  'sessionPolicies',
  'scps',
  'rcps',
] as const;
const REQUEST_FIELDS = ['principal', 'action', 'resource', 'resourceAccount', 'context', 'principalDetails'] as const;
const PRINCIPAL_DETAIL_FIELDS = ['roleArn', 'sourceUserArn', 'uniqueId', 'isServiceLinkedRole'] as const;
const RESOURCE_POLICY_KINDS: readonly ResourcePolicyKind[] = ['resource', 'trust', 'kmsKey'];

/** Parses and validates a scenario. `source` (a file name) is used in policy diagnostics. */
export function loadScenario(text: string, source?: string): ScenarioResult {
  try {
    return new ScenarioLoader(text, source).load();
  } catch (err) {
    // Defensive: a bug in a parser below must not crash `castellan eval`.
    return { ok: false, errors: [{ message: `internal error while loading the scenario: ${String(err)}` }] };
  }
}

class ScenarioLoader {
  private readonly errors: ScenarioError[] = [];
  private lineStarts: number[] | undefined;

  constructor(
    private readonly text: string,
    private readonly source: string | undefined,
  ) {}

  load(): ScenarioResult {
    const parseErrors: ParseError[] = [];
    const root = parseTree(this.text, parseErrors, { disallowComments: true, allowTrailingComma: false });
    if (parseErrors.length > 0 || root === undefined) {
      for (const e of parseErrors) {
        this.error(`invalid JSON: ${printParseErrorCode(e.error)}`, e.offset, '');
      }
      if (this.errors.length === 0) this.error('invalid JSON: the scenario is empty', 0, '');
      return this.fail();
    }
    if (root.type !== 'object') {
      this.error('a scenario must be a JSON object', root.offset, '');
      return this.fail();
    }
    const fields = this.fieldsOf(root, '', TOP_LEVEL_FIELDS);

    const requestNode = fields.get('request');
    let request: EvaluationRequest | undefined;
    if (requestNode === undefined) {
      this.error('missing required field "request"', root.offset, '');
    } else {
      request = this.request(requestNode, '/request');
    }

    const policySet: {
      identity?: NamedPolicy[];
      resource?: NamedPolicy;
      resourcePolicyKind?: ResourcePolicyKind;
      permissionBoundary?: NamedPolicy;
      session?: NamedPolicy[];
      scps?: NamedPolicy[][];
      rcps?: NamedPolicy[][];
    } = {};

    const identity = fields.get('identityPolicies');
    if (identity !== undefined) policySet.identity = this.policyList(identity, '/identityPolicies', 'identityPolicies');
    const resource = fields.get('resourcePolicy');
    if (resource !== undefined) policySet.resource = this.policyEntry(resource, '/resourcePolicy', 'resourcePolicy');
    const kind = fields.get('resourcePolicyKind');
    if (kind !== undefined) {
      if (kind.type === 'string' && RESOURCE_POLICY_KINDS.includes(kind.value as ResourcePolicyKind)) {
        policySet.resourcePolicyKind = kind.value as ResourcePolicyKind;
      } else {
        this.error(
          `"resourcePolicyKind" must be one of ${RESOURCE_POLICY_KINDS.map((k) => `"${k}"`).join(', ')}`,
          kind.offset,
          '/resourcePolicyKind',
        );
      }
    }
    const boundary = fields.get('permissionBoundary');
    if (boundary !== undefined) {
      policySet.permissionBoundary = this.policyEntry(boundary, '/permissionBoundary', 'permissionBoundary');
    }
    const session = fields.get('sessionPolicies');
    if (session !== undefined) policySet.session = this.policyList(session, '/sessionPolicies', 'sessionPolicies');
    const scps = fields.get('scps');
    if (scps !== undefined) policySet.scps = this.levels(scps, '/scps', 'scps');
    const rcps = fields.get('rcps');
    if (rcps !== undefined) policySet.rcps = this.levels(rcps, '/rcps', 'rcps');

    if (this.errors.length > 0 || request === undefined) return this.fail();
    return { ok: true, request, policySet };
  }

  // ── request ────────────────────────────────────────────────────────────────────────────────────────────

  private request(node: Node, pointer: string): EvaluationRequest | undefined {
    if (node.type !== 'object') {
      this.error('"request" must be an object', node.offset, pointer);
      return undefined;
    }
    const fields = this.fieldsOf(node, pointer, REQUEST_FIELDS);
    const principal = this.requiredString(fields.get('principal'), 'principal', node, pointer);
    const action = this.requiredString(fields.get('action'), 'action', node, pointer);
    if (action !== undefined && action !== '*' && !/^[^:]+:[^:]+$/.test(action)) {
      const actionNode = fields.get('action');
      this.error(`"action" must be "service:Action", got "${action}"`, actionNode?.offset ?? node.offset, `${pointer}/action`);
    }
    const resource = this.optionalString(fields.get('resource'), `${pointer}/resource`, 'resource');
    const resourceAccount = this.optionalString(
      fields.get('resourceAccount'),
      `${pointer}/resourceAccount`,
      'resourceAccount',
    );
    const contextNode = fields.get('context');
    const context = contextNode === undefined ? undefined : this.context(contextNode, `${pointer}/context`);
    const detailsNode = fields.get('principalDetails');
    const principalDetails =
      detailsNode === undefined ? undefined : this.principalDetails(detailsNode, `${pointer}/principalDetails`);
    if (principal === undefined || action === undefined) return undefined;
    return {
      principal,
      action,
      ...(resource !== undefined && { resource }),
      ...(resourceAccount !== undefined && { resourceAccount }),
      ...(context !== undefined && { context }),
      ...(principalDetails !== undefined && { principalDetails }),
    };
  }

  private context(node: Node, pointer: string): Record<string, ContextValue> | undefined {
    if (node.type !== 'object') {
      this.error('"context" must be an object of condition keys to values', node.offset, pointer);
      return undefined;
    }
    const context: Record<string, ContextValue> = {};
    const seen = new Map<string, string>();
    for (const property of node.children ?? []) {
      const [keyNode, valueNode] = property.children ?? [];
      if (keyNode === undefined || valueNode === undefined) continue;
      const key = String(keyNode.value);
      const keyPointer = `${pointer}/${escapePointer(key)}`;
      // Key names compare case-insensitively, so `aws:SourceIp` and `aws:sourceip` would be one key twice.
      const previous = seen.get(key.toLowerCase());
      if (previous !== undefined) {
        this.error(`context key "${key}" is given twice (also as "${previous}"; keys are case-insensitive)`, keyNode.offset, keyPointer);
        continue;
      }
      seen.set(key.toLowerCase(), key);
      const value = this.contextValue(valueNode, keyPointer, key);
      if (value !== undefined) context[key] = value;
    }
    return context;
  }

  private contextValue(node: Node, pointer: string, key: string): ContextValue | undefined {
    const scalar = scalarText(node, this.text);
    if (scalar !== undefined) return scalar;
    if (node.type === 'array') {
      const values: string[] = [];
      let ok = true;
      (node.children ?? []).forEach((element, i) => {
        const text = scalarText(element, this.text);
        if (text === undefined) {
          this.error(`context key "${key}": array elements must be strings`, element.offset, `${pointer}/${i}`);
          ok = false;
        } else {
          values.push(text);
        }
      });
      return ok ? values : undefined;
    }
    this.error(`context key "${key}" must be a string or an array of strings`, node.offset, pointer);
    return undefined;
  }

  private principalDetails(node: Node, pointer: string): PrincipalDetails | undefined {
    if (node.type !== 'object') {
      this.error('"principalDetails" must be an object', node.offset, pointer);
      return undefined;
    }
    const fields = this.fieldsOf(node, pointer, PRINCIPAL_DETAIL_FIELDS);
    const roleArn = this.optionalString(fields.get('roleArn'), `${pointer}/roleArn`, 'roleArn');
    const sourceUserArn = this.optionalString(fields.get('sourceUserArn'), `${pointer}/sourceUserArn`, 'sourceUserArn');
    const uniqueId = this.optionalString(fields.get('uniqueId'), `${pointer}/uniqueId`, 'uniqueId');
    const slrNode = fields.get('isServiceLinkedRole');
    let isServiceLinkedRole: boolean | undefined;
    if (slrNode !== undefined) {
      if (slrNode.type === 'boolean') isServiceLinkedRole = slrNode.value === true;
      else this.error('"isServiceLinkedRole" must be true or false', slrNode.offset, `${pointer}/isServiceLinkedRole`);
    }
    return {
      ...(roleArn !== undefined && { roleArn }),
      ...(sourceUserArn !== undefined && { sourceUserArn }),
      ...(uniqueId !== undefined && { uniqueId }),
      ...(isServiceLinkedRole !== undefined && { isServiceLinkedRole }),
    };
  }

  // ── policies ───────────────────────────────────────────────────────────────────────────────────────────

  private levels(node: Node, pointer: string, label: string): NamedPolicy[][] | undefined {
    if (node.type !== 'array') {
      this.error(`"${label}" must be an array of levels (root, OUs…, account), each an array of policies`, node.offset, pointer);
      return undefined;
    }
    const levels: NamedPolicy[][] = [];
    (node.children ?? []).forEach((level, i) => {
      const policies = this.policyList(level, `${pointer}/${i}`, `${label}[${i}]`);
      if (policies !== undefined) levels.push(policies);
    });
    return levels;
  }

  private policyList(node: Node, pointer: string, label: string): NamedPolicy[] | undefined {
    if (node.type !== 'array') {
      this.error(`"${label}" must be an array of policies`, node.offset, pointer);
      return undefined;
    }
    const policies: NamedPolicy[] = [];
    (node.children ?? []).forEach((entry, i) => {
      const policy = this.policyEntry(entry, `${pointer}/${i}`, `${label}[${i}]`);
      if (policy !== undefined) policies.push(policy);
    });
    return policies;
  }

  private policyEntry(node: Node, pointer: string, defaultName: string): NamedPolicy | undefined {
    if (node.type !== 'object') {
      this.error(`${defaultName}: a policy entry must be an object { "name", "policy" }`, node.offset, pointer);
      return undefined;
    }
    const keys = new Set((node.children ?? []).map((p) => String(p.children?.[0]?.value)));
    if (!keys.has('policy') && keys.has('Statement')) {
      // A bare policy document in place of an entry.
      return this.policyDocument(node, pointer, defaultName);
    }
    const fields = this.fieldsOf(node, pointer, ['name', 'policy']);
    const nameNode = fields.get('name');
    let name = defaultName;
    if (nameNode !== undefined) {
      if (nameNode.type === 'string' && nameNode.value !== '') name = String(nameNode.value);
      else this.error(`${defaultName}: "name" must be a non-empty string`, nameNode.offset, `${pointer}/name`);
    }
    const policyNode = fields.get('policy');
    if (policyNode === undefined) {
      this.error(`${defaultName}: missing required field "policy"`, node.offset, pointer);
      return undefined;
    }
    return this.policyDocument(policyNode, `${pointer}/policy`, name);
  }

  private policyDocument(node: Node, pointer: string, name: string): NamedPolicy | undefined {
    if (node.type === 'object') {
      const { document, diagnostics } = parsePolicy(this.text, {
        ...(this.source !== undefined && { source: this.source }),
        range: { offset: node.offset, length: node.length },
        pointerPrefix: pointer,
      });
      for (const d of errorsOf(diagnostics)) {
        this.errors.push({
          message: `policy "${name}": ${d.message}`,
          ...(d.span !== undefined
            ? { line: d.span.start.line, column: d.span.start.column, pointer: d.span.pointer }
            : { ...this.position(node.offset), pointer }),
        });
      }
      return document === undefined ? undefined : { name, document };
    }
    if (node.type === 'string') {
      const policyText = String(node.value);
      const { document, diagnostics } = parsePolicy(policyText, {
        ...(this.source !== undefined && { source: this.source }),
      });
      for (const d of errorsOf(diagnostics)) {
        const where =
          d.span === undefined
            ? ''
            : ` (at line ${d.span.start.line}, column ${d.span.start.column} of the policy text` +
              (d.span.pointer === '' ? ')' : `, ${d.span.pointer})`);
        this.error(`policy "${name}": ${d.message}${where}`, node.offset, pointer);
      }
      return document === undefined ? undefined : { name, document };
    }
    this.error(`policy "${name}" must be a policy document object or its JSON text`, node.offset, pointer);
    return undefined;
  }

  // ── helpers ────────────────────────────────────────────────────────────────────────────────────────────

  /** The fields of an object node by name; unknown and duplicate fields are reported. */
  private fieldsOf(node: Node, pointer: string, known: readonly string[]): Map<string, Node> {
    const fields = new Map<string, Node>();
    for (const property of node.children ?? []) {
      const [keyNode, valueNode] = property.children ?? [];
      if (keyNode === undefined || valueNode === undefined) continue;
      const key = String(keyNode.value);
      const fieldPointer = `${pointer}/${escapePointer(key)}`;
      if (!known.includes(key)) {
        const hint = closest(key, known);
        this.error(`unknown field "${key}"${hint === undefined ? '' : ` (did you mean "${hint}"?)`}`, keyNode.offset, fieldPointer);
      } else if (fields.has(key)) {
        this.error(`field "${key}" is given twice`, keyNode.offset, fieldPointer);
      } else {
        fields.set(key, valueNode);
      }
    }
    return fields;
  }

  private requiredString(node: Node | undefined, field: string, parent: Node, parentPointer: string): string | undefined {
    if (node === undefined) {
      this.error(`missing required field "${field}"`, parent.offset, parentPointer);
      return undefined;
    }
    if (node.type !== 'string' || node.value === '') {
      this.error(`"${field}" must be a non-empty string`, node.offset, `${parentPointer}/${field}`);
      return undefined;
    }
    return String(node.value);
  }

  private optionalString(node: Node | undefined, pointer: string, field: string): string | undefined {
    if (node === undefined) return undefined;
    if (node.type !== 'string' || node.value === '') {
      this.error(`"${field}" must be a non-empty string`, node.offset, pointer);
      return undefined;
    }
    return String(node.value);
  }

  private error(message: string, offset: number, pointer: string): void {
    this.errors.push({ message, ...this.position(offset), pointer });
  }

  private fail(): ScenarioResult {
    return { ok: false, errors: this.errors };
  }

  private position(offset: number): { line: number; column: number } {
    this.lineStarts ??= lineStarts(this.text);
    const { line, column } = positionAt(this.lineStarts, offset);
    return { line, column };
  }
}

function errorsOf(diagnostics: readonly Diagnostic[]): Diagnostic[] {
  return diagnostics.filter((d) => d.severity === 'error');
}

/** A JSON string, number or boolean as text (numbers as written, so `1.50` stays `1.50`); else undefined. */
function scalarText(node: Node, text: string): string | undefined {
  if (node.type === 'string') return String(node.value);
  if (node.type === 'number') return text.slice(node.offset, node.offset + node.length);
  if (node.type === 'boolean') return String(node.value);
  return undefined;
}

function escapePointer(segment: string): string {
  return segment.replace(/~/g, '~0').replace(/\//g, '~1');
}

/** The known name closest to `name` by edit distance, if it is close enough to be a likely typo. */
function closest(name: string, known: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const candidate of known) {
    const d = editDistance(name.toLowerCase(), candidate.toLowerCase());
    if (d < bestDistance) {
      bestDistance = d;
      best = candidate;
    }
  }
  return bestDistance <= Math.max(2, Math.floor(name.length / 3)) ? best : undefined;
}

function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      current[j] = Math.min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    previous = current;
  }
  return previous[b.length];
}
