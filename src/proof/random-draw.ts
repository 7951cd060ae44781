import { createHmac } from 'node:crypto';
import { isHash } from './sha256';

/**
 * The random draw (双随机): which enterprises of a pool are inspected, and by
 * which officers of a roster. Deterministic given the seed, so anyone holding
 * the published seed, pool and roster re-runs it and gets the same result:
 *
 *   ticket(parts) = lowercase hex HMAC-SHA256(key = the 32 bytes of the seed,
 *                   message = the UTF-8 parts joined by "\n")
 *
 * - Enterprises: each credit code c of the pool gets ticket("enterprise", c);
 *   the pool sorted by ticket (then credit code) ascending; the first N are drawn.
 * - Officers: for a drawn enterprise c, each roster name r gets
 *   ticket("inspector", c, r); the k lowest tickets (then names) are its team.
 *
 * The seed is drawn from a cryptographic source and published before the
 * draw, so the one drawing cannot choose it after seeing the pool; HMAC makes
 * every ticket unpredictable without the seed and fixed with it.
 */
export function drawTicket(seed: string, ...parts: string[]): string {
  if (!isHash(seed)) throw new Error('A draw seed is 64 lowercase hex characters');
  return createHmac('sha256', Buffer.from(seed, 'hex')).update(parts.join('\n'), 'utf8').digest('hex');
}

export interface Ticketed {
  value: string;
  ticket: string;
}

function byTicket(items: string[], ticket: (value: string) => string): Ticketed[] {
  return items
    .map((value) => ({ value, ticket: ticket(value) }))
    .sort((a, b) => (a.ticket < b.ticket ? -1 : a.ticket > b.ticket ? 1 : a.value < b.value ? -1 : a.value > b.value ? 1 : 0));
}

/** The pool (credit codes) in draw order; the first `count` are drawn. */
export function drawEnterprises(seed: string, pool: readonly string[], count: number): Ticketed[] {
  return byTicket([...new Set(pool)], (c) => drawTicket(seed, 'enterprise', c)).slice(0, Math.max(0, count));
}

/** The `size` officers of the roster drawn for one enterprise. */
export function drawTeam(seed: string, creditCode: string, roster: readonly string[], size: number): Ticketed[] {
  return byTicket([...new Set(roster)], (r) => drawTicket(seed, 'inspector', creditCode, r)).slice(0, Math.max(0, size));
}
