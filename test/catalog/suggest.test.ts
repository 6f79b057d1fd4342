import { describe, expect, it } from 'vitest';
import { editDistance, suggest } from '../../src/catalog/index.js';

describe('editDistance', () => {
  it.each([
    ['', '', 0],
    ['abc', '', 3],
    ['GetObject', 'GetObject', 0],
    ['GetObject', 'getobject', 0],
    ['GetObjekt', 'GetObject', 1],
    ['GetObejct', 'GetObject', 1],
    ['PutObjec', 'PutObject', 1],
    ['kitten', 'sitting', 3],
  ])('%s → %s is %i', (a, b, expected) => {
    expect(editDistance(a, b)).toBe(expected);
  });

  it('counts a swap of adjacent characters as one edit', () => {
    expect(editDistance('ab', 'ba')).toBe(1);
  });

  it('gives up beyond the limit', () => {
    expect(editDistance('aaaaaaaa', 'bbbbbbbb', 2)).toBe(3);
  });
});

describe('suggest', () => {
  const actions = ['GetObject', 'GetObjectAcl', 'PutObject', 'ListBucket'];

  it('offers the closest candidate', () => {
    expect(suggest('GetObjekt', actions)).toBe('GetObject');
    expect(suggest('ListBuckt', actions)).toBe('ListBucket');
  });

  it('offers nothing when every candidate is too far', () => {
    expect(suggest('DeleteEverything', actions)).toBeUndefined();
  });

  it('allows about one edit per three characters', () => {
    expect(suggest('s4', ['s3', 'ec2'])).toBe('s3');
    expect(suggest('GetXxxxct', actions)).toBeUndefined();
  });

  it('breaks ties by sort order, not by input order', () => {
    expect(suggest('ab', ['ac', 'aa'])).toBe('aa');
    expect(suggest('ab', ['aa', 'ac'])).toBe('aa');
  });

  it('does not suggest the same name in another case', () => {
    expect(suggest('getobject', ['GetObject'])).toBeUndefined();
  });
});
