import { Arg, Args, ArgsType, Authorized, Ctx, Field, FieldResolver, ID, Int, Mutation, Query, Resolver, Root } from 'type-graphql';
import { Role } from '../access/viewer';
import { ConnectionArgs, connectionType } from '../graphql/connection';
import type { Context } from '../graphql/context';
import { CreditCodeScalar } from '../graphql/scalars';
import { Enterprise } from '../registry/enterprise.entity';
import { EnforcementLevel } from '../registry/registry.enums';
import { ChecklistItem } from './checklist-item.entity';
import { EnforcementPlan } from './enforcement-plan.entity';
import { Finding } from './finding.entity';
import { InspectionEvaluation } from './inspection-evaluation.entity';
import { Inspection } from './inspection.entity';
import { InspectionStatus, InspectionType } from './inspection.enums';
import {
  AddChecklistItemInput,
  EvaluateInspectionInput,
  RecheckFindingInput,
  RecordChecklistResultInput,
  RecordFindingInput,
  RecordPenaltyDecisionInput,
  RecordRectificationInput,
  ScheduleInspectionInput,
  StartInspectionInput,
} from './inspection.inputs';
import { pageOf } from '../shared/page';
import { EvaluationAnalysis, evaluationAnalysis } from './evaluation-analysis';
import { EvaluationService } from './evaluation.service';
import { FindingService } from './finding.service';
import { InspectionService } from './inspection.service';
import { PenaltyService } from './penalty.service';
import { SchedulingService } from './scheduling.service';
import { PenaltyDecision } from './penalty-decision.entity';
import { PublicInspection } from './public-inspection';

export const InspectionConnection = connectionType(Inspection);
export const ChecklistItemConnection = connectionType(ChecklistItem);
export const FindingConnection = connectionType(Finding);
const KeyUnitConnection = connectionType(Enterprise, 'UncoveredKeyUnit');

const inspections = (ctx: Context) => new InspectionService(ctx.em, ctx.clock);
const scheduling = (ctx: Context) => new SchedulingService(ctx.em, ctx.clock);
const findings = (ctx: Context) => new FindingService(ctx.em, ctx.clock);
const penalties = (ctx: Context) => new PenaltyService(ctx.em, ctx.clock);
const evaluations = (ctx: Context) => new EvaluationService(ctx.em, ctx.clock);

@ArgsType()
class InspectionsArgs extends ConnectionArgs {
  @Field(() => CreditCodeScalar, { nullable: true })
  enterprise?: string | null;

  @Field(() => Int, { nullable: true })
  year?: number | null;

  @Field(() => InspectionStatus, { nullable: true })
  status?: InspectionStatus | null;

  @Field(() => InspectionType, { nullable: true })
  type?: InspectionType | null;

  @Field(() => EnforcementLevel, { nullable: true })
  enforcingLevel?: EnforcementLevel | null;

  @Field(() => ID, { nullable: true })
  planId?: string | null;
}

@ArgsType()
class KeyUnitsArgs extends ConnectionArgs {
  @Field(() => Int)
  year!: number;

  @Field(() => EnforcementLevel, { nullable: true })
  level?: EnforcementLevel | null;

  @Field(() => Boolean, { nullable: true, defaultValue: false, description: 'Count only COMPLETED or CLOSED KEY_UNIT inspections as coverage' })
  completedOnly?: boolean | null;
}

@ArgsType()
class HistoryArgs extends ConnectionArgs {
  @Field(() => Int, { nullable: true })
  year?: number | null;
}

@Resolver(() => Inspection)
export class InspectionResolver {
  @Authorized(Role.REGULATOR, Role.ENTERPRISE, Role.PARTNER)
  @Query(() => Inspection, { description: 'Regulators any; an enterprise its own; a partner department one it takes part in' })
  inspection(@Arg('id', () => ID) id: string, @Ctx() ctx: Context) {
    return inspections(ctx).inspection(ctx.viewer, id);
  }

