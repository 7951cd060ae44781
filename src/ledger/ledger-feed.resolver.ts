import { Args, ArgsType, Authorized, Field, ObjectType, Resolver, Root, Subscription } from 'type-graphql';
import { Mandate, mandate } from '../access/mandates';
import { Role } from '../access/viewer';
import type { Context } from '../graphql/context';
import { LedgerEntry } from './ledger-entry.entity';
import { Direction, MovementReason } from './ledger.enums';
import { MovementPlaceArgs } from './ledger.inputs';
import { checkPosition, FeedItem, LedgerFeedService } from './ledger-feed.service';
import { movementConditions } from './movement-visibility';

@ArgsType()
class FeedPositionArgs {
  @Field(() => String, { nullable: true, description: 'The last position received: resume after it (none: from the log’s start)' })
  after?: string | null;
}

@ArgsType()
class LedgerEntriesArgs extends MovementPlaceArgs(FeedPositionArgs) {
  @Field(() => MovementReason, { nullable: true })
  reason?: MovementReason | null;

  @Field(() => Direction, { nullable: true })
  direction?: Direction | null;
}

@ObjectType({ description: 'A committed ledger entry at its place in the transparency log' })
class LedgerFeedItem {
  @Field({ description: 'Its logIndex: subscribe again with after = this to resume' })
  position!: string;

  @Field(() => LedgerEntry)
  entry!: LedgerEntry;
}

@Resolver()
export class LedgerFeedResolver {
  @Authorized(Role.REGULATOR, Role.ENTERPRISE, mandate(Mandate.CONTROLLED_MOVEMENTS), mandate(Mandate.DISPOSAL_MOVEMENTS))
  @Subscription(() => LedgerFeedItem, {
    description: 'Committed entries in log order from a position, live (WebSocket, graphql-transport-ws): the `movements` rules; ends when the token expires',
    subscribe: ({ args, context }) => {
      const ctx = context as Context;
      const filter = args as LedgerEntriesArgs;
      const after = checkPosition(filter.after, ['after']);
      movementConditions(ctx.viewer, filter); // refuses now, not at the first entry
      return new LedgerFeedService(ctx.em).follow(ctx.viewer, after, filter, ctx.ledgerFeed, ctx.credentialExpiresAt ?? null, () => ctx.clock.now());
    },
  })
  ledgerEntries(@Root() item: FeedItem, @Args() _args: LedgerEntriesArgs): FeedItem {
    return item;
  }
}
