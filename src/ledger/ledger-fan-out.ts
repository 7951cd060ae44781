import type { Logger } from 'pino';
import { PositionWaiters } from '../db/position-waiters';

/** One log position read once for every subscriber: what the read rules decide on (`facts`), and what is sent. */
export interface SharedEntry<Item> {
  position: bigint;
  facts: Record<string, unknown>;
  item: Item;
}

export interface FanOutSource<Item> {
  /** The log's newest position (-1 when empty): where the shared reader starts. */
  tip(): Promise<bigint>;
  /** Up to `limit` positions after `after`, in order. */
  range(after: bigint, limit: number): Promise<SharedEntry<Item>[]>;
}

export interface FanOutOptions {
  /** How often the reader looks for new positions while anyone listens. */
  intervalMs: number;
  /** Positions held in memory; a subscriber further behind reads the database itself until it is within them. */
  capacity: number;
  /** Positions read a statement. */
  batch: number;
}

const DEFAULTS: FanOutOptions = { intervalMs: 250, capacity: 5_000, batch: 1_000 };

/**
 * The live ledger feeds' one reader per process: while anyone listens, it reads each new range of
 * the log once (positions only grow, each is given once, so reading `> end` misses nothing) and
 * keeps the newest `capacity` in memory; every subscriber takes what follows its own position from
 * there and filters it by its own rights, so 100 subscribers cost one read, not 100. Holding
 * positions (floor, end], all of them: a subscriber at or past `floor` is served from memory, one
 * behind it (resuming from long ago, or too slow to keep up) pages the database on its own.
 */
export class LedgerFanOut<Item> {
  private held: SharedEntry<Item>[] = [];
  /** Null until the reader has started: nothing is held. */
  private floor: bigint | null = null;
  private end = -1n;
  private listeners = 0;
  private readonly waiters = new PositionWaiters();
  private timer: NodeJS.Timeout | null = null;
  private reading = false;
  private readonly options: FanOutOptions;

  constructor(
    private readonly source: FanOutSource<Item>,
    private readonly logger: Logger,
    options: Partial<FanOutOptions> = {},
  ) {
    this.options = { ...DEFAULTS, ...options };
  }

  /** A subscriber starts listening: the reader runs while anyone does. Call the answer when it stops. */
  join(): () => void {
    this.listeners++;
    this.schedule(0);
    let left = false;
    return () => {
      if (left) return;
      left = true;
      this.listeners--;
      if (this.listeners === 0) this.idle();
    };
  }

  /**
   * What is held after `position`, at most `limit` of it, and the position read up to; null when
   * `position` is before what is held (the caller reads the database itself).
   */
  after(position: bigint, limit: number): { entries: SharedEntry<Item>[]; scannedTo: bigint; more: boolean } | null {
    if (this.floor === null || position < this.floor) return null;
    const from = this.firstAfter(position);
    const entries = this.held.slice(from, from + limit);
    const more = from + limit < this.held.length;
    const scannedTo = more ? entries[entries.length - 1].position : position > this.end ? position : this.end;
    return { entries, scannedTo, more };
  }

  /** Resolves once something beyond `position` is held, after `timeoutMs`, or on stop. */
  waitBeyond(position: bigint, timeoutMs: number): Promise<void> {
    if (this.floor !== null && this.end > position) return Promise.resolve();
    return this.waiters.wait(position, timeoutMs);
  }

  get stopped(): boolean {
    return this.waiters.stopped;
  }

  stop(): void {
    if (this.timer) clearTimeout(this.timer);
    this.waiters.stop();
  }

  /** Nobody listens: stop reading and let go of what is held (a later subscriber starts from the tip then). */
  private idle(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    if (!this.reading) this.forget();
  }

  private forget(): void {
    this.held = [];
    this.floor = null;
    this.end = -1n;
  }

  private schedule(ms: number): void {
    if (this.timer || this.reading || this.waiters.stopped || this.listeners === 0) return;
    this.timer = setTimeout(() => void this.read(), ms);
  }

  private async read(): Promise<void> {
    this.timer = null;
    this.reading = true;
    let full = false;
    try {
      if (this.floor === null) {
        this.end = await this.source.tip();
        this.floor = this.end;
      }
      const fresh = await this.source.range(this.end, this.options.batch);
      full = fresh.length === this.options.batch;
      if (fresh.length > 0) this.hold(fresh);
    } catch (error) {
      // Retried on the next tick; every waiter's own deadline still bounds its wait.
      this.logger.warn({ err: error }, 'ledger feed: reading the log failed');
    } finally {
      this.reading = false;
      if (this.listeners === 0) this.forget();
      else this.schedule(full ? 0 : this.options.intervalMs);
    }
  }

  private hold(fresh: SharedEntry<Item>[]): void {
    this.held.push(...fresh);
    this.end = fresh[fresh.length - 1].position;
    const over = this.held.length - this.options.capacity;
    if (over > 0) {
      this.floor = this.held[over - 1].position;
      this.held = this.held.slice(over);
    }
    this.waiters.seen(this.end);
  }

  /** The index of the first held entry past `position` (held is in position order). */
  private firstAfter(position: bigint): number {
    let lo = 0;
    let hi = this.held.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.held[mid].position <= position) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }
}
