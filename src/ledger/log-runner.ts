import { EntityManager } from '@mikro-orm/postgresql';
import type { Logger } from 'pino';
import { HeldLock, jobLockKey, tryAdvisoryLock } from '../db/advisory-lock';
import { NoteSigner } from '../proof/signed-note';
import { Clock } from '../shared/clock';
import { INTEGRATION_BATCH, LogIntegrator } from './log-integrator';

export interface LogRunnerOptions {
  em: EntityManager;
  signer: NoteSigner;
  clock: Clock;
  logger: Logger;
  /** How often to look for newly committed entries. */
  integrateMs: number;
  /** A new checkpoint at least this often while the tree grows. */
  checkpointSeconds: number;
}

/** Advisory-lock name of the log's single integrator. */
export const LOG_INTEGRATOR_LOCK = 'log-integrator';

/**
 * The log's background loop in each server process: the one holding the
 * advisory lock integrates every `integrateMs` and checkpoints every
 * `checkpointSeconds` while the tree grows; the others retry the lock now and
 * then, taking over when its holder's connection goes. Appends never wait on it.
 * A due checkpoint is signed by the pass that integrates, in its transaction;
 * a pass that took a full batch is behind, so the next one follows at once.
 */
export class LogRunner {
  private timer: NodeJS.Timeout | undefined;
  private lock: HeldLock | null = null;
  private lastLockTry = 0;
  private lastCheckpoint = 0;
  private passing: Promise<void> | undefined;
  private stopped = false;
  private readonly integrator: LogIntegrator;

  constructor(private readonly options: LogRunnerOptions) {
    this.integrator = new LogIntegrator(options.em, options.signer, options.clock);
  }

  start(): void {
    this.schedule();
  }

  private schedule(behind = false): void {
    if (this.stopped) return;
    this.timer = setTimeout(
      () => {
        const passing = this.pass();
        this.passing = passing.then(() => undefined);
        void passing.then((full) => this.schedule(full));
      },
      behind ? 0 : this.options.integrateMs,
    );
  }

  /** One tick: take the lock if free, integrate, checkpoint when due. Errors are logged, never thrown. True when it took a full batch. */
  async pass(): Promise<boolean> {
    try {
      if (!this.lock && Date.now() - this.lastLockTry >= 5_000) {
        this.lastLockTry = Date.now();
        this.lock = await tryAdvisoryLock(connectionString(this.options.em), jobLockKey(LOG_INTEGRATOR_LOCK), (error) => {
          this.options.logger.error({ err: error }, 'log integrator lock connection failed');
          this.lock = null;
        });
      }
      if (!this.lock) return false;
      const due = Date.now() - this.lastCheckpoint >= this.options.checkpointSeconds * 1000;
      const pass = await this.integrator.integrate({ sign: due });
      if (pass.entries > 0) this.options.logger.debug({ integrated: pass.entries, ms: pass.ms }, 'log: entries integrated');
      // Due with nothing new this pass: the tree may still have grown since the last checkpoint.
      const checkpoint = pass.checkpoint ?? (due ? await this.integrator.checkpoint() : null);
      if (checkpoint) {
        this.lastCheckpoint = Date.now();
        this.options.logger.info({ size: checkpoint.size }, 'log: checkpoint signed');
      }
      return pass.entries >= INTEGRATION_BATCH;
    } catch (error) {
      this.options.logger.error({ err: error }, 'log integration failed; retrying on the next pass');
      return false;
    }
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.passing;
    await this.lock?.release();
    this.lock = null;
  }
}

function connectionString(em: EntityManager): string {
  const url = em.config.get('clientUrl');
  if (!url) throw new Error('The ORM has no clientUrl: the integrator lock needs one');
  return url;
}
