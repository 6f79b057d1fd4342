import { beforeAll, describe, expect, it } from 'vitest';
import { checkAgainstCatalog, loadCatalog, type Catalog } from '../../src/catalog/index.js';
import { policy, span, type StatementSpec } from './document.js';

let catalog: Catalog;
beforeAll(async () => {
  catalog = await loadCatalog();
});

const check = (...statements: StatementSpec[]) => checkAgainstCatalog(policy(statements), catalog);
const codes = (...statements: StatementSpec[]) => check(...statements).map((diagnostic) => diagnostic.code);

describe('checkAgainstCatalog: a clean policy', () => {
  it('reports nothing for known actions, keys and matching resources', () => {
    expect(
      check({
        action: ['s3:GetObject', 's3:PutObject'],
        resource: ['arn:aws:s3:::bucket/*'],
        condition: { IpAddress: { 'aws:SourceIp': '10.0.0.0/8' }, StringEquals: { 's3:ExistingObjectTag/team': 'a' } },
      }),
    ).toEqual([]);
  });

  it('reports nothing for Action "*" and Resource "*"', () => {
    expect(codes({ action: ['*'], resource: ['*'], condition: { StringEquals: { 's3:prefix': 'x' } } })).toEqual([]);
  });

  it('reports nothing for a trust policy keyed on an OIDC provider the data does not list', () => {
    expect(
      codes({
        action: ['sts:AssumeRoleWithWebIdentity'],
        condition: { StringLike: { 'token.actions.githubusercontent.com:sub': 'repo:org/*', 'oidc.eks.us-east-1.amazonaws.com/id/ABC:aud': 'x' } },
      }),
    ).toEqual([]);
  });
});

describe('catalog.unknownService', () => {
  it('warns with the action span and suggests the nearby service’s action', () => {
    const [diagnostic, ...rest] = check({ action: ['s3:GetObject', 's4:GetObject'], resource: ['*'] });
    expect(rest).toEqual([]);
    expect(diagnostic).toEqual({
      code: 'catalog.unknownService',
      severity: 'warning',
      message: 'Unknown service prefix "s4" in action s4:GetObject. Did you mean s3:GetObject?',
      span: span('/Statement/0/Action/1'),
      suggestion: 's3:GetObject',
    });
  });

  it('carries the document source', () => {
    const [diagnostic] = checkAgainstCatalog(policy([{ action: ['nosuchservicexyz:Do'] }], 'policies/a.json'), catalog);
    expect(diagnostic?.source).toBe('policies/a.json');
    expect(diagnostic?.suggestion).toBeUndefined();
  });

  it('also checks NotAction', () => {
    expect(codes({ notAction: ['nosuchservicexyz:Do'], resource: ['*'] })).toEqual(['catalog.unknownService']);
  });
});

describe('catalog.unknownAction', () => {
  it('suggests the closest action: "Did you mean s3:GetObject?"', () => {
    const [diagnostic] = check({ action: ['s3:GetObjekt'], resource: ['*'] });
    expect(diagnostic).toMatchObject({
      code: 'catalog.unknownAction',
      severity: 'warning',
      message: 'Unknown action s3:GetObjekt. Did you mean s3:GetObject?',
      suggestion: 's3:GetObject',
      span: span('/Statement/0/Action/0'),
    });
  });

  it('accepts any letter case', () => {
    expect(codes({ action: ['S3:getobject', 'IAM:PASSROLE'], resource: ['*'] })).toEqual([]);
  });

  it('offers no suggestion when nothing is close', () => {
    expect(check({ action: ['s3:MakeCoffee'], resource: ['*'] })[0]?.suggestion).toBeUndefined();
  });
});

describe('catalog.actionPatternMatchesNothing', () => {
  it('warns for a pattern that matches no action of the service', () => {
    expect(check({ action: ['s3:Gett*'], resource: ['*'] })).toEqual([
      expect.objectContaining({ code: 'catalog.actionPatternMatchesNothing', span: span('/Statement/0/Action/0') }),
    ]);
  });

  it('accepts a pattern that matches', () => {
    expect(codes({ action: ['s3:Get*', 'iam:*'], resource: ['*'] })).toEqual([]);
  });
});

describe('catalog.unknownConditionKey', () => {
  it('warns for an unknown global key and suggests the real one', () => {
    const [diagnostic] = check({ action: ['s3:GetObject'], resource: ['*'], condition: { IpAddress: { 'aws:SourceIpp': '1.2.3.4' } } });
    expect(diagnostic).toMatchObject({
      code: 'catalog.unknownConditionKey',
      suggestion: 'aws:SourceIp',
      span: span('/Statement/0/Condition/IpAddress/aws:SourceIpp'),
    });
  });

  it('warns for an unknown service key and suggests the real one', () => {
    const [diagnostic] = check({ action: ['s3:ListBucket'], resource: ['*'], condition: { StringLike: { 's3:prefixx': 'home/' } } });
    expect(diagnostic).toMatchObject({ code: 'catalog.unknownConditionKey', suggestion: 's3:prefix' });
  });

  it('accepts keys with a filled-in placeholder', () => {
    expect(codes({ action: ['ec2:RunInstances'], resource: ['*'], condition: { StringEquals: { 'aws:RequestTag/team': 'a' } } })).toEqual([]);
  });

  it('says nothing about prefixes the data has no keys for', () => {
    expect(codes({ action: ['s3:GetObject'], resource: ['*'], condition: { StringEquals: { 'nosuchservicexyz:thing': 'a' } } })).toEqual([]);
  });
});

