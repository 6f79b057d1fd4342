import { describe, expect, it } from 'vitest';
import { policySize } from '../../src/policy/index.js';

describe('policySize', () => {
  it('counts a compact document as its length', () => {
    expect(policySize('{"a":"b"}')).toBe(9);
  });
  it('ignores whitespace outside strings', () => {
    expect(policySize('{\n  "a" :\t"b"\r\n}')).toBe(9);
  });
  it('counts whitespace inside strings', () => {
    expect(policySize('{"a": "b c"}')).toBe(11);
  });
  it('is not fooled by escaped quotes', () => {
    expect(policySize('{"a": "b\\" c"}')).toBe(13);
  });
  it('equals the length of JSON.stringify for a pretty-printed document', () => {
    const doc = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: ['s3:Get*', 's3:List*'], Resource: '*' }] };
    expect(policySize(JSON.stringify(doc, null, 4))).toBe(JSON.stringify(doc).length);
  });
});
