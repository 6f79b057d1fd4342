import { describe, expect, it } from 'vitest';
import { lintAccount } from '../helpers.js';

function bySubject(report: Awaited<ReturnType<typeof lintAccount>>, id: string): string[] {
  return report.findings.filter((f) => f.checkId === id).map((f) => f.subject ?? '');
}

describe('entity.no-permissions-boundary', () => {
  it('reports roles and users without a boundary when the convention requires one', async () => {
    const report = await lintAccount({ requireBoundary: true });
    expect(bySubject(report, 'entity.no-permissions-boundary').sort()).toEqual(['alice', 'carol', 'order-processor', 'vendor-audit']);
  });

  it('exempts service-linked roles and is off without --require-boundary', async () => {
    const report = await lintAccount();
    expect(bySubject(report, 'entity.no-permissions-boundary')).toEqual([]);
    const required = await lintAccount({ requireBoundary: true });
    expect(bySubject(required, 'entity.no-permissions-boundary')).not.toContain('AWSServiceRoleForAutoScaling');
  });
});

describe('credentials.long-lived', () => {
  it('reports users with active access keys from the credential report', async () => {
    expect(bySubject(await lintAccount(), 'credentials.long-lived')).toEqual(['alice']);
  });

  it('is silent without a credential report (the export has no keys)', async () => {
    expect(bySubject(await lintAccount({}, false), 'credentials.long-lived')).toEqual([]);
  });
});

describe('credentials.stale-key', () => {
  it('reports a key older than --max-key-age-days', async () => {
    const messages = (await lintAccount()).findings.filter((f) => f.checkId === 'credentials.stale-key').map((f) => f.message);
    expect(messages).toEqual([expect.stringMatching(/access key 1 of user alice is \d+ days old/)]);
  });

  it('reports a key unused for longer than the limit', async () => {
    const messages = (await lintAccount({ maxKeyAgeDays: 1000, maxKeyUnusedDays: 20 })).findings
      .filter((f) => f.checkId === 'credentials.stale-key')
      .map((f) => f.message);
    expect(messages).toEqual([expect.stringMatching(/access key 2 of user alice has never been used in 31 days/)]);
  });
});
