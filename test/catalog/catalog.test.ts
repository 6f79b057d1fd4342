import { beforeAll, describe, expect, it } from 'vitest';
import { loadCatalog, type Catalog } from '../../src/catalog/index.js';

let catalog: Catalog;
beforeAll(async () => {
  catalog = await loadCatalog();
});

describe('loadCatalog', () => {
  it('returns the same catalog on every call', async () => {
    expect(await loadCatalog()).toBe(catalog);
  });

  it('reports the date of its data', () => {
    expect(catalog.dataDate).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(catalog.dataVersion).toMatch(/^\d+\.\d+\.\d+$/);
  });
});

describe('services', () => {
  it('lists lower-case prefixes in order, including the ones Castellan serves', () => {
    const services = catalog.services();
    expect(services).toEqual([...services].sort());
    expect(services).toEqual(expect.arrayContaining(['iam', 'sts', 'organizations', 's3']));
  });

  it('looks prefixes up case-insensitively', () => {
    expect(catalog.hasService('S3')).toBe(true);
    expect(catalog.hasService('s4')).toBe(false);
  });

  it('names a service', () => {
    expect(catalog.serviceName('s3')).toBe('Amazon S3');
  });
});

describe('action', () => {
  it('finds s3:GetObject with its resource types and keys', () => {
    const action = catalog.action('s3', 'GetObject');
    expect(action).toMatchObject({ service: 's3', name: 'GetObject', accessLevel: 'Read' });
    expect(action?.resourceTypes.map((type) => type.name)).toContain('object');
    expect(action?.conditionKeys).toContain('s3:ExistingObjectTag/<key>');
  });

  it('is case-insensitive', () => {
    expect(catalog.action('S3', 'getobject')?.name).toBe('GetObject');
  });

  it('returns undefined for unknown actions and services', () => {
    expect(catalog.action('s3', 'GetObjekt')).toBeUndefined();
    expect(catalog.action('s4', 'GetObject')).toBeUndefined();
  });

  it('reads tagging actions at the Tagging access level', () => {
    expect(catalog.action('iam', 'TagRole')?.accessLevel).toBe('Tagging');
  });
});

describe('isWildcardOnlyAction', () => {
  it('is false for s3:GetObject', () => {
    expect(catalog.isWildcardOnlyAction('s3', 'GetObject')).toBe(false);
  });

  it('is true for s3:ListAllMyBuckets', () => {
    expect(catalog.isWildcardOnlyAction('s3', 'ListAllMyBuckets')).toBe(true);
  });

  it('is undefined for unknown actions', () => {
    expect(catalog.isWildcardOnlyAction('s3', 'Nope')).toBeUndefined();
  });
});

describe('expandActions', () => {
  it('names the same actions as expandActionPattern', () => {
    const names = catalog.expandActions('s3:Get*').map((a) => `${a.service}:${a.name}`);
    expect(names).toEqual(catalog.expandActionPattern('s3:Get*'));
  });

  it('answers the same array for the same pattern in any case', () => {
    expect(catalog.expandActions('S3:get*')).toBe(catalog.expandActions('s3:Get*'));
  });
});

describe('expandActionPattern', () => {
  it('expands s3:Get* to the s3 actions starting with Get', () => {
    const names = catalog.expandActionPattern('s3:Get*');
    expect(names).toContain('s3:GetObject');
    expect(names).toContain('s3:GetBucketPolicy');
    expect(names.every((name) => name.startsWith('s3:Get'))).toBe(true);
  });

  it('is case-insensitive and returns AWS spelling', () => {
    expect(catalog.expandActionPattern('S3:getobj?ct')).toEqual(['s3:GetObject']);
  });

  it('expands an exact name to itself', () => {
    expect(catalog.expandActionPattern('iam:PassRole')).toEqual(['iam:PassRole']);
  });

  it('expands * to every action of every service', () => {
    expect(catalog.expandActionPattern('*').length).toBeGreaterThan(10_000);
  });

  it('expands nothing for unknown services, missing matches and malformed patterns', () => {
    expect(catalog.expandActionPattern('s4:*')).toEqual([]);
    expect(catalog.expandActionPattern('s3:Gett*')).toEqual([]);
    expect(catalog.expandActionPattern('GetObject')).toEqual([]);
  });
});

