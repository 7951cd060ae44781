import pino from 'pino';
import { AppendsCommitted, appendsCommitted } from '../../src/ledger/appends-committed';
import { LogRunner, LogRunnerOptions } from '../../src/ledger/log-runner';
import { LogThread } from '../../src/ledger/log-thread';
import { encodeSignerKey, generateSigner, openNote } from '../../src/proof/signed-note';
import { systemClock } from '../../src/shared/clock';
import { openTestDatabase, TestDatabase } from '../support/database';
import { inbound, record, registerTrader, superuser, Trader } from '../support/ledger-fixtures';

let db: TestDatabase;
let a: Trader;
const signer = generateSigner('runner.test/ledger');

beforeAll(async () => {
  db = await openTestDatabase();
  a = await registerTrader(db, 31);
});
afterAll(async () => {
  await db.close();
});

/** A runner that would not look for new entries on its own within a test: what it integrates, it heard of or was due to sign. */
async function running(options: Partial<LogRunnerOptions>, body: () => Promise<void>): Promise<void> {
  const runner = new LogRunner({ em: db.orm.em.fork(), signer, clock: systemClock, logger: pino({ level: 'silent' }), integrateMs: 600_000, checkpointMs: 100, commits: appendsCommitted, ...options });
  runner.start();
  try {
    await body();
  } finally {
    await runner.stop();
  }
}

const checkpoints = async () =>
  (await superuser(db, (c) => c.query<{ size: string; created_at: Date }>('select size, created_at from log_checkpoint order by size'))).rows.map((r) => ({
    size: Number(r.size),
    at: r.created_at.getTime(),
  }));

const entries = async () => Number((await superuser(db, (c) => c.query<{ n: string }>('select count(*) as n from ledger_entry'))).rows[0].n);

/** Waits until a signed checkpoint holds every entry; fails the test after 30 s. */
async function everyEntrySigned(): Promise<void> {
  const deadline = Date.now() + 30_000;
  for (;;) {
    const signed = (await checkpoints()).at(-1)?.size ?? -1;
    if (signed >= (await entries())) return;
    if (Date.now() > deadline) throw new Error(`no checkpoint holds every entry after 30 s (signed ${signed})`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

describe('the log runner', () => {
  it('integrates and signs an append as soon as it commits, not at its next look', async () => {
    await running({}, async () => {
      await everyEntrySigned();
      await record(db, a.viewer, [inbound(a.product, { batch: 'WAKE-1' })]);
      await everyEntrySigned();
      await record(db, a.viewer, [inbound(a.product, { batch: 'WAKE-2' }), inbound(a.product, { batch: 'WAKE-3' })]);
      await everyEntrySigned();
    });
    expect((await checkpoints()).at(-1)!.size).toBe(await entries());
  });

  it('signs no two checkpoints closer than checkpointMs, and signs the last growth once that long has passed', async () => {
    const before = (await checkpoints()).length;
    await running({ checkpointMs: 1500 }, async () => {
      for (let n = 0; n < 6; n++) {
        await record(db, a.viewer, [inbound(a.product, { batch: `SPACED-${n}` })]);
        await new Promise((resolve) => setTimeout(resolve, 300));
      }
      // No append follows the last one and the runner does not look on its own: only the due signing can cover it.
      await everyEntrySigned();
    });
    const signed = (await checkpoints()).slice(before);
    expect(signed.length).toBeGreaterThanOrEqual(2);
    for (let i = 1; i < signed.length; i++) expect(signed[i].at - signed[i - 1].at).toBeGreaterThanOrEqual(1500);
  });

  it('finds on its own look the appends it does not hear of (another process, a caller’s transaction)', async () => {
    await running({ integrateMs: 100, commits: new AppendsCommitted() }, async () => {
      await everyEntrySigned();
      await record(db, a.viewer, [inbound(a.product, { batch: 'UNHEARD' })]);
      await everyEntrySigned();
    });
  });

  it('spaces its passes under a steady stream of appends, each taking what committed meanwhile, and still logs them all', async () => {
    // When each pass started (the runner spaces starts): the line's time less the pass's own time, so that a pass
    // slower than the one before (a loaded machine) does not look like passes closer than the spacing.
    const passes: number[] = [];
    const passStarted = (line: { time: number; ms: Record<string, number> }) => line.time - Object.values(line.ms).reduce((sum, ms) => sum + ms, 0);
    const logger = pino(
      { level: 'debug' },
      {
        write: (text: string) => {
          const line = JSON.parse(text);
          if (line.msg === 'log: entries integrated') passes.push(passStarted(line));
        },
      },
    );
    const spacingMs = 400;
    const appends = 12;
    let streamMs = 0;
    await running({ passSpacingMs: spacingMs, logger }, async () => {
      await everyEntrySigned();
      passes.length = 0;
      const started = Date.now();
      for (let n = 0; n < appends; n++) {
        await record(db, a.viewer, [inbound(a.product, { batch: `STREAM-${n}` })]);
        await new Promise((resolve) => setTimeout(resolve, 40));
      }
      streamMs = Date.now() - started;
      await everyEntrySigned();
    });
    // A pass per wake-up would be one per append; spaced, one per spacing the stream lasted, and the one after it.
    expect(passes.length).toBeLessThanOrEqual(Math.ceil(streamMs / spacingMs) + 1);
    expect(passes.length).toBeLessThan(appends);
    for (let i = 1; i < passes.length; i++) expect(passes[i] - passes[i - 1]).toBeGreaterThanOrEqual(spacingMs - 50);
  });

  it('stops while waiting, and an append committed after it stopped is left for the next integrator', async () => {
    const before = await entries();
    await running({}, everyEntrySigned);
    await record(db, a.viewer, [inbound(a.product, { batch: 'AFTER-STOP' })]);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect((await checkpoints()).at(-1)!.size).toBe(before);
  });
});

describe('the log thread', () => {
  const advisoryLocks = async () =>
    Number((await superuser(db, (c) => c.query<{ n: string }>(`select count(*) as n from pg_locks l join pg_database d on d.oid = l.database where l.locktype = 'advisory' and d.datname = current_database()`))).rows[0].n);

  it('runs the integrator on a thread of its own, woken by this process’s appends, and releases its lock when stopped', async () => {
    const thread = new LogThread({ databaseUrl: db.url, signerKey: encodeSignerKey(signer), integrateMs: 600_000, checkpointMs: 100, passSpacingMs: 0, logLevel: 'silent' }, appendsCommitted, pino({ level: 'silent' }));
    thread.start();
    try {
      await everyEntrySigned();
      expect(await advisoryLocks()).toBe(1);
      await record(db, a.viewer, [inbound(a.product, { batch: 'THREAD' })]);
      await everyEntrySigned();
    } finally {
      await thread.stop();
    }
    expect(await advisoryLocks()).toBe(0);
    const [latest] = (await superuser(db, (c) => c.query<{ note: string }>('select note from log_checkpoint order by size desc limit 1'))).rows;
    expect(openNote(latest.note, signer).text).toContain(`\n${await entries()}\n`);
  });
});
