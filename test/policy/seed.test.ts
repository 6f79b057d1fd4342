// The seed article's policies (test/fixtures/seed/) parse and validate clean for their kind.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { awsPolicyError, checkPolicy } from '../../src/policy/index.js';
import type { PolicyKind } from '../../src/policy/index.js';

const fixture = (name: string): string => readFileSync(new URL(`../fixtures/seed/${name}`, import.meta.url), 'utf8');

const cases: [string, PolicyKind, boolean][] = [
  ['lambda-trust-policy.json', 'trust', false],
  ['order-processor-trust-policy.json', 'trust', false],
  ['too-broad-s3.json', 'identity', true],
  ['least-privilege-s3.json', 'identity', true],
  ['order-processor-permissions.json', 'identity', false],
  ['restricted-s3-access.json', 'identity', true],
];

describe('seed article policies', () => {
  for (const [file, kind, managed] of cases) {
    it(`${file} checks clean as a ${kind} policy`, () => {
      const r = checkPolicy(fixture(file), kind, { managed, source: file });
      expect([r.diagnostics, r.document?.source]).toEqual([[], file]);
    });
    it(`${file} is accepted by AWS's rules`, () => {
      expect(awsPolicyError(fixture(file), kind, { managed })).toBeUndefined();
    });
  }
  it('reads the order-processor condition as one StringEquals clause', () => {
    const c = checkPolicy(fixture('order-processor-trust-policy.json'), 'trust').document?.statements[0].condition;
    expect(c?.map((x) => [x.operator.value, x.key.value, x.values.map((v) => v.value)])).toEqual([['StringEquals', 'aws:SourceAccount', ['123456789012']]]);
  });
});
