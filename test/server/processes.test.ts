import http from 'node:http';
import { AddressInfo } from 'node:net';
import { Role } from '../../src/access/viewer';
import { jobLockKey } from '../../src/db/advisory-lock';
import { LOG_INTEGRATOR_LOCK } from '../../src/ledger/log-runner';
import { encodeSignerKey, generateSigner } from '../../src/proof/signed-note';
import { openTestDatabase, TestDatabase } from '../support/database';
import { SECRET } from '../support/http';
import { expectLedgerWhole, logCaughtUp, recordConcurrently, registerTraders, Send, sql, sqlRows, STOCK, token } from '../support/ledger-load';
import { ServerProcess, startServerProcess } from '../support/server-process';

/**
 * Two real server processes on one database, as behind a reverse proxy
 * (docs/scaling.md): writes and reads sent to both at once, every job fired
 * every second in both, the log's integrator in both. One run per CRON slot,
 * never two runs of a job at once, one integrator at a time, and every chain
 * whole and verified.
 */
jest.setTimeout(240_000);

/** Jobs fired every second in both processes (the others keep their schedules and do not fire in the test). */
const EVERY_SECOND = ['outbox-delivery', 'witness-staleness', 'expiry-reminders', 'major-hazard-identification'];

/** Notifications waiting in the outbox when the processes start: each must reach the webhook once. */
const NOTIFICATIONS = 40;

let db: TestDatabase;
let servers: ServerProcess[] = [];
/** Each POST the webhook received: the notification's id and dedupeKey. */
const delivered: { id: string; dedupeKey: string }[] = [];
// The receiver answers after a while, so a second delivery of the same notification would have time to start.
const webhook = http.createServer((request, response) => {
  let body = '';
  request.on('data', (chunk: Buffer) => (body += chunk.toString()));
  request.on('end', () => {
    const notification = JSON.parse(body) as { id: string; dedupeKey: string };
    delivered.push({ id: String(notification.id), dedupeKey: notification.dedupeKey });
    setTimeout(() => response.end('ok'), 20);
  });
});

beforeAll(async () => {
  db = await openTestDatabase();
  await new Promise<void>((resolve) => webhook.listen(0, '127.0.0.1', resolve));
  await sql(
    db.url,
    `insert into notification (audience, kind, title, payload, dedupe_key, created_at, next_attempt_at)
     select 'REGULATORS', 'RISK_GRADE_CHANGED', '通知 ' || n, '{}', 'processes-test-' || n, now(), now() from generate_series(1, ${NOTIFICATIONS}) n`,
  );
  const env: Record<string, string> = {
    WEBHOOK_URL: `http://127.0.0.1:${(webhook.address() as AddressInfo).port}/hook`,
    NODE_ENV: 'production',
    DATABASE_URL: db.url,
    JWT_SECRET: SECRET,
    // One key for every process: each would otherwise need its own DATA_DIR and sign with its own.
    LOG_SIGNER_KEY: encodeSignerKey(generateSigner('processes.test/ledger')),
    WEBHOOK_SECRET_KEY: Buffer.alloc(32, 9).toString('base64'),
    LOG_INTEGRATE_MS: '100',
    LOG_CHECKPOINT_MS: '1000',
    ...Object.fromEntries(EVERY_SECOND.map((job) => [`JOB_${job.toUpperCase().replace(/-/g, '_')}_CRON`, '* * * * * *'])),
  };
  servers = await Promise.all([startServerProcess(env), startServerProcess(env)]);
  // The integrator runs on a thread each process starts once serving: wait for one of them to lead.
  for (const deadline = Date.now() + 60_000; (await integratorHolders()) === 0; await new Promise((resolve) => setTimeout(resolve, 100))) {
    if (Date.now() > deadline) throw new Error('no process took the integrator lock within 60 s');
  }
});

afterAll(async () => {
  await Promise.all(servers.map((s) => s.stop()));
  webhook.close();
  await db?.close();
});

