import { GraphQLLocalDate } from 'graphql-scalars';
import { GraphQLResolveInfo } from 'graphql';
import { Arg, Args, ArgsType, Authorized, Ctx, Field, FieldResolver, Float, ID, Info, Int, Mutation, ObjectType, Query, Resolver, Root } from 'type-graphql';
import { assertCanReadEnterpriseRow } from '../access/policy';
import { mandate, Mandate } from '../access/mandates';
import { Role } from '../access/viewer';
import { joinedRow } from '../db/plain-rows';
import { ConnectionArgs, connectionType, connectionWants } from '../graphql/connection';
import type { Context } from '../graphql/context';
import { compiledConnection, compiledRelation } from '../graphql/json-read-plan';
import { CreditCodeScalar } from '../graphql/scalars';
import { LedgerEntry } from '../ledger/ledger-entry.entity';
import { Chemical } from '../registry/chemical.entity';
import { Enterprise } from '../registry/enterprise.entity';
import { Alert } from './alert.entity';
import { EnterpriseLedgerLinksResolver } from './enterprise-links.resolver';
import { AlertService } from './alert.service';
import { CalendarDay } from './calendar-day.entity';
import { LicenceEvent } from './licence-event.entity';
import { LicenceScopeItem } from './licence-scope-item.entity';
import { Licence } from './licence.entity';
import { AlertCode, AlertSeverity, AlertStatus, LicenceStatus, LicenceType } from './licensing.enums';
import {
  AddLicenceScopeInput,
  AlertActionInput,
  ApplyForLicenceInput,
  CalendarDayInput,
  ChangeLicenceInput,
  IssueLicenceInput,
  LicenceActionInput,
} from './licensing.inputs';
import { LicensingService } from './licensing.service';
import { COMMITTED_REDUCTION, STATUTORY_WORKING_DAYS } from './statutory-limits';

export const LicenceConnection = connectionType(Licence);
export const LicenceEventConnection = connectionType(LicenceEvent);
export const LicenceScopeItemConnection = connectionType(LicenceScopeItem);
export const AlertConnection = connectionType(Alert);


@ArgsType()
class EnterpriseLicencesArgs extends ConnectionArgs {
  @Field(() => LicenceType, { nullable: true })
  type?: LicenceType | null;

  @Field(() => LicenceStatus, { nullable: true, description: 'As of now: EXPIRED follows the date' })
  status?: LicenceStatus | null;
}

@ArgsType()
class LicencesArgs extends EnterpriseLicencesArgs {
  @Field(() => CreditCodeScalar, { nullable: true })
  holder?: string | null;
}

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

@ObjectType({ description: 'Applications of one licence type decided in one month' })
class ProcessingTimeRow {
  @Field(() => LicenceType)
  type!: LicenceType;

  @Field({ description: 'Month of the decision, YYYY-MM (Shanghai)' })
  month!: string;

  @Field(() => Int, { description: 'Applications issued or refused' })
  decided!: number;

  @Field(() => Float, { description: 'Average working days from application to decision' })
  averageWorkingDays!: number;

  @Field(() => Int)
  maxWorkingDays!: number;

  @Field(() => Int)
  statutoryWorkingDays!: number;

  @Field(() => Float, { description: '1 − average / statutory, e.g. 0.65 for 65 % faster' })
  averageReduction!: number;

  @Field({ description: `averageReduction is at least the committed ${COMMITTED_REDUCTION * 100} %` })
  meetsCommitment!: boolean;
}

@ObjectType({ description: 'Processing times against the statutory limits; one row per licence type and month (at most 24 months)' })
class ProcessingTimeReport {
  @Field(() => GraphQLLocalDate)
  from!: string;

  @Field(() => GraphQLLocalDate)
  to!: string;

  @Field(() => Float, { description: 'The committed reduction against the statutory limit (0.6)' })
  committedReduction!: number;

  @Field(() => [ProcessingTimeRow])
  rows!: ProcessingTimeRow[];
}

const READ_LICENCES = [Role.REGULATOR, Role.ENTERPRISE, mandate(Mandate.LICENCES)];

@Resolver(() => Licence)
export class LicenceResolver {
  @Authorized(...READ_LICENCES)
  @Query(() => Licence, { description: 'A licence by id: regulators and MARKET_SUPERVISION any, an enterprise its own' })
  licence(@Arg('id', () => ID) id: string, @Ctx() ctx: Context) {
    return new LicensingService(ctx.em, ctx.clock).licence(ctx.viewer, id);
  }

