import { GraphQLJSONObject } from 'graphql-scalars';
import { Arg, Args, ArgsType, Authorized, Ctx, Field, FieldResolver, ID, Mutation, ObjectType, Query, Resolver, Root } from 'type-graphql';
import { mandate, Mandate } from '../access/mandates';
import { Role } from '../access/viewer';
import { ConnectionArgs, connectionType } from '../graphql/connection';
import type { Context } from '../graphql/context';
import { CreditCodeScalar } from '../graphql/scalars';
import { Enterprise } from '../registry/enterprise.entity';
import { Warehouse } from '../registry/warehouse.entity';
import { Accident } from './accident.entity';
import { Complaint } from './complaint.entity';
import { GroupSelfSupervision } from './group-self-supervision.entity';
import { JobCount, JobRun } from './job-run.entity';
import { MajorHazardStatus } from './major-hazard-status';
import { PublishedInspectionTargets } from './published-targets';
import { Notification } from './notification.entity';
import { RiskGradeChange } from './risk-grade.entity';
import { SpecialOperationCertificate } from './special-operation-certificate.entity';
import { SupervisionProposal } from './supervision-proposal.entity';
import { JobRunStatus, NotificationKind, ProposalStatus } from './supervision.enums';
import { RecordAccidentInput, RecordCertificateReviewInput, RecordComplaintInput, RegisterCertificateInput } from './supervision.inputs';
import { SupervisionService } from './supervision.service';

export const JobRunConnection = connectionType(JobRun);
export const NotificationConnection = connectionType(Notification);
export const SpecialOperationCertificateConnection = connectionType(SpecialOperationCertificate);
export const AccidentConnection = connectionType(Accident);
export const ComplaintConnection = connectionType(Complaint);
export const RiskGradeChangeConnection = connectionType(RiskGradeChange);
export const SupervisionProposalConnection = connectionType(SupervisionProposal);

const service = (ctx: Context) => new SupervisionService(ctx.em, ctx.clock, { config: ctx.config, logger: ctx.logger });

@ObjectType({ description: 'A scheduled job and its cron schedule (Asia/Shanghai)' })
class Job {
  @Field()
  name!: string;

  @Field()
  description!: string;

  @Field({ description: 'Cron expression; JOB_<NAME>_CRON overrides the default' })
  schedule!: string;
}

const JobConnection = connectionType(Job);

@ArgsType()
class JobRunsArgs extends ConnectionArgs {
  @Field(() => String, { nullable: true })
  job?: string | null;

  @Field(() => JobRunStatus, { nullable: true })
  status?: JobRunStatus | null;
}

@ArgsType()
class NotificationsArgs extends ConnectionArgs {
  @Field(() => CreditCodeScalar, { nullable: true, description: 'Regulators: one enterprise’s notices. An enterprise always sees its own.' })
  enterprise?: string | null;

  @Field(() => NotificationKind, { nullable: true })
  kind?: NotificationKind | null;

  @Field(() => Boolean, { defaultValue: false, description: 'Newest first, each next page older (the console lists them so); else oldest first' })
  newestFirst!: boolean;
}

@ArgsType()
class RiskGradeHistoryArgs extends ConnectionArgs {
  @Field(() => CreditCodeScalar)
  enterprise!: string;

  @Field(() => Boolean, { defaultValue: false, description: 'Newest first, each next page older (the console lists them so); else oldest first' })
  newestFirst!: boolean;
}

@ArgsType()
class EnterpriseListArgs extends ConnectionArgs {
  @Field(() => CreditCodeScalar, { nullable: true })
  enterprise?: string | null;
}

@ArgsType()
class ProposalsArgs extends ConnectionArgs {
  @Field(() => ProposalStatus, { nullable: true })
  status?: ProposalStatus | null;
}

@Resolver(() => JobRun)
export class JobRunResolver {
  @Authorized(Role.REGULATOR)
  @Query(() => JobConnection, { description: 'Regulators: the supervision jobs and their schedules, by name' })
  jobs(@Args() page: ConnectionArgs, @Ctx() ctx: Context) {
    return service(ctx).jobs(ctx.viewer, page);
  }

  @Authorized(Role.REGULATOR)
  @Query(() => JobRunConnection, { description: 'Regulators: every recorded job run, oldest first' })
  jobRuns(@Args() args: JobRunsArgs, @Ctx() ctx: Context) {
    return service(ctx).jobRuns(ctx.viewer, args, args);
  }

  @Authorized(Role.REGULATOR)
  @Query(() => JobRun)
  jobRun(@Arg('id', () => ID) id: string, @Ctx() ctx: Context) {
    return service(ctx).jobRun(ctx.viewer, id);
  }

