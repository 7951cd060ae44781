import { Args, ArgsType, Ctx, Field, ID, Query, Resolver } from 'type-graphql';
import { ConnectionArgs, connectionType } from '../graphql/connection';
import type { Context } from '../graphql/context';
import { AccountEvent } from './account-event.entity';
import { AccountLogService } from './account-log.service';
import { SignInOutcome } from './accounts.enums';
import { SignIn } from './sign-in.entity';

const SignInConnection = connectionType(SignIn);
const AccountEventConnection = connectionType(AccountEvent);

@ArgsType()
class AccountEventsArgs extends ConnectionArgs {
  @Field(() => ID, { nullable: true })
  userId?: string | null;

  @Field(() => Date, { nullable: true, description: 'From this instant, inclusive' })
  from?: Date | null;

  @Field(() => Date, { nullable: true, description: 'Before this instant' })
  to?: Date | null;
}

@ArgsType()
class SignInsArgs extends AccountEventsArgs {
  @Field(() => String, { nullable: true })
  loginName?: string | null;

  @Field(() => String, { nullable: true })
  address?: string | null;

  @Field(() => SignInOutcome, { nullable: true })
  outcome?: SignInOutcome | null;
}

@Resolver()
export class AccountLogResolver {
  @Query(() => SignInConnection, { description: 'Login attempts, oldest first (ADMIN)' })
  signIns(@Args() args: SignInsArgs, @Ctx() ctx: Context) {
    return new AccountLogService(ctx.em).signIns(ctx.viewer, args, args);
  }

  @Query(() => AccountEventConnection, { description: 'Who did what to which account, oldest first (ADMIN)' })
  accountEvents(@Args() args: AccountEventsArgs, @Ctx() ctx: Context) {
    return new AccountLogService(ctx.em).accountEvents(ctx.viewer, args, args);
  }
}