  @Authorized(...READ_LICENCES)
  @Query(() => LicenceConnection, { description: 'Licences; an enterprise token sees its own' })
  licences(@Args() args: LicencesArgs, @Ctx() ctx: Context) {
    return new LicensingService(ctx.em, ctx.clock).licences(ctx.viewer, args, args);
  }

  @Authorized(Role.REGULATOR)
  @Query(() => ProcessingTimeReport, { description: 'Applied → decided, in working days, against the statutory limits' })
  async licensingProcessingTimes(
    @Arg('from', () => GraphQLLocalDate) from: string,
    @Arg('to', () => GraphQLLocalDate) to: string,
    @Arg('type', () => LicenceType, { nullable: true }) type: LicenceType | null,
    @Ctx() ctx: Context,
  ): Promise<ProcessingTimeReport> {
    const rows = await new LicensingService(ctx.em, ctx.clock).processingTimes(ctx.viewer, from, to, type);
    return { from, to, committedReduction: COMMITTED_REDUCTION, rows };
  }

  @Authorized(Role.REGULATOR, Role.ENTERPRISE)
  @Mutation(() => Licence, { description: 'APPLIED: an enterprise for itself, or a regulator recording a paper application' })
  applyForLicence(@Arg('input') input: ApplyForLicenceInput, @Ctx() ctx: Context) {
    return new LicensingService(ctx.em, ctx.clock).applyForLicence(ctx.viewer, input);
  }

  @Authorized(Role.REGULATOR)
  @Mutation(() => Licence, { description: 'ISSUED: number and validity (3 years by default)' })
  issueLicence(@Arg('input') input: IssueLicenceInput, @Ctx() ctx: Context) {
    return new LicensingService(ctx.em, ctx.clock).issueLicence(ctx.viewer, input);
  }

  @Authorized(Role.REGULATOR)
  @Mutation(() => Licence, { description: 'REFUSED: the application decided against; reason required' })
  refuseLicence(@Arg('input') input: LicenceActionInput, @Ctx() ctx: Context) {
    return new LicensingService(ctx.em, ctx.clock).refuseLicence(ctx.viewer, input);
  }

  @Authorized(Role.REGULATOR)
  @Mutation(() => Licence, { description: 'CHANGED (变更): name, address or legal representative, in one call' })
  changeLicence(@Arg('input') input: ChangeLicenceInput, @Ctx() ctx: Context) {
    return new LicensingService(ctx.em, ctx.clock).changeLicence(ctx.viewer, input);
  }

  @Authorized(Role.REGULATOR)
  @Mutation(() => Licence, { description: 'SCOPE_ADDED (新增品名): in scope from now on' })
  addLicenceScope(@Arg('input') input: AddLicenceScopeInput, @Ctx() ctx: Context) {
    return new LicensingService(ctx.em, ctx.clock).addLicenceScope(ctx.viewer, input);
  }

  @Authorized(Role.REGULATOR)
  @Mutation(() => Licence, { description: 'REISSUED (补办): a replacement certificate, in one call' })
  reissueLicence(@Arg('input') input: LicenceActionInput, @Ctx() ctx: Context) {
    return new LicensingService(ctx.em, ctx.clock).reissueLicence(ctx.viewer, input);
  }

  @Authorized(Role.REGULATOR)
  @Mutation(() => Licence, { description: 'SUSPENDED: reason required' })
  suspendLicence(@Arg('input') input: LicenceActionInput, @Ctx() ctx: Context) {
    return new LicensingService(ctx.em, ctx.clock).suspendLicence(ctx.viewer, input);
  }

  @Authorized(Role.REGULATOR)
  @Mutation(() => Licence, { description: 'REINSTATED: a suspension lifted' })
  reinstateLicence(@Arg('input') input: LicenceActionInput, @Ctx() ctx: Context) {
    return new LicensingService(ctx.em, ctx.clock).reinstateLicence(ctx.viewer, input);
  }

  @Authorized(Role.REGULATOR)
  @Mutation(() => Licence, { description: 'REVOKED: reason required; final' })
  revokeLicence(@Arg('input') input: LicenceActionInput, @Ctx() ctx: Context) {
    return new LicensingService(ctx.em, ctx.clock).revokeLicence(ctx.viewer, input);
  }

  @Authorized(Role.REGULATOR)
  @Mutation(() => Licence, { description: 'CANCELLED (注销), in one call; final' })
  cancelLicence(@Arg('input') input: LicenceActionInput, @Ctx() ctx: Context) {
    return new LicensingService(ctx.em, ctx.clock).cancelLicence(ctx.viewer, input);
  }

