// Micro-benchmark behind match/wildcard.ts compilePrefixTest: ways to test that an ARN starts with a fixed
// 20-40-character literal (an ARN pattern's text before its first wildcard). Run: node bench/prefix.mjs
// Not part of `npm run bench`; figures are ns per test, half of the ARNs matching.
import { fmt } from './lib.mjs';

const arns = JSON.parse(
  JSON.stringify(
    Array.from({ length: 1000 }, (_, i) =>
      i % 2 ? `arn:aws:s3:::app-data-prod/uploads/${i}.json` : `arn:aws:s3:::shared-data-bucket/data/${i}.json`,
    ),
  ),
); // parsed, like request values
const prefix = 'arn:aws:s3:::app-data-';
const length = prefix.length;
const last = prefix.charCodeAt(length - 1);
const candidates = {
  startsWith: (s) => s.startsWith(prefix),
  'lastIndexOf(p, 0) === 0': (s) => s.lastIndexOf(prefix, 0) === 0,
  'last char, then lastIndexOf (used)': (s) =>
    s.length >= length && s.charCodeAt(length - 1) === last && s.lastIndexOf(prefix, 0) === 0,
  'charCodeAt loop': (s) => {
    if (s.length < length) return false;
    for (let i = 0; i < length; i++) if (s.charCodeAt(i) !== prefix.charCodeAt(i)) return false;
    return true;
  },
};
let sink = 0;
for (let round = 0; round < 3; round++) {
  for (const [name, test] of Object.entries(candidates)) {
    const start = process.hrtime.bigint();
    for (let r = 0; r < 2000; r++) for (let i = 0; i < arns.length; i++) sink += test(arns[i]) ? 1 : 0;
    const ns = Number(process.hrtime.bigint() - start) / (2000 * arns.length);
    if (round === 2) console.log(`${name.padEnd(36)} ${fmt(ns, 1)} ns`);
  }
}
if (sink === 0) console.log('(no matches?)');