  @Authorized(Role.REGULATOR)
  @Mutation(() => JobRun, { description: 'Starts a job now. Returns the run as started (RUNNING, or SKIPPED if another process runs it); poll jobRun(id).' })
  runJobNow(@Arg('name') name: string, @Ctx() ctx: Context) {
    return service(ctx).runJobNow(ctx.viewer, name);
  }

  @FieldResolver(() => [JobCount])
  counts(@Root() run: JobRun): JobCount[] {
    return Object.entries(run.counts ?? {})
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([name, value]) => ({ name, value }));
  }
}

@Resolver(() => Notification)
export class NotificationResolver {
  @Authorized(Role.REGULATOR, Role.ENTERPRISE, mandate(Mandate.MAJOR_HAZARD))
  @Query(() => NotificationConnection, { description: 'The outbox: an enterprise its own notices, regulators every notice, fire rescue (MAJOR_HAZARD) the major-hazard notices' })
  notifications(@Args() args: NotificationsArgs, @Ctx() ctx: Context) {
    return service(ctx).notifications(ctx.viewer, args, args);
  }

  @FieldResolver(() => Enterprise, { nullable: true, description: 'The recipient (ENTERPRISE) or the enterprise a regulators’ notice is about' })
  async enterprise(@Root() n: Notification, @Ctx() ctx: Context) {
    return n.enterprise ? ctx.loaders.enterprise.load(n.enterprise.id) : null;
  }

  @FieldResolver(() => GraphQLJSONObject)
  payload(@Root() n: Notification) {
    return n.payload;
  }
}

@Resolver(() => SpecialOperationCertificate)
export class CertificateResolver {
  @Authorized(Role.REGULATOR, Role.ENTERPRISE)
  @Query(() => SpecialOperationCertificateConnection, { description: 'Special-operation certificates: an enterprise its own' })
  specialOperationCertificates(@Args() args: EnterpriseListArgs, @Ctx() ctx: Context) {
    return service(ctx).certificates(ctx.viewer, args.enterprise, args);
  }

  @Authorized(Role.REGULATOR, Role.ENTERPRISE)
  @Mutation(() => SpecialOperationCertificate)
  registerSpecialOperationCertificate(@Arg('input') input: RegisterCertificateInput, @Ctx() ctx: Context) {
    return service(ctx).registerCertificate(ctx.viewer, input);
  }

  @Authorized(Role.REGULATOR, Role.ENTERPRISE)
  @Mutation(() => SpecialOperationCertificate, { description: 'Records a review (复审): the certificate’s next review date' })
  recordCertificateReview(@Arg('input') input: RecordCertificateReviewInput, @Ctx() ctx: Context) {
    return service(ctx).recordCertificateReview(ctx.viewer, input);
  }

  @FieldResolver(() => Enterprise)
  enterprise(@Root() c: SpecialOperationCertificate, @Ctx() ctx: Context) {
    return ctx.loaders.enterprise.load(c.enterprise.id);
  }
}

@Resolver(() => Accident)
export class AccidentResolver {
  @Authorized(Role.REGULATOR, Role.ENTERPRISE)
  @Query(() => AccidentConnection, { description: 'Accidents: an enterprise its own' })
  accidents(@Args() args: EnterpriseListArgs, @Ctx() ctx: Context) {
    return service(ctx).accidents(ctx.viewer, args.enterprise, args);
  }

  @Authorized(Role.REGULATOR)
  @Mutation(() => Accident)
  recordAccident(@Arg('input') input: RecordAccidentInput, @Ctx() ctx: Context) {
    return service(ctx).recordAccident(ctx.viewer, input);
  }

  @FieldResolver(() => Enterprise)
  enterprise(@Root() a: Accident, @Ctx() ctx: Context) {
    return ctx.loaders.enterprise.load(a.enterprise.id);
  }
}

@Resolver(() => Complaint)
export class ComplaintResolver {
  @Authorized(Role.REGULATOR)
  @Query(() => ComplaintConnection)
  complaints(@Args() args: EnterpriseListArgs, @Ctx() ctx: Context) {
    return service(ctx).complaints(ctx.viewer, args.enterprise, args);
  }

  @Authorized(Role.REGULATOR)
  @Mutation(() => Complaint)
  recordComplaint(@Arg('input') input: RecordComplaintInput, @Ctx() ctx: Context) {
    return service(ctx).recordComplaint(ctx.viewer, input);
  }

  @FieldResolver(() => Enterprise)
  enterprise(@Root() c: Complaint, @Ctx() ctx: Context) {
    return ctx.loaders.enterprise.load(c.enterprise.id);
  }
}

