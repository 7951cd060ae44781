import { Arg, Args, ArgsType, Authorized, Ctx, Field, FieldResolver, ID, Int, Mutation, Query, Resolver, Root } from 'type-graphql';
import { Role } from '../access/viewer';
import { ConnectionArgs, connectionType } from '../graphql/connection';
import type { Context } from '../graphql/context';
import { Enterprise } from '../registry/enterprise.entity';
import { EnforcementLevel } from '../registry/registry.enums';
import { pageOf } from '../shared/page';
import { EnforcementPlan } from './enforcement-plan.entity';
import { PlanDraftOutcome } from './inspection.enums';
import { CreateEnforcementPlanInput, DraftEnforcementPlanInput } from './inspection.inputs';
import { InspectionConnection } from './inspection.resolver';
import { PlanDraftLine, PlanDraftResult } from './plan-draft';
import { PlanDraftingService } from './plan-drafting.service';
import { EnforcementPlanService } from './plan.service';

export const EnforcementPlanConnection = connectionType(EnforcementPlan);
export const PlanDraftLineConnection = connectionType(PlanDraftLine);

const plans = (ctx: Context) => new EnforcementPlanService(ctx.em, ctx.clock);
const drafting = (ctx: Context) => new PlanDraftingService(ctx.em, ctx.clock);

@ArgsType()
class PlansArgs extends ConnectionArgs {
  @Field(() => Int, { nullable: true })
  year?: number | null;

  @Field(() => EnforcementLevel, { nullable: true })
  level?: EnforcementLevel | null;
}

@ArgsType()
class DraftReportArgs extends ConnectionArgs {
  @Field(() => PlanDraftOutcome, { nullable: true })
  outcome?: PlanDraftOutcome | null;
}

@Resolver(() => EnforcementPlan)
export class EnforcementPlanResolver {
  @Query(() => EnforcementPlanConnection, { description: 'Public: approved and published plans (公示 from approval); regulators also see drafts' })
  enforcementPlans(@Args() args: PlansArgs, @Ctx() ctx: Context) {
    return plans(ctx).plans(ctx.viewer, args, args);
  }

  @Query(() => EnforcementPlan, { description: 'Public once approved' })
  enforcementPlan(@Arg('id', () => ID) id: string, @Ctx() ctx: Context) {
    return plans(ctx).plan(ctx.viewer, id);
  }

  @Authorized(Role.REGULATOR)
  @Mutation(() => EnforcementPlan)
  createEnforcementPlan(@Arg('input') input: CreateEnforcementPlanInput, @Ctx() ctx: Context) {
    return plans(ctx).createPlan(ctx.viewer, input);
  }

  @Authorized(Role.REGULATOR)
  @Mutation(() => PlanDraftResult, {
    description: 'Drafts the plan of a level and year from the risk grades (a new DRAFT plan, or fills one): key units, A full check-ups, B key spot checks, C help visits, within the yearly cap',
  })
  draftEnforcementPlan(@Arg('input') input: DraftEnforcementPlanInput, @Ctx() ctx: Context) {
    return drafting(ctx).draftPlan(ctx.viewer, input);
  }

  @Authorized(Role.REGULATOR)
  @Mutation(() => EnforcementPlan, { description: 'DRAFT → APPROVED: the plan is public from now' })
  approveEnforcementPlan(@Arg('id', () => ID) id: string, @Ctx() ctx: Context) {
    return plans(ctx).approvePlan(ctx.viewer, id);
  }

  @Authorized(Role.REGULATOR)
  @Mutation(() => EnforcementPlan, { description: 'APPROVED → PUBLISHED (公示)' })
  publishEnforcementPlan(@Arg('id', () => ID) id: string, @Ctx() ctx: Context) {
    return plans(ctx).publishPlan(ctx.viewer, id);
  }

  @Authorized(Role.REGULATOR)
  @FieldResolver(() => InspectionConnection, { description: "The plan's inspections: regulators only (targets are made public month by month)" })
  async inspections(@Root() plan: EnforcementPlan, @Args() args: ConnectionArgs, @Ctx() ctx: Context) {
    const rows = await plans(ctx).inspectionsInArea(ctx.viewer, await ctx.loaders.inspectionsOfPlan.load(plan.id), (id) => ctx.loaders.enterprise.load(id));
    return pageOf(rows, args);
  }

  @Authorized(Role.REGULATOR)
  @FieldResolver(() => PlanDraftLineConnection, { description: 'The last draft from the risk grades: every enterprise of the level, what was drafted and why (regulators only)' })
  draftReport(@Root() plan: EnforcementPlan, @Args() args: DraftReportArgs, @Ctx() ctx: Context) {
    return drafting(ctx).draftReport(ctx.viewer, plan.id, args, args);
  }
}

@Resolver(() => PlanDraftLine)
export class PlanDraftLineResolver {
  @FieldResolver(() => Enterprise)
  enterprise(@Root() line: PlanDraftLine, @Ctx() ctx: Context) {
    return ctx.loaders.enterprise.load(line.enterpriseId);
  }
}

export const planResolvers = [EnforcementPlanResolver, PlanDraftLineResolver] as const;
