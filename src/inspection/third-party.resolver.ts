import { GraphQLResolveInfo } from 'graphql';
import { LocalDateResolver } from 'graphql-scalars';
import { Arg, Args, ArgsType, Authorized, Ctx, Field, ID, Info, InputType, Mutation, Query, Resolver } from 'type-graphql';
import { Role } from '../access/viewer';
import { ConnectionArgs, connectionType, connectionWants } from '../graphql/connection';
import type { Context } from '../graphql/context';
import { CreditCodeScalar } from '../graphql/scalars';
import { HazardSeverity } from './inspection.enums';
import { ThirdPartyAdvice, ThirdPartyAdviceKind, ThirdPartyOrganisation, ThirdPartyStatus } from './third-party.entity';
import { ThirdPartyService } from './third-party.service';

const thirdParties = (ctx: Context) => new ThirdPartyService(ctx.em, ctx.clock);
const ThirdPartyOrganisationConnection = connectionType(ThirdPartyOrganisation);
const ThirdPartyAdviceConnection = connectionType(ThirdPartyAdvice);

@ArgsType()
class ThirdPartyOrganisationsArgs extends ConnectionArgs {
  @Field(() => ThirdPartyStatus, { nullable: true, description: 'Only those ADMITTED, or only those REMOVED' })
  status?: ThirdPartyStatus | null;
}

@ArgsType()
class ThirdPartyAdviceArgs extends ConnectionArgs {
  @Field(() => ID)
  inspectionId!: string;
}

@InputType()
class AdmitThirdPartyInput {
  @Field()
  name!: string;

  @Field(() => CreditCodeScalar)
  creditCode!: string;

  @Field({ description: 'What it is admitted for' })
  scope!: string;
}

@InputType({ description: "A third party's advice on an inspection in progress" })
class RecordThirdPartyAdviceInput {
  @Field(() => ID)
  inspectionId!: string;

  @Field(() => ID)
  organisationId!: string;

  @Field(() => ThirdPartyAdviceKind)
  kind!: ThirdPartyAdviceKind;

  @Field()
  description!: string;

  @Field({ description: 'The rule or standard it rests on' })
  basis!: string;

  @Field(() => HazardSeverity)
  severity!: HazardSeverity;

  @Field(() => LocalDateResolver, { nullable: true, description: 'MANDATORY only: the rectification deadline proposed' })
  proposedDeadline?: string | null;
}

@Resolver()
export class ThirdPartyResolver {
  @Query(() => ThirdPartyOrganisationConnection, { description: 'Public: the third-party service organisations, admitted and removed, oldest admission first' })
  thirdPartyOrganisations(@Args() { status, ...page }: ThirdPartyOrganisationsArgs, @Ctx() ctx: Context, @Info() info: GraphQLResolveInfo) {
    return thirdParties(ctx).organisations({ status }, page, connectionWants(info));
  }

  @Authorized(Role.REGULATOR)
  @Query(() => ThirdPartyAdviceConnection, { description: "Third parties' advice on an inspection, oldest first" })
  thirdPartyAdvice(@Args() { inspectionId, ...page }: ThirdPartyAdviceArgs, @Ctx() ctx: Context, @Info() info: GraphQLResolveInfo) {
    return thirdParties(ctx).adviceOf(ctx.viewer, inspectionId, page, connectionWants(info));
  }

  @Authorized(Role.REGULATOR)
  @Mutation(() => ThirdPartyOrganisation, { description: 'Admits a third-party service organisation (准入)' })
  admitThirdParty(@Arg('input') input: AdmitThirdPartyInput, @Ctx() ctx: Context) {
    return thirdParties(ctx).admit(ctx.viewer, input);
  }

  @Authorized(Role.REGULATOR)
  @Mutation(() => ThirdPartyOrganisation, { description: 'Removes it (清退), with the reason: it records no more advice' })
  removeThirdParty(@Arg('id', () => ID) id: string, @Arg('reason') reason: string, @Ctx() ctx: Context) {
    return thirdParties(ctx).remove(ctx.viewer, id, reason);
  }

  @Authorized(Role.REGULATOR)
  @Mutation(() => ThirdPartyAdvice, { description: "Records a third party's advice on an inspection in progress: never alone" })
  recordThirdPartyAdvice(@Arg('input') input: RecordThirdPartyAdviceInput, @Ctx() ctx: Context) {
    return thirdParties(ctx).recordAdvice(ctx.viewer, input);
  }

  @Authorized(Role.REGULATOR)
  @Mutation(() => ThirdPartyAdvice, { description: 'Confirms MANDATORY advice (it becomes a binding finding) or dismisses it with the reason' })
  confirmThirdPartyAdvice(@Arg('adviceId', () => ID) adviceId: string, @Arg('confirmed') confirmed: boolean, @Arg('reason', () => String, { nullable: true }) reason: string | null, @Ctx() ctx: Context) {
    return thirdParties(ctx).confirm(ctx.viewer, adviceId, confirmed, reason ?? null);
  }
}

export const thirdPartyResolvers = [ThirdPartyResolver] as const;
