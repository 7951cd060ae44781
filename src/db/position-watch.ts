import { PositionWaiters } from './position-waiters';

/**
 * A newest position read from the database, watched once per process for every
 * live feed waiting on it: one read per interval while someone waits, none
 * otherwise. It reads the database, not a process's memory, so a feed served by
 * one process sees rows another process wrote.
 */
export class PositionWatch {
  private readonly waiters = new PositionWaiters();
  private timer: NodeJS.Timeout | null = null;

  constructor(
    /** The newest position (-1 when there is none). */
    readonly read: () => Promise<bigint>,
    private readonly intervalMs = 250,
  ) {}

  /** Resolves once the database holds a position beyond `position`, or after `timeoutMs`, or on stop. */
  waitBeyond(position: bigint, timeoutMs: number): Promise<void> {
    const woken = this.waiters.wait(position, timeoutMs);
    this.schedule();
    return woken;
  }

  get stopped(): boolean {
    return this.waiters.stopped;
  }

  stop(): void {
    if (this.timer) clearTimeout(this.timer);
    this.waiters.stop();
  }

  private schedule(): void {
    if (this.timer || this.waiters.stopped || this.waiters.size === 0) return;
    this.timer = setTimeout(() => void this.poll(), this.intervalMs);
  }

  private async poll(): Promise<void> {
    try {
      const tip = await this.read();
      this.waiters.seen(tip);
    } catch {
      // A failed read is retried on the next tick; each waiter's own deadline still bounds its wait.
    } finally {
      this.timer = null;
      this.schedule();
    }
  }
}