@Resolver(() => RiskGradeChange)
export class RiskGradeResolver {
  @Authorized(Role.REGULATOR, Role.ENTERPRISE)
  @Query(() => RiskGradeChangeConnection, { description: 'Every change of an enterprise’s risk grade, with its reasons; the last is current (the first with newestFirst)' })
  riskGradeHistory(@Args() { enterprise, newestFirst, ...page }: RiskGradeHistoryArgs, @Ctx() ctx: Context) {
    return service(ctx).riskGradeHistory(ctx.viewer, enterprise, page, newestFirst);
  }

  @FieldResolver(() => Enterprise)
  enterprise(@Root() r: RiskGradeChange, @Ctx() ctx: Context) {
    return ctx.loaders.enterprise.load(r.enterprise.id);
  }
}

@Resolver(() => GroupSelfSupervision)
export class GroupSelfSupervisionResolver {
  @Authorized(Role.REGULATOR)
  @Mutation(() => GroupSelfSupervision, { description: 'Accepts a group’s undertaking to find and rectify its subsidiaries’ hazards itself' })
  acceptGroupSelfSupervision(@Arg('group', () => CreditCodeScalar) group: string, @Ctx() ctx: Context) {
    return service(ctx).acceptGroupSelfSupervision(ctx.viewer, group);
  }

  @Authorized(Role.REGULATOR)
  @Mutation(() => GroupSelfSupervision)
  revokeGroupSelfSupervision(@Arg('group', () => CreditCodeScalar) group: string, @Ctx() ctx: Context) {
    return service(ctx).revokeGroupSelfSupervision(ctx.viewer, group);
  }

  @FieldResolver(() => Enterprise)
  group(@Root() g: GroupSelfSupervision, @Ctx() ctx: Context) {
    return ctx.loaders.enterprise.load(g.group.id);
  }
}

@Resolver(() => PublishedInspectionTargets)
export class PublicationResolver {
  @Query(() => PublishedInspectionTargets, { nullable: true, description: 'Public: a month’s inspection targets and items (YYYY-MM), published on the 25th of the month before; null before' })
  publishedInspectionTargets(@Arg('month') month: string, @Ctx() ctx: Context) {
    return service(ctx).publishedInspectionTargets(month);
  }
}

@Resolver(() => SupervisionProposal)
export class SupervisionProposalResolver {
  @FieldResolver(() => String, { nullable: true, description: 'The code of the triggered inspection carrying it' })
  inspectionCode(@Root() p: SupervisionProposal) {
    return p.inspection?.code ?? null;
  }

  @Authorized(Role.REGULATOR)
  @Query(() => SupervisionProposalConnection, { description: 'Triggered-inspection proposals raised by triggered supervision' })
  supervisionProposals(@Args() args: ProposalsArgs, @Ctx() ctx: Context) {
    return service(ctx).proposals(ctx.viewer, args.status, args);
  }

  @FieldResolver(() => Enterprise)
  enterprise(@Root() p: SupervisionProposal, @Ctx() ctx: Context) {
    return ctx.loaders.enterprise.load(p.enterprise.id);
  }
}

@Resolver(() => Warehouse)
export class WarehouseMajorHazardResolver {
  @Authorized(Role.REGULATOR, Role.ENTERPRISE, mandate(Mandate.MAJOR_HAZARD))
  @Query(() => MajorHazardStatus, { description: 'GB 18218-2018 identification of one warehouse, from live stock' })
  majorHazardStatus(
    @Arg('enterprise', () => CreditCodeScalar) enterprise: string,
    @Arg('warehouse', { description: 'The warehouse code' }) warehouse: string,
    @Ctx() ctx: Context,
  ) {
    return service(ctx).majorHazardStatus(ctx.viewer, enterprise, warehouse, ctx.loaders.majorHazardOfWarehouse);
  }

  @Authorized(Role.REGULATOR, Role.ENTERPRISE, mandate(Mandate.MAJOR_HAZARD))
  @FieldResolver(() => MajorHazardStatus, { description: 'Major-hazard identification (GB 18218-2018) from live stock' })
  majorHazard(@Root() warehouse: Warehouse, @Ctx() ctx: Context) {
    return service(ctx).warehouseMajorHazard(ctx.viewer, warehouse, (id) => ctx.loaders.enterprise.load(id), ctx.loaders.majorHazardOfWarehouse);
  }
}

export const supervisionResolvers = [
  WarehouseMajorHazardResolver,
  JobRunResolver,
  NotificationResolver,
  CertificateResolver,
  AccidentResolver,
  ComplaintResolver,
  RiskGradeResolver,
  GroupSelfSupervisionResolver,
  SupervisionProposalResolver,
  PublicationResolver,
] as const;
