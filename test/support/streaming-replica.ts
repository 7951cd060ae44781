import { execFile } from 'node:child_process';
import { chownSync, mkdtempSync, rmSync, writeFileSync, appendFileSync, readFileSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { Client } from 'pg';
import { withDatabase } from '../../src/db/scratch-database';

const run = promisify(execFile);
const PG_BIN = process.env.PG_BIN ?? '/usr/lib/postgresql/15/bin';
const REPLICATION_RULE = 'host replication all 127.0.0.1/32 trust';
/** Settings a hot standby must hold at least as high as its primary's, or it refuses to start. */
const AT_LEAST_PRIMARY = ['max_connections', 'max_worker_processes', 'max_wal_senders', 'max_prepared_transactions', 'max_locks_per_transaction'];

export interface StreamingReplica {
  port: number;
  /** The URL of `database` (created on the primary) on the replica. */
  url(database: string): string;
  /** Waits until the replica has replayed everything the primary has written so far. */
  caughtUp(): Promise<void>;
  pauseReplay(): Promise<void>;
  resumeReplay(): Promise<void>;
  /** As a crash: pg_ctl stop -m immediate. */
  kill(): Promise<void>;
  start(): Promise<void>;
  /** Stops it and removes its data directory. */
  destroy(): Promise<void>;
}

/**
 * A streaming replica of the test PostgreSQL (TEST_DATABASE_URL) on this machine: pg_basebackup -R -X
 * stream into a second data directory, started by pg_ctl in standby mode on a free port. It replicates
 * the whole cluster, so every test file's database is there too. PostgreSQL refuses to run as root:
 * as root, pg_basebackup and pg_ctl run as the `postgres` OS user, which owns the directory.
 */
export async function startStreamingReplica(): Promise<StreamingReplica> {
  const primaryUrl = process.env.TEST_DATABASE_URL;
  if (!primaryUrl) throw new Error('Run replica tests through jest: global-setup finds the primary');
  const primary = new URL(primaryUrl);
  await allowReplicationConnections(primaryUrl);
  const dir = mkdtempSync(path.join(os.tmpdir(), 'hz-replica-'));
  const data = path.join(dir, 'data');
  ownedByPostgres(dir);
  const port = await freePort();
  const asPostgres = (command: string, args: string[]) => run(...asPostgresUser(command, args));
  await asPostgres('pg_basebackup', ['-h', primary.hostname, '-p', primary.port || '5432', '-U', primary.username || 'postgres', '-D', data, '-R', '-X', 'stream', '-c', 'fast']);
  writeFileSync(path.join(data, 'postgresql.conf'), await standbyConf(primaryUrl, port, dir));
  writeFileSync(path.join(data, 'pg_hba.conf'), 'local all all trust\nhost all all 127.0.0.1/32 trust\n');
  writeFileSync(path.join(data, 'pg_ident.conf'), '');
  for (const f of ['postgresql.conf', 'pg_hba.conf', 'pg_ident.conf']) ownedByPostgres(path.join(data, f));
  const pgCtl = (...args: string[]) => asPostgres(path.join(PG_BIN, 'pg_ctl'), ['-D', data, ...args]);
  const start = async () => {
    await pgCtl('-l', path.join(dir, 'log'), '-w', '-t', '60', 'start');
  };
  const replicaUrl = (database: string) => `postgres://${primary.username || 'postgres'}@127.0.0.1:${port}/${database}`;
  const onReplica = async <T>(sql: string): Promise<T[]> => {
    const client = new Client({ connectionString: replicaUrl('postgres') });
    await client.connect();
    try {
      return (await client.query(sql)).rows as T[];
    } finally {
      await client.end();
    }
  };
  await start();
  return {
    port,
    url: replicaUrl,
    caughtUp: async () => {
      const [{ lsn }] = await onPrimary<{ lsn: string }>(primaryUrl, 'select pg_current_wal_lsn()::text as lsn');
      for (let i = 0; i < 600; i++) {
        const [row] = await onReplica<{ done: boolean }>(`select pg_last_wal_replay_lsn() >= '${lsn}'::pg_lsn as done`);
        if (row.done) return;
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      throw new Error(`the replica did not replay ${lsn} in 30 s (log: ${path.join(dir, 'log')})`);
    },
    pauseReplay: async () => void (await onReplica('select pg_wal_replay_pause()')),
    resumeReplay: async () => void (await onReplica('select pg_wal_replay_resume()')),
    kill: async () => void (await pgCtl('-m', 'immediate', '-w', 'stop')),
    start,
    destroy: async () => {
      await pgCtl('-m', 'immediate', '-w', 'stop').catch(() => undefined);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/**
 * pg_basebackup needs a replication connection, which `host all …` does not allow. The CI machine's
 * .ci/run adds the rule; here it is added the same way when this process may write the server's
 * pg_hba.conf (as root on that machine), and otherwise the test fails saying what to add.
 */
async function allowReplicationConnections(primaryUrl: string): Promise<void> {
  const rules = await onPrimary<{ n: number }>(primaryUrl, `select count(*)::int as n from pg_hba_file_rules where 'replication' = any(database) and type = 'host' and error is null`);
  if (rules[0].n > 0) return;
  const [{ hba_file: hbaFile }] = await onPrimary<{ hba_file: string }>(primaryUrl, 'show hba_file');
  try {
    if (!readFileSync(hbaFile, 'utf8').includes(REPLICATION_RULE)) appendFileSync(hbaFile, `\n${REPLICATION_RULE}\n`);
  } catch (error) {
    throw new Error(`The replica tests need "${REPLICATION_RULE}" in ${hbaFile} (then select pg_reload_conf()); .ci/run adds it. Could not add it: ${(error as Error).message}`);
  }
  await onPrimary(primaryUrl, 'select pg_reload_conf()');
}

async function standbyConf(primaryUrl: string, port: number, dir: string): Promise<string> {
  const settings = await onPrimary<{ name: string; setting: string }>(primaryUrl, `select name, setting from pg_settings where name = any($1)`, [AT_LEAST_PRIMARY]);
  return [
    `port = ${port}`,
    `listen_addresses = '127.0.0.1'`,
    `unix_socket_directories = '${dir}'`,
    // Names its row in the primary's pg_stat_replication (the walreceiver's application_name).
    `cluster_name = 'hz_replica_${port}'`,
    'hot_standby = on',
    // Replay position is what the tests watch; feedback keeps the primary from vacuuming rows a replica query reads.
    'hot_standby_feedback = on',
    'wal_receiver_status_interval = 1s',
    'shared_buffers = 16MB',
    'fsync = off',
    ...settings.map((s) => `${s.name} = ${s.setting}`),
  ].join('\n');
}

async function onPrimary<T>(url: string, sql: string, params: unknown[] = []): Promise<T[]> {
  const client = new Client({ connectionString: withDatabase(url, 'postgres') });
  await client.connect();
  try {
    return (await client.query(sql, params)).rows as T[];
  } finally {
    await client.end();
  }
}

const asRoot = () => process.getuid?.() === 0;

function asPostgresUser(command: string, args: string[]): [string, string[]] {
  return asRoot() ? ['runuser', ['-u', 'postgres', '--', command, ...args]] : [command, args];
}

function ownedByPostgres(file: string): void {
  if (!asRoot()) return;
  const { uid, gid } = postgresUser();
  chownSync(file, uid, gid);
}

let postgresIds: { uid: number; gid: number } | undefined;
function postgresUser(): { uid: number; gid: number } {
  if (postgresIds) return postgresIds;
  const line = readFileSync('/etc/passwd', 'utf8').split('\n').find((l) => l.startsWith('postgres:'));
  if (!line) throw new Error('The replica tests run PostgreSQL as the `postgres` OS user, and there is none');
  const [, , uid, gid] = line.split(':');
  return (postgresIds = { uid: Number(uid), gid: Number(gid) });
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}
