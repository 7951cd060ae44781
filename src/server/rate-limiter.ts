/**
 * A token bucket per key (an anonymous caller's address): `burst` requests at once, refilled at
 * `perMinute`. Kept in memory, which is enough for one process; full buckets are forgotten when
 * the map grows, so a scan of many addresses cannot grow it without bound.
 */
export class RateLimiter {
  private readonly buckets = new Map<string, { tokens: number; at: number }>();

  constructor(
    private readonly perMinute: number,
    private readonly burst: number,
    private readonly now: () => number = Date.now,
    private readonly maxKeys = 10_000,
  ) {}

  /** 0 when `key` may go ahead (and is charged one request), else the seconds until it may. */
  take(key: string): number {
    const now = this.now();
    const refill = (bucket: { tokens: number; at: number }) => Math.min(this.burst, bucket.tokens + ((now - bucket.at) * this.perMinute) / 60_000);
    const bucket = this.buckets.get(key) ?? { tokens: this.burst, at: now };
    const tokens = refill(bucket);
    if (tokens < 1) {
      this.buckets.set(key, { tokens, at: now });
      return Math.max(1, Math.ceil(((1 - tokens) * 60) / this.perMinute));
    }
    this.buckets.set(key, { tokens: tokens - 1, at: now });
    if (this.buckets.size > this.maxKeys) this.forgetFull(refill);
    return 0;
  }

  private forgetFull(refill: (bucket: { tokens: number; at: number }) => number): void {
    for (const [key, bucket] of this.buckets) if (refill(bucket) >= this.burst) this.buckets.delete(key);
  }
}
