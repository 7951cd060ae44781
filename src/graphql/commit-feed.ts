import { EntityName } from '@mikro-orm/core';
import { CommitCursor, followCommitOrder, parseCommitCursor } from '../db/commit-order';
import type { Context } from './context';

/**
 * The `subscribe` of a commit-ordered feed (alerts, notifications): the
 * position and the domain's row rules are checked at subscribe time, so a
 * refusal comes at once, not at the first row; then the rows follow live.
 */
export function commitFeedSubscription<T extends { tx: string; id: string }, Args extends { after?: string | null }>(
  entity: EntityName<T>,
  conditions: (ctx: Context, args: Args) => Record<string, unknown>,
) {
  return ({ args, context }: { args: unknown; context: unknown }) => {
    const ctx = context as Context;
    const after: CommitCursor = parseCommitCursor((args as Args).after, ['after']);
    const where = conditions(ctx, args as Args);
    return followCommitOrder(ctx.em, entity, [where], after, { watch: ctx.commitWatch, expiresAt: ctx.credentialExpiresAt ?? null, now: () => ctx.clock.now() });
  };
}
