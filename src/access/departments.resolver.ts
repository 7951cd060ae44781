import { Arg, Ctx, Mutation, Query, Resolver } from 'type-graphql';
import type { Context } from '../graphql/context';
import { DepartmentEvent } from './department-event.entity';
import { DepartmentScalar } from './department-scalar';
import { CreateDepartmentInput } from './departments.inputs';
import { DepartmentsService } from './departments.service';
import { Mandate } from './mandates';
import { PartnerDepartment } from './partner-department.entity';

const service = (ctx: Context) => new DepartmentsService(ctx.em, ctx.clock);

/** Partner departments as configuration; the service checks who administers them. */
@Resolver(() => PartnerDepartment)
export class DepartmentsResolver {
  @Query(() => [PartnerDepartment], { description: 'Partner departments and their mandates, by code (any signed-in caller): active ones, or every one' })
  departments(@Arg('includeInactive', { defaultValue: false }) includeInactive: boolean, @Ctx() ctx: Context) {
    return service(ctx).departments(ctx.viewer, includeInactive);
  }

  @Query(() => [DepartmentEvent], { description: 'Changes to partner departments, oldest first (ADMIN, CITY or DISTRICT regulators): of one department, or all' })
  departmentEvents(@Arg('department', () => DepartmentScalar, { nullable: true }) department: string | null, @Ctx() ctx: Context) {
    return service(ctx).departmentEvents(ctx.viewer, department);
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
