import { GraphQLResolveInfo } from 'graphql';
import { Arg, Args, ArgsType, Authorized, Ctx, Field, FieldResolver, ID, Info, InputType, Int, Mutation, Query, Resolver, Root } from 'type-graphql';
import { Role } from '../access/viewer';
import { ConnectionArgs, connectionType, connectionWants } from '../graphql/connection';
import type { Context } from '../graphql/context';
import { Enterprise } from '../registry/enterprise.entity';
import { Inspection } from './inspection.entity';
import { PenaltyDecision } from './penalty-decision.entity';
import { TypicalCase, TypicalCaseStatus } from './typical-case.entity';
import { TypicalCaseService } from './typical-case.service';

const cases = (ctx: Context) => new TypicalCaseService(ctx.em, ctx.clock);
const TypicalCaseConnection = connectionType(TypicalCase);

@InputType()
class RecordTypicalCaseInput {
  @Field(() => ID, { description: 'A CLOSED inspection' })
  inspectionId!: string;

  @Field()
  title!: string;

  @Field()
  summary!: string;

  @Field()
  significance!: string;
}

@InputType({ description: 'What changes of the write-up; at least one' })
class ReviseTypicalCaseInput {
  @Field(() => String, { nullable: true })
  title?: string | null;

  @Field(() => String, { nullable: true })
  summary?: string | null;

  @Field(() => String, { nullable: true })
  significance?: string | null;
}

@ArgsType()
class TypicalCasesArgs extends ConnectionArgs {
  @Field(() => TypicalCaseStatus, { nullable: true, description: "ACCEPTED: the city's collection" })
  status?: TypicalCaseStatus | null;

  @Field(() => Int, { nullable: true, description: "The inspection's year" })
  year?: number | null;
}

@Resolver(() => TypicalCase)
export class TypicalCaseResolver {
  @Authorized(Role.REGULATOR)
  @Query(() => TypicalCaseConnection, { description: "Typical cases, oldest first; status ACCEPTED is the city's collection (exported by POST /export). A TOWN regulator reads the collection and its own town's others" })
  typicalCases(@Args() { status, year, ...page }: TypicalCasesArgs, @Ctx() ctx: Context, @Info() info: GraphQLResolveInfo) {
    return cases(ctx).cases(ctx.viewer, { status, year }, page, connectionWants(info));
  }

  @Authorized(Role.REGULATOR)
  @Mutation(() => TypicalCase, { description: 'Writes up a closed inspection as a typical case (典型案例), RECORDED' })
  recordTypicalCase(@Arg('input') input: RecordTypicalCaseInput, @Ctx() ctx: Context) {
    return cases(ctx).record(ctx.viewer, input);
  }

  @Authorized(Role.REGULATOR)
  @Mutation(() => TypicalCase, { description: 'Revises the write-up while RECORDED or RETURNED' })
  reviseTypicalCase(@Arg('id', () => ID) id: string, @Arg('input') input: ReviseTypicalCaseInput, @Ctx() ctx: Context) {
    return cases(ctx).revise(ctx.viewer, id, input);
  }

  @Authorized(Role.REGULATOR)
  @Mutation(() => TypicalCase, { description: 'RECORDED or RETURNED → REPORTED: reports it to the city (报送)' })
  reportTypicalCase(@Arg('id', () => ID) id: string, @Ctx() ctx: Context) {
    return cases(ctx).report(ctx.viewer, id);
  }

  @Authorized(Role.REGULATOR)
  @Mutation(() => TypicalCase, { description: "REPORTED → ACCEPTED into the city's collection (收录), by a CITY regulator other than the reporter" })
  acceptTypicalCase(@Arg('id', () => ID) id: string, @Ctx() ctx: Context) {
    return cases(ctx).accept(ctx.viewer, id);
  }

  @Authorized(Role.REGULATOR)
  @Mutation(() => TypicalCase, { description: 'REPORTED → RETURNED with the reason (退回), by a CITY regulator other than the reporter; revised, it is reported again' })
  returnTypicalCase(@Arg('id', () => ID) id: string, @Arg('reason') reason: string, @Ctx() ctx: Context) {
    return cases(ctx).sendBack(ctx.viewer, id, reason);
  }

  @FieldResolver(() => Inspection, { description: 'The closed inspection it is written up from' })
  async inspection(@Root() typical: TypicalCase, @Ctx() ctx: Context) {
    return ctx.loaders.inspection.load(typical.inspection.id);
  }

  @FieldResolver(() => Enterprise)
  async enterprise(@Root() typical: TypicalCase, @Ctx() ctx: Context) {
    const inspection = await ctx.loaders.inspection.load(typical.inspection.id);
    return ctx.loaders.enterprise.load(inspection!.enterprise.id);
  }

  @FieldResolver(() => PenaltyDecision, { nullable: true, description: "The inspection's decision: the penalty, or why none" })
  async penalty(@Root() typical: TypicalCase, @Ctx() ctx: Context) {
    return (await ctx.loaders.penaltyOfInspection.load(typical.inspection.id))[0] ?? null;
  }
}

export const typicalCaseResolvers = [TypicalCaseResolver] as const;
