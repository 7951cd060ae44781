import { GraphQLResolveInfo } from 'graphql';
import { Arg, Args, ArgsType, Authorized, Ctx, Field, ID, Info, InputType, Mutation, Query, Resolver } from 'type-graphql';
import { Role } from '../access/viewer';
import { ConnectionArgs, connectionType, connectionWants } from '../graphql/connection';
import type { Context } from '../graphql/context';
import { IndustryCategory } from '../registry/registry.enums';
import { ChecklistTemplate } from './checklist-template.entity';
import { Inspection } from './inspection.entity';
import { OnSitePlanService } from './on-site-plan.service';

const plans = (ctx: Context) => new OnSitePlanService(ctx.em, ctx.clock);
const ChecklistTemplateConnection = connectionType(ChecklistTemplate);

@InputType({ description: 'A template of the item library' })
class DefineChecklistTemplateInput {
  @Field(() => IndustryCategory)
  industry!: IndustryCategory;

  @Field()
  category!: string;

  @Field()
  riskTag!: string;

  @Field()
  item!: string;

  @Field({ description: 'The legal basis' })
  basis!: string;
}

@ArgsType()
class ChecklistTemplatesArgs extends ConnectionArgs {
  @Field(() => IndustryCategory, { nullable: true })
  industry?: IndustryCategory | null;

  @Field(() => [String], { nullable: true, description: 'Any of these categories' })
  categories?: string[] | null;

  @Field(() => [String], { nullable: true, description: 'Any of these risk tags' })
  riskTags?: string[] | null;
}

@Resolver()
export class OnSitePlanResolver {
  @Query(() => ChecklistTemplateConnection, { description: 'Public: the item library (检查事项库), by industry, category and risk tag, oldest first' })
  checklistTemplates(@Args() { industry, categories, riskTags, ...page }: ChecklistTemplatesArgs, @Ctx() ctx: Context, @Info() info: GraphQLResolveInfo) {
    return plans(ctx).templates({ industry, categories, riskTags }, page, connectionWants(info));
  }

  @Authorized(Role.REGULATOR)
  @Mutation(() => ChecklistTemplate)
  defineChecklistTemplate(@Arg('input') input: DefineChecklistTemplateInput, @Ctx() ctx: Context) {
    return plans(ctx).defineTemplate(ctx.viewer, input);
  }

  @Authorized(Role.REGULATOR)
  @Mutation(() => Inspection, { description: "Drafts the on-site plan of a PLANNED inspection from the item library (the enterprise's industry, these categories and risk tags)" })
  draftOnSitePlan(
    @Arg('inspectionId', () => ID) inspectionId: string,
    @Arg('categories', () => [String], { nullable: true }) categories: string[] | null,
    @Arg('riskTags', () => [String], { nullable: true }) riskTags: string[] | null,
    @Ctx() ctx: Context,
  ) {
    return plans(ctx).draft(ctx.viewer, inspectionId, { categories, riskTags });
  }

  @Authorized(Role.REGULATOR)
  @Mutation(() => Inspection, { description: 'Approves the on-site plan: the inspection may start' })
  approveOnSitePlan(@Arg('inspectionId', () => ID) inspectionId: string, @Ctx() ctx: Context) {
    return plans(ctx).approve(ctx.viewer, inspectionId);
  }
}

export const onSitePlanResolvers = [OnSitePlanResolver] as const;
