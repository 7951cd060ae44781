import { formatThousandths } from '../proof/quantity';
import { AppendState, balanceKey, heldKey, ResolvedReferences } from './append-state';
import { LedgerError } from './ledger.errors';
import { SubmittedMovement } from './movement-submission';

/**
 * A dry run over several calls (a file of more than 1,000 entries, checked 1,000 a call) carries the stock its
 * accepted entries would move from one call to the next: the net change per (warehouse, product, batch), keyed by
 * codes and computed here by the same rules, so the client passes it along without knowing them. Its size is the
 * number of batches the file moves, not of its rows, and the balances stay the database's plus the carry, so the
 * entries of a later call that take out what an earlier one brought in are checked as one submission would be.
 */
export interface PendingBalance {
  warehouse: string;
  product: string;
  batch: string;
  change: string;
}

/** More (warehouse, product, batch) keys than any file a person uploads moves. */
const MAX_CARRY = 100_000;
const SIGNED_DECIMAL = /^(-?)(\d{1,15})(?:\.(\d{1,3}))?$/;

const codeKey = (warehouse: string, product: string, batch: string) => `${warehouse}\u0000${product}\u0000${batch}`;

/** The carry as changes by code key; a malformed one is BAD_USER_INPUT naming the item. */
export function readCarry(carry: readonly PendingBalance[]): Map<string, { pending: PendingBalance; change: bigint }> {
  if (carry.length > MAX_CARRY) throw LedgerError.invalidArgument(['carry'], `A carry holds at most ${MAX_CARRY} balances, not ${carry.length}`);
  const read = new Map<string, { pending: PendingBalance; change: bigint }>();
  carry.forEach((pending, i) => {
    const match = SIGNED_DECIMAL.exec(pending.change);
    if (!match) throw LedgerError.invalidArgument(['carry', i, 'change'], `carry ${i}: "${pending.change}" is not a signed decimal with at most 3 decimals`);
    const magnitude = BigInt(match[2]) * 1000n + BigInt((match[3] ?? '').padEnd(3, '0'));
    const key = codeKey(pending.warehouse, pending.product, pending.batch);
    if (read.has(key)) throw LedgerError.invalidArgument(['carry', i], `carry ${i}: ${pending.warehouse} / ${pending.product} / ${pending.batch} is named twice`);
    read.set(key, { pending, change: match[1] ? -magnitude : magnitude });
  });
  return read;
}

/**
 * Adds the carry to the balances these entries move, and counts its batches as held (an earlier call brought them
 * in). Returns the database's balances before, to compute the next carry from.
 */
export function applyCarry(state: AppendState, refs: ResolvedReferences, movements: readonly SubmittedMovement[], carry: ReturnType<typeof readCarry>): Map<string, bigint> {
  const stored = new Map(state.balances);
  const applied = new Set<string>();
  for (const m of movements) {
    const key = balanceKey(refs.warehouses.get(m.warehouse)!.id, refs.products.get(m.product)!.id, m.batch);
    const carried = carry.get(codeKey(m.warehouse, m.product, m.batch));
    if (carried && !applied.has(key)) {
      applied.add(key);
      state.balances.set(key, (stored.get(key) ?? 0n) + carried.change);
    }
  }
  for (const { pending } of carry.values()) {
    const product = refs.products.get(pending.product);
    if (product) state.held.add(heldKey(refs.enterprise.id, product.id, pending.batch));
  }
  return stored;
}

/** The next carry: the one given, with the balances these entries moved replaced by their change from the database's. */
export function nextCarry(state: AppendState, refs: ResolvedReferences, movements: readonly SubmittedMovement[], carry: ReturnType<typeof readCarry>, stored: Map<string, bigint>): PendingBalance[] {
  const next = new Map([...carry].map(([key, { pending }]) => [key, pending]));
  for (const m of movements) {
    const key = balanceKey(refs.warehouses.get(m.warehouse)!.id, refs.products.get(m.product)!.id, m.batch);
    const change = (state.balances.get(key) ?? 0n) - (stored.get(key) ?? 0n);
    next.set(codeKey(m.warehouse, m.product, m.batch), { warehouse: m.warehouse, product: m.product, batch: m.batch, change: formatThousandths(change) });
  }
  return [...next.values()];
}
