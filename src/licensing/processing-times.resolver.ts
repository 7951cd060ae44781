import { GraphQLLocalDate } from 'graphql-scalars';
import { Arg, Authorized, Ctx, Field, Float, Int, Mutation, ObjectType, Query, Resolver } from 'type-graphql';
import { Role } from '../access/viewer';
import type { Context } from '../graphql/context';
import { CalendarDay } from './calendar-day.entity';
import { LicenceType } from './licensing.enums';
import { CalendarDayInput } from './licensing.inputs';
import { ProcessingTimesService } from './processing-times.service';
import { COMMITTED_REDUCTION } from './statutory-limits';

@ObjectType({ description: 'Applications of one licence type decided in one month' })
class ProcessingTimeRow {
  @Field(() => LicenceType)
  type!: LicenceType;

  @Field({ description: 'Month of the decision, YYYY-MM (Shanghai)' })
  month!: string;

  @Field(() => Int, { description: 'Applications issued or refused' })
  decided!: number;

  @Field(() => Float, { description: 'Average working days from application to decision' })
  averageWorkingDays!: number;

  @Field(() => Int)
  maxWorkingDays!: number;

  @Field(() => Int)
  statutoryWorkingDays!: number;

  @Field(() => Float, { description: '1 − average / statutory, e.g. 0.65 for 65 % faster' })
  averageReduction!: number;

  @Field({ description: `averageReduction is at least the committed ${COMMITTED_REDUCTION * 100} %` })
  meetsCommitment!: boolean;
}

@ObjectType({ description: 'Processing times against the statutory limits; one row per licence type and month (at most 24 months)' })
class ProcessingTimeReport {
  @Field(() => GraphQLLocalDate)
  from!: string;

  @Field(() => GraphQLLocalDate)
  to!: string;

  @Field(() => Float, { description: 'The committed reduction against the statutory limit (0.6)' })
  committedReduction!: number;

  @Field(() => [ProcessingTimeRow])
  rows!: ProcessingTimeRow[];
}

@Resolver()
export class ProcessingTimesResolver {
  @Authorized(Role.REGULATOR)
  @Query(() => ProcessingTimeReport, { description: 'Applied → decided, in working days, against the statutory limits' })
  async licensingProcessingTimes(
    @Arg('from', () => GraphQLLocalDate) from: string,
    @Arg('to', () => GraphQLLocalDate) to: string,
    @Arg('type', () => LicenceType, { nullable: true }) type: LicenceType | null,
    @Ctx() ctx: Context,
  ): Promise<ProcessingTimeReport> {
    const rows = await new ProcessingTimesService(ctx.em).processingTimes(ctx.viewer, from, to, type);
    return { from, to, committedReduction: COMMITTED_REDUCTION, rows };
  }

  @Authorized(Role.REGULATOR)
  @Mutation(() => CalendarDay, { description: 'A public holiday or make-up working day, for processing times' })
  setCalendarDay(@Arg('input') input: CalendarDayInput, @Ctx() ctx: Context) {
    return new ProcessingTimesService(ctx.em).setCalendarDay(ctx.viewer, input);
  }
}
