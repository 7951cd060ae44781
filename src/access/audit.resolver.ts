import { Args, ArgsType, Authorized, Ctx, Field, Query, Resolver } from 'type-graphql';
import { ConnectionArgs, connectionType } from '../graphql/connection';
import type { Context } from '../graphql/context';
import { AuditRecord } from './audit-record.entity';
import { AuditService } from './audit.service';
import { Department, Role } from './viewer';

export const AuditRecordConnection = connectionType(AuditRecord);

@ArgsType()
class AuditLogArgs extends ConnectionArgs {
  @Field(() => Department, { nullable: true })
  department?: Department | null;

  @Field(() => String, { nullable: true, description: 'The token subject' })
  subject?: string | null;

  @Field(() => Date, { nullable: true, description: 'From this instant, inclusive' })
  from?: Date | null;

  @Field(() => Date, { nullable: true, description: 'Before this instant' })
  to?: Date | null;
}

@Resolver(() => AuditRecord)
export class AuditResolver {
  @Authorized(Role.REGULATOR)
  @Query(() => AuditRecordConnection, { description: 'The partner audit trail, oldest first' })
  auditLog(@Args() args: AuditLogArgs, @Ctx() ctx: Context) {
    return new AuditService(ctx.em).auditLog(ctx.viewer, args, args);
  }
}

export const accessResolvers = [AuditResolver] as const;