const send: Send = async (target, query, variables, bearer) => {
  const response = await fetch(servers[target].url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${bearer}` },
    body: JSON.stringify({ query, variables }),
  });
  return (await response.json()) as { data?: any; errors?: any[] };
};

/** Sessions holding the integrator's advisory lock now. */
async function integratorHolders(): Promise<number> {
  const { n } = await sql<{ n: string }>(
    db.url,
    `select count(*) as n from pg_locks where locktype = 'advisory' and granted and database = (select oid from pg_database where datname = current_database())
        and ((classid::bigint << 32) | objid::bigint) = ${jobLockKey(LOG_INTEGRATOR_LOCK)}`,
  );
  return Number(n);
}

it('serves concurrent writes and reads from both processes with one job run per slot, one delivery per notification, one integrator, and every chain whole', async () => {
  const traders = await registerTraders(db, 8200, 4);
  const holders: number[] = [];
  const sampling = setInterval(() => void integratorHolders().then((n) => holders.push(n), () => undefined), 300);
  let loaded;
  try {
    const reads = traders.map(async (trader, i) => {
      const bearer = await token(Role.ENTERPRISE, { enterprise: trader.code });
      for (let k = 0; k < 6; k++) expect((await send((i + k) % 2, STOCK, { code: trader.code }, bearer)).errors).toBeUndefined();
    });
    [loaded] = await Promise.all([recordConcurrently(send, 2, traders, 6, 20), ...reads]);
    await logCaughtUp(db.url);
    // Long enough for several slots of every per-second job to fire in both processes.
    await new Promise((resolve) => setTimeout(resolve, 4000));
  } finally {
    clearInterval(sampling);
  }
  expect(holders.length).toBeGreaterThan(5);
  expect(Math.max(...holders)).toBe(1);
  expect(holders.filter((n) => n === 1).length).toBeGreaterThan(holders.length / 2);

  await expectLedgerWhole(db.url, send, 2, loaded!);
  // Every checkpoint signed by the one key, sizes growing with the log.
  const checkpoints = await sqlRows<{ size: string }>(db.url, 'select size from log_checkpoint order by created_at, size');
  expect(checkpoints.length).toBeGreaterThan(0);
  expect(checkpoints.map((c) => Number(c.size))).toEqual([...checkpoints.map((c) => Number(c.size))].sort((a, b) => a - b));

  // SIGTERM: each finishes its runs (those its timers had just fired included) before closing the database, within the shutdown bound.
  expect(await Promise.all(servers.map((s) => s.stop()))).toEqual([0, 0]);
  const runs = await sqlRows<{ job: string; scheduled_for: Date; started_at: Date; finished_at: Date | null; status: string; instance: string }>(
    db.url,
    `select job, scheduled_for, started_at, finished_at, status, instance from job_run where trigger = 'CRON' order by job, started_at, id`,
  );
  for (const job of EVERY_SECOND) {
    const mine = runs.filter((r) => r.job === job);
    expect(mine.length).toBeGreaterThanOrEqual(3);
    // One run per slot, though both processes fired each one.
    expect(new Set(mine.map((r) => r.scheduled_for.toISOString())).size).toBe(mine.length);
    // Never two at once: each run started after the previous one ended.
    for (let i = 1; i < mine.length; i++) expect(mine[i].started_at.getTime()).toBeGreaterThanOrEqual(mine[i - 1].finished_at!.getTime());
    expect(mine.map((r) => r.status).filter((s) => s !== 'SUCCEEDED')).toEqual([]);
  }
  // Both processes won slots: the lock and the claim are what kept the other one out.
  expect(new Set(runs.map((r) => r.instance)).size).toBe(2);
  // No double delivery: each notification reached the webhook once and is recorded delivered after one attempt.
  // (The movements may raise notifications of their own: each of those is delivered at most once too.)
  expect(new Set(delivered.map((d) => d.id)).size).toBe(delivered.length);
  expect(delivered.filter((d) => d.dedupeKey.startsWith('processes-test-')).length).toBe(NOTIFICATIONS);
  const outbox = await sql<{ delivered: string; attempts: string }>(
    db.url,
    `select count(*) filter (where delivery_status = 'DELIVERED') as delivered, sum(attempts) as attempts from notification where dedupe_key like 'processes-test-%'`,
  );
  expect([Number(outbox.delivered), Number(outbox.attempts)]).toEqual([NOTIFICATIONS, NOTIFICATIONS]);
});
