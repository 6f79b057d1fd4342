import { describe, expect, it } from 'vitest';
import { IntrinsicResolver, NO_VALUE, parameterValues } from '../../../src/analyze/loaders/intrinsics.js';
import type { TemplateResource } from '../../../src/analyze/loaders/intrinsics.js';
import { describeText, field, knownString, toPlain } from '../../../src/analyze/loaders/policy-record.js';
import type { LNode } from '../../../src/analyze/loaders/policy-record.js';
import { yamlToLNode } from '../../../src/analyze/loaders/yaml-positions.js';

const TEMPLATE = `
Parameters:
  Env: { Type: String, Default: prod }
  NoDefault: { Type: String }
  Names: { Type: CommaDelimitedList, Default: "a, b" }
Mappings:
  Regions:
    prod: { Prefix: p }
Conditions:
  IsProd: !Equals [!Ref Env, prod]
  IsDev: !Not [!Condition IsProd]
  Unknowable: !Equals [!Ref NoDefault, x]
  Both: !And [!Condition IsProd, !Condition Unknowable]
  Either: !Or [!Condition IsProd, !Condition Unknowable]
Resources:
  NamedRole: { Type: AWS::IAM::Role, Properties: { RoleName: !Sub "r-\${Env}", Path: /team/ } }
  GeneratedRole: { Type: AWS::IAM::Role, Properties: {} }
  Bucket: { Type: AWS::S3::Bucket, Properties: { BucketName: data } }
  Queue: { Type: AWS::SQS::Queue, Properties: { QueueName: q } }
  Fn: { Type: AWS::Lambda::Function, Properties: { FunctionName: f } }
  Policy: { Type: AWS::IAM::ManagedPolicy, Properties: { ManagedPolicyName: mp } }
`;

function setup(stackName?: string) {
  const tree = yamlToLNode(TEMPLATE, 't.yaml').node!;
  const resources = new Map<string, TemplateResource>();
  for (const e of (field(tree, 'Resources') as Extract<LNode, { kind: 'object' }>).entries) {
    resources.set(e.key, { type: knownString(field(e.value, 'Type'))!, properties: field(e.value, 'Properties') });
  }
  return new IntrinsicResolver({
    parameters: parameterValues(field(tree, 'Parameters')),
    mappings: field(tree, 'Mappings'),
    conditions: field(tree, 'Conditions'),
    resources,
    ...(stackName ? { stackName } : {}),
  });
}

const resolveYaml = (yaml: string, stackName?: string): LNode => setup(stackName).resolve(yamlToLNode(`v: ${yaml}`, 'x.yaml').node!);
const value = (yaml: string, stackName?: string) => field(resolveYaml(yaml, stackName), 'v');
/** Known values as plain JS; partly unknown strings as `${origin}` text. */
const show = (yaml: string, stackName?: string) => {
  const v = value(yaml, stackName);
  if (!v) return undefined;
  return toPlain(v) ?? describeText(v);
};

