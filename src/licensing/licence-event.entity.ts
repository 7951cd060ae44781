import { Entity, Enum, ManyToOne, PrimaryKey, Property } from '@mikro-orm/core';
import { GraphQLJSONObject } from 'graphql-scalars';
import { Field, ID, ObjectType } from 'type-graphql';
import { Licence } from './licence.entity';
import { LicenceEventType, LicenceState } from './licensing.enums';

/**
 * One step of a licence's lifecycle. Kept for ever: the database refuses
 * UPDATE, DELETE and TRUNCATE on the table. `stateAfter` lets the state at any
 * past instant be replayed (`stateAt`), which the ledger checks use.
 */
@ObjectType({ description: 'A step of a licence lifecycle; never edited or deleted' })
@Entity({ tableName: 'licence_event' })
export class LicenceEvent {
  @Field(() => ID)
  @PrimaryKey({ type: 'bigint', autoincrement: true })
  id!: string;

  @ManyToOne(() => Licence, { deleteRule: 'restrict', index: true })
  licence!: Licence;

  @Field(() => LicenceEventType)
  @Enum({ items: () => LicenceEventType, nativeEnumName: 'licence_event_type' })
  type!: LicenceEventType;

  @Field()
  @Property({ type: 'datetime' })
  occurredAt!: Date;

  @Enum({ items: () => LicenceState, nativeEnumName: 'licence_state' })
  stateAfter!: LicenceState;

  @Field({ description: 'Who recorded it (the token subject)' })
  @Property({ type: 'text' })
  actor!: string;

  @Field(() => String, { nullable: true })
  @Property({ type: 'text', nullable: true })
  reason?: string | null;

  @Field(() => GraphQLJSONObject, { description: 'What the event changed, e.g. {"before": {...}, "after": {...}}' })
  @Property({ type: 'json', default: '{}' })
  details: Record<string, unknown> = {};
}
