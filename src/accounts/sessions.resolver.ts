import { Arg, Ctx, Field, Mutation, ObjectType, Resolver } from 'type-graphql';
import type { Context } from '../graphql/context';
import { SessionsService } from './sessions.service';
import { User } from './user.entity';

@ObjectType({ description: 'A signed-in session: the access token to send as `Authorization: Bearer`; the refresh token is in the hz_refresh cookie' })
class Session {
  @Field()
  accessToken!: string;

  @Field({ description: 'When the access token expires: call refresh before' })
  accessTokenExpiresAt!: Date;

  @Field(() => User)
  user!: User;
}

const sessions = (ctx: Context) => new SessionsService(ctx.em, ctx.clock, ctx.config.accounts);

@Resolver()
export class SessionsResolver {
  @Mutation(() => Session, { description: 'Signs in: an access token, and the refresh token set as the hz_refresh cookie' })
  login(@Arg('name') name: string, @Arg('password') password: string, @Ctx() ctx: Context) {
    return sessions(ctx).login(name, password, ctx.session);
  }

  @Mutation(() => Session, { description: "A new access token for the hz_refresh cookie's session; the cookie is replaced (a used one is never accepted again)" })
  refresh(@Ctx() ctx: Context) {
    return sessions(ctx).refresh(ctx.session);
  }

  @Mutation(() => Boolean, { description: "Ends the hz_refresh cookie's session and clears the cookie" })
  logout(@Ctx() ctx: Context) {
    return sessions(ctx).logout(ctx.session);
  }
}