describe('resource types', () => {
  it('gives the ARN format of s3 objects', () => {
    expect(catalog.resourceType('s3', 'object')?.arnFormats).toEqual(['arn:${Partition}:s3:::${BucketName}/${ObjectName}']);
  });

  it('finds the resource types an ARN may name', () => {
    const names = (arn: string) => catalog.resourceTypesMatchingArn('s3', arn).map((type) => type.name);
    expect(names('arn:aws:s3:::bucket/key')).toContain('object');
    expect(names('arn:aws:s3:::bucket')).toContain('bucket');
    expect(names('arn:aws:s3:::bucket')).not.toContain('object');
    expect(names('arn:aws:iam::123456789012:role/r')).toEqual([]);
  });
});

describe('conditionKey', () => {
  it('resolves the global aws:SourceIp as an IPAddress key', () => {
    expect(catalog.conditionKey('aws:SourceIp')).toEqual({ name: 'aws:SourceIp', type: 'IPAddress', global: true });
  });

  it('is case-insensitive', () => {
    expect(catalog.conditionKey('AWS:SOURCEIP')?.name).toBe('aws:SourceIp');
  });

  it('resolves aws:RequestTag/team to the tag key template', () => {
    expect(catalog.conditionKey('aws:RequestTag/team')).toEqual({ name: 'aws:RequestTag/${TagKey}', type: 'String', global: true });
  });

  it('resolves aws:PrincipalTag/team', () => {
    expect(catalog.conditionKey('aws:PrincipalTag/team')?.name).toBe('aws:PrincipalTag/${TagKey}');
  });

  it('requires a tag key after the slash', () => {
    expect(catalog.conditionKey('aws:RequestTag/')).toBeUndefined();
  });

  it('resolves service keys, with <key> placeholders too', () => {
    expect(catalog.conditionKey('s3:prefix')).toMatchObject({ name: 's3:prefix', global: false });
    expect(catalog.conditionKey('s3:ExistingObjectTag/classification')?.name).toBe('s3:ExistingObjectTag/<key>');
  });

  it('resolves keys whose placeholder sits in the prefix', () => {
    expect(catalog.conditionKey('agent.acme.buildkite.dev:pipeline_slug')?.name).toBe('agent.${Domain}.buildkite.dev:pipeline_slug');
  });

  it('marks the few non-aws global keys as global', () => {
    expect(catalog.conditionKey('ec2:SourceInstanceArn')?.global).toBe(true);
  });

  it('returns undefined for unknown keys', () => {
    expect(catalog.conditionKey('aws:SourceIpp')).toBeUndefined();
    expect(catalog.conditionKey('s3:nonsense')).toBeUndefined();
  });

  it('lists keys by prefix', () => {
    expect(catalog.conditionKeysWithPrefix('aws')).toContain('aws:SourceIp');
    expect(catalog.conditionKeysWithPrefix('S3')).toContain('s3:prefix');
    expect(catalog.conditionKeysWithPrefix('nothing')).toEqual([]);
  });
});

describe('conditionKeysForAction', () => {
  it('includes action-level and resource-type keys', () => {
    const keys = catalog.conditionKeysForAction('s3', 'GetObject');
    expect(keys).toContain('s3:ExistingObjectTag/<key>');
    expect(keys).toContain('s3:BucketTag/${TagKey}');
  });

  it('is undefined for unknown actions', () => {
    expect(catalog.conditionKeysForAction('s3', 'Nope')).toBeUndefined();
  });

  it('decides support for keys as written', () => {
    expect(catalog.actionSupportsConditionKey('s3', 'ListBucket', 's3:prefix')).toBe(true);
    expect(catalog.actionSupportsConditionKey('s3', 'GetObject', 's3:ExistingObjectTag/team')).toBe(true);
    expect(catalog.actionSupportsConditionKey('s3', 'GetObject', 's3:prefix')).toBe(false);
    expect(catalog.actionSupportsConditionKey('s3', 'GetObject', 'aws:SourceIp')).toBe(true);
  });
});

describe('conditionKey placeholders spelled without ${…}', () => {
  it('reads a trailing /tag-key as a placeholder', () => {
    expect(catalog.conditionKey('secretsmanager:ResourceTag/team')?.name).toBe('secretsmanager:ResourceTag/tag-key');
  });

  it('reads a trailing slash as a placeholder', () => {
    expect(catalog.conditionKey('glacier:ResourceTag/team')?.name).toBe('glacier:ResourceTag/');
  });
});