describe('intrinsic functions', () => {
  it.each([
    ['!Ref Env', 'prod'],
    ['!Ref Names', ['a', 'b']],
    ['!Ref AWS::Partition', 'aws'],
    ['!Ref AWS::URLSuffix', 'amazonaws.com'],
    ['!Ref AWS::AccountId', '${AWS::AccountId}'],
    ['!Ref AWS::Region', '${AWS::Region}'],
    ['!Ref AWS::StackName', '${AWS::StackName}'],
    ['!Ref NoDefault', '${parameter NoDefault (no Default)}'],
    ['!Ref Missing', '${Ref Missing (not declared in the template)}'],
    ['!Ref NamedRole', 'r-prod'],
    ['!Ref GeneratedRole', '${Ref GeneratedRole (AWS::IAM::Role: physical id generated at deploy)}'],
    ['!Ref Bucket', 'data'],
    ['!Ref Policy', 'arn:aws:iam::${AWS::AccountId}:policy/mp'],
    ['!Ref Queue', 'https://sqs.${AWS::Region}.amazonaws.com/${AWS::AccountId}/q'],
    ['!GetAtt NamedRole.Arn', 'arn:aws:iam::${AWS::AccountId}:role/team/r-prod'],
    ['!GetAtt [NamedRole, Arn]', 'arn:aws:iam::${AWS::AccountId}:role/team/r-prod'],
    ['!GetAtt GeneratedRole.Arn', '${GeneratedRole.Arn (role name generated at deploy)}'],
    ['!GetAtt Bucket.Arn', 'arn:aws:s3:::data'],
    ['!GetAtt Queue.Arn', 'arn:aws:sqs:${AWS::Region}:${AWS::AccountId}:q'],
    ['!GetAtt Fn.Arn', 'arn:aws:lambda:${AWS::Region}:${AWS::AccountId}:function:f'],
    ['!GetAtt Bucket.DomainName', '${Bucket.DomainName (known after deployment)}'],
    ['!Sub "arn:${AWS::Partition}:s3:::${Bucket}/*"', 'arn:aws:s3:::data/*'],
    ['!Sub "${!aws:username}-${Env}"', '${aws:username}-prod'],
    ['!Sub ["${A}-${B}", { A: x, B: !Ref Env }]', 'x-prod'],
    ['!Sub "${NamedRole.Arn}"', 'arn:aws:iam::${AWS::AccountId}:role/team/r-prod'],
    ["!Join ['-', [a, !Ref Env, c]]", 'a-prod-c'],
    ["!Join [':', !Ref Names]", 'a:b'],
    ['!Select [1, [x, y, z]]', 'y'],
    ['!Select [5, [x]]', '${Fn::Select index 5 out of range}'],
    ["!Split [',', 'a,b']", ['a', 'b']],
    ["!Select [0, !Split ['/', !Ref NoDefault]]", '${Fn::Select from ${Fn::Split of ${parameter NoDefault (no Default)}}}'],
    ['!If [IsProd, yes, no]', 'yes'],
    ['!If [IsDev, yes, no]', 'no'],
    ['!If [Unknowable, yes, no]', '${Fn::If Unknowable (condition not decidable before deployment: either branch)}'],
    ['!If [Both, yes, no]', '${Fn::If Both (condition not decidable before deployment: either branch)}'],
    ['!If [Either, yes, no]', 'yes'],
    ['!FindInMap [Regions, !Ref Env, Prefix]', 'p'],
    ['!FindInMap [Regions, dev, Prefix, { DefaultValue: d }]', 'd'],
    ['!Base64 hello', 'aGVsbG8='],
    ['!ImportValue shared-arn', "${Fn::ImportValue shared-arn (another stack's export)}"],
    ['!GetAZs ""', "${Fn::GetAZs (the region's availability zones)}"],
  ])('%s → %j', (yaml, expected) => {
    expect(show(yaml)).toEqual(expected);
  });

  it('marks the account id as the pseudo value account-id', () => {
    expect(value('!Ref AWS::AccountId')).toMatchObject({ kind: 'unknown', pseudo: 'account-id' });
  });

  it('uses the stack name when the caller knows it', () => {
    expect(show('!Sub "${AWS::StackName}-x"', 'Prod-Data')).toBe('Prod-Data-x');
  });

  it('drops properties and list items set to AWS::NoValue', () => {
    const v = resolveYaml('{ a: !Ref AWS::NoValue, b: [1, !If [IsDev, 2, !Ref AWS::NoValue]] }');
    expect(toPlain(field(v, 'v')!)).toEqual({ b: [1] });
    expect(setup().resolve(yamlToLNode('!Ref AWS::NoValue', 'x').node!)).toBe(NO_VALUE);
  });

  it('evaluates conditions with three-valued logic', () => {
    const r = setup();
    expect([r.condition('IsProd'), r.condition('IsDev'), r.condition('Unknowable'), r.condition('Both'), r.condition('Either')]).toEqual([true, false, undefined, undefined, true]);
  });

  it('reports a resolved value where the intrinsic was written', () => {
    const v = value('!Ref Env');
    expect(v?.loc).toMatchObject({ file: 'x.yaml', line: 1, column: 9 }); // the tagged value
  });
});
