// The conformance corpus: each case is a scenario (src/engine/scenario.ts) and the decision the spec requires.
// One test per case; a case's `spec` names the section its expectation comes from, `why` explains subtle ones.
import { readFileSync, readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { compilePolicySet, evaluate } from '../../src/engine/index.js';
import { loadScenario } from '../../src/engine/scenario.js';
import type { Decision, PolicyLayer } from '../../src/engine/types.js';

interface ConformanceCase {
  readonly name: string;
  readonly spec: string;
  readonly why?: string;
  readonly scenario: unknown;
  readonly expected: Decision;
  readonly decidedBy?: PolicyLayer;
  readonly missingContextKeys?: readonly string[];
}

const DIR = dirname(fileURLToPath(import.meta.url));
const MINIMUM_CASES = 420;

const files = readdirSync(DIR)
  .filter((f) => f.endsWith('.json'))
  .sort()
  .map((file) => ({ file, cases: (JSON.parse(readFileSync(join(DIR, file), 'utf8')) as { cases: ConformanceCase[] }).cases }));

describe('conformance corpus', () => {
  it(`has at least ${MINIMUM_CASES} cases, each with a spec reference and a unique name per file`, () => {
    const all = files.flatMap((f) => f.cases);
    expect(all.length).toBeGreaterThanOrEqual(MINIMUM_CASES);
    for (const { file, cases } of files) {
      const names = new Set<string>();
      for (const c of cases) {
        expect(typeof c.spec === 'string' && c.spec.length > 0, `${file}: "${c.name}" has no spec reference`).toBe(true);
        expect(['allowed', 'explicitDeny', 'implicitDeny']).toContain(c.expected);
        expect(names.has(c.name), `${file}: duplicate case name "${c.name}"`).toBe(false);
        names.add(c.name);
      }
    }
  });
});

for (const { file, cases } of files) {
  describe(file, () => {
    for (const c of cases) {
      it(c.name, () => {
        const loaded = loadScenario(JSON.stringify(c.scenario), `${file}#${c.name}`);
        if (!loaded.ok) throw new Error(`scenario does not load: ${JSON.stringify(loaded.errors)}`);
        const explain = c.missingContextKeys !== undefined;
        const result = evaluate(loaded.request, compilePolicySet(loaded.policySet), { explain });
        const context = `${c.spec}${c.why === undefined ? '' : ` — ${c.why}`}`;
        expect(result.decision, context).toBe(c.expected);
        if (c.decidedBy !== undefined) expect(result.decidedBy, context).toBe(c.decidedBy);
        if (c.missingContextKeys !== undefined) {
          const missing = [...new Set(result.explanation?.missingContextKeys ?? [])].sort();
          expect(missing, context).toEqual([...c.missingContextKeys].sort());
        }
      });
    }
  });
}
