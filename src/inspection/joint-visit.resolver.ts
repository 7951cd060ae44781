import { GraphQLResolveInfo } from 'graphql';
import { Arg, Args, ArgsType, Authorized, Ctx, Field, ID, Info, InputType, Mutation, ObjectType, Query, Resolver } from 'type-graphql';
import { Role } from '../access/viewer';
import { ConnectionArgs, connectionType, connectionWants } from '../graphql/connection';
import type { Context } from '../graphql/context';
import { CreditCodeScalar } from '../graphql/scalars';
import { Enterprise } from '../registry/enterprise.entity';
import { DepartmentTask, DepartmentTaskStatus } from './department-task.entity';
import { Inspection } from './inspection.entity';
import { JointVisitService, MAX_TASKS_PER_VISIT } from './joint-visit.service';

const visits = (ctx: Context) => new JointVisitService(ctx.em, ctx.clock);

@InputType({ description: "A partner department's check of an enterprise planned for a month" })
class PlanDepartmentTaskInput {
  @Field(() => CreditCodeScalar)
  enterprise!: string;

  @Field({ description: 'YYYY-MM, this month or later (Asia/Shanghai)' })
  month!: string;

  @Field({ description: 'What the department will check' })
  matter!: string;
}

@ArgsType()
class DepartmentTasksArgs extends ConnectionArgs {
  @Field({ description: 'YYYY-MM' })
  month!: string;

  @Field(() => DepartmentTaskStatus, { nullable: true })
  status?: DepartmentTaskStatus | null;
}

@ArgsType()
class ProposalArgs extends ConnectionArgs {
  @Field({ description: 'YYYY-MM' })
  month!: string;
}

@ObjectType({ description: '进一门、查多事: the visits of several parties to one enterprise in one month, proposed as one' })
class JointVisitProposal {
  @Field(() => Enterprise)
  enterprise!: Enterprise;

  @Field()
  month!: string;

  @Field(() => Inspection, { nullable: true, description: "The bureau's planned JOINT inspection to join the tasks to; null: schedule a JOINT inspection naming the departments" })
  inspection!: Inspection | null;

  @Field(() => [DepartmentTask], { description: 'The pending tasks of the departments' })
  tasks!: DepartmentTask[];
}

const DepartmentTaskConnection = connectionType(DepartmentTask);
const JointVisitProposalConnection = connectionType(JointVisitProposal);

@Resolver()
export class JointVisitResolver {
  @Authorized(Role.PARTNER)
  @Mutation(() => DepartmentTask, { description: "A partner department plans its own check of an enterprise for a month" })
  planDepartmentTask(@Arg('input') input: PlanDepartmentTaskInput, @Ctx() ctx: Context) {
    return visits(ctx).planTask(ctx.viewer, input);
  }

  @Authorized(Role.PARTNER)
  @Mutation(() => DepartmentTask, { description: 'PENDING → WITHDRAWN, by the planning department' })
  withdrawDepartmentTask(@Arg('id', () => ID) id: string, @Ctx() ctx: Context) {
    return visits(ctx).withdrawTask(ctx.viewer, id);
  }

  @Authorized(Role.REGULATOR, Role.PARTNER)
  @Query(() => DepartmentTaskConnection, { description: "Departments' planned checks in a month: regulators see all, a partner its own department's" })
  departmentTasks(@Args() { month, status, ...page }: DepartmentTasksArgs, @Ctx() ctx: Context, @Info() info: GraphQLResolveInfo) {
    return visits(ctx).tasks(ctx.viewer, { month, status }, page, connectionWants(info));
  }

  @Authorized(Role.REGULATOR)
  @Query(() => JointVisitProposalConnection, { description: 'Enterprises two or more parties would visit in the month, by enterprise' })
  jointVisitProposals(@Args() { month, ...page }: ProposalArgs, @Ctx() ctx: Context) {
    return visits(ctx).proposals(ctx.viewer, month, page);
  }

  @Authorized(Role.REGULATOR)
  @Mutation(() => Inspection, { description: `Joins pending tasks (at most ${MAX_TASKS_PER_VISIT}) to a PLANNED JOINT inspection of the same enterprise in their month; their departments take part in it` })
  joinVisit(@Arg('inspectionId', () => ID) inspectionId: string, @Arg('taskIds', () => [ID]) taskIds: string[], @Ctx() ctx: Context) {
    return visits(ctx).joinVisit(ctx.viewer, inspectionId, taskIds);
  }
}

export const jointVisitResolvers = [JointVisitResolver] as const;
