import { GraphQLResolveInfo } from 'graphql';
import { Args, ArgsType, Authorized, Ctx, Field, FieldResolver, Info, Resolver, Root } from 'type-graphql';
import { assertCanReadEnterpriseRow } from '../access/policy';
import { mandate, Mandate } from '../access/mandates';
import { Role } from '../access/viewer';
import { ConnectionArgs } from '../graphql/connection';
import type { Context } from '../graphql/context';
import { compiledConnection } from '../graphql/json-read-plan';
import { MovementKindArgs } from '../ledger/ledger.inputs';
import { LedgerService } from '../ledger/ledger.service';
import { LedgerEntryConnection, StockConnection, stockWants } from '../ledger/ledger.types';
import { stockFilter, StockService } from '../ledger/stock.service';
import { StockBalance } from '../ledger/stock-balance.entity';
import { Enterprise } from '../registry/enterprise.entity';

@ArgsType()
class EnterpriseStockArgs extends ConnectionArgs {
  @Field(() => String, { nullable: true, description: 'Warehouse code' })
  warehouse?: string | null;

  @Field(() => String, { nullable: true, description: 'Product traceability code' })
  product?: string | null;

  @Field(() => Boolean, { defaultValue: false, description: 'Include batches whose stock is zero' })
  includeEmpty!: boolean;
}

// Filters given as text (warehouse, product) take the resolver, where the text policy checks them.
compiledConnection<EnterpriseStockArgs>('Enterprise', 'stock', {
  entity: StockBalance,
  parent: 'enterprise',
  where: (args) => (args.warehouse || args.product ? null : stockFilter({ includeEmpty: args.includeEmpty }, [])),
});

/**
 * The regulator's one query from an enterprise to its stock and movements
 * (licences: licence.resolver.ts, alerts: alert.resolver.ts; inspection history:
 * inspection.resolver.ts). Each field is the ledger's own query narrowed to
 * the enterprise, so the ledger's row rules (an enterprise token its own,
 * partners within their mandate) apply unchanged.
 */
@Resolver(() => Enterprise)
export class EnterpriseLedgerLinksResolver {
  @Authorized(Role.REGULATOR, Role.ENTERPRISE, mandate(Mandate.STOCK))
  @FieldResolver(() => StockConnection, { description: 'Stock per warehouse, product and batch, with totals' })
  stock(@Root() enterprise: Enterprise, @Args() args: EnterpriseStockArgs, @Ctx() ctx: Context, @Info() info: GraphQLResolveInfo) {
    assertCanReadEnterpriseRow(ctx.viewer, enterprise);
    // One batch for every enterprise of the list this one is in.
    return ctx.loaders.pages(info, args, enterprise.id, (ids) => new StockService(ctx.em).stockOf(ids, args, stockWants(info)));
  }

  @Authorized(Role.REGULATOR, Role.ENTERPRISE, mandate(Mandate.CONTROLLED_MOVEMENTS), mandate(Mandate.DISPOSAL_MOVEMENTS))
  @FieldResolver(() => LedgerEntryConnection, { description: 'Movements of its chain; partners see those their mandate covers' })
  movements(@Root() enterprise: Enterprise, @Args() args: MovementKindArgs, @Ctx() ctx: Context) {
    return new LedgerService(ctx.em, ctx.clock, ctx.config, ctx.movementObservers).movements(ctx.viewer, { ...args, enterprise: enterprise.creditCode });
  }
}
