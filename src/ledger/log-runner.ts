import { EntityManager } from '@mikro-orm/postgresql';
import type { Logger } from 'pino';
import { HeldLock, jobLockKey, tryAdvisoryLock } from '../db/advisory-lock';
import { NoteSigner } from '../proof/signed-note';
import { Clock } from '../shared/clock';
import { LogIntegrator } from './log-integrator';

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

  private schedule(): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => {
      this.passing = this.pass().finally(() => this.schedule());
    }, this.options.integrateMs);
  }

  /** One tick: take the lock if free, integrate, checkpoint when due. Errors are logged, never thrown. */
  async pass(): Promise<void> {
    try {
      if (!this.lock && Date.now() - this.lastLockTry >= 5_000) {
        this.lastLockTry = Date.now();
        this.lock = await tryAdvisoryLock(connectionString(this.options.em), jobLockKey(LOG_INTEGRATOR_LOCK), (error) => {
          this.options.logger.error({ err: error }, 'log integrator lock connection failed');
          this.lock = null;
        });
      }
      if (!this.lock) return;
      const integrated = await this.integrator.integrate();
      if (integrated > 0) this.options.logger.debug({ integrated }, 'log: entries integrated');
      if (Date.now() - this.lastCheckpoint >= this.options.checkpointSeconds * 1000) {
        const checkpoint = await this.integrator.checkpoint();
        if (checkpoint) {
          this.lastCheckpoint = Date.now();
          this.options.logger.info({ size: checkpoint.size }, 'log: checkpoint signed');
        }
      }
    } catch (error) {
      this.options.logger.error({ err: error }, 'log integration failed; retrying on the next pass');
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
