// Suppressions: a finding that a team has reviewed and accepts, with a reason and optionally an expiry.
// Four forms, all naming a check id (or a family prefix such as `policy.catalog`):
//  - a statement Sid `CastellanIgnore<CheckIdInCamelCase>[digits]` (IAM allows only [A-Za-z0-9] in a Sid), whose
//    reason and expiry come from the suppressions file entry with that `sid`;
//  - CloudFormation `Metadata: { castellan: { ignore: [{ id, reason, expires }] } }` and the Terraform comment
//    `# castellan:ignore <id> reason="…" expires=YYYY-MM-DD` (filled in by those loaders);
//  - the `--suppressions FILE` JSON: `{ "suppressions": [{ "id", "reason", "expires"?, "path"?, "subject"?, "sid"? }] }`.
// A suppression without a reason does not apply and is reported; an expired one no longer applies and is
// reported. Suppressed findings are kept in the report, apart from the active ones.
import type { Statement } from '../policy/index.js';
import type { ScopedFinding } from './checks/context.js';
import { JsonFile } from './locate.js';
import type { AnalysisModel, CheckDefinition, EntityRecord, Finding, PolicyRecord, SourceLocation, Suppression } from './model.js';

export const SUPPRESSION_MISSING_REASON: CheckDefinition = {
  id: 'suppression.missing-reason',
  severity: 'warning',
  title: 'Suppression without a reason',
  why: 'A suppression must say why the finding is accepted, so reviewers and auditors can judge it later. Without one it does not apply.',
  fix: 'Add reason="…" (Terraform comment), reason: … (CloudFormation Metadata), or an entry with "sid" and "reason" in the suppressions file (Sid form).',
};

export const SUPPRESSION_EXPIRED: CheckDefinition = {
  id: 'suppression.expired',
  severity: 'warning',
  title: 'Expired suppression',
  why: 'The suppression\'s expiry date has passed, so the finding it silenced is reported again: the accepted risk was meant to be reviewed by then.',
  fix: 'Fix the finding and remove the suppression, or review it and set a new expiry date.',
};

export const SUPPRESSION_CHECKS = [SUPPRESSION_MISSING_REASON, SUPPRESSION_EXPIRED];

/** An entry of the suppressions file. */
export interface SuppressionEntry extends Suppression {
  /** Glob over the finding's file (`*` within a path segment, `**` across segments). */
  readonly path?: string;
  /** The finding's subject (policy, role, user or resource name) exactly. */
  readonly subject?: string;
  /** Gives the reason for the Sid form: applies to statements with this Sid. */
  readonly sid?: string;
}

export const SID_PREFIX = 'CastellanIgnore';

function camel(id: string): string {
  return id
    .split(/[.-]/)
    .map((part) => part.charAt(0).toUpperCase() + part.slice(1))
    .join('');
}

/** The check id (or family) a Sid names, if it follows the convention. */
export function checkIdFromSid(sid: string, knownIds: readonly string[]): string | undefined {
  if (!sid.startsWith(SID_PREFIX)) return undefined;
  const rest = sid.slice(SID_PREFIX.length).toLowerCase();
  const families = new Set<string>();
  for (const id of knownIds) {
    const parts = id.split('.');
    for (let i = 1; i < parts.length; i++) families.add(parts.slice(0, i).join('.'));
  }
  const candidates = [...knownIds, ...families];
  for (const text of [rest, rest.replace(/\d+$/, '')]) {
    const found = candidates.find((id) => camel(id).toLowerCase() === text);
    if (found !== undefined) return found;
  }
  return undefined;
}

