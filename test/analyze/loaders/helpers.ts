// Shared by the loader tests: fixtures and line lookups.
import { readFileSync, readdirSync, statSync } from 'node:fs';
import type { AnalysisModel, EntityRecord, PolicyRecord } from '../../../src/analyze/model.js';

export const FIXTURES = 'test/fixtures/analyze/';

export function fixture(path: string): { path: string; text: string } {
  return { path: FIXTURES + path, text: readFileSync(FIXTURES + path, 'utf8') };
}

export function fixtureTree(dir: string): { path: string; text: string }[] {
  const walk = (d: string): string[] => readdirSync(d).flatMap((f) => (statSync(`${d}/${f}`).isDirectory() ? walk(`${d}/${f}`) : [`${d}/${f}`]));
  return walk(FIXTURES + dir).map((p) => ({ path: p, text: readFileSync(p, 'utf8') }));
}

/** 1-based line of the nth line containing `needle` (at or after line `after`). */
export function lineOf(text: string, needle: string, after = 1): number {
  const lines = text.split('\n');
  for (let i = after - 1; i < lines.length; i++) if (lines[i].includes(needle)) return i + 1;
  throw new Error(`${needle} not found`);
}

export function entity(model: AnalysisModel, name: string): EntityRecord {
  const e = model.entities.find((x) => x.name === name);
  if (!e) throw new Error(`no entity ${name}: ${model.entities.map((x) => x.name).join(', ')}`);
  return e;
}

/** The document as plain JSON (placeholders included). */
export function json(policy: PolicyRecord | undefined): unknown {
  if (!policy) throw new Error('no policy');
  return JSON.parse(policy.text);
}
