import { Entity, Enum, PrimaryKey, Property, Unique } from '@mikro-orm/core';
import { registerEnumType } from 'type-graphql';

export enum PublicationKind {
  /** Next month's inspection targets and items, published on the 25th. */
  MONTHLY_TARGETS = 'MONTHLY_TARGETS',
}

registerEnumType(PublicationKind, { name: 'PublicationKind' });

/** A public snapshot: what the bureau published, frozen when it was published. */
@Entity({ tableName: 'publication' })
@Unique({ properties: ['kind', 'period'] })
export class Publication {
  @PrimaryKey({ type: 'bigint', autoincrement: true })
  id!: string;

  @Enum({ items: () => PublicationKind, nativeEnumName: 'publication_kind' })
  kind!: PublicationKind;

  /** YYYY-MM for monthly targets. */
  @Property({ type: 'string', length: 7 })
  period!: string;

  @Property({ type: 'jsonb' })
  content!: unknown;

  @Property({ type: 'datetime' })
  publishedAt!: Date;
}
