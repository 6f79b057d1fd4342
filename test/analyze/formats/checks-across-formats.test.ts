// Every policy-level check (policy.grammar, policy.catalog.*, iam.*), every trust-level check and the resource
// policy checks (resource.public, resource.cross-account), each on a positive and a negative document, rendered
// into each input format (policy file, CloudFormation YAML and JSON, a CDK cloud assembly, Terraform HCL,
// Terraform plan JSON) and run through the CLI's path (detectInputKind, loadInputs, analyze with the loaded
// catalog). The positive must fire the check at a line inside the resource that carries the document; the
// negative must not fire it. The entity, credential and escalation checks have their own table
// (entity-checks-across-formats.test.ts).
import { describe, expect, it } from 'vitest';
import { detectInputKind, type Finding } from '../../../src/analyze/index.js';
import { loadInputs, type AnalysisInput } from '../../../src/analyze/inputs.js';
import { analyzeModel } from '../helpers.js';
import { FORMATS, blockOf, carrierLogicalId, render, type Format, type Placement, type PolicyDocument, type Rendered } from '../../fixtures/analyze/formats/render.js';
import { cdkAssembly, type SynthesizedResource } from './cdk-assembly.js';

interface CheckCase {
  readonly checkId: string;
  /** Distinguishes a second case of the same check (another carrier of the document). */
  readonly variant?: string;
  readonly placement: Placement;
  readonly positive: PolicyDocument;
  readonly negative: PolicyDocument;
}

const doc = (...statements: Record<string, unknown>[]): PolicyDocument => ({ Version: '2012-10-17', Statement: statements });
const assume = (principal: unknown, condition?: Record<string, unknown>): Record<string, unknown> => ({
  Effect: 'Allow',
  Principal: principal,
  Action: 'sts:AssumeRole',
  ...(condition === undefined ? {} : { Condition: condition }),
});

