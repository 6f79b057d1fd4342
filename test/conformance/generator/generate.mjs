// Writes test/conformance/<topic>.json from the case lists. Deterministic: same input, same bytes.
// Usage (from the repo root): node test/conformance/generator/generate.mjs test/conformance
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { identity } from './identity.mjs';
import { conditions } from './conditions.mjs';
import { variables } from './variables.mjs';
import { resource } from './resource.mjs';
import { cross } from './cross.mjs';
import { boundaries, sessions, scps, rcps } from './layers.mjs';
import { trust, kms, special } from './special.mjs';
import { seed } from './seed.mjs';

const out = process.argv[2];
const files = {
  'identity-basics': identity,
  conditions,
  variables,
  'resource-policies': resource,
  'cross-account': cross,
  'permission-boundaries': boundaries,
  'session-policies': sessions,
  scps,
  rcps,
  'trust-policies': trust,
  'kms-key-policies': kms,
  'special-principals': special,
  seed,
};
let total = 0;
for (const [name, cases] of Object.entries(files)) {
  const names = new Set();
  for (const c of cases) {
    if (names.has(c.name)) throw new Error(`${name}: duplicate case name ${c.name}`);
    names.add(c.name);
  }
  writeFileSync(join(out, `${name}.json`), JSON.stringify({ cases }, null, 2) + '\n');
  console.log(name, cases.length);
  total += cases.length;
}
console.log('total', total);
