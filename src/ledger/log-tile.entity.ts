import { Entity, PrimaryKey, Property } from '@mikro-orm/core';

/**
 * One tile of the log's Merkle tree (C2SP tlog-tiles, src/proof/tiles.ts): up
 * to 256 concatenated 32-byte hashes of tree level 8·level. A partial tile
 * only ever grows (migration transparency_log refuses any other change).
 */
@Entity({ tableName: 'log_tile' })
export class LogTile {
  @PrimaryKey({ type: 'smallint', autoincrement: false })
  level!: number;

  @PrimaryKey({ type: 'bigint', autoincrement: false, fieldName: 'idx' })
  index!: string;

  @Property({ type: 'blob' })
  hashes!: Buffer;
}
