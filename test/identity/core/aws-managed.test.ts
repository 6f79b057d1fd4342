import { describe, expect, it } from 'vitest';
import { getAwsManagedPolicy, getAwsManagedPolicyVersion, listAwsManagedPolicies } from '../../../src/identity/index.js';

describe('AWS-managed policies', () => {
  it('finds AdministratorAccess with its default document', async () => {
    const p = await getAwsManagedPolicy('arn:aws:iam::aws:policy/AdministratorAccess');
    expect(p).toMatchObject({ policyName: 'AdministratorAccess', path: '/', defaultVersionId: 'v1', arn: 'arn:aws:iam::aws:policy/AdministratorAccess' });
    expect(JSON.parse(p!.document)).toEqual({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] });
    expect(p!.policyId).toMatch(/^ANPA[A-Z2-7]{17}$/);
    expect((await getAwsManagedPolicy('arn:aws:iam::aws:policy/AdministratorAccess'))!.policyId).toBe(p!.policyId);
  });

  it('keeps paths and answers in the partition asked for', async () => {
    const p = await getAwsManagedPolicy('arn:aws-cn:iam::aws:policy/service-role/AWSLambdaRole');
    expect(p).toMatchObject({ path: '/service-role/', policyName: 'AWSLambdaRole', arn: 'arn:aws-cn:iam::aws:policy/service-role/AWSLambdaRole' });
    expect(await getAwsManagedPolicy('arn:aws:iam::aws:policy/AWSLambdaRole')).toBeUndefined();
    expect(await getAwsManagedPolicy('arn:aws:iam::123456789012:policy/AdministratorAccess')).toBeUndefined();
  });

  it('lists every policy ordered by name', async () => {
    const all = await listAwsManagedPolicies();
    expect(all.length).toBeGreaterThan(1000);
    const names = all.map((p) => p.policyName.toLowerCase());
    expect([...names].sort()).toEqual(names);
  });

  it('lists versions newest first and reads an older version from the data', async () => {
    const p = await getAwsManagedPolicy('arn:aws:iam::aws:policy/PowerUserAccess');
    expect(p!.versions[0]).toMatchObject({ versionId: p!.defaultVersionId, isDefaultVersion: true });
    const v1 = await getAwsManagedPolicyVersion('arn:aws:iam::aws:policy/PowerUserAccess', 'v1');
    expect(v1).toMatchObject({ versionId: 'v1', isDefaultVersion: false });
    expect(JSON.parse(v1!.document).Statement[0].NotAction).toBe('iam:*');
    expect(await getAwsManagedPolicyVersion('arn:aws:iam::aws:policy/PowerUserAccess', 'v99')).toBeUndefined();
  });
});