const CASES: readonly CheckCase[] = [
  {
    checkId: 'policy.grammar',
    placement: 'identity',
    // Null takes "true" or "false": any other value never matches, so the Deny never applies.
    positive: doc(
      { Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::subject-bucket/*' },
      { Effect: 'Deny', Action: 's3:GetObject', Resource: 'arn:aws:s3:::subject-bucket/*', Condition: { Null: { 'aws:MultiFactorAuthAge': 'absent' } } },
    ),
    negative: doc(
      { Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::subject-bucket/*' },
      { Effect: 'Deny', Action: 's3:GetObject', Resource: 'arn:aws:s3:::subject-bucket/*', Condition: { Null: { 'aws:MultiFactorAuthAge': 'true' } } },
    ),
  },
  {
    checkId: 'policy.catalog.unknown-service',
    placement: 'identity',
    positive: doc({ Effect: 'Allow', Action: 's4:GetObject', Resource: 'arn:aws:s3:::subject-bucket/*' }),
    negative: doc({ Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::subject-bucket/*' }),
  },
  {
    checkId: 'policy.catalog.unknown-action',
    placement: 'identity',
    positive: doc({ Effect: 'Allow', Action: 's3:GetObjects', Resource: 'arn:aws:s3:::subject-bucket/*' }),
    negative: doc({ Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::subject-bucket/*' }),
  },
  {
    checkId: 'policy.catalog.action-pattern-matches-nothing',
    placement: 'identity',
    positive: doc({ Effect: 'Allow', Action: 's3:Fetch*', Resource: 'arn:aws:s3:::subject-bucket/*' }),
    negative: doc({ Effect: 'Allow', Action: 's3:GetObject*', Resource: 'arn:aws:s3:::subject-bucket/*' }),
  },
  {
    checkId: 'policy.catalog.unknown-condition-key',
    placement: 'identity',
    positive: doc({
      Effect: 'Allow',
      Action: 's3:GetObject',
      Resource: 'arn:aws:s3:::subject-bucket/*',
      Condition: { IpAddress: { 'aws:SourceIpAddress': '203.0.113.0/24' } },
    }),
    negative: doc({ Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::subject-bucket/*', Condition: { IpAddress: { 'aws:SourceIp': '203.0.113.0/24' } } }),
  },
  {
    checkId: 'policy.catalog.condition-key-not-supported',
    placement: 'identity',
    // The encryption header is in the request context of PutObject, never of GetObject.
    positive: doc({
      Effect: 'Allow',
      Action: 's3:GetObject',
      Resource: 'arn:aws:s3:::subject-bucket/*',
      Condition: { StringEquals: { 's3:x-amz-server-side-encryption': 'aws:kms' } },
    }),
    negative: doc({
      Effect: 'Allow',
      Action: 's3:PutObject',
      Resource: 'arn:aws:s3:::subject-bucket/*',
      Condition: { StringEquals: { 's3:x-amz-server-side-encryption': 'aws:kms' } },
    }),
  },
  {
    checkId: 'policy.catalog.resource-matches-no-resource-type',
    placement: 'identity',
    // GetObject acts on objects (bucket/key), not on the bucket.
    positive: doc({ Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::subject-bucket' }),
    negative: doc({ Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::subject-bucket/*' }),
  },
  {
    checkId: 'iam.wildcard-action',
    placement: 'identity',
    positive: doc({ Effect: 'Allow', Action: '*', Resource: '*' }),
    negative: doc({ Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::subject-bucket/*' }),
  },
  {
    checkId: 'iam.wildcard-action',
    variant: 'in a policy resource naming the role',
    placement: 'role-policy',
    positive: doc({ Effect: 'Allow', Action: '*', Resource: '*' }),
    negative: doc({ Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::subject-bucket/*' }),
  },
  {
    checkId: 'iam.service-wildcard',
    placement: 'identity',
    positive: doc({ Effect: 'Allow', Action: 's3:*', Resource: '*' }),
    negative: doc({ Effect: 'Allow', Action: ['s3:GetObject', 's3:PutObject'], Resource: 'arn:aws:s3:::subject-bucket/uploads/*' }),
  },
  {
    checkId: 'iam.wildcard-resource',
    placement: 'identity',
    positive: doc({ Effect: 'Allow', Action: ['ec2:DescribeInstances', 'dynamodb:GetItem'], Resource: '*' }),
    // Wildcard-only actions: "*" is the only resource they accept.
    negative: doc({ Effect: 'Allow', Action: ['s3:ListAllMyBuckets', 'ec2:DescribeInstances', 'sts:GetCallerIdentity'], Resource: '*' }),
  },
  {
    checkId: 'iam.allow-without-condition',
    placement: 'identity',
    positive: doc({ Effect: 'Allow', Action: ['iam:CreateUser', 'iam:AttachUserPolicy'], Resource: 'arn:aws:iam::111122223333:user/*' }),
    negative: doc({
      Effect: 'Allow',
      Action: ['iam:CreateUser', 'iam:AttachUserPolicy'],
      Resource: 'arn:aws:iam::111122223333:user/*',
      Condition: { StringEquals: { 'iam:PermissionsBoundary': 'arn:aws:iam::111122223333:policy/boundary' } },
    }),
  },
  {
    checkId: 'iam.allow-not-action',
    placement: 'identity',
    positive: doc({ Effect: 'Allow', NotAction: 'iam:*', Resource: '*' }),
    negative: doc(
      { Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::subject-bucket/*' },
      { Effect: 'Deny', NotAction: ['s3:GetObject'], Resource: '*' },
    ),
  },
  {
    checkId: 'iam.passrole-wildcard',
    placement: 'identity',
    positive: doc({ Effect: 'Allow', Action: ['iam:PassRole', 'lambda:CreateFunction'], Resource: '*' }),
    negative: doc({
      Effect: 'Allow',
      Action: 'iam:PassRole',
      Resource: 'arn:aws:iam::111122223333:role/app-lambda-*',
      Condition: { StringEquals: { 'iam:PassedToService': 'lambda.amazonaws.com' } },
    }),
  },
  {
    checkId: 'trust.public',
    placement: 'trust',
    positive: doc(assume({ AWS: '*' })),
    negative: doc(assume({ AWS: '*' }, { StringEquals: { 'aws:PrincipalOrgID': 'o-abc123def4' } })),
  },
  {
    checkId: 'trust.cross-account-without-condition',
    placement: 'trust',
    positive: doc(assume({ AWS: 'arn:aws:iam::444455556666:root' })),
    negative: doc(assume({ AWS: 'arn:aws:iam::444455556666:root' }, { StringEquals: { 'sts:ExternalId': 'c2f7a1e0-6b0d-4b8e-9d5c-2f1b3a4c5d6e' } })),
  },
  {
    checkId: 'trust.service-without-source',
    placement: 'trust',
    positive: doc(assume({ Service: 'lambda.amazonaws.com' })),
    negative: doc(assume({ Service: 'lambda.amazonaws.com' }, { StringEquals: { 'aws:SourceAccount': '111122223333' } })),
  },
  {
    checkId: 'resource.public',
    placement: 'resource',
    positive: doc({
      Sid: 'PublicRead',
      Effect: 'Allow',
      Principal: '*',
      Action: 's3:GetObject',
      Resource: 'arn:aws:s3:::subject-bucket/*',
      Condition: { Bool: { 'aws:SecureTransport': 'true' } },
    }),
    negative: doc({
      Sid: 'ReadThroughEndpoint',
      Effect: 'Allow',
      Principal: '*',
      Action: 's3:GetObject',
      Resource: 'arn:aws:s3:::subject-bucket/*',
      Condition: { StringEquals: { 'aws:SourceVpce': 'vpce-1a2b3c4d' } },
    }),
  },
  {
    checkId: 'resource.cross-account',
    placement: 'resource',
    positive: doc({
      Sid: 'PartnerRead',
      Effect: 'Allow',
      Principal: { AWS: 'arn:aws:iam::444455556666:root' },
      Action: 's3:GetObject',
      Resource: 'arn:aws:s3:::subject-bucket/*',
    }),
    negative: doc({
      Sid: 'PartnerRead',
      Effect: 'Allow',
      Principal: { AWS: 'arn:aws:iam::444455556666:root' },
      Action: 's3:GetObject',
      Resource: 'arn:aws:s3:::subject-bucket/*',
      Condition: { StringEquals: { 'aws:PrincipalOrgID': 'o-abc123def4' } },
    }),
  },
];

/** A CDK cloud assembly is a cell of its own: the CloudFormation JSON rendering, synthesized into cdk.out. */
type CellFormat = Format | 'cdk';
const CELL_FORMATS: readonly CellFormat[] = [...FORMATS, 'cdk'];

interface RenderedCell extends Rendered {
  readonly input?: AnalysisInput;
}

function renderCell(format: CellFormat, placement: Placement, document: PolicyDocument, stem: string): RenderedCell {
  if (format !== 'cdk') return render(format, placement, document, stem);
  const json = render('cloudformation-json', placement, document, stem);
  const { Resources } = JSON.parse(json.text) as { Resources: Record<string, Omit<SynthesizedResource, 'construct'>> };
  const { input, template } = cdkAssembly(
    `${stem}/cdk.out`,
    Object.fromEntries(Object.entries(Resources).map(([id, r]) => [id, { construct: id, Type: r.Type, Properties: r.Properties }])),
  );
  const logicalId = carrierLogicalId(placement);
  const block = blockOf(template.text, `"${logicalId}": {`);
  const property = placement === 'trust' ? '"AssumeRolePolicyDocument": {' : '"PolicyDocument": {';
  return { path: template.path, text: template.text, block, document: blockOf(template.text, property, { after: block[0], trimmedStart: true }), input };
}

/** Loads one rendered input the way `castellan lint` does (kind from detectInputKind) and analyzes it. */
async function lint(rendered: RenderedCell, format: CellFormat): Promise<Finding[]> {
  let input: AnalysisInput;
  if (rendered.input !== undefined) {
    const [manifest] = rendered.input.files;
    expect(detectInputKind(manifest.path, manifest.text), `${manifest.path} detected as`).toBe('cdk');
    input = rendered.input;
  } else if (format === 'terraform-hcl') {
    // The CLI groups .tf files by folder: one module.
    input = { kind: 'terraform-hcl', path: rendered.path.slice(0, rendered.path.lastIndexOf('/')), files: [rendered] };
  } else {
    const kind = detectInputKind(rendered.path, rendered.text);
    const expected = { 'policy-file': 'policy', 'cloudformation-yaml': 'cloudformation', 'cloudformation-json': 'cloudformation', 'terraform-plan': 'terraform-plan', cdk: 'cdk' }[format];
    expect(kind, `${rendered.path} detected as`).toBe(expected);
    input = { kind: kind ?? 'policy', path: rendered.path, files: [rendered] };
  }
  const model = await loadInputs([input]);
  const report = await analyzeModel(model);
  const loadErrors = report.findings.filter((f) => f.checkId === 'input.load-error' || f.checkId === 'policy.invalid');
  expect(loadErrors, `${rendered.path} loaded cleanly:\n${rendered.text}`).toEqual([]);
  return [...report.findings];
}

const caseTitle = (c: CheckCase): string => (c.variant === undefined ? c.checkId : `${c.checkId} ${c.variant}`);

describe.each(CASES.map((c) => [caseTitle(c), c] as const))('%s across formats', (_title, checkCase) => {
  const cells = CELL_FORMATS.flatMap((format) => (['positive', 'negative'] as const).map((polarity) => ({ ...checkCase, format, polarity })));
  it.each(cells.map((c) => [c.format, c.polarity, c] as const))('%s, %s', async (_format, _polarity, cell) => {
    const document = cell.polarity === 'positive' ? cell.positive : cell.negative;
    const stem = `formats/${cell.checkId}${cell.variant === undefined ? '' : `-${cell.placement}`}-${cell.polarity}`;
    const rendered = renderCell(cell.format, cell.placement, document, stem);
    const findings = await lint(rendered, cell.format);
    const hits = findings.filter((f) => f.checkId === cell.checkId);
    if (cell.polarity === 'negative') {
      expect(hits, rendered.text).toEqual([]);
      return;
    }
    expect(hits.length, `${cell.checkId} on\n${rendered.text}\nfindings: ${JSON.stringify(findings, null, 2)}`).toBeGreaterThan(0);
    // At the statement: inside the document under test, itself inside the resource that carries it.
    const [first, last] = rendered.document;
    expect(rendered.block[0]).toBeLessThanOrEqual(first);
    expect(rendered.block[1]).toBeGreaterThanOrEqual(last);
    for (const hit of hits) {
      const where = `${cell.checkId} at ${hit.location.line}:${hit.location.column}, document at lines ${first}-${last} of ${rendered.path}:\n${rendered.text}`;
      expect(hit.location.file, where).toBe(rendered.path);
      expect(hit.location.line, where).toBeGreaterThanOrEqual(first);
      expect(hit.location.line, where).toBeLessThanOrEqual(last);
    }
  });
});
