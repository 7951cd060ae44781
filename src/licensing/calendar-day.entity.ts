import { Entity, PrimaryKey, Property } from '@mikro-orm/core';
import { GraphQLLocalDate } from 'graphql-scalars';
import { Field, ObjectType } from 'type-graphql';

/**
 * An exception to "Monday to Friday are working days": a public holiday on a
 * weekday (working = false) or a make-up working weekend day (调休, working =
 * true). Processing times count working days with these.
 */
@ObjectType({ description: 'A public holiday or a make-up working day' })
@Entity({ tableName: 'calendar_day' })
export class CalendarDay {
  @Field(() => GraphQLLocalDate)
  @PrimaryKey({ type: 'date' })
  date!: string;

  @Field()
  @Property({ type: 'boolean' })
  working!: boolean;

  @Field()
  @Property({ type: 'text' })
  name!: string;
}
