import { ChildProcess, execFileSync, spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';

/** A PgBouncer in transaction mode that the tests and the bench start in front of their PostgreSQL server. */
export interface RunningPgBouncer {
  /** `serverUrl` with host and port replaced by PgBouncer's. */
  url(serverUrl: string): string;
  version: string;
  /** What PgBouncer wrote (its log goes to stderr). */
  output(): string;
  stop(): Promise<void>;
}

export interface PgBouncerOptions {
  /** The PostgreSQL server behind it: any database of that server is reached by its own name. */
  serverUrl: string;
  /** Server connections per database and user: fewer than the clients' connections, as in production. */
  poolSize?: number;
  /** Per-database `connect_query` (e.g. `SET statement_timeout = 10000`), keyed by database name. */
  connectQueries?: Record<string, string>;
}

/**
 * Starts Debian's `pgbouncer` on a free port with a generated ini: transaction
 * mode, trust authentication (the user must be in auth_file all the same),
 * every database of `serverUrl` behind it. PgBouncer refuses to run as root,
 * so as root it is started with `-u postgres` and its files made readable.
 */
export async function startPgBouncer(options: PgBouncerOptions): Promise<RunningPgBouncer> {
  const server = new URL(options.serverUrl);
  const user = decodeURIComponent(server.username || 'postgres');
  const version = /PgBouncer (\S+)/.exec(execFileSync('pgbouncer', ['--version'], { encoding: 'utf8' }))?.[1] ?? 'unknown';
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hz-pgbouncer-'));
  fs.chmodSync(dir, 0o755);
  const port = await freePort();
  const upstream = `host=${server.hostname} port=${server.port || 5432}`;
  const databases = Object.entries(options.connectQueries ?? {}).map(([db, query]) => `${db} = ${upstream} dbname=${db} connect_query='${query.replace(/'/g, "''")}'`);
  fs.writeFileSync(path.join(dir, 'userlist.txt'), `"${user}" ""\n`);
  fs.writeFileSync(
    path.join(dir, 'pgbouncer.ini'),
    [
      '[databases]',
      ...databases,
      `* = ${upstream}`,
      '[pgbouncer]',
      'listen_addr = 127.0.0.1',
      `listen_port = ${port}`,
      'unix_socket_dir =',
      'auth_type = trust',
      `auth_file = ${path.join(dir, 'userlist.txt')}`,
      'pool_mode = transaction',
      `default_pool_size = ${options.poolSize ?? 10}`,
      'max_client_conn = 1000',
      // The pg driver sends none of these, but psql and other tools do.
      'ignore_startup_parameters = extra_float_digits',
      'server_reset_query =',
      '',
    ].join('\n'),
  );
  for (const file of fs.readdirSync(dir)) fs.chmodSync(path.join(dir, file), 0o644);
  const asRoot = process.getuid?.() === 0;
  const child = spawn('pgbouncer', [...(asRoot ? ['-u', 'postgres'] : []), path.join(dir, 'pgbouncer.ini')], { stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout!.on('data', (chunk: Buffer) => (out += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (out += chunk.toString()));
  await listening(child, port, () => out);
  return {
    url: (serverUrl) => {
      const pooled = new URL(serverUrl);
      pooled.hostname = '127.0.0.1';
      pooled.port = String(port);
      return pooled.toString();
    },
    version,
    output: () => out,
    stop: async () => {
      if (child.exitCode === null && child.signalCode === null) {
        const exited = new Promise((resolve) => child.once('exit', resolve));
        child.kill('SIGINT');
        await exited;
      }
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** A port outside Linux's ephemeral range (32768–60999), free now. */
async function freePort(): Promise<number> {
  for (;;) {
    const port = 20000 + Math.floor(Math.random() * 10000);
    const free = await new Promise<boolean>((resolve) => {
      const probe = net.createServer().once('error', () => resolve(false));
      probe.listen(port, '127.0.0.1', () => probe.close(() => resolve(true)));
    });
    if (free) return port;
  }
}

async function listening(child: ChildProcess, port: number, output: () => string): Promise<void> {
  const deadline = Date.now() + 10_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`pgbouncer exited with ${child.exitCode}:\n${output()}`);
    const up = await new Promise<boolean>((resolve) => {
      const socket = net.connect(port, '127.0.0.1', () => {
        socket.end();
        resolve(true);
      });
      socket.once('error', () => resolve(false));
    });
    if (up) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  child.kill('SIGKILL');
  throw new Error(`pgbouncer did not listen on ${port} in 10 s:\n${output()}`);
}
