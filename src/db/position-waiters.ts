/**
 * Callers waiting for a position beyond their own: each is woken once a newer position is seen
 * beyond it, at its own deadline, or on stop, whichever comes first.
 */
export class PositionWaiters {
  private waiters = new Set<{ beyond: bigint; wake: () => void }>();
  private isStopped = false;

  get size(): number {
    return this.waiters.size;
  }

  get stopped(): boolean {
    return this.isStopped;
  }

  /** Resolves once `seen` is given a position beyond `position`, or after `timeoutMs`, or on stop. */
  wait(position: bigint, timeoutMs: number): Promise<void> {
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
    });
  }

  /** The newest position is now `newest`: wakes every waiter it is beyond. */
  seen(newest: bigint): void {
    for (const waiter of [...this.waiters]) if (newest > waiter.beyond) waiter.wake();
  }

  /** Wakes every waiter; a later wait resolves at once. */
  stop(): void {
    this.isStopped = true;
    for (const waiter of [...this.waiters]) waiter.wake();
  }
}
