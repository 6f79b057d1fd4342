import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  compileArnTemplate,
  compileResourcePattern,
  compileStringTemplate,
  parseTemplate,
} from '../../../src/engine/match/template.js';
import { context, newTrace } from '../conditions/helpers.js';

const vars = context({
  'aws:username': 'alice',
  'aws:PrincipalTag/team': 'blue',
  'aws:PrincipalTag/star': 'a*',
  'aws:TagKeys': ['a', 'b'],
  'aws:PrincipalAccount': '123456789012',
});

describe('parseTemplate', () => {
  it('splits text, variables, defaults and specials', () => {
    expect(parseTemplate("home/${aws:username}/${*}${aws:PrincipalTag/team, 'x y'}")).toEqual([
      { kind: 'text', text: 'home/' },
      { kind: 'variable', key: 'aws:username', lowerKey: 'aws:username', defaultValue: undefined },
      { kind: 'text', text: '/' },
      { kind: 'literal', text: '*' },
      { kind: 'variable', key: 'aws:PrincipalTag/team', lowerKey: 'aws:principaltag/team', defaultValue: 'x y' },
    ]);
  });

  it('keeps malformed forms as text', () => {
    expect(parseTemplate('a${b')).toEqual([{ kind: 'text', text: 'a${b' }]);
    expect(parseTemplate('a${}')).toEqual([{ kind: 'text', text: 'a${}' }]);
  });
});

describe('compileResourcePattern', () => {
  it('matches everything with *', () => {
    expect(compileResourcePattern('*', { policyVariables: true })('anything', vars)).toBe(true);
  });

  it('substitutes a variable after the fifth colon', () => {
    const m = compileResourcePattern('arn:aws:s3:::home/${aws:username}/*', { policyVariables: true });
    expect(m('arn:aws:s3:::home/alice/file', vars)).toBe(true);
    expect(m('arn:aws:s3:::home/bob/file', vars)).toBe(false);
  });

  it('looks variable keys up case-insensitively', () => {
    const m = compileResourcePattern('arn:aws:s3:::${AWS:UserName}', { policyVariables: true });
    expect(m('arn:aws:s3:::alice', vars)).toBe(true);
  });

  it('keeps ${...} literal when policy variables are off (Version 2008-10-17)', () => {
    const m = compileResourcePattern('arn:aws:s3:::${aws:username}', { policyVariables: false });
    expect(m('arn:aws:s3:::alice', vars)).toBe(false);
    expect(m('arn:aws:s3:::${aws:username}', vars)).toBe(true);
  });

  it('does not expand variables before the fifth colon', () => {
    const m = compileResourcePattern('arn:aws:iam::${aws:PrincipalAccount}:role/x', { policyVariables: true });
    expect(m('arn:aws:iam::123456789012:role/x', vars)).toBe(false);
  });

  it('treats substituted text as literal, not as wildcards', () => {
    const m = compileResourcePattern('arn:aws:s3:::b/${aws:PrincipalTag/star}', { policyVariables: true });
    expect(m('arn:aws:s3:::b/a*', vars)).toBe(true);
    expect(m('arn:aws:s3:::b/abc', vars)).toBe(false);
  });

  it('reads ${*}, ${?} and ${$} as the literal characters', () => {
    const m = compileResourcePattern('arn:aws:s3:::b/${*}${?}${$}', { policyVariables: true });
    expect(m('arn:aws:s3:::b/*?$', vars)).toBe(true);
    expect(m('arn:aws:s3:::b/xy$', vars)).toBe(false);
  });

  it('uses the default when the key is absent', () => {
    const m = compileResourcePattern("arn:aws:s3:::b/${aws:PrincipalTag/dept, 'shared'}/*", { policyVariables: true });
    expect(m('arn:aws:s3:::b/shared/x', vars)).toBe(true);
  });

  it('ignores the default when the key is present', () => {
    const m = compileResourcePattern("arn:aws:s3:::b/${aws:PrincipalTag/team, 'shared'}", { policyVariables: true });
    expect(m('arn:aws:s3:::b/blue', vars)).toBe(true);
    expect(m('arn:aws:s3:::b/shared', vars)).toBe(false);
  });

  it('matches nothing when a variable key is absent, and reports the key', () => {
    const m = compileResourcePattern('arn:aws:s3:::b/${aws:PrincipalTag/dept}*', { policyVariables: true });
    const trace = newTrace();
    expect(m('arn:aws:s3:::b/', vars)).toBe(false);
    expect(m('arn:aws:s3:::b/anything', vars, trace)).toBe(false);
    expect(trace.missingKeys).toEqual(['aws:PrincipalTag/dept']);
  });

  it('matches nothing when a variable key is multivalued', () => {
    const m = compileResourcePattern('arn:aws:s3:::b/${aws:TagKeys}', { policyVariables: true });
    const trace = newTrace();
    expect(m('arn:aws:s3:::b/a', vars, trace)).toBe(false);
    expect(trace.missingKeys).toEqual(['aws:TagKeys']);
  });

  it('applies wildcards in the head parts with variables in the tail', () => {
    const m = compileResourcePattern('arn:aws:s3:*:*:${aws:username}', { policyVariables: true });
    expect(m('arn:aws:s3:r:1:alice', vars)).toBe(true);
    expect(m('arn:aws:s3:r:1:x:alice', vars)).toBe(false);
  });
});