/** Parses a suppressions file; problems are returned as load errors. */
export function parseSuppressionsFile(path: string, text: string): { entries: SuppressionEntry[]; errors: { message: string; location: SourceLocation }[] } {
  const json = new JsonFile(path, text);
  const errors: { message: string; location: SourceLocation }[] = [];
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    return { entries: [], errors: [{ message: `suppressions file is not JSON: ${(error as Error).message}`, location: json.locationOf(undefined) }] };
  }
  const list = Array.isArray(value) ? value : (value as { suppressions?: unknown } | null)?.suppressions;
  if (!Array.isArray(list)) {
    return { entries: [], errors: [{ message: 'suppressions file must be {"suppressions": [...]} or an array', location: json.locationOf(undefined) }] };
  }
  const listNode = Array.isArray(value) ? json.root : json.root?.children?.find((p) => p.children?.[0]?.value === 'suppressions')?.children?.[1];
  const entries: SuppressionEntry[] = [];
  list.forEach((raw: unknown, i: number) => {
    const location = json.locationOf(listNode?.children?.[i]);
    const entry = raw as Record<string, unknown> | null;
    const id = entry?.['id'] ?? entry?.['checkId'];
    if (typeof id !== 'string' || id === '') {
      errors.push({ message: `suppression ${i + 1} has no "id" (the check id it silences)`, location });
      return;
    }
    const str = (key: string): string | undefined => (typeof entry?.[key] === 'string' && entry[key] !== '' ? (entry[key] as string) : undefined);
    const reason = str('reason');
    const expires = str('expires');
    const glob = str('path');
    const subject = str('subject');
    const sid = str('sid');
    entries.push({
      checkId: id,
      location,
      ...(reason === undefined ? {} : { reason }),
      ...(expires === undefined ? {} : { expires }),
      ...(glob === undefined ? {} : { path: glob }),
      ...(subject === undefined ? {} : { subject }),
      ...(sid === undefined ? {} : { sid }),
    });
  });
  return { entries, errors };
}

function globToRegExp(glob: string): RegExp {
  let out = '';
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i] as string;
    if (c === '*' && glob[i + 1] === '*') {
      out += '.*';
      i++;
      if (glob[i + 1] === '/') i++;
    } else if (c === '*') out += '[^/]*';
    else if (c === '?') out += '[^/]';
    else out += c.replace(/[.+^${}()|[\]\\]/g, '\\$&');
  }
  return new RegExp(`^(?:.*/)?${out}$`);
}

function idMatches(suppressionId: string, checkId: string): boolean {
  return suppressionId === checkId || checkId.startsWith(`${suppressionId}.`);
}

type State = 'active' | 'missing-reason' | 'expired' | 'invalid-date';

function stateOf(s: Suppression, now: Date): State {
  if (s.reason === undefined || s.reason.trim() === '') return 'missing-reason';
  if (s.expires === undefined) return 'active';
  if (!/^\d{4}-\d{2}-\d{2}/.test(s.expires) || Number.isNaN(Date.parse(s.expires))) return 'invalid-date';
  // A date alone means "through that day" (UTC).
  const end = s.expires.length === 10 ? Date.parse(`${s.expires}T23:59:59.999Z`) : Date.parse(s.expires);
  return now.getTime() > end ? 'expired' : 'active';
}

interface Rule {
  readonly suppression: Suppression;
  /** Which findings it may silence. */
  readonly applies: (scoped: ScopedFinding) => boolean;
}

export interface SuppressionResult {
  readonly active: Finding[];
  readonly suppressed: Finding[];
}

