import { Arg, Args, ArgsType, Authorized, Ctx, Field, FieldResolver, ID, Mutation, ObjectType, Query, Resolver, Root } from 'type-graphql';
import { Role } from '../access/viewer';
import { ConnectionArgs, connectionType } from '../graphql/connection';
import type { Context } from '../graphql/context';
import { AnnounceRandomDrawInput } from './inspection.inputs';
import { DrawExclusion, DrawnEnterprise, RandomDraw } from './random-draw.entity';
import { RandomDrawService } from './random-draw.service';

export const RandomDrawConnection = connectionType(RandomDraw);

const draws = (ctx: Context) => new RandomDrawService(ctx.em, ctx.clock);

@ObjectType({ description: 'What a draw drew: public once its inspections are published as targets; regulators see it at once' })
class RandomDrawResult {
  @Field({ description: 'Every drawn inspection still standing has been published' })
  public!: boolean;

  @Field(() => [String], { description: 'Credit codes of the pool as frozen at the draw, ascending' })
  pool!: string[];

  @Field(() => [DrawExclusion])
  excluded!: DrawExclusion[];

  @Field(() => [String], { description: 'The roster the officers were drawn from' })
  roster!: string[];

  @Field(() => [DrawnEnterprise], { description: 'In draw order (lowest ticket first)' })
  drawn!: DrawnEnterprise[];
}

@ArgsType()
class DrawsArgs extends ConnectionArgs {
  @Field(() => ID)
  planId!: string;
}

@Resolver(() => RandomDraw)
export class RandomDrawResolver {
  @Query(() => RandomDraw, { description: 'Public: a draw and its seed from the announcement; its result once published' })
  randomDraw(@Arg('id', () => ID) id: string, @Ctx() ctx: Context) {
    return draws(ctx).draw(id);
  }

  @Query(() => RandomDrawConnection, { description: 'Public: the draws of a plan' })
  randomDraws(@Args() args: DrawsArgs, @Ctx() ctx: Context) {
    return draws(ctx).draws(args.planId, args);
  }

  @Authorized(Role.REGULATOR)
  @Mutation(() => RandomDraw, { description: '双随机: announces a draw on a DRAFT plan; its seed is public from now' })
  announceRandomDraw(@Arg('input') input: AnnounceRandomDrawInput, @Ctx() ctx: Context) {
    return draws(ctx).announce(ctx.viewer, input);
  }

  @Authorized(Role.REGULATOR)
  @Mutation(() => RandomDraw, { description: 'ANNOUNCED → DRAWN: freezes the pool, draws enterprises and officers with the seed, schedules GENERAL_RANDOM inspections' })
  performRandomDraw(@Arg('id', () => ID) id: string, @Ctx() ctx: Context) {
    return draws(ctx).perform(ctx.viewer, id);
  }

  @FieldResolver(() => ID, { description: 'The plan (public once approved)' })
  planId(@Root() draw: RandomDraw): string {
    return draw.plan.id;
  }

  @FieldResolver(() => RandomDrawResult, { nullable: true, description: 'Null until drawn, and for the public until published' })
  async result(@Root() draw: RandomDraw, @Ctx() ctx: Context) {
    const r = await draws(ctx).result(ctx.viewer, draw);
    return r.pool === null ? null : r;
  }
}

export const randomDrawResolvers = [RandomDrawResolver] as const;
