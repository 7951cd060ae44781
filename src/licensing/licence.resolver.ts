import { GraphQLResolveInfo } from 'graphql';
import { Arg, Args, ArgsType, Authorized, Ctx, Field, FieldResolver, ID, Info, Int, Mutation, Query, Resolver, Root } from 'type-graphql';
import { assertCanReadEnterpriseRow } from '../access/policy';
import { mandate, Mandate } from '../access/mandates';
import { Role } from '../access/viewer';
import { joinedRow } from '../db/plain-rows';
import { ConnectionArgs, connectionType, connectionWants } from '../graphql/connection';
import type { Context } from '../graphql/context';
import { compiledConnection, compiledRelation } from '../graphql/json-read-plan';
import { CreditCodeScalar } from '../graphql/scalars';
import { Chemical } from '../registry/chemical.entity';
import { Enterprise } from '../registry/enterprise.entity';
import { LicenceEvent } from './licence-event.entity';
import { LicenceLifecycleService } from './licence-lifecycle.service';
import { LicenceScopeItem } from './licence-scope-item.entity';
import { LicenceService } from './licence.service';
import { Licence } from './licence.entity';
import { LicenceStatus, LicenceType } from './licensing.enums';
import { AddLicenceScopeInput, ApplyForLicenceInput, ChangeLicenceInput, IssueLicenceInput, LicenceActionInput } from './licensing.inputs';
import { STATUTORY_WORKING_DAYS } from './statutory-limits';

export const LicenceConnection = connectionType(Licence);
export const LicenceEventConnection = connectionType(LicenceEvent);
export const LicenceScopeItemConnection = connectionType(LicenceScopeItem);

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

/** Who reads licences and their alerts: regulators, the enterprise itself, a partner holding LICENCES. */
export const READ_LICENCES = [Role.REGULATOR, Role.ENTERPRISE, mandate(Mandate.LICENCES)];

@Resolver(() => Licence)
export class LicenceResolver {
  @Authorized(...READ_LICENCES)
  @Query(() => Licence, { description: 'A licence by id: regulators and MARKET_SUPERVISION any, an enterprise its own' })
  licence(@Arg('id', () => ID) id: string, @Ctx() ctx: Context) {
    return new LicenceService(ctx.em, ctx.clock).licence(ctx.viewer, id);
  }

  @Authorized(...READ_LICENCES)
  @Query(() => LicenceConnection, { description: 'Licences; an enterprise token sees its own' })
  licences(@Args() args: LicencesArgs, @Ctx() ctx: Context) {
    return new LicenceService(ctx.em, ctx.clock).licences(ctx.viewer, args, args);
  }

  @Authorized(Role.REGULATOR, Role.ENTERPRISE)
  @Mutation(() => Licence, { description: 'APPLIED: an enterprise for itself, or a regulator recording a paper application' })
  applyForLicence(@Arg('input') input: ApplyForLicenceInput, @Ctx() ctx: Context) {
    return new LicenceLifecycleService(ctx.em, ctx.clock).applyForLicence(ctx.viewer, input);
  }

  @Authorized(Role.REGULATOR)
  @Mutation(() => Licence, { description: 'ISSUED: number and validity (3 years by default)' })
  issueLicence(@Arg('input') input: IssueLicenceInput, @Ctx() ctx: Context) {
    return new LicenceLifecycleService(ctx.em, ctx.clock).issueLicence(ctx.viewer, input);
  }

  @Authorized(Role.REGULATOR)
  @Mutation(() => Licence, { description: 'REFUSED: the application decided against; reason required' })
  refuseLicence(@Arg('input') input: LicenceActionInput, @Ctx() ctx: Context) {
    return new LicenceLifecycleService(ctx.em, ctx.clock).refuseLicence(ctx.viewer, input);
  }

  @Authorized(Role.REGULATOR)
  @Mutation(() => Licence, { description: 'CHANGED (变更): name, address or legal representative, in one call' })
  changeLicence(@Arg('input') input: ChangeLicenceInput, @Ctx() ctx: Context) {
    return new LicenceLifecycleService(ctx.em, ctx.clock).changeLicence(ctx.viewer, input);
  }

  @Authorized(Role.REGULATOR)
  @Mutation(() => Licence, { description: 'SCOPE_ADDED (新增品名): in scope from now on' })
  addLicenceScope(@Arg('input') input: AddLicenceScopeInput, @Ctx() ctx: Context) {
    return new LicenceLifecycleService(ctx.em, ctx.clock).addLicenceScope(ctx.viewer, input);
  }

  @Authorized(Role.REGULATOR)
  @Mutation(() => Licence, { description: 'REISSUED (补办): a replacement certificate, in one call' })
  reissueLicence(@Arg('input') input: LicenceActionInput, @Ctx() ctx: Context) {
    return new LicenceLifecycleService(ctx.em, ctx.clock).reissueLicence(ctx.viewer, input);
  }

