// Builds the console (web/) only when its sources changed since the last
// build, so `npm start` stays fast: a SHA-256 of every input is kept in
// web/dist/.source-hash. `--force` builds anyway. `--background` (npm start)
// builds in a detached process and returns at once: the API need not wait
// for the console, and / answers 503 until the build is done. `npm start`
// calls it from scripts/prestart.mjs, in that script's node process.
import { execFileSync, spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

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

// One build at a time: a second `npm start` while the first still builds leaves web/dist to it.
const lock = path.join(root, 'node_modules', '.cache', 'hazchem-console-build.pid');
const building = () => {
  if (!existsSync(lock)) return false;
  try {
    process.kill(Number(readFileSync(lock, 'utf8')), 0);
    return true;
  } catch {
    return false;
  }
};
/** Builds web/ when its sources changed (or `force`); `background`: in a detached process, returning at once. */
export function buildConsole({ force = false, background = false } = {}) {
  const hash = createHash('sha256');
  for (const file of inputs.flatMap(files)) hash.update(`${file}\0`).update(readFileSync(path.join(root, file))).update('\0');
  const digest = hash.digest('hex');
  if (!force && existsSync(stamp) && readFileSync(stamp, 'utf8') === digest && existsSync(path.join(web, 'dist', 'index.html'))) return;
  if (building()) {
    console.error('console: another process is building web/; / answers 503 until it is done');
    return;
  }
  if (background) {
    const args = [fileURLToPath(import.meta.url), ...(force ? ['--force'] : [])];
    spawn(process.execPath, args, { detached: true, stdio: ['ignore', 'inherit', 'inherit'] }).unref();
    console.error('console: building web/ in the background (its sources changed); / answers 503 until it is done');
    return;
  }
  mkdirSync(path.dirname(lock), { recursive: true });
  writeFileSync(lock, String(process.pid));
  try {
    console.error('console: building web/ (its sources changed)');
    // NODE_ENV as the server's (development, or test under jest) would make Vite bundle React's development build.
    execFileSync('npm', ['run', '-s', 'build'], { cwd: web, stdio: ['ignore', 'ignore', 'inherit'], env: { ...process.env, NODE_ENV: 'production' } });
    writeFileSync(stamp, digest);
    console.error('console: built web/, served at /');
  } finally {
    rmSync(lock, { force: true });
  }
}

if (process.argv[1] && pathToFileURL(path.resolve(process.argv[1])).href === import.meta.url) {
  buildConsole({ force: process.argv.includes('--force'), background: process.argv.includes('--background') });
}
