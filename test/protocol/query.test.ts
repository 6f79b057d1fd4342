import { describe, expect, it } from 'vitest';
import { AwsError, mergeQuery, parseQueryBody } from '../../src/protocol/index.js';
import type { QueryParams } from '../../src/protocol/index.js';

const q = (body: string): QueryParams => parseQueryBody(body);

function thrown(fn: () => unknown): AwsError {
  try {
    fn();
  } catch (err) {
    if (err instanceof AwsError) return err;
    throw err;
  }
  throw new Error('expected an AwsError');
}

describe('parseQueryBody', () => {
  it('decodes + as a space and percent escapes as UTF-8', () => {
    const p = q('A=a+b%20c&B=%C3%A9%E2%9C%93&C=%2B');
    expect([p.get('A'), p.get('B'), p.get('C')]).toEqual(['a b c', 'é✓', '+']);
  });

  it('accepts lower-case hex escapes', () => {
    expect(q('A=%2f%3d').get('A')).toBe('/=');
  });

  it('treats a name without = as an empty value', () => {
    expect(q('A&B=1').get('A')).toBe('');
  });

  it('keeps the first of repeated names', () => {
    expect(q('A=1&A=2').get('A')).toBe('1');
  });

  it('rejects an illegal hex escape with MalformedQueryString', () => {
    const e = thrown(() => q('A=%G1'));
    expect([e.code, e.status, e.message]).toEqual(['MalformedQueryString', 404, 'Illegal hex character in escape % pattern: %G1']);
  });

  it('rejects a truncated escape at the end', () => {
    expect(thrown(() => q('A=abc%4')).message).toBe('Incomplete trailing escape % sequence');
  });

  it('ignores a body declared as another content type', () => {
    expect(parseQueryBody('{"Action":"X"}', 'application/json').size).toBe(0);
  });

  it('parses a form body declared with a charset', () => {
    expect(parseQueryBody('Action=GetUser', 'application/x-www-form-urlencoded; charset=utf-8').action()).toBe('GetUser');
  });

  it('merges URL query and body, the body winning', () => {
    const p = mergeQuery('Action=GetUser&X=1', q('Action=CreateUser&Y=2'));
    expect([p.action(), p.get('X'), p.get('Y')]).toEqual(['CreateUser', '1', '2']);
  });
});

describe('QueryParams readers', () => {
  it('reports a missing Action as MissingAction 400', () => {
    const e = thrown(() => q('Version=2010-05-08').action());
    expect([e.code, e.status]).toEqual(['MissingAction', 400]);
  });

  it('reads Version', () => {
    expect(q('Version=2010-05-08').version()).toBe('2010-05-08');
  });

  it('reports a missing required string as AWS\'s "must not be null" validation error', () => {
    const e = thrown(() => q('').string('UserName', { required: true }));
    expect([e.code, e.status, e.message]).toEqual([
      'ValidationError',
      400,
      "1 validation error detected: Value null at 'userName' failed to satisfy constraint: Member must not be null",
    ]);
  });

  it('reports a pattern violation with the camelCase member name', () => {
    const e = thrown(() => q('UserName=bad%20name').string('UserName', { pattern: '[\\w+=,.@-]+' }));
    expect(e.message).toBe(
      "1 validation error detected: Value 'bad name' at 'userName' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\w+=,.@-]+",
    );
  });

  it('reports a too-long value', () => {
    const e = thrown(() => q(`UserName=${'a'.repeat(65)}`).string('UserName', { max: 64 }));
    expect(e.message).toMatch(/Member must have length less than or equal to 64$/);
  });

  it('reports a too-short value', () => {
    const e = thrown(() => q('UserName=').string('UserName', { min: 1 }));
    expect(e.message).toBe("1 validation error detected: Value '' at 'userName' failed to satisfy constraint: Member must have length greater than or equal to 1");
  });

  it('counts length in code points, not UTF-16 units', () => {
    expect(q('N=%F0%9F%98%80%F0%9F%98%80').string('N', { max: 2 })).toBe('😀😀');
  });

  it('gathers all violations into one "N validation errors detected" message', () => {
    const p = q(`UserName=b%20b&Path=${'x'.repeat(513)}`);
    const e = thrown(() =>
      p.collect((r) => ({
        user: r.string('UserName', { required: true, pattern: '[\\w+=,.@-]+', max: 64 }),
        path: r.string('Path', { max: 512 }),
        boundary: r.string('PermissionsBoundary', { required: true }),
      })),
    );
    expect(e.message).toBe(
      "3 validation errors detected: Value 'b b' at 'userName' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\w+=,.@-]+; " +
        `Value '${'x'.repeat(513)}' at 'path' failed to satisfy constraint: Member must have length less than or equal to 512; ` +
        "Value null at 'permissionsBoundary' failed to satisfy constraint: Member must not be null",
    );
  });

  it('returns the values from collect when nothing is wrong', () => {
    expect(q('UserName=bob').collect((r) => r.string('UserName', { required: true }))).toBe('bob');
  });

  it('reads an int within range', () => {
    expect(q('MaxItems=100').int('MaxItems', { min: 1, max: 1000 })).toBe(100);
  });

  it('reports an int above its maximum', () => {
    const e = thrown(() => q('MaxItems=1001').int('MaxItems', { min: 1, max: 1000 }));
    expect(e.message).toBe("1 validation error detected: Value '1001' at 'maxItems' failed to satisfy constraint: Member must have value less than or equal to 1000");
  });

  it('reports an int below its minimum', () => {
    expect(thrown(() => q('MaxItems=0').int('MaxItems', { min: 1 })).message).toMatch(/Member must have value greater than or equal to 1$/);
  });

  it('rejects a non-numeric int', () => {
    expect(thrown(() => q('MaxItems=ten').int('MaxItems')).code).toBe('ValidationError');
  });

  it('reads booleans', () => {
    const p = q('A=true&B=false&C=TRUE');
    expect([p.bool('A'), p.bool('B'), p.bool('C'), p.bool('D')]).toEqual([true, false, true, undefined]);
  });

  it('rejects a non-boolean', () => {
    expect(thrown(() => q('A=yes').bool('A')).code).toBe('ValidationError');
  });

  it('reads ISO-8601 timestamps', () => {
    expect(q('T=2025-01-01T12%3A00%3A00Z').timestamp('T')).toEqual(new Date('2025-01-01T12:00:00Z'));
  });

  it('rejects a malformed timestamp', () => {
    expect(thrown(() => q('T=yesterday').timestamp('T')).code).toBe('ValidationError');
  });

  it('reports has() for present names only', () => {
    expect([q('A=').has('A'), q('A=').has('B')]).toEqual([true, false]);
  });
});