  @Authorized(Role.REGULATOR)
  @Mutation(() => CalendarDay, { description: 'A public holiday or make-up working day, for processing times' })
  setCalendarDay(@Arg('input') input: CalendarDayInput, @Ctx() ctx: Context) {
    return new LicensingService(ctx.em, ctx.clock).setCalendarDay(ctx.viewer, input);
  }

  @FieldResolver(() => Enterprise)
  holder(@Root() licence: Licence, @Ctx() ctx: Context) {
    return ctx.loaders.enterprise.load(licence.holder.id);
  }

  @FieldResolver(() => LicenceStatus, { description: 'Now: EXPIRED once validUntil has passed' })
  status(@Root() licence: Licence, @Ctx() ctx: Context) {
    return new LicensingService(ctx.em, ctx.clock).statusOf(licence);
  }

  @FieldResolver(() => Int, { description: 'The statutory limit for deciding an application of this type, in working days' })
  statutoryWorkingDays(@Root() licence: Licence) {
    return STATUTORY_WORKING_DAYS[licence.type];
  }

  @FieldResolver(() => LicenceScopeItemConnection, { description: 'The chemicals it permits (许可范围)' })
  scope(@Root() licence: Licence, @Args() args: ConnectionArgs, @Ctx() ctx: Context, @Info() info: GraphQLResolveInfo) {
    return ctx.loaders.pages(info, args, licence.id, (ids) => new LicensingService(ctx.em, ctx.clock).scopeOf(ids, args, connectionWants(info, ['chemical'])));
  }

  @FieldResolver(() => LicenceEventConnection, { description: 'Its lifecycle, oldest first' })
  events(@Root() licence: Licence, @Args() args: ConnectionArgs, @Ctx() ctx: Context, @Info() info: GraphQLResolveInfo) {
    return ctx.loaders.pages(info, args, licence.id, (ids) => new LicensingService(ctx.em, ctx.clock).eventsOf(ids, args, connectionWants(info)));
  }
}

@Resolver(() => LicenceScopeItem)
export class LicenceScopeItemResolver {
  @FieldResolver(() => Chemical)
  chemical(@Root() item: LicenceScopeItem, @Ctx() ctx: Context) {
    return joinedRow(item.chemical) ?? ctx.loaders.chemical.load(item.chemical.serial);
  }
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

/** Licences and alerts on the Enterprise type: the regulator's way from an enterprise (or a trace's holder) to them. */
@Resolver(() => Enterprise)
export class EnterpriseLicensingResolver {
  @Authorized(...READ_LICENCES)
  @FieldResolver(() => LicenceConnection)
  licences(@Root() enterprise: Enterprise, @Args() args: EnterpriseLicencesArgs, @Ctx() ctx: Context, @Info() info: GraphQLResolveInfo) {
    // A batch trace may reach any holder: row access per enterprise.
    assertCanReadEnterpriseRow(ctx.viewer, enterprise);
    return ctx.loaders.pages(info, args, enterprise.id, (ids) => new LicensingService(ctx.em, ctx.clock).licencesOf(ids, args, args, connectionWants(info)));
  }

  @Authorized(...READ_LICENCES)
  @FieldResolver(() => AlertConnection)
  alerts(@Root() enterprise: Enterprise, @Args() args: EnterpriseAlertsArgs, @Ctx() ctx: Context, @Info() info: GraphQLResolveInfo) {
    assertCanReadEnterpriseRow(ctx.viewer, enterprise);
    return ctx.loaders.pages(info, args, enterprise.id, (ids) => new AlertService(ctx.em, ctx.clock).alertsOf(ctx.viewer, ids, args, args, connectionWants(info)));
  }
}

// Plain reads of licences, which the compiled path may build in SQL (graphql/json-read.ts); a
// filter by type or status takes the resolver (status depends on the clock).
compiledConnection<EnterpriseLicencesArgs>('Enterprise', 'licences', { entity: Licence, parent: 'holder', where: (args) => (args.type || args.status ? null : {}) });
compiledConnection('Licence', 'scope', { entity: LicenceScopeItem, parent: 'licence', where: () => ({}) });
compiledConnection('Licence', 'events', { entity: LicenceEvent, parent: 'licence', where: () => ({}) });
compiledRelation('LicenceScopeItem', 'chemical', 'chemical');
compiledRelation('Licence', 'holder', 'holder');

export const licensingResolvers = [LicenceResolver, LicenceScopeItemResolver, AlertResolver, EnterpriseLicensingResolver, EnterpriseLedgerLinksResolver] as const;
