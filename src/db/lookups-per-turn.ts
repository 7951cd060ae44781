import { EntityManager } from '@mikro-orm/postgresql';

interface Waiting<Ask, Found> {
  ask: Ask;
  resolve(found: Found): void;
  reject(error: unknown): void;
}

/**
 * Lookups that concurrent calls make one by one, answered by one statement for all: those asked in the same turn
 * of the event loop, or while the ORM's previous statement of the kind is running. One round trip and one pool
 * connection for all, not one each (issue 12: 32 clients asking one by one took pool connections from the group
 * commit's writes). Kept per ORM (its configuration, shared by every fork, stands for its pool); inside a
 * transaction a lookup is the transaction's own, asked at once.
 */
export class LookupsPerTurn<Ask, Found> {
  private readonly waiting = new WeakMap<object, Waiting<Ask, Found>[]>();
  private readonly running = new WeakSet<object>();

  /** `answer` gives each ask, in the order given, what it found or the error refusing it alone. */
  constructor(private readonly answer: (em: EntityManager, asks: readonly Ask[]) => Promise<readonly (Found | Error)[]>) {}

  ask(em: EntityManager, ask: Ask): Promise<Found> {
    return new Promise((resolve, reject) => {
      const waiting = { ask, resolve, reject };
      if (em.isInTransaction()) return void this.settle(em, [waiting]);
      const queue = this.waiting.get(em.config);
      if (queue) return void queue.push(waiting);
      this.waiting.set(em.config, [waiting]);
      if (!this.running.has(em.config)) this.next(em);
    });
  }

  /** After this turn, one statement for every lookup waiting; then the next, for those that came meanwhile. */
  private next(em: EntityManager): void {
    this.running.add(em.config);
    setImmediate(() => {
      const all = this.waiting.get(em.config)!;
      this.waiting.delete(em.config);
      void this.settle(em, all).finally(() => (this.waiting.has(em.config) ? this.next(em) : this.running.delete(em.config)));
    });
  }

  private async settle(em: EntityManager, all: readonly Waiting<Ask, Found>[]): Promise<void> {
    let found: readonly (Found | Error)[];
    try {
      found = await this.answer(em, all.map((w) => w.ask));
    } catch (error) {
      for (const w of all) w.reject(error);
      return;
    }
    all.forEach((w, i) => (found[i] instanceof Error ? w.reject(found[i]) : w.resolve(found[i] as Found)));
  }
}
