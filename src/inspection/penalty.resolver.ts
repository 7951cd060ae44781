import { GraphQLResolveInfo } from 'graphql';
import { Arg, Args, Authorized, Ctx, FieldResolver, ID, Info, Mutation, Query, Resolver, Root } from 'type-graphql';
import { Role } from '../access/viewer';
import { ConnectionArgs, connectionType, connectionWants } from '../graphql/connection';
import type { Context } from '../graphql/context';
import { DefineDiscretionBenchmarkInput, IssuePenaltyNoticeInput, PenaltyAnswerInput, RecordPenaltyHearingInput } from './inspection.inputs';
import { InspectionService } from './inspection.service';
import { PenaltyDecision } from './penalty-decision.entity';
import { DiscretionBenchmark, PenaltyNotice } from './penalty-notice.entity';
import { PenaltyProcedureService } from './penalty-procedure.service';

const procedure = (ctx: Context) => new PenaltyProcedureService(ctx.em, ctx.clock);
const DiscretionBenchmarkConnection = connectionType(DiscretionBenchmark);

@Resolver(() => PenaltyNotice)
export class PenaltyNoticeResolver {
  @Query(() => DiscretionBenchmarkConnection, { description: 'Public: the discretion benchmark table (裁量基准), rows in the order first defined' })
  discretionBenchmarks(@Args() page: ConnectionArgs, @Ctx() ctx: Context, @Info() info: GraphQLResolveInfo) {
    return procedure(ctx).benchmarks(page, connectionWants(info));
  }

  @Authorized(Role.REGULATOR, Role.ENTERPRISE)
  @Query(() => PenaltyNotice, { nullable: true, description: "An inspection's notice of intended penalty: regulators, and the inspected enterprise" })
  async penaltyNotice(@Arg('inspectionId', () => ID) inspectionId: string, @Ctx() ctx: Context) {
    const inspection = await new InspectionService(ctx.em, ctx.clock).inspection(ctx.viewer, inspectionId, ['inspectionId']);
    return ctx.em.findOne(PenaltyNotice, { inspection });
  }

  @Authorized(Role.ADMIN)
  @Mutation(() => DiscretionBenchmark, { description: 'A row of the discretion benchmark: replaces the row of the same violation and band' })
  defineDiscretionBenchmark(@Arg('input') input: DefineDiscretionBenchmarkInput, @Ctx() ctx: Context) {
    return procedure(ctx).defineBenchmark(ctx.viewer, input);
  }

  @Authorized(Role.REGULATOR)
  @Mutation(() => PenaltyNotice, { description: '行政处罚告知书: the intended penalty within the benchmark, and the rights it gives' })
  issuePenaltyNotice(@Arg('input') input: IssuePenaltyNoticeInput, @Ctx() ctx: Context) {
    return procedure(ctx).issueNotice(ctx.viewer, input);
  }

  @Authorized(Role.ENTERPRISE)
  @Mutation(() => PenaltyNotice, { description: "陈述申辩: the inspected enterprise's statement and defence, by the deadline" })
  submitPenaltyStatement(@Arg('noticeId', () => ID) noticeId: string, @Arg('statement') statement: string, @Ctx() ctx: Context) {
    return procedure(ctx).submitStatement(ctx.viewer, noticeId, statement);
  }

  @Authorized(Role.ENTERPRISE)
  @Mutation(() => PenaltyNotice, { description: 'The inspected enterprise asks for a hearing (听证), where the notice gives the right' })
  requestPenaltyHearing(@Arg('noticeId', () => ID) noticeId: string, @Ctx() ctx: Context) {
    return procedure(ctx).requestHearing(ctx.viewer, noticeId);
  }

  @Authorized(Role.REGULATOR)
  @Mutation(() => PenaltyNotice, { description: 'Whether the statement is adopted, and why' })
  answerPenaltyStatement(@Arg('input') input: PenaltyAnswerInput, @Ctx() ctx: Context) {
    return procedure(ctx).answerStatement(ctx.viewer, input);
  }

  @Authorized(Role.REGULATOR)
  @Mutation(() => PenaltyNotice, { description: 'The hearing held: its record, whether its arguments are adopted, and why' })
  recordPenaltyHearing(@Arg('input') input: RecordPenaltyHearingInput, @Ctx() ctx: Context) {
    return procedure(ctx).recordHearing(ctx.viewer, input);
  }
}

@Resolver(() => PenaltyDecision)
export class PenaltyDecisionResolver {
  @FieldResolver(() => ID, { nullable: true, description: 'The notice the penalty followed' })
  noticeId(@Root() decision: PenaltyDecision): string | null {
    return decision.notice?.id ?? null;
  }
}

export const penaltyResolvers = [PenaltyNoticeResolver, PenaltyDecisionResolver] as const;
