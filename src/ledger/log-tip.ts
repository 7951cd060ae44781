import { EntityManager } from '@mikro-orm/postgresql';
import { rawQuery } from '../db/raw-query';

/**
 * The newest log position, watched once per process for every live feed: one
 * indexed read per interval while someone waits, none otherwise. It reads the
 * database, not the integrator's memory, so a feed served by one process sees
 * entries another process's integrator appended.
 */
export class LogTip {
  private waiters = new Set<{ beyond: bigint; wake: () => void }>();
  private timer: NodeJS.Timeout | null = null;
  private isStopped = false;

  constructor(
    private readonly em: EntityManager,
    private readonly intervalMs = 250,
  ) {}

  /** The largest logIndex, or -1 when the log is empty. */
  async read(): Promise<bigint> {
    const [row] = await rawQuery<{ tip: string }>(this.em.fork(), `select coalesce(max(log_index), -1)::text as tip from log_leaf`);
    return BigInt(row.tip);
  }

  /** Resolves once the log holds a position beyond `position`, or after `timeoutMs`, or on stop. */
  waitBeyond(position: bigint, timeoutMs: number): Promise<void> {
    if (this.isStopped) return Promise.resolve();
    return new Promise((resolve) => {
      const waiter = {
        beyond: position,
        wake: () => {
          clearTimeout(deadline);
          this.waiters.delete(waiter);
          resolve();
        },
      };
      const deadline = setTimeout(waiter.wake, timeoutMs);
      this.waiters.add(waiter);
      this.schedule();
    });
  }

  get stopped(): boolean {
    return this.isStopped;
  }

  stop(): void {
    this.isStopped = true;
    if (this.timer) clearTimeout(this.timer);
    for (const waiter of [...this.waiters]) waiter.wake();
  }

  private schedule(): void {
    if (this.timer || this.isStopped || this.waiters.size === 0) return;
    this.timer = setTimeout(() => void this.poll(), this.intervalMs);
  }

  private async poll(): Promise<void> {
    try {
      const tip = await this.read();
      for (const waiter of [...this.waiters]) if (tip > waiter.beyond) waiter.wake();
    } catch {
      // A failed read is retried on the next tick; each waiter's own deadline still bounds its wait.
    } finally {
      this.timer = null;
      this.schedule();
    }
  }
}