describe('compileStringTemplate', () => {
  it('compares equality with substituted text', () => {
    const m = compileStringTemplate('team-${aws:PrincipalTag/team}', { glob: false, ignoreCase: false });
    expect(m('team-blue', vars)).toBe(true);
    expect(m('team-blue2', vars)).toBe(false);
  });

  it('keeps policy wildcards active in glob mode but not substituted ones', () => {
    const m = compileStringTemplate('${aws:PrincipalTag/star}/*', { glob: true, ignoreCase: false });
    expect(m('a*/x', vars)).toBe(true);
    expect(m('ab/x', vars)).toBe(false);
  });
});

describe('compileArnTemplate', () => {
  it('substitutes variables in any part of a condition ARN', () => {
    const m = compileArnTemplate('arn:aws:iam::${aws:PrincipalAccount}:role/*');
    expect(m('arn:aws:iam::123456789012:role/x', vars)).toBe(true);
    expect(m('arn:aws:iam::999999999999:role/x', vars)).toBe(false);
  });

  it('keeps a variable value within its own part', () => {
    const colon = context({ 'test:v': 'a:b' });
    expect(compileArnTemplate('arn:aws:${test:v}:r:1:x')('arn:aws:a:b:r:1:x', colon)).toBe(false);
    expect(compileArnTemplate('arn:aws:s3:::${test:v}')('arn:aws:s3:::a:b', colon)).toBe(true);
  });
});

describe('template glob (property)', () => {
  /** Reference over tokens: `wild` tokens are `*`/`?` wildcards, the rest literal characters. */
  function reference(tokens: readonly { ch: string; wild: boolean }[], text: string): boolean {
    const memo = new Map<number, boolean>();
    const go = (p: number, t: number): boolean => {
      const k = p * (text.length + 1) + t;
      const hit = memo.get(k);
      if (hit !== undefined) return hit;
      let r: boolean;
      if (p === tokens.length) r = t === text.length;
      else if (tokens[p].wild && tokens[p].ch === '*') r = go(p + 1, t) || (t < text.length && go(p, t + 1));
      else {
        r =
          t < text.length &&
          ((tokens[p].wild && tokens[p].ch === '?') || tokens[p].ch === text[t]) &&
          go(p + 1, t + 1);
      }
      memo.set(k, r);
      return r;
    };
    return go(0, 0);
  }

  it('agrees with a token reference where substituted text is literal', () => {
    const textPiece = fc.string({ unit: fc.constantFrom('a', 'b', '*', '?'), maxLength: 4 });
    const piece = fc.oneof(textPiece, fc.constant('${test:v}'), fc.constant('${*}'));
    const value = fc.string({ unit: fc.constantFrom('a', 'b', '*', '?'), maxLength: 3 });
    const subject = fc.string({ unit: fc.constantFrom('a', 'b', '*', '?'), maxLength: 8 });
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 5 }), value, subject, (pieces, v, text) => {
        const tokens = pieces.flatMap((p) =>
          p === '${test:v}'
            ? [...v].map((ch) => ({ ch, wild: false }))
            : p === '${*}'
              ? [{ ch: '*', wild: false }]
              : [...p].map((ch) => ({ ch, wild: ch === '*' || ch === '?' })),
        );
        const m = compileStringTemplate(pieces.join(''), { glob: true, ignoreCase: false });
        expect(m(text, context({ 'test:v': v }))).toBe(reference(tokens, text));
      }),
      { numRuns: 3000 },
    );
  });
});
