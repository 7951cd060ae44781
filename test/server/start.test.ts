import { ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { mintToken } from '../../src/access/tokens';
import { Role } from '../../src/access/viewer';
import { alive, embeddedSetting, postmasterPid as embeddedPostmaster, removeEmbedded } from '../support/embedded-server';
import { creditCode } from '../support/fixtures';
import { EnforcementLevel } from '../../src/registry/registry.enums';

/**
 * `npm start` on a machine without DATABASE_URL: the server starts its own
 * PostgreSQL, keeps data across restarts, recovers from a killed earlier
 * start, and shuts down cleanly on SIGTERM and on a terminal's Ctrl-C.
 */
jest.setTimeout(180_000);

const root = path.resolve(__dirname, '../..');
const { dataDir, pgPort } = embeddedSetting('hz-start-');

interface Started {
  child: ChildProcess;
  url: string;
  output: () => string;
}

/** The server as `npm start` runs it, jobs off unless `jobs`; `ownGroup`: leading a process group of its own, as a terminal's foreground job. */
function start({ ownGroup = false, jobs = false } = {}): Promise<Started> {
  const env: NodeJS.ProcessEnv = { ...process.env, DATA_DIR: dataDir, PORT: '0', EMBEDDED_PG_PORT: String(pgPort), JOBS_ENABLED: String(jobs), LOG_LEVEL: 'info', NODE_ENV: 'development' };
  delete env.DATABASE_URL;
  delete env.TEST_DATABASE_URL;
  const child = spawn(process.execPath, ['-r', '@swc-node/register', 'src/main.ts'], { cwd: root, env, stdio: ['ignore', 'pipe', 'pipe'], detached: ownGroup });
  let out = '';
  return new Promise((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      out += chunk.toString();
      const match = /GraphQL at (http:\/\/\S+)/.exec(out);
      if (match) resolve({ child, url: match[1], output: () => out });
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.on('exit', (code) => reject(new Error(`server exited with ${code}:\n${out}`)));
    setTimeout(() => reject(new Error(`server did not start in 60 s:\n${out}`)), 60_000).unref();
  });
}

function exited(child: ChildProcess): Promise<number | null> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) resolve(child.exitCode);
    else child.once('exit', (code) => resolve(code));
  });
}

const postmasterPid = () => embeddedPostmaster(dataDir);

afterAll(() => removeEmbedded(dataDir));

it('starts on an embedded PostgreSQL, survives a killed start, and stops cleanly', async () => {
  const first = await start();
  expect(first.output()).toContain('initialising embedded PostgreSQL');
  const ready = await fetch(first.url.replace('/graphql', '/readyz'));
  expect(await ready.json()).toEqual({ status: 'ready' });

  const secret = fs.readFileSync(path.join(dataDir, 'jwt-secret'), 'utf8');
  const token = await mintToken(secret, { role: Role.REGULATOR, level: EnforcementLevel.DISTRICT, subject: 'r', expiresInSeconds: 600 });
  const register = await fetch(first.url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify({
      query: `mutation($i: RegisterEnterpriseInput!) { registerEnterprise(input: $i) { creditCode } }`,
      variables: { i: { creditCode: creditCode(7), name: '持久企业', address: '某路', town: '某镇', enforcementLevel: 'TOWN', industry: 'OTHER' } },
    }),
  });
  expect(((await register.json()) as any).data.registerEnterprise.creditCode).toBe(creditCode(7));

  // A killed server leaves its PostgreSQL running.
  first.child.kill('SIGKILL');
  await exited(first.child);
  const stale = postmasterPid();
  expect(stale && alive(stale)).toBeTruthy();

  const second = await start();
  expect(second.output()).toContain('stopping a PostgreSQL left running by an earlier start');
  const query = await fetch(second.url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify({ query: `{ enterprise(creditCode: "${creditCode(7)}") { name } }` }),
  });
  expect(((await query.json()) as any).data.enterprise.name).toBe('持久企业');

  const running = postmasterPid()!;
  second.child.kill('SIGTERM');
  expect(await exited(second.child)).toBe(0);
  expect(second.output()).toContain('stopped');
  expect(alive(running)).toBe(false);
});

it("stops cleanly on a terminal's Ctrl-C, which signals the whole process group: PostgreSQL is stopped by the server, last", async () => {
  // Jobs on, as npm start runs them: the log's integrator and the job runner hold connections of their own.
  const server = await start({ ownGroup: true, jobs: true });
  const running = postmasterPid()!;
  expect(alive(running)).toBe(true);
  // Served a while, as a server is before someone stops it: the log's integrator holds its lock's connection by then.
  expect(await (await fetch(server.url.replace('/graphql', '/readyz'))).json()).toEqual({ status: 'ready' });
  await new Promise((resolve) => setTimeout(resolve, 1500));
  process.kill(-server.child.pid!, 'SIGINT');
  expect(await exited(server.child)).toBe(0);
  expect(server.output()).toContain('"msg":"stopped"');
  // Before, PostgreSQL took the same SIGINT as a fast shutdown and ended the server's connections under it.
  expect(server.output().split('\n').filter((line) => line.includes('"level":50'))).toEqual([]);
  expect(alive(running)).toBe(false);
});