/** Applies every suppression of the model and the config to the findings, and reports the bad ones. */
export function applySuppressions(
  findings: readonly ScopedFinding[],
  model: AnalysisModel,
  config: readonly SuppressionEntry[],
  knownIds: readonly string[],
  now: Date,
): SuppressionResult {
  const rules: Rule[] = [];
  const problems: Finding[] = [];
  const owners = new Map<PolicyRecord, EntityRecord>();
  for (const entity of model.entities) {
    if (entity.trustPolicy !== undefined) owners.set(entity.trustPolicy, entity);
    for (const p of entity.inlinePolicies) owners.set(p, entity);
  }
  const addRule = (suppression: Suppression, applies: Rule['applies']): void => {
    const state = stateOf(suppression, now);
    if (state === 'active') {
      rules.push({ suppression, applies });
      return;
    }
    const check = state === 'missing-reason' ? SUPPRESSION_MISSING_REASON : SUPPRESSION_EXPIRED;
    problems.push({
      checkId: check.id,
      severity: check.severity,
      location: suppression.location,
      message:
        state === 'missing-reason'
          ? `Suppression of ${suppression.checkId} has no reason, so it does not apply.`
          : state === 'invalid-date'
            ? `Suppression of ${suppression.checkId} has expiry "${suppression.expires}", which is not a YYYY-MM-DD date, so it does not apply.`
            : `Suppression of ${suppression.checkId} expired on ${suppression.expires}${suppression.reason === undefined ? '' : ` (reason: ${suppression.reason})`}; the findings it silenced are reported again.`,
    });
  };

  // Loader forms: on a policy or on an entity (and then on its trust and inline policies).
  const policyRecords = new Set<PolicyRecord>();
  for (const entity of model.entities) {
    for (const s of entity.suppressions) {
      addRule(s, (f) => idMatches(s.checkId, f.finding.checkId) && (f.entity === entity || (f.policy !== undefined && owners.get(f.policy) === entity) || (f.entity === undefined && f.policy === undefined && (f.finding.subject === entity.name || f.finding.subject === entity.arn))));
    }
    if (entity.trustPolicy !== undefined) policyRecords.add(entity.trustPolicy);
    entity.inlinePolicies.forEach((p) => policyRecords.add(p));
  }
  model.managedPolicies.forEach((m) => policyRecords.add(m.policy));
  model.resourcePolicies.forEach((r) => policyRecords.add(r.policy));
  model.standalonePolicies.forEach((p) => policyRecords.add(p));
  for (const level of model.scps ?? []) level.forEach((p) => policyRecords.add(p));
  for (const policy of policyRecords) {
    for (const s of policy.suppressions) addRule(s, (f) => idMatches(s.checkId, f.finding.checkId) && f.policy === policy);
    // Sid form.
    for (const statement of policy.document?.statements ?? []) {
      const sid = statement.sid;
      if (sid === undefined) continue;
      const checkId = checkIdFromSid(sid.value, knownIds);
      if (checkId === undefined) continue;
      const entry = config.find((e) => e.sid === sid.value);
      const suppression: Suppression = {
        checkId,
        location: policy.locate(sid.span.pointer),
        ...(entry?.reason === undefined ? {} : { reason: entry.reason }),
        ...(entry?.expires === undefined ? {} : { expires: entry.expires }),
      };
      addRule(suppression, (f) => idMatches(checkId, f.finding.checkId) && f.policy === policy && f.statementIndex === (statement as Statement).index);
    }
  }
  // Config entries (those with a `sid` only give reasons).
  for (const entry of config) {
    if (entry.sid !== undefined) continue;
    const glob = entry.path === undefined ? undefined : globToRegExp(entry.path.replace(/\\/g, '/'));
    addRule(entry, (f) => {
      if (!idMatches(entry.checkId, f.finding.checkId)) return false;
      if (glob !== undefined && !glob.test(f.finding.location.file.replace(/\\/g, '/'))) return false;
      return entry.subject === undefined || f.finding.subject === entry.subject;
    });
  }

  const active: Finding[] = [...problems];
  const suppressed: Finding[] = [];
  for (const scoped of findings) {
    const rule = scoped.finding.checkId.startsWith('suppression.') ? undefined : rules.find((r) => r.applies(scoped));
    if (rule === undefined) active.push(scoped.finding);
    else {
      suppressed.push({
        ...scoped.finding,
        suppressed: {
          ...(rule.suppression.reason === undefined ? {} : { reason: rule.suppression.reason }),
          ...(rule.suppression.expires === undefined ? {} : { expires: rule.suppression.expires }),
        },
      });
    }
  }
  return { active, suppressed };
}
