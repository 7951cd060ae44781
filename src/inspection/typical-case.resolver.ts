import { Arg, Authorized, Ctx, Field, ID, InputType, Int, Mutation, Query, Resolver } from 'type-graphql';
import { Role } from '../access/viewer';
import type { Context } from '../graphql/context';
import { TypicalCase } from './typical-case.entity';
import { TypicalCaseService } from './typical-case.service';

const cases = (ctx: Context) => new TypicalCaseService(ctx.em, ctx.clock);

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

@Resolver(() => TypicalCase)
export class TypicalCaseResolver {
  @Authorized(Role.REGULATOR)
  @Mutation(() => TypicalCase, { description: 'Writes up a closed inspection as a typical case (典型案例)' })
  recordTypicalCase(@Arg('input') input: RecordTypicalCaseInput, @Ctx() ctx: Context) {
    return cases(ctx).record(ctx.viewer, input);
  }

  @Authorized(Role.REGULATOR)
  @Mutation(() => TypicalCase, { description: 'Marks it reported to the city, once' })
  reportTypicalCase(@Arg('id', () => ID) id: string, @Ctx() ctx: Context) {
    return cases(ctx).report(ctx.viewer, id);
  }

  @Authorized(Role.REGULATOR)
  @Query(() => String, { description: "The year's typical cases as CSV (RFC 4180, UTF-8), for the city's collection" })
  typicalCasesCsv(@Arg('year', () => Int) year: number, @Ctx() ctx: Context) {
    return cases(ctx).exportCsv(ctx.viewer, year);
  }
}

export const typicalCaseResolvers = [TypicalCaseResolver] as const;