  @Authorized(Role.REGULATOR, Role.ENTERPRISE, Role.PARTNER)
  @Query(() => InspectionConnection, { description: 'Regulators all; an enterprise its own; a partner department those it takes part in' })
  inspections(@Args() args: InspectionsArgs, @Ctx() ctx: Context) {
    return inspections(ctx).inspections(ctx.viewer, args, args);
  }

  @Authorized(Role.REGULATOR)
  @Query(() => KeyUnitConnection, { description: 'Key units (重点监管单位) without a KEY_UNIT inspection in the year' })
  keyUnitsNotCovered(@Args() args: KeyUnitsArgs, @Ctx() ctx: Context) {
    return scheduling(ctx).keyUnitsNotCovered(ctx.viewer, args, args);
  }

  @Authorized(Role.REGULATOR)
  @Query(() => EvaluationAnalysis, { description: "Monthly analysis of enterprises' evaluations (检查码评价): average rating, low ratings, comments, by type and by officer" })
  evaluationAnalysis(@Arg('month', { description: 'YYYY-MM, Asia/Shanghai' }) month: string, @Ctx() ctx: Context) {
    return evaluationAnalysis(ctx.em, ctx.viewer, month);
  }

  @Query(() => PublicInspection, { description: 'Public: an inspection by its inspection code (检查码)' })
  inspectionByCode(@Arg('code') code: string, @Ctx() ctx: Context) {
    return evaluations(ctx).inspectionByCode(code);
  }

  @Authorized(Role.REGULATOR)
  @Mutation(() => Inspection, { description: 'Schedules an inspection: level rule, yearly cap, key-unit coverage' })
  scheduleInspection(@Arg('input') input: ScheduleInspectionInput, @Ctx() ctx: Context) {
    return scheduling(ctx).scheduleInspection(ctx.viewer, input);
  }

  @Authorized(Role.REGULATOR, Role.PARTNER)
  @Mutation(() => ChecklistItem, { description: 'Adds an item to the on-site plan while PLANNED or IN_PROGRESS; a partner department its own item to a JOINT inspection it takes part in' })
  addChecklistItem(@Arg('input') input: AddChecklistItemInput, @Ctx() ctx: Context) {
    return inspections(ctx).addChecklistItem(ctx.viewer, input);
  }

  @Authorized(Role.REGULATOR)
  @Mutation(() => Inspection, { description: 'PLANNED → IN_PROGRESS' })
  startInspection(@Arg('input') input: StartInspectionInput, @Ctx() ctx: Context) {
    return inspections(ctx).startInspection(ctx.viewer, input);
  }

  @Authorized(Role.REGULATOR, Role.PARTNER)
  @Mutation(() => ChecklistItem, { description: '现场检查记录: the result of one checklist item' })
  recordChecklistResult(@Arg('input') input: RecordChecklistResultInput, @Ctx() ctx: Context) {
    return inspections(ctx).recordChecklistResult(ctx.viewer, input);
  }

  @Authorized(Role.REGULATOR, Role.PARTNER)
  @Mutation(() => Finding)
  recordFinding(@Arg('input') input: RecordFindingInput, @Ctx() ctx: Context) {
    return findings(ctx).recordFinding(ctx.viewer, input);
  }

  @Authorized(Role.REGULATOR)
  @Mutation(() => Inspection, { description: 'IN_PROGRESS → COMPLETED' })
  completeInspection(@Arg('id', () => ID) id: string, @Ctx() ctx: Context) {
    return inspections(ctx).completeInspection(ctx.viewer, id);
  }

  @Authorized(Role.REGULATOR)
  @Mutation(() => PenaltyDecision)
  recordPenaltyDecision(@Arg('input') input: RecordPenaltyDecisionInput, @Ctx() ctx: Context) {
    return penalties(ctx).recordPenaltyDecision(ctx.viewer, input);
  }

  @Authorized(Role.REGULATOR, Role.ENTERPRISE)
  @Mutation(() => Finding, { description: 'Reports a finding rectified: a regulator, or the inspected enterprise itself' })
  recordRectification(@Arg('input') input: RecordRectificationInput, @Ctx() ctx: Context) {
    return findings(ctx).recordRectification(ctx.viewer, input);
  }

