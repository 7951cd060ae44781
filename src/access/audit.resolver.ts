import { DepartmentsResolver } from './departments.resolver';
import { Args, ArgsType, Authorized, Ctx, Field, Query, Resolver } from 'type-graphql';
import { ConnectionArgs, connectionType } from '../graphql/connection';
import type { Context } from '../graphql/context';
import { AuditRecord } from './audit-record.entity';
import { AuditService } from './audit.service';
import { RegulatorRead } from './regulator-read.entity';
import { Role } from './viewer';
import { DepartmentScalar } from './department-scalar';

export const AuditRecordConnection = connectionType(AuditRecord);
export const RegulatorReadConnection = connectionType(RegulatorRead);

@ArgsType()
class ReadLogArgs extends ConnectionArgs {
  @Field(() => String, { nullable: true, description: 'The token subject' })
  subject?: string | null;

  @Field(() => Date, { nullable: true, description: 'From this instant, inclusive' })
  from?: Date | null;

  @Field(() => Date, { nullable: true, description: 'Before this instant' })
  to?: Date | null;

  @Field(() => Boolean, { defaultValue: false, description: 'Newest first, each next page older (the console reads its trail so); else oldest first' })
  newestFirst!: boolean;
}

@ArgsType()
class AuditLogArgs extends ReadLogArgs {
  @Field(() => DepartmentScalar, { nullable: true })
  department?: string | null;
}

@Resolver(() => AuditRecord)
export class AuditResolver {
  @Authorized(Role.REGULATOR, Role.PARTNER)
  @Query(() => AuditRecordConnection, { description: "The partner audit trail, oldest first (or newestFirst): regulators all of it, a partner department its own" })
  auditLog(@Args() args: AuditLogArgs, @Ctx() ctx: Context) {
    return new AuditService(ctx.em).auditLog(ctx.viewer, args, args);
  }

  @Authorized(Role.ADMIN)
  @Query(() => RegulatorReadConnection, { description: "Regulators' reads of enterprise data, oldest first (or newestFirst; ADMIN)" })
  regulatorReadLog(@Args() args: ReadLogArgs, @Ctx() ctx: Context) {
    return new AuditService(ctx.em).regulatorReads(ctx.viewer, args, args);
  }
}

export const accessResolvers = [AuditResolver, DepartmentsResolver] as const;
