import { describe, expect, it } from 'vitest';
import { loadCatalog } from '../../../src/catalog/index.js';
import { ESCALATION_METHODS } from '../../../src/analyze/escalation/methods.js';

describe('escalation method catalogue', () => {
  it('has at least 60 methods with unique ids', () => {
    expect(ESCALATION_METHODS.length).toBeGreaterThanOrEqual(60);
    expect(new Set(ESCALATION_METHODS.map((m) => m.id)).size).toBe(ESCALATION_METHODS.length);
  });

  it('names only actions that exist in the service catalog', async () => {
    const catalog = await loadCatalog();
    const missing = ESCALATION_METHODS.flatMap((m) =>
      m.permissions
        .filter((p) => {
          const [service, name] = p.action.split(':');
          return catalog.action(service, name) === undefined;
        })
        .map((p) => `${m.id}: ${p.action}`),
    );
    expect(missing).toEqual([]);
  });

  it('gives every service-role method the service principals its role must trust', () => {
    for (const m of ESCALATION_METHODS) {
      if (m.target === 'serviceRole') expect(m.services?.length, m.id).toBeGreaterThan(0);
    }
  });

  it('gives every service-role method the ARN of the resource the service acts for, in the caller account', () => {
    for (const m of ESCALATION_METHODS) {
      if (m.target === 'serviceRole') expect(m.source, m.id).toMatch(/^arn:aws:[a-z0-9-]+:\*:\{account\}:./);
    }
  });
});
