/**
 * The log's thread (log-thread.ts): the integrator and its checkpoints on
 * connections of its own. Messages from the main thread: `wake` (an append
 * committed), `stop`.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { MikroORM } from '@mikro-orm/postgresql';
import { ormConfig } from '../db/orm-config';
import { createLogger } from '../logger';
import { parseSignerKey } from '../proof/signed-note';
import { systemClock } from '../shared/clock';
import { AppendsCommitted } from './appends-committed';
import type { LogThreadOptions } from './log-thread';
import { LogRunner } from './log-runner';

async function run(port: NonNullable<typeof parentPort>, options: LogThreadOptions): Promise<void> {
  const logger = createLogger(options.logLevel);
  // The log's statements are all SQL of its own: no entity is needed, and two connections suffice (a pass, a checkpoint's reads).
  const orm = await MikroORM.init(ormConfig(options.databaseUrl, [], { pool: { min: 0, max: 2 }, discovery: { warnWhenNoEntities: false } }, { logger }));
  const commits = new AppendsCommitted();
  const runner = new LogRunner({ em: orm.em.fork(), signer: parseSignerKey(options.signerKey), clock: systemClock, logger, integrateMs: options.integrateMs, checkpointMs: options.checkpointMs, passSpacingMs: options.passSpacingMs, commits });
  port.on('message', (message: 'wake' | 'stop') => {
    if (message === 'wake') return commits.notify();
    void runner
      .stop()
      .then(() => orm.close(true))
      .finally(() => port.close());
  });
  runner.start();
}

// A failure to start ends the thread with an error; the main thread logs it and starts it again.
if (parentPort) void run(parentPort, workerData as LogThreadOptions);
