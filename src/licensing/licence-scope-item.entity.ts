import { Entity, ManyToOne, PrimaryKey, Property, Unique } from '@mikro-orm/core';
import { Field, ID, ObjectType } from 'type-graphql';
import { Chemical } from '../registry/chemical.entity';
import { Licence } from './licence.entity';

/** One catalogue chemical a licence permits (许可范围), from `addedAt` on: at application or by SCOPE_ADDED (新增品名). */
@ObjectType({ description: 'A catalogue chemical within a licence scope' })
@Entity({ tableName: 'licence_scope_item' })
@Unique({ properties: ['licence', 'chemical'] })
export class LicenceScopeItem {
  @Field(() => ID)
  @PrimaryKey({ type: 'bigint', autoincrement: true })
  id!: string;

  @ManyToOne(() => Licence, { deleteRule: 'restrict' })
  licence!: Licence;

  @ManyToOne(() => Chemical, { deleteRule: 'restrict', index: true })
  chemical!: Chemical;

  @Field({ description: 'Storage of the chemical is permitted (带储存)' })
  @Property({ type: 'boolean' })
  storageAllowed!: boolean;

  @Field({ description: 'In the scope from this instant: the application, or the SCOPE_ADDED event' })
  @Property({ type: 'datetime' })
  addedAt!: Date;
}
