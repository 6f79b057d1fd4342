import { describe, expect, it } from 'vitest';
import { ids, lintPolicies } from '../helpers.js';

describe('policy.invalid', () => {
  it('reports grammar errors at the element, with the code', async () => {
    const findings = await lintPolicies(['malformed.json']);
    expect(findings.map((f) => [f.checkId, f.location.line, f.location.column])).toEqual([['policy.invalid', 4, 17]]);
    expect(findings[0]?.message).toContain('effect.invalid');
  });

  it('is silent on a valid policy', async () => {
    expect(ids(await lintPolicies(['seed-least-privilege.json']))).not.toContain('policy.invalid');
  });
});

describe('policy.catalog', () => {
  it('reports unknown actions and condition keys with did-you-mean', async () => {
    const findings = await lintPolicies(['typos.json']);
    expect(ids(findings)).toEqual(['policy.catalog.unknown-action', 'policy.catalog.unknown-condition-key']);
    expect(findings[0]?.message).toContain('Did you mean s3:GetObject?');
    expect(findings[1]?.message).toContain('Did you mean aws:SourceVpce?');
  });

  it('is silent when every name is known', async () => {
    expect(await lintPolicies(['seed-restricted-s3.json'])).toEqual([]);
  });
});
