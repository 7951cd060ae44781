import { AccessError } from './domain-error';

/** A feed's source: pages after a cursor, and a way to wait for something new. */
export interface FeedSource<Item, Cursor> {
  page(after: Cursor): Promise<{ items: Item[]; next: Cursor; full: boolean }>;
  /** Resolves when there may be something after `after`, or after `ms`. */
  wait(after: Cursor, ms: number): Promise<void>;
  /** True once the server is stopping. */
  stopped(): boolean;
}

/** Even without a wake-up, a feed looks again this often. */
const IDLE_MS = 5_000;

/**
 * Follows a feed from `after` for as long as the subscriber listens: what is
 * there first, then each new item. Ends with UNAUTHENTICATED when the
 * credential expires, so a client subscribes again with a fresh token from the
 * last position it received.
 */
export async function* followFeed<Item, Cursor>(source: FeedSource<Item, Cursor>, after: Cursor, expiresAt: Date | null, now: () => Date): AsyncGenerator<Item> {
  let position = after;
  for (;;) {
    if (expiresAt && now() >= expiresAt) throw AccessError.unauthenticated('The token has expired: subscribe again with a fresh one, from the last position received');
    const { items, next, full } = await source.page(position);
    for (const item of items) yield item;
    position = next;
    if (full) continue;
    if (source.stopped()) return;
    const wait = expiresAt ? Math.max(0, Math.min(IDLE_MS, expiresAt.getTime() - now().getTime())) : IDLE_MS;
    await source.wait(position, wait);
  }
}
