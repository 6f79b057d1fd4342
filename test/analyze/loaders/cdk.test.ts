import { describe, expect, it } from 'vitest';
import { constructName, loadCdk } from '../../../src/analyze/loaders/cdk.js';
import { scalar, object } from '../../../src/analyze/loaders/policy-record.js';
import { FIXTURES, entity, fixture, fixtureTree, json, lineOf } from './helpers.js';

const dir = { path: `${FIXTURES}cdk/cdk.out`, files: fixtureTree('cdk/cdk.out') };
const template = fixture('cdk/cdk.out/OrderStack.template.json');

describe('CDK cloud assembly', () => {
  const model = loadCdk(dir);

  it('loads every stack of the manifest, nested assemblies included', () => {
    expect(model.inputs.filter((i) => i.file.endsWith('.template.json')).map((i) => i.file.split('/').pop())).toEqual([
      'OrderStack.template.json',
      'ProdDataStackABCD1234.template.json',
    ]);
    expect(model.inputs.every((i) => i.kind === 'cdk')).toBe(true);
    expect(model.loadErrors).toEqual([]);
  });

  it('reads the seed role with aws:SourceAccount and its DefaultPolicy attached by Ref', () => {
    const role = entity(model, 'order-processor-lambda-role');
    expect(role.trustPolicy?.unknowns.get('/Statement/0/Condition/StringEquals/aws:SourceAccount')?.origin).toBe('AWS::AccountId');
    expect(role.inlinePolicies).toHaveLength(1);
    expect(json(role.inlinePolicies[0])).toMatchObject({ Statement: [{ Sid: 'ReadFromOrdersTable' }, { Sid: 'WriteCloudWatchLogs' }] });
  });

  it('names resources without an IAM name by their construct path', () => {
    const role = entity(model, 'OrderStack/UnnamedRole');
    expect(role.managedPolicies[0].arn).toBe('arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole');
    expect(entity(model, 'order-processor-lambda-role').inlinePolicies[0].name).toBe('OrderProcessorRoleDefaultPolicy1D5C3A7B');
  });

  it('locates policy elements in the synthesized template', () => {
    const role = entity(model, 'order-processor-lambda-role');
    expect(role.inlinePolicies[0].locate('/Statement/1/Action/2')).toMatchObject({ file: template.path, line: lineOf(template.text, '"logs:PutLogEvents"') });
    expect(role.location).toMatchObject({ file: template.path, line: lineOf(template.text, '"OrderProcessorRole8C1F0F5A": {') });
  });

  it('resolves AWS::StackName to the stack name of the manifest', () => {
    const [bucketPolicy] = model.resourcePolicies;
    expect(bucketPolicy.resourceArn).toBe('arn:aws:s3:::Prod-DataStack-data');
  });

  it('reads castellan suppressions from resource Metadata', () => {
    expect(entity(model, 'OrderStack/UnnamedRole').suppressions[0]).toMatchObject({ checkId: 'iam.trust-service-without-source', reason: 'legacy function, tracked in OPS-12' });
  });

  it('accepts file paths relative to the assembly folder', () => {
    const relative = loadCdk({ path: 'cdk.out', files: dir.files.map((f) => ({ ...f, path: f.path.slice(`${FIXTURES}cdk/cdk.out/`.length) })) });
    expect(relative.entities.map((e) => e.name)).toEqual(model.entities.map((e) => e.name));
  });

  it('reports a missing manifest and a missing template', () => {
    expect(loadCdk({ path: 'x', files: [] }).loadErrors[0].message).toMatch(/no manifest\.json/);
    const manifest = { path: 'x/manifest.json', text: JSON.stringify({ artifacts: { S: { type: 'aws:cloudformation:stack', properties: { templateFile: 'S.template.json' } } } }) };
    expect(loadCdk({ path: 'x', files: [manifest] }).loadErrors[0].message).toMatch(/template S\.template\.json not found/);
  });
});

describe('constructName', () => {
  it('drops the L1 leaf of the construct path', () => {
    expect(constructName(object([{ key: 'aws:cdk:path', value: scalar('App/Role/Resource') }]))).toBe('App/Role');
    expect(constructName(undefined)).toBeUndefined();
  });
});