describe('catalog.conditionKeyNotSupported', () => {
  it('warns when no action of the statement supports the service key', () => {
    expect(check({ action: ['s3:GetObject'], resource: ['*'], condition: { StringLike: { 's3:prefix': 'home/' } } })).toEqual([
      expect.objectContaining({
        code: 'catalog.conditionKeyNotSupported',
        severity: 'warning',
        span: span('/Statement/0/Condition/StringLike/s3:prefix'),
      }),
    ]);
  });

  it('accepts the key when one of the actions supports it', () => {
    expect(codes({ action: ['s3:GetObject', 's3:ListBucket'], resource: ['*'], condition: { StringLike: { 's3:prefix': 'home/' } } })).toEqual([]);
  });

  it('accepts the key when a pattern expands to an action that supports it', () => {
    expect(codes({ action: ['s3:List*'], resource: ['*'], condition: { StringLike: { 's3:prefix': 'home/' } } })).toEqual([]);
  });

  it('never warns for global keys', () => {
    expect(
      codes({
        action: ['s3:GetObject'],
        resource: ['*'],
        condition: { Bool: { 'aws:SecureTransport': 'true', 'aws:MultiFactorAuthPresent': 'true' }, StringEquals: { 'aws:PrincipalTag/team': 'a' } },
      }),
    ).toEqual([]);
  });

  it('says nothing when the actions are not fully known', () => {
    expect(codes({ action: ['*'], condition: { StringLike: { 's3:prefix': 'home/' } } })).toEqual([]);
    expect(codes({ notAction: ['iam:*'], condition: { StringLike: { 's3:prefix': 'home/' } } })).toEqual([]);
    expect(codes({ action: ['s3:GetObject', 's3:Whatever'], condition: { StringLike: { 's3:prefix': 'x' } } })).toEqual([
      'catalog.unknownAction',
    ]);
  });

  it('accepts resource-type keys of the action', () => {
    expect(codes({ action: ['s3:GetObject'], resource: ['*'], condition: { StringEquals: { 's3:BucketTag/team': 'a' } } })).toEqual([]);
  });
});

describe('catalog.resourceMatchesNoResourceType', () => {
  it('warns for a bucket ARN on an object action', () => {
    expect(check({ action: ['s3:GetObject'], resource: ['arn:aws:s3:::bucket/*', 'arn:aws:s3:::bucket'] })).toEqual([
      expect.objectContaining({ code: 'catalog.resourceMatchesNoResourceType', severity: 'warning', span: span('/Statement/0/Resource/1') }),
    ]);
  });

  it('accepts the ARN when any action of the statement takes it', () => {
    expect(codes({ action: ['s3:GetObject', 's3:ListBucket'], resource: ['arn:aws:s3:::bucket', 'arn:aws:s3:::bucket/*'] })).toEqual([]);
  });

  it('warns for an ARN of another service', () => {
    expect(codes({ action: ['iam:PassRole'], resource: ['arn:aws:s3:::bucket'] })).toEqual(['catalog.resourceMatchesNoResourceType']);
  });

  it('accepts resource types whose ARN belongs to another service', () => {
    expect(codes({ action: ['ec2:RunInstances'], resource: ['arn:aws:ec2:us-east-1::image/ami-123'] })).toEqual([]);
  });

  it('skips "*", policy variables and NotResource', () => {
    expect(
      codes({ action: ['s3:GetObject'], resource: ['*', 'arn:aws:s3:::${aws:username}'] }, { action: ['s3:GetObject'], notResource: ['arn:aws:s3:::b'] }),
    ).toEqual([]);
  });

  it('skips statements whose actions are all wildcard-only', () => {
    expect(codes({ action: ['s3:ListAllMyBuckets'], resource: ['arn:aws:s3:::bucket'] })).toEqual([]);
  });

  it('skips statements with unknown actions', () => {
    expect(codes({ action: ['s3:Nope'], resource: ['arn:aws:s3:::bucket'] })).toEqual(['catalog.unknownAction']);
  });
});

describe('checkAgainstCatalog: order', () => {
  it('reports statements in order, actions before conditions before resources', () => {
    const found = check(
      { action: ['s3:GetObjekt'], resource: ['*'] },
      { action: ['s3:GetObject'], resource: ['arn:aws:s3:::b'], condition: { StringLike: { 's3:prefix': 'x' } } },
    );
    expect(found.map((d) => [d.code, d.span?.pointer])).toEqual([
      ['catalog.unknownAction', '/Statement/0/Action/0'],
      ['catalog.conditionKeyNotSupported', '/Statement/1/Condition/StringLike/s3:prefix'],
      ['catalog.resourceMatchesNoResourceType', '/Statement/1/Resource/0'],
    ]);
  });
});
