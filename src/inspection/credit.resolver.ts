import { GraphQLResolveInfo } from 'graphql';
import { LocalDateResolver } from 'graphql-scalars';
import { Arg, Args, ArgsType, Authorized, Ctx, Field, ID, Info, Mutation, ObjectType, Query, Resolver } from 'type-graphql';
import { Role } from '../access/viewer';
import { ConnectionArgs, connectionType, connectionWants } from '../graphql/connection';
import type { Context } from '../graphql/context';
import { CreditCodeScalar } from '../graphql/scalars';
import { Enterprise } from '../registry/enterprise.entity';
import { RiskGrade } from '../supervision/supervision.enums';
import { CreditRepair } from './credit-repair.entity';
import { CreditService } from './credit.service';
import { PenaltyDecision } from './penalty-decision.entity';

const credit = (ctx: Context) => new CreditService(ctx.em, ctx.clock);
const PenaltyDecisionConnection = connectionType(PenaltyDecision);

@ArgsType()
class PublicPenaltiesArgs extends ConnectionArgs {
  @Field(() => CreditCodeScalar)
  creditCode!: string;
}

@ObjectType({ description: 'A penalty in a credit report: its publicity and its repair' })
class CreditReportPenalty {
  @Field(() => PenaltyDecision)
  decision!: PenaltyDecision;

  @Field({ description: 'Still in its publicity period today' })
  public!: boolean;

  @Field(() => CreditRepair, { nullable: true })
  repair!: CreditRepair | null;
}

@ObjectType({ description: '信用报告: the penalties of an enterprise, their publicity and repair, and its current risk grade' })
class CreditReport {
  @Field(() => Enterprise)
  enterprise!: Enterprise;

  @Field(() => LocalDateResolver)
  asOf!: string;

  @Field(() => RiskGrade, { nullable: true })
  grade!: RiskGrade | null;

  @Field(() => [CreditReportPenalty], { description: 'Oldest first' })
  penalties!: CreditReportPenalty[];
}

@Resolver()
export class CreditResolver {
  @Query(() => PenaltyDecisionConnection, { description: 'Public (行政处罚信息公示): the penalties of an enterprise still in their publicity period, oldest first' })
  publicPenalties(@Args() { creditCode, ...page }: PublicPenaltiesArgs, @Ctx() ctx: Context, @Info() info: GraphQLResolveInfo) {
    return credit(ctx).publicPenalties(creditCode, page, connectionWants(info));
  }

  @Authorized(Role.REGULATOR, Role.ENTERPRISE)
  @Query(() => CreditReport, { description: '信用报告, instead of a no-violation certificate: regulators, and the enterprise itself' })
  creditReport(@Arg('creditCode', () => CreditCodeScalar) creditCode: string, @Ctx() ctx: Context) {
    return credit(ctx).creditReport(ctx.viewer, creditCode);
  }

  @Authorized(Role.REGULATOR)
  @Mutation(() => PenaltyDecision, { description: '履行完毕: the day the penalty decision was carried out' })
  recordPenaltyCarriedOut(@Arg('decisionId', () => ID) decisionId: string, @Arg('carriedOutOn', () => LocalDateResolver) carriedOutOn: string, @Ctx() ctx: Context) {
    return credit(ctx).recordCarriedOut(ctx.viewer, decisionId, carriedOutOn);
  }

  @Authorized(Role.ENTERPRISE)
  @Mutation(() => CreditRepair, { description: '信用修复: the penalised enterprise applies once the decision is carried out' })
  applyForCreditRepair(@Arg('decisionId', () => ID) decisionId: string, @Arg('statement') statement: string, @Ctx() ctx: Context) {
    return credit(ctx).apply(ctx.viewer, decisionId, statement);
  }

  @Authorized(Role.REGULATOR)
  @Mutation(() => CreditRepair, { description: 'APPLIED → APPROVED (the publicity ends today) or REJECTED, with the reason' })
  reviewCreditRepair(@Arg('repairId', () => ID) repairId: string, @Arg('approved') approved: boolean, @Arg('reason') reason: string, @Ctx() ctx: Context) {
    return credit(ctx).review(ctx.viewer, repairId, approved, reason);
  }
}

export const creditResolvers = [CreditResolver] as const;
