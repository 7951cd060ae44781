import { EntityManager } from '@mikro-orm/postgresql';
import { Config } from '../config';
import { Clock } from '../shared/clock';
import { PendingAppend } from './append-calls';
import { appendInTransaction, RecordedMovements } from './append-transaction';
import { MovementObserver } from './movement-observer';

interface Waiting {
  call: PendingAppend;
  clock: Clock;
  resolve(result: RecordedMovements): void;
  reject(error: unknown): void;
}

/**
 * Groups written at once. Two: while one group waits on PostgreSQL (its locks, its commit's WAL flush) the
 * next is gathered and written, and the machine's cores stay busy; more would only queue inside PostgreSQL.
 */
const GROUPS_IN_FLIGHT = 2;

/**
 * Group commit of single submissions: concurrent recordMovements calls are queued and appended together,
 * one transaction for a group (append-calls.ts), each call keeping its own outcome, idempotency and error.
 * With nothing being written a call goes at once (after the calls of the same tick); while groups are being
 * written, the next one gathers for `windowMs` or until `maxEntries` entries wait. A group holds one call a
 * chain, and a chain being written is not grouped again until its group ends, so the calls of one chain keep
 * their arrival order. A group that fails for any reason but a call's refusal is tried again call by call,
 * each in its own transaction.
 */
export class GroupCommit {
  private readonly queue: Waiting[] = [];
  private readonly writing = new Set<string>();
  private inFlight = 0;
  private timer: NodeJS.Timeout | null = null;
  private soon = false;

  constructor(
    private readonly em: EntityManager,
    private readonly observers: readonly MovementObserver[],
    private readonly settings: Config['groupCommit'],
  ) {}

  /** Whether a submission of this many entries is grouped (a large one is appended alone). */
  takes(entries: number): boolean {
    return entries < this.settings.maxEntries;
  }

  append(call: PendingAppend, clock: Clock): Promise<RecordedMovements> {
    return new Promise((resolve, reject) => {
      this.queue.push({ call, clock, resolve, reject });
      this.schedule();
    });
  }

  private schedule(): void {
    if (this.inFlight >= GROUPS_IN_FLIGHT) return; // the next group ending starts one
    if (this.inFlight === 0 || this.waitingEntries() >= this.settings.maxEntries) {
      if (!this.soon) {
        this.soon = true;
        setImmediate(() => {
          this.soon = false;
          this.start();
        });
      }
    } else {
      this.timer ??= setTimeout(() => this.start(), this.settings.windowMs);
    }
  }

  private waitingEntries(): number {
    return this.queue.reduce((n, w) => n + w.call.submission.movements.length, 0);
  }

  /** Takes the oldest waiting call of each chain not being written, up to maxEntries, and writes them. */
  private start(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    if (this.inFlight >= GROUPS_IN_FLIGHT) return;
    const group: Waiting[] = [];
    const chains = new Set<string>();
    let entries = 0;
    for (let i = 0; i < this.queue.length; i++) {
      const w = this.queue[i];
      const size = w.call.submission.movements.length;
      if (this.writing.has(w.call.chain) || chains.has(w.call.chain)) continue;
      if (group.length > 0 && entries + size > this.settings.maxEntries) break;
      chains.add(w.call.chain);
      group.push(w);
      entries += size;
      this.queue.splice(i--, 1);
    }
    if (group.length === 0) return;
    this.inFlight++;
    for (const chain of chains) this.writing.add(chain);
    void this.write(group).finally(() => {
      this.inFlight--;
      for (const chain of chains) this.writing.delete(chain);
      if (this.queue.length) this.start();
    });
  }

  private async write(group: Waiting[]): Promise<void> {
    try {
      const results = await appendInTransaction(this.em, group.map((w) => w.call), group[0].clock, this.observers, { grouped: true });
      results.forEach((result, i) => (result instanceof Error ? group[i].reject(result) : group[i].resolve(result)));
    } catch {
      // Alone, a call runs under the append's own timeout from its first statement (append-transaction.ts).
      await Promise.all(group.map((w) => this.writeAlone(w)));
    }
  }

  private async writeAlone(w: Waiting): Promise<void> {
    try {
      const [result] = await appendInTransaction(this.em, [w.call], w.clock, this.observers);
      if (result instanceof Error) w.reject(result);
      else w.resolve(result);
    } catch (error) {
      w.reject(error);
    }
  }
}

/** One GroupCommit a database (keyed by its ORM's configuration, shared by every fork). */
const commits = new WeakMap<object, GroupCommit>();

export function groupCommitFor(em: EntityManager, observers: readonly MovementObserver[], settings: Config['groupCommit']): GroupCommit {
  let commit = commits.get(em.config);
  if (!commit) {
    commit = new GroupCommit(em.fork(), observers, settings);
    commits.set(em.config, commit);
  }
  return commit;
}
