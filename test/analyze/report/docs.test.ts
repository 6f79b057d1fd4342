import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { allChecks } from '../../../src/analyze/index.js';

const DOC = readFileSync(join(import.meta.dirname, '../../../docs/checks.md'), 'utf8');

describe('docs/checks.md', () => {
  it('documents every check under its id anchor, with why, fix and an example', () => {
    for (const check of allChecks()) {
      const start = DOC.indexOf(`<a id="${check.id}"></a>`);
      expect(start, check.id).toBeGreaterThanOrEqual(0);
      const section = DOC.slice(start, DOC.indexOf('<a id=', start + 1) >>> 0 || undefined);
      expect(section).toContain(check.why);
      expect(section).toContain(check.fix);
      expect(section).toContain('**Example:**');
    }
  });
});
