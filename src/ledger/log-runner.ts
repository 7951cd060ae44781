import { EntityManager } from '@mikro-orm/postgresql';
import type { Logger } from 'pino';
import { HeldLock, jobLockKey, tryAdvisoryLock } from '../db/advisory-lock';
import { NoteSigner } from '../proof/signed-note';
import { Clock } from '../shared/clock';
import { AppendsCommitted } from './appends-committed';
import { INTEGRATION_BATCH, LogIntegrator } from './log-integrator';

export interface LogRunnerOptions {
  em: EntityManager;
  signer: NoteSigner;
  clock: Clock;
  logger: Logger;
  /** How often to look for entries committed unheard (by another process, or inside a caller's transaction). */
  integrateMs: number;
  /** The shortest time between two checkpoints. */
  checkpointMs: number;
  /**
   * The shortest time between the starts of two passes while appends keep
   * waking it (not when behind): a pass's fixed cost (the frontier read, the
   * commit) is most of a small one's, so under a steady ingest fewer, larger
   * passes leave the ingest more of the machine. 0 runs a pass per wake-up.
   */
  passSpacingMs?: number;
  /** This process's committed appends: each wakes the integrator at once. */
  commits?: AppendsCommitted;
}

/** Advisory-lock name of the log's single integrator. */
export const LOG_INTEGRATOR_LOCK = 'log-integrator';

/** How often a process without the lock tries to take it. */
const LOCK_RETRY_MS = 5_000;

/**
 * The log's background loop in each server process: the one holding the
 * advisory lock integrates as soon as an append of this process commits (and
 * every `integrateMs` for those it does not hear of), and the pass that grows
 * the tree signs a checkpoint of it, in its transaction, when the last one is
 * `checkpointMs` old; when it is younger, the next pass waits until then and
 * signs. So a committed entry is in a signed checkpoint within about
 * `checkpointMs` plus a pass. The others retry the lock now and then, taking
 * over when its holder's connection goes. Appends never wait on it. A pass
 * that took a full batch is behind, so the next one follows at once.
 */
export class LogRunner {
  private lock: HeldLock | null = null;
  private lastLockTry = -Infinity;
  private lastCheckpoint = -Infinity;
  /** The tree may hold entries no checkpoint does (so too when the lock was just taken). */
  private unsigned = true;
  private running: Promise<void> | undefined;
  private stopped = false;
  /** An append committed since the current pass began: the next one goes at once. */
  private woken = false;
  private wakeUp: (() => void) | undefined;
  private endPause: (() => void) | undefined;
  private unlisten: (() => void) | undefined;
  private readonly integrator: LogIntegrator;

  constructor(private readonly options: LogRunnerOptions) {
    this.integrator = new LogIntegrator(options.em, options.signer, options.clock);
  }

  start(): void {
    this.unlisten = this.options.commits?.listen(() => this.wake());
    this.running = this.loop();
  }

  private async loop(): Promise<void> {
    let lastStart = -Infinity;
    let behind = false;
    while (!this.stopped) {
      if (!behind) await this.pause(lastStart + (this.options.passSpacingMs ?? 0) - Date.now());
      this.woken = false;
      lastStart = Date.now();
      const waitMs = await this.pass();
      behind = waitMs === 0;
      if (!this.woken && !this.stopped) await this.sleep(waitMs);
    }
  }

  /** Waits out the spacing; a wake-up meanwhile is kept for the pass that follows, a stop ends it. */
  private async pause(ms: number): Promise<void> {
    if (ms <= 0 || this.stopped) return;
    const delay = cutShort(ms);
    this.endPause = delay.end;
    await delay.done;
    this.endPause = undefined;
  }

  private wake(): void {
    this.woken = true;
    this.wakeUp?.();
  }

  private async sleep(ms: number): Promise<void> {
    const delay = cutShort(ms);
    this.wakeUp = delay.end;
    await delay.done;
    this.wakeUp = undefined;
  }

  /**
   * One pass: take the lock if free, integrate, sign when due. Errors are
   * logged, never thrown. Returns how long to wait for the next, unless woken.
   */
  async pass(): Promise<number> {
    try {
      if (!this.lock && Date.now() - this.lastLockTry >= LOCK_RETRY_MS) {
        this.lastLockTry = Date.now();
        this.lock = await tryAdvisoryLock(connectionString(this.options.em), jobLockKey(LOG_INTEGRATOR_LOCK), (error) => {
          this.options.logger.error({ err: error }, 'log integrator lock connection failed');
          this.lock = null;
          this.unsigned = true;
        });
      }
      if (!this.lock) return LOCK_RETRY_MS;
      const due = this.now() - this.lastCheckpoint >= this.options.checkpointMs;
      const pass = await this.integrator.integrate({ sign: due });
      if (pass.entries > 0) this.options.logger.debug({ integrated: pass.entries, ms: pass.ms }, 'log: entries integrated');
      // Due with nothing new this pass: an earlier pass may have grown the tree unsigned.
      const checkpoint = pass.checkpoint ?? (due && this.unsigned ? await this.integrator.checkpoint() : null);
      if (checkpoint) {
        // From its signing, so that two checkpoints' times are never closer than checkpointMs.
        this.lastCheckpoint = checkpoint.createdAt.getTime();
        this.options.logger.debug({ size: checkpoint.size }, 'log: checkpoint signed');
      }
      if (checkpoint || due) this.unsigned = false;
      if (pass.entries > 0 && !checkpoint) this.unsigned = true;
      if (pass.entries >= INTEGRATION_BATCH) return 0;
      return this.unsigned ? Math.max(0, this.lastCheckpoint + this.options.checkpointMs - this.now()) : this.options.integrateMs;
    } catch (error) {
      this.options.logger.error({ err: error }, 'log integration failed; retrying on the next pass');
      return this.options.integrateMs;
    }
  }

  private now(): number {
    return this.options.clock.now().getTime();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.unlisten?.();
    this.wakeUp?.();
    this.endPause?.();
    await this.running;
    await this.lock?.release();
    this.lock = null;
  }
}

/** A delay that `end` cuts short. */
function cutShort(ms: number): { done: Promise<void>; end: () => void } {
  let end = () => undefined as void;
  const done = new Promise<void>((resolve) => {
    const timer = setTimeout(resolve, ms);
    end = () => {
      clearTimeout(timer);
      resolve();
    };
  });
  return { done, end };
}

function connectionString(em: EntityManager): string {
  const url = em.config.get('clientUrl');
  if (!url) throw new Error('The ORM has no clientUrl: the integrator lock needs one');
  return url;
}
