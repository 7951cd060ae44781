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

  /**
   * The complete subtrees inside the tile, levels 1 to 7 (tileInterior): a
   * proof reads each hash it needs instead of recomputing it from up to 255.
   * Null on tiles written before it was kept (their subtrees are folded on
   * reading); fixed once the tile is full.
   */
  @Property({ type: 'blob', nullable: true })
  interior?: Buffer | null;
}
