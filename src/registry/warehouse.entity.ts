import { Entity, Enum, ManyToOne, PrimaryKey, Property, Unique } from '@mikro-orm/core';
import { Field, ID, ObjectType } from 'type-graphql';
import { DecimalScalar } from '../graphql/scalars';
import { Enterprise } from './enterprise.entity';
import { StorageType } from './registry.enums';

@ObjectType({ description: "A warehouse (or tank farm, yard) of an enterprise; its code is unique within the enterprise" })
@Entity({ tableName: 'warehouse' })
@Unique({ properties: ['enterprise', 'code'] })
export class Warehouse {
  @Field(() => ID)
  @PrimaryKey({ type: 'bigint', autoincrement: true })
  id!: string;

  @ManyToOne(() => Enterprise, { deleteRule: 'restrict' })
  enterprise!: Enterprise;

  @Field()
  @Property({ type: 'string', length: 64 })
  code!: string;

  @Field()
  @Property({ type: 'text' })
  name!: string;

  @Field()
  @Property({ type: 'text' })
  address!: string;

  @Field(() => StorageType)
  @Enum({ items: () => StorageType, nativeEnumName: 'storage_type' })
  storageType!: StorageType;

  @Field(() => DecimalScalar, { description: 'Capacity in tonnes' })
  @Property({ type: 'decimal', precision: 14, scale: 3 })
  capacityTonnes!: string;

  @Field()
  @Property({ type: 'datetime', defaultRaw: 'now()' })
  createdAt!: Date;
}
