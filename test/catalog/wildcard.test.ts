import { describe, expect, it } from 'vitest';
import { compileWildcard } from '../../src/catalog/wildcard.js';

describe('compileWildcard (catalog-local)', () => {
  it.each([
    ['getobject', 'getobject', true],
    ['getobject', 'getobjects', false],
    ['get*', 'getobject', true],
    ['get*', 'get', true],
    ['*object', 'getobject', true],
    ['*object', 'getobjectacl', false],
    ['get*acl', 'getobjectacl', true],
    ['get*acl', 'getobjectaclx', false],
    ['*', '', true],
    ['a*b*c', 'abc', true],
    ['a*b*c', 'aXbYbZc', true],
    ['a*b*c', 'acb', false],
    ['g?t*', 'getobject', true],
    ['g?t', 'gt', false],
    ['*?', '', false],
    ['a*?b', 'ab', false],
    ['a*?b', 'axb', true],
    ['*a*a*', 'a', false],
  ])('%s against %s is %s', (pattern, text, expected) => {
    expect(compileWildcard(pattern)(text)).toBe(expected);
  });

  it('stays fast on patterns that make backtracking matchers explode', () => {
    const matches = compileWildcard(`${'a*'.repeat(30)}b`);
    const started = performance.now();
    expect(matches('a'.repeat(10_000))).toBe(false);
    expect(performance.now() - started).toBeLessThan(200);
  });
});
