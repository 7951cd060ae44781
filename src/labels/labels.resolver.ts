import { Arg, Field, ObjectType, Query, Resolver } from 'type-graphql';
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
  @Query(() => [EnumLabel], { description: 'Chinese labels of enum values (public): of the named enums, or of every enum' })
  enumLabels(@Arg('enums', () => [String], { nullable: true }) enums?: string[] | null): EnumLabel[] {
    return enumLabels(enums);
  }
}

export const labelsResolvers = [LabelsResolver] as const;
