import net from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { alive, embeddedSetting, postmasterPid, removeEmbedded } from '../support/embedded-server';
import { startServerProcess } from '../support/server-process';

/**
 * The embedded PostgreSQL of `npm start` without DATABASE_URL is supervised: killed, it is noticed
 * (logged, /readyz 503, GraphQL SERVICE_UNAVAILABLE) and started again; when it cannot be, the
 * server exits non-zero saying why. A shutdown is bounded by SHUTDOWN_TIMEOUT_SECONDS even when
 * PostgreSQL stops answering, and PostgreSQL is still told to stop.
 */
jest.setTimeout(180_000);

const embedded = embeddedSetting('hz-supervised-');
afterAll(() => removeEmbedded(embedded.dataDir));

const readyz = async (url: string) => (await fetch(url.replace('/graphql', '/readyz'))).status;
const graphql = async (url: string) => {
  const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query: '{ chemicals(first: 1) { totalCount } }' }) });
  return { status: response.status, body: (await response.json()) as { errors?: { extensions: { code: string } }[] } };
};

async function until<T>(what: string, probe: () => Promise<T>, seconds = 30): Promise<T> {
  for (const deadline = Date.now() + seconds * 1000; Date.now() < deadline; await sleep(50)) {
    const value = await probe();
    if (value) return value;
  }
  throw new Error(`not within ${seconds} s: ${what}`);
}

it('restarts a killed embedded PostgreSQL, and exits non-zero naming the cause when it cannot', async () => {
  const server = await startServerProcess({ ...embedded.env, EMBEDDED_PG_RESTARTS: '2' });
  expect(await readyz(server.url)).toBe(200);
  const first = postmasterPid(embedded.dataDir)!;

  process.kill(first, 'SIGKILL');
  // Noticed: not ready and GraphQL answers 503 while it is down, then ready again on a new postmaster.
  const seen = new Set<string>();
  await until('/readyz and GraphQL 503', async () => {
    const [ready, answer] = await Promise.all([readyz(server.url), graphql(server.url)]);
    if (ready === 503) seen.add('readyz');
    if (answer.status === 503 && answer.body.errors?.[0].extensions.code === 'SERVICE_UNAVAILABLE') seen.add('graphql');
    return seen.size === 2;
  });
  await until('restarted', async () => server.output().includes('embedded PostgreSQL restarted'));
  expect(server.output()).toContain('embedded PostgreSQL exited unexpectedly; restarting it');
  await until('/readyz 200', async () => (await readyz(server.url)) === 200);
  expect((await graphql(server.url)).body.errors).toBeUndefined();
  expect(postmasterPid(embedded.dataDir)).not.toBe(first);

  // Killed again with its port taken: every restart fails, and the server gives up.
  const squatter = net.createServer();
  const second = postmasterPid(embedded.dataDir)!;
  process.kill(second, 'SIGKILL');
  await until('postmaster gone', async () => !alive(second));
  await until('port free', async () => new Promise<boolean>((resolve) => squatter.once('error', () => resolve(false)).listen(embedded.pgPort, '127.0.0.1', () => resolve(true))));
  try {
    const code = await new Promise<number | null>((resolve) => (server.child.exitCode !== null ? resolve(server.child.exitCode) : server.child.once('exit', resolve)));
    expect(code).toBe(1);
    expect(server.output()).toContain('hazchem-ledger: Embedded PostgreSQL exited and could not be restarted (2 attempts); exiting');
  } finally {
    squatter.close();
  }
});

it('bounds a shutdown whose PostgreSQL does not answer, and still tells it to stop', async () => {
  const server = await startServerProcess({ ...embedded.env, SHUTDOWN_TIMEOUT_SECONDS: '2' });
  const postmaster = postmasterPid(embedded.dataDir)!;
  process.kill(postmaster, 'SIGSTOP');
  try {
    const started = Date.now();
    const code = await server.stop();
    const took = Date.now() - started;
    // Said in full when it fails: an exit by signal (code null) was seen once under CI load.
    if (code !== 1) throw new Error(`exit code ${code}, signal ${server.child.signalCode}, after ${took} ms:\n${server.output()}`);
    expect(took).toBeGreaterThanOrEqual(2000);
    expect(took).toBeLessThan(15_000);
    expect(server.output()).toContain('shutdown did not finish in 2 s (SHUTDOWN_TIMEOUT_SECONDS); exiting');
  } finally {
    process.kill(postmaster, 'SIGCONT');
  }
  // The stop request was sent before the server exited: PostgreSQL finishes it once it runs again.
  await until('postmaster stopped', async () => !alive(postmaster));
});
