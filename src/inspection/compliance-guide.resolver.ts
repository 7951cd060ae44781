import { GraphQLResolveInfo } from 'graphql';
import { Arg, Args, ArgsType, Authorized, Ctx, Field, FieldResolver, ID, Info, InputType, Mutation, Query, Resolver, Root } from 'type-graphql';
import { Role } from '../access/viewer';
import { ConnectionArgs, connectionType, connectionWants } from '../graphql/connection';
import type { Context } from '../graphql/context';
import { CreditCodeScalar } from '../graphql/scalars';
import { IndustryCategory } from '../registry/registry.enums';
import { pageOf } from '../shared/page';
import { ChecklistTemplate } from './checklist-template.entity';
import { ComplianceGuide, ComplianceGuideItem } from './compliance-guide.entity';
import { ComplianceGuideService } from './compliance-guide.service';
import { ItemCheck } from './self-check.entity';

const guides = (ctx: Context) => new ComplianceGuideService(ctx.em, ctx.clock);
const ComplianceGuideConnection = connectionType(ComplianceGuide);
const ComplianceGuideItemConnection = connectionType(ComplianceGuideItem);

@InputType({ description: 'An item of the item library in the guide, and how to comply with it' })
class ComplianceGuideItemInput {
  @Field(() => ID, { description: "A template of the guide's industry" })
  templateId!: string;

  @Field()
  guidance!: string;
}

@InputType()
class PublishComplianceGuideInput {
  @Field(() => IndustryCategory)
  industry!: IndustryCategory;

  @Field({ description: 'e.g. 储存; a guide in force for the same industry and category is superseded' })
  category!: string;

  @Field()
  title!: string;

  @Field()
  introduction!: string;

  @Field(() => [ComplianceGuideItemInput], { description: '1 to 100, in order, each template once' })
  items!: ComplianceGuideItemInput[];
}

@ArgsType()
class ComplianceGuidesArgs extends ConnectionArgs {
  @Field(() => IndustryCategory, { nullable: true })
  industry?: IndustryCategory | null;

  @Field(() => String, { nullable: true })
  category?: string | null;

  @Field({ defaultValue: false, description: 'Withdrawn and superseded guides too' })
  includeWithdrawn!: boolean;
}

@Resolver(() => ComplianceGuide)
export class ComplianceGuideResolver {
  @Query(() => ComplianceGuideConnection, { description: 'Public: compliance guides (合规指引) in force, or every one, oldest first' })
  complianceGuides(@Args() { industry, category, includeWithdrawn, ...page }: ComplianceGuidesArgs, @Ctx() ctx: Context, @Info() info: GraphQLResolveInfo) {
    return guides(ctx).guides({ industry, category, includeWithdrawn }, page, connectionWants(info));
  }

  @Query(() => ComplianceGuide, { description: 'Public: one compliance guide' })
  complianceGuide(@Arg('id', () => ID) id: string, @Ctx() ctx: Context) {
    return guides(ctx).guide(id);
  }

  @Authorized(Role.REGULATOR)
  @Mutation(() => ComplianceGuide, { description: 'Publishes a compliance guide from the item library (DISTRICT and CITY regulators); it supersedes the one in force for its industry and category' })
  publishComplianceGuide(@Arg('input') input: PublishComplianceGuideInput, @Ctx() ctx: Context) {
    return guides(ctx).publish(ctx.viewer, input);
  }

  @Authorized(Role.REGULATOR)
  @Mutation(() => ComplianceGuide, { description: 'Withdraws a guide in force, with the reason: its items are no longer a self-check list' })
  withdrawComplianceGuide(@Arg('id', () => ID) id: string, @Arg('reason') reason: string, @Ctx() ctx: Context) {
    return guides(ctx).withdraw(ctx.viewer, id, reason);
  }

  @FieldResolver(() => ComplianceGuideItemConnection, { description: 'Its items in order: the self-check list' })
  async items(@Root() guide: ComplianceGuide, @Args() args: ConnectionArgs, @Ctx() ctx: Context) {
    return pageOf(await ctx.loaders.itemsOfGuide.load(guide.id), args);
  }
}

@Resolver(() => ComplianceGuideItem)
export class ComplianceGuideItemResolver {
  @FieldResolver(() => ChecklistTemplate, { description: 'The item of the item library: the item, its category, risk tag and legal basis' })
  async template(@Root() item: ComplianceGuideItem, @Ctx() ctx: Context) {
    return ctx.loaders.checklistTemplate.load(item.template.id);
  }

  @FieldResolver(() => ItemCheck, { nullable: true, description: "The enterprise's latest self-check of this item: an enterprise its own, a regulator the enterprise it names" })
  latestSelfCheck(@Root() item: ComplianceGuideItem, @Arg('enterprise', () => CreditCodeScalar, { nullable: true }) enterprise: string | null, @Ctx() ctx: Context) {
    return guides(ctx).latestSelfCheck(ctx.viewer, item, enterprise, {
      enterprise: (code) => ctx.loaders.enterpriseByCode.load(code),
      check: (enterpriseId, templateId) => ctx.loaders.latestSelfCheck.load(`${enterpriseId}:${templateId}`),
    });
  }
}

export const complianceGuideResolvers = [ComplianceGuideResolver, ComplianceGuideItemResolver] as const;