describe('QueryParams lists and maps', () => {
  it('reads Name.member.N in N order, tolerating gaps', () => {
    expect(q('L.member.10=c&L.member.2=b&L.member.1=a').list('L')).toEqual(['a', 'b', 'c']);
  });

  it('reads "Name=" alone as an empty list', () => {
    expect(q('ClientIDList=').list('ClientIDList')).toEqual([]);
  });

  it('returns undefined for an absent list', () => {
    expect(q('').list('ClientIDList')).toBeUndefined();
  });

  it('ignores member indices that are not positive integers', () => {
    expect(q('L.member.0=x&L.member.a=y&L.member.1=z').list('L')).toEqual(['z']);
  });

  it('validates list members with AWS member paths', () => {
    const e = thrown(() => q('ThumbprintList.member.1=abc').list('ThumbprintList', { member: { min: 40, max: 40 } }));
    expect(e.message).toBe(
      "1 validation error detected: Value 'abc' at 'thumbprintList.1.member' failed to satisfy constraint: Member must have length greater than or equal to 40",
    );
  });

  it('reads Tags.member.N.Key/Value structures', () => {
    const p = q('Tags.member.2.Key=b&Tags.member.2.Value=2&Tags.member.1.Key=a&Tags.member.1.Value=1');
    expect(p.structList('Tags', ['Key', 'Value'])).toEqual([
      { Key: 'a', Value: '1' },
      { Key: 'b', Value: '2' },
    ]);
  });

  it('reads STS PolicyArns.member.N.arn with its lower-case field', () => {
    expect(q('PolicyArns.member.1.arn=arn%3Aaws%3Aiam%3A%3Aaws%3Apolicy%2FX').structList('PolicyArns', ['arn'])).toEqual([
      { arn: 'arn:aws:iam::aws:policy/X' },
    ]);
  });

  it('reads "Tags=" alone as an empty structure list', () => {
    expect(q('Tags=').structList('Tags', ['Key', 'Value'])).toEqual([]);
  });

  it('validates structure fields with paths like tags.1.member.key', () => {
    const e = thrown(() => q('Tags.member.1.Value=v').structList('Tags', ['Key', 'Value'], { Key: { required: true, min: 1 } }));
    expect(e.message).toBe("1 validation error detected: Value null at 'tags.1.member.key' failed to satisfy constraint: Member must not be null");
  });

  it('reads Name.entry.N.key/value maps in N order', () => {
    const m = q('M.entry.2.key=b&M.entry.2.value=2&M.entry.1.key=a&M.entry.1.value=1').map('M');
    expect([...(m ?? [])]).toEqual([
      ['a', '1'],
      ['b', '2'],
    ]);
  });

  it('returns undefined for an absent map', () => {
    expect(q('').map('M')).toBeUndefined();
  });
});