  @Authorized(Role.REGULATOR)
  @Mutation(() => Finding, { description: '复查: RECTIFIED → VERIFIED, or back to OPEN with a new deadline' })
  recheckFinding(@Arg('input') input: RecheckFindingInput, @Ctx() ctx: Context) {
    return findings(ctx).recheckFinding(ctx.viewer, input);
  }

  @Authorized(Role.REGULATOR)
  @Mutation(() => Inspection, { description: 'COMPLETED → CLOSED' })
  closeInspection(@Arg('id', () => ID) id: string, @Ctx() ctx: Context) {
    return inspections(ctx).closeInspection(ctx.viewer, id);
  }

  @Authorized(Role.REGULATOR)
  @Mutation(() => Inspection, { description: 'PLANNED or IN_PROGRESS → CANCELLED' })
  cancelInspection(@Arg('id', () => ID) id: string, @Arg('reason') reason: string, @Ctx() ctx: Context) {
    return inspections(ctx).cancelInspection(ctx.viewer, id, reason);
  }

  @Authorized(Role.ENTERPRISE)
  @Mutation(() => InspectionEvaluation, { description: 'The inspected enterprise evaluates a finished inspection by its code, once' })
  evaluateInspection(@Arg('input') input: EvaluateInspectionInput, @Ctx() ctx: Context) {
    return evaluations(ctx).evaluateInspection(ctx.viewer, input);
  }

  @FieldResolver(() => Enterprise)
  enterprise(@Root() inspection: Inspection, @Ctx() ctx: Context) {
    return ctx.loaders.enterprise.load(inspection.enterprise.id);
  }

  @FieldResolver(() => EnforcementPlan, { nullable: true })
  plan(@Root() inspection: Inspection, @Ctx() ctx: Context) {
    return inspection.plan ? ctx.loaders.enforcementPlan.load(inspection.plan.id) : null;
  }

  @FieldResolver(() => ChecklistItemConnection, { description: '现场检查方案 and its record' })
  async checklist(@Root() inspection: Inspection, @Args() args: ConnectionArgs, @Ctx() ctx: Context) {
    return pageOf(await ctx.loaders.checklistOfInspection.load(inspection.id), args);
  }

  @FieldResolver(() => FindingConnection)
  async findings(@Root() inspection: Inspection, @Args() args: ConnectionArgs, @Ctx() ctx: Context) {
    return pageOf(await ctx.loaders.findingsOfInspection.load(inspection.id), args);
  }

  @FieldResolver(() => PenaltyDecision, { nullable: true })
  async penalty(@Root() inspection: Inspection, @Ctx() ctx: Context) {
    return (await ctx.loaders.penaltyOfInspection.load(inspection.id))[0] ?? null;
  }

  @Authorized(Role.REGULATOR, Role.ENTERPRISE)
  @FieldResolver(() => InspectionEvaluation, { nullable: true, description: "The enterprise's evaluation: regulators and the enterprise" })
  async evaluation(@Root() inspection: Inspection, @Ctx() ctx: Context) {
    return (await ctx.loaders.evaluationOfInspection.load(inspection.id))[0] ?? null;
  }
}

@Resolver(() => Enterprise)
export class EnterpriseInspectionsResolver {
  @Authorized(Role.REGULATOR, Role.ENTERPRISE)
  @FieldResolver(() => InspectionConnection, { description: 'Inspection history, oldest first: regulators, and the enterprise itself' })
  async inspections(@Root() enterprise: Enterprise, @Args() args: HistoryArgs, @Ctx() ctx: Context) {
    return inspections(ctx).inspectionHistory(ctx.viewer, enterprise, await ctx.loaders.inspectionsOfEnterprise.load(enterprise.id), args);
  }
}

export const inspectionResolvers = [InspectionResolver, EnterpriseInspectionsResolver] as const;
