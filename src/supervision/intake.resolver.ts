import { Arg, Authorized, Ctx, Field, InputType, Mutation, Resolver } from 'type-graphql';
import { Role } from '../access/viewer';
import type { Context } from '../graphql/context';
import { CreditCodeScalar } from '../graphql/scalars';
import { IntakeSignal, IntakeSource } from './intake-signal.entity';
import { IntakeService } from './intake.service';

@InputType({ description: 'A patrol finding (巡查发现) that should trigger supervision' })
class RecordPatrolFindingInput {
  @Field(() => CreditCodeScalar)
  enterprise!: string;

  @Field()
  detail!: string;

  @Field()
  occurredAt!: Date;
}

@InputType({ description: 'A referral (移送) from another department or level' })
class RecordReferralInput extends RecordPatrolFindingInput {
  @Field({ description: 'e.g. "区应急管理局", "市场监管局高桥所"' })
  referredBy!: string;
}

const intake = (ctx: Context) => new IntakeService(ctx.em, ctx.clock);

@Resolver(() => IntakeSignal)
export class IntakeResolver {
  @Authorized(Role.REGULATOR)
  @Mutation(() => IntakeSignal, { description: 'A patrol finding: the triggered-supervision job proposes an inspection from it (yearly cap applies)' })
  recordPatrolFinding(@Arg('input') input: RecordPatrolFindingInput, @Ctx() ctx: Context) {
    return intake(ctx).recordSignal(ctx.viewer, IntakeSource.PATROL_FINDING, input);
  }

  @Authorized(Role.REGULATOR)
  @Mutation(() => IntakeSignal, { description: 'A referral from another department or level: the triggered-supervision job proposes an inspection from it' })
  recordReferral(@Arg('input') input: RecordReferralInput, @Ctx() ctx: Context) {
    return intake(ctx).recordSignal(ctx.viewer, IntakeSource.REFERRAL, input);
  }
}

export const intakeResolvers = [IntakeResolver] as const;
