import { GraphQLResolveInfo } from 'graphql';
import { LocalDateResolver } from 'graphql-scalars';
import { Arg, Args, ArgsType, Authorized, Ctx, Field, ID, Info, InputType, Mutation, Query, Resolver } from 'type-graphql';
import { Role } from '../access/viewer';
import { ConnectionArgs, connectionType, connectionWants } from '../graphql/connection';
import type { Context } from '../graphql/context';
import { CreditCodeScalar } from '../graphql/scalars';
import { EnforcementLevel } from '../registry/registry.enums';
import { AssistanceRequest, AssistanceStatus } from './assistance-request.entity';
import { AssistanceService } from './assistance.service';

const assistance = (ctx: Context) => new AssistanceService(ctx.em, ctx.clock);
const AssistanceRequestConnection = connectionType(AssistanceRequest);

@InputType({ description: '协查单: one level asks another to check a matter at an enterprise' })
class RequestAssistanceInput {
  @Field(() => EnforcementLevel)
  fromLevel!: EnforcementLevel;

  @Field(() => EnforcementLevel)
  toLevel!: EnforcementLevel;

  @Field(() => CreditCodeScalar)
  enterprise!: string;

  @Field()
  matter!: string;

  @Field(() => LocalDateResolver, { description: 'After today; overdue open requests are reminded daily' })
  dueDate!: string;
}

@ArgsType()
class AssistanceArgs extends ConnectionArgs {
  @Field(() => EnforcementLevel, { nullable: true })
  toLevel?: EnforcementLevel | null;

  @Field(() => AssistanceStatus, { nullable: true })
  status?: AssistanceStatus | null;
}

@Resolver(() => AssistanceRequest)
export class AssistanceResolver {
  @Authorized(Role.REGULATOR)
  @Query(() => AssistanceRequestConnection, { description: 'Assistance requests, oldest first, by level asked and status' })
  assistanceRequests(@Args() { toLevel, status, ...page }: AssistanceArgs, @Ctx() ctx: Context, @Info() info: GraphQLResolveInfo) {
    return assistance(ctx).requests(ctx.viewer, { toLevel, status }, page, connectionWants(info));
  }

  @Authorized(Role.REGULATOR)
  @Mutation(() => AssistanceRequest)
  requestAssistance(@Arg('input') input: RequestAssistanceInput, @Ctx() ctx: Context) {
    return assistance(ctx).request(ctx.viewer, input);
  }

  @Authorized(Role.REGULATOR)
  @Mutation(() => AssistanceRequest, { description: 'OPEN → ANSWERED, once' })
  answerAssistanceRequest(@Arg('id', () => ID) id: string, @Arg('answer') answer: string, @Ctx() ctx: Context) {
    return assistance(ctx).answer(ctx.viewer, id, answer);
  }
}

export const assistanceResolvers = [AssistanceResolver] as const;
