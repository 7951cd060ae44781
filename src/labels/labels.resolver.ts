import { Arg, Ctx, Field, ObjectType, Query, Resolver } from 'type-graphql';
import { departmentNames } from '../access/departments.service';
import type { Context } from '../graphql/context';
import { enumLabels } from './labels.service';

@ObjectType({ description: 'The Chinese label of one enum value, from the one table in src/labels/enum-labels.ts' })
class EnumLabel {
  @Field({ description: "The enum's name in this schema, e.g. MovementReason" })
  enum!: string;

  @Field()
  value!: string;

  @Field({ description: 'zh-CN label, e.g. 采购入库' })
  label!: string;
}

@Resolver()
export class LabelsResolver {
  @Query(() => [EnumLabel], { description: 'Chinese labels of enum values (public): of the named enums, or of every enum; `Department` (a scalar since departments became data) labels every department, deactivated ones too' })
  async enumLabels(@Arg('enums', () => [String], { nullable: true }) enums: string[] | null | undefined, @Ctx() ctx: Context): Promise<EnumLabel[]> {
    return enumLabels(enums, { Department: await departmentNames(ctx.em) });
  }
}

export const labelsResolvers = [LabelsResolver] as const;
