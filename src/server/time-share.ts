import { performance } from 'node:perf_hooks';

/**
 * A share of wall time for one class of requests: a bucket of milliseconds refilled at `share` ms
 * a millisecond, holding at most `share × windowMs`, from which each request's time in flight is
 * taken when it ends. While the bucket is empty none starts. Time in flight is what the class took
 * of the event loop and the pool, however costly each request was; on a process short of CPU a
 * request takes longer and so waits longer before the next.
 */
export class TimeShare {
  private balance: number;
  private at: number;

  constructor(
    private readonly share: number,
    private readonly windowMs = 10_000,
    private readonly now: () => number = () => performance.now(),
  ) {
    this.balance = share * windowMs;
    this.at = now();
  }

  /** 0 when a request may start, else the seconds until the share lets one. */
  wait(): number {
    this.refill();
    return this.balance > 0 ? 0 : Math.max(1, Math.ceil(-this.balance / this.share / 1000));
  }

  spend(ms: number): void {
    this.refill();
    this.balance -= ms;
  }

  private refill(): void {
    const now = this.now();
    this.balance = Math.min(this.share * this.windowMs, this.balance + (now - this.at) * this.share);
    this.at = now;
  }
}