  @Authorized(Role.REGULATOR)
  @Mutation(() => Licence, { description: 'SUSPENDED: reason required' })
  suspendLicence(@Arg('input') input: LicenceActionInput, @Ctx() ctx: Context) {
    return new LicenceLifecycleService(ctx.em, ctx.clock).suspendLicence(ctx.viewer, input);
  }

  @Authorized(Role.REGULATOR)
  @Mutation(() => Licence, { description: 'REINSTATED: a suspension lifted' })
  reinstateLicence(@Arg('input') input: LicenceActionInput, @Ctx() ctx: Context) {
    return new LicenceLifecycleService(ctx.em, ctx.clock).reinstateLicence(ctx.viewer, input);
  }

  @Authorized(Role.REGULATOR)
  @Mutation(() => Licence, { description: 'REVOKED: reason required; final' })
  revokeLicence(@Arg('input') input: LicenceActionInput, @Ctx() ctx: Context) {
    return new LicenceLifecycleService(ctx.em, ctx.clock).revokeLicence(ctx.viewer, input);
  }

  @Authorized(Role.REGULATOR)
  @Mutation(() => Licence, { description: 'CANCELLED (注销), in one call; final' })
  cancelLicence(@Arg('input') input: LicenceActionInput, @Ctx() ctx: Context) {
    return new LicenceLifecycleService(ctx.em, ctx.clock).cancelLicence(ctx.viewer, input);
  }

  @FieldResolver(() => Enterprise)
  holder(@Root() licence: Licence, @Ctx() ctx: Context) {
    return ctx.loaders.enterprise.load(licence.holder.id);
  }

  @FieldResolver(() => LicenceStatus, { description: 'Now: EXPIRED once validUntil has passed' })
  status(@Root() licence: Licence, @Ctx() ctx: Context) {
    return new LicenceService(ctx.em, ctx.clock).statusOf(licence);
  }

  @FieldResolver(() => Int, { description: 'The statutory limit for deciding an application of this type, in working days' })
  statutoryWorkingDays(@Root() licence: Licence) {
    return STATUTORY_WORKING_DAYS[licence.type];
  }

  @FieldResolver(() => LicenceScopeItemConnection, { description: 'The chemicals it permits (许可范围)' })
  scope(@Root() licence: Licence, @Args() args: ConnectionArgs, @Ctx() ctx: Context, @Info() info: GraphQLResolveInfo) {
    return ctx.loaders.pages(info, args, licence.id, (ids) => new LicenceService(ctx.em, ctx.clock).scopeOf(ids, args, connectionWants(info, ['chemical'])));
  }

  @FieldResolver(() => LicenceEventConnection, { description: 'Its lifecycle, oldest first' })
  events(@Root() licence: Licence, @Args() args: ConnectionArgs, @Ctx() ctx: Context, @Info() info: GraphQLResolveInfo) {
    return ctx.loaders.pages(info, args, licence.id, (ids) => new LicenceService(ctx.em, ctx.clock).eventsOf(ids, args, connectionWants(info)));
  }
}

@Resolver(() => LicenceScopeItem)
export class LicenceScopeItemResolver {
  @FieldResolver(() => Chemical)
  chemical(@Root() item: LicenceScopeItem, @Ctx() ctx: Context) {
    return joinedRow(item.chemical) ?? ctx.loaders.chemical.load(item.chemical.serial);
  }
}

/** Licences on the Enterprise type: the regulator's way from an enterprise (or a trace's holder) to them. */
@Resolver(() => Enterprise)
export class EnterpriseLicencesResolver {
  @Authorized(...READ_LICENCES)
  @FieldResolver(() => LicenceConnection)
  licences(@Root() enterprise: Enterprise, @Args() args: EnterpriseLicencesArgs, @Ctx() ctx: Context, @Info() info: GraphQLResolveInfo) {
    // A batch trace may reach any holder: row access per enterprise.
    assertCanReadEnterpriseRow(ctx.viewer, enterprise);
    return ctx.loaders.pages(info, args, enterprise.id, (ids) => new LicenceService(ctx.em, ctx.clock).licencesOf(ids, args, args, connectionWants(info)));
  }
}

// Plain reads of licences, which the compiled path may build in SQL (graphql/json-read.ts); a
// filter by type or status takes the resolver (status depends on the clock).
compiledConnection<EnterpriseLicencesArgs>('Enterprise', 'licences', { entity: Licence, parent: 'holder', where: (args) => (args.type || args.status ? null : {}) });
compiledConnection('Licence', 'scope', { entity: LicenceScopeItem, parent: 'licence', where: () => ({}) });
compiledConnection('Licence', 'events', { entity: LicenceEvent, parent: 'licence', where: () => ({}) });
compiledRelation('LicenceScopeItem', 'chemical', 'chemical');
compiledRelation('Licence', 'holder', 'holder');
