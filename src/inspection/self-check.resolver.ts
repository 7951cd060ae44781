import { Arg, Authorized, Ctx, Field, FieldResolver, ID, InputType, Mutation, Resolver, Root } from 'type-graphql';
import { LocalDateResolver } from 'graphql-scalars';
import { Role } from '../access/viewer';
import type { Context } from '../graphql/context';
import { CreditCodeScalar, DecimalScalar } from '../graphql/scalars';
import { ChecklistItem } from './checklist-item.entity';
import { ChecklistResult } from './inspection.enums';
import { InsurancePolicy, ItemCheck } from './self-check.entity';
import { recognisedUntil, SelfCheckService } from './self-check.service';

const checks = (ctx: Context) => new SelfCheckService(ctx.em, ctx.clock);

@InputType({ description: 'One item-library item checked at the enterprise' })
class ItemCheckInput {
  @Field(() => ID)
  templateId!: string;

  @Field(() => ChecklistResult)
  result!: ChecklistResult;

  @Field(() => LocalDateResolver)
  checkedOn!: string;

  @Field(() => String, { nullable: true })
  note?: string | null;
}

@InputType()
class RecordInsurancePolicyInput {
  @Field(() => CreditCodeScalar)
  enterprise!: string;

  @Field()
  insurer!: string;

  @Field()
  policyNumber!: string;

  @Field(() => LocalDateResolver)
  validFrom!: string;

  @Field(() => LocalDateResolver)
  validUntil!: string;

  @Field(() => DecimalScalar)
  coverYuan!: string;
}

@Resolver()
export class SelfCheckResolver {
  @Authorized(Role.ENTERPRISE)
  @Mutation(() => ItemCheck, { description: '企业自查: the enterprise checks an item of the library for its industry' })
  submitSelfCheck(@Arg('input') input: ItemCheckInput, @Ctx() ctx: Context) {
    return checks(ctx).submitSelfCheck(ctx.viewer, input);
  }

  @Authorized(Role.REGULATOR)
  @Mutation(() => InsurancePolicy, { description: "Records an enterprise's safety-liability insurance policy" })
  recordInsurancePolicy(@Arg('input') input: RecordInsurancePolicyInput, @Ctx() ctx: Context) {
    return checks(ctx).recordPolicy(ctx.viewer, input);
  }

  @Authorized(Role.REGULATOR)
  @Mutation(() => ItemCheck, { description: "Records an insurer's safety check under a policy in force that day" })
  recordInsurerCheck(@Arg('policyId', () => ID) policyId: string, @Arg('input') input: ItemCheckInput, @Ctx() ctx: Context) {
    return checks(ctx).recordInsurerCheck(ctx.viewer, policyId, input);
  }

  @Authorized(Role.REGULATOR)
  @Mutation(() => [ChecklistItem], { description: 'Records as COMPLIANT the unrecorded items of an inspection in progress that a compliant self-check or insurer check of the last 90 days covers' })
  recognizeChecks(@Arg('inspectionId', () => ID) inspectionId: string, @Ctx() ctx: Context) {
    return checks(ctx).recognize(ctx.viewer, inspectionId);
  }
}

@Resolver(() => ItemCheck)
export class ItemCheckResolver {
  @FieldResolver(() => LocalDateResolver, { nullable: true, description: 'A compliant check is recognised by inspections until this day (90 days); a non-compliant one never' })
  recognisedUntil(@Root() check: ItemCheck): string | null {
    return recognisedUntil(check);
  }
}

export const selfCheckResolvers = [SelfCheckResolver, ItemCheckResolver] as const;
