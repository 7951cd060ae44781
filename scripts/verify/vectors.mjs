/**
 * Runs the verifier's own RFC 9162 code over the RFC 6962 vectors of
 * transparency-dev/merkle (test/fixtures/merkle), every wantErr case
 * included: `node scripts/verify/vectors.mjs`. Prints the cases that
 * disagree as JSON; exit 1 if any does.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { consistent, fromBase64, rootFromInclusion } from './log.mjs';

const dir = path.join(path.dirname(fileURLToPath(import.meta.url)), '../../test/fixtures/merkle');
const read = (name) => JSON.parse(fs.readFileSync(path.join(dir, name), 'utf8'));
const b = (s) => Buffer.from(s ?? '', 'base64');
const wrong = [];
let cases = 0;
for (const [name, c] of Object.entries(read('inclusion.json'))) {
  cases++;
  const leaf = b(c.leafHash);
  const root = leaf.length === 32 ? rootFromInclusion(c.leafIdx, c.treeSize, leaf, fromBase64(c.proof ?? [])) : null;
  if ((root !== null && root.equals(b(c.root))) === c.wantErr) wrong.push(`inclusion ${name}`);
}
for (const [name, c] of Object.entries(read('consistency.json'))) {
  cases++;
  if (consistent(c.size1, c.size2, fromBase64(c.proof ?? []), b(c.root1), b(c.root2)) === c.wantErr) wrong.push(`consistency ${name}`);
}
console.log(JSON.stringify({ cases, wrong }));
process.exit(wrong.length ? 1 : 0);
