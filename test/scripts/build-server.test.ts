import { execFile, spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { adminUrl, createScratchDatabase } from '../../src/db/scratch-database';

/**
 * `npm start`'s build (scripts/build-server.mjs): swc transpiles into dist/ only the sources changed
 * since the last build and removes the output of a deleted source; the server it builds starts as
 * `npm start` runs it. Run through a copy's timestamps, never by editing a source.
 */
jest.setTimeout(180_000);

const root = path.resolve(__dirname, '../..');
const build = async () => {
  const { stderr } = await promisify(execFile)(process.execPath, ['scripts/build-server.mjs'], { cwd: root });
  return stderr;
};
const sourceCount = () => ['src', 'migrations'].flatMap((dir) => fs.readdirSync(path.join(root, dir), { recursive: true }) as string[]).filter((f) => /(?<!\.test|\.d)\.ts$/.test(f)).length;

it('transpiles what changed only, and removes what a deleted source left behind', async () => {
  await build();
  expect(await build()).toBe('');
  // A source newer than its output is built again; the others are not.
  const output = path.join(root, 'dist/src/config.js');
  fs.utimesSync(output, new Date(0), new Date(0));
  expect(await build()).toBe(`server: transpiled 1 of ${sourceCount()} files into dist/\n`);
  expect(fs.statSync(output).mtimeMs).toBeGreaterThanOrEqual(fs.statSync(path.join(root, 'src/config.ts')).mtimeMs);
  const orphan = path.join(root, 'dist/src/shared/deleted-source.js');
  fs.writeFileSync(orphan, 'module.exports = 1;\n');
  await build();
  expect(fs.existsSync(orphan)).toBe(false);
});

it('builds a server that starts as npm start runs it', async () => {
  await build();
  const start = /\bnode((?:\s+--\S+)*)\s+(dist\/src\/main\.js)/.exec(JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')).scripts.start)!;
  const database = await createScratchDatabase(adminUrl(), 'hz_build');
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'hz-build-'));
  const env: NodeJS.ProcessEnv = { ...process.env, DATABASE_URL: database.url, DATA_DIR: dataDir, PORT: '0', HOST: '127.0.0.1', JOBS_ENABLED: 'false', LOG_LEVEL: 'warn' };
  delete env.TEST_DATABASE_URL;
  const child = spawn(process.execPath, [...start[1].split(/\s+/).filter(Boolean), start[2]], { cwd: root, env, stdio: ['ignore', 'pipe', 'pipe'] });
  try {
    const url = await new Promise<string>((resolve, reject) => {
      let out = '';
      const read = (chunk: Buffer) => {
        out += chunk.toString();
        const match = /GraphQL at (\S+)/.exec(out);
        if (match) resolve(match[1]);
      };
      child.stdout.on('data', read);
      child.stderr.on('data', read);
      child.once('exit', (code) => reject(new Error(`exited ${code}: ${out}`)));
    });
    const answer = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query: '{ chemical(serial: 1381) { name } }' }) });
    expect(await answer.json()).toMatchObject({ data: { chemical: { name: '氯' } } });
  } finally {
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGTERM');
    await exited;
    await database.drop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
});
