// Builds the console (web/) only when its sources changed since the last
// build, so `npm start` stays fast: a SHA-256 of every input is kept in
// web/dist/.source-hash. `--force` builds anyway.
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.join(path.dirname(fileURLToPath(import.meta.url)), '..');
const web = path.join(root, 'web');
const stamp = path.join(web, 'dist', '.source-hash');
const inputs = ['web/src', 'web/public', 'web/index.html', 'web/vite.config.ts', 'web/codegen.mjs', 'web/package.json', 'web/tsconfig.json', 'schema/schema.graphql', 'package-lock.json'];

function files(relative) {
  const full = path.join(root, relative);
  if (!existsSync(full)) return [];
  if (!statSync(full).isDirectory()) return [relative];
  return readdirSync(full, { recursive: true })
    .map((f) => path.join(relative, f))
    .filter((f) => !f.startsWith(path.join('web', 'src', 'gql')) && statSync(path.join(root, f)).isFile())
    .sort();
}

const hash = createHash('sha256');
for (const file of inputs.flatMap(files)) hash.update(`${file}\0`).update(readFileSync(path.join(root, file))).update('\0');
const digest = hash.digest('hex');

if (!process.argv.includes('--force') && existsSync(stamp) && readFileSync(stamp, 'utf8') === digest && existsSync(path.join(web, 'dist', 'index.html'))) {
  process.exit(0);
}
console.error('console: building web/ (its sources changed)');
// NODE_ENV as the server's (development, or test under jest) would make Vite bundle React's development build.
execFileSync('npm', ['run', '-s', 'build'], { cwd: web, stdio: ['ignore', 'ignore', 'inherit'], env: { ...process.env, NODE_ENV: 'production' } });
writeFileSync(stamp, digest);
