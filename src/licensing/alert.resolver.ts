import { GraphQLResolveInfo } from 'graphql';
import { Arg, Args, ArgsType, Authorized, Ctx, Field, FieldResolver, Info, Mutation, Query, Resolver, Root } from 'type-graphql';
import { assertCanReadEnterpriseRow } from '../access/policy';
import { Role } from '../access/viewer';
import { ConnectionArgs, connectionType, connectionWants } from '../graphql/connection';
import type { Context } from '../graphql/context';
import { CreditCodeScalar } from '../graphql/scalars';
import { LedgerEntry } from '../ledger/ledger-entry.entity';
import { Chemical } from '../registry/chemical.entity';
import { Enterprise } from '../registry/enterprise.entity';
import { Alert } from './alert.entity';
import { AlertService } from './alert.service';
import { Licence } from './licence.entity';
import { READ_LICENCES } from './licence.resolver';
import { AlertCode, AlertSeverity, AlertStatus } from './licensing.enums';
import { AlertActionInput } from './licensing.inputs';

export const AlertConnection = connectionType(Alert);

@ArgsType()
class EnterpriseAlertsArgs extends ConnectionArgs {
  @Field(() => AlertStatus, { nullable: true })
  status?: AlertStatus | null;

  @Field(() => AlertCode, { nullable: true })
  code?: AlertCode | null;

  @Field(() => AlertSeverity, { nullable: true, description: 'CRITICAL: broken ledger chains (regulators only)' })
  severity?: AlertSeverity | null;
}

@ArgsType()
class AlertsArgs extends EnterpriseAlertsArgs {
  @Field(() => CreditCodeScalar, { nullable: true })
  enterprise?: string | null;
}

@Resolver(() => Alert)
export class AlertResolver {
  @Authorized(...READ_LICENCES)
  @Query(() => AlertConnection, { description: 'Alerts: failed ledger licence checks and (regulators only) broken ledger chains; an enterprise token sees its own licence-check alerts' })
  alerts(@Args() args: AlertsArgs, @Ctx() ctx: Context) {
    return new AlertService(ctx.em, ctx.clock).alerts(ctx.viewer, args, args);
  }

  @Authorized(Role.REGULATOR)
  @Mutation(() => Alert, { description: 'OPEN → ACKNOWLEDGED' })
  acknowledgeAlert(@Arg('input') input: AlertActionInput, @Ctx() ctx: Context) {
    return new AlertService(ctx.em, ctx.clock).acknowledge(ctx.viewer, input);
  }

  @Authorized(Role.REGULATOR)
  @Mutation(() => Alert, { description: 'OPEN or ACKNOWLEDGED → RESOLVED, with a note; final' })
  resolveAlert(@Arg('input') input: AlertActionInput, @Ctx() ctx: Context) {
    return new AlertService(ctx.em, ctx.clock).resolve(ctx.viewer, input);
  }

  @FieldResolver(() => Enterprise)
  enterprise(@Root() alert: Alert, @Ctx() ctx: Context) {
    return ctx.loaders.enterprise.load(alert.enterprise.id);
  }

  @FieldResolver(() => Chemical, { nullable: true, description: 'The chemical moved; null for CHAIN_BROKEN' })
  chemical(@Root() alert: Alert, @Ctx() ctx: Context) {
    return alert.chemical ? ctx.loaders.chemical.load(alert.chemical.serial) : null;
  }

  @Authorized(Role.REGULATOR, Role.ENTERPRISE)
  @FieldResolver(() => LedgerEntry, {
    nullable: true,
    description: 'The ledger entry checked (for CHAIN_BROKEN, the one stored at the failing seq, if any): regulators and the enterprise itself (partners read movements by their own mandates)',
  })
  async entry(@Root() alert: Alert, @Ctx() ctx: Context) {
    return alert.entry ? ctx.loaders.ledgerEntry.load(alert.entry.id) : null;
  }

  @FieldResolver(() => Licence, { nullable: true, description: 'The licence found wanting, if one was' })
  licence(@Root() alert: Alert, @Ctx() ctx: Context) {
    return alert.licence ? ctx.loaders.licence.load(alert.licence.id) : null;
  }
}

/** Alerts on the Enterprise type, beside its licences. */
@Resolver(() => Enterprise)
export class EnterpriseAlertsResolver {
  @Authorized(...READ_LICENCES)
  @FieldResolver(() => AlertConnection)
  alerts(@Root() enterprise: Enterprise, @Args() args: EnterpriseAlertsArgs, @Ctx() ctx: Context, @Info() info: GraphQLResolveInfo) {
    assertCanReadEnterpriseRow(ctx.viewer, enterprise);
    return ctx.loaders.pages(info, args, enterprise.id, (ids) => new AlertService(ctx.em, ctx.clock).alertsOf(ctx.viewer, ids, args, args, connectionWants(info)));
  }
}
