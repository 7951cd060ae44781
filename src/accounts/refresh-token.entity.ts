import { BigIntType, Entity, Index, PrimaryKey, Property } from '@mikro-orm/core';

/**
 * One refresh token, stored as its SHA-256. A login starts a family; each
 * refresh uses its token (usedAt) and issues the next in the family. A used
 * token presented again means it was copied: the whole family is revoked.
 */
@Entity({ tableName: 'refresh_token' })
@Index({ properties: ['family'] })
export class RefreshToken {
  @PrimaryKey({ type: 'bigint', autoincrement: true })
  id!: string;

  @Property({ type: 'text', unique: true })
  tokenHash!: string;

  @Property({ type: 'uuid' })
  family!: string;

  @Property({ type: new BigIntType('string'), index: true })
  userId!: string;

  /** The user's session epoch when the family began. */
  @Property({ type: 'integer' })
  epoch!: number;

  @Property({ type: 'datetime' })
  issuedAt!: Date;

  @Property({ type: 'datetime' })
  expiresAt!: Date;

  @Property({ type: 'datetime', nullable: true })
  usedAt?: Date | null;

  @Property({ type: 'datetime', nullable: true })
  revokedAt?: Date | null;
}
