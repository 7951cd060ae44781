import { Arg, Args, Ctx, FieldResolver, ID, Mutation, Query, Resolver, Root } from 'type-graphql';
import { areaName } from '../access/jurisdiction';
import { Mandate } from '../access/mandates';
import { PartnerDepartment } from '../access/partner-department.entity';
import { connectionType } from '../graphql/connection';
import type { Context } from '../graphql/context';
import { CreateUserInput, UpdateUserInput, UsersArgs } from './accounts.inputs';
import { User } from './user.entity';
import { UsersService } from './users.service';

const UserConnection = connectionType(User);
const users = (ctx: Context) => new UsersService(ctx.em, ctx.clock);

/** Accounts: the service checks who may manage them (ADMIN), so anonymous and others get their code there. */
@Resolver(() => User)
export class UsersResolver {
  @Query(() => UserConnection, { description: 'Accounts, oldest first: ADMIN every one; a CITY or DISTRICT regulator those it manages (regulators of its level and below, users of enterprises enforced there)' })
  users(@Args() args: UsersArgs, @Ctx() ctx: Context) {
    return users(ctx).users(ctx.viewer, args, args);
  }

  @Query(() => User, { nullable: true, description: 'One account: ADMIN, or a CITY or DISTRICT regulator managing it' })
  user(@Arg('id', () => ID) id: string, @Ctx() ctx: Context) {
    return users(ctx).user(ctx.viewer, id);
  }

  @FieldResolver(() => [Mandate], { description: "A PARTNER's mandates (what its department may read now, docs/access.md); empty for other roles" })
  async mandates(@Root() user: User, @Ctx() ctx: Context): Promise<readonly Mandate[]> {
    // By primary key, so a page of users of the same department reads its row once (the identity map).
    return user.department ? ((await ctx.em.findOne(PartnerDepartment, { code: user.department }))?.mandates ?? []) : [];
  }

  @FieldResolver(() => String, {
    nullable: true,
    description: "A REGULATOR's area as shown: a TOWN regulator's town, a DISTRICT regulator's district (this deployment's, DEPLOYMENT_DISTRICT); null for CITY (every enterprise) and other roles",
  })
  area(@Root() user: User, @Ctx() ctx: Context): string | null {
    return areaName(user, ctx.config.district);
  }

  @Query(() => User, { nullable: true, description: 'The signed-in user; null for a token no account stands behind' })
  me(@Ctx() ctx: Context) {
    return users(ctx).me(ctx.viewer);
  }

  @Mutation(() => User)
  createUser(@Arg('input') input: CreateUserInput, @Ctx() ctx: Context) {
    return users(ctx).createUser(ctx.viewer, input);
  }

  @Mutation(() => User)
  updateUser(@Arg('input') input: UpdateUserInput, @Ctx() ctx: Context) {
    return users(ctx).updateUser(ctx.viewer, input);
  }

  @Mutation(() => User, { description: 'The user can no longer sign in; every session ends at once' })
  disableUser(@Arg('userId', () => ID) userId: string, @Ctx() ctx: Context) {
    return users(ctx).disableUser(ctx.viewer, userId);
  }

  @Mutation(() => User)
  enableUser(@Arg('userId', () => ID) userId: string, @Ctx() ctx: Context) {
    return users(ctx).enableUser(ctx.viewer, userId);
  }

  @Mutation(() => User, { description: "Ends every session of the user at once (access and refresh tokens)" })
  revokeSessions(@Arg('userId', () => ID) userId: string, @Ctx() ctx: Context) {
    return users(ctx).revokeSessions(ctx.viewer, userId);
  }
}
