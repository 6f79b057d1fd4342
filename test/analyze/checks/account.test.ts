import { describe, expect, it } from 'vitest';
import { lintAccount } from '../helpers.js';

describe('an account export', () => {
  it('runs the policy checks on inline, group and managed policies (default versions only)', async () => {
    const report = await lintAccount();
    const found = report.findings.map((f) => `${f.checkId} ${f.subject ?? ''}`);
    expect(found).toContain('iam.wildcard-action alice');
    expect(found).toContain('iam.passrole-wildcard app-deploy');
    expect(found).toContain('trust.service-without-source order-processor');
    expect(found).toContain('trust.cross-account-without-condition vendor-audit');
  });

  it('skips AWS managed policies and policies used only as boundaries', async () => {
    const subjects = (await lintAccount()).findings.map((f) => f.subject);
    expect(subjects).not.toContain('AdministratorAccess');
    expect(subjects).not.toContain('developer-boundary');
  });

  it('includes the escalation paths of the escalation analysis', async () => {
    const report = await lintAccount();
    const escalation = report.findings.find((f) => f.checkId.startsWith('escalation.'));
    expect(escalation?.subject).toBe('arn:aws:iam::111122223333:user/carol');
    expect(escalation?.path?.length).toBeGreaterThan(0);
  });

  it('omits escalation when asked to', async () => {
    const report = await lintAccount({ escalation: false });
    expect(report.findings.some((f) => f.checkId.startsWith('escalation.'))).toBe(false);
  });
});
