import { GraphQLResolveInfo } from 'graphql';
import { Arg, Args, ArgsType, Ctx, Field, Info, Mutation, Query, Resolver } from 'type-graphql';
import { ConnectionArgs, connectionType, connectionWants } from '../graphql/connection';
import type { Context } from '../graphql/context';
import { DepartmentEvent } from './department-event.entity';
import { DepartmentScalar } from './department-scalar';
import { CreateDepartmentInput } from './departments.inputs';
import { DepartmentsService } from './departments.service';
import { Mandate } from './mandates';
import { PartnerDepartment } from './partner-department.entity';

const service = (ctx: Context) => new DepartmentsService(ctx.em, ctx.clock);
const PartnerDepartmentConnection = connectionType(PartnerDepartment);
const DepartmentEventConnection = connectionType(DepartmentEvent);

@ArgsType()
class DepartmentsArgs extends ConnectionArgs {
  @Field({ defaultValue: false, description: 'Deactivated departments too' })
  includeInactive!: boolean;
}

@ArgsType()
class DepartmentEventsArgs extends ConnectionArgs {
  @Field(() => DepartmentScalar, { nullable: true, description: "One department's changes; omitted: every department's" })
  department?: string | null;
}

/** Partner departments as configuration; the service checks who administers them. */
@Resolver(() => PartnerDepartment)
export class DepartmentsResolver {
  @Query(() => PartnerDepartmentConnection, { description: 'Partner departments and their mandates, by code (any signed-in caller): active ones, or every one' })
  departments(@Args() { includeInactive, ...page }: DepartmentsArgs, @Ctx() ctx: Context, @Info() info: GraphQLResolveInfo) {
    return service(ctx).departments(ctx.viewer, includeInactive, page, connectionWants(info));
  }

  @Query(() => DepartmentEventConnection, { description: 'Changes to partner departments, oldest first (ADMIN, CITY or DISTRICT regulators): of one department, or all' })
  departmentEvents(@Args() { department, ...page }: DepartmentEventsArgs, @Ctx() ctx: Context, @Info() info: GraphQLResolveInfo) {
    return service(ctx).departmentEvents(ctx.viewer, department, page, connectionWants(info));
  }

  @Mutation(() => PartnerDepartment, { description: 'Adds a partner department with its mandate (ADMIN, CITY or DISTRICT regulators)' })
  createDepartment(@Arg('input') input: CreateDepartmentInput, @Ctx() ctx: Context) {
    return service(ctx).createDepartment(ctx.viewer, input);
  }

  @Mutation(() => PartnerDepartment, { description: "Replaces an active department's mandate; its callers read by the new one from their next request" })
  updateDepartmentMandate(@Arg('code', () => DepartmentScalar) code: string, @Arg('mandates', () => [Mandate]) mandates: Mandate[], @Ctx() ctx: Context) {
    return service(ctx).updateDepartmentMandate(ctx.viewer, code, mandates);
  }

  @Mutation(() => PartnerDepartment, { description: "Deactivates a department: its tokens, keys and webhooks are refused from the next request; its records stay" })
  deactivateDepartment(@Arg('code', () => DepartmentScalar) code: string, @Ctx() ctx: Context) {
    return service(ctx).deactivateDepartment(ctx.viewer, code);
  }

  @Mutation(() => PartnerDepartment, { description: 'Reactivates a deactivated department with the mandate it held: its tokens and keys pass from the next request; its webhooks stay disabled until enabled' })
  reactivateDepartment(@Arg('code', () => DepartmentScalar) code: string, @Ctx() ctx: Context) {
    return service(ctx).reactivateDepartment(ctx.viewer, code);
  }
}
