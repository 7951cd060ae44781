import { Authorized, Ctx, Query, Resolver } from 'type-graphql';
import { Role } from '../access/viewer';
import type { Context } from '../graphql/context';
import { SupervisionOverview } from './overview';
import { OverviewService } from './overview.service';

@Resolver()
export class OverviewResolver {
  @Authorized(Role.REGULATOR)
  @Query(() => SupervisionOverview, { description: 'Regulators: the dashboard figures (grades by town, hazardous stock by town, unresolved alerts, this month’s inspections, licences expiring)' })
  supervisionOverview(@Ctx() ctx: Context): Promise<SupervisionOverview> {
    return new OverviewService(ctx.em, ctx.clock).overview(ctx.viewer);
  }
}

export const overviewResolvers = [OverviewResolver] as const;
