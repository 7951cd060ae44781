/**
 * A newest position read from the database, watched once per process for every
 * live feed waiting on it: one read per interval while someone waits, none
 * otherwise. It reads the database, not a process's memory, so a feed served by
 * one process sees rows another process wrote.
 */
export class PositionWatch {
  private waiters = new Set<{ beyond: bigint; wake: () => void }>();
  private timer: NodeJS.Timeout | null = null;
  private isStopped = false;

  constructor(
    /** The newest position (-1 when there is none). */
    readonly read: () => Promise<bigint>,
    private readonly intervalMs = 250,
  ) {}

  /** Resolves once the database holds a position beyond `position`, or after `timeoutMs`, or on stop. */
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
